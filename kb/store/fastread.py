"""A fast reader for claim files in the canonical layout, with libyaml as the judge.

Parsing, not I/O, is what a large knowledge base costs: libyaml's composer takes
about 0.1 ms a file. Files written by `kb fmt` or `kb new` use a tiny subset of
YAML (``key: value`` lines, one-line double quotes, flow lists, one nested
mappings of such values), which this module reads line by line. Anything outside that subset -
a comment after a value, a block list, single quotes, a multi-line value -
returns None, and the caller uses `kb.store.yamlread` instead. For every file it
accepts, it gives exactly what `kb.store.yamlread.read_document` gives (a property
test holds it to that).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

import yaml

from .yamlread import _SCALAR_TAGS, Document, _scalar

_resolver = yaml.resolver.Resolver()
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$")
_NESTED = re.compile(r"  ([A-Za-z_][A-Za-z0-9_]*): (.+)$")
_PLAIN_START = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`]")
_JSON_ESCAPES = re.compile(r'\\(?:["\\bfnrt]|u[0-9a-fA-F]{4})')
_FLOW_ITEM = re.compile(r'"(?:[^"\\]|\\.)*"|[^,\[\]{}"\'#]+')
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\t]")
# First characters some implicit tag may claim (a number, true, null, ...): any other plain scalar is text,
# as the resolver would find after trying none (it has no resolvers for every character, nor paths).
_CLAIMED_FIRST = frozenset(_resolver.yaml_implicit_resolvers) \
    if None not in _resolver.yaml_implicit_resolvers and not _resolver.yaml_path_resolvers else None
_STR = "tag:yaml.org,2002:str"


@lru_cache(maxsize=1 << 16)
def _plain(text: str, in_flow: bool) -> Any:
    """The value of a plain scalar, or raise ValueError when it is not one this reader trusts."""
    if not text or text != text.strip() or not _PLAIN_START.match(text) or ": " in text or " #" in text \
            or text.endswith(":") or _UNSAFE.search(text) or (in_flow and re.search(r"[,\[\]{}]", text)):
        raise ValueError(text)
    if _CLAIMED_FIRST is not None and text[0] not in _CLAIMED_FIRST:
        return text
    tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))
    if tag not in _SCALAR_TAGS:
        raise ValueError(text)
    return text if tag == _STR else _scalar(yaml.ScalarNode(tag, text))


def _quoted(text: str) -> str:
    """A one-line double-quoted scalar whose escapes JSON and YAML read alike."""
    inner = text[1:-1]
    if _UNSAFE.search(inner) or "\\" in _JSON_ESCAPES.sub("", inner):
        raise ValueError(text)
    value = json.loads(text)
    if not isinstance(value, str):
        raise ValueError(text)
    return value


def _value(text: str, in_flow: bool = False) -> Any:
    if text.startswith('"'):
        if len(text) < 2 or not text.endswith('"'):
            raise ValueError(text)
        return _quoted(text)
    return _plain(text, in_flow)


def _flow_list(text: str, line: int, column: int, key: str | tuple, doc: Document) -> list:
    """[a, "b", c] on one line; records the place of each item."""
    inner = text[1:-1]
    if not inner.strip():
        if inner:
            raise ValueError(text)
        return []
    items, position = [], 1
    while True:
        match = _FLOW_ITEM.match(inner, position - 1)
        if not match:
            raise ValueError(text)
        raw = match.group()
        if raw != raw.strip():
            raise ValueError(text)
        doc.positions[(*key, len(items)) if isinstance(key, tuple) else (key, len(items))] = (line, column + position)
        items.append(_value(raw, in_flow=True))
        position = match.end() + 1
        if position - 1 == len(inner):
            return items
        if inner[position - 1:position + 1] != ", ":
            raise ValueError(text)
        position += 2


def read_canonical(text: str) -> Document | None:
    """The document, when text is in the canonical subset; None to let libyaml read it."""
    if not text or not text.endswith("\n") or "\r" in text:
        return None
    doc = Document(data={}, line=1, column=1)
    data: dict[str, Any] = doc.data
    nested_key: str | None = None
    try:
        for number, line in enumerate(text[:-1].split("\n"), start=1):
            if line.startswith("  ") and nested_key is not None:
                match = _NESTED.match(line)
                if not match or match.group(1) in data[nested_key]:
                    return None
                name, raw = match.groups()
                doc.positions[(nested_key, name, "<key>")] = (number, 3)
                doc.positions[(nested_key, name)] = (number, len(name) + 5)
                if raw.startswith("[") and raw.endswith("]"):
                    data[nested_key][name] = _flow_list(raw, number, len(name) + 5, (nested_key, name), doc)
                else:
                    data[nested_key][name] = _value(raw)
                continue
            if nested_key is not None and not data[nested_key]:
                return None
            nested_key = None
            match = _KEY.match(line)
            if not match or match.group(1) in data:
                return None
            key, raw = match.groups()
            doc.positions[(key, "<key>")] = (number, 1)
            column = len(key) + 3
            if raw is None:
                nested_key = key
                data[key] = {}
                doc.positions[(key,)] = (number + 1, 3)
                continue
            doc.positions[(key,)] = (number, column)
            if raw.startswith("[") and raw.endswith("]"):
                data[key] = _flow_list(raw, number, column, key, doc)
            else:
                data[key] = _value(raw)
    except (ValueError, json.JSONDecodeError):
        return None
    if nested_key is not None and not data[nested_key] or not data:
        return None
    doc.positions[()] = (1, 1)
    return doc
