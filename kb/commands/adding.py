"""`kb add company|person|factory|source`: registering entities (and archiving a source's text).

The options of each command are the fields of its record type in `kb/model/schema.py`, so a field
added to the schema is an option here without another line of code.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ..render.terminal import stderr_colored
from .common import Typer, app, complete, fail, load, note
from .prompting import ask, choose, field_problem, interactive, say, typed_value

if TYPE_CHECKING:
    from ..model.records import KnowledgeBase

add_app = Typer(help="Add an entity to the registry, or declare an attribute.\n\n"
                           "Entities: company, person, factory, source, product, milestone.\n\n"
                           "A source is added with its text.\n\n"
                           "\b\nExamples:\n"
                           "  kb add company --name \"Samsung SDI\" --alias SDI --country \"South Korea\"\n"
                           "  kb add source --from saved-page.html --kind article\n"
                           "  kb add attribute rating --type choice --values true,false --dry-run\n"
                           "  kb add person --help",
                      no_args_is_help=True, rich_markup_mode=None)
app.add_typer(add_app, name="add")

# Fields that are not asked for: chosen by kb (id, archive) or rarely known at once.
NOT_ASKED = {"id", "archive"}
EXAMPLES = {
    "company": ['kb add company --name "Samsung SDI" --alias SDI --country "South Korea"'],
    "person": ['kb add person --name "Choi Yoon-ho" --role CEO --company "Samsung SDI"'],
    "factory": ['kb add factory --name "Cheonan plant" --owner "Samsung SDI" \\\n'
                '    --city Cheonan --country "South Korea"'],
    "product": ['kb add product --name "46-series cylindrical cell" --alias 46-series --alias 4695'],
    "milestone": ['kb add milestone --id recycling-start --name "Recycling of scrap starts" \\\n'
                  '    --alias "recycling line"'],
    "source": ["kb add source --from saved-page.html --kind article",
               'kb add source --from notes.txt --title "Q1 2024 earnings call" \\\n'
               '    --kind transcript --date 2024-04-30'],
}


def option_name(name: str) -> str:
    return "--alias" if name == "aliases" else f"--{name.replace('_', '-')}"


# The options of `kb add KIND`: the fields of the kind in kb/model/schema.py that a command line can give, with
# their help. Written out here so that `kb --help` need not load the schema; a test holds this table to
# the schema (tests/test_add_mv.py), so a field added there fails until it is added here.
OPTIONS: dict[str, tuple[str, ...]] = {
    "company": ("id", "name", "aliases", "country", "fiscal_year_end", "note"),
    "person": ("id", "name", "aliases", "role", "company", "note"),
    "factory": ("id", "name", "aliases", "owner", "city", "region", "country", "note"),
    "source": ("id", "title", "kind", "aliases", "publisher", "date", "url", "archive", "note"),
    "product": ("id", "name", "aliases", "note"),
    "milestone": ("id", "name", "aliases", "note"),
}
REQUIRED = {"company": ("name",), "person": ("name",), "factory": ("name",), "source": ("title", "kind"),
            "product": ("name",), "milestone": ("name",)}
HELP = {
    "id": "Stable id (chosen from the name when absent).", "name": "Full name.", "title": "Title as published.",
    "aliases": "Another name that matches in filters; repeat for more.", "country": "Country.",
    "fiscal_year_end": "The month its fiscal year ends in (1-12).", "note": "Free remark.",
    "role": "Role, as the sources give it.", "company": "Employer (an id, name or alias).",
    "owner": "The company that runs it (an id, name or alias).", "city": "City or town.",
    "region": "Province or state.", "publisher": "Who published it.",
    "kind": "article, press-release, filing, transcript, report, social or other.",
    "date": "Publication date: YYYY, YYYY-MM or YYYY-MM-DD.", "url": "Where it can be read.",
    "archive": "A copy of its text already in this repository (sources/...); --from makes one.",
}


# Shell completion of the options that name an entity or a date.
COMPLETIONS = {"company": complete("company"), "owner": complete("company"), "date": complete("date")}


def _parameters(kind: str) -> list[inspect.Parameter]:
    """One option per field of the kind (OPTIONS), then the options every `kb add` takes."""
    params = []
    for name in OPTIONS[kind]:
        if name == "aliases":
            annotation: Any = Annotated[list[str], typer.Option("--alias", help=HELP[name])]
            default: Any = []
        elif name == "fiscal_year_end":
            annotation = Annotated[Optional[int], typer.Option(option_name(name), help=HELP[name], min=1, max=12)]
            default = None
        else:
            annotation = Annotated[Optional[str], typer.Option(option_name(name), help=HELP[name],
                                                               autocompletion=COMPLETIONS.get(name))]
            default = None
        params.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation))
    if kind == "source":
        params.append(inspect.Parameter("from_file", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[
            Optional[Path], typer.Option("--from", help="Archive this file's text in sources/<id>.txt: a text file, "
                                                        "or a saved web page (its readable text; title, date and "
                                                        "publisher from its metadata when it states them).")]))
    params += [
        inspect.Parameter("registry_file", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[
            Optional[str], typer.Option("--file", help="The registry file to add to (default "
                                                       "claims/registry/<kind>.yaml).")]),
        inspect.Parameter("force_duplicate", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=Annotated[
            bool, typer.Option("--force-duplicate", help="Add it even if an entity with the same name exists.")]),
        inspect.Parameter("dry_run", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=Annotated[
            bool, typer.Option("--dry-run", help="Show what would be added; write nothing.")]),
        inspect.Parameter("ask_all", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=Annotated[
            bool, typer.Option("--interactive", "-i", help="On a terminal, ask for every field not given, even "
                                                           "when the options give the required ones.")]),
    ]
    return params


def _make_command(kind: str) -> None:
    def command(**options: Any) -> None:
        add_entity(kind, options)

    params = _parameters(kind)
    command.__signature__ = inspect.Signature(params)
    command.__annotations__ = {p.name: p.annotation for p in params}
    command.__name__ = kind
    command.__doc__ = (f"Add a {kind} to the registry{' and archive its text' if kind == 'source' else ''}.\n\n"
                       "Validates, warns about a probable duplicate (same or similar name or alias), never "
                       "overwrites an existing id, appends in kb fmt's layout keeping the file's comments, and "
                       "prints where it wrote. On a terminal it asks for what the options leave out when a "
                       "required one is missing (or with -i); given the required ones, it asks nothing.\n\n"
                       "\b\nExamples:\n" + "\n".join(f"  {e}" for e in EXAMPLES[kind]))
    add_app.command(kind)(command)


for _kind in ("company", "person", "factory", "source", "product", "milestone"):
    _make_command(_kind)


@add_app.command("attribute")
def add_attribute(
    name: Annotated[str, typer.Argument(help="The attribute's name, as claims write it under attributes:.")],
    type_: Annotated[str, typer.Option("--type", help="text, number, choice, date or quantity.")],
    values: Annotated[list[str], typer.Option("--values", help="For a choice: its values, comma-separated "
                                                               "(or repeat the option).")] = [],  # noqa: B006
    description: Annotated[Optional[str], typer.Option("--description", help="What it means.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be added; write nothing.")] = False,
) -> None:
    """Declare an attribute of claims in claims/registry/attributes.yaml.

    Claims then carry it under attributes: (kb import maps a column to it, kb check checks
    every value against its type). Appended in kb fmt's layout, the file's comments kept;
    an attribute already declared is refused.

    \b
    Examples:
      kb add attribute rating --type choice --values true,mostly-true,half-true,false \\
        --description "The fact-checker's rating." --dry-run
      kb add attribute cells --type number --dry-run
    """
    from ..edit.registry_write import plan_attribute, write_plan
    from ..store.atomic import WriteRefused

    kb, _ = load()
    split = [v.strip() for item in values for v in item.split(",") if v.strip()]
    plan = plan_attribute(kb, name, type_, split, description)
    if plan.problems:
        for problem in plan.problems:
            typer.echo(str(problem), err=True)
        raise fail("nothing written; fix what is listed above")
    if dry_run:
        typer.echo(plan.text[len(plan.old_text or ""):].lstrip("\n"), nl=False)
        return
    try:
        write_plan(kb.root, plan)
    except WriteRefused as error:
        raise fail(str(error))
    typer.echo(f"declared attribute {name} ({type_}) in {plan.relpath}")


def add_entity(kind: str, options: dict[str, Any]) -> None:
    from ..edit.html_source import SourceProblem, read_source
    from ..edit.registry_write import plan_add, write_add
    from ..store.atomic import WriteRefused

    registry_file = options.pop("registry_file")
    force, dry_run, ask_all = options.pop("force_duplicate"), options.pop("dry_run"), options.pop("ask_all")
    from_file = options.pop("from_file", None)
    kb, _ = load()
    values = {k: v for k, v in options.items() if v not in (None, [], "")}
    text = None
    if from_file is not None:
        try:
            page = read_source(from_file)
        except SourceProblem as error:
            raise fail(str(error))
        text = page.text
        for name in ("title", "date", "publisher", "url"):
            found = getattr(page, name)
            if found and not values.get(name):
                values[name] = found
                note(f"{name} (from the page): {found}")
    if registry_file and (not registry_file.startswith("claims/registry/") or ".." in registry_file.split("/")
                          or not registry_file.endswith(".yaml")):
        raise fail(f"--file must be a .yaml file in claims/registry/ (got {registry_file})", 2)
    # asked only when a required field is missing (or -i): a command line giving what is required is
    # complete, and a block of commands pasted into a terminal never feeds its next lines to a question
    values = complete_entity(kb, kind, values, ask_all or any(not values.get(n) for n in REQUIRED[kind]))
    missing = [option_name(n) for n in REQUIRED[kind] if not values.get(n)]
    if missing:
        said = [f"{m} ({HELP[m[2:]].rstrip('.').lower()})" for m in missing]
        raise fail(f"{' and '.join(said)} {'is' if len(said) == 1 else 'are'} required", 2)
    if interactive():
        kb, _ = load()  # what was added while asking (an employer, an owner) is in the registry now
    plan = plan_add(kb, kind, values, registry_file, text)
    if plan.entity.problems:
        for problem in plan.entity.problems:
            typer.echo(str(problem), err=True)
        raise fail("nothing written; fix what is listed above")
    record = plan.entity.records[0]
    if not confirm_not_duplicate(kb, kind, record, plan.entity.similar.get(record.id, []), force):
        raise fail("nothing written: probably a duplicate; use the existing entity, or add --force-duplicate")
    if dry_run:
        typer.echo(plan.entity.text[len(plan.entity.old_text or ""):].lstrip("\n"), nl=False)
        if plan.archive:
            note(f"(would archive the text in {plan.archive[0]})")
        return
    try:
        write_add(kb.root, plan)
    except WriteRefused as error:
        raise fail(str(error))
    typer.echo(f"added {kind} {record.id} to {plan.entity.relpath}")
    if plan.archive:
        typer.echo(f"archived its text in {plan.archive[0]}")


def resolve_refs(kb: "KnowledgeBase", kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """Names and aliases in reference fields (company, owner) replaced by ids; unknown ones are added on
    the spot on a terminal, else an error giving the `kb add` command."""
    from ..answers.query import QueryError, match_entities
    from ..edit.new import add_command
    from ..model.schema import ENTITY_TYPES, schema_fields

    for spec in schema_fields(ENTITY_TYPES[kind]):
        refs, term = spec.metadata["refs"], values.get(spec.name)
        if not refs or not term or term in kb.entities_by_id:
            continue
        try:
            ids = sorted(match_entities(kb, refs, term))
        except QueryError as error:
            if not interactive():
                raise fail(f"{option_name(spec.name)}: {error}; to add it: {add_command('company', term)}")
            say(str(error))
            added = offer_to_add(kb, refs, term)
            if added is None:  # asked again, as `kb new` does: another name, or Enter to leave it unknown
                answer = ask_entity(kb, spec.name, refs, required=spec.metadata["required"])
                if answer in (None, []):
                    values.pop(spec.name)
                else:
                    values[spec.name] = answer
                kb, _ = load()
                continue
            kb, _ = load()
            ids = [added]
        if len(ids) > 1:
            raise fail(f"{option_name(spec.name)}: '{term}' could be {', '.join(ids)}; give the id")
        values[spec.name] = ids[0]
    return values


def complete_entity(kb: "KnowledgeBase", kind: str, values: dict[str, Any], asking: bool = True) -> dict[str, Any]:
    """values with references resolved and, on a terminal when asking, every field not given asked for."""
    from ..model.schema import ENTITY_TYPES, schema_fields

    record_type = ENTITY_TYPES[kind]
    values = resolve_refs(kb, kind, values)
    if not asking or not interactive():
        return values
    for spec in schema_fields(record_type):
        meta = spec.metadata
        if spec.name in values or spec.name in NOT_ASKED or meta["kind"] not in (
                "text", "strings", "ref", "choice", "date", "url", "month"):
            continue
        if meta["refs"]:
            answer = ask_entity(kb, spec.name, meta["refs"], required=meta["required"])
        else:
            hint = ", ".join(meta["choices"]) if meta["choices"] else (
                "comma-separated" if meta["kind"] == "strings" else "" if meta["required"] else
                "Enter to leave unknown")
            answer = ask(spec.name, lambda text, s=spec: _checked(record_type, s, text), meta["required"],
                         complete=meta["choices"] or (), hint=hint)
        if answer not in (None, []):
            values[spec.name] = answer
    return values


def _checked(record_type: type, spec: Any, text: str) -> tuple[Any, Optional[str]]:
    value = typed_value(spec, text)
    return value, field_problem(record_type, spec.name, value)


def ask_entity(kb: "KnowledgeBase", label: str, kinds: tuple[str, ...], required: bool = False,
               many: bool = False) -> Any:
    """Ask for an entity (or several, comma-separated) by id, name or alias; an unknown name is asked again
    with "did you mean", or added on the spot."""
    from ..answers.query import QueryError, match_entities
    from ..model.records import kind_of

    holder = {"kb": kb}

    def check(text: str) -> tuple[Any, Optional[str]]:
        out = []
        for term in ([t.strip() for t in text.split(",") if t.strip()] if many else [text]):
            current = holder["kb"]
            if term in current.entities_by_id and kind_of(current.entities_by_id[term]) in kinds:
                out.append(term)
                continue
            try:
                ids = sorted(match_entities(current, kinds, term))
            except QueryError as error:
                say(str(error))
                added = offer_to_add(current, kinds, term)
                if added is None:
                    return None, "type another name (Tab completes ids), or add it"
                holder["kb"], _ = load()
                ids = [added]
            if len(ids) > 1:
                return None, f"'{term}' could be {', '.join(ids)}; type the id"
            out.append(ids[0])
        return (out if many else out[0]), None

    options = [e.id for e in kb.entities if kind_of(e) in kinds]
    return ask(label, check, required, complete=options,
               hint=f"{' or '.join(kinds)}; Tab completes ids" + (", comma-separated" if many else ""))


def offer_to_add(kb: "KnowledgeBase", kinds: tuple[str, ...], term: str) -> Optional[str]:
    """Ask whether to add term now as one of kinds; add it (asking for its fields) and return its id."""
    from ..edit.registry_write import plan_add, write_add
    from ..store.atomic import WriteRefused

    answer = choose(f"Add '{term}' now as a new", [*kinds, "no"], "no")
    if answer == "no":
        return None
    name_field = "title" if answer == "source" else "name"
    values = complete_entity(kb, answer, {name_field: term})
    kb, _ = load()  # what was added while asking (an employer, an owner) is in the registry now
    plan = plan_add(kb, answer, values)
    if plan.entity.problems:
        for problem in plan.entity.problems:
            say(str(problem))
        return None
    record = plan.entity.records[0]
    if not confirm_not_duplicate(kb, answer, record, plan.entity.similar.get(record.id, []), False):
        return None
    try:
        write_add(kb.root, plan)
    except WriteRefused as error:
        say(str(error))
        return None
    say(f"added {answer} {record.id} to {plan.entity.relpath}")
    return record.id


def confirm_not_duplicate(kb: "KnowledgeBase", kind: str, record: Any, similar: list, force: bool) -> bool:
    """Show each probable duplicate beside the new entity. The same name refuses unless forced (or confirmed
    on a terminal); a similar one is a warning."""
    from ..model.schema import schema_fields
    from ..render.compare import side_by_side
    from ..store.yamlwrite import record_values

    fields = [s.name for s in schema_fields(type(record))]
    for found in similar:
        typer.secho(f"kb: warning: probable duplicate {kind}: {found.reason}", fg="yellow", err=True,
                    color=stderr_colored())
        side_by_side(fields, record_values(record), record_values(found.entity),
                     ("new", f"existing ({found.entity.path}:{found.entity.line})"))
    if not any(f.exact for f in similar) or force:
        return True
    return interactive() and choose("Add it anyway?", ["yes", "no"], "no") == "yes"
