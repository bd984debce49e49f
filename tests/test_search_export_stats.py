"""kb search, kb export and kb stats on the first source's claims."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

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


def test_export_sqlite_for_datasette(kb_repo, tmp_path):
    target = REPO / "exports-test.sqlite"
    try:
        result = kb_repo("export", str(target))
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
        conn.close()
        again = kb_repo("export", str(target))
        assert again.exit_code == 1 and "already exists" in again.stderr
        assert kb_repo("export", str(target), "--force").exit_code == 0
    finally:
        target.unlink(missing_ok=True)


def test_export_json_and_csv_match_list(kb_repo):
    target = REPO / "exports-test.json"
    try:
        kb_repo("export", str(target), "--format", "json", "--company", "tesla")
        assert json.loads(target.read_text()) == json.loads(kb_repo("list", "--company", "tesla", "-o", "json").stdout)
        target.unlink()
        kb_repo("export", str(target), "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(target.read_text())))
        assert len(rows) == 10 and rows[0]["id"] == "article-4680-range-efficiency"
    finally:
        target.unlink(missing_ok=True)


def test_stats(kb_repo):
    data = json.loads(kb_repo("stats", "-o", "json").stdout)
    by_status = {d["value"]: d["claims"] for d in data if d["by"] == "status"}
    assert by_status == {"planned": 4, "opinion": 4, "considering": 1, "statement": 1}
    by_year = {d["value"]: d["claims"] for d in data if d["by"] == "year"}
    assert by_year == {"unknown": 8, "2024": 2}
    lges = json.loads(kb_repo("stats", "--company", "LGES", "-o", "json").stdout)
    assert {d["value"]: d["claims"] for d in lges if d["by"] == "factory"} == {
        "unknown": 5, "lges-arizona": 1, "lges-nanjing": 1, "lges-ochang": 1}
