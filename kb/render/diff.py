"""`kb diff` as text for a terminal, Markdown for a pull request, or JSON."""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..answers.diff import KbDiff
from ..model.records import kind_of
from ..model.text import inert


def _value(value: Any) -> str:
    if value in (None, (), {}):
        return "(absent)"
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return str(value)


def _title(record: Any) -> str:
    return getattr(record, "claim", None) or getattr(record, "name", None) or getattr(record, "title", "")


NOTHING = ("Nothing differs. To compare with another revision: kb diff origin/main (another branch), "
           "kb diff HEAD~1 (before the last commit), kb diff REV_A REV_B (any two)")


def _counts(diff: KbDiff) -> str:
    return f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed"


def write_text(diff: KbDiff, out: TextIO) -> None:
    """What was compared with what and the counts, then one line per record (or what to try instead)."""
    out.write(f"Compared {inert(diff.base_name, one_line=True)} with {inert(diff.target_name, one_line=True)}: "
              f"{_counts(diff)}\n")
    if diff.empty:
        out.write(NOTHING + "\n")
    for record in diff.added:
        out.write(f"+ {kind_of(record)} {record.id}: {inert(_title(record), one_line=True)}\n")
    for record in diff.removed:
        out.write(f"- {kind_of(record)} {record.id}: {inert(_title(record), one_line=True)}\n")
    for change in diff.changed:
        out.write(f"~ {change.kind} {change.id}\n")
        if change.path_before != change.path_after:
            out.write(f"    path: {change.path_before} -> {change.path_after}\n")
        for name, (old, new) in change.fields.items():
            out.write(f"    {name}: {inert(_value(old), one_line=True)} -> {inert(_value(new), one_line=True)}\n")


def _md(text: str) -> str:
    return inert(text, one_line=True).replace("|", "\\|").replace("`", "'")


def write_markdown(diff: KbDiff, out: TextIO) -> None:
    out.write(f"### Knowledge base changes\n\nCompared {_md(diff.base_name)} with {_md(diff.target_name)}.\n\n"
              f"{_counts(diff)}.\n")
    if diff.added:
        out.write("\n**Added**\n\n| id | kind | text |\n| --- | --- | --- |\n")
        out.writelines(f"| `{r.id}` | {kind_of(r)} | {_md(_title(r))} |\n" for r in diff.added)
    if diff.removed:
        out.write("\n**Removed**\n\n| id | kind | text |\n| --- | --- | --- |\n")
        out.writelines(f"| `{r.id}` | {kind_of(r)} | {_md(_title(r))} |\n" for r in diff.removed)
    if diff.changed:
        out.write("\n**Changed**\n\n| id | field | before | after |\n| --- | --- | --- | --- |\n")
        for change in diff.changed:
            if change.path_before != change.path_after:
                out.write(f"| `{change.id}` | path | {_md(change.path_before or '')} | {_md(change.path_after or '')} |\n")
            for name, (old, new) in change.fields.items():
                out.write(f"| `{change.id}` | {name} | {_md(_value(old))} | {_md(_value(new))} |\n")


def _data(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def write_json(diff: KbDiff, out: TextIO) -> None:
    from ..store.rows import as_data

    data = {
        "base": diff.base, "target": diff.target, "base_name": diff.base_name, "target_name": diff.target_name,
        "added": [dict(as_data(r), kind=kind_of(r)) for r in diff.added],
        "removed": [dict(as_data(r), kind=kind_of(r)) for r in diff.removed],
        "changed": [{"id": c.id, "kind": c.kind, "path_before": c.path_before, "path_after": c.path_after,
                     "fields": {k: {"before": _data(a), "after": _data(b)} for k, (a, b) in c.fields.items()}}
                    for c in diff.changed],
    }
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


WRITERS = {"text": write_text, "markdown": write_markdown, "json": write_json}
