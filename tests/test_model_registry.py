"""Old files stay valid and migrate losslessly; a registry may be spread over many files; roles carry dates."""

from __future__ import annotations

import shutil

from conftest import REPO

from kb.store.parse import load_kb
from kb.store.yamlwrite import record_values

SEED_V1 = REPO / "tests/fixtures/seed-v1"


def test_old_year_files_load_unchanged_as_when(tmp_path):
    old, problems = load_kb(SEED_V1)
    assert problems == []
    now, _ = load_kb(REPO)
    assert {c.id: record_values(c) for c in old.claims} == {c.id: record_values(c) for c in now.claims}
    claim = old.claims_by_id["lges-tesla-4680-production-this-year"]
    assert (claim.when, dict(claim.inferred)) == ("2024", {"when": "later this year"})


def test_fmt_migrates_year_to_when_keeping_every_value_and_comment(tmp_path, kb_at):
    root = tmp_path / "kb"
    shutil.copytree(SEED_V1, root)
    before = {c.id: record_values(c) for c in load_kb(root)[0].claims}
    kb = kb_at(root)
    result = kb("fmt")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "reformatted claims/powering-the-future-4680/lges-tesla-4680-production-this-year.yaml",
        "reformatted claims/powering-the-future-4680/tesla-4680-ramp-up-2024.yaml",
    ]
    assert (root / "claims/powering-the-future-4680/lges-tesla-4680-production-this-year.yaml").read_text() == (
        "# First claim of the seed corpus, in the old format.\n"
        "id: lges-tesla-4680-production-this-year\n"
        "claim: LG Energy Solution will begin producing Tesla's 4680 battery cells later this year.\n"
        "speaker: kim-dong-myeong\n"
        "company: lges\n"
        "concerns: [tesla]\n"
        "product: \"4680\"\n"
        "when: 2024  # read from \"later this year\"\n"
        "status: planned\n"
        "source: powering-the-future-4680\n"
        "quote: LG Energy Solution CEO Kim Dong-myeong announced plans to commence Tesla 4680 battery production "
        "later this year.\n"
        "tags: [\"4680\", production-start]\n"
        "inferred:\n"
        "  # the article's own words\n"
        "  when: later this year\n"
        "note: The article is undated; 2024 is read from \"later this year\" together with the article presenting "
        "Tesla's ramp-up in 2024 as a plan. Check against a dated source.\n")
    assert {c.id: record_values(c) for c in load_kb(root)[0].claims} == before
    assert kb("fmt", "--check").exit_code == 0
    # the migrated seed is the repository's seed, byte for byte
    for path in (root / "claims").rglob("*.yaml"):
        if path.name != "lges-tesla-4680-production-this-year.yaml":
            assert path.read_bytes() == (REPO / path.relative_to(root)).read_bytes(), path


def test_year_and_when_together_is_an_error(make_kb, kb_at):
    root = make_kb({"claims/x.yaml": "id: x\nclaim: X.\nspeaker: jane-doe\nstatus: planned\nsource: daily-news\n"
                                     "quote: X.\nyear: 2024\nwhen: 2025\n",
                    # the keys after the old one are read as well: nothing else is missing
                    "claims/y.yaml": "id: y\nclaim: Y.\nspeaker: jane-doe\nyear: 2024\nwhen: 2025\nstatus: planned\n"
                                     "source: daily-news\nquote: Y.\n"})
    result = kb_at(root)("check", "-o", "parsable")
    assert result.stdout.splitlines() == [
        "claims/x.yaml:7:1: error: 'year' is the old name of 'when', which is also given; keep 'when' [duplicate-key]",
        "claims/y.yaml:4:1: error: 'year' is the old name of 'when', which is also given; keep 'when' [duplicate-key]"]


def test_a_value_that_is_a_keys_name_is_not_taken_for_the_key(make_kb, kb_at):
    head = "claim: X.\nspeaker: jane-doe\nstatus: planned\nsource: daily-news\nquote: X.\n"
    root = make_kb({"claims/w.yaml": "id: w\n" + head + "when: when\n", "claims/x.yaml": "id: x\n" + head + "year: when\n"})
    hint = ("is not a period; write a year (2026), a half (2026-H2), a quarter (2026-Q1), a month (2026-03), a day "
            "(2026-03-15), a part of a year (2026-early, -mid, -late, -end), a season (2026-spring), a fiscal year "
            "(FY2027), or a range (2025..2026, ..2027) [bad-value]")
    assert kb_at(root)("check", "-o", "parsable").stdout.splitlines() == [
        f"claims/w.yaml:7:7: error: 'when': 'when' {hint}",
        f"claims/x.yaml:7:7: error: 'year': 'when' {hint}",  # not "'year' is not a period"
    ]


PERSON = "id: {id}\nname: {name}\n"


def test_a_registry_spread_over_folders_checks_like_one_file(make_kb, kb_at):
    root = make_kb({
        "claims/registry/people/a/ann-lee.yaml": PERSON.format(id="ann-lee", name="Ann Lee"),
        "claims/registry/people/b/bo-chen.yaml": PERSON.format(id="bo-chen", name="Bo Chen"),
        "claims/registry/people/more.yaml": "- id: cy-park\n  name: Cy Park\n\n- id: jane-doe\n  name: Jane D.\n",
        "claims/registry/people/wrong-stem.yaml": PERSON.format(id="dee-roy", name="Dee Roy"),
        "claims/registry/companies/acme-two.yaml": "id: acme-two\nname: Acme Two\naliases: [ACB]\n",
        "claims/x.yaml": "id: x\nclaim: X.\nspeaker: bo-chen\nstatus: planned\nsource: daily-news\nquote: X.\n",
    })
    kb = kb_at(root)
    result = kb("check", "-o", "parsable")
    assert result.stdout.splitlines() == [
        "claims/registry/companies/acme-two.yaml:3:11: warning: 'ACB' names both company 'acme' "
        "(claims/registry/companies.yaml:1) and company 'acme-two' (here); a filter on it matches both: drop the "
        "alias or make it more specific [ambiguous-name]",
        "claims/registry/people/more.yaml:4:7: error: id 'jane-doe' is already used at "
        "claims/registry/people.yaml:1; choose another id [duplicate-id]",
        "claims/registry/people/wrong-stem.yaml:1:5: error: id 'dee-roy' differs from the file name 'wrong-stem'; "
        "rename the file or change the id [id-stem]",
    ]
    assert kb("list", "--speaker", "Bo Chen", "-o", "ids").stdout.split() == ["x"]
    assert kb("people", "-o", "ids").stdout.split() == ["ann-lee", "bo-chen", "cy-park", "jane-doe", "jane-doe"]
    assert kb("fmt", "--check").exit_code == 0  # as for claims, a file's name is `kb check`'s to judge


def test_a_name_shared_with_a_duplicated_id_is_reported_once(make_kb, kb_at):
    # jane-doe is given twice (the duplicate-id check's to report), and jd shares her name: one warning, on jd
    root = make_kb({"claims/registry/people/jane-doe.yaml": PERSON.format(id="jane-doe", name="Jane Doe"),
                    "claims/registry/people/jd.yaml": PERSON.format(id="jd", name="Jane Doe")})
    assert kb_at(root)("check", "-o", "parsable").stdout.splitlines() == [
        "claims/registry/people/jane-doe.yaml:1:5: error: id 'jane-doe' is already used at "
        "claims/registry/people.yaml:1; choose another id [duplicate-id]",
        "claims/registry/people/jd.yaml:2:7: warning: 'Jane Doe' names both person 'jane-doe' "
        "(claims/registry/people.yaml:1) and person 'jd' (here); a filter on it matches both: drop the alias or "
        "make it more specific [ambiguous-name]",
    ]


def test_roles_are_checked(make_kb, kb_at):
    root = make_kb({"claims/registry/people/ann-lee.yaml": (
        "id: ann-lee\nname: Ann Lee\nroles:\n"
        "  - {role: CEO, company: acme, from: 2024-05, until: 2023}\n"
        "  - {role: CFO, company: nobody}\n"
        "  - {title: CTO}\n")})
    result = kb_at(root)("check", "-o", "parsable")
    assert result.stdout.splitlines() == [
        "claims/registry/people/ann-lee.yaml:4:5: error: 'roles': 'until: 2023' is before 'from: 2024-05' "
        "[bad-value]",
        "claims/registry/people/ann-lee.yaml:6:5: error: 'roles': unknown key 'title' in a role; use role, company, "
        "from, until [bad-value]",
    ]


def test_a_role_names_a_known_company(make_kb, kb_at):
    root = make_kb({"claims/registry/people/ann-lee.yaml": (
        "id: ann-lee\nname: Ann Lee\nroles:\n  - {role: CFO, company: acmee}\n")})
    result = kb_at(root)("check", "-o", "parsable")
    assert result.stdout.splitlines() == [
        "claims/registry/people/ann-lee.yaml:4:5: error: 'roles': no company 'acmee'; did you mean 'acme'? "
        "[unknown-ref]"]


def test_a_choice_attribute_needs_values(make_kb, kb_at):
    root = make_kb({"claims/registry/attributes.yaml": "- name: rating\n  type: choice\n\n"
                                                       "- name: score\n  type: number\n  values: [1, 2]\n"})
    result = kb_at(root)("check", "-o", "parsable")
    assert result.stdout.splitlines() == [
        "claims/registry/attributes.yaml:2:9: error: attribute 'rating' is a choice but lists no 'values'; add them "
        "[bad-attribute]",
        "claims/registry/attributes.yaml:6:11: error: 'values' only apply to type choice; remove them or make "
        "'score' a choice [bad-attribute]",
    ]


ATTRIBUTES = ("- name: score\n  type: number\n\n- name: rated\n  type: date\n\n- name: size\n  type: quantity\n\n"
              "- name: note\n  type: text\n\n- name: rating\n  type: choice\n  values: [high, low]\n\n"
              "- name: broken\n  type: colour\n")
HEAD = "id: {0}\nclaim: {0} plans.\nspeaker: jane-doe\nstatus: planned\nsource: daily-news\nquote: Q.\nattributes:\n"


def test_attribute_values_of_each_declared_type(make_kb, kb_at):
    root = make_kb({
        "claims/registry/attributes.yaml": ATTRIBUTES,
        "claims/good.yaml": HEAD.format("good") + "  score: 2.5\n  rated: 2024-03-06\n  size: about 5 GWh/yr\n"
                                                  "  note: fine\n  rating: low\n",
        "claims/bad.yaml": HEAD.format("bad") + "  score: five\n  rated: 2024-13\n  size: 53 gwh\n  note: 5\n"
                                                "  rating: hgh\n  broken: x\n  scor: 1\n",
        "claims/other.yaml": HEAD.format("other") + "  score: 7\n  rated: 2024\n  rating: medium\n  xyz: 1\n",
    })
    # `broken` failed to load (its own file says why): a claim using it is not told it is undeclared
    assert kb_at(root)("check", "-o", "parsable").stdout.splitlines() == [
        "claims/bad.yaml:8:10: error: 'attributes.score': expected a number, got text [bad-attribute]",
        "claims/bad.yaml:9:10: error: 'attributes.rated': '2024-13' is not a real date (month must be in 1..12) "
        "[bad-attribute]",
        "claims/bad.yaml:10:9: error: 'attributes.size': '53 gwh': write '53 GWh' [bad-attribute]",
        "claims/bad.yaml:11:9: error: 'attributes.note': expected text, got a number; put quotes around it "
        "[bad-attribute]",
        "claims/bad.yaml:12:11: error: 'attributes.rating': 'hgh' is not one of its values; did you mean 'high'? "
        "use one of: high, low (or add it at claims/registry/attributes.yaml:13) [bad-attribute]",
        "claims/bad.yaml:14:9: error: 'attributes': 'scor' is not declared; did you mean 'score'? [bad-attribute]",
        "claims/other.yaml:10:11: error: 'attributes.rating': 'medium' is not one of its values; use one of: high, "
        "low (or add it at claims/registry/attributes.yaml:13) [bad-attribute]",
        "claims/other.yaml:11:8: error: 'attributes': 'xyz' is not declared; declare it in "
        "claims/registry/attributes.yaml (name, type, description) [bad-attribute]",
        "claims/registry/attributes.yaml:18:9: error: 'type': 'colour' is not allowed; use one of: text, number, "
        "choice, date, quantity [bad-value]",
    ]
