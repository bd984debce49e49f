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


def test_the_hook_on_a_warm_checkout_and_ci_on_a_fresh_clone_agree_on_the_same_edits(tmp_path):
    """Issue 19: the hook (`kb check --strict`, with the index kept from the run before) passed edits that CI
    (`kb check --format github --strict` on a fresh clone, no index) rejected. Each command is run exactly as
    its file writes it, the installed `kb` on the PATH, over the same commits of tests/fixtures/real-sources."""
    import os
    import shutil
    import subprocess
    import sys

    from conftest import git

    hook = shlex.split(hooks()["kb-check"]["entry"])
    workflow = yaml.safe_load((REPO / ".github/workflows/kb-check.yml").read_text())
    ci = next(shlex.split(step["run"]) for step in workflow["jobs"]["check"]["steps"]
              if step.get("run", "").startswith("kb check"))
    environment = {k: v for k, v in os.environ.items() if k not in ("KB_ROOT", "KB_NO_CACHE")}
    environment["PATH"] = f"{os.path.dirname(sys.executable)}{os.pathsep}{environment.get('PATH', '')}"

    def run(command: list[str], where) -> int:
        return subprocess.run(command, cwd=where, env=environment, capture_output=True, timeout=120).returncode

    checkout = tmp_path / "checkout"
    shutil.copytree(REPO / "tests/fixtures/real-sources", checkout)
    git(checkout, "init", "-q", "-b", "main")
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "start")
    assert run(hook, checkout) == 0  # the index is built: later runs are warm
    kansas = checkout / "claims/kansas/panasonic-kansas-full-production-fy2027.yaml"
    companies = checkout / "claims/registry/companies.yaml"
    edits = [  # what each commit changes, and whether it is broken
        ("a value the declaration does not allow", lambda: kansas.write_text(
            kansas.read_text().replace("chemistry: NCA", "chemistry: XYZ")), 1),
        ("mended", lambda: kansas.write_text(kansas.read_text().replace("chemistry: XYZ", "chemistry: NCA")), 0),
        ("an external id repeated by a new claim", lambda: (checkout / "claims/arizona/row-again.yaml").write_text(
            "id: row-again\nclaim: The register lists the plant again.\nspeaker: lges\ncompany: lges\n"
            "status: statement\nsource: arizona-register\nquote: Row 117\nquote_kind: paraphrase\n"
            "external:\n  aca-row: \"117\"\n"), 1),
        ("a company named like another one's alias", lambda: (
            (checkout / "claims/arizona/row-again.yaml").unlink(),
            companies.write_text(companies.read_text() + "\n- id: lg-chem\n  name: LGES\n  country: South Korea\n")), 1),
    ]
    for number, (what, edit, broken) in enumerate(edits):
        edit()
        git(checkout, "add", "-A")
        git(checkout, "commit", "-qm", what)
        clone = tmp_path / f"clone-{number}"
        subprocess.run(["git", "clone", "-q", str(checkout), str(clone)], check=True, capture_output=True)
        assert (run(hook, checkout), run(ci, clone)) == (broken, broken), what


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
