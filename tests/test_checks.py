"""The checks across files (kb/checks/): each problem once, on the right file, line and column.

Every test compares the whole report of `kb check` with lines written out by hand, so an extra
or a missing problem fails it as surely as a wrong one.
"""

from __future__ import annotations

import os

from conftest import claim_text


def check(kb) -> list[str]:
    return kb("check", "-o", "parsable").stdout.splitlines()


DUPLICATE = "nearly the same claim by the same speaker as '{}' ({}); merge them or relate them (supersedes, supports)"


def test_probable_duplicates_are_the_same_speaker_saying_nearly_the_same_words(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/a.yaml": claim_text("a", claim='"Acme will build a plant in Springfield."'),
        "claims/b.yaml": claim_text("b", claim='"Acme will build plant in Springfield"'),          # a word dropped
        "claims/c.yaml": claim_text("c", claim='"ACME will build a plant, in Springfield!"'),      # case, punctuation
        "claims/d.yaml": claim_text("d", claim='"Acme will build a plant in Shelbyville."'),       # a word changed
        "claims/e.yaml": claim_text("e", claim='"Acme will soon build a new plant in Springfield."'),  # two added
        "claims/f.yaml": claim_text("f", claim='"Acme will build a big plant in Shelbyville."'),   # one added to d
        # another speaker saying what jane-doe said is not a duplicate
        "claims/g.yaml": claim_text("g", speaker="globex", claim='"Acme will build a plant in Springfield."'),
        "claims/h.yaml": claim_text("h", speaker="globex", claim='"Globex will build a plant in Springfield."'),
    }))
    result = kb("check", "-o", "parsable")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"claims/b.yaml:2:8: warning: {DUPLICATE.format('a', 'claims/a.yaml')} [probable-duplicate]",
        f"claims/c.yaml:2:8: warning: {DUPLICATE.format('a', 'claims/a.yaml')} [probable-duplicate]",
        f"claims/f.yaml:2:8: warning: {DUPLICATE.format('d', 'claims/d.yaml')} [probable-duplicate]",
    ]


def test_a_claim_one_word_longer_than_an_earlier_one_is_a_probable_duplicate(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/a.yaml": claim_text("a", claim='"Acme will build cells"'),
        "claims/b.yaml": claim_text("b", claim='"Acme will build more cells"'),
        "claims/c.yaml": claim_text("c", claim='"Acme will build"'),
    }))
    assert check(kb) == [
        f"claims/b.yaml:2:8: warning: {DUPLICATE.format('a', 'claims/a.yaml')} [probable-duplicate]",
        f"claims/c.yaml:2:8: warning: {DUPLICATE.format('a', 'claims/a.yaml')} [probable-duplicate]",
    ]


def test_a_duplicate_id_is_reported_on_the_later_file_only(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/one.yaml": claim_text("one"),
        "claims/sub/one.yaml": claim_text("one", claim='"Another one."'),
        "claims/acme.yaml": claim_text("acme", claim='"Named like a company."'),  # the registry's entry is first
        "claims/x.y.yaml": claim_text("x", claim='"A dotted file name."'),
        "claims/z.yml": claim_text("z", claim='"A .yml file."'),
    }))
    assert check(kb) == [
        "claims/acme.yaml:1:5: error: id 'acme' is already used at claims/registry/companies.yaml:1; choose "
        "another id [duplicate-id]",
        "claims/sub/one.yaml:1:5: error: id 'one' is already used at claims/one.yaml:1; choose another id "
        "[duplicate-id]",
        "claims/x.y.yaml:1:5: error: id 'x' differs from the file name 'x.y'; rename the file or change the id "
        "[id-stem]",
    ]


SOURCES = """\
- id: daily-news
  title: Daily News
  kind: article
  archive: sources/daily.txt
- id: linked
  title: Linked
  kind: article
  archive: sources/linked.txt
- id: gone
  title: Gone
  kind: article
  archive: sources/gone.txt
"""


def test_quotes_are_checked_against_archives_inside_the_repository(make_kb, kb_at, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text("Acme will build a plant.\n")
    root = make_kb({
        "claims/registry/sources.yaml": SOURCES,
        "sources/daily.txt": "Acme said: \u201cwe will build\n   a plant\u201d \u2014 and \u2018soon\u2019.\n",
        "claims/ok.yaml": claim_text("ok", quote="'\"we will build a plant\" \u2014 and ''soon'''"),
        "claims/bad.yaml": claim_text("bad", quote="we will build two plants", claim='"Bad."'),
        "claims/secret.yaml": claim_text("secret", source="linked", quote="Acme will build a plant.",
                                         claim='"Secret."'),
        "claims/cites-gone.yaml": claim_text("cites-gone", source="gone", quote="Anything.", claim='"Gone."'),
    })
    os.symlink(outside, root / "sources" / "linked.txt")
    assert check(kb_at(root)) == [
        "claims/bad.yaml:7:8: error: the quote is not in the archived text of 'daily-news' (sources/daily.txt); "
        "copy it verbatim from the source, or mend the archive [quote-not-in-source]",
        "claims/registry/sources.yaml:8:12: error: archive 'sources/linked.txt' is outside the repository; keep "
        "archives in it [archive-missing]",
        "claims/registry/sources.yaml:12:12: error: archive 'sources/gone.txt': cannot read the file (No such file "
        "or directory); check it exists [archive-missing]",
    ]


def test_references_resolve_to_the_right_kind(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/a.yaml": claim_text("a", company="jane-doe", factory="acme-springfeld", concerns="[globex, acme2]",
                                    supports="[b, nope]"),
        "claims/b.yaml": claim_text("b", speaker="acme-springfield", source="jane-doe", claim='"B."'),
        "claims/registry/people.yaml": "- id: jane-doe\n  name: Jane Doe\n  company: initech\n",
    }))
    assert check(kb) == [
        "claims/a.yaml:4:10: error: 'company': 'jane-doe' is a person, expected a company [unknown-ref]",
        "claims/a.yaml:8:10: error: 'factory': no factory 'acme-springfeld'; did you mean 'acme-springfield'? "
        "[unknown-ref]",
        "claims/a.yaml:9:20: error: 'concerns': no company 'acme2'; did you mean 'acme'? [unknown-ref]",
        "claims/a.yaml:10:15: error: 'supports': no claim 'nope'; no claim has this id; fix the id [unknown-ref]",
        "claims/b.yaml:3:10: error: 'speaker': 'acme-springfield' is a factory, expected a person or company or "
        "source [unknown-ref]",
        "claims/b.yaml:6:9: error: 'source': 'jane-doe' is a person, expected a source [unknown-ref]",
        "claims/registry/people.yaml:3:12: error: 'company': no company 'initech'; add it to "
        "claims/registry/companies.yaml or fix the id [unknown-ref]",
    ]


def test_relations_name_other_claims_and_supersedes_has_no_cycle(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/a.yaml": claim_text("a", related="[b, a]"),
        "claims/b.yaml": claim_text("b", supersedes="[c]", claim='"B."'),
        "claims/c.yaml": claim_text("c", supersedes="[b]", elaborates="[c]", claim='"C."'),
        "claims/d.yaml": claim_text("d", supersedes="[a]", claim='"D."'),                 # a chain, not a cycle
    }))
    assert check(kb) == [
        "claims/a.yaml:8:14: error: 'related': a claim cannot name itself [bad-relation]",
        "claims/b.yaml:8:13: error: supersedes cycle: b -> c -> b (c in claims/c.yaml); only the newer claim may "
        "supersede the older: drop the link from the older one [supersedes-cycle]",
        "claims/c.yaml:9:14: error: 'elaborates': a claim cannot name itself [bad-relation]",
    ]


def test_problems_in_unchanged_files_are_still_reported_after_another_file_changes(make_kb, kb_at):
    """`kb list` keeps the problems of the cross-file checks between runs and rechecks only what an edit can
    change: the problems of the files it did not touch must stay."""
    kb = kb_at(make_kb({
        "claims/a.yaml": claim_text("a", related="[a]"),
        "claims/b.yaml": claim_text("other", claim='"B."'),
        "claims/c.yaml": claim_text("c", claim='"C."'),
        "claims/d.yaml": claim_text("d", factory="nowhere", claim='"D."'),
        "claims/x/dup.yaml": claim_text("dup", claim='"Once."'),
        "claims/y/dup.yaml": claim_text("dup", claim='"Twice."'),
    }))
    expected = [
        "claims/a.yaml:8:11: error: 'related': a claim cannot name itself [bad-relation]",
        "claims/b.yaml:1:5: error: id 'other' differs from the file name 'b'; rename the file or change the id "
        "[id-stem]",
        "claims/d.yaml:8:10: error: 'factory': no factory 'nowhere'; add it to claims/registry/factories.yaml or fix "
        "the id "
        "[unknown-ref]",
        "claims/y/dup.yaml:1:5: error: id 'dup' is already used at claims/x/dup.yaml:1; choose another id "
        "[duplicate-id]",
    ]
    listed = ["a", "c", "d", "dup", "dup", "other"]
    summary = "kb: {} problem(s) in the knowledge base; the rest loaded. Run `kb check` for details."
    first = kb("list", "-o", "ids")
    assert (first.stdout.split(), first.stderr.splitlines()) == (listed, expected + [summary.format(4)])
    (kb.root / "claims/c.yaml").write_text(claim_text("c", claim='"C, edited."'))
    second = kb("list", "-o", "ids")
    assert (second.stdout.split(), second.stderr.splitlines()) == (listed, expected + [summary.format(4)])
    (kb.root / "claims/registry/factories.yaml").write_text("- id: nowhere\n  name: Nowhere\n")
    third = kb("list", "-o", "ids")
    assert (third.stdout.split(), third.stderr.splitlines()) == (
        listed, expected[:2] + expected[3:] + [summary.format(3)])


def test_an_edited_archive_is_checked_again(make_kb, kb_at):
    """`kb check` keeps its findings between runs until a file changes, and an archive counts as one."""
    root = make_kb({
        "claims/registry/sources.yaml": SOURCES.split("- id: linked")[0],
        "sources/daily.txt": "Acme said: we will build a plant.\n",
        "claims/a.yaml": claim_text("a", quote='"we will build a plant"'),
    })
    kb = kb_at(root)
    assert check(kb) == []
    (root / "sources/daily.txt").write_text("Acme said: we will build two plants.\n")
    assert check(kb) == [
        "claims/a.yaml:7:8: error: the quote is not in the archived text of 'daily-news' (sources/daily.txt); copy "
        "it verbatim from the source, or mend the archive [quote-not-in-source]"]
    (root / "sources/daily.txt").unlink()
    assert check(kb) == [
        "claims/registry/sources.yaml:4:12: error: archive 'sources/daily.txt': cannot read the file (No such file "
        "or directory); check it exists [archive-missing]"]


def test_a_word_said_again_is_still_a_word(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/a.yaml": claim_text("a", claim='"Go, go, go!"'),
        "claims/b.yaml": claim_text("b", claim='"Go go."'),
    }))
    assert check(kb) == [f"claims/b.yaml:2:8: warning: {DUPLICATE.format('a', 'claims/a.yaml')} [probable-duplicate]"]


def test_an_id_of_two_kinds_is_named_by_the_first_kind(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/registry/people.yaml": "- id: jane-doe\n  name: Jane Doe\n- id: dup\n  name: Dup Person\n",
        "claims/registry/sources.yaml": "- id: daily-news\n  title: Daily News\n  kind: article\n"
                                        "- id: dup\n  title: Dup Source\n  kind: article\n",
        "claims/a.yaml": claim_text("a", factory="dup"),
    }))
    assert check(kb) == [
        "claims/a.yaml:8:10: error: 'factory': 'dup' is a person, expected a factory [unknown-ref]",
        "claims/registry/sources.yaml:4:7: error: id 'dup' is already used at claims/registry/people.yaml:3; choose "
        "another id [duplicate-id]",
    ]


def test_a_cycle_after_a_chain_is_found(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/a.yaml": claim_text("a", supersedes="[b]", claim='"A."'),   # a chain: a -> b -> z
        "claims/b.yaml": claim_text("b", supersedes="[z]", claim='"B."'),
        "claims/z.yaml": claim_text("z", claim='"Z."'),
        "claims/x.yaml": claim_text("x", supersedes="[y]", claim='"X."'),   # and a cycle: x -> y -> x
        "claims/y.yaml": claim_text("y", supersedes="[x]", claim='"Y."'),
    }))
    assert check(kb) == [
        "claims/x.yaml:8:13: error: supersedes cycle: x -> y -> x (y in claims/y.yaml); only the newer claim may "
        "supersede the older: drop the link from the older one [supersedes-cycle]"]


def test_a_cycle_reached_through_a_chain_is_found(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/a.yaml": claim_text("a", supersedes="[b]", claim='"A."'),   # a -> b -> c -> b
        "claims/b.yaml": claim_text("b", supersedes="[c]", claim='"B."'),
        "claims/c.yaml": claim_text("c", supersedes="[b]", claim='"C."'),
    }))
    assert check(kb) == [
        "claims/b.yaml:8:13: error: supersedes cycle: b -> c -> b (c in claims/c.yaml); only the newer claim may "
        "supersede the older: drop the link from the older one [supersedes-cycle]"]


def test_an_edit_that_leaves_a_file_broken_keeps_the_answers_right(make_kb, kb_at):
    kb = kb_at(make_kb({"claims/a.yaml": claim_text("a"), "claims/bad.yaml": "id: [bad\n"}))
    summary = "kb: 1 problem(s) in the knowledge base; the rest loaded. Run `kb check` for details."
    first = kb("list", "-o", "ids")
    assert (first.stdout, first.stderr.splitlines()) == ("a\n", [
        "claims/bad.yaml:2:1: error: YAML syntax: while parsing a flow sequence, did not find expected ',' or ']' "
        "[yaml-syntax]", summary])
    (kb.root / "claims/bad.yaml").write_text("id: a\nid: [worse\n")
    second = kb("list", "-o", "ids")
    assert (second.stdout, second.stderr.splitlines()) == ("a\n", [
        "claims/bad.yaml:3:1: error: YAML syntax: while parsing a flow sequence, did not find expected ',' or ']' "
        "[yaml-syntax]", summary])


def test_kept_problems_follow_the_edits_that_change_them(make_kb, kb_at):
    """Between runs `kb list` rechecks the edited files and the problems an edit elsewhere can change."""
    kb = kb_at(make_kb({
        "claims/a.yaml": claim_text("a", related="[a]"),
        "claims/f.yaml": claim_text("f", factory="acme-springfeld", claim='"F."'),
    }))
    summary = "kb: {} problem(s) in the knowledge base; the rest loaded. Run `kb check` for details."
    assert kb("list", "-o", "ids").stderr.splitlines() == [
        "claims/a.yaml:8:11: error: 'related': a claim cannot name itself [bad-relation]",
        "claims/f.yaml:8:10: error: 'factory': no factory 'acme-springfeld'; did you mean 'acme-springfield'? "
        "[unknown-ref]", summary.format(2)]
    (kb.root / "claims/a.yaml").write_text(claim_text("a", related="[f]"))  # mended
    (kb.root / "claims/registry/factories.yaml").write_text("- id: acme-springfeld2\n  name: Other plant\n")
    assert kb("list", "-o", "ids").stderr.splitlines() == [  # a closer id is suggested now
        "claims/f.yaml:8:10: error: 'factory': no factory 'acme-springfeld'; did you mean 'acme-springfeld2'? "
        "[unknown-ref]", summary.format(1)]


def test_more_dangling_references_than_an_edit_rechecks_still_follow_a_new_id(make_kb, kb_at, monkeypatch):
    """Past MAX_SCOPE missing targets, an edit still looks at them again (their suggestions kept while
    the ids stay the same), instead of checking everything: a new id close to one changes its hint."""
    import kb.checks

    monkeypatch.setattr(kb.checks, "MAX_SCOPE", 20)  # kb runs in this process: a smaller knowledge base will do
    count = 60
    root = make_kb({f"claims/c{i:03d}.yaml": claim_text(f"c{i:03d}", speaker=f"ghost-{i:03d}") for i in range(count)})
    kb = kb_at(root)
    before = kb("check", "-o", "parsable").stdout.splitlines()
    assert len(before) == count
    assert before[7] == ("claims/c007.yaml:3:10: error: 'speaker': no person or company or source 'ghost-007'; "
                         "add it to claims/registry/people.yaml or claims/registry/companies.yaml or "
                         "claims/registry/sources.yaml or fix the id [unknown-ref]")
    people = root / "claims/registry/people.yaml"
    people.write_text(people.read_text() + "- id: ghost-07\n  name: Ghost Seven\n")
    after = kb("check", "-o", "parsable").stdout.splitlines()
    assert after[7] == ("claims/c007.yaml:3:10: error: 'speaker': no person or company or source 'ghost-007'; "
                        "did you mean 'ghost-07'? [unknown-ref]")
    assert after == kb("--no-cache", "check", "-o", "parsable").stdout.splitlines()


def test_kb_check_keeps_every_checks_problems_of_unchanged_files_after_an_edit(make_kb, kb_at, monkeypatch):
    """`kb check` keeps its problems between runs and rechecks what an edit can change: the near-duplicates
    of speakers the edit did not touch and the broken references of other files stay, once each; an edit too
    large to recheck in part (over kb.checks.MAX_SCOPE files) is checked over everything, with the same answer."""
    import kb.checks as checks

    kb = kb_at(make_kb({
        "claims/a.yaml": claim_text("a", claim='"Acme will build a plant in Springfield."'),
        "claims/b.yaml": claim_text("b", claim='"Acme will build plant in Springfield"'),
        "claims/d.yaml": claim_text("d", factory="nowhere", speaker="globex", claim='"D."'),
        "claims/u.yaml": claim_text("u", speaker="globex", claim='"U."'),
    }))
    expected = [
        f"claims/b.yaml:2:8: warning: {DUPLICATE.format('a', 'claims/a.yaml')} [probable-duplicate]",
        "claims/d.yaml:8:10: error: 'factory': no factory 'nowhere'; add it to claims/registry/factories.yaml or fix "
        "the id "
        "[unknown-ref]",
    ]
    assert check(kb) == expected
    (kb.root / "claims/u.yaml").write_text(claim_text("u", speaker="globex", claim='"U, edited."'))
    assert check(kb) == expected
    monkeypatch.setattr(checks, "MAX_SCOPE", 0)
    (kb.root / "claims/u.yaml").write_text(claim_text("u", speaker="globex", claim='"U, edited again."'))
    assert check(kb) == expected


def test_near_duplicates_follow_edits_of_either_claim_and_of_who_said_it(make_kb, kb_at):
    """Between runs `kb check` looks again at the near-duplicates of the speakers an edit touches: those of the
    edited file now, those of a warning on it, and those of a warning naming it; the others are kept."""
    a_text, b_text = '"Acme will build a plant in Springfield."', '"Acme will build plant in Springfield"'
    kb = kb_at(make_kb({
        "claims/a.yaml": claim_text("a", claim=a_text), "claims/b.yaml": claim_text("b", claim=b_text),
        "claims/g1.yaml": claim_text("g1", speaker="globex", claim='"Globex will open a plant in Ohio."'),
        "claims/g2.yaml": claim_text("g2", speaker="globex", claim='"Globex will open plant in Ohio"'),
    }))
    b_warns = f"claims/b.yaml:2:8: warning: {DUPLICATE.format('a', 'claims/a.yaml')} [probable-duplicate]"
    g2_warns = f"claims/g2.yaml:2:8: warning: {DUPLICATE.format('g1', 'claims/g1.yaml')} [probable-duplicate]"
    assert check(kb) == [b_warns, g2_warns]
    (kb.root / "claims/a.yaml").write_text(claim_text("a", claim=a_text, speaker="daily-news"))  # the named one
    assert check(kb) == [g2_warns]
    (kb.root / "claims/a.yaml").write_text(claim_text("a", claim=a_text))
    assert check(kb) == [b_warns, g2_warns]
    (kb.root / "claims/b.yaml").write_text(claim_text("b", claim=b_text, speaker="daily-news"))  # the warned one
    assert check(kb) == [g2_warns]
    (kb.root / "claims/g3.yaml").write_text(claim_text("g3", speaker="globex", claim='"Globex hires."'))
    assert check(kb) == [g2_warns]  # looked at again: once


def test_did_you_mean_is_kept_per_pool_of_ids_and_not_needed_to_answer():
    """The suggestions for missing ids are kept in the index with the fingerprint of the ids they were chosen
    from; those of a pool that changed go when new ones are kept; an index that cannot be written keeps none
    and the answers stand."""
    import hashlib
    import sqlite3

    from kb.checks.references import _Suggestions

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE records(kind TEXT, id TEXT)")
    conn.executemany("INSERT INTO records VALUES ('company', ?)", [("acme",), ("globex",)])
    first = _Suggestions(conn)
    assert [first(("company",), "acmee"), first(("company",), "zzz")] == ["acme", None]
    first.keep()
    kept = "SELECT kinds, fingerprint, target, suggestion FROM suggestions ORDER BY target"
    before = hashlib.sha1(b"acme\nglobex").hexdigest()
    assert conn.execute(kept).fetchall() == [("company", before, "acmee", "acme"), ("company", before, "zzz", None)]
    conn.execute("INSERT INTO records VALUES ('company', 'initech')")
    second = _Suggestions(conn)
    assert second(("company",), "globx") == "globex"
    second.keep()
    after = hashlib.sha1(b"acme\nglobex\ninitech").hexdigest()
    assert conn.execute(kept).fetchall() == [("company", after, "globx", "globex")]  # the old pool's are gone
    conn.execute("PRAGMA query_only = ON")  # as a read-only index
    third = _Suggestions(conn)
    assert third(("company",), "initek") == "initech"
    third.keep()
    assert conn.execute(kept).fetchall() == [("company", after, "globx", "globex")]
