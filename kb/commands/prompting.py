"""Asking on a terminal: one field at a time, each answer checked as it is given and asked again
when it is wrong (with the schema's own message, "did you mean" included). Tab completes ids.

The prompt is given to `input()`, so that readline knows it is on the line: Ctrl-A, Ctrl-K, Ctrl-U
and the arrows edit the answer and never the prompt."""

from __future__ import annotations

import sys
from typing import Any, Callable, Iterable, Optional

import typer

from ..render.terminal import stderr_colored


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _completion(options: Iterable[str]) -> None:
    try:
        import readline
    except ImportError:  # pragma: no cover - not on every platform
        return
    options = sorted(set(options))
    readline.set_completer(lambda text, state: ([o for o in options if o.startswith(text)] + [None])[state])
    readline.parse_and_bind("tab: complete")
    readline.set_completer_delims(" \t\n,=")  # ids contain hyphens: complete them whole


def read_answer(text: str, default: Optional[str] = None) -> str:
    """One line typed after `text: ` (or `text [default]: `); the default when it is left empty.

    On a terminal the prompt goes through readline (`input()`); in a pipe, through typer.
    Ctrl-C and the end of input raise typer.Abort, as typer.prompt does."""
    if not interactive():
        return typer.prompt(text, default=default, show_default=default not in (None, ""))
    try:
        import readline  # noqa: F401 - input() edits the line with it once it is loaded
    except ImportError:  # pragma: no cover - not on every platform
        pass
    shown = f"{text} [{default}]: " if default not in (None, "") else f"{text}: "
    try:
        answer = input(shown)
    except (EOFError, KeyboardInterrupt):
        raise typer.Abort() from None
    return answer if answer.strip() or default is None else default


def say(message: str) -> None:
    from ..model.text import inert

    typer.secho(f"  {inert(message, one_line=True)}", fg="yellow", err=True, color=stderr_colored())


def ask(label: str, check: Callable[[str], tuple[Any, Optional[str]]], required: bool = False,
        complete: Iterable[str] = (), hint: str = "") -> Any:
    """Ask until check(answer) gives (value, None); an empty answer skips an optional field (None)."""
    _completion(complete)
    hint = "; ".join(filter(None, ["required" if required else "", hint]))
    suffix = f" ({hint})" if hint else ""
    while True:
        answer = read_answer(f"{label}{suffix}").strip()
        if not answer:
            if required:
                say(f"{label} is required: it cannot be left unknown; type it, or press Ctrl-C to stop")
                continue
            return None
        value, problem = check(answer)
        if problem is None:
            return value
        say(problem)


def choose(question: str, options: list[str], default: str) -> str:
    _completion(options)
    while True:
        answer = read_answer(f"{question} [{'/'.join(options)}]", default=default).strip().lower()
        matches = [o for o in options if o.startswith(answer)] if answer else [default]
        if len(matches) == 1:
            return matches[0]
        say(f"answer one of: {', '.join(options)}")


MAPPING_KINDS = ("inferred", "quantities", "attributes", "external")


def typed_value(spec: Any, answer: str, declared: dict[str, str] | None = None) -> Any:
    """What a typed answer stands for in a field of this kind: a list for lists, a number for a month,
    a period in its canonical spelling ('2026-h1' -> '2026-H1'), NAME=VALUE pairs for a mapping (typed as
    kb.model.kinds.typed_pair says, by the attributes' declared types: declared)."""
    kind = spec.metadata["kind"]
    if kind in ("refs", "strings", "tags"):
        return [part.strip() for part in answer.split(",") if part.strip()]
    if kind in ("year", "month") and answer.strip().isdigit():
        return int(answer)
    if kind == "period":
        from ..model.period import canonical

        try:
            return canonical(answer.strip())
        except ValueError:
            return answer.strip()
    if kind in MAPPING_KINDS:
        from ..model.kinds import typed_pair

        pairs = {}
        for item in filter(None, (part.strip() for part in answer.split(";"))):
            name, _, value = (p.strip() for p in item.partition("="))
            pairs[name] = typed_pair(kind, value, declared.get(name) if declared else None)
        return pairs
    return answer


def field_problem(record_type: type, name: str, value: Any) -> Optional[str]:
    """What the schema says is wrong with one field's value, or None."""
    from ..model.validate import build_record

    _, problems = build_record(record_type, {name: value}, {}, "answer", 1, 1)
    found = [p.message for p in problems if p.rule != "missing-key"]
    return found[0] if found else None


def spec_of(record_type: type, name: str) -> Any:
    from ..model.schema import schema_fields

    return next(s for s in schema_fields(record_type) if s.name == name)
