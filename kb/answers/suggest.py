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

A link to a claim that a claim said before the newer one already supersedes goes to the plan's latest
claim said before it instead (where the history stood), so that no earlier claim stays current.

Left out: claims with no known said date (`said`, else the source's date) or no company.

Passing: `acme-az-2025` (planned, mass-production, acme-arizona, said 2023-05) and `acme-az-2026` (the
same, said 2024-06): acme-az-2026 supersedes acme-az-2025, "same company, factory and milestone
(mass-production)". Failing (no link): the same two with milestones sample-production and mass-production.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from ..model.milestones import STAGES
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
    read: bool           # the milestone was read from the claim's words (it names none)
    place: int           # where its quote is in its source's text (-1: not found, or not needed)


def _places(kb: KnowledgeBase, claims: Iterable[Claim]) -> dict[str, int]:
    """Claim id -> where its quote is in its source's archived text, for claims of one source said on one day
    (the later sentence is the later word); sources read once each, a source that cannot be read left out."""
    import re

    from ..store.files import FileProblem, read_text

    def fold(text: str) -> str:
        return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()

    texts: dict[str, str | None] = {}
    out = {}
    for claim in claims:
        if claim.source not in texts:
            source = kb.entity(claim.source)
            archive = getattr(source, "archive", None)
            try:
                texts[claim.source] = fold(read_text(kb.root / archive)) if archive and kb.root else None
            except (FileProblem, OSError):
                texts[claim.source] = None
        text = texts[claim.source]
        if text and claim.quote:
            out[claim.id] = text.find(fold(claim.quote))
    return out


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def suggest(kb: KnowledgeBase, claims: Iterable[Claim] | None = None) -> list[Suggestion]:
    """The supersedes links that seem missing among plan claims (of claims, or all), in the order of the
    plans' keys and then of when the newer claim was said."""
    from ..model.milestone_words import milestone_of

    pool = [c for c in (kb.claims if claims is None else claims) if c.status in PLAN_STATUSES]
    # Claims already in one plan (a supersedes chain, or a claim that elaborates or supports a plan claim,
    # which joins that plan: kb.answers.track.plan_groups) need no link between them.
    edges = {c.id: (*c.supersedes, *(t for r in JOINS for t in getattr(c, r)))
             for c in kb.claims if c.supersedes or any(getattr(c, r) for r in JOINS)}
    names = product_ids(kb)
    declared = {e.id: tuple(e.aliases) for e in kb.entities if kind_of(e) == "milestone"}
    said_days = {c.id: said_of(kb, c) for c in pool}
    day_counts = Counter((c.source, said_days[c.id]) for c in pool)
    places = _places(kb, [c for c in pool if day_counts[(c.source, said_days[c.id])] > 1])
    with_milestone, without = [], []
    named_sites = {(c.company, c.factory) for c in pool if c.milestone and c.factory}
    for claim in pool:
        said = said_days[claim.id]
        if not said or not claim.company:
            continue
        milestone, read = claim.milestone, False
        if not milestone and (claim.company, claim.factory) in named_sites:
            # written before claims named milestones, at a plant where newer ones do: read one from its words
            described = "capacity" in claim.quantities and not claim.when  # a plant described, as kb extract reads it
            undated = not claim.when  # what a plant will make, undated, is no step (as kb extract reads it)
            milestone = milestone_of(claim.claim or "", declared, described, undated) or milestone_of(
                claim.quote or "", declared, described, undated)
            read = milestone is not None
        if milestone:
            with_milestone.append(_Plan(claim, _said_key(said), said, claim.company, claim.factory,
                                        product_of(claim, names), milestone, read, places.get(claim.id, -1)))
        else:
            without.append(claim)
    sites = {(p.company, p.factory) for p in with_milestone if p.factory}
    whole = [c for c in without if c.status == "cancelled" and c.factory and (c.company, c.factory) in sites]
    # A claim without a milestone where other claims of the plant have one is no step of a plan kb can name.
    rest = [c for c in without if c not in whole and (c.company, c.factory) not in sites]
    stops = [(c.company, c.factory, _said_key(said_of(kb, c))) for c in whole]
    found = _by_identity(with_milestone, edges, stops) + _called_off(kb, whole, with_milestone, edges) + \
        _by_key(kb, rest, edges, names)
    found = _to_the_latest(kb, found, edges)
    steps = {p.claim.id: p.milestone for p in with_milestone}
    return sorted(found, key=lambda s: (s.newer.company or "", steps.get(s.newer.id, ""), s.newer.factory or "",
                                        _said_key(s.newer_said), s.newer.id, _said_key(s.older_said), s.older.id))


def _to_the_latest(kb: KnowledgeBase, found: list[Suggestion], edges: dict[str, tuple[str, ...]]) -> list[Suggestion]:
    """Each link's older claim, if a claim said before the newer one already supersedes it, replaced by the
    plan's latest claim said before the newer one: the history goes on from where it stood ("the review
    ended with a larger plant": the larger plant supersedes the review, not the plan the review put on
    hold). No link twice, none a chain already makes."""
    later: dict[str, list[Claim]] = {}
    for claim in kb.claims:
        for target in claim.supersedes:
            later.setdefault(target, []).append(claim)
    out, seen = [], set()
    for found_link in found:
        newer, older = found_link.newer, found_link.older
        day = _said_key(found_link.newer_said)
        head, moved = older, True
        while moved:
            moved = False
            nexts = [c for c in later.get(head.id, ()) if c.id != newer.id and said_of(kb, c)
                     and _said_key(said_of(kb, c)) < day]
            if nexts:
                head = max(nexts, key=lambda c: (_said_key(said_of(kb, c)), c.id))
                moved = head.id != older.id
        if head is not older:
            if _reaches(newer.id, head.id, edges) or _reaches(head.id, newer.id, edges):
                continue
            reason = found_link.reason.split("; the claims of this plan said last before it (")[0]
            found_link = Suggestion(newer, head, found_link.newer_said, said_of(kb, head) or "",
                                    f"{reason}; the plan's latest claim said before it ({said_of(kb, head)}), "
                                    f"which superseded {older.id}", found_link.relation)
        if (newer.id, found_link.older.id) not in seen:
            seen.add((newer.id, found_link.older.id))
            out.append(found_link)
    return out


def _agree(a: str | None, b: str | None, known: set, main: str | None = None) -> tuple[bool, bool]:
    """(whether two values of a plan's key agree, whether one was unknown): equal, or one unknown while
    the other is the only value the company's claims for the milestone give (known), or the one most of them
    give (main: a plant's own product, where one line of another product is named as such)."""
    if a == b:
        return True, False
    if a is None or b is None:
        return len(known) <= 1 or (a or b) == main, True
    return False, False


def _main(values: list) -> str | None:
    """The value most of values are (None when two lead)."""
    counts = Counter(v for v in values if v)
    ranked = counts.most_common(2)
    if not ranked or len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def _same_plan(a: _Plan, b: _Plan, factories: set, products: set, main: dict) -> bool:
    """Two claims of one company and milestone whose factories and products agree (`_agree`)."""
    return _agree(a.factory, b.factory, factories)[0] and _agree(a.product, b.product, products,
                                                                main.get(a.factory or b.factory))[0]


def _before(older: _Plan, newer: _Plan) -> bool:
    """older was said before newer: on an earlier day, or the same day in the same source, earlier in its text."""
    if older.said != newer.said:
        return older.said < newer.said
    return older.claim.source == newer.claim.source and 0 <= older.place < newer.place


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
        main = {f: _main([m.product for m in members if m.factory in (f, None)]) for f in factories | {None}}
        for newer in members:
            matches, kept = [], []
            for older in members:
                if not _before(older, newer):
                    continue
                if older.claim.status == "done":
                    kept.append(older)  # a plan kept: what came before it is closed, a new plan starts after it
                    continue
                if any(company == newer.company and factory in (newer.factory, older.factory) and
                       older.said < day < newer.said for company, factory, day in stops):
                    continue  # called off in between
                factory_ok, factory_open = _agree(newer.factory, older.factory, factories)
                if factory_open and milestone == "investment":
                    factory_ok = False  # a company's spending is not a plant's: the plant must be named
                product_ok, product_open = _agree(newer.product, older.product, products,
                                                  main.get(newer.factory or older.factory))
                if factory_ok and product_ok:
                    matches.append((older, factory_open, product_open))
            matches = [m for m in matches if not any(_before(m[0], k) and _same_plan(k, newer, factories, products,
                                                                                      main) for k in kept)]
            if not matches:
                continue
            latest = max(m[0].said for m in matches)
            last_place = {}  # the last of each source's claims said that day
            for older, _, _ in matches:
                if older.said == latest:
                    last_place[older.claim.source] = max(last_place.get(older.claim.source, -1), older.place)
            for older, factory_open, product_open in matches:
                if older.said != latest or older.place < last_place[older.claim.source] \
                        or _reaches(newer.claim.id, older.claim.id, edges) \
                        or _reaches(older.claim.id, newer.claim.id, edges):
                    continue
                found.append(Suggestion(newer.claim, older.claim, newer.said_text, older.said_text,
                                        _reason(newer, older, milestone, factory_open, product_open)))
    return found




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
        named = {i.milestone for i in items if i.company == cancel.company and i.factory == cancel.factory
                 and i.said == said and i.claim.status == "cancelled"}
        for milestone, members in sorted(plans.items()):
            if milestone in STAGES and STAGES.index(milestone) < reached or milestone in named:
                continue  # passed, or called off by name the same day (that claim closes its plan)
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
    read = [p.claim.id for p in (older, newer) if p.read]
    if read:
        open_sides.append(f"milestone read from its words ({', '.join(read)} names none)")
    if factory_open:
        open_sides.append(f"factory {newer.factory or older.factory} (the only one for it; one claim names none)")
    if product_open:
        open_sides.append(f"product {newer.product or older.product} (the plan's; one claim names none)")
    if older.said == newer.said:
        open_sides.append("said later in the same source")
    if older.claim.status == "cancelled":
        open_sides.append("taken up again after it was cancelled")
    return "; ".join([text, *open_sides]) + f"; the claims of this plan said last before it ({older.said_text})"


def _listed(words: list[str]) -> str:
    """'company and factory', 'company, factory and product' (two words or more: a reason names the company
    and what else it agrees on)."""
    return ", ".join(words[:-1]) + " and " + words[-1]


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
