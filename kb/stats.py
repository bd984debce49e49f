"""Counts of claims by company, speaker, factory, year, status and declared attributes, and sums of
the quantities claims state: the shape of a knowledge base."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .model import KnowledgeBase
from .period import of_claim, sort_date
from .quantity import UNITS, effective_unit, format_amount, parse
from .schema import Claim

STAT_FIELDS = ("company", "speaker", "factory", "year", "status")
SUM_BY = ("company", "speaker", "factory", "year", "status", "source", "product")


def _values(kb: KnowledgeBase, claim: Claim, name: str) -> set:
    """The values a claim counts under for a field; a claim counts once for its company and once for each
    company it concerns, and under the year its period starts in."""
    if name == "company":
        return {claim.company, *claim.concerns} - {None} or {None}
    if name == "year":
        when = of_claim(claim, kb)
        return {str(sort_date(when).year) if when else None}
    if name.startswith("attribute:"):
        value = claim.attributes.get(name.split(":", 1)[1])
        return {None if value is None else str(value)}
    return {getattr(claim, name)}


def claim_stats(kb: KnowledgeBase, claims: list[Claim]) -> list[tuple[str, str, int]]:
    """(field, value, count), most frequent first within each field; 'unknown' for claims without one.
    Declared attributes are counted after the built-in fields, as 'attribute:NAME'."""
    rows: list[tuple[str, str, int]] = []
    names = [*STAT_FIELDS, *(f"attribute:{a.name}" for a in kb.attributes)]
    for name in names:
        counter: Counter = Counter()
        for claim in claims:
            for value in _values(kb, claim, name):
                counter["unknown" if value is None else str(value)] += 1
        rows.extend((name, value, count) for value, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
    return rows


@dataclass
class Total:
    """The sum of one quantity over a group of claims, in one dimension (money: one currency)."""

    group: str
    dimension: str
    base: float = 0.0
    approximate: bool = False
    counted: list[str] = field(default_factory=list)
    units: Counter = field(default_factory=Counter)

    @property
    def text(self) -> str:
        preferred = self.units.most_common(1)[0][0] if self.units else None
        return ("about " if self.approximate else "") + format_amount(self.base, self.dimension, preferred)


@dataclass
class Sums:
    """Totals per group, and the claims stating the quantity that no total could take."""

    name: str
    by: str
    totals: list[Total]
    left_out: dict[str, list[str]]  # group -> ids of claims whose amount has no unit


def quantity_sums(kb: KnowledgeBase, claims: list[Claim], name: str, by: str) -> Sums:
    """The quantity called name summed over claims, per value of the field by. Amounts add within a
    dimension (MWh and GWh together; money per currency, never converted); a claim stating the same
    amount in several currencies counts in each. Bare numbers are left out for want of a unit."""
    totals: dict[tuple[str, str], Total] = {}
    left_out: dict[str, list[str]] = {}
    for claim in claims:
        stated = claim.quantities.get(name)
        if stated is None:
            continue
        amounts = [parse(value) for value in (stated if isinstance(stated, tuple) else (stated,))]
        for group in sorted(str(v) if v is not None else "unknown" for v in _values(kb, claim, by)):
            seen: set[str] = set()
            for quantity in amounts:
                unit = effective_unit(name, quantity)
                if unit is None:
                    left_out.setdefault(group, []).append(claim.id)
                    continue
                dimension = UNITS[unit][0]
                if dimension in seen:  # the same amount again, in another unit of its dimension
                    continue
                seen.add(dimension)
                total = totals.setdefault((group, dimension), Total(group, dimension))
                total.base += quantity.number * UNITS[unit][1]
                total.approximate |= quantity.qualifier is not None
                total.counted.append(claim.id)
                total.units[unit] += 1
    ordered = sorted(totals.values(), key=lambda t: (t.group == "unknown", t.group, t.dimension))
    return Sums(name, by, ordered, {g: sorted(set(ids)) for g, ids in left_out.items()})
