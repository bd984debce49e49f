"""A name or alias names one entity of its kind, so that `--company X` means one company.

Passing: ``Panasonic`` (alias of ``panasonic``) and ``Panasonic Energy`` (name of
``panasonic-energy``).
Failing (a warning): two companies both answering to ``Panasonic``: a filter on that name
would match both.
"""

from __future__ import annotations

import json
from typing import Iterator

from ..model.problem import WARNING, Problem
from ..model.schema import where
from .base import Place

ID = "ambiguous-name"


def check(index, scope=None) -> Iterator[Problem]:
    """Always over everything; found through the index of names."""

    shared = index.conn.execute(
        "SELECT n.name, r.kind FROM names n JOIN records r ON r.rid = n.rid "
        "GROUP BY n.name, r.kind HAVING COUNT(DISTINCT r.id) > 1 ORDER BY r.kind, n.name").fetchall()
    for name, kind in shared:
        rows = index.conn.execute(
            "SELECT r.id, r.path, r.line, r.positions, r.data FROM names n JOIN records r ON r.rid = n.rid "
            "WHERE n.name = ? AND r.kind = ? ORDER BY r.path, r.line", (name, kind)).fetchall()
        first = rows[0]
        for record_id, path, line, positions, data in rows[1:]:
            if record_id == first[0]:
                continue  # the same id twice is the duplicate-id check's to report
            values = json.loads(data)
            aliases = [a.casefold().strip() for a in values.get("aliases", [])]
            key = f"aliases.{aliases.index(name)}" if name in aliases else "name"
            yield Problem(path, *where(Place(line, positions), key), ID,
                          f"'{name}' also names {kind} '{first[0]}' ({first[1]}:{first[2]}); a filter on it "
                          "matches both: drop the alias or make it more specific", WARNING, subject=record_id)
