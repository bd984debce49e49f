"""`kb timeline`, `kb due` and `kb conflicts`: plans in time, promises to follow up, disagreements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import (
    FormatOpt,
    app,
    choices,
    claim_listing,
    claims_matching,
    emit,
    finish,
    load,
    output_format,
    report,
    with_filters,
)

if TYPE_CHECKING:
    from ..query import Filters


TimelineKey = choices("TimelineKey", ("when", "said"))


@app.command()
@with_filters
def timeline(
    filters: "Filters",
    by: Annotated[TimelineKey, typer.Option("--by", help="when: when the claims' subjects are due; said: when "
                                                        "they were said.")] = TimelineKey.when,
    fmt: FormatOpt = None,
) -> None:
    """Claims in time order, grouped by year, each with its period as precise as its source (2026-H1,
    2025-late); claims with no known time come last.

    \b
    Examples:
      kb timeline --company LGES
      kb timeline --due 2024..2026
      kb timeline --by said
    """
    from kb.period import of_claim, sort_date
    from kb.render.rows import row

    kb, problems = load()
    report(problems)
    claims = claims_matching(kb, filters)

    def key(claim) -> tuple:
        if by is TimelineKey.said:
            return (claim.said is None, claim.said or "", claim.id)
        when = of_claim(claim, kb)
        return (when is None, sort_date(when) if when else None, claim.id)

    def year(claim) -> str:
        if by is TimelineKey.said:
            return claim.said[:4] if claim.said else "unknown"
        when = of_claim(claim, kb)
        return str(sort_date(when).year) if when else "unknown"

    claims.sort(key=key)
    listing = claim_listing(kb, claims, output_format(fmt), ("year", "when", "said", "id", "status", "speaker", "claim"),
                            make_row=lambda c, names: {**row(c, names), "year": year(c)},
                            group_by="year", no_wrap=("year", "when", "said", "id", "status"),
                            droppable=("said", "speaker", "status") if by is TimelineKey.when
                            else ("when", "speaker", "status"),
                            styles={"id": "green", "year": "bold cyan", "status": "magenta"})
    emit(listing, fmt)
    finish(problems)


@app.command()
@with_filters
def conflicts(filters: "Filters", fmt: FormatOpt = None) -> None:
    """Pairs of claims that disagree: explicit `contradicts`, and plans for the same company, product and
    factory whose period or status differ with no `supersedes` between them.

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
    """The promise tracker: planned or considered claims whose period has ended (2025-H1 only after June
    2025) and that no later claim supersedes. These are the announcements to follow up.

    \b
    Examples:
      kb due
      kb due --as-of 2025-06 --company LGES
    """
    import datetime

    from kb.period import months_between
    from kb.render.rows import COLUMNS, as_data, row
    from kb.validate import check_date
    from kb.xref import due as due_claims

    if as_of is not None and check_date(as_of):
        raise typer.BadParameter(check_date(as_of), param_hint="'--as-of'")
    day = datetime.date(*(int(p) for p in (as_of.split("-") + ["1", "1"])[:3])) if as_of else datetime.date.today()
    kb, problems = load()
    report(problems)
    found = due_claims(kb, day, claims_matching(kb, filters))
    late = {claim.id: months_between(when.end + datetime.timedelta(days=1), day) for claim, when in found}
    listing = claim_listing(kb, [claim for claim, _ in found], output_format(fmt),
                            (*COLUMNS[:2], "overdue", *COLUMNS[2:]),
                            make_row=lambda c, names: {**row(c, names), "overdue": _months(late[c.id])},
                            make_data=lambda c: dict(as_data(c), overdue_months=late[c.id]),
                            no_wrap=("id", "when", "overdue", "status"), styles={"id": "green", "overdue": "red"})
    emit(listing, fmt)
    finish(problems)


def _months(count: int) -> str:
    """Whole months since a period ended: 12 -> '1y', 14 -> '1y 2m', 5 -> '5m', 0 -> '<1m'."""
    years, months = divmod(count, 12)
    text = " ".join(part for part in (f"{years}y" if years else "", f"{months}m" if months else "") if part)
    return text or "<1m"
