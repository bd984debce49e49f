"""A done claim keeps a plan only when it is the same step (kb.model.progress): a done claim of another
milestone, or of a smaller amount than the plan's, linked to the plan is progress toward it. The plan
stays as it was (pending, or overdue by its date), `kb track` and `kb record` show the progress, and
`kb check` warns (`partial-kept`). Expected values worked out by hand.
"""

from __future__ import annotations

import json
import sys

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
    assert short({"jobs": "5000"}, {"jobs": "4000"}) is None  # more than planned: the plan reached
    assert short({"jobs": "3999.999996"}, {"jobs": "4000"}) is None  # a billionth off: rounding, not short
    assert short({"jobs": "4000"}, {"jobs": "more than 4000"}) == "4000 of more than 4000 jobs"
    assert short({"jobs": "more than 4000"}, {"jobs": "more than 4000"}) is None
    # the done amount's number is kept whole when the plan's text ends in the same number, not a unit
    assert short({"jobs": "less than 1000"}, {"jobs": "about 1000"}) == "less than 1000 of about 1000 jobs"
    assert short({"jobs": "less than 2.5"}, {"jobs": "about 2.5"}) == "less than 2.5 of about 2.5 jobs"
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
    # plan, said, when, slip, status, outcome, ..., id, claim, progress (a column of its own, at the end)
    assert [(r[1], r[2], r[3], r[4], r[5], r[8], r[10]) for r in rows] == [
        ("2025-01-10", "2026", "-", "planned", "-", "hiring-plan", "-"),
        ("2026-03-20", "2026-03", "-9m", "done", "pending", "hired-1000", "hiring 1000 of 4000 jobs (hired-1000)"),
    ]
    table = hired("track", "--as-of", "2026-06-30", "-o", "table").stdout
    assert "pending; progress: hiring 1000 of 4000 jobs (hired-1000)" in " ".join(table.split())
    track = json.loads(hired("track", "--as-of", "2026-06-30", "-o", "json").stdout)
    assert [step["plan_progress"] for step in track] == [["hiring 1000 of 4000 jobs (hired-1000)"]] * 2
    csv_lines = hired("track", "--as-of", "2026-06-30", "-o", "csv").stdout.splitlines()
    assert csv_lines[0].endswith(",claim,plan_progress")
    assert csv_lines[1].endswith(',"[""hiring 1000 of 4000 jobs (hired-1000)""]"')
    # kb show says so next to the plan's state
    shown = hired("show", "hiring-plan", "-o", "plain").stdout
    assert "; progress: hiring 1000 of 4000 jobs (hired-1000)" in shown
    assert states(hired, "--as-of", "2026-06-30") == {"hiring-plan": "current", "hired-1000": "current"}
    assert states(hired, "--as-of", "2027-02-01") == {"hiring-plan": "overdue", "hired-1000": "current"}
    # the plan is still what is true now, and due once 2026 has passed
    assert hired("list", "--current", "-o", "ids", "--as-of", "2026-06-30").stdout.split() == [
        "hired-1000", "hiring-plan"]
    assert [r[0] for r in plain(hired("due", "--as-of", "2027-02-01", "-o", "plain"))] == ["hiring-plan"]
    record = plain(hired("record", "--as-of", "2027-02-01", "-o", "plain"))
    # the claims column holds ids only; the progress has a column of its own at the end
    assert record[4] == ["overdue", "1", "0m", "hiring-plan", "hiring 1000 of 4000 jobs (hired-1000)"]
    assert record[2] == ["cancelled", "0", "-", "-", "-"]
    data = json.loads(hired("record", "--as-of", "2027-02-01", "-o", "json").stdout)
    assert data[4]["claims"] == ["hiring-plan"] and data[4]["progress"] == ["hiring 1000 of 4000 jobs (hired-1000)"]
    assert data[2]["progress"] == []
    csv_lines = hired("record", "--as-of", "2027-02-01", "-o", "csv").stdout.splitlines()
    assert csv_lines[0] == "outcome,plans,median_slip_months,claims,plan_claims,progress"
    table = hired("record", "--as-of", "2027-02-01", "-o", "table").stdout
    assert "hiring-plan; progress: hiring 1000 of 4000 jobs (hired-1000)" in " ".join(table.split())


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
    assert [(r[4], r[5], r[8], r[10]) for r in rows] == [
        ("planned", "-", "mass-plan", "-"),
        ("done", "pending", "samples-done", "sample-production (samples-done)")]
    assert states(kb, "--as-of", "2027-01-15") == {"mass-plan": "overdue", "samples-done": "current"}
    assert kb("check", "-o", "parsable").stdout.splitlines() == [
        "claims/samples-done.yaml:12:14: warning: 'supersedes': samples-done is done, but a step toward mass-plan, not it "
        "done (sample-production, not mass-production): it keeps nothing and mass-plan stays open; link it with "
        "`elaborates: [mass-plan]` instead, or supersede a plan of the same step [partial-kept]"]
    # as the warning says: elaborates joins the plan, which stays open, and nothing is warned about
    (kb.root / "claims/samples-done.yaml").write_text(samples.replace("supersedes:", "elaborates:"))
    rows = plain(kb("track", "--as-of", "2026-06-30", "-o", "plain"))
    assert [(r[5], r[10]) for r in rows] == [("-", "-"), ("pending", "sample-production (samples-done)")]
    assert kb("check", "--strict").exit_code == 0


def warm_and_cold(kb, *args: str, code: int = 0) -> str:
    """The answer with the index, checked to be the one without it (exit code: code)."""
    warm, cold = kb(*args), kb(*args, env={"KB_NO_CACHE": "1"})
    assert warm.exit_code == cold.exit_code == code, warm.output + cold.output
    assert warm.stdout == cold.stdout, args
    return warm.stdout


def test_progress_is_only_toward_an_open_plan(make_kb, kb_at):
    """A done claim correcting another done claim, or following a cancelled one, supersedes it as written."""
    hired_all = claim_text("hired-4000", product="cells", milestone="hiring", when="2026-03", said="2026-03-10",
                           status="done", quantities="\n  jobs: 4000")
    hired_some = claim_text("hired-1000", product="cells", milestone="hiring", when="2026-03", said="2026-03-20",
                            status="done", quantities="\n  jobs: 1000", supersedes="[hired-4000]")
    called_off = claim_text("mass-cancelled", product="cells", milestone="mass-production", when="2026",
                            said="2025-05-01", status="cancelled")
    trial = claim_text("trial-done", product="cells", milestone="trial-production", when="2026-02",
                       said="2026-02-10", status="done", supersedes="[mass-cancelled]")
    kb = kb_at(make_kb({"claims/hired-4000.yaml": hired_all, "claims/hired-1000.yaml": hired_some,
                        "claims/mass-cancelled.yaml": called_off, "claims/trial-done.yaml": trial}))
    assert warm_and_cold(kb, "list", "--current", "-o", "ids", "--as-of", "2026-06-30").split() == [
        "hired-1000", "trial-done"]
    assert states(kb, "--as-of", "2026-06-30") == {"hired-4000": "kept", "hired-1000": "current",
                                                   "mass-cancelled": "kept", "trial-done": "current"}
    assert kb("check", "--strict").exit_code == 0, kb("check").stdout  # no partial-kept warning


@pytest.mark.skipif(sys.version_info < (3, 11), reason="lowering SQLite's limits needs sqlite3.Connection.setlimit "
                                                   "(Python 3.11 and later)")
def test_many_progress_links_fit_in_sqlites_limits(make_kb, kb_at, monkeypatch):
    """Each progress link was a term of one SQL expression: ~1000 made `--current` and `kb due` fail
    ("Expression tree is too large"). Here SQLite's limits are lowered (expression depth 50, 100 variables)
    and 60 plans each have progress toward them."""
    import sqlite3

    import kb.store.index as index_module

    connect = index_module._connect

    def capped(path: str) -> sqlite3.Connection:
        conn = connect(path)
        conn.setlimit(sqlite3.SQLITE_LIMIT_EXPR_DEPTH, 50)
        conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 100)
        return conn

    monkeypatch.setattr(index_module, "_connect", capped)
    monkeypatch.setattr(index_module, "INLINE_VALUES", 30)
    files = {}
    for i in range(60):
        files[f"claims/plan-{i:02d}.yaml"] = claim_text(f"plan-{i:02d}", product="cells", milestone="hiring",
                                                        when="2026", said="2025-01-10", quantities="\n  jobs: 4000")
        files[f"claims/done-{i:02d}.yaml"] = claim_text(
            f"done-{i:02d}", product="cells", milestone="hiring", when="2026-03", said="2026-03-10", status="done",
            quantities="\n  jobs: 1000", supersedes=f"[plan-{i:02d}]")
    kb = kb_at(make_kb(files))
    plans = [f"plan-{i:02d}" for i in range(60)]
    current = warm_and_cold(kb, "list", "--current", "-o", "ids", "--as-of", "2026-06-30").split()
    assert current == sorted(plans + [f"done-{i:02d}" for i in range(60)])
    assert warm_and_cold(kb, "due", "-o", "ids", "--as-of", "2027-02-01").split() == plans


def test_two_claims_of_one_id_each_decide_their_own_link(make_kb, kb_at):
    """Two files with the id done-x (an error kb check reports), one mass production done, one samples: each
    link is judged by the claim that makes it, so the mass-production one keeps the plan, on every path."""
    mass = claim_text("mass-plan", product="cells", milestone="mass-production", when="2026-H1", said="2025-02-01")
    kept = claim_text("done-x", product="cells", milestone="mass-production", when="2026-05", said="2026-05-10",
                      status="done", supersedes="[mass-plan]")
    step = claim_text("done-x", product="cells", milestone="sample-production", when="2026-02", said="2026-02-10",
                      status="done", supersedes="[mass-plan]")
    for first, second in ((kept, step), (step, kept)):  # whichever comes last
        kb = kb_at(make_kb({"claims/mass-plan.yaml": mass, "claims/a/done-x.yaml": first,
                            "claims/b/done-x.yaml": second}))
        listed = json.loads(warm_and_cold(kb, "list", "-o", "json", "--as-of", "2026-12-01", code=1))
        assert [(c["id"], c["state"]) for c in listed] == [("done-x", "current"), ("done-x", "current"),
                                                           ("mass-plan", "kept")]
        exported = json.loads(warm_and_cold(kb, "export", "-", "-o", "json", code=1))
        assert [(c["id"], c["state"]) for c in exported] == [(c["id"], c["state"]) for c in listed]
        assert "kept by done-x" in kb("show", "mass-plan", "-o", "plain").stdout
        assert warm_and_cold(kb, "list", "--current", "-o", "ids", "--as-of", "2026-12-01", code=1).split() == \
            ["done-x"] * 2
        assert warm_and_cold(kb, "due", "-o", "ids", "--as-of", "2026-12-01", code=1).split() == []


def test_a_plan_with_progress_toward_it_still_conflicts(make_kb, kb_at):
    """Progress toward a plan does not supersede it: `kb conflicts` pairs it with a plan it disagrees with."""
    mass = claim_text("mass-plan", product="cells", milestone="mass-production", when="2026-H1", said="2025-02-01")
    other = claim_text("mass-later", product="cells", milestone="mass-production", when="2028", said="2025-03-01")
    samples = claim_text("samples-done", product="cells", milestone="sample-production", when="2026-02",
                         said="2026-02-10", status="done", supersedes="[mass-plan]")
    kb = kb_at(make_kb({"claims/mass-plan.yaml": mass, "claims/mass-later.yaml": other,
                        "claims/samples-done.yaml": samples}))
    rows = [line.split("\t")[:4] for line in warm_and_cold(kb, "conflicts", "-o", "plain").splitlines()]
    assert rows == [["mass-later", "mass-plan", "differs", "when 2028 vs 2026-H1"],
                    ["mass-later", "samples-done", "differs", "when 2028 vs 2026-02; status planned vs done"]]
    filtered = warm_and_cold(kb, "conflicts", "--year", "2028", "-o", "plain")  # the later plan chosen alone
    assert [line.split("\t")[:2] for line in filtered.splitlines()] == [["mass-later", "mass-plan"],
                                                                        ["mass-later", "samples-done"]]


def test_progress_toward_two_plans_counts_for_both(make_kb, kb_at):
    mass = claim_text("mass-plan", product="cells", milestone="mass-production", when="2026-H1", said="2025-02-01")
    full = claim_text("full-plan", product="cells", milestone="full-production", when="2026-Q3", said="2025-03-01")
    samples = claim_text("samples-done", product="cells", milestone="sample-production", when="2026-02",
                         said="2026-02-10", status="done", supersedes="[mass-plan, full-plan]")
    kb = kb_at(make_kb({"claims/mass-plan.yaml": mass, "claims/full-plan.yaml": full,
                        "claims/samples-done.yaml": samples}))
    record = plain(kb("record", "--as-of", "2026-05-01", "-o", "plain"))
    assert record[3] == ["pending", "1", "+3m", "mass-plan, full-plan", "sample-production (samples-done)"]
    record = plain(kb("record", "--as-of", "2026-12-01", "-o", "plain"))
    assert record[4] == ["overdue", "1", "+3m", "mass-plan, full-plan", "sample-production (samples-done)"]
    assert states(kb, "--as-of", "2026-08-01") == {"mass-plan": "overdue", "full-plan": "current",
                                                   "samples-done": "current"}
    assert warm_and_cold(kb, "due", "-o", "ids", "--as-of", "2026-12-01").split() == ["mass-plan"]


def test_a_closure_done_ends_a_plan_and_is_no_progress(make_kb, kb_at):
    """A done closure superseding an open production plan ends it, as a cancellation does: the plan is
    superseded (not kept), its outcome cancelled, and nothing is called progress."""
    mass = claim_text("mass-plan", product="cells", milestone="mass-production", when="2026-H2", said="2025-02-01")
    closed = claim_text("plant-closed", product="cells", milestone="closure", when="2026-04", said="2026-04-10",
                        status="done", supersedes="[mass-plan]")
    kb = kb_at(make_kb({"claims/mass-plan.yaml": mass, "claims/plant-closed.yaml": closed}))
    assert states(kb, "--as-of", "2027-01-15") == {"mass-plan": "superseded", "plant-closed": "current"}
    assert states(kb, "--as-of", "2027-01-15", env={"KB_NO_CACHE": "1"}) == {"mass-plan": "superseded",
                                                                            "plant-closed": "current"}
    rows = plain(kb("track", "--as-of", "2027-01-15", "-o", "plain"))
    assert [(r[5], r[10]) for r in rows] == [("-", "-"), ("cancelled", "-")]
    assert plain(kb("record", "--as-of", "2027-01-15", "-o", "plain"))[2] == ["cancelled", "1", "-", "plant-closed",
                                                                              "-"]
    assert warm_and_cold(kb, "due", "-o", "ids", "--as-of", "2027-01-15") == ""
    assert kb("check", "--strict").exit_code == 0
    # a done closure keeps a plan to close
    plan_to_close = claim_text("close-plan", product="cells", milestone="closure", when="2026", said="2025-02-01")
    closed = closed.replace("[mass-plan]", "[close-plan]")
    kb = kb_at(make_kb({"claims/close-plan.yaml": plan_to_close, "claims/plant-closed.yaml": closed}))
    assert states(kb, "--as-of", "2027-01-15") == {"close-plan": "kept", "mass-plan": "overdue",  # left alone now
                                                   "plant-closed": "current"}


def test_kb_show_names_as_progress_only_the_done_claims_linked_to_the_plan(make_kb, kb_at):
    """A done claim that would be progress by its amount, but names no plan, is no progress toward one."""
    unlinked = done("hired-500", "500").replace("supersedes: [hiring-plan]\n", "")
    kb = kb_at(make_kb({"claims/hiring-plan.yaml": PLAN, "claims/hired-1000.yaml": done("hired-1000", "1000"),
                        "claims/hired-500.yaml": unlinked}))
    for env in (None, {"KB_NO_CACHE": "1"}):
        shown = kb("show", "hiring-plan", "-o", "plain", env=env).stdout
        state = next(line.strip() for line in shown.splitlines() if line.strip().startswith("State:"))
        assert state.endswith("; progress: hiring 1000 of 4000 jobs (hired-1000)")  # current or overdue by today
    from kb.answers.state import progress_toward
    from kb.store.parse import load_kb

    whole = load_kb(kb.root)[0]  # from Python, over every claim
    assert progress_toward(whole, whole.claims_by_id["hiring-plan"]) == ("hiring 1000 of 4000 jobs (hired-1000)",)
    assert progress_toward(whole, whole.claims_by_id["hired-500"]) == ()


def test_progress_falls_with_the_plan_it_is_toward_when_a_new_promise_replaces_that_plan(make_kb, kb_at):
    """hired-1000 is progress toward hiring-plan; hiring-later then replaces hiring-plan: the progress
    stands with the plan it was toward, so the plan (now hiring-later's) shows none."""
    later = claim_text("hiring-later", claim="Acme will hire 5000 people by 2027.", product="cells",
                       milestone="hiring", when="2027", said="2026-05-01", quantities="\n  jobs: 5000 jobs",
                       supersedes="[hiring-plan]")
    kb = kb_at(make_kb({"claims/hiring-plan.yaml": PLAN, "claims/hired-1000.yaml": done("hired-1000", "1000"),
                        "claims/hiring-later.yaml": later}))
    rows = plain(kb("track", "--as-of", "2026-06-30", "-o", "plain"))
    assert [(r[5], r[8], r[10]) for r in rows] == [("-", "hiring-plan", "-"), ("-", "hired-1000", "-"),
                                                   ("pending", "hiring-later", "-")]


def test_a_done_claim_joining_a_replaced_promise_is_no_progress_of_the_plan_though_it_is_progress_by_its_link_too(
        make_kb, kb_at):
    """hired-1000 elaborates hiring-second (a promise hiring-second-later replaces) and is progress toward
    hiring-plan too: it stands or falls with the claim it elaborates, so it is no head and no progress shown."""
    second = claim_text("hiring-second", claim="Acme will hire 4000 people for a second line in 2026.",
                        product="cells", milestone="hiring", when="2026-H2", said="2025-02-01",
                        quantities="\n  jobs: 4000 jobs")
    second_later = claim_text("hiring-second-later", claim="The second line's 4000 jobs come in 2027.",
                              product="cells", milestone="hiring", when="2027", said="2025-09-01",
                              quantities="\n  jobs: 4000 jobs", supersedes="[hiring-second]")
    hired = done("hired-1000", "1000") + "elaborates: [hiring-second]\n"
    kb = kb_at(make_kb({"claims/hiring-plan.yaml": PLAN, "claims/hiring-second.yaml": second,
                        "claims/hiring-second-later.yaml": second_later, "claims/hired-1000.yaml": hired}))
    rows = plain(kb("track", "--as-of", "2026-06-30", "-o", "plain"))
    assert [(r[5], r[8], r[10]) for r in rows] == [
        ("-", "hiring-plan", "-"), ("-", "hiring-second", "-"), ("-", "hiring-second-later", "-"),
        ("pending", "hired-1000", "-")]
