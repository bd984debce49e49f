"""What a listing command hands to the printer: rows for people and records as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

# How a table marks a claim's state (kb.answers.state); current claims are left plain.
STATE_STYLES = {"superseded": "dim strike", "kept": "green", "contradicted": "yellow", "overdue": "red"}


@dataclass
class Listing:
    """Rows for people (table, plain) and full records as data (json, jsonl, csv, yaml, ids)."""

    columns: Sequence[str]
    rows: Iterable[dict[str, str]]  # a list for tables; plain text may stream them
    data: Iterable[dict[str, Any]]  # json and jsonl stream; csv and yaml need a list
    title: str = ""
    # Styles a table may give a column's cells; names from Rich's style language.
    styles: dict[str, str] = field(default_factory=dict)
    # Styles a table gives single values of a column: {"state": {"overdue": "red"}}.
    value_styles: dict[str, dict[str, str]] = field(default_factory=dict)
    ids: Iterable[str] | None = None
    # Columns a table keeps on one line while they fit (ids; past that they wrap too), and the ones
    # that take the width left over (the claim text). How widths are shared: kb/render/table.py.
    no_wrap: tuple[str, ...] = ("id", "when", "status", "count")
    wide: tuple[str, ...] = ("claim",)
    # Columns of ids (one, or a list with commas), capped in width and broken only after a hyphen;
    # columns of paths, broken only after a slash or a hyphen.
    id_columns: tuple[str, ...] = ("id",)
    path_columns: tuple[str, ...] = ()
    # Columns a narrow terminal may drop, first to go first; the others never go (docs/terminal.md lists them).
    droppable: tuple[str, ...] = ("company", "factory", "speaker", "status", "state")
    # A column whose repeated values a table shows once, starting a section at each change.
    group_by: str | None = None
    # Columns a table prints as a line over each group of rows (group_by), instead of as columns:
    # `kb track` names a plan once, its steps under it.
    heading: tuple[str, ...] = ()
    # Columns a table prints under each row (indented, each on lines of its own, the whole width) when
    # the wide column would be squeezed beside the others: `kb track` at 80 columns, ("id", "claim").
    stack: tuple[str, ...] = ()
    # What a table with no rows says instead (with no header).
    empty: str = "nothing matches"
    # Words a table highlights in the wide column (search results).
    highlight: tuple[str, ...] = ()
    # How many rows the answer has, when only the first ones were fetched.
    total: int | None = None
    # The CSV header: every key the data may hold, in order; keys not named here follow as they appear.
    key_order: Sequence[str] = ()
    # What the line under a cut table suggests for seeing every row.
    more_hint: str = "pipe the output or use --format plain to see every row"
    # The whole output in a format, already rendered (from the index's rows), or None for formats it
    # does not have: large answers stream straight from SQLite without building records.
    rendered: Callable[[str], Iterable[str] | None] | None = None
