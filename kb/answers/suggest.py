"""The `supersedes` links a plan's history seems to miss (`kb track --suggest`), each with its reason.

A plan is named by its identity: the company, the site (a factory: the extractor already reads a
city, a state or the plant's own name as the factory's id), the product (an id of
`claims/registry/products.yaml`, or any of its names and aliases, in any case) and the milestone.
Two plan claims are about the same plan when their companies and milestones are the same and their
factories and products agree: the same, or one of the two unknown when nothing else the company
plans for that milestone could be meant (no other factory, no other product); an investment's
factory must be named on both (a company's spending is not a plant's).

Each plan claim then supersedes the claims of the same plan said last before it (the latest earlier
date on which any was said), unless a chain of `supersedes` already joins them either way, or the
older one is done (a plan kept is not replaced; a new one starts). A cancelled plan can be taken up
again: the newer claim supersedes it.

A cancelled claim that names a factory but no milestone ("scrapped its plan to build the
gigafactory") calls off everything promised there: it supersedes, in each plan of that company and
factory whose claims said last before it promise a date or report work under way, those claims,
unless that plan is already done or cancelled.

The plan's next claim after such a cancellation, in each milestone, takes the plan up again: it
supersedes the cancellation (and no link crosses it).

Other claims without a milestone (written before plans carried one), at plants where no claim
names one, are linked as before: among claims
of the same company, factory and product (at least one of factory and product known), each said
at the next later time than another supersedes it, unless one is done or cancelled.

Left out: claims with no known said date (`said`, else the source's date) or no company.

Passing: `acme-az-2025` (planned, mass-production, acme-arizona, said 2023-05) and `acme-az-2026` (the
same, said 2024-06): acme-az-2026 supersedes acme-az-2025, "same company, factory and milestone
(mass-production)". Failing (no link): the same two with milestones sample-production and mass-production.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from ..model.records import KnowledgeBase, kind_of
from ..model.schema import Claim
from .track import JOINS, _said_key, said_of
from .xref import PLAN_STATUSES


@dataclass(frozen=True)
class Suggestion:
    """A `supersedes` link a plan's history seems to miss: newer supersedes older, and why."""

    newer: Claim
    older: Claim
    newer_said: str
    older_said: str
    reason: str = ""
    relation: str = "supersedes"


def _reaches(start: str, goal: str, edges: dict[str, tuple[str, ...]]) -> bool:
    seen, stack = set(), [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(edges.get(node, ()))
    return False


def product_ids(kb: KnowledgeBase) -> dict[str, str]:
    """Every name of a registry product (id, name, aliases; in any case) -> its id."""
    out: dict[str, str] = {}
    for entity in kb.entities:
        if kind_of(entity) == "product":
            for name in (entity.id, entity.name, *entity.aliases):
                out.setdefault(name.casefold(), entity.id)
    return out


def product_of(claim: Claim, names: dict[str, str]) -> str | None:
    """The claim's product as one key: a registry product's id, else the text in any case."""
    if not claim.product:
        return None
    text = claim.product.casefold()
    return names.get(text, text)


@dataclass(frozen=True)
class _Plan:
    claim: Claim
    said: date
    said_text: str
    company: str
    factory: str | None
    product: str | None
    milestone: str


def suggest(kb: KnowledgeBase, claims: Iterable[Claim] | None = None) -> list[Suggestion]:
    """The supersedes links that seem missing among plan claims (of claims, or all), in the order of the
    plans' keys and then of when the newer claim was said."""
    pool = [c for c in (kb.claims if claims is None else claims) if c.status in PLAN_STATUSES]
    # Claims already in one plan (a supersedes chain, or a claim that elaborates or supports a plan claim,
    # which joins that plan: kb.answers.track.plan_groups) need no link between them.
    edges = {c.id: (*c.supersedes, *(t for r in JOINS for t in getattr(c, r)))
             for c in kb.claims if c.supersedes or any(getattr(c, r) for r in JOINS)}
    names = product_ids(kb)
    with_milestone, without = [], []
    for claim in pool:
        said = said_of(kb, claim)
        if not said or not claim.company:
            continue
        if claim.milestone:
            with_milestone.append(_Plan(claim, _said_key(said), said, claim.company, claim.factory,
                                        product_of(claim, names), claim.milestone))
        else:
            without.append(claim)
    sites = {(p.company, p.factory) for p in with_milestone if p.factory}
    whole = [c for c in without if c.status == "cancelled" and c.factory and (c.company, c.factory) in sites]
    # A claim without a milestone where other claims of the plant have one is no step of a plan kb can name.
    rest = [c for c in without if c not in whole and (c.company, c.factory) not in sites]
    stops = [(c.company, c.factory, _said_key(said_of(kb, c))) for c in whole]
    found = _by_identity(with_milestone, edges, stops) + _called_off(kb, whole, with_milestone, edges) + \
        _by_key(kb, rest, edges, names)
    return sorted(found, key=lambda s: (s.newer.company or "", s.newer.milestone or "", s.newer.factory or "",
                                        _said_key(s.newer_said), s.newer.id, _said_key(s.older_said), s.older.id))


def _agree(a: str | None, b: str | None, known: set) -> tuple[bool, bool]:
    """(whether two values of a plan's key agree, whether one was unknown): equal, or one unknown while
    the other is the only value the company's claims for the milestone give (known)."""
    if a == b:
        return True, False
    if a is None or b is None:
        return len(known) <= 1, True
    return False, False


def _by_identity(items: list[_Plan], edges: dict[str, tuple[str, ...]],
                 stops: list[tuple[str, str, date]] = ()) -> list[Suggestion]:
    """Links within each plan; stops: (company, factory, day) of cancellations of a whole plant, which no link
    crosses (the plan's next claim supersedes the cancellation instead)."""
    groups: dict[tuple[str, str], list[_Plan]] = {}
    for item in items:
        groups.setdefault((item.company, item.milestone), []).append(item)
    found = []
    for (_, milestone), members in groups.items():
        factories = {m.factory for m in members if m.factory}
        products = {m.product for m in members if m.product}
        for newer in members:
            matches = []
            for older in members:
                if older.said >= newer.said or older.claim.status == "done":
                    continue
                if any(company == newer.company and factory in (newer.factory, older.factory) and
                       older.said < day < newer.said for company, factory, day in stops):
                    continue  # called off in between
                factory_ok, factory_open = _agree(newer.factory, older.factory, factories)
                if factory_open and milestone == "investment":
                    factory_ok = False  # a company's spending is not a plant's: the plant must be named
                product_ok, product_open = _agree(newer.product, older.product, products)
                if factory_ok and product_ok:
                    matches.append((older, factory_open, product_open))
            if not matches:
                continue
            latest = max(m[0].said for m in matches)
            for older, factory_open, product_open in matches:
                if older.said != latest or _reaches(newer.claim.id, older.claim.id, edges) \
                        or _reaches(older.claim.id, newer.claim.id, edges):
                    continue
                found.append(Suggestion(newer.claim, older.claim, newer.said_text, older.said_text,
                                        _reason(newer, older, milestone, factory_open, product_open)))
    return found


# The order a plant's steps come in: a step under way or done means the ones before it were passed.
STAGES = ("groundbreaking", "construction-start", "construction-complete", "equipment-installation",
          "trial-production", "sample-production", "mass-production", "full-production")


def _called_off(kb: KnowledgeBase, cancels: list[Claim], items: list[_Plan],
                edges: dict[str, tuple[str, ...]]) -> list[Suggestion]:
    """A plant's whole plan called off: each of its plans' claims said last before the cancellation (not
    the steps that a step under way or done shows were passed: construction under way has started)."""
    found = []
    for cancel in cancels:
        said_text = said_of(kb, cancel)
        said = _said_key(said_text)
        plans: dict[str, list[_Plan]] = {}
        for item in items:
            if item.company == cancel.company and item.factory == cancel.factory and item.said < said:
                plans.setdefault(item.milestone, []).append(item)
        reached = max((STAGES.index(i.milestone) for m in plans.values() for i in m
                       if i.milestone in STAGES and i.claim.status in ("underway", "done")), default=-1)
        for milestone, members in sorted(plans.items()):
            if milestone in STAGES and STAGES.index(milestone) < reached:
                continue
            latest = max(m.said for m in members)
            last = [m for m in members if m.said == latest]
            if any(m.claim.status in ("done", "cancelled") for m in last) or not any(
                    m.claim.when or m.claim.status == "underway" for m in last):
                continue
            for older in last:
                if _reaches(cancel.id, older.claim.id, edges) or _reaches(older.claim.id, cancel.id, edges):
                    continue
                found.append(Suggestion(cancel, older.claim, said_text, older.said_text,
                                        f"called off: a cancellation of everything at {cancel.factory} (it names no "
                                        f"milestone), after the claims of the {milestone} plan said last before it "
                                        f"({older.said_text})"))
        after: dict[str, list[_Plan]] = {}
        for i in items:
            if i.company == cancel.company and i.factory == cancel.factory and i.said > said and \
                    i.claim.status in ("planned", "considering", "underway"):
                after.setdefault(i.milestone, []).append(i)
        for milestone, members in sorted(after.items()):
            first = min(i.said for i in members)
            for newer in (i for i in members if i.said == first):
                if _reaches(newer.claim.id, cancel.id, edges) or _reaches(cancel.id, newer.claim.id, edges):
                    continue
                found.append(Suggestion(newer.claim, cancel, newer.said_text, said_text,
                                        f"taken up again: the first claim at {cancel.factory} said after everything "
                                        f"there was called off ({said_text})"))
    return found


def _reason(newer: _Plan, older: _Plan, milestone: str, factory_open: bool, product_open: bool) -> str:
    same = ["company"]
    if newer.factory and not factory_open:
        same.append("factory")
    if newer.product and not product_open:
        same.append("product")
    text = f"same {_listed(same + ['milestone'])} ({milestone})"
    open_sides = []
    if factory_open:
        open_sides.append(f"factory {newer.factory or older.factory} (the only one for it; one claim names none)")
    if product_open:
        open_sides.append(f"product {newer.product or older.product} (the only one for it; one claim names none)")
    if older.claim.status == "cancelled":
        open_sides.append("taken up again after it was cancelled")
    return "; ".join([text, *open_sides]) + f"; the claims of this plan said last before it ({older.said_text})"


def _listed(words: list[str]) -> str:
    """'company', 'company and factory', 'company, factory and product'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _by_key(kb: KnowledgeBase, pool: list[Claim], edges: dict[str, tuple[str, ...]],
            names: dict[str, str]) -> list[Suggestion]:
    """Claims without a milestone, as `kb track --suggest` linked them before plans carried one."""
    groups: dict[tuple, dict[date, list[Claim]]] = {}
    for claim in pool:
        if not (claim.factory or claim.product):
            continue
        key = (claim.company, claim.factory, product_of(claim, names) or "")
        groups.setdefault(key, {}).setdefault(_said_key(said_of(kb, claim)), []).append(claim)
    found = []
    for key in sorted(groups, key=lambda k: tuple(str(x) for x in k)):
        steps = [sorted(groups[key][day], key=lambda c: c.id) for day in sorted(groups[key])]
        for earlier, later in zip(steps, steps[1:]):
            for newer in later:
                for older in earlier:
                    if older.status in ("done", "cancelled") or _reaches(newer.id, older.id, edges) \
                            or _reaches(older.id, newer.id, edges):
                        continue
                    same = ["company", *(w for w, v in (("factory", newer.factory), ("product", newer.product))
                                         if v)]
                    found.append(Suggestion(newer, older, said_of(kb, newer), said_of(kb, older),
                                            f"same {_listed(same)}, said next (neither names a milestone)"))
    return found
