"""`kb timeline`, `kb due` and `kb conflicts`: plans in time, promises to follow up, disagreements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import (app, FormatOpt, choices, claim_listing, claims_matching, emit, finish, load, output_format,
    report, with_filters)

if TYPE_CHECKING:
    from ..query import Filters


TimelineKey = choices("TimelineKey", ("year", "said"))


@app.command()
@with_filters
def timeline(
    filters: "Filters",
    by: Annotated[TimelineKey, typer.Option("--by", help="year: the year claims are about; said: when they "
                                                        "were said.")] = TimelineKey.year,
    fmt: FormatOpt = None,
) -> None:
    """Claims in time order, grouped by year; claims with no known year come last.

    \b
    Examples:
      kb timeline --company LGES
      kb timeline --by said
    """
    from kb.render.rows import row

    kb, problems = load()
    report(problems)
    claims = claims_matching(kb, filters)

    def when(claim) -> str:
        value = claim.year if by is TimelineKey.year else claim.said
        return str(value) if value is not None else ""

    claims.sort(key=lambda c: (when(c) == "", when(c), c.id))
    listing = claim_listing(kb, claims, output_format(fmt), ("when", "year", "said", "id", "status", "speaker", "claim"),
                            make_row=lambda c, names: {**row(c, names), "when": when(c)[:4] or "unknown"},
                            group_by="when", no_wrap=("when", "year", "said", "id", "status"),
                            droppable=("said", "speaker", "status", "year") if by is TimelineKey.year
                            else ("year", "speaker", "status"),
                            styles={"id": "green", "when": "bold cyan", "status": "magenta"})
    emit(listing, fmt)
    finish(problems)


@app.command()
@with_filters
def conflicts(filters: "Filters", fmt: FormatOpt = None) -> None:
    """Pairs of claims that disagree: explicit `contradicts`, and plans for the same company, product and
    factory whose year or status differ with no `supersedes` between them.

    \b
    Examples:
      kb conflicts
      kb conflicts --company LGES --format json
    """
    from kb.render.listing import Listing
    from kb.xref import conflicts as find_conflicts

    kb, problems = load()
    report(problems)
    pairs = find_conflicts(kb, claims_matching(kb, filters))
    rows = [{"first": p.first.id, "second": p.second.id, "reason": p.reason,
             "differs": "; ".join(p.differences) or "-", "first claim": p.first.claim,
             "second claim": p.second.claim} for p in pairs]
    data = [{"first": p.first.id, "second": p.second.id, "reason": p.reason, "differences": list(p.differences),
             "first_claim": p.first.claim, "second_claim": p.second.claim} for p in pairs]
    ids = list(dict.fromkeys(i for p in pairs for i in (p.first.id, p.second.id)))
    listing = Listing(columns=("first", "second", "reason", "differs", "first claim", "second claim"), rows=rows,
                      data=data, ids=ids, no_wrap=("first", "second", "reason"),
                      wide=("first claim", "second claim"), droppable=("reason",),
                      styles={"first": "green", "second": "green", "differs": "red"})
    emit(listing, fmt)
    finish(problems)


@app.command()
@with_filters
def due(
    filters: "Filters",
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="DATE",
                                                 help="Judge as of this date (YYYY, YYYY-MM or YYYY-MM-DD); "
                                                      "default today.")] = None,
    fmt: FormatOpt = None,
) -> None:
    """The promise tracker: planned or considered claims whose year has passed and that no later claim
    supersedes. These are the announcements to follow up.

    \b
    Examples:
      kb due
      kb due --as-of 2025-06 --company LGES
    """
    import datetime

    from kb.render.rows import COLUMNS, as_data, row
    from kb.validate import check_date
    from kb.xref import due as due_claims

    if as_of is not None and check_date(as_of):
        raise typer.BadParameter(check_date(as_of), param_hint="'--as-of'")
    year = int(as_of[:4]) if as_of else datetime.date.today().year
    kb, problems = load()
    report(problems)
    claims = due_claims(kb, year, claims_matching(kb, filters))
    listing = claim_listing(kb, claims, output_format(fmt), (*COLUMNS[:2], "overdue", *COLUMNS[2:]),
                            make_row=lambda c, names: {**row(c, names), "overdue": f"{year - c.year}y"},
                            make_data=lambda c: dict(as_data(c), overdue_years=year - c.year),
                            no_wrap=("id", "year", "overdue", "status"), styles={"id": "green", "overdue": "red"})
    emit(listing, fmt)
    finish(problems)
