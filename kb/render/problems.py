"""Problem formatters, apart from the checks that find problems (as in yamllint).

standard: grouped by file for people; parsable: one `file:line:col:` line each, for
editors and grep; github: workflow commands that annotate the pull request's lines;
json: a list of objects.
"""

from __future__ import annotations

import json
from itertools import groupby
from typing import Callable, Sequence, TextIO

from ..model.problem import ERROR, Problem
from ..model.text import inert
from .terminal import fitted, width_of, wrapped


def parsable(problems: Sequence[Problem], out: TextIO, color: bool = False) -> None:
    for problem in problems:
        out.write(fitted(inert(str(problem), one_line=True), out) + "\n")


def standard(problems: Sequence[Problem], out: TextIO, color: bool = False) -> None:
    """File name, then its problems indented: 'line:col  severity  message  (rule)'."""
    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    width = width_of(out)
    for path, items in groupby(problems, key=lambda p: p.path):
        out.write(paint(inert(path, one_line=True), "4") + "\n")
        for p in items:
            severity = paint(f"{p.severity:<7}", "31" if p.severity == ERROR else "33")
            text = f"{inert(p.message, one_line=True)}  ({p.rule})"
            if width is not None:  # on a terminal: wrapped between words, under the message's first word
                text = ("\n" + " " * 20).join(wrapped(text, max(width - 20, 20)))
            message, _, rule = text.rpartition("(")
            out.write(f"  {p.line}:{p.column}".ljust(10) + f" {severity}  {message}" + paint(f"({rule}", "2") + "\n")
        out.write("\n")


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github(problems: Sequence[Problem], out: TextIO, color: bool = False) -> None:
    """`::error file=...,line=...,col=...,title=...::message`, one line per problem."""
    for p in problems:
        level = "error" if p.severity == ERROR else "warning"
        props = ",".join([f"file={_github_escape(p.path, True)}", f"line={p.line}", f"col={p.column}",
                          f"title={_github_escape('kb ' + p.rule, True)}"])
        out.write(f"::{level} {props}::{_github_escape(inert(p.message))}\n")


def as_json(problems: Sequence[Problem], out: TextIO, color: bool = False) -> None:
    data = [{"path": p.path, "line": p.line, "column": p.column, "severity": p.severity, "rule": p.rule,
             "message": p.message} for p in problems]
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


FORMATTERS: dict[str, Callable[..., None]] = {
    "standard": standard, "parsable": parsable, "github": github, "json": as_json,
}
