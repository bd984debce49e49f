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
    their start. Words wrap whole; a word longer than the line (a path, a long id) breaks after a
    slash or a hyphen (kb.render.table.wrap), and only a word with neither is folded."""
    from rich.cells import cell_len
    from rich.text import Text

    from .table import console, wrap, wrap_styled

    cons = console(out, width)
    total = cons.width
    labels = max((cell_len(label) for label, _ in detail.fields), default=0)
    room = max(1, total - labels - 2)
    lines = [Text(part, style="bold") for part in wrap(inert(detail.title), total)]
    for label, value in detail.fields:
        for i, part in enumerate(wrap(inert(value), room, "path" if label == "File" else "text")):
            line = Text(label if i == 0 else "", style="bold cyan")
            line.append(" " * (labels - cell_len(line.plain) + 2))
            line.append(part)
            lines.append(line)
    for heading, items in detail.sections.items():
        lines.append(Text(""))
        lines += [Text(part, style="bold") for part in wrap(heading, total)]
        for label, item_id, text in items:
            parts = [(label + " ", "magenta")] if label else []
            parts += [(inert(item_id), "green"), (": " + inert(text), "")]
            # A hanging indent: the item starts two cells in, its next lines four.
            for i, part in enumerate(wrap_styled(parts, max(1, total - 4))):
                lines.append(Text("  " if i == 0 else "    ") + part)
    for line in lines:
        line.rstrip()
        cons.print(line, overflow="ignore", crop=False, no_wrap=True)


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
