"""The `kb` command: argument parsing and printing over the `kb` library.

Each command loads the knowledge base, asks a library function for the answer
and hands it to a renderer. Heavy modules (PyYAML, Rich) are imported inside the
commands that need them, so `kb --help` and `kb --version` start fast.
"""

from __future__ import annotations

import os
import sys

from kb.prefetch import start_early

start_early()  # before the imports below, so that git works while Python loads them

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

import kb as kb_package
from kb.render.listing import WRITERS as LISTING_WRITERS
from kb.render.problems import FORMATTERS as PROBLEM_FORMATTERS

if TYPE_CHECKING:
    from kb.index import Index
    from kb.model import KnowledgeBase
    from kb.query import Filters

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="kb",
    help="A knowledge base of who said what: claims kept as one YAML file each.\n\n"
         "Run it inside a repository with a claims/ folder (or pass --root).\n\n"
         "Exit codes: 0 success; 1 a problem with the query or the files; 2 a usage error.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Settings:
    """Options given before the command, shared by every command."""

    root: Optional[Path] = None
    debug: bool = False
    no_cache: bool = False


settings = Settings()


def choices(name: str, values) -> type[Enum]:
    """An option's choices as Typer wants them (an Enum)."""
    return Enum(name, [(v, v) for v in values], type=str)


# What the listing and problem renderers can write (both modules load nothing heavy).
Format = choices("Format", ("table", *LISTING_WRITERS))
ShowFormat = choices("ShowFormat", ("rich", "plain", "json", "yaml"))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kb {kb_package.__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    root: Annotated[Optional[Path], typer.Option(
        "--root", envvar="KB_ROOT", help="The repository holding claims/ (default: this folder or the nearest above).",
        file_okay=False)] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show a Python traceback when kb itself fails.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", envvar="KB_NO_CACHE",
                                           help="Read every file instead of using the index in .kb-cache/.")] = False,
    version: Annotated[Optional[bool], typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = None,
) -> None:
    settings.root = root
    settings.debug = debug
    settings.no_cache = no_cache
    if debug:
        os.environ["KB_DEBUG"] = "1"


# ---------------------------------------------------------------- shared helpers

def fail(message: str, code: int = EXIT_PROBLEM) -> typer.Exit:
    """Print 'kb: error: ...' on stderr and return the Exit to raise."""
    from kb.render.text import inert

    typer.echo(f"kb: error: {inert(message, one_line=True)}", err=True)
    return typer.Exit(code)


def open_index() -> "Index":
    """The knowledge base's index, brought up to date (in memory with --no-cache)."""
    from kb.index import open_index as open_it

    root = _root()
    if not (root / "claims").is_dir():
        raise fail(f"{root} has no claims/ folder; pass the repository root to --root")
    return open_it(root, use_cache=not settings.no_cache)


def query_problems(index: "Index") -> list:
    """What every answer must mention: files that failed to load, and broken ids across files."""
    from kb.checks import QUERY_CHECKS, run_checks, update_query_problems

    cross = index.cached_result("query", "", lambda: run_checks(index, QUERY_CHECKS),
                                lambda old, paths, ids: update_query_problems(index, old, paths, ids))
    return sorted(index.problems() + cross)


def all_problems(index: "Index") -> list:
    """Every check, as `kb check` runs them; kept until a file or an archived source changes."""
    from kb.checks import CHECKS, quotes, run_checks

    cross = index.cached_result("all", quotes.fingerprint(index), lambda: run_checks(index, CHECKS))
    return sorted(index.problems() + cross)


def open_for_answers() -> tuple["Index", list]:
    """The index, with the problems every answer must mention already printed on stderr."""
    index = open_index()
    problems = query_problems(index)
    report(problems)
    return index, problems


def selected(index: "Index", filters: "Filters") -> tuple["KnowledgeBase", list]:
    """The claims matching filters (in id order), with the entities they name."""
    from kb.lookup import knowledge_base_for

    kb = knowledge_base_for(index, filters)
    return kb, claims_matching(kb, filters)


def load() -> tuple["KnowledgeBase", list]:
    """The whole knowledge base in memory, and the problems every answer must mention."""
    index = open_index()
    return index.knowledge_base(), query_problems(index)


def report(problems: list) -> None:
    """Problems on stderr, one 'file:line:col: ...' line each."""
    from kb.render.text import inert

    for problem in problems:
        typer.echo(inert(str(problem), one_line=True), err=True)
    if problems:
        typer.echo(f"kb: {len(problems)} problem(s) in the knowledge base; the rest loaded. "
                   "Run `kb check` for details.", err=True)


def output_format(fmt: Optional[Format]) -> str:
    """The format asked for, else a table on a terminal and plain text in a pipe."""
    if fmt is not None:
        return fmt.value
    return "table" if sys.stdout.isatty() else "plain"


def finish(problems: list) -> None:
    """Exit 1 when the answer was given despite files that failed to load or check."""
    if problems:
        raise typer.Exit(EXIT_PROBLEM)


# The filters every listing command takes; one definition, used by each signature.
CompanyOpt = Annotated[list[str], typer.Option(
    "--company", "-c", metavar="COMPANY", help="Made by or concerning this company (id, name or alias). Repeat to OR.")]
SpeakerOpt = Annotated[list[str], typer.Option("--speaker", "-s", metavar="WHO", help="Said by this person, company or source.")]
FactoryOpt = Annotated[list[str], typer.Option("--factory", "-f", metavar="FACTORY", help="About this factory (id, name or alias).")]
YearOpt = Annotated[list[str], typer.Option("--year", "-y", metavar="YEAR", help="About this year or range: 2024, 2023..2025, 2023.., ..2025.")]
StatusOpt = Annotated[list[str], typer.Option("--status", metavar="STATUS", help="planned, considering, underway, done, cancelled, statement or opinion.")]
ProductOpt = Annotated[list[str], typer.Option("--product", "-p", metavar="PRODUCT", help="About this product, e.g. 4680.")]
TagOpt = Annotated[list[str], typer.Option("--tag", "-t", metavar="TAG", help="Carrying this tag.")]
SourceOpt = Annotated[list[str], typer.Option("--source", metavar="SOURCE", help="From this source (id, title or alias).")]
TextOpt = Annotated[list[str], typer.Option("--text", metavar="WORDS", help="Containing these words in the claim or quote (any case).")]
FormatOpt = Annotated[Optional[Format], typer.Option(
    "--format", "-o", metavar="FORMAT", help="table, plain, csv, yaml, ids, json or jsonl; default: table on a terminal, plain in a pipe.",
    case_sensitive=False)]


def make_filters(company: list[str], speaker: list[str], factory: list[str], year: list[str],
                 status: list[str], product: list[str], tag: list[str], source: list[str],
                 text: list[str]) -> "Filters":
    import difflib

    from kb.query import Filters, parse_year_range
    from kb.schema import STATUSES

    try:
        years = tuple(parse_year_range(y) for y in year)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="'--year'")
    for value in status:
        if value.lower() not in STATUSES:
            close = difflib.get_close_matches(value.lower(), list(STATUSES), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise typer.BadParameter(f"'{value}' is not a status; {hint}use one of: {', '.join(STATUSES)}",
                                     param_hint="'--status'")
    return Filters(company=tuple(company), speaker=tuple(speaker), factory=tuple(factory),
                   year=years, status=tuple(s.lower() for s in status), product=tuple(product),
                   tag=tuple(tag), source=tuple(source), text=tuple(text))


FILTER_OPTIONS = {"company": CompanyOpt, "speaker": SpeakerOpt, "factory": FactoryOpt, "year": YearOpt,
                  "status": StatusOpt, "product": ProductOpt, "tag": TagOpt, "source": SourceOpt, "text": TextOpt}


def with_filters(command):
    """Give a command the claim filters of `kb list`, passed to it as one `filters` argument.

    The options are defined once (FILTER_OPTIONS) and added to the command's signature, so
    every listing command filters alike without repeating nine parameters.
    """
    import functools
    import inspect

    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "filters"]
    added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=[], annotation=annotation)
             for name, annotation in FILTER_OPTIONS.items()]

    @functools.wraps(command)
    def wrapper(**kwargs):
        values = {name: kwargs.pop(name) for name in FILTER_OPTIONS}
        return command(filters=make_filters(**values), **kwargs)

    wrapper.__signature__ = signature.replace(parameters=[*own, *added])
    wrapper.__annotations__ = {p.name: p.annotation for p in wrapper.__signature__.parameters.values()}
    return wrapper


# ---------------------------------------------------------------- commands

@app.command("list")
@with_filters
def list_claims(
    filters: "Filters",
    sort: Annotated[str, typer.Option("--sort", metavar="KEY", help="id, year, said, status, company, speaker, factory or source; "
                                                    "prefix with - for descending.")] = "id",
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=0, metavar="N", help="Print at most this many claims.")] = None,
    show_all: Annotated[bool, typer.Option("--all", "-a", help="On a terminal, show every row of a long table.")] = False,
    fmt: FormatOpt = None,
) -> None:
    """List the claims that match every filter given.

    \b
    Examples:
      kb list --company LGES
      kb list --company "LG Energy Solution" --year 2023..2025 --status planned
      kb list --factory Ochang --format json
      kb list --text "ramp-up" --format ids
    """
    from kb.lookup import first_claims, knowledge_base_for
    from kb.query import QueryError, select
    from kb.render.listing import write
    from kb.render.rows import COLUMNS, row

    index, problems = open_for_answers()
    chosen = output_format(fmt)
    capped = chosen == "table" and not show_all and limit is None
    key, reverse = sort.lstrip("-"), sort.startswith("-")
    try:
        first = first_claims(index, filters, key, reverse, TABLE_ROWS if capped else limit) \
            if capped or limit is not None else None
        if first is not None:
            kb, claims, total = first
        else:
            kb = knowledge_base_for(index, filters)
            claims = select(kb, filters, sort=key, reverse=reverse, limit=limit)
            total = len(claims)
    except QueryError as error:
        raise fail(str(error))
    listing = claim_listing(kb, claims, chosen, COLUMNS, more_hint="add --all to see them, or pipe the output")
    if capped:
        listing.total = total
    else:  # --all or --limit: every row asked for, on a terminal too
        listing.rows = [row(c, kb) for c in claims] if chosen == "table" else listing.rows
    write(listing, chosen, sys.stdout, max_rows=TABLE_ROWS if capped else None)
    finish(problems)


TABLE_ROWS = 100


def claim_listing(kb: "KnowledgeBase", claims: list, chosen: str, columns, make_row=None, make_data=None,
                  **options):
    """A Listing of claims that builds only what the chosen format prints: the first rows of a table,
    and rows or data as they are written otherwise (100,000 claims would not fit in memory twice)."""
    from kb.render.listing import Listing
    from kb.render.rows import as_data, row
    from kb.schema import Claim, schema_fields

    make_row = make_row or (lambda claim, names: row(claim, names))
    make_data = make_data or as_data
    if chosen == "table":
        rows = [make_row(c, kb) for c in claims[:TABLE_ROWS]]
    else:
        rows = (make_row(c, None) for c in claims) if chosen == "plain" else ()
    data = (make_data(c) for c in claims) if chosen in ("json", "jsonl") else \
        [make_data(c) for c in claims] if chosen in ("csv", "yaml") else ()
    options.setdefault("styles", {"id": "green", "year": "cyan", "status": "magenta"})
    options.setdefault("key_order", (*(f.name for f in schema_fields(Claim)), "path"))
    return Listing(columns=columns, rows=rows, data=data, ids=(c.id for c in claims), total=len(claims),
                   **options)


@app.command()
def show(
    ref: Annotated[str, typer.Argument(metavar="ID", help="A claim or entity id, a unique prefix of one, or an entity name.")],
    fmt: Annotated[Optional[ShowFormat], typer.Option("--format", "-o", case_sensitive=False,
                                                      help="rich, plain, json or yaml; default: rich on a terminal.")] = None,
) -> None:
    """Show one claim with every field resolved, or one entity with its claims.

    \b
    Examples:
      kb show lges-4680-ochang-mass-production
      kb show lges-4680-o          (a unique prefix is enough)
      kb show lges                 (a company and every claim touching it)
    """
    from kb.describe import describe
    from kb.lookup import find
    from kb.query import QueryError
    from kb.render.show import write

    index, problems = open_for_answers()
    try:
        kb, record = find(index, ref)
    except QueryError as error:
        raise fail(str(error))
    chosen = fmt.value if fmt else ("rich" if sys.stdout.isatty() else "plain")
    write(describe(kb, record), chosen, sys.stdout)
    finish(problems)


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
    """Check the knowledge base: YAML, schema, ids, references, relations, quotes.

    Exits 0 when clean (warnings alone do not fail unless --strict), 1 when there are
    problems, 2 on usage errors.

    \b
    Examples:
      kb check
      kb check claims/acme/ --strict
      kb check --format github        (in a GitHub Actions workflow)
    """
    from kb.problem import ERROR
    from kb.render.problems import FORMATTERS

    index = open_index()
    problems = all_problems(index)
    claims, entities = index.counts()
    if paths:
        wanted = [_relative_to_root(index.root, p) for p in paths]
        problems = [p for p in problems if any(p.path == w or p.path.startswith(w.rstrip("/") + "/")
                                               for w in wanted)]
    chosen = fmt.value if fmt else ("standard" if sys.stdout.isatty() else "parsable")
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    FORMATTERS[chosen](problems, sys.stdout, color=color)
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    summary = (f"{claims} claims, {entities} entities checked: "
               f"{errors} error(s), {warnings} warning(s)")
    typer.echo(summary if problems else f"ok: {summary}", err=True)
    if errors or (strict and warnings):
        raise typer.Exit(EXIT_PROBLEM)


def _relative_to_root(root: Path, path: Path) -> str:
    """A path given on the command line, as the root-relative path that problems carry."""
    absolute = (Path.cwd() / path).resolve() if not path.is_absolute() else path.resolve()
    try:
        return absolute.relative_to(root).as_posix() or "."
    except ValueError:
        raise fail(f"{path} is not inside the knowledge base at {root}", EXIT_USAGE)


def _entity_ids(kinds: tuple[str, ...]):
    """Shell completion of entity ids for an option, read from the registry of the current folder."""
    def complete(incomplete: str) -> list[str]:
        try:
            kb, _ = load()
        except (typer.Exit, Exception):  # completion must never fail loudly
            return []
        from kb.model import kind_of

        return sorted(e.id for e in kb.entities if kind_of(e) in kinds and e.id.startswith(incomplete))
    return complete


@app.command()
def new(
    claim: Annotated[Optional[str], typer.Option("--claim", help="The claim, in one sentence.")] = None,
    speaker: Annotated[Optional[str], typer.Option("--speaker", help="Who said it (person, company or source; id or name).",
                                                   autocompletion=_entity_ids(("person", "company", "source")))] = None,
    company: Annotated[Optional[str], typer.Option("--company", help="The company whose claim it is.",
                                                   autocompletion=_entity_ids(("company",)))] = None,
    concerns: Annotated[list[str], typer.Option("--concerns", help="Another company it concerns; repeat for more.",
                                                autocompletion=_entity_ids(("company",)))] = [],
    product: Annotated[Optional[str], typer.Option("--product", help="The product, e.g. 4680.")] = None,
    factory: Annotated[Optional[str], typer.Option("--factory", help="The factory it is about.",
                                                   autocompletion=_entity_ids(("factory",)))] = None,
    year: Annotated[Optional[int], typer.Option("--year", help="The year it is about.")] = None,
    said: Annotated[Optional[str], typer.Option("--said", help="When it was said: 2024, 2024-03 or 2024-03-06.")] = None,
    status: Annotated[Optional[str], typer.Option("--status", help="planned, considering, underway, done, cancelled, "
                                                                   "statement or opinion.")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Where it was said (a source id or title).",
                                                  autocompletion=_entity_ids(("source",)))] = None,
    quote: Annotated[Optional[str], typer.Option("--quote", help="The source's words, verbatim.")] = None,
    tag: Annotated[list[str], typer.Option("--tag", help="A tag; repeat for more.")] = [],
    inferred: Annotated[list[str], typer.Option("--inferred", help="FIELD=WORDS: a field the source only implies, "
                                                                   "e.g. year='later this year'.")] = [],
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
      kb new --speaker "Kim Dong-myeong" --company LGES --product 4680 --factory Ochang \
             --status planned --source powering-the-future-4680 \
             --claim "LGES will start 4680 mass production at Ochang." \
             --quote "LGES intends to start 4680 mass production at its Ochang factory"
    """
    from kb.atomic import WriteRefused, write_text_atomic
    from kb.new import plan_claim, resolve_names
    from kb.schema import RELATIONS

    kb, _ = load()
    values: dict = {"id": claim_id, "claim": claim, "speaker": speaker, "company": company,
                    "concerns": list(concerns), "product": product, "factory": factory, "year": year,
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


@app.command()
def fmt(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders (default: all of claims/).")] = None,
    check_only: Annotated[bool, typer.Option("--check", help="Change nothing; list files that would change and "
                                                             "exit 1 if any would.")] = False,
) -> None:
    """Rewrite claim and registry files in the one canonical layout, keeping every comment.

    Files that do not validate are left alone (fix them first: `kb check`).

    \b
    Examples:
      kb fmt
      kb fmt --check          (in CI)
    """
    from kb.atomic import write_text_atomic
    from kb.files import FileProblem, Found, read_text, walk_claims
    from kb.fmt import canonical_text

    root = _root()
    wanted = [_relative_to_root(root, p) for p in paths] if paths else None
    changed, refused = [], []
    for item in walk_claims(root):
        if not isinstance(item, Found):
            continue
        rel = item.relpath
        if wanted and not any(rel == w or rel.startswith(w.rstrip("/") + "/") or w == "." for w in wanted):
            continue
        try:
            text = read_text(root / rel)
        except FileProblem as error:
            refused.append(f"{rel}:{error.line}:{error.column}: {error.message}")
            continue
        new_text, problems = canonical_text(rel, text)
        if new_text is None:
            refused.extend(str(p) for p in problems[:1])
            continue
        if new_text != text:
            changed.append(rel)
            if not check_only:
                write_text_atomic(root / rel, new_text, overwrite=True, root=root)
    for line in refused:
        typer.echo(f"not formatted: {line}", err=True)
    verb = "would reformat" if check_only else "reformatted"
    for rel in changed:
        typer.echo(f"{verb} {rel}")
    typer.echo(f"{len(changed)} file(s) {verb}, {len(refused)} left alone.", err=True)
    if refused or (check_only and changed):
        raise typer.Exit(EXIT_PROBLEM)


def _root() -> Path:
    from kb.files import NoKnowledgeBase, find_root

    try:
        return settings.root.resolve() if settings.root else find_root()
    except NoKnowledgeBase as error:
        raise fail(str(error))


SchemaName = choices("SchemaName", ("claim", "company", "person", "factory", "source"))


@app.command()
def schema(
    name: Annotated[SchemaName, typer.Argument(help="claim, or a registry file: company, person, factory, source.")]
    = SchemaName.claim,
) -> None:
    """Print the JSON Schema of claim files (or of a registry file), for editors and other tools.

    \b
    Examples:
      kb schema > schema/claim.schema.json
      kb schema company
    """
    import json

    from kb.schema_json import json_schema

    typer.echo(json.dumps(json_schema(name.value), ensure_ascii=False, indent=2))


DiffFormat = choices("DiffFormat", ("text", "markdown", "json"))


@app.command()
def diff(
    rev_a: Annotated[Optional[str], typer.Argument(metavar="[REV_A]", help="Base revision (default: the merge base "
                                                                           "of HEAD with the main branch).")] = None,
    rev_b: Annotated[Optional[str], typer.Argument(metavar="[REV_B]", help="Target revision (default: the "
                                                                           "working tree, untracked files included).")] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-o", case_sensitive=False,
                                            help="text, markdown (to paste into a pull request) or json.")]
    = DiffFormat("text"),
) -> None:
    """What changed in the knowledge base: claims and entities added, removed, changed field by field.

    Old revisions are read from git's objects; nothing is checked out.

    \b
    Examples:
      kb diff                         (this branch's changes against main)
      kb diff HEAD~3                  (last three commits plus uncommitted work)
      kb diff main my-branch --format markdown
    """
    from kb.diff import diff_kb
    from kb.gitrepo import GitError, default_base, require_repository, resolve_revision
    from kb.render.diff import WRITERS

    root = _root()
    try:
        require_repository(root)
        base = resolve_revision(root, rev_a) if rev_a else default_base(root)
        target = resolve_revision(root, rev_b) if rev_b else None
        result = diff_kb(root, base, target)
    except GitError as error:
        raise fail(str(error))
    WRITERS[fmt.value](result, sys.stdout)
    report(result.problems)
    finish(result.problems)


@app.command()
def log(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="A claim id (its file may since have moved or gone).")],
    fmt: FormatOpt = None,
) -> None:
    """The history of one claim file: commits, authors, dates, following renames.

    \b
    Example:
      kb log lges-4680-ochang-mass-production
    """
    from kb.gitrepo import GitError, require_repository
    from kb.history import claim_log, find_path
    from kb.render.listing import Listing, write

    root = _root()
    try:
        require_repository(root)
        kb, _ = load()
        claim = kb.claims_by_id.get(claim_id)
        relpath = claim.path if claim else find_path(root, claim_id)
        if relpath is None:
            raise fail(f"no claim '{claim_id}' now or in the history")
        commits = claim_log(root, relpath)
    except GitError as error:
        raise fail(str(error))
    rows = [{"commit": c.sha[:10], "date": c.date[:10], "author": c.author, "change": c.status,
             "path": c.path, "subject": c.subject} for c in commits]
    data = [{"commit": c.sha, "date": c.date, "author": c.author, "change": c.status, "path": c.path,
             "subject": c.subject} for c in commits]
    listing = Listing(columns=["commit", "date", "author", "change", "path", "subject"], rows=rows, data=data,
                      ids=[c.sha for c in commits], no_wrap=("commit", "date", "change"), wide=("subject",),
                      droppable=("path", "author"))
    write(listing, output_format(fmt), sys.stdout)


# ---------------------------------------------------------------- cross-references

def emit(listing, fmt: Optional[Format]) -> None:
    """Print a listing in the chosen format: a table (of at most TABLE_ROWS rows, then a line saying
    how many more) on a terminal, plain text in a pipe."""
    from kb.render.listing import write

    write(listing, output_format(fmt), sys.stdout, max_rows=TABLE_ROWS)


def claims_matching(kb: "KnowledgeBase", filters: "Filters") -> list:
    from kb.query import QueryError, select

    try:
        return select(kb, filters)
    except QueryError as error:
        raise fail(str(error))


@app.command()
@with_filters
def xref(
    filters: "Filters",
    ref: Annotated[str, typer.Argument(metavar="ID", help="A claim id (or unique prefix), or an entity id, "
                                                          "name or alias.")],
    fmt: FormatOpt = None,
) -> None:
    """How a claim connects: its relations both ways, then claims sharing its factory, company and
    product, or speaker. For an entity: every claim touching it, by the role it plays.

    Filters restrict which connected claims are shown.

    \b
    Examples:
      kb xref lges-tesla-4680-production-this-year
      kb xref Ochang
      kb xref "Elon Musk" --format ids
    """
    from kb.lookup import find
    from kb.query import QueryError
    from kb.render.listing import Listing
    from kb.schema import Claim
    from kb.xref import ROLE_LABELS, claims_touching, links, neighbours

    index, problems = open_for_answers()
    try:
        kb, record = find(index, ref, with_neighbours=True)
    except QueryError as error:
        raise fail(str(error))
    allowed = {c.id for c in claims_matching(kb, filters)}
    rows: list[dict] = []
    if isinstance(record, Claim):
        for link in links(kb, record):
            other = kb.claims_by_id.get(link.other)
            rows.append({"connection": link.label, "id": link.other, "claim": other.claim if other else "(missing)"})
        for kind, claims in neighbours(kb, record).items():
            rows.extend({"connection": kind, "id": c.id, "claim": c.claim} for c in claims)
    else:
        for role, claims in claims_touching(kb, record.id).items():
            rows.extend({"connection": f"as {ROLE_LABELS[role]}", "id": c.id, "claim": c.claim} for c in claims)
    rows = [r for r in rows if r["id"] in allowed or r["id"] not in kb.claims_by_id]
    ids = list(dict.fromkeys(r["id"] for r in rows))
    listing = Listing(columns=("connection", "id", "claim"), rows=rows, data=[dict(r, of=record.id) for r in rows],
                      ids=ids, title=f"{record.id}", no_wrap=("id",), group_by="connection",
                      styles={"id": "green", "connection": "magenta"})
    emit(listing, fmt)
    finish(problems)


def _entity_table(kind: str, filters: "Filters", match: Optional[str], fmt: Optional[Format]) -> None:
    from kb.model import kind_of
    from kb.query import entity_names
    from kb.render.listing import Listing
    from kb.render.rows import ENTITY_COLUMNS, as_data, entity_row
    from kb.xref import claim_counts

    kb, problems = load()
    report(problems)
    counts = claim_counts(kb, claims_matching(kb, filters))
    filtered = filters != type(filters)()
    entities = [e for e in kb.entities if kind_of(e) == kind
                and (not match or any(match.casefold() in n.casefold() for n in entity_names(e)))
                and (counts.get(e.id) or not filtered)]
    entities.sort(key=lambda e: e.id)
    listing = Listing(columns=ENTITY_COLUMNS[kind], rows=[entity_row(e, kb, counts.get(e.id, 0)) for e in entities],
                      data=[dict(as_data(e), claims=counts.get(e.id, 0)) for e in entities],
                      no_wrap=("id", "claims"), wide=(), droppable=("aliases", "location", "publisher", "date"),
                      styles={"id": "green", "claims": "cyan"})
    emit(listing, fmt)
    finish(problems)


MatchOpt = Annotated[Optional[str], typer.Option("--match", "-m", metavar="WORDS",
                                                 help="Only entities whose id, name or alias contains these words.")]


ENTITY_COMMANDS = {
    "companies": ("company", "The companies in the registry, with how many claims name each.\n\n"
                             "With claim filters, only companies named by a matching claim are listed, with that "
                             "count.", ["kb companies", "kb companies --year 2024 --status planned"]),
    "people": ("person", "The people in the registry, with how many claims name each.", ["kb people --company LGES"]),
    "factories": ("factory", "The factories in the registry, where they are, and how many claims name each.",
                  ["kb factories --status considering"]),
    "sources": ("source", "The sources in the registry (unknown publishers and dates say so), and their claim "
                          "counts.", ["kb sources --format json"]),
}


def _entity_command(name: str, kind: str, doc: str, examples: list[str]) -> None:
    def command(filters: "Filters", match: MatchOpt = None, fmt: FormatOpt = None) -> None:
        _entity_table(kind, filters, match, fmt)

    command.__name__ = name
    command.__doc__ = doc + "\n\n\b\nExamples:\n" + "\n".join(f"  {e}" for e in examples)
    app.command(name)(with_filters(command))


for _name, (_kind, _doc, _examples) in ENTITY_COMMANDS.items():
    _entity_command(_name, _kind, _doc, _examples)


TimelineKey = choices("TimelineKey", ("year", "said"))


@app.command()
@with_filters
def timeline(
    filters: "Filters",
    by: Annotated[TimelineKey, typer.Option("--by", help="year: the year claims are about; said: when they "
                                                        "were said.")] = TimelineKey.year,
    fmt: FormatOpt = None,
) -> None:
    """Claims in time order, grouped by year; claims with no known year come last.

    \b
    Examples:
      kb timeline --company LGES
      kb timeline --by said
    """
    from kb.render.rows import row

    kb, problems = load()
    report(problems)
    claims = claims_matching(kb, filters)

    def when(claim) -> str:
        value = claim.year if by is TimelineKey.year else claim.said
        return str(value) if value is not None else ""

    claims.sort(key=lambda c: (when(c) == "", when(c), c.id))
    listing = claim_listing(kb, claims, output_format(fmt), ("when", "year", "said", "id", "status", "speaker", "claim"),
                            make_row=lambda c, names: {**row(c, names), "when": when(c)[:4] or "unknown"},
                            group_by="when", no_wrap=("when", "year", "said", "id", "status"),
                            droppable=("said", "speaker", "status", "year") if by is TimelineKey.year
                            else ("year", "speaker", "status"),
                            styles={"id": "green", "when": "bold cyan", "status": "magenta"})
    emit(listing, fmt)
    finish(problems)


@app.command()
@with_filters
def conflicts(filters: "Filters", fmt: FormatOpt = None) -> None:
    """Pairs of claims that disagree: explicit `contradicts`, and plans for the same company, product and
    factory whose year or status differ with no `supersedes` between them.

    \b
    Examples:
      kb conflicts
      kb conflicts --company LGES --format json
    """
    from kb.render.listing import Listing
    from kb.xref import conflicts as find_conflicts

    kb, problems = load()
    report(problems)
    pairs = find_conflicts(kb, claims_matching(kb, filters))
    rows = [{"first": p.first.id, "second": p.second.id, "reason": p.reason,
             "differs": "; ".join(p.differences) or "-", "first claim": p.first.claim,
             "second claim": p.second.claim} for p in pairs]
    data = [{"first": p.first.id, "second": p.second.id, "reason": p.reason, "differences": list(p.differences),
             "first_claim": p.first.claim, "second_claim": p.second.claim} for p in pairs]
    ids = list(dict.fromkeys(i for p in pairs for i in (p.first.id, p.second.id)))
    listing = Listing(columns=("first", "second", "reason", "differs", "first claim", "second claim"), rows=rows,
                      data=data, ids=ids, no_wrap=("first", "second", "reason"),
                      wide=("first claim", "second claim"), droppable=("reason",),
                      styles={"first": "green", "second": "green", "differs": "red"})
    emit(listing, fmt)
    finish(problems)


@app.command()
@with_filters
def due(
    filters: "Filters",
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="DATE",
                                                 help="Judge as of this date (YYYY, YYYY-MM or YYYY-MM-DD); "
                                                      "default today.")] = None,
    fmt: FormatOpt = None,
) -> None:
    """The promise tracker: planned or considered claims whose year has passed and that no later claim
    supersedes. These are the announcements to follow up.

    \b
    Examples:
      kb due
      kb due --as-of 2025-06 --company LGES
    """
    import datetime

    from kb.render.rows import COLUMNS, as_data, row
    from kb.validate import check_date
    from kb.xref import due as due_claims

    if as_of is not None and check_date(as_of):
        raise typer.BadParameter(check_date(as_of), param_hint="'--as-of'")
    year = int(as_of[:4]) if as_of else datetime.date.today().year
    kb, problems = load()
    report(problems)
    claims = due_claims(kb, year, claims_matching(kb, filters))
    listing = claim_listing(kb, claims, output_format(fmt), (*COLUMNS[:2], "overdue", *COLUMNS[2:]),
                            make_row=lambda c, names: {**row(c, names), "overdue": f"{year - c.year}y"},
                            make_data=lambda c: dict(as_data(c), overdue_years=year - c.year),
                            no_wrap=("id", "year", "overdue", "status"), styles={"id": "green", "overdue": "red"})
    emit(listing, fmt)
    finish(problems)


GraphFormat = choices("GraphFormat", ("dot", "mermaid"))


@app.command()
@with_filters
def graph(
    filters: "Filters",
    fmt: Annotated[GraphFormat, typer.Option("--format", "-o", case_sensitive=False,
                                             help="dot (Graphviz) or mermaid.")] = GraphFormat.dot,
    with_sources: Annotated[bool, typer.Option("--sources", help="Also draw each claim's source.")] = False,
) -> None:
    """The selected claims, the entities they name and the relations among them, as a graph.

    \b
    Examples:
      kb graph --company LGES | dot -Tsvg > lges.svg
      kb graph --factory Ochang --format mermaid
    """
    from kb.graph import build_graph
    from kb.render.graph import to_dot, to_mermaid

    kb, problems = load()
    report(problems)
    nodes, edges = build_graph(kb, claims_matching(kb, filters), with_sources)
    typer.echo((to_dot if fmt is GraphFormat.dot else to_mermaid)(nodes, edges), nl=False)
    finish(problems)


# ---------------------------------------------------------------- search, export, stats

@app.command()
@with_filters
def search(
    filters: "Filters",
    query: Annotated[str, typer.Argument(metavar="WORDS", help="Words to find, in any order and case; each also "
                                                               "matches as a prefix.")],
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=0, metavar="N",
                                                 help="Print at most this many claims.")] = None,
    fmt: FormatOpt = None,
) -> None:
    """Ranked full-text search over claim text, quotes, and the names and aliases of the entities
    claims name. On a terminal the matching words are highlighted.

    \b
    Examples:
      kb search "mass production"
      kb search LGES Arizona --status planned
      kb search ramp --format ids
    """
    from kb.query import QueryError, compile_filters
    from kb.render.rows import COLUMNS
    from kb.search import ranked_rids, words

    index, problems = open_for_answers()
    ranked = ranked_rids(index, query)
    try:
        keep = compile_filters(index.knowledge_base(rids=()), filters)  # names resolve against entities only
    except QueryError as error:
        raise fail(str(error))
    found = index.knowledge_base(ranked)
    rank = {path: i for i, path in enumerate(index.paths_of(ranked))}
    claims = sorted((c for c in found.claims if keep(c)), key=lambda c: rank[c.path])[:limit]
    listing = claim_listing(found, claims, output_format(fmt), COLUMNS, highlight=tuple(words(query)))
    emit(listing, fmt)
    finish(problems)


ExportFormat = choices("ExportFormat", ("sqlite", "json", "jsonl", "csv"))


@app.command()
@with_filters
def export(
    filters: "Filters",
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The file to write, inside the repository.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-o", case_sensitive=False,
                                              help="sqlite (tables, foreign keys, full-text index; opens in "
                                                   "Datasette), json, jsonl or csv.")] = ExportFormat.sqlite,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
) -> None:
    """Export the claims (and, for sqlite, the registry and relations) to a file, written atomically.

    \b
    Examples:
      kb export exports/kb.sqlite && datasette exports/kb.sqlite
      kb export exports/lges.csv --format csv --company LGES
    """
    from kb.atomic import WriteRefused
    from kb.export import export as write_export
    from kb.model import KnowledgeBase

    index, problems = open_for_answers()
    kb, claims = selected(index, filters)
    target = path if path.is_absolute() else Path.cwd() / path
    try:
        write_export(KnowledgeBase(root=index.root, claims=tuple(claims), entities=index.entities()),
                     fmt.value, target, overwrite=force)
    except WriteRefused as error:
        raise fail(str(error) + ("" if "exists" not in str(error) else " (add --force)"))
    typer.echo(f"{len(claims)} claims written to {path}", err=True)
    finish(problems)


@app.command()
@with_filters
def stats(filters: "Filters", fmt: FormatOpt = None) -> None:
    """How many claims there are by company, speaker, factory, year and status.

    \b
    Examples:
      kb stats
      kb stats --company LGES --format json
    """
    from kb.render.listing import Listing
    from kb.stats import claim_stats

    index, problems = open_for_answers()
    kb, claims = selected(index, filters)
    table = output_format(fmt) == "table"
    rows = [{"by": field, "value": kb.short(value) if table and field in ("company", "speaker", "factory") else value,
             "claims": str(count)} for field, value, count in claim_stats(kb, claims)]
    data = [{"by": field, "value": value, "claims": count} for field, value, count in claim_stats(kb, claims)]
    listing = Listing(columns=("by", "value", "claims"), rows=rows, data=data, ids=[r["value"] for r in data],
                      no_wrap=("by", "claims"), wide=(), group_by="by", styles={"by": "bold", "claims": "cyan"})
    emit(listing, fmt)
    finish(problems)


# ---------------------------------------------------------------- entry point

def main() -> None:
    """Run the app; turn crashes into one line unless --debug asks for the traceback."""
    try:
        app()
    except BrokenPipeError:  # `kb list | head`: the reader left, which is not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the last line of defence
        if settings.debug or "--debug" in sys.argv:
            raise
        sys.stderr.write(f"kb: internal error: {type(error).__name__}: {error} "
                         "(run again with --debug for a traceback, and please report it)\n")
        sys.exit(EXIT_PROBLEM)


if __name__ == "__main__":
    main()
