"""Checks over the whole knowledge base, one small module each.

Each module has an ``ID``, a docstring with a passing and a failing example, and
``check(index, scope=None)`` yielding `Problem`s. They read the index (`kb.store.index`) with SQL
rather than every record in memory, so that checking 100,000 claims stays fast
and small. Per-file schema checks are in `kb.model.validate`.

Each check's problems are kept in the index and brought up to date after an edit by one rule
(`recheck`), the same for every check, from what the module declares:

    READS        the kinds of record its verdict depends on (`kb.checks.base`: claim, company,
                 person, factory, source, attribute); when none of them changed, its problems
                 stand. A module that declares nothing is run again after any change.
    update       optional: its problems after a change, from those before and what changed (a
                 `Scope`), looking again only where the change can matter; None to run it all.
                 Without it, a check whose reads changed is run again in full.
    fingerprint  optional: what it reads outside the index (archived texts); when that moves,
                 the check is run again in full.

So the problems after any edit are those a run from scratch finds, whatever the check
(tests/test_differential.py holds it to that).
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
    milestones,
    partial_kept,
    quotes,
    references,
    relations,
)
from .base import Place, Scope, in_scope

if TYPE_CHECKING:
    from ..store.index import Index

CHECKS = (ids, references, relations, quotes, duplicates, attributes, external, aliases, milestones,
          partial_kept)
# What every command checks before answering: cheap, and about whether answers can be trusted.
QUERY_CHECKS = (ids, references, relations)

MAX_SCOPE = 2000  # beyond this many changed files or ids, checking everything is as quick

__all__ = ["CHECKS", "QUERY_CHECKS", "MAX_SCOPE", "Place", "Scope", "in_scope", "kept_problems", "recheck",
           "result_name", "run_checks"]


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


def recheck(index: "Index", module, old: list[Problem], scope: Scope) -> list[Problem] | None:
    """One check's problems after a change (scope), from its problems before; None when it must run in
    full. The same rule for every check: see this module's docstring."""
    reads = getattr(module, "READS", None)
    if reads is not None and reads.isdisjoint(scope.kinds):
        return old  # nothing it reads changed
    update = getattr(module, "update", None)
    if update is None or len(scope.paths) > MAX_SCOPE or len(scope.ids) > MAX_SCOPE:
        return None
    found = update(index, old, scope)
    return None if found is None else sorted(found)


def result_name(module) -> str:
    """The name a check's kept problems go by in the index: 'check:ids', ..."""
    return "check:" + module.__name__.rsplit(".", 1)[-1]


def kept_problems(index: "Index", checks: Iterable = CHECKS, progress=None) -> list[Problem]:
    """The problems of these checks, each check's kept in the index from one run to the next and brought
    up to date after edits (`recheck`), or found again in full; progress(done, total), when given, hears
    how many of the checks run in full are done."""
    checks = list(checks)
    wanted, ran = [], []
    for module in checks:
        fingerprint = module.fingerprint(index) if hasattr(module, "fingerprint") else ""

        def compute(module=module) -> list[Problem]:
            found = sorted(module.check(index))
            ran.append(module)
            if progress is not None:
                progress(len(ran), len(checks))
            return found

        def update(old, paths, changed_ids, kinds, module=module) -> list[Problem] | None:
            return recheck(index, module, old, Scope(frozenset(paths), frozenset(changed_ids), frozenset(kinds)))

        wanted.append((result_name(module), fingerprint, compute, update))
    return sorted(problem for problems in index.cached_results(wanted) for problem in problems)
