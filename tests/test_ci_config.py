"""pre-commit and CI run the same checks with the same strictness, and the hook shows warnings."""

from __future__ import annotations

import re
import shlex

import yaml
from conftest import REPO


def hooks() -> dict[str, dict]:
    return {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}


def workflow_commands() -> dict[str, list[str]]:
    """'kb check', 'kb fmt' -> the options the workflow runs them with (the GitHub output format aside)."""
    workflow = yaml.safe_load((REPO / ".github/workflows/kb-check.yml").read_text())
    commands = {}
    for step in workflow["jobs"]["check"]["steps"]:
        words = shlex.split(step.get("run", "").split(">>")[0])
        if words[:1] == ["kb"] and words[1] in ("check", "fmt"):
            options = words[2:]
            if "--format" in options:  # how problems are printed, not which ones
                del options[options.index("--format"):options.index("--format") + 2]
            commands[f"kb {words[1]}"] = options
    return commands


def test_the_hooks_run_what_ci_runs_with_the_same_strictness():
    entries = {hook_id: shlex.split(hook["entry"]) for hook_id, hook in hooks().items()}
    assert entries == {"kb-check": ["kb", "check", "--strict"], "kb-fmt": ["kb", "fmt", "--check"]}
    assert workflow_commands() == {"kb check": ["--strict"], "kb fmt": ["--check"]}


def test_the_check_hook_shows_warnings_even_when_it_passes():
    assert hooks()["kb-check"]["verbose"] is True


def test_the_hooks_run_on_the_files_ci_runs_on():
    workflow = yaml.safe_load((REPO / ".github/workflows/kb-check.yml").read_text())
    on = workflow.get("on", workflow.get(True))  # PyYAML reads the key `on` as true
    assert on["pull_request"]["paths"] == ["claims/**", "sources/**"]
    check_files = re.compile(hooks()["kb-check"]["files"])
    for path, watched in [("claims/a/b.yaml", True), ("claims/registry/people.yaml", True),
                          ("sources/article.txt", True), ("README.md", False), ("kb/cli.py", False)]:
        assert bool(check_files.search(path)) is watched, path


def test_the_suite_runs_on_every_python_the_package_admits():
    """The workflow's matrix holds each Python from requires-python's lowest up to the newest released, and
    runs README's command (as .ci/run does) on each."""
    pyproject = (REPO / "pyproject.toml").read_text()
    lowest = re.search(r'requires-python\s*=\s*">=3\.(\d+)"', pyproject).group(1)
    workflow = yaml.safe_load((REPO / ".github/workflows/tests.yml").read_text())
    job = workflow["jobs"]["tests"]
    versions = job["strategy"]["matrix"]["python-version"]
    assert versions == [f"3.{minor}" for minor in range(int(lowest), 14)]
    assert job["steps"][1]["with"]["python-version"] == "${{ matrix.python-version }}"
    ci_run = (REPO / ".ci/run").read_text().splitlines()[-1]
    assert job["steps"][-1]["run"] == ci_run.replace("rm -rf .venv\n", "")
