"""Text from claim files is data: make control characters visible instead of obeying them."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the bidirectional overrides that reorder what a terminal shows.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_LINE_BREAKS = re.compile("[\t\n\r]")


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_SPECIAL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def is_inert(text: str, one_line: bool = False) -> bool:
    """True when inert(text, one_line) is text itself (nothing to make visible)."""
    found = _SPECIAL.search(text)
    if found is None:
        return True
    return not one_line and _CONTROL.search(text) is None


def inert(text: object, one_line: bool = False) -> str:
    """text with escapes and controls shown as \\x1b and the like; one_line also escapes tabs and newlines."""
    result = _CONTROL.sub(_visible, str(text))
    if one_line:
        result = _LINE_BREAKS.sub(lambda m: {"\t": "\\t", "\n": "\\n", "\r": "\\r"}[m.group()], result)
    return result


def counted(number: int, word: str, plural: str | None = None) -> str:
    """'1 file', '2 files', '0 files'; plural when adding an s will not do ('1 entry', '2 entries')."""
    return f"{number} {word if number == 1 else plural or word + 's'}"
