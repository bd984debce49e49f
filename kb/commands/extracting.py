"""`kb extract` and `kb review`: draft claims from an archived source, and an analyst's review."""

from __future__ import annotations

import difflib
import json
import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import app, choices, entity_ids, fail, finish, load, note, progress, report

if TYPE_CHECKING:
    from pathlib import Path

    from ..model.records import KnowledgeBase

ExtractFormat = choices("ExtractFormat", ("table", "yaml", "json"))
# Every field of a claim (kb/model/schema.py's order); `source` is the draft's own.
EDITABLE = ("id", "claim", "speaker", "company", "concerns", "product", "factory", "milestone", "when", "said",
            "status", "quote", "quote_kind", "quantities", "attributes", "tags", "supports", "contradicts",
            "supersedes", "elaborates", "related", "inferred", "external", "note")
LISTS = ("concerns", "tags", "supports", "contradicts", "supersedes", "elaborates", "related")
MAPPINGS = ("quantities", "attributes", "inferred", "external")


def _source(kb: "KnowledgeBase", term: str):
    from kb.answers.query import QueryError, match_entities

    try:
        ids = sorted(match_entities(kb, ("source",), term))
    except QueryError as error:
        raise fail(str(error))
    if len(ids) > 1:
        raise fail(f"'{term}' could be {', '.join(ids)}; give the id")
    return kb.entities_by_id[ids[0]]


@app.command()
def extract(
    source: Annotated[list[str], typer.Argument(metavar="SOURCE...", help="Registered sources with an archived "
                                                                          "text (id, title or alias); one or more.",
                                                autocompletion=entity_ids(("source",)))],
    fmt: Annotated[Optional[ExtractFormat], typer.Option(
        "--format", "-o", case_sensitive=False, help="table, yaml or json; default: a table on a terminal, "
                                                     "yaml in a pipe.")] = None,
    write: Annotated[bool, typer.Option("--write", help="Write the drafts to drafts/SOURCE/ for `kb review`.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Also propose passages already accepted, rejected or quoted "
                                                     "by a claim of this source.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Instead, list each passage that names an entity of the "
                                                            "registry and is not proposed, with the reason.")] = False,
    statements: Annotated[bool, typer.Option("--statements", help="Also propose remarks: quotations and sentences "
                                                                  "that tell of no plan's step, date, amount or "
                                                                  "outcome and judge nothing.")] = False,
) -> None:
    """Propose draft claims from a source's archived text, for review.

    Each sentence or clause that tells of a plan (a step, a dated promise, an amount, a plan
    weighed or called off) or judges one becomes a draft: its verbatim quote, the speaker
    it is attributed to, the companies, factory and product it names, its milestone, period
    and status; `--statements` proposes remarks too. A summary bullet and the body sentence
    repeating it make one draft, as do an article's first sentence and the one that gives
    its date. Names the
    registry lacks are proposed with the `kb add` command that creates them. Nothing is
    written to claims/: `--write` puts the drafts in drafts/SOURCE/, and `kb review`
    turns the ones you accept into claim files. Passages already decided or quoted by a
    claim of the source are not proposed again. Several sources may be named at once; one
    that has no archived text is reported and the others are read all the same.

    \b
    Examples:
      kb extract powering-the-future-4680
      kb extract powering-the-future-4680 --format yaml > drafts.yaml
      kb extract powering-the-future-4680 --write
      kb extract powering-the-future-4680 --explain
      kb extract powering-the-future-4680 --statements --all
      kb review powering-the-future-4680
    """
    from kb.extract import SourceProblem, drafts_for_sources
    from kb.extract.store import DraftProblem

    kb, problems = load()
    report(problems)
    entities = list({e.id: e for e in (_source(kb, term) for term in source)}.values())
    chosen = fmt.value if fmt else ("table" if sys.stdout.isatty() else "yaml")
    if explain:
        if write or all_ or len(entities) > 1:
            raise fail("--explain lists what is not proposed in one source; it goes with neither --write nor --all",
                       2)
        _explain(kb, entities[0], chosen, statements)
        finish(problems)
        return
    every: list[dict] = []
    try:
        with progress(f"Reading {len(entities)} sources" if len(entities) > 1 else "Reading the source") as step:
            found = list(drafts_for_sources(kb, entities, settled=all_, progress=step, statements=statements))
        unread = [(entity, problem) for entity, _, problem in found if problem]
        if len(found) == 1 and unread:
            raise SourceProblem(unread[0][1])
        for entity, problem in unread:  # the others are read all the same
            typer.echo(f"kb: error: {problem}", err=True)
        found = [(entity, drafts) for entity, drafts, problem in found if not problem]
        for entity, drafts in found:
            if write:
                _write(kb, entity.id, drafts)
            elif chosen == "table" or len(found) == 1:
                _print(kb, entity.id, drafts, chosen)
            else:
                every += drafts
        if len(found) > 1 and chosen != "table" and not write:
            _print(kb, ", ".join(e.id for e, _ in found), every, chosen)  # one YAML or JSON list
    except (SourceProblem, DraftProblem) as error:
        raise fail(str(error))
    finish(problems + [problem for _, problem in unread])


def _write(kb: "KnowledgeBase", source: str, drafts: list[dict]) -> None:
    from kb.extract import store
    from kb.model.text import counted
    from kb.store.atomic import WriteRefused

    waiting = [d for _, d in store.pending(kb.root, source)]
    fresh = [d for d in drafts if not any(store.same_passage(d, w) for w in waiting)]
    here = store.folder(kb.root, source)
    for draft in fresh:
        path, n = here / f"{draft['id']}.yaml", 2
        while path.exists():
            path, n = here / f"{draft['id']}-{n}.yaml", n + 1
        try:
            store.save(kb.root, path, draft)
        except WriteRefused as error:
            raise fail(str(error))
        typer.echo(path.relative_to(kb.root).as_posix())
    note(f"{counted(len(fresh), 'draft')} written to {here.relative_to(kb.root).as_posix()}/"
         + (f"; {len(drafts) - len(fresh)} already waiting there" if len(fresh) < len(drafts) else "")
         + f". Review them with: kb review {source}")
    _new_names(drafts, err=True)


def _print(kb: "KnowledgeBase", source: str, drafts: list[dict], chosen: str) -> None:
    from kb.extract import store

    if chosen == "yaml":
        sys.stdout.write(store.dump_all(drafts))
        return
    if chosen == "json":
        sys.stdout.write(json.dumps(drafts, ensure_ascii=False, indent=2) + "\n")
        return
    from kb.model.text import counted
    from kb.render.listing import Listing, write

    rows = [{"#": str(i), "status": d["status"], "when": ("~" if d.get("inferred", {}).get("when") else "")
             + (d.get("when") or ""), "speaker": kb.short(d["speaker"]), "company": kb.short(d.get("company")),
             "factory": kb.short(d.get("factory")), "quote": d["quote"]} for i, d in enumerate(drafts, 1)]
    listing = Listing(columns=("#", "status", "when", "speaker", "company", "factory", "quote"), rows=rows,
                      data=drafts, title=f"Drafts from {source}", styles={"status": "magenta", "when": "cyan"},
                      no_wrap=("#", "status", "when"), wide=("quote",), droppable=("factory", "company", "when"))
    if drafts:
        write(listing, "table", sys.stdout)
        typer.echo(f"{counted(len(drafts), 'draft')}. Write them for review with: kb extract {source} --write")
    else:
        typer.echo(f"No new drafts from {source}: its claim-bearing passages are all decided or quoted by "
                   "claims (--all shows them anyway).")
    _new_names(drafts)


def _explain(kb: "KnowledgeBase", entity, chosen: str, statements: bool = False) -> None:
    """Each passage naming a registry entity that is not proposed, with the reason."""
    from kb.extract import SourceProblem, explain_source

    try:
        found = explain_source(kb, entity, statements)
    except SourceProblem as error:
        raise fail(str(error))
    data = [{"quote": quote, "reason": reason} for quote, reason in found]
    if chosen == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if chosen == "yaml":
        from kb.store.yamlwrite import scalar

        sys.stdout.write("".join(f"- quote: {scalar(d['quote'])}\n  reason: {scalar(d['reason'])}\n" for d in data)
                         or "[]\n")
        return
    from kb.model.text import counted
    from kb.render.listing import Listing, write

    listing = Listing(columns=("passage", "reason"), rows=[{"passage": d["quote"], "reason": d["reason"]} for d in data],
                      data=data, title=f"Passages of {entity.id} not proposed", wide=("passage", "reason"),
                      droppable=())
    if data:
        write(listing, "table", sys.stdout)
    typer.echo(f"{counted(len(data), 'passage')} naming an entity and not proposed; every other one is a draft.")


def _new_names(drafts: list[dict], err: bool = False) -> None:
    from kb.model.text import inert

    commands = sorted({c for d in drafts for c in d.get("new") or []})
    if commands:
        typer.echo("Names the registry lacks (create them before accepting the drafts that use them):", err=err)
        for command in commands:
            typer.echo(f"  {inert(command, one_line=True)}", err=err)


@app.command()
def review(
    source: Annotated[Optional[str], typer.Argument(metavar="[SOURCE]", help="Review this source's drafts "
                                                                             "(default: every source's).",
                                                    autocompletion=entity_ids(("source",)))] = None,
) -> None:
    """Go through drafts one by one: accept, edit, reject or skip.

    An accepted draft becomes a claim file the way `kb new` makes one (names to ids, a
    readable id chosen from them unless you edit `id`, validated, written atomically,
    never over another file). An edited value is asked again until it is valid. A draft that
    probably repeats a claim of the same speaker is only written when you confirm. Each
    decision is kept in drafts/SOURCE/decisions.yaml (rejected drafts move to
    drafts/SOURCE/rejected/), so `kb extract` does not propose them again. Answers are
    read one per line: a, e, r, s or q (at the end of input the review stops, leaving
    the rest for later).

    \b
    Examples:
      kb review powering-the-future-4680
      # accept the first draft, reject the second:
      printf 'a\\nr\\n' | kb review powering-the-future-4680
    """
    from kb.extract import SourceProblem, archive_text, article_order, store
    from kb.extract.store import DraftProblem

    kb, problems = load()
    report(problems)
    sources = [_source(kb, source).id] if source else store.sources_with_drafts(kb.root)
    tally = {"accepted": 0, "rejected": 0, "left": 0}
    try:
        for source_id in sources:
            entity = kb.entities_by_id.get(source_id)
            waiting = store.pending(kb.root, source_id)
            if entity is not None and entity.archive:
                waiting = article_order(archive_text(kb, entity), waiting)
            for number, (path, draft) in enumerate(waiting, 1):
                typer.echo(f"\n{source_id}: draft {number} of {len(waiting)} ({path.relative_to(kb.root).as_posix()})")
                try:
                    outcome = _decide(path, draft, source_id)
                except _Stop:  # the answers ran out: this draft and the rest are left for later
                    outcome = "quit"
                if outcome == "quit":
                    tally["left"] += len(waiting) - number + 1
                    raise _Stop()
                tally[outcome] += 1
    except _Stop:
        pass
    except (SourceProblem, DraftProblem) as error:
        raise fail(str(error))
    except (KeyboardInterrupt, typer.Abort) as stop:  # Ctrl-C: what was decided is kept, the rest left
        if isinstance(stop, typer.Abort) and not isinstance(stop.__context__, KeyboardInterrupt):
            pass  # the end of the answers while editing a field: the rest is left for later
        else:
            typer.echo(f"\nkb: interrupted; {tally['accepted']} accepted, {tally['rejected']} rejected so far "
                       "(kept in drafts/); the rest is left for later", err=True)
            raise typer.Exit(130)
    if not sources or not sum(tally.values()):
        typer.echo("No drafts waiting for review" + (f" from {source}" if source else "")
                   + ". Make some with: kb extract SOURCE --write")
    else:
        typer.echo(f"\n{tally['accepted']} accepted, {tally['rejected']} rejected, {tally['left']} left for later.")
    finish(problems)


class _Stop(Exception):
    """The analyst quit, or the answers ran out."""


def _ask(question: str, default: str | None = None) -> str:
    from .prompting import read_answer

    try:
        return read_answer(question, default=default)
    except typer.Abort as error:
        if isinstance(error.__context__, KeyboardInterrupt):  # Ctrl-C, not the end of the answers
            raise KeyboardInterrupt from None
        raise _Stop() from None


def _decide(path: "Path", draft: dict, source: str) -> str:
    """One draft: show it, ask until it is accepted, rejected, skipped or the review quits."""
    from kb.extract import store

    while True:
        _show(draft)
        answer = _ask("[a]ccept, [e]dit a field, [r]eject, [s]kip, [q]uit").strip().casefold()[:1]
        if answer not in ("a", "e", "r"):
            if answer in ("s", "q"):
                return "left" if answer == "s" else "quit"
            typer.echo("  answer a, e, r, s or q")
            continue
        kb, _ = load()  # as it is now: an accepted draft or an entity added while editing is in it
        if answer == "a" and _accept(kb, path, draft, source):
            return "accepted"
        if answer == "e":
            _edit(kb, path, draft)
        elif answer == "r":
            store.record(kb.root, source, draft, "rejected")
            moved = store.set_aside(kb.root, path)
            typer.echo(f"  rejected (kept in {moved.relative_to(kb.root).as_posix()})")
            return "rejected"


def _show(draft: dict) -> None:
    import shutil

    from kb.extract.store import KEYS
    from kb.render.draft import draft_lines

    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    shown = {k: v for k, v in draft.items() if k not in ("id", "claim_id")}
    if draft.get("claim_id"):
        shown = {"id": draft["claim_id"], **shown}  # the analyst's; else chosen when accepted
    for line in draft_lines(shown, KEYS, width):
        typer.echo(line)


def _accept(kb: "KnowledgeBase", path: "Path", draft: dict, source: str) -> bool:
    from kb.extract import review as reviewing
    from kb.extract import store
    from kb.model.text import inert
    from kb.store.atomic import WriteRefused, write_text_atomic

    outcome = reviewing.plan(kb, draft)
    if outcome.errors:
        for error in outcome.errors:
            typer.echo(f"  not accepted: {inert(error, one_line=True)}")
        for command in draft.get("new") or []:
            typer.echo(f"  create it first, if it is right: {inert(command, one_line=True)}")
        typer.echo("  (or edit the field)")
        return False
    for claim in outcome.duplicates:
        typer.echo(f"  probably the same claim as {claim.id} ({claim.path}): {inert(claim.claim, one_line=True)}")
    if outcome.duplicates and _ask("  write it anyway? [y/N]", default="n").strip().casefold()[:1] != "y":
        return False
    plan = outcome.plan
    try:
        write_text_atomic(kb.root / plan.relpath, plan.text, overwrite=False, root=kb.root)
    except WriteRefused as error:
        typer.echo(f"  not accepted: {inert(error, one_line=True)}")
        return False
    store.record(kb.root, source, draft, "accepted", plan.claim.id)
    store.remove(kb.root, path)
    typer.echo(f"  wrote {plan.relpath}")
    return True


def _edit(kb: "KnowledgeBase", path: "Path", draft: dict) -> None:
    """Edit one field of a draft: asked until the value is valid (with the schema's message, "did you mean"
    included) or cleared with '-'. An edited id is the claim's id when it is accepted."""
    from kb.extract import store
    from kb.model.text import inert

    while True:
        name = _ask(f"  field ({', '.join(EDITABLE)})").strip()
        if name in EDITABLE:
            break
        close = difflib.get_close_matches(name, EDITABLE, n=1)
        typer.echo(f"  '{inert(name, one_line=True)}' is not a field you can edit here; "
                   + (f"did you mean '{close[0]}'? " if close else "") + f"choose one of {', '.join(EDITABLE)}")
    key = "claim_id" if name == "id" else name
    current = draft.get(key)
    shown = ", ".join(map(str, current)) if isinstance(current, list) else "; ".join(
        f"{k}={v}" for k, v in current.items()) if isinstance(current, dict) else ("" if current is None else str(current))
    while True:
        answer = _ask(f"  {name} ('-' to clear)", default=shown).strip()
        value, problem = _edited_value(kb, name, "" if answer == "-" else answer)
        if problem is None:
            break
        typer.echo(f"  {inert(problem, one_line=True)}")
    draft[key] = value
    if name != "inferred" and name in (draft.get("inferred") or {}):
        draft["inferred"] = {k: v for k, v in draft["inferred"].items() if k != name}  # the analyst's, now
    store.save(kb.root, path, draft, overwrite=True)


def _edited_value(kb: "KnowledgeBase", name: str, text: str):
    """(value, None) for a valid answer to field name, else (None, what is wrong); an empty answer clears it."""
    from kb.model.schema import Claim

    from .prompting import field_problem, spec_of, typed_value

    if not text:
        return ([] if name in LISTS else {} if name in MAPPINGS else None), None
    value = typed_value(spec_of(Claim, name), text, {a.name: a.type for a in kb.attributes})
    problem = field_problem(Claim, name, value)
    if problem is None and name == "milestone":
        from kb.model.milestones import known_milestones
        from kb.model.records import kind_of

        known = known_milestones(e for e in kb.entities if kind_of(e) == "milestone")
        if value not in known:
            close = difflib.get_close_matches(value, list(known), n=1)
            problem = f"'{value}' is not a milestone kb knows; " + (
                f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(known)}")
    if problem is None and name in LISTS[2:]:
        missing = [t for t in value if t not in kb.claims_by_id]
        if missing:
            close = difflib.get_close_matches(missing[0], list(kb.claims_by_id), n=1)
            problem = f"no claim '{missing[0]}'" + (f"; did you mean '{close[0]}'?" if close else "")
    if problem is None and name == "id" and (value in kb.claims_by_id or value in kb.entities_by_id):
        problem = f"'{value}' is already taken; choose another id"
    return (None, problem) if problem else (value, None)
