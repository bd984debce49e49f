"""The fast reader of canonical claim files gives exactly what libyaml gives, or steps aside.

`kb.store.fastread.read_canonical` reads the subset of YAML that `kb fmt` writes line by line;
for anything else it returns None and `kb.store.yamlread.read_document` (libyaml) reads the
file. A property test generates canonical and near-canonical files and holds the fast
reader to libyaml's answer: every value (with its type), every position, every problem.
"""

from __future__ import annotations

import pytest
from conftest import claim_text
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.store.fastread import read_canonical
from kb.store.yamlread import YamlProblem, read_document


def typed(value):
    """Values with their types, since True == 1 == 1.0 in Python but not in a claim file."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, value)


def libyaml(text: str):
    """(data, positions, problems, start) as libyaml's path gives them; a refusal as its problem."""
    try:
        doc = read_document(text)
    except YamlProblem as problem:
        return ("refused", problem.line, problem.column, problem.rule, problem.message)
    return (typed(doc.data), doc.positions, [(p.line, p.column, p.rule, p.message) for p in doc.problems],
            (doc.line, doc.column))


def fast(text: str):
    doc = read_canonical(text)
    if doc is None:
        return None
    return (typed(doc.data), doc.positions, [(p.line, p.column, p.rule, p.message) for p in doc.problems],
            (doc.line, doc.column))


# ---------------------------------------------------------------- generated files

KEYS = ["id", "claim", "speaker", "status", "year", "tags", "inferred", "note", "a_b", "Key2"]
PLAIN = st.sampled_from([
    "planned", "Acme will build a plant", "4680", "2024", "2024-03-06", "2024-03", "+1", "0x1f", "0o17",
    "1_000", "1e3", "6.8e+5", ".5", ".inf", ".nan", "yes", "No", "on", "true", "False", "null", "Null",
    "~", "190:20:30", "2001-12-14t21:59:43.10-05:00", "a:b", "a#b", "it's", 'say "hi"', "é’ — ü", "x-", "a.b",
    "LG엔솔", "100%", "a, b", "a]", "a - b",
])
NEAR_PLAIN = st.sampled_from([
    "", " ", "a ", " a", "-1", "-.INF", "a: b", "a #b", "a:", "-", "- a", "? a", ": a", "[a", "{a", "'a'", "'a", "&a", "*a",
    "!a", "|", ">", "%a", "@a", "`a", "#a", "a\tb", "a\x01b", "a\x7fb", "a\x85b", "a\u2028b", "a\ufeffb", "a\rb",
    "---", "...", "<<", "=", "!!str a", "a # b", "{a}",
])
QUOTED_INNER = st.lists(st.sampled_from([
    "a", " ", "é", "’", "LG엔솔", ":", "#", "[", "]", ",", "'", "\\\"", "\\\\", "\\n", "\\t", "\\u00e9",
    "\\b", "\\f", "\\r",
]), max_size=6).map("".join)
NEAR_QUOTED_INNER = st.lists(st.sampled_from([
    "a", "\\/", "\\x41", "\\e", "\\0", "\\ ", "\\N", "\\_", "\\L", "\\P", "\\U0001F600", "\\u12", "\\q", "\\", '"',
    "\x01", "\t", "\x7f", "\x85", "\u2028", "\ufeff", "\\ud800", "\r",
]), min_size=1, max_size=4).map("".join)


def quoted(inner):
    return inner.map(lambda s: f'"{s}"')


def flow(item, separators=st.just(", ")):
    return st.tuples(st.lists(item, max_size=4), separators).map(lambda t: "[" + t[1].join(t[0]) + "]")


CANONICAL_VALUE = st.one_of(PLAIN, quoted(QUOTED_INNER), flow(st.one_of(PLAIN.filter(
    lambda s: not any(c in s for c in ",[]{}#'\"")), quoted(QUOTED_INNER))))
NEAR_VALUE = st.one_of(
    NEAR_PLAIN, quoted(NEAR_QUOTED_INNER), CANONICAL_VALUE,
    st.sampled_from(['"a', 'a"', '"', '"a"b"', "[]", "[ ]", "[a,b]", "[ a ]", "[a, ]", "[, a]", "[a, [b]]",
                     "[a, {b: c}]", "[a]  ", "[a] # note", "{a: b}", "{}", "[a, 'b']", '[a, "b"]', "[a, b",
                     "a]", "[a #b]", "[&x a]", "[a, b]]", "[\"a\", ]", "[a,  b]"]),
    flow(CANONICAL_VALUE, st.sampled_from([", ", ",", " , ", ",  "])),
)


@st.composite
def canonical_files(draw) -> str:
    """What `kb fmt` writes: unique keys, one value a line, one nested mapping of unique keys."""
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=7, unique=True))
    lines = []
    for key in keys:
        if key == "inferred":
            lines.append("inferred:")
            for name in draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=3, unique=True)):
                lines.append(f"  {name}: {draw(st.one_of(PLAIN, quoted(QUOTED_INNER)))}")
        else:
            lines.append(f"{key}: {draw(CANONICAL_VALUE)}")
    return "\n".join(lines) + "\n"


@st.composite
def near_canonical_files(draw) -> str:
    """A canonical file with a few slips: duplicate or odd keys, odd values, indentation, line ends."""
    lines = draw(canonical_files()).split("\n")[:-1]
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines)))
        kind = draw(st.sampled_from(["value", "line", "nested", "duplicate", "key"]))
        if kind == "value":  # under a key of its own, so that only the value decides
            lines.insert(at, f"other{at}: {draw(NEAR_VALUE)}")
        elif kind == "line":
            lines.insert(at, draw(st.sampled_from([
                "", "# a comment", "---", "- item", "key", "key:value", " key: value", "   key: value",
                "\tkey: value", "  key: value", "key:  value", "key : value", "2024: year", "\"key\": value",
                "k-e-y: value", "key: value # comment", "key: value ", "inferred:", "inferred: {}",
                "inferred:\n  year: a\n  year: b", "inferred:\n  year: \"a\x01b\"", "inferred:\n   year: a",
                "inferred:\n  year:", "inferred:\n  year: [a]", "inferred:\n  year:  a", "...",
            ])))
        elif kind == "nested":
            lines.insert(at, f"  {draw(st.sampled_from(KEYS))}: {draw(NEAR_VALUE)}")
            lines.insert(at, f"nested{at}:")
        elif kind == "duplicate" and lines:
            lines.insert(at, lines[draw(st.integers(0, len(lines) - 1))])
        elif kind == "key":
            lines.insert(at, f"{draw(st.sampled_from(['_x', 'x1', 'X', 'é', '1x', 'a b', '-a', '<<']))}: v")
    ending = draw(st.sampled_from(["\n", "\n", "", "\r\n", "\n\n", "\n# end\n", "\n...\n"]))
    separator = "\r\n" if ending == "\r\n" else "\n"
    return separator.join(lines) + ending


@settings(max_examples=300)
@given(canonical_files())
def test_canonical_files_are_read_fast_and_as_libyaml_reads_them(text):
    assert fast(text) is not None, f"the fast reader stepped aside for a canonical file:\n{text}"
    assert fast(text) == libyaml(text)


@settings(max_examples=600)
@given(near_canonical_files())
def test_near_canonical_files_are_read_as_libyaml_reads_them_or_left_to_it(text):
    answer = fast(text)
    if answer is not None:
        assert answer == libyaml(text)


# ---------------------------------------------------------------- the places a slip would lose data

def test_a_file_without_a_final_newline_keeps_its_last_character(make_kb, kb_at):
    root = make_kb({"claims/plan.yaml": claim_text("plan", claim="We will build").rstrip("\n")})
    assert read_canonical((root / "claims/plan.yaml").read_text()) is None
    result = kb_at(root)("show", "plan", "-o", "json")
    assert result.exit_code == 0
    assert '"claim": "We will build"' in result.stdout


def test_a_duplicate_key_inside_inferred_is_an_error_not_the_last_value(make_kb, kb_at):
    text = claim_text("plan", year=2026) + "inferred:\n  year: next year\n  year: in two years\n"
    result = kb_at(make_kb({"claims/plan.yaml": text}))("check", "-o", "parsable")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "claims/plan.yaml:11:3: error: duplicate key 'year' (first at line 10); keep one of them [duplicate-key]"]


@pytest.mark.parametrize("character", ["\x01", "\x7f", "\x9b"])
def test_a_raw_control_character_in_a_quoted_value_is_refused(make_kb, kb_at, character):
    text = claim_text("plan", claim=f'"We will{character} build."')
    result = kb_at(make_kb({"claims/plan.yaml": text}))("check", "-o", "parsable")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"claims/plan.yaml:2:16: error: character U+{ord(character):04X} is not allowed in YAML text; remove it "
        "(or write it as an escape such as \\x01 inside double quotes) [bad-character]"]


def test_a_raw_line_break_in_a_quoted_value_folds_as_in_yaml(make_kb, kb_at):
    """U+0085 (next line) is a line break to YAML: inside double quotes it folds into a space."""
    root = make_kb({"claims/plan.yaml": claim_text("plan", claim='"We will\x85build."')})
    result = kb_at(root)("show", "plan", "-o", "json")
    assert result.exit_code == 0
    assert '"claim": "We will build."' in result.stdout


def test_what_the_fast_reader_reads(make_kb):
    text = ('id: a\nclaim: "Say \\"hi\\" \\u00e9"\nyear: 2024\ntags: [x, "y z", "4680"]\nnote: yes\n'
            "inferred:\n  year: later this year\nsaid: 2024-03\n")
    doc = read_canonical(text)
    assert typed(doc.data) == {
        "id": ("str", "a"), "claim": ("str", 'Say "hi" é'), "year": ("int", 2024),
        "tags": [("str", "x"), ("str", "y z"), ("str", "4680")], "note": ("bool", True),
        "inferred": {"year": ("str", "later this year")}, "said": ("str", "2024-03"),
    }
    assert doc.positions == {
        (): (1, 1), ("id", "<key>"): (1, 1), ("id",): (1, 5), ("claim", "<key>"): (2, 1), ("claim",): (2, 8),
        ("year", "<key>"): (3, 1), ("year",): (3, 7), ("tags", "<key>"): (4, 1), ("tags",): (4, 7),
        ("tags", 0): (4, 8), ("tags", 1): (4, 11), ("tags", 2): (4, 18), ("note", "<key>"): (5, 1),
        ("note",): (5, 7), ("inferred", "<key>"): (6, 1), ("inferred",): (7, 3),
        ("inferred", "year", "<key>"): (7, 3), ("inferred", "year"): (7, 9), ("said", "<key>"): (8, 1),
        ("said",): (8, 7),
    }


def test_the_items_of_a_list_under_a_key_have_their_places():
    doc = read_canonical("id: a\nquantities:\n  investment: [5 billion USD, 7 trillion KRW]\n")
    assert typed(doc.data) == {"id": ("str", "a"), "quantities": {"investment": [("str", "5 billion USD"),
                                                                                ("str", "7 trillion KRW")]}}
    assert doc.positions == {
        (): (1, 1), ("id", "<key>"): (1, 1), ("id",): (1, 5), ("quantities", "<key>"): (2, 1), ("quantities",): (3, 3),
        ("quantities", "investment", "<key>"): (3, 3), ("quantities", "investment"): (3, 15),
        ("quantities", "investment", 0): (3, 16), ("quantities", "investment", 1): (3, 31),
    }


def test_what_the_fast_reader_leaves_to_libyaml():
    for text in ["", "id: a", "id: a\r\n", "id: a # note\n", "id: 'a'\n", "id: a\nid: b\n", "tags:\n- a\n",
                 "inferred:\n", "inferred:\nid: a\n", "id: a\n  year: b\n", 'id: "a\\x41"\n', "id: [a, [b]]\n",
                 "id: a: b\n", "id: [a,b]\n", "id: \"a\n", "- a\n", "id: a \n"]:
        assert read_canonical(text) is None, repr(text)
