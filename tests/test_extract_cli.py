"""`kb extract` and `kb review` end to end: drafts, decisions, claim files that check."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from cli import app
from kb.store.parse import load_kb

REPO = Path(__file__).resolve().parent.parent
SOURCE = "powering-the-future-4680"
KIM = ("LG Energy Solution CEO Kim Dong-myeong announced plans to commence Tesla 4680 battery production later "
       "this year.")
OCHANG = "LGES intends to start 4680 mass production at its Ochang factory in North Chungcheong Province."
ARIZONA = ("LG Energy Solution will also produce Tesla’s 4680 battery cells in North America once its new Arizona "
           "factory is operational.")
NANJING = "LGES is considering mass-producing the 4680 battery in China at its Nanjing factory."
TESLA = "Tesla continues to enhance its own 4680 production lines, aiming for significant ramp-up in 2024."


class Kb:
    """`kb` in-process against one root, with answers for `kb review` on standard input."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, *args: str, input: str | None = None):
        return CliRunner().invoke(app, ["--root", str(self.root), *args], input=input)


def _seed_without_claims(tmp_path: Path, with_claims: bool = False) -> Path:
    shutil.copytree(REPO / "claims" / "registry", tmp_path / "claims" / "registry")
    shutil.copytree(REPO / "sources", tmp_path / "sources")
    if with_claims:
        shutil.copytree(REPO / "claims" / SOURCE, tmp_path / "claims" / SOURCE)
    return tmp_path


def _quotes(result) -> list[str]:
    return [d["quote"] for d in yaml.safe_load(result.stdout)]


def test_extract_review_check_and_extract_again(tmp_path):
    kb = Kb(_seed_without_claims(tmp_path))
    first = kb("extract", SOURCE)
    assert first.exit_code == 0, first.output
    assert _quotes(first)[:5] == [KIM, OCHANG, ARIZONA, NANJING, TESLA]

    written = kb("extract", SOURCE, "--write")
    assert written.exit_code == 0
    assert len(list((tmp_path / "drafts" / SOURCE).glob("*.yaml"))) == len(_quotes(first))
    assert kb("check", "--strict").exit_code == 0  # drafts are not claims

    answers = ("a\n"                                                               # accept Kim
               "e\nclaim\nLG Energy Solution will mass-produce 4680 cells at Ochang.\na\n"  # edit, then accept
               "r\n"                                                               # reject Arizona
               "s\n"                                                               # skip Nanjing
               "a\n"                                                               # accept Tesla
               "q\n")
    review = kb("review", SOURCE, input=answers)
    assert review.exit_code == 0, review.output
    assert "3 accepted, 1 rejected, 7 left for later." in review.stdout

    claims = {c.quote: c for c in load_kb(tmp_path)[0].claims}
    assert sorted(claims) == sorted([KIM, OCHANG, TESLA])
    assert (claims[KIM].speaker, claims[KIM].company, claims[KIM].status) == ("kim-dong-myeong", "lges", "planned")
    assert claims[OCHANG].claim == "LG Energy Solution will mass-produce 4680 cells at Ochang."
    assert (claims[OCHANG].factory, claims[OCHANG].status) == ("lges-ochang", "planned")
    assert (claims[TESLA].when, claims[TESLA].inferred) == ("2024", {})
    assert (claims[KIM].when, claims[KIM].note) == (None, "“later this year”: the source gives no date, so `when` "
                                                          "is left unknown; add it if another source dates it.")
    assert all(c.path.startswith(f"claims/{SOURCE}/") for c in claims.values())

    decisions = yaml.safe_load((tmp_path / "drafts" / SOURCE / "decisions.yaml").read_text(encoding="utf-8"))
    assert [(d["decision"], d["quote"]) for d in decisions] == [
        ("accepted", KIM), ("accepted", OCHANG), ("rejected", ARIZONA), ("accepted", TESLA)]
    assert [d.get("claim") for d in decisions] == [claims[KIM].id, claims[OCHANG].id, None, claims[TESLA].id]
    assert len(list((tmp_path / "drafts" / SOURCE / "rejected").glob("*.yaml"))) == 1

    check = kb("check", "--strict")
    assert check.exit_code == 0, check.output

    again = _quotes(kb("extract", SOURCE))
    assert NANJING in again  # skipped, so still waiting
    assert not {KIM, OCHANG, ARIZONA, TESLA} & set(again)
    assert not any("Kim Dong-myeong’s announcement" in q for q in again)  # merged into an accepted draft
    rewritten = kb("extract", SOURCE, "--write")
    assert "0 drafts written" in rewritten.stderr


def test_a_probable_duplicate_is_written_only_when_confirmed(tmp_path):
    kb = Kb(_seed_without_claims(tmp_path, with_claims=True))
    assert _quotes(kb("extract", SOURCE)) == [
        "By producing Tesla’s 4680 battery cells, LGES is playing a crucial role in driving this transformation "
        "forward."]  # every other passage is quoted by a claim already
    kb("extract", SOURCE, "--all", "--write")
    before = sorted(p.name for p in (tmp_path / "claims" / SOURCE).iterdir())
    refused = kb("review", SOURCE, input="a\nn\nq\n")
    assert "probably the same claim as lges-tesla-4680-production-this-year" in refused.stdout
    assert sorted(p.name for p in (tmp_path / "claims" / SOURCE).iterdir()) == before
    confirmed = kb("review", SOURCE, input="a\ny\nq\n")
    assert "wrote claims/powering-the-future-4680/" in confirmed.stdout
    assert len(list((tmp_path / "claims" / SOURCE).iterdir())) == len(before) + 1


def test_names_the_registry_lacks_are_proposed_and_block_acceptance(tmp_path):
    eval_set = REPO / "tests" / "extract_eval"
    shutil.copytree(eval_set / "registry", tmp_path / "claims" / "registry")
    shutil.copy(eval_set / "dev" / "veridian-sodium-gdansk.txt", tmp_path / "veridian.txt")
    with open(tmp_path / "claims" / "registry" / "sources.yaml", "a", encoding="utf-8") as handle:
        handle.write("\n- id: veridian\n  title: Veridian weighs sodium-ion line\n  kind: article\n"
                     "  archive: veridian.txt\n")
    kb = Kb(tmp_path)
    drafts = yaml.safe_load(kb("extract", "veridian").stdout)
    assert (drafts[0]["speaker"], drafts[0]["company"], drafts[0]["factory"], drafts[0]["status"]) == (
        "Anna Wróbel", "veridian-power", "veridian-gdansk", "considering")
    assert drafts[0]["new"] == ['kb add person --name "Anna Wróbel" --role "chief technology officer" '
                                '--company veridian-power']
    kb("extract", "veridian", "--write")
    result = kb("review", "veridian", input="a\nq\n")
    assert "not accepted: speaker: no person or company or source called 'Anna Wróbel'" in result.stdout
    assert 'create it first, if it is right: kb add person --name "Anna Wróbel"' in result.stdout
    assert not (tmp_path / "claims" / "veridian").exists()


def test_a_source_without_archive_or_unknown_is_a_one_line_error(make_kb):
    kb = Kb(make_kb({}))
    result = kb("extract", "daily-news")
    assert result.exit_code == 1
    assert result.stderr == ("kb: error: source 'daily-news' has no archived text; add `archive: "
                             "sources/<file>.txt` to its entry in the registry\n")
    unknown = kb("extract", "Daily Nwes")
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("kb: error: no source called 'Daily Nwes'; did you mean 'Daily News'")
    assert kb("review").stdout == "No drafts waiting for review. Make some with: kb extract SOURCE --write\n"


def test_a_broken_draft_file_is_a_one_line_error(tmp_path):
    kb = Kb(_seed_without_claims(tmp_path))
    kb("extract", SOURCE, "--write")
    broken = sorted((tmp_path / "drafts" / SOURCE).glob("*.yaml"))[0]
    broken.write_text("quote: [unclosed\n", encoding="utf-8")
    result = kb("review", SOURCE, input="q\n")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"kb: error: drafts/{SOURCE}/{broken.name}:")
    assert result.stderr.endswith("; fix or delete the file\n") and result.stderr.count("\n") == 1


SDI = "battery-industry-samsung-sdi-bets-46-series"
CHOI = '"We will be the first to mass-produce 46-series cells for premium electric vehicles," Choi said.'


def _sdi(tmp_path: Path) -> Kb:
    kb = Kb(_seed_without_claims(tmp_path))
    assert kb("add", "source", "--from", str(REPO / "tests/data/sdi-46-series.html"), "--kind", "article").exit_code == 0
    assert kb("add", "company", "--name", "Samsung SDI", "--alias", "SDI", "--country", "South Korea").exit_code == 0
    assert kb("add", "person", "--name", "Choi Yoon-ho", "--role", "CEO", "--company", "SDI").exit_code == 0
    return kb


def test_drafts_naming_a_factory_the_registry_lacks_get_valid_ids_and_are_accepted_once_it_is_added(tmp_path):
    kb = _sdi(tmp_path)
    written = kb("extract", SDI, "--write")
    assert written.exit_code == 0, written.output
    assert "  kb add factory --name \"Cheonan plant\"\n" in written.stderr
    assert f"drafts/{SDI}/samsung-sdi-cheonan-plant-46-series-2025-begin.yaml\n" in written.stdout
    assert " " not in written.stdout and not any(c.isupper() for c in written.stdout)
    assert kb("add", "factory", "--name", "Cheonan plant", "--owner", "SDI").exit_code == 0
    draft = tmp_path / f"drafts/{SDI}/samsung-sdi-cheonan-plant-46-series-2025-begin.yaml"
    # as an earlier kb wrote it: the id is the draft's name only, so even this one is accepted
    draft.write_text(draft.read_text().replace("id: samsung-sdi-cheonan-plant-46-series-2025-begin\n",
                                               "id: samsung-sdi-Cheonan plant-46-series-2025-begin\n"))
    review = kb("review", SDI, input="a\n")  # the article's title is no draft (issue 21)
    assert f"  wrote claims/{SDI}/samsung-sdi-cheonan-46-series-2025-begin-mass.yaml\n" in review.stdout
    assert "1 accepted, 0 rejected, 4 left for later." in review.stdout
    claim = load_kb(tmp_path)[0].claims_by_id["samsung-sdi-cheonan-46-series-2025-begin-mass"]
    assert (claim.factory, claim.speaker, claim.when) == ("samsung-sdi-cheonan", "choi-yoon-ho", "2025")
    assert kb("extract", SDI, "--write").stderr.startswith("0 drafts written")


def test_review_shows_text_as_text_asks_a_mistyped_value_again_and_edits_the_id(tmp_path):
    kb = _sdi(tmp_path)
    kb("extract", SDI, "--write")
    assert kb("add", "factory", "--name", "Cheonan plant", "--owner", "SDI").exit_code == 0
    review = kb("review", SDI, input="s\ne\nstatus\nstatment\nstatement\ne\nid\nChoi 46\nchoi-first-46-series\na\n")
    assert f"  quote: {CHOI}\n" in review.stdout  # not "\"We will ...,\" Choi said."
    assert "'status': 'statment' is not allowed; did you mean 'statement'?" in review.stdout
    assert "'id': 'Choi 46' is not a valid id" in review.stdout
    assert f"  wrote claims/{SDI}/choi-first-46-series.yaml\n" in review.stdout
    claim = load_kb(tmp_path)[0].claims_by_id["choi-first-46-series"]
    assert (claim.status, claim.quote) == ("statement", CHOI)


def test_review_lines_are_wrapped_at_word_boundaries():
    from kb.extract.store import KEYS
    from kb.render.draft import draft_lines

    draft = {"id": "x", "claim": "Samsung SDI will begin mass production of 46-series cells in 2025.",
             "speaker": "choi-yoon-ho", "quote": CHOI, "tags": ["46-series", "cheonan"],
             "inferred": {"when": "next year"}, "new": ['kb add factory --name "Cheonan plant"']}
    assert draft_lines(draft, KEYS, width=50) == [
        "  id: x",
        "  claim: Samsung SDI will begin mass production of",
        "         46-series cells in 2025.",
        "  speaker: choi-yoon-ho",
        '  quote: "We will be the first to mass-produce',
        "         46-series cells for premium electric",
        '         vehicles," Choi said.',
        "  tags: 46-series, cheonan",
        "  inferred:",
        "    when: next year",
        "  new:",
        '    - kb add factory --name "Cheonan plant"']
    assert draft_lines(draft, KEYS)[1] == "  claim: Samsung SDI will begin mass production of 46-series cells in 2025."
