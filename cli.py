"""The `kb` command: the entry point. Commands live in `kb/commands/`, grouped by area:

    listing.py    list, search
    show.py       show, xref
    entities.py   companies, people, factories, sources
    plans.py      timeline, due, conflicts
    tracking.py   track, record, link
    summary.py    stats, graph
    editing.py    new, set, mv
    adding.py     add company|person|factory|source
    importing.py  import
    extracting.py extract, review
    checking.py   check, fmt, schema
    history.py    diff, log
    exporting.py  export
    serving.py    serve

`kb/commands/common.py` holds what they share: the global options, the claim filters,
and the helpers that open the index and print. Each command parses its arguments, asks
the library for the answer and hands it to a renderer; heavy modules (PyYAML, Rich) are
imported inside the commands that need them, so `kb --help` and `kb --version` start fast.
"""

from __future__ import annotations

import os
import sys

from kb.store.prefetch import start_early

start_early()  # before the imports below, so that git works while Python loads them

# Which module under kb/commands/ holds each command, in the order `kb --help` lists them.
COMMAND_MODULES = {
    "list": "listing", "search": "listing", "show": "show", "xref": "show",
    "companies": "entities", "people": "entities", "factories": "entities", "sources": "entities",
    "timeline": "plans", "conflicts": "plans", "due": "plans",
    "track": "tracking", "record": "tracking", "link": "tracking", "graph": "summary", "stats": "summary",
    "export": "exporting", "serve": "serving", "new": "editing", "set": "editing", "mv": "editing", "add": "adding",
    "import": "importing",
    "extract": "extracting", "review": "extracting", "check": "checking", "fmt": "checking", "schema": "checking",
    "diff": "history", "log": "history",
}


def _command_named(args: list[str]) -> str | None:
    """The command the command line names (skipping the global options), or None."""
    i = 0
    while i < len(args) and args[i].startswith("-"):
        i += 2 if args[i] in ("--root", "--color") else 1
    return args[i] if i < len(args) else None


def _register(named: str | None = None):
    """Import the command modules and return the app: only the named command's module when it is known (each
    module costs its share of start-up), every module otherwise (`kb --help`, `kb --version`, a misspelt name)."""
    import importlib

    from kb.commands.common import app

    for module in [COMMAND_MODULES[named]] if named in COMMAND_MODULES else dict.fromkeys(COMMAND_MODULES.values()):
        importlib.import_module(f"kb.commands.{module}")
    return app


def _version_only(args: list[str]) -> bool:
    """`kb --version` (with global options, without a command or --help): no command is needed."""
    return "--version" in args and _command_named(args) is None and not {"--help", "-h"} & set(args)


def _completing() -> str | None:
    """While a shell asks for completions (kb --install-completion): the command named before the word being
    completed, if any; completing the command's own name needs them all."""
    if "COMP_WORDS" in os.environ:  # bash: the words, and which one is being completed
        current = os.environ.get("COMP_CWORD", "")
        words = os.environ["COMP_WORDS"].split()[1:max(1, int(current) if current.isdigit() else 0)]
    else:  # zsh, fish, PowerShell: the line so far
        line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
        words = line.split()[1:] if line.endswith(" ") else line.split()[1:-1]
    named = _command_named(words)
    return named if named in COMMAND_MODULES else None


def _run(args: list[str]) -> None:
    """Run the app on args. Typer works out the options of every command before it runs one: when the command
    line names a command, only that one is set up (completing a word after a command's name, too)."""
    completing = any(n.endswith("_COMPLETE") for n in os.environ)
    named = _completing() if completing else _command_named(args)
    if completing:  # kb's candidates' help is data (a claim's text), never Rich markup: shown as it is
        try:
            import typer._completion_classes as shells

            shells._sanitize_help_text = lambda text: text
        except ImportError:  # pragma: no cover - another Typer: its own way, only slower
            pass
    if _version_only(args):
        from kb.commands.common import app
    else:
        app = _register(named)
    every = app.registered_commands
    if named in COMMAND_MODULES:
        app.registered_commands = [c for c in every if (c.name or c.callback.__name__.replace("_", "-")) == named]
    try:
        app()
    finally:
        app.registered_commands = every


def __getattr__(name: str):
    """`from cli import app` (the tests, other programs): the app with every command."""
    if name == "app":
        return _register()
    raise AttributeError(name)


def main() -> None:
    """Run the app; turn crashes into one line unless --debug asks for the traceback."""
    try:
        _run(sys.argv[1:])
    except BrokenPipeError:  # `kb list | head`: the reader left, which is not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the last line of defence
        from kb.commands.common import settings

        if settings.debug or "--debug" in sys.argv or os.environ.get("KB_DEBUG"):
            raise
        sys.stderr.write(f"kb: internal error: {type(error).__name__}: {error} "
                         "(run again with --debug for a traceback, and please report it)\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
