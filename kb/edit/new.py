"""Making a new claim file: resolve names to ids, choose an id and a path, validate, render.

`plan_claim` does everything except writing, so that `kb new` can show or refuse
the result, and tests can check it without touching the disk.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

from ..answers.query import QueryError, match_entities
from ..checks import QUERY_CHECKS, milestones, quotes, run_checks
from ..checks.duplicates import one_word_apart, words_of
from ..model.ids import claim_id, unique
from ..model.problem import Problem
from ..model.records import KnowledgeBase, entity_names
from ..model.schema import RELATIONS, Claim, schema_fields
from ..model.validate import build_record
from ..store.index import Index
from ..store.yamlread import read_document
from ..store.yamlwrite import dump_claim

# Fields whose values may be given as names or aliases and are stored as ids.
ENTITY_FIELDS = {"speaker": ("person", "company", "source"), "company": ("company",),
                 "concerns": ("company",), "factory": ("factory",), "source": ("source",)}
# What `kb add` adds for a name nobody answers to, by field.
ADD_KIND = {"speaker": "person", "company": "company", "concerns": "company", "factory": "factory",
            "source": "source"}


@dataclass
class Plan:
    """What `kb new` would write, or the problems that stop it."""

    relpath: str
    text: str
    claim: Claim | None
    problems: list[Problem]


def choose_id(kb: KnowledgeBase, values: dict[str, Any]) -> str:
    """A readable id (see `kb.model.ids.claim_id`), unique in the knowledge base."""
    wanted = {values.get(k) for k in ("company", "speaker", "factory")}
    entities = getattr(kb, "entities", ())  # kb.extract passes only the ids taken so far
    names = {e.id: entity_names(e) for e in entities if e.id in wanted}
    taken = set(kb.claims_by_id) | set(kb.entities_by_id)
    return unique(claim_id(values, names), taken)


def add_command(field_name: str, term: str) -> str:
    """The `kb add` command that registers a name a claim's field cannot resolve."""
    kind = ADD_KIND.get(field_name, "company")
    flag = "--title" if kind == "source" else "--name"
    return f"kb add {kind} {flag} {shlex.quote(term)}"


def quote_problem(kb: KnowledgeBase, source: str | None, quote: str) -> str | None:
    """Why quote is not its source's words, when the source (an id, name or alias) has an archived text
    to compare it with; else None. Compared as the `quote-not-in-source` check compares."""
    from ..store.files import FileProblem, inside, read_text

    try:
        ids = sorted(match_entities(kb, ("source",), source)) if source not in kb.entities_by_id else [source]
    except QueryError:
        return None
    entity = kb.entities_by_id.get(ids[0]) if len(ids) == 1 else None
    archive = getattr(entity, "archive", None)
    if not archive or not inside(kb.root, kb.root / archive):
        return None
    try:
        text = read_text(kb.root / archive)
    except FileProblem:
        return None
    if quotes.normalise(quote) in quotes.normalise(text):
        return None
    return f"the quote is not in the archived text of '{entity.id}' ({archive}); copy it verbatim from the source"


MISSING_HINT = "give them as flags, or run kb new on a terminal to be asked for them"


def missing_fields(values: dict[str, Any]) -> list[str]:
    """The required fields values leave out (the id is chosen, so never missing)."""
    return [s.name for s in schema_fields(Claim) if s.metadata["required"] and s.name != "id"
            and values.get(s.name) in (None, "", [], ())]


def flag_of(name: str) -> str:
    """The `kb new` option that gives a field."""
    return "--relation" if name in RELATIONS else {"tags": "--tag"}.get(name, f"--{name.replace('_', '-')}")


def problem_field(plan: Plan, problem: Problem) -> str | None:
    """The field of the claim a problem of plan is about; None when it is about no field (an internal one)."""
    if problem.rule == "exists":
        return "id"
    if problem.rule == "round-trip":
        return None
    lines = plan.text.splitlines()
    for number in range(min(problem.line, len(lines)) - 1, -1, -1):
        if lines[number] and not lines[number].startswith((" ", "#", "-")):
            return lines[number].split(":", 1)[0]
    return None


def field_message(name: str, message: str) -> str:
    """A problem's message without the field's name it starts with ("'said': '2024-13' is ..." -> "'2024-13' is
    ...") , for showing after the field's flag or prompt."""
    for lead in (f"'{name}': ", f"'{name}' "):
        if message.startswith(lead):
            return message[len(lead):]
    return message


def probable_duplicates(kb: KnowledgeBase, values: dict[str, Any]) -> list[Claim]:
    """Existing claims by the same speaker saying nearly the same thing (as `kb check` warns about)."""
    words = words_of(values.get("claim") or "")
    return [c for c in kb.claims if c.speaker == values.get("speaker") and c.id != values.get("id")
            and one_word_apart(words, words_of(c.claim))]


def resolve_names(kb: KnowledgeBase, values: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """values with entity names and aliases replaced by ids; errors for names nobody answers to."""
    resolved, errors = dict(values), []
    for name, kinds in ENTITY_FIELDS.items():
        given = values.get(name)
        if not given:
            continue
        out = []
        for term in given if isinstance(given, (list, tuple)) else [given]:
            if term in kb.entities_by_id:
                out.append(term)
                continue
            try:
                ids = sorted(match_entities(kb, kinds, term))
            except QueryError as error:
                errors.append(f"--{name}: {error}; to add it: {add_command(name, term)}")
                continue
            if len(ids) > 1:
                errors.append(f"--{name}: '{term}' could be {', '.join(ids)}; give the id")
            else:
                out.append(ids[0])
        resolved[name] = out if isinstance(given, (list, tuple)) else (out[0] if out else given)
    return resolved, errors


def plan_claim(kb: KnowledgeBase, values: dict[str, Any], folder: str | None = None) -> Plan:
    """The file `kb new` would write for values (field name -> value)."""
    values = as_text(values)
    values.setdefault("id", choose_id(kb, values))
    folder = (folder or f"claims/{values.get('source') or 'unsorted'}").strip("/")
    relpath = f"{folder}/{values['id']}.yaml"
    known = {s.name for s in schema_fields(Claim)}
    text = dump_claim({k: v for k, v in values.items() if k in known}, Claim)
    doc = read_document(text)
    claim, problems = build_record(Claim, doc.data, doc.positions, relpath, doc.line, doc.column)
    if claim is not None:
        related = [c for c in kb.claims if c.id in {t for r in RELATIONS for t in getattr(claim, r)}]
        trial = Index.from_records(kb.root, [*kb.entities, *related, claim])
        problems = [p for p in run_checks(trial, (*QUERY_CHECKS, quotes, milestones)) if p.path == relpath]
        if any(c.path == relpath for c in kb.claims) or values["id"] in kb.claims_by_id:
            problems.append(Problem(relpath, 1, 1, "exists", f"a claim '{values['id']}' already exists; "
                                                             "choose another --id"))
    if claim is not None and _plain(claim) != _plain_values(values, known):
        problems.append(Problem(relpath, 1, 1, "round-trip", "the file would not load back to what was asked; "
                                                             "please report this"))
    return Plan(relpath, text, claim if not problems else None, problems)


def _plain(claim: Claim) -> dict[str, Any]:
    out = {}
    for spec in schema_fields(Claim):
        value = getattr(claim, spec.name)
        if value not in (None, (), {}):
            out[spec.name] = list(value) if isinstance(value, tuple) else value
    return out


def _plain_values(values: dict[str, Any], known: set[str]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items() if k in known}


# Field kinds whose values are text in records, whatever YAML (a draft, a flag) made of them: `2026` is
# read as a number and `2024-03-06` as a date, but `when: 2026` and `said: 2024-03-06` are text.
TEXT_KINDS = ("period", "date")


def as_text(values: dict[str, Any]) -> dict[str, Any]:
    """values without empty ones, periods and dates as text (2026 -> '2026', date(2024, 3, 6) -> '2024-03-06')."""
    kinds = {s.name: s.metadata["kind"] for s in schema_fields(Claim)}
    return {k: str(v) if kinds.get(k) in TEXT_KINDS and not isinstance(v, (str, bool)) else v
            for k, v in values.items() if v not in (None, (), [], {}, "")}
