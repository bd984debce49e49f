"""`kb stats` and `kb graph`: counts and pictures of a selection of claims."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from .common import (app, FormatOpt, choices, claims_matching, emit, finish, load, open_for_answers, output_format,
    report, selected, with_filters)

if TYPE_CHECKING:
    from ..query import Filters


GraphFormat = choices("GraphFormat", ("dot", "mermaid"))


@app.command()
@with_filters
def graph(
    filters: "Filters",
    fmt: Annotated[GraphFormat, typer.Option("--format", "-o", case_sensitive=False,
                                             help="dot (Graphviz) or mermaid.")] = GraphFormat.dot,
    with_sources: Annotated[bool, typer.Option("--sources", help="Also draw each claim's source.")] = False,
) -> None:
    """The selected claims, the entities they name and the relations among them, as a graph.

    \b
    Examples:
      kb graph --company LGES | dot -Tsvg > lges.svg
      kb graph --factory Ochang --format mermaid
    """
    from kb.graph import build_graph
    from kb.render.graph import to_dot, to_mermaid

    kb, problems = load()
    report(problems)
    nodes, edges = build_graph(kb, claims_matching(kb, filters), with_sources)
    typer.echo((to_dot if fmt is GraphFormat.dot else to_mermaid)(nodes, edges), nl=False)
    finish(problems)

@app.command()
@with_filters
def stats(filters: "Filters", fmt: FormatOpt = None) -> None:
    """How many claims there are by company, speaker, factory, year and status.

    \b
    Examples:
      kb stats
      kb stats --company LGES --format json
    """
    from kb.render.listing import Listing
    from kb.stats import claim_stats

    index, problems = open_for_answers()
    kb, claims = selected(index, filters)
    table = output_format(fmt) == "table"
    rows = [{"by": field, "value": kb.short(value) if table and field in ("company", "speaker", "factory") else value,
             "claims": str(count)} for field, value, count in claim_stats(kb, claims)]
    data = [{"by": field, "value": value, "claims": count} for field, value, count in claim_stats(kb, claims)]
    listing = Listing(columns=("by", "value", "claims"), rows=rows, data=data, ids=[r["value"] for r in data],
                      no_wrap=("by", "claims"), wide=(), group_by="by", styles={"by": "bold", "claims": "cyan"})
    emit(listing, fmt)
    finish(problems)
