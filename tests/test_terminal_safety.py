"""Claim text is data: Rich markup and escape sequences print literally, never obeyed."""

from __future__ import annotations

import pytest
from conftest import claim_text

HOSTILE = '"[bold red]boom[/] [link=http://x]y[/link] \\e[31mred\\e[0m \\u202eevil"'


@pytest.fixture
def kb(make_kb, kb_at):
    return kb_at(make_kb({"claims/evil.yaml": claim_text("evil", claim=HOSTILE, quote=HOSTILE)}))


@pytest.mark.parametrize("fmt", ["table", "plain", "csv"])
def test_list_prints_markup_literally_and_escapes_inert(kb, fmt):
    out = kb("list", "-o", fmt, env={"COLUMNS": "300"}).stdout
    assert "[bold red]boom[/]" in out
    assert "[link=http://x]y[/link]" in out
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\x1b[31mred" in out and "\\u202eevil" in out


@pytest.mark.parametrize("fmt", ["rich", "plain"])
def test_show_prints_markup_literally(kb, fmt):
    out = kb("show", "evil", "-o", fmt, env={"COLUMNS": "300"}).stdout
    assert "[bold red]boom[/]" in out
    assert "\x1b" not in out


def test_json_escapes_control_characters(kb):
    out = kb("list", "-o", "json").stdout
    assert "\x1b" not in out and "\\u001b[31mred" in out


def test_entity_names_are_inert_too(make_kb, kb_at):
    kb = kb_at(make_kb({
        "claims/registry/companies.yaml": '- id: acme\n  name: "[blink]Acme\\e]8;;http://evil\\e\\\\"\n',
        "claims/x.yaml": "id: x\nclaim: A claim.\nspeaker: acme\ncompany: acme\nstatus: planned\n"
                         "source: daily-news\nquote: A quote.\n",
    }))
    for args in (["list", "-o", "table"], ["show", "x", "-o", "rich"], ["show", "acme", "-o", "plain"],
                 ["companies", "-o", "table"]):
        out = kb(*args, env={"COLUMNS": "300"}).stdout
        assert "[blink]Acme" in out, args
        assert "\x1b" not in out, args


def test_no_color_is_honoured(kb_repo):
    coloured = kb_repo("list", "-o", "table", env={"FORCE_COLOR": "1", "COLUMNS": "200"}).stdout
    plain = kb_repo("list", "-o", "table", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "200"}).stdout
    assert "\x1b[32m" in coloured  # ids in green
    assert not any(f"\x1b[{code}" in plain for code in ("3", "9", "38;")), "NO_COLOR: no colours (bold may stay)"
