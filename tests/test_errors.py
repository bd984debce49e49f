"""Broken files: one clear line each, file:line:column, and the good files still load."""

from __future__ import annotations

import pytest
from conftest import claim_text


def run(make_kb, kb_at, files: dict[str, str], *args: str):
    root = make_kb({"claims/good.yaml": claim_text("good"), **files})
    return kb_at(root)("list", "-o", "ids", *args)


CASES = [
    # (file text, expected first line on stderr): the file does not load
    ("id: bad\nclaim: [unclosed\n",
     "claims/bad.yaml:3:1: error: YAML syntax: while parsing a flow sequence, did not find expected ',' or ']' [yaml-syntax]"),
    (claim_text("bad").replace("speaker:", "speker:"),
     "claims/bad.yaml:3:1: error: unknown key 'speker'; did you mean 'speaker'? [unknown-key]"),
    (claim_text("bad", when="next year"),
     "claims/bad.yaml:8:7: error: 'when': 'next year' is relative: write the period it means (e.g. 2025) and add "
     "`inferred: {when: next year}` to say the source only implies it [bad-value]"),
    (claim_text("bad", status="rumour"),
     "claims/bad.yaml:5:9: error: 'status': 'rumour' is not allowed; use one of: planned, considering, underway, done, cancelled, statement, opinion [bad-status]"),
    (claim_text("bad", said="2024-13-40"),
     "claims/bad.yaml:8:7: error: 'said': '2024-13-40' is not a real date (month must be in 1..12) [bad-value]"),
    (claim_text("bad", quote=None),
     "claims/bad.yaml:1:1: error: missing required key 'quote' (the passage of the source that carries the claim, verbatim unless `quote_kind` says otherwise) [missing-key]"),
]
# The file loads, but a check across files fails: the claim is listed and the problem reported.
CROSS_FILE_CASES = [
    (claim_text("bad", factory="acme-springfeld"), ["bad", "good"],
     "claims/bad.yaml:8:10: error: 'factory': no factory 'acme-springfeld'; did you mean 'acme-springfield'? [unknown-ref]"),
    (claim_text("other"), ["good", "other"],
     "claims/bad.yaml:1:5: error: id 'other' differs from the file name 'bad'; rename the file or change the id [id-stem]"),
]


SUMMARY = "kb: 1 problem(s) in the knowledge base; the rest loaded. Run `kb check` for details."


@pytest.mark.parametrize("text, expected", CASES)
def test_one_clear_line_and_the_rest_loads(make_kb, kb_at, text, expected):
    result = run(make_kb, kb_at, {"claims/bad.yaml": text})
    assert result.exit_code == 1
    assert result.stdout.split() == ["good"]
    assert result.stderr.splitlines() == [expected, SUMMARY]


@pytest.mark.parametrize("text, listed, expected", CROSS_FILE_CASES)
def test_cross_file_problems_are_reported_and_the_claim_listed(make_kb, kb_at, text, listed, expected):
    result = run(make_kb, kb_at, {"claims/bad.yaml": text})
    assert result.exit_code == 1
    assert result.stdout.split() == listed
    assert result.stderr.splitlines() == [expected, SUMMARY]


def test_unknown_company_in_a_claim_is_reported_at_its_place(make_kb, kb_at):
    result = run(make_kb, kb_at, {"claims/bad.yaml": claim_text("bad", concerns="[globex, initech]")})
    assert result.stderr.splitlines() == [
        "claims/bad.yaml:8:20: error: 'concerns': no company 'initech'; add it to claims/registry/companies.yaml or fix "
        "the id "
        "[unknown-ref]", SUMMARY]


def test_registry_entry_errors_keep_other_entries(make_kb, kb_at):
    root = make_kb({
        "claims/good.yaml": claim_text("good"),
        "claims/registry/companies.yaml": "- id: acme\n  name: Acme Batteries\n- id: globex\n  nme: Globex\n",
    })
    result = kb_at(root)("list", "-o", "ids", "--company", "acme")
    assert result.stdout.split() == ["good"]
    assert result.stderr.splitlines() == [
        "claims/registry/companies.yaml:4:3: error: unknown key 'nme'; did you mean 'name'? [unknown-key]", SUMMARY]


def test_no_knowledge_base_is_a_clear_error(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from cli import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KB_ROOT", raising=False)
    result = CliRunner().invoke(app, ["list"])
    assert result.exit_code == 1
    assert "no knowledge base here" in result.stderr


def test_an_id_that_is_no_text_is_reported_and_goes_by_no_id(make_kb, kb_at):
    root = make_kb({"claims/a.yaml": claim_text("a").replace("id: a", "id: [a, b]"),
                    "claims/n.yaml": claim_text("n").replace("id: n", "id: 2026"),
                    "claims/s.yaml": claim_text("s", supports="[a, '2026']")})
    assert kb_at(root)("check", "-o", "parsable").stdout.splitlines() == [
        "claims/a.yaml:1:5: error: 'id': '['a', 'b']' is not a valid id: use lowercase letters, digits and hyphens "
        "[bad-value]",
        "claims/n.yaml:1:5: error: 'id': '2026' is not a valid id: use lowercase letters, digits and hyphens "
        "[bad-value]",
        "claims/s.yaml:8:15: error: 'supports': no claim '2026'; no claim has this id; fix the id [unknown-ref]",
    ]
