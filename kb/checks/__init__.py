"""Checks over the whole knowledge base, one small module each.

Each module has an ``ID``, a docstring with a passing and a failing example, and
``check(index)`` yielding `Problem`s. They read the index (`kb.store.index`) with SQL
rather than every record in memory, so that checking 100,000 claims stays fast
and small. Per-file schema checks are in `kb.model.validate`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..model.problem import Problem
from . import (
    aliases,
    attributes,
    duplicates,
    external,
    ids,
    quotes,
    references,
    relations,
)
from .base import Place, Scope, in_scope

if TYPE_CHECKING:
    from ..store.index import Index

CHECKS = (ids, references, relations, quotes, duplicates, attributes, external, aliases)
# What every command checks before answering: cheap, and about whether answers can be trusted.
QUERY_CHECKS = (ids, references, relations)


def run_checks(index: "Index", checks: Iterable = CHECKS, scope: Scope | None = None,
               progress=None) -> list[Problem]:
    """Problems from every check (or, with a scope, those an edit there can have changed), in order;
    progress(done, total), when given, hears how many of the checks have run."""
    checks = list(checks)
    found = []
    for done, module in enumerate(checks, 1):
        found.extend(module.check(index, scope))
        if progress is not None:
            progress(done, len(checks))
    return sorted(found)


MAX_SCOPE = 2000  # beyond this many changed files or ids, checking everything is as quick
# Missing targets found before are looked at again after any edit (a new id can change their "did you mean"),
# but cheaply: their suggestions are kept in the index while the ids stay the same. Up to this many (SQLite
# takes 32,766 values in a query).
MAX_DANGLING = 20000


def update_query_problems(index: "Index", old: list[Problem], paths: set[str],
                          changed_ids: set[str]) -> list[Problem] | None:
    """The QUERY_CHECKS problems after an edit, from those before it: old problems the edit cannot
    touch are kept; the rest are found again. None when the edit is too large to be worth it.

    Each check that takes a scope finds again every problem in the changed files and every
    problem whose subject (a duplicated id, a missing target) is among the changed ids; cycles
    are always found again. Old missing-target problems are rechecked too, since a new id
    can change their "did you mean".
    """
    dangling = {p.subject for p in old if p.rule == references.ID}
    if len(paths) > MAX_SCOPE or len(changed_ids) > MAX_SCOPE or len(dangling) > MAX_DANGLING:
        return None
    subjects = set(changed_ids) | dangling
    scope = Scope(frozenset(paths), frozenset(subjects))

    def affected(problem: Problem) -> bool:
        return (problem.path in scope.paths or problem.rule == relations.CYCLE_ID
                or (problem.rule in (ids.ID, references.ID) and problem.subject in scope.ids))

    return sorted([p for p in old if not affected(p)] + run_checks(index, QUERY_CHECKS, scope))


def update_all_problems(index: "Index", old: list[Problem], paths: set[str],
                        changed_ids: set[str]) -> list[Problem] | None:
    """Every check's problems after an edit, from those before it (see `update_query_problems`):
    near-duplicates are looked for again among the changed speakers' claims only; quotes are
    checked again (archives are few). None when the edit is too large to be worth it."""
    later = (quotes.ID, quotes.ARCHIVE_ID, duplicates.ID)
    query = update_query_problems(index, [p for p in old if p.rule not in later], paths, changed_ids)
    if query is None:
        return None
    near = duplicates.update(index, [p for p in old if p.rule == duplicates.ID], paths)
    return sorted(query + list(quotes.check(index)) + near)
