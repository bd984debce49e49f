"""The `kb` command: the entry point. Commands live in `kb/commands/`, grouped by area:

    listing.py    list, search
    show.py       show, xref
    entities.py   companies, people, factories, sources
    plans.py      timeline, due, conflicts
    tracking.py   track, record, link
    summary.py    stats, graph
    editing.py    new, mv
    adding.py     add company|person|factory|source
    importing.py  import
    extracting.py extract, review
    checking.py   check, fmt, schema
    history.py    diff, log
    exporting.py  export

`kb/commands/common.py` holds what they share: the global options, the claim filters,
and the helpers that open the index and print. Each command parses its arguments, asks
the library for the answer and hands it to a renderer; heavy modules (PyYAML, Rich) are
imported inside the commands that need them, so `kb --help` and `kb --version` start fast.
"""

from __future__ import annotations

import os
import sys

from kb.prefetch import start_early

start_early()  # before the imports below, so that git works while Python loads them

# Imported in the order `kb --help` lists their commands.
from kb.commands import (listing, show, entities, plans, tracking, summary, exporting,  # noqa: E402,F401,I001
                         editing, adding, importing, extracting, checking, history)
from kb.commands.common import EXIT_OK, EXIT_PROBLEM, app, settings  # noqa: E402


def _only_the_command_named(args: list[str]) -> None:
    """Typer works out the options of every command before it runs one: when the command line names a
    command, only that one is set up (`kb --help`, completion and a misspelt name still see them all)."""
    if any(name.endswith("_COMPLETE") for name in os.environ):
        return
    i = 0
    while i < len(args) and args[i].startswith("-"):
        i += 2 if args[i] == "--root" else 1
    if i >= len(args):
        return
    named = [c for c in app.registered_commands if (c.name or c.callback.__name__.replace("_", "-")) == args[i]]
    if named:
        app.registered_commands[:] = named


def main() -> None:
    """Run the app; turn crashes into one line unless --debug asks for the traceback."""
    try:
        _only_the_command_named(sys.argv[1:])
        app()
    except BrokenPipeError:  # `kb list | head`: the reader left, which is not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the last line of defence
        if settings.debug or "--debug" in sys.argv:
            raise
        sys.stderr.write(f"kb: internal error: {type(error).__name__}: {error} "
                         "(run again with --debug for a traceback, and please report it)\n")
        sys.exit(EXIT_PROBLEM)


if __name__ == "__main__":
    main()
