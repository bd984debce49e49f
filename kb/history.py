"""`kb log ID`: the commits that touched one claim's file, following renames."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .gitrepo import GitError, git


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    date: str
    subject: str
    path: str
    status: str  # A added, M modified, R renamed, D deleted


def find_path(root: Path, claim_id: str) -> str | None:
    """The claim's file in the working tree or, if deleted, the last path it had in history."""
    for name in (f"{claim_id}.yaml", f"{claim_id}.yml"):
        out = git(root, "log", "-1", "--format=", "--name-only", "--all", "--", f"claims/**/{name}", f"claims/{name}")
        paths = [p for p in out.decode("utf-8", "replace").splitlines() if p]
        if paths:
            return paths[0]
    return None


def claim_log(root: Path, relpath: str) -> list[Commit]:
    """Newest first; each commit with the path the file had in it."""
    out = git(root, "log", "--follow", "-z", "--name-status", "--format=%x01%H%x00%an%x00%aI%x00%s",
              "--", relpath).decode("utf-8", "replace")
    commits = []
    for chunk in out.split("\x01")[1:]:
        parts = chunk.split("\x00")
        sha, author, date, subject = parts[:4]
        rest = [p.strip("\n") for p in parts[4:] if p.strip("\n")]
        status, path = (rest[0][:1], rest[-1]) if rest else ("?", relpath)
        commits.append(Commit(sha, author, date, subject, path, status))
    if not commits:
        raise GitError(f"git has no history for {relpath}; is it committed?")
    return commits
