"""`kb diff` and `kb log` on real temporary git repositories."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import claim_text


def git(root, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "Ann Analyst", "GIT_AUTHOR_EMAIL": "ann@example.com",
                               "GIT_COMMITTER_NAME": "Ann Analyst", "GIT_COMMITTER_EMAIL": "ann@example.com",
                               "HOME": str(root), "PATH": "/usr/bin:/bin:/usr/local/bin"}).stdout


@pytest.fixture
def repo(make_kb, kb_at):
    root = make_kb({
        "claims/a/one.yaml": claim_text("one", when=2024),
        "claims/a/two.yaml": claim_text("two"),
        "claims/a/gone.yaml": claim_text("gone"),
    })
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    return kb_at(root)


def edit(repo) -> None:
    root = repo.root
    (root / "claims/a/one.yaml").write_text(claim_text("one", when=2025, status="underway"))
    (root / "claims/a/gone.yaml").unlink()
    (root / "claims/b").mkdir()
    (root / "claims/a/two.yaml").rename(root / "claims/b/two.yaml")
    (root / "claims/b/new.yaml").write_text(claim_text("new", claim="A new claim."))


def test_working_tree_against_main(repo):
    edit(repo)
    result = repo("diff")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1:] == [
        "+ claim new: A new claim.",
        "- claim gone: Claim gone.",
        "~ claim one",
        "    when: 2024 -> 2025",
        "    status: planned -> underway",
        "~ claim two",
        "    path: claims/a/two.yaml -> claims/b/two.yaml",
    ]
    assert lines[0].endswith(" with the working tree (uncommitted and untracked files included): "
                             "1 added, 1 removed, 2 changed")


def test_between_commits_as_json_without_touching_the_work_tree(repo):
    edit(repo)
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-qm", "second")
    (repo.root / "claims/b/new.yaml").write_text("this is not read")
    status_before = git(repo.root, "status", "--porcelain")
    data = json.loads(repo("diff", "HEAD~1", "HEAD", "-o", "json").stdout)
    assert [r["id"] for r in data["added"]] == ["new"]
    assert [r["id"] for r in data["removed"]] == ["gone"]
    assert data["changed"][0]["fields"] == {"when": {"before": "2024", "after": "2025"},
                                            "status": {"before": "planned", "after": "underway"}}
    assert git(repo.root, "status", "--porcelain") == status_before


def test_branch_is_compared_with_its_merge_base(repo):
    git(repo.root, "checkout", "-q", "-b", "topic")
    (repo.root / "claims/b").mkdir()
    (repo.root / "claims/b/new.yaml").write_text(claim_text("new"))
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-qm", "topic work")
    git(repo.root, "checkout", "-q", "main")
    (repo.root / "claims/a/one.yaml").write_text(claim_text("one", when=2030))
    git(repo.root, "commit", "-qam", "main moves on")
    git(repo.root, "checkout", "-q", "topic")
    out = repo("diff", "-o", "markdown").stdout
    assert "| `new` | claim | Claim new. |" in out
    assert "one" not in out.split("**Added**")[1]


def test_log_follows_renames(repo):
    edit(repo)
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-qm", "move two")
    result = repo("log", "two", "-o", "json")
    history = json.loads(result.stdout)
    assert [(h["change"], h["path"], h["subject"], h["author"]) for h in history] == [
        ("R", "claims/b/two.yaml", "move two", "Ann Analyst"),
        ("A", "claims/a/two.yaml", "first", "Ann Analyst"),
    ]


def test_log_of_a_deleted_claim(repo):
    edit(repo)
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-qm", "drop gone")
    history = json.loads(repo("log", "gone", "-o", "json").stdout)
    assert [h["subject"] for h in history] == ["drop gone", "first"]


def test_outside_git_says_so(make_kb, kb_at):
    kb = kb_at(make_kb({"claims/one.yaml": claim_text("one")}))
    for args in (["diff"], ["log", "one"]):
        result = kb(*args)
        assert result.exit_code == 1
        assert "is not inside a git repository" in result.stderr
