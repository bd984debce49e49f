"""`kb list` and `kb search`: the claims that match filters or words."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import (
    TABLE_ROWS,
    AsOfOpt,
    FormatOpt,
    answer_as_of,
    app,
    emit,
    fail,
    finish,
    open_for_answers,
    output_format,
    parse_as_of,
    selection_listing,
    with_filters,
)

if TYPE_CHECKING:
    from ..answers.query import Filters


def _sort_key(ctx: typer.Context, value: str) -> str:
    """--sort's key, checked as the command line is read (a usage error, exit 2); not while a shell completes
    a word (the check loads what the completion has no need of)."""
    if ctx.resilient_parsing or value == "id":
        return value
    from kb.answers.query import SORT_ALIASES, SORT_KEYS

    if value.lstrip("-") not in (*SORT_KEYS, *SORT_ALIASES):
        raise typer.BadParameter(f"cannot sort by '{value.lstrip('-')}'; use one of: {', '.join(SORT_KEYS)}")
    return value


def _sort_keys(incomplete: str) -> list[tuple[str, str]]:
    """--sort's keys, for shell completion, descending ones too (-when)."""
    from kb.answers.query import SORT_KEYS
    from kb.store.completion import choices

    return choices([*SORT_KEYS, *(f"-{k}" for k in SORT_KEYS)], incomplete)


@app.command("list")
@with_filters
def list_claims(
    filters: "Filters",
    sort: Annotated[str, typer.Option("--sort", metavar="KEY", callback=_sort_key, autocompletion=_sort_keys,
                                      help="id, when (or year), said, status, company, speaker, factory or source; "
                                           "prefix with - for descending.")] = "id",
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=0, metavar="N", help="Print at most this many claims.")] = None,
    show_all: Annotated[bool, typer.Option("--all", "-a", help="On a terminal, show every row of a long table.")] = False,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """List the claims that match every filter given.

    With --as-of DATE: the claims said by then, each with its state on that day (--current: what was
    current then).

    \b
    Examples:
      kb list --company LGES
      kb list --company "LG Energy Solution" --year 2023..2025 --status planned
      kb list --factory Ochang --format json
      kb list --text "ramp-up" --format ids
      kb list --company LGES --current --as-of 2024-06
    """
    from kb.answers.lookup import States, order_sql, select
    from kb.answers.query import QueryError
    from kb.render.listing import write
    from kb.store.rows import COLUMNS

    parse_as_of(as_of)
    index, problems = open_for_answers()
    day = answer_as_of(index, as_of)
    chosen = output_format(fmt)
    capped = chosen == "table" and not show_all and limit is None
    try:
        selection = select(index, filters)
        order = order_sql(sort.lstrip("-"), sort.startswith("-"))
    except QueryError as error:
        raise fail(str(error))
    # a table shows its first rows on a terminal; --all or --limit: every row asked for, there too
    listing = selection_listing(selection, chosen, order, limit, COLUMNS, table_rows=TABLE_ROWS if capped else None,
                                more_hint="add --all to see them, or pipe the output",
                                states=States(index, day) if as_of is not None else None)
    if capped:
        listing.total = selection.total
    write(listing, chosen, sys.stdout, max_rows=TABLE_ROWS if capped else None)
    finish(problems)


@app.command()
@with_filters
def search(
    filters: "Filters",
    query: Annotated[str, typer.Argument(metavar="WORDS", help="Words to find, in any order and case; each also "
                                                               "matches as a prefix.")],
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=0, metavar="N",
                                                 help="Print at most this many claims.")] = None,
    fmt: FormatOpt = None,
) -> None:
    """Full-text search over claims, quotes and names.

    Ranked full-text search over claim text, quotes, and the names and aliases of the entities
    claims name. On a terminal the matching words are highlighted.

    \b
    Examples:
      kb search "mass production"
      kb search "LGES Arizona" --status planned
      kb search ramp --format ids
    """
    from kb.answers.lookup import select
    from kb.answers.query import QueryError
    from kb.answers.search import ranked_rids, words
    from kb.store.rows import COLUMNS

    index, problems = open_for_answers()
    ranked = ranked_rids(index, query)
    try:
        selection = select(index, filters)
    except QueryError as error:
        raise fail(str(error))
    conn = index.conn  # the ranking as a table, so that any number of answers streams in its order
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS ranked(rid INTEGER PRIMARY KEY, position INTEGER)")
    conn.execute("DELETE FROM temp.ranked")
    conn.executemany("INSERT INTO temp.ranked VALUES (?, ?)", ((rid, i) for i, rid in enumerate(ranked)))
    where = "l.rid IN (SELECT rid FROM temp.ranked)"
    count = selection.count(where)
    chosen = output_format(fmt)
    shown = count if limit is None else min(count, limit)
    listing = selection_listing(selection, chosen, "(SELECT position FROM temp.ranked k WHERE k.rid = l.rid)",
                                limit, COLUMNS, where=where, highlight=tuple(words(query)))
    listing.total = shown
    emit(listing, fmt)
    finish(problems)
