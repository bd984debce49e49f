"""`kb new`: writing claims."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import EXIT_USAGE, app, entity_ids, fail, load

if TYPE_CHECKING:
    from ..model import KnowledgeBase


@app.command()
def new(
    claim: Annotated[Optional[str], typer.Option("--claim", help="The claim, in one sentence.")] = None,
    speaker: Annotated[Optional[str], typer.Option("--speaker", help="Who said it (person, company or source; id or name).",
                                                   autocompletion=entity_ids(("person", "company", "source")))] = None,
    company: Annotated[Optional[str], typer.Option("--company", help="The company whose claim it is.",
                                                   autocompletion=entity_ids(("company",)))] = None,
    concerns: Annotated[list[str], typer.Option("--concerns", help="Another company it concerns; repeat for more.",
                                                autocompletion=entity_ids(("company",)))] = [],
    product: Annotated[Optional[str], typer.Option("--product", help="The product, e.g. 4680.")] = None,
    factory: Annotated[Optional[str], typer.Option("--factory", help="The factory it is about.",
                                                   autocompletion=entity_ids(("factory",)))] = None,
    when: Annotated[Optional[str], typer.Option("--when", help="When it is due: 2026, 2026-H2, 2025-late, FY2027, "
                                                               "..2027 (see README).")] = None,
    said: Annotated[Optional[str], typer.Option("--said", help="When it was said: 2024, 2024-03 or 2024-03-06.")] = None,
    status: Annotated[Optional[str], typer.Option("--status", help="planned, considering, underway, done, cancelled, "
                                                                   "statement or opinion.")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Where it was said (a source id or title).",
                                                  autocompletion=entity_ids(("source",)))] = None,
    quote: Annotated[Optional[str], typer.Option("--quote", help="The source's words, verbatim.")] = None,
    tag: Annotated[list[str], typer.Option("--tag", help="A tag; repeat for more.")] = [],
    inferred: Annotated[list[str], typer.Option("--inferred", help="FIELD=WORDS: a field the source only implies, "
                                                                   "e.g. when='later this year'.")] = [],
    relation: Annotated[list[str], typer.Option("--relation", help="RELATION=ID, e.g. elaborates=lges-4680-ochang"
                                                                   "-mass-production; repeat for more.")] = [],
    note: Annotated[Optional[str], typer.Option("--note", help="Your remark, not part of the claim.")] = None,
    claim_id: Annotated[Optional[str], typer.Option("--id", help="The id (and file name); chosen from the claim if absent.")] = None,
    folder: Annotated[Optional[str], typer.Option("--folder", help="Folder under claims/ (default claims/<source>).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the file instead of writing it.")] = False,
) -> None:
    """Create a claim file from flags (asking for what is missing on a terminal).

    Names and aliases are turned into ids; the file is validated before it is
    written, never overwrites another, and is written atomically. Prints its path.

    \b
    Example:
      kb new --speaker LGES --company LGES --product 4680 --factory Ochang \\
        --status planned --source powering-the-future-4680 \\
        --claim "LGES will start 4680 mass production at Ochang." \\
        --quote "LGES intends to start 4680 mass production at its Ochang factory"
    """
    from kb.atomic import WriteRefused, write_text_atomic
    from kb.new import plan_claim, resolve_names
    from kb.schema import RELATIONS

    kb, _ = load()
    values: dict = {"id": claim_id, "claim": claim, "speaker": speaker, "company": company,
                    "concerns": list(concerns), "product": product, "factory": factory, "when": when,
                    "said": said, "status": status, "source": source, "quote": quote, "tags": list(tag),
                    "note": note}
    for item in relation:
        name, _, target = item.partition("=")
        if name not in RELATIONS or not target:
            raise typer.BadParameter(f"'{item}' is not RELATION=ID with RELATION one of {', '.join(RELATIONS)}",
                                     param_hint="'--relation'")
        values.setdefault(name, []).append(target)
    words = {}
    for item in inferred:
        name, _, text = item.partition("=")
        if not text:
            raise typer.BadParameter(f"'{item}' is not FIELD=WORDS", param_hint="'--inferred'")
        words[name] = text
    values["inferred"] = words
    if sys.stdin.isatty() and sys.stdout.isatty():
        _ask_missing(kb, values)
    values, errors = resolve_names(kb, values)
    if errors:
        raise fail("; ".join(errors))
    if folder and not (folder.strip("/") + "/").startswith("claims/"):
        raise fail(f"--folder must be inside claims/ (got {folder})", EXIT_USAGE)
    plan = plan_claim(kb, values, folder)
    if plan.problems:
        for problem in plan.problems:
            typer.echo(str(problem), err=True)
        raise fail("nothing written; fix the values above")
    if dry_run:
        typer.echo(plan.text, nl=False)
        return
    try:
        write_text_atomic(kb.root / plan.relpath, plan.text, overwrite=False, root=kb.root)
    except WriteRefused as error:
        raise fail(str(error))
    typer.echo(plan.relpath)


def _ask_missing(kb: "KnowledgeBase", values: dict) -> None:
    """Prompt for each missing required field, completing entity ids with Tab."""
    from kb.model import kind_of
    from kb.new import ENTITY_FIELDS
    from kb.schema import STATUSES

    try:
        import readline
    except ImportError:  # pragma: no cover - not on every platform
        readline = None
    for name in ("claim", "speaker", "company", "status", "source", "quote"):
        if values.get(name):
            continue
        options = sorted(e.id for e in kb.entities if kind_of(e) in ENTITY_FIELDS.get(name, ()))
        if name == "status":
            options = list(STATUSES)
        if readline is not None:
            readline.set_completer(lambda text, state, opts=options: ([o for o in opts if o.startswith(text)]
                                                                      + [None])[state])
            readline.parse_and_bind("tab: complete")
            readline.set_completer_delims(" \t\n")  # ids contain hyphens: complete them whole
        hint = f" ({', '.join(options[:8])}{', ...' if len(options) > 8 else ''})" if options else ""
        optional = name == "company"
        answer = typer.prompt(f"{name}{hint}", default="" if optional else None, show_default=False)
        values[name] = answer.strip() or None
