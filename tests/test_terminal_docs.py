"""docs/terminal.md shows `kb list`, `due`, `track`, `record`, `show` and `stats` at 80, 120 and 150
columns; the captures are made by running kb, and must not drift from what it prints."""

from __future__ import annotations

import sys

from conftest import REPO

sys.path.insert(0, str(REPO / "tools"))

import refresh_terminal_docs as terminal_docs  # noqa: E402


def test_the_captures_in_docs_terminal_are_what_kb_prints():
    text = terminal_docs.DOC.read_text(encoding="utf-8")
    assert text == terminal_docs.with_captures(text), \
        "docs/terminal.md is stale: run `python tools/refresh_terminal_docs.py`"


def test_the_captures_cover_every_command_at_every_width():
    text = terminal_docs.DOC.read_text(encoding="utf-8")
    for command in ("kb list", "kb due", "kb track", "kb record", "kb show", "kb stats"):
        assert f"### `{command}" in text, command
    assert text.count("At 80 columns:") == text.count("At 120 columns:") == text.count("At 150 columns:") == 6
    for width in terminal_docs.WIDTHS:
        for block in text.split(f"At {width} columns:\n\n```text\n")[1:]:
            shown = block.split("```", 1)[0]
            assert max(len(line) for line in shown.splitlines()) <= width
