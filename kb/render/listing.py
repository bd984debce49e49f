"""Every listing command prints a `Listing` (kb.render.view), so each one gets every output format for free."""

from __future__ import annotations

from typing import Callable, TextIO

from ..store.formats import plain_line, write_csv, write_json, write_jsonl, write_yaml
from .view import Listing


def write_plain(listing: Listing, out: TextIO) -> None:
    """Tab-separated, no header, one line per row: stable for cut, sort and awk."""
    for row in listing.rows:
        out.write(plain_line(row, listing.columns) + "\n")


def write_ids(listing: Listing, out: TextIO) -> None:
    for item_id in listing.ids if listing.ids is not None else [d.get("id", "") for d in listing.data]:
        out.write(f"{item_id}\n")


WRITERS: dict[str, Callable[[Listing, TextIO], None]] = {
    "plain": write_plain,
    "csv": lambda listing, out: write_csv(listing.data, listing.key_order, out),
    "yaml": lambda listing, out: write_yaml(listing.data, out),
    "ids": write_ids,
    "json": lambda listing, out: write_json(listing.data, out),
    "jsonl": lambda listing, out: write_jsonl(listing.data, out),
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
