"""What kb prints on a terminal may be coloured: `--color auto|always|never` (set here by the global
option), else the NO_COLOR and FORCE_COLOR conventions, else whether the output is a terminal.

Loads nothing heavy: every command sets the choice, whether or not it prints through Rich.

    NO_COLOR=1 kb list        no colour (https://no-color.org)
    FORCE_COLOR=1 kb list -o table | less -R    colour into a pipe
    kb --color never list     the option wins over both
"""

from __future__ import annotations

import os
from typing import TextIO

COLORS = ("auto", "always", "never")
choice = "auto"


def choose(color: str) -> None:
    """The choice of --color for this run (auto, always or never)."""
    global choice
    if color not in COLORS:
        raise ValueError(f"--color takes one of {', '.join(COLORS)}, not {color!r}")
    choice = color


def colored(out: TextIO | None = None) -> bool:
    """Whether output to out is coloured: --color, else NO_COLOR (set and not empty: no colour), else
    FORCE_COLOR (set and not empty, not 0: colour), else only on a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force and force != "0":
        return True
    try:
        return bool(out is not None and out.isatty()) and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def rich_options(out: TextIO | None) -> dict:
    """The arguments that make a Rich Console colour exactly when `colored` says."""
    if colored(out):
        return {"force_terminal": True, "no_color": False}
    return {"no_color": True, "color_system": None}


def stderr_colored() -> bool:
    """Whether notes and warnings on standard error are coloured."""
    import sys

    return colored(sys.stderr)


def width_of(out: TextIO | None) -> int | None:
    """The width of the terminal out writes to (COLUMNS when set, as everywhere in kb), None when out is no
    terminal (a pipe, a file: lines stay whole there, one problem a line, for grep and editors)."""
    try:
        if out is None or not out.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    import os

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), 20)
    try:
        return max(os.get_terminal_size(out.fileno()).columns, 20)  # out's own terminal, not stdout's
    except (AttributeError, ValueError, OSError):
        import shutil

        return max(shutil.get_terminal_size().columns, 20)


def wrapped(text: str, width: int, indent: int = 0) -> list[str]:
    """text in lines of at most width columns (the ones after the first indented by indent): broken at
    spaces, a word moved whole to the next line when it fits there; only a word wider than a line breaks,
    after a hyphen or a slash (kb.render.words.split_word, as table cells break)."""
    import re

    from rich.cells import cell_len

    from .words import split_word

    room = max(width - indent, 10)
    lines: list[str] = []
    current = ""
    for space, word in re.findall(r"(\s*)(\S+)", text):  # the spaces kept as written
        for number, piece in enumerate([word] if cell_len(word) <= room else split_word(word, room)):
            joined = current + (space if current and number == 0 else "") + piece
            if not current or cell_len(joined) <= (room if lines else width):
                current = joined
            else:
                lines.append(current)
                current = piece
    lines.append(current)
    return [lines[0], *(" " * indent + line for line in lines[1:])]


def fitted(text: str, out: TextIO | None, indent: int = 4) -> str:
    """text as a terminal of out's width shows it without cutting a word (`wrapped`), the lines after the
    first indented; text as it is when out is no terminal or it fits."""
    width = width_of(out)
    if width is None:
        return text
    from rich.cells import cell_len

    return text if cell_len(text) <= width else "\n".join(wrapped(text, width, indent))
