"""`kb stats` and `kb graph`: counts and pictures of a selection of claims."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import (
    AsOfOpt,
    FormatOpt,
    answer_as_of,
    app,
    choices,
    complete,
    emit,
    fail,
    finish,
    open_for_answers,
    output_format,
    parse_as_of,
    with_filters,
)

if TYPE_CHECKING:
    from ..answers.query import Filters


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
    """The selected claims, their entities and relations, as a graph.

    The selected claims, the entities they name and the relations among them, as a graph.

    \b
    Examples:
      kb graph --company LGES | dot -Tsvg > lges.svg
      kb graph --factory Ochang --format mermaid
    """
    import sys

    from kb.answers.lookup import select
    from kb.answers.query import QueryError

    index, problems = open_for_answers()
    try:
        selection = select(index, filters)
    except QueryError as error:
        raise fail(str(error))
    out = sys.stdout
    for line in _graph_lines(index, selection, fmt is GraphFormat.mermaid, with_sources):
        out.write(line + "\n")
    finish(problems)


def _graph_lines(index, selection, mermaid: bool, with_sources: bool):
    """The lines of `kb.render.graph.to_dot` (or `to_mermaid`) of `kb.answers.graph.build_graph` over the chosen
    claims, made in two passes over the index's rows: the nodes (kept, few), then the edges (streamed),
    so that a graph of every claim fits in memory."""
    import json

    from kb.answers.graph import Edge, Node
    from kb.answers.lookup import entity_rids
    from kb.answers.xref import ROLE_LABELS, ROLES
    from kb.model.records import display_name, kind_of
    from kb.model.schema import RELATIONS
    from kb.render.graph import (
        DOT_HEAD,
        MERMAID_HEAD,
        dot_edge,
        dot_node,
        mermaid_edge,
        mermaid_node,
    )

    def claims():
        for batch in selection.rows("r.data", "l.id, l.path, l.rid", records=True):
            for (data,) in batch:
                yield json.loads(data)

    def roles(claim: dict):
        for role in ROLES:
            value = claim.get(role)
            for entity_id in (value if isinstance(value, list) else (value,)):
                if entity_id and (role != "source" or with_sources):
                    yield role, entity_id

    nodes: dict[str, Node | None] = {}  # in the order build_graph gives them; None: an entity, named below
    for claim in claims():
        nodes[claim["id"]] = Node(claim["id"], "claim", claim["claim"])
        for _, entity_id in roles(claim):
            nodes.setdefault(entity_id, None)
    kb = index.knowledge_base(rids=(), entity_rids=entity_rids(index, [i for i, n in nodes.items() if n is None]))
    for node_id, node in nodes.items():
        if node is None:
            entity = kb.entity(node_id)
            nodes[node_id] = Node(node_id, kind_of(entity) if entity else "unknown",
                                  display_name(entity) if entity else node_id)
    names = {node_id: f"n{i}" for i, node_id in enumerate(nodes)} if mermaid else {}
    yield from MERMAID_HEAD if mermaid else DOT_HEAD
    for node_id, node in nodes.items():
        yield mermaid_node(names[node_id], node) if mermaid else dot_node(node)
    chosen = {node_id for node_id, node in nodes.items() if node.kind == "claim"}
    for claim in claims():
        edges = [Edge(claim["id"], entity_id, ROLE_LABELS[role]) for role, entity_id in roles(claim)]
        edges += [Edge(claim["id"], target, relation) for relation in RELATIONS
                  for target in claim.get(relation, ()) if target in chosen]
        for edge in edges:
            yield mermaid_edge(names, edge) if mermaid else dot_edge(edge)
    if not mermaid:
        yield "}"


@app.command()
@with_filters
def stats(
    filters: "Filters",
    total: Annotated[Optional[str], typer.Option("--sum", metavar="QUANTITY", help=(
        "Add up this quantity (capacity, investment, jobs, ...) instead of counting claims."),
        autocompletion=complete("quantity name"))] = None,
    by: Annotated[SumBy, typer.Option("--by", help="With --sum: one total per company, speaker, factory, year, "
                                                   "status, source or product.")] = SumBy.company,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Claim counts by field and state, or sums of a quantity.

    How many claims there are by company, speaker, factory, year, status, state (current, superseded,
    kept, contradicted, overdue) and each declared attribute; or, with --sum, totals of a quantity the
    claims state.

    Totals add MWh and GWh alike, and money per currency (never converted); each says how many
    claims it rests on, and the claims whose amount has no unit are named as left out.

    \b
    Examples:
      kb stats
      kb stats --company LGES --format json
      kb stats --sum capacity --by company
      kb stats --sum investment --by year --status planned
      kb stats --as-of 2024-12
    """
    from kb.answers.lookup import claim_stats, entity_rids, select
    from kb.answers.query import QueryError
    from kb.render.listing import Listing

    parse_as_of(as_of)
    index, problems = open_for_answers()
    day = answer_as_of(index, as_of)
    try:
        selection = select(index, filters)
    except QueryError as error:
        raise fail(str(error))
    table = output_format(fmt) == "table"
    if total is not None:
        claims = list(selection.claims("l.id, l.path, l.rid", where="json_type(r.data, '$.quantities') IS NOT NULL"))
        kb = selection.knowledge_base(claims)
        listing = _sum_listing(kb, claims, total, by.value, table)
        emit(listing, fmt)
        if not listing.data:
            typer.echo(_nothing_to_sum(total, claims, selection.total), err=True)
        finish(problems)
        return
    counted = claim_stats(selection, day)
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


def _nothing_to_sum(name: str, claims: list, selected: int) -> str:
    """Why a sum has no rows: no claim selected states the quantity; the names they do state, or a close one."""
    import difflib

    stated = sorted({q for c in claims for q in (c.quantities or {})})
    close = difflib.get_close_matches(name, stated, n=1)
    if not selected:
        return "kb: nothing to add up: no claim matches the filters"
    among = "the claim selected does not" if selected == 1 else f"none of the {selected} claims selected"
    they = "it states" if selected == 1 else "they state"
    hint = (f"did you mean '{close[0]}'?" if close else f"{they} {', '.join(stated)}" if stated
            else f"{they} no quantities")
    return f"kb: nothing to add up: {among} state '{name}'; {hint}"


def _sum_listing(kb, claims: list, name: str, by: str, table: bool):
    """The totals of a quantity as a listing: one row per group and unit, then the claims left out."""
    from kb.answers.stats import quantity_sums
    from kb.render.listing import Listing

    sums = quantity_sums(kb, claims, name, by)
    label = (lambda value: kb.short(value)) if table and by in ("company", "speaker", "factory") else str
    rows = [{by: label(t.group), "total": t.text, "claims": str(len(t.counted)),
             "counted": ", ".join(t.counted) + (f" (backed by {', '.join(t.also)})" if t.also else "")}
            for t in sums.totals]
    rows += [{by: label(group), "total": "no unit", "claims": str(len(ids)), "counted": ", ".join(ids)}
             for group, ids in sorted(sums.left_out.items())]
    data = [{by: t.group, "quantity": name, "dimension": t.dimension, "total": t.text, "amount": t.base,
             "approximate": t.approximate, "claims": len(t.counted), "counted": t.counted, "backed_by": t.also}
            for t in sums.totals]
    data += [{by: group, "quantity": name, "dimension": None, "total": None, "claims": len(ids),
              "left_out": ids, "reason": "no unit"} for group, ids in sorted(sums.left_out.items())]
    return Listing(columns=(by, "total", "claims", "counted"), rows=rows, data=data, ids=[r[by] for r in data],
                   title=f"{name} by {by}", no_wrap=("total", "claims"), wide=("counted",), droppable=(),
                   styles={"total": "cyan"})
