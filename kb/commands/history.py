"""`kb diff` and `kb log`: what changed, from git."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import (
    FormatOpt,
    app,
    choices,
    complete,
    fail,
    finish,
    open_index,
    output_format,
    repo_root,
    report,
)

if TYPE_CHECKING:
    pass


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
    """What changed between two revisions, field by field.

    What changed in the knowledge base: claims and entities added, removed, changed field by field.

    The first line names the two revisions compared. Without REV_A the base is where HEAD
    branched from main, so on main itself only uncommitted changes show: name a revision
    to compare with it. Old revisions are read from git's objects; nothing is checked out.

    \b
    Examples:
      # this branch's changes against main:
      kb diff
      # against the shared main (on main itself, right after a commit):
      kb diff origin/main
      # the last three commits, plus uncommitted work:
      kb diff HEAD~3
      kb diff main my-branch --format markdown
    """
    from kb.answers.diff import diff_kb, revisions
    from kb.render.diff import WRITERS
    from kb.store.gitrepo import GitError, require_repository

    root = repo_root()
    try:
        require_repository(root)
        base, base_name, target, target_name = revisions(root, rev_a, rev_b)
        result = diff_kb(root, base, target, base_name, target_name)
    except GitError as error:
        raise fail(str(error))
    WRITERS[fmt.value](result, sys.stdout)
    report(result.problems)
    finish(result.problems)


@app.command()
def log(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="A claim id (its file may since have moved or gone), "
                                                               "or an entity id.", autocompletion=complete("record"))],
    fmt: FormatOpt = None,
) -> None:
    """The git history of one claim file or entity.

    The history of one claim file (following renames), or of one entity's lines in its registry file.

    \b
    Example:
      kb log lges-4680-ochang-mass-production
    """
    from kb.answers.history import claim_log, entity_log, find_path
    from kb.render.listing import Listing, write
    from kb.store.files import registry_kind
    from kb.store.gitrepo import GitError, require_repository

    root = repo_root()
    try:
        require_repository(root)
        index = open_index()  # the records with that id only (KnowledgeBase.claims_by_id, entities_by_id decide)
        kb = index.knowledge_base(index.rids("SELECT rid FROM listed WHERE id = ?", (claim_id,)),
                                  entity_rids=index.rids("SELECT rid FROM records WHERE id = ? AND kind != 'claim' "
                                                         "AND kind != 'attribute'", (claim_id,)))
        claim = kb.claims_by_id.get(claim_id)
        entity = kb.entities_by_id.get(claim_id)
        relpath = claim.path if claim else (entity.path if entity else find_path(root, claim_id))
        if relpath is None:
            raise fail(f"no claim or entity '{claim_id}' now or in the history")
        in_list = entity is not None and not claim and not registry_kind(entity.path)[1]  # else a file of its own
        commits = entity_log(root, relpath, claim_id) if in_list else claim_log(root, relpath)
    except GitError as error:
        raise fail(str(error))
    rows = [{"commit": c.sha[:10], "date": c.date[:10], "author": c.author, "change": c.status,
             "path": c.path, "subject": c.subject} for c in commits]
    data = [{"commit": c.sha, "date": c.date, "author": c.author, "change": c.status, "path": c.path,
             "subject": c.subject} for c in commits]
    listing = Listing(columns=["commit", "date", "author", "change", "path", "subject"], rows=rows, data=data,
                      ids=[c.sha for c in commits], no_wrap=("commit", "date", "change", "path"), wide=("subject",),
                      droppable=("path", "author"))
    write(listing, output_format(fmt), sys.stdout)
