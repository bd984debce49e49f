"""Counts of claims by company, speaker, factory, year and status: the shape of a knowledge base."""

from __future__ import annotations

from collections import Counter

from .model import KnowledgeBase
from .schema import Claim

STAT_FIELDS = ("company", "speaker", "factory", "year", "status")


def claim_stats(kb: KnowledgeBase, claims: list[Claim]) -> list[tuple[str, str, int]]:
    """(field, value, count), most frequent first within each field; 'unknown' for claims without one.

    A claim counts once for its company and once for each company it concerns.
    """
    rows: list[tuple[str, str, int]] = []
    for name in STAT_FIELDS:
        counter: Counter = Counter()
        for claim in claims:
            if name == "company":
                values = {claim.company, *claim.concerns} - {None} or {None}
            else:
                values = {getattr(claim, name)}
            for value in values:
                counter["unknown" if value is None else str(value)] += 1
        rows.extend((name, value, count) for value, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
    return rows
