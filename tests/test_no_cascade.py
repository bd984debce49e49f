"""A record that fails to validate is still known by its id: only its own file gets errors,
never the files that refer to it (in a pull request, those are files nobody touched)."""

from __future__ import annotations

from conftest import claim_text

SOURCES = """\
- id: daily-news
  title: Daily News
  kind: article

- id: march-report
  title: The March report
  kind: report
  date: March 2025
"""


def check_lines(kb) -> list[str]:
    result = kb("check", "--format", "parsable")
    return result.stdout.splitlines()


def test_a_claim_with_a_bad_status_costs_only_its_own_file(make_kb, kb_at):
    root = make_kb({
        "claims/a/base.yaml": claim_text("base", status="plannd"),
        "claims/a/detail.yaml": claim_text("detail", elaborates="[base]"),
        "claims/a/update.yaml": claim_text("update", supersedes="[base]", related="[detail]"),
    })
    kb = kb_at(root)
    assert check_lines(kb) == [
        "claims/a/base.yaml:5:9: error: 'status': 'plannd' is not allowed; did you mean 'planned'? use one of: "
        "planned, considering, underway, done, cancelled, statement, opinion [bad-status]",
    ]
    assert kb("list", "--format", "ids").stdout.split() == ["detail", "update"]
    assert kb("check", "--format", "parsable").exit_code == 1


def test_a_source_with_a_bad_date_costs_only_the_registry_file(make_kb, kb_at):
    root = make_kb({
        "claims/registry/sources.yaml": SOURCES,
        "claims/a/one.yaml": claim_text("one", source="march-report"),
        "claims/a/two.yaml": claim_text("two", source="march-report", speaker="march-report"),
        "claims/a/three.yaml": claim_text("three"),
    })
    kb = kb_at(root)
    assert check_lines(kb) == [
        "claims/registry/sources.yaml:8:9: error: 'date': 'March 2025' is not a date like 2024, 2024-03 or "
        "2024-03-06 [bad-value]",
    ]
    assert kb("sources", "--format", "ids").stdout.split() == ["daily-news"]
    assert kb("list", "--format", "ids").stdout.split() == ["one", "three", "two"]


def test_a_claim_that_does_not_parse_is_known_by_its_file_name(make_kb, kb_at):
    root = make_kb({
        "claims/a/base.yaml": claim_text("base") + "note: [unclosed\n",
        "claims/a/detail.yaml": claim_text("detail", elaborates="[base]"),
    })
    lines = check_lines(kb_at(root))
    assert len(lines) == 1 and lines[0].startswith("claims/a/base.yaml:") and "[yaml-syntax]" in lines[0]


def test_references_to_a_wrong_kind_are_still_errors(make_kb, kb_at):
    """A stub keeps its kind: a claim naming a broken source as its company is still wrong."""
    root = make_kb({
        "claims/registry/sources.yaml": SOURCES,
        "claims/a/one.yaml": claim_text("one", company="march-report"),
    })
    assert check_lines(kb_at(root)) == [
        "claims/a/one.yaml:4:10: error: 'company': 'march-report' is a source, expected a company [unknown-ref]",
        "claims/registry/sources.yaml:8:9: error: 'date': 'March 2025' is not a date like 2024, 2024-03 or "
        "2024-03-06 [bad-value]",
    ]


def test_the_index_follows_edits_to_the_broken_file(make_kb, kb_at):
    root = make_kb({
        "claims/a/base.yaml": claim_text("base", status="plannd"),
        "claims/a/detail.yaml": claim_text("detail", elaborates="[base]"),
    })
    kb = kb_at(root)
    assert [line.split(":")[0] for line in check_lines(kb)] == ["claims/a/base.yaml"]
    (root / "claims/a/base.yaml").unlink()
    assert check_lines(kb) == [
        "claims/a/detail.yaml:8:14: error: 'elaborates': no claim 'base'; no claim has this id; fix the id "
        "[unknown-ref]",
    ]
    (root / "claims/a/base.yaml").write_text(claim_text("base", status="plannd"))
    assert [line.split(":")[0] for line in check_lines(kb)] == ["claims/a/base.yaml"]
    (root / "claims/a/base.yaml").write_text(claim_text("base"))
    assert check_lines(kb) == []


def test_a_registry_file_that_does_not_parse_still_names_its_entries(make_kb, kb_at):
    root = make_kb({
        "claims/registry/sources.yaml": SOURCES.replace("title: The March report", 'title: "The March report'),
        "claims/a/one.yaml": claim_text("one", source="march-report"),
        "claims/a/three.yaml": claim_text("three"),
    })
    lines = check_lines(kb_at(root))
    assert len(lines) == 1 and lines[0].startswith("claims/registry/sources.yaml:") and "[yaml-syntax]" in lines[0]


def test_an_entry_in_a_registry_folder_is_known_by_its_id_or_file_name(make_kb, kb_at):
    root = make_kb({
        "claims/registry/sources/march-report.yaml": "id: march-report\ntitle: The March report\nkind: report\n"
                                                     "date: March 2025\n",
        "claims/registry/sources/broken.yaml": 'id: broken\ntitle: "unclosed\nkind: report\n',
        "claims/a/one.yaml": claim_text("one", source="march-report"),
        "claims/a/two.yaml": claim_text("two", source="broken"),
    })
    lines = check_lines(kb_at(root))
    assert [line.split(":")[0] for line in lines] == ["claims/registry/sources/broken.yaml",
                                                      "claims/registry/sources/march-report.yaml"]
    assert lines[1] == ("claims/registry/sources/march-report.yaml:4:7: error: 'date': 'March 2025' is not a date "
                        "like 2024, 2024-03 or 2024-03-06 [bad-value]")


def test_an_attribute_whose_declaration_fails_is_still_declared(make_kb, kb_at):
    root = make_kb({
        "claims/registry/attributes.yaml": '- name: rating\n  type: choce\n  values: ["true", "false"]\n',
        "claims/a/one.yaml": claim_text("one", attributes='\n  rating: "true"'),
    })
    assert check_lines(kb_at(root)) == [
        "claims/registry/attributes.yaml:2:9: error: 'type': 'choce' is not allowed; did you mean 'choice'? use "
        "one of: text, number, choice, date, quantity [bad-value]",
    ]
