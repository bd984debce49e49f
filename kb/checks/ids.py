"""Ids are unique across the knowledge base, and a claim's id is its file's stem.

Passing: ``claims/lges/lges-ochang.yaml`` containing ``id: lges-ochang``.
Failing: the same file containing ``id: ochang``, or a second file anywhere
with ``id: lges-ochang``, or a registry entry ``- id: lges-ochang``.
"""

from __future__ import annotations

from typing import Iterator

from ..model.problem import Problem
from ..model.schema import where
from .base import EVERY_KIND, Place, in_scope

ID = "duplicate-id"
STEM_ID = "id-stem"
READS = EVERY_KIND  # every record's id


def update(index, old: list[Problem], scope) -> list[Problem]:
    """After a change: the problems of the changed files and of the changed ids are found again."""
    kept = [p for p in old if p.path not in scope.paths and not (p.rule == ID and p.subject in scope.ids)]
    return kept + list(check(index, scope))


def check(index, scope=None) -> Iterator[Problem]:
    """scope (see `kb.checks.Scope`) limits the search to the changed ids and files."""

    where_ids, id_params = in_scope(index, "id", scope.ids if scope else None)
    where_paths, path_params = in_scope(index, "path", scope.paths if scope else None)
    duplicated = index.conn.execute(  # attribute names are a namespace of their own
        f"SELECT id, kind = 'attribute' FROM records WHERE {where_ids} GROUP BY id, kind = 'attribute' "
        "HAVING COUNT(*) > 1", id_params).fetchall()
    for record_id, is_attribute in duplicated:
        rows = index.conn.execute("SELECT path, line, positions FROM records WHERE id = ? AND (kind = 'attribute') = ? "
                                  "ORDER BY kind = 'claim', path, line", (record_id, is_attribute)).fetchall()
        first_path, first_line, _ = rows[0]
        for path, line, positions in rows[1:]:
            yield Problem(path, *where(Place(line, positions), "name" if is_attribute else "id"), ID,
                          f"{'attribute' if is_attribute else 'id'} '{record_id}' is already used at "
                          f"{first_path}:{first_line}; choose another {'name' if is_attribute else 'id'}",
                          subject=record_id)
    for record_id, path, line, positions in index.conn.execute(
            "SELECT id, path, line, positions FROM records WHERE kind = 'claim' "
            "AND substr(path, -length(id) - 6) != '/' || id || '.yaml' "
            f"AND substr(path, -length(id) - 5) != '/' || id || '.yml' AND {where_paths}", path_params):
        stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if record_id != stem:
            yield Problem(path, *where(Place(line, positions), "id"), STEM_ID,
                          f"id '{record_id}' differs from the file name '{stem}'; rename the file or change the id")
