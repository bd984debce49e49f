"""A track record: of the plans someone announced, how many were kept on time, kept late,
cancelled, and how many are still pending or overdue (outcomes as `kb.answers.track` decides them).

Pure functions from `kb.answers.track.Plan`s to counts; each count keeps the plans it counts, so that
the claims behind every number can be listed.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from .track import OUTCOMES, Plan


@dataclass(frozen=True)
class Tally:
    """The plans with one outcome, and the median of their slips (kb.answers.track.Plan.slip) in months:
    from the first deadline to when the plan was done (kept), or to its latest deadline (pending,
    overdue); None when no plan has one."""

    outcome: str
    plans: tuple[Plan, ...]

    @property
    def count(self) -> int:
        return len(self.plans)

    @property
    def median_slip(self) -> float | None:
        slips = [p.slip for p in self.plans if p.slip is not None]
        return statistics.median(slips) if slips else None

    @property
    def claims(self) -> tuple[str, ...]:
        """The claims each plan's outcome rests on (those nothing in it supersedes), plan by plan."""
        return tuple(i for plan in self.plans for i in plan.heads)

    @property
    def progress(self) -> tuple[str, ...]:
        """Steps done toward its open plans that are not those plans done (kb.model.progress), plan by plan:
        'hiring 1000 of 4000 jobs (h1)'."""
        return tuple(text for plan in self.plans for text in plan.progress)


KNOWN = ("kept on time", "kept late", "cancelled")


def track_record(plans: list[Plan]) -> list[Tally]:
    """One tally per outcome, in the order of `kb.answers.track.OUTCOMES`, empty ones included."""
    return [Tally(outcome, tuple(p for p in plans if p.outcome == outcome)) for outcome in OUTCOMES]


def known(tallies: list[Tally]) -> int:
    """How many plans have a known outcome (kept on time, kept late or cancelled)."""
    return sum(t.count for t in tallies if t.outcome in KNOWN)
