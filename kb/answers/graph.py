"""The claims and entities of a selection as a graph: nodes, and labelled edges between them."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.records import KnowledgeBase, display_name, kind_of
from ..model.schema import RELATIONS, Claim
from .xref import ROLE_LABELS, roles


@dataclass(frozen=True)
class Node:
    id: str
    kind: str  # 'claim' or an entity kind
    label: str


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str


def build_graph(kb: KnowledgeBase, claims: list[Claim], with_sources: bool = False) -> tuple[list[Node], list[Edge]]:
    """Claims, the entities they name, their roles, and the relations among the selected claims."""
    chosen = {c.id for c in claims}
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    for claim in claims:
        nodes[claim.id] = Node(claim.id, "claim", claim.claim)
        for role, entity_id in roles(claim):
            if role == "source" and not with_sources:
                continue
            entity = kb.entity(entity_id)
            nodes.setdefault(entity_id, Node(entity_id, kind_of(entity) if entity else "unknown",
                                             display_name(entity) if entity else entity_id))
            edges.append(Edge(claim.id, entity_id, ROLE_LABELS[role]))
        for relation in RELATIONS:
            for target in getattr(claim, relation):
                if target in chosen:
                    edges.append(Edge(claim.id, target, relation))
    return list(nodes.values()), edges
