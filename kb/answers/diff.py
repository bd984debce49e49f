"""What changed in the knowledge base between two revisions: claims added, removed, changed field by field.

Only files git reports as changed are parsed, on both sides, so a diff costs
little however large the knowledge base is. Claims are matched by id, so a
moved file is a change of path, not a removal and an addition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.problem import Problem
from ..store.files import FileProblem, Found, is_registry_file, read_text
from ..store.gitrepo import (
    changed_paths,
    files_at,
    main_merge_base,
    read_blobs,
    resolve_revision,
)
from ..store.load import parse_text, records_from
from ..store.yamlwrite import record_values


@dataclass
class Change:
    id: str
    kind: str  # 'claim' or an entity kind
    fields: dict[str, tuple[Any, Any]]  # field -> (before, after)
    path_before: str | None = None
    path_after: str | None = None


WORKING_TREE = "the working tree (uncommitted and untracked files included)"


@dataclass
class KbDiff:
    base: str
    target: str
    # How the revisions compared are named for people: "HEAD~1 (1a2b3c4d5e6f)", "the working tree (...)".
    base_name: str = ""
    target_name: str = ""
    added: list[Any] = field(default_factory=list)
    removed: list[Any] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _records(relpath: str, text: str | None, error: Exception | None, side: str) -> tuple[list, list[Problem]]:
    if error is not None:
        return [], [Problem(f"{relpath} ({side})", getattr(error, "line", 1), getattr(error, "column", 1),
                            getattr(error, "rule", "unreadable"), getattr(error, "message", str(error)))]
    found = Found(relpath, is_registry_file(relpath))
    records, problems = records_from(found, *parse_text(relpath, text or "", found.is_registry))
    return records, [Problem(f"{p.path} ({side})", p.line, p.column, p.rule, p.message) for p in problems]


def _side(root: Path, revision: str | None, paths: set[str], side: str) -> tuple[dict[str, Any], list[Problem]]:
    """id -> record for the records in paths at a revision (None: the working tree)."""
    records: dict[str, Any] = {}
    problems: list[Problem] = []
    if revision is None:
        texts = {}
        for rel in paths:
            if (root / rel).exists() or (root / rel).is_symlink():
                try:
                    texts[rel] = (read_text(root / rel), None)
                except FileProblem as error:
                    texts[rel] = (None, error)
    else:
        blobs = {rel: blob for rel, blob in files_at(root, revision).items() if rel in paths}
        contents = read_blobs(root, sorted(set(blobs.values())))
        texts = {}
        for rel, blob in blobs.items():
            try:
                texts[rel] = (contents[blob].decode("utf-8-sig"), None)
            except UnicodeDecodeError:
                texts[rel] = (None, FileProblem("encoding", "not UTF-8"))
    for rel, (text, error) in sorted(texts.items()):
        found, file_problems = _records(rel, text, error, side)
        problems += file_problems
        for record in found:
            records[f"{type(record).__name__.lower()}:{record.id}"] = record
    return records, problems


def revisions(root: Path, rev_a: str | None, rev_b: str | None) -> tuple[str, str, str | None, str]:
    """(base commit, its name for people, target commit or None for the working tree, its name).

    Without rev_a the base is where HEAD meets the main branch; on main itself (right after a
    commit) that is HEAD, and the name says so, since only uncommitted changes can then show.
    """
    if rev_a:
        base = resolve_revision(root, rev_a)
        base_name = base[:12] if base.startswith(rev_a) else f"{rev_a} ({base[:12]})"
    else:
        base, branch = main_merge_base(root)
        if branch is None:
            base_name = f"HEAD ({base[:12]}; there is no main or master branch)"
        elif base == resolve_revision(root, "HEAD"):
            base_name = f"HEAD ({base[:12]}; {branch} already contains it)"
        else:
            base_name = f"{base[:12]} (where HEAD branched from {branch})"
    if not rev_b:
        return base, base_name, None, WORKING_TREE
    target = resolve_revision(root, rev_b)
    return base, base_name, target, target[:12] if target.startswith(rev_b) else f"{rev_b} ({target[:12]})"


def diff_kb(root: Path, base: str, target: str | None, base_name: str = "", target_name: str = "") -> KbDiff:
    """Claims and entities added, removed and changed from base to target (None: the working tree)."""
    paths = changed_paths(root, base, target)
    before, problems_before = _side(root, base, paths, "before")
    after, problems_after = _side(root, target, paths, "after")
    result = KbDiff(base=base, target=target or "working tree", problems=problems_before + problems_after,
                    base_name=base_name or base[:12],
                    target_name=target_name or (target[:12] if target else WORKING_TREE))
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is None:
            result.added.append(new)
        elif new is None:
            result.removed.append(old)
        else:
            old_values, new_values = record_values(old), record_values(new)
            fields = {name: (old_values[name], new_values[name]) for name in old_values
                      if old_values[name] != new_values[name]}
            if fields or old.path != new.path:
                result.changed.append(Change(new.id, key.split(":")[0], fields, old.path, new.path))
    return result
