"""Every id a record names resolves to an entity (or claim) of the right kind.

Passing: ``factory: lges-ochang`` with ``- id: lges-ochang`` in factories.yaml.
Failing: ``factory: lges-ochang`` when no factory has that id (a close id is
suggested), or ``company: kim-dong-myeong`` when that id is a person.
An id whose record failed to load (``status: plannd``) still resolves: only its own
file reports a problem.
"""

from __future__ import annotations

import sqlite3
from typing import Iterator

from ..model.problem import Problem
from ..model.schema import REGISTRY_TYPES, Claim, schema_fields, where
from .base import EVERY_KIND, Place, Scope, in_scope

ID = "unknown-ref"
READS = EVERY_KIND  # links from any record, to ids and names of any kind
# Missing targets found before are looked at again after any edit (a new id can change their "did you
# mean"), but cheaply: their suggestions are kept in the index while the ids stay the same. Up to this many;
# past it, everything is checked again.
MAX_DANGLING = 20000
_TYPES = {"claim": Claim, **REGISTRY_TYPES}


def allowed_kinds() -> list[tuple[str, str, str]]:
    """(record kind, field, kind its ids may name), from the schema."""
    return [(kind, spec.name, target) for kind, record_type in _TYPES.items()
            for spec in schema_fields(record_type) if spec.metadata["kind"] in ("ref", "refs", "roles")
            for target in spec.metadata["refs"]]


def _named(conn, target: str, kinds: tuple[str, ...]) -> list[str]:
    """Ids of the entities of these kinds whose name or alias is target ('Panasonic' -> 'panasonic')."""
    return [i for (i,) in conn.execute(
        "SELECT DISTINCT r.id FROM names n JOIN records r ON r.rid = n.rid "
        f"WHERE n.name = ? AND r.kind IN ({','.join('?' * len(kinds))}) ORDER BY r.id",
        (target.casefold().strip(), *kinds))]


def update(index, old: list[Problem], scope) -> list[Problem] | None:
    """After a change: the links of the changed files, those to changed ids, and every missing target
    found before (a new id can change its "did you mean") are looked at again."""
    dangling = {p.subject for p in old}  # every old problem is about one of them: none is kept as it was
    if len(dangling) > MAX_DANGLING:
        return None
    return list(check(index, Scope(scope.paths, frozenset(scope.ids | dangling), scope.kinds)))


def check(index, scope=None) -> Iterator[Problem]:
    """scope (see `kb.checks.Scope`) limits the search to links in changed files or to changed ids."""

    conn = index.conn
    if scope is None:
        links, params = "links", ()
    else:  # only links from changed files, or to changed ids (each found through its own index)
        where_paths, path_params = in_scope(index, "s.path", scope.paths)
        where_ids, id_params = in_scope(index, "target", scope.ids)
        links = (f"(SELECT l.* FROM links l JOIN records s ON s.rid = l.rid WHERE {where_paths} "
                 f"UNION SELECT * FROM links WHERE {where_ids})")
        params = (*path_params, *id_params)
    # A target resolves to a record, or to the stub of one that failed to load (`kb.store.stubs`): that
    # record's own file reports its problems, and references to it are not errors too.
    bad = conn.execute(f"""
        SELECT s.kind, s.path, s.line, s.positions, l.field, l.item, l.target,
               (SELECT group_concat(kind) FROM (SELECT kind FROM records WHERE id = l.target
                                                UNION ALL SELECT kind FROM stubs WHERE id = l.target))
        FROM {links} l
        LEFT JOIN records r ON r.id = l.target AND instr(l.kinds, ',' || r.kind || ',') > 0
        JOIN records s ON s.rid = l.rid
        WHERE r.rid IS NULL AND NOT EXISTS (
            SELECT 1 FROM stubs t WHERE t.id = l.target AND instr(l.kinds, ',' || t.kind || ',') > 0)
        ORDER BY s.path, s.line, l.field, l.item""", params).fetchall()
    suggest = _Suggestions(conn)
    allowed: dict[tuple[str, str], tuple[str, ...]] = {}
    for record_kind, name, k in allowed_kinds():
        allowed[(record_kind, name)] = allowed.get((record_kind, name), ()) + (k,)
    for kind, path, line, positions, field, item, target, actual in bad:
        kinds = allowed.get((kind, field), ())
        key = field if item is None else f"{field}.{item}"
        place = where(Place(line, positions), key)
        named = _named(conn, target, kinds) if actual is None else []
        if named:
            yield Problem(path, *place, ID, f"'{field}': '{target}' is a name, not an id; did you mean "
                                            f"{' or '.join(repr(i) for i in named)}?", subject=target)
        elif actual is None:
            close = suggest(kinds, target)
            if close:
                hint = f"did you mean '{close}'?"
            else:
                hint = "no claim has this id; fix the id" if kinds == ("claim",) else \
                    f"add it to {' or '.join(_registry_file(k) for k in kinds if k != 'claim')} or fix the id"
            yield Problem(path, *place, ID, f"'{field}': no {' or '.join(kinds)} '{target}'; {hint}", subject=target)
        else:
            yield Problem(path, *place, ID,
                          f"'{field}': '{target}' is a {actual.split(',')[0]}, expected a {' or '.join(kinds)}",
                          subject=target)
    suggest.keep()


def _registry_file(kind: str) -> str:
    """Where entities of a kind are added: claims/registry/factories.yaml, ..."""
    from ..model.schema import REGISTRY_FILES

    return next(f"claims/registry/{name}" for name, of_kind in REGISTRY_FILES.items() if of_kind == kind)


class _Suggestions:
    """"Did you mean": the id closest to a missing one (`difflib.get_close_matches`, through
    `kb.model.closest`), found once per missing id and kept in the index while the ids it was chosen
    from stay the same, so that many dangling references cost little, and little again."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.pools: dict[tuple[str, ...], tuple[str, list[str]]] = {}  # kinds -> (fingerprint, ids)
        self.found: dict[tuple[tuple[str, ...], str], str | None] = {}
        self.fresh: list[tuple[str, str, str, str | None]] = []
        self.indexed: dict[tuple[str, ...], object] = {}

    def _pool(self, kinds: tuple[str, ...]) -> tuple[str, list[str]]:
        if kinds not in self.pools:
            import hashlib

            ids = [i for (i,) in self.conn.execute(
                f"SELECT DISTINCT id FROM records WHERE kind IN ({','.join('?' * len(kinds))}) "
                "AND id IS NOT NULL ORDER BY id", kinds)]
            fingerprint = hashlib.sha1("\n".join(ids).encode("utf-8", "surrogatepass")).hexdigest()
            self.pools[kinds] = (fingerprint, ids)
            try:
                self.found.update(((kinds, target), suggestion) for target, suggestion in self.conn.execute(
                    "SELECT target, suggestion FROM suggestions WHERE kinds = ? AND fingerprint = ?",
                    (",".join(kinds), fingerprint)))
            except sqlite3.Error:
                pass  # no table yet
        return self.pools[kinds]

    def __call__(self, kinds: tuple[str, ...], target: str) -> str | None:
        fingerprint, ids = self._pool(kinds)
        if (kinds, target) not in self.found:
            if kinds not in self.indexed:
                from ..model.closest import ClosePool

                self.indexed[kinds] = ClosePool(ids)
            close = self.indexed[kinds].closest(target)
            self.found[(kinds, target)] = close
            self.fresh.append((",".join(kinds), fingerprint, target, close))
        return self.found[(kinds, target)]

    def keep(self) -> None:
        """Write what was found; answers for ids chosen from since-changed pools go."""
        if not self.fresh:
            return
        try:
            with self.conn:
                self.conn.execute("CREATE TABLE IF NOT EXISTS suggestions(kinds TEXT, fingerprint TEXT, target TEXT, "
                                  "suggestion TEXT, PRIMARY KEY (kinds, target))")
                for kinds in {row[0] for row in self.fresh}:
                    fingerprint = self.pools[tuple(kinds.split(","))][0]
                    self.conn.execute("DELETE FROM suggestions WHERE kinds = ? AND fingerprint != ?",
                                      (kinds, fingerprint))
                self.conn.executemany("INSERT OR REPLACE INTO suggestions VALUES (?, ?, ?, ?)", self.fresh)
        except sqlite3.Error:
            pass  # a read-only or busy index: the answers stand, they are just not kept
