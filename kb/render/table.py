"""Tables for people at a terminal. Imported only when a table is printed: Rich is slow to load.

kb lays tables out itself (`layout`, `wrap`) and uses Rich only for colour, so that the rules
below hold at every width; docs/terminal.md shows `kb list`, `due`, `track`, `record`, `show` and
`stats` at 80, 120 and 150 columns.

Cells wrap at spaces. A word wider than its column is broken after a hyphen or a slash where it
has one (a URL, a path); an id only after a hyphen; only a piece with neither is folded, and never
so that a piece is punctuation alone (`investmen` / `t.`, not `investment` / `.`).

Widths, at any terminal width W:

1. A column empty in every row shown (no claim has a factory) is left out: it is only a header.
2. Each column has a floor: short `no_wrap` columns (dates, statuses, counts) their whole text;
   id and path columns `ID_MIN` (or their longest unbreakable piece); text columns their longest
   word (at most `LONG_WORD`); the `wide` column (the claim text) `WIDE_MIN`.
3. The claim text gets the room first: columns go, in `Listing.droppable` order, until the rest fit
   at their floors with the claim at least `comfortable(W)` wide (`WIDE_SHARE` of the terminal)
   and the ids whole up to `id_cap(W)`. Whatever went is named in a line under the table
   ("hidden at this width: speaker, company — widen or use --format plain").
4. Where that hides a column, or even then the claim would be squeezed, and the listing allows it
   (`Listing.stack`, `kb track`), the claim text (and the id) go under each row instead, indented,
   the whole width; the other columns share the width again.
5. The width left over goes to the claim text up to `comfortable(W)`, to ids up to `id_cap(W)`, to
   text columns up to `NARROW_CAP`, then to the claim text, text columns and ids up to their whole
   text. While a column is hidden, the claim text grows no wider than it is at the width where that
   column comes back, so that a wider terminal never narrows it.
6. When even the floors do not fit, the widest column other than the claim text gives way first, a
   cell at a time, then the claim text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..model.text import inert
from .view import Listing
from .words import pieces, split_word


def console(out: TextIO, width: int | None = None) -> Console:
    """A console that never reads markup, emoji codes or highlights in the data it prints; colour as
    `--color` chose (kb.render.terminal), else as the terminal, NO_COLOR and FORCE_COLOR say."""
    from .terminal import rich_options

    return Console(file=out, markup=False, emoji=False, highlight=False, width=width, **rich_options(out))


GAP = 2  # blank cells between two columns
NARROW_CAP, WIDE_MIN, LONG_WORD, FOLD_MIN = 16, 24, 40, 8
ID_MIN, ID_MAX = 20, 40  # an id column's floor, and the most it takes before the claim text grows
WIDE_COMFORT, WIDE_SHARE = 34, 0.3  # the claim text's room: this many cells, or this share of the terminal
STACK_INDENT = 4  # a claim printed under its row starts this far in
HIDDEN = "hidden at this width: {} — widen or use --format plain"


def comfortable(width: int) -> int:
    """How wide the claim text is before optional columns are shown beside it."""
    return max(WIDE_COMFORT, int(width * WIDE_SHARE))


def id_cap(width: int) -> int:
    """How wide an id column grows before the claim text takes the rest: a third of the terminal,
    at least ID_MIN and at most ID_MAX; past it an id breaks after a hyphen."""
    return max(ID_MIN, min(ID_MAX, width // 3))


def header(column: str) -> str:
    return column.capitalize()


def cell_text(row: dict[str, str], column: str) -> str:
    return inert(row.get(column, ""))


def _lines(text: str) -> list[str]:
    return text.expandtabs(8).split("\n")


def wrap(text: str, width: int, kind: str = "text") -> list[str]:
    """text as lines of at most width cells: at spaces, a word too wide broken by split_word."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in _lines(text):
        current = ""
        for word in paragraph.split():
            joined = f"{current} {word}" if current else word
            if cell_len(joined) <= width:
                current = joined
                continue
            if current:
                lines.append(current)
            if cell_len(word) <= width:
                current = word
            else:
                broken = split_word(word, width, kind)
                lines.extend(broken[:-1])
                current = broken[-1]
        lines.append(current)
    return lines


@dataclass
class _Size:
    full: int = 0  # the widest line
    word: int = 0  # the widest word
    piece: int = 0  # the widest part of a word that may not break (id and path columns)


def _measure(texts: Iterable[str], kind: str) -> _Size:
    size = _Size()
    for text in texts:
        for line in _lines(text):
            size.full = max(size.full, cell_len(line))
            for word in line.split():
                size.word = max(size.word, cell_len(word))
                size.piece = max([size.piece, *(cell_len(p) for p in pieces(word, kind))])
    return size


def kind_of(listing: Listing, column: str) -> str:
    return "id" if column in listing.id_columns else "path" if column in listing.path_columns else "text"


@dataclass
class Layout:
    """How a table is printed at a width: the columns beside each other with their widths, the wide
    columns printed under each row instead (stacked), and the columns hidden for want of room."""

    widths: dict[str, int]
    stacked: tuple[str, ...] = ()
    hidden: list[str] = field(default_factory=list)
    width: int = 80


def layout(listing: Listing, rows: list[dict[str, str]], width: int) -> Layout:
    """The layout of a table of rows at this terminal width (see the module's docstring)."""
    grid = [c for c in listing.columns if c not in listing.heading]
    kinds = {c: kind_of(listing, c) for c in grid}
    sizes = {c: _measure([header(c), *(cell_text(r, c) for r in rows)], kinds[c]) for c in grid}
    titles = {c: _measure([header(c)], "text").word for c in grid}
    first = grid[0] if grid else None
    columns = [c for c in grid if c == first or c in listing.wide or any(cell_text(r, c).strip() for r in rows)]

    def floor(column: str) -> int:
        size = sizes[column]
        if column in listing.wide:  # a longer word breaks (after a hyphen or a slash where it has one)
            return min(size.full, max(WIDE_MIN, titles[column]))
        if kinds[column] != "text":
            return min(size.full, max(ID_MIN, size.piece, titles[column]))
        if column in listing.no_wrap:
            return size.full
        return max(min(size.word, LONG_WORD), titles[column])

    def share(at: int, wide: list[str]) -> int:
        return max(WIDE_MIN, comfortable(at) // max(1, len(wide)))

    def wanted(chosen: list[str], at: int, roomy: bool = False) -> int:
        """The floors, the claim text at its comfortable width and the ids whole up to the cap (roomy:
        text columns too, up to NARROW_CAP)."""
        wide = [c for c in chosen if c in listing.wide]
        room = sum(floor(c) for c in chosen) + GAP * (len(chosen) - 1)
        room += sum(max(0, min(sizes[c].full, share(at, wide)) - floor(c)) for c in wide)
        room += sum(max(0, min(sizes[c].full, id_cap(at)) - floor(c)) for c in chosen
                    if kinds[c] != "text" and c not in listing.wide)
        if roomy:
            room += sum(max(0, min(sizes[c].full, max(sizes[c].word, NARROW_CAP)) - floor(c)) for c in chosen
                        if kinds[c] == "text" and c not in listing.no_wrap and c not in listing.wide)
        return room

    def fit(chosen: list[str], at: int) -> list[str]:
        kept = list(chosen)
        for column in listing.droppable:
            if wanted(kept, at) <= at:
                break
            if column in kept and column not in listing.wide and column != first:
                kept.remove(column)
        return kept

    def arrange(width: int) -> Layout:
        kept = fit(columns, width)
        stacked: tuple[str, ...] = ()
        if listing.stack and any(c in listing.wide for c in kept) and (wanted(kept, width) > width or
                                                                        len(kept) < len(columns)):
            # the wide column alone under each row if the others then fit beside each other, else every
            # one of `stack` (the id too)
            for stacked in dict.fromkeys((tuple(c for c in listing.stack if c in listing.wide and c in columns),
                                          tuple(c for c in listing.stack if c in columns))):
                rest = [c for c in columns if c not in stacked]
                kept = fit(rest, width)
                if len(kept) == len(rest) and wanted(kept, width, roomy=True) <= width:
                    break
        hidden = [c for c in columns if c not in kept and c not in stacked]
        widths = {c: floor(c) for c in kept}
        spare = width - sum(widths.values()) - GAP * (len(widths) - 1)
        if spare < 0:
            least = {c: min(sizes[c].full, max(titles[c], FOLD_MIN)) for c in widths}  # the claim text gives last
            spare = _shrink(widths, lambda c: widths[c] if c in listing.wide else least[c], spare)
            spare = _shrink(widths, lambda c: least[c], spare)
            _shrink(widths, lambda c: 1, spare)
            return Layout(widths, stacked, hidden, width)
        wide = [c for c in kept if c in listing.wide]
        ids = [c for c in kept if kinds[c] != "text" and c not in listing.wide]
        text = [c for c in kept if kinds[c] == "text" and c not in listing.no_wrap and c not in listing.wide]
        # While a column is hidden, the claim text grows no wider than it is where that column comes
        # back: a wider terminal never narrows it. What is left goes to the other columns, else stays blank.
        cap: dict[str, int] = {}
        if hidden and not stacked:
            back = next((at for at in range(width + 1, width + 1000) if len(fit(columns, at)) > len(kept)), None)
            if back is not None:
                cap = arrange(back).widths
        spare = _grow(widths, wide, lambda c: min(sizes[c].full, share(width, wide)), spare)
        spare = _grow(widths, ids, lambda c: min(sizes[c].full, id_cap(width)), spare)
        spare = _grow(widths, text, lambda c: min(sizes[c].full, max(sizes[c].word, NARROW_CAP)), spare)
        spare = _grow(widths, wide, lambda c: min(sizes[c].full, cap.get(c, sizes[c].full)), spare)
        spare = _grow(widths, text, lambda c: sizes[c].full, spare)
        _grow(widths, ids, lambda c: sizes[c].full, spare)
        return Layout(widths, stacked, hidden, width)

    return arrange(width)


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
    """An id too long for its column, broken into lines after hyphens (a part still too long is folded):
    `kim-north-america-` / `investment` rather than `kim-north-america-inve` / `stment`."""
    return "\n".join(wrap(text, width, "id"))


def _styled(text: str, style: str, highlight: tuple[str, ...] = ()) -> Text:
    cell = Text(text, style=style)
    if highlight:
        cell.highlight_words(highlight, style="bold yellow", case_sensitive=False)
    return cell


def _print_lines(cons: Console, lines: list[Text]) -> None:
    for line in lines:
        line.rstrip()
        cons.print(line, overflow="ignore", crop=False, no_wrap=True)


def print_table(listing: Listing, out: TextIO, max_rows: int | None = None, width: int | None = None) -> None:
    """The listing as a table; past max_rows, a closing line says how many more there are, and a
    line names the columns hidden for want of room."""
    cons = console(out, width)
    total_width = cons.width
    rows = listing.rows if isinstance(listing.rows, list) else list(listing.rows)
    shown = rows if max_rows is None else rows[:max_rows]
    lines: list[Text] = []
    if listing.title:
        lines += [Text(part, style="bold") for part in wrap(inert(listing.title), total_width)]
    if not shown:
        lines += [Text(part, style="dim") for part in wrap(listing.empty, total_width)]
        _print_lines(cons, lines)
        return
    plan = layout(listing, shown, total_width)
    widths = plan.widths
    names = list(widths)

    def grid_lines(cells: dict[str, list[str]], styles: dict[str, str], highlight=()) -> list[Text]:
        height = max((len(v) for v in cells.values()), default=1)
        out_lines = []
        for i in range(height):
            line = Text()
            for j, column in enumerate(names):
                part = cells[column][i] if i < len(cells[column]) else ""
                if j:
                    line.append(" " * GAP)
                line.append_text(_styled(part, styles.get(column, ""),
                                         tuple(highlight) if column in listing.wide else ()))
                if j < len(names) - 1:
                    line.append(" " * (widths[column] - cell_len(part)))
            out_lines.append(line)
        return out_lines

    heads = {c: wrap(header(c), widths[c]) for c in names}
    height = max(len(v) for v in heads.values())
    heads = {c: [""] * (height - len(v)) + v for c, v in heads.items()}  # headers sit on the rule
    lines += grid_lines(heads, {c: "bold" for c in names})
    lines += [Text(" " * STACK_INDENT + header(c), style="bold") for c in plan.stacked]
    rule = sum(widths.values()) + GAP * (len(widths) - 1)
    if plan.stacked:
        rule = max(rule, min(total_width, STACK_INDENT + max(
            cell_len(line) for r in shown for c in plan.stacked for line in _lines(cell_text(r, c)))))
    lines.append(Text("─" * min(rule, total_width)))
    previous = object()
    for number, row in enumerate(shown):
        cells = {c: cell_text(row, c) for c in names}
        if listing.group_by is not None:
            group = row.get(listing.group_by, "")
            if group != previous and number:
                lines.append(Text(""))
            if listing.heading and group != previous:
                lines += _heading(listing, row, total_width)
            elif listing.group_by in cells and group == previous:
                cells[listing.group_by] = ""
            previous = group
        styles = {c: " ".join(s for s in (listing.styles.get(c, ""),
                                          listing.value_styles.get(c, {}).get(cells[c], "")) if s) for c in names}
        lines += grid_lines({c: wrap(cells[c], widths[c], kind_of(listing, c)) for c in names}, styles,
                            listing.highlight)
        for column in plan.stacked:
            if not cell_text(row, column).strip():
                continue
            for part in wrap(cell_text(row, column), total_width - STACK_INDENT, kind_of(listing, column)):
                lines.append(Text(" " * STACK_INDENT) + _styled(part, listing.styles.get(column, ""), tuple(
                    listing.highlight) if column in listing.wide else ()))
    more = (listing.total if listing.total is not None else len(rows)) - len(shown)
    if more > 0:
        lines += [Text(part, style="dim") for part in
                  wrap(f"… {more} more rows not shown; {listing.more_hint}.", total_width)]
    if plan.hidden:
        lines += [Text(part, style="dim") for part in wrap(HIDDEN.format(", ".join(plan.hidden)), total_width)]
    _print_lines(cons, lines)


def _heading(listing: Listing, row: dict[str, str], width: int) -> list[Text]:
    """The line over a group of rows: its heading columns' values joined by a dash, the first (the
    group's name) in bold, the others in their columns' styles."""
    parts = []
    for column in listing.heading:
        value = cell_text(row, column)
        if value.strip():
            style = " ".join(s for s in (listing.styles.get(column, ""),
                                         listing.value_styles.get(column, {}).get(value, "")) if s)
            parts += [(" — ", "")] if parts else []
            parts.append((value, style or ("bold" if not parts else "")))
    return wrap_styled(parts, width)


def wrap_styled(parts: list[tuple[str, str]], width: int, kind: str = "text") -> list[Text]:
    """Text made of (text, style) parts, wrapped like `wrap`, each part keeping its style."""
    parts = [(re.sub(r"\s+", " ", text), style) for text, style in parts]
    text = "".join(t for t, _ in parts)
    spans, offset = [], 0
    for part, style in parts:
        spans.append((offset, offset + len(part), style))
        offset += len(part)
    lines, at = [], 0
    for piece in wrap(text, width, kind):
        start = max(text.find(piece, at), at)
        at = start + len(piece)
        line = Text(piece)
        for begin, end, style in spans:
            low, high = max(begin, start), min(end, at)
            if style and low < high:
                line.stylize(style, low - start, high - start)
        lines.append(line)
    return lines
