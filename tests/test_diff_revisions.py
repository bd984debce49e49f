"""`kb diff` says which revisions it compared, and how to compare with another."""

from __future__ import annotations

import json

import pytest
from conftest import claim_text
from test_git import git


@pytest.fixture
def on_main(make_kb, kb_at):
    """A repository on main, everything committed: what a user has right after `git commit`."""
    root = make_kb({"claims/a/one.yaml": claim_text("one")})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    return kb_at(root)


def head(root, revision: str = "HEAD") -> str:
    return git(root, "rev-parse", revision).strip()


def test_on_main_after_committing_it_says_what_it_compared_and_what_to_try(on_main):
    result = on_main("diff")
    assert result.exit_code == 0, result.output
    sha = head(on_main.root)[:12]
    assert result.stdout == (
        f"Compared HEAD ({sha}; main already contains it) with the working tree (uncommitted and "
        f"untracked files included): 0 added, 0 removed, 0 changed\n"
        f"Nothing differs. To compare with another revision: kb diff origin/main (another branch), "
        f"kb diff HEAD~1 (before the last commit), kb diff REV_A REV_B (any two)\n")


def test_a_branch_names_its_merge_base(on_main):
    root = on_main.root
    base = head(root)[:12]
    git(root, "checkout", "-q", "-b", "topic")
    (root / "claims/a/two.yaml").write_text(claim_text("two", claim="A second claim."))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "second")
    assert on_main("diff").stdout.splitlines() == [
        f"Compared {base} (where HEAD branched from main) with the working tree (uncommitted and untracked files "
        f"included): 1 added, 0 removed, 0 changed",
        "+ claim two: A second claim.",
    ]


def test_named_revisions_are_named(on_main):
    root = on_main.root
    first = head(root)[:12]
    (root / "claims/a/one.yaml").write_text(claim_text("one", status="done"))
    git(root, "commit", "-qam", "done")
    second = head(root)[:12]
    result = on_main("diff", "HEAD~1", "main")
    assert result.stdout.splitlines()[0] == (
        f"Compared HEAD~1 ({first}) with main ({second}): 0 added, 0 removed, 1 changed")
    markdown = on_main("diff", "HEAD~1", "main", "-o", "markdown").stdout
    assert f"Compared HEAD~1 ({first}) with main ({second})." in markdown
    data = json.loads(on_main("diff", "HEAD~1", "main", "-o", "json").stdout)
    assert (data["base_name"], data["target_name"]) == (f"HEAD~1 ({first})", f"main ({second})")
