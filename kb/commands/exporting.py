"""`kb export`: the knowledge base as SQLite (for Datasette), JSON, JSON lines or CSV."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import (EXIT_USAGE, app, choices, fail, finish, open_for_answers, selected, with_filters)

if TYPE_CHECKING:
    from ..query import Filters


ExportFormat = choices("ExportFormat", ("sqlite", "json", "jsonl", "csv"))


@app.command()
@with_filters
def export(
    filters: "Filters",
    path: Annotated[str, typer.Argument(metavar="PATH", help="The file to write, anywhere; '-' for standard output "
                                                             "(json, jsonl, csv).")],
    fmt: Annotated[Optional[ExportFormat], typer.Option(
        "--format", "-o", case_sensitive=False,
        help="sqlite (tables, foreign keys, full-text index; opens in Datasette), json, jsonl or csv; "
             "default: from PATH's extension (.json, .jsonl, .csv), else sqlite.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
) -> None:
    """Export the claims (and, for sqlite, the registry and relations), every field of every record,
    to a file written atomically, or to standard output.

    \b
    Examples:
      kb export exports/kb.sqlite && datasette exports/kb.sqlite
      kb export exports/lges.csv --company LGES
      kb export - --format jsonl --status planned
    """
    from kb.atomic import WriteRefused
    from kb.export import claims_text, export as write_export, format_for
    from kb.model import KnowledgeBase

    chosen = fmt.value if fmt is not None else format_for(path) if path != "-" else "sqlite"
    if path == "-" and chosen == "sqlite":
        raise fail("a SQLite database cannot go to standard output; name a file (kb export exports/kb.sqlite), "
                   "or choose a text format (--format json, jsonl or csv)", EXIT_USAGE)
    index, problems = open_for_answers()
    kb, claims = selected(index, filters)
    chosen_kb = KnowledgeBase(root=index.root, claims=tuple(claims), entities=index.entities(),
                              attributes=index.attributes())
    if path == "-":
        sys.stdout.write(claims_text(chosen_kb, chosen))
        sys.stdout.flush()
        typer.echo(f"{_claims(len(claims))} written to standard output", err=True)
        finish(problems)
        return
    target = Path(path).expanduser()
    target = target if target.is_absolute() else Path.cwd() / target
    try:
        write_export(chosen_kb, chosen, target, overwrite=force)
    except WriteRefused as error:
        raise fail(str(error) + ("" if "exists" not in str(error) else " (add --force)"))
    typer.echo(f"{_claims(len(claims))} written to {target if path.startswith('~') else path}", err=True)
    finish(problems)


def _claims(count: int) -> str:
    return f"{count} claim" if count == 1 else f"{count} claims"
