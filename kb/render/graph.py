"""Graphviz DOT and Mermaid text for a graph; every label is escaped for its language."""

from __future__ import annotations

import textwrap

from ..answers.graph import Edge, Node
from ..model.text import inert

SHAPES = {"claim": "box", "company": "ellipse", "person": "ellipse", "factory": "house", "source": "note"}


def _short(text: str, width: int = 60) -> str:
    return textwrap.shorten(inert(text, one_line=True), width=width, placeholder="…")


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _dot_string(text: str) -> str:
    return f'"{_dot_escape(text)}"'


DOT_HEAD = ["digraph kb {", "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=10];']


def dot_node(node: Node) -> str:
    label = (f'"{_dot_escape(node.id)}\\n{_dot_escape(_short(node.label))}"' if node.kind == "claim"
             else _dot_string(_short(node.label)))
    return f"  {_dot_string(node.id)} [label={label}, shape={SHAPES.get(node.kind, 'box')}];"


def dot_edge(edge: Edge) -> str:
    return f"  {_dot_string(edge.source)} -> {_dot_string(edge.target)} [label={_dot_string(edge.label)}];"


def to_dot(nodes: list[Node], edges: list[Edge]) -> str:
    lines = [*DOT_HEAD, *map(dot_node, nodes), *map(dot_edge, edges), "}"]
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


MERMAID_HEAD = ["flowchart LR"]


def mermaid_node(name: str, node: Node) -> str:
    text = _mermaid_text(f"{node.id}: {_short(node.label)}" if node.kind == "claim" else _short(node.label))
    shape = ('["', '"]') if node.kind == "claim" else ('(["', '"])')
    return f"  {name}{shape[0]}{text}{shape[1]}"


def mermaid_edge(names: dict[str, str], edge: Edge) -> str:
    return f"  {names[edge.source]} -->|{_mermaid_text(edge.label)}| {names[edge.target]}"


def to_mermaid(nodes: list[Node], edges: list[Edge]) -> str:
    names = {node.id: f"n{i}" for i, node in enumerate(nodes)}
    lines = [*MERMAID_HEAD, *(mermaid_node(names[node.id], node) for node in nodes),
             *(mermaid_edge(names, edge) for edge in edges)]
    return "\n".join(lines) + "\n"
