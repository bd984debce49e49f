"""`kb track --suggest` on plan identity (issue 21): company, factory, product and milestone, a reason per
link, and `--apply` writing the accepted ones as `kb link` does. Expected links are worked out by hand."""

from __future__ import annotations

import pytest
from conftest import claim_text

FACTORIES = """\
- id: acme-ohio
  name: Ohio plant
  owner: acme

- id: acme-texas
  name: Texas plant
  owner: acme
"""
PRODUCTS = "- id: cylindrical-46\n  name: 46-series cell\n  aliases: [46-series, \"4695\"]\n"


def plan(claim_id: str, said: str, milestone: str | None, when: str | None = None, **fields) -> str:
    return claim_text(claim_id, said=said, milestone=milestone, when=when, **fields)


@pytest.fixture
def suggested(make_kb):
    from kb.answers.suggest import suggest
    from kb.store.parse import load_kb

    def run(claims: dict[str, str]) -> list[tuple[str, str]]:
        root = make_kb({"claims/registry/factories.yaml": FACTORIES, "claims/registry/products.yaml": PRODUCTS,
                        **{f"claims/{k}.yaml": v for k, v in claims.items()}})
        kb, problems = load_kb(root)
        assert problems == []
        return [(s.newer.id, s.older.id) for s in suggest(kb)]

    return run


def test_each_claim_supersedes_the_claims_of_its_plan_said_last_before_it(suggested):
    assert suggested({
        "m1": plan("m1", "2022-05", "mass-production", "2024-H2", factory="acme-ohio", product='"4695"'),
        "m2": plan("m2", "2023-07", "mass-production", "2025", factory="acme-ohio", product="46-series"),
        "m3": plan("m3", "2024-03", "mass-production", "2026", factory="acme-ohio"),  # no product: the only one
        "s1": plan("s1", "2023-07", "sample-production", "2024", factory="acme-ohio"),  # another plan
        "t1": plan("t1", "2023-01", "mass-production", "2025", factory="acme-texas"),  # another plant
        "d1": plan("d1", "2025-02", "mass-production", "2026-01", factory="acme-ohio", status="done"),
    }) == [("m2", "m1"), ("m3", "m2"), ("d1", "m3")]


def test_a_plan_that_is_done_is_not_replaced_and_a_cancelled_one_can_be_taken_up_again(suggested):
    assert suggested({
        "c1": plan("c1", "2022-01", "construction-start", "2022", factory="acme-ohio", status="done"),
        "c2": plan("c2", "2023-01", "construction-start", "2023", factory="acme-ohio"),
        "h1": plan("h1", "2022-01", "hiring", "2023", factory="acme-ohio"),
        "h2": plan("h2", "2022-06", "hiring", factory="acme-ohio", status="cancelled"),
        "h3": plan("h3", "2023-06", "hiring", "2024", factory="acme-ohio"),
    }) == [("h2", "h1"), ("h3", "h2")]


def test_an_unknown_factory_agrees_only_when_no_other_plant_could_be_meant(suggested):
    assert suggested({
        "a1": plan("a1", "2022-01", "mass-production", "2024", factory="acme-ohio"),
        "a2": plan("a2", "2023-01", "mass-production", "2025", factory="acme-texas"),
        "a3": plan("a3", "2024-01", "mass-production", "2026"),  # Ohio or Texas? left alone
        "i1": plan("i1", "2022-01", "investment", factory="acme-ohio"),
        "i2": plan("i2", "2023-01", "investment"),  # a company's spending is not a plant's
    }) == []


def test_a_plant_called_off_supersedes_its_dated_plans_and_a_plan_taken_up_again_supersedes_that(suggested):
    assert suggested({
        "m1": plan("m1", "2022-01", "mass-production", "2025", factory="acme-ohio"),
        "e1": plan("e1", "2022-01", "equipment-installation", "2024", factory="acme-ohio"),
        "i1": plan("i1", "2022-01", "investment", factory="acme-ohio"),  # no date promised: nothing to call off
        "x1": plan("x1", "2023-01", None, factory="acme-ohio", status="cancelled"),
        "m2": plan("m2", "2024-01", "mass-production", "2027", factory="acme-ohio"),
    }) == [("x1", "e1"), ("x1", "m1"), ("m2", "x1")]


def test_a_plan_taken_up_again_goes_on_from_there_and_no_link_crosses_the_cancellation(suggested):
    assert suggested({
        "m1": plan("m1", "2022-01", "mass-production", "2025", factory="acme-ohio"),
        "x1": plan("x1", "2023-01", None, factory="acme-ohio", status="cancelled"),
        "m2": plan("m2", "2024-01", "mass-production", "2027", factory="acme-ohio"),
        "m3": plan("m3", "2025-01", "mass-production", "2028", factory="acme-ohio"),  # m2's plan, not m1's
    }) == [("x1", "m1"), ("m2", "x1"), ("m3", "m2")]


def test_calling_off_a_plant_leaves_out_the_steps_work_under_way_has_passed(suggested):
    # construction has started (under way): the groundbreaking before it was passed, not called off;
    # the construction itself and the later mass production are
    assert suggested({
        "g1": plan("g1", "2022-01", "groundbreaking", "2022", factory="acme-ohio"),
        "c1": plan("c1", "2022-06", "construction-start", factory="acme-ohio", status="underway"),
        "m1": plan("m1", "2022-06", "mass-production", "2025", factory="acme-ohio"),
        "x1": plan("x1", "2023-01", None, factory="acme-ohio", status="cancelled"),
    }) == [("x1", "c1"), ("x1", "m1")]


def test_a_link_names_the_product_it_took_as_meant_where_one_claim_names_none(make_kb):
    from kb.answers.suggest import suggest
    from kb.store.parse import load_kb

    root = make_kb({"claims/registry/factories.yaml": FACTORIES, "claims/registry/products.yaml": PRODUCTS,
                    "claims/p1.yaml": plan("p1", "2022-01", "mass-production", "2024", factory="acme-ohio"),
                    "claims/p2.yaml": plan("p2", "2023-01", "mass-production", "2025", factory="acme-ohio",
                                           product='"4695"'),
                    "claims/q1.yaml": plan("q1", "2022-01", "mass-production", "2024", factory="acme-texas",
                                           product="46-series"),
                    "claims/q2.yaml": plan("q2", "2023-01", "mass-production", "2025", factory="acme-texas",
                                           product='"4695"')})
    kb, problems = load_kb(root)
    assert problems == []
    assert [(s.newer.id, s.older.id, s.reason) for s in suggest(kb)] == [
        ("p2", "p1", "same company, factory and milestone (mass-production); product cylindrical-46 (the plan's; "
                     "one claim names none); the claims of this plan said last before it (2022-01)"),
        ("q2", "q1", "same company, factory, product and milestone (mass-production); the claims of this plan "
                     "said last before it (2022-01)"),
    ]


def test_claims_without_a_milestone_are_linked_as_before_where_no_claim_names_one(suggested):
    assert suggested({
        "o1": plan("o1", "2022-01", None, "2024", factory="acme-texas", product="cells"),
        "o2": plan("o2", "2023-01", None, "2025", factory="acme-texas", product="Cells"),
        "n1": plan("n1", "2022-01", None, "2024", factory="acme-ohio"),
        "n2": plan("n2", "2023-01", "mass-production", "2025", factory="acme-ohio"),  # Ohio's plans have one
        "n3": plan("n3", "2024-01", None, "2026", factory="acme-ohio"),
    }) == [("o2", "o1")]


def test_each_link_says_why(make_kb, kb_at):
    root = make_kb({"claims/registry/factories.yaml": FACTORIES,
                    "claims/m1.yaml": plan("m1", "2022-05", "mass-production", "2024-H2", factory="acme-ohio"),
                    "claims/m2.yaml": plan("m2", "2023-07", "mass-production", "2025", factory="acme-ohio")})
    result = kb_at(root)("track", "--suggest", "--format", "plain")
    assert result.stdout == ("m2\tsupersedes\tm1\t2023-07\t2025\t2022-05\t2024-H2\tsame company, factory and milestone "
                             "(mass-production); the claims of this plan said last before it (2022-05)\n")


def test_apply_asks_about_each_link_and_writes_the_accepted_ones_as_kb_link_does(make_kb, kb_at):
    root = make_kb({"claims/registry/factories.yaml": FACTORIES,
                    "claims/m1.yaml": plan("m1", "2022-05", "mass-production", "2024-H2", factory="acme-ohio"),
                    "claims/m2.yaml": plan("m2", "2023-07", "mass-production", "2025", factory="acme-ohio"),
                    "claims/s1.yaml": plan("s1", "2022-05", "sample-production", "2023", factory="acme-ohio"),
                    "claims/s2.yaml": "# samples, again\n" + plan("s2", "2023-07", "sample-production", "2024",
                                                                   factory="acme-ohio")})
    kb = kb_at(root)

    def answered(*args: str, input: str | None = None):
        from cli import app

        return kb.runner.invoke(app, ["--root", str(root), *args], input=input)

    before = (root / "claims/s2.yaml").read_text()
    result = answered("track", "--suggest", "--apply", input="x\nn\ny\n")
    assert result.exit_code == 0, result.output
    assert "answer y, n or q" in result.stdout
    assert "  claims/s2.yaml:9: supersedes: [s1]\n" in result.stdout  # after the quote, as the schema orders it
    assert result.stderr == "1 link(s) written, 1 declined.\n"
    assert (root / "claims/s2.yaml").read_text() == before.replace("quote: Quote of s2.\n",
                                                                   "quote: Quote of s2.\nsupersedes: [s1]\n")
    assert "supersedes" not in (root / "claims/m2.yaml").read_text()
    quit_early = answered("track", "--suggest", "--apply", input="q\n")
    assert quit_early.stderr == "0 link(s) written, 0 declined, 1 left.\n"
    assert kb("track", "--suggest", "--apply", "--yes").stderr == "1 link(s) written, 0 declined.\n"
    assert kb("track", "--suggest").stdout == ""
    assert kb("check", "--strict").exit_code == 0
    assert kb("track", "--apply").exit_code == 2  # --apply goes with --suggest


def test_a_product_added_by_command_is_found_by_any_of_its_names(make_kb, kb_at):
    root = make_kb({"claims/a.yaml": claim_text("a", product='"4695"'), "claims/b.yaml": claim_text("b", product="cells")})
    kb = kb_at(root)
    assert kb("list", "--product", "46-series", "--format", "ids").stdout == ""
    assert kb("add", "product", "--id", "cylindrical-46", "--name", "46-series cell", "--alias", "46-series",
              "--alias", "4695").exit_code == 0
    for term in ("46-series", "cylindrical-46", "4695"):
        assert kb("list", "--product", term, "--format", "ids").stdout == "a\n"
        assert kb("--no-cache", "list", "--product", term, "--format", "ids").stdout == "a\n"


def test_kb_new_and_kb_check_know_kbs_milestones_and_the_declared_ones(make_kb, kb_at):
    root = make_kb({"claims/a.yaml": claim_text("a", milestone="mass-prodution"),
                    "claims/b.yaml": claim_text("b", milestone="recycling-start")})
    kb = kb_at(root)
    check = kb("check", "-o", "parsable")
    assert check.stdout.splitlines() == [
        "claims/a.yaml:8:12: error: 'milestone': 'mass-prodution' is not a milestone kb knows; did you mean "
        "'mass-production'? [unknown-milestone]",
        "claims/b.yaml:8:12: error: 'milestone': 'recycling-start' is not a milestone kb knows; use one of kb's "
        "(groundbreaking, construction-start, construction-complete, equipment-installation, sample-production, "
        "trial-production, mass-production, full-production, capacity-expansion, hiring, investment, supply-start, "
        "closure) or declare it: kb add milestone --id recycling-start --name ... [unknown-milestone]"]
    assert kb("add", "milestone", "--id", "recycling-start", "--name", "Recycling starts", "--alias",
              "recycling line").exit_code == 0
    assert kb("set", "a", "milestone", "mass-production").exit_code == 0
    assert kb("check", "--strict").exit_code == 0
    new = kb("new", "--claim", "Acme will open a line.", "--speaker", "acme", "--status", "planned", "--source",
             "daily-news", "--quote", "q", "--milestone", "mass-prodution", "--dry-run")
    assert new.exit_code == 1 and "did you mean 'mass-production'?" in new.stderr


def test_a_new_report_links_to_claims_written_before_claims_named_milestones(tmp_path):
    """README's worked example, command for command: the plan-history fixture's Arizona claims name no
    milestone (but the sample promise, sample-production); the sample-cells report's drafts do. --suggest reads
    the old claims' milestones from their words (and says so), so the samples done replace the mid-2026 sample
    promise and the end-2026 production date replaces the one said before it."""
    import shutil

    from cli import app
    from conftest import REPO
    from typer.testing import CliRunner

    root = tmp_path / "kb"
    shutil.copytree(REPO / "tests/fixtures/plan-history", root)
    shutil.copy(REPO / "docs/example/bve-arizona-samples-2026.txt", root)
    runner = CliRunner()

    def kb(*args: str, input: str | None = None):
        result = runner.invoke(app, ["--root", str(root), *args], input=input)
        assert result.exit_code == 0, (args, result.output)
        return result

    kb("add", "source", "--id", "bve-arizona-samples-2026", "--from", str(root / "bve-arizona-samples-2026.txt"),
       "--kind", "article", "--title", "Brightvolt ships first sample cells from its Arizona plant",
       "--publisher", "Desert Business Journal", "--date", "2026-03-04")
    written = kb("extract", "bve-arizona-samples-2026", "--write")
    assert 'kb add person --name "Tom Okafor" --role "general manager" --company brightvolt' in written.stderr
    kb("add", "person", "--name", "Tom Okafor", "--role", "general manager", "--company", "brightvolt")
    review = kb("review", "bve-arizona-samples-2026", input="e\nwhen\n2026-03\na\na\na\nr\n")
    assert "3 accepted, 1 rejected, 0 left for later." in review.stdout
    samples, production = "brightvolt-bve-arizona-cylindrical-2026-03", "brightvolt-bve-arizona-cylindrical-2026-end-full"
    links = {tuple(line.split("\t")[:3]): line.split("\t")[7] for line in kb("track", "--suggest").stdout.splitlines()}
    assert links[(samples, "supersedes", "bve-arizona-sample-mid-2026")] == (
        "same company, factory, product and milestone (sample-production); the claims of this plan said last "
        "before it (2025-07-02)")
    assert links[(production, "supersedes", "bve-arizona-commercial-end-2026")].startswith(
        "same company, factory, product and milestone (mass-production); milestone read from its words "
        "(bve-arizona-commercial-end-2026 names none)")
    assert not any(newer == "brightvolt-bve-arizona-cylindrical-2026-04-first" for newer, _, _ in links)  # after done
    kb("track", "--suggest", "--apply", "--yes")
    # as of mid-2026, so that the answer does not change when the end of 2026 has passed
    track = kb("track", "--factory", "Arizona", "--as-of", "2026-06-30", "--format", "plain").stdout.splitlines()
    rows = [tuple(line.split("\t")[:6]) for line in track]
    # the sample plan, kept five months before the end of its window (mid-2026: until August)
    sample_plan = "Arizona cell plant, cylindrical, sample-production (bve-arizona-sample-mid-2026)"
    assert [r for r in rows if r[0] == sample_plan] == [
        (sample_plan, "2025-07-02", "..2026-mid", "-", "planned", "-"),
        (sample_plan, "2026-03-03", "2026-03", "-5m", "done", "kept on time")]
    # production: the samples are a step, not this promise; the end of 2026, said again, is still to come
    production = [r for r in rows if r[0] == "Arizona cell plant, cylindrical"]
    assert production[-2:] == [
        ("Arizona cell plant, cylindrical", "2025-07-02", "2026-end", "+7m (start +8m)", "planned", "-"),
        ("Arizona cell plant, cylindrical", "2026-03-04", "2026-end", "+0m", "planned", "pending")]
    assert len(production) == 7 and not any(r[5].startswith("kept") for r in production)
    assert kb("check", "--strict").exit_code == 0 and kb("fmt", "--check").exit_code == 0


@pytest.fixture
def suggested_with(make_kb):
    """--suggest's links with their reasons, on claims and any other files (a source's archive)."""
    from kb.answers.suggest import suggest
    from kb.store.parse import load_kb

    def run(claims: dict[str, str], files: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
        root = make_kb({"claims/registry/factories.yaml": FACTORIES, "claims/registry/products.yaml": PRODUCTS,
                        **(files or {}), **{f"claims/{k}.yaml": v for k, v in claims.items()}})
        kb, problems = load_kb(root)
        assert problems == []
        return [(s.newer.id, s.older.id, s.reason) for s in suggest(kb)]

    return run


def test_a_claim_naming_no_milestone_reads_it_from_its_words_where_other_claims_of_the_plant_name_one(
        suggested_with):
    found = suggested_with({
        "o1": plan("o1", "2023-01", None, "2025", factory="acme-ohio", claim="Acme plans volume production at its Ohio "
                                                                             "plant in 2025."),
        "o2": plan("o2", "2023-01", None, "2024", factory="acme-ohio", claim="Acme will start hiring in 2024."),
        "n1": plan("n1", "2024-06", "mass-production", "2026", factory="acme-ohio"),
        "c1": plan("c1", "2023-01", None, factory="acme-ohio", claim="The plant will have 8 GWh a year of capacity "
                                                                     "and employ 500 people.",
                   quantities="{capacity: 8 GWh/yr}"),  # a plant described, as kb extract reads it: no hiring
        "h1": plan("h1", "2024-06", "hiring", "2025", factory="acme-ohio"),
    })
    assert found == [
        ("h1", "o2", "same company, factory and milestone (hiring); milestone read from its words (o2 names none); "
                     "the claims of this plan said last before it (2023-01)"),
        ("n1", "o1", "same company, factory and milestone (mass-production); milestone read from its words (o1 names "
                     "none); the claims of this plan said last before it (2023-01)")]


def test_a_claim_naming_no_product_joins_the_plants_own_product_not_a_line_of_another(suggested_with):
    found = suggested_with({
        "m1": plan("m1", "2022-01", "mass-production", "2024", factory="acme-ohio", product="46-series"),
        "m2": plan("m2", "2023-01", "mass-production", "2025", factory="acme-ohio", product="cylindrical-46"),
        "l1": plan("l1", "2023-06", "mass-production", "2026", factory="acme-ohio", product="sodium-ion",
                   status="considering"),
        "m3": plan("m3", "2024-01", "mass-production", "2026", factory="acme-ohio"),  # the plant's own line
    })
    assert [(a, b) for a, b, _ in found] == [("m2", "m1"), ("m3", "m2")]
    assert found[1][2].endswith("product cylindrical-46 (the plan's; one claim names none); the claims of this plan "
                                "said last before it (2023-01)")


def test_claims_of_one_source_said_the_same_day_are_in_the_order_of_its_text(suggested_with):
    text = "Installation of the lines began in April. All lines will be installed by December.\n"
    found = suggested_with({
        "e0": plan("e0", "2024-01-10", "equipment-installation", "2024", factory="acme-ohio"),
        "e1": plan("e1", "2025-06-02", "equipment-installation", None, factory="acme-ohio", status="underway",
                   source="may-report", quote="Installation of the lines began in April."),
        "e2": plan("e2", "2025-06-02", "equipment-installation", "..2025-12", factory="acme-ohio",
                   source="may-report", quote="All lines will be installed by December."),
    }, {"claims/registry/sources.yaml": "- id: daily-news\n  title: Daily News\n  kind: article\n"
                                        "- id: may-report\n  title: May report\n  kind: article\n"
                                        "  archive: sources/may-report.txt\n",
        "sources/may-report.txt": text})
    assert [(a, b) for a, b, _ in found] == [("e1", "e0"), ("e2", "e1")]
    assert "said later in the same source" in found[1][2]


def test_a_plant_called_off_leaves_a_step_called_off_by_name_that_day_to_its_own_claim(suggested):
    assert suggested({
        "c1": plan("c1", "2023-01", "construction-start", "2024", factory="acme-ohio"),
        "m1": plan("m1", "2023-01", "mass-production", "2026", factory="acme-ohio"),
        "x1": plan("x1", "2024-04", None, factory="acme-ohio", status="cancelled"),  # the plant
        "x2": plan("x2", "2024-04", "mass-production", factory="acme-ohio", status="cancelled"),  # its production
    }) == [("x1", "c1"), ("x2", "m1")]


def test_a_plan_kept_closes_it_a_later_promise_of_that_step_starts_another(suggested):
    assert suggested({
        "s1": plan("s1", "2025-07", "sample-production", "..2026-mid", factory="acme-ohio"),
        "s2": plan("s2", "2026-03-03", "sample-production", "2026-03", factory="acme-ohio", status="done"),
        "s3": plan("s3", "2026-03-04", "sample-production", "2026-04", factory="acme-ohio"),  # samples to customers
    }) == [("s2", "s1")]


def test_links_are_listed_by_company_first(suggested):
    # found by mutation testing (docs/testing.md): the order is company, then milestone, whatever the steps
    assert suggested({
        "g1": plan("g1", "2022-01", "mass-production", "2025", company="globex"),
        "g2": plan("g2", "2023-01", "mass-production", "2026", company="globex"),
        "s1": plan("s1", "2022-01", "sample-production", "2024", factory="acme-ohio"),
        "s2": plan("s2", "2023-01", "sample-production", "2025", factory="acme-ohio"),
    }) == [("s2", "s1"), ("g2", "g1")]


def test_links_already_made_around_a_plant_called_off_are_not_suggested_again(suggested):
    # found by mutation testing (docs/testing.md): a link either way between two claims is a link made
    assert suggested({
        "m1": plan("m1", "2022-01", "mass-production", "2025", factory="acme-ohio"),
        "x1": plan("x1", "2023-01", None, factory="acme-ohio", status="cancelled", supersedes="[m1]"),
        "m2": plan("m2", "2024-01", "mass-production", "2027", factory="acme-ohio", supersedes="[x1]"),
        "m3": plan("m3", "2025-01", "mass-production", "2028", factory="acme-ohio"),
    }) == [("m3", "m2")]


def test_a_quote_not_found_in_its_sources_text_is_in_no_order_with_the_sources_other_claims(suggested_with):
    # found by mutation testing (docs/testing.md): e1's words are not in the archive, so which came first is
    # unknown: both go on from the plan said before
    found = suggested_with({
        "e0": plan("e0", "2024-01-10", "equipment-installation", "2024", factory="acme-ohio"),
        "e1": plan("e1", "2025-06-02", "equipment-installation", None, factory="acme-ohio", status="underway",
                   source="may-report", quote="Installation began in the spring."),
        "e2": plan("e2", "2025-06-02", "equipment-installation", "..2025-12", factory="acme-ohio",
                   source="may-report", quote="All lines will be installed by December."),
    }, {"claims/registry/sources.yaml": "- id: daily-news\n  title: Daily News\n  kind: article\n"
                                        "- id: may-report\n  title: May report\n  kind: article\n"
                                        "  archive: sources/may-report.txt\n",
        "sources/may-report.txt": "Installation of the lines began in April. All lines will be installed by "
                                  "December.\n"})
    assert [(a, b) for a, b, _ in found] == [("e1", "e0"), ("e2", "e0")]


def test_a_claim_naming_no_product_joins_no_plan_where_the_plants_products_are_named_as_often(suggested):
    # found by mutation testing (docs/testing.md): two products named once each: neither is the plant's own
    assert suggested({
        "m1": plan("m1", "2022-01", "mass-production", "2024", factory="acme-ohio", product="46-series"),
        "l1": plan("l1", "2022-06", "mass-production", "2025", factory="acme-ohio", product="sodium-ion"),
        "m3": plan("m3", "2024-01", "mass-production", "2026", factory="acme-ohio"),
    }) == []


def test_links_of_one_company_and_step_are_listed_by_plant_then_by_when_said(suggested):
    # found by mutation testing (docs/testing.md): Ohio's links come before Texas's although Texas's were said first
    assert suggested({
        "t1": plan("t1", "2021-01", "mass-production", "2024", factory="acme-texas"),
        "t2": plan("t2", "2022-01", "mass-production", "2025", factory="acme-texas"),
        "o1": plan("o1", "2023-01", "mass-production", "2026", factory="acme-ohio"),
        "o2": plan("o2", "2024-01", "mass-production", "2027", factory="acme-ohio"),
    }) == [("o2", "o1"), ("t2", "t1")]


def test_a_plant_called_off_supersedes_each_claim_said_last_that_no_link_reaches_yet(suggested):
    # found by mutation testing (docs/testing.md): a1 already leads to the cancellation; a2, said the same day
    # in the same plan, is still called off
    assert suggested({
        "a1": plan("a1", "2022-01", "mass-production", "2025", factory="acme-ohio"),
        "a2": plan("a2", "2022-01", "mass-production", "2025-H2", factory="acme-ohio"),
        "x1": plan("x1", "2023-01", None, factory="acme-ohio", status="cancelled", supersedes="[a1]"),
    }) == [("x1", "a2")]


def test_a_source_whose_archive_cannot_be_read_leaves_its_claims_in_no_order(suggested_with):
    # found by mutation testing (docs/testing.md): a missing archive is no crash; which claim came first is
    # unknown, so both go on from the plan said before
    found = suggested_with({
        "e0": plan("e0", "2024-01-10", "equipment-installation", "2024", factory="acme-ohio"),
        "e1": plan("e1", "2025-06-02", "equipment-installation", "2025", factory="acme-ohio", source="may-report",
                   quote="Installation began in the spring."),
        "e2": plan("e2", "2025-06-02", "equipment-installation", "..2025-12", factory="acme-ohio",
                   source="may-report", quote="All lines will be installed by December."),
    }, {"claims/registry/sources.yaml": "- id: daily-news\n  title: Daily News\n  kind: article\n"
                                        "- id: may-report\n  title: May report\n  kind: article\n"
                                        "  archive: sources/may-report.txt\n"})
    assert [(a, b) for a, b, _ in found] == [("e1", "e0"), ("e2", "e0")]


def test_a_link_a_chain_already_makes_is_left_out_and_the_others_still_proposed(suggested):
    # found by mutation testing (docs/testing.md): r1 already supersedes m1 and m2 supersedes r1; the newer m3
    # still goes on from m2
    assert suggested({
        "m1": plan("m1", "2022-01", "mass-production", "2025", factory="acme-ohio"),
        "r1": plan("r1", "2022-06", None, factory="acme-ohio", status="considering", supersedes="[m1]"),
        "m2": plan("m2", "2023-01", "mass-production", "2026", factory="acme-ohio", supersedes="[r1]"),
        "s1": plan("s1", "2023-02", "sample-production", "2025", factory="acme-ohio"),
        "s2": plan("s2", "2024-01", "sample-production", "2026", factory="acme-ohio"),
        "m3": plan("m3", "2024-02", "mass-production", "2027", factory="acme-ohio"),
    }) == [("m3", "m2"), ("s2", "s1")]


def test_a_link_back_to_a_claim_that_names_the_newer_one_is_left_out_and_the_others_still_proposed(suggested):
    # found by mutation testing (docs/testing.md): h (a review, said before m2) already names m2 in supersedes,
    # so m2 cannot supersede h, where m1's history stands; the sample plan's link is still proposed
    assert suggested({
        "m1": plan("m1", "2022-01", "mass-production", "2025", factory="acme-ohio"),
        "h": plan("h", "2022-06", None, factory="acme-ohio", status="considering", supersedes="[m1, m2]"),
        "m2": plan("m2", "2023-01", "mass-production", "2026", factory="acme-ohio"),
        "s1": plan("s1", "2023-02", "sample-production", "2025", factory="acme-ohio"),
        "s2": plan("s2", "2024-01", "sample-production", "2026", factory="acme-ohio"),
    }) == [("s2", "s1")]
