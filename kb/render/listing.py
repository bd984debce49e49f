"""Every listing command prints a `Listing`, so each one gets every output format for free."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence, TextIO

from .text import inert

@dataclass
class Listing:
    """Rows for people (table, plain) and full records as data (json, jsonl, csv, yaml, ids)."""

    columns: Sequence[str]
    rows: Iterable[dict[str, str]]  # a list for tables; plain text may stream them
    data: Iterable[dict[str, Any]]  # json and jsonl stream; csv and yaml need a list
    title: str = ""
    # Styles a table may give a column's cells; names from Rich's style language.
    styles: dict[str, str] = field(default_factory=dict)
    ids: Iterable[str] | None = None
    # Columns a table keeps on one line while they fit (ids; past that they wrap too), and the ones
    # that take the width left over (the claim text). How widths are shared: kb/render/table.py.
    no_wrap: tuple[str, ...] = ("id", "when", "status", "count")
    wide: tuple[str, ...] = ("claim",)
    # Columns a narrow terminal may drop, first to go first; the others never go (README lists them).
    droppable: tuple[str, ...] = ("company", "factory", "speaker", "status")
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


def _cell(value: Any) -> str:
    """A CSV cell: lists and mappings as JSON (as Datasette and spreadsheets read them back), absent as ''."""
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def write_plain(listing: Listing, out: TextIO) -> None:
    """Tab-separated, no header, one line per row: stable for cut, sort and awk."""
    for row in listing.rows:
        out.write("\t".join(inert(row.get(c, ""), one_line=True) or "-" for c in listing.columns) + "\n")


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
    import yaml

    if listing.data:
        out.write(yaml.safe_dump(listing.data, sort_keys=False, allow_unicode=True, width=10**6))
    else:
        out.write("[]\n")


def write_ids(listing: Listing, out: TextIO) -> None:
    for item_id in listing.ids if listing.ids is not None else [d.get("id", "") for d in listing.data]:
        out.write(f"{item_id}\n")


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
    if fmt == "table":
        from .table import print_table

        print_table(listing, out, max_rows=max_rows)
    else:
        WRITERS[fmt](listing, out)
