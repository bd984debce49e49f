"""What the index still knows of records that failed to load: their kind, id, file and line.

A claim with `status: plannd` or a source with `date: March 2025` is left out of every
answer, and its file reports why. Claims that refer to it are fine, though: without a
stub, each of them would report a missing id, and in a pull request those annotations
would land on files nobody touched. References resolve against stubs too
(`kb.checks.references`), so an error stays with the file that has it.
"""

from __future__ import annotations

import re
from typing import Any

from ..model.schema import ID_PATTERN, REGISTRY_TYPES, schema_fields
from ..model.validate import known_id
from .files import Found, registry_kind
from .yamlread import Document

# An entry's id in a registry file that does not parse: `- id: lges`, `  id: lges` or `id: lges` on its own line.
_ID_LINE = r"^(?:- |  )?{key}: *([a-z0-9][a-z0-9-]*)\s*(?:#.*)?$"
_ID = re.compile(ID_PATTERN)


def _id_key(kind: str) -> str:
    """The field a kind of registry entry is known by: `id`, or `name` for a declared attribute."""
    return next(spec.name for spec in schema_fields(REGISTRY_TYPES[kind]) if spec.metadata["kind"] == "id")


def _stem(relpath: str) -> str | None:
    stem = relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem if _ID.match(stem) else None


def stubs_of(found: Found, text: str | None, doc: Document | None, records: list[Any]) -> list[tuple[str, str, int]]:
    """(kind, id, line) of each record in a file that failed to load but can still be named."""
    if not found.is_registry:  # a claim file holds one claim, whose id is the file's stem
        if records:
            return []
        record_id = (known_id(doc.data) if doc is not None else None) or _stem(found.relpath)
        return [("claim", record_id, doc.line if doc is not None else 1)] if record_id else []
    kind, in_folder = registry_kind(found.relpath)
    if kind is None:
        return []
    key = _id_key(kind)
    if doc is None:  # unreadable YAML: its entries are known by their `id:` lines (a kind folder's file by its stem)
        id_line = re.compile(_ID_LINE.format(key=key))
        named = [(kind, match.group(1), number) for number, line in enumerate((text or "").splitlines(), 1)
                 if (match := id_line.match(line))]
        stem = _stem(found.relpath) if in_folder else None
        return named or ([(kind, stem, 1)] if stem else [])
    if isinstance(doc.data, dict) and in_folder:  # a kind folder's file holding one entry
        record_id = None if records else known_id(doc.data, key) or _stem(found.relpath)
        return [(kind, record_id, doc.line)] if record_id else []
    loaded = {record.line for record in records}
    items = doc.data if isinstance(doc.data, list) else []
    return [(kind, record_id, doc.positions[(i,)][0]) for i, item in enumerate(items)
            if doc.positions[(i,)][0] not in loaded and (record_id := known_id(item, key))]
