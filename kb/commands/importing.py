"""`kb import`: claims from a CSV, TSV or JSON Lines data set, through a mapping file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import EXIT_PROBLEM, EXIT_USAGE, app, fail, load, note, repo_root, settings

PROGRESS_FROM = 2000  # rows: a bar (on a terminal, after a second) for files longer than this
SPOOL_FROM = 20000  # rows: the texts to write are set aside in a temporary file, not kept in memory


@app.command("import")
def import_data(
    data: Annotated[Path, typer.Argument(metavar="FILE", help="The data set: .csv, .tsv or .jsonl.")],
    mapping: Annotated[Path, typer.Option("--map", metavar="MAPPING", help="The mapping file (YAML): which column "
                                          "feeds which field; see docs/importing.md.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would happen; write nothing.")] = False,
    keep_duplicates: Annotated[bool, typer.Option("--keep-duplicates", hidden=True,
                                                  help="No longer needed: rows that differ are always imported.")]
    = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list each new and changed claim.")] = False,
) -> None:
    """Import claims from a CSV, TSV or JSON Lines file.

    Import claims (and the entities they name) from a CSV, TSV or JSON Lines file.

    Each row becomes a claim in kb fmt's layout, or is rejected with its line, the reason
    and a fix, in .kb-import/<system>.rejects.<format> (fix the rows there and import that
    file again). Importing the same file again changes nothing; a changed row updates its
    claim, unless the claim was edited by hand since (a conflict, reported and left alone).
    What each import wrote is recorded in .kb-import/<system>.tsv: commit it with the
    claims. Exits 1 when a row was rejected for something to fix, or was a conflict; 0
    otherwise (rows skipped as copies of others do not count).

    \b
    Examples:
      # the sample register of storage projects (the mapping adds its source):
      kb import tests/data/projects.jsonl --map tests/data/projects.map.yaml \\
        --dry-run
      kb import tests/data/projects.jsonl --map tests/data/projects.map.yaml
    """
    from kb.edit.import_mapping import MappingError, load_mapping
    from kb.edit.importer import (DataFileError, View, count_lines, data_format, edited_rejects, plan_import,
                                  read_rows, rejects_path)
    from kb.render.progress import bar

    for path in (data, mapping):
        if not path.is_file():
            raise fail(f"no file {path}")
    root = repo_root()
    if not (root / "claims").is_dir():
        raise fail(f"{root} has no claims/ folder; pass the repository root to --root")
    try:
        spec = load_mapping(mapping)
    except MappingError as error:
        raise fail(str(error), EXIT_USAGE)
    label = str(data)
    fmt = data_format(spec, data)
    edited = edited_rejects(root, rejects_path(spec.system, fmt), data)
    if edited is not None:
        shown = edited.relative_to(root).as_posix()
        raise fail(f"{shown} was edited since kb wrote it, and this import would replace it: import it first "
                   f"(kb import {shown} --map {mapping}), or move it away; nothing written")
    lines = count_lines(data)
    header: list[bytes] = []
    view = View.scan(root, lambda: load()[0].claims)
    try:
        rows = read_rows(data, fmt, label, spec.columns, spec.encoding, header)
        if fmt != "jsonl" and not spec.columns:  # a JSON object may leave out a key it has no value for
            rows = _checked_columns(rows, spec, label, header, fmt)
        with _spool(root, lines) as spool:
            with bar(f"Importing {data.name}", enabled=lines > PROGRESS_FROM and not settings.quiet) as step:
                plan = plan_import(view, spec, rows, label, progress=step, total=lines, fmt=fmt, header=header,
                                   spool=spool)
            _report_and_write(plan, root, label, dry_run, verbose)
    except DataFileError as error:
        raise fail(str(error))


def _spool(root: Path, lines: int):
    """A temporary file in the repository's .kb-cache/ for the texts of a large import (none for a small one):
    it has no name, and goes when closed."""
    import contextlib
    import tempfile

    if lines < SPOOL_FROM:
        return contextlib.nullcontext(None)
    from kb.store.files import CACHE_DIR

    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        return tempfile.TemporaryFile(dir=folder)
    except OSError:
        return contextlib.nullcontext(None)


def _report_and_write(plan, root: Path, label: str, dry_run: bool, verbose: bool) -> None:
    from kb.edit.importer import apply_import
    from kb.model.schema import REGISTRY_FOLDERS
    from kb.model.text import counted, inert
    from kb.store.atomic import WriteRefused

    for row in plan.rows:
        if row.status in ("conflict", "rejected") or (verbose and row.status in ("new", "changed")):
            said = [part for part in (plan.relpath_of(row) or row.claim_id, row.message) if part]
            what = "skipped" if row.duplicate else row.status
            fix = f"; fix: {row.fix}" if row.fix and row.status == "rejected" and not row.duplicate else ""
            typer.echo(inert(f"{label}:{row.number}: {what}: {': '.join(said)}{fix}", one_line=True))
    for line in plan.normalised:
        typer.echo(inert(f"{line} (normalised)", one_line=True))
    for line in plan.near:
        typer.echo(inert(f"{line} (near-duplicate)", one_line=True))
    for line in plan.collisions:
        typer.echo(inert(f"{line} (id collision)", one_line=True))
    if plan.collision_count > len(plan.collisions):
        typer.echo(f"... and {plan.collision_count - len(plan.collisions)} more id collisions")
    for line in plan.entity_duplicates:
        typer.echo(inert(f"{line} (probable duplicate entity)", one_line=True))
    for entity_plan in plan.entities:
        for problem in entity_plan.problems:
            typer.echo(inert(str(problem), one_line=True), err=True)
    typer.echo(("dry run: " if dry_run else "") + summary(plan, counted), err=True)
    plurals = {kind: folder for folder, kind in REGISTRY_FOLDERS.items()}
    added = ", ".join(counted(len(v), k, plurals.get(k)) for k, v in sorted(plan.new_entities.items())) or "none"
    notes = [f"new entities: {added}", f"{len(plan.entity_duplicates)} probably already in the registry",
             f"{counted(len(plan.normalised), 'value')} normalised", f"{counted(len(plan.near), 'near-duplicate')}",
             f"{counted(plan.collision_count, 'id collision')} (resolved with the external id)"]
    note("; ".join(notes))
    if any(p.problems for p in plan.entities):
        raise fail("nothing imported: the new entities above do not validate")
    if not dry_run:
        try:
            written = apply_import(root, plan)
        except (WriteRefused, OSError) as error:
            raise fail(f"nothing imported: {error}")
        entities = sum(len(v) for v in plan.new_entities.values())
        where = f"; the rejected rows are in {plan.rejects_path}" if plan.rejected else ""
        note(f"wrote {counted(written, 'claim file')} and {counted(entities, 'entity', 'entities')}; "
             f"the record is {plan.record_path}{where}")
    elif plan.total:
        note("(nothing written: dry run)")
    if plan.errors or plan.count("conflict"):
        raise typer.Exit(EXIT_PROBLEM)


def summary(plan, counted) -> str:
    """'N rows: W written (a new, b changed); L left as they are (c unchanged, d conflicts); R rejected (...)'."""
    written = f"{plan.written} written ({plan.count('new')} new, {plan.count('changed')} changed)"
    left = (f"{plan.left} left as {'it is' if plan.left == 1 else 'they are'} ({plan.count('unchanged')} unchanged, "
            f"{counted(plan.count('conflict'), 'conflict')})")
    skipped = len(plan.rejected) - plan.errors
    rejected = (f"{len(plan.rejected)} rejected ({counted(plan.errors, 'to fix', 'to fix')}, "
                f"{skipped} {'copy' if skipped == 1 else 'copies'} of other rows skipped)")
    return f"{counted(plan.total, 'row')}: {written}; {left}; {rejected}"


def _checked_columns(rows, spec, label, header, fmt):
    """The rows, once the header shows that every column the mapping names exists (or exits)."""
    import csv

    first = True
    for record in rows:
        if first and header:
            names = header[0].decode(spec.encoding, "replace").lstrip("\ufeff").rstrip("\r\n")
            cells = names.split("\t") if fmt == "tsv" else next(csv.reader([names]), [])
            present = {c.strip() for c in cells}
            missing = sorted(c for c in spec.all_columns if c not in present and "." not in c)
            if missing:
                raise fail(f"{label}:{record.number}: no column {', '.join(repr(c) for c in missing)} (named in "
                           f"{spec.path}); columns are: {', '.join(sorted(present, key=cells.index))}", EXIT_USAGE)
        first = False
        yield record
