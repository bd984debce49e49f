"""Shared helpers: the repository's own knowledge base, and small ones built per test."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import typer.testing
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
