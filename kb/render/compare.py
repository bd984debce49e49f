"""Two records side by side, field by field: what is about to be added, and what it probably duplicates."""

from __future__ import annotations

import sys
from typing import Any, Sequence, TextIO

from ..model.text import inert


def _cell(value: Any) -> str:
    if value in (None, (), [], {}):
        return "-"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def side_by_side(fields: Sequence[str], left: dict, right: dict, titles: tuple[str, str],
                 out: TextIO | None = None) -> None:
    """A table on a terminal, tab-separated lines in a pipe; fields empty on both sides are left out."""
    out = out or sys.stderr
    rows = [(name, inert(_cell(left.get(name)), True), inert(_cell(right.get(name)), True)) for name in fields
            if left.get(name) not in (None, (), [], {}) or right.get(name) not in (None, (), [], {})]
    if not out.isatty():
        out.write("".join(f"{name}\t{a}\t{b}\n" for name, a, b in [("field", *titles), *rows]))
        return
    from rich.table import Table

    from .table import console

    table = Table(show_lines=False)
    table.add_column("field", style="bold", no_wrap=True)
    for title in titles:
        table.add_column(title, overflow="fold")
    for name, a, b in rows:
        table.add_row(name, a, b, style="yellow" if a == b and a != "-" else None)
    console(out).print(table)
