"""`kb export`: the knowledge base as SQLite (for Datasette), JSON, JSON lines or CSV."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import (
    EXIT_USAGE,
    app,
    choices,
    fail,
    finish,
    note,
    open_for_answers,
    progress,
    selection_listing,
    with_filters,
)

if TYPE_CHECKING:
    from ..answers.query import Filters


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
             "default: from PATH's extension (.sqlite, .sqlite3, .db, .json, .jsonl, .ndjson, .csv); "
             "json for '-'.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
) -> None:
    """Export claims to SQLite, JSON, JSON lines or CSV.

    Export the claims (and, for sqlite, the registry and relations), every field of every record,
    to a file written atomically, or to standard output.

    \b
    Examples:
      kb export exports/kb.sqlite && datasette exports/kb.sqlite
      kb export exports/lges.csv --company LGES
      kb export - --format jsonl --status planned
      kb export - --company LGES | jq '.[].id'
    """
    from kb.answers.export import export as write_export
    from kb.answers.export import format_for
    from kb.answers.lookup import States, select
    from kb.answers.query import QueryError
    from kb.model.records import KnowledgeBase
    from kb.store.atomic import WriteRefused, write_text_atomic

    chosen = fmt.value if fmt is not None else format_for(path)
    if chosen is None:
        raise fail(f"cannot tell the format from the name '{path}': end it with .sqlite, .db, .json, .jsonl or "
                   ".csv, or add --format sqlite, json, jsonl or csv", EXIT_USAGE)
    if path == "-" and chosen == "sqlite":
        raise fail("a SQLite database cannot go to standard output; name a file (kb export exports/kb.sqlite), "
                   "or choose a text format (--format json, jsonl or csv)", EXIT_USAGE)
    import datetime

    index, problems = open_for_answers()
    try:
        selection = select(index, filters)
    except QueryError as error:
        raise fail(str(error))
    order = "l.id, l.path, l.rid"
    target = Path(path).expanduser()
    target = target if target.is_absolute() else Path.cwd() / target
    try:
        with progress(f"Exporting {_claims(selection.total)}") as step:
            if chosen != "sqlite":  # the text kb.answers.export.claims_text makes, streamed from the index's rows
                pieces = selection_listing(_Counted(selection, step), chosen, order, None, ()).rendered(chosen)
                if path == "-":
                    sys.stdout.writelines(pieces)
                    sys.stdout.flush()
                else:
                    write_text_atomic(target, pieces, overwrite=force)
            else:  # the claims a few at a time, each time kb.answers.export goes through them
                claims = _Claims(selection, order, States(index, datetime.date.today()))
                write_export(KnowledgeBase(root=index.root, claims=claims, entities=index.entities(),
                                           attributes=index.attributes()), chosen, target, overwrite=force,
                             state=claims.state, progress=step)
    except WriteRefused as error:
        raise fail(str(error) + ("" if "exists" not in str(error) else " (add --force)"))
    note(f"{_claims(selection.total)} written to " + ("standard output" if path == "-" else
                                                      str(target) if path.startswith("~") else path))
    finish(problems)


class _Counted:
    """A selection (kb.answers.lookup.Selection) whose rows, as they are read, tell step(done, total)."""

    def __init__(self, selection, step) -> None:
        self.selection, self.step = selection, step

    def __getattr__(self, name: str):
        return getattr(self.selection, name)

    def rows(self, *args, **kwargs):
        done = 0
        for batch in self.selection.rows(*args, **kwargs):
            yield batch
            done += len(batch)
            self.step(done, self.selection.total)


class _Claims:
    """The chosen claims, read from the index each time they are gone through (kb.answers.export goes through
    them a few times), a few at a time: whatever their number, they never are in memory at once. The
    state of each (kb.answers.state, as of today) is known as it is read."""

    def __init__(self, selection, order: str, states) -> None:
        self.selection, self.order, self.states = selection, order, states
        self.decided: dict[str, object] = {}

    def __iter__(self):
        from kb.store.indexing import record_from_row

        for batch in self.selection.rows("r.kind, r.path, r.line, r.data, '', l.id, l.status, l.when_end", self.order,
                                         records=True):
            for row in batch:
                claim = record_from_row(*row[:5])
                self.decided[claim.path] = self.states.of(*row[5:])
                yield claim

    def __len__(self) -> int:
        return self.selection.total

    def state(self, claim):
        return self.decided.pop(claim.path)


def _claims(count: int) -> str:
    return f"{count} claim" if count == 1 else f"{count} claims"
