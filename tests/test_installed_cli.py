"""The installed `kb` command, run as a user runs it: in a subprocess, from the repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from test_seed_corpus import LGES_IDS


def kb_command() -> str:
    path = Path(sys.executable).parent / "kb"
    assert path.exists(), f"the kb command is not installed next to {sys.executable}; run pip install ."
    return str(path)


def run(*args: str, cwd: Path = REPO, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "KB_ROOT"} | env
    return subprocess.run([kb_command(), *args], cwd=cwd, capture_output=True, text=True, env=environment,
                          timeout=60)


def test_list_company_lges_from_the_repository_root():
    result = run("list", "--company", "LGES", "--format", "ids")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == LGES_IDS


def test_found_from_a_subfolder_and_piped_as_plain_text():
    result = run("list", "--company", "lges", cwd=REPO / "claims" / "registry")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].startswith("article-lges-announcement-shockwaves\t-\topinion\t")
    assert "\x1b[" not in result.stdout


COMMANDS = ["list", "show", "check", "new", "fmt", "schema", "diff", "log", "xref", "companies", "people",
            "factories", "sources", "timeline", "conflicts", "due", "graph", "search", "export", "stats"]


def test_version_and_help():
    assert run("--version").stdout.strip().startswith("kb ")
    listed = run("--help").stdout
    for command in COMMANDS:
        assert command in listed
        help_text = run(command, "--help").stdout
        assert "Example" in help_text, command


CRASH = """\
import kb.answers.query


def compile_filters(*args, **kwargs):
    raise RuntimeError("injected failure")


kb.answers.query.compile_filters = compile_filters  # a bug inside kb, planted before the command starts
"""


def test_crash_is_one_line_without_debug(tmp_path):
    (tmp_path / "sitecustomize.py").write_text(CRASH)
    result = run("list", "--company", "LGES", PYTHONPATH=str(tmp_path))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("kb: internal error: RuntimeError: injected failure (run again with --debug for a "
                             "traceback, and please report it)\n")
    debug = run("--debug", "list", "--company", "LGES", PYTHONPATH=str(tmp_path))
    assert debug.returncode == 1
    assert debug.stderr.startswith("Traceback (most recent call last):")
    assert debug.stderr.splitlines()[-1] == "RuntimeError: injected failure"


def test_an_empty_knowledge_base_lists_nothing(tmp_path):
    (tmp_path / "claims" / "registry").mkdir(parents=True)
    result = run("--root", str(tmp_path), "list", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
