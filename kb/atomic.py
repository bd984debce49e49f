"""Atomic writes: a temporary file in the same folder, then a rename over the target.

An interrupted write (Ctrl-C, a crash, a full disk) leaves either the old file or
the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable


class WriteRefused(Exception):
    """The write would overwrite a file without being asked to, or leave the repository."""


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
        raise WriteRefused(f"{path} already exists; refusing to overwrite it")


def write_text_atomic(path: Path, text: str | Iterable[str], overwrite: bool = False,
                      root: Path | None = None) -> None:
    """Write text (or its pieces, one after another) to path atomically; refuse to replace an existing
    file unless overwrite."""
    check_target(path, overwrite, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            if isinstance(text, str):
                handle.write(text)
            else:
                handle.writelines(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if path appeared meanwhile: never clobbers
            os.unlink(tmp)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
