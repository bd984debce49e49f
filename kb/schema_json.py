"""JSON Schema (draft 2020-12) of claim and registry files, derived from `kb.schema`.

For editors (yaml-language-server) and other tools. It checks what a single file
can show; references between files are `kb check`'s job. Dates are described as
text or a year: load files with timestamps kept as text when validating (as
`kb` itself does).
"""

from __future__ import annotations

from typing import Any

from .schema import (DATE_PATTERN, ENTITY_TYPES, ID_PATTERN, MAX_TEXT, MULTI_LINE, TAG_PATTERN, YEAR_RANGE,
                     Claim, schema_fields)

SCHEMA_NAMES = {"claim": Claim, **{f"{kind}": t for kind, t in ENTITY_TYPES.items()}}


def _property(spec: Any, all_fields: list[str]) -> dict[str, Any]:
    meta = spec.metadata
    kind = meta["kind"]
    text = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "pattern": r"\S"}
    ref = {"type": "string", "pattern": ID_PATTERN}
    prop: dict[str, Any]
    if kind == "id" or kind == "ref":
        prop = dict(ref)
    elif kind == "text":
        prop = dict(text)
        if spec.name not in MULTI_LINE:
            prop["pattern"] = r"^\s*[^\n]*\S[^\n]*\s*$"
    elif kind == "refs":
        prop = {"type": "array", "items": ref, "uniqueItems": True}
    elif kind == "strings":
        prop = {"type": "array", "items": text, "uniqueItems": True}
    elif kind == "tags":
        prop = {"type": "array", "uniqueItems": True,
                "items": {"anyOf": [{"type": "string", "pattern": TAG_PATTERN}, {"type": "integer", "minimum": 0}]}}
    elif kind == "year":
        prop = {"type": "integer", "minimum": YEAR_RANGE[0], "maximum": YEAR_RANGE[1]}
    elif kind == "date":
        prop = {"anyOf": [{"type": "string", "pattern": DATE_PATTERN},
                          {"type": "integer", "minimum": YEAR_RANGE[0], "maximum": YEAR_RANGE[1]}]}
    elif kind == "choice":
        prop = {"enum": list(meta["choices"])}
    elif kind == "url":
        prop = {"type": "string", "pattern": r"^https?://\S+$"}
    elif kind == "path":
        prop = {"type": "string", "pattern": r"^(?!/)(?!.*(^|/)\.\.(/|$))[^\\]+$"}
    elif kind == "inferred":
        prop = {"type": "object", "minProperties": 1,
                "propertyNames": {"enum": [n for n in all_fields if n not in ("id", "inferred")]},
                "additionalProperties": text}
    else:  # pragma: no cover - a new kind must be described here
        raise ValueError(f"no JSON Schema for field kind {kind!r}")
    prop["description"] = meta["doc"]
    if meta["choices"]:
        prop["description"] += " " + "; ".join(f"{k}: {v}" for k, v in meta["choices"].items())
    return prop


def record_schema(record_type: type) -> dict[str, Any]:
    specs = schema_fields(record_type)
    names = [s.name for s in specs]
    return {
        "type": "object",
        "description": (record_type.__doc__ or "").strip(),
        "properties": {s.name: _property(s, names) for s in specs},
        "required": [s.name for s in specs if s.metadata["required"]],
        "additionalProperties": False,
    }


def json_schema(name: str = "claim") -> dict[str, Any]:
    """The schema of a claim file ('claim') or of a registry file ('company', 'person', ...)."""
    record_type = SCHEMA_NAMES[name]
    body = record_schema(record_type)
    schema: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                              "$id": f"kb-{name}.schema.json", "title": f"kb {name} file"}
    if name == "claim":
        schema.update(body)
    else:
        schema.update({"type": "array", "description": f"A list of {name} entries.", "items": body})
    return schema
