"""Checks over the whole knowledge base, one small module each.

Each module has an ``ID``, a docstring with a passing and a failing example, and
``check(index)`` yielding `Problem`s. They read the index (`kb.index`) with SQL
rather than every record in memory, so that checking 100,000 claims stays fast
and small. Per-file schema checks are in `kb.validate`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, NamedTuple

from ..problem import Problem
from . import duplicates, ids, quotes, references, relations

if TYPE_CHECKING:
    from ..index import Index

CHECKS = (ids, references, relations, quotes, duplicates)
# What every command checks before answering: cheap, and about whether answers can be trusted.
QUERY_CHECKS = (ids, references, relations)


class Place(NamedTuple):
    """Enough of a record to say where one of its fields is (see `kb.schema.where`)."""

    line: int
    positions: str


def run_checks(index: "Index", checks: Iterable = CHECKS) -> list[Problem]:
    """Problems from every check, in file and line order."""
    return sorted(problem for module in checks for problem in module.check(index))
