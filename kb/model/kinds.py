"""How a value of each kind of field is checked and normalised (the kinds of `kb.model.schema.spec`).

`check(kind, name, value, meta, data)` gives the value as records keep it, or None, and the
problems as (where inside the field, rule, message): `()` is the value itself, `(2,)` a list
item, `("capacity",)` a mapping's value and `("capacity", "<key>")` its key. `kb.model.validate`
turns them into `Problem`s with file, line and column.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Any, Callable, Iterator

from .schema import (
    DATE_PATTERN,
    ID_PATTERN,
    MAX_TEXT,
    MULTI_LINE,
    TAG_PATTERN,
    YEAR_RANGE,
    Claim,
    schema_fields,
)

_ID = re.compile(ID_PATTERN)
_TAG = re.compile(TAG_PATTERN)
_DATE = re.compile(DATE_PATTERN)

Found = tuple[tuple, str, str]


def type_name(value: Any) -> str:
    return {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list",
            dict: "a mapping", type(None): "empty"}.get(type(value), type(value).__name__)


def check_date(value: Any) -> str | None:
    """None when value is a valid partial date, else what is wrong with it."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return f"expected a date like 2024, 2024-03 or 2024-03-06, got {type_name(value)}"
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


def check_text(value: Any, single_line: bool = True) -> str | None:
    if not isinstance(value, str):
        return f"expected text, got {type_name(value)}; put quotes around it if it is meant as text"
    if not value.strip():
        return "is empty; write the value or remove the key"
    if len(value) > MAX_TEXT:
        return f"is {len(value)} characters long, over the {MAX_TEXT} limit"
    if single_line and "\n" in value.strip():
        return "must be one line"
    return None


def _ref(value: Any, meta: dict) -> str | None:
    """An id, or one line of text: a name where an id belongs ('Panasonic') is `kb check`'s to point to
    the id it names (kb.checks.references), which one file cannot know."""
    if not isinstance(value, str) or check_text(value, single_line=True):
        return f"expected an id ({', '.join(meta['refs'])}), got {type_name(value)}"
    return None


def _one(problem: str | None, value: Any) -> tuple[Any, list[Found]]:
    return (None, [((), "bad-value", problem)]) if problem else (value, [])


# ---------------------------------------------------------------- single values

def _id(name, value, meta, data):
    ok = isinstance(value, str) and _ID.match(value)
    return _one(None if ok else f"'{value}' is not a valid id: use lowercase letters, digits and hyphens", value)


def _text(name, value, meta, data):
    return _one(check_text(value, single_line=name not in MULTI_LINE), value)


def _ref_kind(name, value, meta, data):
    return _one(_ref(value, meta), value)


def _choice(name, value, meta, data):
    choices = meta["choices"]
    if value in choices:
        return value, []
    close = difflib.get_close_matches(str(value), list(choices), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    rule = "bad-status" if name == "status" else "bad-value"
    return None, [((), rule, f"'{value}' is not allowed; {hint}use one of: {', '.join(choices)}")]


def _period(name, value, meta, data):
    from .period import canonical

    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None, [((), "bad-value", f"expected a period such as 2026, 2026-H2 or 2025-late, got "
                                         f"{type_name(value)}")]
    text = str(value)
    if re.search(r"(?i)\b(next|this|last|later|soon|coming|current)\b", text):
        return None, [((), "bad-value", f"'{text}' is relative: write the period it means (e.g. 2025) and add "
                                         f"`inferred: {{{name}: {text}}}` to say the source only implies it")]
    if text.startswith("~") or re.search(r"(?i)-?(ish|approx|about|circa|ca\.?)$", text):
        return None, [((), "bad-value", f"'{text}' is not a period: write the period the words point to "
                                         f"(e.g. {re.sub(r'[^0-9]', '', text)[:4] or '2025'}) and add "
                                         f"`inferred: {{{name}: <the source's words>}}` to say the source only "
                                         f"implies it")]
    try:
        written = canonical(text)
    except ValueError as error:
        return None, [((), "bad-value", str(error))]
    if written != text:
        return None, [((), "bad-value", f"write '{text}' as '{written}'")]
    return text, []


def _milestone(name, value, meta, data):
    """A milestone's id; whether kb knows it (its own list, or the registry's milestones.yaml) is for
    `kb check` to say (kb.checks.milestones), which sees the registry."""
    ok = isinstance(value, str) and _TAG.match(value)
    return _one(None if ok else f"'{value}' is not a milestone id (lowercase letters, digits and hyphens), "
                                "e.g. mass-production", value)


def _month(name, value, meta, data):
    ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 12
    return _one(None if ok else f"expected a month number from 1 to 12, got {value!r}", value)


def _date(name, value, meta, data):
    return _one(check_date(value), str(value) if not isinstance(value, bool) else value)


def _url(name, value, meta, data):
    ok = isinstance(value, str) and re.match(r"^https?://\S+$", value)
    return _one(None if ok else "expected a web address starting with http:// or https://", value)


def _path(name, value, meta, data):
    bad = (not isinstance(value, str) or not value or value.startswith("/") or ".." in value.split("/")
           or "\\" in value or re.match(r"^[A-Za-z]:", value) is not None)
    return _one("expected a path relative to the repository root, without '..'" if bad else None, value)


# ---------------------------------------------------------------- lists

def _items(name: str, value: Any, each: Callable[[Any], str | None]) -> tuple[Any, list[Found]]:
    if not isinstance(value, list):
        return None, [((), "wrong-type", f"expected a list such as [a, b], got {type_name(value)}")]
    problems: list[Found] = []
    seen = set()
    for i, item in enumerate(value):
        problem = each(item)
        if problem:
            problems.append(((i,), "bad-value", problem))
            continue  # a wrong item (a list in the list) may not even be hashable
        marker = item if not isinstance(item, dict) else repr(sorted(item.items()))
        if marker in seen:
            problems.append(((i,), "bad-value", f"'{item}' is listed twice; remove one"))
        seen.add(marker)
    if problems:
        return None, problems
    return tuple(item if isinstance(item, dict) else str(item) for item in value), []


def _refs(name, value, meta, data):
    return _items(name, value, lambda item: _ref(item, meta))


def _strings(name, value, meta, data):
    return _items(name, value, lambda item: check_text(item, single_line=True))


def _values(name, value, meta, data):
    """A choice's values: text, or numbers (ratings of 1 to 5), kept as text."""
    return _items(name, value, lambda item: None if isinstance(item, (int, float)) and not isinstance(item, bool)
                  else check_text(item, single_line=True))


def _tags(name, value, meta, data):
    return _items(name, value, lambda item: None if isinstance(item, (str, int)) and not isinstance(item, bool)
                  and _TAG.match(str(item)) else f"tag '{item}' must be lowercase letters, digits and hyphens")


ROLE_KEYS = ("role", "company", "from", "until")


def _role(item: Any) -> str | None:
    if not isinstance(item, dict):
        return f"expected {{role: ..., company: ..., from: ..., until: ...}}, got {type_name(item)}"
    unknown = [k for k in item if k not in ROLE_KEYS]
    if unknown:
        return f"unknown key '{unknown[0]}' in a role; use {', '.join(ROLE_KEYS)}"
    if "role" not in item:
        return "a role needs 'role:'"
    problem = check_text(item["role"]) or (_ref(item["company"], {"refs": ("company",)}) if "company" in item
                                           else None)
    for key in ("from", "until"):
        if problem is None and key in item:
            problem = check_date(item[key])
            if problem is None:
                item[key] = str(item[key])
    if problem is None and "from" in item and "until" in item and str(item["until"]) < str(item["from"])[:len(
            str(item["until"]))]:
        problem = f"'until: {item['until']}' is before 'from: {item['from']}'"
    return problem


def _roles(name, value, meta, data):
    return _items(name, value, _role)


# ---------------------------------------------------------------- mappings

def _mapping(name: str, value: Any, example: str, each: Callable[[str, Any], tuple[Any, str | None]],
             key_pattern: re.Pattern = _ID) -> tuple[Any, list[Found]]:
    if not isinstance(value, dict):
        return None, [((), "wrong-type", f"'{name}' must be 'key: value' lines under it, e.g. '{example}'")]
    out, problems = {}, []
    for key, item in value.items():
        if not isinstance(key, str) or not key_pattern.match(key):
            problems.append(((key, "<key>"), "bad-value", f"'{key}' is not a valid name: use lowercase letters, "
                                                           "digits and hyphens"))
            continue
        normalised, problem = each(key, item)
        if problem:
            problems.append(((key,), "bad-value", problem))
        else:
            out[key] = normalised
    return (None, problems) if problems else (out, [])


def _inferred(name, value, meta, data):
    specs = {s.name for s in schema_fields(Claim)}

    def each(field_name: str, words: Any) -> tuple[Any, str | None]:
        return words, check_text(words, single_line=True)

    if not isinstance(value, dict):
        return _mapping(name, value, "when: later this year", each)
    problems: list[Found] = []
    for field_name in value:
        if field_name not in specs or field_name in ("id", "inferred"):
            problems.append(((field_name, "<key>"), "bad-value", f"'{name}' names '{field_name}', which is not a "
                                                                  "field"))
        elif field_name not in data:
            problems.append(((field_name, "<key>"), "bad-value",
                             f"'{name}' explains '{field_name}', which the claim does not set; add it or remove "
                             "this line"))
    result, more = _mapping(name, {k: v for k, v in value.items() if k in specs and k in data
                                   and k not in ("id", "inferred")}, "when: later this year", each,
                            re.compile(r"^[a-z_]+$"))
    problems += more
    return (None, problems) if problems else (result, [])


def _quantity_value(key: str, item: Any) -> tuple[Any, str | None]:
    from .quantity import check_for_name, parse

    values = item if isinstance(item, list) else [item]
    if not values:
        return None, "an empty list; write the amount"
    for one in values:
        try:
            problem = check_for_name(key, parse(one))
        except ValueError as error:
            return None, str(error)
        if problem:
            return None, problem
    if isinstance(item, list):
        if len(set(map(str, item))) != len(item):
            return None, "an amount is listed twice; remove one"
        return tuple(item), None
    return item, None


def _quantities(name, value, meta, data):
    return _mapping(name, value, "capacity: 53 GWh/yr", _quantity_value)


def _attribute_value(key: str, item: Any) -> tuple[Any, str | None]:
    if isinstance(item, bool):
        return None, f"got {str(item).lower()}, which YAML reads as true/false; put quotes around it: " \
                     f"\"{str(item).lower()}\""
    if isinstance(item, (int, float)):
        return item, None
    return item, check_text(item, single_line=True)


def _attributes(name, value, meta, data):
    return _mapping(name, value, "chemistry: LFP", _attribute_value)


def _external_value(key: str, item: Any) -> tuple[Any, str | None]:
    if isinstance(item, bool) or not isinstance(item, (str, int)):
        return None, f"expected an id in that system, got {type_name(item)}"
    return str(item), check_text(str(item), single_line=True)


def _external(name, value, meta, data):
    return _mapping(name, value, "mastr: SEE912345678", _external_value)


def typed_pair(kind: str, text: str, declared: str | None = None) -> Any:
    """What a NAME=VALUE typed for a mapping field (`kb new --quantity`, `kb set ... --add`, a prompt) stands
    for, the same on every path: a bare amount is a number in `quantities` (jobs=1500 -> 1500, 2.5 -> 2.5), so
    is the value of an attribute declared `number`; everything else (other systems' ids, inferred words,
    text and choice attributes) stays text as typed ('7' of a text attribute is '7').

    Passing: typed_pair("quantities", "1500") == 1500; typed_pair("external", "0042") == "0042".
    """
    value = text.strip()
    if kind == "quantities" or kind == "attributes" and declared == "number":
        if re.fullmatch(r"\d+", value):
            return int(value)
        if re.fullmatch(r"\d+\.\d+", value):
            return float(value)
    return value


CHECKERS: dict[str, Callable[[str, Any, dict, dict], tuple[Any, list[Found]]]] = {
    "id": _id, "text": _text, "ref": _ref_kind, "choice": _choice, "period": _period, "month": _month,
    "milestone": _milestone,
    "date": _date, "url": _url, "path": _path,
    "refs": _refs, "strings": _strings, "values": _values, "tags": _tags, "roles": _roles,
    "inferred": _inferred, "quantities": _quantities, "attributes": _attributes, "external": _external,
}


def check(kind: str, name: str, value: Any, meta: dict, data: dict) -> tuple[Any, list[Found]]:
    """The value as records keep it (None when it is wrong), and its problems."""
    return CHECKERS[kind](name, value, meta, data)


def positions_of(positions: dict) -> Iterator[tuple[tuple, tuple[int, int]]]:
    """The positions a record keeps: each field, list item and mapping entry."""
    for key, place in positions.items():
        if len(key) == 1 or (len(key) == 2 and key[1] != "<key>"):
            yield key, place
