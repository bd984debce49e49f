"""`kb extract` on the seed article, and the evaluation set's own consistency."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

from kb.extract import drafts_for_source
from kb.extract.match import draft_covers, fold
from kb.store.parse import load_kb

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO / "tests" / "extract_eval"
SOURCE = "powering-the-future-4680"

BULLETS = {  # bullet -> (speaker, company, factory, status), as claims/powering-the-future-4680/ has them
    "LG Energy Solution CEO Kim Dong-myeong announced plans to commence Tesla 4680 battery production later this year.":
        ("kim-dong-myeong", "lges", None, "planned"),
    "LGES intends to start 4680 mass production at its Ochang factory in North Chungcheong Province.":
        ("lges", "lges", "lges-ochang", "planned"),
    "LG Energy Solution will also produce Tesla’s 4680 battery cells in North America once its new Arizona factory "
    "is operational.": ("lges", "lges", "lges-arizona", "planned"),
    "LGES is considering mass-producing the 4680 battery in China at its Nanjing factory.":
        ("lges", "lges", "lges-nanjing", "considering"),
    "Tesla continues to enhance its own 4680 production lines, aiming for significant ramp-up in 2024.":
        ("tesla", "tesla", None, "planned"),
    "Elon Musk emphasizes that the increase in 4680 production is about supplementing suppliers, not replacing them.":
        ("elon-musk", "tesla", None, "statement"),
}
# Body sentences that say a bullet again: each belongs to its bullet's draft, never a draft of its own.
# (Bullets 3 and 4 are said again only inside "the company's commitment to establishing production
# facilities in North America and China underscores its global ambitions ...", a claim of its own.)
REPEATS = {
    "LGES CEO Kim Dong-myeong’s announcement regarding the commencement of Tesla 4680 battery production later this "
    "year marks a significant milestone in the partnership between the two companies.":
        "LG Energy Solution CEO Kim Dong-myeong announced plans to commence Tesla 4680 battery production later "
        "this year.",
    "LG Energy Solution’s plans to kickstart 4680 mass production at its Ochang factory in North Chungcheong "
    "Province signify a strategic expansion of their manufacturing capabilities.":
        "LGES intends to start 4680 mass production at its Ochang factory in North Chungcheong Province.",
    "The company continues to invest in and refine its own 4680 production lines, with plans for a significant "
    "ramp-up in 2024.": "Tesla continues to enhance its own 4680 production lines, aiming for significant ramp-up "
                        "in 2024.",
    "Elon Musk’s emphasis on supplementing suppliers rather than replacing them underscores Tesla’s commitment to "
    "fostering a collaborative ecosystem within the EV industry.":
        "Elon Musk emphasizes that the increase in 4680 production is about supplementing suppliers, not replacing "
        "them.",
}


def _seed_drafts():
    kb, problems = load_kb(REPO)
    assert problems == []
    return kb, drafts_for_source(kb, kb.entities_by_id[SOURCE], settled=True)


def test_every_claim_of_the_seed_article_is_proposed():
    kb, drafts = _seed_drafts()
    claims = [c for c in kb.claims if c.source == SOURCE]
    assert len(claims) == 10
    missing = [c.id for c in claims if not any(draft_covers(d, c.quote) for d in drafts)]
    assert missing == []


def test_each_bullet_is_one_draft_holding_the_body_sentence_that_repeats_it():
    _, drafts = _seed_drafts()
    by_quote = {d["quote"]: d for d in drafts}
    for bullet, (speaker, company, factory, status) in BULLETS.items():
        assert [d["quote"] for d in drafts].count(bullet) == 1
        draft = by_quote[bullet]
        assert (draft["speaker"], draft["company"], draft["factory"], draft["status"]) == \
            (speaker, company, factory, status)
    for body, bullet in REPEATS.items():
        assert by_quote[bullet]["also"] == [body]
        assert body not in by_quote
    assert by_quote[next(iter(BULLETS))]["when"] is None  # "later this year" in an undated article


def test_drafts_quote_the_archive_verbatim():
    _, drafts = _seed_drafts()
    text = (REPO / "sources" / f"{SOURCE}.txt").read_text(encoding="utf-8")
    for draft in drafts:
        assert draft["quote"] in text
        assert all(passage in text for passage in draft["also"])


def test_the_evaluation_set_is_consistent():
    assert (EVAL / "dev" / f"{SOURCE}.txt").read_bytes() == (REPO / "sources" / f"{SOURCE}.txt").read_bytes()
    kb, _ = load_kb(REPO)
    seed = yaml.safe_load((EVAL / "dev" / f"{SOURCE}.yaml").read_text(encoding="utf-8"))
    assert sorted(e["quote"] for e in seed["expected"]) == sorted(c.quote for c in kb.claims if c.source == SOURCE)
    articles = sorted((EVAL / "dev").glob("*.txt"))
    assert len(articles) >= 6
    assert len(list((EVAL / "heldout").glob("*.txt"))) >= 5
    for article in articles + sorted((EVAL / "heldout").glob("*.txt")):
        text = fold(article.read_text(encoding="utf-8"))
        meta = yaml.safe_load(article.with_suffix(".yaml").read_text(encoding="utf-8"))
        for claim in meta["expected"]:
            for quote in [claim["quote"], *claim.get("also", [])]:
                assert fold(quote) in text, (article.name, quote)
            assert claim["status"] in ("planned", "considering", "underway", "done", "cancelled", "statement",
                                       "opinion")


def test_dev_set_figures_stay_above_the_held_out_targets():
    spec = importlib.util.spec_from_file_location("extract_eval", REPO / "bench" / "extract_eval.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    registry = bench.load_registry(EVAL / "registry")
    bench.STATEMENTS = True  # the older set counts remarks as claims: measured as `kb extract --statements` drafts
    rows = [bench.evaluate(txt, registry, verbose=False) for txt in sorted((EVAL / "dev").glob("*.txt"))]
    total = {k: sum(r[k] for r in rows) for k in rows[0] if k != "name"}
    assert total["found"] / total["expected"] >= 0.8
    assert total["right"] / total["fields"] >= 0.7
    assert total["matched"] / total["drafts"] >= 0.6
