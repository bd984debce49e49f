"""A draft claim as `kb review` shows it: one field a line, each value as the text it is (never
YAML-escaped, always `inert`), long lines wrapped at word boundaries to a width, continuation lines
indented under the value."""

from __future__ import annotations

import textwrap
from typing import Any, Optional

from ..model.text import inert

INDENT = "  "


def _wrapped(lead: str, text: str, width: Optional[int]) -> list[str]:
    if not width or len(lead) + len(text) <= width:
        return [lead + text]
    return textwrap.wrap(text, width=max(width, len(lead) + 20), initial_indent=lead,
                         subsequent_indent=" " * len(lead), break_long_words=False, break_on_hyphens=False) or [lead]


def draft_lines(draft: dict[str, Any], keys: tuple[str, ...], width: Optional[int] = None) -> list[str]:
    """The lines showing draft's fields in keys' order (then any others); wrapped to width when given."""
    lines: list[str] = []
    for key in [*keys, *(k for k in draft if k not in keys)]:
        value = draft.get(key)
        if value in (None, "", [], (), {}):
            continue
        if isinstance(value, dict):
            lines.append(f"{INDENT}{key}:")
            for name, text in value.items():
                lines += _wrapped(f"{INDENT * 2}{inert(name, one_line=True)}: ", inert(text, one_line=True), width)
        elif key in ("also", "new"):  # passages and commands: one a line
            lines.append(f"{INDENT}{key}:")
            for text in value:
                lines += _wrapped(f"{INDENT * 2}- ", inert(text, one_line=True), width)
        else:
            text = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
            lines += _wrapped(f"{INDENT}{key}: ", inert(text, one_line=True), width)
    return lines
