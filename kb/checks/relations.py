"""Relations between claims make sense: no claim relates to itself, no supersedes cycle.

Passing: ``a`` with ``supersedes: [b]`` and ``b`` superseding nothing.
Failing: ``a`` with ``supersedes: [a]``; or ``a`` supersedes ``b`` while ``b``
supersedes ``a`` (a cycle: which one is the newest?).
"""

from __future__ import annotations

from typing import Iterator

from ..model.problem import Problem
from ..model.schema import RELATIONS, where
from .base import CLAIMS, Place, in_scope

ID = "bad-relation"
CYCLE_ID = "supersedes-cycle"
READS = CLAIMS  # the relations between claims


def update(index, old: list[Problem], scope) -> list[Problem]:
    """After a change: the changed files' relations are looked at again, and every cycle."""
    kept = [p for p in old if p.rule != CYCLE_ID and p.path not in scope.paths]
    return kept + list(check(index, scope))


def check(index, scope=None) -> Iterator[Problem]:
    """scope (see `kb.checks.Scope`) limits the self-relation search to changed files; cycles are always
    looked for everywhere (there are few supersedes links)."""

    marks = ",".join("?" * len(RELATIONS))
    where_paths, path_params = in_scope(index, "s.path", scope.paths if scope else None)
    for path, line, positions, field, item in index.conn.execute(
            f"SELECT s.path, s.line, s.positions, l.field, l.item FROM links l JOIN records s ON s.rid = l.rid "
            f"WHERE s.kind = 'claim' AND l.field IN ({marks}) AND l.target = s.id AND {where_paths}",
            (*RELATIONS, *path_params)):
        yield Problem(path, *where(Place(line, positions), f"{field}.{item}"), ID,
                      f"'{field}': a claim cannot name itself")
    edges: dict[str, list[str]] = {}
    places: dict[str, tuple] = {}
    for claim_id, path, line, positions, target in index.conn.execute(
            "SELECT s.id, s.path, s.line, s.positions, l.target FROM links l JOIN records s ON s.rid = l.rid "
            "WHERE s.kind = 'claim' AND l.field = 'supersedes' AND l.target != s.id "
            "AND EXISTS (SELECT 1 FROM records t WHERE t.id = l.target AND t.kind = 'claim') "
            "ORDER BY s.path, s.line, l.item"):  # by file, not by when the index took the row: warm = cold
        edges.setdefault(claim_id, []).append(target)
        places.setdefault(claim_id, (path, Place(line, positions)))
    yield from _cycles(edges, places)


def _cycles(edges: dict[str, list[str]], places: dict[str, tuple]) -> Iterator[Problem]:
    """Each supersedes cycle once, reported on its smallest id."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset] = set()
    for start in sorted(edges):
        if state.get(start):
            continue
        stack = [(start, iter(edges.get(start, ())))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                cycle = path[path.index(child):]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    first = min(cycle)
                    order = cycle[cycle.index(first):] + cycle[:cycle.index(first)]
                    file_path, place = places[first]
                    others = ", ".join(f"{i} in {places[i][0]}" for i in order[1:])
                    yield Problem(file_path, *where(place, "supersedes"), CYCLE_ID,
                                  "supersedes cycle: " + " -> ".join(order + [order[0]]) + f" ({others}); "
                                  "only the newer claim may supersede the older: drop the link from the older one")
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(edges.get(child, ()))))
