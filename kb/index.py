"""The index: parsed claims cached in SQLite, so that a large knowledge base answers faster than grep.

Parsing YAML is what costs; the index keeps every file's records and problems,
and each run re-reads only what changed since:

- folders are compared by modification time, which changes when a file is added,
  removed or renamed in them;
- inside git, `git ls-files -s` gives each tracked file's content hash, compared with
  the hash of the content the index holds, and `git diff-files` names tracked files
  edited in the work tree;
- other files (untracked, or outside git) are compared by size and modification time.

The index is invisible: answers are the same with it, without it (`--no-cache` builds
one in memory) or after any edit. It lives in `.kb-cache/` inside the repository (kb
writes nothing outside it) as one database per build, named by a pointer file that is
replaced atomically, so a rebuild never disturbs a process reading the previous one.
Anything unexpected - a corrupt or foreign file, another kb version, a lock held too
long - leads to a rebuild or an in-memory index, never to an error or a wrong answer.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import stat
import subprocess
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator

from . import __version__
from .files import CLAIMS_DIR, REGISTRY_DIR, FileProblem, Folder, Found, decode, read_raw, scan_folder, scan_tree
from .model import KnowledgeBase, kind_of
from .problem import Problem
from .schema import ENTITY_TYPES, Claim, schema_fields

CACHE_DIR = ".kb-cache"
POINTER = "current"
FORMAT = "9"  # bump when the tables change; with the kb version it names a compatible index
RACY_SECONDS = 2.0  # a timestamp this close to the scan may still change within the same tick
PARALLEL_FROM = 2000  # files to parse before a second process pays for itself

TABLES = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE folders(path TEXT PRIMARY KEY, mtime_ns INTEGER, problems TEXT);
CREATE TABLE files(path TEXT PRIMARY KEY, folder TEXT, hash TEXT, mtime_ns INTEGER, size INTEGER,
                   problems TEXT, tracked INTEGER DEFAULT 0);
CREATE TABLE records(rid INTEGER PRIMARY KEY, path TEXT, kind TEXT, id TEXT, line INTEGER, data TEXT,
                     positions TEXT, year INTEGER, status TEXT, product TEXT);
CREATE TABLE links(rid INTEGER, field TEXT, item INTEGER, target TEXT, kinds TEXT);
CREATE TABLE tags(rid INTEGER, tag TEXT);
CREATE TABLE names(name TEXT, rid INTEGER);
CREATE TABLE results(name TEXT PRIMARY KEY, generation INTEGER, fingerprint TEXT, problems TEXT);
CREATE TABLE changed(generation INTEGER, path TEXT, id TEXT);
CREATE INDEX files_folder ON files(folder);
CREATE INDEX records_path ON records(path);
CREATE INDEX records_id ON records(id, kind);
CREATE INDEX links_target ON links(target, field);
CREATE INDEX links_rid ON links(rid);
CREATE INDEX links_field ON links(field);
CREATE INDEX tags_tag ON tags(tag);
CREATE INDEX names_name ON names(name);
CREATE INDEX files_problems ON files(problems) WHERE problems IS NOT NULL;
CREATE INDEX folders_problems ON folders(problems) WHERE problems IS NOT NULL;
"""


def content_hash(data: bytes) -> str:
    """The git blob id of data, so that the index can be compared with `git ls-files -s`."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


# ---------------------------------------------------------------- parsing files

@dataclass
class Parsed:
    """One file as the index keeps it."""

    path: str
    hash: str | None
    mtime_ns: int
    size: int
    records: list[Any]
    problems: list[Problem]


def parse_one(root: Path, found: Found) -> Parsed:
    """Read, parse and validate one file; never raises (see `kb.load.load_file`)."""
    path = root / found.relpath
    try:
        info = os.stat(path)
        mtime_ns, size = info.st_mtime_ns, info.st_size
    except OSError:
        mtime_ns, size = 0, -1
    try:
        raw = read_raw(path)
        text = decode(raw)
    except FileProblem as error:
        return Parsed(found.relpath, None, mtime_ns, size, [],
                      [Problem(found.relpath, error.line, error.column, error.rule, error.message)])
    from .load import parse_text, records_from  # PyYAML is only needed when a file is read

    try:
        doc, problems = parse_text(found.relpath, text, found.is_registry)
        records, problems = records_from(found, doc, problems)
    except Exception as error:  # noqa: BLE001 - one hostile file must not stop the others
        if os.environ.get("KB_DEBUG"):
            raise
        records, problems = [], [Problem(found.relpath, 1, 1, "internal-error",
                                         f"kb could not read this file ({type(error).__name__}); please report it")]
    return Parsed(found.relpath, content_hash(raw), mtime_ns, size, records, problems)


def _parse_chunk(args: tuple[str, list[Found]]) -> list[tuple]:
    root, found = args
    return [rows_of(parse_one(Path(root), f)) for f in found]


def parse_many(root: Path, found: list[Found]) -> Iterator[tuple]:
    """Parse files into table rows, on every core when there are many of them."""
    workers = min(os.cpu_count() or 1, 8)
    if len(found) < PARALLEL_FROM or workers < 2:
        for f in found:
            yield rows_of(parse_one(root, f))
        return
    import multiprocessing

    chunks = [(str(root), found[i:i + 500]) for i in range(0, len(found), 500)]
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork
        context = multiprocessing.get_context()
    with context.Pool(workers) as pool:  # a few chunks in flight at a time, so memory stays flat
        waiting = iter(chunks)
        in_flight = deque(pool.apply_async(_parse_chunk, (c,)) for c in islice(waiting, 2 * workers))
        while in_flight:
            rows = in_flight.popleft().get()
            following = next(waiting, None)
            if following is not None:
                in_flight.append(pool.apply_async(_parse_chunk, (following,)))
            yield from rows


# ---------------------------------------------------------------- records <-> rows

_LIST_KINDS = ("refs", "strings", "tags")
_LIST_FIELDS = {t: {s.name for s in schema_fields(t) if s.metadata["kind"] in _LIST_KINDS}
                for t in (Claim, *ENTITY_TYPES.values())}
_REF_FIELDS = {t: [(s.name, s.metadata["kind"] == "refs", "," + ",".join(s.metadata["refs"]) + ",")
                   for s in schema_fields(t) if s.metadata["kind"] in ("ref", "refs")]
               for t in (Claim, *ENTITY_TYPES.values())}
_TYPES = {"claim": Claim, **ENTITY_TYPES}


def _row(record: Any) -> tuple:
    values = {}
    for spec in schema_fields(type(record)):
        value = getattr(record, spec.name)
        if value is not None and value != () and value != {}:
            values[spec.name] = value
    is_claim = isinstance(record, Claim)
    return (record.path, kind_of(record), record.id, record.line, json.dumps(values, ensure_ascii=False),
            record.positions, record.year if is_claim else None, record.status if is_claim else None,
            record.product.casefold() if is_claim and record.product else None)


def rows_of(parsed: Parsed) -> tuple:
    """The table rows for one parsed file: made where it was parsed, so that workers send plain tuples."""
    from .query import entity_names

    file_row = (parsed.path, parsed.path.rsplit("/", 1)[0], parsed.hash, parsed.mtime_ns, parsed.size,
                _problems_json(parsed.problems))
    records = []
    for record in parsed.records:
        links = []
        for name, many, kinds in _REF_FIELDS[type(record)]:
            value = getattr(record, name)
            if many:
                links.extend((name, i, target, kinds) for i, target in enumerate(value))
            elif value:
                links.append((name, None, value, kinds))
        if isinstance(record, Claim):
            tags, names = [t.casefold() for t in record.tags], []
        else:
            tags, names = [], sorted({n.casefold().strip() for n in entity_names(record)})
        records.append((_row(record), links, tags, names))
    return file_row, records


def record_from_row(kind: str, path: str, line: int, data: str, positions: str) -> Any:
    record_type = _TYPES[kind]
    values = json.loads(data)
    for name in _LIST_FIELDS[record_type]:
        if name in values:
            values[name] = tuple(values[name])
    return record_type(**values, path=path, line=line, positions=positions)


def _problems_json(problems: Iterable[Problem]) -> str | None:
    """Problems as JSON text; None when there are none, so that clean files cost nothing to skip."""
    data = [[p.path, p.line, p.column, p.rule, p.message, p.severity, p.subject] for p in problems]
    return json.dumps(data, ensure_ascii=False) if data else None


def _problems_from(text: str | None) -> list[Problem]:
    return [Problem(*item) for item in json.loads(text or "[]")]


# ---------------------------------------------------------------- finding what changed

@dataclass
class Changes:
    """What a run must re-read: files to parse, files and folders to forget, folders to record."""

    parse: list[Found] = field(default_factory=list)
    forget_files: set[str] = field(default_factory=set)
    forget_folders: set[str] = field(default_factory=set)
    folders: list[Folder] = field(default_factory=list)
    tracked: dict[str, str] | None = None  # path -> blob id of the files git tracks, when git was asked
    vouched: list[tuple[int, str]] = field(default_factory=list)  # (tracked flag, path) that changed
    staged_changed: bool = False  # a quick look saw git's index move
    git_stamp: str | None = None

    def __bool__(self) -> bool:
        return bool(self.parse or self.forget_files or self.forget_folders or self.folders or self.tracked
                    or self.staged_changed)


_LS_FILES = re.compile(r"(\d+) ([0-9a-f]+) \d+\t([^\0]*)\0")


def _run_git(root: Path, *args: str) -> bytes | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def git_index_stamp(root: Path, conn: sqlite3.Connection) -> str | None:
    """Size and time of git's index file: when they have not moved, neither has any staged content."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'git_index'").fetchone()
    path = row[0] if row else None
    if not path or not os.path.exists(path):
        out = _run_git(root, "rev-parse", "--path-format=absolute", "--git-path", "index")
        if out is None:
            return None
        path = out.decode().strip()
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('git_index', ?)", (path,))
    try:
        info = os.stat(path)
    except OSError:
        return None
    if time.time_ns() - info.st_mtime_ns < RACY_SECONDS * 1e9:
        return "racy"
    return f"{info.st_mtime_ns}:{info.st_size}"


def start_git_diff(root: Path) -> subprocess.Popen | None:
    """`git diff-files` (which stats every tracked file, in C), running while Python works: the one
    the `kb` command started as it began (`kb.prefetch`), or a new one."""
    from .prefetch import diff_files_command, take

    early = take(str(root))
    if early is not None:
        return early
    try:
        return subprocess.Popen(diff_files_command(str(root)), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        return None


def _finish(process: subprocess.Popen | None) -> bytes | None:
    if process is None:
        return None
    try:
        out, _ = process.communicate(timeout=60)
    except subprocess.SubprocessError:
        process.kill()
        return None
    return out if process.returncode == 0 else None


class StagedChanged(Exception):
    """git's index moved: only a full comparison, under the write lock, can say what changed."""


def _git_state(root: Path, conn: sqlite3.Connection, started: subprocess.Popen | None = None,
               quick: bool = False) -> tuple[dict[str, str] | None, set[str]] | None:
    """(tracked path -> blob id, or None when git's index has not changed since the last look;
    paths edited in the work tree), or None outside git."""
    edited = _finish(started or start_git_diff(root))
    if edited is None:
        return None
    stamp = git_index_stamp(root, conn)
    row = conn.execute("SELECT value FROM meta WHERE key = 'git_stamp'").fetchone()
    edited_paths = {n.decode("utf-8", "surrogateescape") for n in edited.split(b"\0") if n}
    if stamp is not None and stamp != "racy" and row and row[0] == stamp:
        return None, edited_paths
    if quick:
        raise StagedChanged()
    staged = _run_git(root, "ls-files", "-s", "-z", "--", f"{CLAIMS_DIR}/")
    if staged is None:
        return None
    text = staged.decode("utf-8", "surrogateescape")
    blobs = {name: blob for mode, blob, name in _LS_FILES.findall(text) if mode != "120000"}
    return blobs, edited_paths


def find_changes(root: Path, conn: sqlite3.Connection, use_git: bool = True, quick: bool = False) -> Changes:
    """Compare the files on disk with what the index holds, reading as little of either as it can.

    quick: stop as soon as git's index is seen to have moved (the caller then compares under its lock).
    """
    started = start_git_diff(root) if use_git else None
    changes = Changes()
    now_ns = time.time_ns()
    racy_ns = int(RACY_SECONDS * 1e9)
    known_folders = dict(conn.execute("SELECT path, mtime_ns FROM folders"))
    folders_in: dict[str, list[str]] = {}
    for path in known_folders:
        if "/" in path:
            folders_in.setdefault(path.rsplit("/", 1)[0], []).append(path)

    def files_in(folder_path: str) -> list[str]:
        return [p for (p,) in conn.execute("SELECT path FROM files WHERE folder = ?", (folder_path,))]

    if not (root / CLAIMS_DIR).is_dir():
        _finish(started)
        changes.forget_files = {p for (p,) in conn.execute("SELECT path FROM files")}
        changes.forget_folders = set(known_folders)
        return changes
    # 1. folders: a changed modification time means entries came or went.
    pending = [CLAIMS_DIR] if CLAIMS_DIR not in known_folders else []
    base = str(root)
    for path, mtime_ns in known_folders.items():
        try:
            info = os.lstat(f"{base}/{path}")
        except OSError:
            changes.forget_folders.add(path)
            continue
        if not stat.S_ISDIR(info.st_mode):
            changes.forget_folders.add(path)
        elif info.st_mtime_ns != mtime_ns or now_ns - info.st_mtime_ns < racy_ns:
            pending.append(path)
    scanned: set[str] = set()
    while pending:
        path = pending.pop()
        if path in scanned:
            continue
        scanned.add(path)
        try:
            folder = next(scan_tree(root, path)) if path == CLAIMS_DIR else scan_folder(root, path)
        except OSError:
            changes.forget_folders.add(path)
            continue
        changes.folders.append(folder)
        listed = {f.relpath for f in folder.files}
        held = set(files_in(path))
        changes.forget_files.update(held - listed)
        changes.parse.extend(f for f in folder.files if f.relpath not in held)
        pending.extend(sub for sub in folder.subfolders if sub not in known_folders)
        changes.forget_folders.update(sub for sub in folders_in.get(path, ()) if sub not in folder.subfolders)
    # folders that went away take their files and sub-folders with them
    gone = list(changes.forget_folders)
    while gone:
        below = folders_in.get(gone.pop(), ())
        gone.extend(p for p in below if p not in changes.forget_folders)
        changes.forget_folders.update(below)
    for path in changes.forget_folders:
        changes.forget_files.update(files_in(path))
    # 2. files the index holds: content hash against git, or size and time.
    try:
        git = _git_state(root, conn, started, quick) if use_git else None
    except StagedChanged:
        changes.staged_changed = True
        return changes
    blobs, edited = git if git else ({}, set())
    tracked_unchanged = git is not None and blobs is None  # git's index is as it was at the last look
    if tracked_unchanged:  # only files git does not vouch for, and those edited in the work tree
        rows = conn.execute("SELECT path, folder, hash, mtime_ns, size, tracked FROM files WHERE tracked = 0")
        rows = list(rows) + [r for p in edited for r in conn.execute(
            "SELECT path, folder, hash, mtime_ns, size, tracked FROM files WHERE path = ? AND tracked = 1", (p,))]
    else:
        rows = conn.execute("SELECT path, folder, hash, mtime_ns, size, tracked FROM files")
    queued = {f.relpath for f in changes.parse}
    vouch = blobs is not None and git is not None
    for relpath, folder_path, content, mtime_ns, size, tracked in rows:
        if vouch and tracked != (blobs.get(relpath) == content):
            changes.vouched.append((int(not tracked), relpath))
        if relpath in changes.forget_files or relpath in queued:
            continue
        found = Found(relpath, folder_path == f"{CLAIMS_DIR}/{REGISTRY_DIR}")
        if relpath not in edited and (tracked_unchanged and tracked or blobs and relpath in blobs):
            if not tracked_unchanged and blobs[relpath] != content:
                changes.parse.append(found)
            continue
        try:
            info = os.stat(f"{base}/{relpath}")
        except OSError:
            if content is not None or size != -1:
                changes.parse.append(found)  # gone or unreadable now: parse reports it
            continue
        if info.st_mtime_ns != mtime_ns or info.st_size != size or now_ns - info.st_mtime_ns < racy_ns:
            changes.parse.append(found)
    changes.parse.sort(key=lambda f: f.relpath)
    if vouch:
        changes.tracked = blobs
    changes.git_stamp = git_index_stamp(root, conn) if git is not None else None
    return changes


# ---------------------------------------------------------------- the index

class Index:
    """A knowledge base's records, kept fresh; read it through `knowledge_base` and `select_rids`."""

    def __init__(self, root: Path, conn: sqlite3.Connection, persistent: bool) -> None:
        self.root = root
        self.conn = conn
        self.persistent = persistent

    # -------- keeping it fresh

    @property
    def generation(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def refresh(self, use_git: bool = True) -> None:
        """Re-read what changed since the index was written."""
        self._entities = None
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
                self._apply(changes)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _forget(self, paths: Iterable[str]) -> None:
        cur = self.conn.cursor()
        generation = self.generation + 1
        for path in paths:
            cur.execute("INSERT INTO changed SELECT ?, path, id FROM records WHERE path = ?", (generation, path))
            cur.execute("INSERT INTO changed VALUES (?, ?, NULL)", (generation, path))
            rids = [r for (r,) in cur.execute("SELECT rid FROM records WHERE path = ?", (path,))]
            cur.executemany("DELETE FROM links WHERE rid = ?", [(r,) for r in rids])
            cur.executemany("DELETE FROM tags WHERE rid = ?", [(r,) for r in rids])
            cur.executemany("DELETE FROM names WHERE rid = ?", [(r,) for r in rids])
            cur.execute("DELETE FROM records WHERE path = ?", (path,))
            cur.execute("DELETE FROM files WHERE path = ?", (path,))

    def _apply(self, changes: Changes) -> None:
        """Write what changed; the generation (which voids cached check results) moves only when
        some content did: a file touched but not changed is just re-stamped."""
        cur = self.conn.cursor()
        changed = bool(changes.forget_files or changes.forget_folders)
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
        for rows in parse_many(self.root, changes.parse):
            path, _, content, mtime_ns, size, problems = rows[0]
            before = cur.execute("SELECT hash, problems FROM files WHERE path = ?", (path,)).fetchone()
            if before is not None and content is not None and before == (content, problems):
                cur.execute("UPDATE files SET mtime_ns = ?, size = ? WHERE path = ?", (mtime_ns, size, path))
                continue
            if before is not None:
                self._forget([path])
            self._insert_rows(cur, rows)
            cur.executemany("INSERT INTO changed VALUES (?, ?, ?)",
                            [(self.generation + 1, path, record[0][2]) for record in rows[1]] or
                            [(self.generation + 1, path, None)])
            changed = True
        if changes.tracked is not None:  # remember which files git vouches for, and its index's stamp
            cur.executemany("UPDATE files SET tracked = ? WHERE path = ?", changes.vouched)
            cur.executemany("UPDATE files SET tracked = 1 WHERE path = ? AND hash = ?",
                            [(f.relpath, changes.tracked[f.relpath]) for f in changes.parse
                             if f.relpath in changes.tracked])
            if changes.git_stamp and changes.git_stamp != "racy":
                cur.execute("INSERT OR REPLACE INTO meta VALUES ('git_stamp', ?)", (changes.git_stamp,))
        if changed:
            cur.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(self.generation + 1),))

    def _insert(self, cur: sqlite3.Cursor, parsed: Parsed) -> None:
        self._insert_rows(cur, rows_of(parsed))

    @staticmethod
    def _insert_rows(cur: sqlite3.Cursor, rows: tuple) -> None:
        file_row, records = rows
        cur.execute("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, 0)", file_row)
        for record_row, links, tags, names in records:
            cur.execute("INSERT INTO records(path, kind, id, line, data, positions, year, status, product) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", record_row)
            rid = cur.lastrowid
            if links:
                cur.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?)", [(rid, *link) for link in links])
            if tags:
                cur.executemany("INSERT INTO tags VALUES (?, ?)", [(rid, tag) for tag in tags])
            if names:
                cur.executemany("INSERT INTO names VALUES (?, ?)", [(name, rid) for name in names])

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
                "SELECT kind, path, line, data, positions FROM records WHERE kind != 'claim' ORDER BY path, line"))
        return self._entities

    def _by_rid(self, columns: str, rids: Iterable[int], where: str = "1") -> list[tuple]:
        """Rows of records with these row ids (asked for 500 at a time: SQLite caps parameters)."""
        wanted, rows = sorted(set(rids)), []
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            rows += self.conn.execute(f"SELECT {columns} FROM records WHERE rid IN ({','.join('?' * len(chunk))}) "
                                      f"AND {where}", chunk).fetchall()
        return rows

    def knowledge_base(self, rids: Iterable[int] | None = None,
                       entity_rids: Iterable[int] | None = None) -> KnowledgeBase:
        """Every entity (or those with entity_rids), and every claim (or those with rids), in path order."""
        columns = "kind, path, line, data, positions"
        if entity_rids is None:
            entities = self.entities()
        else:
            rows = sorted(self._by_rid(columns, entity_rids, "kind != 'claim'"), key=lambda r: (r[1], r[2]))
            entities = tuple(record_from_row(*row) for row in rows)
        if rids is None:
            rows = self.conn.execute(f"SELECT {columns} FROM records WHERE kind = 'claim' ORDER BY path, rid")
        else:
            rows = sorted(self._by_rid(columns, rids, "kind = 'claim'"), key=lambda r: r[1])
        claims = [record_from_row(*row) for row in rows]
        return KnowledgeBase(root=self.root, claims=tuple(claims), entities=tuple(entities))

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
        return index

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

    def changed_since(self, generation: int) -> tuple[set[str], set[str]] | None:
        """(paths, ids) that changed after a generation; None when the log does not reach back that far."""
        first = self.conn.execute("SELECT MIN(generation) FROM changed").fetchone()[0]
        if first is None or first > generation + 1:
            return None
        paths, ids = set(), set()
        for path, record_id in self.conn.execute("SELECT path, id FROM changed WHERE generation > ?", (generation,)):
            paths.add(path)
            if record_id is not None:
                ids.add(record_id)
        return paths, ids

    def cached_result(self, name: str, fingerprint: str, compute, update=None) -> list[Problem]:
        """Problems of checks across files, computed once per generation of the index.

        update(old problems, changed paths, changed ids), when given, brings an older result up
        to date from what changed since, instead of computing everything again.
        """
        row = self.conn.execute("SELECT generation, fingerprint, problems FROM results WHERE name = ?",
                                (name,)).fetchone()
        if row and row[0] == self.generation and row[1] == fingerprint:
            return _problems_from(row[2])
        since = self.changed_since(row[0]) if row and row[1] == fingerprint and update else None
        problems = update(_problems_from(row[2]), *since) if since is not None else None
        if problems is None:
            problems = compute()
        try:
            with self.conn:
                self.conn.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)",
                                  (name, self.generation, fingerprint, _problems_json(problems) or "[]"))
                self.conn.execute("DELETE FROM changed WHERE generation <= ?", (self.generation - 50,))
        except sqlite3.Error:
            pass  # another process holds the lock: the answer stands, it is just not kept
        return problems


# ---------------------------------------------------------------- opening

def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -16384")  # 16 MiB: memory stays within 200 MiB on 100k claims
    return conn


def _identity(root: Path) -> dict[str, str]:
    return {"format": FORMAT, "kb": __version__, "root": str(root)}


def _create(conn: sqlite3.Connection, root: Path) -> None:
    conn.executescript(TABLES)
    conn.executemany("INSERT INTO meta VALUES (?, ?)", list(_identity(root).items()) + [("generation", "0")])


def _usable(conn: sqlite3.Connection, root: Path) -> bool:
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        conn.execute("SELECT rid, path, kind, id, line, data, positions, year, status, product FROM records LIMIT 1")
    except sqlite3.Error:
        return False
    return all(meta.get(k) == v for k, v in _identity(root).items())


def open_index(root: Path, use_cache: bool = True, use_git: bool = True) -> Index:
    """The fresh index of the knowledge base at root: on disk in .kb-cache/, else in memory."""
    root = root.resolve()
    if use_cache:
        try:
            index = _open_on_disk(root, use_git)
            if index is not None:
                return index
        except (sqlite3.Error, OSError):
            pass  # unusable cache folder or database: answer from memory instead
    conn = _connect(":memory:")
    _create(conn, root)
    index = Index(root, conn, persistent=False)
    index.refresh(use_git)
    return index


def _open_on_disk(root: Path, use_git: bool) -> Index | None:
    folder = root / CACHE_DIR
    pointer = folder / POINTER
    current = None
    try:
        name = pointer.read_text(encoding="utf-8").strip()
        if name and "/" not in name and name.startswith("index-"):
            current = folder / name
    except OSError:
        pass
    if current is not None and current.is_file():
        try:
            conn = _connect(str(current))
            if _usable(conn, root):
                index = Index(root, conn, persistent=True)
                index.refresh(use_git)
                return index
            conn.close()
        except sqlite3.Error:
            pass
    return _rebuild(root, folder, use_git)


def _rebuild(root: Path, folder: Path, use_git: bool) -> Index | None:
    """A new database under a new name, then the pointer moved to it; older ones removed."""
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        from .atomic import write_text_atomic

        write_text_atomic(ignore, "# kb's index cache: safe to delete, never commit it\n*\n", overwrite=True)
    name = f"index-{uuid.uuid4().hex}.sqlite"
    conn = _connect(str(folder / name))
    conn.execute("PRAGMA journal_mode = MEMORY")  # a new file nobody reads until the pointer names it
    conn.execute("PRAGMA synchronous = OFF")
    _create(conn, root)
    index = Index(root, conn, persistent=True)
    index.refresh(use_git)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = NORMAL")
    from .atomic import write_text_atomic

    write_text_atomic(folder / POINTER, name + "\n", overwrite=True)
    for old in folder.glob("index-*.sqlite*"):
        if not old.name.startswith(name) and time.time() - old.stat().st_mtime > 60:
            try:
                old.unlink()
            except OSError:
                pass
    return index
