"""Shell completion candidates, read from the index as it stands: claim ids, entity ids, names and
aliases, source ids, tags, products, attribute names and values, other systems' ids, statuses,
relations and the forms of a period.

Completion must answer while the user waits at the prompt: it reads the index database of
`.kb-cache/` without bringing it up to date (a claim added since the last command is missing until
the next one), with queries on indexed prefixes, so that it takes milliseconds at 100,000 claims
(bench/run.py times it). Without an index it offers claim ids from the file names (a claim's file is
named after its id) and nothing else. Every function returns (value, help) pairs, value starting
with what was typed, at most LIMIT of them.

Passing: claim_ids(root, "lges-4680-o") -> [("lges-4680-ochang-mass-production", "LG Energy ...")].
"""

from __future__ import annotations

import datetime
import os
import re
import sqlite3
from pathlib import Path

LIMIT = 200
Candidates = list[tuple[str, str]]
# the kinds of entity each option completes, by the name the option goes by
ENTITY_KINDS = {"company": ("company",), "speaker": ("person", "company", "source"), "factory": ("factory",),
                "source": ("source",), "person": ("person",), "entity": ("company", "person", "factory", "source")}


def connect(root: Path) -> sqlite3.Connection | None:
    """The index database of the knowledge base at root, read-only, as the last command left it; None
    when there is none (or it cannot be read)."""
    from .files import current_index

    database = current_index(root)
    if database is None:
        return None
    try:
        conn = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
        conn.execute("SELECT 1 FROM records LIMIT 1")
        return conn
    except sqlite3.Error:
        return None


def _upper(prefix: str) -> str:
    """The least text greater than every text starting with prefix (for `x >= prefix AND x < upper`)."""
    return prefix + "\U0010ffff"


def _short(text: str | None, width: int = 70) -> str:
    """text on one line, control characters shown (kb.model.text.inert), cut at width with an ellipsis."""
    from ..model.text import inert

    text = " ".join(inert(text or "", one_line=True).split())
    return text if len(text) <= width else text[:width - 1] + "…"


def claim_ids(root: Path, incomplete: str) -> Candidates:
    """Claim ids starting with incomplete, with their claim text as help."""
    conn = connect(root)
    if conn is None:
        return [(i, "") for i in _ids_from_file_names(root, incomplete)]
    with conn:
        rows = conn.execute("SELECT l.id, json_extract(r.data, '$.claim') FROM listed l JOIN records r ON r.rid = l.rid "
                            "WHERE l.id >= ? AND l.id < ? ORDER BY l.id LIMIT ?",
                            (incomplete, _upper(incomplete), LIMIT)).fetchall()
    conn.close()
    return _unique((i, _short(text)) for i, text in rows)


def _ids_from_file_names(root: Path, incomplete: str) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(root / "claims"):
        dirs[:] = sorted(d for d in dirs if d != "registry" and not d.startswith("."))
        found += [f[:-5] for f in files if f.endswith(".yaml") and f.startswith(incomplete)]
        if len(found) >= LIMIT:
            break
    return sorted(found)[:LIMIT]


def entities(root: Path, kinds: tuple[str, ...], incomplete: str) -> Candidates:
    """Entities of these kinds whose id, name or alias starts with incomplete (in any case). The value is
    the id when it starts with what was typed, else the name or alias that does (filters take all three);
    the help names the other."""
    conn = connect(root)
    if conn is None:
        return []
    folded = incomplete.casefold()
    marks = ", ".join("?" * len(kinds))
    columns = ("r.id, r.kind, json_extract(r.data, '$.name'), json_extract(r.data, '$.title'), "
               "json_extract(r.data, '$.aliases')")
    with conn:
        if incomplete:  # names (ids, names, aliases, casefolded) in the index's order, as many as are shown
            rows = conn.execute(f"SELECT {columns} FROM names n JOIN records r ON r.rid = n.rid WHERE n.name >= ? "
                                f"AND n.name < ? AND r.kind IN ({marks}) ORDER BY n.name LIMIT ?",
                                (folded, _upper(folded), *kinds, 4 * LIMIT)).fetchall()
            rows = sorted(set(rows))
        else:
            rows = conn.execute(f"SELECT {columns} FROM records r WHERE r.kind IN ({marks}) ORDER BY r.id LIMIT ?",
                                (*kinds, LIMIT)).fetchall()
    conn.close()
    import json

    out = []
    for entity_id, kind, name, title, aliases in rows:
        shown = name or title or ""
        if entity_id.startswith(incomplete):
            out.append((entity_id, _short(f"{shown} ({kind})" if shown else kind)))
            continue
        # typed in another case, or a name: the names spelled as typed, one word before several
        names = sorted((n for n in [shown, *json.loads(aliases or "[]")] if n.startswith(incomplete)),
                       key=lambda n: (" " in n, n != shown, len(n)))
        if names:
            out.append((names[0], _short(f"{entity_id} ({kind})")))
        elif entity_id.casefold().startswith(folded):
            out.append((entity_id, _short(f"{shown} ({kind})" if shown else kind)))
    return _unique(out)


def tags(root: Path, incomplete: str) -> Candidates:
    return _distinct(root, "SELECT DISTINCT tag FROM tags WHERE tag >= ? AND tag < ? ORDER BY tag LIMIT ?",
                     incomplete)


def products(root: Path, incomplete: str) -> Candidates:
    """Products the claims name (as written in the claims: 4680, LFP)."""
    conn = connect(root)
    if conn is None:
        return []
    with conn:
        rows = conn.execute("SELECT DISTINCT json_extract(data, '$.product') FROM records WHERE kind = 'claim' AND "
                            "product >= ? AND product < ? LIMIT ?",
                            (incomplete.casefold(), _upper(incomplete.casefold()), LIMIT)).fetchall()
    conn.close()
    return _unique((str(p), "") for p, in rows if p is not None)


def _distinct(root: Path, sql: str, incomplete: str) -> Candidates:
    conn = connect(root)
    if conn is None:
        return []
    with conn:
        rows = conn.execute(sql, (incomplete, _upper(incomplete), LIMIT)).fetchall()
    conn.close()
    return [(str(value), "") for value, in rows]


def pairs(root: Path, what: str, incomplete: str) -> Candidates:
    """NAME=VALUE options: --where (attribute=value), --external (system=id). Before the '=' the names,
    each with its '='; after it, the values the claims hold for that name."""
    name, equals, value = incomplete.partition("=")
    conn = connect(root)
    if conn is None:
        return []
    with conn:
        if not equals:
            if what == "attribute":
                rows = conn.execute("SELECT id, json_extract(data, '$.description') FROM records WHERE kind = 'attribute' "
                                    "AND id >= ? AND id < ? ORDER BY id LIMIT ?", (name, _upper(name), LIMIT)).fetchall()
            else:
                rows = conn.execute("SELECT DISTINCT system, '' FROM externals WHERE system >= ? AND system < ? "
                                    "ORDER BY system LIMIT ?", (name, _upper(name), LIMIT)).fetchall()
            found = [(f"{n}=", _short(h)) for n, h in rows]
        else:
            table, key = ("attributes", "name") if what == "attribute" else ("externals", "system")
            column = "value"
            rows = conn.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {key} = ? AND {column} >= ? AND "
                                f"{column} < ? ORDER BY {column} LIMIT ?",
                                (name, value, _upper(value), LIMIT)).fetchall()
            found = [(f"{name}={v}", "") for v, in rows]
    conn.close()
    return found


def choices(values, incomplete: str, helps: dict[str, str] | None = None) -> Candidates:
    """Fixed words (statuses, relations, sort keys) starting with incomplete, in any case."""
    return [(v, _short((helps or {}).get(v, ""), 60)) for v in values if v.casefold().startswith(incomplete.casefold())]


def statuses(incomplete: str) -> Candidates:
    from ..model.schema import STATUSES

    return choices(STATUSES, incomplete, STATUSES)


def relations(incomplete: str) -> Candidates:
    from ..model.schema import RELATIONS

    return choices(RELATIONS, incomplete, RELATIONS)


def relation_targets(root: Path, incomplete: str) -> Candidates:
    """RELATION=ID (kb new --relation): relations, then claim ids after the '='."""
    name, equals, target = incomplete.partition("=")
    if not equals:
        return [(f"{r}=", "") for r, _ in relations(name)]
    return [(f"{name}={i}", h) for i, h in claim_ids(root, target)]


# The forms of a period after a year (kb.model.period), in the order offered.
PERIOD_PARTS = ("", "-H1", "-H2", "-Q1", "-Q2", "-Q3", "-Q4", "-early", "-mid", "-late", "-end", "-spring", "-summer",
                "-autumn", "-winter", *(f"-{m:02d}" for m in range(1, 13)), "..")
PERIOD_HELP = {"": "the year", "-H1": "first half", "-H2": "second half", "-Q1": "first quarter",
               "-Q2": "second quarter", "-Q3": "third quarter", "-Q4": "fourth quarter", "-early": "early in the year",
               "-mid": "the middle of the year", "-late": "late in the year", "-end": "the end of the year",
               "..": "from then on"}


def years(root: Path) -> list[int]:
    """The years the claims' periods start or end in, and this year and the next."""
    this = datetime.date.today().year
    found = {this, this + 1}
    conn = connect(root)
    if conn is not None:
        with conn:
            row = conn.execute("SELECT MIN(when_start), MAX(when_end) FROM listed WHERE when_start > 0 AND "
                               "when_end < 99999999").fetchone()
        conn.close()
        if row and row[0] and row[1]:
            found |= set(range(max(row[0] // 10000, this - 30), min(row[1] // 10000, this + 30) + 1))
    return sorted(found)


def periods(root: Path, incomplete: str) -> Candidates:
    """The forms of a period (--due, --when): a year and its halves, quarters, parts, seasons and months,
    fiscal years, and ranges (`2025..2026`, `..2027`): what follows a '..' is completed as a period."""
    head, dots, last = incomplete.rpartition("..")
    lead = head + dots
    found: Candidates = []
    if last.upper().startswith("FY") or (last and "FY".startswith(last.upper())):
        found = [(f"{lead}FY{y}", "a fiscal year") for y in years(root)]
    else:
        for year in years(root):
            for part in PERIOD_PARTS if not dots else PERIOD_PARTS[:-1]:
                found.append((f"{lead}{year}{part}", PERIOD_HELP.get(part, "")))
        if not incomplete:
            found += [(f"..{y}", f"by {y}") for y in years(root)]
    return [c for c in found if c[0].casefold().startswith(incomplete.casefold())][:LIMIT]


def year_ranges(root: Path, incomplete: str) -> Candidates:
    """--year: a year, or a range of years (2023..2025, 2023.., ..2025)."""
    head, dots, last = incomplete.rpartition("..")
    found = [(f"{head}{dots}{y}", "") for y in years(root)]
    if not dots:
        found += [(f"{y}..", "from then on") for y in years(root)] + [(f"..{y}", "up to then") for y in years(root)]
    return [c for c in found if c[0].startswith(incomplete)][:LIMIT]


def dates(root: Path, incomplete: str) -> Candidates:
    """--said: a year, a month or a day; the years offered, then the months of the year typed."""
    match = re.fullmatch(r"(\d{4})-?(\d{0,2})", incomplete)
    if match:
        return [(f"{match.group(1)}-{m:02d}", "") for m in range(1, 13)
                if f"{match.group(1)}-{m:02d}".startswith(incomplete)] or [(incomplete, "")]
    return [(str(y), "") for y in years(root) if str(y).startswith(incomplete)]


def _unique(items) -> Candidates:
    seen, out = set(), []
    for value, help_text in items:
        if value not in seen:
            seen.add(value)
            out.append((value, help_text))
    return out[:LIMIT]


def candidates(kind: str, root: Path | None, incomplete: str) -> Candidates:
    """(value, help) pairs of this kind (ENTITY_KINDS, or claim, record, status, relation, quantity, quantity
    name, field, period, year, date, tag, product, attribute, external, relation=claim) for what was typed."""
    if kind == "status":
        return statuses(incomplete)
    if kind == "relation":
        return relations(incomplete)
    if kind == "quantity":
        from ..model.quantity import KNOWN_NAMES

        name, equals, _ = incomplete.partition("=")
        return [] if equals else choices([f"{n}=" for n in KNOWN_NAMES], name)
    if kind == "quantity name":
        from ..model.quantity import KNOWN_NAMES

        return choices(list(KNOWN_NAMES), incomplete)
    if kind == "field":  # --inferred FIELD=WORDS: the fields a source may only imply
        return choices(["when=", "speaker=", "company=", "factory=", "product=", "status=", "said="],
                       incomplete.partition("=")[0]) if "=" not in incomplete else []
    if root is None:
        return []
    if kind == "claim":
        return claim_ids(root, incomplete)
    if kind == "record":
        return (claim_ids(root, incomplete) + entities(root, ENTITY_KINDS["entity"], incomplete))[:LIMIT]
    if kind in ENTITY_KINDS:
        return entities(root, ENTITY_KINDS[kind], incomplete)
    if kind == "period":
        return periods(root, incomplete)
    if kind == "year":
        return year_ranges(root, incomplete)
    if kind == "date":
        return dates(root, incomplete)
    if kind == "tag":
        return tags(root, incomplete)
    if kind == "product":
        return products(root, incomplete)
    if kind in ("attribute", "external"):
        return pairs(root, kind, incomplete)
    if kind == "relation=claim":
        return relation_targets(root, incomplete)
    raise ValueError(f"no completion of {kind!r}")
