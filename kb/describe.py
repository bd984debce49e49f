"""What `kb show` says about a claim or an entity, as data; `kb.render.show` lays it out.

Entities are resolved to readable descriptions ("Kim Dong-myeong (CEO, LG Energy
Solution)"), unknown values are said to be unknown, and related claims come with
their text so that nobody has to open another file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import KnowledgeBase, display_name, kind_of
from .render.rows import as_data, year_text
from .schema import SOURCE_KINDS, STATUSES, Claim, Factory, Person, Source, schema_fields
from .xref import ROLE_LABELS, claims_touching, links

UNKNOWN = "unknown"


@dataclass
class Detail:
    """A titled list of (label, value) lines and sections of (label, claim id, claim text) lines."""

    kind: str
    id: str
    title: str
    fields: list[tuple[str, str]]
    sections: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)


def describe_entity_ref(kb: KnowledgeBase, entity_id: str | None) -> str:
    """One line naming an entity with what identifies it, and its id."""
    if not entity_id:
        return ""
    entity = kb.entity(entity_id)
    if entity is None:
        return f"{entity_id} (not in the registry)"
    extra: list[str] = []
    if isinstance(entity, Person):
        extra = [x for x in (entity.role, kb.name(entity.company) if entity.company else None) if x]
    elif isinstance(entity, Factory):
        place = ", ".join(x for x in (entity.city, entity.region, entity.country) if x)
        extra = [x for x in (place, f"owner {kb.name(entity.owner)}" if entity.owner else None) if x]
    elif isinstance(entity, Source):
        extra = [entity.kind]
    suffix = f" ({'; '.join(extra)})" if extra else ""
    return f"{display_name(entity)}{suffix} [{entity.id}]"


def describe_source(kb: KnowledgeBase, source_id: str) -> list[tuple[str, str]]:
    source = kb.entity(source_id)
    if not isinstance(source, Source):
        return [("Source", describe_entity_ref(kb, source_id))]
    return [
        ("Source", f"{source.title} [{source.id}]"),
        ("Kind", f"{source.kind}: {SOURCE_KINDS.get(source.kind, '')}"),
        ("Publisher", source.publisher or UNKNOWN),
        ("Published", source.date or UNKNOWN),
        ("URL", source.url or UNKNOWN),
    ]


def describe_claim(kb: KnowledgeBase, claim: Claim) -> Detail:
    year = year_text(claim).lstrip("~") or UNKNOWN
    if "year" in claim.inferred:
        year += f" (inferred from: \"{claim.inferred['year']}\")"
    lines = [
        ("Claim", claim.claim),
        ("Speaker", describe_entity_ref(kb, claim.speaker)),
        ("Company", describe_entity_ref(kb, claim.company) or "none named"),
        ("Concerns", "; ".join(describe_entity_ref(kb, c) for c in claim.concerns) or "none named"),
        ("Product", claim.product or "none named"),
        ("Factory", describe_entity_ref(kb, claim.factory) or "none named"),
        ("Year", year),
        ("Said", claim.said or UNKNOWN),
        ("Status", f"{claim.status}: {STATUSES.get(claim.status, '')}"),
        *describe_source(kb, claim.source),
        ("Quote", f"“{claim.quote}”"),
    ]
    for name, words in claim.inferred.items():
        if name != "year":
            lines.append((f"Inferred {name}", f"from: \"{words}\""))
    if claim.tags:
        lines.append(("Tags", ", ".join(claim.tags)))
    if claim.note:
        lines.append(("Note", claim.note))
    lines.append(("File", f"{claim.path}:{claim.line}"))
    related: list[tuple[str, str, str]] = []
    for link in links(kb, claim):
        other = kb.claims_by_id.get(link.other)
        related.append((link.label, link.other, other.claim if other else "(no such claim)"))
    data = as_data(claim)
    data["related"] = [{"relation": label, "id": other, "claim": text} for label, other, text in related]
    data["names"] = {k: kb.name(getattr(claim, k)) for k in ("speaker", "company", "factory", "source")
                     if getattr(claim, k)}
    return Detail("claim", claim.id, claim.id, lines, {"Related claims": related} if related else {}, data)


def describe_entity(kb: KnowledgeBase, entity: Any) -> Detail:
    kind = kind_of(entity)
    lines: list[tuple[str, str]] = [("Kind", kind)]
    for spec in schema_fields(type(entity)):
        if spec.name == "id":
            continue
        value = getattr(entity, spec.name)
        if spec.metadata["kind"] == "ref" and value:
            value = describe_entity_ref(kb, value)
        elif isinstance(value, tuple):
            value = ", ".join(value)
        if value or spec.name in ("publisher", "date", "url") and kind == "source":
            lines.append((spec.name.capitalize(), str(value) if value else UNKNOWN))
    lines.append(("File", f"{entity.path}:{entity.line}"))
    sections = {
        f"Claims as {ROLE_LABELS[role]}": [("", c.id, c.claim) for c in claims]
        for role, claims in claims_touching(kb, entity.id).items()
    }
    data = as_data(entity)
    data["kind"] = kind
    data["claims"] = {ROLE_LABELS[role]: [c.id for c in claims]
                      for role, claims in claims_touching(kb, entity.id).items()}
    return Detail(kind, entity.id, f"{display_name(entity)} [{entity.id}]", lines, sections, data)


def describe(kb: KnowledgeBase, record: Any) -> Detail:
    return describe_claim(kb, record) if isinstance(record, Claim) else describe_entity(kb, record)
