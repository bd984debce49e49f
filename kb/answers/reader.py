"""The database `kb serve` publishes: the SQLite export (kb.answers.export) with what readers ask beside it.

On top of the export's tables (claims with their source's title and date beside the source id):

    plans           every plan's steps (kb.answers.track): plan number and name, company, claim, said, when,
                    the period's days, slip, status, outcome, source
    track_records   per company, its plans by outcome (kb.answers.record): count, median slip, the claims
    entity_names    every registry entity with every name it answers to (id, name or title, aliases),
                    searched through entity_names_fts

and `summary`, what the knowledge base holds (sources, claims, companies, plans, date range), for the home
page. Pure data; how it is shown (Datasette's metadata, charts) is kb.render.site's.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from ..model.records import KnowledgeBase, display_name, entity_names, kind_of
from .export import claim_columns, period_cells, quantity_names, write_sqlite
from .record import track_record
from .track import Plan, plans

READER_TABLES = """
CREATE TABLE plans(plan INTEGER NOT NULL, plan_name TEXT NOT NULL, company TEXT REFERENCES companies(id),
                   step INTEGER NOT NULL, claim TEXT NOT NULL REFERENCES claims(id), said TEXT, "when" TEXT,
                   when_start TEXT, when_end TEXT, slip TEXT, status TEXT NOT NULL, outcome TEXT NOT NULL,
                   source TEXT REFERENCES sources(id), source_title TEXT, PRIMARY KEY (plan, step, claim));
CREATE TABLE track_records(company TEXT NOT NULL REFERENCES companies(id), outcome TEXT NOT NULL,
                           plans INTEGER NOT NULL, median_slip_months REAL, claims TEXT,
                           PRIMARY KEY (company, outcome));
CREATE TABLE entity_names(id TEXT PRIMARY KEY REFERENCES entities(id), kind TEXT NOT NULL, name TEXT NOT NULL,
                          names TEXT NOT NULL);
CREATE VIRTUAL TABLE entity_names_fts USING fts5(name, names, content="entity_names");
"""
# What readers sort and facet on, so that a page of 100,000 claims answers in a tenth of a second.
READER_INDEXES = "".join(f'CREATE INDEX claims_{column} ON claims("{column}");\n' for column in (
    "when_start", "company", "status", "state", "factory", "product", "source")) + \
    "CREATE INDEX plans_company ON plans(company);\nCREATE INDEX plans_claim ON plans(claim);\n"


@dataclass(frozen=True)
class Summary:
    """What the knowledge base holds, for a reader's first look."""

    claims: int
    sources: int
    companies: int
    people: int
    factories: int
    plans: int
    said_from: str | None
    said_until: str | None
    due_from: str | None
    due_until: str | None


def company_of(plan: Plan) -> str | None:
    """The company a plan belongs to: its first claim's."""
    return next((step.claim.company for step in plan.steps if step.claim.company), None)


def build(kb: KnowledgeBase, path: str, as_of: date, state: Callable[[Any], Any] | None = None
          ) -> tuple[Summary, list[Plan]]:
    """Write the reader database to path (a new file): the export, as of as_of, then the tables above.
    Returns the summary and the plans (for the charts)."""
    from .state import state_of

    state = state or (lambda claim: state_of(kb, claim, as_of))
    columns = claim_columns(quantity_names(kb.claims), sources=True)
    write_sqlite(kb, path, state, columns)
    found = plans(kb, as_of)
    conn = sqlite3.connect(path)
    try:
        conn.executescript(READER_TABLES)
        rows = []
        for number, plan in enumerate(found, 1):
            company = company_of(plan)
            for step_number, step in enumerate(plan.steps, 1):
                claim = step.claim
                start, end, _ = period_cells(claim, kb)
                source = kb.entity(claim.source)
                rows.append((number, plan.label, company, step_number, claim.id, step.said, claim.when, start, end,
                             step.slip.text if step.slip else None, claim.status, plan.outcome_text, claim.source,
                             getattr(source, "title", None)))
        conn.executemany("INSERT OR IGNORE INTO plans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        by_company: dict[str, list[Plan]] = {}
        for plan in found:
            company = company_of(plan)
            if company and kb.entity(company) is not None:
                by_company.setdefault(company, []).append(plan)
        conn.executemany("INSERT INTO track_records VALUES (?, ?, ?, ?, ?)",
                         ((company, tally.outcome, tally.count, tally.median_slip,
                           json.dumps(list(tally.claims)) if tally.claims else None)
                          for company, group in sorted(by_company.items()) for tally in track_record(group)
                          if tally.count))
        conn.executemany("INSERT OR IGNORE INTO entity_names VALUES (?, ?, ?, ?)",
                         ((e.id, kind_of(e), display_name(e), " | ".join(entity_names(e))) for e in kb.entities))
        conn.execute("INSERT INTO entity_names_fts(entity_names_fts) VALUES ('rebuild')")
        conn.executescript(READER_INDEXES)
        said = conn.execute("SELECT MIN(COALESCE(said, source_date)), MAX(COALESCE(said, source_date)) "
                            "FROM claims").fetchone()
        due = conn.execute("SELECT MIN(when_start), MAX(COALESCE(when_end, when_start)) FROM claims").fetchone()
        conn.commit()
    finally:
        conn.close()
    kinds = [kind_of(e) for e in kb.entities]
    summary = Summary(claims=len(kb.claims), sources=kinds.count("source"), companies=kinds.count("company"),
                      people=kinds.count("person"), factories=kinds.count("factory"), plans=len(found),
                      said_from=said[0], said_until=said[1], due_from=due[0], due_until=due[1])
    return summary, found
