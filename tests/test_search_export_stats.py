"""kb search, kb export and kb stats on the first source's claims."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3

import pytest
from conftest import REPO


def test_search_ranks_and_filters(kb_repo):
    assert kb_repo("search", "Ochang", "-o", "ids").stdout.split() == ["lges-4680-ochang-mass-production"]
    assert kb_repo("search", "mass production", "-o", "ids").stdout.split() == ["lges-4680-ochang-mass-production"]
    assert sorted(kb_repo("search", "mass", "-o", "ids").stdout.split()) == [
        "lges-4680-nanjing-considering", "lges-4680-ochang-mass-production"]
    assert kb_repo("search", "mass", "--status", "considering", "-o", "ids").stdout.split() == [
        "lges-4680-nanjing-considering"]
    assert kb_repo("search", "ramp", "-o", "ids").stdout.split() == ["tesla-4680-ramp-up-2024"]
    assert kb_repo("search", "nothing-of-the-sort", "-o", "ids").stdout == ""


def test_search_finds_entity_names_and_aliases(kb_repo):
    """LG엔솔 is an alias of LG Energy Solution; no claim text contains it."""
    ids = kb_repo("search", "LG엔솔", "-o", "ids").stdout.split()
    assert sorted(ids) == sorted(kb_repo("list", "--company", "LGES", "-o", "ids").stdout.split())
    assert "lges-tesla-4680-production-this-year" in kb_repo("search", "Kim", "-o", "ids").stdout.split()


def test_search_highlights_words_on_a_terminal(kb_repo):
    out = kb_repo("search", "Ochang", "-o", "table", env={"FORCE_COLOR": "1", "COLUMNS": "200"}).stdout
    assert "\x1b[1;33mOchang\x1b[0m" in out


@pytest.fixture
def seed(tmp_path, kb_at):
    """A copy of the repository's knowledge base, so that exports are written into it, not into the repository."""
    shutil.copytree(REPO / "claims", tmp_path / "claims")
    shutil.copytree(REPO / "sources", tmp_path / "sources")
    return kb_at(tmp_path)


def test_export_sqlite_for_datasette(seed):
    target = seed.root / "exports" / "kb.sqlite"
    result = seed("export", str(target))
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(target)
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"claims", "entities", "companies", "people", "factories", "sources", "relations",
            "claim_concerns", "claim_tags", "claims_fts"} <= tables
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # what a Datasette user would run: a facet, a join through a foreign key, a full-text search
    assert conn.execute("SELECT status, COUNT(*) FROM claims GROUP BY status ORDER BY status").fetchall() == [
        ("considering", 1), ("opinion", 4), ("planned", 4), ("statement", 1)]
    assert conn.execute("SELECT c.id, f.city FROM claims c JOIN factories f ON f.id = c.factory "
                        "ORDER BY c.id").fetchall() == [("lges-4680-arizona-production", None),
                                                       ("lges-4680-nanjing-considering", "Nanjing"),
                                                       ("lges-4680-ochang-mass-production", "Ochang")]
    assert conn.execute("SELECT c.id FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid "
                        "WHERE claims_fts MATCH 'Nanjing'").fetchall() == [("lges-4680-nanjing-considering",)]
    assert conn.execute("SELECT claim, relation, target FROM relations WHERE relation = 'elaborates' "
                        "AND claim = 'musk-4680-supplement-suppliers'").fetchall() == [
        ("musk-4680-supplement-suppliers", "elaborates", "tesla-4680-ramp-up-2024")]
    # the link tables, as the claim files say (lges-4680-ochang-mass-production: concerns [tesla], tags
    # ["4680", mass-production], elaborates lges-tesla-4680-production-this-year)
    ochang = "lges-4680-ochang-mass-production"
    assert conn.execute("SELECT company FROM claim_concerns WHERE claim = ?", (ochang,)).fetchall() == [("tesla",)]
    assert conn.execute("SELECT tag FROM claim_tags WHERE claim = ? ORDER BY tag", (ochang,)).fetchall() == [
        ("4680",), ("mass-production",)]
    assert conn.execute("SELECT relation, target FROM relations WHERE claim = ?", (ochang,)).fetchall() == [
        ("elaborates", "lges-tesla-4680-production-this-year")]
    conn.close()
    again = seed("export", str(target))
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert seed("export", str(target), "--force").exit_code == 0


TESLA = ["article-4680-range-efficiency", "article-lges-announcement-shockwaves", "article-lges-tesla-partnership",
         "lges-4680-arizona-production", "lges-4680-nanjing-considering", "lges-4680-ochang-mass-production",
         "lges-tesla-4680-production-this-year", "musk-4680-supplement-suppliers", "tesla-4680-ramp-up-2024"]


def test_export_json_and_csv(seed):
    target = seed.root / "tesla.json"
    assert seed("export", str(target), "--format", "json", "--company", "tesla").exit_code == 0
    exported = json.loads(target.read_text())
    assert [claim["id"] for claim in exported] == TESLA  # every claim but the one about LGES alone
    assert {k: v for k, v in exported[-1].items() if v is not None} == {  # as the file says, with what kb works out
        "id": "tesla-4680-ramp-up-2024",
        "claim": "Tesla is improving its own 4680 production lines and aims for a significant ramp-up in 2024.",
        "speaker": "tesla", "company": "tesla", "product": "4680", "when": "2024", "status": "planned",
        "source": "powering-the-future-4680",
        "quote": "Tesla continues to enhance its own 4680 production lines, aiming for significant ramp-up in 2024.",
        "tags": ["4680", "ramp-up", "in-house"],
        "when_start": "2024-01-01", "when_end": "2024-12-31",  # the period's first and last day
        "path": "claims/powering-the-future-4680/tesla-4680-ramp-up-2024.yaml",
        "state": "overdue",  # planned for 2024, which is over, and nothing says it happened
    }
    assert exported[-1]["factory"] is None and exported[-1]["when_fiscal"] is None  # every key, null when absent
    listed = json.loads(seed("list", "--company", "tesla", "-o", "json").stdout)
    assert [{k: v for k, v in item.items() if v is not None and k not in ("when_start", "when_end")}
            for item in exported] == listed
    target = seed.root / "all.csv"
    assert seed("export", str(target), "--format", "csv").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert [row["id"] for row in rows] == sorted(TESLA + ["article-lges-global-ambitions"])
    assert (rows[-1]["speaker"], rows[-1]["when"], rows[-1]["tags"], rows[-1]["factory"], rows[-1]["state"]) == (
        "tesla", "2024", '["4680", "ramp-up", "in-house"]', "", "overdue")  # lists as JSON


def test_stats(kb_repo):
    data = json.loads(kb_repo("stats", "-o", "json").stdout)
    by_status = {d["value"]: d["claims"] for d in data if d["by"] == "status"}
    assert by_status == {"planned": 4, "opinion": 4, "considering": 1, "statement": 1}
    by_year = {d["value"]: d["claims"] for d in data if d["by"] == "year"}
    assert by_year == {"unknown": 8, "2024": 2}
    lges = json.loads(kb_repo("stats", "--company", "LGES", "-o", "json").stdout)
    assert {d["value"]: d["claims"] for d in lges if d["by"] == "factory"} == {
        "unknown": 5, "lges-arizona": 1, "lges-nanjing": 1, "lges-ochang": 1}


# ---------------------------------------------------------------- kb.answers.stats from Python

def test_counts_and_sums_from_python(make_kb):
    from datetime import date

    from conftest import claim_text

    from kb.answers.stats import claim_stats, quantity_sums
    from kb.store.parse import load_kb

    def q(text: str) -> str:
        return "quantities:\n" + "".join(f"  {line}\n" for line in text.split("; "))

    root = make_kb({
        "claims/registry/attributes.yaml": "- name: chemistry\n  type: text\n  description: Cell chemistry.\n",
        "claims/a.yaml": claim_text("a", when="2025-H2", concerns="[globex]") + q(
            "capacity: [20 GWh/yr, 20000 MWh/yr]; investment: [about 2 billion USD, 2.6 trillion KRW]; jobs: 1500"),
        "claims/b.yaml": claim_text("b", when="..2027", factory="acme-springfield") + q(
            "capacity: 500 MWh/yr; investment: 500 million USD; jobs: 300 jobs"),
        "claims/c.yaml": claim_text("c", company="globex", speaker="globex", status="considering") + q(
            "capacity: 40; investment: 1 billion EUR") + "attributes:\n  chemistry: LFP\n",
        "claims/d.yaml": claim_text("d", company=None, speaker="daily-news", status="opinion", when=2025,
                                    supersedes="[a]") + q("capacity: up to 10 GW") + "attributes:\n  chemistry: NMC\n",
    })
    kb, problems = load_kb(root)
    assert problems == []
    # a claim counts for its company and each company it concerns; a year is where the period starts
    assert claim_stats(kb, kb.claims, as_of=date(2026, 1, 1)) == [
        ("company", "acme", 2), ("company", "globex", 2), ("company", "unknown", 1),
        ("speaker", "jane-doe", 2), ("speaker", "daily-news", 1), ("speaker", "globex", 1),
        ("factory", "unknown", 3), ("factory", "acme-springfield", 1),
        ("year", "2025", 2), ("year", "2027", 1), ("year", "unknown", 1),
        ("status", "planned", 2), ("status", "considering", 1), ("status", "opinion", 1),
        ("state", "current", 3), ("state", "superseded", 1),
        ("attribute:chemistry", "unknown", 2), ("attribute:chemistry", "LFP", 1), ("attribute:chemistry", "NMC", 1),
    ]
    capacity = quantity_sums(kb, kb.claims, "capacity", "company")
    assert [(t.group, t.dimension, t.text, t.counted) for t in capacity.totals] == [
        ("acme", "energy per year", "20.5 GWh/yr", ["a", "b"]),  # 20 GWh/yr, stated twice, counts once
        ("globex", "energy per year", "20 GWh/yr", ["a"]),
        ("unknown", "power", "about 10 GW", ["d"]),
    ]
    assert capacity.left_out == {"globex": ["c"]}  # 40 of what: left out for want of a unit
    investment = quantity_sums(kb, kb.claims, "investment", "year")
    assert [(t.group, t.text, t.counted) for t in investment.totals] == [
        ("2025", "2.6 trillion KRW", ["a"]),  # the same amount in two currencies counts in each
        ("2025", "about 2 billion USD", ["a"]),
        ("2027", "500 million USD", ["b"]),
        ("unknown", "1 billion EUR", ["c"]),
    ]
    jobs = quantity_sums(kb, kb.claims, "jobs", "factory")
    assert ([(t.group, t.text) for t in jobs.totals], jobs.left_out) == (
        [("acme-springfield", "300 jobs"), ("unknown", "1500 jobs")], {})  # a bare number of jobs is jobs
    assert [(t.group, t.text) for t in quantity_sums(kb, kb.claims, "capacity", "status").totals] == [
        ("opinion", "about 10 GW"), ("planned", "20.5 GWh/yr")]
    # most amounts were in MWh/yr: the total is said in MWh/yr
    b_twice = quantity_sums(kb, [kb.claims_by_id["b"], kb.claims_by_id["b"], kb.claims_by_id["a"]], "capacity",
                            "speaker")
    assert [(t.group, t.text) for t in b_twice.totals] == [("jane-doe", "21000 MWh/yr")]


def test_a_claim_backing_another_is_named_beside_it_not_added(make_kb):
    from conftest import claim_text

    from kb.answers.stats import quantity_sums
    from kb.store.parse import load_kb

    root = make_kb({  # p supports q, which states no capacity: p counts; r elaborates p with the same amount: it
        # backs p; s and t support each other with the same amount: one of them is counted, the other backs it
        "claims/p.yaml": claim_text("p", supports="[q]") + "quantities:\n  capacity: 5 GWh/yr\n",
        "claims/q.yaml": claim_text("q"),
        "claims/r.yaml": claim_text("r", elaborates="[p]") + "quantities:\n  capacity: 5000 MWh/yr\n",
        "claims/s.yaml": claim_text("s", company="globex", supports="[t]") + "quantities:\n  capacity: 2 GW\n",
        "claims/t.yaml": claim_text("t", company="globex", supports="[s]") + "quantities:\n  capacity: 2 GW\n",
    })
    kb, problems = load_kb(root)
    assert problems == []
    sums = quantity_sums(kb, kb.claims, "capacity", "company")
    assert [(t.group, t.text, t.counted, t.also) for t in sums.totals] == [
        ("acme", "5 GWh/yr", ["p"], ["r"]), ("globex", "2 GW", ["t"], ["s"])]


def test_sums_say_the_most_used_unit_and_count_every_amount_with_one(make_kb):
    from conftest import claim_text

    from kb.answers.stats import quantity_sums
    from kb.store.parse import load_kb

    root = make_kb({  # GWh/yr comes first, MWh/yr twice; z states a bare 40 before an amount with a unit
        "claims/x.yaml": claim_text("x") + "quantities:\n  capacity: 1 GWh/yr\n",
        "claims/y.yaml": claim_text("y") + "quantities:\n  capacity: 500 MWh/yr\n",
        "claims/z.yaml": claim_text("z") + "quantities:\n  capacity: [40, 500 MWh/yr]\n",
    })
    kb, problems = load_kb(root)
    assert problems == []
    sums = quantity_sums(kb, kb.claims, "capacity", "company")
    assert [(t.group, t.text, t.counted) for t in sums.totals] == [("acme", "2000 MWh/yr", ["x", "y", "z"])]
    assert sums.left_out == {"acme": ["z"]}


def test_states_are_counted_as_of_the_day_asked(make_kb):
    from datetime import date

    from conftest import claim_text

    from kb.answers.stats import claim_stats
    from kb.store.parse import load_kb

    root = make_kb({"claims/h.yaml": claim_text("h", when="2026-H1")})
    kb = load_kb(root)[0]
    assert [row for row in claim_stats(kb, kb.claims, as_of=date(2026, 1, 1)) if row[0] == "state"] == [
        ("state", "current", 1)]
    assert [row for row in claim_stats(kb, kb.claims, as_of=date(2026, 7, 1)) if row[0] == "state"] == [
        ("state", "overdue", 1)]


def test_kb_stats_from_the_index_counts_as_python_does(make_kb, kb_at):
    """`kb stats` counts in SQL (kb.answers.lookup); kb.answers.stats counts the records: the same rows."""
    import json
    from datetime import date

    from conftest import claim_text

    from kb.answers.stats import claim_stats
    from kb.store.parse import load_kb

    root = make_kb({
        "claims/a.yaml": claim_text("a", status="done", when=2026, concerns="[globex]"),
        "claims/b.yaml": claim_text("b", company=None, speaker="daily-news", status="opinion", when=2025),
        "claims/c.yaml": claim_text("c", company="globex", speaker="globex", status="considering"),
    })
    rows = [(r["by"], r["value"], r["claims"]) for r in json.loads(kb_at(root)("stats", "--format", "json").stdout)]
    kb, _ = load_kb(root)
    assert rows == [(by, value, count) for by, value, count in claim_stats(kb, kb.claims, as_of=date.today())]
    # c and a's concern count for globex; b names no company; equal counts in name order
    assert [row for row in rows if row[0] in ("company", "year")] == [
        ("company", "globex", 2), ("company", "acme", 1), ("company", "unknown", 1),
        ("year", "2025", 1), ("year", "2026", 1), ("year", "unknown", 1)]
