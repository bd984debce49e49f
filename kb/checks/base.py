"""What the checks share: where a record's field is, and which rows a scoped recheck looks at."""

from __future__ import annotations

from typing import NamedTuple


class Place(NamedTuple):
    """Enough of a record to say where one of its fields is (see `kb.model.schema.where`)."""

    line: int
    positions: str


def in_scope(column: str, values) -> tuple[str, list]:
    """A SQL condition keeping rows whose column is among values (all rows when values is None)."""
    if values is None:
        return "1", []
    values = sorted(values)
    if not values:
        return "0", []
    return f"{column} IN ({','.join('?' * len(values))})", values


class Scope(NamedTuple):
    """What changed since problems were last found: files, and the ids of records in them before and after."""

    paths: frozenset
    ids: frozenset
