"""`kb new` (writing a claim, asking for what is missing) and `kb mv` (renaming a claim or entity)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ..render.terminal import stderr_colored
from .common import EXIT_USAGE, app, complete, fail, load, relative_to_root
from .common import note as tell  # `note` is also the option --note of kb new
from .prompting import ask, choose, field_problem, interactive, say, typed_value

if TYPE_CHECKING:
    from ..model.records import KnowledgeBase


# The options of `kb new`: one for each field of a claim in kb/model/schema.py (FIELD_FLAGS says which), so
# that a script can write any claim. Written out here so that `kb --help` need not load the schema; a test
# (tests/test_new.py) holds them to the schema, so a field added there fails until it has its option here.
FIELD_FLAGS = {"id": "--id", "claim": "--claim", "speaker": "--speaker", "company": "--company",
               "concerns": "--concerns", "product": "--product", "factory": "--factory", "milestone": "--milestone",
               "when": "--when",
               "said": "--said", "status": "--status", "source": "--source", "quote": "--quote",
               "quote_kind": "--quote-kind", "quantities": "--quantity", "attributes": "--attribute", "tags": "--tag",
               "supports": "--relation", "contradicts": "--relation", "supersedes": "--relation",
               "elaborates": "--relation", "related": "--relation", "inferred": "--inferred", "external": "--external",
               "note": "--note"}
QUOTE_KINDS = ("verbatim", "paraphrase", "translation")


def _words(*words: str):
    from kb.store.completion import choices

    return complete("words", lambda typed: choices(words, typed))


@app.command()
def new(
    claim: Annotated[Optional[str], typer.Option("--claim", help="The claim, in one sentence.")] = None,
    speaker: Annotated[Optional[str], typer.Option("--speaker", help="Who said it (person, company or source; id or name).",
                                                   autocompletion=complete("speaker"))] = None,
    company: Annotated[Optional[str], typer.Option("--company", help="The company whose claim it is.",
                                                   autocompletion=complete("company"))] = None,
    concerns: Annotated[list[str], typer.Option("--concerns", help="Another company it concerns; repeat for more.",
                                                autocompletion=complete("company"))] = [],
    product: Annotated[Optional[str], typer.Option("--product", help="The product, e.g. 4680.",
                                                   autocompletion=complete("product"))] = None,
    factory: Annotated[Optional[str], typer.Option("--factory", help="The factory it is about.",
                                                   autocompletion=complete("factory"))] = None,
    milestone: Annotated[Optional[str], typer.Option("--milestone", autocompletion=complete("milestone"), help="The step of the plan: mass-production, "
                                                                         "construction-start, ... (docs/extraction.md)."
                                                                         )] = None,
    when: Annotated[Optional[str], typer.Option("--when", help="When it is due: 2026, 2026-H2, 2025-late, FY2027, "
                                                               "..2027 (docs/format.md).",
                                                autocompletion=complete("period"))] = None,
    said: Annotated[Optional[str], typer.Option("--said", help="When it was said: 2024, 2024-03 or 2024-03-06.",
                                                autocompletion=complete("date"))] = None,
    status: Annotated[Optional[str], typer.Option("--status", help="planned, considering, underway, done, cancelled, "
                                                                   "statement or opinion.",
                                                  autocompletion=complete("status"))] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Where it was said (a source id or title).",
                                                  autocompletion=complete("source"))] = None,
    quote: Annotated[Optional[str], typer.Option("--quote", help="The source's words, verbatim.")] = None,
    quote_kind: Annotated[Optional[str], typer.Option("--quote-kind", help="verbatim (the default), paraphrase or "
                                                                           "translation: how the quote renders the "
                                                                           "source.",
                                                      autocompletion=_words(*QUOTE_KINDS))] = None,
    quantity: Annotated[list[str], typer.Option("--quantity", metavar="NAME=AMOUNT", help=(
        "An amount the claim states, e.g. capacity='53 GWh/yr' or investment='about 5.5 billion USD'; repeat for "
        "more."), autocompletion=complete("quantity"))] = [],
    attribute: Annotated[list[str], typer.Option("--attribute", metavar="NAME=VALUE", help=(
        "The value of a declared attribute (claims/registry/attributes.yaml), e.g. rating=false; repeat for "
        "more."), autocompletion=complete("attribute"))] = [],
    tag: Annotated[list[str], typer.Option("--tag", help="A tag; repeat for more.", autocompletion=complete("tag"))] = [],
    inferred: Annotated[list[str], typer.Option("--inferred", help="FIELD=WORDS: a field the source only implies, "
                                                                   "e.g. when='later this year'.",
                                                autocompletion=complete("field"))] = [],
    relation: Annotated[list[str], typer.Option("--relation", help="RELATION=ID, e.g. elaborates=lges-4680-ochang"
                                                                   "-mass-production; repeat for more.",
                                                autocompletion=complete("relation=claim"))] = [],
    external: Annotated[list[str], typer.Option("--external", metavar="SYSTEM=ID", help=(
        "The claim's id in another system, e.g. mastr=SEE912345678; repeat for more."),
        autocompletion=complete("external"))] = [],
    note: Annotated[Optional[str], typer.Option("--note", help="Your remark, not part of the claim.")] = None,
    claim_id: Annotated[Optional[str], typer.Option("--id", help="The id (and file name); chosen from the claim if absent.")] = None,
    folder: Annotated[Optional[str], typer.Option("--folder", help="Folder under claims/ (default claims/<source>).")] = None,
    resume: Annotated[Optional[Path], typer.Option("--resume", help="Go on with a draft a previous kb new kept "
                                                                    "(drafts/.new/*.yaml); flags override it.",
                                                   dir_okay=False)] = None,
    ask_all: Annotated[bool, typer.Option("--interactive", "-i", help="Ask for every field not given, even when "
                                                                      "the required ones are.")] = False,
    force_duplicate: Annotated[bool, typer.Option("--force-duplicate", help="Write it even if the same speaker "
                                                                            "already said nearly the same.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the file instead of writing it.")] = False,
) -> None:
    """Create a claim file, asking for what the flags leave out.

    Create a claim file from flags; on a terminal, ask for every field the flags leave out.

    Names and aliases are turned into ids; an unknown speaker, company or factory can be
    added on the spot (on a terminal) or the error gives the `kb add` command. Each answer
    is checked as it is given. The file is validated, never overwrites another, is refused
    when the speaker already said nearly the same (unless --force-duplicate), and is
    written atomically; its path is printed. What was typed is kept as a draft until the
    claim is written: `kb new --resume drafts/.new/....yaml` goes on with it.

    \b
    Examples:
      # on a terminal, asking for each field:
      kb new
      kb new --speaker LGES --company LGES --product 4680 --factory Ochang \\
        --status planned --source powering-the-future-4680 \\
        --claim "LGES will start 4680 mass production at Ochang." \\
        --quote "LGES intends to start 4680 mass production at its Ochang factory"
      kb new --resume drafts/.new/20240501-101500.yaml
    """
    import difflib

    from kb.edit.drafts import load_draft, new_draft, resume_command, save_draft
    from kb.model.schema import RELATIONS

    kb, _ = load()
    values: dict = {"id": claim_id, "claim": claim, "speaker": speaker, "company": company,
                    "concerns": list(concerns), "product": product, "factory": factory, "milestone": milestone,
                    "when": when,
                    "said": said, "status": status, "source": source, "quote": quote, "tags": list(tag),
                    "note": note}
    for item in relation:
        name, _, target = item.partition("=")
        if name not in RELATIONS or not target:
            close = difflib.get_close_matches(name.lower(), RELATIONS, n=1, cutoff=0.8) if target else []
            hint = f"; did you mean '{close[0]}={target}'?" if close else ""
            raise typer.BadParameter(f"'{item}' is not RELATION=ID with RELATION one of {', '.join(RELATIONS)}"
                                     + hint, param_hint="'--relation'")
        values.setdefault(name, []).append(target)
    values["quote_kind"] = quote_kind
    from kb.model.kinds import typed_pair

    declared = {a.name: a.type for a in kb.attributes}
    for field, items, flag, form in (("inferred", inferred, "--inferred", "FIELD=WORDS"),
                                     ("quantities", quantity, "--quantity", "NAME=AMOUNT"),
                                     ("attributes", attribute, "--attribute", "NAME=VALUE"),
                                     ("external", external, "--external", "SYSTEM=ID")):
        pairs = {}
        for item in items:
            name, _, text = (part.strip() for part in item.partition("="))
            if not name or not text:
                raise typer.BadParameter(f"'{item}' is not {form}", param_hint=f"'{flag}'")
            if name in pairs:
                raise typer.BadParameter(f"'{name}' is given twice", param_hint=f"'{flag}'")
            pairs[name] = typed_pair(field, text, declared.get(name))
        values[field] = pairs
    values = {k: v for k, v in values.items() if v not in (None, [], {}, "")}
    if folder and not (folder.strip("/") + "/").startswith("claims/"):
        raise fail(f"--folder must be inside claims/ (got {folder})", EXIT_USAGE)
    draft, asked = None, []
    if resume is not None:
        draft = relative_to_root(kb.root, resume)
        try:
            kept, asked = load_draft(kb.root / draft)
        except ValueError as error:
            raise fail(str(error))
        values = {**kept, **values}
    required = ("claim", "speaker", "status", "source", "quote")
    asking = interactive() and (ask_all or resume is not None or any(not values.get(n) for n in required))
    try:
        if asking and not dry_run:  # a dry run writes nothing, a draft neither
            draft = draft or new_draft(kb.root)
            tell(f"(what you type is kept in {draft} until the claim is written)")
            kb = ask_claim(kb, values, asked, lambda: draft and save_draft(kb.root, draft, values, asked))
        path = write_claim(kb, values, folder, asking, force_duplicate, dry_run,
                           lambda: draft and save_draft(kb.root, draft, values, asked))
    except typer.Exit as stop:
        if stop.exit_code and values and not dry_run:
            draft = draft or new_draft(kb.root)
            save_draft(kb.root, draft, values, asked)
            typer.echo(f"kb: what you gave is kept in {draft}; go on with: {resume_command(draft)}", err=True)
        raise
    except (typer.Abort, KeyboardInterrupt):
        if draft and values:
            save_draft(kb.root, draft, values, asked)
            typer.echo(f"\nkb: interrupted; what you typed is kept in {draft}; go on with: "
                       f"{resume_command(draft)}", err=True)
        raise typer.Exit(130)
    if path and draft:
        from kb.edit.drafts import remove_draft

        remove_draft(kb.root, draft)


def write_claim(kb: "KnowledgeBase", values: dict, folder: Optional[str], asking: bool, force: bool,
                dry_run: bool, save) -> Optional[str]:
    """Resolve names, plan, and write (or print) the claim; on a terminal, re-ask fields the checks reject."""
    from kb.edit.new import (
        MISSING_HINT,
        field_message,
        flag_of,
        missing_fields,
        plan_claim,
        probable_duplicates,
        problem_field,
        resolve_names,
    )
    from kb.store.atomic import WriteRefused, write_text_atomic

    if interactive():
        kb = resolve_on_the_spot(kb, values)
        save()
    missing = missing_fields(values)
    if missing:
        flags = [flag_of(name) for name in missing]
        listed = ", ".join(flags[:-1]) + " and " + flags[-1] if len(flags) > 1 else flags[0]
        raise fail(f"missing {listed}: {MISSING_HINT.replace('them', 'it') if len(flags) == 1 else MISSING_HINT}")
    asked_before = None
    while True:
        resolved, errors = resolve_names(kb, values)
        if errors:
            raise fail("; ".join(errors))
        plan = plan_claim(kb, resolved, folder)
        if not plan.problems:
            break
        # The claim file is not written, so its problems are named by field (flag or prompt), never by a
        # file:line that does not exist.
        found = [(problem_field(plan, p), p) for p in plan.problems]
        for name, problem in found:
            if name is None:
                typer.echo(f"kb: error: {problem.message} [{problem.rule}]", err=True)
            elif asking:
                say(f"{name}: {field_message(name, problem.message)}")
            else:
                typer.echo(f"kb: error: {flag_of(name)}: {field_message(name, problem.message)}", err=True)
        fields = {name for name, _ in found}
        # Asking again helps only with a field's value, and only when the last answers changed something:
        # otherwise the same problems would come back for ever.
        state = (repr(sorted(values.items())), [p.message for p in plan.problems])
        if not asking or None in fields or state == asked_before:
            raise fail("nothing written" + ("; fix the values above" if None not in fields else ""))
        asked_before = state
        for name in sorted(fields):
            values.pop(name, None)
            ask_field(kb, name, values, force_ask=True)
            save()
    duplicates = probable_duplicates(kb, resolved)
    if duplicates and not force:
        for other in duplicates:
            typer.secho(f"kb: probable duplicate: {other.speaker} already said nearly the same in {other.path}:",
                        fg="yellow", err=True, color=stderr_colored())
            typer.echo(f"  {other.id}: {other.claim}", err=True)
        if not (asking and choose("Write it anyway?", ["yes", "no"], "no") == "yes"):
            raise fail("nothing written: a probable duplicate; relate it to the existing claim (--relation "
                       "supersedes=ID) or add --force-duplicate")
    if dry_run:
        typer.echo(plan.text, nl=False)
        return None
    try:
        write_text_atomic(kb.root / plan.relpath, plan.text, overwrite=False, root=kb.root)
    except WriteRefused as error:
        raise fail(str(error))
    typer.echo(plan.relpath)
    return plan.relpath


def resolve_on_the_spot(kb: "KnowledgeBase", values: dict) -> "KnowledgeBase":
    """Names given in flags that no entity answers to: each is offered to be added, or asked for again."""
    from kb.answers.query import QueryError, match_entities
    from kb.commands.adding import ask_entity, offer_to_add
    from kb.edit.new import ENTITY_FIELDS

    for name, kinds in ENTITY_FIELDS.items():
        given = values.get(name)
        if not given:
            continue
        terms = given if isinstance(given, list) else [given]
        out = []
        for term in terms:
            if term in kb.entities_by_id:
                out.append(term)
                continue
            try:
                found = sorted(match_entities(kb, kinds, term))
            except QueryError as error:
                say(f"--{name}: {error}")
                added = offer_to_add(kb, kinds, term)
                kb, _ = load()
                found = [added] if added else [ask_entity(kb, name, kinds, required=True)]
                kb, _ = load()
            out.extend(found[:1] if len(found) == 1 else [term])
        values[name] = out if isinstance(given, list) else out[0]
    return kb


def ask_claim(kb: "KnowledgeBase", values: dict, asked: list[str], save) -> "KnowledgeBase":
    """Ask for every field of a claim that has no value yet, saving the draft after each answer."""
    from kb.model.schema import RELATIONS, Claim, schema_fields

    declared = kb.attributes
    for spec in schema_fields(Claim):
        name = "relations" if spec.name in RELATIONS else spec.name
        if name in ("id", "external") or (name == "attributes" and not declared):
            continue  # the id is chosen; external ids come with imports; attributes only once declared
        if name in asked or (name != "relations" and values.get(name) not in (None, [], {})):
            continue
        kb = ask_field(kb, name, values)
        asked.append(name)
        save()
    return kb


def ask_field(kb: "KnowledgeBase", name: str, values: dict, force_ask: bool = False) -> "KnowledgeBase":
    """Ask for one field (or all relations at once) and put the answer in values."""
    from kb.commands.adding import ask_entity
    from kb.edit.new import ENTITY_FIELDS
    from kb.model.schema import RELATIONS, Claim, schema_fields

    specs = {s.name: s for s in schema_fields(Claim)}
    if name == "relations":
        answer = ask("relations", lambda text: _relations(kb, text), complete=[*RELATIONS, *kb.claims_by_id],
                     hint="e.g. supersedes=ID, contradicts=ID; Tab completes ids")
        for relation, targets in (answer or {}).items():
            values[relation] = targets
        return kb
    spec = specs[name]
    meta = spec.metadata
    if name in ENTITY_FIELDS:
        answer = ask_entity(kb, name, ENTITY_FIELDS[name], required=meta["required"], many=meta["kind"] == "refs")
        kb, _ = load()  # it may have added the entity
    elif meta["kind"] == "inferred":
        answer = ask(name, lambda text: _inferred(values, text), hint="FIELD=WORDS the source implies it with; "
                                                                     "separate several with ';'")
    elif name == "quote":
        answer = ask(name, lambda text: _quote(kb, values, spec, text), meta["required"], hint=hint_for(name, meta))
    elif name == "milestone":
        from kb.model.milestones import known_milestones
        from kb.model.records import kind_of

        known = known_milestones(e for e in kb.entities if kind_of(e) == "milestone")
        answer = ask(name, lambda text: _milestone(known, spec, text), meta["required"], complete=list(known),
                     hint=hint_for(name, meta))
    else:
        declared = {a.name: a.type for a in kb.attributes}
        answer = ask(name, lambda text: _checked(spec, text, declared), meta["required"],
                     complete=meta["choices"] or (), hint=hint_for(name, meta))
    if answer not in (None, [], {}):
        values[name] = answer
    return kb


# What a prompt of `kb new` says after the field's name, and examples of valid answers (a test feeds
# each example to the field's check).
HINTS = {"claim": "one sentence", "quote": "the source's words, verbatim", "quantities": "NAME=AMOUNT; ...",
         "milestone": "e.g. mass-production, construction-start; Tab completes; Enter to leave unknown",
         "attributes": "NAME=VALUE; ...", "external": "SYSTEM=ID; ...", "id": "Enter to let kb choose it"}
EXAMPLES = {"when": ("2026", "2026-H2", "2025-late", "FY2027", "..2027"), "said": ("2024", "2024-03", "2024-03-06"),
            "quantities": ("capacity=53 GWh/yr; investment=about 5.5 billion USD",)}


def hint_for(name: str, meta: dict) -> str:
    """The words after a field's name in its prompt: what to type, with examples."""
    hint = HINTS.get(name) or (", ".join(meta["choices"]) if meta["choices"] else
                               "comma-separated" if meta["kind"] in ("tags", "strings") else "")
    if name in EXAMPLES:
        hint = f"{hint} e.g. {', '.join(EXAMPLES[name])}".strip()
    if not hint and not meta["required"]:
        hint = "Enter to leave unknown"
    return hint


def _quote(kb: "KnowledgeBase", values: dict, spec: Any, text: str) -> tuple[Any, Optional[str]]:
    """A quote is checked against its source's archived text as soon as it is typed; one that is not there
    is asked again, unless it is a paraphrase or a translation (then not compared)."""
    from kb.edit.new import quote_problem

    value, problem = _checked(spec, text)
    if problem is not None or values.get("quote_kind", "verbatim") != "verbatim":
        return value, problem
    problem = quote_problem(kb, values.get("source"), value)
    if problem is None:
        return value, None
    say(problem)
    kind = choose("Is it a paraphrase or a translation (not compared)?", ["no", "paraphrase", "translation"], "no")
    if kind == "no":
        return None, "type the quote again, as the source has it"
    values["quote_kind"] = kind
    return value, None


def _milestone(known: dict, spec: Any, text: str) -> tuple[Any, Optional[str]]:
    """A milestone kb knows (its own or the registry's), else asked again with "did you mean"."""
    import difflib

    value, problem = _checked(spec, text)
    if problem is None and value and value not in known:
        close = difflib.get_close_matches(value, list(known), n=1)
        problem = f"'{value}' is not a milestone kb knows; " + (f"did you mean '{close[0]}'?" if close else
                                                                 "Tab lists them (kb add milestone adds one)")
    return (None, problem) if problem else (value, None)


def _checked(spec: Any, text: str, declared: dict[str, str] | None = None) -> tuple[Any, Optional[str]]:
    from kb.model.schema import Claim

    value = typed_value(spec, text, declared)
    return value, field_problem(Claim, spec.name, value)


def _relations(kb: "KnowledgeBase", text: str) -> tuple[Any, Optional[str]]:
    import difflib

    from kb.model.schema import RELATIONS

    found: dict[str, list[str]] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        relation, _, target = (p.strip() for p in item.partition("="))
        if relation not in RELATIONS:
            close = difflib.get_close_matches(relation, list(RELATIONS), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            return None, f"'{relation}' is not a relation; {hint}use one of: {', '.join(RELATIONS)}"
        if target not in kb.claims_by_id:
            close = difflib.get_close_matches(target, list(kb.claims_by_id), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else "; Tab completes claim ids"
            return None, f"no claim '{target}'{hint}"
        found.setdefault(relation, []).append(target)
    return found, None


def _inferred(values: dict, text: str) -> tuple[Any, Optional[str]]:
    found = {}
    for item in filter(None, (part.strip() for part in text.split(";"))):
        name, _, words = (p.strip() for p in item.partition("="))
        if not words:
            return None, f"'{item}' is not FIELD=WORDS"
        if values.get(name) in (None, [], {}):
            return None, f"'{name}' has no value in this claim; only a field it sets can be inferred"
        found[name] = words
    return found, None


@app.command(name="set")
def set_field(
    ref: Annotated[str, typer.Argument(metavar="ID", help="A claim's id (or a unique start of it), or a registry "
                                                          "entry's id.")],
    field: Annotated[str, typer.Argument(metavar="FIELD", help="The field: status, when, said, milestone, "
                                                               "quantities, aliases, supersedes, ...")],
    value: Annotated[Optional[str], typer.Argument(metavar="[VALUE]", help="The new value: a list comma-separated, "
                                                                          "a mapping as NAME=VALUE; NAME=VALUE.")] = None,
    add: Annotated[list[str], typer.Option("--add", help="Add an item to a list (one, as written) or NAME=VALUE to "
                                                         "a mapping; repeat for more.")] = [],
    remove: Annotated[list[str], typer.Option("--remove", help="Remove an item from a list, or a NAME from a "
                                                               "mapping; repeat for more.")] = [],
    unset: Annotated[bool, typer.Option("--unset", help="Take the field out (unknown again).")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the field's new lines; write nothing.")] = False,
) -> None:
    """Change one field of a claim or registry entry, nothing else.

    Names and aliases become ids, a period its canonical spelling; the value is validated as
    `kb check` would, and a claim is checked as `kb new` checks one (references, relations,
    quotes against the archive, milestones). Only the field's lines change, in the canonical
    layout and place; every comment stays. The file is replaced atomically. Prints the lines
    that now hold the field.

    \b
    Examples:
      kb set lges-tesla-4680-production-this-year said 2024-03
      kb set lges-tesla-4680-production-this-year quantities \\
        --add "capacity=10 GWh/yr"
      kb set lges aliases --add "LG Energy"
      kb set lges-tesla-4680-production-this-year tags --remove production-start
      kb set lges-tesla-4680-production-this-year note --unset
    """
    from kb.edit.setfield import Change, SetError, plan_set, write
    from kb.model.text import inert

    from .common import report

    changes = ([Change(field, "set", value)] if value is not None else []) + \
        [Change(field, "add", item) for item in add] + [Change(field, "remove", item) for item in remove] + \
        ([Change(field, "unset")] if unset else [])
    if not changes:
        raise fail("give a VALUE, --add, --remove or --unset", EXIT_USAGE)
    if value is not None and (add or remove or unset) or unset and (add or remove):
        raise fail("give either a VALUE, or --add/--remove, or --unset", EXIT_USAGE)
    kb, problems = load()
    report(problems)
    try:
        edit = plan_set(kb, ref, changes)
        if not dry_run:
            write(kb.root, edit)
    except SetError as error:
        raise fail(f"nothing written: {error}")
    for note in edit.notes:
        typer.echo(f"kb: {note}", err=True)
    if not edit.shown:
        typer.echo(inert(f"{edit.relpath}: '{edit.field}' taken out" + (" (dry run)" if dry_run else ""),
                         one_line=True))
    for number, line in edit.shown:
        typer.echo(inert(f"{edit.relpath}:{number}: {line}", one_line=True))


@app.command()
def mv(
    old: Annotated[str, typer.Argument(metavar="OLD", help="The id of a claim or entity.",
                                       autocompletion=complete("record"))],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new id.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would change; write nothing.")] = False,
) -> None:
    """Rename a claim or entity and every reference to it.

    Rename a claim or entity and rewrite every reference to it, all or nothing.

    A claim's file is renamed with it; an entity stays where it is in its registry file.
    Comments and layout are kept. Nothing is changed while a file fails to load (its
    references could not be seen): fix it first (kb check). After committing the rename,
    `kb log NEW` still shows the history from before it.

    \b
    Examples:
      kb mv tesla-4680-ramp-up-2024 tesla-4680-2024-ramp-up
      kb mv kim-dong-myeong kim-dongmyeong --dry-run
    """
    from kb.edit.rename import RenameFailed, apply_rename, plan_rename

    from .common import open_index, report

    index = open_index()
    broken = index.problems()
    if broken:
        report(broken)
        raise fail("nothing renamed: fix the files above first, so that no reference in them is missed")
    kb = index.knowledge_base()
    plan = plan_rename(kb, old, new)
    if plan.errors:
        raise fail("nothing renamed: " + "; ".join(plan.errors))
    if plan.problems:
        for problem in plan.problems:
            typer.echo(str(problem), err=True)
        raise fail("nothing renamed")
    from kb.model.text import counted, inert

    verb = "would " if dry_run else ""
    for change in plan.changes:
        if change.relpath != change.old_relpath:
            typer.echo(inert(f"{verb}move {change.old_relpath} -> {change.relpath}", one_line=True))
        else:
            typer.echo(inert(f"{verb}rewrite {change.relpath}", one_line=True))
    if not dry_run:
        try:
            apply_rename(kb.root, plan)
        except RenameFailed as error:
            raise fail(str(error))
    typer.echo(f"{plan.kind} {old} {'would be renamed' if dry_run else 'renamed'} {new}; "
               f"{counted(plan.references, 'reference')} in {counted(len(plan.changes), 'file')}", err=True)
