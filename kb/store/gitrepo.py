"""Reading the knowledge base as git stores it, without checking anything out.

Old revisions are read straight from git's objects (`git ls-tree`, `git cat-file
--batch`), so `kb diff` never touches the working tree or the index.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .files import CLAIMS_DIR, MAX_FILE_BYTES, YAML_SUFFIXES


class GitError(Exception):
    """git is missing, the folder is not a repository, or a revision does not exist."""


def git(root: Path, *args: str, input_bytes: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], input=input_bytes, capture_output=True,
                                timeout=120)
    except FileNotFoundError:
        raise GitError("git is not installed; kb diff and kb log need it") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {' '.join(args)} failed")
    return result.stdout


def require_repository(root: Path) -> Path:
    """The work tree's top folder; GitError outside a git repository."""
    try:
        top = git(root, "rev-parse", "--show-toplevel").decode().strip()
    except GitError:
        raise GitError(f"{root} is not inside a git repository; kb diff and kb log need one "
                       "(run `git init`, or use kb list and kb check)") from None
    return Path(top)


def resolve_revision(root: Path, revision: str) -> str:
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"no revision '{revision}' in this repository") from None


def default_base(root: Path) -> str:
    """The merge base of HEAD with the main branch (main, master, or their origin copies), else HEAD."""
    return main_merge_base(root)[0]


def main_merge_base(root: Path) -> tuple[str, str | None]:
    """(default_base's commit, the branch it was found with; None when there is no main branch)."""
    for branch in ("main", "master", "origin/main", "origin/master"):
        try:
            resolve_revision(root, branch)
            return git(root, "merge-base", "HEAD", branch).decode().strip(), branch
        except GitError:
            continue
    return resolve_revision(root, "HEAD"), None


def files_at(root: Path, revision: str) -> dict[str, str]:
    """root-relative path -> blob id of every claim or registry file at a revision (links left out)."""
    out = git(root, "ls-tree", "-r", "-z", revision, "--", f"{CLAIMS_DIR}/")
    found = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, blob = meta.decode().split()
        name = path.decode("utf-8", "replace")
        if kind == "blob" and mode != "120000" and name.endswith(YAML_SUFFIXES):
            found[name] = blob
    return found


def read_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """blob id -> content, in one `git cat-file --batch` call; oversized blobs are cut to the limit + 1."""
    if not blobs:
        return {}
    out = git(root, "cat-file", "--batch", input_bytes="".join(f"{b}\n" for b in blobs).encode())
    contents, position = {}, 0
    for blob in blobs:
        header_end = out.index(b"\n", position)
        _, _, size = out[position:header_end].decode().split()
        start = header_end + 1
        contents[blob] = out[start:start + min(int(size), MAX_FILE_BYTES + 1)]
        position = start + int(size) + 1
    return contents


def changed_paths(root: Path, base: str, target: str | None) -> set[str]:
    """Claim and registry files that differ between base and target (None: the working tree, untracked too).

    Paths are relative to root, which may be a sub-folder of the work tree.
    """
    spec = f"{CLAIMS_DIR}/"
    names = git(root, "diff", "--name-only", "-z", "--no-renames", "--relative", base,
                *([target] if target else []), "--", spec).split(b"\0")
    if target is None:
        names += git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", spec).split(b"\0")
    return {n.decode("utf-8", "replace") for n in names if n.decode("utf-8", "replace").endswith(YAML_SUFFIXES)}
