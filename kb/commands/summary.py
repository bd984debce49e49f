"""`kb stats` and `kb graph`: counts and pictures of a selection of claims."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import (
    FormatOpt,
    app,
    choices,
    emit,
    fail,
    finish,
    open_for_answers,
    output_format,
    with_filters,
)

if TYPE_CHECKING:
    from ..query import Filters


GraphFormat = choices("GraphFormat", ("dot", "mermaid"))
SumBy = choices("SumBy", ("company", "speaker", "factory", "year", "status", "source", "product"))


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

    from kb.lookup import select
    from kb.query import QueryError

    index, problems = open_for_answers()
    try:
        selection = select(index, filters)
    except QueryError as error:
        raise fail(str(error))
    claims = list(selection.claims("l.id, l.path, l.rid"))
    nodes, edges = build_graph(selection.knowledge_base(claims), claims, with_sources)
    typer.echo((to_dot if fmt is GraphFormat.dot else to_mermaid)(nodes, edges), nl=False)
    finish(problems)

@app.command()
@with_filters
def stats(
    filters: "Filters",
    total: Annotated[Optional[str], typer.Option("--sum", metavar="QUANTITY", help=(
        "Add up this quantity (capacity, investment, jobs, ...) instead of counting claims."))] = None,
    by: Annotated[SumBy, typer.Option("--by", help="With --sum: one total per company, speaker, factory, year, "
                                                   "status, source or product.")] = SumBy.company,
    fmt: FormatOpt = None,
) -> None:
    """How many claims there are by company, speaker, factory, year, status and each declared attribute;
    or, with --sum, totals of a quantity the claims state.

    Totals add MWh and GWh alike, and money per currency (never converted); each says how many
    claims it rests on, and the claims whose amount has no unit are named as left out.

    \b
    Examples:
      kb stats
      kb stats --company LGES --format json
      kb stats --sum capacity --by company
      kb stats --sum investment --by year --status planned
    """
    from kb.lookup import claim_stats, entity_rids, select
    from kb.query import QueryError
    from kb.render.listing import Listing

    index, problems = open_for_answers()
    try:
        selection = select(index, filters)
    except QueryError as error:
        raise fail(str(error))
    table = output_format(fmt) == "table"
    if total is not None:
        claims = list(selection.claims("l.id, l.path, l.rid", where="json_type(r.data, '$.quantities') IS NOT NULL"))
        kb = selection.knowledge_base(claims)
        emit(_sum_listing(kb, claims, total, by.value, table), fmt)
        finish(problems)
        return
    counted = claim_stats(selection)
    if table:  # entity ids as short names: the entities counted are loaded for that
        kb = index.knowledge_base(rids=(), entity_rids=entity_rids(index, {
            value for field, value, _ in counted if field in ("company", "speaker", "factory")}))
    rows = [{"by": field, "value": kb.short(value) if table and field in ("company", "speaker", "factory") else value,
             "claims": str(count)} for field, value, count in counted]
    data = [{"by": field, "value": value, "claims": count} for field, value, count in counted]
    listing = Listing(columns=("by", "value", "claims"), rows=rows, data=data, ids=[r["value"] for r in data],
                      no_wrap=("by", "claims"), wide=(), group_by="by", styles={"by": "bold", "claims": "cyan"})
    emit(listing, fmt)
    finish(problems)


def _sum_listing(kb, claims: list, name: str, by: str, table: bool):
    """The totals of a quantity as a listing: one row per group and unit, then the claims left out."""
    from kb.render.listing import Listing
    from kb.stats import quantity_sums

    sums = quantity_sums(kb, claims, name, by)
    label = (lambda value: kb.short(value)) if table and by in ("company", "speaker", "factory") else str
    rows = [{by: label(t.group), "total": t.text, "claims": str(len(t.counted)),
             "counted": ", ".join(t.counted)} for t in sums.totals]
    rows += [{by: label(group), "total": "no unit", "claims": str(len(ids)), "counted": ", ".join(ids)}
             for group, ids in sorted(sums.left_out.items())]
    data = [{by: t.group, "quantity": name, "dimension": t.dimension, "total": t.text, "amount": t.base,
             "approximate": t.approximate, "claims": len(t.counted), "counted": t.counted} for t in sums.totals]
    data += [{by: group, "quantity": name, "dimension": None, "total": None, "claims": len(ids),
              "left_out": ids, "reason": "no unit"} for group, ids in sorted(sums.left_out.items())]
    return Listing(columns=(by, "total", "claims", "counted"), rows=rows, data=data, ids=[r[by] for r in data],
                   title=f"{name} by {by}", no_wrap=("total", "claims"), wide=("counted",), droppable=(),
                   styles={"total": "cyan"})
