"""--quiet and --color, before or after the command; NO_COLOR and FORCE_COLOR; KB_DEBUG."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REPO

ESCAPE = "\x1b["
TABLE = ["list", "--company", "LGES", "-o", "table"]


@pytest.mark.parametrize("args, env, coloured", [
    (["--color", "always", *TABLE], {}, True),
    ([*TABLE, "--color", "always"], {}, True),  # after the command too
    (TABLE, {"FORCE_COLOR": "1"}, True),
    (TABLE, {}, False),  # a pipe: no colour
    (TABLE, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),  # NO_COLOR wins over FORCE_COLOR
    (["--color", "never", *TABLE], {"FORCE_COLOR": "1"}, False),  # the option wins over both
    ([*TABLE, "--color", "always"], {"NO_COLOR": "1"}, True),
    (["--color", "NEVER", *TABLE], {"FORCE_COLOR": "1"}, False),
])
def test_colour_follows_the_option_then_no_color_then_force_color(kb_repo, args, env, coloured):
    result = kb_repo(*args, env={"NO_COLOR": None, "FORCE_COLOR": None, "COLUMNS": "200", **env})
    assert result.exit_code == 0, result.output
    assert (ESCAPE in result.stdout) is coloured
    assert "lges-4680-ochang-mass-production" in result.stdout


def test_the_command_is_found_after_a_colour_choice():
    import cli

    assert cli._command_named(["--color", "never", "-q", "list", "--company", "LGES"]) == "list"
    assert cli._command_named(["--color=always", "show", "x"]) == "show"


def test_an_unknown_colour_choice_is_a_usage_error(kb_repo):
    result = kb_repo("list", "--color", "sometimes")
    assert result.exit_code == 2 and "'sometimes' is not one of 'auto', 'always', 'never'" in result.stderr


def test_quiet_keeps_the_answer_and_leaves_out_the_notes(kb_repo, tmp_path):
    loud = kb_repo("export", "-", "--format", "jsonl")
    quiet = kb_repo("export", "-", "--format", "jsonl", "--quiet")
    assert loud.stderr == "10 claims written to standard output\n" and quiet.stderr == ""
    assert quiet.stdout == loud.stdout and len(quiet.stdout.splitlines()) == 10
    assert kb_repo("-q", "check").stderr == "" and kb_repo("check").stderr.startswith("ok: ")


def test_quiet_keeps_the_problems(make_kb, kb_at):
    root = make_kb({"claims/a.yaml": "id: a\nclaim: [\n"})
    result = kb_at(root)("--quiet", "list")
    assert result.exit_code == 1 and "claims/a.yaml:" in result.stderr


def test_every_command_takes_quiet_and_color(kb_repo):
    from cli import COMMAND_MODULES, app
    from typer.main import get_command

    group = get_command(app)
    for name in COMMAND_MODULES:
        command = group.commands[name]
        commands = command.commands.values() if hasattr(command, "commands") else [command]
        for one in commands:
            options = {o for p in one.params for o in p.opts}
            assert {"--quiet", "-q", "--color"} <= options, (name, one.name)


def test_kb_debug_shows_the_traceback_of_a_failure_of_kb_itself(tmp_path):
    """KB_DEBUG=1 is --debug: an internal error shows its traceback instead of one line."""
    script = ("import sys, cli\n"
              "import kb.commands.listing as listing\n"
              "def broken(*a, **k):\n    raise RuntimeError('boom')\n"
              "listing.selection_listing = broken\n"
              "sys.argv = ['kb', '--root', sys.argv[1], 'list']\ncli.main()\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    plain = subprocess.run([sys.executable, "-c", script, str(REPO)], capture_output=True, text=True, cwd=REPO, env=env)
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    assert "kb: internal error: RuntimeError: boom (run again with --debug" in plain.stderr
    debug = subprocess.run([sys.executable, "-c", script, str(REPO)], capture_output=True, text=True, cwd=REPO,
                           env={**env, "KB_DEBUG": "1"})
    assert debug.returncode == 1 and "Traceback" in debug.stderr and "RuntimeError: boom" in debug.stderr


def test_quiet_leaves_out_what_was_written_where_in_every_command(make_kb, kb_at):
    """kb import's 'wrote ... the record is ...' and its tallies of new entities, and the --as-of note on claims
    with no date: notes, gone with --quiet; the answers stay."""
    root = make_kb({})
    rows, mapping = root / "rows.csv", root / "rows.map.yaml"
    rows.write_text("id,name\n1,Acme opens a plant\n")
    mapping.write_text("system: rows\nexternal: id\nfields:\n  claim: \"{name}\"\n  quote: \"{name}\"\n"
                       "  quote_kind: paraphrase\n  speaker: acme\n  company: acme\n  status: done\n"
                       "  source: daily-news\n")
    kb = kb_at(root)
    loud = kb("import", str(rows), "--map", str(mapping), "--dry-run")
    assert loud.exit_code == 0, loud.output
    quiet = kb("import", str(rows), "--map", str(mapping), "--dry-run", "-q")
    assert "new entities:" in loud.stderr and "new entities:" not in quiet.stderr
    assert "1 row: 1 written" in quiet.stderr  # the answer: what the import does
    wrote = kb("import", str(rows), "--map", str(mapping), "-q")
    assert wrote.exit_code == 0 and "the record is" not in wrote.stderr, wrote.output
    assert "left out" in kb("due", "--as-of", "2025-06").stderr  # the imported claim has no date
    assert "left out" not in kb("due", "--as-of", "2025-06", "-q").stderr
