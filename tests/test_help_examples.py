"""Every example in every command's --help works, and the help shows it as written.

The examples are read from the rendered help (the lines starting with `kb ` in its Examples
block, `\\` continuations joined), parsed as a shell would, and run on a copy of the
repository's seed knowledge base (a git repository with one commit). Only the `kb` part of a
pipeline runs; its output goes to a file in the copy when the example redirects it.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess

import pytest
import typer
from conftest import REPO, kb_part, shell_words
from rich.cells import cell_len
from typer.testing import CliRunner

from cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)
HELP_WIDTH = 80  # what click formats help for when it cannot ask the terminal


def help_text(name: str) -> str:
    result = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": str(HELP_WIDTH)})
    assert result.exit_code == 0, result.output
    return result.output


def example_block(help_output: str) -> list[str]:
    """The lines of the Examples block, as printed."""
    lines, inside = [], False
    for line in help_output.splitlines():
        if re.fullmatch(r"\s*Examples?:\s*", line):
            inside = True
        elif inside and not line.strip():
            break
        elif inside:
            lines.append(line)
    return lines


def examples(help_output: str) -> list[str]:
    """Each example as one command line: `kb ...` lines, with lines ending in `\\` joined."""
    found: list[str] = []
    continued = False
    for line in (line.strip() for line in example_block(help_output)):
        if continued:
            found[-1] = found[-1][:-1].rstrip() + " " + line
        elif line.startswith("kb "):
            found.append(line)
        continued = (continued or line.startswith("kb ")) and line.endswith("\\")
    return found


def kb_args(example: str) -> tuple[list[str], str | None]:
    """The arguments of the example's `kb` command and the file its output is redirected to, if any."""
    words, target = kb_part(shell_words(example), example)
    assert words[0] == "kb", example
    return words[1:], target


def digest(folder) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return hashlib.sha256(b"".join(p.as_posix().encode() + p.read_bytes() for p in files)).hexdigest()


def copy_seed(root):
    """A git repository holding a copy of the seed's claims/ and sources/ (and the sample data sets in
    tests/data/, which examples name as they are in the repository), committed on main."""
    for folder in ("claims", "sources", "tests/data"):
        shutil.copytree(REPO / folder, root / folder)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "The seed"], cwd=root, check=True)
    return root


def run_examples(name: str, root, succeed: bool = False) -> list[str]:
    """Run each example of `kb NAME --help` in root (the current folder) on the knowledge base there; exit 1
    (problems found) is allowed unless succeed. Returns the examples run."""
    runner = CliRunner()
    ran = examples(help_text(name))
    for example in ran:
        args, target = kb_args(example)
        result = runner.invoke(app, ["--root", str(root), *args])
        assert result.exit_code in ((0,) if succeed else (0, 1)), \
            f"{example}\n exits {result.exit_code}: {result.output}"
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"{example} fails inside kb") from result.exception
        if target:
            (root / target).parent.mkdir(parents=True, exist_ok=True)
            (root / target).write_text(result.stdout, encoding="utf-8")
    return ran


@pytest.fixture(scope="module")
def seed_copy(tmp_path_factory):
    return copy_seed(tmp_path_factory.mktemp("seed"))


@pytest.mark.parametrize("name", COMMANDS)
def test_help_shows_each_example_on_its_own_lines(name):
    """Examples keep the line breaks they are written with (click's \\b blocks), none wider than
    the help, and every command has at least one."""
    command = typer.main.get_command(app).commands[name]
    written = [line.strip() for line in example_block(command.help or "")]
    rendered = help_text(name)
    shown = example_block(rendered)
    assert examples(rendered), f"kb {name} --help has no example"
    assert [line.strip() for line in shown] == written, f"kb {name} --help rewraps its examples"
    for line in shown:
        assert cell_len(line) <= HELP_WIDTH, f"kb {name} --help: break this example with `\\`: {line}"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_help_example_runs(name, seed_copy, monkeypatch):
    monkeypatch.chdir(seed_copy)  # paths in examples are relative to where kb runs
    if name == "serve":  # serving lasts until Ctrl-C: here everything up to it runs (tests/test_serve.py serves)
        monkeypatch.setattr("kb.commands.serving.run", lambda folder, host, port: None)
    run_examples(name, seed_copy)


def test_the_writing_examples_write_into_the_copy(tmp_path, monkeypatch):
    before = digest(REPO / "claims"), set((REPO / "exports").glob("*"))
    root = copy_seed(tmp_path)
    monkeypatch.chdir(root)
    for name in ("new", "fmt", "export", "link"):
        run_examples(name, root)
    assert (root / "claims/powering-the-future-4680/lges-ochang-4680-start-mass-production.yaml").is_file()
    ramp_up = (root / "claims/powering-the-future-4680/tesla-4680-ramp-up-2024.yaml").read_text()
    assert ramp_up.endswith("related: [lges-tesla-4680-production-this-year]\n")
    assert (root / "exports/kb.sqlite").is_file() and (root / "exports/lges.csv").is_file()
    assert (digest(REPO / "claims"), set((REPO / "exports").glob("*"))) == before


def test_the_import_examples_import_the_sample_data_set(tmp_path, monkeypatch):
    root = copy_seed(tmp_path)
    monkeypatch.chdir(root)
    ran = run_examples("import", root, succeed=True)
    assert ran == ["kb import tests/data/projects.jsonl --map tests/data/projects.map.yaml --dry-run",
                   "kb import tests/data/projects.jsonl --map tests/data/projects.map.yaml"]
    assert len(list((root / "claims/storage-register").glob("*.yaml"))) == 5
    assert CliRunner().invoke(app, ["--root", str(root), "check"]).exit_code == 0


def test_help_never_cuts_a_word_at_a_hyphen(width=60):
    """Ids, options and periods stay whole: lines break at spaces only (at a narrow width, where most
    lines break)."""
    cut = []
    for name in [*COMMANDS, "add company", "add source"]:
        result = CliRunner().invoke(app, [*name.split(), "--help"], env={"COLUMNS": str(width)})
        cut += [(name, line) for line in result.output.splitlines() if re.search(r"[A-Za-z]-$", line.rstrip())]
    assert cut == []
    new = CliRunner().invoke(app, ["new", "--help"], env={"COLUMNS": str(width)}).output
    assert "elaborates=lges-4680-ochang-mass-production;" in new
