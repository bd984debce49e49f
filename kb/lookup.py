"""Answering from the index: narrow the claims with SQL, then decide with `kb.query` as always.

SQL only ever picks a superset of the answer (claims that might match); the exact
filters, sorting and id lookup are the same Python functions that work without an
index. So the index changes how fast an answer comes, never what it is.
"""

from __future__ import annotations

from typing import Any, Iterable

from .index import Index
from .model import KnowledgeBase
from .query import SORT_ALIASES, Filters, QueryError, entity_names, match_entities
from .period import as_number
from .schema import RELATIONS, Claim


def _in(values: Iterable[Any]) -> str:
    return ",".join("?" * len(list(values)))


def candidate_sql(index: Index, entities: KnowledgeBase, filters: Filters) -> tuple[str, list] | None:
    """SQL selecting the row ids of claims that may match the filters; None when SQL cannot narrow them."""
    parts: list[tuple[str, list]] = []

    def linked(fields: tuple[str, ...], ids: set[str]) -> None:
        targets = sorted(ids)
        parts.append((f"SELECT rid FROM links WHERE target IN ({_in(targets)}) AND field IN ({_in(fields)})",
                      [*targets, *fields]))

    def resolve(terms: Iterable[str], kinds: tuple[str, ...]) -> set[str]:
        return set().union(*(match_entities(entities, kinds, t) for t in terms))

    if filters.company:
        linked(("company", "speaker", "concerns"), resolve(filters.company, ("company",)))
    if filters.speaker:
        linked(("speaker",), resolve(filters.speaker, ("person", "company", "source")))
    if filters.factory:
        linked(("factory",), resolve(filters.factory, ("factory",)))
    if filters.source:
        linked(("source",), resolve(filters.source, ("source",)))
    if filters.status:
        parts.append((f"SELECT rid FROM records WHERE status IN ({_in(filters.status)})", list(filters.status)))
    if filters.product:
        products = [p.casefold() for p in filters.product]
        parts.append((f"SELECT rid FROM records WHERE product IN ({_in(products)})", products))
    if filters.tag:
        tags = [t.casefold() for t in filters.tag]
        parts.append((f"SELECT rid FROM tags WHERE tag IN ({_in(tags)})", tags))
    for tag in filters.all_tags:
        parts.append(("SELECT rid FROM tags WHERE tag = ?", [tag.casefold()]))
    if filters.year:  # within the years; a fiscal year's range depends on the registry: Python decides
        bounds = [b for y in filters.year for b in (*_bounds(y), *_bounds(y))]
        parts.append(("SELECT rid FROM records WHERE " + " OR ".join(
            ["(fiscal = 0 AND when_key >= ? AND when_end <= ?) OR (fiscal = 1 AND when_end >= ? AND "
             "when_start <= ?)"] * len(filters.year)), bounds))
    if filters.due:  # overlapping; stored fiscal ranges are the widest, so this is a superset for them
        bounds = [b for d in filters.due for b in _bounds(d)[::-1]]
        parts.append(("SELECT rid FROM records WHERE " + " OR ".join(
            ["(when_start <= ? AND when_end >= ?)"] * len(filters.due)), bounds))
    for system, value in filters.external:
        parts.append(("SELECT rid FROM externals WHERE system = ?" + (" AND value = ?" if value else ""),
                      [system, value] if value else [system]))
    if not parts:
        return None
    # Links, tags and fields of registry entries match too (a person's `company:`): keep claims only.
    return (f"SELECT rid FROM records WHERE kind = 'claim' AND rid IN ({' INTERSECT '.join(sql for sql, _ in parts)})",
            [p for _, params in parts for p in params])


def _bounds(when: Any) -> tuple[int, int]:
    """A filter period's (start, end) as the index stores dates."""
    return as_number(when.start, False), as_number(when.end, True)


def candidate_rids(index: Index, entities: KnowledgeBase, filters: Filters) -> set[int] | None:
    """Row ids of claims that may match the filters; None when SQL cannot narrow them."""
    query = candidate_sql(index, entities, filters)
    return None if query is None else index.rids(*query)


def entities_only(index: Index) -> KnowledgeBase:
    return index.knowledge_base(rids=())


def knowledge_base_for(index: Index, filters: Filters) -> KnowledgeBase:
    """The claims that may match filters (all when SQL cannot narrow them), with the entities they
    name and every entity a filter's words name; all entities when a word names none (for the
    suggestions of the error that follows)."""
    terms = [t.casefold().strip() for t in (*filters.company, *filters.speaker, *filters.factory, *filters.source)]
    named = index.rids(f"SELECT rid FROM names WHERE name IN ({_in(terms)})", terms) if terms else set()
    try:
        rids = candidate_rids(index, index.knowledge_base(rids=(), entity_rids=named), filters)
    except QueryError:
        return index.knowledge_base(rids=())
    if rids is None:
        return index.knowledge_base()
    ordered, referenced = sorted(rids), set()
    for i in range(0, len(ordered), 500):
        chunk = ordered[i:i + 500]
        referenced |= index.rids("SELECT e.rid FROM links l JOIN records e ON e.id = l.target AND e.kind != 'claim' "
                                 f"WHERE l.rid IN ({_in(chunk)})", chunk)
    return index.knowledge_base(rids, entity_rids=referenced | named)


def record_rids(index: Index, ref: str) -> set[int]:
    """Row ids for `kb show REF`: the claim or entity it names (by id, prefix or name) and what it touches."""
    entities = entities_only(index)
    exact = index.rids("SELECT rid FROM records WHERE id = ?", (ref,))
    if not exact and not any(ref.casefold() == n.casefold() for e in entities.entities for n in entity_names(e)):
        escaped = ref.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        exact = index.rids("SELECT rid FROM records WHERE id LIKE ? ESCAPE '\\'", (escaped + "%",))
    return exact


def neighbourhood(index: Index, kb: KnowledgeBase, record: Any, with_neighbours: bool = False) -> set[int]:
    """Row ids of the claims `kb show` or `kb xref` mentions for a record."""
    if not isinstance(record, Claim):
        return index.rids("SELECT rid FROM links WHERE target = ? AND field IN ('speaker', 'company', 'concerns', "
                          "'factory', 'source')", (record.id,))
    targets = [t for relation in RELATIONS for t in getattr(record, relation)]
    found = index.rids(f"SELECT rid FROM records WHERE kind = 'claim' AND id IN ({_in(targets)})", targets)
    found |= index.rids(f"SELECT rid FROM links WHERE target = ? AND field IN ({_in(RELATIONS)})",
                        [record.id, *RELATIONS])
    found |= index.rids("SELECT rid FROM records WHERE kind = 'claim' AND id = ?", (record.id,))
    if with_neighbours:
        if record.factory:
            found |= index.rids("SELECT rid FROM links WHERE field = 'factory' AND target = ?", (record.factory,))
        if record.company and record.product:
            found |= index.rids("SELECT l.rid FROM links l JOIN records r ON r.rid = l.rid WHERE l.field = 'company' "
                                "AND l.target = ? AND r.product = ?", (record.company, record.product.casefold()))
        found |= index.rids("SELECT rid FROM links WHERE field = 'speaker' AND target = ?", (record.speaker,))
    return found


def find(index: Index, ref: str, with_neighbours: bool = False) -> tuple[KnowledgeBase, Any]:
    """The knowledge base around one record, and the record, as `kb.query.find_record` decides it."""
    from .query import find_record

    candidates = index.knowledge_base(record_rids(index, ref))
    record = find_record(candidates, ref)
    return index.knowledge_base(neighbourhood(index, candidates, record, with_neighbours)), record


__all__ = ["QueryError", "candidate_rids", "find", "knowledge_base_for"]


_SORT_SQL = {"id": "r.id", "when": "r.when_key",
             "status": "r.status",
             **{k: f"json_extract(r.data, '$.{k}')" for k in ("said", "company", "speaker", "factory", "source")}}


def first_claims(index: Index, filters: Filters, sort: str, reverse: bool,
                 limit: int) -> tuple[KnowledgeBase, list[Claim], int] | None:
    """The first `limit` matching claims in `kb.query.sort_claims` order, and how many match in all,
    when SQL decides the filters exactly (every filter but --text); None otherwise.

    This is what lets a terminal show the first rows of a 10,000-claim answer at once.
    """
    sort = SORT_ALIASES.get(sort, sort)
    if filters.text or filters.minimum or filters.maximum or filters.where or sort not in _SORT_SQL:
        return None
    terms = [t.casefold().strip() for t in (*filters.company, *filters.speaker, *filters.factory, *filters.source)]
    named = index.rids(f"SELECT rid FROM names WHERE name IN ({_in(terms)})", terms) if terms else set()
    query = candidate_sql(index, index.knowledge_base(rids=(), entity_rids=named), filters)
    conn = index.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS chosen(rid INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM chosen")
    if query is None:
        conn.execute("INSERT INTO chosen SELECT rid FROM records WHERE kind = 'claim'")
    else:
        conn.execute(f"INSERT OR IGNORE INTO chosen {query[0]}", query[1])
    if (filters.year or filters.due or sort == "when") and conn.execute(
            "SELECT 1 FROM chosen c JOIN records r ON r.rid = c.rid WHERE r.fiscal = 1 LIMIT 1").fetchone():
        return None  # where a fiscal year lies depends on its company's year-end: Python decides
    total = conn.execute("SELECT COUNT(*) FROM chosen").fetchone()[0]
    key, direction = _SORT_SQL[sort], "DESC" if reverse else "ASC"
    rows = conn.execute(
        f"SELECT r.rid FROM records r JOIN chosen c ON c.rid = r.rid WHERE r.kind = 'claim' "
        f"ORDER BY ({key}) IS NULL, {key} {direction}, CASE WHEN ({key}) IS NULL THEN r.id END ASC, "
        f"CASE WHEN ({key}) IS NOT NULL THEN r.id END {direction} LIMIT ?", (limit,)).fetchall()
    order = [rid for (rid,) in rows]
    referenced: set[int] = set()
    if order:
        referenced = index.rids("SELECT e.rid FROM links l JOIN records e ON e.id = l.target AND e.kind != 'claim' "
                                f"WHERE l.rid IN ({_in(order)})", order)
    kb = index.knowledge_base(order, entity_rids=referenced | named)
    rank = {path: i for i, path in enumerate(index.paths_of(order))}
    return kb, sorted(kb.claims, key=lambda c: rank[c.path]), total
