"""The `kb` command: argument parsing and printing over the `kb` library.

Each command loads the knowledge base, asks a library function for the answer
and hands it to a renderer. Heavy modules (PyYAML, Rich) are imported inside the
commands that need them, so `kb --help` and `kb --version` start fast.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

import kb as kb_package

if TYPE_CHECKING:
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


settings = Settings()


class Format(str, Enum):
    table = "table"
    plain = "plain"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    yaml = "yaml"
    ids = "ids"


class ShowFormat(str, Enum):
    rich = "rich"
    plain = "plain"
    json = "json"
    yaml = "yaml"


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
    version: Annotated[Optional[bool], typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = None,
) -> None:
    settings.root = root
    settings.debug = debug


# ---------------------------------------------------------------- shared helpers

def fail(message: str, code: int = EXIT_PROBLEM) -> typer.Exit:
    """Print 'kb: error: ...' on stderr and return the Exit to raise."""
    from kb.render.text import inert

    typer.echo(f"kb: error: {inert(message, one_line=True)}", err=True)
    return typer.Exit(code)


def load(check: bool = True) -> tuple["KnowledgeBase", list]:
    """The knowledge base, with its problems printed on stderr, one line each."""
    from kb.checks import run_checks
    from kb.files import NoKnowledgeBase, find_root
    from kb.load import load_kb

    try:
        root = settings.root.resolve() if settings.root else find_root()
    except NoKnowledgeBase as error:
        raise fail(str(error))
    if not (root / "claims").is_dir():
        raise fail(f"{root} has no claims/ folder; pass the repository root to --root")
    kb, problems = load_kb(root)
    if check:
        problems = sorted(problems + run_checks(kb))
    return kb, problems


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
    if problems:
        raise typer.Exit(EXIT_PROBLEM)


# The filters every listing command takes; one definition, used by each signature.
CompanyOpt = Annotated[list[str], typer.Option(
    "--company", "-c", help="Made by or concerning this company (id, name or alias). Repeat to OR.")]
SpeakerOpt = Annotated[list[str], typer.Option("--speaker", "-s", help="Said by this person, company or source.")]
FactoryOpt = Annotated[list[str], typer.Option("--factory", "-f", help="About this factory (id, name or alias).")]
YearOpt = Annotated[list[str], typer.Option("--year", "-y", help="About this year or range: 2024, 2023..2025, 2023.., ..2025.")]
StatusOpt = Annotated[list[str], typer.Option("--status", help="planned, considering, underway, done, cancelled, statement or opinion.")]
ProductOpt = Annotated[list[str], typer.Option("--product", "-p", help="About this product, e.g. 4680.")]
TagOpt = Annotated[list[str], typer.Option("--tag", "-t", help="Carrying this tag.")]
SourceOpt = Annotated[list[str], typer.Option("--source", help="From this source (id, title or alias).")]
TextOpt = Annotated[list[str], typer.Option("--text", help="Containing these words in the claim or quote (any case).")]
FormatOpt = Annotated[Optional[Format], typer.Option(
    "--format", "-o", help="Output format; default: table on a terminal, plain in a pipe.", case_sensitive=False)]


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


# ---------------------------------------------------------------- commands

@app.command("list")
def list_claims(
    company: CompanyOpt = [], speaker: SpeakerOpt = [], factory: FactoryOpt = [], year: YearOpt = [],
    status: StatusOpt = [], product: ProductOpt = [], tag: TagOpt = [], source: SourceOpt = [],
    text: TextOpt = [],
    sort: Annotated[str, typer.Option("--sort", help="id, year, said, status, company, speaker, factory or source; "
                                                    "prefix with - for descending.")] = "id",
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=0, help="Print at most this many claims.")] = None,
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
    from kb.query import QueryError, select
    from kb.render.listing import write
    from kb.render.rows import COLUMNS, as_data, row

    filters = make_filters(company, speaker, factory, year, status, product, tag, source, text)
    kb, problems = load()
    report(problems)
    try:
        claims = select(kb, filters, sort=sort.lstrip("-"), reverse=sort.startswith("-"), limit=limit)
    except QueryError as error:
        raise fail(str(error))
    chosen = output_format(fmt)
    listing = _claim_listing(kb, claims, chosen, COLUMNS, row, as_data)
    write(listing, chosen, sys.stdout, max_rows=None if show_all or limit else TABLE_ROWS)
    finish(problems)


TABLE_ROWS = 200


def _claim_listing(kb, claims, chosen, columns, row, as_data):
    from kb.render.listing import Listing

    people = chosen in ("table", "plain")
    rows = [row(c, kb if chosen == "table" else None) for c in claims] if people else []
    data = [as_data(c) for c in claims] if chosen in ("json", "jsonl", "csv", "yaml") else []
    return Listing(columns=columns, rows=rows, data=data, ids=[c.id for c in claims],
                   styles={"id": "green", "year": "cyan", "status": "magenta"})


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
    from kb.query import QueryError, find_record
    from kb.render.show import write

    kb, problems = load()
    report(problems)
    try:
        record = find_record(kb, ref)
    except QueryError as error:
        raise fail(str(error))
    chosen = fmt.value if fmt else ("rich" if sys.stdout.isatty() else "plain")
    write(describe(kb, record), chosen, sys.stdout)
    finish(problems)


@app.command()
def check() -> None:
    """Check every claim and registry file; print each problem as file:line:column.

    \b
    Example:
      kb check
    """
    kb, problems = load()
    from kb.render.text import inert

    for problem in problems:
        typer.echo(inert(str(problem), one_line=True))
    if problems:
        typer.echo(f"{len(problems)} problem(s) in {len(kb.claims)} claims and {len(kb.entities)} entities loaded.",
                   err=True)
        raise typer.Exit(EXIT_PROBLEM)
    typer.echo(f"ok: {len(kb.claims)} claims, {len(kb.entities)} entities, no problems.", err=True)


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
