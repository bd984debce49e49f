"""Every claim's state, computed from the relations among claims and a date; never written in files.

    current       none of the below
    superseded    a newer claim supersedes it, directly or through a chain
    kept          a claim with status `done` supersedes it directly: the plan came true
                  (a done claim of another milestone, or of a smaller amount, is progress toward
                  it, `kb.model.progress`: that link neither keeps nor supersedes it; a done
                  closure of an open plan ends it: superseded, not kept)
    contradicted  a claim contradicts it, and none supersedes it
    overdue       a plan still open (planned, considering, underway) whose period ended before
                  the as-of date, and that no claim supersedes or contradicts

A superseded or kept claim is no longer what is true now: `--current` leaves both out.
A state depends on the claims that supersede or contradict a claim, so the knowledge base
asked must hold them (`kb.answers.lookup.knowledge_base_for` loads them with the claims it narrows to).
Pure functions over a `KnowledgeBase`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Mapping

from ..model.period import of_claim
from ..model.progress import ends, is_progress
from ..model.records import KnowledgeBase
from ..model.schema import Claim
from .xref import DUE_STATUSES as OPEN_STATUSES
from .xref import standing_links, superseded_ids  # noqa: F401 (read here too)

STATES: dict[str, str] = {
    "current": "nothing newer supersedes or contradicts it, and it is not overdue",
    "superseded": "a newer claim supersedes it, directly or through a chain",
    "kept": "a claim with status done supersedes it: the plan came true (not a step of another milestone or amount)",
    "contradicted": "a claim contradicts it, and none supersedes it",
    "overdue": "a plan still open (planned, considering, underway) whose period has ended",
}


@dataclass(frozen=True, slots=True)
class State:
    """A claim's state; `by` names the claims that make it so (those superseding it directly, the done
    claim that kept it, or those contradicting it), `latest` the newest claims of a superseded claim's
    chain (those nothing supersedes)."""

    name: str
    by: tuple[str, ...] = ()
    latest: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """'superseded by a, b (latest c)', 'kept by d', 'overdue', 'current'."""
        if not self.by:
            return self.name
        latest = [i for i in self.latest if i not in self.by]
        return f"{self.name} by {', '.join(self.by)}" + (f" (latest {', '.join(latest)})" if latest else "")

    def data(self) -> dict[str, object]:
        """JSON-ready fields for listings and exports: state, and state_by / latest when they apply."""
        out: dict[str, object] = {"state": self.name}
        if self.by:
            out["state_by"] = list(self.by)
        if self.latest:
            out["latest"] = list(self.latest)
        return out


CURRENT = State("current")


def progress_toward(kb: KnowledgeBase, plan: Claim) -> tuple[str, ...]:
    """What the done claims superseding or elaborating plan did toward it when they are progress, not it
    done (`kb.model.progress`): 'hiring 1000 of 4000 jobs (hired-1000)', in id order."""
    from ..model.progress import progress_text

    return tuple(dict.fromkeys(progress_text(c, plan) for c in sorted(kb.claims, key=lambda c: c.id)
                               if (plan.id in c.supersedes or plan.id in c.elaborates) and is_progress(c, plan)))


def is_overdue(claim: Claim, kb: KnowledgeBase | None, as_of: date) -> bool:
    """True for an open plan whose period ended before as_of (whether or not something supersedes it)."""
    if claim.status not in OPEN_STATUSES or not claim.when:
        return False
    when = of_claim(claim, kb)
    return when is not None and when.ended_before(as_of)


@lru_cache(maxsize=4)
def states(kb: KnowledgeBase, as_of: date) -> Mapping[str, State]:
    """claim id -> its state, for every claim of kb that is not simply current (look up with
    `state_of`). Computed once per knowledge base and date."""
    direct: dict[str, list[str]] = {}
    keeping: dict[str, set[str]] = {}  # target -> the done claims that keep it (each link by its own claim)
    against: dict[str, list[str]] = {}
    by_id = kb.claims_by_id
    for claim, target in standing_links(kb):
        direct.setdefault(target, []).append(claim.id)
        if claim.status == "done" and not ends(claim, by_id.get(target)):
            keeping.setdefault(target, set()).add(claim.id)
    for claim in kb.claims:
        for target in claim.contradicts:
            against.setdefault(target, []).append(claim.id)
    found: dict[str, State] = {}
    latest = _latest(direct)
    for claim in kb.claims:
        newer = direct.get(claim.id)
        if newer:
            newer = sorted(set(newer))
            if claim.id in keeping:
                found[claim.id] = State("kept", tuple(sorted(keeping[claim.id])))
            else:
                found[claim.id] = State("superseded", tuple(newer), latest(claim.id))
        elif claim.id in against:
            found[claim.id] = State("contradicted", tuple(sorted(set(against[claim.id]))))
        elif claim.status in OPEN_STATUSES and is_overdue(claim, kb, as_of):
            found[claim.id] = State("overdue")
    return found


def state_of(kb: KnowledgeBase, claim: Claim, as_of: date) -> State:
    return states(kb, as_of).get(claim.id, CURRENT)


def _latest(direct: dict[str, list[str]]):
    """A function giving, for a claim id, the claims at the end of every supersedes chain above it
    (those nothing supersedes), each chain walked once however many claims share it. A cycle (which
    `kb check` reports) ends where it comes round."""
    memo: dict[str, tuple[str, ...]] = {}

    def heads(start: str) -> tuple[str, ...]:
        stack, on_path = [start], set()
        while stack:
            node = stack[-1]
            if node in memo:
                stack.pop()
                continue
            above = direct.get(node)
            if not above:
                memo[node] = (node,)
                stack.pop()
                continue
            waiting = [a for a in above if a not in memo and a not in on_path]
            if waiting and node not in on_path:
                on_path.add(node)
                stack.extend(waiting)
                continue
            memo[node] = tuple(sorted({h for a in above for h in memo.get(a, ()) if h != node}))
            on_path.discard(node)
            stack.pop()
        return memo[start] if direct.get(start) else ()

    return heads
