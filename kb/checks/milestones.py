"""A claim's milestone is one kb knows: its own list (kb.model.milestones) or one the registry declares
(claims/registry/milestones.yaml).

Passing: ``milestone: mass-production``; ``milestone: recycling-start`` with ``- id: recycling-start``
in milestones.yaml.
Failing: ``milestone: mass-prodution`` ("did you mean 'mass-production'?"), ``milestone: ribbon-cutting``
(neither kb's nor declared: declare it with `kb add milestone`).
"""

from __future__ import annotations

import difflib
from typing import Iterator

from ..model.milestones import MILESTONES
from ..model.problem import Problem
from ..model.schema import where
from .base import CLAIMS, Place

ID = "unknown-milestone"
READS = CLAIMS | {"milestone"}  # the claims' milestones, and the declared ones


def check(index, scope=None) -> Iterator[Problem]:
    """Always over every claim with a milestone (a declaration's change can touch any of them)."""
    known = set(MILESTONES) | {i for (i,) in index.conn.execute(
        "SELECT id FROM records WHERE kind = 'milestone' UNION SELECT id FROM stubs WHERE kind = 'milestone'")}
    for path, line, positions, milestone in index.conn.execute(
            "SELECT path, line, positions, json_extract(data, '$.milestone') FROM records "
            "WHERE kind = 'claim' AND json_extract(data, '$.milestone') IS NOT NULL ORDER BY path, line"):
        if milestone in known:
            continue
        close = difflib.get_close_matches(milestone, sorted(known), n=1)
        hint = f"did you mean '{close[0]}'?" if close else \
            f"use one of kb's ({', '.join(MILESTONES)}) or declare it: kb add milestone --id {milestone} --name ..."
        yield Problem(path, *where(Place(line, positions), "milestone"), ID,
                      f"'milestone': '{milestone}' is not a milestone kb knows; {hint}")
