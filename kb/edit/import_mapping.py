"""The mapping file of `kb import`: which column feeds which field, how names become entities.

```yaml
system: politifact            # the data set's name for its own ids (external ids are unique per system)
external: id                  # the column holding each row's id in the data set
format: tsv                   # csv, tsv (tab-separated, no quoting) or jsonl (default: from the file name)
columns: [id, label, statement, subjects, speaker]   # a file without a header: its columns, in order
encoding: utf-8               # the data file's encoding (default utf-8; e.g. latin-1, cp1252)
empty: [N/A, Unknown]         # cells that mean "no value", in any case (an empty cell always does)
folder: claims/politifact     # where new claims go (default: claims/<system>)
fields:                       # claim field: a template; {column} is the row's value, text is fixed
  claim: "{statement}"
  quote: "{statement}"
  speaker: "{speaker}"
  company: "{owner|developer}"   # {a|b}: column a, or b when a is empty in the row
  said: "{date}"
  status: statement           # no braces: the same for every row
  source: politifact
  tags: "{subjects}"          # cut into a list by `split` below
  attributes: {rating: "{label}"}
defaults:                     # a field's value when its template has nothing in a row
  when: "2030"
split:                        # a cell holding a list: field -> separator
  tags: ","
formats:                      # how a column writes dates, for date fields (Python strptime codes)
  said: "%m/%d/%Y"
values:                       # a field's values as the data set writes them -> as kb writes them (any case)
  status: {operating: done, "under construction": underway}
  attributes: {rating: {pants-fire: pants-on-fire}}   # per attribute (and per quantity)
entities:                     # how names in entity fields are matched, and whether new ones are added
  speaker:
    kind: person              # the kind added when no entity matches
    kinds: {chain-email: source, organization: company}   # other kinds: by name, or by the value of `by`
    by: "{party}"             # (an account is not a person; a party 'organization' is an organisation)
    match: [id, name, alias]  # what a name is compared with (default: all three, in any case)
    create: true              # add unknown names to the registry (default: the row is rejected)
    name: "{speaker_name}"    # the added entity's display name (default: the data's, title-cased if a slug)
    fields: {role: "{speaker_job}"}   # the added entity's other fields, as templates
```

A template whose columns are all empty in a row leaves the field out (unknown stays unknown),
unless `defaults` gives the field a value.
"""

from __future__ import annotations

import codecs
import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model.schema import ENTITY_TYPES, MAPPING_KINDS, MULTI_LINE, Claim, schema_fields
from ..store.files import FileProblem, read_text
from ..store.yamlread import YamlProblem, read_document

TEMPLATE = re.compile(r"\{\{|\}\}|\{([^{}]+)\}")
FORMATS = ("csv", "tsv", "jsonl")
MATCH = ("id", "name", "alias")
TOP_KEYS = ("system", "external", "format", "columns", "encoding", "empty", "folder", "fields", "defaults", "split",
            "formats", "values", "entities")
ENTITY_KEYS = ("kind", "kinds", "by", "match", "create", "name", "fields", "file")
# The claim fields that name entities, in the order they are resolved (the source before a speaker that
# may be the same register; an owner before its factory), and the kinds a name in each may match.
ENTITY_FIELDS = {"source": ("source",), "company": ("company",), "concerns": ("company",),
                 "speaker": ("person", "company", "source"), "factory": ("factory",)}
LIST_FIELDS = ("refs", "strings", "tags")


class MappingError(Exception):
    """The mapping file is wrong: the message names file, line and column and what to do."""


@dataclass(frozen=True)
class Template:
    """Text with {column} places ({a|b}: a, else b when a is empty); plain text is a fixed value."""

    text: str

    @property
    def columns(self) -> list[str]:
        return [c.strip() for m in TEMPLATE.finditer(self.text) if m.group(1) for c in m.group(1).split("|")]


    def render(self, row: dict) -> Any:
        """The text with each column's value, or None when every column of a place is empty in this row.
        A template that is a single place of a JSON list gives the list."""
        single, parts = _compiled(self.text)
        if single is not None:
            found = _first(row, single)
            if isinstance(found, list):
                return [str(v) for v in found] or None
        out = []
        for literal, place in parts:
            if place is None:
                out.append(literal)
                continue
            found = _first(row, place)
            if found is None or isinstance(found, list):
                return None
            out.append(str(found))
        return "".join(out).strip()


@lru_cache(maxsize=None)
def _compiled(text: str) -> tuple[str | None, tuple[tuple[str, tuple[str, ...] | None], ...]]:
    """A template as (its single place, if it is nothing else; its parts: (text, None) or ('', columns))."""
    match = TEMPLATE.fullmatch(text.strip())
    single = tuple(c.strip() for c in match.group(1).split("|")) if match and match.group(1) else None
    parts: list[tuple[str, tuple[str, ...] | None]] = []
    at = 0
    for found in TEMPLATE.finditer(text):
        if found.start() > at:
            parts.append((text[at:found.start()], None))
        if found.group(1):
            parts.append(("", tuple(c.strip() for c in found.group(1).split("|"))))
        else:
            parts.append((found.group(0)[0], None))  # {{ or }}
        at = found.end()
    if at < len(text):
        parts.append((text[at:], None))
    return single, tuple(parts)


def _first(row: dict, place: tuple[str, ...]) -> Any:
    """The first of a place's columns ('a|b') with a value in the row; None when none has one."""
    for column in place:
        found = lookup(row, column)
        if found not in (None, "", []):
            return found
    return None


def lookup(row: dict, column: str) -> Any:
    """A column's value; 'a.b' reaches into nested JSON objects when no column is called 'a.b'. A JSON
    object, or a null, is no value; a list of plain values is kept as a list."""
    if column in row:
        value = row[column]
        if type(value) is str:
            return value.strip()
    else:
        value = row
        for part in column.split("."):
            if not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
    if isinstance(value, dict):
        return None
    if isinstance(value, list):
        items = [lookup({"v": v}, "v") for v in value]
        return [v for v in items if v not in (None, "")] if all(not isinstance(v, list) for v in items) else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.strip() if isinstance(value, str) else value


@dataclass
class EntityRule:
    field: str
    kind: str
    match: tuple[str, ...] = MATCH
    create: bool = False
    fields: dict[str, Any] = field(default_factory=dict)  # entity field -> Template or list of them
    file: str | None = None
    kinds: dict[str, str] = field(default_factory=dict)  # casefolded name, or value of `by`, -> kind
    name: Template | None = None
    by: Template | None = None  # a column whose values `kinds` also lists (a party 'organization')

    def kind_of(self, term: str, row: dict | None = None) -> str:
        """The kind a new entity of this name gets: by its name in `kinds`, else by the value of `by`."""
        if term.casefold() in self.kinds:
            return self.kinds[term.casefold()]
        if self.by is not None and row is not None:
            value = self.by.render(row)
            if isinstance(value, str) and value.casefold() in self.kinds:
                return self.kinds[value.casefold()]
        return self.kind


@dataclass
class Mapping:
    path: str
    system: str
    external: str
    format: str | None = None
    folder: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # claim field -> Template, list or mapping of them
    formats: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)  # field -> {casefolded: value} ({name: table} for
    entities: dict[str, EntityRule] = field(default_factory=dict)  # attributes and quantities)
    columns: list[str] | None = None  # a file without a header: its columns
    encoding: str = "utf-8"
    split: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)
    empty: frozenset[str] = frozenset()  # cells that mean "no value" ('Unknown', 'N/A'), casefolded

    def cleaned(self, row: dict) -> dict:
        """The row with the cells that `empty` lists made empty."""
        if not self.empty:
            return row
        return {k: "" if isinstance(v, str) and v.strip().casefold() in self.empty else v for k, v in row.items()}

    @property
    def all_columns(self) -> set[str]:
        """Every column a template names (the external id's included)."""
        found = {self.external}
        for value in [*self.fields.values(), *self.defaults.values(),
                      *(v for r in self.entities.values() for v in r.fields.values()),
                      *(t for r in self.entities.values() for t in (r.name, r.by) if t)]:
            for template in _templates(value):
                found.update(template.columns)
        return found

    def translate(self, name: str, value: Any, sub: str | None = None) -> Any:
        """A value as kb writes it, by the field's `values` table (any case); unchanged when not listed."""
        table = self.values.get(name)
        if table and sub is not None:
            table = table.get(sub)
        if not table or not isinstance(value, str):
            return value
        return table.get(value.casefold(), value)


def _templates(value: Any) -> list[Template]:
    if isinstance(value, Template):
        return [value]
    if isinstance(value, list):
        return [t for v in value for t in _templates(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _templates(v)]
    return []


def load_mapping(path: Path, display: str | None = None) -> Mapping:
    """The mapping in path; MappingError naming the place of the first thing wrong with it."""
    label = display or str(path)
    try:
        doc = read_document(read_text(path))
    except FileProblem as error:  # missing, unreadable, not UTF-8, too large
        raise MappingError(f"{label}:{error.line}:{error.column}: {error.message}") from None
    except YamlProblem as error:
        raise MappingError(f"{label}:{error.line}:{error.column}: {error.message}") from None

    def problem(key_path: tuple, message: str) -> MappingError:
        line, column = doc.positions.get(key_path, (1, 1))
        return MappingError(f"{label}:{line}:{column}: {message}")

    data = doc.data
    if not isinstance(data, dict):
        raise problem((), "a mapping file is 'key: value' lines: system, external, fields, ...")
    _known_keys(data, TOP_KEYS, (), problem)
    for key in ("system", "external"):
        if not isinstance(data.get(key), (str, int)) or not str(data.get(key)).strip():
            raise problem((key,) if key in data else (), f"'{key}' is required: " + (
                "the data set's name, e.g. politifact" if key == "system" else
                "the column holding each row's id in the data set"))
    system = str(data["system"])
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", system):
        raise problem(("system",), f"'system: {system}' must be lowercase letters, digits and hyphens")
    fmt = data.get("format")
    if fmt is not None and fmt not in FORMATS:
        raise problem(("format",), f"'format: {fmt}' is not one of {', '.join(FORMATS)}")
    columns = data.get("columns")
    if columns is not None:
        if (not isinstance(columns, list) or not columns
                or not all(isinstance(c, (str, int)) and str(c).strip() for c in columns)):
            raise problem(("columns",), "'columns' is the list of a header-less file's columns, in order: "
                                        "[id, label, statement, ...]")
        columns = [str(c).strip() for c in columns]
        twice = sorted({c for c in columns if columns.count(c) > 1})
        if twice:
            raise problem(("columns",), f"column '{twice[0]}' is named twice; give each column its own name")
        if fmt == "jsonl":
            raise problem(("columns",), "'columns' is for CSV and TSV files without a header; JSON Lines rows "
                                        "name their own keys")
    encoding = data.get("encoding", "utf-8")
    if not isinstance(encoding, str) or not _ascii_compatible(encoding):
        raise problem(("encoding",), f"'encoding: {encoding}' is not an encoding kb can read line by line; use "
                                     "utf-8, latin-1, cp1252 or another that writes a newline as one byte")
    empty = data.get("empty") or []
    if not isinstance(empty, list) or not all(isinstance(e, (str, int)) and not isinstance(e, bool) for e in empty):
        raise problem(("empty",), "'empty' lists the cells that mean no value: [Unknown, N/A, \"-\"]")
    folder = data.get("folder")
    if folder is not None and (not isinstance(folder, str) or not (folder.strip("/") + "/").startswith("claims/")
                               or ".." in folder.split("/")):
        raise problem(("folder",), "'folder' must be a folder inside claims/")
    claim_specs = {s.name: s for s in schema_fields(Claim)}
    fields = _section(data, "fields", problem)
    if not fields:
        raise problem(("fields",) if "fields" in data else (), "'fields' is required: claim field -> template")
    parsed_fields = _claim_templates(fields, "fields", claim_specs, problem)
    defaults = _claim_templates(_section(data, "defaults", problem), "defaults", claim_specs, problem)
    split = _section(data, "split", problem)
    for key, separator in split.items():
        if key not in claim_specs:
            raise problem(("split", key, "<key>"), _unknown(key, claim_specs, "claim field"))
        if claim_specs[key].metadata["kind"] not in LIST_FIELDS:
            raise problem(("split", key, "<key>"), f"'{key}' holds one value; split applies to list fields "
                                                   "(tags, concerns, ...)")
        if not isinstance(separator, str) or not separator:
            raise problem(("split", key), "give the separator as text, e.g. \",\" or \";\"")
    formats = _section(data, "formats", problem)
    for key, value in formats.items():
        if key not in claim_specs or claim_specs[key].metadata["kind"] not in ("date", "period"):
            raise problem(("formats", key, "<key>"), f"'{key}' is not a date field; formats apply to said "
                                                     "and when")
        if not isinstance(value, str) or "%" not in value:
            raise problem(("formats", key), "a format is strptime codes, e.g. \"%m/%d/%Y\"")
    values = {}
    for key, table in _section(data, "values", problem).items():
        if key not in claim_specs:
            raise problem(("values", key, "<key>"), _unknown(key, claim_specs, "claim field"))
        if not isinstance(table, dict):
            raise problem(("values", key), "give a mapping: value in the data set: value in kb")
        if claim_specs[key].metadata["kind"] in MAPPING_KINDS:
            values[key] = {}
            for sub, inner in table.items():
                if not isinstance(inner, dict):
                    each = "attribute" if key == "attributes" else "quantity" if key == "quantities" else "key"
                    raise problem(("values", key, sub), f"values: {key} takes a table per {each}, e.g. {key}: "
                                                        f"{{rating: {{{sub}: {inner}}}}}")
                values[key][str(sub)] = _value_table(inner, ("values", key, sub), problem)
        else:
            values[key] = _value_table(table, ("values", key), problem)
    entities = {}
    for key, rule in _section(data, "entities", problem).items():
        entities[key] = _entity_rule(key, rule, problem)
    return Mapping(str(path), system, str(data["external"]), fmt, folder.strip("/") if folder else None,
                   parsed_fields, dict(formats), values, entities, columns, encoding, dict(split), defaults,
                   frozenset(str(e).strip().casefold() for e in empty))


def _claim_templates(fields: dict, section: str, claim_specs: dict, problem) -> dict:
    parsed = {}
    for key, value in fields.items():
        if key in ("id", "external"):
            raise problem((section, key, "<key>"), f"'{key}' is written by kb import (the id it chooses, the "
                                                   "external id from the column named by 'external'); leave it out")
        if key not in claim_specs:
            raise problem((section, key, "<key>"), _unknown(key, claim_specs, "claim field"))
        kind = claim_specs[key].metadata["kind"]
        if kind in MAPPING_KINDS and not isinstance(value, dict):
            raise problem((section, key), f"'{key}' takes a mapping of templates, e.g. {key}: {{name: \"{{column}}\"}}")
        parsed[key] = _template_value(value, (section, key), problem)
    return parsed


def _value_table(table: dict, key_path: tuple, problem) -> dict[str, Any]:
    """A values table with its keys in any case: {'operation': done}; two keys alike but for case must agree."""
    out: dict[str, Any] = {}
    for raw, value in table.items():
        if isinstance(value, (dict, list)) or value is None:
            raise problem((*key_path, raw), f"'{raw}' must map to one value as kb writes it")
        folded = str(raw).casefold()
        if folded in out and out[folded] != value:
            raise problem((*key_path, raw, "<key>"), f"'{raw}' is listed twice (in another case) with other values")
        out[folded] = value
    return out


def _entity_rule(key: str, rule: Any, problem) -> EntityRule:
    if key not in ENTITY_FIELDS:
        raise problem(("entities", key, "<key>"), _unknown(key, ENTITY_FIELDS, "entity field"))
    if not isinstance(rule, dict):
        raise problem(("entities", key), "give kind, match, create and fields")
    _known_keys(rule, ENTITY_KEYS, ("entities", key), problem)
    kind = rule.get("kind", ENTITY_FIELDS[key][0])
    if kind not in ENTITY_FIELDS[key]:
        raise problem(("entities", key, "kind"), f"'{key}' names a {' or '.join(ENTITY_FIELDS[key])}, not a {kind}")
    kinds = rule.get("kinds") or {}
    if not isinstance(kinds, dict):
        raise problem(("entities", key, "kinds"), "'kinds' maps a name in the data to its kind: {chain-email: source}")
    for name, other in kinds.items():
        if other not in ENTITY_FIELDS[key]:
            raise problem(("entities", key, "kinds", name), f"'{key}' names a {' or '.join(ENTITY_FIELDS[key])}, "
                                                            f"not a {other}")
    match = rule.get("match", list(MATCH))
    if not isinstance(match, list) or not match or any(m not in MATCH for m in match):
        raise problem(("entities", key, "match"), f"'match' is a list of {', '.join(MATCH)}")
    if not isinstance(rule.get("create", False), bool):
        raise problem(("entities", key, "create"), "'create' is true or false")
    every_kind = [kind, *kinds.values()]
    entity_specs = {s.name: s for k in every_kind for s in schema_fields(ENTITY_TYPES[k])}
    entity_fields = {}
    for field_name, value in (rule.get("fields") or {}).items():
        if field_name not in entity_specs or field_name == "id":
            raise problem(("entities", key, "fields", field_name, "<key>"),
                          _unknown(field_name, [n for n in entity_specs if n != "id"], f"{kind} field"))
        entity_fields[field_name] = _template_value(value, ("entities", key, "fields", field_name), problem)
    name = rule.get("name")
    if name is not None and (not isinstance(name, (str, int)) or isinstance(name, bool)):
        raise problem(("entities", key, "name"), "'name' is a template for the added entity's name: \"{column}\"")
    by = rule.get("by")
    if by is not None and (not isinstance(by, str) or not Template(by).columns):
        raise problem(("entities", key, "by"), "'by' names the column whose values 'kinds' lists: \"{party}\"")
    file = rule.get("file")
    if file is not None and (not isinstance(file, str) or not file.startswith("claims/registry/")
                             or ".." in file.split("/") or not file.endswith(".yaml")):
        raise problem(("entities", key, "file"), "'file' must be a .yaml file in claims/registry/")
    return EntityRule(key, kind, tuple(match), rule.get("create", False), entity_fields, file,
                      {str(k).casefold(): v for k, v in kinds.items()},
                      Template(str(name)) if name is not None else None, Template(by) if by else None)


def _ascii_compatible(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
        return "\n\t,\"".encode(encoding) == b"\n\t,\"" and "a".encode(encoding) == b"a"
    except (LookupError, UnicodeError):
        return False


def _known_keys(data: dict, allowed: tuple[str, ...], prefix: tuple, problem) -> None:
    for key in data:
        if key not in allowed:
            raise problem((*prefix, key, "<key>"), _unknown(key, allowed, "key"))


def _unknown(key: Any, allowed, what: str) -> str:
    close = difflib.get_close_matches(str(key), list(allowed), n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(allowed)}"
    return f"unknown {what} '{key}'; {hint}"


def _section(data: dict, key: str, problem) -> dict:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise problem((key,), f"'{key}' must be 'name: value' lines")
    return value


def _template_value(value: Any, key_path: tuple, problem) -> Any:
    if isinstance(value, list):
        return [_template_value(v, (*key_path, i), problem) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {str(k): _template_value(v, (*key_path, k), problem) for k, v in value.items()}
    if isinstance(value, bool) or value is None:
        raise problem(key_path, "give a template (text with {column}) or a fixed value")
    return Template(str(value))


def one_line(name: str) -> bool:
    """Whether a claim field holds one line of text (others, claim, quote and note, may span lines)."""
    return name not in MULTI_LINE
