"""Finding and reading the knowledge base's files, treating each one as untrusted input.

Claim files arrive in strangers' pull requests, so nothing here follows a link
out of the repository, reads a file without a size limit, or trusts an encoding.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

MAX_FILE_BYTES = 1024 * 1024
CLAIMS_DIR = "claims"
REGISTRY_DIR = "registry"
YAML_SUFFIXES = (".yaml", ".yml")


class FileProblem(Exception):
    """A file that cannot be read as text; line and column point into it when known."""

    def __init__(self, rule: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.rule, self.message, self.line, self.column = rule, message, line, column


@dataclass(frozen=True)
class Found:
    """A file found under claims/: its path relative to the root, and whether it is a registry file."""

    relpath: str
    is_registry: bool


class NoKnowledgeBase(Exception):
    """No folder with claims/ was found: the user must cd into one or pass --root."""


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above start that holds claims/ (KB_ROOT overrides)."""
    env = os.environ.get("KB_ROOT")
    if env:
        root = Path(env)
        if not (root / CLAIMS_DIR).is_dir():
            raise NoKnowledgeBase(f"KB_ROOT={env} has no {CLAIMS_DIR}/ folder")
        return root.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CLAIMS_DIR).is_dir():
            return folder
    raise NoKnowledgeBase(
        f"no knowledge base here: no {CLAIMS_DIR}/ folder in {here} or above; "
        "cd into a kb repository or pass --root")


def inside(root: Path, path: Path) -> bool:
    """True when path, with every link resolved, stays inside root."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def walk_claims(root: Path) -> Iterator[Found | tuple[str, FileProblem]]:
    """Every YAML file under claims/, sorted, without following links to folders.

    Yields a Found for readable candidates and (relpath, FileProblem) for entries
    that must be reported instead (a folder named x.yaml, a link out of the repository).
    """
    base = root / CLAIMS_DIR
    registry = base / REGISTRY_DIR
    if base.is_symlink():
        yield CLAIMS_DIR, FileProblem("link-outside", "claims/ is a symbolic link; kb does not follow it: "
                                                      "make it a real folder")
        return
    for folder, dirnames, filenames in os.walk(base, followlinks=False):
        dirnames.sort()
        here = Path(folder)
        for name in sorted(dirnames):
            rel = (here / name).relative_to(root).as_posix()
            if (here / name).is_symlink():
                yield rel, FileProblem("link-folder", "a symbolic link to a folder is not followed; "
                                                      "move the files into claims/ instead")
            elif name.endswith(YAML_SUFFIXES):
                yield rel, FileProblem("not-a-file", "a folder named like a claim file; rename it or move its files")
        for name in sorted(filenames):
            if not name.endswith(YAML_SUFFIXES) or name.startswith("."):
                continue
            path = here / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink() and not inside(root, path):
                yield rel, FileProblem("link-outside", "a symbolic link that points outside the repository; "
                                                       "replace it with the file itself")
                continue
            yield Found(rel, here == registry)


def read_text(path: Path) -> str:
    """The file's text as UTF-8 (a byte-order mark is accepted), or a FileProblem saying why not."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise FileProblem("not-a-file", "a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem("not-a-file", "not a regular file (a pipe, socket or device); replace it with a file")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise FileProblem("too-large", f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit; "
                                           "split it or trim it")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise FileProblem("unreadable", "cannot read the file (permission denied); fix its permissions") from None
    except FileProblem:
        raise
    except OSError as error:
        raise FileProblem("unreadable", f"cannot read the file ({error.strerror}); check it exists") from None
    if len(raw) > MAX_FILE_BYTES:
        raise FileProblem("too-large", f"file is over the {MAX_FILE_BYTES:,}-byte limit; split it or trim it")
    if b"\0" in raw:
        line = raw[: raw.index(b"\0")].count(b"\n") + 1
        raise FileProblem("binary", "a binary file (it holds NUL bytes), not YAML text", line)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise FileProblem("encoding", f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8",
                          line, column) from None
    return text
