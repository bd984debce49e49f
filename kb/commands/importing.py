"""`kb import`: claims from a CSV, TSV or JSON Lines data set, through a mapping file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import EXIT_PROBLEM, EXIT_USAGE, app, fail, load, note

# Each outcome of a row: its status, the words for one and for several, and a remark.
OUTCOMES = [("new", "new claim", "new claims", ""),
            ("changed", "changed row", "changed rows", " (claims updated)"),
            ("unchanged", "unchanged", "unchanged", ""),
            ("conflict", "conflict", "conflicts", " (claims edited by hand since the last import, or not loading; "
                                                   "left alone)"),
            ("invalid", "invalid row", "invalid rows", " (not imported)"),
            ("duplicate-row", "duplicate row", "duplicate rows", " (the same external id as an earlier row; not "
                                                                  "imported)"),
            ("probable-duplicate", "probable duplicate", "probable duplicates", " (nearly the same claim by the "
                                                                                "same speaker; not imported)")]


@app.command("import")
def import_data(
    data: Annotated[Path, typer.Argument(metavar="FILE", help="The data set: .csv, .tsv or .jsonl.")],
    mapping: Annotated[Path, typer.Option("--map", metavar="MAPPING", help="The mapping file (YAML): which column "
                                          "feeds which field; see README.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would happen; write nothing.")] = False,
    keep_duplicates: Annotated[bool, typer.Option("--keep-duplicates", help="Import rows that are nearly the same "
                                                                            "claim as another by the same speaker.")]
    = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list each new and changed claim.")] = False,
) -> None:
    """Import claims from a CSV, TSV or JSON Lines file.

    Import claims (and the entities they name) from a CSV, TSV or JSON Lines file.

    Each row becomes a claim in kb fmt's layout. Importing the same file again changes
    nothing; a changed row updates its claim, unless the claim was edited by hand since
    (a conflict, reported and left alone). What each import wrote is recorded in
    .kb-import/<system>.tsv: commit it with the claims. --dry-run reports new, changed,
    unchanged, conflicts, id collisions and probable duplicates without writing.
    Exits 1 when a row was invalid or a conflict, 0 otherwise.

    \b
    Examples:
      # the sample register of storage projects (the mapping adds its source):
      kb import tests/data/projects.jsonl --map tests/data/projects.map.yaml \\
        --dry-run
      kb import tests/data/projects.jsonl --map tests/data/projects.map.yaml
    """
    from kb.edit.import_mapping import MappingError, load_mapping
    from kb.edit.importer import (
        DataFileError,
        apply_import,
        data_format,
        plan_import,
        read_rows,
    )
    from kb.model.schema import REGISTRY_FOLDERS
    from kb.model.text import counted, inert
    from kb.store.atomic import WriteRefused

    for path in (data, mapping):
        if not path.is_file():
            raise fail(f"no file {path}")
    kb, _ = load()
    try:
        spec = load_mapping(mapping)
    except MappingError as error:
        raise fail(str(error), EXIT_USAGE)
    label = str(data)
    try:
        fmt = data_format(spec, data)
        rows = read_rows(data, fmt, label)
        if fmt != "jsonl":  # a JSON object may leave out a key it has no value for
            rows = _checked_columns(rows, spec, label)
        plan = plan_import(kb, spec, rows, label, keep_duplicates)
    except DataFileError as error:
        raise fail(str(error))
    for row in plan.rows:
        if row.status in ("conflict", "invalid", "duplicate-row", "probable-duplicate") or (
                verbose and row.status in ("new", "changed")):
            said = [part for part in (row.relpath or row.claim_id, row.message) if part]
            typer.echo(inert(f"{label}:{row.number}: {row.status}: {': '.join(said)}", one_line=True))
    for line in plan.collisions:
        typer.echo(inert(f"{line} (id collision)", one_line=True))
    for line in plan.entity_duplicates:
        typer.echo(inert(f"{line} (probable duplicate entity)", one_line=True))
    for entity_plan in plan.entities:
        for problem in entity_plan.problems:
            typer.echo(inert(str(problem), one_line=True), err=True)
    verb = "would be " if dry_run else ""
    summary = [counted(plan.count(status), one, many) + remark for status, one, many, remark in OUTCOMES
               if plan.count(status)]
    summary.append(f"{counted(len(plan.collisions), 'id collision')} (resolved with the external id)")
    plurals = {kind: folder for folder, kind in REGISTRY_FOLDERS.items()}
    added = ", ".join(counted(len(v), k, plurals.get(k)) for k, v in sorted(plan.new_entities.items())) or "none"
    summary.append(f"new entities: {added}; {len(plan.entity_duplicates)} probably already in the registry")
    typer.echo(f"{'dry run: ' if dry_run else ''}{counted(len(plan.rows), 'row')}: " + "; ".join(summary), err=True)
    if any(p.problems for p in plan.entities):
        raise fail("nothing imported: the new entities above do not validate")
    if not dry_run:
        try:
            written = apply_import(kb.root, plan)
        except (WriteRefused, OSError) as error:
            raise fail(f"nothing imported: {error}")
        entities = sum(len(v) for v in plan.new_entities.values())
        typer.echo(f"wrote {counted(written, 'claim file')} and {counted(entities, 'entity', 'entities')}; "
                   f"the record is {plan.record_path}", err=True)
    elif plan.rows:
        note(f"(nothing {verb}written: dry run)")
    if plan.count("invalid") or plan.count("conflict"):
        raise typer.Exit(EXIT_PROBLEM)


def _checked_columns(rows, spec, label):
    """The rows, once the first shows that every column the mapping names exists (or exits)."""
    from kb.edit.import_mapping import lookup

    first = True
    for number, row in rows:
        if first:
            missing = sorted(c for c in spec.columns if c not in row and lookup(row, c) is None)
            if missing:
                raise fail(f"{label}:{number}: no column {', '.join(repr(c) for c in missing)} (named in "
                           f"{spec.path}); columns are: {', '.join(row)}", EXIT_USAGE)
            first = False
        yield number, row
