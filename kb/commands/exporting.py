"""`kb export`: the knowledge base as SQLite (for Datasette), JSON, JSON lines or CSV."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import app, choices, fail, finish, open_for_answers, selection_listing, with_filters

if TYPE_CHECKING:
    from ..query import Filters


ExportFormat = choices("ExportFormat", ("sqlite", "json", "jsonl", "csv"))


@app.command()
@with_filters
def export(
    filters: "Filters",
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The file to write, inside the repository.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-o", case_sensitive=False,
                                              help="sqlite (tables, foreign keys, full-text index; opens in "
                                                   "Datasette), json, jsonl or csv.")] = ExportFormat.sqlite,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
) -> None:
    """Export the claims (and, for sqlite, the registry and relations) to a file, written atomically.

    \b
    Examples:
      kb export exports/kb.sqlite && datasette exports/kb.sqlite
      kb export exports/lges.csv --format csv --company LGES
    """
    from kb.atomic import WriteRefused, write_text_atomic
    from kb.export import export as write_export
    from kb.lookup import select
    from kb.model import KnowledgeBase
    from kb.query import QueryError

    index, problems = open_for_answers()
    try:
        selection = select(index, filters)
    except QueryError as error:
        raise fail(str(error))
    target = path if path.is_absolute() else Path.cwd() / path
    order = "l.id, l.path, l.rid"
    try:
        if fmt.value == "sqlite":  # the claims one at a time (kb.export reads them once, in order)
            write_export(KnowledgeBase(root=index.root, claims=selection.claims(order), entities=index.entities()),
                         fmt.value, target, overwrite=force)
        else:  # the text kb.export.claims_text makes, streamed from the index's rows
            listing = selection_listing(selection, fmt.value, order, None, (), keys_as_seen=True)
            write_text_atomic(target, listing.rendered(fmt.value), overwrite=force, root=index.root)
    except WriteRefused as error:
        raise fail(str(error) + ("" if "exists" not in str(error) else " (add --force)"))
    typer.echo(f"{selection.total} claims written to {path}", err=True)
    finish(problems)
