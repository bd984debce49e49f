"""`kb export`: the knowledge base as SQLite (for Datasette), JSON, JSON lines, CSV or Parquet."""

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
    with_filters,
)

if TYPE_CHECKING:
    from ..answers.query import Filters


ExportFormat = choices("ExportFormat", ("sqlite", "json", "jsonl", "csv", "parquet"))


@app.command()
@with_filters
def export(
    filters: "Filters",
    path: Annotated[str, typer.Argument(metavar="PATH", help="The file to write, anywhere; '-' for standard output "
                                                             "(json, jsonl, csv).")],
    fmt: Annotated[Optional[ExportFormat], typer.Option(
        "--format", "-o", case_sensitive=False,
        help="sqlite (tables, foreign keys, full-text index; opens in Datasette), json, jsonl, csv or parquet "
             "(needs the `parquet` extra); default: from PATH's extension (.sqlite, .sqlite3, .db, .json, .jsonl, "
             ".ndjson, .csv, .parquet); json for '-'.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH (and --metadata's file) if it exists.")] = False,
    metadata: Annotated[Optional[Path], typer.Option(
        "--metadata", metavar="FILE.json", dir_okay=False,
        help="With sqlite: also write Datasette's metadata for the database to FILE.json (facets on company, "
             "status and state, claims sorted by period start, names for ids); then: datasette PATH -m FILE.json")
    ] = None,
) -> None:
    """Export claims to SQLite, JSON, JSON lines, CSV or Parquet.

    Export the claims (and, for sqlite, the registry and relations), every field of every record,
    with each claim's period as dates (when_start, when_end), its amounts as numbers in one unit per
    dimension (capacity_normalised, ...) and its state, to a file written atomically, or to standard
    output. Every format has the same columns, every key in every row.

    \b
    Examples:
      kb export exports/kb.sqlite --metadata exports/meta.json
      kb export exports/kb.parquet --company LGES
      kb export exports/lges.csv --company LGES
      kb export - --format jsonl --status planned
      kb export - --company LGES | jq '.[].id'
    """
    from kb.answers.export import ExportError, claim_columns, export_text, format_for, ordered_quantity_names
    from kb.answers.export import export as write_export
    from kb.answers.lookup import States, select
    from kb.answers.query import QueryError
    from kb.model.records import KnowledgeBase
    from kb.store.atomic import WriteRefused, check_target, write_text_atomic

    chosen = fmt.value if fmt is not None else format_for(path)
    if chosen is None:
        raise fail(f"cannot tell the format from the name '{path}': end it with .sqlite, .db, .json, .jsonl, .csv or "
                   ".parquet, or add --format sqlite, json, jsonl, csv or parquet", EXIT_USAGE)
    if path == "-" and chosen in ("sqlite", "parquet"):
        raise fail(f"a {'SQLite database' if chosen == 'sqlite' else 'Parquet file'} cannot go to standard output; "
                   "name a file (kb export exports/kb.sqlite), or choose a text format (--format json, jsonl or csv)",
                   EXIT_USAGE)
    if metadata is not None and chosen != "sqlite":
        raise fail("--metadata describes a SQLite database for Datasette: export to .sqlite (or --format sqlite)",
                   EXIT_USAGE)
    import datetime

    index, problems = open_for_answers()
    try:
        selection = select(index, filters)
    except QueryError as error:
        raise fail(str(error))
    columns = claim_columns(ordered_quantity_names(index.quantity_names()))
    claims = _Claims(selection, "l.id, l.path, l.rid", States(index, datetime.date.today()))
    kb = KnowledgeBase(root=index.root, claims=claims, entities=index.entities(), attributes=index.attributes())
    if path == "-":
        with progress(f"Exporting {_claims(selection.total)}") as step:
            sys.stdout.writelines(export_text(kb, chosen, claims.state, columns, step))
            sys.stdout.flush()
        note(f"{_claims(selection.total)} written to standard output")
        finish(problems)
        return
    target = _absolute(path)
    meta_target = _absolute(str(metadata)) if metadata is not None else None
    if meta_target is not None and meta_target.resolve() == target.resolve():
        raise fail(f"--metadata {metadata}: that is the export's own file; name another (e.g. "
                   f"{target.with_suffix('.metadata.json').name})", EXIT_USAGE)
    try:
        if meta_target is not None:
            check_target(meta_target, force)  # before the export: a refusal costs nothing
        with progress(f"Exporting {_claims(selection.total)}") as step:
            write_export(kb, chosen, target, overwrite=force, state=claims.state, columns=columns, progress=step)
        if meta_target is not None:
            import json

            from kb.answers.export import datasette_metadata

            write_text_atomic(meta_target, json.dumps(datasette_metadata(target.stem), indent=2) + "\n",
                              overwrite=force)
    except ExportError as error:
        raise fail(str(error))
    except WriteRefused as error:
        raise fail(str(error) + (" (add --force)" if error.exists else ""))
    note(f"{_claims(selection.total)} written to {target if path.startswith('~') else path}"
         + (f", Datasette's metadata to {metadata}" if metadata is not None else ""))
    finish(problems)


def _absolute(path: str) -> Path:
    target = Path(path).expanduser()
    return target if target.is_absolute() else Path.cwd() / target


class _Claims:
    """The chosen claims, read from the index each time they are gone through (kb.answers.export goes through
    them a few times), a few at a time: whatever their number, they never are in memory at once. The
    state of each (kb.answers.state, as of today) is known as it is read."""

    def __init__(self, selection, order: str, states) -> None:
        self.selection, self.order, self.states = selection, order, states
        self.decided: dict[str, object] = {}

    def __len__(self) -> int:
        return self.selection.total

    def __iter__(self):
        from kb.store.indexing import record_from_row

        for batch in self.selection.rows("r.kind, r.path, r.line, r.data, '', l.id, l.status, l.when_end", self.order,
                                         records=True):
            for row in batch:
                claim = record_from_row(*row[:5])
                self.decided[claim.path] = self.states.of(*row[5:])
                yield claim

    def state(self, claim):
        return self.decided.pop(claim.path)


def _claims(count: int) -> str:
    return f"{count} claim" if count == 1 else f"{count} claims"
