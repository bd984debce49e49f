"""`kb check`: every problem with file, line, column and rule; formats for people, editors and CI."""

from __future__ import annotations

import json

import pytest
from conftest import claim_text


@pytest.fixture
def broken(make_kb, kb_at):
    root = make_kb({
        "claims/good.yaml": claim_text("good"),
        "claims/x/typo.yaml": claim_text("typo").replace("status:", "stauts:"),
        "claims/x/dup.yaml": claim_text("dup") + "status: done\n",
    })
    return kb_at(root)


def test_clean_repository_passes(kb_repo):
    result = kb_repo("check")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.startswith("ok: 10 claims, 8 entities checked")


def test_parsable_lines(broken):
    result = broken("check", "-o", "parsable")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "claims/x/dup.yaml:8:1: error: duplicate key 'status' (first at line 5); keep one of them [duplicate-key]",
        "claims/x/typo.yaml:5:1: error: unknown key 'stauts'; did you mean 'status'? [unknown-key]",
    ]


def test_github_annotations(broken):
    result = broken("check", "-o", "github")
    assert result.stdout.splitlines() == [
        "::error file=claims/x/dup.yaml,line=8,col=1,title=kb duplicate-key::duplicate key 'status' (first at line "
        "5); keep one of them",
        "::error file=claims/x/typo.yaml,line=5,col=1,title=kb unknown-key::unknown key 'stauts'; did you mean "
        "'status'?",
    ]
    assert result.stderr == "1 claims, 5 entities checked: 2 error(s), 0 warning(s)\n"  # dup.yaml loads no claim


def test_json(broken):
    assert json.loads(broken("check", "-o", "json").stdout) == [
        {"path": "claims/x/dup.yaml", "line": 8, "column": 1, "severity": "error", "rule": "duplicate-key",
         "message": "duplicate key 'status' (first at line 5); keep one of them"},
        {"path": "claims/x/typo.yaml", "line": 5, "column": 1, "severity": "error", "rule": "unknown-key",
         "message": "unknown key 'stauts'; did you mean 'status'?"},
    ]


def test_standard_groups_by_file(broken):
    assert broken("check", "-o", "standard").stdout.splitlines() == [
        "claims/x/dup.yaml",
        "  8:1      error    duplicate key 'status' (first at line 5); keep one of them  (duplicate-key)",
        "",
        "claims/x/typo.yaml",
        "  5:1      error    unknown key 'stauts'; did you mean 'status'?  (unknown-key)",
        "",
    ]


def test_paths_limit_the_report(broken):
    result = broken("check", "-o", "parsable", str(broken.root / "claims/x/typo.yaml"))
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["claims/x/typo.yaml"]


def test_warnings_fail_only_with_strict(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/a.yaml": claim_text("a", claim='"Acme will build a plant in Springfield."'),
        "claims/b.yaml": claim_text("b", claim='"Acme will build a plant in Springfield!"'),
    }))
    relaxed = kb("check", "-o", "parsable")
    assert relaxed.exit_code == 0
    assert relaxed.stdout == ("claims/b.yaml:2:8: warning: nearly the same claim by the same speaker as 'a' "
                              "(claims/a.yaml); merge them or relate them (supersedes, supports) "
                              "[probable-duplicate]\n")
    assert kb("check", "--strict").exit_code == 1


def test_quote_not_in_archived_source(make_kb, kb_at):
    root = make_kb({
        "claims/registry/sources.yaml": "- id: daily-news\n  title: Daily News\n  kind: article\n"
                                        "  archive: sources/daily.txt\n",
        "sources/daily.txt": "Acme said: “we will build   a plant.”\n",
        "claims/ok.yaml": claim_text("ok", quote="\"we will build a plant.\""),
        "claims/bad.yaml": claim_text("bad", quote="we will build two plants"),
    })
    result = kb_at(root)("check", "-o", "parsable")
    assert result.stdout == ("claims/bad.yaml:7:8: error: the quote is not in the archived text of 'daily-news' "
                             "(sources/daily.txt); copy it verbatim from the source, or mend the archive "
                             "[quote-not-in-source]\n")


def test_usage_error_exits_2(kb_repo):
    assert kb_repo("check", "--format", "fancy").exit_code == 2
