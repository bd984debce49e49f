"""Selecting claims: the filters behind `kb list` and every listing command.

Pure functions over a loaded `KnowledgeBase`; a name the knowledge base does not
know is a `QueryError` with a suggestion, not an empty result, so that a typo
never looks like "no claims".
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from .model import KnowledgeBase, kind_of
from .schema import STATUSES, Claim


class QueryError(Exception):
    """The query cannot be answered as asked (unknown name, ambiguous id)."""


@dataclass(frozen=True)
class YearRange:
    low: int | None
    high: int | None

    def __contains__(self, year: object) -> bool:
        if not isinstance(year, int):
            return False
        return (self.low is None or year >= self.low) and (self.high is None or year <= self.high)

    def __str__(self) -> str:
        if self.low == self.high:
            return str(self.low)
        return f"{self.low or ''}..{self.high or ''}"


def parse_year_range(text: str) -> YearRange:
    """'2024', '2023..2025', '2023..' or '..2025'; ValueError otherwise."""
    match = re.fullmatch(r"\s*(\d{4})?\s*(\.\.)?\s*(\d{4})?\s*", text)
    if not match or not (match.group(1) or match.group(3)) or (match.group(3) and not match.group(2)):
        raise ValueError(f"'{text}' is not a year or range; use 2024, 2023..2025, 2023.. or ..2025")
    low = int(match.group(1)) if match.group(1) else None
    high = int(match.group(3)) if match.group(3) else (low if not match.group(2) else None)
    if low is not None and high is not None and low > high:
        raise ValueError(f"'{text}' runs backwards; write the earlier year first")
    return YearRange(low, high)


@dataclass(frozen=True)
class Filters:
    """What `kb list` was asked for. Values within one field are ORed; fields are ANDed."""

    company: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()
    factory: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    year: tuple[YearRange, ...] = ()
    status: tuple[str, ...] = ()
    product: tuple[str, ...] = ()
    tag: tuple[str, ...] = ()
    text: tuple[str, ...] = ()


def entity_names(entity: object) -> list[str]:
    """Every name an entity answers to: id, name or title, aliases."""
    names = [entity.id, getattr(entity, "name", None) or getattr(entity, "title", None)]
    names.extend(getattr(entity, "aliases", ()))
    return [n for n in names if n]


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
    if filters.year:
        ranges = filters.year
        tests.append(lambda c: any(c.year in r for r in ranges))
    if filters.status:
        unknown = [s for s in filters.status if s not in STATUSES]
        if unknown:
            raise QueryError(f"unknown status '{unknown[0]}'; use one of: {', '.join(STATUSES)}")
        statuses = set(filters.status)
        tests.append(lambda c: c.status in statuses)
    if filters.product:
        products = {p.casefold() for p in filters.product}
        tests.append(lambda c: (c.product or "").casefold() in products)
    if filters.tag:
        tags = {t.casefold() for t in filters.tag}
        tests.append(lambda c: not tags.isdisjoint(t.casefold() for t in c.tags))
    if filters.text:
        needles = [t.casefold() for t in filters.text]
        tests.append(lambda c: any(n in c.claim.casefold() or n in c.quote.casefold() for n in needles))
    return lambda claim: all(test(claim) for test in tests)


SORT_KEYS = ("id", "year", "said", "status", "company", "speaker", "factory", "source")


def sort_claims(claims: Iterable[Claim], key: str = "id", reverse: bool = False) -> list[Claim]:
    """Sorted by key then id; claims missing the key come last either way."""
    if key not in SORT_KEYS:
        raise QueryError(f"cannot sort by '{key}'; use one of: {', '.join(SORT_KEYS)}")
    claims = list(claims)
    present = [c for c in claims if getattr(c, key) is not None]
    missing = [c for c in claims if getattr(c, key) is None]
    present.sort(key=lambda c: (str(getattr(c, key)) if key != "year" else getattr(c, key), c.id), reverse=reverse)
    missing.sort(key=lambda c: c.id)
    return present + missing


def select(kb: KnowledgeBase, filters: Filters, sort: str = "id", reverse: bool = False,
           limit: int | None = None) -> list[Claim]:
    """The claims that pass every filter, sorted, at most limit of them."""
    keep = compile_filters(kb, filters)
    chosen = sort_claims((c for c in kb.claims if keep(c)), sort, reverse)
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
