"""Nothing a user wrote is lost: atomic writes survive a kill, and refused writes touch nothing."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap

import pytest
from conftest import REPO, claim_text

from kb.store.atomic import WriteRefused, write_text_atomic

CHILD = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    import kb.store.atomic

    def stalled_fsync(fd):
        print("halfway", flush=True)   # the new text is in the temporary file, not yet renamed
        time.sleep(60)

    os.fsync = stalled_fsync
    kb.store.atomic.write_text_atomic(Path(sys.argv[1]), "new text\\n" * 100000, overwrite=True)
""")


def test_a_write_killed_midway_leaves_the_old_file(tmp_path, make_kb, kb_at):
    root = make_kb({"claims/keep.yaml": claim_text("keep")})
    target = root / "claims/keep.yaml"
    original = target.read_text()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(target), str(REPO)], stdout=subprocess.PIPE,
                             text=True)
    try:
        ready, _, _ = select.select([child.stdout], [], [], 60)  # a child that never gets halfway fails, not hangs
        assert ready, "the writing process did not reach the point where it is killed within 60 s"
        assert child.stdout.readline().strip() == "halfway"
        leftovers = [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")]
        assert leftovers, "the new text should be in a temporary file beside the target"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert target.read_text() == original
    result = kb_at(root)("list", "-o", "ids")  # the stray temporary file is not taken for a claim
    assert result.exit_code == 0 and result.stdout.split() == ["keep"]


def test_refuses_to_overwrite_unless_asked(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("mine\n")
    with pytest.raises(WriteRefused):
        write_text_atomic(path, "theirs\n")
    assert path.read_text() == "mine\n"
    write_text_atomic(path, "theirs\n", overwrite=True)
    assert path.read_text() == "theirs\n"


def test_refuses_to_write_outside_the_repository(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    with pytest.raises(WriteRefused):
        write_text_atomic(root / ".." / "escape.yaml", "x\n", root=root)
    assert not (tmp_path / "escape.yaml").exists()


def test_refuses_to_write_through_a_link(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("keep\n")
    (tmp_path / "repo").mkdir()
    os.symlink(outside, tmp_path / "repo" / "link.yaml")
    with pytest.raises(WriteRefused):
        write_text_atomic(tmp_path / "repo" / "link.yaml", "x\n", overwrite=True, root=tmp_path / "repo")
    assert outside.read_text() == "keep\n"


def test_fmt_refuses_a_result_that_would_not_load_back(make_kb, kb_at, monkeypatch):
    text = "status: planned\n" + claim_text("keep")
    text = text.replace("status: planned\n", "", 1).replace("status: planned", "status: planned  # note")
    root = make_kb({"claims/keep.yaml": "company: acme\n" + text.replace("company: acme\n", "")})
    before = (root / "claims/keep.yaml").read_text()
    import kb.edit.fmt

    real = kb.edit.fmt._render
    monkeypatch.setattr(kb.edit.fmt, "_render", lambda *a: real(*a).replace("company: acme\n", ""))
    result = kb_at(root)("fmt")
    assert result.exit_code == 1
    assert "not formatted: claims/keep.yaml:1:1: error: formatting would change this file's data or comments; " \
           "left as it is (please report this file) [not-formatted]" in result.stderr
    assert (root / "claims/keep.yaml").read_text() == before


def test_new_refuses_a_file_that_would_not_load_back(make_kb, kb_at, monkeypatch):
    import kb.edit.new as new_module

    run = kb_at(make_kb({}))
    real = new_module.dump_claim
    monkeypatch.setattr(new_module, "dump_claim", lambda values, t: real(values, t).replace("when: 2026\n", ""))
    result = run("new", "--speaker", "jane-doe", "--company", "acme", "--status", "planned", "--source",
                "daily-news", "--claim", "Acme grows.", "--quote", "We grow.", "--when", "2026")
    assert result.exit_code == 1
    assert "would not load back" in result.stderr
    assert not (run.root / "claims" / "daily-news").exists()
