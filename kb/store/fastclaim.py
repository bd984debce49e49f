"""Canonical claim files straight to the index's rows, remembering what repeats from file to file.

Building the index reads every claim file, and most lines of a claim file repeat across the
knowledge base: `status: planned`, `speaker: lges`, `tags: [4680, ochang]`, `when: 2026-H2`.
For a file in the canonical subset that `kb.store.fastread` reads, this module works key by key (a
key's line, with the lines nested under it): it reads, checks (`kb.model.kinds`), tests the layout
(`kb.edit.fmt.known_canonical`) and renders (`kb.store.indexing`) each key once, and keeps the outcome of
keys whose lines repeat, with the line number they stand on, so a position is part of what is
kept. Anything but a clean claim (a problem, an unknown or old key, a missing one, a layout
`kb.store.fastread` leaves to libyaml) returns None, and the file goes the usual way, which reports it.

The outcome is the same record, positions, canonical flag and rows as `kb.store.indexing.parse_one`
and `kb.store.indexing.rows_of` give on the usual way; tests/test_fast_claims.py holds it to that.
"""

from __future__ import annotations

import json
import re
from json.encoder import encode_basestring as _string
from typing import Any

from ..model.kinds import check
from ..model.period import as_number
from ..model.period import parse as parse_period
from ..model.schema import RELATIONS, Claim, schema_fields
from ..model.text import is_inert
from .fastread import _KEY, _NESTED, _flow_list, _plain, _value
from .formats import csv_cell, data_cell, plain_line, pretty_json
from .yamlwrite import _UNPRINTABLE, field_lines

_SPECS = {spec.name: spec for spec in schema_fields(Claim)}
_ORDER = {name: i for i, name in enumerate(_SPECS)}
_REQUIRED = tuple(name for name, spec in _SPECS.items() if spec.metadata["required"])
_REFS = {spec.name: (spec.metadata["kind"], "," + ",".join(spec.metadata["refs"]) + ",")
         for spec in _SPECS.values() if spec.metadata["kind"] in ("ref", "refs")}
# Keys whose lines repeat across files (ids, choices, periods, tags, amounts): their outcome is kept.
_KEPT_KINDS = ("ref", "refs", "choice", "period", "date", "tags", "quantities", "attributes", "external",
               "milestone")
_KEPT = {name for name, spec in _SPECS.items() if spec.metadata["kind"] in _KEPT_KINDS} - set(RELATIONS) | {"product"}
_PATH_BIT = len(_SPECS)  # the bit of `path` in `fields` (kb.store.indexing.CLAIM_KEYS: the fields, then path)
_MEMO: dict[str, "_Key | None"] = {}  # a key's lines -> the key (None: not plainly right)
_MEMO_SIZE = 100000
_GROUPS = re.compile(r"\n(?! )").split


class _Positions:
    """What `kb.store.fastread._flow_list` writes item positions into."""

    __slots__ = ("positions",)

    def __init__(self, positions: dict) -> None:
        self.positions = positions


class _Key:
    """One key of a claim file, read, checked and rendered."""

    __slots__ = ("name", "raw", "value", "spots", "places", "canonical", "order", "empty", "pretty", "compact",
                 "cell", "links", "when")

    def __init__(self, name: str, raw: Any, value: Any, spots: list, start: int, canonical: bool) -> None:
        self.name, self.raw, self.value, self.canonical = name, raw, value, canonical
        self.spots = spots  # (label, line after the first, column) of each position kept
        self.places = {start: _places(spots, start)}  # the positions, by the line the key starts on
        self.order = _ORDER[name]
        self.empty = value is None or value == () or value == {}
        if type(value) is str:
            self.compact = f"{_string(name)}: {_string(value)}"
            self.pretty = "    " + self.compact
            self.cell = csv_cell(value) if is_inert(value) else data_cell(value)
        else:  # its lines in a claim's item of `kb list --format json` (kb.store.formats.as_item)
            self.pretty = "" if self.empty else "  " + pretty_json({name: value})[2:-2].replace("\n", "\n  ")
            self.compact = "" if self.empty else json.dumps({name: value}, ensure_ascii=False)[1:-1]
            self.cell = "" if self.empty else data_cell(value)
        self.links: list[tuple] = []
        if name in _REFS and value:
            kind, kinds = _REFS[name]
            self.links = [(name, i, t, kinds) for i, t in enumerate(value)] if kind == "refs" \
                else [(name, None, value, kinds)]
        self.when = None
        if name == "when":
            period = parse_period(value)  # fiscal years at their widest, until the index places them
            self.when = (as_number(period.start, False), as_number(period.end, True),
                         as_number(period.key, False), int(period.fiscal))

    def at(self, start: int) -> str:
        """Its positions (as `kb.model.validate._field_positions` writes them) when it starts on this line."""
        places = self.places.get(start)
        if places is None:
            places = _places(self.spots, start)
            if len(self.places) < 32:
                self.places[start] = places
        return places


def _read(start: int, group: list[str]) -> tuple[str, Any, dict] | None:
    """A key's lines as `kb.store.fastread.read_canonical` reads them: (key, value, positions), or None."""
    match = _KEY.match(group[0])
    if not match:
        return None
    key, raw = match.groups()
    positions: dict = {(key, "<key>"): (start, 1)}
    if raw is None:
        if len(group) == 1:
            return None
        positions[(key,)] = (start + 1, 3)
        mapping: dict[str, Any] = {}
        for number, line in enumerate(group[1:], start=start + 1):
            nested = _NESTED.match(line)
            if not nested or nested.group(1) in mapping:
                return None
            name, text = nested.groups()
            positions[(key, name, "<key>")] = (number, 3)
            positions[(key, name)] = (number, len(name) + 5)
            if text.startswith("[") and text.endswith("]"):
                mapping[name] = _flow_list(text, number, len(name) + 5, (key, name), _Positions(positions))
            else:
                mapping[name] = _value(text)
        return key, mapping, positions
    if len(group) > 1:
        return None
    column = len(key) + 3
    positions[(key,)] = (start, column)
    if raw.startswith("[") and raw.endswith("]"):
        return key, _flow_list(raw, start, column, key, _Positions(positions)), positions
    return key, _value(raw), positions


def forget() -> None:
    """Let go of what was kept (after a build)."""
    _MEMO.clear()
    _plain.cache_clear()


class _Text:
    """A key holding a line of text seen once (id, claim, quote): `_Key`'s parts, made with less work.
    Never kept: its place is that of the one file it is in."""

    __slots__ = ("name", "raw", "value", "place", "canonical", "order", "pretty", "compact", "cell")
    empty = False
    links: list = []
    when = None

    def __init__(self, name: str, value: str, place: str, canonical: bool) -> None:
        self.name = name
        self.raw = self.value = value
        self.place, self.canonical, self.order = place, canonical, _ORDER[name]
        self.compact = f"{_string(name)}: {_string(value)}"
        self.pretty = "    " + self.compact
        self.cell = csv_cell(value) if is_inert(value) else data_cell(value)

    def at(self, start: int) -> str:
        return self.place


def _spots(positions: dict, start: int) -> list[tuple[str, int, int]]:
    """The positions a record keeps of one key (`kb.model.validate._field_positions`), as (label, line after
    the key's first, column)."""
    return [(k[0] if len(k) == 1 else f"{k[0]}.{k[1]}", p[0] - start, p[1])
            for k, p in positions.items() if len(k) == 1 or (len(k) == 2 and k[1] != "<key>")]


def _places(spots: list[tuple[str, int, int]], start: int) -> str:
    return ";".join([f"{label} {start + offset} {column}" for label, offset, column in spots])


def _key(start: int, group: list[str], read: tuple | None = None, data: dict | None = None) -> _Key | None:
    """One key read and checked; None when it is not plainly right (the usual way will say why)."""
    try:
        if read is None and len(group) == 1:  # one line, the usual case: no positions to keep but its own
            match = _KEY.match(group[0])
            if not match or not match.group(2):  # no value after the key (`note:` or `note: `): the usual way
                return None
            name, text = match.groups()
            column = len(name) + 3
            if text.startswith("[") and text.endswith("]"):
                positions = {(name,): (start, column)}
                raw = _flow_list(text, start, column, name, _Positions(positions))
                spots = _spots(positions, start)
            else:  # a value seen once (ids, texts) stays out of the cache kb.store.fastread keeps
                raw = _value(text) if name in _KEPT or text[0] == '"' else _plain.__wrapped__(text, False)
                spots = [(name, 0, column)]
                spec = _SPECS.get(name)
                if type(raw) is str and spec is not None and spec.metadata["kind"] in ("id", "text") \
                        and text[0] != '"' and name not in _KEPT:
                    # a plain scalar kb.store.fastread accepted as text is how yamlwrite.scalar writes it,
                    # unless it holds a character yamlwrite quotes besides
                    value, problems = check(spec.metadata["kind"], name, raw, spec.metadata, {})
                    if problems:
                        return None
                    return _Text(name, value, f"{name} {start} {column}", _UNPRINTABLE.search(raw) is None)
        else:
            read = read or _read(start, group)
            if read is None:
                return None
            name, raw, positions = read
            spots = _spots(positions, start)
    except (ValueError, json.JSONDecodeError):
        return None
    spec = _SPECS.get(name)
    if spec is None or raw is None:
        return None
    value, problems = check(spec.metadata["kind"], name, raw, spec.metadata, data if data is not None else {})
    if problems:
        return None
    canonical = [line for _, line in field_lines(spec, raw)] == group
    return _Key(name, raw, value, spots, start, canonical)


PLAIN_COLUMNS = ("id", "when", "status", "speaker", "company", "factory", "claim")  # kb.store.indexing.PLAIN_COLUMNS


def compile_claim(relpath: str, text: str) -> tuple[dict, str, bool, tuple] | None:
    """(the record's values, its positions, canonical, the rows `kb.store.indexing.rows_of` makes of it) of a
    clean canonical claim file; None for any other file. `Claim(**values, path=relpath, line=1,
    positions=positions)` is the record, made only when it is wanted (it costs as much as the rest)."""
    if not text or text[-1] != "\n" or "\r" in text:
        return None
    keys: list[_Key | None] = []
    starts: list[int] = []  # the line each key starts on
    inferred = None  # (its place among keys, its lines, what they read as)
    number = 1
    kept, memo = _KEPT, _MEMO
    for group in _GROUPS(text[:-1]):  # a key's line and the lines indented under it
        name = group[:group.find(":")]
        key = memo.get(group, False) if name in kept else False
        if key is False:
            lines = group.split("\n")
            if name in kept:
                key = _key(number, lines)
                if len(memo) >= _MEMO_SIZE:
                    memo.clear()
                memo[group] = key
            elif name == "inferred" and inferred is None:  # checked against the other keys, below
                try:
                    read = _read(number, lines)
                except (ValueError, json.JSONDecodeError):
                    return None
                if read is None:
                    return None
                inferred = (len(keys), lines, read)
                keys.append(None)
                starts.append(number)
                number += len(lines)
                continue
            else:
                key = _key(number, lines)
        if key is None:
            return None
        keys.append(key)
        starts.append(number)
        number += 1 if "\n" not in group else group.count("\n") + 1
    if inferred is not None:
        place, lines, read = inferred
        data = {key.name: key.raw for key in keys[:place]}
        data["inferred"] = read[1]
        data.update((key.name, key.raw) for key in keys[place + 1:])
        if len(data) != len(keys):
            return None
        keys[place] = _key(starts[place], lines, read, data)
        if keys[place] is None:
            return None
    values = {}
    for key in keys:
        values[key.name] = key.value
    if len(values) != len(keys):  # a key given twice: libyaml's to judge
        return None
    for name in _REQUIRED:
        if name not in values:
            return None
    positions = ";".join([key.at(start) for key, start in zip(keys, starts)])
    canonical, last = True, -1
    for key in keys:
        if not key.canonical or key.order <= last:
            canonical = False
            break
        last = key.order
    ordered = keys if canonical else sorted(keys, key=lambda k: k.order)
    parts: list[str] = []
    compact: list[str] = []
    cells = [""] * (_PATH_BIT + 1)
    fields = 1 << _PATH_BIT
    links: list[tuple] = []
    numbers = None
    for key in ordered:
        if key.empty:
            continue
        parts.append(key.pretty)
        compact.append(key.compact)
        cells[key.order] = key.cell
        fields |= 1 << key.order
        if key.links:
            links += key.links
        if key.when is not None:
            numbers = key.when
    cells[_PATH_BIT] = csv_cell(relpath) if is_inert(relpath) else data_cell(relpath)
    get = values.get
    product, when, company, factory, status = get("product"), get("when"), get("company"), get("factory"), \
        values["status"]
    product = product.casefold() if product else None
    record_row = (relpath, "claim", values["id"], 1, "{" + ", ".join(compact) + "}", positions,
                  *(numbers or (None, None, None, None)), status, product, "  {\n" + ",\n".join(parts) + "\n  }")
    plain = plain_line({"id": values["id"], "when": ("~" + when if "when" in get("inferred", ()) else when)
                        if when else "", "status": status, "speaker": values["speaker"], "company": company or "",
                        "factory": factory or "", "claim": values["claim"]}, PLAIN_COLUMNS)
    listed = (values["id"], relpath, *(numbers[:3] if numbers else (None, None, None)), status, get("said"),
              company, values["speaker"], factory, values["source"], product, fields, plain, "\x00".join(cells))
    tags = [t.casefold() for t in values["tags"]] if "tags" in values else []
    external = [(system, str(value)) for system, value in values["external"].items()] if "external" in values \
        else []
    attributes = [(name, str(value)) for name, value in values["attributes"].items()] if "attributes" in values \
        else []
    return values, positions, canonical, (record_row, listed, links, tags, [], external, attributes)
