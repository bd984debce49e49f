"""A bullet of the summary and the body sentence that says it again become one draft.

Each passage becomes a set of content words, names replaced by the entity they name
("LGES" and "LG Energy Solution" are one word) and words cut to their first five
letters ("announced"/"announcement"). A bullet merges with the body passage holding
most of its words (at least MIN_SHARE of them, and MIN_WORDS), each body passage with
one bullet at most.

Passing: "LGES intends to start 4680 mass production at its Ochang factory" merges with
"LG Energy Solution's plans to kickstart 4680 mass production at its Ochang factory ...".
Failing (kept apart): a bullet on Nanjing and a body sentence on North America and China.
"""

from __future__ import annotations

import re

from .names import Mention

MIN_SHARE = 0.55
MIN_WORDS = 3
_STOP = frozenset("""a an the of in at on for to and or its it is are was were be been will would has have had
    that this with by from as their his her our they he she we also said says than into about which who""".split())


def content_words(text: str, start: int, end: int, mentions: list[Mention]) -> frozenset[str]:
    """The passage text[start:end] as a set of content words, names as '@entity'."""
    words, cursor = set(), start
    for m in mentions:
        if m.start >= start and m.end <= end:
            words.update(_plain(text[cursor:m.start]))
            words.add("@" + m.ref)
            cursor = m.end
    words.update(_plain(text[cursor:end]))
    return frozenset(words)


def _plain(text: str) -> set[str]:
    out = set()
    for word in re.findall(r"[\w$%]+", text.casefold()):
        if word in _STOP or (len(word) < 2 and not word.isdigit()):
            continue
        out.add(word[:5] if word.isalpha() else word)
    return out


def pairs(bullets: list[frozenset[str]], body: list[frozenset[str]]) -> dict[int, int]:
    """bullet index -> body index of the passage that repeats it."""
    scored = []
    for i, b in enumerate(bullets):
        for j, s in enumerate(body):
            shared = len(b & s)
            if b and shared >= MIN_WORDS and shared / len(b) >= MIN_SHARE:
                scored.append((shared / len(b), shared, -j, i, j))
    chosen: dict[int, int] = {}
    used: set[int] = set()
    for *_, i, j in sorted(scored, reverse=True):
        if i not in chosen and j not in used:
            chosen[i] = j
            used.add(j)
    return chosen
