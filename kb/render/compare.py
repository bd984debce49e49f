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
    from .table import print_table
    from .view import Listing

    left_title, right_title = titles
    same = {name: a for name, a, b in rows if a == b and a != "-"}  # fields alike on both sides, in yellow
    listing = Listing(columns=("field", left_title, right_title),
                      rows=[{"field": name, left_title: a, right_title: b} for name, a, b in rows], data=[],
                      no_wrap=("field",), wide=(left_title, right_title), id_columns=(), droppable=(),
                      styles={"field": "bold"},
                      value_styles={title: {a: "yellow" for a in same.values()} for title in titles})
    print_table(listing, out)
