"""What a reader sees of `kb serve`: Datasette's metadata for the reader database (kb.answers.reader) and the
schedule-slip charts beside each company's plan histories.

Only Datasette's own features: the home page's title and description (what the knowledge base holds),
table settings (sort, facets, full-text search, label columns: names, not ids), canned queries (read-only
SQL with named parameters), and the charts as static files. Text from files reaches HTML only escaped.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any, Sequence

from ..answers.export import LABELS
from ..answers.reader import Summary, company_of
from ..answers.track import Plan

DATABASE = "kb"
CHARTS = "charts"  # the static mount: /charts/<company>.svg
CHARTS_AT_MOST = 50  # companies whose plans are drawn (those with the most steps of plans that moved)
PLANS_PER_CHART = 20  # a chart's plans at most (those that moved, the most steps first): more do not read
FACETS = ("company", "status", "state", "factory", "product")

# Parameters take an id or a name (case-insensitive) or an alias (exact): what readers know.
_ENTITY = ("(SELECT id FROM entity_names WHERE id = :{p} OR name = :{p} COLLATE NOCASE "
           "OR ' | ' || names || ' | ' LIKE '% | ' || :{p} || ' | %')")
_CLAIM_COLUMNS = ("c.id, c.claim, c.company, c.\"when\", c.when_start, c.when_end, c.status, c.state, c.said, "
                  "c.source, c.source_title, c.source_date, c.quote")

QUERIES: dict[str, dict[str, Any]] = {
    "current_claims": {
        "title": "Current claims of a company",
        "description": "The company's claims that nothing supersedes, contradicts or has kept, and that are not "
                       "overdue: what still stands. Give its id, name or an alias.",
        "sql": f"SELECT {_CLAIM_COLUMNS} FROM claims c WHERE c.state = 'current' AND "
               f"c.company IN {_ENTITY.format(p='company')} ORDER BY c.when_start DESC, c.id",
    },
    "overdue_plans": {
        "title": "Overdue plans",
        "description": "Plans still open (planned, considering, underway) whose promised period has ended, and "
                       "that nothing newer supersedes or contradicts.",
        "sql": f"SELECT {_CLAIM_COLUMNS} FROM claims c WHERE c.state = 'overdue' ORDER BY c.when_end, c.id",
    },
    "plan_histories": {
        "title": "Plan histories of a company",
        "description": "Each plan's claims in the order they were said, the slip at each step (how far the "
                       "deadline moved, in months) and the plan's outcome. Give the company's id, name or an alias.",
        "sql": "SELECT p.plan, p.plan_name, p.step, p.said, p.\"when\", p.slip, p.status, p.outcome, p.claim, "
               "p.source, p.source_title FROM plans p WHERE p.company IN " + _ENTITY.format(p="company")
               + " ORDER BY p.plan, p.step",
    },
    "track_record": {
        "title": "Track record of a company",
        "description": "Of the company's plans, how many were kept on time, kept late, cancelled, and how many "
                       "are pending or overdue, with the median slip in months and the claims each outcome "
                       "rests on.",
        "sql": "SELECT t.company, t.outcome, t.plans, t.median_slip_months, t.claims FROM track_records t "
               "WHERE t.company IN " + _ENTITY.format(p="company")
               + " ORDER BY CASE t.outcome WHEN 'kept on time' THEN 1 WHEN 'kept late' THEN 2 "
               "WHEN 'cancelled' THEN 3 WHEN 'pending' THEN 4 ELSE 5 END",
    },
    "claims_touching": {
        "title": "Every claim touching an entity",
        "description": "Claims that name the entity as speaker, company, factory, source or a company they "
                       "concern. Give an id, name or alias of a company, person, factory or source.",
        "sql": f"SELECT {_CLAIM_COLUMNS}, c.speaker, c.factory FROM claims c WHERE c.speaker IN "
               f"{_ENTITY.format(p='entity')} OR c.company IN {_ENTITY.format(p='entity')} OR c.factory IN "
               f"{_ENTITY.format(p='entity')} OR c.source IN {_ENTITY.format(p='entity')} OR c.id IN "
               f"(SELECT claim FROM claim_concerns WHERE company IN {_ENTITY.format(p='entity')}) "
               "ORDER BY c.when_start DESC, c.id",
    },
}


def chart_name(company: str) -> str:
    """The chart's file name for a company id (ids are lowercase letters, digits and hyphens; anything
    else is replaced, so that no name leaves the charts folder)."""
    return re.sub(r"[^a-z0-9-]", "_", company) + ".svg"


def charted(plans: Sequence[Plan]) -> dict[str, list[Plan]]:
    """The plans to draw, by company: the plans that moved (of several steps) of each company that has one, at
    most PLANS_PER_CHART a company (the most steps first, in the order they were first said), at most
    CHARTS_AT_MOST companies (those with the most such steps first)."""
    by_company: dict[str, list[Plan]] = {}
    for plan in plans:
        company = company_of(plan)
        if company:
            by_company.setdefault(company, []).append(plan)
    moved = {c: sum(len(p.steps) for p in group if len(p.steps) > 1) for c, group in by_company.items()}
    chosen = sorted((c for c, steps in moved.items() if steps), key=lambda c: (-moved[c], c))[:CHARTS_AT_MOST]
    drawn = {}
    for company in sorted(chosen):
        moving = [p for p in by_company[company] if len(p.steps) > 1]
        kept = set(map(id, sorted(moving, key=lambda p: -len(p.steps))[:PLANS_PER_CHART]))
        drawn[company] = [p for p in moving if id(p) in kept]
    return drawn


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def home_html(summary: Summary, as_of: str) -> str:
    """The home page's description: what the knowledge base holds."""
    held = (f"{_count(summary.claims, 'claim')} from {_count(summary.sources, 'source')}, about "
            f"{_count(summary.companies, 'company').replace('companys', 'companies')}, "
            f"{_count(summary.factories, 'factory').replace('factorys', 'factories')} and "
            f"{_count(summary.people, 'person').replace('persons', 'people')}; {_count(summary.plans, 'plan')}.")
    parts = [f"<p>{escape(held)}</p>"]
    if summary.said_from:
        parts.append(f"<p>Said from {escape(summary.said_from)} to {escape(summary.said_until or '')}"
                     + (f"; due from {escape(summary.due_from)} to {escape(summary.due_until or '')}"
                        if summary.due_from else "") + ".</p>")
    parts.append(f"<p>States (current, superseded, kept, contradicted, overdue) as of {escape(as_of)}. "
                 "Start with the <a href=\"/kb/claims\">claims</a> (search, facets, sorted by the period they "
                 "are due), <a href=\"/kb/overdue_plans\">overdue plans</a>, or a company's "
                 "<a href=\"/kb/plan_histories\">plan histories</a> and "
                 "<a href=\"/kb/track_record\">track record</a>.</p>")
    return "".join(parts)


def metadata(summary: Summary, plans: Sequence[Plan], names: dict[str, str], as_of: str,
             charts: Sequence[str] = ()) -> dict[str, Any]:
    """Datasette's metadata for the reader database: names are the registry's (company id -> name); charts the
    companies whose chart was drawn, each with a canned query of its plan histories and the chart beside it."""
    tables: dict[str, Any] = {table: {"label_column": column} for table, column in LABELS.items()}
    tables["claims"] = {
        "description": "Every claim: who said what, about which company, factory and product, due when (when_start "
                       "and when_end: the period's first and last day), its state, and its source's title, date "
                       "and quote. Search covers the claim and its quote.",
        "sort_desc": "when_start", "facets": list(FACETS), "fts_table": "claims_fts", "fts_pk": "rowid",
        "label_column": "claim"}
    tables["entity_names"] = {"description": "Every company, person, factory and source with every name it "
                                             "answers to; search by any of them.",
                              "fts_table": "entity_names_fts", "fts_pk": "rowid", "label_column": "name",
                              "facets": ["kind"]}
    tables["plans"] = {"description": "Each plan's steps: when each promise was made, for when, the slip and "
                                      "the plan's outcome.", "facets": ["company", "outcome"], "sort": "plan"}
    tables["track_records"] = {"description": "Each company's plans by outcome.", "facets": ["outcome"]}
    for hidden in ("claims_fts", "entity_names_fts"):
        tables[hidden] = {"hidden": True}
    queries = {name: dict(query) for name, query in QUERIES.items()}
    for company in charts:
        name = names.get(company, company)
        queries[f"plans_{company}"] = {
            "title": f"{name}: plan histories",
            "description_html": (
                f"<p>{escape(name)}'s plans: each step, its slip and the outcome. The chart (as `kb track --chart` "
                f"draws it) shows the plans that moved, up to {PLANS_PER_CHART}: when each promise was made (x) "
                "against the period it promised (y), one line per plan, its outcome marked.</p>"
                f"<p><img src=\"/{CHARTS}/{escape(chart_name(company))}\" alt=\"schedule-slip chart of "
                f"{escape(name)}'s plans\" style=\"max-width: 100%\"></p>"),
            "sql": QUERIES["plan_histories"]["sql"].replace(":company", "'" + company.replace("'", "''") + "'"),
        }
    return {
        "title": "Knowledge base of who said what",
        "description_html": home_html(summary, as_of),
        "databases": {DATABASE: {"description_html": home_html(summary, as_of), "tables": tables,
                                 "queries": queries}},
    }


def render_charts(plans: Sequence[Plan], names: dict[str, str]) -> dict[str, bytes]:
    """The schedule-slip chart (kb.render.chart, as `kb track --chart` draws it) of each charted company, as SVG
    by file name; {} without matplotlib."""
    from .chart import ChartError, render

    drawn = {}
    for company, group in charted(plans).items():
        try:
            drawn[chart_name(company)] = render(group, "svg", f"{names.get(company, company)}: plans")
        except ChartError:
            continue  # matplotlib is missing, or nothing has dates to draw
    return drawn
