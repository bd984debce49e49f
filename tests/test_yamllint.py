"""Files `kb fmt` and `kb new` write pass yamllint with the repository's `.yamllint.yaml`."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import REPO

yamllint = pytest.importorskip("yamllint")
from test_fmt import MESSY  # noqa: E402
from yamllint import linter  # noqa: E402
from yamllint.config import YamlLintConfig  # noqa: E402

# kb fmt's messy claim, with an empty flow list (concerns: []) in place of a comment line
MESSY_CLAIM = MESSY.replace("# where it was said\n", "concerns: []\n")
MESSY_REGISTRY = """\
# Our sources.
- {id: daily-news, title: "Daily News: the paper", kind: article}   # the local paper
-   id: weekly
    kind: article
    title: Weekly — ‘Batteries’
    aliases: []
"""
AWKWARD = [  # (claim, quote, note) as a user might type them
    ('He said "yes": it\'s done', "“Yes,” he said: it's done. #1 priority", None),
    ("- starts with a dash, ends with a colon:", "? a question mark first & an ampersand * star", "yes"),
    ("LG엔솔 — 4680 ramp-up in 2026 (한국어) ü é ‘quotes’", "null", "true: not a boolean"),
    ("A long claim " + "with many words " * 40, "A long quote, " + "repeated, " * 60, "[not a list]"),
    ("  leading and trailing spaces  ", "tab\tinside", "{not: a mapping}"),
]


def lint(root) -> list[str]:
    config = YamlLintConfig(file=str(REPO / ".yamllint.yaml"))
    problems = []
    for path in sorted(root.rglob("*.y*ml")):
        if ".kb-cache" in path.parts:
            continue
        for problem in linter.run(path.read_text(encoding="utf-8"), config, str(path)):
            problems.append(f"{path.relative_to(root)}:{problem.line}:{problem.column}: {problem.desc} "
                            f"({problem.rule})")
    return problems


def test_the_seed_corpus_after_kb_fmt_passes_yamllint(kb_at, tmp_path):
    shutil.copytree(REPO / "claims", tmp_path / "claims")
    shutil.copytree(REPO / "sources", tmp_path / "sources")
    (tmp_path / "claims/x").mkdir()
    (tmp_path / "claims/x/messy.yaml").write_text(MESSY_CLAIM.replace("jane-doe", "elon-musk")
                                                  .replace("acme", "tesla").replace("daily-news", "weekly"))
    registry = tmp_path / "claims/registry/sources.yaml"
    registry.write_text(registry.read_text() + "\n" + MESSY_REGISTRY)
    assert lint(tmp_path) != [], "the messy files are there to be rewritten"
    result = kb_at(tmp_path)("fmt")
    assert result.exit_code == 0, result.output
    assert result.stdout == "reformatted claims/registry/sources.yaml\nreformatted claims/x/messy.yaml\n"
    assert lint(tmp_path) == []


def test_claims_kb_new_writes_pass_yamllint(make_kb, kb_at):
    root = make_kb({})
    kb = kb_at(root)
    for number, (claim, quote, note) in enumerate(AWKWARD):
        args = ["new", "--id", f"awkward-{number}", "--speaker", "Jane Doe", "--company", "ACB",
                "--status", "planned", "--source", "daily-news", "--claim", claim, "--quote", quote,
                "--tag", "4680", "--tag", "us", "--concerns", "globex", "--when", "2026-H1..2027",
                "--inferred", "when=by the end of next year: maybe"]
        result = kb(*args, *(["--note", note] if note else []))
        assert result.exit_code == 0, result.output
    written = sorted((root / "claims/daily-news").glob("*.yaml"))
    assert [p.name for p in written] == [f"awkward-{n}.yaml" for n in range(len(AWKWARD))]
    assert lint(root) == []
    assert kb("check", "--strict").exit_code == 0
    assert kb("fmt", "--check").exit_code == 0


def test_the_repository_passes_yamllint():
    """`yamllint .` at the repository root, as a user runs it (tests/corpus/ is broken on purpose)."""
    result = subprocess.run([sys.executable, "-m", "yamllint", "--strict", "-f", "parsable", "."], cwd=REPO,
                            capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_what_kb_fmt_makes_of_empty_values_passes_yamllint():
    from kb.edit.fmt import canonical_text

    config = YamlLintConfig(file=str(REPO / ".yamllint.yaml"))
    cases = {"claims/registry/people.yaml": ["[]\n", "[]  # nobody yet\n", "# only comments\n",
                                             "- id: a\n  name: A\n  aliases: []  # none\n"],
             "claims/a/x.yaml": ["id: x\nclaim: C.\nspeaker: a\nstatus: done\nsource: s\nquote: Q.\n"
                                 "tags: []  # later\ninferred: {}\n"]}
    for relpath, texts in cases.items():
        for text in texts:
            formatted, refusal = canonical_text(relpath, text)
            assert refusal == []
            assert [p.desc for p in linter.run(formatted, config, relpath)] == [], formatted
