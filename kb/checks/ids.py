"""Ids are unique across the knowledge base, and a claim's id is its file's stem.

Passing: ``claims/lges/lges-ochang.yaml`` containing ``id: lges-ochang``.
Failing: the same file containing ``id: ochang``, or a second file anywhere
with ``id: lges-ochang``, or a registry entry ``- id: lges-ochang``.
"""

from __future__ import annotations

from typing import Iterator

from ..model import KnowledgeBase
from ..schema import where
from ..problem import Problem

ID = "duplicate-id"
STEM_ID = "id-stem"


def check(kb: KnowledgeBase) -> Iterator[Problem]:
    first: dict[str, object] = {}
    for record in (*kb.entities, *kb.claims):
        line, column = where(record, "id")
        if record.id in first:
            other = first[record.id]
            yield Problem(record.path, line, column, ID,
                          f"id '{record.id}' is already used at {other.path}:{other.line}; choose another id")
        else:
            first[record.id] = record
    for claim in kb.claims:
        stem = claim.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if claim.id != stem:
            line, column = where(claim, "id")
            yield Problem(claim.path, line, column, STEM_ID,
                          f"id '{claim.id}' differs from the file name '{stem}'; rename the file or change the id")
