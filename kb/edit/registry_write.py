"""Adding entities to the registry: validated, never over an existing id, appended in the canonical layout.

`plan_entities` works out the new text of a registry file without writing: every byte of
the file as it was stays in front, untouched (comments included), and the new entries
follow in `kb fmt`'s layout. The result is read back and must give the old entries
unchanged plus the new ones, or nothing is written.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..model.ids import LEGAL_WORDS, entity_id, unique, words
from ..model.problem import Problem
from ..model.records import KnowledgeBase, entity_names, kind_of
from ..model.schema import ENTITY_TYPES, REGISTRY_FILES, schema_fields
from ..model.validate import build_record
from ..store.files import FileProblem, read_text
from ..store.yamlread import YamlProblem, read_document
from ..store.yamlwrite import dump_registry

PLURAL = {kind: name[:-len(".yaml")] for name, kind in REGISTRY_FILES.items()}
REGISTRY_DIR = "claims/registry"


def registry_path(kind: str, root: Path | None = None, entity_id: str | None = None) -> str:
    """Where a new entity of a kind goes: the kind's list (claims/registry/companies.yaml) when there is one
    or no kind folder; else a file of its own in the kind folder (claims/registry/companies/<id>.yaml)."""
    listed = f"{REGISTRY_DIR}/{PLURAL[kind]}.yaml"
    folder = f"{REGISTRY_DIR}/{PLURAL[kind]}"
    if root is not None and entity_id and not (root / listed).exists() and (root / folder).is_dir():
        return f"{folder}/{entity_id}.yaml"
    return listed


def single_entry_file(relpath: str) -> bool:
    """True for a file in a kind folder (claims/registry/people/...), which may hold one entry as a mapping."""
    from ..store.files import registry_kind

    return registry_kind(relpath)[1]


@dataclass
class Similar:
    """An existing entity that a new one probably duplicates, and why."""

    entity: Any
    reason: str
    exact: bool


@dataclass
class EntityPlan:
    """What adding entities to one registry file would write, or the problems that stop it."""

    relpath: str
    old_text: str | None
    text: str
    records: list[Any]
    problems: list[Problem]
    similar: dict[str, list[Similar]] = field(default_factory=dict)  # new id -> probable duplicates


def name_key(name: str) -> str:
    """A name reduced to what tells it apart: transliterated letters and digits, legal words dropped.

    'Samsung SDI Co., Ltd.' and 'SAMSUNG SDI' share a key, as do 'Kim Dong-myeong' and 'Kim Dongmyeong'.
    """
    kept = [w for w in words(name) if w not in LEGAL_WORDS]
    return "".join(kept or words(name))


def names_of(values: Mapping[str, Any]) -> list[str]:
    names = [values.get("name") or values.get("title")]
    return [n for n in [*names, *(values.get("aliases") or ())] if n]


def similar_entities(kb: KnowledgeBase, kind: str, values: Mapping[str, Any],
                     fuzzy: bool = True) -> list[Similar]:
    """Existing entities of the same kind with the same or a similar name or alias."""
    new = {name_key(n): n for n in names_of(values) if name_key(n)}
    found = []
    for entity in kb.entities:
        if kind_of(entity) != kind:
            continue
        theirs = {name_key(n): n for n in entity_names(entity) if name_key(n)}
        same = next((key for key in new if key in theirs), None)
        if same is not None:
            found.append(Similar(entity, f"'{new[same]}' is the same name as '{theirs[same]}'", True))
            continue
        if not fuzzy:
            continue
        best = max(((difflib.SequenceMatcher(None, a, b).ratio(), a, b) for a in new for b in theirs),
                   default=(0, "", ""))
        if best[0] >= 0.85:
            found.append(Similar(entity, f"'{new[best[1]]}' is close to '{theirs[best[2]]}'", False))
    return found


def clean(values: Mapping[str, Any], record_type: type) -> dict[str, Any]:
    """The values that are file-format fields of record_type, empty ones dropped."""
    known = {spec.name for spec in schema_fields(record_type)}
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in values.items()
            if k in known and v not in (None, "", (), [], {})}


def appended(old_text: str | None, entries: list[dict[str, Any]], record_type: type, single: bool = False) -> str:
    """old_text, byte for byte, then the entries in canonical layout, a blank line before each; a new file
    of its own (single) holds its one entry as a mapping."""
    if single and not old_text and len(entries) == 1:
        from ..store.yamlwrite import dump_claim

        return dump_claim(entries[0], record_type)
    block = dump_registry(entries, record_type)
    if not old_text or not old_text.strip():
        return (old_text or "") + block
    if not old_text.endswith("\n"):
        old_text += "\n"
    return old_text + ("" if old_text.endswith("\n\n") else "\n") + block


def plan_entities(kb: KnowledgeBase, kind: str, items: Iterable[Mapping[str, Any]], relpath: str | None = None,
                  pending: Iterable[str] = (), old_text: str | None = None, fuzzy: bool = True,
                  check_similar: bool = True) -> EntityPlan:
    """Adding items (field -> value; an id is chosen when absent) to one registry file of this kind.

    pending: ids that the same operation adds elsewhere (an owner added alongside), which references
    may name and new ids must avoid. old_text: the file's current text (read from disk when None).
    """
    record_type = ENTITY_TYPES[kind]
    taken = set(kb.claims_by_id) | set(kb.entities_by_id)
    avoid = taken | set(pending)
    entries, problems, similar, clashes = [], [], {}, []
    for item in items:
        values = clean(item, record_type)
        if values.get("id"):
            if values["id"] in taken:
                clashes.append(values["id"])
        else:
            values = {"id": unique(entity_id(kind, values) or kind, avoid), **values}
        taken.add(values["id"])
        avoid.add(values["id"])
        entries.append(values)
    relpath = relpath or registry_path(kind, kb.root, entries[0]["id"] if len(entries) == 1 else None)
    problems += [Problem(relpath, 1, 1, "exists", f"an entity or claim '{i}' already exists; choose another --id")
                 for i in clashes]
    if old_text is None:
        try:
            old_text = current_text(kb.root / relpath)
        except FileProblem as error:  # not UTF-8, too large, a folder: said where, nothing written
            problems.append(Problem(relpath, error.line, error.column, error.rule, error.message))
            old_text = ""
    for values in entries:
        found = similar_entities(kb, kind, values, fuzzy) if check_similar else []
        if found:
            similar[values["id"]] = found
    known = {e.id for e in kb.entities} | set(pending) | {e["id"] for e in entries}
    stem = relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    single = single_entry_file(relpath) and len(entries) == 1 and entries[0]["id"] == stem  # a file of its own
    text = appended(old_text, entries, record_type, single)
    records = _read_back(relpath, old_text, text, entries, record_type, problems)
    for record in records:
        for spec in schema_fields(record_type):
            target = getattr(record, spec.name) if spec.metadata.get("refs") else None
            if target and target not in known:
                problems.append(Problem(relpath, record.line, 1, "unknown-reference",
                                        f"'{spec.name}: {target}' names no entity; add it first "
                                        f"(kb add {spec.metadata['refs'][0]})"))
    return EntityPlan(relpath, old_text, text, records if not problems else [], problems, similar)


def _read_back(relpath: str, old_text: str | None, text: str, entries: list[dict], record_type: type,
               problems: list[Problem]) -> list[Any]:
    """The new entries as records, checking that the old entries read back unchanged."""
    try:
        old = read_document(old_text).data if old_text and old_text.strip() else None
        doc = read_document(text)
    except YamlProblem as error:
        problems.append(Problem(relpath, error.line, error.column, error.rule,
                                f"{relpath} cannot be appended to as it is ({error.message}); run `kb check`"))
        return []
    if old is None and isinstance(doc.data, dict) and len(entries) == 1:  # a file of its own
        record, found = build_record(record_type, doc.data, doc.positions, relpath, doc.line, doc.column)
        problems.extend(found)
        return [record] if record is not None else []
    old = old or []
    if not isinstance(old, list) or not isinstance(doc.data, list) or doc.data[:len(old)] != old:
        problems.append(Problem(relpath, 1, 1, "not-appendable", f"{relpath} is not a plain list of entries; "
                                                                 "fix it (kb check, kb fmt) and try again"))
        return []
    records = []
    for i in range(len(old), len(doc.data)):
        sub = {k[1:]: v for k, v in doc.positions.items() if k and k[0] == i}
        record, found = build_record(record_type, doc.data[i], sub, relpath, *doc.positions[(i,)])
        problems.extend(found)
        if record is not None:
            records.append(record)
    return records


def current_text(path: Path) -> str | None:
    """A registry file's text as it is now (None when there is none yet); FileProblem when it is no UTF-8
    text kb can read."""
    return read_text(path) if path.exists() or path.is_symlink() else None


def write_plan(root: Path, plan: EntityPlan) -> None:
    """Write the registry file, refusing if it changed on disk since it was planned."""
    from ..store.atomic import WriteRefused, write_text_atomic

    path = root / plan.relpath
    try:
        now = current_text(path)
    except FileProblem as error:
        raise WriteRefused(f"{plan.relpath}:{error.line}:{error.column}: {error.message}; nothing written") from None
    if now != plan.old_text:
        raise WriteRefused(f"{plan.relpath} changed while kb was adding to it; nothing written, run the command "
                           "again")
    write_text_atomic(path, plan.text, overwrite=plan.old_text is not None, root=root)


@dataclass
class AddPlan:
    """Adding one entity; for a source, also the archived copy of its text (relpath, text)."""

    entity: EntityPlan
    archive: tuple[str, str] | None = None


SOURCES_DIR = "sources"


def plan_add(kb: KnowledgeBase, kind: str, values: Mapping[str, Any], relpath: str | None = None,
             text: str | None = None) -> AddPlan:
    """Adding one entity; with text (a source's readable text), archiving it as sources/<id>.txt."""
    values = dict(values)
    archive = None
    if kind == "source" and text is not None:
        if not values.get("id") and (values.get("title") or values.get("name")):
            taken = set(kb.claims_by_id) | set(kb.entities_by_id)
            values["id"] = unique(entity_id(kind, values), taken)
        archive_path = f"{SOURCES_DIR}/{values.get('id') or 'source'}.txt"
        values["archive"] = archive_path
        archive = (archive_path, text)
    plan = plan_entities(kb, kind, [values], relpath)
    if archive and (kb.root / archive[0]).exists():
        plan.problems.append(Problem(archive[0], 1, 1, "exists", f"{archive[0]} already exists; choose another "
                                                                  "--id, or register it with --archive instead"))
        plan.records = []
    return AddPlan(plan, archive)


def write_add(root: Path, plan: AddPlan) -> None:
    """The archive (a new file) first, then the registry; the archive is removed if the registry fails."""
    from ..store.atomic import write_text_atomic

    written = None
    try:
        if plan.archive:
            written = root / plan.archive[0]
            write_text_atomic(written, plan.archive[1], overwrite=False, root=root)
        write_plan(root, plan.entity)
    except BaseException:
        if written is not None and written.exists():
            written.unlink()
        raise


ATTRIBUTES_FILE = f"{REGISTRY_DIR}/attributes.yaml"


def plan_attribute(kb: KnowledgeBase, name: str, kind: str, values: Iterable[Any] = (),
                   description: str | None = None, relpath: str | None = None) -> EntityPlan:
    """Declaring an attribute of claims (`kb add attribute`): appended to claims/registry/attributes.yaml in
    kb fmt's layout, the file's bytes before it untouched; problems when the name is taken or the
    declaration does not validate (a choice with no values, values for another type)."""
    from ..model.schema import ATTRIBUTE_TYPES, Attribute

    relpath = relpath or ATTRIBUTES_FILE
    values = [v for v in values if str(v).strip()]
    entry: dict[str, Any] = {"name": name, "type": kind}
    if values:
        entry["values"] = list(dict.fromkeys(values))
    if description:
        entry["description"] = description
    problems: list[Problem] = []
    if kind not in ATTRIBUTE_TYPES:
        close = difflib.get_close_matches(kind, list(ATTRIBUTE_TYPES), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        problems.append(Problem(relpath, 1, 1, "bad-value", f"type '{kind}' is not one of {', '.join(ATTRIBUTE_TYPES)}; "
                                                            f"{hint}".rstrip("; ")))
    elif kind == "choice" and not values:
        problems.append(Problem(relpath, 1, 1, "bad-value", "a choice needs its values: --values a,b,c"))
    elif kind != "choice" and values:
        problems.append(Problem(relpath, 1, 1, "bad-value", f"values only apply to type choice, not {kind}"))
    existing = kb.attributes_by_name.get(name)
    if existing is not None:
        problems.append(Problem(relpath, 1, 1, "exists", f"attribute '{name}' is already declared at "
                                                         f"{existing.path}:{existing.line}"))
    try:
        old_text = current_text(kb.root / relpath)
    except FileProblem as error:
        problems.append(Problem(relpath, error.line, error.column, error.rule, error.message))
        old_text = ""
    text = appended(old_text, [entry], Attribute)
    records = _read_back(relpath, old_text, text, [entry], Attribute, problems) if not problems else []
    return EntityPlan(relpath, old_text, text, records if not problems else [], problems)
