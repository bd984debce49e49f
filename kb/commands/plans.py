"""`kb timeline`, `kb due` and `kb conflicts`: plans in time, promises to follow up, disagreements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from .common import (
    TABLE_ROWS,
    AsOfOpt,
    FormatOpt,
    answer_as_of,
    app,
    choices,
    emit,
    fail,
    finish,
    note,
    open_for_answers,
    output_format,
    parse_as_of,
    selection_listing,
    with_filters,
)

if TYPE_CHECKING:
    from ..answers.query import Filters


TimelineKey = choices("TimelineKey", ("when", "said"))


@app.command()
@with_filters
def timeline(
    filters: "Filters",
    by: Annotated[TimelineKey, typer.Option("--by", help="when: when the claims' subjects are due; said: when "
                                                        "they were said.")] = TimelineKey.when,
    fmt: FormatOpt = None,
) -> None:
    """Claims in time order, grouped by year, with their states.

    Claims in time order, grouped by year, each with its period as precise as its source (2026-H1,
    2025-late) and its state (current, superseded, kept, contradicted, overdue); claims with no known
    time come last. --current leaves out what a newer claim supersedes.

    \b
    Examples:
      kb timeline --company LGES
      kb timeline --due 2024..2026
      kb timeline --by said
      kb timeline --company LGES --current
    """
    from kb.store.rows import row

    index, problems = open_for_answers()
    selection = _select(index, filters)
    chosen = output_format(fmt)
    if by is TimelineKey.said:
        order = "l.said IS NULL, l.said, l.id, l.path, l.rid"
        year_sql = "l.said"

        def year(claim) -> str:
            return claim.said[:4] if claim.said else "unknown"
    else:  # where each period starts, fiscal years placed by their company's year-end (kb.store.index)
        order = "l.when_key IS NULL, l.when_key, l.id, l.path, l.rid"
        year_sql = "l.when_key"

        def year(claim) -> str:
            return str(when_keys[claim.path] // 10000) if when_keys.get(claim.path) else "unknown"

    def plain(found, state: str) -> str:  # the row as kb.store.formats.plain_line writes it, from the index's
        cells = found[0].split("\t")  # cells: id, when, status, speaker, company, factory, claim
        value = found[2]
        shown = ("unknown" if value is None else value[:4] if by is TimelineKey.said else str(value // 10000))
        return "\t".join((shown, cells[1], found[1] or "-", cells[0], cells[2], state, cells[3], cells[6]))

    when_keys = {}
    if chosen == "table":
        when_keys = dict(row for batch in selection.rows("l.path, l.when_key", order, TABLE_ROWS) for row in batch)
    listing = selection_listing(selection, chosen, order, None,
                                ("year", "when", "said", "id", "status", "state", "speaker", "claim"),
                                make_row=lambda c, names: {**row(c, names), "year": year(c)},
                                plain=(f"l.plain, l.said, {year_sql}", plain),
                                group_by="year", no_wrap=("year", "when", "said", "id", "status"),
                                droppable=("said", "speaker", "status", "state") if by is TimelineKey.when
                                else ("when", "speaker", "status", "state"),
                                styles={"id": "green", "year": "bold cyan", "status": "magenta"})
    listing.total = selection.total
    emit(listing, fmt)
    finish(problems)


def _select(index, filters: "Filters"):
    """The claims matching filters, in SQL (kb.answers.lookup.select), or the error."""
    from kb.answers.lookup import select
    from kb.answers.query import QueryError

    try:
        return select(index, filters)
    except QueryError as error:
        raise fail(str(error))


@app.command()
@with_filters
def conflicts(filters: "Filters", fmt: FormatOpt = None) -> None:
    """Pairs of claims that disagree.

    Pairs of claims that disagree: explicit `contradicts`, and plans for the same company, product and
    factory whose period or status differ with no `supersedes` between them.

    \b
    Examples:
      kb conflicts
      kb conflicts --company LGES --format json
    """
    from kb.answers.lookup import conflicts_input
    from kb.answers.xref import conflicts as find_conflicts
    from kb.render.listing import Listing

    index, problems = open_for_answers()
    pairs = find_conflicts(*conflicts_input(_select(index, filters)))
    rows = [{"first": p.first.id, "second": p.second.id, "reason": p.reason,
             "differs": "; ".join(p.differences) or "-", "first claim": p.first.claim,
             "second claim": p.second.claim} for p in pairs]
    data = [{"first": p.first.id, "second": p.second.id, "reason": p.reason, "differences": list(p.differences),
             "first_claim": p.first.claim, "second_claim": p.second.claim} for p in pairs]
    ids = list(dict.fromkeys(i for p in pairs for i in (p.first.id, p.second.id)))
    listing = Listing(columns=("first", "second", "reason", "differs", "first claim", "second claim"), rows=rows,
                      data=data, ids=ids, no_wrap=("reason",), id_columns=("first", "second"),
                      wide=("first claim", "second claim"), droppable=("reason",),
                      styles={"first": "green", "second": "green", "differs": "red"})
    emit(listing, fmt)
    finish(problems)


@app.command()
@with_filters
def due(
    filters: "Filters",
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """The promise tracker: plans whose period has ended.

    Planned, considered or underway claims whose period has ended (2025-H1 only after June 2025)
    and that no later claim supersedes. These are the announcements to follow up; a
    promise a claim contradicts says by which. Each plan is listed once (a claim elaborating or
    supporting a promise is the same promise): by the claim whose date passed first. A note says which
    ones a done claim of the same plant may have kept with no link saying so. With --as-of, the
    knowledge base as it stood on that date.

    \b
    Examples:
      kb due
      kb due --as-of 2025-06 --company LGES
    """
    import datetime

    from kb.answers.lookup import States, due_repeats, superseded_sql, unlinked_done, unlinked_note
    from kb.answers.xref import DUE_STATUSES
    from kb.model.period import as_number, months_between
    from kb.store.rows import as_data, row

    parse_as_of(as_of)
    index, problems = open_for_answers()
    day = answer_as_of(index, as_of)
    selection = _select(index, filters)
    # plans to follow up: planned, considered or underway, not superseded by any claim (a claim contradicting
    # one does not close it), and its period (a fiscal year placed by its company's year-end) ended before the
    # day; by when it ended, then id
    superseded, pairs = superseded_sql(index)  # but by a done claim that is progress toward it
    where = (f"l.status IN ({', '.join('?' * len(DUE_STATUSES))}) AND l.when_end < ? AND l.id NOT IN "
             f"({superseded})")
    params = (*DUE_STATUSES, as_number(day, False), *pairs)
    # each plan once (kb.answers.track.plan_groups): by the claim whose period ended first
    index.conn.execute("CREATE TEMP TABLE IF NOT EXISTS due_left_out(rid INTEGER PRIMARY KEY)")
    index.conn.execute("DELETE FROM temp.due_left_out")
    index.conn.executemany("INSERT INTO temp.due_left_out VALUES (?)",
                           [(rid,) for rid in due_repeats(index, where, params)])
    where += " AND l.rid NOT IN (SELECT rid FROM temp.due_left_out)"
    order = "l.when_end, l.id, l.path, l.rid"
    states = States(index, day)
    against = {target: ", ".join(ids) for target, ids in states.against.items()}

    def late(end: int) -> int:
        ended = datetime.date(end // 10000, end // 100 % 100, end % 100)
        return months_between(ended + datetime.timedelta(days=1), day)

    def plain(found, state: str) -> str:  # cells: id, when, status, speaker, company, factory, claim
        cells = found[0].split("\t")
        return "\t".join((cells[0], cells[1], _months(late(found[1])), cells[2],
                          against.get(found[-3]) or "-", *cells[3:]))

    chosen = output_format(fmt)
    ends = dict(row for batch in selection.rows("l.path, l.when_end", order, where=where, params=params)
                for row in batch) if chosen in ("table", "yaml") else {}
    listing = selection_listing(selection, chosen, order, None,
                                ("id", "when", "overdue", "status", "contradicted by", "speaker", "company", "factory",
                                 "claim"),
                                make_row=lambda c, names: {**row(c, names), "overdue": _months(late(ends[c.path])),
                                                           "contradicted by": against.get(c.id, "")},
                                make_data=lambda c: dict(as_data(c), overdue_months=late(ends[c.path])),
                                plain=("l.plain, l.when_end", plain),
                                extra=("l.when_end", lambda found: {"overdue_months": late(found[-4])}),
                                where=where, params=params, states=states, no_wrap=("id", "when", "overdue", "status"),
                                droppable=("company", "factory", "speaker", "status", "contradicted by"),
                                id_columns=("id", "contradicted by"),
                                styles={"id": "green", "overdue": "red", "contradicted by": "yellow"})
    listing.total = selection.count(where, params)
    emit(listing, fmt)
    overdue = [found[0] for batch in selection.rows("l.id", order, where=where, params=params) for found in batch]
    hint = unlinked_note(unlinked_done(index, overdue), "overdue")
    if hint:
        note(hint)
    finish(problems)


def _months(count: int) -> str:
    """Whole months since a period ended: 12 -> '1y', 14 -> '1y 2m', 5 -> '5m', 0 -> '<1m'."""
    years, months = divmod(count, 12)
    text = " ".join(part for part in (f"{years}y" if years else "", f"{months}m" if months else "") if part)
    return text or "<1m"
