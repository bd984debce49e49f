"""Rich tables for people at a terminal. Imported only when a table is printed: Rich is slow to load."""

from __future__ import annotations

import os
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .listing import Listing
from .text import inert


def console(out: TextIO) -> Console:
    """A console that never reads markup, emoji codes or highlights in the data it prints."""
    return Console(file=out, markup=False, emoji=False, highlight=False,
                   no_color=bool(os.environ.get("NO_COLOR")) or None)


NARROW_CAP, WIDE_MIN = 16, 24


def fitting_columns(listing: Listing, rows: list[dict[str, str]], width: int) -> list[str]:
    """The columns that fit the terminal, dropping the droppable ones in order until they do."""
    def need(column: str) -> int:
        longest = max([len(column), *(len(r.get(column, "")) for r in rows)])
        if column in listing.wide:
            return WIDE_MIN + 2
        return (longest if column in listing.no_wrap else min(longest, NARROW_CAP)) + 2

    columns = list(listing.columns)
    for column in listing.droppable:
        if sum(need(c) for c in columns) <= width:
            break
        if column in columns:
            columns.remove(column)
    return columns


def _cell(text: str, highlight: tuple[str, ...]) -> Text:
    cell = Text(text)
    if highlight:
        cell.highlight_words(highlight, style="bold yellow", case_sensitive=False)
    return cell


def print_table(listing: Listing, out: TextIO, max_rows: int | None = None) -> None:
    """The listing as a table; past max_rows, a closing line says how many more there are."""
    cons = console(out)
    shown = listing.rows if max_rows is None else listing.rows[:max_rows]
    columns = fitting_columns(listing, shown, cons.width)
    table = Table(title=Text(listing.title) if listing.title else None, box=box.SIMPLE_HEAD,
                  header_style="bold", expand=False, pad_edge=False)
    for column in columns:
        wide = column in listing.wide
        table.add_column(column.capitalize(), style=listing.styles.get(column, ""),
                         overflow="fold", no_wrap=column in listing.no_wrap,
                         min_width=WIDE_MIN if wide else None,
                         max_width=None if wide or column in listing.no_wrap else NARROW_CAP)
    previous = None
    for row in shown:
        cells = {c: row.get(c, "") for c in columns}
        if listing.group_by in cells:
            group = cells[listing.group_by]
            if previous is not None and group != previous:
                table.add_section()
            elif group == previous:
                cells[listing.group_by] = ""
            previous = group
        table.add_row(*(_cell(inert(cells[c]), listing.highlight if c in listing.wide else ()) for c in columns))
    cons.print(table)
    hidden = (listing.total if listing.total is not None else len(listing.rows)) - len(shown)
    if hidden > 0:
        cons.print(Text(f"… {hidden} more rows not shown; {listing.more_hint}.", style="dim"))
    elif not listing.rows:
        cons.print(Text("nothing matches", style="dim"))
