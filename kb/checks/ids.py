"""Ids are unique across the knowledge base, and a claim's id is its file's stem.

Passing: ``claims/lges/lges-ochang.yaml`` containing ``id: lges-ochang``.
Failing: the same file containing ``id: ochang``, or a second file anywhere
with ``id: lges-ochang``, or a registry entry ``- id: lges-ochang``.
"""

from __future__ import annotations

from typing import Iterator

from ..problem import Problem
from ..schema import where

ID = "duplicate-id"
STEM_ID = "id-stem"


def check(index) -> Iterator[Problem]:
    from . import Place

    duplicated = [i for (i,) in index.conn.execute("SELECT id FROM records GROUP BY id HAVING COUNT(*) > 1")]
    for record_id in duplicated:
        rows = index.conn.execute("SELECT path, line, positions FROM records WHERE id = ? "
                                  "ORDER BY kind = 'claim', path, line", (record_id,)).fetchall()
        first_path, first_line, _ = rows[0]
        for path, line, positions in rows[1:]:
            yield Problem(path, *where(Place(line, positions), "id"), ID,
                          f"id '{record_id}' is already used at {first_path}:{first_line}; choose another id")
    for record_id, path, line, positions in index.conn.execute(
            "SELECT id, path, line, positions FROM records WHERE kind = 'claim' "
            "AND substr(path, -length(id) - 6) != '/' || id || '.yaml' "
            "AND substr(path, -length(id) - 5) != '/' || id || '.yml'"):
        stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if record_id != stem:
            yield Problem(path, *where(Place(line, positions), "id"), STEM_ID,
                          f"id '{record_id}' differs from the file name '{stem}'; rename the file or change the id")
