"""`kb mv OLD NEW`: rename a claim or an entity and every reference to it, all or nothing.

Every file's new text is worked out first, by replacing the id exactly where the YAML
parser says each reference stands (so comments, quoting and every other byte stay as
they were), and read back to check that only those values changed. Only then is
anything written, each file atomically; if a write fails, the files already written
are put back.

A claim's file is renamed with it (`claims/x/OLD.yaml` -> `claims/x/NEW.yaml`, the id line
changed): once committed, git sees a rename, so `kb log NEW` shows the history from before
it. The records of `kb import` (`.kb-import/*.tsv`) follow the new id, so that a later import
updates the renamed claim instead of writing it again. An entity keeps its place in its registry file (a file holding only that entity, named
after it, is renamed too); `kb log NEW` follows its lines in the file's history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.problem import Problem
from ..model.records import KnowledgeBase, kind_of
from ..model.schema import ID_PATTERN, schema_fields
from ..store.atomic import write_text_atomic
from ..store.files import read_text
from ..store.yamlread import YamlProblem, read_document


@dataclass
class FileChange:
    relpath: str  # where the file will be
    old_relpath: str  # where it is now (the same unless it moves)
    old_text: str
    new_text: str


@dataclass
class RenamePlan:
    kind: str
    old: str
    new: str
    changes: list[FileChange] = field(default_factory=list)
    references: int = 0
    problems: list[Problem] = field(default_factory=list)  # in files: where a reference cannot be rewritten
    errors: list[str] = field(default_factory=list)  # in the ids asked for (no such record, new one taken ...)


class RenameFailed(Exception):
    """A write failed; the files already written were put back."""


def _reference_paths(record: Any, old: str, with_id: bool) -> list[tuple]:
    """Key paths (within the record) of the values that are old: references, and the id when with_id."""
    found = []
    for spec in schema_fields(type(record)):
        value = getattr(record, spec.name)
        if (spec.name == "id" and with_id) or spec.metadata.get("refs"):
            if isinstance(value, tuple):
                for i, item in enumerate(value):
                    if item == old:
                        found.append((spec.name, i))
                    elif isinstance(item, dict) and item.get("company") == old:  # a dated role
                        found.append((spec.name, i, "company"))
            elif value == old:
                found.append((spec.name,))
    return found


def _replace_at(text: str, places: list[tuple[int, int]], old: str, new: str) -> str | None:
    """text with old replaced by new at each (line, column) where old stands, plain or quoted; None when the
    text there is not old."""
    lines = text.split("\n")
    for line, column in sorted(places, reverse=True):
        row = lines[line - 1]
        start = column - 1
        rest = row[start:]
        match = re.match(rf"""(["']?){re.escape(old)}\1(?=$|[\s,\]#}}])""", rest)
        if not match:
            return None
        quote = match.group(1)
        lines[line - 1] = row[:start] + quote + new + quote + row[start + match.end():]
    return "\n".join(lines)


def plan_rename(kb: KnowledgeBase, old: str, new: str) -> RenamePlan:
    """What renaming old to new changes in every file, or the problems that stop it."""
    record = kb.claims_by_id.get(old) or kb.entities_by_id.get(old)
    plan = RenamePlan(kind_of(record) if record else "?", old, new)
    if record is None:
        import difflib

        close = difflib.get_close_matches(old, [*kb.claims_by_id, *kb.entities_by_id], n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; `kb list --format ids` lists claim ids"
        plan.errors.append(f"no claim or entity '{old}'{hint}")
        return plan
    if not re.match(ID_PATTERN, new):
        plan.errors.append(f"'{new}' is not a valid id: use lowercase letters, digits and hyphens")
    owner = kb.claims_by_id.get(new) or kb.entities_by_id.get(new)
    if owner is not None:
        plan.errors.append(f"'{new}' is already taken by the {kind_of(owner)} at {owner.path}:{owner.line}")
    if plan.errors:
        return plan
    by_path: dict[str, list[tuple[int, tuple]]] = {}
    for other in (*kb.claims, *kb.entities):
        places = _reference_paths(other, old, with_id=other is record)
        if places:
            by_path.setdefault(other.path, []).extend((other.line, p) for p in places)
    for relpath, places in sorted(by_path.items()):
        change = _change(kb.root, relpath, places, old, new, record)
        if isinstance(change, Problem):
            plan.problems.append(change)
        else:
            plan.changes.append(change)
            plan.references += sum(1 for _, p in places if p != ("id",))
    if plan.kind == "claim" and not plan.problems:  # (the claim's own file may be one of them)
        from .importer import digest, rename_in_records

        own = next(c for c in plan.changes if c.old_relpath == record.path)
        hashes = {digest(own.old_text): digest(own.new_text)}
        for relpath, old_text, new_text in rename_in_records(kb.root, old, new, hashes):
            plan.changes.append(FileChange(relpath, relpath, old_text, new_text))
            plan.references += 1
    return plan


def _change(root: Path, relpath: str, places: list[tuple], old: str, new: str, record: Any) -> FileChange | Problem:
    try:
        text = read_text(root / relpath)
        doc = read_document(text)
    except (YamlProblem, Exception) as error:  # noqa: BLE001 - a file that cannot be read stops the rename
        return Problem(relpath, 1, 1, "unreadable", f"cannot rewrite it: {error}")
    positions = []
    expected = _plain(doc.data)
    for line, key_path in places:
        full = key_path if not isinstance(doc.data, list) else _in_list(doc, key_path, old, line)
        if full is None or full not in doc.positions:
            return Problem(relpath, 1, 1, "unreadable", f"cannot find '{old}' where it was read; run kb check")
        positions.append(doc.positions[full])
        _set(expected, full, new)
    new_text = _replace_at(text, positions, old, new)
    if new_text is None or read_document(new_text).data != expected:
        return Problem(relpath, 1, 1, "not-renamed", f"'{old}' is written in a way kb cannot rewrite safely; "
                                                     "run kb fmt on it first")
    target = relpath
    stem = relpath.rsplit("/", 1)[-1].rsplit(".", 1)
    if record.path == relpath and stem[0] == old:
        target = f"{relpath.rsplit('/', 1)[0]}/{new}.{stem[1]}"
        if (root / target).exists():
            return Problem(target, 1, 1, "exists", f"{target} already exists")
    return FileChange(target, relpath, text, new_text)


def _in_list(doc: Any, key_path: tuple, old: str, line: int) -> tuple | None:
    """The full key path of a value within a registry list, in the entry that starts on line."""
    for i, entry in enumerate(doc.data):
        if doc.positions.get((i,), (0, 0))[0] != line:
            continue
        value = entry
        try:
            for part in key_path:
                value = value[part]
        except (KeyError, IndexError, TypeError):
            continue
        if value == old:
            return (i, *key_path)
    return None


def _plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


def _set(data: Any, key_path: tuple, value: Any) -> None:
    for part in key_path[:-1]:
        data = data[part]
    data[key_path[-1]] = value


def apply_rename(root: Path, plan: RenamePlan) -> None:
    """Write every change, each atomically; put everything back if one fails."""
    done: list[FileChange] = []
    try:
        for change in plan.changes:
            moved = change.relpath != change.old_relpath
            write_text_atomic(root / change.relpath, change.new_text, overwrite=not moved, root=root)
            done.append(change)
            if moved:
                (root / change.old_relpath).unlink()
    except BaseException as error:
        for change in reversed(done):
            if change.relpath != change.old_relpath:
                if not (root / change.old_relpath).exists():
                    write_text_atomic(root / change.old_relpath, change.old_text, root=root)
                (root / change.relpath).unlink()
            else:
                write_text_atomic(root / change.relpath, change.old_text, overwrite=True, root=root)
        if isinstance(error, Exception):
            raise RenameFailed(f"{error}; nothing was changed (the files already written were put back)") \
                from error
        raise
