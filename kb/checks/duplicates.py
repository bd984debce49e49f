"""Warn about probable duplicate claims: the same speaker saying nearly the same thing.

Passing: two claims by ``kim-dong-myeong``, one on Ochang and one on Arizona.
Failing (a warning): two claims by the same speaker whose texts differ only in
case, punctuation or a word or two, e.g. "LGES will build in Ochang." and
"LGES will build in Ochang".
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from typing import Iterator

from ..model import KnowledgeBase
from ..schema import where
from ..problem import WARNING, Problem

ID = "probable-duplicate"
SIMILARITY = 0.9
PAIRWISE_LIMIT = 200  # larger groups are compared by normalised text only, to stay fast


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def check(kb: KnowledgeBase) -> Iterator[Problem]:
    groups: dict[str, list] = defaultdict(list)
    for claim in kb.claims:
        groups[claim.speaker].append(claim)
    for claims in groups.values():
        if len(claims) < 2:
            continue
        claims = sorted(claims, key=lambda c: (c.path, c.id))
        texts = [_words(c.claim) for c in claims]
        if len(claims) > PAIRWISE_LIMIT:
            first: dict[str, object] = {}
            for claim, text in zip(claims, texts):
                if text in first:
                    yield _warn(claim, first[text])
                else:
                    first[text] = claim
            continue
        for i, claim in enumerate(claims):
            for j in range(i):
                matcher = difflib.SequenceMatcher(None, texts[j], texts[i], autojunk=False)
                if matcher.real_quick_ratio() >= SIMILARITY and matcher.quick_ratio() >= SIMILARITY \
                        and matcher.ratio() >= SIMILARITY:
                    yield _warn(claim, claims[j])
                    break


def _warn(claim, other) -> Problem:
    line, column = where(claim, "claim")
    return Problem(claim.path, line, column, ID,
                   f"nearly the same claim by the same speaker as '{other.id}' ({other.path}); "
                   "merge them or relate them (supersedes, supports)", WARNING)
