"""`kb log ID`: the commits that touched one claim's file, following renames."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..store.gitrepo import GitError, git


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


def entry_lines(root: Path, relpath: str, entity_id: str) -> tuple[int, int] | None:
    """The first and last line of a registry entry in the file as last committed (None if not there)."""
    from ..store.gitrepo import GitError
    from ..store.yamlread import YamlProblem, read_document

    try:
        text = git(root, "show", f"HEAD:{relpath}").decode("utf-8", "replace")
        doc = read_document(text)
    except (GitError, YamlProblem):
        return None
    if not isinstance(doc.data, list):
        return (1, max(1, len(text.splitlines()))) if isinstance(doc.data, dict) and doc.data.get("id") == entity_id \
            else None
    starts = [doc.positions[(i,)][0] for i in range(len(doc.data))]
    for i, entry in enumerate(doc.data):
        if isinstance(entry, dict) and entry.get("id") == entity_id:
            end = starts[i + 1] - 1 if i + 1 < len(starts) else len(text.splitlines())
            return starts[i], max(starts[i], end)
    return None


def entity_log(root: Path, relpath: str, entity_id: str) -> list[Commit]:
    """The commits that changed an entity's lines in its registry file, newest first, back through edits
    and renames of its id (`git log -L` follows a block of lines through the file's history)."""
    lines = entry_lines(root, relpath, entity_id)
    if lines is None:
        raise GitError(f"'{entity_id}' is not in {relpath} as last committed; commit it first")
    out = git(root, "log", f"-L{lines[0]},{lines[1]}:{relpath}", "-s",
              "--format=%x01%H%x00%an%x00%aI%x00%s").decode("utf-8", "replace")
    commits = []
    for chunk in out.split("\x01")[1:]:
        sha, author, date, subject = chunk.strip("\n").split("\x00")[:4]
        commits.append(Commit(sha, author, date, subject, relpath, "M"))
    if commits:  # the oldest commit that touched the lines is the one that wrote them
        commits[-1] = Commit(*[getattr(commits[-1], f) for f in ("sha", "author", "date", "subject", "path")], "A")
    return commits


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
