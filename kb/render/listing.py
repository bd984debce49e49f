"""Every listing command prints a `Listing`, so each one gets every output format for free."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _string
from typing import Any, Callable, Iterable, Iterator, Sequence, TextIO

from .text import inert, is_inert


@dataclass
class Listing:
    """Rows for people (table, plain) and full records as data (json, jsonl, csv, yaml, ids)."""

    columns: Sequence[str]
    rows: Iterable[dict[str, str]]  # a list for tables; plain text may stream them
    data: Iterable[dict[str, Any]]  # json and jsonl stream; csv and yaml need a list
    title: str = ""
    # Styles a table may give a column's cells; names from Rich's style language.
    styles: dict[str, str] = field(default_factory=dict)
    # Styles a table gives single values of a column: {"state": {"overdue": "red"}}.
    value_styles: dict[str, dict[str, str]] = field(default_factory=dict)
    ids: Iterable[str] | None = None
    # Columns a table keeps on one line while they fit (ids; past that they wrap too), and the ones
    # that take the width left over (the claim text). How widths are shared: kb/render/table.py.
    no_wrap: tuple[str, ...] = ("id", "when", "status", "count")
    wide: tuple[str, ...] = ("claim",)
    # Columns a narrow terminal may drop, first to go first; the others never go (README lists them).
    droppable: tuple[str, ...] = ("company", "factory", "speaker", "status", "state")
    # A column whose repeated values a table shows once, starting a section at each change.
    group_by: str | None = None
    # Words a table highlights in the wide column (search results).
    highlight: tuple[str, ...] = ()
    # How many rows the answer has, when only the first ones were fetched.
    total: int | None = None
    # The CSV header: every key the data may hold, in order; keys not named here follow as they appear.
    key_order: Sequence[str] = ()
    # What the line under a cut table suggests for seeing every row.
    more_hint: str = "pipe the output or use --format plain to see every row"
    # The whole output in a format, already rendered (from the index's rows), or None for formats it
    # does not have: large answers stream straight from SQLite without building records.
    rendered: Callable[[str], Iterable[str] | None] | None = None


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


def write_plain(listing: Listing, out: TextIO) -> None:
    """Tab-separated, no header, one line per row: stable for cut, sort and awk."""
    for row in listing.rows:
        out.write(plain_line(row, listing.columns) + "\n")


def csv_cell(text: str) -> str:
    """A cell as `csv.writer` (excel dialect, lines ending in \\n) writes it in a row of several."""
    if "," in text or '"' in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def data_cell(value: Any) -> str:
    """A data value as write_csv writes its cell in a row of several: lists and mappings as JSON, controls
    made visible."""
    return csv_cell(inert(_cell(value)))


def write_csv(listing: Listing, out: TextIO) -> None:
    """A header row, then one row per item. The header is listing.key_order (every field of a claim, in
    the schema's order) whatever the items hold, so columns never move with the selection; keys it
    does not name follow, in order of appearance."""
    data = listing.data if isinstance(listing.data, list) else list(listing.data)
    keys, known = list(listing.key_order), set(listing.key_order)
    for item in data:
        if not known.issuperset(item):
            keys.extend(k for k in item if k not in known)
            known.update(item)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(keys)
    for item in data:
        writer.writerow([inert(_cell(item.get(k))) for k in keys])


def write_yaml(listing: Listing, out: TextIO) -> None:
    """A YAML list, written item by item (the same text as yaml.safe_dump of the whole list)."""
    import yaml

    empty = True
    for item in listing.data:
        out.write(yaml.safe_dump([item], sort_keys=False, allow_unicode=True, width=10**6))
        empty = False
    if empty:
        out.write("[]\n")


def write_ids(listing: Listing, out: TextIO) -> None:
    for item_id in listing.ids if listing.ids is not None else [d.get("id", "") for d in listing.data]:
        out.write(f"{item_id}\n")


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


def write_json(listing: Listing, out: TextIO) -> None:
    """One JSON array, written item by item (the same text as json.dumps of the whole list)."""
    first = True
    for item in listing.data:
        text = json.dumps(item, ensure_ascii=False, indent=2)
        out.write(("[\n" if first else ",\n") + "\n".join("  " + line for line in text.split("\n")))
        first = False
    out.write("[]\n" if first else "\n]\n")


WRITERS: dict[str, Callable[[Listing, TextIO], None]] = {
    "plain": write_plain,
    "csv": write_csv,
    "yaml": write_yaml,
    "ids": write_ids,
    "json": lambda listing, out: write_json(listing, out),
    "jsonl": lambda listing, out: out.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in listing.data),
}


def write(listing: Listing, fmt: str, out: TextIO, max_rows: int | None = None) -> None:
    """Print a listing as a table (through Rich) or in one of WRITERS (plain text)."""
    pieces = listing.rendered(fmt) if listing.rendered is not None and fmt != "table" else None
    if pieces is not None:
        out.writelines(pieces)
    elif fmt == "table":
        from .table import print_table

        print_table(listing, out, max_rows=max_rows)
    else:
        WRITERS[fmt](listing, out)
