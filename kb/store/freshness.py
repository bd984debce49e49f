"""What changed on disk since the index was written, found while reading as little as possible.

- folders are compared by modification time, which changes when a file is added,
  removed or renamed in them;
- inside git, a tracked file is trusted while `git diff-files` does not name it and
  git's own index file has not moved; when it has, `git ls-files -s` gives every
  tracked file's content hash, compared with the hash of the content the index holds;
  a file `git diff-files` names (git saw its times move) is compared by its content's hash
  when its size and modification time are as the index holds them (`cp -p` puts the old
  time back);
- other files (untracked, or outside git) are compared by size and modification time;
- anything stamped within the last RACY_SECONDS is looked at again, since a timestamp
  may not have ticked yet.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .files import CLAIMS_DIR, Folder, Found, is_registry_file, scan_folder, scan_tree

RACY_SECONDS = 2.0  # a timestamp this close to the scan may still change within the same tick


def is_racy(stamp_ns: int) -> bool:
    """A file time so recent that the file may still change within the same tick of the clock."""
    return time.time_ns() - stamp_ns < RACY_SECONDS * 1e9


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
    the `kb` command started as it began (`kb.store.prefetch`), or a new one."""
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
    del staged
    # one match at a time: a list of every entry would cost more memory than the answer
    blobs = {match[3]: match[2] for match in _LS_FILES.finditer(text) if match[1] != "120000"}
    return blobs, edited_paths


def _blob_id(path: str) -> str | None:
    from .files import content_hash

    try:
        with open(path, "rb") as handle:
            return content_hash(handle.read())
    except OSError:
        return None


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
            if path == CLAIMS_DIR:  # claims/ became a link (or a file): scanning it reports that
                pending.append(path)
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
        found = Found(relpath, is_registry_file(relpath))
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
        elif relpath in edited and _blob_id(f"{base}/{relpath}") != content:
            # git saw this file change (its change time moved) though size and modification time did not:
            # an edit that put the old time back (cp -p, rsync -t); its content says whether it changed
            changes.parse.append(found)
    changes.parse.sort(key=lambda f: f.relpath)
    if vouch:
        changes.tracked = blobs
    changes.git_stamp = git_index_stamp(root, conn) if git is not None else None
    return changes


