"""Lay out a `Detail` (one claim or entity) for a terminal, a pipe, or as JSON/YAML."""

from __future__ import annotations

import json
from typing import TextIO

from ..answers.describe import Detail
from ..model.text import inert


def write_plain(detail: Detail, out: TextIO) -> None:
    """'Label: value' lines, then each section as indented 'label id: text' lines."""
    out.write(f"{inert(detail.title, one_line=True)}\n")
    width = max(len(label) for label, _ in detail.fields)
    for label, value in detail.fields:
        out.write(f"  {label + ':':<{width + 1}} {inert(value, one_line=True)}\n")
    for heading, items in detail.sections.items():
        out.write(f"\n{heading}:\n")
        for label, item_id, text in items:
            prefix = f"{label} " if label else ""
            out.write(f"  {prefix}{item_id}: {inert(text, one_line=True)}\n")


def write_rich(detail: Detail, out: TextIO, width: int | None = None) -> None:
    """Labels in a column, values wrapped beside them; then each section's lines, wrapped under
    their start. Words wrap whole; only a word longer than the line (a long path) is folded."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    from .table import console

    cons = console(out, width)
    labels = max((cell_len(label) for label, _ in detail.fields), default=0)
    grid = Table.grid(padding=(0, 2, 0, 0), pad_edge=False)
    grid.add_column(style="bold cyan", width=labels, no_wrap=True)
    grid.add_column(width=max(1, cons.width - labels - 2), overflow="fold")
    for label, value in detail.fields:
        grid.add_row(Text(label), Text(inert(value)))
    cons.print(Text(inert(detail.title), style="bold"), overflow="fold")
    cons.print(grid)
    for heading, items in detail.sections.items():
        cons.print()
        cons.print(Text(heading, style="bold"), overflow="fold")
        for label, item_id, text in items:
            line = Text()
            if label:
                line.append(label + " ", style="magenta")
            line.append(inert(item_id), style="green")
            line.append(": " + inert(text))
            # A hanging indent: the item starts two cells in, its next lines four.
            for i, part in enumerate(line.wrap(cons, max(1, cons.width - 4), overflow="fold")):
                cons.print(Text("  " if i == 0 else "    ") + part, overflow="fold")


def write(detail: Detail, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(json.dumps(detail.data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "yaml":
        import yaml

        out.write(yaml.safe_dump(detail.data, sort_keys=False, allow_unicode=True, width=10**6))
    elif fmt == "rich":
        write_rich(detail, out)
    else:
        write_plain(detail, out)
