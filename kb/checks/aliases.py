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
from .base import ENTITIES, Place

ID = "ambiguous-name"
READS = ENTITIES  # the registry's names and aliases; checked again in full (a GROUP BY over their index)


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
            key, written = _field_naming(values, name)
            yield Problem(path, *where(Place(line, positions), key), ID,
                          f"'{written}' names both {kind} '{first[0]}' ({first[1]}:{first[2]}) and {kind} "
                          f"'{record_id}' (here); a filter on it matches both: drop the alias or make it more "
                          "specific", WARNING, subject=record_id)


def _field_naming(values: dict, name: str) -> tuple[str, str]:
    """The field of an entity that answers to name (casefolded), and its text as written there."""
    for i, alias in enumerate(values.get("aliases", [])):
        if alias.casefold().strip() == name:
            return f"aliases.{i}", alias
    for field in ("name", "title", "id"):
        if str(values.get(field, "")).casefold().strip() == name:
            return field, values[field]
    return "name", name
