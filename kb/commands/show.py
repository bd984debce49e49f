"""`kb show` and `kb xref`: one claim or entity, and how it connects."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import (
    FormatOpt,
    ShowFormat,
    app,
    claims_matching,
    complete,
    emit,
    fail,
    finish,
    open_for_answers,
    with_filters,
)

if TYPE_CHECKING:
    from ..answers.query import Filters


@app.command()
def show(
    ref: Annotated[str, typer.Argument(metavar="ID", help="A claim or entity id, a unique prefix of one, or an entity "
                                                          "name.", autocompletion=complete("record"))],
    fmt: Annotated[Optional[ShowFormat], typer.Option("--format", "-o", case_sensitive=False,
                                                      help="rich, plain, json or yaml; default: rich on a terminal.")] = None,
) -> None:
    """Show one claim or entity with every field resolved.

    A claim with its speaker, company, factory and source named in full; an entity with its claims.

    \b
    Examples:
      kb show lges-4680-ochang-mass-production
      # a unique prefix is enough:
      kb show lges-4680-o
      # a company, and every claim touching it:
      kb show lges
    """
    from kb.answers.describe import describe
    from kb.answers.lookup import find
    from kb.answers.query import QueryError
    from kb.render.show import write

    index, problems = open_for_answers()
    try:
        kb, record = find(index, ref)
    except QueryError as error:
        raise fail(str(error))
    chosen = fmt.value if fmt else ("rich" if sys.stdout.isatty() else "plain")
    write(describe(kb, record), chosen, sys.stdout)
    finish(problems)

@app.command()
@with_filters
def xref(
    filters: "Filters",
    ref: Annotated[str, typer.Argument(metavar="ID", help="A claim id (or unique prefix), or an entity id, "
                                                          "name or alias.", autocompletion=complete("record"))],
    fmt: FormatOpt = None,
) -> None:
    """How a claim or an entity connects to the others.

    How a claim connects: its relations both ways, then claims sharing its factory, company and
    product, or speaker. For an entity: every claim touching it, by the role it plays.

    Filters restrict which connected claims are shown.

    \b
    Examples:
      kb xref lges-tesla-4680-production-this-year
      kb xref Ochang
      kb xref "Elon Musk" --format ids
    """
    from kb.answers.lookup import find
    from kb.answers.query import QueryError
    from kb.answers.xref import ROLE_LABELS, claims_touching, links, neighbours
    from kb.model.schema import Claim
    from kb.render.listing import Listing

    index, problems = open_for_answers()
    try:
        kb, record = find(index, ref, with_neighbours=True)
    except QueryError as error:
        raise fail(str(error))
    allowed = {c.id for c in claims_matching(kb, filters)}
    rows: list[dict] = []
    if isinstance(record, Claim):
        for link in links(kb, record):
            other = kb.claims_by_id.get(link.other)
            rows.append({"connection": link.label, "id": link.other, "claim": other.claim if other else "(missing)"})
        shown = {row["id"] for row in rows}
        for kind, claims in neighbours(kb, record).items():  # each claim once, under its closest connection
            rows.extend({"connection": kind, "id": c.id, "claim": c.claim} for c in claims if c.id not in shown)
            shown.update(c.id for c in claims)
    else:
        for role, claims in claims_touching(kb, record.id).items():
            rows.extend({"connection": f"as {ROLE_LABELS[role]}", "id": c.id, "claim": c.claim} for c in claims)
    rows = [r for r in rows if r["id"] in allowed or r["id"] not in kb.claims_by_id]
    ids = list(dict.fromkeys(r["id"] for r in rows))
    listing = Listing(columns=("connection", "id", "claim"), rows=rows, data=[dict(r, of=record.id) for r in rows],
                      ids=ids, title=f"{record.id}", no_wrap=("id",), group_by="connection",
                      styles={"id": "green", "connection": "magenta"})
    emit(listing, fmt)
    finish(problems)
