"""Documentation derived from the schema: the format tables of docs/format.md come from here.

`tests/test_docs.py` fails when docs/format.md and the schema disagree, so the
documentation cannot drift from what `kb check` enforces.
"""

from __future__ import annotations

import calendar
import json

from .milestones import MILESTONES
from .period import PARTS, SEASONS
from .quantity import CURRENCIES, KNOWN_NAMES, QUALIFIERS, SCALES, UNITS
from .schema import (
    ATTRIBUTE_TYPES,
    ENTITY_TYPES,
    QUOTE_KINDS,
    RELATIONS,
    SOURCE_KINDS,
    STATUSES,
    Attribute,
    Claim,
    schema_fields,
)

_KIND_WORDS = {
    "id": "id", "text": "text", "ref": "id ({refs})", "refs": "list of ids ({refs})",
    "strings": "list of text", "values": "list of text", "tags": "list of tags", "period": "period",
    "date": "partial date", "month": "month (1-12)", "choice": "one of the values below", "url": "web address",
    "path": "path in the repository", "inferred": "mapping: field → words",
    "quantities": "mapping: name → amount", "attributes": "mapping: attribute → value",
    "external": "mapping: system → id", "roles": "list of dated roles", "milestone": "milestone id",
}


def _example(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return "`" + json.dumps(value, ensure_ascii=False).replace('"', "") + "`"
    return f"`{value}`"


def field_table(record_type: type) -> str:
    """A markdown table of a record type's fields: key, required, type, meaning, example."""
    lines = ["| key | required | type | meaning | example |", "| --- | --- | --- | --- | --- |"]
    for spec in schema_fields(record_type):
        meta = spec.metadata
        kind = _KIND_WORDS[meta["kind"]].format(refs=", ".join(meta["refs"]))
        lines.append(f"| `{spec.name}` | {'yes' if meta['required'] else ''} | {kind} | {meta['doc']} | "
                     f"{_example(meta['example'])} |")
    return "\n".join(lines)


def choices_list(choices: dict[str, str]) -> str:
    return "\n".join(f"- `{name}`: {doc}" for name, doc in choices.items())


def _months(first: int, last: int) -> str:
    names = [calendar.month_abbr[(m - 1) % 12 + 1] for m in (first, last)]
    return f"{names[0]}–{names[1]}" + (" (into the next year)" if last > 12 else "")


def periods_table() -> str:
    """The canonical forms of `when`, with the dates each means."""
    rows = [("`2026`", "the year"), ("`2026-H1`, `2026-H2`", "a half"), ("`2026-Q1` … `2026-Q4`", "a quarter"),
            ("`2026-03`", "a month"), ("`2026-03-15`", "a day")]
    rows += [(f"`2026-{part}`", f"{_months(*months)}") for part, months in PARTS.items()]
    rows += [(f"`2026-{season}`", f"{_months(*months)}") for season, months in SEASONS.items()]
    rows += [("`FY2027`, `FY2027-H1`, `FY2027-Q3`", "a fiscal year, half or quarter as the source names it: the "
                                                   "twelve months ending in the company's `fiscal_year_end` month "
                                                   "of 2027; when that is unknown, every month a fiscal 2027 can "
                                                   "cover (Feb 2026 – Dec 2027)"),
             ("`2025..2026-H1`", "from the start of the first to the end of the second"),
             ("`..2027`", "by 2027: no start given"), ("`2026..`", "from 2026 on: no end given")]
    return "\n".join(["| `when` | means |", "| --- | --- |", *(f"| {a} | {b} |" for a, b in rows)])


def units_list() -> str:
    """The units amounts may carry, by dimension."""
    by_dimension: dict[str, list[str]] = {}
    for unit, (dimension, _) in UNITS.items():
        if unit not in CURRENCIES:
            by_dimension.setdefault(dimension, []).append(f"`{unit}`")
    lines = [f"- {dimension}: {', '.join(units)}" for dimension, units in by_dimension.items()]
    lines.append(f"- money: a currency code after the amount: {', '.join(f'`{c}`' for c in CURRENCIES)}")
    return "\n".join(lines)


def format_reference() -> str:
    """The generated part of docs/format.md (its Reference section)."""
    parts = ["### Claim files", field_table(Claim), "", "Statuses:", choices_list(STATUSES), "",
             "Relations (each a list of claim ids; the inverse is computed, never written):",
             choices_list(RELATIONS), "", "Quote kinds (`quote_kind`):", choices_list(QUOTE_KINDS), "",
             "Milestones (`milestone`; a knowledge base adds its own in `claims/registry/milestones.yaml`):",
             choices_list(MILESTONES), "",
             "Periods (`when`), each meaning a range of dates:", "", periods_table(), "",
             "Amounts (`quantities`): `[QUALIFIER ]NUMBER[ SCALE][ UNIT]`, e.g. `53 GWh/yr`, `about 5.5 billion USD`, "
             f"`1500 jobs`; qualifiers {', '.join(f'`{q}`' for q in QUALIFIERS)}; scales "
             f"{', '.join(f'`{s}`' for s in SCALES)}; a bare number is an amount whose unit the source does not "
             f"give. Names with a fixed meaning: {', '.join(f'`{n}`' for n in KNOWN_NAMES)}. Units:", "",
             units_list()]
    for kind, record_type in ENTITY_TYPES.items():
        file_name = {"company": "companies", "person": "people", "factory": "factories", "source": "sources",
                     "product": "products", "milestone": "milestones"}[kind]
        parts += ["", f"### `claims/registry/{file_name}.yaml` (or `claims/registry/{file_name}/`): {kind} entries",
                  field_table(record_type)]
    parts += ["", "Source kinds:", choices_list(SOURCE_KINDS)]
    parts += ["", "### `claims/registry/attributes.yaml`: the attributes claims may carry", field_table(Attribute),
              "", "Attribute types:", choices_list(ATTRIBUTE_TYPES)]
    return "\n".join(parts)


START, END = "<!-- format-reference:start -->", "<!-- format-reference:end -->"


def with_reference(text: str) -> str:
    """A document's text (docs/format.md) with the generated format reference between its markers."""
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{format_reference()}\n{END}{tail}"
