"""Rich tables for people at a terminal. Imported only when a table is printed: Rich is slow to load.

Rich only wraps and folds; the widths are decided here (`column_widths`), so that no word is
ever cut, and only a word longer than its column can be is folded. At any width:

1. Columns go, in `Listing.droppable` order, until the rest fit at their floor: ids and other
   `no_wrap` columns whole; text columns as wide as their longest word; the `wide` column (the
   claim text) `WIDE_MIN` wide, or its longest word. A word over `LONG_WORD` cells (a URL) folds
   rather than push columns out. Columns not in `droppable`, and the wide ones, never go.
2. The width left over goes to text columns up to `NARROW_CAP` (or their longest word), then to
   the wide columns (shared evenly) up to their full text, then to text columns up to theirs.
3. When even the floors do not fit, the widest column gives way first, a cell at a time (ids
   wrap too, after a hyphen where they have one), none below `FOLD_MIN` or its header's longest
   word.

A column with nothing in any row shown (no claim has a factory) is left out first, whatever the
width: an empty column is only a header taking room from the claim text.
"""

from __future__ import annotations

import os
import re
from typing import Iterable, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model.text import inert
from .view import Listing


def console(out: TextIO, width: int | None = None) -> Console:
    """A console that never reads markup, emoji codes or highlights in the data it prints."""
    return Console(file=out, markup=False, emoji=False, highlight=False, width=width,
                   no_color=bool(os.environ.get("NO_COLOR")) or None)


GAP = 2  # between two columns: the right padding of one and the blank divider of SIMPLE_HEAD
NARROW_CAP, WIDE_MIN, LONG_WORD, FOLD_MIN = 16, 24, 40, 8


def header(column: str) -> str:
    return column.capitalize()


def cell_text(row: dict[str, str], column: str) -> str:
    return inert(row.get(column, ""))


def measure(texts: Iterable[str]) -> tuple[int, int]:
    """The widest line and the widest word of texts, in terminal cells (wide characters count two)."""
    full = word = 0
    for text in texts:
        for line in text.expandtabs(8).split("\n"):
            full = max(full, cell_len(line))
            word = max([word, *(cell_len(w) for w in line.split())])
    return full, word


def column_widths(listing: Listing, rows: list[dict[str, str]], width: int) -> dict[str, int]:
    """The columns a table of rows shows at this terminal width, in order, with each one's width
    (without padding). See the module's docstring for the order in which columns give way."""
    sizes = {c: measure([header(c), *(cell_text(r, c) for r in rows)]) for c in listing.columns}
    titles = {c: measure([header(c)])[1] for c in listing.columns}

    def floor(column: str) -> int:
        full, word = sizes[column]
        if column in listing.no_wrap:
            return full
        word = max(min(word, LONG_WORD), titles[column])
        return min(full, max(word, WIDE_MIN)) if column in listing.wide else word

    def total(widths: dict[str, int]) -> int:
        return sum(widths.values()) + GAP * (len(widths) - 1)

    columns = [c for i, c in enumerate(listing.columns)
               if i == 0 or c in listing.wide or any(cell_text(r, c).strip() for r in rows)]
    for column in listing.droppable:
        if total({c: floor(c) for c in columns}) <= width:
            break
        if column in columns and column not in listing.wide:
            columns.remove(column)
    widths = {c: floor(c) for c in columns}
    spare = width - total(widths)
    if spare >= 0:
        text_columns = [c for c in columns if c not in listing.no_wrap and c not in listing.wide]
        spare = _grow(widths, text_columns, lambda c: min(sizes[c][0], max(sizes[c][1], NARROW_CAP)), spare)
        spare = _grow(widths, [c for c in columns if c in listing.wide], lambda c: sizes[c][0], spare)
        _grow(widths, text_columns, lambda c: sizes[c][0], spare)
    else:
        spare = _shrink(widths, lambda c: min(sizes[c][0], max(titles[c], FOLD_MIN)), spare)
        _shrink(widths, lambda c: 1, spare)
    return widths


def _grow(widths: dict[str, int], columns: list[str], target, spare: int) -> int:
    """Share spare cells among columns, evenly, none past its target; returns what is left."""
    while spare > 0:
        hungry = [c for c in columns if widths[c] < target(c)]
        if not hungry:
            break
        share = max(1, spare // len(hungry))
        for column in hungry:
            step = min(share, target(column) - widths[column], spare)
            widths[column] += step
            spare -= step
    return spare


def _shrink(widths: dict[str, int], least, spare: int) -> int:
    """Take -spare cells from the widest columns first, none below least(column); returns the new spare."""
    while spare < 0:
        candidates = [c for c in widths if widths[c] > least(c)]
        if not candidates:
            break
        widest = max(candidates, key=lambda c: widths[c])
        widths[widest] -= 1
        spare += 1
    return spare


def at_hyphens(text: str, width: int) -> str:
    """An id too long for its column, broken into lines after hyphens (a part still too long is left to
    Rich to fold): `kim-north-america-` / `investment` rather than `kim-north-america-inve` / `stment`."""
    lines = []
    for line in text.split("\n"):
        current = ""
        for part in re.split(r"(?<=-)(?=.)", line):
            if current and cell_len(current + part) > width:
                lines.append(current)
                current = part
            else:
                current += part
        lines.append(current)
    return "\n".join(lines)


def _cell(text: str, highlight: tuple[str, ...], style: str = "") -> Text:
    cell = Text(text, style=style)
    if highlight:
        cell.highlight_words(highlight, style="bold yellow", case_sensitive=False)
    return cell


def print_table(listing: Listing, out: TextIO, max_rows: int | None = None, width: int | None = None) -> None:
    """The listing as a table; past max_rows, a closing line says how many more there are."""
    cons = console(out, width)
    shown = listing.rows if max_rows is None else listing.rows[:max_rows]
    widths = column_widths(listing, shown, cons.width)
    if listing.title:
        cons.print(Text(inert(listing.title), style="bold"), overflow="fold")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0),
                  header_style="bold", expand=False)
    for column, column_width in widths.items():
        table.add_column(Text(header(column)), style=listing.styles.get(column, ""), width=column_width,
                         no_wrap=False, overflow="fold")
    previous = None
    for row in shown:
        cells = {c: cell_text(row, c) for c in widths}
        for column in listing.no_wrap:
            if column in cells and cell_len(cells[column]) > widths[column]:
                cells[column] = at_hyphens(cells[column], widths[column])
        if listing.group_by in cells:
            group = cells[listing.group_by]
            if previous is not None and group != previous:
                table.add_section()
            elif group == previous:
                cells[listing.group_by] = ""
            previous = group
        table.add_row(*(_cell(cells[c], listing.highlight if c in listing.wide else (),
                              listing.value_styles.get(c, {}).get(cells[c], "")) for c in widths))
    cons.print(table)
    hidden = (listing.total if listing.total is not None else len(listing.rows)) - len(shown)
    if hidden > 0:
        cons.print(Text(f"… {hidden} more rows not shown; {listing.more_hint}.", style="dim"))
    elif not listing.rows:
        cons.print(Text("nothing matches", style="dim"))
