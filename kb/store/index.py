"""The index: parsed claims cached in SQLite, so that a large knowledge base answers faster than grep.

Parsing YAML is what costs; the index keeps every file's records and problems, and
each run re-reads only what changed since (`kb.store.freshness` finds it, `kb.store.indexing`
parses it).

The index is invisible: answers are the same with it, without it (`--no-cache` builds
one in memory) or after any edit. It lives in `.kb-cache/` inside the repository (kb
writes nothing outside it) as one database per build, named by a pointer file that is
replaced atomically, so a rebuild never disturbs a process reading the previous one.
Anything unexpected - a corrupt or foreign file, another kb version, a lock held too
long - leads to a rebuild or an in-memory index, never to an error or a wrong answer.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from collections import deque
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable

from .. import __version__
from ..model.period import as_number
from ..model.problem import Problem
from ..model.records import KnowledgeBase
from .files import CACHE_DIR, INDEX_PREFIX, POINTER, current_index, is_registry_file
from .freshness import RACY_SECONDS, Changes, find_changes
from .indexing import (
    PARALLEL_FROM,
    Parsed,
    _problems_from,
    _problems_json,
    parse_many,
    parse_one,
    record_from_row,
    rows_of,
)

FORMAT = "21"  # bump when the tables change; with the kb version it names a compatible index
TABLES = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE folders(path TEXT PRIMARY KEY, mtime_ns INTEGER, problems TEXT);
CREATE TABLE files(path TEXT PRIMARY KEY, folder TEXT, hash TEXT, mtime_ns INTEGER, size INTEGER,
                   problems TEXT, tracked INTEGER DEFAULT 0, canonical INTEGER);
CREATE TABLE records(rid INTEGER PRIMARY KEY, path TEXT, kind TEXT, id TEXT, line INTEGER, data TEXT,
                     positions TEXT, when_start INTEGER, when_end INTEGER, when_key INTEGER, fiscal INTEGER, status TEXT,
                     product TEXT, pretty TEXT);
CREATE TABLE listed(id TEXT, path TEXT, rid INTEGER, when_start INTEGER, when_end INTEGER, when_key INTEGER,
                    status TEXT, said TEXT, company TEXT, speaker TEXT, factory TEXT, source TEXT, product TEXT,
                    fields INTEGER, plain TEXT, csv TEXT, PRIMARY KEY (id, path, rid)) WITHOUT ROWID;
CREATE TABLE links(rid INTEGER, field TEXT, item INTEGER, target TEXT, kinds TEXT);
CREATE TABLE tags(rid INTEGER, tag TEXT);
CREATE TABLE names(name TEXT, rid INTEGER);
CREATE TABLE externals(rid INTEGER, system TEXT, value TEXT);
CREATE TABLE attributes(rid INTEGER, name TEXT, value TEXT);
CREATE TABLE results(name TEXT PRIMARY KEY, generation INTEGER, fingerprint TEXT, problems TEXT);
CREATE TABLE changed(generation INTEGER, path TEXT, id TEXT, kind TEXT);
CREATE TABLE stubs(path TEXT, kind TEXT, id TEXT, line INTEGER);
"""
AS_OF_TABLES = ("records", "listed", "links", "tags", "externals", "attributes")  # those `Index.as_of` narrows
PART_TABLES = ("files", "records", "listed", "links", "tags", "names", "externals", "attributes", "stubs")
PART_FILES = 1000  # files in a part of a first build made on several cores
# Values written into one `IN (...)`: more go through a temporary table (`Index.among`) or in chunks, so
# that no statement asks for more parameters than SQLite allows (999 before version 3.32, 32,766 since;
# a statement may hold a few such lists).
INLINE_VALUES = 200


# progress(done, total): how a long build reports how far it is (kb.render.progress draws it)
Progress = Callable[[int, "int | None"], None]


def _no_progress(done: int, total: int | None = None) -> None:
    return None


# Secondary indexes: a fresh database gets them after its bulk load, which is quicker than
# keeping them up to date row by row. The rid ones make forgetting a changed file cheap.
INDEXES = """
CREATE INDEX stubs_id ON stubs(id);
CREATE INDEX changed_generation ON changed(generation);
CREATE INDEX stubs_path ON stubs(path);
CREATE INDEX files_folder ON files(folder);
CREATE INDEX records_path ON records(path);
CREATE INDEX records_id ON records(id, kind);
CREATE INDEX listed_rid ON listed(rid);
CREATE INDEX listed_order ON listed(id, path, rid);
CREATE INDEX listed_site ON listed(company, factory);
CREATE INDEX links_target ON links(target, field);
CREATE INDEX links_rid ON links(rid);
CREATE INDEX links_field ON links(field);
CREATE INDEX tags_tag ON tags(tag);
CREATE INDEX tags_rid ON tags(rid);
CREATE INDEX names_name ON names(name);
CREATE INDEX externals_value ON externals(system, value);
CREATE INDEX externals_rid ON externals(rid);
CREATE INDEX attributes_name ON attributes(name);
CREATE INDEX attributes_rid ON attributes(rid);
CREATE INDEX names_rid ON names(rid);
CREATE INDEX records_fiscal ON records(rid) WHERE fiscal = 1;
CREATE INDEX records_entities ON records(kind, path, line) WHERE kind != 'claim';
CREATE INDEX files_problems ON files(problems) WHERE problems IS NOT NULL;
CREATE INDEX folders_problems ON folders(problems) WHERE problems IS NOT NULL;
"""


# ---------------------------------------------------------------- the index

class Index:
    """A knowledge base's records, kept fresh; read it through `knowledge_base` and `select_rids`."""

    def __init__(self, root: Path, conn: sqlite3.Connection, persistent: bool) -> None:
        self.root = root
        self.conn = conn
        self.persistent = persistent
        self.memo: dict[str, Any] = {}  # answers worked out from the claims as seen now; refresh and as_of empty it

    # -------- keeping it fresh

    @property
    def generation(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def refresh(self, use_git: bool = True, progress: Progress | None = None) -> None:
        """Re-read what changed since the index was written; progress(done, total) is told how many of the
        files to read are read (kb.render.progress draws it)."""
        self._entities = self._attributes = self._claim_count = self._archives = self._since = None
        self.memo = {}
        empty = self.conn.execute("SELECT 1 FROM folders LIMIT 1").fetchone() is None
        seen = None if empty else find_changes(self.root, self.conn, use_git, quick=True)
        if seen is not None and not seen:
            return
        self.conn.execute("BEGIN IMMEDIATE")  # one writer at a time
        try:
            # The quick look is complete unless git's index moved; applying what another kb applied
            # meanwhile is harmless (unchanged files are recognised by their content hash).
            changes = seen if seen is not None and not seen.staged_changed else find_changes(
                self.root, self.conn, use_git)
            if changes:
                self._apply(changes, progress)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _forget(self, paths: Iterable[str]) -> None:
        cur = self.conn.cursor()
        generation = self.generation + 1
        for path in paths:
            cur.execute("INSERT INTO changed SELECT ?, path, id, kind FROM records WHERE path = ?", (generation, path))
            cur.execute("INSERT INTO changed SELECT ?, path, id, kind FROM stubs WHERE path = ?", (generation, path))
            cur.execute("DELETE FROM stubs WHERE path = ?", (path,))
            cur.execute("INSERT INTO changed VALUES (?, ?, NULL, NULL)", (generation, path))
            rids = [(r,) for (r,) in cur.execute("SELECT rid FROM records WHERE path = ?", (path,))]
            for table in ("listed", "links", "tags", "names", "externals", "attributes"):  # each by its rid index
                cur.executemany(f"DELETE FROM {table} WHERE rid = ?", rids)
            cur.execute("DELETE FROM records WHERE path = ?", (path,))
            cur.execute("DELETE FROM files WHERE path = ?", (path,))

    def _apply(self, changes: Changes, progress: Progress | None = None) -> None:
        """Write what changed; the generation (which voids cached check results) moves only when
        some content did: a file touched but not changed is just re-stamped."""
        cur = self.conn.cursor()
        changed = bool(changes.forget_files or changes.forget_folders)
        # fiscal years are placed again when a registry file or a claim with one changes
        place = any(is_registry_file(path) for path in changes.forget_files)
        self._forget(changes.forget_files)
        cur.executemany("DELETE FROM folders WHERE path = ?", [(p,) for p in changes.forget_folders])
        now_ns = time.time_ns()
        for folder in changes.folders:
            racy = now_ns - folder.mtime_ns < RACY_SECONDS * 1e9
            problems = _problems_json(Problem(rel, e.line, e.column, e.rule, e.message) for rel, e in folder.problems)
            before = cur.execute("SELECT problems FROM folders WHERE path = ?", (folder.relpath,)).fetchone()
            changed = changed or before is None or before[0] != problems
            cur.execute("INSERT OR REPLACE INTO folders VALUES (?, ?, ?)",
                        (folder.relpath, 0 if racy else folder.mtime_ns, problems))
        generation = self.generation
        # A first build (generation 0) holds no cached results, so it needs no log of what changed,
        # and no file can be there before it.
        first = generation == 0 and cur.execute("SELECT 1 FROM files LIMIT 1").fetchone() is None
        # in the order of the file names (claim ids), so that rows lie in the order listings read them
        files = sorted(changes.parse, key=lambda f: (f.relpath.rsplit("/", 1)[-1], f.relpath))
        batch = _Batch(cur, None if first else generation + 1)
        step = progress or _no_progress
        if first and self.persistent and len(files) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
            self._first_build_in_parts(files, step)
            changed = place = True
            files = []
        for done, rows in enumerate(parse_many(self.root, files), 1):
            if done % 100 == 0 or done == len(files):
                step(done, len(files))
            if not first:
                path, _, content, mtime_ns, size, problems, _ = rows[0]
                before = cur.execute("SELECT hash, problems FROM files WHERE path = ?", (path,)).fetchone()
                if before is not None and content is not None and before == (content, problems):
                    cur.execute("UPDATE files SET mtime_ns = ?, size = ? WHERE path = ?", (mtime_ns, size, path))
                    continue
                if before is not None:
                    self._forget([path])
            batch.add(rows)
            changed = True
            place = place or is_registry_file(rows[0][0]) or any(r[0][9] for r in rows[1])
        batch.flush()
        if place:
            self._place_fiscal(cur)
        if changes.tracked is not None:  # remember which files git vouches for, and its index's stamp
            cur.executemany("UPDATE files SET tracked = ? WHERE path = ?", changes.vouched)
            cur.executemany("UPDATE files SET tracked = 1 WHERE path = ? AND hash = ?",
                            [(f.relpath, changes.tracked[f.relpath]) for f in changes.parse
                             if f.relpath in changes.tracked])
            if changes.git_stamp and changes.git_stamp != "racy":
                cur.execute("INSERT OR REPLACE INTO meta VALUES ('git_stamp', ?)", (changes.git_stamp,))
        if changed:
            cur.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(generation + 1),))

    def _first_build_in_parts(self, files: list, step: Progress) -> None:
        """A first build on every core. Helper processes write parts of the index, databases of their own
        (`_build_part`), which this process copies in, in C, as they come, building parts itself
        meanwhile: no row is sent between processes, and every core parses and writes. Parts are
        copied outside a transaction (ATTACH needs that): the database is new, and no one reads it
        before its build is done."""
        import multiprocessing

        conn = self.conn
        database = conn.execute("PRAGMA database_list").fetchone()[2]
        chunks = [files[i:i + PART_FILES] for i in range(0, len(files), PART_FILES)]
        parts = [f"{database}.part{k}" for k in range(len(chunks))]
        # each part numbers its rows from its own start, far enough apart for any number of records
        jobs = iter([(str(self.root), chunk, 1 + (k << 32), part) for k, (chunk, part) in enumerate(zip(chunks, parts))])
        sizes, done = {part: len(chunk) for chunk, part in zip(chunks, parts)}, 0
        step(0, len(files))
        try:
            context = multiprocessing.get_context("fork")
        except ValueError:  # pragma: no cover - platforms without fork
            context = multiprocessing.get_context()
        helpers = min(os.cpu_count() or 1, 8) - 1
        conn.execute("COMMIT")
        try:
            with context.Pool(helpers) as pool:
                in_flight = deque(pool.apply_async(_build_part, (job,)) for job in islice(jobs, 2 * helpers))
                while in_flight:
                    if not in_flight[0].ready():
                        mine = next(jobs, None)
                        if mine is not None:
                            _build_part(mine, conn)
                            done += sizes[mine[3]]
                            step(done, len(files))
                            continue
                    finished = in_flight.popleft().get()
                    following = next(jobs, None)
                    if following is not None:
                        in_flight.append(pool.apply_async(_build_part, (following,)))
                    self._copy_in(finished)
                    done += sizes[finished]
                    step(done, len(files))
        finally:
            for part in parts:
                for leftover in (part, part + "-journal"):
                    if os.path.exists(leftover):
                        os.unlink(leftover)
            conn.execute("BEGIN IMMEDIATE")

    def _copy_in(self, part: str) -> None:
        """The rows of a part of the index, added to it."""
        conn = self.conn
        conn.execute("ATTACH DATABASE ? AS part", (part,))
        try:
            conn.execute("BEGIN")
            for table in PART_TABLES:
                order = " ORDER BY id, path, rid" if table == "listed" else ""
                conn.execute(f"INSERT INTO main.{table} SELECT * FROM part.{table}{order}")
            conn.execute("COMMIT")
        finally:
            conn.execute("DETACH DATABASE part")
        os.unlink(part)

    def _insert(self, cur: sqlite3.Cursor, parsed: Parsed) -> None:
        batch = _Batch(cur, None)
        batch.add(rows_of(parsed))
        batch.flush()

    def _place_fiscal(self, cur: sqlite3.Cursor) -> None:
        """Fiscal periods (FY2027) where their company's `fiscal_year_end` puts them, as `kb.model.period.of_claim`
        places them; they are parsed at their widest, since the registry may be in another file. Then
        SQL decides every filter and sort on periods exactly."""
        from ..model.period import of_claim

        claims = [(rid, record_from_row("claim", path, line, data, "")) for rid, path, line, data in cur.execute(
            "SELECT rid, path, line, data FROM records WHERE fiscal = 1 AND kind = 'claim'").fetchall()]
        if not claims:
            return
        companies = sorted({claim.company for _, claim in claims if claim.company})
        rows = []
        for i in range(0, len(companies), INLINE_VALUES):
            chunk = companies[i:i + INLINE_VALUES]
            rows += cur.execute(f"SELECT kind, path, line, data, '' FROM records WHERE id IN ({','.join('?' * len(chunk))}) "
                                "AND kind NOT IN ('claim', 'attribute')", chunk).fetchall()
        entities = tuple(record_from_row(*row) for row in sorted(rows, key=lambda r: (r[1], r[2])))
        kb = KnowledgeBase(root=self.root, claims=(), entities=entities)
        placed = []
        for rid, claim in claims:
            when = of_claim(claim, kb)
            placed.append((as_number(when.start, False), as_number(when.end, True), as_number(when.key, False),
                           claim.id, claim.path, rid))
        cur.executemany("UPDATE records SET when_start = ?, when_end = ?, when_key = ? WHERE rid = ?",
                        [(*p[:3], p[5]) for p in placed])
        cur.executemany("UPDATE listed SET when_start = ?, when_end = ?, when_key = ? WHERE id = ? AND path = ? "
                        "AND rid = ?", placed)

    # -------- reading

    def problems(self) -> list[Problem]:
        """Problems of reading and validating each file, and of the folders."""
        found: list[Problem] = []
        for (text,) in self.conn.execute("SELECT problems FROM folders WHERE problems IS NOT NULL "
                                         "UNION ALL SELECT problems FROM files WHERE problems IS NOT NULL"):
            found.extend(_problems_from(text))
        return found

    def entities(self) -> tuple[Any, ...]:
        """Every registry entity, decoded once per run."""
        if getattr(self, "_entities", None) is None:
            self._entities = tuple(record_from_row(*row) for row in self.conn.execute(
                "SELECT kind, path, line, data, '' FROM records WHERE kind != 'claim' AND kind IN "
                "('company', 'person', 'factory', 'source', 'product', 'milestone') ORDER BY path, line"))
        return self._entities

    def attributes(self) -> tuple[Any, ...]:
        """The attributes the knowledge base declares (claims/registry/attributes.yaml)."""
        if getattr(self, "_attributes", None) is None:
            self._attributes = tuple(record_from_row(*row) for row in self.conn.execute(
                "SELECT kind, path, line, data, '' FROM records WHERE kind != 'claim' AND kind = 'attribute' "
                "ORDER BY path, line"))
        return self._attributes

    def _by_rid(self, columns: str, rids: Iterable[int], where: str = "1") -> list[tuple]:
        """Rows of records with these row ids (asked for a few hundred at a time: SQLite caps parameters)."""
        wanted, rows = sorted(set(rids)), []
        for i in range(0, len(wanted), INLINE_VALUES):
            chunk = wanted[i:i + INLINE_VALUES]
            rows += self.conn.execute(f"SELECT {columns} FROM records WHERE rid IN ({','.join('?' * len(chunk))}) "
                                      f"AND {where}", chunk).fetchall()
        return rows

    def knowledge_base(self, rids: Iterable[int] | None = None,
                       entity_rids: Iterable[int] | None = None, where: str = "1", params: tuple = ()) -> KnowledgeBase:
        """Every entity (or those with entity_rids), and every claim (or those with rids, or those where, a
        condition on records with its params, keeps), in path order.

        Records come without their field positions: only the checks need them, and they read
        the index directly. Leaving them out saves a quarter of the memory.
        """
        columns = "kind, path, line, data, ''"
        if entity_rids is None:
            entities = self.entities()
        else:
            rows = sorted(self._by_rid(columns, entity_rids, "kind NOT IN ('claim', 'attribute')"), key=lambda r: (r[1], r[2]))
            entities = tuple(record_from_row(*row) for row in rows)
        if rids is None:  # streamed: where (on records) may narrow them without a list of row ids in memory
            rows = self.conn.execute(f"SELECT {columns} FROM records WHERE kind = 'claim' AND {where} "
                                     "ORDER BY path, rid", params)
        else:
            rows = sorted(self._by_rid(columns, rids, "kind = 'claim'"), key=lambda r: r[1])
        claims = [record_from_row(*row) for row in rows]
        return KnowledgeBase(root=self.root, claims=tuple(claims), entities=tuple(entities),
                             attributes=self.attributes())

    @classmethod
    def from_records(cls, root: Path, records: Iterable[Any]) -> "Index":
        """An in-memory index of records that are not (or not yet) files, e.g. for `kb new` to check one."""
        conn = _connect(":memory:")
        _create(conn, root)
        index = cls(root, conn, persistent=False)
        by_path: dict[str, list[Any]] = {}
        for record in records:
            by_path.setdefault(record.path, []).append(record)
        cur = conn.cursor()
        for path, group in by_path.items():
            index._insert(cur, Parsed(path, None, 0, 0, group, []))
        index._place_fiscal(cur)
        return index

    @property
    def claim_count(self) -> int:
        if getattr(self, "_claim_count", None) is None:
            self._claim_count = self.conn.execute("SELECT COUNT(*) FROM listed").fetchone()[0]
        return self._claim_count

    def counts(self) -> tuple[int, int]:
        """(claims, entities) held."""
        claims = self.conn.execute("SELECT COUNT(*) FROM records WHERE kind = 'claim'").fetchone()[0]
        total = self.conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]
        return claims, total - claims

    def paths_of(self, rids: list[int]) -> list[str]:
        """The files of these row ids, in the same order."""
        paths = dict(self._by_rid("rid, path", rids))
        return [paths[rid] for rid in rids if rid in paths]

    def rids(self, sql: str, params: Iterable[Any] = ()) -> set[int]:
        return {rid for (rid,) in self.conn.execute(sql, tuple(params))}

    def as_of(self, day) -> int:
        """From now on, answer as the knowledge base stood on day: a claim counts only if it was said on
        or before it (its `said`, else its source's `date`; a partial date counts from its first day, as
        `--as-of 2024-12` means 2024-12-01). Every table that holds claims is seen through a temporary
        view of the same name that leaves the others out, so that every query, whichever path it takes,
        answers over the claims known then. Returns how many claims were left out for saying no date at
        all (neither theirs nor their source's)."""
        from ..model.period import parse as parse_period

        conn = self.conn
        dates: dict[str, str] = {}
        for source_id, published in conn.execute("SELECT id, json_extract(data, '$.date') FROM main.records "
                                                 "WHERE kind = 'source' ORDER BY path, line"):
            if isinstance(published, str):
                dates[source_id] = published
        hidden, undated = [], 0
        for rid, said, source in conn.execute("SELECT rid, said, source FROM main.listed"):
            text = said or dates.get(source)
            try:
                known = text is not None and parse_period(text).start <= day
            except ValueError:
                known = False
            if not known:
                hidden.append((rid,))
                undated += text is None
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS not_yet_said(rid INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM temp.not_yet_said")
        conn.executemany("INSERT INTO temp.not_yet_said VALUES (?)", hidden)
        for table in AS_OF_TABLES:
            conn.execute(f"CREATE TEMP VIEW IF NOT EXISTS {table} AS SELECT * FROM main.{table} "
                         "WHERE rid NOT IN (SELECT rid FROM temp.not_yet_said)")
        self._entities = self._attributes = self._claim_count = None
        self.memo = {}
        return undated

    def changed_since(self, generation: int) -> tuple[set[str], set[str], set[str]] | None:
        """(paths, ids, kinds of records) that changed after a generation, before and after the change; None
        when the log does not reach back that far. Read once per generation asked (the checks' kept results
        are mostly of the same one)."""
        if getattr(self, "_since", None) is None:
            self._since = {}
        if generation not in self._since:
            self._since[generation] = self._read_changes(generation)
        return self._since[generation]

    def _read_changes(self, generation: int) -> tuple[set[str], set[str], set[str]] | None:
        first = self.conn.execute("SELECT MIN(generation) FROM changed").fetchone()[0]
        if first is None or first > generation + 1:
            return None
        paths, ids, kinds = set(), set(), set()
        for path, record_id, kind in self.conn.execute("SELECT path, id, kind FROM changed WHERE generation > ?",
                                                       (generation,)):
            paths.add(path)
            if record_id is not None:
                ids.add(record_id)
            if kind is not None:
                kinds.add(kind)
        return paths, ids, kinds

    def among(self, column: str, values: Iterable[Any]) -> tuple[str, list]:
        """An SQL condition that column is one of values, and its parameters. A few values go in the
        statement; more go in a temporary table, since SQLite caps a statement's parameters (at 32,766
        by default, 999 before version 3.32, and lower where it was built so)."""
        values = sorted(set(values))
        if not values:
            return "0", []
        if len(values) <= INLINE_VALUES:
            return f"{column} IN ({','.join('?' * len(values))})", values
        self._tables = getattr(self, "_tables", 0) + 1
        table = f"temp.among_{self._tables}"
        self.conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS among_{self._tables}(value PRIMARY KEY) WITHOUT ROWID")
        self.conn.execute(f"DELETE FROM {table}")
        self.conn.executemany(f"INSERT INTO {table} VALUES (?)", ((value,) for value in values))
        return f"{column} IN (SELECT value FROM {table})", []

    def quantity_names(self) -> list[str]:
        """The name of every amount the claims state (`quantities:`), each once."""
        return [name for (name,) in self.conn.execute(
            "SELECT DISTINCT j.key FROM records r, json_each(r.data, '$.quantities') j "
            "WHERE r.kind = 'claim' AND json_type(r.data, '$.quantities') = 'object'")]

    def fresh_results(self, names: Iterable[str]) -> list[Problem] | None:
        """The kept problems of these results (`cached_results`) when every one of them is of the current
        generation and depends on nothing outside the index (no fingerprint); else None."""
        names = list(names)
        rows = self.conn.execute(f"SELECT generation, fingerprint, problems FROM results WHERE name IN "
                                 f"({','.join('?' * len(names))})", names).fetchall()
        if len(rows) != len(names) or any(row[0] != self.generation or row[1] != "" for row in rows):
            return None
        return [problem for row in rows for problem in _problems_from(row[2])]

    def cached_results(self, wanted: list[tuple]) -> list[list[Problem]]:
        """Problems of checks across files, each result kept once per generation of the index: (name,
        fingerprint, compute, update) each, read at once, and those brought up to date written in one
        transaction. update(old problems, changed paths, changed ids, kinds of the changed records), when given,
        brings an older result up to date from what changed since (or returns None: compute it all again)."""
        names = [name for name, *_ in wanted]
        rows = {name: row for name, *row in self.conn.execute(
            f"SELECT name, generation, fingerprint, problems FROM results WHERE name IN ({','.join('?' * len(names))})",
            names)}
        found, fresh = [], []
        for name, fingerprint, compute, update in wanted:
            row = rows.get(name)
            if row and row[0] == self.generation and row[1] == fingerprint:
                found.append(_problems_from(row[2]))
                continue
            since = self.changed_since(row[0]) if row and row[1] == fingerprint and update else None
            problems = update(_problems_from(row[2]), *since) if since is not None else None
            if problems is None:
                problems = compute()
            found.append(problems)
            fresh.append((name, self.generation, fingerprint, _problems_json(problems) or "[]"))
        if fresh:
            try:
                with self.conn:
                    self.conn.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", fresh)
                    self.conn.execute("DELETE FROM changed WHERE generation <= ?", (self.generation - 50,))
            except sqlite3.Error:
                pass  # another process holds the lock: the answers stand, they are just not kept
        return found


def _build_part(job: tuple, conn: sqlite3.Connection | None = None) -> str:
    """A part of a first build: its files' rows, in a database of their own (made by a helper process),
    or in the index itself (conn, this process)."""
    root, found, first_rid, part = job
    own = conn is None
    if own:
        conn = sqlite3.connect(part, isolation_level=None)
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.executescript(TABLES)
    try:
        conn.execute("BEGIN")
        batch = _Batch(conn.cursor(), None, first_rid)
        base = Path(root)
        for found_file in found:
            batch.add(rows_of(parse_one(base, found_file, records=False)))
        batch.flush()
        conn.execute("COMMIT")
    finally:
        if own:
            conn.close()
    return part


class _Batch:
    """Rows of many files, written with one statement per table: a row at a time costs several
    times more. Row ids are given here, so that links, tags and names can name their record."""

    SIZE = 2000  # files held before writing

    def __init__(self, cur: sqlite3.Cursor, generation: int | None, next_rid: int | None = None) -> None:
        self.cur = cur
        self.generation = generation  # where changes are logged; None: no log
        self.next_rid = next_rid or cur.execute("SELECT COALESCE(MAX(rid), 0) + 1 FROM records").fetchone()[0]
        self.files: list[tuple] = []
        self.records: list[tuple] = []
        self.listed: list[tuple] = []
        self.links: list[tuple] = []
        self.tags: list[tuple] = []
        self.names: list[tuple] = []
        self.externals: list[tuple] = []
        self.attributes: list[tuple] = []
        self.stubs: list[tuple] = []
        self.changed: list[tuple] = []

    def add(self, rows: tuple) -> None:
        file_row, records, stubs = rows
        self.files.append(file_row)
        self.stubs.extend(stubs)  # (path, kind, id, line)
        for record_row, listed, links, tags, names, external, attributes in records:
            rid = self.next_rid
            self.next_rid += 1
            self.records.append((rid, *record_row))
            if listed is not None:
                self.listed.append((rid, *listed))
            self.links.extend((rid, *link) for link in links)
            self.tags.extend((rid, tag) for tag in tags)
            self.names.extend((name, rid) for name in names)
            self.externals.extend((rid, *pair) for pair in external)
            self.attributes.extend((rid, *pair) for pair in attributes)
        if self.generation is not None:
            path = file_row[0]
            self.changed.extend([(self.generation, path, record[0][2], record[0][1]) for record in records]
                                + [(self.generation, path, stub[2], stub[1]) for stub in stubs]
                                or [(self.generation, path, None, None)])
        if len(self.files) >= self.SIZE:
            self.flush()

    def flush(self) -> None:
        cur = self.cur
        cur.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, 0, ?)", self.files)
        cur.executemany("INSERT INTO records(rid, path, kind, id, line, data, positions, when_start, when_end, "
                        "when_key, fiscal, status, product, pretty) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        self.records)
        self.listed.sort(key=lambda row: (row[1], row[2], row[0]))  # nearer the order they are kept in
        cur.executemany("INSERT INTO listed(rid, id, path, when_start, when_end, when_key, status, said, company, "
                        "speaker, factory, source, product, fields, plain, csv) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        "?, ?, ?, ?, ?)", self.listed)
        cur.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?)", self.links)
        cur.executemany("INSERT INTO tags VALUES (?, ?)", self.tags)
        cur.executemany("INSERT INTO names VALUES (?, ?)", self.names)
        cur.executemany("INSERT INTO externals VALUES (?, ?, ?)", self.externals)
        cur.executemany("INSERT INTO attributes VALUES (?, ?, ?)", self.attributes)
        cur.executemany("INSERT INTO stubs VALUES (?, ?, ?, ?)", self.stubs)
        cur.executemany("INSERT INTO changed VALUES (?, ?, ?, ?)", self.changed)
        for rows in (self.files, self.records, self.listed, self.links, self.tags, self.names, self.externals,
                     self.attributes, self.stubs, self.changed):
            rows.clear()


# ---------------------------------------------------------------- opening

def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -16384")  # 16 MiB: memory stays within 200 MiB on 100k claims
    return conn


def _identity(root: Path) -> dict[str, str]:
    return {"format": FORMAT, "kb": __version__, "root": str(root)}


def _create(conn: sqlite3.Connection, root: Path, indexes: bool = True) -> None:
    conn.executescript(TABLES + (INDEXES if indexes else ""))
    conn.executemany("INSERT INTO meta VALUES (?, ?)", list(_identity(root).items()) + [("generation", "0")])


def _usable(conn: sqlite3.Connection, root: Path) -> bool:
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        conn.execute("SELECT rid, path, kind, id, line, data, positions, when_start, when_end, when_key, fiscal, status, "
                     "product, pretty FROM records LIMIT 1")
    except sqlite3.Error:
        return False
    return all(meta.get(k) == v for k, v in _identity(root).items())


def open_index(root: Path, use_cache: bool = True, use_git: bool = True, progress: Progress | None = None) -> Index:
    """The fresh index of the knowledge base at root: on disk in .kb-cache/, else in memory. progress(done,
    total), when given, hears how many of the files to read (all of them, the first time) are read."""
    root = root.resolve()
    if use_cache:
        try:
            index = _open_on_disk(root, use_git, progress)
            if index is not None:
                return index
        except (sqlite3.Error, OSError):
            pass  # unusable cache folder or database: answer from memory instead
    conn = _connect(":memory:")
    _create(conn, root, indexes=False)
    index = Index(root, conn, persistent=False)
    index.refresh(use_git, progress)
    conn.executescript(INDEXES)
    return index


def _open_on_disk(root: Path, use_git: bool, progress: Progress | None = None) -> Index | None:
    folder = root / CACHE_DIR
    current = current_index(root)
    if current is not None:
        try:
            conn = _connect(str(current))
            if _usable(conn, root):
                index = Index(root, conn, persistent=True)
                index.refresh(use_git, progress)
                return index
            conn.close()
        except sqlite3.Error:
            pass
    return _rebuild(root, folder, use_git, progress)


def _rebuild(root: Path, folder: Path, use_git: bool, progress: Progress | None = None) -> Index | None:
    """A new database under a new name, then the pointer moved to it; older ones removed."""
    from .atomic import ignored_folder, write_text_atomic

    ignored_folder(folder, "kb's index cache: safe to delete")
    name = f"{INDEX_PREFIX}{uuid.uuid4().hex}.sqlite"
    conn = _connect(str(folder / name))
    conn.execute("PRAGMA journal_mode = MEMORY")  # a new file nobody reads until the pointer names it
    conn.execute("PRAGMA synchronous = OFF")
    _create(conn, root, indexes=False)
    index = Index(root, conn, persistent=True)
    index.refresh(use_git, progress)
    from .fastclaim import forget

    forget()
    conn.executescript(INDEXES)  # after the bulk load: quicker than keeping them up to date row by row
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = NORMAL")
    write_text_atomic(folder / POINTER, name + "\n", overwrite=True)
    for old in folder.glob(f"{INDEX_PREFIX}*.sqlite*"):
        if not old.name.startswith(name) and time.time() - old.stat().st_mtime > 60:
            try:
                old.unlink()
            except OSError:
                pass
    return index

