"""A done claim keeps a plan only when it is the same step (kb.model.progress): a done claim of another
milestone, or of a smaller amount than the plan's, linked to the plan is progress toward it. The plan
stays as it was (pending, or overdue by its date), `kb track` and `kb record` show the progress, and
`kb check` warns (`partial-kept`). Expected values worked out by hand.
"""

from __future__ import annotations

import json

import pytest
from conftest import claim_text

PLAN = claim_text("hiring-plan", claim="Acme will hire 4000 people for its cell plant by 2026.", product="cells",
                  milestone="hiring", when="2026", said="2025-01-10",
                  quantities="\n  jobs: 4000 jobs")


def done(claim_id: str, jobs: str, milestone: str = "hiring") -> str:
    return claim_text(claim_id, claim=f"Acme has hired {jobs} people.", product="cells", milestone=milestone,
                      when="2026-03", said="2026-03-20", status="done", quantities=f"\n  jobs: {jobs}",
                      supersedes="[hiring-plan]")


@pytest.fixture
def hired(make_kb, kb_at):
    """A plan of 4000 jobs and a report of 1000 hired, linked to it."""
    return kb_at(make_kb({"claims/hiring-plan.yaml": PLAN, "claims/hired-1000.yaml": done("hired-1000", "1000")}))


def plain(result) -> list[list[str]]:
    assert result.exit_code == 0, result.output
    return [line.split("\t") for line in result.stdout.splitlines()]


def states(kb, *args: str, env=None) -> dict[str, str]:
    result = kb("list", "-o", "json", *args, env=env)
    assert result.exit_code == 0, result.output
    return {c["id"]: c["state"] for c in json.loads(result.stdout)}


def test_shortfall_compares_milestones_and_amounts_in_one_unit():
    from types import SimpleNamespace as Claim

    from kb.model.progress import shortfall

    def short(done: dict, plan: dict, milestones=(None, None)) -> str | None:
        return shortfall(Claim(milestone=milestones[0], quantities=done), Claim(milestone=milestones[1], quantities=plan))

    assert short({"jobs": "1000"}, {"jobs": "4000 jobs"}) == "1000 of 4000 jobs"  # a bare number of jobs is jobs
    assert short({"jobs": "about 4000"}, {"jobs": "4000"}) is None  # about 4000 reaches 4000
    assert short({"jobs": "less than 4000"}, {"jobs": "4000"}) == "less than 4000 of 4000 jobs"
    assert short({"capacity": "20000 MWh/yr"}, {"capacity": "40 GWh/yr"}) == "capacity 20000 MWh/yr of 40 GWh/yr"
    assert short({"capacity": "40000 MWh/yr"}, {"capacity": "40 GWh/yr"}) is None  # the same amount
    assert short({"investment": "1 billion USD"}, {"investment": "2 billion EUR"}) is None  # no exchange rate
    assert short({"capacity": "5 GWh/yr"}, {"investment": "2 billion USD"}) is None  # no name in common
    assert short({}, {}, ("sample-production", "mass-production")) == "sample-production, not mass-production"
    assert short({}, {}, ("mass-production", None)) is None  # the plan names no milestone
    # a later stage of building and producing done keeps a plan of an earlier one: samples came first
    assert short({}, {}, ("mass-production", "sample-production")) is None
    assert short({}, {}, ("full-production", "construction-complete")) is None
    assert short({}, {}, ("construction-start", "mass-production")) == "construction-start, not mass-production"
    assert short({}, {}, ("mass-production", "hiring")) == "mass-production, not hiring"  # no stage of that order


def test_a_thousand_hired_of_four_thousand_planned_is_progress_not_the_plan_kept(hired):
    rows = plain(hired("track", "--as-of", "2026-06-30", "-o", "plain"))
    # plan, said, when, slip, status, outcome, ..., id
    assert [(r[1], r[2], r[3], r[4], r[5], r[8]) for r in rows] == [
        ("2025-01-10", "2026", "-", "planned", "-", "hiring-plan"),
        ("2026-03-20", "2026-03", "-9m", "done", "pending; progress: hiring 1000 of 4000 jobs (hired-1000)",
         "hired-1000"),
    ]
    assert states(hired, "--as-of", "2026-06-30") == {"hiring-plan": "current", "hired-1000": "current"}
    assert states(hired, "--as-of", "2027-02-01") == {"hiring-plan": "overdue", "hired-1000": "current"}
    # the plan is still what is true now, and due once 2026 has passed
    assert hired("list", "--current", "-o", "ids", "--as-of", "2026-06-30").stdout.split() == [
        "hired-1000", "hiring-plan"]
    assert [r[0] for r in plain(hired("due", "--as-of", "2027-02-01", "-o", "plain"))] == ["hiring-plan"]
    record = plain(hired("record", "--as-of", "2027-02-01", "-o", "plain"))
    assert record[4] == ["overdue", "1", "0m", "hiring-plan; progress: hiring 1000 of 4000 jobs (hired-1000)"]
    data = json.loads(hired("record", "--as-of", "2027-02-01", "-o", "json").stdout)
    assert data[4]["claims"] == ["hiring-plan"] and data[4]["progress"] == ["hiring 1000 of 4000 jobs (hired-1000)"]


def test_the_index_and_a_run_without_it_agree(hired):
    for as_of in ("2026-06-30", "2027-02-01"):
        assert states(hired, "--as-of", as_of) == states(hired, "--as-of", as_of, env={"KB_NO_CACHE": "1"})
        for args in (("list", "--current", "-o", "ids"), ("due", "-o", "ids"), ("stats", "-o", "plain")):
            warm = hired(*args, "--as-of", as_of)
            cold = hired(*args, "--as-of", as_of, env={"KB_NO_CACHE": "1"})
            assert warm.exit_code == cold.exit_code == 0 and warm.stdout == cold.stdout, args


def test_check_warns_and_says_what_to_do(hired):
    result = hired("check", "-o", "parsable")
    assert result.stdout.splitlines() == [
        "claims/hired-1000.yaml:14:14: warning: 'supersedes': hired-1000 is done, but a step toward hiring-plan, not it "
        "done (1000 of 4000 jobs): it keeps nothing and hiring-plan stays open; link it with "
        "`elaborates: [hiring-plan]` instead, or supersede a plan of the same step [partial-kept]"]
    assert hired("check", "--strict").exit_code == 1
    assert hired("check").exit_code == 0  # a warning only


def test_the_same_step_with_the_amount_reached_keeps_the_plan(make_kb, kb_at):
    kb = kb_at(make_kb({"claims/hiring-plan.yaml": PLAN, "claims/hired-all.yaml": done("hired-all", "about 4000")}))
    rows = plain(kb("track", "--as-of", "2026-06-30", "-o", "plain"))
    assert [(r[5], r[8]) for r in rows] == [("-", "hiring-plan"), ("kept on time", "hired-all")]
    assert states(kb, "--as-of", "2026-06-30") == {"hiring-plan": "kept", "hired-all": "current"}
    assert kb("check", "--strict").exit_code == 0


def test_samples_done_linked_to_mass_production_keep_nothing(make_kb, kb_at):
    mass = claim_text("mass-plan", product="cells", milestone="mass-production", when="2026-H2", said="2025-02-01")
    samples = claim_text("samples-done", product="cells", milestone="sample-production", when="2026-02",
                         said="2026-02-10", status="done", supersedes="[mass-plan]")
    kb = kb_at(make_kb({"claims/mass-plan.yaml": mass, "claims/samples-done.yaml": samples}))
    rows = plain(kb("track", "--as-of", "2026-06-30", "-o", "plain"))
    assert [(r[4], r[5], r[8]) for r in rows] == [
        ("planned", "-", "mass-plan"),
        ("done", "pending; progress: sample-production (samples-done)", "samples-done")]
    assert states(kb, "--as-of", "2027-01-15") == {"mass-plan": "overdue", "samples-done": "current"}
    assert kb("check", "-o", "parsable").stdout.splitlines() == [
        "claims/samples-done.yaml:12:14: warning: 'supersedes': samples-done is done, but a step toward mass-plan, not it "
        "done (sample-production, not mass-production): it keeps nothing and mass-plan stays open; link it with "
        "`elaborates: [mass-plan]` instead, or supersede a plan of the same step [partial-kept]"]
    # as the warning says: elaborates joins the plan, which stays open, and nothing is warned about
    (kb.root / "claims/samples-done.yaml").write_text(samples.replace("supersedes:", "elaborates:"))
    rows = plain(kb("track", "--as-of", "2026-06-30", "-o", "plain"))
    assert [r[5] for r in rows] == ["-", "pending; progress: sample-production (samples-done)"]
    assert kb("check", "--strict").exit_code == 0
