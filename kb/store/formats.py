"""The text formats of rows and records: plain lines, CSV, JSON, JSON lines and YAML.

Data serialisation, used alike by the index (which keeps each claim's lines ready), by exports
and by listings; nothing here knows about terminals (tables are kb.render's).
"""

from __future__ import annotations

import csv
import json
from json.encoder import encode_basestring as _string
from typing import Any, Iterable, Iterator, Sequence, TextIO

from ..model.text import inert, is_inert


def _cell(value: Any) -> str:
    """A CSV cell: lists and mappings as JSON (as Datasette and spreadsheets read them back), absent as ''."""
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def plain_line(row: dict[str, str], columns: Sequence[str]) -> str:
    """One line of plain output: the columns' cells, tab-separated, each on one line ('-' when empty)."""
    cells = [row.get(c, "") for c in columns]
    if all(type(c) is str for c in cells) and is_inert("".join(cells), one_line=True):
        return "\t".join(c or "-" for c in cells)
    return "\t".join(inert(c, one_line=True) or "-" for c in cells)


def csv_cell(text: str) -> str:
    """A cell as `csv.writer` (excel dialect, lines ending in \\n) writes it in a row of several."""
    if "," in text or '"' in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def data_cell(value: Any) -> str:
    """A data value as write_csv writes its cell in a row of several: lists and mappings as JSON, controls
    made visible."""
    return csv_cell(inert(_cell(value)))


def write_csv(data: Iterable[dict[str, Any]], key_order: Sequence[str], out: TextIO) -> None:
    """A header row, then one row per item. The header is key_order (every field of a claim, in
    the schema's order) whatever the items hold, so columns never move with the selection; keys it
    does not name follow, in order of appearance."""
    data = data if isinstance(data, list) else list(data)
    keys, known = list(key_order), set(key_order)
    for item in data:
        if not known.issuperset(item):
            keys.extend(k for k in item if k not in known)
            known.update(item)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(keys)
    for item in data:
        writer.writerow([inert(_cell(item.get(k))) for k in keys])


def write_yaml(data: Iterable[dict[str, Any]], out: TextIO) -> None:
    """A YAML list, written item by item (the same text as yaml.safe_dump of the whole list)."""
    import yaml

    empty = True
    for item in data:
        out.write(yaml.safe_dump([item], sort_keys=False, allow_unicode=True, width=10**6))
        empty = False
    if empty:
        out.write("[]\n")


def pretty_json(values: dict[str, Any]) -> str:
    """json.dumps(values, ensure_ascii=False, indent=2), quicker for records: a mapping of strings, numbers,
    lists and mappings of them (anything deeper goes through json.dumps)."""
    parts = []
    for key, value in values.items():
        kind = type(value)
        if type(key) is not str:
            return json.dumps(values, ensure_ascii=False, indent=2)
        if kind is str:
            parts.append(f"  {_string(key)}: {_string(value)}")
        elif kind is list or kind is tuple:
            text = _pretty_list(value, "  ")
            if text is None:
                return json.dumps(values, ensure_ascii=False, indent=2)
            parts.append(f"  {_string(key)}: {text}")
        elif kind is dict:
            inner = []
            for name, item in value.items():
                if type(name) is not str:
                    return json.dumps(values, ensure_ascii=False, indent=2)
                if type(item) is list or type(item) is tuple:
                    text = _pretty_list(item, "    ")
                    if text is None:
                        return json.dumps(values, ensure_ascii=False, indent=2)
                elif type(item) is dict:
                    return json.dumps(values, ensure_ascii=False, indent=2)
                else:
                    text = _scalar(item)
                inner.append(f"    {_string(name)}: {text}")
            parts.append(f"  {_string(key)}: " + ("{\n" + ",\n".join(inner) + "\n  }" if inner else "{}"))
        else:
            parts.append(f"  {_string(key)}: {_scalar(value)}")
    return "{\n" + ",\n".join(parts) + "\n}" if parts else "{}"


def _pretty_list(items: Sequence[Any], indent: str) -> str | None:
    if not items:
        return "[]"
    if any(type(item) in (list, tuple, dict) for item in items):
        return None
    inner = ",\n" + indent + "  "
    return "[\n" + indent + "  " + inner.join(map(_scalar, items)) + "\n" + indent + "]"


def _scalar(value: Any) -> str:
    return _string(value) if type(value) is str else json.dumps(value)


def as_item(pretty: str) -> str:
    """pretty_json's text as an item of write_json's list: each line two spaces further in."""
    return "  " + pretty.replace("\n", "\n  ")


def item_with(item: str, extra: str) -> str:
    """An item (as_item) with more keys after its last: extra is their text (',\n    "path": "..."')."""
    return item[:-4] + extra + "\n  }" if item.endswith("\n  }") else "  {\n" + extra[2:] + "\n  }"


def json_items(items: Iterable[str]) -> Iterator[str]:
    """The pieces of write_json's output for items already rendered (as_item)."""
    first = True
    for item in items:
        yield ("[\n" if first else ",\n") + item
        first = False
    yield "[]\n" if first else "\n]\n"


def write_json(data: Iterable[dict[str, Any]], out: TextIO) -> None:
    """One JSON array, written item by item (the same text as json.dumps of the whole list)."""
    first = True
    for item in data:
        text = json.dumps(item, ensure_ascii=False, indent=2)
        out.write(("[\n" if first else ",\n") + "\n".join("  " + line for line in text.split("\n")))
        first = False
    out.write("[]\n" if first else "\n]\n")


def write_jsonl(data: Iterable[dict[str, Any]], out: TextIO) -> None:
    """One JSON object per line."""
    out.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in data)
