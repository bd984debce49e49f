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

from .files import Found, registry_kind
from .schema import ID_PATTERN
from .validate import known_id
from .yamlread import Document

# An entry's id in a registry file that does not parse: `- id: lges` or `  id: lges` on a line of its own.
_REGISTRY_ID_LINE = re.compile(r"^(?:- |  )id: *([a-z0-9][a-z0-9-]*)\s*(?:#.*)?$")
_ID = re.compile(ID_PATTERN)


def stubs_of(found: Found, text: str | None, doc: Document | None, records: list[Any]) -> list[tuple[str, str, int]]:
    """(kind, id, line) of each record in a file that failed to load but can still be named."""
    if found.is_registry:
        kind = registry_kind(found.relpath)
        if kind is None or text is None:
            return []
        if doc is None:  # unreadable YAML: its entries are known by their `id:` lines
            return [(kind, match.group(1), number) for number, line in enumerate(text.splitlines(), 1)
                    if (match := _REGISTRY_ID_LINE.match(line))]
        loaded = {record.line for record in records}
        items = doc.data if isinstance(doc.data, list) else []
        return [(kind, record_id, doc.positions[(i,)][0]) for i, item in enumerate(items)
                if doc.positions[(i,)][0] not in loaded and (record_id := known_id(item))]
    if records:
        return []
    stem = found.relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    record_id = (known_id(doc.data) if doc is not None else None) or (stem if _ID.match(stem) else None)
    return [("claim", record_id, doc.line if doc is not None else 1)] if record_id else []
