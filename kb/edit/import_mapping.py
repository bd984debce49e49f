"""The mapping file of `kb import`: which column feeds which field, how names become entities.

```yaml
system: politifact            # the data set's name for its own ids (external ids are unique per system)
external: id                  # the column holding each row's id in the data set
format: csv                   # csv, tsv or jsonl (default: from the data file's name)
folder: claims/politifact     # where new claims go (default: claims/<system>)
fields:                       # claim field: a template; {column} is the row's value, text is fixed
  claim: "{statement}"
  quote: "{statement}"
  speaker: "{speaker}"
  said: "{date}"
  status: statement           # no braces: the same for every row
  source: politifact
  tags: ["{rating}"]          # a list field takes a list of templates
formats:                      # how a column writes dates, for date fields (Python strptime codes)
  said: "%m/%d/%Y"
values:                       # a field's values as the data set writes them -> as kb writes them
  status: {operating: done, "under construction": underway}
entities:                     # how names in entity fields are matched, and whether new ones are added
  speaker:
    kind: person              # the kind added when no entity matches
    match: [id, name, alias]  # what a name is compared with (default: all three, in any case)
    create: true              # add unknown names to the registry (default: the row is reported)
    fields: {role: "{speaker_job}"}   # the added entity's other fields, as templates
```

A template whose column is empty in a row leaves the field out: unknown stays unknown.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.schema import ENTITY_TYPES, Claim, schema_fields
from ..store.files import FileProblem, read_text
from ..store.yamlread import YamlProblem, read_document

TEMPLATE = re.compile(r"\{\{|\}\}|\{([^{}]+)\}")
FORMATS = ("csv", "tsv", "jsonl")
MATCH = ("id", "name", "alias")
TOP_KEYS = ("system", "external", "format", "folder", "fields", "formats", "values", "entities")
ENTITY_KEYS = ("kind", "match", "create", "fields", "file")
# The claim fields that name entities, in the order they are resolved (the source before a speaker that
# may be the same register; an owner before its factory), and the kinds a name in each may match.
ENTITY_FIELDS = {"source": ("source",), "company": ("company",), "concerns": ("company",),
                 "speaker": ("person", "company", "source"), "factory": ("factory",)}


class MappingError(Exception):
    """The mapping file is wrong: the message names file, line and column and what to do."""


@dataclass(frozen=True)
class Template:
    """Text with {column} places; plain text is a fixed value."""

    text: str

    @property
    def columns(self) -> list[str]:
        return [m.group(1).strip() for m in TEMPLATE.finditer(self.text) if m.group(1)]

    def render(self, row: dict) -> str | None:
        """The text with each column's value, or None when a column it names is empty in this row."""
        missing = False

        def value(match: re.Match) -> str:
            nonlocal missing
            if match.group(0) in ("{{", "}}"):
                return match.group(0)[0]
            found = lookup(row, match.group(1).strip())
            if found in (None, ""):
                missing = True
                return ""
            return str(found)

        text = TEMPLATE.sub(value, self.text)
        return None if missing else " ".join(text.split()) if "\n" not in self.text else text.strip()


def lookup(row: dict, column: str) -> Any:
    """A column's value; 'a.b' reaches into nested JSON objects when no column is called 'a.b'."""
    if column in row:
        value = row[column]
    else:
        value = row
        for part in column.split("."):
            if not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
    if isinstance(value, (dict, list)):
        return None
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


@dataclass
class Mapping:
    path: str
    system: str
    external: str
    format: str | None = None
    folder: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # claim field -> Template, list or mapping of them
    formats: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    entities: dict[str, EntityRule] = field(default_factory=dict)

    @property
    def columns(self) -> set[str]:
        """Every column a template names (the external id's included)."""
        found = {self.external}
        for value in [*self.fields.values(), *(v for r in self.entities.values() for v in r.fields.values())]:
            for template in _templates(value):
                found.update(template.columns)
        return found


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
    name = display or str(path)
    try:
        doc = read_document(read_text(path))
    except FileProblem as error:  # missing, unreadable, not UTF-8, too large
        raise MappingError(f"{name}:{error.line}:{error.column}: {error.message}") from None
    except YamlProblem as error:
        raise MappingError(f"{name}:{error.line}:{error.column}: {error.message}") from None

    def problem(key_path: tuple, message: str) -> MappingError:
        line, column = doc.positions.get(key_path, (1, 1))
        return MappingError(f"{name}:{line}:{column}: {message}")

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
    folder = data.get("folder")
    if folder is not None and (not isinstance(folder, str) or not (folder.strip("/") + "/").startswith("claims/")
                               or ".." in folder.split("/")):
        raise problem(("folder",), "'folder' must be a folder inside claims/")
    claim_specs = {s.name: s for s in schema_fields(Claim)}
    fields = _section(data, "fields", problem)
    if not fields:
        raise problem(("fields",) if "fields" in data else (), "'fields' is required: claim field -> template")
    parsed_fields = {}
    for key, value in fields.items():
        if key in ("id", "external"):
            raise problem(("fields", key, "<key>"), f"'{key}' is written by kb import (the id it chooses, the "
                                                    "external id from the column named by 'external'); leave it out")
        if key not in claim_specs:
            raise problem(("fields", key, "<key>"), _unknown(key, claim_specs, "claim field"))
        parsed_fields[key] = _template_value(value, ("fields", key), problem)
    formats = _section(data, "formats", problem)
    for key, value in formats.items():
        if key not in claim_specs or claim_specs[key].metadata["kind"] not in ("date", "period"):
            raise problem(("formats", key, "<key>"), f"'{key}' is not a date field; formats apply to said "
                                                     "and when")
        if not isinstance(value, str) or "%" not in value:
            raise problem(("formats", key), "a format is strptime codes, e.g. \"%m/%d/%Y\"")
    values = _section(data, "values", problem)
    for key, table in values.items():
        if key not in claim_specs:
            raise problem(("values", key, "<key>"), _unknown(key, claim_specs, "claim field"))
        if not isinstance(table, dict):
            raise problem(("values", key), "give a mapping: value in the data set: value in kb")
    entities = {}
    for key, rule in _section(data, "entities", problem).items():
        if key not in ENTITY_FIELDS:
            raise problem(("entities", key, "<key>"), _unknown(key, ENTITY_FIELDS, "entity field"))
        if not isinstance(rule, dict):
            raise problem(("entities", key), "give kind, match, create and fields")
        _known_keys(rule, ENTITY_KEYS, ("entities", key), problem)
        kind = rule.get("kind", ENTITY_FIELDS[key][0])
        if kind not in ENTITY_FIELDS[key]:
            raise problem(("entities", key, "kind"), f"'{key}' names a {' or '.join(ENTITY_FIELDS[key])}, "
                                                     f"not a {kind}")
        match = rule.get("match", list(MATCH))
        if not isinstance(match, list) or not match or any(m not in MATCH for m in match):
            raise problem(("entities", key, "match"), f"'match' is a list of {', '.join(MATCH)}")
        if not isinstance(rule.get("create", False), bool):
            raise problem(("entities", key, "create"), "'create' is true or false")
        entity_specs = {s.name: s for s in schema_fields(ENTITY_TYPES[kind])}
        entity_fields = {}
        for name, value in (rule.get("fields") or {}).items():
            if name not in entity_specs or name == "id":
                raise problem(("entities", key, "fields", name, "<key>"), _unknown(name, entity_specs, f"{kind} field"))
            entity_fields[name] = _template_value(value, ("entities", key, "fields", name), problem)
        file = rule.get("file")
        if file is not None and (not isinstance(file, str) or not file.startswith("claims/registry/")
                                 or ".." in file.split("/") or not file.endswith(".yaml")):
            raise problem(("entities", key, "file"), "'file' must be a .yaml file in claims/registry/")
        entities[key] = EntityRule(key, kind, tuple(match), rule.get("create", False), entity_fields, file)
    return Mapping(str(path), system, str(data["external"]), fmt, folder.strip("/") if folder else None,
                   parsed_fields, dict(formats), {k: {str(a): b for a, b in t.items()} for k, t in values.items()},
                   entities)


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
