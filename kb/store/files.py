"""Finding and reading the knowledge base's files, treating each one as untrusted input.

Claim files arrive in strangers' pull requests, so nothing here follows a link
out of the repository, reads a file without a size limit, or trusts an encoding.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

MAX_FILE_BYTES = 1024 * 1024
CLAIMS_DIR = "claims"
REGISTRY_DIR = "registry"
YAML_SUFFIXES = (".yaml", ".yml")


def is_registry_file(relpath: str) -> bool:
    """True for files under claims/registry/: the registry lists (companies.yaml, ...) and the files
    of its kind folders (companies/, people/, ...), at any depth."""
    return relpath.startswith(f"{CLAIMS_DIR}/{REGISTRY_DIR}/")


def registry_kind(relpath: str) -> tuple[str | None, bool]:
    """(kind of entries, whether the file sits in a kind folder) of a registry file; kind None when
    the file is in no place the registry is read from."""
    from ..model.schema import REGISTRY_FILES, REGISTRY_FOLDERS

    inside_registry = relpath[len(f"{CLAIMS_DIR}/{REGISTRY_DIR}/"):]
    if "/" not in inside_registry:
        return REGISTRY_FILES.get(inside_registry.replace(".yml", ".yaml")), False
    return REGISTRY_FOLDERS.get(inside_registry.split("/", 1)[0]), True


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
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:
        raise NoKnowledgeBase("the current folder no longer exists; cd into a kb repository or pass --root") from None
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


@dataclass
class Folder:
    """One folder's entries, as a scan sees them: the unit the index re-reads when a folder changes."""

    relpath: str
    mtime_ns: int
    files: list[Found]
    problems: list[tuple[str, FileProblem]]
    subfolders: list[str]


def scan_folder(root: Path, relpath: str) -> Folder:
    """The YAML files, reportable oddities and real sub-folders directly inside one folder."""
    files: list[Found] = []
    problems: list[tuple[str, FileProblem]] = []
    subfolders: list[str] = []
    folder = os.path.join(root, relpath)
    mtime_ns = os.stat(folder).st_mtime_ns
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            rel = f"{relpath}/{entry.name}"
            if not _utf8(entry.name):
                if entry.is_dir(follow_symlinks=False) or entry.name.endswith(YAML_SUFFIXES):
                    shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                    problems.append((shown, FileProblem("bad-name", "the name is not UTF-8; rename it")))
                continue
            if entry.is_dir(follow_symlinks=False):
                if entry.name.endswith(YAML_SUFFIXES):
                    problems.append((rel, FileProblem("not-a-file", "a folder named like a claim file; rename it "
                                                                    "or move its files")))
                else:
                    subfolders.append(rel)
            elif entry.is_symlink() and entry.is_dir():
                problems.append((rel, FileProblem("link-folder", "a symbolic link to a folder is not followed; "
                                                                 "move the files into claims/ instead")))
            elif entry.name.endswith(YAML_SUFFIXES) and not entry.name.startswith("."):
                if entry.is_symlink() and not inside(root, Path(entry.path)):
                    problems.append((rel, FileProblem("link-outside", "a symbolic link that points outside the "
                                                                      "repository; replace it with the file itself")))
                else:
                    files.append(Found(rel, is_registry_file(rel)))
    return Folder(relpath, mtime_ns, files, problems, subfolders)


def _utf8(name: str) -> bool:
    """False for a name whose bytes are not UTF-8 (Python hands them over as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def scan_tree(root: Path, relpath: str = CLAIMS_DIR) -> Iterator[Folder]:
    """Every folder from relpath down, parents before children, links to folders not followed."""
    if relpath == CLAIMS_DIR and (root / CLAIMS_DIR).is_symlink():
        problem = FileProblem("link-outside", "claims/ is a symbolic link; kb does not follow it: make it a real "
                                              "folder")
        yield Folder(CLAIMS_DIR, 0, [], [(CLAIMS_DIR, problem)], [])
        return
    pending = [relpath]
    while pending:
        folder = scan_folder(root, pending.pop())
        yield folder
        pending.extend(reversed(folder.subfolders))


def walk_claims(root: Path) -> Iterator[Found | tuple[str, FileProblem]]:
    """Every YAML file under claims/, in path order, and the entries that must be reported instead
    (a folder named x.yaml, a link out of the repository or to a folder)."""
    for folder in scan_tree(root):
        yield from folder.problems
        yield from folder.files


def read_text(path: Path) -> str:
    """The file's text as UTF-8 (a byte-order mark is accepted), or a FileProblem saying why not."""
    return decode(read_raw(path))


def read_raw(path: Path, info: os.stat_result | None = None) -> bytes:
    """The file's bytes, once it is known to be a regular file within the size limit."""
    try:
        info = info or os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise FileProblem("not-a-file", "a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem("not-a-file", "not a regular file (a pipe, socket or device); replace it with a file")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise FileProblem("too-large", f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit; "
                                           "split it or trim it")
        with open(path, "rb") as handle:  # the size it has, plus a byte to see that it grew
            raw = handle.read(size + 1)
            if len(raw) > size:  # it grew since: read on, up to the limit
                raw += handle.read(MAX_FILE_BYTES + 1 - len(raw))
    except PermissionError:
        raise FileProblem("unreadable", "cannot read the file (permission denied); fix its permissions") from None
    except FileProblem:
        raise
    except OSError as error:
        raise FileProblem("unreadable", f"cannot read the file ({error.strerror}); check it exists") from None
    if len(raw) > MAX_FILE_BYTES:
        raise FileProblem("too-large", f"file is over the {MAX_FILE_BYTES:,}-byte limit; split it or trim it")
    return raw


def decode(raw: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped), or a FileProblem pointing at the first bad byte."""
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


def content_hash(data: bytes) -> str:
    """The git blob id of data, so that the index can be compared with `git ls-files -s`."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


CACHE_DIR = ".kb-cache"  # the index and what kb serve builds: safe to delete, never committed
POINTER = "current"  # the file in CACHE_DIR naming the index database in use
INDEX_PREFIX = "index-"


def current_index(root: Path) -> Path | None:
    """The index database the pointer of root's cache names, when it is one of kb's and there; else None.
    Read without opening the index (shell completion reads it as the last command left it)."""
    folder = root / CACHE_DIR
    try:
        name = (folder / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if not name.startswith(INDEX_PREFIX) or "/" in name or not (folder / name).is_file():
        return None
    return folder / name
