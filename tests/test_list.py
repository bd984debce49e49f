"""`kb list`: filters, sorting and every output format, on a small purpose-built knowledge base."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from conftest import claim_text


@pytest.fixture
def kb(make_kb, kb_at):
    root = make_kb({
        "claims/a/acme-2023.yaml": claim_text("acme-2023", when=2023, factory="acme-springfield",
                                              product='"4680"', tags="[cells, us]"),
        "claims/a/acme-2025.yaml": claim_text("acme-2025", when=2025, status="considering",
                                              claim="Acme may build a Ramp-Up line."),
        "claims/b/globex-opinion.yaml": claim_text("globex-opinion", speaker="daily-news", company=None,
                                                   concerns="[globex, acme]", status="opinion"),
        "claims/b/deep/globex-done.yaml": claim_text("globex-done", speaker="globex", company="globex",
                                                     status="done", when=2024, product="LFP"),
    })
    return kb_at(root)


def ids(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def test_no_filter_lists_everything_sorted_by_id(kb):
    assert ids(kb("list", "-o", "ids")) == ["acme-2023", "acme-2025", "globex-done", "globex-opinion"]


def test_company_matches_maker_speaker_and_concerned(kb):
    assert ids(kb("list", "--company", "globex", "-o", "ids")) == ["globex-done", "globex-opinion"]
    assert ids(kb("list", "--company", "ACB", "-o", "ids")) == ["acme-2023", "acme-2025", "globex-opinion"]


def test_repeated_flag_ors_and_different_flags_and(kb):
    assert ids(kb("list", "--status", "done", "--status", "considering", "-o", "ids")) == ["acme-2025", "globex-done"]
    assert ids(kb("list", "--company", "acme", "--status", "planned", "-o", "ids")) == ["acme-2023"]


@pytest.mark.parametrize("years, expected", [
    ("2024", ["globex-done"]),
    ("2023..2024", ["acme-2023", "globex-done"]),
    ("2024..", ["acme-2025", "globex-done"]),
    ("..2023", ["acme-2023"]),
])
def test_year_and_ranges(kb, years, expected):
    assert ids(kb("list", "--year", years, "-o", "ids")) == expected


def test_other_filters(kb):
    assert ids(kb("list", "--factory", "springfield", "-o", "ids")) == ["acme-2023"]
    assert ids(kb("list", "--speaker", "Daily News", "-o", "ids")) == ["globex-opinion"]
    assert ids(kb("list", "--speaker", "jane doe", "-o", "ids")) == ["acme-2023", "acme-2025"]
    assert ids(kb("list", "--product", "lfp", "-o", "ids")) == ["globex-done"]
    assert ids(kb("list", "--tag", "US", "-o", "ids")) == ["acme-2023"]
    assert ids(kb("list", "--source", "daily-news", "-o", "ids")) == ["acme-2023", "acme-2025", "globex-done",
                                                                       "globex-opinion"]
    assert ids(kb("list", "--text", "ramp-up", "-o", "ids")) == ["acme-2025"]
    assert ids(kb("list", "--text", "quote of globex-done", "-o", "ids")) == ["globex-done"]


def test_sort_and_limit(kb):
    assert ids(kb("list", "--sort", "year", "-o", "ids")) == ["acme-2023", "globex-done", "acme-2025", "globex-opinion"]
    assert ids(kb("list", "--sort", "-year", "-o", "ids")) == ["acme-2025", "globex-done", "acme-2023", "globex-opinion"]
    assert ids(kb("list", "--sort", "year", "--limit", "2", "-o", "ids")) == ["acme-2023", "globex-done"]


def test_unknown_company_is_an_error_with_a_suggestion(kb):
    result = kb("list", "--company", "acme batteriez")
    assert result.exit_code == 1
    assert "no company called 'acme batteriez'; did you mean 'Acme Batteries'" in result.stderr


def test_usage_errors_exit_2(kb):
    assert kb("list", "--year", "soon").exit_code == 2
    result = kb("list", "--status", "planed")
    assert result.exit_code == 2
    assert "did you mean 'planned'" in result.output
    assert kb("list", "--format", "xml").exit_code == 2


def test_plain_is_tab_separated_with_ids(kb):
    lines = kb("list", "--company", "globex", "-o", "plain").stdout.splitlines()
    assert lines == [
        "globex-done\t2024\tdone\tcurrent\tglobex\tglobex\t-\tClaim globex-done.",
        "globex-opinion\t-\topinion\tcurrent\tdaily-news\t-\t-\tClaim globex-opinion.",
    ]


def test_piped_output_defaults_to_plain(kb):
    result = kb("list", "--company", "globex")
    assert result.stdout.startswith("globex-done\t2024\tdone")
    assert "\x1b[" not in result.stdout


def test_json_and_jsonl(kb):
    data = json.loads(kb("list", "--year", "2023", "-o", "json").stdout)
    assert data == [{
        "id": "acme-2023", "claim": "Claim acme-2023.", "speaker": "jane-doe", "company": "acme",
        "product": "4680", "factory": "acme-springfield", "when": "2023", "status": "planned",
        "source": "daily-news", "quote": "Quote of acme-2023.", "tags": ["cells", "us"],
        "path": "claims/a/acme-2023.yaml", "state": "overdue",  # planned for 2023, and nothing newer
    }]
    lines = kb("list", "-o", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["acme-2023", "acme-2025", "globex-done", "globex-opinion"]


def test_csv_has_a_header_and_lists_as_json(kb):
    rows = list(csv.DictReader(io.StringIO(kb("list", "--company", "globex", "-o", "csv").stdout)))
    assert [r["id"] for r in rows] == ["globex-done", "globex-opinion"]
    assert rows[1]["concerns"] == '["globex", "acme"]'


def test_yaml_reads_back(kb):
    data = yaml.safe_load(kb("list", "--year", "2025", "-o", "yaml").stdout)
    assert data[0]["id"] == "acme-2025" and data[0]["status"] == "considering"


def test_table_shows_names(kb):
    result = kb("list", "--company", "globex", "-o", "table", env={"COLUMNS": "160"})
    assert "Daily News" in result.stdout and "Globex" in result.stdout
    assert "globex-done" in result.stdout


def test_no_match_is_empty_and_succeeds(kb):
    result = kb("list", "--year", "1999", "-o", "ids")
    assert result.exit_code == 0 and result.stdout == ""


def test_csv_columns_follow_the_schema_whatever_comes_first(kb):
    header = kb("list", "--sort", "-year", "-o", "csv").stdout.splitlines()[0]
    assert header == ("id,claim,speaker,company,concerns,product,factory,milestone,when,said,status,source,quote,quote_kind,"
                      "quantities,attributes,tags,supports,contradicts,supersedes,elaborates,related,inferred,"
                      "external,note,path,state,state_by,latest")


def test_a_product_is_found_by_any_of_its_registry_names_from_the_index_and_without_it(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/registry/products.yaml": "- id: cylindrical-46\n  name: 46-series cell\n  aliases: [46-series, \"4695\"]\n",
        "claims/a.yaml": claim_text("a", product='"4695"'),
        "claims/b.yaml": claim_text("b", product="46-series cell"),
        "claims/c.yaml": claim_text("c", product="cells"),
    }))
    for env in (None, {"KB_NO_CACHE": "1"}):
        assert ids(kb("list", "--product", "46-series", "-o", "ids", env=env)) == ["a", "b"]
        assert ids(kb("list", "--product", "cylindrical-46", "--company", "acme", "-o", "ids", env=env)) == ["a", "b"]
        assert ids(kb("list", "--product", "cells", "-o", "ids", env=env)) == ["c"]
