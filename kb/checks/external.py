"""An id from another system names one record: external ids are unique per system.

Passing: two claims with ``external: {politifact: "21345"}`` and ``{politifact: "21346"}``.
Failing: a second claim (or entity) with ``external: {politifact: "21345"}``: which one is
row 21345?
"""

from __future__ import annotations

from typing import Iterator

from ..model.problem import Problem
from ..model.schema import where
from .base import EVERY_KIND, Place

ID = "duplicate-external-id"
READS = EVERY_KIND  # any record may carry external ids; checked again in full (a GROUP BY over their index)


def check(index, scope=None) -> Iterator[Problem]:
    """Always over everything; found through the index of external ids."""

    duplicated = index.conn.execute(
        "SELECT system, value FROM externals GROUP BY system, value HAVING COUNT(*) > 1 ORDER BY system, value")
    for system, value in duplicated.fetchall():
        rows = index.conn.execute(
            "SELECT r.id, r.path, r.line, r.positions FROM externals x JOIN records r ON r.rid = x.rid "
            "WHERE x.system = ? AND x.value = ? ORDER BY r.path, r.line", (system, value)).fetchall()
        first_id, first_path, first_line, _ = rows[0]
        for record_id, path, line, positions in rows[1:]:
            yield Problem(path, *where(Place(line, positions), f"external.{system}"), ID,
                          f"'{system}' id '{value}' already names '{first_id}' ({first_path}:{first_line}); "
                          "an external id names one record", subject=record_id)
