"""The first source's claims: present, faithful to the article, and found the way users ask."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO

from kb.checks import run_checks
from kb.store.index import open_index
from kb.store.parse import load_kb

LGES_IDS = [
    "article-lges-announcement-shockwaves",
    "article-lges-global-ambitions",
    "article-lges-tesla-partnership",
    "lges-4680-arizona-production",
    "lges-4680-nanjing-considering",
    "lges-4680-ochang-mass-production",
    "lges-tesla-4680-production-this-year",
    "musk-4680-supplement-suppliers",
]


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_repository_loads_without_problems():
    kb, problems = load_kb(REPO)
    assert problems == []
    assert run_checks(open_index(REPO, use_cache=False)) == []
    assert len(kb.claims) == 10


def test_every_quote_is_verbatim_in_the_article():
    kb, _ = load_kb(REPO)
    article = _normal((REPO / "sources/powering-the-future-4680.txt").read_text(encoding="utf-8"))
    for claim in kb.claims:
        assert _normal(claim.quote) in article, claim.id


def seed_article(checkout: Path) -> Path:
    """The first source's original text, in the project's shared folder beside the checkout; a skip
    that says what is missing and why the test needs it when it is not there."""
    path = checkout.parent / "shared" / "seed" / "000_ba0c7fe759c52281.txt"
    if not path.exists():
        pytest.skip(f"{path} is missing. It is the original text of the first source, kept in the project's "
                    "shared folder beside the checkout (../shared/seed/: there on the team's machines and in "
                    "CI, not in a plain git clone). This test compares sources/powering-the-future-4680.txt "
                    "with it byte for byte, to show that the archived copy is the original.")
    return path


def test_archived_article_is_the_seed_text():
    seed = seed_article(REPO)
    assert (REPO / "sources/powering-the-future-4680.txt").read_bytes() == seed.read_bytes()


def test_a_missing_seed_folder_is_explained(tmp_path):
    with pytest.raises(pytest.skip.Exception) as skipped:
        seed_article(tmp_path / "kb")
    assert skipped.value.msg == (
        f"{tmp_path}/shared/seed/000_ba0c7fe759c52281.txt is missing. It is the original text of the first "
        "source, kept in the project's shared folder beside the checkout (../shared/seed/: there on the team's "
        "machines and in CI, not in a plain git clone). This test compares sources/powering-the-future-4680.txt "
        "with it byte for byte, to show that the archived copy is the original.")


def test_unknowns_stay_unknown():
    kb, _ = load_kb(REPO)
    source = kb.entities_by_id["powering-the-future-4680"]
    assert source.publisher is None and source.date is None and source.url is None
    assert all(claim.said is None for claim in kb.claims)


def test_implied_year_is_marked_inferred():
    kb, _ = load_kb(REPO)
    claim = kb.claims_by_id["lges-tesla-4680-production-this-year"]
    assert claim.when == "2024"
    assert claim.inferred["when"] == "later this year"
    assert "later this year" in claim.quote


def test_list_company_lges_ids(kb_repo):
    result = kb_repo("list", "--company", "LGES", "--format", "ids")
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == LGES_IDS


@pytest.mark.parametrize("name", ["lges", "LG Energy Solution", "lg energy solution", "LG엔솔"])
def test_company_names_and_aliases_match_alike(kb_repo, name):
    result = kb_repo("list", "--company", name, "--format", "ids")
    assert result.stdout.split() == LGES_IDS


def test_the_claims_the_issue_names_are_there(kb_repo):
    result = kb_repo("list", "--format", "json")
    claims = {c["id"]: c for c in json.loads(result.stdout)}
    assert claims["lges-tesla-4680-production-this-year"]["speaker"] == "kim-dong-myeong"
    assert claims["lges-4680-ochang-mass-production"]["factory"] == "lges-ochang"
    assert claims["lges-4680-arizona-production"]["factory"] == "lges-arizona"
    assert claims["lges-4680-nanjing-considering"]["status"] == "considering"
    assert claims["tesla-4680-ramp-up-2024"]["when"] == "2024"
    assert claims["musk-4680-supplement-suppliers"]["speaker"] == "elon-musk"
    assert {c["status"] for c in claims.values() if c["speaker"] == "powering-the-future-4680"} == {"opinion"}


def test_factory_shows_its_location(kb_repo):
    result = kb_repo("show", "lges-4680-ochang-mass-production", "--format", "plain")
    assert result.exit_code == 0
    assert "Ochang factory (Ochang, North Chungcheong Province, South Korea; owner LG Energy Solution)" in result.stdout
    assert "Kim Dong-myeong" not in result.stdout.split("Related claims")[0]
