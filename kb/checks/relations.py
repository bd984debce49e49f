"""Relations between claims make sense: no claim relates to itself, no supersedes cycle.

Passing: ``a`` with ``supersedes: [b]`` and ``b`` superseding nothing.
Failing: ``a`` with ``supersedes: [a]``; or ``a`` supersedes ``b`` while ``b``
supersedes ``a`` (a cycle: which one is the newest?).
"""

from __future__ import annotations

from typing import Iterator

from ..model import KnowledgeBase
from ..schema import where
from ..problem import Problem
from ..schema import RELATIONS

ID = "bad-relation"
CYCLE_ID = "supersedes-cycle"


def check(kb: KnowledgeBase) -> Iterator[Problem]:
    for claim in kb.claims:
        for relation in RELATIONS:
            for i, target in enumerate(getattr(claim, relation)):
                if target == claim.id:
                    line, column = where(claim, f"{relation}.{i}")
                    yield Problem(claim.path, line, column, ID, f"'{relation}': a claim cannot name itself")
    yield from _cycles(kb)


def _cycles(kb: KnowledgeBase) -> Iterator[Problem]:
    """Each supersedes cycle once, reported on its smallest id."""
    edges = {c.id: [t for t in c.supersedes if t != c.id and t in kb.claims_by_id] for c in kb.claims}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset] = set()
    for start in sorted(edges):
        if state.get(start):
            continue
        stack = [(start, iter(edges[start]))]
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
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    first = kb.claims_by_id[min(cycle)]
                    order = cycle[cycle.index(min(cycle)):] + cycle[:cycle.index(min(cycle))]
                    line, column = where(first, "supersedes")
                    yield Problem(first.path, line, column, CYCLE_ID,
                                  "supersedes cycle: " + " -> ".join(order + [order[0]]) +
                                  "; only the newer claim may supersede the older")
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(edges[child])))
