"""The index's quick way through claim files (kb.store.fastclaim) gives what the usual way gives.

For each file: the same record (with its positions), problems, canonical flag and table rows,
whether the file goes the quick way or not. Files come from the repository, the test corpus,
and generated variations of canonical claims: odd text, periods, tags, nested quantities,
inferred fields, keys out of order or twice, wrong values.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kb.store.fastclaim
from kb.store.files import Found
from kb.store.indexing import parse_one, rows_of

REPO = Path(__file__).resolve().parent.parent


def both_ways(root: Path, relpath: str, monkeypatch) -> None:
    found = Found(relpath, False)
    quick = parse_one(root, found)
    quick_rows = rows_of(parse_one(root, found, records=False))
    with monkeypatch.context() as patch:
        patch.setattr(kb.store.fastclaim, "compile_claim", lambda *args: None)
        usual = parse_one(root, found)
        usual_rows = rows_of(usual)
    assert quick.records == usual.records
    assert [(r.path, r.line, r.positions) for r in quick.records] == \
        [(r.path, r.line, r.positions) for r in usual.records]
    assert (quick.problems, quick.canonical, quick.hash) == (usual.problems, usual.canonical, usual.hash)
    assert quick_rows == usual_rows


def test_every_claim_file_of_the_repository_and_the_corpus(monkeypatch):
    paths = [p for p in (REPO / "claims").rglob("*.yaml") if "registry" not in p.parts]
    paths += [p for p in (REPO / "tests").rglob("*.yaml") if "registry" not in p.parts]
    assert len(paths) > 50
    for path in paths:
        both_ways(path.parent, path.name, monkeypatch)


SPECIAL = st.lists(st.sampled_from(list("abc xyz-:#'\"[]{},“”éß\t\\") + ["\u202e", "\x1b", "\ufffe", "2026", ": ",
                                                                      " #", "\\u00e9", "\\x"]),
                  max_size=8).map("".join)
BENIGN = st.lists(st.sampled_from(list("abcxyz -éß“”,.'") + ["4680", "Ochang"]), max_size=12).map("".join)
TEXT = st.one_of(BENIGN, BENIGN, BENIGN, SPECIAL).filter(lambda t: t.strip() == t)
CLAIM_TEXT = st.one_of(TEXT.map(lambda t: "A" + t), TEXT.map(lambda t: json.dumps("A" + t, ensure_ascii=False)),
                       TEXT.map(lambda t: json.dumps(t)), TEXT.map(lambda t: f"'A{t}'"))
# key -> (mostly right values, wrong or unusual ones)
LINES = {
    "id": (st.sampled_from(["c-1", "c-2", "c1x"]), st.sampled_from(["2026", "Bad Id", '"c-3"'])),
    "claim": (CLAIM_TEXT, st.just('""')),
    "speaker": (st.sampled_from(["jane-doe", "acme"]), st.sampled_from(['"acme"', "[acme]", "null"])),
    "company": (st.sampled_from(["acme", "globex"]), st.sampled_from(["null", "", "~"])),
    "concerns": (st.sampled_from(["[acme]", "[acme, globex]"]), st.sampled_from(["[acme, acme]", "[]", "[ acme]"])),
    "product": (st.sampled_from(["4680", "LFP", "'4680'"]), st.sampled_from(['"4680"', "true", "1.5"])),
    "when": (st.sampled_from(["2026", "2026-H2", "FY2027", "..2027", "2026-03-15", "2024..2026", "2026-autumn"]),
             st.sampled_from(["2026-fall", '"2026-Q1"', "2026-13", "next year", "2025..2024"])),
    "said": (st.sampled_from(["2024", "2024-03", "2024-03-06"]), st.sampled_from(["2024-02-30", '"2024"', "24"])),
    "status": (st.sampled_from(["planned", "done"]), st.sampled_from(["plannd", '"done"'])),
    "source": (st.sampled_from(["daily-news", "x"]), st.sampled_from(["[x]"])),
    "quote": (st.one_of(TEXT.map(lambda t: "Q" + t), TEXT.map(lambda t: json.dumps("Q" + t, ensure_ascii=False))),
              st.just("|")),
    "tags": (st.sampled_from(["[a, b]", "[4680, x-y]", "[a]"]), st.sampled_from(["[a, a]", "[A]", "[]"])),
    "year": (st.just("2024"), st.just("2024")),
    "note": (TEXT.map(lambda t: "N" + t), TEXT),
    "bogus": (st.just("1"), st.just("1")),
}
NESTED = {
    "quantities": (st.sampled_from([["capacity: 53 GWh/yr"], ["investment: [about 5.5 billion USD, 7 trillion KRW]"],
                                    ["jobs: 1500", "capacity: 4 GW"]]), st.sampled_from([["capacity: $5"], []])),
    "inferred": (st.sampled_from([["when: later this year"]]),
                 st.sampled_from([["said: recently"], ["nothing: x"], ["when: [a]"]])),
    "external": (st.sampled_from([["mastr: SEE1"], ["politifact: 21345"]]), st.sampled_from([["Bad: 1"]])),
    "attributes": (st.sampled_from([['rating: "false"']]), st.sampled_from([["rating: false"]])),
}
ORDER = ["id", "claim", "speaker", "company", "concerns", "product", "when", "said", "status", "source", "quote",
         "quantities", "attributes", "tags", "inferred", "external", "note"]


@st.composite
def claim_files(draw) -> str:
    keys = [k for k in ORDER if k in ("id", "claim", "speaker", "status", "source", "quote") or draw(st.booleans())]
    if draw(st.integers(0, 9)) == 0:
        keys.insert(draw(st.integers(0, len(keys))), draw(st.sampled_from(["year", "bogus", "status", "id"])))
    if draw(st.integers(0, 9)) == 0 and len(keys) > 1:
        i = draw(st.integers(0, len(keys) - 2))
        keys[i], keys[i + 1] = keys[i + 1], keys[i]
    if draw(st.integers(0, 9)) == 0:
        keys.remove(draw(st.sampled_from(keys)))
    lines = []
    for key in keys:
        right = draw(st.sampled_from([True] * 11 + [False]))
        if key == "inferred" and "when" not in keys and right:
            continue
        if key in NESTED:
            nested = draw(NESTED[key][0 if right else 1])
            lines += [f"{key}:"] + [f"  {line}" for line in nested]
        else:
            value = draw(LINES[key][0 if right else 1])
            lines.append(f"{key}: {value}" if value else f"{key}:")
    return "\n".join(lines) + ("\n" if draw(st.integers(0, 19)) else "")


@settings(max_examples=int(__import__("os").environ.get("KB_FAST_EXAMPLES", 200)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=claim_files())
def test_generated_claim_files(tmp_path_factory, monkeypatch, text):
    root = tmp_path_factory.mktemp("k")
    (root / "claims").mkdir()
    (root / "claims" / "c-1.yaml").write_text(text, encoding="utf-8")
    both_ways(root, "claims/c-1.yaml", monkeypatch)


def test_repeated_lines_keep_their_own_positions(tmp_path, monkeypatch):
    """A line seen before on another line number is not taken for the earlier one."""
    (tmp_path / "claims").mkdir()
    base = "id: c-{n}\nclaim: A.\nspeaker: acme\nproduct: LFP\nstatus: planned\nsource: daily-news\nquote: Q.\n"
    (tmp_path / "claims" / "c-1.yaml").write_text(base.format(n=1), encoding="utf-8")
    (tmp_path / "claims" / "c-2.yaml").write_text(base.format(n=2).replace("claim: A.\n", "claim: A.\nnote: x\n"),
                                                  encoding="utf-8")
    for name in ("c-1", "c-2"):
        both_ways(tmp_path, f"claims/{name}.yaml", monkeypatch)
    record = parse_one(tmp_path, Found("claims/c-2.yaml", False)).records[0]
    assert {"product 5 10", "status 6 9"} <= set(record.positions.split(";"))


@pytest.mark.parametrize("text", ["id: c-1\n", "", "\n", "  id: c-1\n", "id: c-1\r\n",
                                  "id: c-1\nclaim: A.\nnote: \n", "id: c-1\nclaim: A.\nnote:\n"])
def test_files_the_quick_way_leaves_alone(tmp_path, monkeypatch, text):
    kb.store.fastclaim.compile_claim("claims/c-1.yaml", text)  # no exception: what it cannot read, it leaves
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "c-1.yaml").write_text(text, encoding="utf-8")
    both_ways(tmp_path, "claims/c-1.yaml", monkeypatch)


EVERY_KEY = """\
id: c-1
claim: Acme plans a cell plant, in Ohio.
speaker: jane-doe
company: acme
concerns: [globex]
product: LFP
factory: acme-springfield
when: 2026-H2
said: 2024-03-06
status: planned
source: daily-news
quote: "We will build it: soon."
quote_kind: paraphrase
quantities:
  capacity: 53 GWh/yr
  investment: [about 5.5 billion USD, 7 trillion KRW]
attributes:
  rating: "false"
tags: [4680, ochang]
supports: [c-2]
contradicts: [c-3]
supersedes: [c-4, c-5]
elaborates: [c-6]
related: [c-7]
inferred:
  when: later this year
external:
  mastr: SEE1
note: N.
"""


def test_the_quick_way_reads_a_file_with_every_key(tmp_path, monkeypatch):
    """Each key read, with the place of each value and item (line, column), as written out here by hand."""
    values, positions, canonical, _ = kb.store.fastclaim.compile_claim("claims/c-1.yaml", EVERY_KEY)
    assert values == {
        "id": "c-1", "claim": "Acme plans a cell plant, in Ohio.", "speaker": "jane-doe", "company": "acme",
        "concerns": ("globex",), "product": "LFP", "factory": "acme-springfield", "when": "2026-H2",
        "said": "2024-03-06", "status": "planned", "source": "daily-news", "quote": "We will build it: soon.",
        "quote_kind": "paraphrase", "quantities": {"capacity": "53 GWh/yr",
                                                   "investment": ("about 5.5 billion USD", "7 trillion KRW")},
        "attributes": {"rating": "false"}, "tags": ("4680", "ochang"), "supports": ("c-2",),
        "contradicts": ("c-3",), "supersedes": ("c-4", "c-5"), "elaborates": ("c-6",), "related": ("c-7",),
        "inferred": {"when": "later this year"}, "external": {"mastr": "SEE1"}, "note": "N."}
    assert positions.split(";") == [
        "id 1 5", "claim 2 8", "speaker 3 10", "company 4 10", "concerns 5 11", "concerns.0 5 12", "product 6 10",
        "factory 7 10", "when 8 7", "said 9 7", "status 10 9", "source 11 9", "quote 12 8", "quote_kind 13 13",
        "quantities 15 3", "quantities.capacity 15 13", "quantities.investment 16 15", "attributes 18 3",
        "attributes.rating 18 11", "tags 19 7", "tags.0 19 8", "tags.1 19 14", "supports 20 11", "supports.0 20 12",
        "contradicts 21 14", "contradicts.0 21 15", "supersedes 22 13", "supersedes.0 22 14", "supersedes.1 22 19",
        "elaborates 23 13", "elaborates.0 23 14", "related 24 10", "related.0 24 11", "inferred 26 3",
        "inferred.when 26 9", "external 28 3", "external.mastr 28 10", "note 29 7"]
    assert canonical is True
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "c-1.yaml").write_text(EVERY_KEY, encoding="utf-8")
    both_ways(tmp_path, "claims/c-1.yaml", monkeypatch)


@pytest.mark.parametrize("required", ["id", "claim", "speaker", "status", "source", "quote"])
def test_a_file_lacking_a_required_key_goes_the_usual_way(tmp_path, monkeypatch, required):
    """Even with every other key there: the usual way says what is missing."""
    text = "".join(line + "\n" for line in EVERY_KEY.splitlines() if not line.startswith(f"{required}:"))
    assert kb.store.fastclaim.compile_claim("claims/c-1.yaml", text) is None
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "c-1.yaml").write_text(text, encoding="utf-8")
    both_ways(tmp_path, "claims/c-1.yaml", monkeypatch)


def test_the_repositorys_claim_files_go_the_quick_way():
    """They are clean and canonical (kb fmt wrote them): none needs libyaml."""
    paths = sorted(p for p in (REPO / "claims").rglob("*.yaml") if "registry" not in p.parts)
    assert len(paths) >= 10
    assert [p.name for p in paths if kb.store.fastclaim.compile_claim(p.name, p.read_text(encoding="utf-8")) is None] == []


@pytest.mark.parametrize("line, written", [
    ("  capacity: 53 GWh/yr", "  capacity: 53 GWh/yr]"),  # a bracket at one end only is no list
    ("  capacity: 53 GWh/yr", "  capacity: [53 GWh/yr"),
    ("  rating: \"false\"", "  rating: false]"),
    ("  when: later this year", "  when:"),
    ("inferred:", "inferred: {when: later this year}"),
    ("  mastr: SEE1", "  mastr: SEE1\n  mastr: SEE2"),  # a key twice in a mapping
    ("  mastr: SEE1", " mastr: SEE1"),
    ("inferred:\n  when: later this year", "inferred:"),  # nothing under it
])
def test_near_canonical_nested_keys(tmp_path, monkeypatch, line, written):
    text = EVERY_KEY.replace(line + "\n", written + "\n", 1)
    assert text != EVERY_KEY
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "c-1.yaml").write_text(text, encoding="utf-8")
    both_ways(tmp_path, "claims/c-1.yaml", monkeypatch)


def test_a_file_name_with_a_control_character(tmp_path, monkeypatch):
    """The path's cell in the rows shows the character as the usual way does, not raw."""
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "c-\u202e1.yaml").write_text(EVERY_KEY, encoding="utf-8")
    assert kb.store.fastclaim.compile_claim("claims/c-\u202e1.yaml", EVERY_KEY) is not None
    both_ways(tmp_path, "claims/c-\u202e1.yaml", monkeypatch)
