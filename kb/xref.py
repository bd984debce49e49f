"""How claims connect: explicit relations and their inverses, and the roles entities play.

Inverses are computed here, never written in files: if A supersedes B, B is
"superseded by" A because A says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from .model import KnowledgeBase
from .schema import INVERSE_RELATIONS, RELATIONS, Claim

ROLES = ("speaker", "company", "concerns", "factory", "source")
ROLE_LABELS = {"speaker": "speaker", "company": "company", "concerns": "concerned company",
               "factory": "factory", "source": "source"}


@dataclass(frozen=True)
class Link:
    """One relation seen from a claim: 'supersedes' outgoing, 'superseded by' incoming."""

    relation: str
    label: str
    outgoing: bool
    other: str


def incoming_index(kb: KnowledgeBase) -> dict[str, list[tuple[str, str]]]:
    """target id -> [(relation, source claim id)], built once per knowledge base."""
    return _incoming(kb)


@lru_cache(maxsize=4)
def _incoming(kb: KnowledgeBase) -> dict[str, list[tuple[str, str]]]:
    index: dict[str, list[tuple[str, str]]] = {}
    for claim in kb.claims:
        for relation in RELATIONS:
            for target in getattr(claim, relation):
                index.setdefault(target, []).append((relation, claim.id))
    return index


def links(kb: KnowledgeBase, claim: Claim) -> list[Link]:
    """Outgoing relations as written, then incoming ones as their inverses."""
    out = [Link(r, r, True, t) for r in RELATIONS for t in getattr(claim, r)]
    out += [Link(r, INVERSE_RELATIONS[r], False, s) for r, s in incoming_index(kb).get(claim.id, [])]
    return out


def roles(claim: Claim) -> Iterator[tuple[str, str]]:
    """(role, entity id) for every entity a claim names."""
    for role in ROLES:
        value = getattr(claim, role)
        for entity_id in (value if isinstance(value, tuple) else (value,)):
            if entity_id:
                yield role, entity_id


def claims_touching(kb: KnowledgeBase, entity_id: str) -> dict[str, list[Claim]]:
    """role -> claims in which the entity plays that role, roles in a fixed order."""
    found: dict[str, list[Claim]] = {}
    for claim in kb.claims:
        for role, other in roles(claim):
            if other == entity_id:
                found.setdefault(role, []).append(claim)
    return {role: found[role] for role in ROLES if role in found}
