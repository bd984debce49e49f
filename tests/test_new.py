"""`kb new`: a valid, canonical claim file from flags, never overwriting, names turned into ids."""

from __future__ import annotations

from kb.load import load_kb

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
    assert "'said': '2024-13-01' is not a real date" in result.stderr
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
