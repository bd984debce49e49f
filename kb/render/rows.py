"""The columns of a claim listing, shared by the table, plain text and CSV."""

from __future__ import annotations

from typing import Any

from ..model import KnowledgeBase
from ..schema import Claim
from ..yamlwrite import record_values

COLUMNS = ("id", "year", "status", "speaker", "company", "factory", "claim")


def year_text(claim: Claim) -> str:
    """The year, with '~' in front when the source only implies it."""
    if claim.year is None:
        return ""
    return f"~{claim.year}" if "year" in claim.inferred else str(claim.year)


def row(claim: Claim, kb: KnowledgeBase | None = None) -> dict[str, str]:
    """One listing row; with kb, entity ids become short names for people to read."""
    name = kb.short if kb else (lambda entity_id: entity_id or "")
    return {
        "id": claim.id,
        "year": year_text(claim),
        "status": claim.status,
        "speaker": name(claim.speaker),
        "company": name(claim.company),
        "factory": name(claim.factory),
        "claim": claim.claim,
    }


def as_data(record: Any) -> dict[str, Any]:
    """A record as JSON-ready data: file-format fields that are set, plus its path."""
    data: dict[str, Any] = {}
    for key, value in record_values(record).items():
        if value is None or value == () or value == {}:
            continue
        data[key] = list(value) if isinstance(value, tuple) else value
    data["path"] = record.path
    return data
