"""What every command shares: the app, the global options, the claim filters and the helpers
that open the index, report problems and print listings. Defined once, used by each module."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

import kb as kb_package

from ..render.listing import WRITERS as LISTING_WRITERS
from ..render.terminal import COLORS
from ..render.terminal import choose as choose_color

if TYPE_CHECKING:
    from ..answers.query import Filters
    from ..model.records import KnowledgeBase
    from ..store.index import Index

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


class Typer(typer.Typer):
    """typer.Typer whose every command also takes --quiet and --color (`with_output_options`), so that
    they work after the command as well as before it: `kb list --quiet`, `kb --quiet list`."""

    def command(self, *args, **kwargs):
        register = super().command(*args, **kwargs)
        return lambda function: register(with_output_options(function))


app = Typer(
    name="kb",
    help="A knowledge base of who said what: claims kept as one YAML file each.\n\n"
         "Run it inside a repository with a claims/ folder (or pass --root).\n\n"
         "Exit codes: 0 success; 1 a problem with the query or the files; 2 a usage error.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class _Fitted:
    """A stream whose lines are wrapped between words when it is a terminal (kb.render.terminal.fitted)."""

    def __init__(self, out) -> None:
        self.out = out

    def write(self, text: str) -> int:
        from kb.render.terminal import fitted

        return self.out.write("\n".join(fitted(line, self.out) for line in text.split("\n")))

    def __getattr__(self, name: str):
        return getattr(self.out, name)


def _show_fitted(show):
    """click's way of showing a usage error ("Error: Invalid value for '--status': ..."), its lines wrapped
    between words on a terminal like every other message of kb's."""
    def shown(self, file=None) -> None:
        show(self, _Fitted(file if file is not None else sys.stderr))

    return shown


for _error in typer.BadParameter.__mro__:  # the click Typer runs on (its own copy in Typer 0.20 and later)
    if _error.__name__ in ("UsageError", "ClickException"):
        _error.show = _show_fitted(_error.__dict__["show"])


class Settings:
    """Options given before the command, shared by every command."""

    root: Optional[Path] = None
    debug: bool = False
    no_cache: bool = False
    quiet: bool = False


settings = Settings()


def choices(name: str, values) -> type[Enum]:
    """An option's choices as Typer wants them (an Enum)."""
    return Enum(name, [(v, v) for v in values], type=str)


# What the listing and problem renderers can write (both modules load nothing heavy).
Format = choices("Format", ("table", *LISTING_WRITERS))
Color = choices("Color", COLORS)
QUIET_HELP = "Print the answer and the problems only: no notes on what was written where, no progress bars."
COLOR_HELP = ("auto (the default): colour on a terminal, unless NO_COLOR is set (or FORCE_COLOR, in a pipe "
              "too); always; never.")


def with_output_options(command):
    """Give a command --quiet (-q) and --color, the global options repeated after the command name."""
    import functools
    import inspect

    signature = inspect.signature(command, eval_str=True)
    if "quiet_" in signature.parameters:
        return command
    added = [inspect.Parameter("quiet_", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=Annotated[
                 bool, typer.Option("--quiet", "-q", help=QUIET_HELP)]),
             inspect.Parameter("color_", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[
                 Optional[Color], typer.Option("--color", metavar="WHEN", help=COLOR_HELP, case_sensitive=False)])]

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        quiet, color = kwargs.pop("quiet_", False), kwargs.pop("color_", None)
        settings.quiet = settings.quiet or quiet
        if color is not None:
            choose_color(color.value)
        try:
            return command(*args, **kwargs)
        finally:  # a program that runs kb in-process (the tests) goes on with the defaults
            settings.quiet = False
            choose_color("auto")

    wrapper.__signature__ = signature.replace(parameters=[*signature.parameters.values(), *added])
    wrapper.__annotations__ = {p.name: p.annotation for p in wrapper.__signature__.parameters.values()}
    return wrapper
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
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)] = False,
    color: Annotated[Color, typer.Option("--color", metavar="WHEN", help=COLOR_HELP,
                                         case_sensitive=False)] = Color.auto,
) -> None:
    settings.root = root
    settings.debug = debug
    settings.no_cache = no_cache
    settings.quiet = quiet
    choose_color(color.value)
    if debug:
        os.environ["KB_DEBUG"] = "1"


# ---------------------------------------------------------------- shell completion

def complete(kind: str, words=None):
    """The shell completion callback (Typer's `autocompletion`) of an option or argument whose values are of
    this kind (kb.store.completion.candidates), or among words (a function of what was typed giving (value,
    help) pairs). It reads the index as the last command left it: milliseconds at 100,000 claims. Typer
    keeps the values that start with what was typed; a name with spaces is escaped for bash, which inserts
    it as it is."""
    def callback(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        try:
            from kb.store.completion import candidates
            from kb.store.files import find_root

            given = ctx.find_root().params.get("root") if ctx is not None else None
            root = Path(given).resolve() if given else find_root()
        except Exception:  # noqa: BLE001 - no knowledge base here
            root = None
        try:
            found = words(incomplete) if words else candidates(kind, root, incomplete)
        except Exception:  # noqa: BLE001 - completion never fails loudly: the shell would show a traceback
            return []
        bash = os.environ.get("_KB_COMPLETE", "").endswith("bash") and " " not in incomplete
        return [(value.replace(" ", "\\ ") if bash else value, help_text) for value, help_text in found]

    callback.__name__ = f"complete_{kind.replace(' ', '_').replace('=', '_')}"
    return callback


# ---------------------------------------------------------------- shared helpers

def note(message: str) -> None:
    """A remark on stderr (what was written where, what to do next); --quiet leaves it out. On a terminal it
    is wrapped between words (kb.render.terminal.fitted); in a pipe it is one line."""
    if not settings.quiet:
        say(message)


def say(message: str) -> None:
    """A line on stderr, wrapped between words on a terminal."""
    from kb.render.terminal import fitted

    typer.echo(fitted(message, sys.stderr), err=True)


def progress(description: str):
    """A progress bar for long work (kb.render.progress): on a terminal's stderr only, not with --quiet."""
    from kb.render.progress import bar

    return bar(description, enabled=not settings.quiet)


def fail(message: str, code: int = EXIT_PROBLEM) -> typer.Exit:
    """Print 'kb: error: ...' on stderr and return the Exit to raise."""
    from kb.model.text import inert

    say(f"kb: error: {inert(message, one_line=True)}")
    return typer.Exit(code)


def open_index() -> "Index":
    """The knowledge base's index, brought up to date (in memory with --no-cache)."""
    from kb.store.index import open_index as open_it

    root = repo_root()
    if not (root / "claims").is_dir():
        raise fail(f"{root} has no claims/ folder; pass the repository root to --root")
    with progress("Reading the claims") as step:  # drawn only when it takes a while: the first time
        return open_it(root, use_cache=not settings.no_cache, progress=step)


# The names of the kept results of kb.checks.QUERY_CHECKS (kb.checks.result_name): read straight from the
# index when they are up to date, the checks are not even imported.
QUERY_RESULTS = ("check:ids", "check:references", "check:relations")


def query_problems(index: "Index") -> list:
    """What every answer must mention: files that failed to load, and broken ids across files."""
    kept = index.fresh_results(QUERY_RESULTS)
    if kept is None:
        from kb.checks import QUERY_CHECKS, kept_problems

        kept = kept_problems(index, QUERY_CHECKS)
    return sorted(index.problems() + kept)


def all_problems(index: "Index", step=None) -> list:
    """Every check, as `kb check` runs them; each check's problems kept until what it reads changes. step(done,
    total) hears how many of the checks run in full are done."""
    from kb.checks import CHECKS, kept_problems

    return sorted(index.problems() + kept_problems(index, CHECKS, progress=step))


def open_for_answers() -> tuple["Index", list]:
    """The index, with the problems every answer must mention already printed on stderr."""
    index = open_index()
    problems = query_problems(index)
    report(problems)
    return index, problems


def load() -> tuple["KnowledgeBase", list]:
    """The whole knowledge base in memory, and the problems every answer must mention."""
    index = open_index()
    return index.knowledge_base(), query_problems(index)


def report(problems: list) -> None:
    """Problems on stderr, one 'file:line:col: ...' line each."""
    from kb.model.text import inert

    for problem in problems:
        say(inert(str(problem), one_line=True))
    if problems:
        say(f"kb: {len(problems)} problem(s) in the knowledge base; the rest loaded. Run `kb check` for details.")


def output_format(fmt: Optional[Format]) -> str:
    """The format asked for, else a table on a terminal and plain text in a pipe."""
    if fmt is not None:
        return fmt.value
    return "table" if sys.stdout.isatty() else "plain"


def parse_as_of(text: Optional[str]):
    """An --as-of date (YYYY, YYYY-MM or YYYY-MM-DD, the first day of what it names); today when None."""
    import datetime

    if text is None:
        return datetime.date.today()
    from kb.model.validate import check_date  # only for a date given: kb list, kb stats take --as-of too

    if check_date(text):
        raise typer.BadParameter(check_date(text), param_hint="'--as-of'")
    return datetime.date(*(int(p) for p in (text.split("-") + ["1", "1"])[:3]))


AsOfOpt = Annotated[Optional[str], typer.Option(
    "--as-of", metavar="DATE", help="Answer as the knowledge base stood on this date (YYYY, YYYY-MM or YYYY-MM-DD): "
                                    "only claims said by then, judged on that day; default today.")]


def answer_as_of(index: "Index", as_of: Optional[str]):
    """The day an answer is judged on (`parse_as_of`); given a date, the index then answers as the knowledge
    base stood on it (`kb.store.index.Index.as_of`), and a note says how many claims it left out for
    want of any date."""
    day = parse_as_of(as_of)
    if as_of is not None:
        undated = index.as_of(day)
        if undated:
            note(f"kb: note: {undated} claim(s) with no said date and no dated source left out: "
                 f"it is not known whether they were said by {as_of}")
    return day


def finish(problems: list) -> None:
    """Exit 1 when the answer was given despite files that failed to load or check."""
    if problems:
        raise typer.Exit(EXIT_PROBLEM)


# The filters every listing command takes; one definition, used by each signature.
def _option(name: str, short: str | None, metavar: str, help_text: str, values: str | None = None):
    """A repeatable filter option; values: what shell completion offers (kb.commands.completion)."""
    names = (f"--{name.replace('_', '-')}", short) if short else (f"--{name.replace('_', '-')}",)
    return Annotated[list[str], typer.Option(*names, metavar=metavar, help=help_text,
                                             autocompletion=complete(values) if values else None)]


FILTER_OPTIONS = {
    "company": _option("company", "-c", "COMPANY", "Made by or concerning this company (id, name or alias). "
                                                   "Repeat to OR.", "company"),
    "speaker": _option("speaker", "-s", "WHO", "Said by this person, company or source.", "speaker"),
    "factory": _option("factory", "-f", "FACTORY", "About this factory (id, name or alias).", "factory"),
    "year": _option("year", "-y", "YEAR", "Due within this year or range of years: 2024, 2023..2025, 2023.., "
                                          "..2025 (a claim due 2024-H2 is within 2024).", "year"),
    "due": Annotated[list[str], typer.Option("--due", "--when", metavar="PERIOD", help=(
        "Due at some time in this period (overlapping it): 2026-H1, 2025-late, FY2027, ..2025, 2026.."),
        autocompletion=complete("period"))],
    "status": _option("status", None, "STATUS", "planned, considering, underway, done, cancelled, statement or "
                                                "opinion.", "status"),
    "product": _option("product", "-p", "PRODUCT", "About this product, e.g. 4680.", "product"),
    "tag": _option("tag", "-t", "TAG", "Carrying this tag (repeat: any of them).", "tag"),
    "all_tags": _option("all_tags", None, "TAG", "Carrying this tag (repeat: every one of them).", "tag"),
    "source": _option("source", None, "SOURCE", "From this source (id, title or alias).", "source"),
    "text": _option("text", None, "WORDS", "Containing these words in the claim or quote (any case)."),
    "minimum": Annotated[list[str], typer.Option("--min", metavar="NAME=AMOUNT", help=(
        "Stating at least this amount, e.g. capacity=10GWh/yr, investment=1billionUSD, jobs=1000."),
        autocompletion=complete("quantity"))],
    "maximum": Annotated[list[str], typer.Option("--max", metavar="NAME=AMOUNT", help=(
        "Stating at most this amount."), autocompletion=complete("quantity"))],
    "where": _option("where", None, "ATTRIBUTE=VALUE", "With this value of a declared attribute, e.g. "
                                                       "rating=false (repeat one attribute to OR).", "attribute"),
    "external": _option("external", None, "SYSTEM[=ID]", "Carrying this id of another system (or any id "
                                                          "of it), e.g. mastr=SEE912345678.", "external"),
    "current": Annotated[bool, typer.Option("--current", help=(
        "Leave out claims a newer claim supersedes (superseded, or kept by a done claim)."))],
}
FILTER_DEFAULTS = {"current": False}  # the others default to an empty list
FormatOpt = Annotated[Optional[Format], typer.Option(
    "--format", "-o", metavar="FORMAT", help="table, plain, csv, yaml, ids, json or jsonl; default: table on a terminal, plain in a pipe.",
    case_sensitive=False)]


def make_filters(**given: list[str]) -> "Filters":
    """The Filters of the options given; a malformed value is a usage error naming its option."""
    import difflib

    from kb.answers.query import (
        Filters,
        parse_amount_filter,
        parse_due,
        parse_pair,
        parse_year_range,
    )
    from kb.model.schema import STATUSES

    def status(value: str) -> str:
        if value.lower() not in STATUSES:
            close = difflib.get_close_matches(value.lower(), list(STATUSES), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise ValueError(f"'{value}' is not a status; {hint}use one of: {', '.join(STATUSES)}")
        return value.lower()

    parsers = {
        "year": parse_year_range, "due": parse_due, "status": status,
        "minimum": parse_amount_filter, "maximum": parse_amount_filter,
        "where": lambda text: parse_pair(text, "ATTRIBUTE=VALUE", "rating=false"),
        "external": lambda text: parse_pair(text, "SYSTEM or SYSTEM=ID", "mastr=SEE912345678"),
    }
    values = {}
    for name, items in given.items():
        if isinstance(items, bool):  # a flag
            values[name] = items
            continue
        parse = parsers.get(name, str)
        try:
            values[name] = tuple(parse(item) for item in items)
        except ValueError as error:
            option = {"minimum": "--min", "maximum": "--max"}.get(name, f"--{name.replace('_', '-')}")
            raise typer.BadParameter(str(error), param_hint=f"'{option}'")
    if any(value is None for _, value in values.get("where", ())):
        raise typer.BadParameter("give ATTRIBUTE=VALUE, e.g. rating=false", param_hint="'--where'")
    return Filters(**values)


def with_filters(command):
    """Give a command the claim filters of `kb list`, passed to it as one `filters` argument.

    The options are defined once (FILTER_OPTIONS) and added to the command's signature, so
    every listing command filters alike without repeating a dozen parameters.
    """
    import functools
    import inspect

    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "filters"]
    added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=FILTER_DEFAULTS.get(name, []),
                               annotation=annotation) for name, annotation in FILTER_OPTIONS.items()]

    @functools.wraps(command)
    def wrapper(**kwargs):
        values = {name: kwargs.pop(name) for name in FILTER_OPTIONS}
        return command(filters=make_filters(**values), **kwargs)

    wrapper.__signature__ = signature.replace(parameters=[*own, *added])
    wrapper.__annotations__ = {p.name: p.annotation for p in wrapper.__signature__.parameters.values()}
    return wrapper


TABLE_ROWS = 100


def claim_listing(kb: "KnowledgeBase", claims, chosen: str, columns, make_row=None, make_data=None,
                  table_rows: int | None = TABLE_ROWS, state=None, **options):
    """A Listing of claims that builds only what the chosen format prints: the first table_rows rows of
    a table (None: all), and rows or data as they are written otherwise (100,000 claims would not fit
    in memory twice). Every row and item carries the claim's state as of today (kb.answers.state): state(claim)
    when given, else decided by kb, which must hold the claims superseding or contradicting those
    listed. claims: a list; for formats other than a table and CSV, any iterable, read once."""
    import datetime

    from kb.model.schema import Claim
    from kb.render.listing import Listing
    from kb.render.view import STATE_STYLES
    from kb.store.rows import as_data, data_keys, row

    if state is None:
        from kb.answers.state import state_of

        today = datetime.date.today()
        state = lambda claim: state_of(kb, claim, today)  # noqa: E731
    base_row = make_row or (lambda claim, names: row(claim, names))
    base_data = make_data or as_data

    def make(claim, names) -> dict:
        return {**base_row(claim, names), "state": state(claim).name}

    def data(claim) -> dict:
        return {**base_data(claim), **state(claim).data()}

    if chosen == "table":
        rows = [make(c, kb) for c in (claims if table_rows is None else claims[:table_rows])]
    else:
        rows = (make(c, None) for c in claims) if chosen == "plain" else ()
    items = (data(c) for c in claims) if chosen in ("json", "jsonl", "yaml") else \
        [data(c) for c in claims] if chosen == "csv" else ()
    options.setdefault("styles", {"id": "green", "when": "cyan", "status": "magenta"})
    options.setdefault("value_styles", {"state": STATE_STYLES})
    options.setdefault("key_order", (*data_keys(Claim), "state", "state_by", "latest"))
    return Listing(columns=columns, rows=rows, data=items, ids=(c.id for c in claims),
                   total=len(claims) if isinstance(claims, (list, tuple)) else None, **options)


def selection_listing(selection, chosen: str, order: str, limit: Optional[int], columns, make_row=None,
                      make_data=None, plain=None, extra=None, where: str = "", params=(), table_rows=TABLE_ROWS,
                      states=None, **options):
    """A Listing of the selected claims (a `kb.answers.lookup.Selection`) in this SQL order, each with its state
    as of today (`kb.answers.lookup.States`).

    ids, plain, CSV, JSON and JSON lines stream from the index's rows, which hold each claim as those
    formats print it (`kb.store.indexing`): no record is built, so time and memory do not grow with the
    answer. A table builds records for the rows it shows, YAML one at a time.
    plain: (SQL columns, function of a row and its state's name -> line) for other columns than `kb
    list`'s; extra: (SQL columns, function of a row -> {key: value}) for data keys after the path
    (`kb due`'s); where and params: a further condition on the claims (on listed l); states: the
    `kb.answers.lookup.States` the caller already has, if any."""
    import datetime
    import json
    from json.encoder import encode_basestring as string

    from kb.answers.lookup import States
    from kb.model.schema import Claim
    from kb.store.formats import data_cell, item_with, json_items, pretty_json
    from kb.store.rows import data_keys

    decider = [states]  # made on first use: `--format ids` prints no state
    plain_columns, plain_line = plain or ("l.plain", _with_state)
    extra_columns, extra_values = extra or ("", None)
    tail = (f", {extra_columns}" if extra_columns else "") + ", l.id, l.status, l.when_end"

    def batches(columns: str, records: bool = False):
        return selection.rows(columns + tail, order, limit, records, where, params)

    def state_of(row):
        if decider[0] is None:
            decider[0] = States(selection.index, datetime.date.today())
        return decider[0].of(*row[-3:])

    def more_json(row, pretty: bool) -> str:  # the keys after the path: the command's own, then the state's
        values = {**(extra_values(row) if extra_values else {}), **state_of(row).data()}
        if pretty:  # as they stand in an item of a JSON list (kb.store.formats.as_item)
            return "".join(",\n  " + pretty_json({k: v})[2:-2].replace("\n", "\n  ") for k, v in values.items())
        return "".join(f", {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in values.items())

    def rendered(fmt: str):
        if fmt == "ids":
            return ("".join(f"{row[0]}\n" for row in batch) for batch in batches("l.id"))
        if fmt == "plain":
            return ("".join(f"{plain_line(row, state_of(row).name)}\n" for row in batch)
                    for batch in batches(plain_columns))
        if fmt == "json":
            return json_items(item_with(row[0], ',\n    "path": ' + string(row[1]) + more_json(row, True))
                              for batch in batches("r.pretty, l.path", records=True) for row in batch)
        if fmt == "jsonl":  # records.data is the claim as json.dumps writes it
            return ("".join(row[0][:-1] + ', "path": ' + string(row[1]) + more_json(row, False) + "}\n"
                            for row in batch) for batch in batches("r.data, l.path", records=True))
        if fmt == "csv":
            return csv_pieces()
        return None

    def csv_pieces():  # every key a claim may hold, then its state, then the command's own (kb due's)
        keys = [*data_keys(Claim), "state", "state_by", "latest"]
        first = True
        for batch in batches("l.csv"):
            if first:
                keys += list(extra_values(batch[0])) if extra_values else []
                yield _csv_header(keys)
                first = False
            lines = []
            for row in batch:
                state = state_of(row)
                line = row[0].replace("\x00", ",") + "," + state.name + "," + \
                    (data_cell(list(state.by)) if state.by else "") + "," + \
                    (data_cell(list(state.latest)) if state.latest else "")
                if extra_values:
                    line += "".join("," + data_cell(v) for v in extra_values(row).values())
                lines.append(line + "\n")
            yield "".join(lines)
        if first:
            yield _csv_header(keys)

    if chosen in ("table", "yaml"):  # records, each with its state as the index's columns decide it
        from kb.store.indexing import record_from_row

        decided: dict[str, object] = {}

        def claims_of(count):
            for batch in selection.rows("r.kind, r.path, r.line, r.data, ''" + tail, order, count, True, where,
                                        params):
                for row in batch:
                    claim = record_from_row(*row[:5])
                    decided[claim.path] = state_of(row)
                    yield claim

        shown = table_rows if chosen == "table" and table_rows is not None else None
        shown = limit if shown is None else shown if limit is None else min(shown, limit)
        claims = list(claims_of(shown)) if chosen == "table" else claims_of(shown)
        kb = selection.knowledge_base(claims if chosen == "table" else ())
        return claim_listing(kb, claims, chosen, columns, make_row, make_data, table_rows=table_rows,
                             state=lambda claim: decided[claim.path], **options)
    return claim_listing(selection.entities, [], chosen, columns, make_row, make_data, rendered=rendered,
                         **options)


def _with_state(row, state: str) -> str:
    """kb list's plain line: the index's line (kb.store.indexing) with the state after the status."""
    cells = row[0].split("\t", 3)
    return f"{cells[0]}\t{cells[1]}\t{cells[2]}\t{state}\t{cells[3]}"


def _csv_header(keys: list[str]) -> str:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(keys)
    return out.getvalue()


def emit(listing, fmt: Optional[Format]) -> None:
    """Print a listing in the chosen format: a table (of at most TABLE_ROWS rows, then a line saying
    how many more) on a terminal, plain text in a pipe."""
    from kb.render.listing import write

    write(listing, output_format(fmt), sys.stdout, max_rows=TABLE_ROWS)


def claims_matching(kb: "KnowledgeBase", filters: "Filters") -> list:
    from kb.answers.query import QueryError, select

    try:
        return select(kb, filters)
    except QueryError as error:
        raise fail(str(error))


def repo_root() -> Path:
    from kb.store.files import NoKnowledgeBase, find_root

    try:
        return settings.root.resolve() if settings.root else find_root()
    except NoKnowledgeBase as error:
        raise fail(str(error))



def relative_to_root(root: Path, path: Path) -> str:
    """A path given on the command line, as the root-relative path that problems carry."""
    absolute = (Path.cwd() / path).resolve() if not path.is_absolute() else path.resolve()
    try:
        return absolute.relative_to(root).as_posix() or "."
    except ValueError:
        raise fail(f"{path} is not inside the knowledge base at {root}", EXIT_USAGE)


def entity_ids(kinds: tuple[str, ...]):
    """Shell completion of the entities of these kinds (ids, names, aliases), from the index."""
    named = {("company",): "company", ("factory",): "factory", ("source",): "source", ("person",): "person",
             ("person", "company", "source"): "speaker"}.get(tuple(kinds), "entity")
    return complete(named)


