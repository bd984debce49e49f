"""A quote appears in its source's archived text, when the source has one.

Whitespace and typographic quotes are normalised on both sides before comparing.
Passing: ``quote: LGES intends to start 4680 mass production`` when the archive
contains "LGES intends to  start 4680 mass production".
Failing: ``quote: LGES will start 4680 mass production`` (not what the source says).
"""

from __future__ import annotations

import re
from typing import Iterator

from ..files import FileProblem, inside, read_text
from ..model import KnowledgeBase
from ..schema import where
from ..problem import Problem
from ..schema import Source

ID = "quote-not-in-source"
ARCHIVE_ID = "archive-missing"

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"',
                         "\u00a0": " "})


def normalise(text: str) -> str:
    """Collapse whitespace and straighten typographic quotes, for comparing quotes with sources."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


def check(kb: KnowledgeBase) -> Iterator[Problem]:
    archives: dict[str, str | None] = {}
    for source in kb.entities:
        if not isinstance(source, Source) or not source.archive:
            continue
        path = kb.root / source.archive
        line, column = where(source, "archive")
        if not inside(kb.root, path):
            yield Problem(source.path, line, column, ARCHIVE_ID,
                          f"archive '{source.archive}' is outside the repository; keep archives in it")
            archives[source.id] = None
            continue
        try:
            archives[source.id] = normalise(read_text(path))
        except FileProblem as error:
            yield Problem(source.path, line, column, ARCHIVE_ID, f"archive '{source.archive}': {error.message}")
            archives[source.id] = None
    for claim in kb.claims:
        text = archives.get(claim.source)
        if text and normalise(claim.quote) not in text:
            line, column = where(claim, "quote")
            yield Problem(claim.path, line, column, ID,
                          f"the quote is not in the archived text of '{claim.source}'; copy it verbatim from the source")
