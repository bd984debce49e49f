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
    assert fitted(line, Terminal()) == ("kb: error: Write them for review with: kb extract ingram-de-soto-4b-panasonic-\n"
                                        "    plant-officially --write")
    assert fitted(line, io.StringIO()) == line


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
