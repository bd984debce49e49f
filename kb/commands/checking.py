"""`kb check`, `kb fmt` and `kb schema`: validation, the canonical layout, the JSON Schema."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..render.problems import FORMATTERS as PROBLEM_FORMATTERS
from .common import (
    EXIT_PROBLEM,
    all_problems,
    app,
    choices,
    note,
    open_index,
    progress,
    relative_to_root,
    repo_root,
    settings,
)

ProblemFormat = choices("ProblemFormat", PROBLEM_FORMATTERS)


@app.command()
def check(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Only report problems in these files or folders (the whole knowledge base is still loaded, "
             "so references are checked).")] = None,
    fmt: Annotated[Optional[ProblemFormat], typer.Option(
        "--format", "-o", case_sensitive=False,
        help="standard (grouped, for people), parsable (file:line:col lines), github (pull request "
             "annotations) or json. Default: standard on a terminal, parsable in a pipe.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check YAML, schema, ids, references, relations and quotes.

    Check the knowledge base: YAML, schema, ids, references, relations, quotes.

    Exits 0 when clean (warnings alone do not fail unless --strict), 1 when there are
    problems, 2 on usage errors.

    \b
    Examples:
      kb check
      kb check claims/powering-the-future-4680/ --strict
      # in a GitHub Actions workflow:
      kb check --format github
    """
    from kb.model.problem import ERROR
    from kb.render.problems import FORMATTERS

    from kb.render.terminal import colored

    index = open_index()
    with progress("Checking") as step:
        problems = all_problems(index, step)
    claims, entities = index.counts()
    if paths:
        wanted = [relative_to_root(index.root, p) for p in paths]
        problems = [p for p in problems if any(p.path == w or p.path.startswith(w.rstrip("/") + "/")
                                               for w in wanted)]
    chosen = fmt.value if fmt else ("standard" if sys.stdout.isatty() else "parsable")
    color = colored(sys.stdout)
    FORMATTERS[chosen](problems, sys.stdout, color=color)
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    summary = (f"{claims} claims, {entities} entities checked: "
               f"{errors} error(s), {warnings} warning(s)")
    if problems:
        typer.echo(summary, err=True)
    else:
        note(f"ok: {summary}")
    if errors or (strict and warnings):
        raise typer.Exit(EXIT_PROBLEM)

@app.command()
def fmt(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders (default: all of claims/).")] = None,
    check_only: Annotated[bool, typer.Option("--check", help="Change nothing; list files that would change and "
                                                             "exit 1 if any would.")] = False,
    show_diff: Annotated[bool, typer.Option("--diff", help="Also print each change as a unified diff.")] = False,
) -> None:
    """Rewrite files in the canonical layout, keeping every comment.

    Rewrite claim and registry files in the one canonical layout, keeping every comment.

    Files that do not validate are left alone (fix them first: `kb check`).

    \b
    Examples:
      kb fmt
      # in CI:
      kb fmt --check
      # what it would change, line by line:
      kb fmt --check --diff
    """
    from kb.edit.fmt import format_files, paths_to_format, remember_formatted
    from kb.store.atomic import write_text_atomic

    root = repo_root()
    index = open_index()
    wanted = [relative_to_root(root, p) for p in paths] if paths else None
    changed, refused, kept = [], [], []
    chosen = [rel for rel in paths_to_format(index)  # files the index knows to be canonical are not read
              if not wanted or any(rel == w or rel.startswith(w.rstrip("/") + "/") or w == "." for w in wanted)]
    for rel, text, new_text, refusal in format_files(root, chosen):
        if new_text is None:
            refused.extend([refusal] if refusal else [])
            continue
        if new_text != text:
            changed.append(rel)
            if show_diff:
                from kb.model.text import inert

                typer.echo("".join(inert(line) for line in difflib.unified_diff(
                    text.splitlines(keepends=True), new_text.splitlines(keepends=True), f"a/{rel}", f"b/{rel}")),
                    nl=False)
            if not check_only:
                write_text_atomic(root / rel, new_text, overwrite=True, root=root)
        else:
            kept.append((rel, text))
    remember_formatted(index, kept)
    for line in refused:
        typer.echo(f"not formatted: {line}", err=True)
    verb = "would reformat" if check_only else "reformatted"
    for rel in changed:
        typer.echo(f"{verb} {rel}")
    note(f"{len(changed)} file(s) {verb}, {len(refused)} left alone.")
    if refused or (check_only and changed):
        raise typer.Exit(EXIT_PROBLEM)

SchemaName = choices("SchemaName", ("claim", "company", "person", "factory", "source", "product", "milestone",
                                    "attribute"))


@app.command()
def schema(
    name: Annotated[SchemaName, typer.Argument(help="claim, or a registry file: company, person, factory, source, "
                                                    "product, milestone, attribute.")] = SchemaName.claim,
    generic: Annotated[bool, typer.Option("--generic", help="Describe any attributes, not this knowledge base's "
                                                            "declared ones.")] = False,
) -> None:
    """Print the JSON Schema of claim or registry files.

    Print the JSON Schema of claim files (or of a registry file), for editors and other tools.

    Inside a knowledge base, the claim schema describes the attributes it declares
    (claims/registry/attributes.yaml); --generic, or outside one, allows any.

    \b
    Examples:
      kb schema > schema/claim.schema.json
      kb schema company
    """
    import json

    from kb.model.schema_json import json_schema
    from kb.store.files import NoKnowledgeBase, find_root

    attributes = None
    if not generic and name.value == "claim":
        try:
            if settings.root or find_root():
                index = open_index()
                attributes = index.attributes() if index.attributes() else None
        except (NoKnowledgeBase, typer.Exit):
            attributes = None
    typer.echo(json.dumps(json_schema(name.value, attributes), ensure_ascii=False, indent=2))
