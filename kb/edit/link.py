"""`kb link A RELATION B`: add one relation to a claim file, changing nothing else in it.

The edit touches one line: an id is added to the relation's list where it stands (a flow list
`[a, b]` or a block list of `- a` lines), or, when the claim has no such list yet, one
`relation: [b]` line is added where the canonical layout puts it (after the fields that come
before it in kb/model/schema.py). The result must load back as the same claim with one more link and
the same comments (the test `kb fmt` holds itself to), or nothing is written. A link to an
unknown id, to the claim itself, or one that would close a supersedes cycle is refused.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..model.records import KnowledgeBase
from ..model.schema import RELATIONS, Claim, schema_fields
from ..store.files import FileProblem, decode, read_raw
from ..store.yamlread import YamlProblem, _Loader, read_document
from ..store.yamlwrite import flow_list, scalar
from .fmt import _comment_texts, _records


class LinkError(Exception):
    """The link cannot be written as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Edit:
    """The new text of a claim file, and the line (1-based) that now holds the relation."""

    relpath: str
    text: str
    line: int
    line_text: str


def resolve(kb: KnowledgeBase, ref: str, role: str = "the claim") -> Claim:
    """The claim ref names: its id, or a prefix of exactly one claim's id (as `kb show` takes them)."""
    return _claim(kb, ref, role)


def _claim(kb: KnowledgeBase, ref: str, role: str) -> Claim:
    claim = kb.claims_by_id.get(ref)
    if claim is not None:
        return claim
    if ref in kb.entities_by_id:
        raise LinkError(f"'{ref}' is not a claim but a registry entry; {role} must be a claim id")
    starting = sorted(i for i in kb.claims_by_id if i.startswith(ref)) if ref else []
    if len(starting) == 1:
        return kb.claims_by_id[starting[0]]
    if len(starting) > 1:
        shown = ", ".join(starting[:5]) + (f" and {len(starting) - 5} more" if len(starting) > 5 else "")
        raise LinkError(f"'{ref}' could be {shown}; give more of the id")
    close = difflib.get_close_matches(ref, list(kb.claims_by_id), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `kb list --format ids` lists claim ids"
    raise LinkError(f"no claim '{ref}'{hint}")


def _chain(start: str, goal: str, kb: KnowledgeBase) -> list[str] | None:
    """A supersedes path from start to goal, if there is one."""
    paths, seen = [[start]], {start}
    while paths:
        path = paths.pop()
        if path[-1] == goal:
            return path
        claim = kb.claims_by_id.get(path[-1])
        for older in (claim.supersedes if claim else ()):
            if older not in seen:
                seen.add(older)
                paths.append(path + [older])
    return None


def plan_link(kb: KnowledgeBase, source_id: str, relation: str, target_id: str) -> Edit | None:
    """The edit that makes claim source_id name target_id under relation; None when it already does. Either
    id may be a unique prefix of one. Raises LinkError when the link is wrong or cannot be written without
    touching anything else."""
    if relation not in RELATIONS:
        close = difflib.get_close_matches(relation.lower(), RELATIONS, n=1, cutoff=0.8)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise LinkError(f"unknown relation '{relation}'; {hint}use one of: {', '.join(RELATIONS)}")
    claim, target = _claim(kb, source_id, "the first"), _claim(kb, target_id, "the second")
    if claim.id == target.id:
        raise LinkError(f"a claim cannot name itself ('{claim.id}' {relation} '{claim.id}')")
    if target.id in getattr(claim, relation):
        return None
    if relation == "supersedes":
        problem = supersedes_problem(kb, claim.id, target.id)
        if problem:
            raise LinkError(problem)
    try:
        raw, text, records = read_for_edit(kb, claim)
    except EditProblem as error:
        raise LinkError(str(error)) from None
    if len(records) != 1:
        raise LinkError(f"{claim.path} has problems or changed since it was read; run `kb check` and try again")
    new_text, line = _insert(text, relation, target.id)
    _verify(claim, relation, target.id, claim.path, text, new_text)
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    lines = new_text.splitlines()
    return Edit(claim.path, bom + new_text, line + 1, lines[line])


class EditProblem(Exception):
    """A file cannot be edited in place: it does not read, or it changed since the knowledge base was read."""


def read_for_edit(kb: KnowledgeBase, record: Any) -> tuple[bytes, str, list[Any]]:
    """The bytes, the text and the records of the file holding record, for an edit in place (`kb link`,
    `kb set`); EditProblem when the file does not read, has problems, or no longer holds record as the
    knowledge base read it (edited meanwhile)."""
    try:
        raw = read_raw(kb.root / record.path)
        text = decode(raw)
        doc = read_document(text)
    except (FileProblem, YamlProblem, OSError) as error:
        raise EditProblem(f"{record.path}: cannot read it ({error}); run `kb check`") from None
    _, records, _, problems = _records(record.path, doc)
    if problems or record not in records:
        raise EditProblem(f"{record.path} has problems or changed since it was read; run `kb check` and try again")
    return raw, text, records


def supersedes_problem(kb: KnowledgeBase, claim_id: str, target_id: str) -> str | None:
    """Why claim_id may not supersede target_id (itself, or a cycle through the claims target_id supersedes),
    or None."""
    if claim_id == target_id:
        return f"a claim cannot name itself ('{claim_id}' supersedes '{claim_id}')"
    back = _chain(target_id, claim_id, kb)
    if back:
        return ("that would make a supersedes cycle: " + " -> ".join([claim_id, *back]) +
                "; only the newer claim may supersede the older")
    return None


def _insert(text: str, relation: str, target: str) -> tuple[str, int]:
    """text with target added to relation's list, and the (0-based) line that holds it."""
    root = yaml.compose(text, Loader=_Loader)
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    keys = {key.value: (key, value) for key, value in root.value}
    item = scalar(target, in_flow=True)
    if relation in keys:
        key, value = keys[relation]
        if isinstance(value, yaml.SequenceNode) and value.flow_style:
            row, column = value.end_mark.line, value.end_mark.column - 1  # the closing ']'
            line = lines[row]
            if line[column:column + 1] != "]":
                raise LinkError(f"'{relation}:' is written in a way kb does not edit; add '{target}' by hand")
            lines[row] = line[:column] + (", " if value.value else "") + item + line[column:]
            return "".join(lines), row
        if isinstance(value, yaml.SequenceNode) and value.value:
            last = value.value[-1]
            prefix = lines[last.start_mark.line][:last.start_mark.column]
            if prefix.strip() != "-":
                raise LinkError(f"'{relation}:' is written in a way kb does not edit; add '{target}' by hand")
            row = _last_line(last, last.start_mark.line)
            lines.insert(row + 1, prefix + item + newline)
            return "".join(lines), row + 1
        raise LinkError(f"'{relation}:' holds no list; write it as [{target}] by hand")
    order = [spec.name for spec in schema_fields(Claim)]
    before = [k for k in keys if k in order and order.index(k) < order.index(relation)]
    anchor = max(before, key=order.index) if before else list(keys)[-1]
    key, value = keys[anchor]
    row = _last_line(value, key.start_mark.line)
    if row == len(lines) - 1 and not lines[row].endswith(("\n", "\r")):
        lines[row] += newline
    lines.insert(row + 1, f"{relation}: {flow_list([target])}{newline}")
    return "".join(lines), row + 1


def _last_line(node: yaml.Node, first: int) -> int:
    """The (0-based) last line a value takes (a block scalar ends at the start of the next line)."""
    end = node.end_mark
    return end.line - 1 if end.column == 0 and end.line > first else end.line


def _verify(claim: Claim, relation: str, target: str, relpath: str, before: str, after: str) -> None:
    """The edited text must load as the claim with one more link, keeping every comment."""
    expected = dataclasses.replace(claim, **{relation: (*getattr(claim, relation), target)})
    try:
        _, records, _, problems = _records(relpath, read_document(after))
    except YamlProblem:
        problems, records = ["unreadable"], []
    if problems or records != [expected] or _comment_texts(after) != _comment_texts(before):
        raise LinkError(f"{relpath}: adding the link would change more than the link; add '{target}' to "
                        f"'{relation}:' by hand (and please report this file)")


def write(root: Path, edit: Edit) -> None:
    """Replace the claim file with the edited text, atomically."""
    from ..store.atomic import write_text_atomic

    write_text_atomic(root / edit.relpath, edit.text, overwrite=True, root=root)
