"""How claims connect: explicit relations and their inverses, and the roles entities play.

Inverses are computed here, never written in files: if A supersedes B, B is
"superseded by" A because A says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from ..model.period import of_claim
from ..model.progress import OPEN, is_progress
from ..model.records import KnowledgeBase
from ..model.schema import INVERSE_RELATIONS, RELATIONS, Claim

ROLES = ("speaker", "company", "concerns", "factory", "source")
ROLE_LABELS = {"speaker": "speaker", "company": "company", "concerns": "concerned company",
               "factory": "factory", "source": "source"}


@dataclass(frozen=True)
class Link:
    """One relation seen from a claim: 'supersedes' outgoing, 'superseded by' incoming."""

    relation: str
    label: str
    other: str


@lru_cache(maxsize=4)
def incoming_index(kb: KnowledgeBase) -> dict[str, list[tuple[str, str]]]:
    """target id -> [(relation, source claim id)], built once per knowledge base."""
    index: dict[str, list[tuple[str, str]]] = {}
    for claim in kb.claims:
        for relation in RELATIONS:
            for target in getattr(claim, relation):
                index.setdefault(target, []).append((relation, claim.id))
    return index


def links(kb: KnowledgeBase, claim: Claim) -> list[Link]:
    """Outgoing relations as written, then incoming ones as their inverses."""
    out = [Link(r, r, t) for r in RELATIONS for t in getattr(claim, r)]
    out += [Link(r, INVERSE_RELATIONS[r], s) for r, s in incoming_index(kb).get(claim.id, [])]
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


def neighbours(kb: KnowledgeBase, claim: Claim) -> dict[str, list[Claim]]:
    """Claims that share a factory, a company and product, or a speaker with claim (not claim itself)."""
    def same(test) -> list[Claim]:
        return [c for c in kb.claims if c.id != claim.id and test(c)]

    found = {
        "same factory": same(lambda c: claim.factory is not None and c.factory == claim.factory),
        "same company and product": same(lambda c: claim.company is not None and claim.product is not None
                                         and c.company == claim.company and c.product == claim.product),
        "same speaker": same(lambda c: c.speaker == claim.speaker),
    }
    return {kind: claims for kind, claims in found.items() if claims}


def standing_links(kb: KnowledgeBase):
    """(newer, older id) for each supersedes link of kb that stands: all but those of a done claim that is
    progress toward the claim it names (`kb.model.progress`), which neither keep nor supersede it. Each
    link is judged by the claim that makes it (of two claims with one id, each by its own fields) and the
    claim it names as `KnowledgeBase.claims_by_id` finds it (the last of an id)."""
    by_id = kb.claims_by_id
    for claim in kb.claims:
        for target in claim.supersedes:
            if claim.status != "done" or not is_progress(claim, by_id.get(target)):
                yield claim, target


def superseded_ids(kb: KnowledgeBase) -> set[str]:
    """Ids that some claim of kb supersedes (superseded or kept): what `--current` leaves out."""
    return {target for _, target in standing_links(kb)}


PLAN_STATUSES = ("planned", "considering", "underway", "done", "cancelled")


@dataclass(frozen=True)
class Conflict:
    """Two claims that disagree, and in what."""

    first: Claim
    second: Claim
    reason: str  # 'contradicts' or 'differs'
    differences: tuple[str, ...]


def conflicts(kb: KnowledgeBase, claims: list[Claim] | None = None) -> list[Conflict]:
    """Explicit contradictions, and plans for the same company, product and factory that differ in when
    (periods that do not overlap: 2026-end lies inside 2026) or status, neither of them superseded (an
    out-of-date plan does not disagree with the news), and with no relation between them (a claim that
    elaborates, supports or is related to another, or two that elaborate the same one, say how they fit
    together). Statements and opinions differ without conflicting. With claims given, the conflicts that
    involve at least one of them (the other may be any claim)."""
    pool = kb.claims if claims is None else claims
    chosen = {c.id for c in pool}
    superseded = superseded_ids(kb)  # in a chain, all but the newest; not a plan a done claim is progress toward
    found: dict[tuple[str, str], Conflict] = {}
    for claim in pool:
        for target in claim.contradicts:
            other = kb.claims_by_id.get(target)
            if other is None:
                continue
            a, b = sorted((claim, other), key=lambda c: c.id)
            found[(a.id, b.id)] = Conflict(a, b, "contradicts", _differences(a, b, kb))
    groups: dict[tuple, list[Claim]] = {}
    for claim in kb.claims:  # a chosen plan conflicts with any other plan, chosen or not
        if claim.company and claim.product and claim.status in PLAN_STATUSES:
            groups.setdefault((claim.company, claim.product.casefold(), claim.factory), []).append(claim)
    for members in groups.values():
        members.sort(key=lambda c: c.id)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if (a.id, b.id) in found or a.id in superseded or b.id in superseded or _related(a, b):
                    continue
                differences = _differences(a, b, kb)
                if differences:
                    found[(a.id, b.id)] = Conflict(a, b, "differs", differences)
    return [found[key] for key in sorted(found) if key[0] in chosen or key[1] in chosen]


def _related(a: Claim, b: Claim) -> bool:
    """True when either claim names the other in any relation, or both add detail to the same claim."""
    return any(b.id in getattr(a, r) or a.id in getattr(b, r) for r in RELATIONS) \
        or not set(a.elaborates).isdisjoint(b.elaborates)


def _differences(a: Claim, b: Claim, kb: KnowledgeBase | None = None) -> tuple[str, ...]:
    out = []
    if a.when is not None and b.when is not None and not of_claim(a, kb).overlaps(of_claim(b, kb)):
        out.append(f"when {a.when} vs {b.when}")
    if a.status != b.status:
        out.append(f"status {a.status} vs {b.status}")
    return tuple(out)


DUE_STATUSES = OPEN  # plans still open (kb.model.progress.OPEN; kb due, in SQL: kb/commands/plans.py)
