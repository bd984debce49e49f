"""Turning claim and registry files into the index's table rows.

Parsing happens here, on every core for large builds; workers send back plain row
tuples, and `kb.store.index` writes them. Reading rows back into records is here too, so the
two directions of the mapping sit side by side.
"""

from __future__ import annotations

import json
import os
from collections import deque
from itertools import islice
from pathlib import Path
from sys import intern
from types import MappingProxyType
from typing import Any, Iterable, Iterator

from ..model.period import as_number
from ..model.period import parse as parse_period
from ..model.problem import Problem
from ..model.records import kind_of
from ..model.schema import (
    LIST_KINDS,
    MAPPING_KINDS,
    REGISTRY_TYPES,
    Claim,
    schema_fields,
)
from .files import Found
from .formats import as_item, data_cell, plain_line, pretty_json
from .parse import Parsed, parse_one
from .rows import row as claim_row

PARALLEL_FROM = 2000  # files to parse before a second process pays for itself


def _parse_chunk(args: tuple[str, list[Found]]) -> list[tuple]:
    root, found = args
    base = Path(root)
    return [rows_of(parse_one(base, f, records=False)) for f in found]


def parse_many(root: Path, found: list[Found]) -> Iterator[tuple]:
    """Parse files into table rows, on every core when there are many of them.

    This process works too: it writes what the others send and, whenever nothing is waiting,
    parses a chunk itself; so one helper process per further core keeps every core busy,
    and no more processes than cores are.
    """
    cores = min(os.cpu_count() or 1, 8)
    if len(found) < PARALLEL_FROM or cores < 2:
        for f in found:
            yield rows_of(parse_one(root, f, records=False))
        return
    import multiprocessing

    chunks = [(str(root), found[i:i + 250]) for i in range(0, len(found), 250)]
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork
        context = multiprocessing.get_context()
    helpers = cores - 1
    with context.Pool(helpers) as pool:  # a few chunks in flight at a time, so memory stays flat
        waiting = iter(chunks)
        in_flight = deque(pool.apply_async(_parse_chunk, (c,)) for c in islice(waiting, 2 * helpers))
        while in_flight:
            if not in_flight[0].ready():
                mine = next(waiting, None)
                if mine is not None:
                    yield from _parse_chunk(mine)
                    continue
            rows = in_flight.popleft().get()
            following = next(waiting, None)
            if following is not None:
                in_flight.append(pool.apply_async(_parse_chunk, (following,)))
            yield from rows


_TYPES = {"claim": Claim, **REGISTRY_TYPES}
_LIST_FIELDS = {t: {s.name for s in schema_fields(t) if s.metadata["kind"] in LIST_KINDS} for t in _TYPES.values()}
_MAPPING_FIELDS = {t: [s.name for s in schema_fields(t) if s.metadata["kind"] in MAPPING_KINDS]
                   for t in _TYPES.values()}
_REF_FIELDS = {t: [(s.name, s.metadata["kind"], "," + ",".join(s.metadata["refs"]) + ",")
                   for s in schema_fields(t) if s.metadata["kind"] in ("ref", "refs", "roles")]
               for t in _TYPES.values()}


# The columns of `kb list`'s plain line the index keeps for each claim (the state, which changes with the
# day and with other claims, goes in as it is printed).
PLAIN_COLUMNS = ("id", "when", "status", "speaker", "company", "factory", "claim")
# The keys of a claim's data in listings (`kb.store.rows.as_data`): its fields, then its path.
CLAIM_KEYS = (*(spec.name for spec in schema_fields(Claim)), "path")


def _row(record: Any) -> tuple:
    """The records row, and for a claim its `listed` row: what listings print, rendered once here."""
    values = {}
    for spec in schema_fields(type(record)):
        value = getattr(record, spec.name)
        if value is not None and value != () and value != {}:
            values[spec.name] = value
    data = json.dumps(values, ensure_ascii=False)
    if not isinstance(record, Claim):
        return (record.path, kind_of(record), record.id, record.line, data, record.positions, None, None, None,
                None, None, None, None), None
    when = parse_period(record.when) if record.when else None  # fiscal years at their widest, until placed
    numbers = (as_number(when.start, False), as_number(when.end, True), as_number(when.key, False)) if when \
        else (None, None, None)
    product = record.product.casefold() if record.product else None
    row = (record.path, "claim", record.id, record.line, data, record.positions, *numbers,
           int(when.fiscal) if when else None, record.status, product,
           as_item(pretty_json(values)))  # as `kb list --format json` prints it (less its path)
    values["path"] = record.path
    fields = 0
    cells = []
    for bit, key in enumerate(CLAIM_KEYS):
        value = values.get(key)
        if value is None:
            cells.append("")
        else:
            fields |= 1 << bit
            cells.append(data_cell(value))
    listed = (record.id, record.path, *numbers, record.status, record.said, record.company, record.speaker,
              record.factory, record.source, product, fields, plain_line(claim_row(record), PLAIN_COLUMNS), "\x00".join(cells))
    return row, listed


def rows_of(parsed: Parsed) -> tuple:
    """The table rows for one parsed file: made where it was parsed, so that workers send plain tuples."""
    from ..model.records import entity_names

    file_row = (parsed.path, parsed.path.rsplit("/", 1)[0], parsed.hash, parsed.mtime_ns, parsed.size,
                _problems_json(parsed.problems), 1 if parsed.canonical else None)
    if parsed.rows is not None:
        return file_row, parsed.rows, []
    records = []
    for record in parsed.records:
        links = []
        for name, kind, kinds in _REF_FIELDS[type(record)]:
            value = getattr(record, name)
            if kind == "refs":
                links.extend((name, i, target, kinds) for i, target in enumerate(value))
            elif kind == "roles":
                links.extend((name, i, role["company"], kinds) for i, role in enumerate(value) if "company" in role)
            elif value:
                links.append((name, None, value, kinds))
        if isinstance(record, Claim):
            tags, names = [t.casefold() for t in record.tags], []
        elif kind_of(record) == "attribute":
            tags, names = [], []
        else:
            tags, names = [], sorted({n.casefold().strip() for n in entity_names(record)})
        external = [(system, str(value)) for system, value in getattr(record, "external", {}).items()]
        attributes = [(name, str(value)) for name, value in getattr(record, "attributes", {}).items()] \
            if isinstance(record, Claim) else []
        records.append((*_row(record), links, tags, names, external, attributes))
    return file_row, records, [(parsed.path, *stub) for stub in parsed.stubs]


# Values that repeat across many records (ids, statuses, products): one shared string each.
_SHARED = {t: {s.name for s in schema_fields(t) if s.metadata["kind"] in ("ref", "refs", "choice", "tags")}
           | {"product", "country", "role", "when"} for t in _TYPES.values()}
_EMPTY: Any = MappingProxyType({})  # one shared empty mapping for every absent inferred, quantities, ...


def record_from_row(kind: str, path: str, line: int, data: str, positions: str) -> Any:
    """A record from its row. Repeated values are shared and an empty `inferred` is one shared
    read-only mapping: a knowledge base of 100,000 claims then fits in well under 200 MiB."""
    record_type = _TYPES[kind]
    values = json.loads(data)
    shared = _SHARED[record_type]
    for name, value in values.items():
        if name in shared:
            values[name] = tuple(map(intern, value)) if isinstance(value, list) else \
                intern(value) if isinstance(value, str) else value
        elif name in _LIST_FIELDS[record_type]:
            values[name] = tuple(value)
        elif name == "quantities":
            values[name] = {k: tuple(v) if isinstance(v, list) else v for k, v in value.items()}
    for name in _MAPPING_FIELDS[record_type]:
        values.setdefault(name, _EMPTY)
    return record_type(**values, path=path, line=line, positions=positions)


def _problems_json(problems: Iterable[Problem]) -> str | None:
    """Problems as JSON text; None when there are none, so that clean files cost nothing to skip."""
    data = [[p.path, p.line, p.column, p.rule, p.message, p.severity, p.subject] for p in problems]
    return json.dumps(data, ensure_ascii=False) if data else None


def _problems_from(text: str | None) -> list[Problem]:
    return [Problem(*item) for item in json.loads(text or "[]")]


