"""`kb track`, `kb record` and `kb link`: plan histories, track records, and the links between plans."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import (
    EXIT_USAGE,
    TABLE_ROWS,
    AsOfOpt,
    FormatOpt,
    answer_as_of,
    app,
    complete,
    emit,
    fail,
    finish,
    load,
    note,
    open_for_answers,
    output_format,
    parse_as_of,
    repo_root,
    report,
    with_filters,
)

if TYPE_CHECKING:
    from ..answers.query import Filters
    from ..model.records import KnowledgeBase
    from ..store.index import Index

def _unlinked(index: "Index", plans: list) -> None:
    """The note on plans left open that a done claim no link ties to may have kept (kb.answers.lookup)."""
    from kb.answers.lookup import unlinked_done, unlinked_note

    open_plans = [p for p in plans if p.outcome in ("pending", "overdue")]
    if not open_plans:
        return
    found = unlinked_done(index, [step.claim.id for p in open_plans for step in p.steps])
    by_plan = {}
    for p in open_plans:
        done = sorted({d for step in p.steps for d in found.get(step.claim.id, ())})
        if done:
            by_plan[p.heads[0] if p.heads else p.steps[-1].claim.id] = done
    hint = unlinked_note(by_plan, "pending or overdue")
    if hint:
        note(hint)


def _selection(filters: "Filters", as_of: Optional[str]) -> tuple["KnowledgeBase", list, list, object, "Index"]:
    """(knowledge base, the claims matching filters, problems, the day judged on, the index), with every claim
    of the plans of those claims loaded from the index, as the knowledge base stood on that day."""
    from kb.answers.lookup import knowledge_base_for
    from kb.answers.query import QueryError, select

    parse_as_of(as_of)  # a malformed date is a usage error before anything is read
    index, problems = open_for_answers()
    day = answer_as_of(index, as_of)
    try:
        kb = knowledge_base_for(index, filters, whole_chains=True, plans_only=True)
        return kb, select(kb, filters), problems, day, index
    except QueryError as error:
        raise fail(str(error))


@app.command()
@with_filters
def track(
    filters: "Filters",
    suggest: Annotated[bool, typer.Option("--suggest", help="Instead, propose the supersedes links that seem "
                                                            "missing between plans of the same company, factory "
                                                            "and product said at different times.")] = False,
    apply: Annotated[bool, typer.Option("--apply", help="With --suggest: ask about each link (y, n or q, one "
                                                        "answer a line) and write the accepted ones as "
                                                        "`kb link` does.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="With --apply: write every proposed link without "
                                                    "asking.")] = False,
    as_of: AsOfOpt = None,
    chart: Annotated[Optional[Path], typer.Option("--chart", metavar="FILE.svg|FILE.png", help=(
        "Also draw the schedule-slip chart of these plans to this file (needs the `chart` extra)."),
        dir_okay=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="With --chart: replace FILE if it exists.")] = False,
    fmt: FormatOpt = None,
) -> None:
    """Plan histories: each plan's claims, slips and outcome.

    Each plan's claims in the order they were said, what was promised for when,
    by whom and where, how far the date slipped at each step, and how the plan ended.

    A plan is a chain of plan claims joined by `supersedes`, with the claims that elaborate or
    support one of them (docs/plans.md). Slip is the move of the promised
    period's end (the deadline) in months, with the move of its start beside it when that
    differs: 2024-H2 -> 2025 is "+12m (start +6m)". The outcome: kept on time, kept late (by
    how much, against the first deadline), cancelled, pending or overdue.

    \b
    Examples:
      kb track --company LGES
      kb track --factory Arizona --as-of 2026-06
      kb track --company LGES --suggest
      kb track --company LGES --suggest --apply
      kb track --company LGES --chart charts/lges.svg

    --chart FILE.svg (or .png) also draws the plans' schedule-slip chart: when each promise was
    made against the period it promised, one line per plan, its outcome marked. charts/ (made
    with its own .gitignore) is a place for them that git leaves alone.
    """
    from kb.answers.suggest import suggest as suggest_links
    from kb.answers.track import plans
    from kb.render.chart import FORMATS
    from kb.render.track import plan_listing, suggestion_listing

    if chart is not None and chart.suffix.lower().lstrip(".") not in FORMATS:
        raise fail(f"--chart {chart}: name an .svg or a .png file", EXIT_USAGE)
    if chart is not None and suggest:
        raise fail("--chart draws plans, --suggest lists links: ask for one at a time", EXIT_USAGE)
    if (apply or yes) and not suggest or yes and not apply:
        raise fail("--apply goes with --suggest, and --yes with --apply", EXIT_USAGE)
    kb, claims, problems, day, index = _selection(filters, as_of)
    if suggest:
        found = suggest_links(kb, claims)
        if apply:
            _apply(found, yes)
        else:
            emit(suggestion_listing(found), fmt)
        finish(problems)
        return
    found = plans(kb, day, claims)
    if chart is not None:
        _write_chart(chart, found, force)
    emit(plan_listing(kb, found, output_format(fmt), TABLE_ROWS), fmt)
    _unlinked(index, found)
    finish(problems)


def _apply(found: list, yes: bool) -> None:
    """Ask about each proposed link (or not, with --yes) and write the accepted ones as `kb link` does."""
    from kb.edit.link import LinkError, plan_link, write
    from kb.model.text import inert

    from .prompting import read_answer

    written = declined = 0
    for number, suggestion in enumerate(found, 1):
        typer.echo(inert(f"{number}/{len(found)}: {suggestion.newer.id} ({suggestion.newer_said}, "
                         f"{suggestion.newer.when or 'no date'}) supersedes {suggestion.older.id} "
                         f"({suggestion.older_said}, {suggestion.older.when or 'no date'})", one_line=True))
        typer.echo(inert(f"  because: {suggestion.reason}", one_line=True))
        answer = "y"
        while not yes:
            try:
                answer = read_answer("  write it? [y]es, [n]o, [q]uit").strip().casefold()[:1]
            except typer.Abort:
                answer = "q"
            if answer in ("y", "n", "q"):
                break
            typer.echo("  answer y, n or q")
        if answer == "q":
            break
        if answer == "n":
            declined += 1
            continue
        kb, _ = load()  # as it is now: an earlier link may have changed the same file
        try:
            edit = plan_link(kb, suggestion.newer.id, suggestion.relation, suggestion.older.id)
            if edit is not None:
                write(kb.root, edit)
                typer.echo(inert(f"  {edit.relpath}:{edit.line}: {edit.line_text}", one_line=True))
                written += 1
        except LinkError as error:
            typer.echo(inert(f"  not written: {error}", one_line=True), err=True)
    left = len(found) - written - declined
    note(f"{written} link(s) written, {declined} declined" + (f", {left} left" if left else "") + ".")


def _write_chart(path: Path, found: list, force: bool) -> None:
    """The chart, written where the user says (like `kb export`), never over a file unless --force."""
    from kb.render.chart import ChartError, render
    from kb.store.atomic import WriteRefused, check_target, ignored_folder, write_bytes_atomic

    target = path.expanduser() if path.expanduser().is_absolute() else Path.cwd() / path
    charts = repo_root() / "charts"
    if target.parent == charts and not charts.exists():  # the place the examples use: never committed
        ignored_folder(charts, "Charts drawn by `kb track --chart`")
    try:
        check_target(target, force)  # before drawing: a refusal costs no chart
        write_bytes_atomic(target, render(found, path.suffix.lower().lstrip(".")), overwrite=force)
    except ChartError as error:
        raise fail(str(error))
    except WriteRefused as error:
        raise fail(str(error) + (" (add --force)" if error.exists else ""))
    note(f"chart of {len(found)} plan(s) written to {path}")


@app.command()
@with_filters
def record(filters: "Filters", as_of: AsOfOpt = None, fmt: FormatOpt = None) -> None:
    """Track records: plans kept on time, kept late, cancelled.

    Of the plans with a claim matching the filters (--company: its plans;
    --speaker: the plans they announced or updated), how many were kept on time, kept late (with
    the median slip), cancelled, and how many are pending or overdue; each with the claims the
    outcome rests on (--format ids lists them).

    \b
    Examples:
      kb record --company LGES
      kb record --speaker "Kim Dong-myeong"
      kb record --company LGES --format ids
    """
    from kb.answers.record import track_record
    from kb.answers.track import plans
    from kb.render.track import record_listing

    kb, claims, problems, day, index = _selection(filters, as_of)
    found = plans(kb, day, claims)
    emit(record_listing(track_record(found), output_format(fmt)), fmt)
    _unlinked(index, found)
    finish(problems)


@app.command()
def link(
    claim: Annotated[str, typer.Argument(metavar="ID", help="The claim that makes the link (the newer one, for "
                                                            "supersedes); its id or a unique prefix of it.",
                                         autocompletion=complete("claim"))],
    relation: Annotated[str, typer.Argument(metavar="RELATION", help="supports, contradicts, supersedes, "
                                                                     "elaborates or related.",
                                            autocompletion=complete("relation"))],
    target: Annotated[str, typer.Argument(metavar="TARGET", help="The claim it names (id or unique prefix).",
                                          autocompletion=complete("claim"))],
) -> None:
    """Add a relation (supersedes, supports, ...) to a claim file.

    ID RELATION TARGET: e.g. a newer plan superseding an older one.

    The id is added to the claim's list for that relation (or a new `relation: [TARGET]` line is
    written where the canonical layout puts it); nothing else in the file changes, comments
    included, and the file is replaced atomically. Unknown ids, a link to itself and a supersedes
    cycle are refused. Prints the line it wrote.

    \b
    Examples:
      kb link tesla-4680-ramp-up-2024 related lges-tesla-4680-production-this-year
      kb track --suggest --format plain | cut -f1-3 | xargs -r -n3 kb link
    """
    from kb.edit.link import LinkError, plan_link, resolve, write

    kb, problems = load()
    report(problems)
    try:
        edit = plan_link(kb, claim, relation, target)
        if edit is None:
            typer.echo(f"{resolve(kb, claim).path}: already {relation} {resolve(kb, target).id}; nothing written",
                       err=True)
            return
        write(kb.root, edit)
    except LinkError as error:
        raise fail(str(error))
    typer.echo(f"{edit.relpath}:{edit.line}: {edit.line_text}")
