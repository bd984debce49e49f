"""The columns of a claim listing, shared by the table, plain text and CSV."""

from __future__ import annotations

from typing import Any

from ..model.records import KnowledgeBase
from ..model.schema import Claim, schema_fields

COLUMNS = ("id", "when", "status", "state", "speaker", "company", "factory", "claim")


def when_text(claim: Claim) -> str:
    """The period, with '~' in front when the source only implies it."""
    if claim.when is None:
        return ""
    return f"~{claim.when}" if "when" in claim.inferred else claim.when


def row(claim: Claim, kb: KnowledgeBase | None = None) -> dict[str, str]:
    """One listing row; with kb, entity ids become short names for people to read."""
    name = kb.short if kb else (lambda entity_id: entity_id or "")
    return {
        "id": claim.id,
        "when": when_text(claim),
        "status": claim.status,
        "speaker": name(claim.speaker),
        "company": name(claim.company),
        "factory": name(claim.factory),
        "said": claim.said or "",
        "claim": claim.claim,
    }


def as_data(record: Any) -> dict[str, Any]:
    """A record as JSON-ready data: file-format fields that are set, plus its path."""
    data: dict[str, Any] = {}
    for spec in schema_fields(type(record)):
        value = getattr(record, spec.name)
        if value is None or value == () or value == {}:
            continue
        data[spec.name] = list(value) if isinstance(value, tuple) else value
    data["path"] = record.path
    return data


def data_keys(record_type: type) -> tuple[str, ...]:
    """Every key `as_data` can give for a record type, in order: one fixed header for CSV."""
    return (*(spec.name for spec in schema_fields(record_type)), "path")
