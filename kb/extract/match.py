"""When a draft's quote stands for a passage: the rule the evaluation, the re-run filter and
the tests share.

A quote covers a passage when, after folding whitespace and typographic quotes (as quote
verification does), it contains the passage, or lies inside it and holds most of it
(at least MOST of its characters).

Passing: "LGES intends to start 4680 mass production at Ochang." covers "LGES intends to
start 4680 mass production". Failing: "4680 mass production" does not cover the whole sentence.
"""

from __future__ import annotations

import re

from ..checks.quotes import normalise

MOST = 0.6


def fold(text: str) -> str:
    """A passage as compared: whitespace and typographic quotes folded, case kept."""
    return normalise(text).strip(" \"'")


def covers(quote: str, passage: str) -> bool:
    a, b = fold(quote), fold(passage)
    if not a or not b:
        return False
    if b in a:
        return True
    return a in b and len(a) >= MOST * len(b)


def draft_covers(draft: dict, passage: str) -> bool:
    """The draft's quote, or a passage merged into it (`also`), covers passage."""
    return any(covers(q, passage) for q in [draft.get("quote") or "", *(draft.get("also") or [])])


_NAME_NOISE = re.compile(r"\b(?:plant|factory|gigafactory|facility|site|works|inc|corp|co|ltd|llc|plc|the)\b\.?")


def same_name(a: str | None, b: str | None) -> bool:
    """Two field values naming the same thing: equal ids, or names equal once case, punctuation
    and words like 'plant' or 'Inc.' are set aside."""
    if a is None or b is None:
        return a is None and b is None
    if a == b:
        return True
    def key(text: str) -> str:
        return re.sub(r"[^\w]+", " ", _NAME_NOISE.sub(" ", text.casefold())).strip()
    return bool(key(a)) and key(a) == key(b)
