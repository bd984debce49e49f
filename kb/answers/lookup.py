"""Answering from the index: SQL chooses and sorts the claims, as `kb.answers.query` would.

Every filter but --text, --min and --max is decided in SQL exactly as `kb.answers.query.compile_filters`
decides it (fiscal years are placed in the index by their company's year-end); those three are
decided by the same Python on each candidate. Sorting is SQL's, in `kb.answers.query.sort_claims`' order.
A `Selection` then streams the chosen claims' rows in any order, and commands print them without
building records. tests/test_answers_from_rows.py holds every filter, sort and format to the
answers of the library without an index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from ..model.period import as_number
from ..model.records import KnowledgeBase, entity_names
from ..model.schema import RELATIONS, Claim
from ..store.index import Index
from ..store.indexing import record_from_row
from .query import SORT_ALIASES, Filters, QueryError, match_entities, product_names


def _in(values: Iterable[Any]) -> str:
    return ",".join("?" * len(list(values)))


def candidate_sql(index: Index, entities: KnowledgeBase, filters: Filters) -> tuple[str, list] | None:
    """SQL selecting the row ids of the claims that pass the filters SQL decides (all but --text, --min,
    --max and --where); None when none of those is given."""
    parts: list[tuple[str, list]] = []

    def linked(fields: tuple[str, ...], ids: set[str]) -> None:
        among, targets = index.among("target", ids)
        parts.append((f"SELECT rid FROM links WHERE {among} AND field IN ({_in(fields)})", [*targets, *fields]))

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
        among, products = index.among("product", sorted(product_names(entities.entities, filters.product)))
        parts.append((f"SELECT rid FROM records WHERE {among}", products))
    if filters.tag:
        among, tags = index.among("tag", [t.casefold() for t in filters.tag])
        parts.append((f"SELECT rid FROM tags WHERE {among}", tags))
    for tag in filters.all_tags:
        parts.append(("SELECT rid FROM tags WHERE tag = ?", [tag.casefold()]))
    if filters.year:  # within the years (fiscal years as their company's year-end places them: exact)
        bounds = [b for y in filters.year for b in _bounds(y)]
        parts.append(("SELECT rid FROM records WHERE " + " OR ".join(
            ["(when_key >= ? AND when_end <= ?)"] * len(filters.year)), bounds))
    if filters.due:  # overlapping
        bounds = [b for d in filters.due for b in _bounds(d)[::-1]]
        parts.append(("SELECT rid FROM records WHERE " + " OR ".join(
            ["(when_start <= ? AND when_end >= ?)"] * len(filters.due)), bounds))
    if filters.current:  # exact: no claim names it in `supersedes`, but as progress (kb.answers.state.standing_links)
        superseded, pairs = superseded_sql(index)
        parts.append((f"SELECT rid FROM records WHERE kind = 'claim' AND id NOT IN ({superseded})", pairs))
    for system, value in filters.external:
        parts.append(("SELECT rid FROM externals WHERE system = ?" + (" AND value = ?" if value else ""),
                      [system, value] if value else [system]))
    if not parts:
        return None
    # Links, tags and fields of registry entries match too (a person's `company:`): keep claims only.
    return (f"SELECT rid FROM records WHERE kind = 'claim' AND rid IN ({' INTERSECT '.join(sql for sql, _ in parts)})",
            [p for _, params in parts for p in params])


def _named_rids(index: Index, terms: list[str]) -> set[int]:
    """Row ids of the entities with one of these names (casefolded)."""
    among, params = index.among("name", terms)
    return index.rids(f"SELECT rid FROM names WHERE {among}", params)


def _bounds(when: Any) -> tuple[int, int]:
    """A filter period's (start, end) as the index stores dates."""
    return as_number(when.start, False), as_number(when.end, True)


def entities_only(index: Index) -> KnowledgeBase:
    return index.knowledge_base(rids=())


def candidate_rids(index: Index, entities: KnowledgeBase, filters: Filters) -> set[int] | None:
    """Row ids of the claims that pass the filters SQL decides; None when none of those is given."""
    query = candidate_sql(index, entities, filters)
    return None if query is None else index.rids(*query)


def _ids_of(index: Index, rids: Iterable[int]) -> set[str]:
    return {claim_id for (claim_id,) in index._by_rid("id", rids, "kind = 'claim'")}


def _chunks(items: Iterable[Any]):
    """items in sorted chunks small enough for one `IN (...)` each (`kb.store.index.INLINE_VALUES`)."""
    from ..store import index as index_module

    items, size = sorted(items), index_module.INLINE_VALUES
    for i in range(0, len(items), size):
        yield items[i:i + size]


def related_rids(index: Index, rids: Iterable[int], whole_chains: bool) -> set[int]:
    """Row ids of the claims that decide the state (kb.answers.state) of the claims with these row ids: those
    superseding them, directly or through a chain, and those contradicting them. whole_chains adds
    the claims they supersede, and those elaborating or supporting them or elaborated or supported by
    them, through every chain, too: every claim of their plans (kb.answers.track.plan_groups)."""
    rids = set(rids)
    start = _ids_of(index, rids)
    seen, frontier, found = set(start), set(start), set()
    fields = "('supersedes', 'elaborates', 'supports')" if whole_chains else "('supersedes')"
    while frontier:
        reached: set[str] = set()
        for chunk in _chunks(frontier):
            marks = _in(chunk)
            for rid, claim_id in index.conn.execute(
                    f"SELECT s.rid, s.id FROM links l JOIN records s ON s.rid = l.rid WHERE l.field IN {fields} "
                    f"AND s.kind = 'claim' AND l.target IN ({marks})", chunk):
                found.add(rid)
                reached.add(claim_id)
            if whole_chains:
                reached |= {target for (target,) in index.conn.execute(
                    "SELECT l.target FROM records s JOIN links l ON l.rid = s.rid WHERE s.kind = 'claim' "
                    f"AND s.id IN ({marks}) AND l.field IN {fields}", chunk)}
        frontier = reached - seen
        seen |= reached
    if whole_chains:
        for chunk in _chunks(seen - start):
            found |= index.rids(f"SELECT rid FROM records WHERE kind = 'claim' AND id IN ({_in(chunk)})", chunk)
    for chunk in _chunks(start):
        found |= index.rids("SELECT s.rid FROM links l JOIN records s ON s.rid = l.rid WHERE l.field = 'contradicts' "
                            f"AND s.kind = 'claim' AND l.target IN ({_in(chunk)})", chunk)
    return found - set(rids)


def named_rids(index: Index, filters: Filters) -> set[int]:
    """Row ids of the entities the filters' words name, and of every registry product when a filter names a
    product (its other names, in claims/registry/products.yaml, are the same product)."""
    terms = [t.casefold().strip() for t in (*filters.company, *filters.speaker, *filters.factory, *filters.source)]
    named = _named_rids(index, terms) if terms else set()
    if filters.product:
        named |= index.rids("SELECT rid FROM records WHERE kind = 'product'")
    return named


def knowledge_base_for(index: Index, filters: Filters, whole_chains: bool = False,
                       plans_only: bool = False) -> KnowledgeBase:
    """The claims that may match filters (all when SQL cannot narrow them), and the claims that decide
    their state (with whole_chains, every claim of their supersedes chains: see `related_rids`),
    with the entities they name and every entity a filter's words name; all entities when a word
    names none (for the suggestions of the error that follows)."""
    named = named_rids(index, filters)
    try:
        rids = candidate_rids(index, index.knowledge_base(rids=(), entity_rids=named), filters)
    except QueryError:
        return index.knowledge_base(rids=())
    if rids is None or len(rids) > index.claim_count // 2:  # most claims: reading them all is quicker
        if plans_only:  # plans are made of plan claims; links come from any claim that supersedes
            from .xref import PLAN_STATUSES

            return index.knowledge_base(where=f"rid IN (SELECT rid FROM listed WHERE status IN ({_in(PLAN_STATUSES)}) "
                                              "UNION SELECT rid FROM links WHERE field = 'supersedes')",
                                        params=PLAN_STATUSES)
        return index.knowledge_base()
    rids = rids | related_rids(index, rids, whole_chains)
    referenced = set()
    for chunk in _chunks(rids):
        referenced |= index.rids("SELECT e.rid FROM links l JOIN records e ON e.id = l.target AND e.kind != 'claim' "
                                 f"WHERE l.rid IN ({_in(chunk)})", chunk)
    return index.knowledge_base(rids, entity_rids=referenced | named)


def record_rids(index: Index, ref: str) -> set[int]:
    """Row ids for `kb show REF`: the claim or entity it names (by id, prefix or name) and what it touches,
    enough for `kb.answers.query.find_record` to decide as it would over the whole knowledge base: the
    claims and entities whose ids start with REF, unless REF is an id or the name of exactly one entity
    (which find_record takes before any prefix)."""
    entities = entities_only(index)
    exact = index.rids("SELECT rid FROM records WHERE id = ?", (ref,))
    wanted = ref.casefold()
    named = [e for e in entities.entities if any(wanted == n.casefold() for n in entity_names(e))]
    if not exact and len(named) != 1:  # a name two entities share is no answer: a unique prefix may be
        escaped = ref.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        exact = index.rids("SELECT rid FROM records WHERE id LIKE ? ESCAPE '\\'", (escaped + "%",))
    return exact


def neighbourhood(index: Index, kb: KnowledgeBase, record: Any, with_neighbours: bool = False) -> set[int]:
    """Row ids of the claims `kb show` or `kb xref` mentions for a record."""
    if not isinstance(record, Claim):
        return index.rids("SELECT rid FROM links WHERE target = ? AND field IN ('speaker', 'company', 'concerns', "
                          "'factory', 'source')", (record.id,))
    targets = [t for relation in RELATIONS for t in getattr(record, relation)]
    among, params = index.among("id", targets)
    found = index.rids(f"SELECT rid FROM records WHERE kind = 'claim' AND {among}", params)
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
    """The knowledge base around one record, and the record, as `kb.answers.query.find_record` decides it."""
    from .query import find_record

    candidates = index.knowledge_base(record_rids(index, ref))
    record = find_record(candidates, ref)
    return index.knowledge_base(neighbourhood(index, candidates, record, with_neighbours)), record


__all__ = ["QueryError", "Selection", "States", "find", "knowledge_base_for", "select"]


# ---------------------------------------------------------------- selections: answers straight from SQL

# Sort keys as columns of `listed`; a claim without the key (NULL) comes last, as in `kb.answers.query.sort_claims`.
ORDER_COLUMNS = {"id": "l.id", "when": "l.when_key", "said": "l.said", "status": "l.status", "company": "l.company",
                 "speaker": "l.speaker", "factory": "l.factory", "source": "l.source"}


def order_sql(sort: str, reverse: bool) -> str:
    """ORDER BY for `kb.answers.query.sort_claims(claims, sort, reverse)` over claims in path order: present keys
    first (by key, then id), missing ones after (by id); ties stay in path order, either way."""
    sort = SORT_ALIASES.get(sort, sort)
    if sort not in ORDER_COLUMNS:
        raise QueryError(f"cannot sort by '{sort}'; use one of: {', '.join(ORDER_COLUMNS)}")
    direction = "DESC" if reverse else "ASC"
    if sort == "id":
        return f"l.id {direction}, l.path, l.rid"
    key = ORDER_COLUMNS[sort]
    return (f"{key} IS NULL, {key} {direction}, CASE WHEN {key} IS NULL THEN l.id END, "
            f"CASE WHEN {key} IS NOT NULL THEN l.id END {direction}, l.path, l.rid")


class Selection:
    """The claims that match filters, chosen in SQL (a temporary table of their row ids, or every claim),
    to be read in any order and any format without building a record for each."""

    def __init__(self, index: Index, entities: KnowledgeBase, chosen: bool, total: int) -> None:
        self.index = index
        self.entities = entities  # the entities the filters name
        self.chosen = chosen  # False: every claim
        self.total = total

    def rows(self, columns: str, order: str, limit: int | None = None, records: bool = False,
             where: str = "", params: Iterable[Any] = ()) -> Iterator[list[tuple]]:
        """columns of listed (l) and, with records, of records (r), for the chosen claims in this order,
        in batches of a few thousand rows."""
        conditions = [where] if where else []
        if not self.chosen:
            source = "listed l"
        elif self.total * 8 < self.index.claim_count:  # few: from the chosen ones, then sorted
            source = "temp.chosen c CROSS JOIN listed l ON l.rid = c.rid"
        else:  # many: along listed (in id order already), keeping the chosen ones
            source = "listed l"
            conditions.append("l.rid IN (SELECT rid FROM temp.chosen)")
        if records:
            source += " JOIN records r ON r.rid = l.rid"
        sql = (f"SELECT {columns} FROM {source}" + (f" WHERE {' AND '.join(conditions)}" if conditions else "")
               + f" ORDER BY {order}" + (" LIMIT ?" if limit is not None else ""))
        cursor = self.index.conn.execute(sql, (*params, *([limit] if limit is not None else [])))
        while True:
            batch = cursor.fetchmany(2000)
            if not batch:
                return
            yield batch

    def claims(self, order: str, limit: int | None = None, where: str = "", params: Iterable[Any] = ()) \
            -> Iterator[Claim]:
        """The chosen claims as records, in this order, a few at a time."""
        for batch in self.rows("r.kind, r.path, r.line, r.data, ''", order, limit, True, where, params):
            yield from (record_from_row(*row) for row in batch)

    def count(self, where: str = "", params: Iterable[Any] = ()) -> int:
        """How many chosen claims also meet where (a condition on listed l)."""
        if not where:
            return self.total
        return next(iter(self.rows("COUNT(*)", "1", where=where, params=params)))[0][0]

    def rid_sql(self) -> str:
        """SQL selecting the row ids of the chosen claims."""
        return "SELECT rid FROM temp.chosen" if self.chosen else "SELECT rid FROM listed"

    def rid_in(self, column: str) -> str:
        """An SQL condition that column is the row id of a chosen claim: always true when every claim is
        (`rid IN (SELECT rid FROM listed)` would cost a temporary index per query), so only for a column
        that holds claims' row ids alone (`links.rid` only for a field no entity has, as `contradicts`)."""
        return f"{column} IN (SELECT rid FROM temp.chosen)" if self.chosen else "1"

    def knowledge_base(self, claims: Iterable[Claim]) -> KnowledgeBase:
        """claims with the entities they name (for names in tables), and the ones the filters name."""
        claims = tuple(claims)
        named = {e for c in claims for e in _named(c)} | {e.id for e in self.entities.entities}
        kb = self.index.knowledge_base(rids=(), entity_rids=entity_rids(self.index, named))
        return KnowledgeBase(root=kb.root, claims=claims, entities=kb.entities, attributes=kb.attributes)


def superseded_sql(index: Index) -> tuple[str, list]:
    """SQL selecting the ids some claim supersedes, but for links that are progress (`done_links`), and
    its parameters: what `kb due` and `--current` leave out. The progress links wait in a temporary table
    (however many, no statement grows with them)."""
    sql = ("SELECT k.target FROM links k JOIN records s ON s.rid = k.rid WHERE k.field = 'supersedes' "
           "AND s.kind = 'claim'")
    if not done_links(index).progress:
        return sql, []
    return sql + (" AND NOT EXISTS (SELECT 1 FROM temp.progress_links p WHERE p.rid = k.rid "
                  "AND p.target = k.target)"), []


@dataclass(frozen=True)
class DoneLinks:
    """The supersedes links of done claims that do not keep the claim they name (`kb.model.progress`),
    each by the row id of the claim that makes it, as `kb.answers.state` judges them (the claim making the
    link by its own fields, the one it names as KnowledgeBase.claims_by_id finds it: the last of an id)."""

    progress: frozenset[tuple[int, str, str]]  # (row id, done claim id, plan id): neither keeps nor supersedes
    ends: frozenset[tuple[int, str]]  # (row id, plan id): a done closure ending an open plan, superseding it

    @property
    def pairs(self) -> set[tuple[str, str]]:
        """(done claim id, plan id) of the progress links."""
        return {(source, target) for _, source, target in self.progress}

    @property
    def skipped(self) -> set[tuple[int, str]]:
        """(row id, plan id) of the progress links."""
        return {(rid, target) for rid, _, target in self.progress}


def done_links(index: Index) -> DoneLinks:
    """The done claims' links that are progress or end a plan (`DoneLinks`), worked out once per view of
    the index (`Index.memo`); the progress links also wait in temp.progress_links for `superseded_sql`."""
    found = index.memo.get("done_links")
    if found is None:
        found = index.memo["done_links"] = _done_links(index)
        index.conn.execute("CREATE TEMP TABLE IF NOT EXISTS progress_links(rid INTEGER, target TEXT, "
                           "PRIMARY KEY (rid, target)) WITHOUT ROWID")
        index.conn.execute("DELETE FROM temp.progress_links")
        index.conn.executemany("INSERT OR IGNORE INTO temp.progress_links VALUES (?, ?)", sorted(found.skipped))
    return found


def _done_links(index: Index) -> DoneLinks:
    from ..model.progress import ends, is_progress, stored

    links = index.conn.execute(
        "SELECT s.rid, s.id, k.target, r.data FROM links k JOIN listed s ON s.rid = k.rid JOIN records r "
        "ON r.rid = s.rid WHERE k.field = 'supersedes' AND s.status = 'done' ORDER BY s.path, s.rid, k.item").fetchall()
    if not links:
        return DoneLinks(frozenset(), frozenset())

    targets: dict[str, Any] = {}
    for chunk in _chunks({t for _, _, t, _ in links}):
        for claim_id, data in index.conn.execute(
                f"SELECT l.id, r.data FROM listed l JOIN records r ON r.rid = l.rid WHERE l.id IN ({_in(chunk)}) "
                "ORDER BY l.path, l.rid", chunk):
            targets[claim_id] = stored(data)  # the last of an id, as claims_by_id
    progress, ending = set(), set()
    for rid, source, target, data in links:
        done, plan = stored(data), targets.get(target)  # each link by the claim that makes it
        if is_progress(done, plan):
            progress.add((rid, source, target))
        elif ends(done, plan):
            ending.add((rid, target))
    return DoneLinks(frozenset(progress), frozenset(ending))


def progress_links(index: Index) -> set[tuple[str, str]]:
    """(done claim id, plan claim id) of each supersedes link that is progress, not the plan kept
    (`kb.model.progress`), as `kb.answers.state.standing_links` leaves them out."""
    return done_links(index).pairs


class States:
    """Each claim's state as of a day (`kb.answers.state`), from the index: the claims superseding or contradicting
    others come from every supersedes and contradicts link (few), and whether a plan is overdue from its
    own columns, so no record is built. The same answer as `kb.answers.state.states` over the whole knowledge
    base."""

    def __init__(self, index: Index, as_of: Any) -> None:
        from ..model.period import as_number
        from .state import CURRENT, OPEN_STATUSES, State, _latest

        self.current, self.open, self.overdue = CURRENT, set(OPEN_STATUSES), State("overdue")
        self.day = as_number(as_of, False)
        direct: dict[str, list[str]] = {}
        keeping: dict[str, set[str]] = {}  # target -> the done claims that keep it (each link by its own claim)
        against: dict[str, list[str]] = {}
        found = done_links(index)
        progress, ending = found.skipped, found.ends
        for field, target, rid, source, status in index.conn.execute(  # in the order kb.answers.state reads them
                "SELECT k.field, k.target, s.rid, s.id, s.status FROM links k JOIN listed s ON s.rid = k.rid "
                "WHERE k.field IN ('supersedes', 'contradicts') ORDER BY s.path, s.rid, k.item"):
            if field == "contradicts":
                against.setdefault(target, []).append(source)
                continue
            if (rid, target) in progress:
                continue  # progress toward the plan: neither keeps nor supersedes it
            direct.setdefault(target, []).append(source)
            if status == "done" and (rid, target) not in ending:
                keeping.setdefault(target, set()).add(source)
        latest = _latest(direct)
        self.related: dict[str, Any] = {}
        for target, ids in direct.items():
            self.related[target] = State("kept", tuple(sorted(keeping[target]))) if target in keeping else \
                State("superseded", tuple(sorted(set(ids))), latest(target))
        self.against = {target: sorted(set(ids)) for target, ids in against.items()}  # who contradicts each id
        for target, ids in self.against.items():
            self.related.setdefault(target, State("contradicted", tuple(ids)))

    def of(self, claim_id: str, status: str, when_end: int | None) -> Any:
        """The state of the claim with this id, status and period end (as the index keeps it)."""
        state = self.related.get(claim_id)
        if state is not None:
            return state
        if status in self.open and when_end is not None and when_end < self.day:
            return self.overdue
        return self.current


class _PlanClaim:
    """A claim as `kb.answers.track.plan_groups` reads it, from the index's links."""

    __slots__ = ("id", "status", "supersedes", "elaborates", "supports")

    def __init__(self, claim_id: str, status: str) -> None:
        self.id, self.status = claim_id, status
        self.supersedes, self.elaborates, self.supports = [], [], []


def due_repeats(index: Index, where: str, params: Iterable[Any]) -> set[int]:
    """Row ids of the claims `kb due` leaves out of those where (a condition on listed l) keeps, so that it
    lists each plan once (kb.answers.track.plan_groups): a claim joining (elaborating, supporting) a promise
    that no longer stands (kb.answers.track.heads_of), and all but one claim of each plan, the one whose
    period ended first (then the plan's own claim before one that joins it, then by id)."""
    from .track import heads_of, joined_to, plan_groups
    from .xref import PLAN_STATUSES

    due = index.conn.execute(f"SELECT l.rid, l.id, l.when_end FROM listed l WHERE {where}", tuple(params)).fetchall()
    if not due:
        return set()
    claims: dict[str, _PlanClaim] = {}
    superseded: set[str] = set()  # by any claim, as `kb due` has it (but progress toward it)
    found = done_links(index)
    skipped, progress = found.skipped, found.pairs
    for rid, source, status, field, target in index.conn.execute(
            "SELECT s.rid, s.id, s.status, k.field, k.target FROM links k JOIN listed s ON s.rid = k.rid "
            "WHERE k.field IN ('supersedes', 'elaborates', 'supports') ORDER BY s.path, s.rid, k.field, k.item"):
        if field == "supersedes" and (rid, target) not in skipped:
            superseded.add(target)
        if status in PLAN_STATUSES:
            getattr(claims.setdefault(source, _PlanClaim(source, status)), field).append(target)
    targets = {t for c in claims.values() for t in (*c.supersedes, *c.elaborates, *c.supports)} - set(claims)
    for chunk in _chunks(targets):
        for claim_id, status in index.conn.execute(
                f"SELECT id, status FROM listed WHERE id IN ({_in(chunk)}) ORDER BY path, rid", chunk):
            if status in PLAN_STATUSES:
                claims.setdefault(claim_id, _PlanClaim(claim_id, status))
    plan_of: dict[str, int] = {}
    standing: set[str] = set()
    for number, members in enumerate(plan_groups(claims.values())):
        plan_of.update((c.id, number) for c in members)
        standing |= {c.id for c in heads_of(members, progress)}
    best: dict[object, tuple] = {}
    left_out = set()
    for rid, claim_id, when_end in due:
        if claim_id in claims and claim_id not in standing and claim_id not in superseded:
            left_out.add(rid)  # it joins a promise that no longer stands
            continue
        plan = plan_of.get(claim_id, ("alone", rid))
        joins = claim_id in claims and joined_to(claims[claim_id], claims) is not None
        key = (when_end, joins, claim_id, rid)
        if plan in best:
            left_out.add(max(best[plan], key)[3])
            key = min(best[plan], key)
        best[plan] = key
    return left_out


def entity_rids(index: Index, ids: Iterable[str]) -> set[int]:
    """Row ids of the registry entities with these ids (every one with an id, of any kind)."""
    found = set()
    for chunk in _chunks(ids):
        found |= index.rids(f"SELECT rid FROM records WHERE kind != 'claim' AND kind != 'attribute' AND id IN "
                            f"({_in(chunk)})", chunk)
    return found


def _named(claim: Claim) -> Iterator[str]:
    for value in (claim.speaker, claim.company, claim.factory, claim.source, *claim.concerns):
        if value:
            yield value


def select(index: Index, filters: Filters) -> Selection:
    """The claims matching filters, decided by SQL, and by Python only for --text, --min, --max and --where
    (on each candidate's record, as `kb.answers.query.compile_filters` decides them). Raises QueryError as
    `kb.answers.query.select` does."""
    import json

    from .query import compile_filters

    entities = index.knowledge_base(rids=(), entity_rids=named_rids(index, filters))
    try:
        compile_filters(entities, filters)  # unknown names and statuses: the same errors as without an index
    except QueryError:
        compile_filters(entities_only(index), filters)  # with every name, for its suggestions
        raise
    query = candidate_sql(index, entities, filters)
    conn = index.conn
    residual = Filters(minimum=filters.minimum, maximum=filters.maximum)
    if query is None and not filters.text and not filters.where and residual == Filters():
        return Selection(index, entities, False, index.claim_count)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS chosen(rid INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.chosen")
    if query is None:
        conn.execute("INSERT INTO temp.chosen SELECT rid FROM listed")
    else:
        conn.execute(f"INSERT OR IGNORE INTO temp.chosen {query[0]}", query[1])
    failing: list[tuple[int]] = []
    if filters.where:  # as kb.answers.query.compile_filters: str(value) in any case, ORed per attribute, ANDed across
        wanted: dict[str, set[str]] = {}
        for name, value in filters.where:
            wanted.setdefault(name, set()).add(value.casefold())
        for name, values in wanted.items():
            keep = {rid for rid, value in conn.execute(
                "SELECT a.rid, a.value FROM attributes a JOIN temp.chosen c ON c.rid = a.rid WHERE a.name = ?",
                (name,)) if value.casefold() in values}
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS kept(rid INTEGER PRIMARY KEY)")
            conn.execute("DELETE FROM temp.kept")
            conn.executemany("INSERT INTO temp.kept VALUES (?)", [(rid,) for rid in keep])
            conn.execute("DELETE FROM temp.chosen WHERE rid NOT IN (SELECT rid FROM temp.kept)")
    if filters.text:
        needles = [t.casefold() for t in filters.text]
        for rid, data in conn.execute("SELECT r.rid, r.data FROM temp.chosen c JOIN records r ON r.rid = c.rid"):
            values = json.loads(data)
            claim, quote = values["claim"].casefold(), values["quote"].casefold()
            if not any(n in claim or n in quote for n in needles):
                failing.append((rid,))
    if residual != Filters():
        keep = compile_filters(entities, residual)
        for row in conn.execute("SELECT r.rid, r.kind, r.path, r.line, r.data, '' FROM temp.chosen c "
                                "JOIN records r ON r.rid = c.rid"):
            if not keep(record_from_row(*row[1:])):
                failing.append((row[0],))
    conn.executemany("DELETE FROM temp.chosen WHERE rid = ?", failing)
    total = conn.execute("SELECT COUNT(*) FROM temp.chosen").fetchone()[0]
    return Selection(index, entities, True, total)


def conflicts_input(selection: Selection) -> tuple[KnowledgeBase, list[Claim]]:
    """What `kb.answers.xref.conflicts(kb, claims)` needs to give the same pairs as over every claim, found in SQL:
    the plans sharing company, product and factory with a chosen plan (a group of two or more), the
    chosen claims that contradict another and the claims they contradict (each claim with such an id),
    every claim that supersedes another (a chain of them decides what is superseded) and the claims done
    claims supersede (whether that is progress, `kb.model.progress`, depends on them), and the
    companies of them all (where a fiscal year lies); with the chosen ones among them."""
    from .xref import PLAN_STATUSES

    index, chosen_sql = selection.index, selection.rid_sql()
    chosen = index.rids(chosen_sql) if selection.chosen else None  # None: every claim
    groups: dict[tuple, list[int]] = {}
    for rid, *key in index.conn.execute(
            f"SELECT l.rid, l.company, l.product, l.factory FROM listed l WHERE l.status IN ({_in(PLAN_STATUSES)}) "
            "AND l.company IS NOT NULL AND l.product IS NOT NULL", PLAN_STATUSES):
        groups.setdefault(tuple(key), []).append(rid)
    rids = {rid for members in groups.values() if len(members) > 1
            and (chosen is None or not chosen.isdisjoint(members)) for rid in members}
    contradicting = index.rids(f"SELECT rid FROM links WHERE field = 'contradicts' AND {selection.rid_in('rid')}")
    rids |= contradicting
    for chunk in _chunks(contradicting):
        rids |= index.rids(f"SELECT l.rid FROM listed l WHERE l.id IN (SELECT target FROM links WHERE field = "
                           f"'contradicts' AND rid IN ({_in(chunk)}))", chunk)
    rids |= index.rids("SELECT rid FROM links WHERE field = 'supersedes'")
    # the claims done claims supersede: whether such a link is progress, not superseding, depends on them
    rids |= index.rids("SELECT l.rid FROM listed l WHERE l.id IN (SELECT k.target FROM links k JOIN listed s ON "
                       "s.rid = k.rid WHERE k.field = 'supersedes' AND s.status = 'done')")
    companies = {company for (company,) in index.conn.execute(  # to load those entities with the claims at once
        f"SELECT DISTINCT company FROM listed WHERE company IS NOT NULL AND rid IN ({','.join(map(str, sorted(rids)))})")}
    kb = index.knowledge_base(rids, entity_rids=entity_rids(index, companies))
    mine = {path for (path,) in index.conn.execute(
        f"SELECT path FROM listed WHERE rid IN ({','.join(map(str, sorted(rids if chosen is None else rids & chosen)))})")}
    return kb, sorted((c for c in kb.claims if c.path in mine), key=lambda c: c.id)


def entity_table(selection: Selection, kind: str, match: str | None,
                 filtered: bool) -> tuple[KnowledgeBase, list[Any], dict[str, int]]:
    """The registry entities of a kind (those named by a chosen claim, when filtered; those with a name
    containing match, when given) sorted by id, with what their rows name, and how many chosen claims
    name each (in any role, each claim once)."""
    from .xref import ROLES

    index = selection.index
    counts = dict(index.conn.execute(  # by the entities of the kind, each through the links naming it
        f"SELECT l.target, COUNT(DISTINCT l.rid) FROM (SELECT DISTINCT id FROM records WHERE kind != 'claim' AND "
        f"kind = ?) e JOIN links l ON l.target = e.id AND l.field IN ({_in(ROLES)}) WHERE l.rid IN "
        f"({selection.rid_sql()}) GROUP BY l.target", (kind, *ROLES)))
    rows = index.conn.execute("SELECT kind, path, line, data, '' FROM records WHERE kind != 'claim' AND kind = ? "
                              "ORDER BY path, line", (kind,)).fetchall()
    wanted = match.casefold() if match else None
    entities = []
    for row in rows:
        entity = record_from_row(*row)
        if (not wanted or any(wanted in n.casefold() for n in entity_names(entity))) \
                and (counts.get(entity.id) or not filtered):
            entities.append(entity)
    entities.sort(key=lambda e: e.id)
    named = {v for e in entities for v in (getattr(e, "company", None), getattr(e, "owner", None)) if v}
    return index.knowledge_base(rids=(), entity_rids=entity_rids(index, named)), entities, counts


def claim_stats(selection: Selection, as_of: Any = None) -> list[tuple[str, str, int]]:
    """`kb.answers.stats.claim_stats` of the chosen claims, counted in SQL: (field, value, count), most frequent first
    within each field, 'unknown' for claims without one; declared attributes after the built-in fields."""
    from collections import Counter

    from .stats import STAT_FIELDS

    index, chosen = selection.index, selection.rid_in("l.rid")
    conn = index.conn
    counters: dict[str, Counter] = {name: Counter() for name in STAT_FIELDS}
    # company: a claim counts once for its company and once for each other company it concerns
    company = counters["company"]
    for value, count in conn.execute(f"SELECT l.company, COUNT(*) FROM listed l WHERE {chosen} "
                                     "GROUP BY l.company"):
        if value is not None:
            company[value] += count
    unknown = conn.execute(f"SELECT COUNT(*) FROM listed l WHERE {chosen} AND l.company IS NULL").fetchone()[0]
    concerned: dict[int, tuple] = {}
    for rid, own, target in conn.execute(f"SELECT k.rid, l.company, k.target FROM links k JOIN listed l ON l.rid = "
                                         f"k.rid WHERE k.field = 'concerns' AND {chosen}"):
        concerned.setdefault(rid, (own, set()))[1].add(target)
    for own, targets in concerned.values():
        for target in targets - {own}:
            company[target] += 1
        unknown -= own is None
    if unknown:
        company["unknown"] += unknown
    for name, column in (("speaker", "l.speaker"), ("factory", "l.factory"), ("year", "l.when_key / 10000"),
                         ("status", "l.status")):
        for value, count in conn.execute(f"SELECT {column}, COUNT(*) FROM listed l WHERE {chosen} "
                                         f"GROUP BY {column}"):
            counters[name]["unknown" if value is None else str(value)] += count
    if "state" in counters:  # as of that day, else today (kb.answers.state)
        import datetime

        states = States(index, as_of or datetime.date.today())
        counter = counters["state"]
        for batch in selection.rows("l.id, l.status, l.when_end", "1"):
            for row in batch:
                counter[states.of(*row).name] += 1
    for attribute in index.attributes():
        counter = counters[f"attribute:{attribute.name}"] = Counter()
        given = 0
        for value, count in conn.execute(f"SELECT value, COUNT(*) FROM attributes a WHERE name = ? AND "
                                         f"{selection.rid_in('a.rid')} GROUP BY value", (attribute.name,)):
            counter[value] += count
            given += count
        if selection.total - given:
            counter["unknown"] += selection.total - given
    return [(name, value, count) for name, counter in counters.items()
            for value, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


def unlinked_done(index: Index, plan_ids: Iterable[str]) -> dict[str, list[str]]:
    """plan claim id -> the done claims of the same company and plant (and product, when both name one) that
    report the same step done (`kb.model.progress`: not a step toward it) but no link ties to any claim:
    a plan `kb due` or `kb record` calls overdue or pending that the knowledge base may hold kept. The answer
    stays what the links say (kb never guesses one); the commands say this in a note."""
    from ..model.progress import shortfall, stored

    ids = sorted(set(plan_ids))
    if not ids:
        return {}
    among, params = index.among("o.id", ids)
    pairs = index.conn.execute(
        "SELECT DISTINCT o.id, o.rid, d.id, d.rid FROM listed o "
        "JOIN listed d ON d.company = o.company AND d.factory = o.factory AND d.status = 'done' "
        "AND (d.product IS NULL OR o.product IS NULL OR d.product = o.product) "
        f"WHERE {among} AND NOT EXISTS (SELECT 1 FROM links l WHERE l.rid = d.rid AND l.field IN "
        "('supersedes', 'elaborates', 'supports')) ORDER BY o.id, d.id", params).fetchall()
    steps: dict[int, Any] = {}  # rid -> what the rule reads of the claim, each read once
    wanted = sorted({rid for _, plan_rid, _, done_rid in pairs for rid in (plan_rid, done_rid)})
    for chunk in _chunks(wanted):
        for rid, data in index.conn.execute(f"SELECT rid, data FROM records WHERE rid IN ({_in(chunk)})", chunk):
            steps[rid] = stored(data)
    out: dict[str, list[str]] = {}
    for plan_id, plan_rid, done_id, done_rid in pairs:
        if shortfall(steps[done_rid], steps[plan_rid]) is None and done_id not in out.get(plan_id, []):
            out.setdefault(plan_id, []).append(done_id)
    return out


def unlinked_note(found: dict[str, list[str]], what: str, shown: int = 3) -> str | None:
    """The note `kb due`, `kb record` and `kb track` give for `unlinked_done`'s answer (the first `shown`
    plans named, the rest counted), or None."""
    if not found:
        return None
    named = sorted(found.items())
    pairs = "; ".join(f"{plan} (done: {', '.join(done[:shown])}{', ...' if len(done) > shown else ''})"
                      for plan, done in named[:shown])
    more = f"; and {len(named) - shown} more" if len(named) > shown else ""
    return (f"{len(found)} {what} plan(s) may have been kept by a done claim of the same company and plant that no "
            f"link ties to them: {pairs}{more}; if it reports the plan kept, link them (`kb track --suggest` "
            "proposes the link)")
