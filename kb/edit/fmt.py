"""The canonical layout for claim and registry files, keeping every comment.

`canonical_text` returns the file as `kb fmt` would write it, or None with the
reasons it refuses: a file that does not validate, or a result that would not
load back to the same data with the same comments. Nothing a user wrote is lost.
Keys holding an empty list or mapping (`tags: []`, `inferred: {}`) carry no data:
`kb check` accepts them and `kb fmt` leaves them out, moving any comment written on
them above the next key.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..model.problem import Problem
from ..model.schema import LEGACY_KEYS, REGISTRY_TYPES, Claim, schema_fields
from ..model.validate import build_record
from ..store.files import is_registry_file, registry_kind
from ..store.load import positions_by_item
from ..store.yamlread import YamlProblem, _Loader, read_document
from ..store.yamlwrite import keyed_lines, record_values, scalar


@dataclass
class Comments:
    """Comments found in a file, attached to the key paths they stand before or beside."""

    leading: dict[tuple, list[str]] = field(default_factory=dict)
    # Comments above a record's first key stay above the record: a file header, an entry's heading.
    header: dict[tuple, list[str]] = field(default_factory=dict)
    beside: dict[tuple, str] = field(default_factory=dict)
    trailing: list[str] = field(default_factory=list)


def _anchors(node: yaml.Node, path: tuple = ()) -> list[tuple[int, tuple, yaml.Node, yaml.Node]]:
    """(line, key path, key node, value node) for every key of every mapping, in file order."""
    found = []
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = path + (key_node.value,)
            found.append((key_node.start_mark.line, key_path, key_node, value_node))
            found.extend(_anchors(value_node, key_path))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            found.extend(_anchors(item, path + (i,)))
    return found


def _scalar_spans(node: yaml.Node, spans: list) -> None:
    """((line, col), (line, col)) of every scalar, where a '#' is text, not a comment."""
    if isinstance(node, yaml.ScalarNode):
        spans.append(((node.start_mark.line, node.start_mark.column), (node.end_mark.line, node.end_mark.column)))
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            _scalar_spans(key_node, spans)
            _scalar_spans(value_node, spans)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _scalar_spans(item, spans)


def scan_comments(text: str, root: yaml.Node | None) -> list[tuple[int, int, str]]:
    """(line, column, text) of every comment: a '#' after a space or at a line start, outside any scalar."""
    spans: list = []
    if root is not None:
        _scalar_spans(root, spans)
    found = []
    for number, line in enumerate(text.splitlines()):
        for match in re.finditer(r"(?:^|(?<=\s))#", line):
            place = (number, match.start())
            if not any(start <= place < end for start, end in spans):
                found.append((number, match.start(), line[match.start():].rstrip()))
                break
    return found


def tidy(comment: str) -> str:
    """A comment with one space after its '#' (or run of them) when it had none: `#the CEO` -> `# the CEO`, as
    yamllint (and the shipped .yamllint.yaml) wants it. The only change `kb fmt` makes to a comment's text;
    docs/terminal.md says so."""
    return re.sub(r"^(#+)(?=[^#\s])", r"\1 ", comment)


def _last_line(node: yaml.Node, first: int) -> int:
    """The last line holding any of a value (a block mapping or list ends where its last item does, not
    where the next key starts)."""
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        return _last_line(last[1] if isinstance(node, yaml.MappingNode) else last, first)
    end = node.end_mark
    return end.line - 1 if end.column == 0 and end.line > max(first, node.start_mark.line) else end.line


def find_comments(text: str, root: yaml.Node) -> Comments:
    """Attach each comment to a key: above it, beside it, or above the record it starts."""
    lines = text.splitlines()
    anchors = sorted(_anchors(root), key=lambda a: a[0])
    comments = Comments()
    firsts: dict[tuple, tuple] = {}
    for _, key_path, _, _ in anchors:
        record = key_path[:1] if isinstance(key_path[0], int) else ()
        if record not in firsts.values():
            firsts[key_path] = record
    ranges = [(line, _last_line(value_node, line), key_path) for line, key_path, _, value_node in anchors]
    for number, column, comment in scan_comments(text, root):
        comment = tidy(comment)
        if not lines[number][:column].strip():  # a line of its own
            following = next((a for a in anchors if a[0] > number), None)
            # inside a value whose lines go (a block list becomes `tags: [a, b]`), with no key of it below:
            # beside that value's key, rather than above the next key, which it was never about
            inside = [r for r in ranges if r[0] < number <= r[1]]
            enclosing = max(inside, key=lambda r: (r[0], len(r[2])))[2] if inside else None
            if enclosing is not None and (following is None or following[0] > next(
                    r[1] for r in ranges if r[2] == enclosing)):
                comments.beside[enclosing] = (comments.beside[enclosing] + "  " + comment
                                              if enclosing in comments.beside else comment)
                continue
            if following is None:
                comments.trailing.append(comment)
            elif following[1] in firsts:
                comments.header.setdefault(firsts[following[1]], []).append(comment)
            else:
                comments.leading.setdefault(following[1], []).append(comment)
            continue
        owners = [r for r in ranges if r[0] <= number <= r[1]]
        owner = max(owners, key=lambda r: (r[0], len(r[2])))[2] if owners else None
        if owner is None:
            comments.trailing.append(comment)
        elif owner in comments.beside:
            comments.beside[owner] += "  " + comment
        else:
            comments.beside[owner] = comment
    return comments


def _with_comments(keyed: list[tuple[tuple, str]], comments: Comments, prefix: tuple, indent: str) -> list[str]:
    out = []
    for key_path, line in keyed:
        full = prefix + key_path
        own_indent = indent + "  " * (len(key_path) - 1)
        out.extend(own_indent + c for c in comments.leading.get(full, []))
        beside = comments.beside.get(full)
        out.append(f"{line}  {beside}" if beside else line)
    return out


def _blank(value: Any) -> bool:
    return value is None or value == () or value == [] or value == {}


def _rehome(comments: Comments, values: dict, record_type: type, prefix: tuple, spill: list[str]) -> None:
    """Comments written at a key `kb fmt` leaves out (an empty list or mapping: `tags: []`) move above
    the next key that stays, or into spill when none follows: nothing a user wrote is lost."""
    moved: list[str] = []
    for spec in schema_fields(record_type):
        key = prefix + (spec.name,)
        if _blank(values.get(spec.name)):
            moved += comments.leading.pop(key, [])
            beside = comments.beside.pop(key, None)
            moved += [beside] if beside else []
        elif moved:
            comments.leading[key] = moved + comments.leading.get(key, [])
            moved = []
    spill[:0] = moved


def _render(data: Any, record_type: type, is_registry: bool, comments: Comments) -> str:
    if not is_registry:
        _rehome(comments, data, record_type, (), comments.trailing)
        lines = _with_comments(keyed_lines(data, record_type), comments, (), "")
        return "\n".join(comments.header.get((), []) + lines + comments.trailing) + "\n"
    if not data:  # an empty registry (`[]`, or only comments): its comments, if any
        return "".join(line + "\n" for line in comments.trailing)
    for i, entry in reversed(list(enumerate(data))):  # last first, so that spilt comments move on
        spill = comments.header.setdefault((i + 1,), []) if i + 1 < len(data) else comments.trailing
        _rehome(comments, entry, record_type, (i,), spill)
    blocks = []
    for i, entry in enumerate(data):
        lines = _with_comments(keyed_lines(entry, record_type, indent="  "), comments, (i,), "")
        first = next(n for n, line in enumerate(lines) if not line.lstrip().startswith("#"))
        lines[first] = "- " + lines[first][2:]
        blocks.append("\n".join(comments.header.get((i,), []) + lines))
    return "\n\n".join(blocks) + ("\n" + "\n".join(comments.trailing) if comments.trailing else "") + "\n"


def _comment_texts(text: str) -> Counter:
    """Every comment's text, split where several were joined on one line, to compare before and after (with
    the space `tidy` puts after a '#')."""
    texts = [t for _, _, t in scan_comments(text, yaml.compose(text, Loader=_Loader))]
    return Counter(tidy(piece) for t in texts for piece in re.split(r"\s+(?=#)", t))


def _records(relpath: str, doc) -> tuple[type | None, list[Any], bool, list[Problem]]:
    """(record type, records, whether the file holds one record, problems) of a parsed file."""
    if not is_registry_file(relpath):
        record, problems = build_record(Claim, doc.data, doc.positions, relpath, doc.line, doc.column)
        return Claim, [record], True, problems
    kind, in_folder = registry_kind(relpath)
    record_type = REGISTRY_TYPES.get(kind) if kind else None
    if doc.data is None:  # only comments, or nothing: an empty registry, as `kb check` reads it
        doc.data = []
    single = in_folder and isinstance(doc.data, dict)
    if record_type is None or not (single or isinstance(doc.data, list)):
        return None, [], False, [Problem(relpath, 1, 1, "not-formatted", "not a registry file kb knows")]
    if single:
        record, problems = build_record(record_type, doc.data, doc.positions, relpath, doc.line, doc.column)
        return record_type, [record], True, problems
    records, problems = [], []
    by_item = positions_by_item(doc.positions, len(doc.data))
    for i, item in enumerate(doc.data):
        record, found = build_record(record_type, item, by_item[i], relpath, *doc.positions[(i,)])
        records.append(record)
        problems += found
    return record_type, records, False, problems


def _renamed_comments(comments: Comments, record_type: type, single: bool) -> Comments:
    """Comments of keys that older formats named differently, moved to the new names (year -> when)."""
    legacy = LEGACY_KEYS.get(record_type, {})

    def rename(path: tuple) -> tuple:
        head = () if single else path[:1]
        rest = list(path[len(head):])
        if rest and rest[0] in legacy:
            rest[0] = legacy[rest[0]]
        elif len(rest) > 1 and rest[0] == "inferred" and rest[1] in legacy:
            rest[1] = legacy[rest[1]]
        return (*head, *rest)

    return Comments(leading={rename(k): v for k, v in comments.leading.items()}, header=comments.header,
                    beside={rename(k): v for k, v in comments.beside.items()}, trailing=comments.trailing)


def canonical_text(relpath: str, text: str) -> tuple[str | None, list[Problem]]:
    """The file in canonical layout, or None and why it is left alone."""
    try:
        doc = read_document(text)
    except YamlProblem as error:
        return None, [Problem(relpath, error.line, error.column, error.rule, error.message)]
    problems = [Problem(relpath, p.line, p.column, p.rule, p.message) for p in doc.problems]
    record_type, records, single, found = _records(relpath, doc)
    problems += found
    if problems or record_type is None:
        return None, problems
    comments = _renamed_comments(find_comments(text, yaml.compose(text, Loader=_Loader)), record_type, single)
    values = [record_values(r) for r in records]
    new_text = _render(values[0] if single else values, record_type, not single, comments)
    _, again, _, trouble = _records(relpath, read_document(new_text))
    if trouble or again != records or _comment_texts(new_text) != _comment_texts(text):
        return None, [Problem(relpath, 1, 1, "not-formatted",
                              "formatting would change this file's data or comments; left as it is "
                              "(please report this file)")]
    return new_text, []


# ---------------------------------------------------------------- the fast path of `kb fmt --check`

def paths_to_format(index) -> list[str]:
    """The files `kb fmt` must read, in the order it walks claims/ (a folder's files, then its
    sub-folders): every file but those the index knows to be canonical as they are now."""
    paths = [path for (path,) in index.conn.execute("SELECT path FROM files WHERE canonical IS NOT 1")]

    def walk_order(path: str) -> list[tuple[int, str]]:
        *folders, name = path.split("/")
        return [(1, folder) for folder in folders] + [(0, name)]

    return sorted(paths, key=walk_order)


def remember_formatted(index, found: list[tuple[str, str]]) -> None:
    """Note (path, text) pairs found canonical the slow way (files with comments, registry files),
    so that the next `kb fmt` skips them while they stay as they are."""
    import sqlite3

    from ..store.files import content_hash

    if not found:
        return
    try:
        with index.conn:
            index.conn.executemany("UPDATE files SET canonical = 1 WHERE path = ? AND hash = ?",
                                   [(path, content_hash(text.encode("utf-8"))) for path, text in found])
    except sqlite3.Error:
        pass  # a read-only or busy index: they are checked again next time


__all__ = ["canonical_text", "format_files", "scalar"]


def _format_one(job: tuple[str, str]) -> tuple[str, str | None, str | None, str | None]:
    """(relpath, text, canonical text or None, why it is left alone or None) of one file."""
    from pathlib import Path

    from ..store.files import FileProblem, read_text

    root, relpath = job
    try:
        text = read_text(Path(root) / relpath)
    except FileProblem as error:
        return relpath, None, None, f"{relpath}:{error.line}:{error.column}: {error.message}"
    new_text, problems = canonical_text(relpath, text)
    return relpath, text, new_text, str(problems[0]) if new_text is None and problems else None


def format_files(root, relpaths: list[str]):
    """`_format_one` of each file, in order. (Files with comments take the slow way, about a
    millisecond each; helper processes did not pay for themselves on two cores.)"""
    return (_format_one((str(root), relpath)) for relpath in relpaths)
