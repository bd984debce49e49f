"""`kb fmt`: one canonical layout, the same data before and after, every comment kept."""

from __future__ import annotations

from kb.store.parse import load_kb
from kb.store.yamlwrite import record_values

MESSY = """\
# Added from the Daily News piece.
status: planned   # as announced
id: messy
claim: 'Acme: a plant in Springfield'
speaker: jane-doe
tags:
  - plants   # first tag
  - us
quote: "Acme will build
  a plant."
company: acme
# where it was said
source: daily-news
inferred:
  # the article's words
  year: next year
year: 2025
"""

CANONICAL = """\
# Added from the Daily News piece.
id: messy
claim: "Acme: a plant in Springfield"
speaker: jane-doe
company: acme
when: 2025
status: planned  # as announced
# where it was said
source: daily-news
quote: Acme will build a plant.
tags: [plants, us]  # first tag
inferred:
  # the article's words
  when: next year
"""


def test_rewrites_to_the_canonical_layout_keeping_data_and_comments(make_kb, kb_at):
    root = make_kb({"claims/messy.yaml": MESSY})
    before = {c.id: record_values(c) for c in load_kb(root)[0].claims}
    result = kb_at(root)("fmt")
    assert result.exit_code == 0
    assert result.stdout == "reformatted claims/messy.yaml\n"
    assert (root / "claims/messy.yaml").read_text() == CANONICAL
    after = {c.id: record_values(c) for c in load_kb(root)[0].claims}
    assert before == after


def test_check_mode_changes_nothing_and_fails(make_kb, kb_at):
    root = make_kb({"claims/messy.yaml": MESSY})
    result = kb_at(root)("fmt", "--check")
    assert result.exit_code == 1
    assert result.stdout == "would reformat claims/messy.yaml\n"
    assert (root / "claims/messy.yaml").read_text() == MESSY


def test_canonical_files_are_left_alone(make_kb, kb_at):
    root = make_kb({"claims/messy.yaml": CANONICAL})
    assert kb_at(root)("fmt", "--check").exit_code == 0


def test_the_repository_is_canonical(kb_repo):
    result = kb_repo("fmt", "--check")
    assert result.exit_code == 0, result.stdout


def test_invalid_files_are_not_touched(make_kb, kb_at):
    text = "id: bad\nstatus: rumour  # keep me\n"
    root = make_kb({"claims/bad.yaml": text})
    result = kb_at(root)("fmt")
    assert result.exit_code == 1
    assert "not formatted: claims/bad.yaml" in result.stderr
    assert (root / "claims/bad.yaml").read_text() == text


def test_registry_entries_keep_their_headings(make_kb, kb_at):
    root = make_kb({"claims/registry/companies.yaml": "# Makers\n- name: Acme Batteries\n  id: acme\n"
                                                        "# Rivals\n- {id: globex, name: Globex}\n"})
    kb_at(root)("fmt")
    assert (root / "claims/registry/companies.yaml").read_text() == (
        "# Makers\n- id: acme\n  name: Acme Batteries\n\n# Rivals\n- id: globex\n  name: Globex\n")


def test_check_with_diff_shows_each_change(make_kb, kb_at):
    root = make_kb({"claims/messy.yaml": MESSY})
    result = kb_at(root)("fmt", "--check", "--diff")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:3] == ["--- a/claims/messy.yaml", "+++ b/claims/messy.yaml", "@@ -1,17 +1,14 @@"]
    assert "-status: planned   # as announced" in lines and "+status: planned  # as announced" in lines
    assert "-year: 2025" in lines and "+when: 2025" in lines
    assert lines[-1] == "would reformat claims/messy.yaml"
    assert (root / "claims/messy.yaml").read_text() == MESSY


def _formatted(body: str) -> str:
    from kb.edit.fmt import canonical_text

    head = "id: x\nclaim: C.\nspeaker: a\nstatus: done\nsource: s\nquote: Q.\n"
    text, refusal = canonical_text("claims/x.yaml", head + body)
    assert refusal == [], refusal
    assert text.startswith(head)
    return text[len(head):]


def test_a_comment_beside_a_key_inside_external_stays_beside_it():
    """Not beside `external:`, nor beside the key after it: beside the one it was written on."""
    assert _formatted("external:\n  mastr: SEE912345678  # the register's id\n  dataset: row-7\n") == (
        "external:\n  mastr: SEE912345678  # the register's id\n  dataset: row-7\n")
    assert _formatted("external:\n  dataset: row-7\n  mastr: SEE912345678    #its id\n") == (
        "external:\n  dataset: row-7\n  mastr: SEE912345678  # its id\n")


def test_a_comment_between_list_items_stays_with_its_list():
    """A block list becomes a flow list on one line: a comment between its items goes beside it, never above
    the next key (`source:` in the issue)."""
    assert _formatted("tags:\n  - a\n  # about b\n  - b\nsupersedes:\n  - y  # the old one\n  #the older one\n"
                      "  - z\nnote: N.\n") == (
        "tags: [a, b]  # about b\nsupersedes: [y, z]  # the old one  # the older one\nnote: N.\n")
    # a comment after a mapping's last key, on a line of its own, is above the next key, as written
    assert _formatted("quantities:\n  capacity: 5 GWh\n# about the note\nnote: N.\n") == (
        "quantities:\n  capacity: 5 GWh\n# about the note\nnote: N.\n")


def test_only_the_space_after_a_comments_hash_is_added():
    assert _formatted("note: N.  #the CEO's words\n##heading\n#: colon\n#\n") == (
        "note: N.  # the CEO's words\n## heading\n# : colon\n#\n")


def test_files_fmt_cannot_read_are_named_with_their_place_and_the_others_formatted(make_kb, kb_at):
    root = make_kb({"claims/messy.yaml": MESSY, "claims/a.yaml": "id: a\nclaim: [broken\n",
                    "claims/registry/widgets.yaml": "- id: w\n"})
    (root / "claims/b.yaml").write_bytes(b"id: b\nclaim: caf\xe9\n")
    result = kb_at(root)("fmt")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "not formatted: claims/a.yaml:3:1: error: YAML syntax: while parsing a flow sequence, did not find "
        "expected ',' or ']' [yaml-syntax]",
        "not formatted: claims/b.yaml:2:11: byte 0xe9 is not UTF-8; save the file as UTF-8",
        "not formatted: claims/registry/widgets.yaml:1:1: error: not a registry file kb knows [not-formatted]",
        "1 file(s) reformatted, 3 left alone."]
    assert (root / "claims/messy.yaml").read_text() == CANONICAL
    assert (root / "claims/registry/widgets.yaml").read_text() == "- id: w\n"


def test_a_comment_at_an_empty_list_that_ends_an_entry_moves_above_the_next_entry(make_kb, kb_at):
    root = make_kb({"claims/registry/companies.yaml": "- id: acme\n  name: Acme Batteries\n\n"
                                                        "- id: globex\n  name: Globex\n  aliases: []  # none known\n\n"
                                                        "- id: initech\n  name: Initech\n"})
    assert kb_at(root)("fmt").exit_code == 0
    assert (root / "claims/registry/companies.yaml").read_text() == (
        "- id: acme\n  name: Acme Batteries\n\n- id: globex\n  name: Globex\n\n# none known\n"
        "- id: initech\n  name: Initech\n")
