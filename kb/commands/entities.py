"""`kb companies`, `kb people`, `kb factories`, `kb sources`: the registry, with claim counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import (
    Format,
    FormatOpt,
    app,
    claims_matching,
    emit,
    finish,
    load,
    report,
    with_filters,
)

if TYPE_CHECKING:
    from ..query import Filters


def _entity_table(kind: str, filters: "Filters", match: Optional[str], fmt: Optional[Format]) -> None:
    from kb.model import kind_of
    from kb.query import entity_names
    from kb.render.listing import Listing
    from kb.render.rows import ENTITY_COLUMNS, as_data, data_keys, entity_row
    from kb.schema import ENTITY_TYPES
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
                      styles={"id": "green", "claims": "cyan"}, key_order=(*data_keys(ENTITY_TYPES[kind]), "claims"))
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
