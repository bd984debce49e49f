"""The rows of the entity tables (`kb companies`, `people`, `factories`, `sources`): what a person reads."""

from __future__ import annotations

from typing import Any

from ..model.records import KnowledgeBase


ENTITY_COLUMNS = {
    "company": ("id", "name", "aliases", "country", "claims"),
    "person": ("id", "name", "role", "company", "claims"),
    "factory": ("id", "name", "owner", "location", "claims"),
    "source": ("id", "title", "kind", "publisher", "date", "claims"),
}


def entity_row(entity: Any, kb: KnowledgeBase, count: int) -> dict[str, str]:
    """One row of an entity table: its own fields, references as names, and its claim count."""
    location = ", ".join(x for x in (getattr(entity, "city", None), getattr(entity, "region", None),
                                     getattr(entity, "country", None)) if x)
    return {
        "id": entity.id,
        "name": getattr(entity, "name", "") or "",
        "title": getattr(entity, "title", "") or "",
        "aliases": ", ".join(getattr(entity, "aliases", ())),
        "country": getattr(entity, "country", "") or "",
        "role": getattr(entity, "role", "") or "",
        "company": kb.name(getattr(entity, "company", None)),
        "owner": kb.name(getattr(entity, "owner", None)),
        "location": location,
        "kind": getattr(entity, "kind", "") or "",
        "publisher": getattr(entity, "publisher", None) or "unknown",
        "date": getattr(entity, "date", None) or "unknown",
        "claims": str(count),
    }
