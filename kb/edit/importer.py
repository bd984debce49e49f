"""`kb import`: claims (and the entities they name) from a CSV, TSV or JSON Lines data set.

Each row becomes one claim file in `kb fmt`'s layout, through a mapping file
(`kb.edit.import_mapping`). Importing again is idempotent: a record of what each import wrote
(`.kb-import/<system>.tsv`: external id, claim id, a hash of the file as written) gives
every row the id it had before, so nothing is duplicated. A row that changed updates its
claim, unless the claim was edited by hand since (its file no longer has the hash the
import wrote): then the row is a conflict, reported and left alone. `plan_import` decides
everything without writing; `apply_import` writes it all or nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

from ..checks.duplicates import _keys, _one_word_apart, _words
from ..model.ids import claim_id, entity_id, unique, words
from ..model.records import KnowledgeBase, kind_of
from ..model.schema import ENTITY_TYPES, Claim, schema_fields
from ..model.validate import build_record
from ..store.fastread import read_canonical
from ..store.files import FileProblem, read_text
from ..store.yamlread import read_document
from ..store.yamlwrite import dump_claim
from .import_mapping import ENTITY_FIELDS, EntityRule, Mapping, Template, lookup
from .registry_write import (
    EntityPlan,
    current_text,
    name_key,
    plan_entities,
    registry_path,
)

RECORDS_DIR = ".kb-import"
RECORD_HEADER = ("# What kb import wrote for each row, to tell a changed row from a claim edited by hand.\n"
                 "# external id<TAB>claim id<TAB>sha256 of the claim file as written. Kept by kb import and kb mv.\n")
MAX_DATA_BYTES = 512 * 1024 * 1024


class DataFileError(Exception):
    """The data file cannot be read: the message names file, line and what to do."""


@dataclass
class Row:
    """One row's outcome."""

    number: int  # line in the data file
    external: str
    status: str  # new, changed, unchanged, conflict, invalid, duplicate-row, probable-duplicate
    claim_id: str | None = None
    relpath: str | None = None
    text: str | None = None
    message: str = ""


@dataclass
class ImportPlan:
    mapping: Mapping
    data_label: str
    rows: list[Row] = field(default_factory=list)
    entities: list[EntityPlan] = field(default_factory=list)
    new_entities: dict[str, list[dict]] = field(default_factory=dict)  # kind -> values added
    entity_duplicates: list[str] = field(default_factory=list)
    collisions: list[str] = field(default_factory=list)
    records: dict[str, tuple[str, str]] = field(default_factory=dict)  # external id -> (claim id, hash)
    record_path: str = ""
    old_records_text: str | None = None

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- reading

def read_rows(path: Path, fmt: str, label: str) -> Iterator[tuple[int, dict]]:
    """(line number, row) of each record in a CSV, TSV or JSON Lines file; DataFileError for a broken one."""
    try:
        if path.stat().st_size > MAX_DATA_BYTES:
            raise DataFileError(f"{label}: over {MAX_DATA_BYTES // 2**20} MiB; split it")
        raw = path.read_bytes()
    except OSError as error:
        raise DataFileError(f"{label}: cannot read it ({error.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise DataFileError(f"{label}:{line}: byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8") \
            from None
    if fmt == "jsonl":
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise DataFileError(f"{label}:{number}:{error.colno}: not JSON ({error.msg}); "
                                   "each line must be one JSON object") from None
            if not isinstance(row, dict):
                raise DataFileError(f"{label}:{number}: each line must be one JSON object, not {type(row).__name__}")
            yield number, row
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if fmt == "tsv" else ",")
    try:
        header = next(reader, None)
        if not header:
            return
        header = [h.strip() for h in header]
        start = reader.line_num + 1
        for cells in reader:
            if not any(c.strip() for c in cells):
                start = reader.line_num + 1
                continue
            if len(cells) != len(header):
                raise DataFileError(f"{label}:{start}: {len(cells)} cells where the header has {len(header)}; "
                                   "check the quoting of this row")
            yield start, dict(zip(header, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise DataFileError(f"{label}:{reader.line_num}: {error}") from None


def data_format(mapping: Mapping, path: Path) -> str:
    if mapping.format:
        return mapping.format
    suffix = path.suffix.lower().lstrip(".")
    return {"csv": "csv", "tsv": "tsv", "tab": "tsv", "jsonl": "jsonl", "ndjson": "jsonl"}.get(suffix, "csv")


def load_records(root: Path, system: str) -> tuple[str, str | None, dict[str, tuple[str, str]]]:
    relpath = f"{RECORDS_DIR}/{system}.tsv"
    path = root / relpath
    if not path.exists():
        return relpath, None, {}
    try:
        text = read_text(path)
    except FileProblem as error:
        raise DataFileError(f"{relpath}:{error.line}:{error.column}: {error.message}") from None
    records = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) == 3:
            records[parts[0]] = (parts[1], parts[2])
    return relpath, text, records


def records_text(records: dict[str, tuple[str, str]]) -> str:
    return RECORD_HEADER + "".join(f"{ext}\t{cid}\t{h}\n" for ext, (cid, h) in sorted(records.items()))


# ---------------------------------------------------------------- entities

class Matcher:
    """Entity names and ids, for matching a row's names; entities a row adds are kept only if the row is."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kind: dict[str, str] = {}
        self.names: dict[str, list[str]] = {}
        self.by: dict[tuple[str, str, str], list[str]] = {}  # (how, kind, casefolded) -> ids
        self.keys: dict[tuple[str, str], str] = {}  # (kind, name key) -> id, for probable duplicates
        self.added: dict[str, list[dict]] = {}
        self.taken = set(kb.claims_by_id) | set(kb.entities_by_id)
        self._pending: list[tuple[str, dict]] = []
        for entity in kb.entities:
            values = {"name": getattr(entity, "name", None) or getattr(entity, "title", None),
                      "aliases": getattr(entity, "aliases", ())}
            self._index(kind_of(entity), entity.id, values)

    def _index(self, kind: str, entity_id: str, values: dict) -> None:
        self.kind[entity_id] = kind
        self.names[entity_id] = [n for n in [values.get("name"), *(values.get("aliases") or ())] if n]
        self.by.setdefault(("id", kind, entity_id), []).append(entity_id)
        if values.get("name"):
            self.by.setdefault(("name", kind, values["name"].casefold()), []).append(entity_id)
        for alias in values.get("aliases") or ():
            self.by.setdefault(("alias", kind, alias.casefold()), []).append(entity_id)
        for name in self.names[entity_id]:
            self.keys.setdefault((kind, name_key(name)), entity_id)

    def find(self, kinds: tuple[str, ...], term: str, match: tuple[str, ...]) -> list[str]:
        folded = term.casefold()
        for how in match:
            found = sorted({i for kind in kinds for i in self.by.get((how, kind, term if how == "id" else folded), ())})
            if found:
                return found
        return []

    def add(self, kind: str, values: dict) -> tuple[str, str | None]:
        """A new entity's id, and the id of an existing one with the same name key (a probable duplicate)."""
        values = dict(values)
        values["id"] = unique(entity_id(kind, values) or kind, self.taken)
        self.taken.add(values["id"])
        twin = self.keys.get((kind, name_key(values.get("name") or values.get("title") or "")))
        self._index(kind, values["id"], values)
        self._pending.append((kind, values))
        return values["id"], twin

    def keep(self) -> None:
        for kind, values in self._pending:
            self.added.setdefault(kind, []).append(values)
        self._pending = []

    def drop(self) -> None:
        for kind, values in self._pending:
            eid = values["id"]
            self.taken.discard(eid)
            self.kind.pop(eid, None)
            for key in [k for k, ids in self.by.items() if eid in ids]:
                self.by[key].remove(eid)
            for key in [k for k, v in self.keys.items() if v == eid]:
                del self.keys[key]
        self._pending = []


# ---------------------------------------------------------------- rows

def render(value: Any, row: dict) -> Any:
    """A field's template(s) filled from the row: text, a list (empty items left out) or a mapping."""
    if isinstance(value, Template):
        return value.render(row)
    if isinstance(value, list):
        return [v for v in (render(item, row) for item in value) if v not in (None, "")]
    return {k: v for k, v in ((k, render(item, row)) for k, item in value.items()) if v not in (None, "")}


class RowProblem(Exception):
    pass


def _converted(mapping: Mapping, name: str, value: Any) -> Any:
    """A rendered value as the field wants it: translated (values:), a date reformatted, a number, tags."""
    spec = _CLAIM_SPECS[name]
    kind = spec.metadata["kind"]
    table = mapping.values.get(name)
    if table:
        value = [table.get(v, v) for v in value] if isinstance(value, list) else table.get(value, value)
    if name in mapping.formats and isinstance(value, (str, int)):
        form = mapping.formats[name]
        try:
            parsed = datetime.strptime(str(value), form)
        except ValueError:
            raise RowProblem(f"{name} '{value}' does not match the format {form}") from None
        # as precise as the data set writes it: a day only when the format has one
        value = parsed.strftime("%Y-%m-%d" if "%d" in form or "%j" in form else "%Y-%m" if "%m" in form or "%b"
                                in form or "%B" in form else "%Y")
    if kind == "period" and value is not None:
        from ..model.period import canonical

        try:
            value = canonical(str(value))
        except ValueError:
            value = str(value)  # the schema's message says what is wrong with it
    if kind in ("quantities", "attributes") and isinstance(value, dict):
        value = {k: str(v) for k, v in value.items()}
    if kind == "tags" and isinstance(value, list):
        value = list(dict.fromkeys(t for t in ("-".join(words(v)) for v in value) if t))
    if kind in ("refs", "tags", "strings") and isinstance(value, str):
        value = [value]
    return value


_CLAIM_SPECS = {s.name: s for s in schema_fields(Claim)}


def _entity_values(rule: EntityRule, term: str, row: dict, matcher: Matcher) -> dict:
    """The fields of an entity a row adds: its name (or title), then the rule's templates."""
    values: dict[str, Any] = {"title" if rule.kind == "source" else "name": term}
    if rule.kind == "source":
        values["kind"] = "other"
    specs = {s.name: s for s in schema_fields(ENTITY_TYPES[rule.kind])}
    for name, template in rule.fields.items():
        value = render(template, row)
        if value in (None, "", [], {}):
            continue
        refs = specs[name].metadata.get("refs")
        if refs:
            ids = matcher.find(refs, str(value), ("id", "name", "alias"))
            if len(ids) != 1:
                raise RowProblem(f"{rule.kind} '{term}': {name} '{value}' " + (
                    "names no entity; add it first" if not ids else f"could be {', '.join(ids)}"))
            value = ids[0]
        values[name] = value
    return values


def plan_import(kb: KnowledgeBase, mapping: Mapping, rows: Iterator[tuple[int, dict]], data_label: str,
                keep_duplicates: bool = False) -> ImportPlan:
    """What importing the rows would do, row by row, without writing anything."""
    record_path, old_records_text, records = load_records(kb.root, mapping.system)
    plan = ImportPlan(mapping, data_label, records=dict(records), record_path=record_path,
                      old_records_text=old_records_text)
    matcher = Matcher(kb)
    taken = set(kb.claims_by_id) | set(kb.entities_by_id)
    folder = mapping.folder or f"claims/{mapping.system}"
    said: dict[str, dict[int, list[tuple[tuple, str]]]] = {}  # speaker -> word key -> (words, claim id)
    for claim in kb.claims:
        _remember(said, claim.speaker, _words(claim.claim), claim.id)
    by_external = {c.external[mapping.system]: c.id for c in kb.claims if mapping.system in c.external}
    seen: dict[str, int] = {}
    for number, row in rows:
        external = lookup(row, mapping.external)
        external = "" if external is None else str(external)
        if not external or "\t" in external or "\n" in external:
            plan.rows.append(Row(number, external, "invalid", message=f"no usable external id in column "
                                                                      f"'{mapping.external}'"))
            continue
        if external in seen:
            plan.rows.append(Row(number, external, "duplicate-row",
                                 message=f"the same {mapping.external} '{external}' as line {seen[external]}; "
                                         "only the first is imported"))
            continue
        seen[external] = number
        try:
            record = records.get(external) or ((by_external[external], "") if external in by_external else None)
            row_result = _plan_row(kb, mapping, plan, matcher, taken, folder, said, number, external, row, record,
                                   keep_duplicates)
        except RowProblem as problem:
            matcher.drop()
            plan.rows.append(Row(number, external, "invalid", message=str(problem)))
            continue
        if row_result.status in ("invalid", "probable-duplicate"):
            matcher.drop()
        else:
            matcher.keep()
        plan.rows.append(row_result)
    plan.new_entities = matcher.added
    plan.entities = _entity_plans(kb, mapping, matcher.added)
    return plan


def _remember(said: dict, speaker: str, claim_words: tuple, cid: str) -> None:
    keys = said.setdefault(speaker, {})
    for key in _keys(claim_words):
        keys.setdefault(key, []).append((claim_words, cid))


def _near(said: dict, speaker: str, claim_words: tuple) -> str | None:
    keys = said.get(speaker, {})
    for key in _keys(claim_words):
        for other_words, cid in keys.get(key, ()):
            if _one_word_apart(claim_words, other_words):
                return cid
    return None


def _plan_row(kb: KnowledgeBase, mapping: Mapping, plan: ImportPlan, matcher: Matcher, taken: set, folder: str,
              said: dict, number: int, external: str, row: dict, record: tuple[str, str] | None,
              keep_duplicates: bool) -> Row:
    values: dict[str, Any] = {}
    for name, template in mapping.fields.items():
        value = render(template, row)
        if value in (None, "", [], {}):
            continue
        values[name] = _converted(mapping, name, value)
    for name, kinds in ENTITY_FIELDS.items():
        if name not in values:
            continue
        rule = mapping.entities.get(name) or EntityRule(name, kinds[0])
        terms = values[name] if isinstance(values[name], list) else [values[name]]
        ids = []
        for term in terms:
            term = str(term)
            found = matcher.find(kinds, term, rule.match)
            if len(found) > 1:
                raise RowProblem(f"{name} '{term}' could be {', '.join(found)}; add an alias or match by id")
            if found:
                ids.append(found[0])
                continue
            if not rule.create:
                # the kind the mapping says; else every kind the field may name (a speaker: person, company
                # or source)
                how = " or ".join(f"kb add {k}" for k in ([rule.kind] if name in mapping.entities else kinds))
                raise RowProblem(f"{name} '{term}' is not in the registry; add it ({how}) or set "
                                 f"'create: true' under entities: {name} in the mapping")
            new_id, twin = matcher.add(rule.kind, _entity_values(rule, term, row, matcher))
            if twin:
                plan.entity_duplicates.append(f"{plan.data_label}:{number}: new {rule.kind} '{term}' ({new_id}) "
                                              f"is probably '{twin}' ({', '.join(matcher.names.get(twin, []))})")
            ids.append(new_id)
        values[name] = ids if isinstance(values[name], list) else ids[0]
    base = None
    if record:
        cid = record[0]
    else:
        names = {i: matcher.names.get(i, []) for i in (values.get("company"), values.get("speaker"),
                                                       values.get("factory")) if i}
        base = claim_id(values, names)
        cid = unique(base, taken, tag=external)
    values["external"] = {mapping.system: external}
    problem = _attributes(kb, values)
    if problem:
        return Row(number, external, "invalid", cid, message=problem)
    text = dump_claim({"id": cid, **values}, Claim)
    problem = _validate(text, matcher)
    if problem:
        return Row(number, external, "invalid", cid, message=problem)
    existing = kb.claims_by_id.get(cid)
    if record:
        return _update(kb, plan, number, external, cid, existing, text, record)
    claim_words = _words(values.get("claim") or "")
    twin = _near(said, values.get("speaker"), claim_words)
    if twin and not keep_duplicates:
        return Row(number, external, "probable-duplicate", cid, message=f"nearly the same claim by the same "
                                                                         f"speaker as {twin}; not imported")
    relpath = f"{folder}/{cid}.yaml"
    if (kb.root / relpath).exists():
        return Row(number, external, "conflict", cid, relpath, message=f"{relpath} is already there but is not "
                                                                       "a claim that loads (kb check); not written")
    if cid != base:
        plan.collisions.append(f"{plan.data_label}:{number}: id {base} is taken; {cid} instead")
    taken.add(cid)
    _remember(said, values.get("speaker"), claim_words, cid)
    plan.records[external] = (cid, digest(text))
    return Row(number, external, "new", cid, relpath, text)


def _attributes(kb: KnowledgeBase, values: dict) -> str | None:
    """Attribute values as their declaration wants them (a number for a number), or what is wrong."""
    from ..checks.attributes import value_problem

    for name, value in (values.get("attributes") or {}).items():
        declared = kb.attributes_by_name.get(name)
        if declared is None:
            return f"attribute '{name}' is not declared in claims/registry/attributes.yaml; declare it first"
        if declared.type == "number":
            try:
                value = values["attributes"][name] = float(value) if "." in value else int(value)
            except ValueError:
                pass
        problem = value_problem({"type": declared.type, "values": list(declared.values)}, value)
        if problem:
            return f"attribute {name}: {problem}"
    return None


def _validate(text: str, matcher: Matcher) -> str | None:
    doc = read_canonical(text) or read_document(text)
    claim, problems = build_record(Claim, doc.data, doc.positions, "row", doc.line, doc.column)
    if problems:
        return "; ".join(p.message for p in problems)
    for spec in schema_fields(Claim):
        refs = spec.metadata.get("refs")
        if not refs or refs == ("claim",):
            continue
        value = getattr(claim, spec.name)
        for target in (value if isinstance(value, tuple) else [value] if value else []):
            if matcher.kind.get(target) not in refs:
                return f"{spec.name} '{target}' is not a {' or '.join(refs)}"
    return None


def _update(kb: KnowledgeBase, plan: ImportPlan, number: int, external: str, cid: str, existing: Any, text: str,
            record: tuple[str, str]) -> Row:
    """A row imported before: unchanged, changed (its claim is rewritten) or a conflict (edited by hand)."""
    path = kb.root / existing.path if existing else None
    if path is None or not path.exists():
        where = kb.root.glob(f"claims/**/{cid}.yaml")
        found = next(where, None)
        if found is None:
            return Row(number, external, "conflict", cid, message=f"claim {cid} was deleted since the last "
                                                                  "import; not written again")
        return Row(number, external, "conflict", cid, found.relative_to(kb.root).as_posix(),
                   message=f"claim {cid} does not load (kb check); left as it is")
    relpath = existing.path
    current = path.read_text(encoding="utf-8")
    if current == text:
        plan.records[external] = (cid, digest(text))
        return Row(number, external, "unchanged", cid, relpath)
    if not record[1]:
        return Row(number, external, "conflict", cid, relpath,
                   message=f"this claim carries the row's external id but was not written by kb import (no record "
                           f"in {plan.record_path}); left as it is")
    if digest(current) != record[1]:
        if digest(text) == record[1]:
            return Row(number, external, "unchanged", cid, relpath, message="edited by hand since; kept")
        return Row(number, external, "conflict", cid, relpath,
                   message="edited by hand since the last import, and the row changed too; left as it is "
                           "(merge the change by hand, or delete the file and import again)")
    plan.records[external] = (cid, digest(text))
    return Row(number, external, "changed", cid, relpath, text)


def _entity_plans(kb: KnowledgeBase, mapping: Mapping, added: dict[str, list[dict]]) -> list[EntityPlan]:
    """One plan per registry file the new entities go to (owners first, so references resolve)."""
    files: dict[tuple[str, str], list[dict]] = {}
    chosen = {rule.kind: rule.file for rule in mapping.entities.values() if rule.file}
    for kind in ("company", "person", "factory", "source"):
        for values in added.get(kind, ()):
            target = chosen.get(kind) or registry_path(kind, kb.root, values["id"])
            files.setdefault((kind, target), []).append(values)
    pending = {v["id"] for items in added.values() for v in items}
    return [plan_entities(kb, kind, items, relpath, pending=pending, check_similar=False)
            for (kind, relpath), items in files.items()]


# ---------------------------------------------------------------- writing

def apply_import(root: Path, plan: ImportPlan) -> int:
    """Write the registry files, the claims and the record, all or nothing. Returns the claims written."""
    from ..store.atomic import write_many_atomic

    items: list[tuple[Path, str, bool]] = []
    before: dict[Path, str | None] = {}
    for entity_plan in plan.entities:
        path = root / entity_plan.relpath
        now = current_text(path)
        if now != entity_plan.old_text:
            raise OSError(f"{entity_plan.relpath} changed while kb was importing; nothing written, run it again")
        items.append((path, entity_plan.text, entity_plan.old_text is not None))
        before[path] = entity_plan.old_text
    written = 0
    for row in plan.rows:
        if row.status in ("new", "changed"):
            path = root / row.relpath
            items.append((path, row.text, row.status == "changed"))
            before[path] = path.read_text(encoding="utf-8") if row.status == "changed" else None
            written += 1
    record = root / plan.record_path
    items.append((record, records_text(plan.records), record.exists()))
    before[record] = plan.old_records_text
    done: list[Path] = []
    try:
        write_many_atomic(items, root, done)
    except BaseException:
        from ..store.atomic import write_text_atomic

        for path in reversed(done):
            old = before[path]
            if old is None:
                path.unlink()
            else:
                write_text_atomic(path, old, overwrite=True, root=root)
        raise
    return written


def rename_in_records(root: Path, old: str, new: str, hashes: dict[str, str]) -> list[tuple[str, str, str]]:
    """(relpath, old text, new text) of each import record that names claim old (for `kb mv`); a hash of the
    file as the import wrote it becomes the hash of the renamed file (hashes: old -> new), so the rename is
    not taken for an edit by hand."""
    changes = []
    folder = root / RECORDS_DIR
    if not folder.is_dir():
        return changes
    for path in sorted(folder.glob("*.tsv")):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        changed = False
        for i, line in enumerate(lines):
            parts = line.split("\t")
            if len(parts) == 3 and not line.startswith("#") and parts[1] == old:
                parts[1] = new
                parts[2] = hashes.get(parts[2], parts[2])
                lines[i] = "\t".join(parts)
                changed = True
        if changed:
            changes.append((path.relative_to(root).as_posix(), text, "\n".join(lines)))
    return changes
