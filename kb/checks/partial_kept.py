"""Warn where a done claim supersedes a plan it does not fulfil: a step of another milestone, or a smaller
amount than the plan's (`kb.model.progress`). Such a link keeps nothing: the plan stays pending or
overdue by its date, and `kb track` lists the done claim as progress; the warning says how to write
what was meant.

Passing: a done claim with ``milestone: mass-production`` and ``supersedes: [plan]``, the plan also
``milestone: mass-production``; or ``quantities: {jobs: 4000}`` done against a plan of 4000 jobs.
Failing (a warning): a done claim with ``milestone: sample-production`` superseding a plan with
``milestone: mass-production``; or ``jobs: 1000`` done superseding a plan of ``jobs: 4000``.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..model.problem import WARNING, Problem
from ..model.progress import is_progress, shortfall, stored
from ..model.schema import where
from .base import CLAIMS, Place

ID = "partial-kept"
READS = CLAIMS  # the claims on both sides of each link


def check(index, scope=None) -> Iterator[Problem]:
    """Always over every done claim's supersedes links (few)."""
    links = index.conn.execute(
        "SELECT s.path, s.line, s.positions, s.id, s.data, l.item, l.target FROM links l "
        "JOIN records s ON s.rid = l.rid WHERE s.kind = 'claim' AND l.field = 'supersedes' AND s.status = 'done' "
        "ORDER BY s.path, s.line, l.item").fetchall()
    if not links:
        return
    targets: dict[str, Any] = {}
    for target in sorted({row[6] for row in links}):
        for (data,) in index.conn.execute("SELECT data FROM records WHERE kind = 'claim' AND id = ? "
                                          "ORDER BY path, rid", (target,)):
            targets[target] = stored(data)  # the last of an id, as the answers read it
    for path, line, positions, claim_id, data, item, target in links:
        done, plan = stored(data), targets.get(target)
        if not is_progress(done, plan):
            continue
        yield Problem(path, *where(Place(line, positions), f"supersedes.{item}"), ID,
                      f"'supersedes': {claim_id} is done, but a step toward {target}, not it done "
                      f"({shortfall(done, plan)}): it keeps nothing and {target} stays open; link it with "
                      f"`elaborates: [{target}]` instead, or supersede a plan of the same step", WARNING, subject=target)
