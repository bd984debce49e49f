"""Exporting the knowledge base: a SQLite file that opens in Datasette as it is, or JSON, JSON lines, CSV.

Every field of every record survives an export. The SQLite file has one table per kind
of record (claims, the registry's entities, declared attributes) whose columns are the
schema's fields (`kb.model.schema`), so a new field needs no change here: lists and mappings are JSON text (Datasette facets JSON arrays), references
are foreign keys. Beside them: `entities` (every registry id, for references that may
name several kinds), link tables for concerns, tags and relations, and a full-text index
of claims declared the way Datasette and sqlite-utils detect it (`content="claims"`).
JSON, JSON lines and CSV hold the claims, as `kb list --format` prints them. Claims also carry
their state (`kb.answers.state`: `state`, `state_by`, `latest`), computed when the export is written.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import tempfile
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable

from ..model.records import KnowledgeBase, display_name, kind_of
from ..model.schema import (
    ENTITY_TYPES,
    REGISTRY_FILES,
    REGISTRY_TYPES,
    RELATIONS,
    Claim,
    schema_fields,
)
from ..store.rows import as_data, data_keys

FORMATS = ("sqlite", "json", "jsonl", "csv")
TEXT_FORMATS = FORMATS[1:]
# The format a file name asks for when --format is not given; anything else is SQLite.
FORMAT_BY_SUFFIX = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
                    ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite"}

TABLES = {"claim": "claims", **{kind: name.rsplit(".", 1)[0] for name, kind in REGISTRY_FILES.items()}}
RECORD_TYPES = {"claim": Claim, **REGISTRY_TYPES}
_SQL_TYPES = {"month": "INTEGER"}  # every other kind of field is text; lists and mappings are JSON text
STATE_COLUMNS = ("state", "state_by", "latest")  # claims only: kb.answers.state, as of the export
StateOf = Callable[[Any], Any]  # a claim -> its kb.answers.state.State

LINK_TABLES = """
CREATE TABLE entities(id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE claim_concerns(claim TEXT NOT NULL REFERENCES claims(id), company TEXT NOT NULL REFERENCES companies(id),
                            PRIMARY KEY (claim, company));
CREATE TABLE claim_tags(claim TEXT NOT NULL REFERENCES claims(id), tag TEXT NOT NULL, PRIMARY KEY (claim, tag));
CREATE TABLE relations(claim TEXT NOT NULL REFERENCES claims(id), relation TEXT NOT NULL,
                       target TEXT NOT NULL REFERENCES claims(id), PRIMARY KEY (claim, relation, target));
CREATE VIRTUAL TABLE claims_fts USING fts5(claim, quote, content="claims");
"""


def format_for(path: str | Path) -> str | None:
    """The export format a file name implies (FORMAT_BY_SUFFIX; '-', standard output: json), or None."""
    return "json" if str(path) == "-" else FORMAT_BY_SUFFIX.get(Path(path).suffix.lower())


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _column(kind: str, spec: Any) -> str:
    """One column's definition, from a schema field."""
    meta = spec.metadata
    sql = f"{_quoted(spec.name)} {_SQL_TYPES.get(meta['kind'], 'TEXT')}"
    if meta["kind"] == "id":
        sql += " PRIMARY KEY" + (" REFERENCES entities(id)" if kind in ENTITY_TYPES else "")
    elif meta["required"]:
        sql += " NOT NULL"
    if meta["kind"] == "ref":
        targets = meta["refs"]
        sql += f" REFERENCES {TABLES[targets[0]] if len(targets) == 1 else 'entities'}(id)"
    return sql


def table_sql(kind: str) -> str:
    """CREATE TABLE for one kind of record: its schema fields in order, then the file it came from."""
    columns = [_column(kind, spec) for spec in schema_fields(RECORD_TYPES[kind])] + ['"path" TEXT NOT NULL']
    columns += [f"{_quoted(name)} TEXT" for name in STATE_COLUMNS] if kind == "claim" else []
    return f"CREATE TABLE {TABLES[kind]}(\n  " + ",\n  ".join(columns) + "\n);"


def cell(value: Any) -> Any:
    """A field's value as SQLite keeps it: absent and empty as NULL, lists and mappings as JSON text."""
    if value is None or value.__class__ in (str, int, float):
        return value
    if isinstance(value, (tuple, list)):
        return json.dumps(list(value), ensure_ascii=False) if value else None
    if isinstance(value, (dict, MappingProxyType)):
        return json.dumps(dict(value), ensure_ascii=False) if value else None
    return value


@lru_cache(maxsize=None)
def _insert_sql(kind: str) -> tuple[str, tuple[str, ...]]:
    names = tuple(spec.name for spec in schema_fields(RECORD_TYPES[kind]))
    extra = STATE_COLUMNS if kind == "claim" else ()
    columns = ", ".join([_quoted(name) for name in (*names, "path", *extra)])
    return (f"INSERT OR IGNORE INTO {TABLES[kind]} ({columns}) VALUES "
            f"({', '.join('?' * (len(names) + 1 + len(extra)))})", names)


def _insert(conn: sqlite3.Connection, kind: str, records: Iterable[Any], more=lambda record: []) -> None:
    sql, names = _insert_sql(kind)
    conn.executemany(sql, ([cell(getattr(record, name)) for name in names] + [record.path] + more(record)
                           for record in records))


def _states(kb: KnowledgeBase, state: StateOf | None) -> StateOf:
    """The claims' states as of today, from kb itself unless the caller knows more claims."""
    if state is not None:
        return state
    from datetime import date

    from .state import state_of

    today = date.today()
    return lambda claim: state_of(kb, claim, today)


def _state_cells(state: StateOf):
    def cells(claim) -> list:
        now = state(claim)
        return [now.name, cell(now.by), cell(now.latest)]
    return cells


def write_sqlite(kb: KnowledgeBase, path: str, state: StateOf | None = None, progress=None) -> None:
    """The export as a SQLite database; progress(done, total), when given, hears how many claims are in."""
    state = _states(kb, state)
    conn = sqlite3.connect(path)
    try:
        conn.executescript("\n".join(table_sql(kind) for kind in TABLES) + LINK_TABLES)
        known = {e.id for e in kb.entities}
        conn.executemany("INSERT OR IGNORE INTO entities VALUES (?, ?, ?)",
                         ((e.id, kind_of(e), display_name(e)) for e in kb.entities))
        for kind in ENTITY_TYPES:
            _insert(conn, kind, (e for e in kb.entities if kind_of(e) == kind))
        _insert(conn, "attribute", kb.attributes)
        _insert(conn, "claim", _counted(kb.claims, progress), _state_cells(state))
        conn.executemany("INSERT OR IGNORE INTO claim_concerns VALUES (?, ?)",
                         ((c.id, company) for c in kb.claims for company in c.concerns if company in known))
        conn.executemany("INSERT OR IGNORE INTO claim_tags VALUES (?, ?)",
                         ((c.id, tag) for c in kb.claims for tag in c.tags))
        conn.executemany("INSERT OR IGNORE INTO relations VALUES (?, ?, ?)",
                         ((c.id, r, target) for c in kb.claims for r in RELATIONS for target in getattr(c, r)))
        conn.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
        conn.commit()
    finally:
        conn.close()


def _counted(claims: Iterable[Any], progress) -> Iterable[Any]:
    """claims as they are, progress(done, total) told every thousand of them."""
    if progress is None:
        yield from claims
        return
    total = len(claims) if hasattr(claims, "__len__") else None
    done = 0
    for done, claim in enumerate(claims, 1):
        if done % 1000 == 0:
            progress(done, total)
        yield claim
    progress(done, total)


def claims_text(kb: KnowledgeBase, fmt: str, state: StateOf | None = None) -> str:
    """The claims as JSON, JSON lines or CSV text, the same data and columns as `kb list --format`."""
    from ..store.formats import write_data

    state = _states(kb, state)
    data = [{**as_data(c), **state(c).data()} for c in kb.claims]
    out = io.StringIO()
    write_data(fmt, data, (*data_keys(Claim), *STATE_COLUMNS), out)
    return out.getvalue()


def export(kb: KnowledgeBase, fmt: str, target: Path, overwrite: bool, state: StateOf | None = None,
           progress=None) -> None:
    """Write the export next to its target (any path the user names) and rename it into place;
    refuse to replace a file unless asked. Each claim carries its state (kb.answers.state), from state when
    given, else from kb's own claims. progress(done, total), when given, hears how many claims are written
    (SQLite)."""
    from ..store.atomic import check_target, write_text_atomic

    if fmt != "sqlite":
        write_text_atomic(target, claims_text(kb, fmt, state), overwrite=overwrite)
        return
    check_target(target, overwrite)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    os.unlink(temporary)
    try:
        write_sqlite(kb, temporary, state, progress)
        if overwrite:
            os.replace(temporary, target)
        else:
            os.link(temporary, target)  # fails if the target appeared meanwhile: never clobbers
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
