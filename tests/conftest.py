"""Shared helpers: the repository's own knowledge base, and small ones built per test."""

from __future__ import annotations

import os
import shlex
import textwrap
from pathlib import Path

import pytest
import typer.testing
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from cli import app

_set_up: dict = {}
_get_command = typer.testing._get_command


def _command_set_up_once(typer_app):
    """Typer works out every command's options on each invoke; hundreds of in-process runs need them once."""
    if id(typer_app) not in _set_up:
        _set_up[id(typer_app)] = (typer_app, _get_command(typer_app))
    return _set_up[id(typer_app)][1]


typer.testing._get_command = _command_set_up_once

REPO = Path(__file__).resolve().parent.parent


def _command_built_once() -> None:
    """Typer's CliRunner turns the app into a click command on every `invoke`, which costs more than most
    of the runs it serves (every command's signature read again); the command is the same each time."""
    import functools

    import typer.testing

    if hasattr(typer.testing, "_get_command"):
        typer.testing._get_command = functools.lru_cache(maxsize=None)(typer.testing._get_command)


_command_built_once()

# Property tests: the same examples on every run (derandomized, no example database), so that a failure
# is repeatable and the suite's time does not vary; KB_FUZZ=long explores many more, at random.
_SLOW_OK = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True, database=None,
                          suppress_health_check=_SLOW_OK)
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=_SLOW_OK)
settings.load_profile("long" if os.environ.get("KB_FUZZ") == "long" else "ci")

REGISTRY = {
    "companies.yaml": """\
        - id: acme
          name: Acme Batteries
          aliases: [ACB]

        - id: globex
          name: Globex
        """,
    "people.yaml": """\
        - id: jane-doe
          name: Jane Doe
          role: CEO
          company: acme
        """,
    "factories.yaml": """\
        - id: acme-springfield
          name: Springfield plant
          aliases: [Springfield]
          owner: acme
          city: Springfield
          country: United States
        """,
    "sources.yaml": """\
        - id: daily-news
          title: Daily News
          kind: article
        """,
}


def claim_text(claim_id: str, **fields: object) -> str:
    """A valid claim file's text; keyword arguments replace or add lines (None drops one)."""
    values: dict[str, object] = {
        "id": claim_id, "claim": f"Claim {claim_id}.", "speaker": "jane-doe", "company": "acme",
        "status": "planned", "source": "daily-news", "quote": f"Quote of {claim_id}.",
    }
    values.update(fields)
    return "".join(f"{k}: {v}\n" for k, v in values.items() if v is not None)


@pytest.fixture
def make_kb(tmp_path: Path):
    """Build a knowledge base in tmp_path from {relative path: text}; returns its root."""

    def build(files: dict[str, str], registry: bool = True) -> Path:
        if registry:
            for name, text in REGISTRY.items():
                files = {f"claims/registry/{name}": text, **files}
        for rel, text in files.items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        (tmp_path / "claims").mkdir(exist_ok=True)
        return tmp_path

    return build


class Kb:
    """Runs `kb` in-process against one root, with stdout and stderr apart."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict | None = None):
        return self.runner.invoke(app, ["--root", str(self.root), *args], env=env)


@pytest.fixture
def kb_repo() -> Kb:
    return Kb(REPO)


@pytest.fixture
def kb_at():
    return Kb


def git(root: Path, *args: str) -> str:
    """Run git in root as a fixed author, with no user or system configuration."""
    import subprocess

    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "Ann Analyst", "GIT_AUTHOR_EMAIL": "ann@example.com",
                               "GIT_COMMITTER_NAME": "Ann Analyst", "GIT_COMMITTER_EMAIL": "ann@example.com",
                               "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root), "PATH": os.environ["PATH"]}).stdout


class Clock:
    """kb's idea of "now" (kb.store.freshness and kb.store.index), held still by the test.

    The index looks again at anything stamped within RACY_SECONDS of now, since a timestamp
    may not have ticked yet. Whether an edit falls inside that window must be the test's
    choice, not the machine's speed: `stamp` gives files explicit times relative to this
    clock, each call a later whole second than the last, as real edits are.
    """

    def __init__(self, now: float) -> None:
        import time

        self.now = now
        self._next = 0
        clock = self

        class Time:  # the time module, but for time_ns
            def __getattr__(self, name):
                return getattr(time, name)

            @staticmethod
            def time_ns() -> int:
                return int(clock.now * 1e9)

        self.module = Time()

    def stamp(self, *paths: Path, ago: float = 3600) -> float:
        """Give paths (and everything below a folder) one modification time, `ago` seconds before now
        plus a second more than the last call's; returns it."""
        moment = self.now - ago + self._next
        self._next += 1
        for path in paths:
            for folder, _, files in (os.walk(path) if path.is_dir() else [(path.parent, [], [path.name])]):
                for name in files:
                    os.utime(Path(folder) / name, (moment, moment))
                if path.is_dir():
                    os.utime(folder, (moment, moment))
        return moment

    def settle(self, root: Path) -> None:
        """Every file and folder under root/claims, and git's index, touched since the clock started:
        stamped long ago, as if the edits were made then (each call a later second); the others keep
        their times."""
        moment = self.now - 3600 + self._next
        self._next += 1
        paths = [root / ".git" / "index"] if (root / ".git" / "index").exists() else []
        for folder, _, files in os.walk(root / "claims"):
            paths += [Path(folder)] + [Path(folder) / name for name in files]
        for path in paths:
            if path.stat().st_mtime > self.now - 600:
                os.utime(path, (moment, moment))


@pytest.fixture
def clock(monkeypatch) -> Clock:
    import time

    import kb.store.freshness
    import kb.store.index

    held = Clock(time.time())
    monkeypatch.setattr(kb.store.freshness, "time", held.module)
    monkeypatch.setattr(kb.store.index, "time", held.module)
    return held


def shell_words(command: str) -> list[str]:
    """The words a POSIX shell reads in a command line (comments left out); not a shell line: a failure."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        return list(lexer)
    except ValueError as error:
        raise AssertionError(f"not a shell command line ({error}): {command}")


def kb_part(words: list[str], command: str) -> tuple[list[str], str | None]:
    """kb's words (before any `|`, `&&`, `||` or `;`) and the file its output goes to, if any."""
    for stop in ("|", "&&", "||", ";"):
        if stop in words:
            words = words[:words.index(stop)]
    target = None
    if ">" in words:
        at = words.index(">")
        target, words = words[at + 1], words[:at] + words[at + 2:]
    odd = [w for w in words if set(w) <= set("();<>|&")]
    assert not odd, f"the shell would read {odd} in: {command}"
    return words, target
