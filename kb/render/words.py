"""Where a word too wide for its room may break, for tables (`kb.render.table`) and the messages kb
wraps on a terminal (`kb.render.terminal.wrapped`): after a hyphen (ids), or after a hyphen or a slash
(paths, URLs, text), when a letter or a digit follows; only a piece with neither is folded.

Passing: split_word("kim-north-america-investment", 12, "id") -> kim-north-, america-, investment.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

# Where a word too wide for its column may break: after a hyphen (ids), or after a hyphen or a
# slash (paths, URLs, text), when a letter or a digit follows.
_BREAKS = {"id": re.compile(r"(?<=-)(?=[^\W_])"), "path": re.compile(r"(?<=[-/])(?=[^\W_])")}
_BREAKS["text"] = _BREAKS["path"]


def pieces(word: str, kind: str = "text") -> list[str]:
    """A word cut where it may break: `kim-north-america-investment` -> kim-, north-, america-, investment."""
    return _BREAKS[kind].split(word)


def _fold(part: str, width: int) -> list[str]:
    """A piece with no break in it, folded into chunks of at most width cells; no chunk is punctuation
    alone (`investmen` / `t.`, never `investment` / `.`)."""
    chunks, current = [], ""
    for char in part:
        if current and cell_len(current + char) > width:
            chunks.append(current)
            current = ""
        current += char
    chunks.append(current)
    for i in range(len(chunks) - 1, 0, -1):
        while not _has_word(chunks[i]) and len(chunks[i - 1]) > 1 and \
                cell_len(chunks[i - 1][-1] + chunks[i]) <= width:
            chunks[i - 1], chunks[i] = chunks[i - 1][:-1], chunks[i - 1][-1] + chunks[i]
    return chunks


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def split_word(word: str, width: int, kind: str = "text") -> list[str]:
    """A word wider than width as lines: broken where it may break (pieces), packed greedily; a piece
    still too wide folded."""
    lines, current = [], ""
    for part in pieces(word, kind):
        if current and cell_len(current + part) > width:
            lines.append(current)
            current = ""
        if cell_len(current + part) <= width:
            current += part
            continue
        folded = _fold(part, width)
        lines.extend(folded[:-1])
        current = folded[-1]
    lines.append(current)
    return lines
