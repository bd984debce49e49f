"""`kb import`: claims (and the entities they name) from a CSV, TSV or JSON Lines data set.

Each row becomes one claim file in `kb fmt`'s layout, through a mapping file
(`kb.edit.import_mapping`). Every row ends in exactly one of three ways:

- **written**: a new claim, or its claim updated because the row changed;
- **left as it is**: its claim is unchanged, or was edited by hand since the last import (then a
  changed row is a *conflict*, reported, the file untouched);
- **rejected**: with its line, the reason and a suggested fix, in the rejects file
  `.kb-import/<system>.rejects.<csv|tsv|jsonl>` beside the record. That file holds the rows as they
  were, in the data set's format (a `# kb:` line before each says why), so that it can be fixed and
  imported again with the same mapping.

Importing again is idempotent: the record of what each import wrote (`.kb-import/<system>.tsv`:
external id, claim id, a hash of the file as written; read and written as a stream, any size) gives
every row the id it had before. The external id decides a claim's id, never its text: an id is
chosen once, from the row's words (no date, which could change), made unique against every id of
any kind, existing or chosen in the same run, and kept.

`plan_import` decides everything without writing; `apply_import` writes it all or nothing.
Values are normalised through the parsers and suggestions `kb check` uses ('late 2024' ->
'2024-late', '1,200 MWh' -> '1200 MWh'); each change is reported in `ImportPlan.normalised`.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..model.ids import STOPWORDS, entity_id, fit, key_words, slug, unique, words
from ..model.problem import Problem
from ..model.records import KnowledgeBase, kind_of
from ..model.schema import ENTITY_TYPES, MAPPING_KINDS, Claim, schema_fields
from ..model.validate import build_record
from ..store.fastread import read_canonical
from ..store.files import MAX_FILE_BYTES
from ..store.yamlread import read_document
from ..store.yamlwrite import dump_claim
from .import_mapping import ENTITY_FIELDS, EntityRule, Mapping, Template, lookup, one_line
from .registry_write import EntityPlan, current_text, name_key, plan_entities, registry_path

RECORDS_DIR = ".kb-import"
RECORD_HEADER = ("# What kb import wrote for each row, to tell a changed row from a claim edited by hand.\n"
                 "# external id<TAB>claim id<TAB>sha256 of the claim file as written<TAB>fingerprint of the row's "
                 "values. Kept by kb import and kb mv.\n")
REJECTS_MARK = b"# kb import: rejected rows"
CSV_FIELD_LIMIT = 64 * 1024 * 1024  # a cell this long is read (and its row rejected), not a stop
OWNER_FIELD = {"factory": "owner", "person": "company"}  # an entity is one per (name, this field)
Progress = Callable[[int, "int | None"], None]


class DataFileError(Exception):
    """The data file cannot be read at all: the message names file, line and what to do."""


@dataclass(slots=True)
class Record:
    """One record of the data file as read: its first line, its cells (None when unreadable), its bytes as
    they were in the file, and what is wrong with it."""

    number: int
    row: dict | None
    raw: bytes
    problem: str | None = None
    fix: str | None = None


@dataclass(slots=True)
class Row:
    """One row's outcome: new, changed, unchanged, conflict or rejected."""

    number: int
    external: str
    status: str
    claim_id: str | None = None
    relpath: str | None = None
    text: str | None = None
    message: str = ""
    fix: str = ""
    duplicate: bool = False  # rejected as a copy of another row (not an error to fix)
    ref: tuple[int, int] | None = None  # where text is in the plan's spool, when it was set aside there


@dataclass
class Rejected:
    number: int
    raw: bytes
    reason: str
    fix: str
    duplicate: bool = False


WRITTEN = ("new", "changed")
MAX_NOTES = 1000  # id collisions listed one by one; the rest are counted
LEFT = ("unchanged", "conflict")


@dataclass
class ImportPlan:
    mapping: Mapping
    data_label: str
    rows: list[Row] = field(default_factory=list)  # every row but the unchanged ones (counted only)
    counts: dict[str, int] = field(default_factory=dict)
    entities: list[EntityPlan] = field(default_factory=list)
    new_entities: dict[str, list[dict]] = field(default_factory=dict)  # kind -> values added
    entity_duplicates: list[str] = field(default_factory=list)
    collisions: list[str] = field(default_factory=list)
    normalised: list[str] = field(default_factory=list)
    near: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    header: bytes | None = None  # the data file's header line, for the rejects file
    records: dict[str, tuple] = field(default_factory=dict)  # external id -> (claim id, hash, fingerprint)
    record_path: str = ""
    rejects_path: str = ""
    old_records: bool = False
    folder: str = ""
    collision_count: int = 0  # collisions lists the first MAX_NOTES
    spool: Any = None  # a temporary file holding the texts to write, for large imports (see plan_import)

    def relpath_of(self, row: Row) -> str | None:
        """Where a row's claim is (or goes)."""
        return row.relpath or (f"{self.folder}/{row.claim_id}.yaml" if row.claim_id and row.status == "new" else None)

    def text_of(self, row: Row) -> str | None:
        """The text a new or changed row's claim is written with."""
        if row.ref is None:
            return row.text
        self.spool.seek(row.ref[0])
        return self.spool.read(row.ref[1]).decode("utf-8")

    def set_aside(self, row: Row) -> Row:
        if self.spool is not None and row.text is not None:
            data = row.text.encode("utf-8")
            self.spool.seek(0, 2)
            row.ref, row.text = (self.spool.tell(), len(data)), None
            self.spool.write(data)
        return row

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def written(self) -> int:
        return sum(self.count(s) for s in WRITTEN)

    @property
    def left(self) -> int:
        return sum(self.count(s) for s in LEFT)

    @property
    def errors(self) -> int:
        """Rows rejected for something to fix (not as copies of another row)."""
        return sum(1 for r in self.rejected if not r.duplicate)


def digest(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


# ---------------------------------------------------------------- reading

def data_format(mapping: Mapping, path: Path) -> str:
    if mapping.format:
        return mapping.format
    name = path.name.lower()
    suffix = name.rsplit(".", 1)[-1] if "." in name else ""
    return {"csv": "csv", "tsv": "tsv", "tab": "tsv", "jsonl": "jsonl", "ndjson": "jsonl"}.get(suffix, "csv")


def count_lines(path: Path) -> int:
    """The lines of a file, counted in blocks (for a progress bar's total)."""
    lines = 0
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                lines += block.count(b"\n")
    except OSError:
        return 0
    return lines


class _Lines:
    """The physical lines of a file, decoded one by one (line numbers stay right whatever a line holds); a
    line that does not decode is decoded with replacements and its problem kept for the record it is in."""

    def __init__(self, handle, encoding: str, label: str, skip_comments: bool) -> None:
        self.handle = handle
        self.encoding = encoding
        self.label = label
        self.skip_comments = skip_comments
        self.number = 0  # of the last line handed out
        self.start = 1  # of the first line handed out since the last take()
        self.raw: list[bytes] = []  # the bytes of the lines handed out since the last take()
        self.problem: tuple[str, str] | None = None
        self.first = True

    def __iter__(self):
        return self

    def __next__(self) -> str:
        while True:
            line = self.handle.readline()
            if not line:
                raise StopIteration
            self.number += 1
            if self.first:
                self.first = False
                if line.startswith(codecs.BOM_UTF8) and self.encoding.replace("_", "-").lower() in ("utf-8", "utf8"):
                    line = line[len(codecs.BOM_UTF8):]
            if self.skip_comments and line.startswith(b"# kb") and not self.raw:
                continue  # the reasons in a rejects file being imported again
            if not self.raw:
                self.start = self.number
            self.raw.append(line)
            try:
                return line.decode(self.encoding)
            except UnicodeDecodeError as error:
                if self.problem is None:
                    column = len(line[:error.start].decode(self.encoding, "replace")) + 1
                    self.problem = (
                        f"byte 0x{line[error.start]:02x} at line {self.number}, column {column} is not "
                        f"{self.encoding.upper() if self.encoding.lower().startswith('utf') else self.encoding}",
                        "save the file as UTF-8, or name its encoding in the mapping (encoding: latin-1, cp1252, "
                        "...)")
                return line.decode(self.encoding, "replace")

    def take(self) -> tuple[bytes, tuple[str, str] | None]:
        raw, problem = b"".join(self.raw), self.problem
        self.raw, self.problem = [], None
        return raw, problem


def read_rows(path: Path, fmt: str, label: str, columns: list[str] | None = None, encoding: str = "utf-8",
              header_out: list | None = None) -> Iterator[Record]:
    """Every record of a CSV, TSV (tab-separated, no quoting) or JSON Lines file, streamed: its line, its
    cells by column (the header's, or columns for a file without one), its bytes, and what is wrong with it.
    A bad record is handed out with its problem and reading goes on; DataFileError only when the file
    cannot be read at all. header_out, when given, receives the header line's bytes."""
    try:
        handle = open(path, "rb")
    except OSError as error:
        raise DataFileError(f"{label}: cannot read it ({error.strerror})") from None
    with handle:
        first = handle.readline()
        handle.seek(0)
        lines = _Lines(handle, encoding, label, skip_comments=first.startswith(REJECTS_MARK))
        try:
            if fmt == "jsonl":
                yield from _jsonl(lines)
            elif fmt == "tsv":
                yield from _tsv(lines, columns, header_out)
            else:
                yield from _csv(lines, columns, header_out)
        except OSError as error:
            raise DataFileError(f"{label}:{lines.number}: cannot read on ({error.strerror})") from None


def _header(lines: _Lines, cells_of: Callable[[], list[str] | None], header_out: list | None) -> list[str] | None:
    while True:
        cells = cells_of()
        if cells is None:
            return None
        raw, problem = lines.take()
        if not any(c.strip() for c in cells):
            continue
        if problem:
            raise DataFileError(f"{lines.label}:{lines.number}: the header: {problem[0]}; {problem[1]}")
        if header_out is not None:
            header_out.append(raw)
        return [c.strip() for c in cells]


def _tsv(lines: _Lines, columns: list[str] | None, header_out: list | None) -> Iterator[Record]:
    def cells() -> list[str] | None:
        line = next(lines, None)
        return None if line is None else line.rstrip("\r\n").split("\t")

    header = columns or _header(lines, cells, header_out)
    if header is None:
        return
    named_by = "the mapping's columns name" if columns else "the header has"
    while True:
        found = cells()
        if found is None:
            return
        raw, problem = lines.take()
        if not any(c.strip() for c in found):
            continue
        yield _record(lines.start, found, header, raw, problem, named_by, "a tab inside a cell, or a cell missing")


def _csv(lines: _Lines, columns: list[str] | None, header_out: list | None) -> Iterator[Record]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(lines, strict=False)

    def cells() -> list[str] | None:
        try:
            return next(reader, None)
        except csv.Error as error:
            return ["\0csv", str(error)]

    header = columns or _header(lines, cells, header_out)
    if header is None:
        return
    named_by = "the mapping's columns name" if columns else "the header has"
    while True:
        found = cells()
        if found is None:
            return
        start = lines.start
        raw, problem = lines.take()
        if found[:1] == ["\0csv"]:
            yield Record(start, None, raw, f"not CSV ({found[1]})", "check the quoting of this row")
            continue
        if not any(c.strip() for c in found):
            continue
        while raw.startswith((b"\n", b"\r\n")):  # blank lines the reader passed over before the record
            raw = raw[1:] if raw.startswith(b"\n") else raw[2:]
            start += 1
        yield _record(start, found, header, raw, problem, named_by, "the quoting of this row")


def _record(number: int, cells: list[str], header: list[str], raw: bytes, problem: tuple[str, str] | None,
            named_by: str, hint: str) -> Record:
    if problem:
        return Record(number, None, raw, problem[0], problem[1])
    if len(cells) != len(header):
        return Record(number, None, raw, f"{len(cells)} cells where {named_by} {len(header)}",
                      f"check {hint}; each row needs {len(header)} cells")
    return Record(number, dict(zip(header, cells)), raw)


def _jsonl(lines: _Lines) -> Iterator[Record]:
    for line in lines:
        number = lines.start
        raw, problem = lines.take()
        if not line.strip():
            continue
        if problem:
            yield Record(number, None, raw, problem[0], problem[1])
            continue
        try:
            row = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as error:
            yield Record(number, None, raw, f"not JSON at column {error.colno} ({error.msg})",
                         "make the line one JSON object")
            continue
        if not isinstance(row, dict):
            yield Record(number, None, raw, f"a JSON {type(row).__name__}, not an object",
                         "make the line one JSON object: {\"column\": value, ...}")
            continue
        yield Record(number, row, raw)


# ---------------------------------------------------------------- the record of what was imported

def record_path(system: str) -> str:
    return f"{RECORDS_DIR}/{system}.tsv"


def rejects_path(system: str, fmt: str) -> str:
    return f"{RECORDS_DIR}/{system}.rejects.{fmt}"


def load_records(root: Path, system: str) -> tuple[str, bool, dict[str, tuple[str, str, str]]]:
    """(relpath, whether it exists, external id -> (claim id, hash, fingerprint)), read line by line: no size
    limit."""
    relpath = record_path(system)
    path = root / relpath
    records: dict[str, tuple[str, str]] = {}
    if not path.exists():
        return relpath, False, records
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            for number, line in enumerate(handle, 1):
                if line.startswith("#") or not line.strip():
                    continue
                parts = line.rstrip("\r\n").split("\t")
                if len(parts) in (3, 4):  # kb 0.2 wrote no fingerprint
                    records[parts[0]] = (parts[1], parts[2], parts[3] if len(parts) == 4 else "")
    except UnicodeDecodeError:
        raise DataFileError(f"{relpath}: not UTF-8 text; restore it from git (git checkout -- {relpath})") from None
    except OSError as error:
        raise DataFileError(f"{relpath}: cannot read it ({error.strerror})") from None
    return relpath, True, records


def records_text(records: dict[str, tuple]) -> str:
    return RECORD_HEADER + "".join("\t".join((ext, *entry)) + "\n" for ext, entry in sorted(records.items()))


# ---------------------------------------------------------------- what an import needs of the knowledge base

class View:
    """What an import needs to know of the knowledge base: its registry, every id taken, where each claim
    file is, and (only when a row is new) the other claims, for near-duplicates and external ids.

    `View.of(kb)` takes a loaded `KnowledgeBase`; `View.scan(root)` reads the registry and lists the claim
    files without parsing them, so that importing a large data set again costs neither a full load nor
    an index refresh; the claims are read (through the index) only if a row needs them."""

    def __init__(self, root: Path, entities: Iterable[Any], attributes: Iterable[Any], claim_paths: dict[str, str],
                 claims: Callable[[], Iterable[Any]]) -> None:
        self.root = root
        self.entities = list(entities)
        self.attributes_by_name = {a.name: a for a in attributes}
        self.claim_paths = claim_paths
        self._claims = claims
        self._loaded: list | None = None
        self.taken: set[str] = set(claim_paths) | {e.id for e in self.entities}

    @classmethod
    def of(cls, kb: KnowledgeBase) -> "View":
        paths = {c.id: c.path for c in kb.claims}
        return cls(kb.root, kb.entities, kb.attributes, paths, lambda: kb.claims)

    @classmethod
    def scan(cls, root: Path, claims: Callable[[], Iterable[Any]] | None = None) -> "View":
        from ..model.schema import Attribute
        from ..store.files import walk_claims
        from ..store.parse import load_file

        entities, attributes, paths = [], [], {}
        for found in walk_claims(root):
            if isinstance(found, tuple):
                continue
            if found.is_registry:
                records, _ = load_file(root, found)
                for record in records:
                    (attributes if isinstance(record, Attribute) else entities).append(record)
            else:
                stem = found.relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]
                paths.setdefault(stem, found.relpath)

        def indexed() -> Iterable[Any]:
            from ..store.index import open_index

            return open_index(root).knowledge_base().claims

        return cls(root, entities, attributes, paths, claims or indexed)

    def claims(self) -> list:
        if self._loaded is None:
            self._loaded = list(self._claims())
            self.taken.update(c.id for c in self._loaded)
            for claim in self._loaded:
                self.claim_paths.setdefault(claim.id, claim.path)
        return self._loaded


# ---------------------------------------------------------------- entities

class Matcher:
    """Entity names and ids, for matching a row's names; entities a row adds are kept only if the row is."""

    def __init__(self, entities: Iterable[Any], taken: set[str]) -> None:
        self.kind: dict[str, str] = {}
        self.names: dict[str, list[str]] = {}
        self.owner: dict[str, str | None] = {}
        self.by: dict[tuple[str, str, str], list[str]] = {}  # (how, kind, casefolded) -> ids
        self.keys: dict[tuple[str, str], str] = {}  # (kind, name key) -> id, for probable duplicates
        self.added: dict[str, list[dict]] = {}
        self.taken = taken  # shared with the claims' ids: no id is chosen twice, whatever its kind
        self._pending: list[tuple[str, dict]] = []
        for entity in entities:
            kind = kind_of(entity)
            values = {"name": getattr(entity, "name", None) or getattr(entity, "title", None),
                      "aliases": getattr(entity, "aliases", ()),
                      OWNER_FIELD.get(kind, "-"): getattr(entity, OWNER_FIELD.get(kind, "-"), None)}
            self._index(kind, entity.id, values)

    def _index(self, kind: str, entity_id: str, values: dict) -> None:
        self.kind[entity_id] = kind
        self.names[entity_id] = [n for n in [values.get("name") or values.get("title"),
                                             *(values.get("aliases") or ())] if n]
        if kind in OWNER_FIELD:
            self.owner[entity_id] = values.get(OWNER_FIELD[kind])
        self.by.setdefault(("id", kind, entity_id.casefold()), []).append(entity_id)
        name = values.get("name") or values.get("title")
        if name:
            self.by.setdefault(("name", kind, name.casefold()), []).append(entity_id)
        for alias in values.get("aliases") or ():
            self.by.setdefault(("alias", kind, alias.casefold()), []).append(entity_id)
        if name and kind in OWNER_FIELD and name.endswith(")") and " (" in name:  # 'Holes Bay (Harmony Energy)'
            self.by.setdefault(("base", kind, name.rsplit(" (", 1)[0].casefold()), []).append(entity_id)
        for each in self.names[entity_id]:
            self.keys.setdefault((kind, name_key(each)), entity_id)

    def find(self, kinds: tuple[str, ...], term: str, match: tuple[str, ...], owner: Any = ...) -> list[str]:
        """Ids of the entities of these kinds that term names; with owner (an id, or None for none), only those
        with that owner (a factory's, a person's employer)."""
        folded = term.casefold()
        for how in (*match, "base") if owner is not ... and "name" in match else match:
            found = sorted({i for kind in kinds for i in self.by.get((how, kind, folded), ())
                            if owner is ... or self.owner.get(i) == owner})
            if found:
                return found
        return []

    def named(self, kind: str, name: str) -> bool:
        """Whether an entity of the kind already answers to name."""
        folded = name.casefold()
        return any(self.by.get((how, kind, folded)) for how in ("name", "alias"))

    def add(self, kind: str, values: dict, term: str | None = None) -> tuple[str, str | None]:
        """A new entity's id, and the id of an existing one with the same name key (a probable duplicate).
        term, the name the data gave, becomes an alias when neither the id nor the name matches it."""
        values = dict(values)
        values["id"] = unique(entity_id(kind, values) or slug(values.get("name") or values.get("title")) or kind,
                              self.taken)
        name = values.get("name") or values.get("title") or ""
        if kind in OWNER_FIELD and name and self.named(kind, name):
            # another owner's site of the same name ('Holes Bay' of two companies): told apart by the owner, so
            # that a filter on either name means one of them
            owner = values.get(OWNER_FIELD[kind])
            values["name"] = name = f"{name} ({(self.names.get(owner) or [owner])[0] if owner else 'owner unknown'})"
        if term and term != values["id"] and term.casefold() not in (name.casefold(), name.rsplit(" (", 1)[0].casefold()):
            values["aliases"] = list(dict.fromkeys([*(values.get("aliases") or ()), term]))
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
            self.owner.pop(eid, None)
            for key in [k for k, ids in self.by.items() if eid in ids]:
                self.by[key].remove(eid)
            for key in [k for k, v in self.keys.items() if v == eid]:
                del self.keys[key]
        self._pending = []


_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*|[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+")


def display_name(term: str) -> str:
    """A name as people write it, from a data set's slug: 'barack-obama' -> 'Barack Obama', 'Jack_Graham' ->
    'Jack Graham'; anything else ('GaGOP', 'Kim Dong-myeong') as it is."""
    if not _SLUG.fullmatch(term) or not re.search(r"[A-Za-z]", term):
        return term
    return " ".join(w[:1].upper() + w[1:] if w.islower() else w for w in re.split(r"[-_]", term))


# ---------------------------------------------------------------- rows

class RowProblem(Exception):
    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.fix = fix


def render(value: Any, row: dict) -> Any:
    """A field's template(s) filled from the row: text (or a list, from a JSON list), a list (empty items left
    out) or a mapping."""
    if isinstance(value, Template):
        return value.render(row)
    if isinstance(value, list):
        out = []
        for item in value:
            got = render(item, row)
            if isinstance(got, list):
                out.extend(got)
            elif got not in (None, ""):
                out.append(got)
        return out
    return {k: v for k, v in ((k, render(item, row)) for k, item in value.items()) if v not in (None, "", [])}


_CLAIM_SPECS = {s.name: s for s in schema_fields(Claim)}


class _Converter:
    """A row's rendered values as the claim's fields want them, each change kb makes on its own noted."""

    def __init__(self, mapping: Mapping, attributes: dict, notes: list[str]) -> None:
        self.mapping = mapping
        self.attributes = attributes
        self.notes = notes

    def note(self, name: str, before: Any, after: Any) -> None:
        self.notes.append(f"{name} '{before}' -> '{after}'")

    def field(self, name: str, value: Any) -> Any:
        mapping = self.mapping
        kind = _CLAIM_SPECS[name].metadata["kind"]
        if name in mapping.split and isinstance(value, str):
            value = [part.strip() for part in value.split(mapping.split[name]) if part.strip()]
        if kind in MAPPING_KINDS:
            return {k: self.sub(name, k, v) for k, v in value.items()} if isinstance(value, dict) else value
        if isinstance(value, list):
            value = [mapping.translate(name, v) for v in value]
        else:
            value = mapping.translate(name, value)
        if kind in ("refs", "tags", "strings") and not isinstance(value, list):
            value = [value]  # one value is a list of one, never a list of its letters
        if kind == "tags":
            tags = [t for t in ("-".join(words(v)) for v in value) if t]
            return list(dict.fromkeys(tags))
        if isinstance(value, list):
            return list(dict.fromkeys(str(v) for v in value))
        if kind == "text" or kind == "ref":
            return self.text(name, str(value))
        if kind == "choice":
            return self.choice(name, str(value), list(_CLAIM_SPECS[name].metadata["choices"] or ()))
        if kind == "date":
            return self.date(name, value)
        if kind == "period":
            return self.period(name, value)
        return value

    def text(self, name: str, value: str) -> str:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        if one_line(name) and "\n" in value:
            folded = " ".join(part.strip() for part in value.split("\n") if part.strip())
            self.notes.append(f"{name}: a line break folded to a space ({len(value.splitlines()) - 1} in all)")
            return folded
        return value

    def choice(self, name: str, value: str, choices: list[str]) -> str:
        if value in choices:
            return value
        same = [c for c in choices if c.casefold() == value.casefold()]
        if len(same) == 1:
            self.note(name, value, same[0])
            return same[0]
        return value

    def date(self, name: str, value: Any) -> Any:
        if name in self.mapping.formats:
            return self.strptime(name, value)
        return value

    def strptime(self, name: str, value: Any) -> str:
        form = self.mapping.formats[name]
        written = _strptime(str(value), form)
        if written is None:
            raise RowProblem(f"{name} '{value}' does not match the format {form}",
                             f"write it as {form} (or change formats: {name} in the mapping)")
        return written

    def period(self, name: str, value: Any) -> Any:
        from ..model.period import canonical, suggestion

        if name in self.mapping.formats:
            return self.strptime(name, value)
        text = str(value)
        try:
            return canonical(text)
        except ValueError:
            pass
        close = suggestion(text)
        if close is not None:
            try:
                fixed = canonical(close)
            except ValueError:
                return text
            self.note(name, text, fixed)
            return fixed
        return text  # the schema's message says what is wrong with it

    def quantity(self, name: str, value: str) -> str:
        from ..model.quantity import parse, suggestion

        try:
            parse(value)
            return value
        except ValueError:
            pass
        close = suggestion(value)
        if close is not None:
            self.note(name, value, close)
            return close
        return value

    def sub(self, name: str, key: str, value: Any) -> Any:
        """A value of a mapping field: an attribute as its declaration wants it, a quantity as kb reads it."""
        value = self.mapping.translate(name, value, key)
        if name == "quantities":
            return self.quantity(f"quantities.{key}", str(value))
        if name != "attributes":
            return str(value)
        declared = self.attributes.get(key)
        if declared is None:
            return str(value)
        where = f"attributes.{key}"
        if declared.type == "number":
            text = str(value)
            plain = text.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text) else text
            try:
                number: Any = float(plain) if "." in plain else int(plain)
            except ValueError:
                return text
            if plain != text:
                self.note(where, text, plain)
            return number
        if declared.type == "choice":
            return self.choice(where, str(value), [str(v) for v in declared.values])
        if declared.type == "quantity":
            return self.quantity(where, str(value))
        return self.text(where, str(value)) if isinstance(value, str) else str(value)


@lru_cache(maxsize=65536)
def _strptime(value: str, form: str) -> str | None:
    """A date written in form, as kb writes it: as precise as the form (a day only when it has one)."""
    try:
        parsed = datetime.strptime(value, form)
    except ValueError:
        return None
    return parsed.strftime("%Y-%m-%d" if "%d" in form or "%j" in form else "%Y-%m" if "%m" in form or "%b"
                           in form or "%B" in form else "%Y")


def _near_keys(speaker: str, claim_words: tuple[str, ...]) -> tuple[int, list[int]]:
    """The hash of a speaker's claim's words, and of the words with each one left out (the rule of the
    near-duplicate check, `kb.checks.duplicates`)."""
    return (hash((speaker, claim_words)),
            [hash((speaker, claim_words[:i] + claim_words[i + 1:])) for i in range(len(claim_words))])


class _Table:
    """Integers to integers, several values to a key: open addressing over two arrays, about 12 bytes an
    entry where a dict of ints takes 70 (the near-duplicate index holds a key for every word of every row)."""

    def __init__(self, size: int = 1 << 12) -> None:
        from array import array

        self.keys = array("q", bytes(8 * size))
        self.values = array("i", [-1]) * size
        self.mask = size - 1
        self.used = 0

    def add(self, key: int, value: int) -> None:
        if (self.used + 1) * 10 > len(self.values) * 7:
            self._grow()
        keys, values, mask = self.keys, self.values, self.mask
        i = key & mask
        while values[i] != -1:
            if keys[i] == key and values[i] == value:
                return
            i = (i + 1) & mask
        keys[i] = key
        values[i] = value
        self.used += 1

    def get(self, key: int) -> list[int]:
        keys, values, mask = self.keys, self.values, self.mask
        found = []
        i = key & mask
        while values[i] != -1:
            if keys[i] == key:
                found.append(values[i])
            i = (i + 1) & mask
        return found

    def _grow(self) -> None:
        keys, values = self.keys, self.values
        self.__init__(len(values) * 2)
        for key, value in zip(keys, values):
            if value != -1:
                self.add(key, value)


class _Near:
    """Claims said by a speaker, by the hashes of their words: which are nearly the same as a new one (the same
    words, or one word added or dropped; a changed word is not enough). Kept as hashes and numbers (`_Table`),
    so that 100,000 rows stay small."""

    def __init__(self) -> None:
        self.whole: dict[int, Any] = {}
        self.less = _Table()
        self.ids: list[str] = []
        self.number: dict[str, int] = {}

    @staticmethod
    def _put(table: dict, key: int, cid: str) -> None:
        have = table.get(key)
        if have is None:
            table[key] = cid
        elif isinstance(have, list):
            if cid not in have:
                have.append(cid)
        elif have != cid:
            table[key] = [have, cid]

    def add(self, speaker: str, claim_words: tuple[str, ...], cid: str) -> None:
        whole, less = _near_keys(speaker, claim_words)
        self._put(self.whole, whole, cid)
        number = self.number.get(cid)
        if number is None:
            number = self.number[cid] = len(self.ids)
            self.ids.append(cid)
        for key in less:
            self.less.add(key, number)

    def find(self, speaker: str, claim_words: tuple[str, ...]) -> list[str]:
        """The ids of every claim nearly the same as this one, in the order they were added."""
        whole, less = _near_keys(speaker, claim_words)
        found: list[str] = []
        shorter = [self.ids[n] for n in self.less.get(whole)]
        for have in (self.whole.get(whole), shorter, *(self.whole.get(k) for k in less)):
            for cid in (have if isinstance(have, list) else [have] if have else []):
                if cid not in found:
                    found.append(cid)
        return found


def _claim_words(text: str) -> tuple[str, ...]:
    from ..checks.duplicates import words_of

    return words_of(text or "")


def import_id(values: dict, names: dict[str, list[str]]) -> str:
    """A new imported claim's id: who (the company, else the speaker unless the speaker is the source
    itself, a register speaking for itself), the factory, the product, and the claim's key words. No date:
    an import may change it, and an id is never changed."""
    speaker, company, factory = values.get("speaker"), values.get("company"), values.get("factory")
    who_id = company or (speaker if speaker and speaker != values.get("source") else None)
    parts: list[str] = []
    if who_id:
        who_words = words(who_id)
        who = fit(who_words)
        if len(who) > 24:
            who = fit([w for w in who_words if w not in STOPWORDS][:2], 24)
        parts.append(who)
    if factory:
        known = {w for p in parts for w in p.split("-")}
        parts.append(fit([w for w in words(factory) if w not in known] or words(factory)))
    product = values.get("product")
    if product and slug(product, 16) not in "-".join(parts).split("-"):
        parts.append(slug(product, 16))
    skip = {w for p in parts for w in p.split("-")}
    for entity in filter(None, (company, speaker, factory)):
        for name in names.get(entity, ()):
            skip.update(words(name))
    return fit(parts + key_words(values.get("claim") or "", skip, count=6)) or "claim"


class Planner:
    """Plans an import row by row (see `plan_import`)."""

    def __init__(self, view: View, mapping: Mapping, data_label: str, fmt: str) -> None:
        self.view = view
        self.mapping = mapping
        relpath, exists, records = load_records(view.root, mapping.system)
        self.old_records = dict(records)
        self.plan = ImportPlan(mapping, data_label, records=records, record_path=relpath,
                               rejects_path=rejects_path(mapping.system, fmt), old_records=exists)
        self.plan.folder = mapping.folder or f"claims/{mapping.system}"
        self.matcher = Matcher(view.entities, view.taken)
        self.taken = view.taken
        self.seen: dict[str, int] = {}  # external id -> line
        self.same: dict[int, int] = {}  # hash of a row's values -> line
        self.run = _Near()  # rows of this import
        self.others: _Near | None = None  # claims of the knowledge base from elsewhere, when a new row needs them
        self.by_external: dict[str, str] | None = None
        self.lines: dict[str, int] = {}  # claim id -> line, of this run's rows
        self.notes: list[str] = []  # the row's

    # -------- outcomes

    def outcome(self, row: Row) -> None:
        plan = self.plan
        plan.counts[row.status] = plan.counts.get(row.status, 0) + 1
        if row.status != "unchanged":
            plan.rows.append(plan.set_aside(row))

    def reject(self, record: Record, external: str, reason: str, fix: str, duplicate: bool = False) -> None:
        self.matcher.drop()
        self.plan.rejected.append(Rejected(record.number, record.raw, reason, fix, duplicate))
        self.outcome(Row(record.number, external, "rejected", message=reason, fix=fix, duplicate=duplicate))

    # -------- a row

    def row(self, record: Record) -> None:
        mapping = self.mapping
        if record.row is None:
            self.reject(record, "", record.problem or "unreadable", record.fix or "")
            return
        row = mapping.cleaned(record.row)
        external = lookup(row, mapping.external)
        external = "" if external is None or isinstance(external, list) else str(external)
        if not external or "\t" in external or "\n" in external:
            self.reject(record, external, f"no usable external id in column '{mapping.external}'",
                        f"give the row its id in column '{mapping.external}' (one line, no tab)")
            return
        if external in self.seen:
            self.reject(record, external, f"the same {mapping.external} '{external}' as line "
                                          f"{self.seen[external]}; only the first is imported",
                        "give the row an id of its own, or delete it if it is a copy", duplicate=True)
            return
        self.seen[external] = record.number
        notes: list[str] = []
        try:
            outcome = self._plan(record, row, external, notes)
        except RowProblem as problem:
            self.reject(record, external, str(problem), problem.fix)
            return
        if outcome.status == "rejected":
            self.reject(record, external, outcome.message, outcome.fix, outcome.duplicate)
            return
        self.matcher.keep()
        if outcome.status in WRITTEN:  # what was applied is said when it is written
            for note in notes:
                self.plan.normalised.append(f"{self.plan.data_label}:{record.number}: {note}")
        self.outcome(outcome)

    def _values(self, row: dict, notes: list[str]) -> dict[str, Any]:
        convert = _Converter(self.mapping, self.view.attributes_by_name, notes)
        values: dict[str, Any] = {}
        for name, template in self.mapping.fields.items():
            value = render(template, row)
            if value in (None, "", [], {}) and name in self.mapping.defaults:
                value = render(self.mapping.defaults[name], row)
            elif isinstance(value, dict) and name in self.mapping.defaults:
                fallback = render(self.mapping.defaults[name], row)
                value = {**fallback, **value} if isinstance(fallback, dict) else value
            if value in (None, "", [], {}):
                continue
            value = convert.field(name, value)
            if value in (None, "", [], {}):
                continue
            values[name] = value
        for name, template in self.mapping.defaults.items():
            if name not in values and name not in self.mapping.fields:
                value = convert.field(name, render(template, row))
                if value not in (None, "", [], {}):
                    values[name] = value
        return values

    def _plan(self, record: Record, row: dict, external: str, notes: list[str]) -> Row:
        number = record.number
        self.notes = notes
        values = self._values(row, notes)
        key = hash(json.dumps(values, sort_keys=True, ensure_ascii=False, default=str))
        if key in self.same:
            return Row(number, external, "rejected", message=f"the same as line {self.same[key]} in every mapped "
                                                             "field (only the external id differs)",
                       fix="nothing to do if it is a copy; if not, map the column that tells the rows apart",
                       duplicate=True)
        self._entities(row, values, number)
        record_entry = self.plan.records.get(external)
        if record_entry is None:
            cid = self._external_ids().get(external)
            record_entry = (cid, "", "") if cid else None
        base = None
        if record_entry:
            cid = record_entry[0]
            self.taken.add(cid)
        else:
            names = {i: self.matcher.names.get(i, []) for i in (values.get("company"), values.get("speaker"),
                                                               values.get("factory")) if i}
            base = import_id(values, names)
            cid = unique(base, self.taken, tag=external)
        values["external"] = {self.mapping.system: external}
        claim_words = _claim_words(values.get("claim") or "")
        speaker = str(values.get("speaker") or "")
        twins = sorted((t for t in self.run.find(speaker, claim_words) if t != cid),
                       key=lambda t: self.lines.get(t, 0))
        if twins:
            related = list(values.get("related") or ())
            values["related"] = [*related, *(t for t in twins if t not in related)]
        # what the claim would say, but for its id: the same as when it was written means it is unchanged, hand
        # edits or not, without writing it out or reading its file
        fingerprint = digest(json.dumps(values, sort_keys=True, ensure_ascii=False, default=str))[:32]
        if record_entry and record_entry[2:3] == (fingerprint,) and cid in self.view.claim_paths:
            outcome = Row(number, external, "unchanged", cid)
            self._done(speaker, claim_words, cid, number, key)
            return outcome
        text = dump_claim({"id": cid, **values}, Claim)
        text_hash = digest(text)
        if record_entry:
            outcome = self._update(number, external, cid, text, text_hash, record_entry, fingerprint)
        else:
            problem = self._validate(text)
            if problem:
                return Row(number, external, "rejected", cid, message=problem, fix=_fix_for(problem))
            others = [c for c in self._others().find(speaker, claim_words) if c not in self.lines and c != cid]
            if cid != base:  # (unique among every file's stem too: no file of this name is there)
                self.plan.collision_count += 1
                if len(self.plan.collisions) < MAX_NOTES:
                    self.plan.collisions.append(f"{self.plan.data_label}:{number}: id {base} is taken; {cid} "
                                                "instead")
            self.taken.add(cid)
            self.plan.records[external] = (cid, text_hash, fingerprint)
            if others:
                self.plan.near.append(f"{self.plan.data_label}:{number}: {cid} is nearly the same claim by the same "
                                      f"speaker as {', '.join(others)}, already in the knowledge base; kb check will "
                                      "warn: merge them, or relate them if they differ")
            outcome = Row(number, external, "new", cid, None, text)
        if twins and outcome.status in ("new", "changed"):
            said = ", ".join(f"{t} (line {self.lines.get(t, '?')})" for t in twins)
            self.plan.near.append(f"{self.plan.data_label}:{number}: {cid} is nearly the same claim by the same "
                                  f"speaker as {said}, and differs in another field; imported, related to "
                                  f"{'it' if len(twins) == 1 else 'them'}")
        if outcome.status != "rejected":
            self._done(speaker, claim_words, cid, number, key)
        return outcome

    def _done(self, speaker: str, claim_words: tuple, cid: str, number: int, key: int) -> None:
        """A row that has its claim: later rows may repeat it, or nearly."""
        self.run.add(speaker, claim_words, cid)
        self.lines[cid] = number
        self.same[key] = number

    def _external_ids(self) -> dict[str, str]:
        if self.by_external is None:
            system = self.mapping.system
            self.by_external = {c.external[system]: c.id for c in self.view.claims() if system in c.external}
        return self.by_external

    def _others(self) -> _Near:
        """The knowledge base's claims that this import did not write, by speaker and words."""
        if self.others is None:
            self.others = _Near()
            for claim in self.view.claims():
                self.others.add(claim.speaker, _claim_words(claim.claim), claim.id)
        return self.others

    def _entities(self, row: dict, values: dict, number: int) -> None:
        mapping, matcher = self.mapping, self.matcher
        for name, kinds in ENTITY_FIELDS.items():
            if name not in values:
                continue
            rule = mapping.entities.get(name) or EntityRule(name, kinds[0])
            terms = values[name] if isinstance(values[name], list) else [values[name]]
            ids = []
            for term in terms:
                term = str(term)
                if not words(term):
                    raise RowProblem(f"{name} '{term}' has no letters or digits to name an entity by",
                                     f"write the {name}'s name in the cell, or give the field a default in the "
                                     "mapping (defaults:)")
                kind = rule.kind_of(term, row)
                owner_field = OWNER_FIELD.get(kind) if OWNER_FIELD.get(kind) in rule.fields else None
                owner = self._entity_ref(rule, kind, term, owner_field, row) if owner_field else ...
                found = matcher.find(kinds, term, rule.match, owner)
                if len(found) > 1:
                    raise RowProblem(f"{name} '{term}' could be {', '.join(found)}",
                                     "add an alias to the one meant, or match by id (entities: match: [id])")
                if found:
                    ids.append(found[0])
                    continue
                if not rule.create:
                    how = " or ".join(f"kb add {k}" for k in ([rule.kind] if name in mapping.entities else kinds))
                    raise RowProblem(f"{name} '{term}' is not in the registry",
                                     f"add it ({how}) or set 'create: true' under entities: {name} in the mapping")
                new_id, twin = matcher.add(kind, self._entity_values(rule, kind, term, row, owner_field, owner),
                                           term)
                if twin:
                    self.plan.entity_duplicates.append(
                        f"{self.plan.data_label}:{number}: new {kind} '{term}' ({new_id}) is probably '{twin}' "
                        f"({', '.join(matcher.names.get(twin, []))})")
                ids.append(new_id)
            values[name] = ids if isinstance(values[name], list) else ids[0]

    def _entity_ref(self, rule: EntityRule, kind: str, term: str, field_name: str, row: dict) -> str | None:
        """The id a reference field of a new entity names (a factory's owner), None when the row has none."""
        template = rule.fields.get(field_name)
        value = render(template, row) if template is not None else None
        refs = {s.name: s for s in schema_fields(ENTITY_TYPES[kind])}[field_name].metadata["refs"]
        if "company" in refs and isinstance(value, str):
            value = self.mapping.translate("company", value)  # as the claim's company: 'Unknown' is no owner
        if value in (None, "", [], {}):
            return None
        ids = self.matcher.find(refs, str(value), ("id", "name", "alias"))
        if len(ids) != 1:
            raise RowProblem(f"{kind} '{term}': {field_name} '{value}' " + (
                "names no entity" if not ids else f"could be {', '.join(ids)}"),
                f"add it first (kb add {refs[0]}), or map it as a claim field the import may create" if not ids
                else "add an alias to the one meant")
        return ids[0]

    def _entity_values(self, rule: EntityRule, kind: str, term: str, row: dict, owner_field: str | None,
                       owner: Any) -> dict:
        """The fields of an entity a row adds: its display name (or title), then the rule's templates."""
        name = render(rule.name, row) if rule.name is not None else None
        name = str(name) if name not in (None, "", []) else display_name(term)
        values: dict[str, Any] = {"title" if kind == "source" else "name": name}
        if kind == "source":
            values["kind"] = "other"
        specs = {s.name: s for s in schema_fields(ENTITY_TYPES[kind])}
        for field_name, template in rule.fields.items():
            if field_name not in specs:
                continue  # a field of the rule's other kind
            if field_name == owner_field:
                if owner:
                    values[field_name] = owner
                continue
            value = render(template, row)
            if value in (None, "", [], {}):
                continue
            if specs[field_name].metadata.get("refs"):
                value = self._entity_ref(rule, kind, term, field_name, row)
            if specs[field_name].metadata["kind"] == "text" and isinstance(value, str) and "\n" in value:
                self.notes.append(f"{kind} '{term}': {field_name}: a line break folded to a space "
                                  f"({value.count(chr(10))} in all)")
                value = " ".join(value.split())
            values[field_name] = value
        return values

    def _validate(self, text: str) -> str | None:
        doc = read_canonical(text) or read_document(text)
        claim, problems = build_record(Claim, doc.data, doc.positions, "row", doc.line, doc.column)
        if problems:
            return "; ".join(p.message for p in problems)
        problem = _attributes(self.view, claim)
        if problem:
            return problem
        for spec in schema_fields(Claim):
            refs = spec.metadata.get("refs")
            if not refs or refs == ("claim",):
                continue
            value = getattr(claim, spec.name)
            for target in (value if isinstance(value, tuple) else [value] if value else []):
                if self.matcher.kind.get(target) not in refs:
                    return f"{spec.name} '{target}' is not a {' or '.join(refs)}"
        return None

    def _update(self, number: int, external: str, cid: str, text: str, text_hash: str, record: tuple,
                fingerprint: str) -> Row:
        """A row imported before: unchanged, changed (its claim is rewritten) or a conflict (edited by hand)."""
        relpath = self.view.claim_paths.get(cid)
        path = self.view.root / relpath if relpath else None
        if path is None or not path.exists():
            return Row(number, external, "conflict", cid, message=f"claim {cid} was deleted since the last "
                                                                  "import; not written again",
                       fix=f"delete its line in {self.plan.record_path} to import the row afresh")
        self.taken.add(cid)
        if record[1] and text_hash == record[1]:  # as written then: unchanged, whatever was done to it since
            self.plan.records[external] = (cid, text_hash, fingerprint)
            return Row(number, external, "unchanged", cid, relpath)
        try:
            current = path.read_bytes()
        except OSError as error:
            return Row(number, external, "conflict", cid, relpath, message=f"cannot read it ({error.strerror})")
        current_hash = digest(current)
        if current_hash == text_hash:
            self.plan.records[external] = (cid, text_hash, fingerprint)
            return Row(number, external, "unchanged", cid, relpath)
        if not record[1]:
            return Row(number, external, "conflict", cid, relpath,
                       message=f"this claim carries the row's external id but was not written by kb import (no "
                               f"record in {self.plan.record_path}); left as it is")
        if current_hash != record[1]:
            return Row(number, external, "conflict", cid, relpath,
                       message="edited by hand since the last import, and the row changed too; left as it is "
                               "(merge the change by hand, or delete the file and import again)")
        problem = self._validate(text)
        if problem:
            return Row(number, external, "rejected", cid, relpath, message=problem, fix=_fix_for(problem))
        self.plan.records[external] = (cid, text_hash, fingerprint)
        return Row(number, external, "changed", cid, relpath, text)

    def finish(self) -> ImportPlan:
        plan = self.plan
        plan.new_entities = self.matcher.added
        plan.entities = _entity_plans(self.view, self.mapping, self.matcher.added)
        return plan


def _fix_for(problem: str) -> str:
    if "did you mean" in problem:
        return "write the value suggested, or add it to the mapping's values: table"
    if "not declared" in problem:
        return "declare it (kb add attribute NAME --type ...) and import again"
    if "over the" in problem and "limit" in problem:
        return "shorten the cell, or map a shorter column"
    return "correct the cell named, or map it through the mapping's values:, defaults: or formats:"


def _attributes(view: View, claim: Claim) -> str | None:
    """What is wrong with a claim's attributes against their declarations, if anything."""
    from ..checks.attributes import value_problem

    for name, value in (claim.attributes or {}).items():
        declared = view.attributes_by_name.get(name)
        if declared is None:
            return f"attribute '{name}' is not declared in claims/registry/attributes.yaml"
        problem = value_problem({"type": declared.type, "values": list(declared.values)}, value)
        if problem:
            return f"attribute {name}: {problem}"
    return None


def plan_import(kb: KnowledgeBase | View, mapping: Mapping, rows: Iterable[Record | tuple[int, dict]],
                data_label: str, keep_duplicates: bool = False, progress: Progress | None = None,
                total: int | None = None, fmt: str = "csv", header: bytes | list | None = None,
                spool: Any = None) -> ImportPlan:
    """What importing the rows would do, row by row, without writing anything. rows: the records of
    `read_rows` (or (line, row) pairs). progress(done, total) is called as rows are planned. header: the data
    file's header line, or the list `read_rows` puts it in (for the rejects file). spool: a binary file open
    for reading and writing (a `tempfile.TemporaryFile`) where the texts to write are set aside instead of
    kept in memory (`ImportPlan.text_of` reads them back).
    keep_duplicates is no longer needed (rows that differ are always imported) and is ignored."""
    view = kb if isinstance(kb, View) else View.of(kb)
    planner = Planner(view, mapping, data_label, fmt)
    planner.plan.spool = spool
    done = 0
    for item in rows:
        record = item if isinstance(item, Record) else Record(item[0], item[1], b"")
        planner.row(record)
        done += 1
        if progress is not None and done % 256 == 0:
            progress(record.number, total)
    if progress is not None:
        progress(total or done, total)
    planner.plan.header = (header[0] if header else None) if isinstance(header, list) else header
    return planner.finish()


def _entity_plans(view: View, mapping: Mapping, added: dict[str, list[dict]]) -> list[EntityPlan]:
    """One plan per registry file the new entities go to (owners first, so references resolve)."""
    files: dict[tuple[str, str], list[dict]] = {}
    chosen: dict[str, str] = {}
    for rule in mapping.entities.values():
        if rule.file:  # for the rule's own kind; names of its other kinds go where kb add puts them
            chosen.setdefault(rule.kind, rule.file)
    for kind in ("company", "person", "factory", "source"):
        for values in added.get(kind, ()):
            target = chosen.get(kind) or registry_path(kind, view.root, values["id"])
            files.setdefault((kind, target), []).append(values)
    pending = {v["id"] for items in added.values() for v in items}
    shell = KnowledgeBase(view.root, (), tuple(view.entities))
    plans = [plan_entities(shell, kind, items, relpath, pending=pending, check_similar=False)
             for (kind, relpath), items in files.items()]
    for plan in plans:
        size = len(plan.text.encode("utf-8"))
        if size > MAX_FILE_BYTES:
            plan.problems.append(Problem(plan.relpath, 1, 1, "too-large", (
                f"would grow to {size:,} bytes, over kb's {MAX_FILE_BYTES:,}-byte limit for a file; give the "
                f"entities a file of their own in a kind folder (entities: ...: file: claims/registry/"
                f"{plan.relpath.rsplit('/', 1)[-1][:-5]}/{mapping.system}.yaml)")))
            plan.records = []
    return plans


# ---------------------------------------------------------------- writing

def rejects_bytes(plan: ImportPlan) -> bytes:
    """The rejects file: the data file's header (if it has one), then each rejected row as it was, after a
    `# kb:` line saying where it was, why it was rejected and what would fix it."""
    out = []
    if plan.header:
        out.append(plan.header if plan.header.endswith(b"\n") else plan.header + b"\n")
    for rejected in plan.rejected:
        reason = f"# kb: line {rejected.number}: {rejected.reason}; fix: {rejected.fix}"
        out.append(" ".join(reason.split()).encode("utf-8", "replace") + b"\n")
        raw = rejected.raw
        out.append(raw if raw.endswith(b"\n") else raw + b"\n")
    body = b"".join(out)
    return (REJECTS_MARK + b" of " + plan.data_label.encode("utf-8", "replace") + b"; each after a '# kb:' line "
            b"saying why. Fix them and import this file again with the same mapping. " + _digest(body) + b"\n"
            + body)


def _digest(body: bytes) -> bytes:
    """What the first line of a rejects file says of the rest as kb wrote it, so that an edit shows."""
    import hashlib

    return b"[kb " + hashlib.sha1(body).hexdigest().encode("ascii") + b"]"


def edited_rejects(root: Path, relpath: str, data: Path) -> Path | None:
    """The rejects file at relpath when a user has changed it since kb wrote it (fixing rows there to import
    it again), unless it is the data file being imported: an import would replace or remove it, and the
    fixes with it. None when it is absent, as kb wrote it, or the file being imported."""
    path = root / relpath
    try:
        if not path.is_file() or path.resolve() == data.resolve():
            return None
        first, _, body = path.read_bytes().partition(b"\n")
    except OSError:
        return None
    return None if first.startswith(REJECTS_MARK) and first.endswith(_digest(body)) else path


BATCH = 2000  # claim files written (and flushed to disk) together


def apply_import(root: Path, plan: ImportPlan, progress: Progress | None = None) -> int:
    """Write the registry files, the claims, the record and the rejects file, all or nothing (the rejects
    file last: it only repeats what the data file holds): whatever fails, what was written is put back.
    Claims go in batches of BATCH, so that a large import holds few texts at a time. Returns the claims
    written; progress(done, total) is called after each batch."""
    from ..store.atomic import write_bytes_atomic, write_many_atomic

    firsts: list[tuple[Path, Any, bool]] = []
    before: dict[Path, str | None] = {}
    for entity_plan in plan.entities:
        path = root / entity_plan.relpath
        now = current_text(path)
        if now != entity_plan.old_text:
            raise OSError(f"{entity_plan.relpath} changed while kb was importing; nothing written, run it again")
        firsts.append((path, entity_plan.text, entity_plan.old_text is not None))
        before[path] = entity_plan.old_text
    rows = [row for row in plan.rows if row.status in WRITTEN]
    done: list[Path] = []  # registry files and the record
    written = 0  # rows[:written] are written
    old_texts: dict[int, str] = {}  # a changed claim's text before, by its place in rows
    try:
        write_many_atomic(firsts, root, done)
        while written < len(rows):
            batch = rows[written:written + BATCH]
            items = []
            for i, row in enumerate(batch, written):
                path = root / plan.relpath_of(row)
                if row.status == "changed":
                    old_texts[i] = path.read_text(encoding="utf-8")
                items.append((path, (lambda row=row: plan.text_of(row)) if row.ref else row.text,
                              row.status == "changed"))
            mine: list[Path] = []
            try:
                write_many_atomic(items, root, mine)
            except BaseException:
                _put_back(root, [(p, old_texts.get(written + i)) for i, p in enumerate(mine)])
                raise
            written += len(batch)
            if progress is not None:
                progress(written, len(rows))
        record = root / plan.record_path
        text = records_text(plan.records)
        old_text = record.read_text(encoding="utf-8") if plan.old_records and record.exists() else None
        if text != old_text:
            before[record] = old_text
            write_many_atomic([(record, text, record.exists())], root, done)
    except BaseException:
        _put_back(root, [(root / plan.relpath_of(row), old_texts.get(i)) for i, row in enumerate(rows[:written])])
        _put_back(root, [(path, before[path]) for path in done])
        raise
    rejects = root / plan.rejects_path
    if plan.rejected:
        data = rejects_bytes(plan)
        if not rejects.exists() or rejects.read_bytes() != data:
            write_bytes_atomic(rejects, data, overwrite=True, root=root)
    elif rejects.exists():
        rejects.unlink()
    return written


def _put_back(root: Path, files: list[tuple[Path, str | None]]) -> None:
    """Files as they were: removed when they were new (None), else their old text written back."""
    from ..store.atomic import write_text_atomic

    for path, old in reversed(files):
        if old is None:
            if path.exists():
                path.unlink()
        else:
            write_text_atomic(path, old, overwrite=True, root=root)


def rename_in_records(root: Path, old: str, new: str, hashes: dict[str, str]) -> list[tuple[str, str, str]]:
    """(relpath, old text, new text) of each import record that names claim old (for `kb mv`); a hash of the
    file as the import wrote it becomes the hash of the renamed file (hashes: old -> new), so the rename is
    not taken for an edit by hand. Records are read whole but without a size limit."""
    changes = []
    folder = root / RECORDS_DIR
    if not folder.is_dir():
        return changes
    for path in sorted(folder.glob("*.tsv")):
        if path.name.endswith(".rejects.tsv"):
            continue
        text = path.read_text(encoding="utf-8")
        if f"\t{old}\t" not in text:
            continue
        lines = text.split("\n")
        changed = False
        for i, line in enumerate(lines):
            parts = line.split("\t")
            if len(parts) in (3, 4) and not line.startswith("#") and parts[1] == old:
                parts[1] = new
                parts[2] = hashes.get(parts[2], parts[2])
                lines[i] = "\t".join(parts)
                changed = True
        if changed:
            changes.append((path.relative_to(root).as_posix(), text, "\n".join(lines)))
    return changes


