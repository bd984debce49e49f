"""cli.py imports only the module of the command named: its map must name every command's module."""

import subprocess
import sys

import cli


def test_every_command_is_found_in_the_module_cli_names():
    app = cli.app  # every module imported
    where = {c.name or c.callback.__name__.replace("_", "-"): c.callback.__module__ for c in app.registered_commands}
    where.update({g.name: g.typer_instance.registered_commands[0].callback.__module__ for g in app.registered_groups})
    assert {name: f"kb.commands.{module}" for name, module in cli.COMMAND_MODULES.items()} == where


def test_the_command_named_is_found_after_the_global_options():
    assert cli._command_named(["--root", "x", "--no-cache", "list", "--company", "LGES"]) == "list"
    assert cli._command_named(["--root=x", "show", "id"]) == "show"
    assert cli._command_named(["--debug"]) is None
    assert cli._version_only(["--no-cache", "--version"])
    assert not cli._version_only(["--version", "--help"])
    assert not cli._version_only(["list", "--version"])


def test_a_command_imports_its_own_module_only():
    code = ("import sys; sys.argv = ['kb', 'show', '--help']; import cli\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('kb.commands.')), file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stderr.strip() == "['kb.commands.common', 'kb.commands.show']"
    assert "Usage: kb show" in run.stdout


def test_every_summary_in_kb_help_is_whole_at_80_columns(kb_repo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    lines = kb_repo("--help").stdout.split("Commands:")[1].strip().splitlines()
    assert len(lines) == len(cli.COMMAND_MODULES)
    assert [line for line in lines if not line.endswith(".")] == []  # click cuts a long one with '...'
    assert [line for line in lines if line.endswith("...")] == []
