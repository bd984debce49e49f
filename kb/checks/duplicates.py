"""Warn about probable duplicate claims: the same speaker saying nearly the same thing.

"Nearly the same" is: the same words once case and punctuation are set aside, or
the same words but one added or dropped. A changed word is not enough: "at
Ochang" and "at Nanjing" are two claims. Found by hashing each claim's words with
each word left out in turn, so it stays linear in the number of claims.

Two claims one of which names the other in a relation (``related``, ``supports``, ...) are
known to be two: someone has said how they stand to each other. Only that pair is let off;
either can still be warned about with a third claim.

Passing: two claims by ``kim-dong-myeong``, one on Ochang and one on Arizona; or two rulings on
the same statement, the later with ``related: [the-earlier]``.
Failing (a warning): "LGES will build a plant in Ochang." and "LGES will build
plant in Ochang" by the same speaker.
"""

from __future__ import annotations

import re
from itertools import chain
from typing import Iterator

from ..model.problem import WARNING, Problem
from ..model.schema import RELATIONS, where
from .base import CLAIMS, Place, in_scope

ID = "probable-duplicate"
READS = CLAIMS  # who said what, in which words


def words_of(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.casefold()))


def _keys(words: tuple[str, ...]) -> set[int]:
    """The words, and the words with each one left out: texts one word longer or shorter share a key."""
    keys = {hash(words)}
    keys.update(hash(words[:i] + words[i + 1:]) for i in range(len(words)))
    return keys


def one_word_apart(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The same words, or the same but for one word added or dropped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def check(index, scope=None, speakers=None) -> Iterator[Problem]:
    """Over everything (these run in `kb check` only, which does not use a scope), or over the
    claims of some speakers (see `update`)."""
    condition, params = in_scope(index, "l.target", speakers)
    rows = index.conn.execute(
        "SELECT l.target, r.id, r.path, r.line, r.positions, json_extract(r.data, '$.claim') "
        "FROM links l JOIN records r ON r.rid = l.rid WHERE l.field = 'speaker' AND r.kind = 'claim' "
        f"AND {condition} ORDER BY l.target, r.path, r.id", params)
    marks = ",".join("?" * len(RELATIONS))
    related = {frozenset(pair) for pair in index.conn.execute(
        "SELECT s.id, l.target FROM links l JOIN records s ON s.rid = l.rid "
        f"WHERE s.kind = 'claim' AND l.field IN ({marks})", tuple(RELATIONS))}
    group: list = []
    speaker = None
    for row in chain(rows, [(None,) * 6]):
        if row[0] != speaker:
            yield from _group(group, Place, related)
            group, speaker = [], row[0]
        group.append(row)


def update(index, old: list[Problem], scope) -> list[Problem]:
    """The warnings after the files in scope (a `kb.checks.Scope`) changed, from those before: only the
    speakers whose claims changed are looked at again.

    A speaker's warnings can change only when one of their claims now is in a changed file, or
    when a claim of theirs in a changed file was warned about or named in a warning (a claim in
    no warning can go without changing the others). Each warning's subject keeps its speaker and
    the file of the claim it names, for this.
    """
    def parts(problem: Problem) -> tuple[str, str]:
        speaker, _, named = problem.subject.partition("\0")
        return speaker, named

    paths = scope.paths
    condition, params = in_scope(index, "r.path", paths)
    speakers = {s for (s,) in index.conn.execute(
        "SELECT DISTINCT l.target FROM links l JOIN records r ON r.rid = l.rid "
        f"WHERE l.field = 'speaker' AND r.kind = 'claim' AND {condition}", params)}
    speakers |= {parts(p)[0] for p in old if p.path in paths or parts(p)[1] in paths}
    kept = [p for p in old if parts(p)[0] not in speakers]
    return kept + list(check(index, speakers=speakers))


def _group(rows: list, Place, related: set = frozenset()) -> Iterator[Problem]:
    if len(rows) < 2:
        return
    seen: dict[int, list[int]] = {}
    words = [words_of(row[5] or "") for row in rows]
    for i, row in enumerate(rows):
        keys = _keys(words[i])
        candidates = sorted({j for key in keys for j in seen.get(key, ())})
        match = next((j for j in candidates if one_word_apart(words[i], words[j])
                      and frozenset((row[1], rows[j][1])) not in related), None)
        if match is not None:
            other = rows[match]
            yield Problem(row[2], *where(Place(row[3], row[4]), "claim"), ID,
                          f"nearly the same claim by the same speaker as '{other[1]}' ({other[2]}); "
                          "merge them or relate them (supersedes, supports)", WARNING,
                          subject=f"{row[0]}\0{other[2]}")
        for key in keys:
            seen.setdefault(key, []).append(i)
