"""`kb list` answers from the index's rows exactly as the plain Python way answers from every record.

The reference is the library without the index: every file loaded (`kb.store.load.load_kb`), the
claims chosen and sorted by `kb.answers.query.select`, printed by the listing writers. The knowledge
base mixes the real-source fixture with claims made to be awkward: fiscal years of a company
with a known year-end, periods the source only implies, amounts, declared attributes, external
ids, tags in capitals, text with commas, quotes, tabs, line breaks and control characters, a
claim id given twice, a claim without a period and a hand-written file.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import claim_text

from kb.answers.query import select
from kb.commands.common import claim_listing, make_filters
from kb.render.listing import write
from kb.store.parse import load_kb
from kb.store.rows import COLUMNS

FIXTURE = Path(__file__).parent / "fixtures" / "real-sources"
MORE = {
    "claims/more/fiscal-q.yaml": claim_text("fiscal-q", company="panasonic-energy", speaker="panasonic-energy",
                                            source="kansas-delay-2025", product="Cylindrical", when="FY2026-Q3",
                                            said="2025-01", tags="[delay, kansas]", quote_kind="paraphrase"),
    "claims/more/fiscal-range.yaml": claim_text("fiscal-range", company="panasonic-energy", speaker="panasonic-energy",
                                                source="kansas-delay-2025", when="FY2025..FY2026", status="considering",
                                                quote_kind="paraphrase"),
    "claims/more/implied.yaml": claim_text("implied", company="lges", speaker="lges", source="arizona-plan-2023",
                                           when="2025-late", inferred="\n  when: late next year", said="2023",
                                           quote_kind="paraphrase"),
    "claims/more/awkward.yaml": claim_text(
        "awkward", company="lges", speaker="lges", source="arizona-plan-2023", when="..2026",
        claim='"Commas, \\"quotes\\" and\\ta tab\\nand a break \\u001b[31m, é 中"',
        quote='"A quote, with a \\"quote\\" inside"', quote_kind="paraphrase", tags="[kansas, x-y]",
        attributes="\n  chemistry: LFP", external="\n  aca: AZ-1", quantities="\n  capacity: 1500 MWh/yr\n  jobs: 40"),
    "claims/more/no-when.yaml": claim_text("no-when", company="panasonic-energy", speaker="panasonic-energy",
                                           source="kansas-delay-2025", status="opinion", quote_kind="paraphrase"),
    "claims/more/twice/awkward.yaml": claim_text("awkward", company="lges", speaker="lges",
                                                 source="arizona-plan-2023", when="2027-spring",
                                                 quote_kind="paraphrase"),
    "claims/more/by-hand.yaml": "# typed by hand\nid: by-hand\nclaim: 'By hand.'\nspeaker: lges\ncompany: lges\n"
                                "when: 2026-H1  # roughly\nstatus: planned\nsource: arizona-plan-2023\nquote_kind: paraphrase\nquote: >-\n"
                                "  By\n  hand.\ntags:\n  - kansas\nquantities:\n  capacity: 20 GWh/yr\n",
}
FILTERS = [
    {}, {"tag": ["kansas"]}, {"all_tags": ["kansas", "x-y"]}, {"year": ["2026"]}, {"year": ["2024..2026"]},
    {"year": ["..2025"]}, {"due": ["2026-H1"]}, {"due": ["..2025"]}, {"due": ["FY2027"]}, {"status": ["planned"]},
    {"company": ["Panasonic"]}, {"factory": ["Queen Creek"]}, {"speaker": ["lges"]}, {"product": ["CYLINDRICAL"]},
    {"text": ["arizona"]}, {"text": ["COMMAS", "kansas plant"]}, {"minimum": ["capacity=1GWh/yr"]},
    {"maximum": ["investment=6billionUSD"]}, {"minimum": ["jobs=100"]}, {"where": ["chemistry=lfp"]},
    {"where": ["chemistry=NCA", "chemistry=LFP"]}, {"external": ["aca"]}, {"external": ["aca=AZ-1"]},
    {"source": ["arizona-plan-2023"], "year": ["2025.."]}, {"company": ["lges"], "text": ["production"]},
]
SORTS = ["id", "when", "-when", "said", "-company", "status", "factory"]
FORMATS = ["ids", "plain", "csv", "json", "jsonl", "yaml", "table"]
OPTIONS = {"minimum": "--min", "maximum": "--max"}


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kb") / "kb"
    shutil.copytree(FIXTURE, path)
    for relpath, text in MORE.items():
        (path / relpath).parent.mkdir(parents=True, exist_ok=True)
        (path / relpath).write_text(text, encoding="utf-8")
    return path


def reference(root: Path, given: dict, sort: str, fmt: str, limit: int | None = None) -> str:
    kb, _ = load_kb(root)
    names = ("company", "speaker", "factory", "year", "due", "status", "product", "tag", "all_tags", "source", "text",
             "minimum", "maximum", "where", "external")
    claims = select(kb, make_filters(**{n: given.get(n, []) for n in names}), sort.lstrip("-"), sort.startswith("-"),
                    limit)
    out = io.StringIO()
    write(claim_listing(kb, claims, fmt, COLUMNS), fmt, out)
    return out.getvalue()


def arguments(given: dict) -> list[str]:
    return [arg for name, values in given.items() for value in values
            for arg in (OPTIONS.get(name, "--" + name.replace("_", "-")), value)]


def test_the_only_problem_is_the_id_given_twice(root, kb_at):
    result = kb_at(root)("check", "-o", "parsable")
    assert [line.split(": ")[0] for line in result.stdout.splitlines() if ": error: " in line] == \
        ["claims/more/twice/awkward.yaml:1:5"], result.stdout


@pytest.mark.parametrize("given", FILTERS, ids=[" ".join(arguments(g)) or "all" for g in FILTERS])
def test_every_filter_sort_and_format(root, kb_at, given):
    kb = kb_at(root)
    for i, fmt in enumerate(FORMATS):
        sort = SORTS[(i + FILTERS.index(given)) % len(SORTS)]
        expected = reference(root, given, sort, fmt)
        result = kb("list", *arguments(given), "--sort", sort, "-o", fmt, "--all")
        assert "Traceback" not in result.stderr and result.exit_code == 1  # 1: the id given twice
        assert result.stdout == expected, (fmt, sort)


@pytest.mark.parametrize("sort", SORTS)
def test_every_sort_with_a_limit(root, kb_at, sort):
    kb = kb_at(root)
    for fmt in ("plain", "json"):
        result = kb("list", "--sort", sort, "--limit", "7", "-o", fmt)
        assert result.stdout == reference(root, {}, sort, fmt, limit=7), fmt
