"""Readable ids, `kb add`, what `kb new` says about a missing entity, and `kb mv`."""

from __future__ import annotations

import subprocess

import pytest
from conftest import claim_text
from hypothesis import given
from hypothesis import strategies as st
from test_git import git

from kb.edit.html_source import read_html
from kb.model.ids import claim_id, entity_id, slug, unique
from kb.store.parse import load_kb

REPO_DATA = __import__("pathlib").Path(__file__).parent / "data"


def test_ids_are_transliterated_short_and_deterministic():
    assert slug("Büttel Speicher") == "buttel-speicher"
    assert slug("김동명") == "gimdongmyeong"
    assert slug("宁德时代") == "ningdeshidai"
    assert slug("Ольга Иванова") == "olga-ivanova"
    assert slug("Tesla’s 4680 cells") == "tesla-4680-cells"
    assert entity_id("company", {"name": "LG Energy Solution", "aliases": ["LGES", "LG엔솔"]}) == "lges"
    assert entity_id("company", {"name": "Samsung SDI", "aliases": ["SDI"]}) == "samsung-sdi"
    assert entity_id("company", {"name": "Contemporary Amperex Technology Co., Limited",
                                 "aliases": ["CATL"]}) == "catl"
    assert entity_id("factory", {"name": "Ochang factory", "owner": "lges"}) == "lges-ochang"
    values = {"company": "lges", "factory": "lges-ochang", "product": "4680", "when": "2025",
              "claim": "LG Energy Solution will start mass production of 4680 cells at Ochang in 2025."}
    names = {"lges": ["LG Energy Solution", "LGES"], "lges-ochang": ["Ochang factory", "Ochang"]}
    assert claim_id(values, names) == "lges-ochang-4680-2025-start-mass-production"  # "-cells": over 48
    assert claim_id(values, names) == claim_id(dict(values), dict(names))
    long_id = "lges-ochang-4680-2025-start-mass-production"
    assert unique(long_id, {long_id}, tag="SEE912345678") == "lges-ochang-4680-2025-start-mass-see912345678"
    assert unique("a-b", {"a-b", "a-b-2"}) == "a-b-3"


def test_a_claim_id_is_valid_when_its_parts_are_names_not_ids():
    values = {"company": "samsung-sdi", "speaker": "Choi Yoon-ho", "factory": "Cheonan plant", "product": "46-series",
              "when": "2025", "claim": "Samsung SDI will begin mass production of 46-series cells at Cheonan."}
    assert claim_id(values) == "samsung-sdi-cheonan-plant-46-series-2025-begin"
    assert claim_id({"speaker": "Anna Wróbel", "factory": "Gdańsk Works", "claim": "Sodium-ion, maybe."}) == (
        "anna-wrobel-gdansk-works-sodium-ion-maybe")
    assert claim_id({"speaker": "!!!", "claim": "?"}) == "claim"


@given(st.fixed_dictionaries({}, optional={k: st.text(max_size=30) for k in
                                           ("company", "speaker", "factory", "product", "when", "claim")}))
def test_every_claim_id_is_a_valid_id(values):
    import re

    from kb.model.schema import ID_PATTERN

    assert re.match(ID_PATTERN, claim_id(values))


def test_add_offers_every_field_of_the_schema_a_command_line_can_give():
    from kb.commands.adding import OPTIONS, REQUIRED
    from kb.model.schema import ENTITY_TYPES, schema_fields

    for kind, record_type in ENTITY_TYPES.items():
        given = {s.name for s in schema_fields(record_type) if s.metadata["kind"] not in ("external", "roles")}
        assert set(OPTIONS[kind]) == given, kind
        assert set(REQUIRED[kind]) == {s.name for s in schema_fields(record_type)
                                       if s.metadata["required"] and s.name != "id"}, kind


def test_add_appends_keeping_every_byte_and_refuses_a_same_name_or_taken_id(make_kb, kb_at):
    root = make_kb({"claims/registry/companies.yaml": """\
        # Companies we track.
        - id: acme
          name: Acme Batteries   # the trading name
          aliases: [ACB]

        - id: globex
          name: Globex"""})  # no newline at the end
    before = (root / "claims/registry/companies.yaml").read_text()
    kb = kb_at(root)
    result = kb("add", "company", "--name", "Initech Energy", "--alias", "Initech", "--country", "Germany")
    assert result.exit_code == 0, result.output
    assert result.stdout == "added company initech-energy to claims/registry/companies.yaml\n"
    assert (root / "claims/registry/companies.yaml").read_text() == before + (
        "\n\n- id: initech-energy\n  name: Initech Energy\n  aliases: [Initech]\n  country: Germany\n")
    same = kb("add", "company", "--name", "ACME BATTERIES, Inc.")
    assert same.exit_code == 1
    assert "probable duplicate company: 'ACME BATTERIES, Inc.' is the same name as 'Acme Batteries'" in same.stderr
    assert "name\tACME BATTERIES, Inc.\tAcme Batteries\n" in same.stderr  # side by side
    close = kb("add", "company", "--name", "Globexx", "--dry-run")
    assert close.exit_code == 0 and "'Globexx' is close to 'Globex'" in close.stderr
    taken = kb("add", "company", "--name", "Other", "--id", "acme")
    assert taken.exit_code == 1 and "'acme' already exists" in taken.stderr
    forced = kb("add", "company", "--name", "ACME BATTERIES, Inc.", "--force-duplicate")
    assert forced.stdout == "added company acme-batteries to claims/registry/companies.yaml\n"
    assert kb("check").exit_code == 0


def test_add_to_a_registry_file_that_is_not_utf8_names_the_byte_and_writes_nothing(make_kb, kb_at):
    root = make_kb({})
    path = root / "claims/registry/companies.yaml"
    before = path.read_bytes() + b"# caf\xe9\n"
    path.write_bytes(before)
    result = kb_at(root)("add", "company", "--name", "Zeta Cells")
    assert result.exit_code == 1
    line = before.count(b"\n")
    assert result.stderr == (f"claims/registry/companies.yaml:{line}:6: error: byte 0xe9 is not UTF-8; save the file "
                             "as UTF-8 [encoding]\nkb: error: nothing written; fix what is listed above\n")
    assert path.read_bytes() == before


def test_add_person_resolves_the_employer_and_names_the_command_for_an_unknown_one(make_kb, kb_at):
    kb = kb_at(make_kb({}))
    assert kb("add", "person", "--name", "Kim Min-ji", "--company", "ACB").stdout == \
        "added person kim-min-ji to claims/registry/people.yaml\n"
    assert load_kb(kb.root)[0].entities_by_id["kim-min-ji"].company == "acme"
    unknown = kb("add", "person", "--name", "Lee Su-jin", "--company", "Samsung SDI")
    assert unknown.exit_code == 1
    assert "no company called 'Samsung SDI'" in unknown.stderr
    assert "to add it: kb add company --name 'Samsung SDI'" in unknown.stderr


def test_new_names_the_kb_add_command_and_keeps_a_draft(make_kb, kb_at):
    kb = kb_at(make_kb({}))
    result = kb("new", "--speaker", "Choi Yoon-ho", "--company", "acme", "--status", "planned",
                "--source", "daily-news", "--claim", "Acme will expand.", "--quote", "We will expand")
    assert result.exit_code == 1
    assert "--speaker: no person or company or source called 'Choi Yoon-ho'; `kb people` lists them; " \
           "to add it: kb add person --name 'Choi Yoon-ho'" in result.stderr
    draft = next((kb.root / "drafts/.new").glob("*.yaml"))
    assert f"go on with: kb new --resume drafts/.new/{draft.name}" in result.stderr
    assert (kb.root / "drafts/.new/.gitignore").read_text().endswith("*\n")
    assert kb("add", "person", "--name", "Choi Yoon-ho").exit_code == 0
    resumed = kb("new", "--resume", str(draft))
    assert resumed.exit_code == 0, resumed.output
    assert resumed.stdout == "claims/daily-news/acme-expand.yaml\n"
    assert load_kb(kb.root)[0].claims_by_id["acme-expand"].speaker == "choi-yoon-ho"
    assert not draft.exists()


def test_web_page_metadata_is_taken_only_as_far_as_the_page_states_it():
    page = read_html("<html><head><title>Plant opens</title><meta name='date' content='2024-05'></head><body>"
                     "<article><p>The plant opened on Monday with 1,500 workers on site, the company said in a "
                     "statement to reporters.</p><p>Production of cells starts next year, it added.</p></article>"
                     "<footer>Copyright 2021 Some Site</footer></body></html>")
    assert page.title == "Plant opens"
    assert page.date == "2024-05"  # not 2024-05-01: the page gives no day
    assert page.publisher is None
    assert "1,500 workers" in page.text and "Copyright" not in page.text
    bare = read_html("<html><body><p>Copyright 2021. Battery output doubled, the report says, across all of "
                     "the company's plants in the region.</p></body></html>")
    assert (bare.title, bare.date, bare.publisher) == (None, None, None)


@pytest.fixture
def repo(make_kb, kb_at):
    root = make_kb({
        "claims/a/acme-plan.yaml": "# Checked against the annual report.\n" + claim_text(
            "acme-plan", factory="acme-springfield", tags="[expansion]") .replace(
            "company: acme\n", "company: acme  # the parent, not the subsidiary\n"),
        "claims/a/later.yaml": claim_text("later", supersedes="[acme-plan]", speaker="'jane-doe'"),
        "claims/b/other.yaml": claim_text("other", concerns="[globex, acme]", related="[acme-plan, later]"),
    })
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    return kb_at(root)


def test_mv_renames_a_claim_and_every_reference_keeping_comments_and_history(repo):
    root = repo.root
    result = repo("mv", "acme-plan", "acme-springfield-expansion")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "move claims/a/acme-plan.yaml -> claims/a/acme-springfield-expansion.yaml",
        "rewrite claims/a/later.yaml",
        "rewrite claims/b/other.yaml",
    ]
    assert not (root / "claims/a/acme-plan.yaml").exists()
    moved = (root / "claims/a/acme-springfield-expansion.yaml").read_text()
    assert moved.startswith("# Checked against the annual report.\nid: acme-springfield-expansion\n")
    assert "company: acme  # the parent, not the subsidiary\n" in moved
    assert "supersedes: [acme-springfield-expansion]\n" in (root / "claims/a/later.yaml").read_text()
    assert "related: [acme-springfield-expansion, later]\n" in (root / "claims/b/other.yaml").read_text()
    assert repo("check").exit_code == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "rename")
    log = repo("log", "acme-springfield-expansion", "--format", "plain")
    assert [line.split("\t")[3:] for line in log.stdout.splitlines()] == [
        ["R", "claims/a/acme-springfield-expansion.yaml", "rename"],
        ["A", "claims/a/acme-plan.yaml", "first"],
    ]


def test_mv_renames_an_entity_everywhere_and_log_follows_its_lines(repo):
    root = repo.root
    result = repo("mv", "acme", "acme-batteries")
    assert result.exit_code == 0, result.output
    assert "company acme renamed acme-batteries; 6 references in 6 files" in result.stderr
    loaded = load_kb(root)[0]
    assert loaded.entities_by_id["acme-springfield"].owner == "acme-batteries"
    assert loaded.entities_by_id["jane-doe"].company == "acme-batteries"
    assert loaded.claims_by_id["other"].concerns == ("globex", "acme-batteries")
    assert "company: acme-batteries  # the parent, not the subsidiary\n" in \
        (root / "claims/a/acme-plan.yaml").read_text()
    assert repo("check").exit_code == 0
    git(root, "commit", "-qam", "rename acme")
    log = repo("log", "acme-batteries", "--format", "plain")
    assert [line.split("\t")[3:] for line in log.stdout.splitlines()] == [
        ["M", "claims/registry/companies.yaml", "rename acme"],
        ["A", "claims/registry/companies.yaml", "first"],
    ]


def test_mv_says_one_reference_in_one_file_and_refuses_ids_in_one_line(repo):
    result = repo("mv", "other", "other-claim", "--dry-run")
    assert result.stderr == "claim other would be renamed other-claim; 0 references in 1 file\n"
    result = repo("mv", "later", "later-claim", "--dry-run")
    assert result.stderr == "claim later would be renamed later-claim; 1 reference in 2 files\n"
    unknown = repo("mv", "acme-plam", "acme-plan-2")
    assert unknown.stderr == ("kb: error: nothing renamed: no claim or entity 'acme-plam'; "
                              "did you mean acme-plan, acme?\n")
    taken = repo("mv", "acme-plan", "later")
    assert taken.stderr == ("kb: error: nothing renamed: 'later' is already taken by the claim at "
                            "claims/a/later.yaml:1\n")


def test_mv_is_all_or_nothing(repo, monkeypatch):
    root = repo.root
    before = {p: p.read_text() for p in root.glob("claims/**/*.yaml")}
    assert repo("mv", "acme-plan", "later").exit_code == 1  # taken
    assert repo("mv", "acme-plan", "Not An Id").exit_code == 1
    import kb.edit.rename

    real = kb.edit.rename.write_text_atomic
    calls = []

    def failing(path, text, overwrite=False, root=None):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(path, text, overwrite=overwrite, root=root)

    monkeypatch.setattr(kb.edit.rename, "write_text_atomic", failing)
    result = repo("mv", "acme", "acme-batteries")
    assert result.exit_code == 1
    assert "nothing was changed" in result.stderr
    assert {p: p.read_text() for p in root.glob("claims/**/*.yaml")} == before
    assert subprocess.run(["git", "-C", str(root), "status", "--porcelain"], capture_output=True,
                          text=True).stdout == ""


def test_mv_renames_the_company_of_a_dated_role_and_leaves_a_name_like_the_id_alone(make_kb, kb_at):
    root = make_kb({"claims/registry/people.yaml": "- id: jane-doe\n  name: Jane Doe\n  company: acme\n  roles:\n"
                                                   "    - {role: CFO, company: globex, until: 2019}\n"
                                                   "    - {role: CEO, company: acme, from: 2020}\n",
                    "claims/registry/factories.yaml": "- id: springfield\n  name: Springfield plant\n"
                                                      "  aliases: [springfield, Springfield plant]\n  owner: acme\n"})
    kb = kb_at(root)
    assert kb("mv", "acme", "acme-batteries").exit_code == 0
    assert (root / "claims/registry/people.yaml").read_text() == (
        "- id: jane-doe\n  name: Jane Doe\n  company: acme-batteries\n  roles:\n"
        "    - {role: CFO, company: globex, until: 2019}\n    - {role: CEO, company: acme-batteries, from: 2020}\n")
    assert kb("mv", "springfield", "acme-springfield").exit_code == 0
    assert (root / "claims/registry/factories.yaml").read_text() == (
        "- id: acme-springfield\n  name: Springfield plant\n  aliases: [springfield, Springfield plant]\n"
        "  owner: acme-batteries\n")
    assert kb("check", "--strict").exit_code == 0


def test_mv_of_an_unknown_id_suggests_the_three_closest(make_kb, kb_at):
    root = make_kb({f"claims/acme-ohio-{year}.yaml": claim_text(f"acme-ohio-{year}") for year in range(2023, 2027)})
    result = kb_at(root)("mv", "acme-ohoi-2026", "acme-ohio-2027")
    assert result.stderr == ("kb: error: nothing renamed: no claim or entity 'acme-ohoi-2026'; did you mean "
                             "acme-ohio-2026, acme-ohio-2025, acme-ohio-2024?\n")


def test_mv_refuses_a_claim_file_name_that_is_taken_by_another_file(make_kb, kb_at):
    root = make_kb({"claims/a/acme-plan.yaml": claim_text("acme-plan"),
                    "claims/a/acme-2026.yaml": claim_text("acme-2026-plan")})  # a file not named by its id
    result = kb_at(root)("mv", "acme-plan", "acme-2026")
    assert result.exit_code == 1
    assert result.stderr == ("claims/a/acme-2026.yaml:1:1: error: claims/a/acme-2026.yaml already exists [exists]\n"
                             "kb: error: nothing renamed\n")
    assert (root / "claims/a/acme-plan.yaml").read_text() == claim_text("acme-plan")


def test_mv_does_not_rewrite_files_changed_since_the_knowledge_base_was_read(make_kb):
    from kb.edit.rename import plan_rename

    root = make_kb({"claims/a.yaml": claim_text("a", concerns="[globex]"),
                    "claims/b.yaml": claim_text("b", concerns="[globex]")})
    kb, problems = load_kb(root)
    assert problems == []
    (root / "claims/a.yaml").write_bytes(claim_text("a", concerns="[globex]", note="caf\xe9").encode("latin-1"))
    (root / "claims/b.yaml").write_text(claim_text("b"))  # no longer concerns globex
    people = root / "claims/registry/people.yaml"
    people.write_text(people.read_text().replace("  company: acme\n", ""))  # jane-doe no longer names acme
    found = [(p.path, p.line, p.column, p.rule, p.message) for p in plan_rename(kb, "globex", "globex-co").problems]
    assert found == [("claims/a.yaml", 1, 1, "unreadable", "cannot rewrite it: byte 0xe9 is not UTF-8; save the "
                                                           "file as UTF-8"),
                     ("claims/b.yaml", 1, 1, "unreadable", "cannot find 'globex' where it was read; run kb check")]
    found = [(p.path, p.line, p.column, p.rule, p.message) for p in plan_rename(kb, "acme", "acme-co").problems]
    assert ("claims/registry/people.yaml", 1, 1, "unreadable", "cannot find 'acme' where it was read; run kb check") \
        in found


def test_add_says_a_name_85_percent_like_another_is_close(make_kb, kb_at):
    root = make_kb({"claims/registry/companies.yaml": "- id: pacific\n  name: Pacific Energy Storage\n"})
    close = kb_at(root)("add", "company", "--name", "Pacific Energy Sources", "--dry-run")  # 17 of 20 letters
    assert close.exit_code == 0 and "'Pacific Energy Sources' is close to 'Pacific Energy Storage'" in close.stderr
    apart = kb_at(root)("add", "company", "--name", "Prairie Energy Sources", "--dry-run")
    assert apart.exit_code == 0 and "close to" not in apart.stderr


def test_add_writes_a_file_of_its_own_where_the_registry_keeps_one_file_an_entry(make_kb, kb_at):
    root = make_kb({"claims/registry/companies/acme.yaml": "id: acme\nname: Acme Batteries\n",
                    "claims/registry/people.yaml": "- id: jane-doe\n  name: Jane Doe\n",
                    "claims/registry/sources.yaml": "- id: daily-news\n  title: Daily News\n  kind: article\n"},
                   registry=False)
    kb = kb_at(root)
    assert kb("add", "company", "--name", "Globex").stdout == \
        "added company globex to claims/registry/companies/globex.yaml\n"
    assert (root / "claims/registry/companies/globex.yaml").read_text() == "id: globex\nname: Globex\n"
    more = kb("add", "company", "--name", "Initech", "--file", "claims/registry/companies/more.yaml")
    assert more.stdout == "added company initech to claims/registry/companies/more.yaml\n"
    assert (root / "claims/registry/companies/more.yaml").read_text() == "- id: initech\n  name: Initech\n"
    assert kb("check", "--strict").exit_code == 0


def test_add_names_the_place_of_what_is_wrong_in_the_file_or_the_new_entry(make_kb, kb_at):
    root = make_kb({"claims/registry/companies.yaml": "companies:\n- id: acme\n  name: Acme Batteries\n"})  # no list
    kb = kb_at(root)
    result = kb("add", "company", "--name", "Globex Two")
    assert result.stderr.splitlines()[-2:] == [
        "claims/registry/companies.yaml:1:1: error: claims/registry/companies.yaml is not a plain list of entries; "
        "fix it (kb check, kb fmt) and try again [not-appendable]",
        "kb: error: nothing written; fix what is listed above"]
    (root / "claims/registry/companies.yaml").write_text("- id: acme\n  name: [Acme\n")
    result = kb("add", "company", "--name", "Globex Two")
    assert result.exit_code == 1
    assert "claims/registry/companies.yaml:3:1: error: claims/registry/companies.yaml cannot be appended to " \
           "as it is (" in result.stderr
    result = kb("add", "source", "--title", "The Herald", "--kind", "article", "--date", "2024-13")
    assert result.stderr.splitlines()[0] == \
        "claims/registry/sources.yaml:8:9: error: 'date': '2024-13' is not a real date (month must be in 1..12) " \
        "[bad-value]"


def test_add_attribute_names_what_is_wrong_with_the_declaration(make_kb, kb_at):
    root = make_kb({"claims/registry/attributes.yaml": "- name: rating\n  type: choice\n  values: [low, high]\n"})
    kb = kb_at(root)
    for args, said in [
        (("cells", "--type", "numbr"), "claims/registry/attributes.yaml:1:1: error: type 'numbr' is not one of "
                                       "text, number, choice, date, quantity; did you mean 'number'? [bad-value]"),
        (("grade", "--type", "choice"), "claims/registry/attributes.yaml:1:1: error: a choice needs its values: "
                                        "--values a,b,c [bad-value]"),
        (("rating", "--type", "text"), "claims/registry/attributes.yaml:1:1: error: attribute 'rating' is already "
                                       "declared at claims/registry/attributes.yaml:1 [exists]"),
    ]:
        result = kb("add", "attribute", *args)
        assert result.exit_code == 1 and result.stderr.splitlines()[0] == said, (args, result.stderr)
    (root / "claims/registry/attributes.yaml").write_bytes(b"# caf\xe9\n- name: rating\n  type: text\n")
    result = kb("add", "attribute", "cells", "--type", "number")
    assert result.exit_code == 1 and result.stderr.splitlines()[-2:] == [
        "claims/registry/attributes.yaml:1:6: error: byte 0xe9 is not UTF-8; save the file as UTF-8 [encoding]",
        "kb: error: nothing written; fix what is listed above"]


def test_add_source_archives_its_text_under_the_id_given_and_never_over_a_file(make_kb, kb_at):
    page = REPO_DATA / "sdi-46-series.html"
    root = make_kb({})
    kb = kb_at(root)
    result = kb("add", "source", "--from", str(page), "--kind", "article", "--id", "sdi-46", "--title", "SDI 46")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("added source sdi-46 to claims/registry/sources.yaml\n"
                             "archived its text in sources/sdi-46.txt\n")
    (root / "sources/sdi-46-again.txt").write_text("another text\n")
    again = kb("add", "source", "--from", str(page), "--kind", "article", "--id", "sdi-46-again", "--title", "Again")
    assert again.exit_code == 1 and (
        "sources/sdi-46-again.txt:1:1: error: sources/sdi-46-again.txt already exists; choose another --id, or "
        "register it with --archive instead [exists]") in again.stderr.splitlines()
    assert (root / "sources/sdi-46-again.txt").read_text() == "another text\n"


def test_a_source_whose_registry_changed_meanwhile_leaves_no_archive_behind(make_kb):
    import pytest

    from kb.edit.registry_write import plan_add, write_add
    from kb.store.atomic import WriteRefused

    root = make_kb({})
    kb, _ = load_kb(root)
    plan = plan_add(kb, "source", {"title": "The Herald", "kind": "article"}, text="Acme will build a plant.\n")
    sources = root / "claims/registry/sources.yaml"
    sources.write_text(sources.read_text() + "\n- id: other\n  title: Other\n  kind: article\n")  # another kb add
    with pytest.raises(WriteRefused):
        write_add(root, plan)
    assert plan.archive[0] == "sources/herald.txt"
    assert not (root / "sources/herald.txt").exists()
    assert "herald" not in sources.read_text()


def test_mv_keeps_the_file_name_of_a_claim_whose_file_is_not_named_by_its_id(make_kb, kb_at):
    root = make_kb({"claims/a/acme-plan.draft.yaml": claim_text("acme-plan")})
    result = kb_at(root)("mv", "acme-plan", "acme-plan-2")
    assert (result.exit_code, result.stdout) == (0, "rewrite claims/a/acme-plan.draft.yaml\n")
    assert (root / "claims/a/acme-plan.draft.yaml").read_text() == claim_text("acme-plan-2").replace(
        "Claim acme-plan-2.", "Claim acme-plan.").replace("Quote of acme-plan-2.", "Quote of acme-plan.")
