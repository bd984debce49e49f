"""kb.store.freshness: an edit is seen on the next run, whatever git's index and the clock say.

Each test runs `kb list` with the index, edits, and runs it again; the answer expected after
the edit is written out by hand. File times are set by the test (the `clock` fixture), so
whether an edit falls inside the window in which kb looks at recent files again is decided
here, not by the machine's speed. Most edits keep the file's size (2024 -> 2026 in `when:`): only its
time, or git, can tell that it changed.
"""

from __future__ import annotations

import json
import os
import shutil

from conftest import claim_text, git


def whens(kb) -> dict:
    result = kb("list", "-o", "json")
    assert result.exit_code == 0, result.output
    return {claim["id"]: claim.get("when") for claim in json.loads(result.stdout)}


def committed(make_kb, files: dict[str, str]):
    root = make_kb(files)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start")
    return root


def test_an_edit_to_an_untracked_file_is_seen_while_gits_index_is_unchanged(make_kb, kb_at, clock):
    root = committed(make_kb, {"claims/tracked.yaml": claim_text("tracked", when=2024)})
    (root / "claims/untracked.yaml").write_text(claim_text("untracked", when=2024))
    clock.stamp(root / "claims", root / ".git/index")  # long ago: nothing is recent
    kb = kb_at(root)
    assert whens(kb) == {"tracked": "2024", "untracked": "2024"}
    (root / "claims/untracked.yaml").write_text(claim_text("untracked", when=2026))
    clock.stamp(root / "claims/untracked.yaml")
    assert whens(kb) == {"tracked": "2024", "untracked": "2026"}


def test_an_edit_to_a_tracked_file_is_seen_while_gits_index_is_unchanged(make_kb, kb_at, clock):
    root = committed(make_kb, {"claims/a.yaml": claim_text("a", when=2024),
                               "claims/b.yaml": claim_text("b", when=2024)})
    clock.stamp(root / "claims", root / ".git/index")
    kb = kb_at(root)
    assert whens(kb) == {"a": "2024", "b": "2024"}
    git(root, "update-index", "--refresh")  # git's view of the files is fresh again: nothing edited
    clock.stamp(root / ".git/index")
    assert whens(kb) == {"a": "2024", "b": "2024"}
    (root / "claims/a.yaml").write_text(claim_text("a", when=2026))
    clock.stamp(root / "claims/a.yaml")
    assert whens(kb) == {"a": "2026", "b": "2024"}


def test_a_file_git_stops_tracking_is_compared_by_its_time_from_then_on(make_kb, kb_at, clock):
    root = committed(make_kb, {"claims/t.yaml": claim_text("t", when=2024)})
    clock.stamp(root / "claims", root / ".git/index")
    kb = kb_at(root)
    assert whens(kb) == {"t": "2024"}
    git(root, "rm", "-q", "--cached", "claims/t.yaml")
    clock.stamp(root / ".git/index")
    assert whens(kb) == {"t": "2024"}
    (root / "claims/t.yaml").write_text(claim_text("t", when=2026))
    clock.stamp(root / "claims/t.yaml")
    assert whens(kb) == {"t": "2026"}


def test_a_file_git_starts_tracking_is_still_compared_after_an_edit(make_kb, kb_at, clock):
    root = committed(make_kb, {"claims/a.yaml": claim_text("a", when=2024)})
    (root / "claims/n.yaml").write_text(claim_text("n", when=2024))
    clock.stamp(root / "claims", root / ".git/index")
    kb = kb_at(root)
    assert whens(kb) == {"a": "2024", "n": "2024"}
    git(root, "add", "claims/n.yaml")
    clock.stamp(root / ".git/index")
    assert whens(kb) == {"a": "2024", "n": "2024"}
    (root / "claims/n.yaml").write_text(claim_text("n", when=2026))
    clock.stamp(root / "claims/n.yaml")
    assert whens(kb) == {"a": "2024", "n": "2026"}


def test_a_checkout_that_changes_files_is_seen(make_kb, kb_at, clock):
    root = committed(make_kb, {"claims/a.yaml": claim_text("a", when=2024),
                               "claims/b.yaml": claim_text("b", when=2024),
                               "claims/c.yaml": claim_text("c", when=2024)})
    (root / "claims/c.yaml").write_text(claim_text("c", when=2026))
    (root / "claims/d.yaml").write_text(claim_text("d", when=2026))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "later")
    clock.stamp(root / "claims")
    git(root, "update-index", "--refresh")  # git knows the files' new times: it vouches for them unedited
    clock.stamp(root / ".git/index")
    kb = kb_at(root)
    assert whens(kb) == {"a": "2024", "b": "2024", "c": "2026", "d": "2026"}
    git(root, "checkout", "-q", "HEAD~1")  # rewrites c and removes d; a and b stay as git vouches for them
    clock.stamp(root / ".git/index")
    assert whens(kb) == {"a": "2024", "b": "2024", "c": "2024"}


def test_a_repository_with_no_commit_yet(make_kb, kb_at, clock):
    root = make_kb({"claims/a.yaml": claim_text("a", when=2024)})
    git(root, "init", "-q", "-b", "main")  # git has no index file until something is added
    clock.stamp(root / "claims")
    kb = kb_at(root)
    assert whens(kb) == {"a": "2024"}
    (root / "claims/a.yaml").write_text(claim_text("a", when=2026))
    clock.stamp(root / "claims/a.yaml")
    assert whens(kb) == {"a": "2026"}


def test_removals_and_edits_in_one_run(make_kb, kb_at, clock):
    """What one change makes kb forget must not stop it from looking at the rest."""
    root = make_kb({f"claims/{name}/{name}.yaml": claim_text(name, when=2024) for name in "abcd"}
                   | {"claims/e.yaml": claim_text("e", when=2024), "claims/z.yaml": claim_text("z", when=2024),
                      "claims/b/deep/g.yaml": claim_text("g", when=2024)})
    clock.stamp(root / "claims")
    kb = kb_at(root)
    assert whens(kb) == {name: "2024" for name in "abcdegz"}
    shutil.rmtree(root / "claims/a")
    shutil.rmtree(root / "claims/d")
    (root / "claims/e.yaml").unlink()
    (root / "claims/b/new.yaml").write_text(claim_text("new", when=2026))
    (root / "claims/c/c.yaml").write_text(claim_text("c", when=2026))
    (root / "claims/z.yaml").write_text(claim_text("z", when=2026))
    clock.settle(root)
    assert whens(kb) == {"b": "2024", "c": "2026", "g": "2024", "new": "2026", "z": "2026"}


def test_an_edit_within_the_last_seconds_is_seen_even_with_the_same_size_and_time(make_kb, kb_at, clock):
    root = make_kb({"claims/a.yaml": claim_text("a", when=2024)})
    moment = clock.stamp(root / "claims", ago=1)  # a second ago: the clock may not have ticked since
    kb = kb_at(root)
    assert whens(kb) == {"a": "2024"}
    (root / "claims/a.yaml").write_text(claim_text("a", when=2026))
    os.utime(root / "claims/a.yaml", (moment, moment))
    assert whens(kb) == {"a": "2026"}


def test_a_file_added_within_the_last_seconds_is_seen_even_when_its_folder_keeps_its_time(make_kb, kb_at, clock):
    root = make_kb({"claims/sub/a.yaml": claim_text("a", when=2024)})
    moment = clock.stamp(root / "claims", ago=1)
    kb = kb_at(root)
    assert whens(kb) == {"a": "2024"}
    (root / "claims/sub/b.yaml").write_text(claim_text("b", when=2026))
    os.utime(root / "claims/sub", (moment, moment))
    os.utime(root / "claims/sub/b.yaml", (moment, moment))
    assert whens(kb) == {"a": "2024", "b": "2026"}


def test_folders_that_come_and_go(make_kb, kb_at, clock):
    root = make_kb({"claims/x/a.yaml": claim_text("a", when=2024),
                    "claims/x/y/b.yaml": claim_text("b", when=2024),
                    "claims/x/y/z/c.yaml": claim_text("c", when=2024)})
    clock.stamp(root / "claims")
    kb = kb_at(root)
    assert whens(kb) == {"a": "2024", "b": "2024", "c": "2024"}
    shutil.rmtree(root / "claims/x/y")
    clock.stamp(root / "claims")
    assert whens(kb) == {"a": "2024"}
    (root / "claims/x/y").write_text("a file where a folder was\n")
    (root / "claims/w/v").mkdir(parents=True)
    (root / "claims/w/v/d.yaml").write_text(claim_text("d", when=2026))
    clock.stamp(root / "claims")
    assert whens(kb) == {"a": "2024", "d": "2026"}
    shutil.rmtree(root / "claims")
    result = kb("list", "-o", "ids")
    assert (result.exit_code, result.stdout) == (1, "")


def test_without_git_installed_edits_are_found_by_their_time(make_kb, kb_at, clock, monkeypatch):
    root = committed(make_kb, {"claims/a.yaml": claim_text("a", when=2024)})
    clock.stamp(root / "claims", root / ".git/index")
    monkeypatch.setenv("PATH", str(root / "no-programs-here"))
    kb = kb_at(root)
    assert whens(kb) == {"a": "2024"}
    (root / "claims/a.yaml").write_text(claim_text("a", when=2026))
    clock.stamp(root / "claims/a.yaml")
    assert whens(kb) == {"a": "2026"}


def test_a_repository_that_stops_being_one_and_becomes_one_again(make_kb, kb_at, clock):
    root = committed(make_kb, {"claims/a.yaml": claim_text("a", when=2024)})
    clock.stamp(root / "claims", root / ".git/index")
    kb = kb_at(root)
    assert whens(kb) == {"a": "2024"}
    shutil.rmtree(root / ".git")
    (root / "claims/a.yaml").write_text(claim_text("a", when=2026))
    clock.stamp(root / "claims/a.yaml")
    assert whens(kb) == {"a": "2026"}
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "again")
    clock.stamp(root / ".git/index")
    assert whens(kb) == {"a": "2026"}
    (root / "claims/a.yaml").write_text(claim_text("a", when=2028))
    clock.stamp(root / "claims/a.yaml")
    assert whens(kb) == {"a": "2028"}


def test_a_checkout_within_the_last_seconds_is_seen_even_when_gits_index_keeps_its_size_and_time(
        make_kb, kb_at, clock):
    root = committed(make_kb, {"claims/a.yaml": claim_text("a", when=2024)})
    git(root, "checkout", "-q", "-b", "later")
    (root / "claims/a.yaml").write_text(claim_text("a", when=2026))
    git(root, "commit", "-qam", "later")
    git(root, "checkout", "-q", "main")
    clock.stamp(root / "claims")
    moment = clock.stamp(root / ".git/index", ago=1)  # git wrote its index a second ago
    kb = kb_at(root)
    assert whens(kb) == {"a": "2024"}
    size = (root / ".git/index").stat().st_size
    git(root, "checkout", "-q", "later")  # the same entries: only a's content id changes
    os.utime(root / ".git/index", (moment, moment))
    assert (root / ".git/index").stat().st_size == size
    assert whens(kb) == {"a": "2026"}


def test_claims_replaced_by_a_link_is_reported_as_without_the_index(make_kb, kb_at, clock):
    root = make_kb({"claims/a.yaml": claim_text("a", when=2024)})
    clock.stamp(root / "claims")
    kb = kb_at(root)
    assert whens(kb) == {"a": "2024"}
    (root / "claims").rename(root / "real")
    os.symlink(root / "real", root / "claims")
    expected = (1, "", "claims:1:1: error: claims/ is a symbolic link; kb does not follow it: make it a real folder "
                       "[link-outside]\nkb: 1 problem(s) in the knowledge base; the rest loaded. Run `kb check` for "
                       "details.\n")
    for options in ([], [], ["--no-cache"]):
        result = kb(*options, "list", "-o", "ids")
        assert (result.exit_code, result.stdout, result.stderr) == expected
    (root / "claims").unlink()
    (root / "real").rename(root / "claims")
    assert whens(kb) == {"a": "2024"}


def test_an_edit_that_keeps_the_time_but_not_the_size_is_seen(make_kb, kb_at, clock):
    """Tools that copy times along with content (cp -p, rsync -t, tar) can leave an edited file with its old time."""
    root = make_kb({"claims/a.yaml": claim_text("a", when=2024)})
    moment = clock.stamp(root / "claims")
    kb = kb_at(root)
    assert whens(kb) == {"a": "2024"}
    (root / "claims/a.yaml").write_text(claim_text("a", when=2026, note="Moved on."))
    os.utime(root / "claims/a.yaml", (moment, moment))
    assert whens(kb) == {"a": "2026"}


def test_a_link_whose_target_goes_away_is_read_again(make_kb, kb_at, clock):
    root = make_kb({"claims/a.yaml": claim_text("a", when=2024), "claims/z.yaml": claim_text("z", when=2024),
                    "data/big.yaml": "note: " + "x" * (1024 * 1024) + "\n"})
    os.symlink("../data/big.yaml", root / "claims/big.yaml")
    clock.stamp(root / "claims", root / "data")
    kb = kb_at(root)
    summary = "kb: 1 problem(s) in the knowledge base; the rest loaded. Run `kb check` for details."
    assert kb("list", "-o", "ids").stderr.splitlines() == [
        "claims/big.yaml:1:1: error: file is 1,048,583 bytes, over the 1,048,576-byte limit; split it or trim it "
        "[too-large]", summary]
    (root / "data/big.yaml").unlink()
    (root / "claims/z.yaml").write_text(claim_text("z", when=2026))  # and, in the same run, a later file
    clock.stamp(root / "claims/z.yaml")
    for options in ([], ["--no-cache"]):
        result = kb(*options, "list", "-o", "json")
        assert ({c["id"]: c.get("when") for c in json.loads(result.stdout)}, result.stderr.splitlines()) == (
            {"a": "2024", "z": "2026"}, [
            "claims/big.yaml:1:1: error: cannot read the file (No such file or directory); check it exists "
            "[unreadable]", summary])


def test_the_installed_command_in_a_repository_prints_only_its_answer(make_kb):
    """git runs underneath: none of its output may reach the user's terminal."""
    import subprocess
    import sys
    from pathlib import Path

    root = committed(make_kb, {"claims/a.yaml": claim_text("a", when=2024)})
    (root / "claims/b.yaml").write_text(claim_text("b", factory="nowhere"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    kb = [str(Path(sys.executable).parent / "kb"), "list", "-o", "ids"]
    for _ in range(2):  # building the index, then using it
        result = subprocess.run(kb, cwd=root, capture_output=True, text=True, env=env, timeout=60)
        assert (result.returncode, result.stdout, result.stderr) == (1, "a\nb\n", (
            "claims/b.yaml:8:10: error: 'factory': no factory 'nowhere'; add it to claims/registry/factories.yaml or fix "
            "the id "
            "[unknown-ref]\nkb: 1 problem(s) in the knowledge base; the rest loaded. Run `kb check` for details.\n"))


def as_rsync_t_copies(path, text: str, moment: float) -> None:
    """Replace path's content as `rsync -t` does: a new file, given the old modification time, moved over it."""
    copy = path.parent.parent / "copy.tmp"
    copy.write_text(text)
    os.utime(copy, (moment, moment))
    os.replace(copy, path)


def test_a_same_size_edit_with_its_old_time_put_back_is_seen_once_git_has_its_content(make_kb, kb_at, clock):
    """`cp -p` and `rsync -t` give an edited file its old modification time; with the same size, only the
    content's hash can tell. Staged, git's index names the new content's hash: that is what is compared."""
    root = committed(make_kb, {"claims/a.yaml": claim_text("a", when=2024), "claims/b.yaml": claim_text("b")})
    moment = clock.stamp(root / "claims")
    git(root, "update-index", "--refresh")
    clock.stamp(root / ".git/index")
    kb = kb_at(root)
    assert whens(kb) == {"a": "2024", "b": None}
    as_rsync_t_copies(root / "claims/a.yaml", claim_text("a", when=2026), moment)
    git(root, "add", "claims/a.yaml")  # git now holds the file's times as they are: it names nothing edited
    clock.stamp(root / ".git/index")
    assert git(root, "diff-files", "--name-only") == ""
    assert whens(kb) == {"a": "2026", "b": None}


def test_a_same_size_edit_with_its_old_time_put_back_is_seen_before_git_has_its_content(make_kb, kb_at, clock):
    """Not staged: git names the file as edited (its change time moved), and its content's hash is compared."""
    root = committed(make_kb, {"claims/a.yaml": claim_text("a", when=2024), "claims/b.yaml": claim_text("b")})
    moment = clock.stamp(root / "claims")
    git(root, "update-index", "--refresh")
    clock.stamp(root / ".git/index")
    kb = kb_at(root)
    assert whens(kb) == {"a": "2024", "b": None}
    as_rsync_t_copies(root / "claims/a.yaml", claim_text("a", when=2026), moment)
    assert whens(kb) == {"a": "2026", "b": None}
    assert whens(kb) == {"a": "2026", "b": None}  # and it stays so, the file now read
