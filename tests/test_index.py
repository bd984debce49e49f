"""The index cache is invisible: after any edit, answers with it equal answers without it.

Each scenario edits a knowledge base the way people do (add, edit, remove, rename,
move folders, registry changes, git commits and checkouts), then compares `kb list`
and `kb check` with the index against `--no-cache`, and both against the answer written
out by hand for that step. Time is the test's (the `clock` fixture): "just edited" runs
with every edit inside the window in which kb looks at recent files again, "edited long
ago" with every edit dated in the past, each a second later than the one before, so that
the comparison by modification time, not the re-check of recent files, is what is tested.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import claim_text, git


def same_answers(kb, expected: tuple) -> None:
    """With the index and without it, the same output; and what a user sees is what was expected:
    (ids listed, ids listed for --company acme, (file, rule) of each problem `kb check` finds)."""
    outputs = []
    for args in (["list", "-o", "json"], ["list", "--company", "acme", "-o", "ids"], ["check", "-o", "json"]):
        cached = kb(*args)
        fresh = kb("--no-cache", *args)
        assert (cached.exit_code, cached.stdout, cached.stderr) == (fresh.exit_code, fresh.stdout, fresh.stderr), args
        outputs.append(cached.stdout)
    listed, acme, check = outputs
    assert ([c["id"] for c in json.loads(listed)], acme.split(),
            [(p["path"], p["rule"]) for p in json.loads(check)]) == expected
    assert (kb.root / ".kb-cache").is_dir()


def edits(root: Path) -> list:
    """Each step edits the knowledge base; the test compares answers after every one."""
    claims = root / "claims"
    return [
        lambda: None,
        lambda: (claims / "b.yaml").write_text(claim_text("b", when=2030)),                     # edit, new size
        lambda: (claims / "b.yaml").write_text(claim_text("b", when=2031)),                     # edit, same size
        lambda: (claims / "new.yaml").write_text(claim_text("new", factory="nowhere")),         # add, broken ref
        lambda: (claims / "a.yaml").unlink(),                                                    # remove
        lambda: (claims / "b.yaml").rename(claims / "deep" / "b.yaml"),                         # move
        lambda: shutil.rmtree(claims / "deep" / "deeper"),                                     # folder removed
        lambda: (claims / "registry" / "companies.yaml").write_text("- id: acme\n  name: Acme Cells\n"),  # registry
        lambda: (claims / "bad.yaml").write_text("id: [bad\n"),                                  # broken file
        lambda: (claims / "bad.yaml").write_text(claim_text("bad")),                            # mended
        lambda: (claims / "deep" / "bad.yaml").write_text(claim_text("bad", claim='"Again."')),  # duplicate id
        lambda: (claims / "bad.yaml").unlink(),                                                   # first one gone
        lambda: (claims / "e.yaml").write_text(claim_text("e", supersedes="[bad]")),             # a cycle...
        lambda: (claims / "deep" / "bad.yaml").write_text(claim_text("bad", supersedes="[e]")),
        lambda: (claims / "e.yaml").write_text(claim_text("e")),                                 # ...broken
        lambda: (claims / "g.yaml").write_text(claim_text("g", claim='"Claim b."')),             # near-duplicates
        lambda: (claims / "h.yaml").write_text(claim_text("h", claim='"Claim b again."')),       # of b, then of g
        lambda: (claims / "deep" / "b.yaml").write_text(claim_text("b", claim='"Other."')),
        lambda: (claims / "g.yaml").write_text(claim_text("g", claim='"Claim b."', speaker="globex")),
        lambda: (claims / "g.yaml").write_text(claim_text("g", claim='"Claim b."')),
        lambda: (claims / "h.yaml").unlink(),
        lambda: (claims / "f.yaml").write_text(claim_text("f", factory="acme-springfeld")),      # a typo...
        lambda: (claims / "registry" / "factories.yaml").write_text(                              # ...and a
            "- id: acme-springfeld2\n  name: Other plant\n"),                                     # closer id
        lambda: (claims / "registry" / "people.yaml").write_text("- id: acme\n  name: Acme Person\n"),  # id clash
        lambda: (claims / "registry" / "people.yaml").write_text("- id: jane-doe\n  name: Jane Doe\n"),
    ]


# What a user sees after each step, worked out by hand: (ids listed, ids listed for --company acme,
# (file, rule) of each problem).
NEW_REF = ("claims/new.yaml", "unknown-ref")
C_REFS = [("claims/deep/c.yaml", "unknown-ref")] * 2  # globex, its speaker and company, left the registry
F_REF = ("claims/f.yaml", "unknown-ref")
G_DUP, H_DUP = ("claims/g.yaml", "probable-duplicate"), ("claims/h.yaml", "probable-duplicate")
EXPECTED = [
    (["a", "b", "c", "d"], ["a", "b", "d"], []),
    (["a", "b", "c", "d"], ["a", "b", "d"], []),
    (["a", "b", "c", "d"], ["a", "b", "d"], []),
    (["a", "b", "c", "d", "new"], ["a", "b", "d", "new"], [NEW_REF]),
    (["b", "c", "d", "new"], ["b", "d", "new"], [NEW_REF]),
    (["b", "c", "d", "new"], ["b", "d", "new"], [NEW_REF]),
    (["b", "c", "new"], ["b", "new"], [NEW_REF]),
    (["b", "c", "new"], ["b", "new"], C_REFS + [NEW_REF]),
    (["b", "c", "new"], ["b", "new"], [("claims/bad.yaml", "yaml-syntax")] + C_REFS + [NEW_REF]),
    (["b", "bad", "c", "new"], ["b", "bad", "new"], C_REFS + [NEW_REF]),
    (["b", "bad", "bad", "c", "new"], ["b", "bad", "bad", "new"],
     [("claims/deep/bad.yaml", "duplicate-id")] + C_REFS + [NEW_REF]),
    (["b", "bad", "c", "new"], ["b", "bad", "new"], C_REFS + [NEW_REF]),
    (["b", "bad", "c", "e", "new"], ["b", "bad", "e", "new"], C_REFS + [NEW_REF]),
    (["b", "bad", "c", "e", "new"], ["b", "bad", "e", "new"],
     [("claims/deep/bad.yaml", "supersedes-cycle")] + C_REFS + [NEW_REF]),
    (["b", "bad", "c", "e", "new"], ["b", "bad", "e", "new"], C_REFS + [NEW_REF]),
    # g says what b says, h one word more: warned about, each naming the first claim it repeats
    (["b", "bad", "c", "e", "g", "new"], ["b", "bad", "e", "g", "new"], C_REFS + [G_DUP, NEW_REF]),
    (["b", "bad", "c", "e", "g", "h", "new"], ["b", "bad", "e", "g", "h", "new"], C_REFS + [G_DUP, H_DUP, NEW_REF]),
    # b says something else: g no longer repeats anything, h still repeats g
    (["b", "bad", "c", "e", "g", "h", "new"], ["b", "bad", "e", "g", "h", "new"], C_REFS + [H_DUP, NEW_REF]),
    # g's speaker is globex, which left the registry at step 7: a dangling speaker, and no one repeated
    (["b", "bad", "c", "e", "g", "h", "new"], ["b", "bad", "e", "g", "h", "new"],
     C_REFS + [("claims/g.yaml", "unknown-ref"), NEW_REF]),
    (["b", "bad", "c", "e", "g", "h", "new"], ["b", "bad", "e", "g", "h", "new"], C_REFS + [H_DUP, NEW_REF]),
    (["b", "bad", "c", "e", "g", "new"], ["b", "bad", "e", "g", "new"], C_REFS + [NEW_REF]),
    (["b", "bad", "c", "e", "f", "g", "new"], ["b", "bad", "e", "f", "g", "new"], C_REFS + [F_REF, NEW_REF]),
    (["b", "bad", "c", "e", "f", "g", "new"], ["b", "bad", "e", "f", "g", "new"], C_REFS + [F_REF, NEW_REF]),
    # jane-doe gone (and acme a person too): every claim she speaks dangles; f and new have two references each
    (["b", "bad", "c", "e", "f", "g", "new"], ["b", "bad", "e", "f", "g", "new"],
     [("claims/deep/b.yaml", "unknown-ref"), ("claims/deep/bad.yaml", "unknown-ref")] + C_REFS
     + [("claims/e.yaml", "unknown-ref"), F_REF, F_REF, ("claims/g.yaml", "unknown-ref"), NEW_REF, NEW_REF,
        ("claims/registry/people.yaml", "duplicate-id")]),
    (["b", "bad", "c", "e", "f", "g", "new"], ["b", "bad", "e", "f", "g", "new"], C_REFS + [F_REF, NEW_REF]),
]


def build(make_kb):
    return make_kb({
        "claims/a.yaml": claim_text("a"),
        "claims/b.yaml": claim_text("b", when=2024),
        "claims/deep/c.yaml": claim_text("c", company="globex", speaker="globex"),
        "claims/deep/deeper/d.yaml": claim_text("d", concerns="[acme]", speaker="globex", company="globex"),
    })


@pytest.mark.parametrize("long_ago", [False, True], ids=["just-edited", "edited-long-ago"])
def test_outside_git(make_kb, kb_at, clock, long_ago):
    kb = kb_at(build(make_kb))
    for step, expected in zip(edits(kb.root), EXPECTED, strict=True):
        step()
        if long_ago:
            clock.settle(kb.root)
        same_answers(kb, expected)


@pytest.mark.parametrize("long_ago", [False, True], ids=["just-edited", "edited-long-ago"])
def test_inside_git(make_kb, kb_at, clock, long_ago):
    kb = kb_at(build(make_kb))
    git(kb.root, "init", "-q", "-b", "main")
    git(kb.root, "add", "-A")
    git(kb.root, "commit", "-qm", "start")
    for number, (step, expected) in enumerate(zip(edits(kb.root), EXPECTED, strict=True)):
        step()
        if long_ago:
            clock.settle(kb.root)
        same_answers(kb, expected)
        if number % 3 == 0:  # sometimes the edit is committed, which changes git's index but not the files
            git(kb.root, "add", "-A")
            git(kb.root, "commit", "-qm", f"step {number}", "--allow-empty")
            if long_ago:
                clock.settle(kb.root)
            same_answers(kb, expected)
    git(kb.root, "checkout", "-q", "HEAD~2")  # files change underneath, through git: back to step 18 (the
    if long_ago:                              # commits are those of steps 0, 3, ... 24)
        clock.settle(kb.root)
    same_answers(kb, EXPECTED[18])


def test_corrupt_foreign_or_old_index_is_rebuilt(make_kb, kb_at):
    kb = kb_at(build(make_kb))
    expected = kb("--no-cache", "list", "-o", "json").stdout
    assert kb("list", "-o", "json").stdout == expected
    cache = kb.root / ".kb-cache"
    database = cache / (cache / "current").read_text().strip()
    database.write_bytes(b"this is not a database" * 100)                      # corrupt
    assert kb("list", "-o", "json").stdout == expected
    (cache / "current").write_text("../../etc/passwd\n")                        # a pointer out of the folder
    assert kb("list", "-o", "json").stdout == expected
    import sqlite3

    database = cache / (cache / "current").read_text().strip()
    with sqlite3.connect(database) as conn:                                     # written by another version
        conn.execute("UPDATE meta SET value = '0.0.1' WHERE key = 'kb'")
    assert kb("list", "-o", "json").stdout == expected
    (cache / "index-leftover.sqlite").write_bytes(b"half a rebuild")           # an interrupted rebuild
    assert kb("list", "-o", "json").stdout == expected


def test_unusable_cache_folder_falls_back_to_memory(make_kb, kb_at):
    kb = kb_at(build(make_kb))
    (kb.root / ".kb-cache").write_text("a file where the cache folder would go")
    result = kb("list", "-o", "ids")
    assert result.exit_code == 0 and result.stdout.split() == ["a", "b", "c", "d"]
    assert (kb.root / ".kb-cache").read_text() == "a file where the cache folder would go"


def test_cache_folder_ignores_itself(make_kb, kb_at):
    kb = kb_at(build(make_kb))
    kb("list")
    assert (kb.root / ".kb-cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_concurrent_processes_all_succeed(tmp_path):
    """Several kb processes on a knowledge base with no index yet: all build or wait, all answer alike."""
    import sys

    from conftest import REPO

    root = tmp_path / "kb"
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), str(root), "--claims", "3000"],
                   check=True, capture_output=True)
    kb = Path(sys.executable).parent / "kb"
    env = {k: v for k, v in os.environ.items() if k != "KB_ROOT"}
    expected = subprocess.run([str(kb), "--no-cache", "list", "--status", "planned", "-o", "ids"], cwd=root,
                              capture_output=True, text=True, env=env).stdout
    commands = [["check"]] + [["list", "--status", "planned", "-o", "ids"]] * 4 + [["show", "c-000001"]]
    processes = [subprocess.Popen([str(kb), *c], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=env) for c in commands]
    results = [(p.communicate(timeout=300), p.returncode) for p in processes]
    for ((out, err), code), command in zip(results, commands):
        assert "Traceback" not in err and "kb: error" not in err and "internal error" not in err, (command, err)
        assert code == 0, (command, err)
        if command[0] == "list":
            assert out == expected
    after = subprocess.run([str(kb), "list", "--status", "planned", "-o", "ids"], cwd=root, capture_output=True,
                           text=True, env=env)
    assert after.stdout == expected


def test_new_filters_alike_with_and_without_the_index(tmp_path, kb_at, clock):
    """Periods (fiscal years placed by their company's year-end, which another file holds), amounts,
    declared attributes, external ids and tags answer alike from a kept index and a fresh one, as the
    registry and the claims change."""
    root = tmp_path / "kb"
    shutil.copytree(Path(__file__).parent / "fixtures" / "real-sources", root)
    companies = root / "claims" / "registry" / "companies.yaml"
    claim = root / "claims" / "kansas" / "panasonic-kansas-full-production-fy2027.yaml"
    kb = kb_at(root)
    commands = [["--due", "2026-H2"], ["--due", "..2026-Q1"], ["--year", "2027"], ["--year", "2025..2026"],
                ["--min", "capacity=10GWh/yr"], ["--max", "investment=6billionUSD"], ["--where", "chemistry=nca"],
                ["--external", "aca"], ["--all-tags", "a", "--all-tags", "b"], ["--sort", "when"]]
    steps = [
        lambda: None,
        lambda: companies.write_text(companies.read_text().replace("fiscal_year_end: 3", "fiscal_year_end: 12")),
        lambda: companies.write_text(companies.read_text().replace("  fiscal_year_end: 12\n", "")),
        lambda: claim.write_text(claim.read_text().replace("when: FY2027", "when: FY2026-H2") + "tags: [a, b]\n"),
        lambda: claim.write_text(claim.read_text().replace("chemistry: NCA", "chemistry: NMC")
                                 + "quantities:\n  capacity: 30 GWh/yr\nexternal:\n  aca: K-1\n"),
    ]
    for step in steps:
        step()
        clock.settle(root)
        for args in commands:
            cached, fresh = kb("list", *args, "-o", "plain"), kb("--no-cache", "list", *args, "-o", "plain")
            assert (cached.exit_code, cached.stdout) == (fresh.exit_code, fresh.stdout), args
    assert "panasonic-kansas-full-production-fy2027" in kb("list", "--min", "capacity=20GWh/yr", "-o", "ids").stdout
