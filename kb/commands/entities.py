"""`kb companies`, `kb people`, `kb factories`, `kb sources`: the registry, with claim counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import (
    Format,
    FormatOpt,
    app,
    emit,
    fail,
    finish,
    open_for_answers,
    with_filters,
)

if TYPE_CHECKING:
    from ..answers.query import Filters


def _entity_table(kind: str, filters: "Filters", match: Optional[str], fmt: Optional[Format]) -> None:
    from kb.answers.lookup import entity_table, select
    from kb.answers.query import QueryError
    from kb.model.schema import ENTITY_TYPES
    from kb.render.listing import Listing
    from kb.render.entities import ENTITY_COLUMNS, entity_row
    from kb.store.rows import as_data, data_keys

    index, problems = open_for_answers()
    try:
        kb, entities, counts = entity_table(select(index, filters), kind, match, filters != type(filters)())
    except QueryError as error:
        raise fail(str(error))
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
    "factories": ("factory", "The factories in the registry, their places and claim counts.",
                  ["kb factories --status considering"]),
    "sources": ("source", "The sources in the registry and their claim counts.\n\n"
                          "Unknown publishers and dates say so.", ["kb sources --format json"]),
}


def _entity_command(name: str, kind: str, doc: str, examples: list[str]) -> None:
    def command(filters: "Filters", match: MatchOpt = None, fmt: FormatOpt = None) -> None:
        _entity_table(kind, filters, match, fmt)

    command.__name__ = name
    command.__doc__ = doc + "\n\n\b\nExamples:\n" + "\n".join(f"  {e}" for e in examples)
    app.command(name)(with_filters(command))


for _name, (_kind, _doc, _examples) in ENTITY_COMMANDS.items():
    _entity_command(_name, _kind, _doc, _examples)
