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
