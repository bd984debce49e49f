"""JSON Schema (draft 2020-12) of claim and registry files, derived from `kb.model.schema`.

For editors (yaml-language-server) and other tools. It checks what a single file can
show, as strictly as JSON Schema can say it (real calendar dates, canonical periods, known
units, an `inferred` entry only for a field the claim sets); references between files
are `kb check`'s job. Dates are described as text or a year: load files with timestamps
kept as text when validating (as `kb` itself does). With a knowledge base's declared
attributes, the claim schema describes them too.
"""

from __future__ import annotations

from typing import Any, Iterable

from .quantity import KNOWN_NAMES, QUALIFIERS, SCALES, UNITS
from .schema import (
    ENTITY_TYPES,
    ID_PATTERN,
    LEGACY_KEYS,
    MAX_TEXT,
    MULTI_LINE,
    TAG_PATTERN,
    YEAR_RANGE,
    Attribute,
    Claim,
    schema_fields,
)

SCHEMA_NAMES = {"claim": Claim, **ENTITY_TYPES, "attribute": Attribute}

# ---------------------------------------------------------------- patterns

_YEAR = "(?:19[0-9]{2}|20[0-9]{2}|2100)"
assert YEAR_RANGE == (1900, 2100), "update _YEAR"
_LEAP = "(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:0[048]|[2468][048]|[13579][26]))"
_MONTH = "(?:0[1-9]|1[0-2])"
_DAY = ("(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
        "|02-(?:0[1-9]|1[0-9]|2[0-8]))")
DATE = f"(?:{_YEAR}(?:-{_MONTH})?|{_YEAR}-{_DAY}|{_LEAP}-02-29)"
_PART = "(?:H[12]|Q[1-4]|early|mid|late|end|spring|summer|autumn|winter)"
_ONE_PERIOD = f"(?:FY{_YEAR}(?:-(?:H[12]|Q[1-4]))?|{_YEAR}-{_PART}|{DATE})"
PERIOD = f"(?:{_ONE_PERIOD}|{_ONE_PERIOD}\\.\\.{_ONE_PERIOD}|\\.\\.{_ONE_PERIOD}|{_ONE_PERIOD}\\.\\.)"


def _amount(units: Iterable[str], unit_optional: bool) -> str:
    import re

    unit = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    tail = f"(?: (?:{unit}))" + ("?" if unit_optional else "")
    return (f"^(?:(?:{'|'.join(QUALIFIERS)}) )?[0-9]+(?:\\.[0-9]+)?(?: (?:{'|'.join(SCALES)}))?{tail}$")


def _quantity(name: str | None) -> dict[str, Any]:
    """One amount (or a list of the same amount in several units) for a quantity called name."""
    dimensions = KNOWN_NAMES.get(name) if name else None
    units = [u for u, (d, _) in UNITS.items() if dimensions is None or d in dimensions]
    one = {"anyOf": [{"type": "number", "minimum": 0},
                     {"type": "string", "pattern": _amount(units, unit_optional=True)}]}
    return {"anyOf": [one, {"type": "array", "items": one, "minItems": 1, "uniqueItems": True}]}


# ---------------------------------------------------------------- properties

_TEXT = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "pattern": r"\S"}
_LINE = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "pattern": r"^\s*[^\n]*\S[^\n]*\s*$"}
_REF = {"type": "string", "pattern": ID_PATTERN}
_NAME = {"type": "string", "pattern": ID_PATTERN}
_DATE_VALUE = {"anyOf": [{"type": "string", "pattern": f"^{DATE}$"},
                         {"type": "integer", "minimum": YEAR_RANGE[0], "maximum": YEAR_RANGE[1]}]}


def _attribute_value(attribute: Attribute | None) -> dict[str, Any]:
    if attribute is None:
        return {"anyOf": [{"type": "number"}, _LINE]}
    kinds = {"text": _LINE, "number": {"type": "number"}, "choice": {"enum": list(attribute.values)},
             "date": _DATE_VALUE, "quantity": _quantity(None)["anyOf"][0]}
    described = dict(kinds[attribute.type])
    if attribute.description:
        described["description"] = attribute.description
    return described


def _property(spec: Any, all_fields: list[str], attributes: tuple[Attribute, ...] | None) -> dict[str, Any]:
    meta = spec.metadata
    kind = meta["kind"]
    prop: dict[str, Any]
    if kind in ("id", "ref"):
        prop = dict(_REF)
    elif kind == "text":
        prop = dict(_TEXT if spec.name in MULTI_LINE else _LINE)
    elif kind == "refs":
        prop = {"type": "array", "items": _REF, "uniqueItems": True}
    elif kind in ("strings", "values"):
        prop = {"type": "array", "items": _LINE, "uniqueItems": True}
    elif kind == "tags":
        prop = {"type": "array", "uniqueItems": True,
                "items": {"anyOf": [{"type": "string", "pattern": TAG_PATTERN}, {"type": "integer", "minimum": 0}]}}
    elif kind == "period":
        prop = {"anyOf": [{"type": "string", "pattern": f"^{PERIOD}$"},
                          {"type": "integer", "minimum": YEAR_RANGE[0], "maximum": YEAR_RANGE[1]}]}
    elif kind == "date":
        prop = dict(_DATE_VALUE)
    elif kind == "month":
        prop = {"type": "integer", "minimum": 1, "maximum": 12}
    elif kind == "milestone":
        from .milestones import MILESTONES

        prop = {"type": "string", "pattern": TAG_PATTERN, "examples": list(MILESTONES)}
    elif kind == "choice":
        prop = {"enum": list(meta["choices"])}
    elif kind == "url":
        prop = {"type": "string", "pattern": r"^https?://\S+$"}
    elif kind == "path":
        prop = {"type": "string", "minLength": 1, "pattern": r"^(?![A-Za-z]:)(?!/)(?!.*(^|/)\.\.(/|$))[^\\]+$"}
    elif kind == "inferred":
        named = [n for n in all_fields if n not in ("id", "inferred")] + list(LEGACY_KEYS.get(Claim, {}))
        prop = {"type": "object", "propertyNames": {"enum": named}, "additionalProperties": _LINE}
    elif kind == "quantities":
        prop = {"type": "object", "propertyNames": _NAME, "additionalProperties": _quantity(None),
                "properties": {name: _quantity(name) for name in KNOWN_NAMES}}
    elif kind == "attributes":
        prop = {"type": "object", "propertyNames": _NAME, "additionalProperties": _attribute_value(None)}
        if attributes is not None:
            prop["properties"] = {a.name: _attribute_value(a) for a in attributes}
            prop["additionalProperties"] = False
    elif kind == "external":
        prop = {"type": "object", "propertyNames": _NAME,
                "additionalProperties": {"anyOf": [_LINE, {"type": "integer"}]}}
    elif kind == "roles":
        prop = {"type": "array", "uniqueItems": True, "items": {
            "type": "object", "required": ["role"], "additionalProperties": False,
            "properties": {"role": _LINE, "company": _REF, "from": _DATE_VALUE, "until": _DATE_VALUE}}}
    else:  # pragma: no cover - a new kind must be described here
        raise ValueError(f"no JSON Schema for field kind {kind!r}")
    prop["description"] = meta["doc"]
    if meta["choices"]:
        prop["description"] += " " + "; ".join(f"{k}: {v}" for k, v in meta["choices"].items())
    return prop


def _inferred_rules(names: list[str]) -> list[dict[str, Any]]:
    """An `inferred` entry explains a field the claim sets (old `year` standing for `when`)."""
    legacy = LEGACY_KEYS.get(Claim, {})
    aliases = {name: {name, *[old for old, new in legacy.items() if new == name]} for name in names}
    aliases.update({old: {old, new} for old, new in legacy.items()})
    rules = []
    for name, keys in aliases.items():
        if name in ("id", "inferred"):
            continue
        rules.append({"if": {"required": ["inferred"], "properties": {"inferred": {"required": [name]}}},
                      "then": {"anyOf": [{"required": [key]} for key in sorted(keys)]}})
    return rules


def record_schema(record_type: type, attributes: tuple[Attribute, ...] | None = None) -> dict[str, Any]:
    specs = schema_fields(record_type)
    names = [s.name for s in specs]
    schema: dict[str, Any] = {
        "type": "object",
        "description": " ".join((record_type.__doc__ or "").split()),  # one line, however Python kept the indent
        "properties": {s.name: _property(s, names, attributes) for s in specs},
        "required": [s.name for s in specs if s.metadata["required"]],
        "additionalProperties": False,
    }
    for old, new in LEGACY_KEYS.get(record_type, {}).items():
        schema["properties"][old] = dict(schema["properties"][new], deprecated=True,
                                         description=f"The old name of `{new}`; `kb fmt` renames it.")
        schema.setdefault("allOf", []).append({"not": {"required": [old, new]}})
    if record_type is Claim:
        schema.setdefault("allOf", []).extend(_inferred_rules(names))
    return schema


def json_schema(name: str = "claim", attributes: tuple[Attribute, ...] | None = None) -> dict[str, Any]:
    """The schema of a claim file ('claim') or of a registry file ('company', 'person', ...). A registry
    file is a list of entries; a file in a kind folder may also hold one entry. attributes: the
    knowledge base's declared attributes, described in the claim schema (None: any attribute)."""
    record_type = SCHEMA_NAMES[name]
    body = record_schema(record_type, attributes)
    schema: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                              "$id": f"kb-{name}.schema.json", "title": f"kb {name} file"}
    if name == "claim":
        schema.update(body)
    else:
        schema.update({"description": f"A list of {name} entries, or one entry (in a kind folder).",
                       "anyOf": [{"type": "array", "items": body}, body]})
    return schema

