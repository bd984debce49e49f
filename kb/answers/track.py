"""Plan histories: each plan's chain of claims in the order they were said, how far its date moved at
each step, and how it ended.

A plan is one promise, however many claims describe it (docs/plans.md): the plan claims (planned,
considering, underway, done, cancelled) joined by `supersedes`, in either direction, with each plan
claim that elaborates or supports one of them (`plan_groups`), holding at least one promise (a
planned, considering or underway claim): a claim that reports something done or cancelled with no
promise on record is not a plan to track. A promise nothing supersedes or is superseded by, and that
joins no other, is a plan of one claim. Its steps are its claims in the order they were said (`said`,
else the source's date; claims said on the same day are one step, in id order).

Slip: how far the deadline moved, in whole calendar months, from the promise a claim replaces
(the dated plan it supersedes, directly or past undated steps) to its own period: the move of
the period's end, with the move of its start beside it when that differs ("+12m (start +6m)":
from 2024-H2 to 2025 the deadline moved a year, the earliest start half a year). An open end
("2026..") or start ("..2026-mid") leaves that half unknown. A `done` claim's slip is the end's
move from the promise it replaces to when it was done (its `when`, else the day it was said).

Outcome, from the claims nothing in the plan supersedes (its heads; a claim that joins another stands
or falls with it):

    kept on time   a head is done, by the end of the plan's first dated promise
    kept late      a head is done, after that; the slip is from that first deadline
    cancelled      a head is cancelled (and none is done)
    overdue        an open head's period ended before the as-of date (kb.answers.state's overdue)
    pending        otherwise: every open head is still in time, or has no date

A done claim that is progress toward the claim it supersedes or joins (another milestone, a smaller
amount: `kb.model.progress`) keeps nothing: it joins that claim, which stays a head (pending or
overdue by its date), and the plan lists it as progress ("hiring 1000 of 4000 jobs (h1)"). A done
closure that supersedes or joins an open plan claim of another milestone ends the plan: it counts as a
cancellation (`kb.model.progress.ends`).

Pure functions over a `KnowledgeBase`; `kb.answers.suggest` proposes the `supersedes` links a
plan's history seems to be missing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from ..model.period import Period, months_between, of_claim
from ..model.period import parse as parse_period
from ..model.progress import ends, is_progress, progress_text
from ..model.records import KnowledgeBase
from ..model.schema import Claim
from .state import OPEN_STATUSES, is_overdue
from .xref import PLAN_STATUSES

OUTCOMES = ("kept on time", "kept late", "cancelled", "pending", "overdue")


@dataclass(frozen=True, slots=True)
class Slip:
    """Months the end (deadline) and the start of a promised period moved; None where a side is open."""

    end: int | None
    start: int | None

    @property
    def text(self) -> str:
        """'+12m', '+12m (start +6m)', '-7m (start +2m)', 'start +3m' (end open)."""
        if self.end is None:
            return "" if self.start is None else f"start {self.start:+d}m"
        if self.start is None or self.start == self.end:
            return f"{self.end:+d}m"
        return f"{self.end:+d}m (start {self.start:+d}m)"


@dataclass(frozen=True, slots=True)
class Step:
    """One claim of a plan: when it was said, what it promised, and how far that moved."""

    claim: Claim
    said: str | None  # the claim's `said`, else its source's date
    period: Period | None
    slip: Slip | None = None  # against `previous`; None for the first dated promise or an undated claim
    previous: str | None = None  # the id of the promise it is compared with


@dataclass(frozen=True, slots=True)
class Plan:
    """A chain of claims about one plan, and how it ended."""

    label: str
    steps: tuple[Step, ...]
    outcome: str
    heads: tuple[str, ...]  # ids of the claims its outcome rests on (`heads_of`)
    slip: int | None  # months from the first deadline to the last one (kept: to when it was done)
    progress: tuple[str, ...] = ()  # done claims that are steps toward it, not it: 'hiring 1000 of 4000 jobs (h1)'

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(step.claim.id for step in self.steps)

    @property
    def outcome_word(self) -> str:
        """'kept late +3m', 'pending', ...: the outcome, with the slip of a plan kept late."""
        return f"{self.outcome} {self.slip:+d}m" if self.outcome == "kept late" and self.slip else self.outcome

    @property
    def outcome_text(self) -> str:
        """'kept late +3m', 'pending', 'pending; progress: hiring 1000 of 4000 jobs (h1)', ...: the outcome,
        with the slip of a plan kept late and the progress toward an open one."""
        text = self.outcome_word
        return f"{text}; progress: {', '.join(self.progress)}" if self.progress else text


def said_of(kb: KnowledgeBase, claim: Claim) -> str | None:
    """When a claim was said: its `said`, else its source's publication date."""
    return claim.said or getattr(kb.entity(claim.source), "date", None)


def _said_key(text: str | None) -> date:
    return parse_period(text).start if text else date.max


JOINS = ("elaborates", "supports")  # a plan claim naming another with one of these joins that claim's plan


def joined_to(claim, ids) -> str | None:
    """The id of the plan claim whose plan `claim` joins: the first id it elaborates, else the first it
    supports, among ids (the plan claims); None when it names none of them. One claim joins one plan."""
    return next((t for relation in JOINS for t in getattr(claim, relation) if t in ids and t != claim.id), None)


def plan_groups(claims) -> list[list]:
    """The plans among claims (each with id, status, supersedes, elaborates and supports; the plan claims of
    a knowledge base, or rows standing for them): the claims joined by `supersedes`, in either direction,
    and each claim that elaborates or supports one of them (`joined_to`), each group in id order. This is
    the one definition of a plan (docs/plans.md); `kb.answers.lookup` reads it from the index too."""
    claims = list(claims)
    parent = {c.id: c.id for c in claims}

    def root(claim_id: str) -> str:
        while parent[claim_id] != claim_id:
            parent[claim_id] = parent[parent[claim_id]]
            claim_id = parent[claim_id]
        return claim_id

    for claim in claims:
        for target in claim.supersedes:
            if target in parent:
                parent[root(target)] = root(claim.id)
    for claim in claims:
        target = joined_to(claim, parent)
        if target is not None:
            parent[root(claim.id)] = root(target)
    groups: dict[str, list] = {}
    for claim in sorted(claims, key=lambda c: c.id):
        groups.setdefault(root(claim.id), []).append(claim)
    return list(groups.values())


def progress_in(members) -> dict[str, tuple[str, ...]]:
    """done claim id -> the ids of the plan claims it is progress toward (`kb.model.progress`): those it
    supersedes, and the one it joins, of those it is progress toward, in that order."""
    by_id = {c.id: c for c in members}
    found = {}
    for claim in members:
        if claim.status != "done":
            continue
        joined = joined_to(claim, by_id)
        targets = [t for t in dict.fromkeys([*claim.supersedes, *([joined] if joined else [])])
                   if t in by_id and t != claim.id and is_progress(claim, by_id[t])]
        if targets:
            found[claim.id] = tuple(targets)
    return found


def ending_in(members) -> set[str]:
    """Ids of the done closures that end a plan claim they supersede or join (`kb.model.progress.ends`):
    the plan ends as a cancellation ends it."""
    by_id = {c.id: c for c in members}
    return {c.id for c in members if c.status == "done"
            and any(t in by_id and ends(c, by_id[t]) for t in (*c.supersedes, *c.elaborates, *c.supports))}


def heads_of(members, progress=frozenset()) -> list:
    """The claims of a plan its outcome rests on: those nothing in the plan supersedes, less those that
    join (elaborate, support) a claim that is no head itself; an elaboration stands or falls with the
    promise it elaborates. progress: (done claim id, plan claim id) pairs (`kb.model.progress`); such a
    link supersedes nothing, and the done claim (when it joins no claim otherwise) stands while one of the
    plan claims it is progress toward stands."""
    ids = {c.id for c in members}
    superseded = {t for c in members for t in c.supersedes  # a claim naming itself (kb check's error) is no link
                  if t != c.id and (c.id, t) not in progress}
    joins: dict[str, tuple[str, ...]] = {}
    for claim in members:
        joined = joined_to(claim, ids)
        if joined is not None:
            joins[claim.id] = (joined,)
    toward: dict[str, list[str]] = {}
    for source, target in sorted(progress):
        if source in ids and target in ids and source not in joins:
            toward.setdefault(source, []).append(target)
    joins.update((source, tuple(targets)) for source, targets in toward.items())
    standing: dict[str, bool] = {}

    def stands(start: str) -> bool:
        stack, on_path = [start], set()
        while stack:
            node = stack[-1]
            if node in standing:
                stack.pop()
            elif node in superseded or not joins.get(node):
                standing[node] = node not in superseded
                stack.pop()
            elif node not in on_path:  # first its targets (a cycle, which kb check reports, stands nowhere)
                on_path.add(node)
                stack.extend(t for t in joins[node] if t not in standing and t not in on_path)
            else:
                standing[node] = any(standing.get(t, False) for t in joins[node])
                on_path.discard(node)
                stack.pop()
        return standing[start]

    return [c for c in members if stands(c.id)]


def _slip(before: Period, after: Period) -> Slip:
    end = months_between(before.end, after.end) if before.end and after.end else None
    start = months_between(before.start, after.start) if before.start and after.start else None
    return Slip(end, start)


def _delivered(period: Period | None, said: str | None) -> Period | None:
    """When a done claim says the plan was done: its period, else the day (month, year) it was said."""
    return period or (parse_period(said) if said else None)


def build_plan(kb: KnowledgeBase, members: list[Claim], as_of: date) -> Plan:
    """One plan from its claims (a group of `plans`)."""
    if len(members) == 1:  # most plans: one promise, nothing to compare
        claim = members[0]
        step = Step(claim, said_of(kb, claim), of_claim(claim, kb))
        first = step.period if claim.status in OPEN_STATUSES else None
        outcome, slip = _outcome(kb, [step], first, as_of)
        if slip is None and first is not None and first.end is not None and claim.status in OPEN_STATUSES:
            slip = 0
        return Plan("", (step,), outcome, (claim.id,), slip)
    ids = {c.id for c in members}
    said = {c.id: said_of(kb, c) for c in members}
    order = sorted(members, key=lambda c: (_said_key(said[c.id]), c.id))
    periods = {c.id: of_claim(c, kb) for c in members}
    by_id = {c.id: c for c in members}

    def promise_before(claim: Claim) -> Claim | None:
        """The latest-said dated promise claim replaces (or refines, for a claim that joins another),
        looking past undated steps."""
        joined = joined_to(claim, ids)
        earlier = [t for t in claim.supersedes if t in ids and t != claim.id]  # naming itself (kb check's error) is no link
        found, seen, stack = [], set(), earlier + ([joined] if joined else [])
        while stack:
            older = by_id[stack.pop()]
            if older.id in seen:
                continue
            seen.add(older.id)
            if periods[older.id] is not None and older.status in OPEN_STATUSES:
                found.append(older)
            else:
                further = joined_to(older, ids)
                stack.extend([t for t in older.supersedes if t in ids] + ([further] if further else []))
        return max(found, key=lambda c: (_said_key(said[c.id]), c.id), default=None)

    steps = []
    for claim in order:
        period, before = periods[claim.id], promise_before(claim)
        if claim.status == "done" and before is not None:
            delivered = _delivered(period, said[claim.id])
            slip = Slip(_slip(periods[before.id], delivered).end, None) if delivered else None
        else:
            slip = _slip(periods[before.id], period) if period is not None and before is not None else None
        steps.append(Step(claim, said[claim.id], period, slip, before.id if before is not None and slip else None))
    toward = progress_in(members)
    standing = {c.id for c in heads_of(members, frozenset((s, t) for s, ts in toward.items() for t in ts))}
    heads = [s for s in steps if s.claim.id in standing]
    promises = [s for s in steps if s.period is not None and s.claim.status in OPEN_STATUSES]
    first = promises[0].period if promises else None
    outcome, slip = _outcome(kb, [s for s in heads if s.claim.id not in toward], first, as_of, ending_in(members))
    if slip is None and first is not None and first.end is not None:
        ends = [s.period.end for s in heads if s.period is not None and s.period.end is not None
                and s.claim.status in OPEN_STATUSES]
        slip = months_between(first.end, max(ends)) if ends else None
    progress = tuple(dict.fromkeys(progress_text(s.claim, by_id[t]) for s in heads for t in toward.get(s.claim.id, ())))\
        if outcome in ("pending", "overdue") else ()
    return Plan("", tuple(steps), outcome, tuple(s.claim.id for s in heads if s.claim.id not in toward), slip,
                progress)


def _outcome(kb: KnowledgeBase, heads: list[Step], first: Period | None, as_of: date,
             ending: set[str] = frozenset()) -> tuple[str, int | None]:
    """The outcome from the heads; ending: ids of done closures that end the plan (`ending_in`), which
    count as a cancellation."""
    done = [s for s in heads if s.claim.status == "done" and s.claim.id not in ending]
    if done:
        delivered = [p for p in (_delivered(s.period, s.said) for s in done) if p is not None and (p.end or p.start)]
        if first is None or first.end is None or not delivered:
            return "kept on time", None
        when = min((p.end or p.start) for p in delivered)
        months = months_between(first.end, when)
        return ("kept late", months) if when > first.end else ("kept on time", months)
    if any(s.claim.status == "cancelled" or s.claim.id in ending for s in heads):
        return "cancelled", None
    if any(is_overdue(s.claim, kb, as_of) for s in heads):
        return "overdue", None
    return "pending", None


def _label(kb: KnowledgeBase, claim: Claim) -> str:
    """A plan's name: its factory, product and milestone ('Arizona cell plant, cylindrical, mass-production'),
    else company, product and milestone, else its first claim's id."""
    parts = [kb.name(claim.factory) if claim.factory else kb.short(claim.company) if claim.company else None,
             claim.product, claim.milestone]
    return ", ".join(p for p in parts if p) if claim.factory or claim.product else claim.id


def _principal(plan: Plan) -> Claim:
    """The claim a plan is named after: its first claim that is the promise itself, not one that elaborates
    or supports another claim of the plan (a finer date for it, a detail)."""
    ids = {step.claim.id for step in plan.steps}
    return next((s.claim for s in plan.steps if joined_to(s.claim, ids) is None), plan.steps[0].claim)


def plans(kb: KnowledgeBase, as_of: date, claims: Iterable[Claim] | None = None) -> list[Plan]:
    """Every plan of kb with a claim among claims (all when None), in the order they were first
    said; each labelled by the factory and product of its first claim that is the promise itself (not
    an elaboration of it), and that claim's id when two plans would share a label."""
    pool = [c for c in kb.claims if c.status in PLAN_STATUSES]
    chosen = None if claims is None else {c.id for c in claims}
    found = [build_plan(kb, members, as_of) for members in plan_groups(pool)
             if any(c.status in OPEN_STATUSES for c in members)
             and (chosen is None or any(c.id in chosen for c in members))]
    found.sort(key=lambda p: (_said_key(p.steps[0].said), p.steps[0].claim.id))
    labels = [_label(kb, _principal(p)) for p in found]
    shared = Counter(labels)
    named = []
    for plan, label in zip(found, labels):
        principal = _principal(plan).id
        if shared[label] > 1 and label != principal:
            label = f"{label} ({principal})"
        named.append(Plan(label, plan.steps, plan.outcome, plan.heads, plan.slip, plan.progress))
    return named
