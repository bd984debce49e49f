"""`kb new`: a valid, canonical claim file from flags, never overwriting, names turned into ids."""

from __future__ import annotations

from kb.store.parse import load_kb

FLAGS = ["--speaker", "Jane Doe", "--company", "ACB", "--factory", "Springfield", "--when", "2026",
         "--status", "planned", "--source", "Daily News", "--claim", "Acme will double output at Springfield.",
         "--quote", "We will double output", "--tag", "output", "--inferred", "when=next year"]


def test_creates_a_file_that_checks_and_is_canonical(make_kb, kb_at):
    kb = kb_at(make_kb({}))
    result = kb("new", *FLAGS)
    assert result.exit_code == 0, result.output
    assert result.stdout == "claims/daily-news/acme-springfield-2026-double-output.yaml\n"
    assert (kb.root / "claims/daily-news/acme-springfield-2026-double-output.yaml").read_text() == (
        "id: acme-springfield-2026-double-output\n"
        "claim: Acme will double output at Springfield.\n"
        "speaker: jane-doe\n"
        "company: acme\n"
        "factory: acme-springfield\n"
        "when: 2026\n"
        "status: planned\n"
        "source: daily-news\n"
        "quote: We will double output\n"
        "tags: [output]\n"
        "inferred:\n"
        "  when: next year\n")
    assert kb("check").exit_code == 0
    assert kb("fmt", "--check").exit_code == 0
    claim = load_kb(kb.root)[0].claims_by_id["acme-springfield-2026-double-output"]
    assert (claim.speaker, claim.company, claim.when, claim.inferred) == ("jane-doe", "acme", "2026",
                                                                          {"when": "next year"})


def test_a_second_identical_claim_is_refused_unless_forced_and_an_explicit_id_never_overwrites(make_kb, kb_at):
    kb = kb_at(make_kb({}))
    kb("new", *FLAGS)
    refused = kb("new", *FLAGS)
    assert refused.exit_code == 1
    assert ("probable duplicate: jane-doe already said nearly the same in "
            "claims/daily-news/acme-springfield-2026-double-output.yaml") in refused.stderr
    assert "  acme-springfield-2026-double-output: Acme will double output at Springfield.\n" in refused.stderr
    forced = kb("new", *FLAGS, "--force-duplicate")
    assert forced.stdout == "claims/daily-news/acme-springfield-2026-double-output-2.yaml\n"
    original = (kb.root / "claims/daily-news/acme-springfield-2026-double-output.yaml").read_text()
    result = kb("new", *FLAGS, "--id", "acme-springfield-2026-double-output", "--force-duplicate")
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert (kb.root / "claims/daily-news/acme-springfield-2026-double-output.yaml").read_text() == original


def test_invalid_values_write_nothing(make_kb, kb_at):
    kb = kb_at(make_kb({}))
    result = kb("new", *FLAGS[:-2], "--said", "2024-13-01")
    assert result.exit_code == 1
    assert "kb: error: --said: '2024-13-01' is not a real date" in result.stderr
    assert not (kb.root / "claims/daily-news").exists()


def test_unknown_name_is_refused_with_a_suggestion(make_kb, kb_at):
    kb = kb_at(make_kb({}))
    result = kb("new", *[("Globx" if f == "ACB" else f) for f in FLAGS])
    assert result.exit_code == 1
    assert "no company called 'Globx'; did you mean 'Globex'" in result.stderr


def test_folder_must_stay_inside_claims(make_kb, kb_at):
    kb = kb_at(make_kb({}))
    result = kb("new", *FLAGS, "--folder", "../outside")
    assert result.exit_code == 2
    assert not (kb.root.parent / "outside").exists()


def test_dry_run_prints_without_writing(make_kb, kb_at):
    kb = kb_at(make_kb({}))
    result = kb("new", *FLAGS, "--dry-run")
    assert result.stdout.startswith("id: acme-springfield-2026-double-output\n")
    assert not (kb.root / "claims/daily-news").exists()


def test_a_kept_draft_whose_when_is_a_bare_year_is_resumed(make_kb, kb_at):
    kb = kb_at(make_kb({}))
    flags = [("Sprngfield" if f == "Springfield" else f) for f in FLAGS]
    first = kb("new", *flags)
    assert first.exit_code == 1 and "no factory called 'Sprngfield'" in first.stderr
    draft = next((kb.root / "drafts/.new").glob("*.yaml"))
    assert "\nwhen: 2026\n" in draft.read_text()  # YAML reads it as a number
    result = kb("new", "--resume", str(draft), "--factory", "Springfield")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "claims/daily-news/acme-springfield-2026-double-output.yaml\n"
    claim = load_kb(kb.root)[0].claims_by_id["acme-springfield-2026-double-output"]
    assert (claim.when, claim.factory) == ("2026", "acme-springfield")
    assert not draft.exists()


def test_missing_flags_are_named_as_flags(make_kb, kb_at):
    kb = kb_at(make_kb({}))
    result = kb("new", "--speaker", "Jane Doe", "--claim", "Acme will open a plant.")
    assert result.exit_code == 1
    assert "kb: error: missing --status, --source and --quote" in result.stderr
    assert "claims/unsorted" not in result.stderr
    assert ".yaml:1:1" not in result.stderr


def test_a_bad_quote_is_named_by_its_flag_not_by_a_file_not_written(make_kb, kb_at):
    root = make_kb({"sources/daily-news.txt": "Acme said it will double output next year.\n"})
    (root / "claims/registry/sources.yaml").write_text(
        "- id: daily-news\n  title: Daily News\n  kind: article\n  archive: sources/daily-news.txt\n")
    kb = kb_at(root)
    result = kb("new", *FLAGS[:-4], "--quote", "We will triple output")
    assert result.exit_code == 1
    assert "kb: error: --quote: " in result.stderr
    assert "claims/daily-news/" not in result.stderr


def test_the_examples_in_kb_new_prompts_are_valid_answers():
    from kb.commands.editing import EXAMPLES, _checked, hint_for
    from kb.commands.prompting import spec_of
    from kb.model.schema import Claim

    assert hint_for("quantities", spec_of(Claim, "quantities").metadata) == (
        "NAME=AMOUNT; ... e.g. capacity=53 GWh/yr; investment=about 5.5 billion USD")
    assert _checked(spec_of(Claim, "quantities"), "capacity=53 GWh/yr; investment=about 5.5 billion USD") == (
        {"capacity": "53 GWh/yr", "investment": "about 5.5 billion USD"}, None)
    assert _checked(spec_of(Claim, "quantities"), "investment=~5.5 billion USD")[1] is not None
    for name, examples in EXAMPLES.items():
        spec = spec_of(Claim, name)
        assert f"e.g. {', '.join(examples)}" in hint_for(name, spec.metadata)
        for example in examples:
            assert _checked(spec, example)[1] is None, (name, example)


def test_asking_again_stops_when_the_same_answers_bring_the_same_problems(make_kb, monkeypatch):
    import pytest
    import typer

    from kb.commands import editing

    kb = load_kb(make_kb({}))[0]
    values = {"id": "loop", "claim": "Acme will loop.", "speaker": "jane-doe", "status": "planned",
              "source": "daily-news", "quote": "Acme will loop", "supersedes": ["loop"]}  # itself: a problem
    asked = []

    def same_answer(kb, name, values, force_ask=False):
        asked.append(name)
        values[name] = ["loop"]
        return kb

    monkeypatch.setattr(editing, "ask_field", same_answer)
    with pytest.raises(typer.Exit):
        editing.write_claim(kb, values, None, True, False, False, lambda: None)
    assert asked == ["supersedes"]  # asked once; the same answer and problem again end it, not a loop


def test_every_field_of_the_format_has_a_flag():
    """FIELD_FLAGS names an option of `kb new` for each field of a claim in the schema (a field added there
    fails here until it has one), and each is an option of the command."""
    import typer.main

    from cli import app
    from kb.commands.editing import FIELD_FLAGS
    from kb.model.schema import Claim, schema_fields

    assert list(FIELD_FLAGS) == [spec.name for spec in schema_fields(Claim)]
    command = typer.main.get_command(app).commands["new"]
    options = {o for p in command.params for o in p.opts}
    assert set(FIELD_FLAGS.values()) <= options


def test_a_script_can_write_every_field(make_kb, kb_at):
    root = make_kb({"claims/registry/attributes.yaml": "- name: rating\n  type: choice\n"
                                                       "  values: [\"true\", half-true, \"false\"]\n",
                    "claims/older.yaml": "id: older\nclaim: Acme will open a plant.\nspeaker: acme\nstatus: planned\n"
                                         "source: daily-news\nquote: Acme will open a plant\n"})
    kb = kb_at(root)
    result = kb("new", "--claim", "Acme will build 20 GWh a year in Ohio.", "--speaker", "acme", "--company", "acme",
                "--concerns", "globex", "--product", "LFP", "--factory", "acme-springfield", "--when", "2026-H2",
                "--said", "2024-03", "--status", "planned", "--source", "daily-news", "--quote", "Acme baut in Ohio",
                "--quote-kind", "translation", "--quantity", "capacity=20 GWh/yr",
                "--quantity", "investment=about 1.5 billion USD", "--attribute", "rating=half-true",
                "--tag", "ohio", "--relation", "supersedes=older", "--inferred", "when=in the second half",
                "--external", "mastr=SEE912345678", "--note", "Translated from the German.", "--id", "acme-ohio")
    assert result.exit_code == 0, result.output
    assert (root / "claims/daily-news/acme-ohio.yaml").read_text() == (
        "id: acme-ohio\n"
        "claim: Acme will build 20 GWh a year in Ohio.\n"
        "speaker: acme\n"
        "company: acme\n"
        "concerns: [globex]\n"
        "product: LFP\n"
        "factory: acme-springfield\n"
        "when: 2026-H2\n"
        "said: 2024-03\n"
        "status: planned\n"
        "source: daily-news\n"
        "quote: Acme baut in Ohio\n"
        "quote_kind: translation\n"
        "quantities:\n"
        "  capacity: 20 GWh/yr\n"
        "  investment: about 1.5 billion USD\n"
        "attributes:\n"
        "  rating: half-true\n"
        "tags: [ohio]\n"
        "supersedes: [older]\n"
        "inferred:\n"
        "  when: in the second half\n"
        "external:\n"
        "  mastr: SEE912345678\n"
        "note: Translated from the German.\n")
    assert kb("check").exit_code == 0


def test_a_malformed_pair_flag_says_which(make_kb, kb_at):
    result = kb_at(make_kb({}))("new", *FLAGS, "--quantity", "capacity")
    assert result.exit_code == 2 and "'capacity' is not NAME=AMOUNT" in result.stderr
    result = kb_at(make_kb({}))("new", *FLAGS, "--quantity", "capacity=1 GWh", "--quantity", "capacity=2 GWh")
    assert result.exit_code == 2 and "'capacity' is given twice" in result.stderr
    result = kb_at(make_kb({}))("new", *FLAGS, "--quantity", "capacity=40 GWh per year")
    assert result.exit_code == 1 and "'40 GWh per year': write '40 GWh/yr'" in result.stderr
