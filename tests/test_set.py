"""`kb set ID FIELD VALUE` (issue 21): one field of a claim or a registry entry changed by command, every
other byte and every comment kept, the value validated and the claim checked as `kb new` checks one.

Expected files are written out by hand.
"""

from __future__ import annotations

PLAN = """\
# Acme's Ohio plan, from the Daily News.
id: acme-ohio-2026
claim: Acme will open its Ohio plant in 2026.
speaker: jane-doe  # the CEO
company: acme
when: 2026
status: planned
source: daily-news
quote: Acme will open its Ohio plant in 2026
quantities:
  capacity: 20 GWh/yr  # phase one
  # the second phase is not costed yet
  jobs: 900
tags: [ohio, opening]  # two for now
inferred:
  when: in 2026
"""
OLDER = "id: acme-ohio-2025\nclaim: Acme will open it in 2025.\nspeaker: acme\ncompany: acme\nwhen: 2025\n" \
        "status: planned\nsource: daily-news\nquote: open it in 2025\n"


def _kb(make_kb, kb_at, **more):
    root = make_kb({"claims/acme/acme-ohio-2026.yaml": PLAN, "claims/acme/acme-ohio-2025.yaml": OLDER, **more})
    return kb_at(root)


def test_a_scalar_is_set_where_it_stands_and_a_new_one_where_the_layout_puts_it(make_kb, kb_at):
    kb = _kb(make_kb, kb_at)
    path = kb.root / "claims/acme/acme-ohio-2026.yaml"
    result = kb("set", "acme-ohio-2026", "speaker", "Acme Batteries")  # a name: written as the id
    assert (result.exit_code, result.stdout) == (0, "claims/acme/acme-ohio-2026.yaml:4: speaker: acme  # the CEO\n")
    assert kb("set", "acme-ohio-2026", "said", "2024-03-06").stdout == \
        "claims/acme/acme-ohio-2026.yaml:7: said: 2024-03-06\n"
    assert kb("set", "acme-ohio-2026", "milestone", "mass-production").exit_code == 0
    assert kb("set", "acme-ohio-2026", "when", "2026-h2").stdout == "claims/acme/acme-ohio-2026.yaml:7: when: 2026-H2\n"
    assert path.read_text() == PLAN.replace("speaker: jane-doe", "speaker: acme").replace(
        "when: 2026\n", "milestone: mass-production\nwhen: 2026-H2\nsaid: 2024-03-06\n")
    assert kb("check", "--strict").exit_code == 0
    assert kb("fmt", "--check").exit_code == 0  # a canonical file stays canonical


def test_lists_and_mappings_gain_and_lose_items_keeping_each_comment(make_kb, kb_at):
    kb = _kb(make_kb, kb_at)
    path = kb.root / "claims/acme/acme-ohio-2026.yaml"
    assert kb("set", "acme-ohio-2026", "tags", "--add", "mass-production").stdout == \
        "claims/acme/acme-ohio-2026.yaml:14: tags: [ohio, opening, mass-production]  # two for now\n"
    assert kb("set", "acme-ohio-2026", "quantities", "--add", "investment=about 5.5 billion USD").exit_code == 0
    assert kb("set", "acme-ohio-2026", "quantities", "--remove", "capacity").exit_code == 0
    assert kb("set", "acme-ohio-2026", "supersedes", "--add", "acme-ohio-2025").stdout == \
        "claims/acme/acme-ohio-2026.yaml:16: supersedes: [acme-ohio-2025]\n"
    assert path.read_text() == """\
# Acme's Ohio plan, from the Daily News.
id: acme-ohio-2026
claim: Acme will open its Ohio plant in 2026.
speaker: jane-doe  # the CEO
company: acme
when: 2026
status: planned
source: daily-news
quote: Acme will open its Ohio plant in 2026
quantities:
  # phase one
  # the second phase is not costed yet
  jobs: 900
  investment: about 5.5 billion USD
tags: [ohio, opening, mass-production]  # two for now
supersedes: [acme-ohio-2025]
inferred:
  when: in 2026
"""
    assert kb("check", "--strict").exit_code == 0
    assert kb("fmt", "--check").exit_code == 0


def test_taking_a_field_out_takes_its_inferred_words_too_and_says_so(make_kb, kb_at):
    kb = _kb(make_kb, kb_at)
    result = kb("set", "acme-ohio-2026", "when", "--unset")
    assert result.exit_code == 0, result.output
    assert result.stdout == "claims/acme/acme-ohio-2026.yaml: 'when' taken out\n"
    assert "'inferred: when' went with it" in result.stderr
    text = (kb.root / "claims/acme/acme-ohio-2026.yaml").read_text()
    assert "when" not in text and text.endswith("tags: [ohio, opening]  # two for now\n")


def test_a_registry_entry_gains_an_alias_and_its_neighbours_keep_every_byte(make_kb, kb_at):
    factories = """\
        # Plants we follow.
        - id: acme-springfield
          name: Springfield plant
          aliases: [Springfield]  # the town
          owner: acme

        - id: acme-ohio
          name: Ohio plant
          owner: acme
        """
    kb = _kb(make_kb, kb_at, **{"claims/registry/factories.yaml": factories})
    path = kb.root / "claims/registry/factories.yaml"
    assert kb("set", "acme-ohio", "aliases", "--add", "Lorain, Ohio").stdout == \
        "claims/registry/factories.yaml:9:   aliases: [\"Lorain, Ohio\"]\n"
    assert kb("set", "acme-springfield", "aliases", "--add", "Queen Creek").exit_code == 0
    assert path.read_text() == """\
# Plants we follow.
- id: acme-springfield
  name: Springfield plant
  aliases: [Springfield, Queen Creek]  # the town
  owner: acme

- id: acme-ohio
  name: Ohio plant
  aliases: ["Lorain, Ohio"]
  owner: acme
"""
    assert kb("list", "--factory", "Queen Creek", "--format", "ids").exit_code == 0
    assert kb("check", "--strict").exit_code == 0


def test_a_block_list_stays_block_and_a_crlf_file_keeps_its_line_ends(make_kb, kb_at):
    companies = "- id: acme\r\n  name: Acme Batteries\r\n  aliases:\r\n    - ACB   # ticker\r\n    - Acme\r\n"
    root = make_kb({})
    (root / "claims/registry/companies.yaml").write_bytes(companies.encode())
    kb = kb_at(root)
    assert kb("set", "acme", "aliases", "--remove", "ACB").exit_code == 0
    assert (root / "claims/registry/companies.yaml").read_bytes() == \
        b"- id: acme\r\n  name: Acme Batteries\r\n  aliases:\r\n    # ticker\r\n    - Acme\r\n"


def test_wrong_changes_are_refused_with_what_to_do_and_nothing_is_written(make_kb, kb_at):
    kb = _kb(make_kb, kb_at)
    before = (kb.root / "claims/acme/acme-ohio-2026.yaml").read_text()
    refusals = {
        ("status", "plannd"): "'status': 'plannd' is not allowed; did you mean 'planned'?",
        ("id", "x"): "an id changes with every reference to it: kb mv acme-ohio-2026 NEW-ID",
        ("stauts", "done"): "'stauts' is not a field of a claim; did you mean 'status'?",
        ("milestone", "mass-prodution"): "'mass-prodution' is not a milestone kb knows; did you mean "
                                         "'mass-production'?",
        ("when", "2026-H3"): "'when'",
        ("speaker", "Jane Roe"): "to add it: kb add person --name 'Jane Roe'",
        ("quantities", "capacity=20 GWh/yr; jobs=lots"): "'quantities'",
    }
    for (field, value), words in refusals.items():
        result = kb("set", "acme-ohio-2026", field, value)
        assert result.exit_code == 1 and words in result.stderr, (field, result.stderr)
    for args, words in [
        (("supersedes", "--add", "acme-ohio-2026"), "a claim cannot name itself"),
        (("supersedes", "--add", "acme-ohio-202"), "no claim 'acme-ohio-202'; did you mean"),
        (("tags", "--remove", "ohoi"), "'ohoi' is not in 'tags'; did you mean 'ohio'?"),
        (("status", "--unset"), "'status' is required"),
        (("status", "--add", "done"), "--add and --remove are for lists and mappings"),
    ]:
        result = kb("set", "acme-ohio-2026", *args)
        assert result.exit_code == 1 and words in result.stderr, (args, result.stderr)
    assert kb("set", "acme-ohio-2025", "supersedes", "--add", "acme-ohio-2026").exit_code == 0
    cycle = kb("set", "acme-ohio-2026", "supersedes", "--add", "acme-ohio-2025")
    assert "supersedes cycle: acme-ohio-2026 -> acme-ohio-2025 -> acme-ohio-2026" in cycle.stderr
    assert (kb.root / "claims/acme/acme-ohio-2026.yaml").read_text() == before
    assert kb("set", "acme-ohio-2026", "tags").exit_code == 2


def test_a_quote_not_in_the_archive_is_refused(make_kb, kb_at):
    kb = _kb(make_kb, kb_at, **{
        "sources/daily-news.txt": "Acme will open its Ohio plant in 2026, Jane Doe said.\nopen it in 2025\n",
        "claims/registry/sources.yaml": "- id: daily-news\n  title: Daily News\n  kind: article\n"
                                        "  archive: sources/daily-news.txt\n"})
    result = kb("set", "acme-ohio-2026", "quote", "Acme will open two plants")
    assert result.exit_code == 1 and "not in" in result.stderr and "daily-news" in result.stderr
    assert kb("set", "acme-ohio-2026", "quote", "Acme will open its Ohio plant in 2026, Jane Doe said").exit_code == 0


def test_review_edits_every_field_said_quantities_milestone_and_relations_included(make_kb):
    from typer.testing import CliRunner

    from cli import app
    from kb.store.parse import load_kb

    root = make_kb({
        "sources/daily-news.txt": "Acme will open its Springfield plant in 2026, Jane Doe said.\n",
        "claims/registry/sources.yaml": "- id: daily-news\n  title: Daily News\n  kind: article\n"
                                        "  archive: sources/daily-news.txt\n",
        "claims/acme/acme-ohio-2025.yaml": OLDER.replace("quote: open it in 2025", "quote: Acme will open its "
                                                         "Springfield plant in 2026"),
    })

    def kb(*args, input=None):
        return CliRunner().invoke(app, ["--root", str(root), *args], input=input)

    assert kb("extract", "daily-news", "--all", "--write").exit_code == 0
    answers = ("e\nsaid\n2025-03-04\ne\nquantities\ncapacity=10 GWh/yr; jobs=900\ne\nmilestone\nmass-prodution\n"
               "mass-production\ne\nsupersedes\nacme-ohio-2025\ne\nstatus\nplanned\na\ny\n")
    review = kb("review", "daily-news", input=answers)
    assert "'mass-prodution' is not a milestone kb knows; did you mean 'mass-production'?" in review.stdout
    assert "1 accepted" in review.stdout, review.stdout
    claim = next(c for c in load_kb(root)[0].claims if c.id != "acme-ohio-2025")
    assert (claim.said, claim.quantities, claim.milestone, claim.supersedes) == (
        "2025-03-04", {"capacity": "10 GWh/yr", "jobs": 900}, "mass-production", ("acme-ohio-2025",))
    assert "said" not in claim.inferred  # the analyst's value now, not read from the source's date


def test_a_pair_typed_on_any_path_is_written_alike(make_kb, kb_at):
    """NAME=VALUE means the same whether kb new's flag, kb set or a prompt takes it: a bare amount is a number
    (jobs: 1500, as kb stats and the exports then read it), an attribute declared `number` takes a number,
    and a text attribute or another system's id stays as typed ('7', '0042')."""
    attributes = ("- name: batch\n  type: text\n  description: The register's batch.\n\n"
                  "- name: lines\n  type: number\n  description: Production lines.\n")
    kb = _kb(make_kb, kb_at, **{"claims/registry/attributes.yaml": attributes})
    made = kb("new", "--claim", "Acme will hire at its Ohio plant.", "--speaker", "acme", "--company", "acme",
              "--status", "planned", "--source", "daily-news", "--quote", "Acme will hire", "--quote-kind",
              "paraphrase", "--id", "acme-ohio-hiring", "--quantity", "jobs=1500", "--attribute", "batch=7",
              "--attribute", "lines=3", "--external", "reg=0042")
    assert made.exit_code == 0, made.output
    written = next(kb.root.rglob("acme-ohio-hiring.yaml")).read_text()
    assert "quantities:\n  jobs: 1500\n" in written
    assert "attributes:\n  batch: \"7\"\n  lines: 3\n" in written
    assert "external:\n  reg: \"0042\"\n" in written
    for pair in (("quantities", "jobs=1500"), ("attributes", "batch=7"), ("attributes", "lines=3"),
                 ("external", "reg=0042")):
        assert kb("set", "acme-ohio-2025", pair[0], "--add", pair[1]).exit_code == 0
    again = (kb.root / "claims/acme/acme-ohio-2025.yaml").read_text()
    assert "quantities:\n  jobs: 1500\n" in again and "attributes:\n  batch: \"7\"\n  lines: 3\n" in again
    assert "external:\n  reg: \"0042\"\n" in again


def test_an_entry_is_refused_for_its_own_problem_wherever_it_stands_in_its_file(make_kb, kb_at):
    # the same entry twice, first and second in the file: the same answer (it was refused only when first)
    factories = "- id: acme-springfield\n  name: Springfield plant\n  owner: acme-corp\n\n" \
                "- id: acme-ohio\n  name: Ohio plant\n  owner: acme-corp\n"
    kb = _kb(make_kb, kb_at, **{"claims/registry/factories.yaml": factories})
    for entry in ("acme-springfield", "acme-ohio"):
        result = kb("set", entry, "aliases", "--add", "Plant")
        assert result.exit_code == 1, entry
        assert result.stderr.endswith("kb: error: nothing written: 'owner': no company 'acme-corp'; "
                                      "did you mean 'acme'?\n"), (entry, result.stderr)
    assert (kb.root / "claims/registry/factories.yaml").read_text() == factories
    assert kb("set", "acme-ohio", "owner", "acme").stdout == "claims/registry/factories.yaml:7:   owner: acme\n"
    assert kb("set", "acme-ohio", "aliases", "--add", "Lorain").exit_code == 0


def test_a_person_gains_roles_typed_either_way(make_kb, kb_at):
    kb = _kb(make_kb, kb_at)
    first = kb("set", "jane-doe", "roles", "--add", "role=CFO; company=Acme Batteries; from=2019-01")
    assert (first.exit_code, first.stdout) == (
        0, "claims/registry/people.yaml:5:   roles:\n"
           "claims/registry/people.yaml:6:     - {role: CFO, company: acme, from: 2019-01}\n")
    assert kb("set", "jane-doe", "roles", "--add", "{role: CEO, company: acme, from: 2021-06}").exit_code == 0
    assert (kb.root / "claims/registry/people.yaml").read_text() == """\
- id: jane-doe
  name: Jane Doe
  role: CEO
  company: acme
  roles:
    - {role: CFO, company: acme, from: 2019-01}
    - {role: CEO, company: acme, from: 2021-06}
"""
    wrong = kb("set", "jane-doe", "roles", "--add", "{role: CEO, company: [acme")
    assert wrong.exit_code == 1 and "is not a role like role=CEO; company=lges; from=2023-11" in wrong.stderr
    assert kb("check", "--strict").exit_code == 0


def test_a_list_set_anew_and_a_field_at_the_end_of_a_file_without_a_last_line_end(make_kb, kb_at):
    kb = _kb(make_kb, kb_at, **{"claims/acme/acme-ohio-2024.yaml": OLDER.replace("2025", "2024") + "tags: [ohio]"})
    assert kb("set", "acme-ohio-2026", "tags", "opening, ohio,, plant").stdout == \
        "claims/acme/acme-ohio-2026.yaml:14: tags: [opening, ohio, plant]  # two for now\n"
    assert "tags: [opening, ohio, plant]  # two for now\n" in (kb.root / "claims/acme/acme-ohio-2026.yaml").read_text()
    assert kb("set", "acme-ohio-2024", "tags", "--add", "plant").exit_code == 0
    assert (kb.root / "claims/acme/acme-ohio-2024.yaml").read_text() == \
        OLDER.replace("2025", "2024") + "tags: [ohio, plant]"  # still no line end after the last line


def test_an_entry_taken_out_leaves_its_comment_where_it_was_and_the_lines_above_stay_above(make_kb, kb_at):
    claim = OLDER + "quantities:\n  # from the filing\n  capacity: 20 GWh/yr\n  jobs: 900  # about\n"
    kb = _kb(make_kb, kb_at, **{"claims/acme/acme-ohio-2025.yaml": claim})
    assert kb("set", "acme-ohio-2025", "quantities", "--remove", "jobs").exit_code == 0
    assert (kb.root / "claims/acme/acme-ohio-2025.yaml").read_text() == \
        OLDER + "quantities:\n  # from the filing\n  capacity: 20 GWh/yr\n  # about\n"


def test_more_wrong_values_are_refused_with_what_to_do(make_kb, kb_at):
    more = {f"claims/acme/acme-ohio-{year}.yaml": OLDER.replace("2025", year) for year in ("2023", "2024")}
    kb = _kb(make_kb, kb_at, **more)
    before = (kb.root / "claims/acme/acme-ohio-2026.yaml").read_text()
    for args, words in [
        (("acme-ohio-2026", "quantities", "--add", "capacity="),
         "'capacity=' is not NAME=VALUE (e.g. capacity=53 GWh/yr)"),
        (("acme-ohio-2026", "quantities", "--add", "=20 GWh/yr"),
         "'=20 GWh/yr' is not NAME=VALUE (e.g. capacity=53 GWh/yr)"),
        (("acme-ohoi-2026", "status", "done"),  # three suggestions at most, the closest first
         "no claim or registry entry 'acme-ohoi-2026'; did you mean acme-ohio-2026, acme-ohio-2025, acme-ohio-2024?"),
        (("acme-ohio-20", "status", "done"), "'acme-ohio-20' could be acme-ohio-2023, acme-ohio-2024, acme-ohio-2025, "
                                             "acme-ohio-2026; give the whole id"),
    ]:
        result = kb("set", *args)
        assert result.exit_code == 1 and result.stderr.endswith(f"nothing written: {words}\n"), (args, result.stderr)
    assert (kb.root / "claims/acme/acme-ohio-2026.yaml").read_text() == before


def test_a_file_broken_after_the_knowledge_base_was_read_is_not_written(make_kb):
    import pytest

    from kb.edit.setfield import Change, SetError, plan_set
    from kb.store.parse import load_kb

    root = make_kb({"claims/acme/acme-ohio-2026.yaml": PLAN})
    kb, _ = load_kb(root)
    (root / "claims/acme/acme-ohio-2026.yaml").write_text(PLAN + "tags: [one\n")  # an edit in another window
    with pytest.raises(SetError) as refused:
        plan_set(kb, "acme-ohio-2026", [Change("tags", "add", "plant")])
    assert str(refused.value).startswith("claims/acme/acme-ohio-2026.yaml: cannot read it (")
    assert str(refused.value).endswith("); run `kb check`")
    assert (root / "claims/acme/acme-ohio-2026.yaml").read_text() == PLAN + "tags: [one\n"


def test_a_prefix_of_two_or_more_claims_names_five_and_a_value_s_first_problem_is_said(make_kb, kb_at):
    kb = _kb(make_kb, kb_at)
    assert kb("set", "acme-ohio", "status", "done").stderr == \
        "kb: error: nothing written: 'acme-ohio' could be acme-ohio-2025, acme-ohio-2026; give the whole id\n"
    more = {f"claims/acme/acme-ohio-{year}.yaml": OLDER.replace("2025", str(year)) for year in range(2020, 2025)}
    kb = _kb(make_kb, kb_at, **more)
    assert kb("set", "acme-ohio", "status", "done").stderr == (
        "kb: error: nothing written: 'acme-ohio' could be acme-ohio-2020, acme-ohio-2021, acme-ohio-2022, "
        "acme-ohio-2023, acme-ohio-2024; give the whole id\n")
    two = kb("set", "acme-ohio-2026", "quantities", "capacity=lots; jobs=many")
    assert two.exit_code == 1 and "nothing written: 'quantities': 'lots' is not an amount;" in two.stderr
    jobs = kb("set", "acme-ohio-2026", "quantities", "--add", "jobs=1500")
    assert jobs.stdout.splitlines()[-1] == "claims/acme/acme-ohio-2026.yaml:13:   jobs: 1500"
    assert "  jobs: 1500\n" in (kb.root / "claims/acme/acme-ohio-2026.yaml").read_text()


def test_more_refusals_say_what_the_user_can_do(make_kb, kb_at):
    # found by mutation testing (docs/testing.md)
    more = {f"claims/acme/acme-ohio-{year}.yaml": OLDER.replace("2025", year) for year in ("2023", "2024")}
    more["claims/acme/acme-old.yaml"] = OLDER.replace("acme-ohio-2025", "acme-old").replace("when: 2025", "year: 2025")
    more["claims/registry/companies.yaml"] = ("- id: acme\n  name: Acme Batteries\n\n- id: acme-energy\n"
                                              "  name: Acme Energy\n  aliases: [Acme Batteries]\n")
    kb = _kb(make_kb, kb_at, **more)
    before = (kb.root / "claims/acme/acme-ohio-2026.yaml").read_text()
    for args, words in [
        (("acme-ohio-2026", "supersedes", "--add", "acme-ohio-202"),  # three suggestions at most
         "supersedes: no claim 'acme-ohio-202'; did you mean acme-ohio-2026, acme-ohio-2025, acme-ohio-2024?"),
        (("acme-ohio-2026", "company", "Acme Batteries"),
         "company: 'Acme Batteries' could be acme, acme-energy; give the id"),
        (("acme-ohio-2026", "tags", "--remove", "closing-down"), "'closing-down' is not in 'tags' (ohio, opening)"),
        (("acme-old", "when", "2027"), "claims/acme/acme-old.yaml still writes 'year:' for 'when:'; run `kb fmt` first"),
    ]:
        result = kb("set", *args)
        assert result.exit_code == 1 and result.stderr.endswith(f"nothing written: {words}\n"), (args, result.stderr)
    assert (kb.root / "claims/acme/acme-ohio-2026.yaml").read_text() == before


def test_a_registry_entry_whose_first_line_is_the_field_set_keeps_its_dash(make_kb, kb_at):
    # found by mutation testing (docs/testing.md): "- name: ..." and "- aliases:" opening an entry
    companies = ("- name: Acme Batteries\n  id: acme\n\n- aliases:\n    - Globex Corp\n  id: globex\n"
                 "  name: Globex\n")
    root = make_kb({"claims/registry/companies.yaml": companies})
    kb = kb_at(root)
    assert kb("set", "acme", "name", "Acme Cells").exit_code == 0
    assert kb("set", "globex", "aliases", "--add", "GX").exit_code == 0
    assert (root / "claims/registry/companies.yaml").read_text() == (
        "- name: Acme Cells\n  id: acme\n\n- aliases:\n    - Globex Corp\n    - GX\n  id: globex\n  name: Globex\n")


def test_a_field_added_after_a_last_line_without_its_line_end_starts_a_line_of_its_own(make_kb, kb_at):
    # found by mutation testing (docs/testing.md)
    kb = _kb(make_kb, kb_at, **{"claims/acme/acme-ohio-2025.yaml": OLDER.rstrip("\n")})
    assert kb("set", "acme-ohio-2025", "tags", "--add", "ohio").stdout == "claims/acme/acme-ohio-2025.yaml:9: tags: [ohio]\n"
    assert (kb.root / "claims/acme/acme-ohio-2025.yaml").read_text() == OLDER + "tags: [ohio]\n"


def test_changes_to_one_mapping_go_on_from_it_emptied(make_kb):
    # found by mutation testing (docs/testing.md): from Python, the changes one after another
    from kb.edit.setfield import Change, plan_set
    from kb.store.parse import load_kb

    root = make_kb({"claims/acme/acme-ohio-2026.yaml": PLAN})
    kb, _ = load_kb(root)
    edit = plan_set(kb, "acme-ohio-2026", [Change("quantities", "remove", "capacity"),
                                           Change("quantities", "remove", "jobs"),
                                           Change("quantities", "add", "jobs=1200")])
    assert edit.shown == ((10, "quantities:"), (13, "  jobs: 1200"))  # each comment kept
    assert edit.text == PLAN.replace("  capacity: 20 GWh/yr  # phase one\n", "  # phase one\n").replace(
        "  jobs: 900\n", "  jobs: 1200\n")
