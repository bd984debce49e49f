"""A plan is one promise however many claims describe it (issue 19, docs/plans.md): the chain joined by
`supersedes`, and the claims that elaborate or support one of its claims; `kb track`, `kb record` and
`kb due` count plans, not claims, and `kb record`'s summary line is made of its rows.

On tests/fixtures/plan-history (the Arizona, Ohio and Georgia plants of a made-up company) with one claim
added: the end of 2026 made precise (November) by the company's CEO, elaborating
bve-arizona-commercial-end-2026. Before, that claim was a plan of its own: 5 plans became 6, and `kb record`
and `kb due` counted the promise twice. Expected outputs are worked out by hand.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO, claim_text

FIXTURE = REPO / "tests/fixtures/plan-history"
NOVEMBER = """\
id: bve-arizona-commercial-november-2026
claim: Brightvolt's full commercial production in Arizona is due in November 2026.
speaker: maria-lindqvist
company: brightvolt
product: cylindrical
factory: bve-arizona
when: 2026-11
said: 2025-07-02
status: planned
source: bve-arizona-schedule-2025
quote: full commercial production at the end of 2026
elaborates: [bve-arizona-commercial-end-2026]
"""
AFTER = "2027-01-15"  # every Arizona date has passed, and neither promise is kept


@pytest.fixture
def kb(tmp_path, kb_at):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    (root / "claims/arizona/bve-arizona-commercial-november-2026.yaml").write_text(NOVEMBER)
    return kb_at(root)


def rows(result, columns: int | None = None) -> list[tuple[str, ...]]:
    assert result.exit_code == 0, result.output
    return [tuple(line.split("\t")[:columns]) for line in result.stdout.splitlines()]


def test_the_fixture_with_the_elaboration_checks_strictly(kb):
    result = kb("check", "--strict")
    assert result.exit_code == 0, result.output


def test_a_claim_that_elaborates_a_plan_joins_it_and_starts_none(kb):
    plans = [row[0] for row in rows(kb("track", "--as-of", AFTER, "-o", "plain"), 1)]
    assert len(dict.fromkeys(plans)) == 5
    arizona = [row for row in rows(kb("track", "--as-of", AFTER, "-o", "plain"))
               if row[0] == "Arizona cell plant, cylindrical (bve-arizona-larger-plant-2025)"]
    # the chain from the larger plant (2025) to the end of 2026 (which supersedes spring 2026), then said the
    # same day: one step, in id order; November refines the end of 2026 (Nov-Dec): its end comes a month
    # earlier, its start stays; both are overdue by mid-January 2027, and the plan is one overdue promise
    assert [(r[3], r[5], r[8]) for r in arizona] == [
        ("-", "-", "bve-arizona-larger-plant-2025"),
        ("+12m", "-", "bve-arizona-production-2026"),
        ("-7m (start +2m)", "-", "bve-arizona-production-spring-2026"),
        ("+7m (start +8m)", "-", "bve-arizona-commercial-end-2026"),
        ("-1m (start +0m)", "overdue", "bve-arizona-commercial-november-2026"),
    ]


def test_kb_record_counts_the_promise_once_and_its_summary_is_its_rows(kb):
    result = kb("record", "--company", "brightvolt", "--as-of", AFTER, "-o", "plain")
    assert [row[4:] for row in rows(result)] == [("-",)] * 5  # no progress toward any plan: its column empty
    assert rows(result, 4) == [
        ("kept on time", "0", "-", "-"),
        ("kept late", "0", "-", "-"),
        ("cancelled", "1", "-", "bve-georgia-plant-cancelled"),
        ("pending", "1", "-", "bve-arizona-investment-under-review"),
        # Ohio (0m), the larger plant's chain (end of 2025 -> end of 2026, +12m), samples (0m): median 0m; the
        # chain was said before the sample plan, so its claims come first
        ("overdue", "3", "0m", "bve-ohio-production-2023-h1, bve-arizona-commercial-end-2026, "
                               "bve-arizona-commercial-november-2026, bve-arizona-sample-mid-2026"),
    ]
    table = kb("record", "--company", "brightvolt", "--as-of", AFTER, "-o", "table").stdout.splitlines()
    assert table[0] == "5 plan(s): 1 cancelled, 1 pending, 3 overdue"


def test_kb_due_lists_the_promise_once_by_the_date_missed_first(kb):
    assert [row[:3] for row in rows(kb("due", "--as-of", AFTER, "-o", "plain"))] == [
        ("bve-ohio-production-2023-h1", "2023-H1", "3y 6m"),
        ("bve-arizona-sample-mid-2026", "..2026-mid", "4m"),
        ("bve-arizona-commercial-november-2026", "2026-11", "1m"),
    ]
    assert len(rows(kb("due", "--as-of", AFTER, "-o", "plain"))) == len(kb("due", "--as-of", AFTER, "-o", "ids")
                                                                         .stdout.split())
    # December: only the November date has passed, and it is listed; the end of 2026 has not
    assert [row[0] for row in rows(kb("due", "--as-of", "2026-12-15", "-o", "plain"))] == [
        "bve-ohio-production-2023-h1", "bve-arizona-sample-mid-2026", "bve-arizona-commercial-november-2026"]


def test_the_chart_draws_one_line_per_plan(kb, tmp_path):
    pytest.importorskip("matplotlib")
    result = kb("track", "--as-of", AFTER, "--chart", str(tmp_path / "plans.svg"))
    assert result.exit_code == 0, result.output
    assert f"chart of 5 plan(s) written to {tmp_path / 'plans.svg'}" in result.stderr.splitlines()


def test_an_elaboration_stands_or_falls_with_the_promise_it_elaborates(make_kb):
    """Once a newer claim supersedes the promise, the claim that made it precise is no head and not due."""
    from datetime import date

    from kb.answers.track import plans
    from kb.store.parse import load_kb

    root = make_kb({
        "claims/p.yaml": claim_text("p", product="cells", when="2025", said="2024-01"),
        "claims/e.yaml": claim_text("e", product="cells", when="2025-06", said="2024-02", elaborates="[p]",
                                    claim='"Made precise."'),
        "claims/n.yaml": claim_text("n", product="cells", when="2027", said="2025-03", supersedes="[p]",
                                    claim='"Moved."'),
        # supports: another speaker saying the same; and a support of two plans joins the first only
        "claims/q.yaml": claim_text("q", product="packs", when="2026", said="2024-05", claim='"Q."'),
        "claims/s.yaml": claim_text("s", product="packs", when="2026", said="2024-06", supports="[q, p]",
                                    speaker="globex", claim='"Says Q too."'),
    })
    kb, problems = load_kb(root)
    assert problems == []
    assert [(p.ids, p.heads, p.outcome) for p in plans(kb, date(2026, 3, 1))] == [
        (("p", "e", "n"), ("n",), "pending"),
        (("q", "s"), ("q", "s"), "pending"),
    ]
    assert [(p.ids, p.heads, p.outcome) for p in plans(kb, date(2028, 3, 1))][0][2] == "overdue"


def test_due_leaves_out_an_elaboration_of_a_superseded_promise(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/p.yaml": claim_text("p", product="cells", when="2025", said="2024-01"),
        "claims/e.yaml": claim_text("e", product="cells", when="2025-06", said="2024-02", elaborates="[p]",
                                    claim='"Made precise."'),
        "claims/n.yaml": claim_text("n", product="cells", when="2027", said="2025-03", supersedes="[p]",
                                    claim='"Moved."'),
    }))
    assert kb("due", "--as-of", "2026-03", "-o", "ids").stdout == ""
    assert kb("due", "--as-of", "2028-03", "-o", "ids").stdout == "n\n"


def test_due_leaves_out_an_elaboration_of_a_superseded_promise_though_another_claim_elaborates_it(make_kb, kb_at):
    """A claim elaborated (or supported) by another is not superseded by it: e still falls with p."""
    kb = kb_at(make_kb({
        "claims/p.yaml": claim_text("p", product="cells", when="2025", said="2024-01"),
        "claims/e.yaml": claim_text("e", product="cells", when="2025-H2", said="2024-03", elaborates="[p]"),
        "claims/k.yaml": claim_text("k", product="cells", status="opinion", said="2024-04", elaborates="[e]"),
        "claims/n.yaml": claim_text("n", product="cells", when="2028", said="2024-06", supersedes="[p]"),
    }))
    for env in (None, {"KB_NO_CACHE": "1"}):
        assert kb("due", "--as-of", "2026-01", "-o", "ids", env=env).stdout == ""
        assert kb("due", "--as-of", "2029-01", "-o", "ids", env=env).stdout == "n\n"


def test_a_company_s_plans_hold_the_claims_of_others_in_their_chains(make_kb, kb_at):
    # a newspaper's first report of the promise (no company named), the company's own later word, and the
    # newspaper's finer date for it: one plan, which `--company acme` shows whole, with the plant's name
    root = make_kb({
        "claims/p0.yaml": claim_text("p0", company=None, speaker="daily-news", when=2025, said="2023-01",
                                     factory="acme-springfield"),
        "claims/p1.yaml": claim_text("p1", when=2026, said="2024-01", factory="acme-springfield", supersedes="[p0]"),
        "claims/e1.yaml": claim_text("e1", company=None, speaker="daily-news", when="2026-H2", said="2024-03",
                                     factory="acme-springfield", elaborates="[p1]"),
        "claims/g1.yaml": claim_text("g1", company="globex", speaker="globex", when=2027, said="2024-02"),
    })
    kb = kb_at(root)
    everything = rows(kb("track", "--as-of", "2024-12", "-o", "plain"))
    acme = rows(kb("track", "--company", "acme", "--as-of", "2024-12", "-o", "plain"))
    assert acme == [row for row in everything if row[0] == "Springfield plant"]
    assert [(row[0], row[1], row[8]) for row in acme] == [("Springfield plant", "2023-01", "p0"),
                                                          ("Springfield plant", "2024-01", "p1"),
                                                          ("Springfield plant", "2024-03", "e1")]


def test_a_mistyped_company_is_answered_with_the_names_it_is_close_to(make_kb, kb_at):
    kb = kb_at(make_kb({"claims/p1.yaml": claim_text("p1", when=2026)}))
    for command in ("track", "record", "due"):
        result = kb(command, "--company", "Acmee")
        assert (result.exit_code, result.stderr) == (
            1, "kb: error: no company called 'Acmee'; did you mean 'acme', 'Acme Batteries'?\n"), command
