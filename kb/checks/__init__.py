"""Checks over the whole loaded knowledge base, one small module each.

Each module has an ``ID``, a docstring with a passing and a failing example, and
``check(kb)`` yielding `Problem`s. Per-file schema checks are in `kb.validate`.
"""

from __future__ import annotations

from typing import Iterable

from ..model import KnowledgeBase
from ..problem import Problem
from . import duplicates, ids, quotes, references, relations

CHECKS = (ids, references, relations, quotes, duplicates)
# What every command checks before answering: cheap, and about whether answers can be trusted.
QUERY_CHECKS = (ids, references, relations)


def run_checks(kb: KnowledgeBase, checks: Iterable = CHECKS) -> list[Problem]:
    """Problems from every check, in file and line order."""
    return sorted(problem for module in checks for problem in module.check(kb))
