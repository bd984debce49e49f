"""Counts of claims by company, speaker, factory, year, status, state and declared attributes, and
sums of the quantities claims state: the shape of a knowledge base."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..model.period import of_claim, sort_date
from ..model.quantity import UNITS, effective_unit, format_amount, parse
from ..model.records import KnowledgeBase
from ..model.schema import Claim

STAT_FIELDS = ("company", "speaker", "factory", "year", "status", "state")


def _values(kb: KnowledgeBase, claim: Claim, name: str, as_of: date | None = None) -> set:
    """The values a claim counts under for a field; a claim counts once for its company and once for each
    company it concerns, under the year its period starts in, and under its state as of as_of (today)."""
    if name == "company":
        return {claim.company, *claim.concerns} - {None} or {None}
    if name == "year":
        when = of_claim(claim, kb)
        return {str(sort_date(when).year) if when else None}
    if name == "state":
        from .state import state_of

        return {state_of(kb, claim, as_of or date.today()).name}
    if name.startswith("attribute:"):
        value = claim.attributes.get(name.split(":", 1)[1])
        return {None if value is None else str(value)}
    return {getattr(claim, name)}


def claim_stats(kb: KnowledgeBase, claims: list[Claim], as_of: date | None = None) -> list[tuple[str, str, int]]:
    """(field, value, count), most frequent first within each field; 'unknown' for claims without one.
    States are as of as_of (default today). Declared attributes are counted after the built-in fields,
    as 'attribute:NAME'."""
    rows: list[tuple[str, str, int]] = []
    names = [*STAT_FIELDS, *(f"attribute:{a.name}" for a in kb.attributes)]
    for name in names:
        counter: Counter = Counter()
        for claim in claims:
            for value in _values(kb, claim, name, as_of):
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
    also: list[str] = field(default_factory=list)  # claims backing a counted one with the same amount

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


def _backing(claims: list[Claim], name: str) -> dict[str, str]:
    """claim id -> the selected claim it supports or elaborates, when both state the same amount for name."""
    stating = {c.id: c.quantities.get(name) for c in claims if c.quantities.get(name) is not None}
    found: dict[str, str] = {}
    for claim in claims:
        amount = stating.get(claim.id)
        if amount is None:
            continue
        for target in (*claim.supports, *claim.elaborates):
            if target != claim.id and _same_amount(stating.get(target), amount) and found.get(target) != claim.id:
                found[claim.id] = target
                break
    return found


def _same_amount(a, b) -> bool:
    """True when two stated amounts (a value, or the same amount in several units) mean the same."""
    if a is None or b is None:
        return False
    def bases(value) -> set:
        return {(parse(v).dimension, parse(v).base) for v in (value if isinstance(value, tuple) else (value,))}
    return bool(bases(a) & bases(b))


def quantity_sums(kb: KnowledgeBase, claims: list[Claim], name: str, by: str) -> Sums:
    """The quantity called name summed over claims, per value of the field by. Amounts add within a
    dimension (MWh and GWh together; money per currency, never converted); a claim stating the same
    amount in several currencies counts in each. Bare numbers are left out for want of a unit. A claim
    that supports or elaborates another selected claim stating the same amount is the same fact told
    twice: it is not added again, but named beside the claim it backs (`Total.also`)."""
    totals: dict[tuple[str, str], Total] = {}
    left_out: dict[str, list[str]] = {}
    backing = _backing(claims, name)
    for claim in claims:
        stated = claim.quantities.get(name)
        if stated is None or claim.id in backing:
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
                total.also.extend(other for other, backed in backing.items() if backed == claim.id)
    ordered = sorted(totals.values(), key=lambda t: (t.group == "unknown", t.group, t.dimension))
    return Sums(name, by, ordered, {g: sorted(set(ids)) for g, ids in left_out.items()})
