"""Turn one parsed mapping into a record, checking it against the schema in `kb.model.schema`.

Each problem carries the file, line and column of the offending value and says
what to do. Checks that need more than one file (ids resolving, duplicates)
live in `kb.checks`.
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from typing import Any

from .kinds import check, check_date, positions_of, type_name
from .problem import Problem
from .schema import LEGACY_KEYS, schema_fields

LEGACY_NAMES = {record_type: {new: old for old, new in keys.items()} for record_type, keys in LEGACY_KEYS.items()}

__all__ = ["build_record", "check_date"]


@lru_cache(maxsize=None)
def _spec_table(record_type: type) -> tuple[dict[str, Any], tuple[str, ...]]:
    """name -> field, and the required names, of a record type (computed once per type)."""
    specs = {f.name: f for f in schema_fields(record_type)}
    return specs, tuple(name for name, f in specs.items() if f.metadata["required"])


def build_record(record_type: type, data: Any, positions: dict, path: str, line: int,
                 column: int) -> tuple[Any | None, list[Problem]]:
    """A record of record_type from data, or None and the problems that prevent it.

    positions maps key paths inside data to (line, column), as `kb.store.yamlread` gives them.
    """
    problems: list[Problem] = []

    def at(key_path: tuple, rule: str, message: str) -> None:
        ln, col = positions.get(key_path, (line, column))
        problems.append(Problem(path, ln, col, rule, message))

    kind_name = record_type.__name__.lower()
    if not isinstance(data, dict):
        what = "empty" if data is None else type_name(data)
        at((), "not-a-mapping", f"expected a {kind_name} as 'key: value' lines, got {what}")
        return None, problems
    specs, required = _spec_table(record_type)
    original = data
    data, positions = _renamed(record_type, data, positions, at)
    values: dict[str, Any] = {}
    misspelt: set[str] = set()
    for key, value in data.items():
        spec = specs.get(key)
        if spec is None:
            close = difflib.get_close_matches(str(key), [k for k in specs if k not in data], n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(specs)}"
            misspelt.update(close)
            at((key, "<key>"), "unknown-key", f"unknown key '{key}'; {hint}")
            continue
        if value is None:
            at((key,), "empty-value", f"'{key}' is empty; write its value, or remove the key when it is unknown")
            continue
        normalised, found = check(spec.metadata["kind"], key, value, spec.metadata, data)
        written = LEGACY_NAMES.get(record_type, {}).get(key) if key not in original else key
        for inside, rule, message in found:  # named as the file names it: an old `year:` as 'year'
            if isinstance(value, str) and message.startswith(f"'{value}'"):  # about the value (`when: when`)
                shown, named = message, False
            else:
                shown = message.replace(f"'{key}'", f"'{written}'") if written and written != key else message
                named = shown.startswith(f"'{written or key}'")
            text = shown if named else \
                f"'{written or key}' {shown}" if shown.startswith(("is ", "must")) else f"'{written or key}': {shown}"
            at((key, *inside), rule, text)
        if not found:
            values[key] = normalised
    missing = [name for name in required if name not in data and name not in misspelt]
    if len(missing) == 1:
        at((), "missing-key", f"missing required key '{missing[0]}' "
                              f"({specs[missing[0]].metadata['doc'].rstrip('.').lower()})")
    elif missing:
        at((), "missing-key", f"missing required keys: {', '.join(missing)}; see `kb schema` or docs/format.md")
    if problems:
        return None, problems
    return record_type(**values, path=path, line=line, positions=_field_positions(positions)), []


def _renamed(record_type: type, data: dict, positions: dict, at) -> tuple[dict, dict]:
    """data with the keys of older formats under their new names (`year` -> `when`), positions alike."""
    legacy = LEGACY_KEYS.get(record_type)
    if not legacy or not any(old in data or old in (data.get("inferred") or {}) for old in legacy):
        return data, positions
    renamed, moved = {}, dict(positions)
    for key, value in data.items():
        new = legacy.get(key, key)
        if new != key and new in data:
            at((key, "<key>"), "duplicate-key", f"'{key}' is the old name of '{new}', which is also given; "
                                                f"keep '{new}'")
            continue
        renamed[new] = value
        if new != key:  # (an unchanged key's positions are in the copy already)
            for path, place in positions.items():
                if path[:1] == (key,):
                    moved[(new, *path[1:])] = place
    inferred = renamed.get("inferred")
    if isinstance(inferred, dict) and any(old in inferred for old in legacy):
        renamed["inferred"] = {legacy.get(k, k) if legacy.get(k, k) not in inferred else k: v
                               for k, v in inferred.items()}
        for path, place in positions.items():
            if path[:1] == ("inferred",) and len(path) > 1 and path[1] in legacy:
                moved[("inferred", legacy[path[1]], *path[2:])] = place
    return renamed, moved


def _field_positions(positions: dict) -> str:
    """'key line column' of each field, list item and mapping entry, ';'-joined (read with `schema.where`)."""
    return ";".join([f"{k[0]} {p[0]} {p[1]}" if len(k) == 1 else f"{k[0]}.{k[1]} {p[0]} {p[1]}"
                     for k, p in positions_of(positions)])


def known_id(data: Any, key: str = "id") -> str | None:
    """The id a record that failed validation still goes by (its `key`), when it wrote a well-formed one:
    references to it then resolve, and only its own file reports its problems (see `kb.store.stubs`)."""
    import re

    from .schema import ID_PATTERN

    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) and re.match(ID_PATTERN, value) else None
