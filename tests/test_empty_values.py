"""Whatever `kb check` accepts, `kb fmt` formats; whatever `kb fmt` writes, `kb check` accepts.

Empty lists and mappings (`tags: []`, `inferred: {}`), an empty registry (`[]`, only comments,
nothing at all) carry no data: `kb check` accepts them, `kb fmt` leaves the empty keys out and
keeps every comment written on them.
"""

from __future__ import annotations

import re
from collections import Counter

from conftest import claim_text
from hypothesis import given
from hypothesis import strategies as st

from kb.edit.fmt import canonical_text
from kb.store.files import Found
from kb.store.load import parse_text, records_from
from kb.store.yamlwrite import record_values

EMPTY_KEYS = ["tags: []", "concerns: []", "related: []", "supports: [ ]", "inferred: {}", "inferred: { }"]
COMMENTS = ["# none yet", "# to do: ask the press office", "# 空"]


def file_problems(relpath: str, text: str) -> tuple[list, list]:
    """What `kb check` finds in one file on its own: the records it holds and the problems."""
    found = Found(relpath, relpath.startswith("claims/registry/"))
    return records_from(found, *parse_text(relpath, text, found.is_registry))


def comments(text: str) -> Counter:
    return Counter(m.group() for m in re.finditer(r"(?m)(?<!\S)#.*$", text))


def assert_round_trip(relpath: str, text: str) -> str:
    """check accepts text <=> fmt formats it; fmt's text is accepted, stable, same records and comments."""
    records, problems = file_problems(relpath, text)
    formatted, refusal = canonical_text(relpath, text)
    assert problems == [], problems
    assert refusal == [] and formatted is not None, refusal
    again_records, again_problems = file_problems(relpath, formatted)
    assert again_problems == [], (formatted, again_problems)
    assert [record_values(r) for r in again_records] == [record_values(r) for r in records]
    assert canonical_text(relpath, formatted) == (formatted, [])
    assert comments(formatted) == comments(text), formatted
    assert not re.search(r": (\[ ?\]|\{ ?\})", formatted), "an empty list or mapping is left out"
    return formatted


@st.composite
def claims_with_empties(draw):
    lines = claim_text("x").splitlines()
    keys = draw(st.lists(st.sampled_from(EMPTY_KEYS), min_size=1, max_size=4,
                         unique_by=lambda k: k.split(":")[0]))
    for key in keys:
        line = key
        where = draw(st.sampled_from(["none", "beside", "above"]))
        comment = draw(st.sampled_from(COMMENTS))
        if where == "beside":
            line = f"{key}  {comment}"
        elif where == "above":
            line = f"{comment}\n{key}"
        lines.insert(draw(st.integers(0, len(lines))), line)
    return "\n".join(lines) + "\n"


@given(claims_with_empties())
def test_claims_with_empty_lists_and_mappings(text):
    assert_round_trip("claims/a/x.yaml", text)


REGISTRIES = [
    "[]\n",
    "[]  # no companies yet\n",
    "# no companies yet\n",
    "",
    "# header\n[]\n# footer\n",
    "- id: acme\n  name: Acme\n  aliases: []  # none known\n",
    "- id: acme\n  aliases: []\n  name: Acme\n\n# the second\n- id: globex\n  name: Globex\n  aliases: [ ]\n",
    "- id: acme\n  name: Acme\n  # none known\n  aliases: []\n\n- id: globex\n  name: Globex\n",
]


@given(st.sampled_from(REGISTRIES), st.sampled_from(["companies.yaml", "companies.yml", "companies/more/acme.yaml"]))
def test_registry_files_that_hold_nothing(text, name):
    assert_round_trip(f"claims/registry/{name}", text)


def test_what_fmt_writes_for_empty_values():
    text = claim_text("x") + "tags: []  # none yet\ninferred: {}\n"
    assert assert_round_trip("claims/a/x.yaml", text) == claim_text("x") + "# none yet\n"
    text = claim_text("x") + "# keywords later\ntags: []\nnote: N.\n"
    assert assert_round_trip("claims/a/x.yaml", text) == claim_text("x") + "# keywords later\nnote: N.\n"
    text = claim_text("x", quote=None) + "# keywords later\ntags: []\nquote: Q.\n"  # no key after tags
    assert assert_round_trip("claims/a/x.yaml", text) == claim_text("x", quote=None) + "quote: Q.\n# keywords later\n"
    assert assert_round_trip("claims/registry/people.yaml", "[]  # nobody yet\n") == "# nobody yet\n"
    assert assert_round_trip("claims/registry/people.yaml", "[]\n") == ""
    assert assert_round_trip("claims/registry/people.yaml", "# only this\n") == "# only this\n"


def test_check_and_fmt_agree_on_the_issue_cases(make_kb, kb_at):
    said_by_acme = {"speaker": "acme"}  # people.yaml below is empty
    root = make_kb({
        "claims/a/tags.yaml": claim_text("tags", **said_by_acme) + "tags: []\n",
        "claims/a/concerns.yaml": claim_text("concerns", **said_by_acme) + "concerns: []  # none\n",
        "claims/a/related.yaml": claim_text("related", **said_by_acme) + "related: []\n",
        "claims/a/inferred.yaml": claim_text("inferred", **said_by_acme) + "inferred: {}\n",
        "claims/registry/people.yaml": "[]\n",
        "claims/registry/factories.yaml": "# no factories yet\n",
    })
    kb = kb_at(root)
    assert kb("check", "--strict").exit_code == 0
    result = kb("fmt", "--check")
    assert result.exit_code == 1 and result.stderr == "5 file(s) would reformat, 0 left alone.\n"
    assert kb("fmt").exit_code == 0
    assert kb("fmt", "--check").exit_code == 0
    assert kb("check", "--strict").exit_code == 0
    assert (root / "claims/a/concerns.yaml").read_text() == (
        "id: concerns\nclaim: Claim concerns.\nspeaker: acme\ncompany: acme\n# none\nstatus: planned\n"
        "source: daily-news\nquote: Quote of concerns.\n")
    assert (root / "claims/registry/people.yaml").read_text() == ""
