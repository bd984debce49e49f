"""Atomic writes: a temporary file in the same folder, then a rename over the target.

An interrupted write (Ctrl-C, a crash, a full disk) leaves either the old file or
the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator


class WriteRefused(Exception):
    """The write would overwrite a file without being asked to, or leave the repository. exists: the refusal
    is of a file already there (asking to overwrite it would do)."""

    def __init__(self, message: str, exists: bool = False) -> None:
        super().__init__(message)
        self.exists = exists


def check_target(path: Path, overwrite: bool = False, root: Path | None = None) -> None:
    """Refuse a write outside root, through a link, or over an existing file unless overwrite."""
    if root is not None:
        try:
            path.parent.resolve().joinpath(path.name).relative_to(root.resolve())
        except ValueError:
            raise WriteRefused(f"{path} is outside the repository {root}; refusing to write there") from None
    if path.is_symlink():
        raise WriteRefused(f"{path} is a symbolic link; refusing to write through it")
    if not overwrite and path.exists():
        raise WriteRefused(f"{path} already exists; refusing to overwrite it", exists=True)


def write_text_atomic(path: Path, text: str | Iterable[str], overwrite: bool = False,
                      root: Path | None = None) -> None:
    """Write text (or its pieces, one after another) to path atomically; refuse to replace an existing
    file unless overwrite."""
    write_bytes_atomic(path, text.encode("utf-8") if isinstance(text, str) else
                       (piece.encode("utf-8") for piece in text), overwrite, root)


def write_bytes_atomic(path: Path, data: bytes | Iterable[bytes], overwrite: bool = False,
                       root: Path | None = None) -> None:
    """Write bytes (or their pieces) to path atomically; refuse to replace an existing file unless overwrite."""
    with atomic_file(path, overwrite, root) as temporary:
        with open(temporary, "wb") as handle:
            if isinstance(data, (bytes, bytearray)):
                handle.write(data)
            else:
                handle.writelines(data)


@contextmanager
def atomic_file(path: Path, overwrite: bool = False, root: Path | None = None) -> Iterator[str]:
    """The name of a new, empty file beside path, for a writer that wants a file name (SQLite, Parquet) or
    writes in pieces: once the block ends, the file is synced to disk and put in place at once (never over a
    file unless overwrite, never outside root); when it fails, the file goes and path is as it was."""
    check_target(path, overwrite, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield temporary
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        if overwrite:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if path appeared meanwhile: never clobbers
            os.unlink(temporary)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def write_many_atomic(items: list[tuple[Path, Any, bool]], root: Path | None = None,
                      done: list[Path] | None = None) -> list[Path]:
    """Write many files, each atomically, with one flush to disk for all of them instead of one each.

    items: (path, text, overwrite); text may be a function giving it, called when its file is written (so that
    many texts need not be held at once). Every target is checked first; then all temporary files are
    written, flushed to disk together (os.sync), and renamed into place one by one. Returns the
    paths written, in order; if one fails, the ones before it stay written and the rest are left
    as they were: done (when given) holds the paths written so far, so that the caller, which knows
    what they held, can put them back.
    """
    checked: set[Path] = set()
    for path, _, overwrite in items:
        if path.parent not in checked:  # whether a folder is inside root is worked out once per folder
            check_target(path, overwrite, root)
            checked.add(path.parent)
        else:
            check_target(path, overwrite)
    temps: list[str] = []
    done = [] if done is None else done
    try:
        for path, text, _ in items:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            temps.append(tmp)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text() if callable(text) else text)
            os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.sync()
        for (path, _, overwrite), tmp in zip(items, temps):
            if overwrite:
                os.replace(tmp, path)
            else:
                os.link(tmp, path)  # fails if path appeared meanwhile: never clobbers
                os.unlink(tmp)
            done.append(path)
    finally:
        for tmp in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return done


def ignored_folder(folder: Path, why: str, root: Path | None = None) -> Path:
    """folder, made if need be, with a `.gitignore` of `*` (and why, as a comment) unless it has one: what
    kb keeps there (drafts, charts) is never committed by `git add -A`. Returns folder."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        write_text_atomic(ignore, f"# {why}; never committed\n*\n", overwrite=True, root=root)
    return folder
