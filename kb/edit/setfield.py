"""`kb set ID FIELD VALUE`: change one field of a claim or a registry entry, and nothing else in its file.

A change is one of: set the field to a value, add items to a list or entries to a mapping
(`--add`), remove them (`--remove`), or take the field out (`--unset`). Values are typed as
`kb new` takes them: names and aliases of entities become ids, periods are written canonically
(`2026-h2` -> `2026-H2`), a list is comma-separated (`--add` takes one item as written, commas
and all), a mapping is `NAME=VALUE` pairs separated by `;` (`capacity=53 GWh/yr; jobs=1500`),
`--remove` on a mapping takes the name.

Only the lines of the field change: they are written in the canonical layout (keeping a
block list block and a flow mapping flow when the file writes them so), in the place the
canonical order gives a field that was absent, with the file's indentation, line endings
and byte-order mark. Every comment stays: the one beside the field stays beside it, one
beside an item or entry stays beside it while it is there (and becomes a line of its own
where it was when it goes), lines of comments stay where they were. The result must read back
as the record with that one change, the file's other records as they were, and the same
comments, and it must pass the checks a claim written by `kb new` passes (references,
relations, quotes, milestones); otherwise nothing is written and the error says why.

Passing: `kb set acme-arizona aliases --add "Queen Creek"` turns `aliases: [Arizona]  # the
state` into `aliases: [Arizona, Queen Creek]  # the state`.
Failing: `kb set acme-plan status plannd` ("did you mean 'planned'?"), `kb set acme-plan id x`
(ids change with `kb mv`), `kb set acme-plan supersedes --add acme-plan` (itself).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..model.records import KnowledgeBase, kind_of
from ..model.schema import LIST_KINDS, MAPPING_KINDS, MULTI_LINE, RELATIONS, Claim, schema_fields
from ..model.validate import build_record
from ..store.yamlread import YamlProblem, _Loader, read_document
from ..store.yamlwrite import field_lines, flow_list, flow_mapping, scalar
from .fmt import _comment_texts, _records, scan_comments
from .link import EditProblem, read_for_edit, supersedes_problem

OPS = ("set", "add", "remove", "unset")


class SetError(Exception):
    """The change cannot be made as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Change:
    """One change of one field: op is set, add, remove or unset; raw the value as typed (None for unset)."""

    field: str
    op: str
    raw: str | None = None


@dataclass(frozen=True)
class FieldEdit:
    """The new text of a file, the record it holds after the edit, and the lines that now hold the field."""

    relpath: str
    text: str
    record: Any
    field: str
    shown: tuple[tuple[int, str], ...]  # (1-based line, text) of the field's lines; empty when it went
    notes: tuple[str, ...] = ()


# ---------------------------------------------------------------- finding the record and field

def find_record(kb: KnowledgeBase, ref: str) -> Any:
    """The claim or registry entry with this id (a unique prefix of a claim's id will do)."""
    found = kb.claims_by_id.get(ref) or kb.entities_by_id.get(ref)
    if found is not None:
        return found
    prefixed = [c for c in kb.claims_by_id if c.startswith(ref)] if len(ref) >= 3 else []
    if len(prefixed) == 1:
        return kb.claims_by_id[prefixed[0]]
    if len(prefixed) > 1:
        raise SetError(f"'{ref}' could be {', '.join(sorted(prefixed)[:5])}; give the whole id")
    close = difflib.get_close_matches(ref, [*kb.claims_by_id, *kb.entities_by_id], n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `kb list --format ids` lists claim ids"
    raise SetError(f"no claim or registry entry '{ref}'{hint}")


def field_spec(record: Any, name: str) -> Any:
    specs = {s.name: s for s in schema_fields(type(record))}
    if name in specs and name != "id":
        return specs[name]
    if name == "id":
        raise SetError(f"an id changes with every reference to it: kb mv {record.id} NEW-ID")
    close = difflib.get_close_matches(name, [n for n in specs if n != "id"], n=1)
    what = kind_of(record)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise SetError(f"'{name}' is not a field of a {what}; {hint}its fields: "
                   + ", ".join(n for n in specs if n != "id"))


# ---------------------------------------------------------------- typing values

def _resolve(kb: KnowledgeBase, term: str, refs: tuple[str, ...], field: str) -> str:
    """An entity (or, for relations, claim) id for term: an id, name or alias."""
    term = term.strip()
    if refs == ("claim",):
        if term in kb.claims_by_id:
            return term
        if term in kb.entities_by_id:
            raise SetError(f"'{term}' is not a claim but a registry entry; {field} names claims")
        close = difflib.get_close_matches(term, list(kb.claims_by_id), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; `kb list --format ids` lists claim ids"
        raise SetError(f"{field}: no claim '{term}'{hint}")
    entity = kb.entities_by_id.get(term)
    if entity is not None and kind_of(entity) in refs:
        return term
    from ..answers.query import QueryError, match_entities
    from .new import add_command

    try:
        ids = sorted(match_entities(kb, refs, term))
    except QueryError as error:
        kind = "person" if field == "speaker" else refs[0]
        raise SetError(f"{field}: {error}; to add it: {add_command(field if field in ('speaker', 'company', 'factory', 'source') else kind, term)}") from None
    if len(ids) > 1:
        raise SetError(f"{field}: '{term}' could be {', '.join(ids)}; give the id")
    return ids[0]


def _pairs(raw: str, kind: str = "", declared: dict[str, str] | None = None) -> dict[str, Any]:
    """'capacity=53 GWh/yr; jobs=1500' -> {capacity: '53 GWh/yr', jobs: 1500}: each value typed as every command
    types a pair of a mapping of this kind (kb.model.kinds.typed_pair; attributes by their declared types);
    '[a, b]' values are lists."""
    from ..model.kinds import typed_pair

    def typed(name: str, text: str) -> Any:
        if text.startswith("[") and text.endswith("]"):
            return [typed(name, part.strip()) for part in text[1:-1].split(",") if part.strip()]
        return typed_pair(kind, text, (declared or {}).get(name))

    out: dict[str, Any] = {}
    for item in filter(None, (part.strip() for part in raw.split(";"))):
        name, equals, value = (p.strip() for p in item.partition("="))
        if not equals or not name or not value:
            raise SetError(f"'{item}' is not NAME=VALUE (e.g. capacity=53 GWh/yr)")
        out[name] = typed(name, value)
    return out


def _role(raw: str) -> dict[str, Any]:
    """'role=CEO; company=lges; from=2023-11' (or the flow mapping '{role: CEO, ...}') -> a role."""
    text = raw.strip()
    if text.startswith("{"):
        try:
            value = yaml.load(text, Loader=_Loader)
        except yaml.YAMLError:
            raise SetError(f"'{raw}' is not a role like role=CEO; company=lges; from=2023-11") from None
        return {k: str(v) for k, v in (value or {}).items()}
    return {k: str(v) for k, v in _pairs(text).items()}


def _item(kb: KnowledgeBase, spec: Any, text: str) -> Any:
    kind, refs = spec.metadata["kind"], spec.metadata["refs"]
    if kind == "refs":
        return _resolve(kb, text, refs, spec.name)
    if kind == "roles":
        role = _role(text)
        if role.get("company"):
            role["company"] = _resolve(kb, role["company"], ("company",), "company")
        return role
    return text.strip()


def _single(kb: KnowledgeBase, spec: Any, raw: str) -> Any:
    kind, refs = spec.metadata["kind"], spec.metadata["refs"]
    text = raw if spec.name in MULTI_LINE else raw.strip()
    if kind == "ref":
        return _resolve(kb, text, refs, spec.name)
    if kind == "month":
        return int(text) if text.isdigit() else text
    if kind == "period":
        from ..model.period import canonical

        try:
            return canonical(text)
        except ValueError:
            return text
    return text


def new_value(kb: KnowledgeBase, record: Any, spec: Any, change: Change) -> Any:
    """The field's value after the change (None: absent)."""
    kind, name = spec.metadata["kind"], spec.name
    current = getattr(record, name)
    if change.op == "unset":
        if spec.metadata["required"]:
            raise SetError(f"'{name}' is required; set another value instead")
        if current in (None, (), {}):
            raise SetError(f"'{name}' is not set; nothing to take out")
        return None
    raw = change.raw if change.raw is not None else ""
    if kind in LIST_KINDS:
        items = list(current)
        if change.op == "set":
            parts = [raw] if kind == "roles" else [p for p in (p.strip() for p in raw.split(",")) if p]
            return [_item(kb, spec, p) for p in parts] or None
        item = _item(kb, spec, raw)
        if change.op == "add":
            if item in items:
                raise SetError(f"'{raw}' is already in '{name}'; nothing to add")
            return items + [item]
        if item not in items:
            shown = [flow_mapping(i) if isinstance(i, dict) else str(i) for i in items]
            close = difflib.get_close_matches(str(raw), shown, n=1)
            raise SetError(f"'{raw}' is not in '{name}'" + (f"; did you mean '{close[0]}'?" if close else
                                                            f" ({', '.join(shown) or 'it is empty'})"))
        return [i for i in items if i != item] or None
    if kind in MAPPING_KINDS:
        entries = dict(current)
        declared = {a.name: a.type for a in kb.attributes}
        if change.op == "set":
            return _pairs(raw, kind, declared) or None
        if change.op == "add":
            return {**entries, **_pairs(raw, kind, declared)}
        key = raw.strip()
        if key not in entries:
            close = difflib.get_close_matches(key, list(entries), n=1)
            raise SetError(f"'{name}' has no '{key}'" + (f"; did you mean '{close[0]}'?" if close else
                                                          f" ({', '.join(entries) or 'it is empty'})"))
        return {k: v for k, v in entries.items() if k != key} or None
    if change.op != "set":
        raise SetError(f"'{name}' holds one value: --add and --remove are for lists and mappings; "
                       f"kb set {record.id} {name} VALUE sets it")
    value = _single(kb, spec, raw)
    if value in (None, ""):
        raise SetError(f"an empty '{name}': to take it out, use --unset")
    return value


def plain(value: Any) -> Any:
    """A record's value as plain data: tuples as lists, mappings copied."""
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def record_data(record: Any) -> dict[str, Any]:
    return {s.name: plain(getattr(record, s.name)) for s in schema_fields(type(record))
            if getattr(record, s.name) not in (None, (), {})}


def value_problems(record_type: type, data: dict[str, Any]) -> list[str]:
    """What the schema says is wrong with a record's data (the messages of kb check)."""
    _, problems = build_record(record_type, data, {}, "value", 1, 1)
    return [p.message for p in problems]


# ---------------------------------------------------------------- editing the text

def _mapping_of(root: yaml.Node, record: Any) -> yaml.MappingNode:
    """The mapping node holding the record: the file's own, or the list item with its id."""
    if isinstance(root, yaml.MappingNode):
        return root
    if isinstance(root, yaml.SequenceNode):
        for item in root.value:
            if isinstance(item, yaml.MappingNode) and any(
                    k.value == "id" and isinstance(v, yaml.ScalarNode) and v.value == record.id for k, v in item.value):
                return item
    raise SetError(f"{record.path}: entry '{record.id}' not found as kb reads it; run `kb check`")


def _last_line(node: yaml.Node, first: int) -> int:
    end = node.end_mark
    return end.line - 1 if end.column == 0 and end.line > first else end.line


def _content_end(node: yaml.Node, first: int) -> int:
    """The (0-based) last line a value's own text takes: for a block collection, its last item's, so that
    comment lines after it (which belong to the next key) are not counted in."""
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        last = last[1] if isinstance(last, tuple) else last
        return max(first, _content_end(last, last.start_mark.line))
    return _last_line(node, first)


def _style(value: yaml.Node | None) -> str:
    if isinstance(value, yaml.SequenceNode):
        return "flow-list" if value.flow_style else "block-list"
    if isinstance(value, yaml.MappingNode):
        return "flow-mapping" if value.flow_style else "block-mapping"
    return "scalar"


def render(spec: Any, value: Any, indent: str, style: str = "", item_prefix: str | None = None) -> list[tuple[Any, str]]:
    """(entry, line) of a field's lines: canonical, but a block list stays block and a flow mapping flow.
    entry names what a line holds (None: the key line; a mapping's name or a list item's text)."""
    if value in (None, (), [], {}):
        return []
    if style == "block-list" and isinstance(value, (list, tuple)):
        prefix = item_prefix if item_prefix is not None else f"{indent}  - "
        return [(None, f"{indent}{spec.name}:")] + [
            (_entry(item), prefix + (flow_mapping(item) if isinstance(item, dict) else scalar(item)))
            for item in value]
    if style == "flow-mapping" and isinstance(value, dict):
        return [(None, f"{indent}{spec.name}: " + "{" + ", ".join(
            f"{k}: {flow_list(v) if isinstance(v, (list, tuple)) else scalar(v, in_flow=True)}"
            for k, v in value.items()) + "}")]
    lines = [line for _, line in field_lines(spec, value, indent)]
    if isinstance(value, dict):
        return [(None, lines[0])] + [(k, line) for k, line in zip(value, lines[1:])]
    if isinstance(value, (list, tuple)) and len(lines) > 1:  # roles: one flow mapping a line
        return [(None, lines[0])] + [(_entry(item), line) for item, line in zip(value, lines[1:])]
    return [(None, lines[0])]


def _entry(item: Any) -> str:
    return flow_mapping(item) if isinstance(item, dict) else str(item)


def _old_entries(value: yaml.Node | None) -> dict[int, Any]:
    """Line -> the entry (mapping name or list item text) a block collection's line holds."""
    out: dict[int, Any] = {}
    if isinstance(value, yaml.MappingNode) and not value.flow_style:
        for key, _ in value.value:
            out[key.start_mark.line] = key.value
    elif isinstance(value, yaml.SequenceNode) and not value.flow_style:
        for item in value.value:
            if isinstance(item, yaml.ScalarNode):
                out[item.start_mark.line] = item.value
            elif isinstance(item, yaml.MappingNode):
                out[item.start_mark.line] = flow_mapping({k.value: v.value for k, v in item.value})
    return out


def edit_field(text: str, record: Any, spec: Any, value: Any) -> tuple[str, list[int]]:
    """text with the record's field written as value (None: taken out), and the 0-based lines now holding it."""
    root = yaml.compose(text, Loader=_Loader)
    mapping = _mapping_of(root, record)
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    keys = {k.value: (k, v) for k, v in mapping.value}
    legacy = {"when": "year"}.get(spec.name) if isinstance(record, Claim) else None
    if legacy and legacy in keys:
        raise SetError(f"{record.path} still writes '{legacy}:' for '{spec.name}:'; run `kb fmt` first")
    first_key = mapping.value[0][0]
    column = first_key.start_mark.column
    indent = " " * column
    comments = [(n, c, t) for n, c, t in scan_comments(text, root)]
    if spec.name in keys:
        key, old = keys[spec.name]
        start, end = key.start_mark.line, _content_end(old, key.start_mark.line)
        item_prefix = None
        if isinstance(old, yaml.SequenceNode) and not old.flow_style and old.value:
            first_item = old.value[0]
            item_prefix = lines[first_item.start_mark.line][:first_item.start_mark.column]
        new = render(spec, value, indent, _style(old), item_prefix)
        prefix = lines[start][:key.start_mark.column]  # "- " when the key opens a list item
        entries = _old_entries(old)
        entries[start] = None
        line_of = {entry: n for n, entry in entries.items()}
        staying = {entry for entry, _ in new}
        beside: dict[int, tuple[str, str]] = {}
        alone: list[tuple[int, str]] = []  # (old line, the text of a comment line), in order
        for n, c, t in comments:
            if not start <= n <= end:
                continue
            if lines[n][:c].strip():
                beside[n] = (lines[n][:c], t)
            else:
                alone.append((n, lines[n].rstrip("\r\n")))
        for n, (before, t) in beside.items():
            if n not in entries or entries[n] not in staying or (n == start and not new):
                alone.append((n, re.match(r"\s*", before).group() + t if n != start else indent + t))
        alone.sort()
        out: list[str] = []
        held: list[int] = []
        for i, (entry, line) in enumerate(new):
            if i == 0 and prefix.strip():
                line = prefix + line[len(prefix):]
            old_line = line_of.get(entry)
            if old_line is not None:
                while alone and alone[0][0] < old_line:
                    out.append(alone.pop(0)[1])
                if old_line in beside:
                    before, comment = beside[old_line]
                    line += (re.search(r"\s*$", before).group() or "  ") + comment
            held.append(start + len(out))
            out.append(line)
        out.extend(t for _, t in alone)
        block = [line + newline for line in out]
        if end == len(lines) - 1 and not lines[end].endswith(("\n", "\r")) and block:
            block[-1] = block[-1][:-len(newline)]
        lines[start:end + 1] = block
        return "".join(lines), held
    if value in (None, (), [], {}):
        raise SetError(f"'{spec.name}' is not set; nothing to take out")
    order = [s.name for s in schema_fields(type(record))]
    before = [k for k in keys if k in order and order.index(k) < order.index(spec.name)]
    anchor = max(before, key=order.index) if before else None
    if anchor is None:
        row = first_key.start_mark.line - 1
    else:
        key, old = keys[anchor]
        row = _content_end(old, key.start_mark.line)  # comment lines after it belong to the key below them
    if row >= 0 and row == len(lines) - 1 and not lines[row].endswith(("\n", "\r")):
        lines[row] += newline
    new = [line for _, line in render(spec, value, indent)]
    lines[row + 1:row + 1] = [line + newline for line in new]
    return "".join(lines), list(range(row + 1, row + 1 + len(new)))


# ---------------------------------------------------------------- the whole change

def plan_set(kb: KnowledgeBase, ref: str, changes: list[Change]) -> FieldEdit:
    """The edit that makes the changes (all to one field) in the record ref; SetError when it is wrong or
    cannot be written without touching anything else."""
    record = find_record(kb, ref)
    fields = {c.field for c in changes}
    if len(fields) != 1:
        raise SetError("one field at a time")
    spec = field_spec(record, changes[0].field)
    notes: list[str] = []
    current = record
    value: Any = plain(getattr(record, spec.name))
    for change in changes:
        if change.op not in OPS:
            raise SetError(f"unknown change '{change.op}'")
        value = new_value(kb, current, spec, change)
        current = dataclasses.replace(current, **{spec.name: _frozen(value, spec)})
    data = record_data(record)
    if value in (None, [], {}):
        data.pop(spec.name, None)
    else:
        data[spec.name] = value
    inferred = dict(data.get("inferred") or {})
    if spec.name != "inferred" and spec.name in inferred and spec.name not in data:
        del inferred[spec.name]
        notes.append(f"'inferred: {spec.name}' went with it")
        if inferred:
            data["inferred"] = inferred
        else:
            data.pop("inferred", None)
    record_type = type(record)
    problems = value_problems(record_type, data)
    if problems:
        raise SetError(problems[0])
    # at the record's own line: the trial checks (_run_checks) tell an entry's problems by that line
    expected, _ = build_record(record_type, data, {}, record.path, record.line or 1, 1)
    if spec.name == "milestone" and value is not None:
        _check_milestone(kb, value)
    if spec.name == "supersedes" and isinstance(record, Claim):
        _check_supersedes(kb, record, value or [])
    try:
        raw, text, before_records = read_for_edit(kb, record)
    except EditProblem as error:
        raise SetError(str(error)) from None
    new_text, held = edit_field(text, record, spec, None if value in ([], {}) else value)
    if "inferred" in record_data(record) and spec.name not in data and spec.name in (record.inferred or {}):
        inferred_spec = next(s for s in schema_fields(record_type) if s.name == "inferred")
        new_text, _ = edit_field(new_text, record, inferred_spec, inferred or None)
        held = _lines_of(new_text, record, spec)
    _verify(record.path, text, new_text, before_records, record, expected)
    if isinstance(record, Claim) or spec.name in ("aliases", "external", "name", "owner", "company"):
        _run_checks(kb, record, expected)
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    out = new_text.splitlines()
    return FieldEdit(record.path, bom + new_text, expected, spec.name,
                     tuple((n + 1, out[n]) for n in held if n < len(out)), tuple(notes))


def _lines_of(text: str, record: Any, spec: Any) -> list[int]:
    root = yaml.compose(text, Loader=_Loader)
    mapping = _mapping_of(root, record)
    for key, value in mapping.value:
        if key.value == spec.name:
            return list(range(key.start_mark.line, _content_end(value, key.start_mark.line) + 1))
    return []


def _frozen(value: Any, spec: Any) -> Any:
    if value is None:
        return () if spec.metadata["kind"] in LIST_KINDS else ({} if spec.metadata["kind"] in MAPPING_KINDS else None)
    if isinstance(value, list):
        return tuple(value)
    return value


def _check_milestone(kb: KnowledgeBase, value: str) -> None:
    from ..model.milestones import known_milestones

    known = known_milestones(e for e in kb.entities if kind_of(e) == "milestone")
    if value not in known:
        close = difflib.get_close_matches(value, list(known), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"declare it first: kb add milestone --id {value} --name ..."
        raise SetError(f"'{value}' is not a milestone kb knows; {hint}")


def _check_supersedes(kb: KnowledgeBase, record: Claim, targets: list[str]) -> None:
    for target in targets:
        problem = None if target in record.supersedes and target != record.id else \
            supersedes_problem(kb, record.id, target)
        if problem:
            raise SetError(problem)


def _verify(relpath: str, before: str, after: str, before_records: list, record: Any, expected: Any) -> None:
    """The edited text must read back as the record with the change, the others as they were, and the
    same comments."""
    try:
        _, records, _, problems = _records(relpath, read_document(after))
    except YamlProblem:
        problems, records = ["unreadable"], []
    wanted = [expected if r == record else r for r in before_records]
    if problems or records != wanted or _comment_texts(after) != _comment_texts(before):
        raise SetError(f"{relpath}: the change would touch more than the field; make it by hand "
                       "(and please report this file)")


def _run_checks(kb: KnowledgeBase, record: Any, expected: Any) -> None:
    """The checks `kb new` runs on a claim (references, relations, quotes, milestones), or the registry's
    (references, names and external ids shared) on an entry, on a trial index holding the change."""
    from ..checks import aliases, external, ids, milestones, quotes, references, relations, run_checks
    from ..store.index import Index

    if isinstance(record, Claim):
        wanted = {t for r in RELATIONS for t in getattr(expected, r)}
        chain = _chain_ids(kb, expected)
        others = [c for c in kb.claims if c.id != record.id and (c.id in wanted or c.id in chain or c.external)]
        entities = list(kb.entities)
        checks = (ids, references, relations, quotes, milestones, external)
    else:
        others = []
        entities = [expected if e.id == record.id else e for e in kb.entities]
        checks = (ids, references, aliases, external)
    trial = Index.from_records(kb.root, [*entities, *others, *([expected] if isinstance(record, Claim) else [])])
    problems = [p for p in run_checks(trial, checks) if p.path == record.path
                and (isinstance(record, Claim) or p.line == record.line or p.subject == record.id)]
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise SetError(errors[0].message)


def _chain_ids(kb: KnowledgeBase, claim: Claim) -> set[str]:
    """Ids of every claim claim's supersedes reach, and of every claim reaching it (for the cycle check)."""
    found, stack = set(), list(claim.supersedes)
    while stack:
        cid = stack.pop()
        if cid in found or cid not in kb.claims_by_id:
            continue
        found.add(cid)
        stack.extend(kb.claims_by_id[cid].supersedes)
    return found


def write(root: Path, edit: FieldEdit) -> None:
    """Replace the file with the edited text, atomically."""
    from ..store.atomic import write_text_atomic

    write_text_atomic(root / edit.relpath, edit.text, overwrite=True, root=root)
