"""Every id a record names resolves to an entity (or claim) of the right kind.

Passing: ``factory: lges-ochang`` with ``- id: lges-ochang`` in factories.yaml.
Failing: ``factory: lges-ochang`` when no factory has that id (a close id is
suggested), or ``company: kim-dong-myeong`` when that id is a person.
"""

from __future__ import annotations

import difflib
from typing import Iterator

from ..problem import Problem
from ..schema import REGISTRY_TYPES, Claim, schema_fields, where

ID = "unknown-ref"
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


def check(index, scope=None) -> Iterator[Problem]:
    """scope (see `kb.checks.Scope`) limits the search to links in changed files or to changed ids."""
    from . import Place, in_scope

    conn = index.conn
    if scope is None:
        links, params = "links", ()
    else:  # only links from changed files, or to changed ids (each found through its own index)
        where_paths, path_params = in_scope("s.path", scope.paths)
        where_ids, id_params = in_scope("target", scope.ids)
        links = (f"(SELECT l.* FROM links l JOIN records s ON s.rid = l.rid WHERE {where_paths} "
                 f"UNION SELECT * FROM links WHERE {where_ids})")
        params = (*path_params, *id_params)
    bad = conn.execute(f"""
        SELECT s.kind, s.path, s.line, s.positions, l.field, l.item, l.target,
               (SELECT group_concat(r.kind) FROM records r WHERE r.id = l.target)
        FROM {links} l
        LEFT JOIN records r ON r.id = l.target AND instr(l.kinds, ',' || r.kind || ',') > 0
        JOIN records s ON s.rid = l.rid
        WHERE r.rid IS NULL
        ORDER BY s.path, s.line, l.field, l.item""", params).fetchall()
    pools: dict[tuple[str, ...], list[str]] = {}
    for kind, path, line, positions, field, item, target, actual in bad:
        kinds = tuple(k for record_kind, name, k in allowed_kinds() if record_kind == kind and name == field)
        key = field if item is None else f"{field}.{item}"
        place = where(Place(line, positions), key)
        named = _named(conn, target, kinds) if actual is None else []
        if named:
            yield Problem(path, *place, ID, f"'{field}': '{target}' is a name, not an id; did you mean "
                                            f"{' or '.join(repr(i) for i in named)}?", subject=target)
        elif actual is None:
            if kinds not in pools:
                pools[kinds] = [i for (i,) in conn.execute(
                    f"SELECT id FROM records WHERE kind IN ({','.join('?' * len(kinds))})", kinds)]
            close = difflib.get_close_matches(target, pools[kinds], n=1)
            if close:
                hint = f"did you mean '{close[0]}'?"
            else:
                hint = "no claim has this id; fix the id" if kinds == ("claim",) else \
                    "add it to claims/registry/ or fix the id"
            yield Problem(path, *place, ID, f"'{field}': no {' or '.join(kinds)} '{target}'; {hint}", subject=target)
        else:
            yield Problem(path, *place, ID,
                          f"'{field}': '{target}' is a {actual.split(',')[0]}, expected a {' or '.join(kinds)}",
                          subject=target)
