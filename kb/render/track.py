"""Listings of plan histories, missing links and track records (kb.answers.track, kb.answers.record): every format
of `kb.render.listing` for free."""

from __future__ import annotations

from itertools import islice
from typing import Any

from ..answers.record import Tally
from ..answers.suggest import Suggestion
from ..answers.track import Plan
from ..model.records import KnowledgeBase
from .listing import Listing

PLAN_COLUMNS = ("plan", "said", "when", "slip", "status", "outcome", "speaker", "source", "id", "claim", "progress")
OUTCOME_STYLES = {"kept on time": "green", "kept late": "yellow", "cancelled": "red", "overdue": "red",
                  "pending": "blue"}


def _when(step) -> str:
    claim = step.claim
    return "" if claim.when is None else f"~{claim.when}" if "when" in claim.inferred else claim.when


PLAN_KEYS = ("plan", "plan_outcome", "plan_slip_months", "id", "said", "when", "start", "end", "slip_months",
             "start_slip_months", "compared_with", "status", "speaker", "source", "claim", "plan_progress")


TABLE_COLUMNS = ("plan", "outcome", "said", "when", "slip", "status", "speaker", "source", "id", "claim")


def plan_listing(kb: KnowledgeBase, plans: list[Plan], chosen: str, table_rows: int | None = None) -> Listing:
    """One row per claim of each plan, in the order said; the plan's outcome on its last row. A table
    names entities by their short names, other formats by their ids, and shows each plan as a block:
    its name and outcome once, on a line over its steps. Only what the chosen format prints is built
    (tens of thousands of plans would not fit in memory twice): a table's first table_rows rows (None:
    all)."""
    name = kb.short if chosen == "table" else (lambda entity_id: entity_id or "")

    def steps():
        for number, plan in enumerate(plans):
            for step_number, step in enumerate(plan.steps):
                yield number, plan, step, step_number == len(plan.steps) - 1

    def row(number: int, plan: Plan, step, last: bool) -> dict[str, str]:
        claim = step.claim
        return {"plan": plan.label, "said": step.said or "", "when": _when(step),
                "slip": step.slip.text if step.slip else "", "status": claim.status,
                "outcome": plan.outcome_word if last else "", "speaker": name(claim.speaker),
                "source": name(claim.source), "id": claim.id, "claim": claim.claim,
                "progress": ", ".join(plan.progress) if last else ""}

    def table_row(number: int, plan: Plan, step, last: bool) -> dict[str, str]:
        # the block's heading: the plan's name and its outcome; two plans of one place and product keep the
        # id of the claim each is named after in their names (kb.answers.track.plans), so that the headings
        # tell them apart
        source = step.claim.source
        return {**row(number, plan, step, last), "#": str(number), "outcome": plan.outcome_text,
                "plan": plan.label,
                "source": min(kb.short(source), source or "", key=len)}  # a title is seldom short

    def item(_number: int, plan: Plan, step, _last: bool) -> dict[str, Any]:
        claim, period, slip = step.claim, step.period, step.slip
        return {"plan": plan.label, "plan_outcome": plan.outcome, "plan_slip_months": plan.slip, "id": claim.id,
                "said": step.said, "when": claim.when, "start": _iso(period.start if period else None),
                "end": _iso(period.end if period else None), "slip_months": slip.end if slip else None,
                "start_slip_months": slip.start if slip else None, "compared_with": step.previous,
                "status": claim.status, "speaker": claim.speaker, "source": claim.source, "claim": claim.claim,
                "plan_progress": list(plan.progress)}

    rows = [table_row(*s) for s in islice(steps(), table_rows)] if chosen == "table" else \
        (row(*s) for s in steps()) if chosen == "plain" else ()
    data = (item(*s) for s in steps()) if chosen in ("json", "jsonl") else \
        [item(*s) for s in steps()] if chosen in ("csv", "yaml") else ()
    table = chosen == "table"
    return Listing(columns=TABLE_COLUMNS if table else PLAN_COLUMNS, rows=rows, data=data,
                   ids=(s.claim.id for _, _, s, _ in steps()), group_by="#" if table else "plan",
                   heading=("plan", "outcome") if table else (), stack=("id", "claim"),
                   no_wrap=("said", "when", "status"), wide=("claim",), droppable=("source", "speaker", "status"),
                   id_columns=("id", "source"),
                   styles={"plan": "bold", "when": "cyan", "slip": "yellow", "id": "green"},
                   value_styles={"outcome": {p.outcome_text: OUTCOME_STYLES[p.outcome] for p in plans},
                                 "status": {"done": "green", "cancelled": "red"}},
                   key_order=PLAN_KEYS, total=sum(len(p.steps) for p in plans),
                   empty="no plans match (a plan is a planned, considering or underway claim)")


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def suggestion_listing(suggestions: list[Suggestion]) -> Listing:
    """One row per missing link, as `kb link` takes it: newer, relation, older; then when each was said and
    is due, and why the link is proposed."""
    rows = [{"newer": s.newer.id, "relation": s.relation, "older": s.older.id, "newer said": s.newer_said,
             "newer when": s.newer.when or "", "older said": s.older_said, "older when": s.older.when or "",
             "reason": s.reason} for s in suggestions]
    data = [{"newer": s.newer.id, "relation": s.relation, "older": s.older.id, "newer_said": s.newer_said,
             "newer_when": s.newer.when, "older_said": s.older_said, "older_when": s.older.when,
             "reason": s.reason, "command": f"kb link {s.newer.id} {s.relation} {s.older.id}"} for s in suggestions]
    return Listing(columns=("newer", "relation", "older", "newer said", "newer when", "older said", "older when",
                            "reason"),
                   rows=rows, data=data, ids=[s.newer.id for s in suggestions], wide=("reason",),
                   no_wrap=("relation", "newer said", "newer when", "older said", "older when"),
                   droppable=("older when", "newer when", "older said", "newer said"),
                   id_columns=("newer", "older"), styles={"newer": "green", "older": "green"},
                   empty="no missing links to suggest between plans of one company, factory and product")


def _months(value: float | None) -> str:
    """+3m, -1.5m, 0m; empty for None."""
    return "" if value is None else "0m" if value == 0 else f"{value:+g}m"


def record_summary(tallies: list[Tally]) -> str:
    """The line above a track record, made of its rows' counts: '5 plan(s): 1 kept late, 1 cancelled,
    2 pending, 1 overdue' (outcomes no plan has are left out)."""
    counts = ", ".join(f"{t.count} {t.outcome}" for t in tallies if t.count)
    return f"{sum(t.count for t in tallies)} plan(s)" + (f": {counts}" if counts else "")


def record_listing(tallies: list[Tally], chosen: str = "table") -> Listing:
    """One row per outcome: how many plans, their median slip, and the claims they rest on; above them,
    the same counts in one line (`record_summary`). The progress toward its plans (kb.model.progress)
    follows the claims in a table's cell, and has a column of its own at the end elsewhere, so that the
    claims column holds ids only."""
    table = chosen == "table"
    rows = [{"outcome": t.outcome, "plans": str(t.count), "median slip": _months(t.median_slip),
             "claims": ", ".join(t.claims) + (f"; progress: {', '.join(t.progress)}" if table and t.progress else ""),
             "progress": ", ".join(t.progress)}
            for t in tallies]
    data = [{"outcome": t.outcome, "plans": t.count, "median_slip_months": t.median_slip,
             "claims": list(t.claims), "plan_claims": [list(p.ids) for p in t.plans],
             "progress": list(t.progress)} for t in tallies]
    columns = ("outcome", "plans", "median slip", "claims") + (() if table else ("progress",))
    return Listing(columns=columns, rows=rows, data=data,
                   ids=[i for t in tallies for i in t.claims], title=record_summary(tallies),
                   no_wrap=("outcome", "plans", "median slip"), wide=("claims",), droppable=(),
                   id_columns=("claims",),
                   value_styles={"outcome": OUTCOME_STYLES}, styles={"plans": "cyan"})
