"""Write records in the one canonical layout: one fact per line, schema key order.

Plain scalars where YAML would read them back as the same text, double quotes
otherwise; lists in flow style on one line; nothing clever. `kb fmt`, `kb new`
and the yaml output format all go through here, so every file looks alike and
`git grep 'factory: lges-ochang'` finds what it should.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterable

import yaml

from ..model.schema import Claim, schema_fields

_resolver = yaml.resolver.Resolver()
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*$")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")
_BARE_TIME = re.compile(r"^(FY)?\d{4}(-[0-9A-Za-z]+)*(\.\.((FY)?\d{4}(-[0-9A-Za-z]+)*)?)?$|^\.\.(FY)?\d{4}(-[0-9A-Za-z]+)*$")
# Characters YAML does not allow raw in a stream, or treats as line breaks.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _resolves_to_str(text: str) -> bool:
    return _resolver.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def _reads_back_as_text(text: str) -> bool:
    """True for a period or date that kb reads back as the same text when written bare (YAML may
    call 2026 a number and 2026-03-15 a timestamp; kb keeps both as written)."""
    tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))
    return bool(_BARE_TIME.match(text)) and tag.rsplit(":", 1)[-1] in ("str", "int", "timestamp")


def scalar(value: Any, in_flow: bool = False) -> str:
    """One value as YAML text that reads back as exactly the same value."""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    plain = (
        text
        and _PLAIN.match(text)
        and text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not _UNPRINTABLE.search(text)
        and "\t" not in text
        and not (in_flow and _FLOW_UNSAFE.search(text))
        and _resolves_to_str(text)
    )
    if plain:
        return text
    return double_quoted(text)


def double_quoted(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def flow_list(items: Iterable[Any]) -> str:
    return "[" + ", ".join(scalar(item, in_flow=True) for item in items) + "]"


def flow_mapping(item: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v, in_flow=True)}" for k, v in item.items()) + "}"


def keyed_lines(values: dict[str, Any], record_type: type, indent: str = "") -> list[tuple[tuple, str]]:
    """(key path, line) of one record, keys in schema order, absent and empty values left out.

    The key path lets `kb fmt` put each comment back beside the key it was written for.
    """
    lines: list[tuple[tuple, str]] = []
    for spec in schema_fields(record_type):
        lines.extend(field_lines(spec, values.get(spec.name), indent))
    return lines


def field_lines(spec: Any, value: Any, indent: str = "") -> list[tuple[tuple, str]]:
    """(key path, line) of one field of a record (none when it is absent or empty)."""
    if value is None or value == () or value == [] or value == {}:
        return []
    key = f"{indent}{spec.name}:"
    if isinstance(value, dict):
        return [((spec.name,), key)] + [
            ((spec.name, k), f"{indent}  {k}: {flow_list(v) if isinstance(v, (list, tuple)) else scalar(v)}")
            for k, v in value.items()]
    if isinstance(value, (list, tuple)) and any(isinstance(item, dict) for item in value):
        return [((spec.name,), key)] + [((spec.name, i), f"{indent}  - {flow_mapping(item)}")  # roles
                                        for i, item in enumerate(value)]
    if isinstance(value, (list, tuple)):
        return [((spec.name,), f"{key} {flow_list(value)}")]
    if spec.metadata["kind"] in ("period", "date") and _reads_back_as_text(str(value)):
        return [((spec.name,), f"{key} {value}")]  # kb reads 2026 and 2026-03-15 back as text
    return [((spec.name,), f"{key} {scalar(value)}")]


def record_lines(values: dict[str, Any], record_type: type, indent: str = "") -> list[str]:
    return [line for _, line in keyed_lines(values, record_type, indent)]


def record_values(record: Any) -> dict[str, Any]:
    """The file-format fields of a loaded record, as plain data."""
    return {spec.name: getattr(record, spec.name) for spec in schema_fields(type(record))}


def dump_claim(values: dict[str, Any], record_type: type) -> str:
    return "\n".join(record_lines(values, record_type)) + "\n"


def dump_registry(entries: list[dict[str, Any]], record_type: type) -> str:
    """A registry file: a list of entries, a blank line between them."""
    blocks = []
    for entry in entries:
        lines = record_lines(entry, record_type, indent="  ")
        blocks.append("\n".join(["- " + lines[0][2:], *lines[1:]]))
    return "\n\n".join(blocks) + "\n"


_ORDER = {spec.name: i for i, spec in enumerate(schema_fields(Claim))}
_GROUPS: dict[tuple[str, ...], bool] = {}  # a key's lines -> whether they are its canonical lines


def known_canonical(data: Any, text: str) -> bool:
    """True when a claim file's text (which read as data and validated) is exactly its canonical
    layout, so that `canonical_text` would give it back unchanged; False when unsure.

    The text must be the canonical lines of each key, keys in schema order, nothing else: then it
    holds no comments, and it reads back as data. A key's lines decide its value, so whether they
    are canonical is remembered by the lines themselves (ids, statuses and tags repeat a lot).
    A test holds this to `canonical_text` on many files.
    """
    if not isinstance(data, dict) or not text.endswith("\n"):
        return False
    lines = text[:-1].split("\n")
    position, last = 0, -1
    for key, value in data.items():
        order = _ORDER.get(key)
        if order is None or order <= last:
            return False
        last = order
        size = 1 + (len(value) if isinstance(value, dict) else 0)
        group = tuple(lines[position:position + size])
        position += size
        known = _GROUPS.get(group)
        if known is None:
            known = tuple(line for _, line in keyed_lines({key: value}, Claim)) == group
            if len(_GROUPS) > 50000:
                _GROUPS.clear()
            _GROUPS[group] = known
        if not known:
            return False
    return position == len(lines)
