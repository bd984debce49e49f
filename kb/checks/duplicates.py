"""Warn about probable duplicate claims: the same speaker saying nearly the same thing.

"Nearly the same" is: the same words once case and punctuation are set aside, or
the same words but one added or dropped. A changed word is not enough: "at
Ochang" and "at Nanjing" are two claims. Found by hashing each claim's words with
each word left out in turn, so it stays linear in the number of claims.

Passing: two claims by ``kim-dong-myeong``, one on Ochang and one on Arizona.
Failing (a warning): "LGES will build a plant in Ochang." and "LGES will build
plant in Ochang" by the same speaker.
"""

from __future__ import annotations

import re
from itertools import chain
from typing import Iterator

from ..problem import WARNING, Problem
from ..schema import where

ID = "probable-duplicate"


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.casefold()))


def _keys(words: tuple[str, ...]) -> set[int]:
    """The words, and the words with each one left out: texts one word longer or shorter share a key."""
    keys = {hash(words)}
    keys.update(hash(words[:i] + words[i + 1:]) for i in range(len(words)))
    return keys


def _one_word_apart(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The same words, or the same but for one word added or dropped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def check(index, scope=None) -> Iterator[Problem]:
    """Always over everything: these run in `kb check` only, which does not use a scope."""
    from . import Place

    rows = index.conn.execute(
        "SELECT l.target, r.id, r.path, r.line, r.positions, json_extract(r.data, '$.claim') "
        "FROM links l JOIN records r ON r.rid = l.rid WHERE l.field = 'speaker' AND r.kind = 'claim' "
        "ORDER BY l.target, r.path, r.id")
    group: list = []
    speaker = None
    for row in chain(rows, [(None,) * 6]):
        if row[0] != speaker:
            yield from _group(group, Place)
            group, speaker = [], row[0]
        group.append(row)


def _group(rows: list, Place) -> Iterator[Problem]:
    if len(rows) < 2:
        return
    seen: dict[int, list[int]] = {}
    words = [_words(row[5] or "") for row in rows]
    for i, row in enumerate(rows):
        keys = _keys(words[i])
        candidates = sorted({j for key in keys for j in seen.get(key, ())})
        match = next((j for j in candidates if _one_word_apart(words[i], words[j])), None)
        if match is not None:
            other = rows[match]
            yield Problem(row[2], *where(Place(row[3], row[4]), "claim"), ID,
                          f"nearly the same claim by the same speaker as '{other[1]}' ({other[2]}); "
                          "merge them or relate them (supersedes, supports)", WARNING)
        for key in keys:
            seen.setdefault(key, []).append(i)
