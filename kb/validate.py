"""Turn one parsed mapping into a record, checking it against the schema in `kb.schema`.

Each problem carries the file, line and column of the offending value and says
what to do. Checks that need more than one file (ids resolving, duplicates)
live in `kb.checks`.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from datetime import date
from typing import Any, Iterator

from .problem import Problem
from .schema import DATE_PATTERN, ID_PATTERN, MAX_TEXT, MULTI_LINE, TAG_PATTERN, YEAR_RANGE, schema_fields

_ID = re.compile(ID_PATTERN)
_TAG = re.compile(TAG_PATTERN)
_DATE = re.compile(DATE_PATTERN)


def _type_name(value: Any) -> str:
    return {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list",
            dict: "a mapping", type(None): "empty"}.get(type(value), type(value).__name__)


def check_date(value: Any) -> str | None:
    """None when value is a valid partial date, else what is wrong with it."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return f"expected a date like 2024, 2024-03 or 2024-03-06, got {_type_name(value)}"
    text = str(value)
    if not _DATE.match(text):
        return f"'{text}' is not a date like 2024, 2024-03 or 2024-03-06"
    parts = [int(p) for p in text.split("-")]
    if not YEAR_RANGE[0] <= parts[0] <= YEAR_RANGE[1]:
        return f"year {parts[0]} is outside {YEAR_RANGE[0]}..{YEAR_RANGE[1]}"
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as error:
        return f"'{text}' is not a real date ({error})"
    return None


def _check_text(value: Any, single_line: bool) -> str | None:
    if not isinstance(value, str):
        return f"expected text, got {_type_name(value)}; put quotes around it if it is meant as text"
    if not value.strip():
        return "is empty; write the value or remove the key"
    if len(value) > MAX_TEXT:
        return f"is {len(value)} characters long, over the {MAX_TEXT} limit"
    if single_line and "\n" in value.strip():
        return "must be one line"
    return None


def _check_value(kind: str, name: str, value: Any, meta: dict) -> str | None:
    """None when value fits the field's kind, else the problem in words."""
    if kind == "id":
        if not isinstance(value, str) or not _ID.match(value):
            return f"'{value}' is not a valid id: use lowercase letters, digits and hyphens"
    elif kind == "text":
        return _check_text(value, single_line=name not in MULTI_LINE)
    elif kind == "ref":
        if not isinstance(value, str) or not _ID.match(value):
            return f"expected an id ({', '.join(meta['refs'])}), got {_type_name(value) if not isinstance(value, str) else repr(value)}"
    elif kind == "choice":
        choices = meta["choices"]
        if value not in choices:
            close = difflib.get_close_matches(str(value), list(choices), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            return f"'{value}' is not allowed; {hint}use one of: {', '.join(choices)}"
    elif kind == "year":
        if isinstance(value, bool) or not isinstance(value, int):
            return f"expected a year such as 2024, got {_type_name(value)}"
        if not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            return f"year {value} is outside {YEAR_RANGE[0]}..{YEAR_RANGE[1]}"
    elif kind == "date":
        return check_date(value)
    elif kind == "url":
        if not isinstance(value, str) or not re.match(r"^https?://\S+$", value):
            return "expected a web address starting with http:// or https://"
    elif kind == "path":
        if not isinstance(value, str) or value.startswith("/") or ".." in value.split("/") or "\\" in value:
            return "expected a path relative to the repository root, without '..'"
    return None


def _list_items(kind: str, name: str, value: Any, meta: dict) -> Iterator[tuple[int | None, str]]:
    if not isinstance(value, list):
        yield None, f"expected a list such as [a, b], got {_type_name(value)}"
        return
    seen = set()
    for i, item in enumerate(value):
        if kind == "strings":
            problem = _check_text(item, single_line=True)
        elif kind == "tags":
            problem = None if isinstance(item, (str, int)) and _TAG.match(str(item)) else \
                f"tag '{item}' must be lowercase letters, digits and hyphens"
        else:
            problem = _check_value("ref", name, item, meta)
        if problem:
            yield i, problem
        elif item in seen:
            yield i, f"'{item}' is listed twice; remove one"
        seen.add(item)


@lru_cache(maxsize=None)
def _spec_table(record_type: type) -> tuple[dict[str, Any], tuple[str, ...]]:
    """name -> field, and the required names, of a record type (computed once per type)."""
    specs = {f.name: f for f in schema_fields(record_type)}
    return specs, tuple(name for name, f in specs.items() if f.metadata["required"])


def build_record(record_type: type, data: Any, positions: dict, path: str, line: int,
                 column: int) -> tuple[Any | None, list[Problem]]:
    """A record of record_type from data, or None and the problems that prevent it.

    positions maps key paths inside data to (line, column), as `kb.yamlread` gives them.
    """
    problems: list[Problem] = []

    def at(key_path: tuple, rule: str, message: str) -> None:
        ln, col = positions.get(key_path, (line, column))
        problems.append(Problem(path, ln, col, rule, message))

    kind_name = record_type.__name__.lower()
    if not isinstance(data, dict):
        what = "empty" if data is None else _type_name(data)
        at((), "not-a-mapping", f"expected a {kind_name} as 'key: value' lines, got {what}")
        return None, problems
    specs, required = _spec_table(record_type)
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
        meta = spec.metadata
        kind = meta["kind"]
        if value is None:
            at((key,), "empty-value", f"'{key}' is empty; write its value, or remove the key when it is unknown")
            continue
        if kind in ("refs", "strings", "tags"):
            bad = list(_list_items(kind, key, value, meta))
            for index, message in bad:
                at((key,) if index is None else (key, index), "wrong-type" if index is None else "bad-value",
                   f"'{key}': {message}")
            if not bad:
                values[key] = tuple(str(v) for v in value)
        elif kind == "inferred":
            if not isinstance(value, dict):
                at((key,), "wrong-type", f"'{key}' must map field names to the words that imply them, "
                                         f"e.g. 'year: later this year'")
                continue
            good = {}
            for field_name, words in value.items():
                if field_name not in specs or field_name in ("id", "inferred"):
                    at((key, field_name, "<key>"), "bad-value", f"'{key}' names '{field_name}', which is not a field")
                elif field_name not in data:
                    at((key, field_name, "<key>"), "bad-value",
                       f"'{key}' explains '{field_name}', which the claim does not set; add it or remove this line")
                elif (problem := _check_text(words, single_line=True)):
                    at((key, field_name), "bad-value", f"'{key}.{field_name}' {problem}")
                else:
                    good[field_name] = words
            values[key] = good
        else:
            problem = _check_value(kind, key, value, meta)
            if problem:
                rule = "bad-status" if key == "status" else "bad-value"
                at((key,), rule, f"'{key}' {problem}" if problem.startswith(("is ", "must")) else f"'{key}': {problem}")
            else:
                values[key] = str(value) if kind in ("date",) else value
    missing = [name for name in required if name not in data and name not in misspelt]
    if len(missing) == 1:
        at((), "missing-key", f"missing required key '{missing[0]}' "
                              f"({specs[missing[0]].metadata['doc'].rstrip('.').lower()})")
    elif missing:
        at((), "missing-key", f"missing required keys: {', '.join(missing)}; see `kb schema` or README")
    if problems:
        return None, problems
    return record_type(**values, path=path, line=line, positions=_field_positions(positions)), []


def _field_positions(positions: dict) -> str:
    """'key line column' of each top-level value and list item, ';'-joined (read with `schema.where`)."""
    return ";".join([f"{k[0]} {p[0]} {p[1]}" if len(k) == 1 else f"{k[0]}.{k[1]} {p[0]} {p[1]}"
                     for k, p in positions.items()
                     if len(k) == 1 or (len(k) == 2 and k[1].__class__ is int)])


def known_id(data: Any) -> str | None:
    """The id a record that failed validation still goes by, when it wrote a well-formed one: references
    to it then resolve, and only its own file reports its problems (see `kb.stubs`)."""
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) and _ID.match(value) else None
