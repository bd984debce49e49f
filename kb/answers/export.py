"""Exporting the knowledge base: a SQLite file that opens in Datasette as it is, or JSON, JSON lines, CSV, Parquet.

Every field of every record survives an export. The SQLite file has one table per kind
of record (claims, the registry's entities, declared attributes) whose columns are the
schema's fields (`kb.model.schema`), so a new field needs no change here: lists and mappings are JSON text (Datasette facets JSON arrays), references
are foreign keys. Beside them: `entities` (every registry id, for references that may
name several kinds), link tables for concerns, tags and relations, and a full-text index
of claims declared the way Datasette and sqlite-utils detect it (`content="claims"`).

Claims have the same columns, in the same order and of the same types, in every format
(`claim_columns`): the schema's fields, with what kb works out beside them - after `when` its
period's first and last day and fiscal placement (`when_start`, `when_end`, `when_fiscal`),
after `quantities` each named amount as value, unit and normalised value (`capacity_value`,
`capacity_unit`, `capacity_normalised`, `capacity_normalised_unit`), and last the claim's state
(`kb.answers.state`: `state`, `state_by`, `latest`, as of the export). Every key is in every row,
null when absent; ids, products and periods are always text; dates are ISO text (Parquet: dates).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
import sqlite3
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..model.period import of_claim
from ..model.quantity import KNOWN_NAMES, UNITS, effective_unit
from ..model.quantity import parse as parse_quantity
from ..model.records import KnowledgeBase, display_name, kind_of
from ..model.schema import (
    ENTITY_TYPES,
    LIST_KINDS,
    MAPPING_KINDS,
    REGISTRY_FILES,
    REGISTRY_TYPES,
    RELATIONS,
    Claim,
    schema_fields,
)

FORMATS = ("sqlite", "json", "jsonl", "csv", "parquet")
TEXT_FORMATS = ("json", "jsonl", "csv")
# The format a file name asks for when --format is not given; anything else is SQLite.
FORMAT_BY_SUFFIX = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet",
                    ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite"}

TABLES = {"claim": "claims", **{kind: name.rsplit(".", 1)[0] for name, kind in REGISTRY_FILES.items()}}
RECORD_TYPES = {"claim": Claim, **REGISTRY_TYPES}
_SQL_TYPES = {"month": "INTEGER"}  # every other kind of field is text; lists and mappings are JSON text
StateOf = Callable[[Any], Any]  # a claim -> its kb.answers.state.State

LINK_TABLES = """
CREATE TABLE entities(id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE claim_concerns(claim TEXT NOT NULL REFERENCES claims(id), company TEXT NOT NULL REFERENCES companies(id),
                            PRIMARY KEY (claim, company));
CREATE TABLE claim_tags(claim TEXT NOT NULL REFERENCES claims(id), tag TEXT NOT NULL, PRIMARY KEY (claim, tag));
CREATE TABLE relations(claim TEXT NOT NULL REFERENCES claims(id), relation TEXT NOT NULL,
                       target TEXT NOT NULL REFERENCES claims(id), PRIMARY KEY (claim, relation, target));
CREATE VIRTUAL TABLE claims_fts USING fts5(claim, quote, content="claims");
"""


def format_for(path: str | Path) -> str | None:
    """The export format a file name implies (FORMAT_BY_SUFFIX; '-', standard output: json), or None."""
    return "json" if str(path) == "-" else FORMAT_BY_SUFFIX.get(Path(path).suffix.lower())


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _column(kind: str, spec: Any) -> str:
    """One column's definition, from a schema field."""
    meta = spec.metadata
    sql = f"{_quoted(spec.name)} {_SQL_TYPES.get(meta['kind'], 'TEXT')}"
    if meta["kind"] == "id":
        sql += " PRIMARY KEY" + (" REFERENCES entities(id)" if kind in ENTITY_TYPES else "")
    elif meta["required"]:
        sql += " NOT NULL"
    if meta["kind"] == "ref":
        targets = meta["refs"]
        sql += f" REFERENCES {TABLES[targets[0]] if len(targets) == 1 else 'entities'}(id)"
    return sql


# ---------------------------------------------------------------- the claims' columns

# What a column holds, in every format: text (JSON strings, CSV cells, SQLite TEXT, Parquet strings), a date
# (ISO text; Parquet: date32), a number (floats everywhere) or JSON (a list or mapping: JSON in JSON and
# JSON lines, JSON text elsewhere).
TEXT, DATE, NUMBER, JSON = "text", "date", "number", "json"
_JSON_KINDS = {*LIST_KINDS, *MAPPING_KINDS}  # lists and mappings: JSON in every format
QUANTITY_PARTS = (("value", NUMBER), ("unit", TEXT), ("normalised", NUMBER), ("normalised_unit", TEXT))
# The one unit each dimension's amounts are normalised to; other dimensions keep their base unit
# (cells/yr, jobs, %) and money its own currency: no exchange rate is ever invented.
NORMAL_UNITS = {"energy": "GWh", "energy per year": "GWh/yr", "power": "GW", "mass": "t", "mass per year": "t/yr"}


@dataclass(frozen=True)
class Column:
    """One column of the claims: its name, what it holds (TEXT, DATE, NUMBER, JSON), and the schema field
    it comes from (None for what kb works out: periods, amounts, state)."""

    name: str
    type: str
    field: Any = None


def quantity_names(claims: Iterable[Any]) -> list[str]:
    """The names of the amounts claims state: capacity, investment, jobs first, then the others by name."""
    return ordered_quantity_names(name for claim in claims for name in claim.quantities)


def ordered_quantity_names(names: Iterable[str]) -> list[str]:
    """Names of amounts (each once) in the export's order: capacity, investment, jobs first, then the others by
    name (`Index.quantity_names` gives those of a whole knowledge base)."""
    seen = set(names)
    known = [n for n in KNOWN_NAMES if n in seen]
    return known + sorted(seen - set(known))


def claim_columns(quantities: Sequence[str] = (), sources: bool = False) -> tuple[Column, ...]:
    """The columns of an exported claim, in order: the schema's fields with the period's after `when`,
    the amounts' after `quantities` (one group per name in quantities), with sources the source's title
    and date after `source` (kb serve); then the file and the state."""
    columns: list[Column] = []
    for spec in schema_fields(Claim):
        columns.append(Column(spec.name, JSON if spec.metadata["kind"] in _JSON_KINDS else TEXT, spec))
        if spec.name == "when":
            columns += [Column("when_start", DATE), Column("when_end", DATE), Column("when_fiscal", TEXT)]
        elif spec.name == "quantities":
            columns += [Column(f"{name}_{part}", kind) for name in quantities for part, kind in QUANTITY_PARTS]
        elif spec.name == "source" and sources:
            columns += [Column("source_title", TEXT), Column("source_date", TEXT)]
    return (*columns, Column("path", TEXT), Column("state", TEXT), Column("state_by", JSON),
            Column("latest", JSON))


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def period_cells(claim: Any, kb: KnowledgeBase | None) -> tuple[str | None, str | None, str | None]:
    """(when_start, when_end, when_fiscal) of a claim: the first day of its period as kb sorts and filters
    it (for 'by X', `..X`, where X starts: `kb list --year` and `--sort when` place it there), its last
    day (None for an open end, `X..`), and for a fiscal period how it was placed: by its company's fiscal
    year ('year ends in March'), or at its widest ('year end unknown'). All None without a (valid) when."""
    try:
        period = of_claim(claim, kb)
    except ValueError:
        return None, None, None
    if period is None:
        return None, None, None
    start = None if period.key == period.key.min else period.key.isoformat()
    end = None if period.end is None else period.end.isoformat()
    fiscal = None
    if period.fiscal:
        year_end = getattr(kb.entity(claim.company), "fiscal_year_end", None) if kb is not None else None
        fiscal = f"year ends in {_MONTHS[year_end - 1]}" if year_end else "year end unknown"
    return start, end, fiscal


def normal_unit(dimension: str) -> str:
    """The unit amounts of a dimension are normalised to (NORMAL_UNITS, else its base unit)."""
    return NORMAL_UNITS.get(dimension) or next(u for u, (d, f) in UNITS.items() if d == dimension and f == 1.0)


def quantity_cells(name: str, value: Any) -> tuple[float | None, str | None, float | None, str | None]:
    """(value, unit, normalised value, normalised unit) of an amount as a claim states it: '53 GWh/yr' is
    53, GWh/yr, 53, GWh/yr; '500 MWh/yr' 500, MWh/yr, 0.5, GWh/yr; '5.5 billion USD' 5.5e9, USD, 5.5e9,
    USD. The same amount in several currencies: the first. A bare number has no unit (jobs excepted)."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if value is None:
        return None, None, None, None
    try:
        amount = parse_quantity(value)
    except ValueError:
        return None, None, None, None
    unit = effective_unit(name, amount)
    if unit is None:
        return amount.number, None, None, None
    dimension, factor = UNITS[unit]
    target = normal_unit(dimension)
    return amount.number, unit, amount.number * factor / UNITS[target][1], target


_FIELD, _PERIOD, _QUANTITY, _SOURCE, _PATH, _STATE = range(6)


def row_maker(columns: Sequence[Column], kb: KnowledgeBase | None) -> Callable[[Any, Any], dict[str, Any]]:
    """A claim as one row of the export (every column's key, None where it has no value, empty lists and
    mappings too; lists and mappings as they are), with what does not change from claim to claim worked out
    once."""
    plan: list[tuple[int, str, Any]] = []  # what makes each column's value (a group makes several)
    for column in columns:
        name = column.name
        if column.field is not None:
            plan.append((_FIELD, name, None))
        elif name == "when_start":
            plan.append((_PERIOD, name, None))
        elif column.type == NUMBER and name.endswith("_value"):
            plan.append((_QUANTITY, name[:-len("_value")], None))
        elif name == "source_title":
            plan.append((_SOURCE, name, None))
        elif name in ("path", "state", "state_by", "latest"):
            plan.append((_PATH if name == "path" else _STATE, name, None))
    mapping = (dict, MappingProxyType)

    def make(claim: Any, state: Any) -> dict[str, Any]:
        row: dict[str, Any] = {}
        for kind, name, _ in plan:
            if kind == _FIELD:
                value = getattr(claim, name)
                if value.__class__ is tuple:
                    value = list(value) or None
                elif value.__class__ in mapping:
                    value = {k: list(v) if v.__class__ is tuple else v for k, v in value.items()} or None
                row[name] = value
            elif kind == _PERIOD:
                row["when_start"], row["when_end"], row["when_fiscal"] = period_cells(claim, kb)
            elif kind == _QUANTITY:
                (row[f"{name}_value"], row[f"{name}_unit"], row[f"{name}_normalised"],
                 row[f"{name}_normalised_unit"]) = quantity_cells(name, claim.quantities.get(name))
            elif kind == _SOURCE:
                source = kb.entity(claim.source) if kb is not None else None
                row["source_title"] = getattr(source, "title", None)
                row["source_date"] = getattr(source, "date", None)
            elif kind == _PATH:
                row["path"] = claim.path
            elif name == "state":
                row["state"] = state.name
                row["state_by"] = list(state.by) or None
                row["latest"] = list(state.latest) or None
        return row  # in the columns' order: each group's keys are made together, in order

    return make


def claim_rows(kb: KnowledgeBase, state: StateOf | None = None, columns: Sequence[Column] | None = None
               ) -> Iterator[dict[str, Any]]:
    """Every claim of kb as an export row (row_maker), each with its state (from state, else kb's own)."""
    state = _states(kb, state)
    columns = columns or claim_columns(quantity_names(kb.claims))
    make = row_maker(columns, kb)
    for claim in kb.claims:
        yield make(claim, state(claim))


def column_types(names: Iterable[str]) -> dict[str, str]:
    """What each column of an export holds, from its name alone, for readers of CSV and JSON (which carry no
    types, so that DuckDB and pandas guess `product: "4680"` a number): `when_start` and `when_end` are
    dates, the amounts' `*_value` and `*_normalised` numbers, everything else text (lists and mappings:
    JSON text in CSV). Parquet and SQLite carry these types themselves."""
    return {name: DATE if name in ("when_start", "when_end") else
            NUMBER if name.endswith(("_value", "_normalised")) else TEXT for name in names}


DUCKDB_TYPES = {TEXT: "VARCHAR", JSON: "VARCHAR", DATE: "DATE", NUMBER: "DOUBLE"}


# ---------------------------------------------------------------- SQLite

def _column_sql(column: Column) -> str:
    if column.field is not None:
        return _column("claim", column.field)
    return f"{_quoted(column.name)} {'REAL' if column.type == NUMBER else 'TEXT'}"


def table_sql(kind: str, columns: Sequence[Column] | None = None) -> str:
    """CREATE TABLE for one kind of record: its schema fields in order, then the file it came from; for claims,
    the columns of claim_columns."""
    if kind == "claim":
        defined = [_column_sql(c) for c in columns or claim_columns()]
    else:
        defined = [_column(kind, spec) for spec in schema_fields(RECORD_TYPES[kind])] + ['"path" TEXT NOT NULL']
    return f"CREATE TABLE {TABLES[kind]}(\n  " + ",\n  ".join(defined) + "\n);"


def cell(value: Any) -> Any:
    """A field's value as SQLite keeps it: absent and empty as NULL, lists and mappings as JSON text."""
    if value is None or value.__class__ in (str, int, float):
        return value
    if isinstance(value, (tuple, list)):
        return json.dumps(list(value), ensure_ascii=False) if value else None
    if isinstance(value, (dict, MappingProxyType)):
        return json.dumps(dict(value), ensure_ascii=False) if value else None
    return value


@lru_cache(maxsize=None)
def _insert_sql(kind: str) -> tuple[str, tuple[str, ...]]:
    names = tuple(spec.name for spec in schema_fields(RECORD_TYPES[kind]))
    columns = ", ".join([_quoted(name) for name in (*names, "path")])
    return f"INSERT OR IGNORE INTO {TABLES[kind]} ({columns}) VALUES ({', '.join('?' * (len(names) + 1))})", names


def _insert(conn: sqlite3.Connection, kind: str, records: Iterable[Any]) -> None:
    sql, names = _insert_sql(kind)
    conn.executemany(sql, ([cell(getattr(record, name)) for name in names] + [record.path] for record in records))


def _states(kb: KnowledgeBase, state: StateOf | None) -> StateOf:
    """The claims' states as of today, from kb itself unless the caller knows more claims."""
    if state is not None:
        return state
    from datetime import date

    from .state import state_of

    today = date.today()
    return lambda claim: state_of(kb, claim, today)


def write_sqlite(kb: KnowledgeBase, path: str, state: StateOf | None = None,
                 columns: Sequence[Column] | None = None, progress=None) -> None:
    """The SQLite export (see the module's docstring) written to path, a new file; progress(done, total), when
    given, hears how many claims are in."""
    columns = columns or claim_columns(quantity_names(kb.claims))
    conn = sqlite3.connect(path)
    try:
        conn.executescript("\n".join(table_sql(kind, columns) for kind in TABLES) + LINK_TABLES)
        known = {e.id for e in kb.entities}
        conn.executemany("INSERT OR IGNORE INTO entities VALUES (?, ?, ?)",
                         ((e.id, kind_of(e), display_name(e)) for e in kb.entities))
        for kind in ENTITY_TYPES:
            _insert(conn, kind, (e for e in kb.entities if kind_of(e) == kind))
        _insert(conn, "attribute", kb.attributes)
        names = [c.name for c in columns]
        concerns: list[tuple] = []
        tags: list[tuple] = []
        relations: list[tuple] = []

        def cells():  # one pass over the claims (each read, and its state decided, once): links gathered on the way
            for row in _counted(claim_rows(kb, state, columns), progress, len(kb.claims)):
                claim_id = row["id"]
                concerns.extend((claim_id, c) for c in row.get("concerns") or () if c in known)
                tags.extend((claim_id, tag) for tag in row.get("tags") or ())
                relations.extend((claim_id, r, target) for r in RELATIONS for target in row.get(r) or ())
                yield [cell(value) for value in row.values()]

        conn.executemany(f"INSERT OR IGNORE INTO claims ({', '.join(map(_quoted, names))}) "
                         f"VALUES ({', '.join('?' * len(names))})", cells())
        conn.executemany("INSERT OR IGNORE INTO claim_concerns VALUES (?, ?)", concerns)
        conn.executemany("INSERT OR IGNORE INTO claim_tags VALUES (?, ?)", tags)
        conn.executemany("INSERT OR IGNORE INTO relations VALUES (?, ?, ?)", relations)
        conn.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
        conn.commit()
    finally:
        conn.close()


# ---------------------------------------------------------------- JSON, JSON lines, CSV

def text_pieces(fmt: str, rows: Iterable[dict[str, Any]], columns: Sequence[Column]) -> Iterator[str]:
    """The rows as JSON (one array, as json.dumps(rows, indent=2) writes it), JSON lines or CSV (a header of
    every column, then a line per row: lists and mappings as JSON, null as an empty cell), a few rows at a time."""
    from ..store.formats import as_item, csv_cell, data_cell, pretty_json

    if fmt == "csv":
        yield ",".join(csv_cell(c.name) for c in columns) + "\n"
        for batch in _batches(rows):
            yield "".join(",".join("" if value is None else data_cell(value) for value in row.values()) + "\n"
                          for row in batch)
        return
    if fmt == "jsonl":
        for batch in _batches(rows):
            yield "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in batch)
        return
    first = True
    for batch in _batches(rows):
        items = ",\n".join(as_item(pretty_json(row)) for row in batch)  # json.dumps(row, indent=2)'s text
        yield ("[\n" if first else ",\n") + items
        first = False
    yield "[]\n" if first else "\n]\n"


def _batches(rows: Iterable[dict[str, Any]], size: int = 500) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _counted(items: Iterable[Any], progress, total: int | None = None) -> Iterable[Any]:
    """items as they are, progress(done, total) told every thousand of them."""
    if progress is None:
        yield from items
        return
    done = 0
    for done, item in enumerate(items, 1):
        if done % 1000 == 0:
            progress(done, total)
        yield item
    progress(done, total)


# ---------------------------------------------------------------- Parquet

class ExportError(Exception):
    """An export cannot be written (a missing optional extra)."""


def arrow_schema(columns: Sequence[Column]):
    """The Parquet columns: text and JSON as strings, dates as dates, numbers as doubles."""
    import pyarrow as pa

    types = {TEXT: pa.string(), JSON: pa.string(), DATE: pa.date32(), NUMBER: pa.float64()}
    return pa.schema([pa.field(c.name, types[c.type]) for c in columns])


def write_parquet(rows: Iterable[dict[str, Any]], columns: Sequence[Column], path: str, batch_size: int = 2000) -> None:
    """The rows as a Parquet file: the same columns as every other export, typed (arrow_schema), written a batch
    at a time. Needs pyarrow (the `parquet` extra)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        from kb.model.extras import missing

        raise ExportError(missing("parquet", "the Parquet export")) from None
    from datetime import date

    schema = arrow_schema(columns)
    dates = [c.name for c in columns if c.type == DATE]
    jsons = [c.name for c in columns if c.type == JSON]

    def table(batch: list[dict[str, Any]]):
        data = {c.name: [row[c.name] for row in batch] for c in columns}
        for name in dates:
            data[name] = [None if v is None else date.fromisoformat(v) for v in data[name]]
        for name in jsons:
            data[name] = [cell(v) for v in data[name]]
        return pa.Table.from_pydict(data, schema=schema)

    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= batch_size:
                writer.write_table(table(batch))
                batch = []
        writer.write_table(table(batch))


# ---------------------------------------------------------------- writing an export

def export_text(kb: KnowledgeBase, fmt: str, state: StateOf | None = None, columns: Sequence[Column] | None = None,
                progress=None) -> Iterator[str]:
    """The claims as JSON, JSON lines or CSV text, a few rows at a time (for a file, or standard output):
    every column (claim_columns of kb's quantities unless given) of every claim, each with its state."""
    columns = columns or claim_columns(quantity_names(kb.claims))
    return text_pieces(fmt, _counted(claim_rows(kb, state, columns), progress, len(kb.claims)), columns)


def export(kb: KnowledgeBase, fmt: str, target: Path, overwrite: bool, state: StateOf | None = None,
           columns: Sequence[Column] | None = None, progress=None) -> None:
    """Write the export next to its target (any path the user names) and rename it into place;
    refuse to replace a file unless asked. Each claim carries its state (kb.answers.state), from state when
    given, else from kb's own claims; columns: claim_columns of kb's quantities unless given (the names of
    every amount in a knowledge base of which kb holds a selection). progress(done, total), when given, hears
    how many claims are written."""
    from ..store.atomic import atomic_file, write_text_atomic

    columns = columns or claim_columns(quantity_names(kb.claims))
    if fmt in TEXT_FORMATS:
        write_text_atomic(target, export_text(kb, fmt, state, columns, progress), overwrite=overwrite)
        return
    with atomic_file(target, overwrite) as temporary:
        if fmt == "parquet":
            write_parquet(_counted(claim_rows(kb, state, columns), progress, len(kb.claims)), columns, temporary)
        else:
            write_sqlite(kb, temporary, state, columns, progress)


# ---------------------------------------------------------------- Datasette

LABELS = {"companies": "name", "people": "name", "factories": "name", "sources": "title", "entities": "name"}
CLAIM_FACETS = ("company", "status", "state")


def datasette_metadata(database: str, facets: Sequence[str] = CLAIM_FACETS) -> dict[str, Any]:
    """Datasette's metadata for the SQLite export named database (the file's name without its extension): the
    claims sorted by their period's start, latest first (so that claims with no period, which SQLite sorts
    before every date, come last; `_sort=when_start` gives the oldest first), faceted by company, status and state, searched through claims_fts;
    references shown by name (each registry table's label column)."""
    tables: dict[str, Any] = {table: {"label_column": column} for table, column in LABELS.items()}
    tables["claims"] = {"sort_desc": "when_start", "facets": list(facets), "fts_table": "claims_fts", "fts_pk": "rowid",
                        "label_column": "claim"}
    return {"databases": {database: {"tables": tables}}}
