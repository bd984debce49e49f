"""Progress bars for long work: on a terminal's standard error only, never in a pipe, a file or CI logs.

The library reports progress through a plain callback, `step(done, total)`, that its long
functions take as an optional `progress` argument (index builds, checks, imports, exports,
extraction over many sources); the command layer passes the one `bar` gives. Nothing is drawn
until the work has taken `DELAY` seconds, so quick runs print nothing at all; the bar is
removed when the work ends (Rich's transient display), leaving the terminal as it was.

    with bar("Indexing claims", enabled=not settings.quiet) as step:
        build(index, progress=step)
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterator, TextIO

Step = Callable[[int, "int | None"], None]
DELAY = 1.0  # seconds of work before a bar appears (KB_PROGRESS_DELAY overrides it: 0 shows every bar at once)


def on_a_terminal(stream: TextIO | None = None) -> bool:
    """Whether progress may be drawn on stream (standard error by default): a terminal that is not
    dumb, outside CI."""
    stream = stream if stream is not None else sys.stderr
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return tty and os.environ.get("TERM") != "dumb" and not os.environ.get("CI")


def _ignore(done: int, total: int | None = None) -> None:
    return None


@contextmanager
def bar(description: str, enabled: bool = True, stream: TextIO | None = None) -> Iterator[Step]:
    """A step callback that draws a bar once the work has lasted DELAY seconds; a no-op when not enabled
    or not on a terminal."""
    stream = stream if stream is not None else sys.stderr
    if not enabled or not on_a_terminal(stream):
        yield _ignore
        return
    began = time.monotonic()
    try:
        delay = float(os.environ.get("KB_PROGRESS_DELAY", DELAY))
    except ValueError:
        delay = DELAY
    shown: dict = {}

    def step(done: int, total: int | None = None) -> None:
        if "progress" not in shown:
            if time.monotonic() - began < delay:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            from .terminal import rich_options

            progress = Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                                TimeRemainingColumn(), console=Console(file=stream, **rich_options(stream)),
                                transient=True)
            progress.start()
            shown["progress"], shown["task"] = progress, progress.add_task(description, total=total)
        shown["progress"].update(shown["task"], completed=done, total=total)

    try:
        yield step
    finally:
        if "progress" in shown:
            shown["progress"].stop()
