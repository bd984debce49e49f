"""A verbatim quote appears in its source's archived text, when the source has one (a paraphrase or a
translation, `quote_kind`, is not compared).

Whitespace and typographic quotes are normalised on both sides before comparing.
Passing: ``quote: LGES intends to start 4680 mass production`` when the archive
contains "LGES intends to  start 4680 mass production".
Failing: ``quote: LGES will start 4680 mass production`` (not what the source says).
"""

from __future__ import annotations

import json
import re
from typing import Iterator

from ..model.problem import Problem
from ..model.schema import where
from ..store.files import FileProblem, inside, read_text
from .base import Place

ID = "quote-not-in-source"
ARCHIVE_ID = "archive-missing"

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"',
                         "\u00a0": " "})


def normalise(text: str) -> str:
    """Collapse whitespace and straighten typographic quotes, for comparing quotes with sources."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


def archives(index) -> list[tuple[str, str, int, str, str]]:
    """(source id, archive path, line, positions, file) of every source that names an archive; read once
    per refresh of the index (the fingerprint and the check both want them, and it is a pass over every
    record), like the index's other kept answers."""
    if getattr(index, "_archives", None) is None:
        index._archives = index.conn.execute(
            "SELECT id, json_extract(data, '$.archive'), line, positions, path FROM records "
            "WHERE kind = 'source' AND json_extract(data, '$.archive') IS NOT NULL ORDER BY path, line").fetchall()
    return index._archives


def check(index, scope=None) -> Iterator[Problem]:
    """Always over everything: these run in `kb check` only, which does not use a scope."""
    texts: dict[str, str] = {}
    for source_id, archive, line, positions, path in archives(index):
        target = index.root / archive
        place = where(Place(line, positions), "archive")
        if not inside(index.root, target):
            yield Problem(path, *place, ARCHIVE_ID,
                          f"archive '{archive}' is outside the repository; keep archives in it")
            continue
        try:
            texts[source_id] = normalise(read_text(target))
        except FileProblem as error:
            yield Problem(path, *place, ARCHIVE_ID, f"archive '{archive}': {error.message}")
    for source_id, text in texts.items():
        for path, line, positions, data in index.conn.execute(
                "SELECT r.path, r.line, r.positions, r.data FROM links l JOIN records r ON r.rid = l.rid "
                "WHERE l.field = 'source' AND l.target = ? AND r.kind = 'claim' "
                "AND coalesce(json_extract(r.data, '$.quote_kind'), 'verbatim') = 'verbatim'", (source_id,)):
            if normalise(json.loads(data)["quote"]) not in text:
                yield Problem(path, *where(Place(line, positions), "quote"), ID,
                              f"the quote is not in the archived text of '{source_id}'; copy it verbatim "
                              "from the source")


def fingerprint(index) -> str:
    """Size and time of every archive: cached check results are void when an archive changes."""
    import os

    marks = []
    for _, archive, *_rest in archives(index):
        try:
            info = os.stat(index.root / archive)
            marks.append(f"{archive}:{info.st_mtime_ns}:{info.st_size}")
        except OSError:
            marks.append(f"{archive}:missing")
    return ";".join(marks)
