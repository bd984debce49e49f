"""Cross-references: relations and inverses, entity views, timeline, conflicts, due promises, graph.

Expected results are written out by hand from the fixtures, not computed by the code under test.
"""

from __future__ import annotations

import json

import pytest
from conftest import claim_text


@pytest.fixture
def kb(make_kb, kb_at):
    """A small world: a plan superseded twice, a contradiction, a due promise and a kept one; all from a
    source of 2020 (as of any later day, each claim was said)."""
    return kb_at(make_kb({
        "claims/registry/sources.yaml": "- id: daily-news\n  title: Daily News\n  kind: article\n  date: 2020-01-01\n",
        # supersedes chain: plan-2022 <- plan-2023 <- plan-2024 (the newest)
        "claims/plan-2022.yaml": claim_text("plan-2022", when=2023, factory="acme-springfield",
                                            product="cells", claim='"Acme will open Springfield in 2023."'),
        "claims/plan-2023.yaml": claim_text("plan-2023", when=2024, factory="acme-springfield", product="cells",
                                            supersedes="[plan-2022]", claim='"Acme delays Springfield to 2024."'),
        "claims/plan-2024.yaml": claim_text("plan-2024", when=2025, factory="acme-springfield", product="cells",
                                            supersedes="[plan-2023]", claim='"Acme delays Springfield to 2025."'),
        # a contradiction between two speakers
        "claims/globex-says-no.yaml": claim_text("globex-says-no", speaker="globex", company="globex",
                                                 status="statement", contradicts="[plan-2024]",
                                                 claim='"Globex says Springfield will never open."'),
        # same company, product and factory, different status, no supersedes: a conflict
        "claims/acme-considers.yaml": claim_text("acme-considers", status="considering", product="cells",
                                                 factory="acme-springfield", when=2025,
                                                 claim='"Acme is still considering Springfield."'),
        # a due promise and a kept one
        "claims/globex-due.yaml": claim_text("globex-due", speaker="globex", company="globex", when=2022,
                                             product="lfp", claim='"Globex will ship LFP cells in 2022."'),
        "claims/globex-old.yaml": claim_text("globex-old", speaker="globex", company="globex", when=2021,
                                             product="sodium", claim='"Globex will ship sodium cells in 2021."'),
        "claims/globex-kept.yaml": claim_text("globex-kept", speaker="globex", company="globex", when=2021,
                                              product="sodium", status="done", supersedes="[globex-old]",
                                              claim='"Globex shipped sodium cells in 2021."'),
    }))


def test_show_lists_inverse_relations(kb):
    out = kb("show", "plan-2023", "-o", "plain").stdout
    assert "supersedes plan-2022: Acme will open Springfield in 2023." in out
    assert "superseded by plan-2024: Acme delays Springfield to 2025." in out


def test_xref_of_a_claim(kb):
    rows = [line.split("\t")[:2] for line in kb("xref", "plan-2024").stdout.splitlines()]
    # each claim once, under its closest connection: a relation, then factory, company and product, speaker
    assert rows == [
        ["supersedes", "plan-2023"],
        ["contradicted by", "globex-says-no"],
        ["same factory", "acme-considers"],
        ["same factory", "plan-2022"],
    ]


def test_xref_of_an_entity_by_alias(kb):
    rows = [line.split("\t")[:2] for line in kb("xref", "springfield").stdout.splitlines()]
    assert rows == [["as factory", "acme-considers"], ["as factory", "plan-2022"], ["as factory", "plan-2023"],
                    ["as factory", "plan-2024"]]
    assert kb("xref", "Globex", "-o", "ids").stdout.split() == [
        "globex-due", "globex-kept", "globex-old", "globex-says-no"]


def test_entity_tables_count_claims(kb):
    companies = json.loads(kb("companies", "-o", "json").stdout)
    assert [(c["id"], c["claims"]) for c in companies] == [("acme", 4), ("globex", 4)]
    assert kb("factories", "-o", "plain").stdout == (
        "acme-springfield\tSpringfield plant\tAcme Batteries\tSpringfield, United States\t4\n")
    assert kb("companies", "--status", "done", "-o", "ids").stdout == "globex\n"
    assert kb("people", "-m", "doe", "-o", "ids").stdout == "jane-doe\n"


def test_timeline_orders_by_year_and_unknown_last(kb):
    lines = kb("timeline", "-o", "plain").stdout.splitlines()
    assert [(line.split("\t")[0], line.split("\t")[3]) for line in lines] == [
        ("2021", "globex-kept"), ("2021", "globex-old"), ("2022", "globex-due"), ("2023", "plan-2022"),
        ("2024", "plan-2023"), ("2025", "acme-considers"), ("2025", "plan-2024"), ("unknown", "globex-says-no")]
    assert kb("timeline", "--company", "globex", "--year", "2022..", "-o", "ids").stdout.split() == ["globex-due"]


def test_conflicts(kb):
    data = json.loads(kb("conflicts", "-o", "json").stdout)
    # plan-2022 and plan-2023 are superseded: out of date, they disagree with nothing
    assert [(c["first"], c["second"], c["reason"], c["differences"]) for c in data] == [
        ("acme-considers", "plan-2024", "differs", ["status considering vs planned"]),
        ("globex-says-no", "plan-2024", "contradicts", ["status statement vs planned"]),
    ]
    assert data[1]["first_claim"] == "Globex says Springfield will never open."


def test_due_promises(kb):
    assert kb("due", "--as-of", "2024-06-01", "-o", "ids").stdout.split() == ["globex-due"]
    assert kb("due", "--as-of", "2026", "-o", "ids").stdout.split() == ["globex-due", "acme-considers", "plan-2024"]
    assert kb("due", "--as-of", "2022", "-o", "ids").stdout == ""
    assert kb("due", "--as-of", "tomorrow").exit_code == 2


def test_seed_2024_plans_are_due_today(kb_repo):
    assert kb_repo("due", "-o", "ids").stdout.split() == [  # 2024 has passed, whenever this runs
        "lges-tesla-4680-production-this-year", "tesla-4680-ramp-up-2024"]
    # the first source gives no date, nor do its claims: as of any day, it is not known what was said by then
    result = kb_repo("due", "--as-of", "2026-11-25", "-o", "ids")
    assert (result.stdout, result.stderr) == ("", "kb: note: 10 claim(s) with no said date and no dated source left "
                                                  "out: it is not known whether they were said by 2026-11-25\n")


def test_seed_xref_and_counts(kb_repo):
    rows = [line.split("\t")[:2] for line in kb_repo("xref", "musk-4680-supplement-suppliers").stdout.splitlines()]
    assert ["elaborates", "tesla-4680-ramp-up-2024"] in rows
    out = kb_repo("factories", "-o", "plain").stdout.splitlines()
    assert out[0] == "lges-arizona\tArizona factory\tLG Energy Solution\tArizona, United States\t1"


def test_supersedes_cycle_is_an_error(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/a.yaml": claim_text("a", supersedes="[b]"),
        "claims/b.yaml": claim_text("b", supersedes="[c]", claim='"Other b."'),
        "claims/c.yaml": claim_text("c", supersedes="[a]", claim='"Other c."'),
    }))
    assert kb("check", "-o", "parsable").stdout.splitlines() == [
        "claims/a.yaml:8:13: error: supersedes cycle: a -> b -> c -> a (b in claims/b.yaml, c in claims/c.yaml); "
        "only the newer claim may supersede the older: drop the link from the older one [supersedes-cycle]"]


def test_graph_dot_and_mermaid(kb):
    dot = kb("graph", "--company", "globex", "--year", "2021").stdout
    assert '"globex-kept" -> "globex-old" [label="supersedes"];' in dot
    assert '"globex-kept" -> "globex" [label="company"];' in dot
    assert dot.startswith("digraph kb {") and dot.rstrip().endswith("}")
    mermaid = kb("graph", "--company", "globex", "--year", "2021", "-o", "mermaid").stdout
    assert mermaid.splitlines()[0] == "flowchart LR"
    assert "-->|supersedes|" in mermaid


def conflict_pairs(result) -> list[tuple]:
    return [(c["first"], c["second"], c["reason"], c["differences"]) for c in json.loads(result.stdout)]


def test_conflicts_under_a_filter_are_those_touching_a_matching_claim(kb):
    assert conflict_pairs(kb("conflicts", "--company", "globex", "-o", "json")) == [
        ("globex-says-no", "plan-2024", "contradicts", ["status statement vs planned"])]
    assert conflict_pairs(kb("conflicts", "--year", "2023", "-o", "json")) == []  # its one plan is superseded
    # the considered plan's conflict with a planned one: the other claim need not match the filter
    assert conflict_pairs(kb("conflicts", "--status", "considering", "-o", "json")) == [
        ("acme-considers", "plan-2024", "differs", ["status considering vs planned"])]
    assert conflict_pairs(kb("conflicts", "--company", "globex", "--status", "done", "-o", "json")) == []


def test_due_under_a_filter(kb):
    assert kb("due", "--as-of", "2026", "--company", "acme", "-o", "ids").stdout.split() == [
        "acme-considers", "plan-2024"]
    assert kb("due", "--as-of", "2026", "--company", "globex", "-o", "ids").stdout.split() == ["globex-due"]
    assert kb("due", "--as-of", "2026", "--status", "considering", "-o", "ids").stdout.split() == ["acme-considers"]


def test_a_contradiction_of_an_unknown_claim_is_reported_and_the_rest_compared(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/a.yaml": claim_text("a", contradicts="[nope, b]", product="cells", when=2024),
        "claims/b.yaml": claim_text("b", product="cells", when=2025, claim='"B."'),
    }))
    result = kb("conflicts", "-o", "json")
    assert result.exit_code == 1
    assert conflict_pairs(result) == [("a", "b", "contradicts", ["when 2024 vs 2025"])]
    assert result.stderr.splitlines() == [
        "claims/a.yaml:8:15: error: 'contradicts': no claim 'nope'; no claim has this id; fix the id [unknown-ref]",
        "kb: 1 problem(s) in the knowledge base; the rest loaded. Run `kb check` for details."]


def test_plans_conflict_only_on_what_both_say(make_kb, kb_at):
    kb = kb_at(make_kb({
        # the same plan, one with no `when`: nothing to disagree about
        "claims/a.yaml": claim_text("a", product="cells", when=2024, claim='"A."'),
        "claims/b.yaml": claim_text("b", product="Cells", claim='"B."'),
        # a contradiction inside a group of plans is reported once, as the contradiction
        "claims/c.yaml": claim_text("c", product="cells", when=2026, contradicts="[a]", claim='"C."'),
        # other factory, other product, or no product: not the same plan
        "claims/d.yaml": claim_text("d", product="cells", when=2030, factory="acme-springfield", claim='"D."'),
        "claims/e.yaml": claim_text("e", product="lfp", when=2030, claim='"E."'),
        "claims/f.yaml": claim_text("f", when=2030, claim='"F."'),
        # a statement is not a plan (even one `kb conflicts` reads because it supersedes a claim)
        "claims/g.yaml": claim_text("g", product="cells", when=2030, status="statement", claim='"G."',
                                    supersedes="[f]"),
    }))
    assert conflict_pairs(kb("conflicts", "-o", "json")) == [("a", "c", "contradicts", ["when 2024 vs 2026"])]


def test_a_plan_is_due_only_after_its_year(kb):
    assert kb("due", "--as-of", "2025", "-o", "ids").stdout.split() == ["globex-due"]
    assert kb("due", "--as-of", "2025-12-31", "-o", "ids").stdout.split() == ["globex-due"]


def test_a_contradiction_does_not_hide_the_other_conflicts_of_its_claims(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/a.yaml": claim_text("a", product="cells", when=2024, contradicts="[b]", claim='"A."'),
        "claims/b.yaml": claim_text("b", product="cells", when=2024, claim='"B."'),
        "claims/c.yaml": claim_text("c", product="cells", when=2025, claim='"C."'),
    }))
    assert conflict_pairs(kb("conflicts", "-o", "json")) == [
        ("a", "b", "contradicts", []),
        ("a", "c", "differs", ["when 2024 vs 2025"]),
        ("b", "c", "differs", ["when 2024 vs 2025"]),
    ]


def test_neighbours_share_the_company_and_the_product(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/a.yaml": claim_text("a", product="cells", claim='"A."'),
        "claims/b.yaml": claim_text("b", product="cells", company="globex", speaker="globex", claim='"B."'),
        "claims/c.yaml": claim_text("c", product="lfp", claim='"C."'),
        "claims/d.yaml": claim_text("d", product="cells", claim='"D."', speaker="globex"),
    }))
    rows = [line.split("\t")[:2] for line in kb("xref", "a").stdout.splitlines()]
    assert rows == [["same company and product", "d"], ["same speaker", "c"]]


def test_periods_that_overlap_and_plans_that_say_how_they_fit_do_not_conflict(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/year.yaml": claim_text("year", product="cells", when=2026, claim='"Output in 2026."'),
        "claims/end.yaml": claim_text("end", product="cells", when="2026-end", claim='"Output at the end of 2026."'),
        "claims/early.yaml": claim_text("early", product="cells", when="2026-early", claim='"Output early 2026."'),
        "claims/sample.yaml": claim_text("sample", product="cells", when="2027-H1", elaborates="[year]",
                                         claim='"Samples in 2027-H1."'),
        "claims/volume.yaml": claim_text("volume", product="cells", when="2028", elaborates="[year]",
                                         claim='"Volume in 2028."'),
    }))
    # 'year' conflicts with nothing: 2026-end and 2026-early lie inside 2026, and sample and volume add detail
    # to it (so neither do those two, as siblings); early and end do not overlap, nor do they with 2027 or 2028
    assert conflict_pairs(kb("conflicts", "-o", "json")) == [
        ("early", "end", "differs", ["when 2026-early vs 2026-end"]),
        ("early", "sample", "differs", ["when 2026-early vs 2027-H1"]),
        ("early", "volume", "differs", ["when 2026-early vs 2028"]),
        ("end", "sample", "differs", ["when 2026-end vs 2027-H1"]),
        ("end", "volume", "differs", ["when 2026-end vs 2028"]),
    ]


def test_a_conflict_is_kept_when_either_claim_is_chosen(make_kb):
    from kb.answers.xref import conflicts
    from kb.store.parse import load_kb

    kb = load_kb(make_kb({
        "claims/a.yaml": claim_text("a", product="cells", when=2024, claim='"A."'),
        "claims/c.yaml": claim_text("c", product="cells", when=2025, claim='"C."'),
        "claims/e.yaml": claim_text("e", product="lfp", when=2025, claim='"E."'),
    }))[0]
    pairs = {chosen: [(p.first.id, p.second.id, p.differences) for p in conflicts(kb, [kb.claims_by_id[chosen]])]
             for chosen in ("a", "c", "e")}
    assert pairs == {"a": [("a", "c", ("when 2024 vs 2025",))], "c": [("a", "c", ("when 2024 vs 2025",))], "e": []}


def test_xref_of_a_claim_with_a_company_and_no_product_lists_its_neighbours(make_kb, kb_at):
    kb = kb_at(make_kb({"claims/a.yaml": claim_text("a"), "claims/b.yaml": claim_text("b", product="cells"),
                        "claims/c.yaml": claim_text("c", company="globex", speaker="globex", product="cells")}))
    assert kb("xref", "a", "-o", "plain").stdout == "same speaker\tb\tClaim b.\n"
    assert kb("xref", "b", "-o", "plain").stdout == "same speaker\ta\tClaim a.\n"
