"""What the checks share: where a record's field is, what changed since problems were last found, and
which rows a recheck looks at."""

from __future__ import annotations

from typing import NamedTuple

from ..model.schema import ENTITY_TYPES

# The kinds of record a check can read (`READS` of each check module); "archives" are the archived
# sources' texts (files outside claims/, followed through a check's `fingerprint`).
CLAIMS = frozenset({"claim"})
ENTITIES = frozenset(ENTITY_TYPES)  # company, person, factory, source, product, milestone
ATTRIBUTES = frozenset({"attribute"})
EVERY_KIND = CLAIMS | ENTITIES | ATTRIBUTES


class Place(NamedTuple):
    """Enough of a record to say where one of its fields is (see `kb.model.schema.where`)."""

    line: int
    positions: str


def in_scope(index, column: str, values) -> tuple[str, list]:
    """A SQL condition keeping rows whose column is among values (all rows when values is None), and its
    parameters; any number of values (`kb.store.index.Index.among`)."""
    if values is None:
        return "1", []
    return index.among(column, values)


class Scope(NamedTuple):
    """What changed since problems were last found: files, the ids of records in them before and after,
    and those records' kinds."""

    paths: frozenset
    ids: frozenset
    kinds: frozenset = EVERY_KIND
