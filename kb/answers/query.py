"""Selecting claims: the filters behind `kb list` and every listing command.

Pure functions over a loaded `KnowledgeBase`; a name the knowledge base does not
know is a `QueryError` with a suggestion, not an empty result, so that a typo
never looks like "no claims".
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from ..model import period
from ..model.period import Period
from ..model.records import KnowledgeBase, entity_names, kind_of
from ..model.schema import STATUSES, Claim


class QueryError(Exception):
    """The query cannot be answered as asked (unknown name, ambiguous id)."""


def parse_year_range(text: str) -> Period:
    """'2024', '2023..2025', '2023..' or '..2025' as a period; ValueError otherwise."""
    return period.years(text)


def parse_due(text: str) -> Period:
    """A `--due` period ('2026-H1', '..2025', 'FY2027'); ValueError with a hint otherwise."""
    return period.parse(period.canonical(text))


def parse_amount_filter(text: str) -> tuple[str, float, str | None]:
    """'capacity=10GWh/yr' as (name, amount in base units, dimension); ValueError otherwise."""
    from ..model.quantity import KNOWN_NAMES, UNITLESS_OK, parse_bound

    name, sep, amount = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"'{text}' is not NAME=AMOUNT, e.g. capacity=10GWh/yr")
    base, dimension = parse_bound(amount)
    name = name.strip()
    if dimension is None and name in KNOWN_NAMES and name not in UNITLESS_OK:
        example = "investment=1billionUSD" if name == "investment" else f"{name}=10GWh/yr"
        raise ValueError(f"'{text}': {name} is compared in a unit; give one, e.g. {example}")
    return name, base, dimension


def parse_pair(text: str, what: str, example: str) -> tuple[str, str | None]:
    """'NAME=VALUE' (or 'NAME' alone when VALUE may be left out) as (name, value)."""
    name, sep, value = text.partition("=")
    if not name.strip() or (sep and not value.strip()):
        raise ValueError(f"'{text}' is not {what}, e.g. {example}")
    return name.strip(), value.strip() if sep else None


@dataclass(frozen=True)
class Filters:
    """What `kb list` was asked for. Values within one field are ORed; fields are ANDed."""

    company: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()
    factory: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    year: tuple[Period, ...] = ()  # the claim's period lies within one of these
    due: tuple[Period, ...] = ()  # the claim's period overlaps one of these
    status: tuple[str, ...] = ()
    product: tuple[str, ...] = ()
    tag: tuple[str, ...] = ()
    all_tags: tuple[str, ...] = ()  # every one of these
    text: tuple[str, ...] = ()
    minimum: tuple[tuple[str, float, str | None], ...] = ()  # (quantity name, amount, dimension)
    maximum: tuple[tuple[str, float, str | None], ...] = ()
    where: tuple[tuple[str, str], ...] = ()  # (attribute, value): ORed per attribute, ANDed across
    external: tuple[tuple[str, str | None], ...] = ()  # (system, id or None for any)
    current: bool = False  # leave out claims a newer claim supersedes (kb.answers.state)


def match_entities(kb: KnowledgeBase, kinds: Sequence[str], term: str) -> set[str]:
    """Ids of the entities of these kinds that answer to term (case-insensitive); QueryError if none."""
    wanted = term.casefold().strip()
    pool = [e for e in kb.entities if kind_of(e) in kinds]
    ids = {e.id for e in pool if any(n.casefold() == wanted for n in entity_names(e))}
    if ids:
        return ids
    all_names = sorted({n for e in pool for n in entity_names(e)})
    close = difflib.get_close_matches(term, all_names, n=3, cutoff=0.5)
    close += [n for n in all_names if wanted and wanted in n.casefold() and n not in close][:3]
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else \
        f"; `kb {_LISTING[kinds[0]]}` lists them"
    raise QueryError(f"no {' or '.join(kinds)} called '{term}'{hint}")


_LISTING = {"company": "companies", "person": "people", "factory": "factories", "source": "sources"}


def _companies_of(claim: Claim) -> set[str]:
    made = {claim.company} if claim.company else set()
    return made | {claim.speaker} | set(claim.concerns)


def product_names(entities: Iterable, terms: Iterable[str]) -> set[str]:
    """The products a --product filter means, in any case: each term, and every name of a registry
    product (claims/registry/products.yaml) that the term is the id, name or alias of ("4695" finds
    claims naming cylindrical-46, 46-series or 4695)."""
    wanted = {t.casefold() for t in terms}
    out = set(wanted)
    for entity in entities:
        if kind_of(entity) == "product":
            names = {n.casefold() for n in (entity.id, entity.name, *entity.aliases)}
            if names & wanted:
                out |= names
    return out


def compile_filters(kb: KnowledgeBase, filters: Filters) -> Callable[[Claim], bool]:
    """A predicate for the filters, with every name resolved once up front."""
    tests: list[Callable[[Claim], bool]] = []

    def resolve(terms: Iterable[str], kinds: Sequence[str]) -> set[str]:
        return set().union(*(match_entities(kb, kinds, t) for t in terms))

    if filters.company:
        ids = resolve(filters.company, ("company",))
        tests.append(lambda c: not ids.isdisjoint(_companies_of(c)))
    if filters.speaker:
        ids = resolve(filters.speaker, ("person", "company", "source"))
        tests.append(lambda c: c.speaker in ids)
    if filters.factory:
        factories = resolve(filters.factory, ("factory",))
        tests.append(lambda c: c.factory in factories)
    if filters.source:
        sources = resolve(filters.source, ("source",))
        tests.append(lambda c: c.source in sources)
    if filters.year or filters.due:
        within, overlapping = filters.year, filters.due

        def in_time(claim: Claim) -> bool:
            when = period.of_claim(claim, kb)
            return when is not None and (not within or any(when.within(y) for y in within)) \
                and (not overlapping or any(when.overlaps(d) for d in overlapping))
        tests.append(in_time)
    if filters.status:
        unknown = [s for s in filters.status if s not in STATUSES]
        if unknown:
            raise QueryError(f"unknown status '{unknown[0]}'; use one of: {', '.join(STATUSES)}")
        statuses = set(filters.status)
        tests.append(lambda c: c.status in statuses)
    if filters.product:
        products = product_names(kb.entities, filters.product)
        tests.append(lambda c: (c.product or "").casefold() in products)
    if filters.tag:
        tags = {t.casefold() for t in filters.tag}
        tests.append(lambda c: not tags.isdisjoint(t.casefold() for t in c.tags))
    if filters.all_tags:
        every = {t.casefold() for t in filters.all_tags}
        tests.append(lambda c: every <= {t.casefold() for t in c.tags})
    for name, amount, dimension in filters.minimum:
        tests.append(lambda c, n=name, a=amount, d=dimension: _amount_test(c, n, d, lambda v: v >= a))
    for name, amount, dimension in filters.maximum:
        tests.append(lambda c, n=name, a=amount, d=dimension: _amount_test(c, n, d, lambda v: v <= a))
    if filters.where:
        wanted: dict[str, set[str]] = {}
        for name, value in filters.where:
            if name not in kb.attributes_by_name:
                declared = list(kb.attributes_by_name)
                close = difflib.get_close_matches(name, declared, n=1)
                hint = f"did you mean '{close[0]}'?" if close else \
                    f"declared: {', '.join(declared)}" if declared else \
                    "this knowledge base declares none (claims/registry/attributes.yaml)"
                raise QueryError(f"no attribute '{name}' is declared; {hint}")
            wanted.setdefault(name, set()).add(value.casefold())
        tests.extend(lambda c, n=name, v=values: str(c.attributes.get(n, "")).casefold() in v
                     for name, values in wanted.items())
    if filters.external:
        systems = filters.external
        tests.append(lambda c: any(s in c.external and (v is None or c.external[s] == v) for s, v in systems))
    if filters.current:
        from .state import superseded_ids

        replaced = superseded_ids(kb)
        tests.append(lambda c: c.id not in replaced)
    if filters.text:
        needles = [t.casefold() for t in filters.text]
        tests.append(lambda c: any(n in c.claim.casefold() or n in c.quote.casefold() for n in needles))
    return lambda claim: all(test(claim) for test in tests)


def _amount_test(claim: Claim, name: str, dimension: str | None, test: Callable[[float], bool]) -> bool:
    """True when one of the amounts the claim states for name, in the filter's dimension, passes test.
    A filter without a unit compares with amounts without one (and with jobs, whose unit goes without
    saying)."""
    from ..model.quantity import UNITLESS_OK, UNITS, effective_unit, parse

    stated = claim.quantities.get(name)
    if stated is None:
        return False
    if dimension is None and name in UNITLESS_OK:
        dimension = UNITS[UNITLESS_OK[name]][0]
    for value in stated if isinstance(stated, tuple) else (stated,):
        quantity = parse(value)
        unit = effective_unit(name, quantity)
        if (UNITS[unit][0] if unit else None) == dimension and test(quantity.base):
            return True
    return False


SORT_KEYS = ("id", "when", "said", "status", "company", "speaker", "factory", "source")
SORT_ALIASES = {"year": "when"}


def sort_claims(claims: Iterable[Claim], key: str = "id", reverse: bool = False,
                kb: KnowledgeBase | None = None) -> list[Claim]:
    """Sorted by key then id; claims missing the key come last either way. Periods sort by
    where they start (by their end when only that is known: '..2027')."""
    key = SORT_ALIASES.get(key, key)
    if key not in SORT_KEYS:
        raise QueryError(f"cannot sort by '{key}'; use one of: {', '.join(SORT_KEYS)}")
    claims = list(claims)
    present = [c for c in claims if getattr(c, key) is not None]
    missing = [c for c in claims if getattr(c, key) is None]
    if key == "when":
        present.sort(key=lambda c: (period.sort_date(period.of_claim(c, kb)), c.id), reverse=reverse)
    else:
        present.sort(key=lambda c: (str(getattr(c, key)), c.id), reverse=reverse)
    missing.sort(key=lambda c: c.id)
    return present + missing


def select(kb: KnowledgeBase, filters: Filters, sort: str = "id", reverse: bool = False,
           limit: int | None = None) -> list[Claim]:
    """The claims that pass every filter, sorted, at most limit of them."""
    keep = compile_filters(kb, filters)
    chosen = sort_claims((c for c in kb.claims if keep(c)), sort, reverse, kb)
    return chosen if limit is None else chosen[:limit]


def find_record(kb: KnowledgeBase, ref: str) -> object:
    """A claim or entity by exact id, unique id prefix, or entity name; QueryError otherwise."""
    if ref in kb.claims_by_id:
        return kb.claims_by_id[ref]
    if ref in kb.entities_by_id:
        return kb.entities_by_id[ref]
    wanted = ref.casefold()
    by_name = [e for e in kb.entities if any(n.casefold() == wanted for n in entity_names(e))]
    if len(by_name) == 1:
        return by_name[0]
    candidates = sorted(i for i in (*kb.claims_by_id, *kb.entities_by_id) if i.startswith(wanted))
    if len(candidates) == 1:
        return kb.claims_by_id.get(candidates[0]) or kb.entities_by_id[candidates[0]]
    if len(candidates) > 1 or len(by_name) > 1:
        names = candidates or sorted(e.id for e in by_name)
        shown = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
        raise QueryError(f"'{ref}' is ambiguous: it could be {shown}; give more of the id")
    close = difflib.get_close_matches(ref, [*kb.claims_by_id, *kb.entities_by_id], n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `kb list --format ids` lists claim ids"
    raise QueryError(f"no claim or entity '{ref}'{hint}")
