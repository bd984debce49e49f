"""Exporting the knowledge base: a SQLite file that opens in Datasette as it is, or JSON, JSON lines, CSV.

The SQLite file has one table per kind of record, foreign keys between them, a
table of relations between claims, and a full-text index of claims (`claims_fts`,
the layout Datasette and sqlite-utils look for).
"""

from __future__ import annotations

import io
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from .model import KnowledgeBase, display_name, kind_of
from .render.rows import as_data
from .schema import RELATIONS

SCHEMA = """
CREATE TABLE entities(id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE companies(id TEXT PRIMARY KEY REFERENCES entities(id), name TEXT NOT NULL, aliases TEXT,
                       country TEXT, note TEXT);
CREATE TABLE people(id TEXT PRIMARY KEY REFERENCES entities(id), name TEXT NOT NULL, aliases TEXT, role TEXT,
                    company TEXT REFERENCES companies(id), note TEXT);
CREATE TABLE factories(id TEXT PRIMARY KEY REFERENCES entities(id), name TEXT NOT NULL, aliases TEXT,
                       owner TEXT REFERENCES companies(id), city TEXT, region TEXT, country TEXT, note TEXT);
CREATE TABLE sources(id TEXT PRIMARY KEY REFERENCES entities(id), title TEXT NOT NULL, kind TEXT NOT NULL,
                     aliases TEXT, publisher TEXT, date TEXT, url TEXT, archive TEXT, note TEXT);
CREATE TABLE claims(id TEXT PRIMARY KEY, claim TEXT NOT NULL, speaker TEXT NOT NULL REFERENCES entities(id),
                    company TEXT REFERENCES companies(id), product TEXT, factory TEXT REFERENCES factories(id),
                    "when" TEXT, when_inferred_from TEXT, said TEXT, status TEXT NOT NULL,
                    source TEXT NOT NULL REFERENCES sources(id), quote TEXT NOT NULL, tags TEXT, note TEXT,
                    path TEXT NOT NULL);
CREATE TABLE claim_concerns(claim TEXT NOT NULL REFERENCES claims(id), company TEXT NOT NULL REFERENCES companies(id),
                            PRIMARY KEY (claim, company));
CREATE TABLE claim_tags(claim TEXT NOT NULL REFERENCES claims(id), tag TEXT NOT NULL, PRIMARY KEY (claim, tag));
CREATE TABLE relations(claim TEXT NOT NULL REFERENCES claims(id), relation TEXT NOT NULL,
                       target TEXT NOT NULL REFERENCES claims(id), PRIMARY KEY (claim, relation, target));
CREATE VIRTUAL TABLE claims_fts USING fts5(claim, quote, content='claims', content_rowid='rowid');
"""

_ENTITY_TABLES = {"company": ("companies", ("id", "name", "aliases", "country", "note")),
                  "person": ("people", ("id", "name", "aliases", "role", "company", "note")),
                  "factory": ("factories", ("id", "name", "aliases", "owner", "city", "region", "country", "note")),
                  "source": ("sources", ("id", "title", "kind", "aliases", "publisher", "date", "url", "archive",
                                         "note"))}


def _cell(value: Any) -> Any:
    if isinstance(value, tuple):
        return ", ".join(value) if value else None
    return value


def write_sqlite(kb: KnowledgeBase, path: str) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.executescript(SCHEMA)
        known = {e.id for e in kb.entities}
        for entity in kb.entities:
            kind = kind_of(entity)
            table, columns = _ENTITY_TABLES[kind]
            conn.execute("INSERT OR IGNORE INTO entities VALUES (?, ?, ?)", (entity.id, kind, display_name(entity)))
            conn.execute(f"INSERT OR IGNORE INTO {table} VALUES ({','.join('?' * len(columns))})",
                         [_cell(getattr(entity, c)) for c in columns])
        for claim in kb.claims:
            conn.execute("INSERT OR IGNORE INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (claim.id, claim.claim, claim.speaker, claim.company, claim.product, claim.factory,
                          claim.when, claim.inferred.get("when"), claim.said, claim.status, claim.source,
                          claim.quote, _cell(claim.tags), claim.note, claim.path))
            conn.executemany("INSERT OR IGNORE INTO claim_concerns VALUES (?, ?)",
                             [(claim.id, c) for c in claim.concerns if c in known])
            conn.executemany("INSERT OR IGNORE INTO claim_tags VALUES (?, ?)", [(claim.id, t) for t in claim.tags])
            conn.executemany("INSERT OR IGNORE INTO relations VALUES (?, ?, ?)",
                             [(claim.id, r, t) for r in RELATIONS for t in getattr(claim, r)])
        conn.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
        conn.commit()
    finally:
        conn.close()


def claims_text(kb: KnowledgeBase, fmt: str) -> str:
    """The claims as JSON, JSON lines or CSV text, the same data as `kb list --format`."""
    from .render.listing import Listing, WRITERS

    data = [as_data(c) for c in kb.claims]
    out = io.StringIO()
    WRITERS[fmt](Listing(columns=(), rows=[], data=data), out)
    return out.getvalue()


def export(kb: KnowledgeBase, fmt: str, target: Path, overwrite: bool) -> None:
    """Write the export next to its target and rename it into place; refuse to replace a file unless asked."""
    from .atomic import check_target, write_text_atomic

    if fmt != "sqlite":
        write_text_atomic(target, claims_text(kb, fmt), overwrite=overwrite, root=kb.root)
        return
    check_target(target, overwrite, kb.root)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    os.unlink(temporary)
    try:
        write_sqlite(kb, temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


