"""Graphviz DOT and Mermaid text for a graph; every label is escaped for its language."""

from __future__ import annotations

import textwrap

from ..graph import Edge, Node
from .text import inert

SHAPES = {"claim": "box", "company": "ellipse", "person": "ellipse", "factory": "house", "source": "note"}


def _short(text: str, width: int = 60) -> str:
    return textwrap.shorten(inert(text, one_line=True), width=width, placeholder="…")


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _dot_string(text: str) -> str:
    return f'"{_dot_escape(text)}"'


def to_dot(nodes: list[Node], edges: list[Edge]) -> str:
    lines = ["digraph kb {", "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=10];']
    for node in nodes:
        label = (f'"{_dot_escape(node.id)}\\n{_dot_escape(_short(node.label))}"' if node.kind == "claim"
                 else _dot_string(_short(node.label)))
        lines.append(f"  {_dot_string(node.id)} [label={label}, shape={SHAPES.get(node.kind, 'box')}];")
    for edge in edges:
        lines.append(f"  {_dot_string(edge.source)} -> {_dot_string(edge.target)} [label={_dot_string(edge.label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def to_mermaid(nodes: list[Node], edges: list[Edge]) -> str:
    names = {node.id: f"n{i}" for i, node in enumerate(nodes)}
    lines = ["flowchart LR"]
    for node in nodes:
        text = _mermaid_text(f"{node.id}: {_short(node.label)}" if node.kind == "claim" else _short(node.label))
        shape = ('["', '"]') if node.kind == "claim" else ('(["', '"])')
        lines.append(f"  {names[node.id]}{shape[0]}{text}{shape[1]}")
    for edge in edges:
        lines.append(f"  {names[edge.source]} -->|{_mermaid_text(edge.label)}| {names[edge.target]}")
    return "\n".join(lines) + "\n"
