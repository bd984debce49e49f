"""On a terminal, what kb says on standard error and `kb check`'s report wrap between words, never inside
one (an id breaks only after a hyphen); in a pipe or a file each stays one line, for grep and editors."""

from __future__ import annotations

import io

from kb.model.problem import Problem
from kb.render.problems import parsable, standard
from kb.render.terminal import fitted


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


MESSAGE = ("'status': 'plannd' is not one of planned, considering, underway, done, cancelled, statement, opinion; "
           "did you mean 'planned'?")


def test_a_long_line_wraps_between_words_on_a_terminal_and_stays_whole_in_a_pipe(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    line = "kb: error: Write them for review with: kb extract ingram-de-soto-4b-panasonic-plant-officially --write"
    # the id fits on the next line: it goes there whole, so it can be copied
    assert fitted(line, Terminal()) == ("kb: error: Write them for review with: kb extract\n"
                                        "    ingram-de-soto-4b-panasonic-plant-officially --write")
    assert fitted(line, io.StringIO()) == line


def test_only_a_word_wider_than_a_line_breaks_and_then_after_a_hyphen_or_a_slash(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    line = "not found: claims/brightvolt-arizona-2026/bve-arizona-sample-production-mid-2026.yaml"
    assert fitted(line, Terminal()) == ("not found:\n"
                                        "    claims/brightvolt-arizona-2026/bve-\n"
                                        "    arizona-sample-production-mid-\n"
                                        "    2026.yaml")


def test_wide_characters_count_two_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "30")
    line = "kb: note: 엘지에너지솔루션 오창 공장 46시리즈 양산 계획"  # 2 columns a Hangul syllable
    lines = fitted(line, Terminal()).splitlines()
    assert lines == ["kb: note: 엘지에너지솔루션", "    오창 공장 46시리즈 양산", "    계획"]
    assert all(sum(2 if "\uac00" <= c <= "\ud7a3" else 1 for c in part) <= 30 for part in lines)


def test_kb_checks_report_wraps_its_messages_under_their_first_word(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    problems = [Problem("claims/acme.yaml", 4, 9, "bad-value", MESSAGE)]
    screen, pipe = Terminal(), io.StringIO()
    standard(problems, screen)
    standard(problems, pipe)
    assert screen.getvalue() == (
        "claims/acme.yaml\n"
        "  4:9      error    'status': 'plannd' is not one of planned, considering,\n"
        "                    underway, done, cancelled, statement, opinion; did you mean\n"
        "                    'planned'?  (bad-value)\n\n")
    assert pipe.getvalue() == f"claims/acme.yaml\n  4:9      error    {MESSAGE}  (bad-value)\n\n"
    parsable(problems, screen := Terminal())
    assert all(len(line) <= 80 for line in screen.getvalue().splitlines())
    assert " ".join(screen.getvalue().split()) == " ".join(str(problems[0]).split())


def stderr_on_a_terminal(args: list[str], columns: int) -> tuple[int, bytes, list[str]]:
    """(exit code, standard output, the lines of standard error) of `kb ARGS` with standard error on a
    terminal of that many columns and standard output a pipe."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios
    from pathlib import Path

    main, side = pty.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    kb = Path(sys.executable).with_name("kb")
    done = subprocess.run([str(kb), *args], stdout=subprocess.PIPE, stderr=side, env=env, timeout=60)
    os.close(side)
    screen = b""
    try:
        while chunk := os.read(main, 4096):
            screen += chunk
    except OSError:
        pass
    os.close(main)
    return done.returncode, done.stdout, screen.decode().splitlines()


def test_standard_error_wraps_at_its_own_terminals_width_when_standard_output_is_a_pipe():
    """`kb show ... --format json | jq` on a 50-column terminal: the error on stderr fits those 50 columns."""
    code, out, lines = stderr_on_a_terminal(["show", "no-such-claim-with-a-long-identifier-here", "--format", "json"], 50)
    assert code == 1 and out == b""
    assert lines == ["kb: error: no claim or entity",
                     "    'no-such-claim-with-a-long-identifier-here';",
                     "    `kb list --format ids` lists claim ids"]


def test_a_usage_error_wraps_between_words_on_a_terminal():
    """Found trying kb at 80 columns: the usage error of an option value ('plannd') was cut mid-word there."""
    code, _, lines = stderr_on_a_terminal(["list", "--status", "plannd"], 50)
    assert code == 2
    assert lines[-4:] == ["Error: Invalid value for '--status': 'plannd' is",
                          "    not a status; did you mean 'planned'? use one",
                          "    of: planned, considering, underway, done,",
                          "    cancelled, statement, opinion"]
