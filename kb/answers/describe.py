"""What `kb show` says about a claim or an entity, as data; `kb.render.show` lays it out.

Entities are resolved to readable descriptions ("Kim Dong-myeong (CEO, LG Energy
Solution)"), unknown values are said to be unknown, and related claims come with
their text so that nobody has to open another file.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from typing import Any

from ..model.period import Period, of_claim
from ..model.period import parse as parse_period
from ..model.records import KnowledgeBase, display_name, kind_of
from ..model.schema import (
    SOURCE_KINDS,
    STATUSES,
    Claim,
    Factory,
    Person,
    Source,
    schema_fields,
)
from ..store.rows import as_data
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


def describe_entity_ref(kb: KnowledgeBase, entity_id: str | None, said: str | None = None) -> str:
    """One line naming an entity with what identifies it, and its id; for a person, the role held
    when said (a partial date), when the registry dates the person's roles."""
    if not entity_id:
        return ""
    entity = kb.entity(entity_id)
    if entity is None:
        return f"{entity_id} (not in the registry)"
    extra: list[str] = []
    if isinstance(entity, Person):
        held = roles_at(entity, said)
        if held:
            extra = [" / ".join(", ".join(x for x in (r["role"], kb.name(r.get("company")) if r.get("company")
                                                      else None) if x) for r in held)
                     + f" {'on' if len(said) == 10 else 'in'} {said}"]
        else:
            extra = [x for x in (entity.role, kb.name(entity.company) if entity.company else None) if x]
    elif isinstance(entity, Factory):
        place = ", ".join(x for x in (entity.city, entity.region, entity.country) if x)
        extra = [x for x in (place, f"owner {kb.name(entity.owner)}" if entity.owner else None) if x]
    elif isinstance(entity, Source):
        extra = [entity.kind]
    suffix = f" ({'; '.join(extra)})" if extra else ""
    return f"{display_name(entity)}{suffix} [{entity.id}]"


def roles_at(person: Person, said: str | None) -> list[dict]:
    """The dated roles of person that overlap the partial date said (none when said is unknown)."""
    if not said or not person.roles:
        return []
    when = parse_period(said)
    held = []
    for role in person.roles:
        start = parse_period(role["from"]).start if role.get("from") else None
        end = parse_period(role["until"]).end if role.get("until") else None
        if when.overlaps(Period("", start, end, "range")):
            held.append(role)
    return held


def describe_when(kb: KnowledgeBase, claim: Claim) -> str:
    """The period as written, with the dates it spans (and how a fiscal year was placed)."""
    when = of_claim(claim, kb)
    if when is None:
        return UNKNOWN
    span = f"{when.start or 'open'} to {when.end or 'open'}"
    if when.fiscal:
        year_end = getattr(kb.entity(claim.company), "fiscal_year_end", None) if claim.company else None
        how = (f"{kb.name(claim.company)}'s fiscal year ends in {calendar.month_name[year_end]}" if year_end
               else "its company's fiscal year-end is unknown, so every month it may cover")
        span = f"fiscal: {span}; {how}"
    text = f"{claim.when} ({span})"
    if "when" in claim.inferred:
        text += f", inferred from: \"{claim.inferred['when']}\""
    return text


def describe_quote(claim: Claim) -> tuple[str, str]:
    """('Quote', the words) for a verbatim quote; a paraphrase or translation says it is one."""
    if claim.quote_kind == "paraphrase":
        return "Paraphrase", f"{claim.quote} (the source's content in other words, not a quote)"
    if claim.quote_kind == "translation":
        return "Quote", f"“{claim.quote}” (translated)"
    return "Quote", f"“{claim.quote}”"


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


def claim_state(kb: KnowledgeBase, claim: Claim):
    """The claim's state today (kb.answers.state); kb holds the claims relating to it directly."""
    from datetime import date

    from .state import state_of

    return state_of(kb, claim, date.today())


def describe_state(kb: KnowledgeBase, claim: Claim) -> str:
    """The claim's state and the claims that make it so: 'superseded by b', 'current: ...', and the progress
    toward it ('current: ...; progress: hiring 1000 of 4000 jobs (hired-1000)')."""
    from .state import STATES, progress_toward

    state = claim_state(kb, claim)
    progress = progress_toward(kb, claim)
    return state.name + (f" by {', '.join(state.by)}" if state.by else f": {STATES[state.name]}") \
        + (f"; progress: {', '.join(progress)}" if progress else "")


def describe_claim(kb: KnowledgeBase, claim: Claim) -> Detail:
    source = kb.entity(claim.source)
    said = claim.said or getattr(source, "date", None)
    lines = [
        ("Claim", claim.claim),
        ("Speaker", describe_entity_ref(kb, claim.speaker, said)),
        ("Company", describe_entity_ref(kb, claim.company) or "none named"),
        ("Concerns", "; ".join(describe_entity_ref(kb, c) for c in claim.concerns) or "none named"),
        ("Product", claim.product or "none named"),
        ("Factory", describe_entity_ref(kb, claim.factory) or "none named"),
        ("When", describe_when(kb, claim)),
        ("Said", claim.said or (f"{said} (the source's date)" if said else UNKNOWN)),
        ("Status", f"{claim.status}: {STATUSES.get(claim.status, '')}"),
        ("State", describe_state(kb, claim)),
        *describe_source(kb, claim.source),
        describe_quote(claim),
    ]
    for name, value in claim.quantities.items():
        lines.append((name.capitalize(), " = ".join(value) if isinstance(value, tuple) else str(value)))
    for name, value in claim.attributes.items():
        lines.append((name.capitalize(), str(value)))
    for name, words in claim.inferred.items():
        if name != "when":
            lines.append((f"Inferred {name}", f"from: \"{words}\""))
    if claim.external:
        lines.append(("External ids", "; ".join(f"{system} {value}" for system, value in claim.external.items())))
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
    state = claim_state(kb, claim)
    data.update({"state": state.name, **({"state_by": list(state.by)} if state.by else {})})
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
        elif spec.metadata["kind"] == "roles":
            value = "; ".join(", ".join(x for x in (r["role"], kb.name(r.get("company")) if r.get("company") else "",
                                                    _held(r)) if x) for r in value)
        elif spec.metadata["kind"] == "month" and value:
            value = calendar.month_name[value]
        elif isinstance(value, tuple):
            value = ", ".join(value)
        elif isinstance(value, dict) or hasattr(value, "items"):
            value = "; ".join(f"{k} {v}" for k, v in value.items())
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


def _held(role: dict) -> str:
    """'from 2023-11', '2019 to 2023-11', '' when undated."""
    if role.get("from") and role.get("until"):
        return f"{role['from']} to {role['until']}"
    return f"from {role['from']}" if role.get("from") else f"until {role['until']}" if role.get("until") else ""


def describe(kb: KnowledgeBase, record: Any) -> Detail:
    return describe_claim(kb, record) if isinstance(record, Claim) else describe_entity(kb, record)
