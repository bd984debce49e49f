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
from .base import CLAIMS, Place, in_scope

ID = "quote-not-in-source"
ARCHIVE_ID = "archive-missing"
READS = CLAIMS | {"source", "archives"}  # quotes, the sources naming archives, and the archives' texts

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


def update(index, old: list[Problem], scope) -> list[Problem] | None:
    """After a change of claims only: their quotes are compared again. A changed source can name another
    archive: everything is checked again (as it is when an archive's text changes: `fingerprint`)."""
    if "source" in scope.kinds:
        return None
    return [p for p in old if p.path not in scope.paths] + list(check(index, scope))


def check(index, scope=None) -> Iterator[Problem]:
    """Over everything, or (with a scope, see `update`) over the quotes of the claims in changed files."""
    where_paths, params = in_scope(index, "r.path", scope.paths if scope is not None else None)
    wanted = None if scope is None else {source for (source,) in index.conn.execute(
        "SELECT DISTINCT l.target FROM links l JOIN records r ON r.rid = l.rid WHERE l.field = 'source' "
        f"AND r.kind = 'claim' AND {where_paths}", params)}
    texts: dict[str, str] = {}
    for source_id, archive, line, positions, path in archives(index):
        if wanted is not None and source_id not in wanted:
            continue
        target = index.root / archive
        place = where(Place(line, positions), "archive")
        if not inside(index.root, target):
            if scope is None:
                yield Problem(path, *place, ARCHIVE_ID,
                              f"archive '{archive}' is outside the repository; keep archives in it")
            continue
        try:
            texts[source_id] = normalise(read_text(target))
        except FileProblem as error:
            if scope is None:
                yield Problem(path, *place, ARCHIVE_ID, f"archive '{archive}': {error.message}")
    names = {source_id: archive for source_id, archive, *_ in archives(index)}
    for source_id, text in texts.items():
        for path, line, positions, data in index.conn.execute(
                "SELECT r.path, r.line, r.positions, r.data FROM links l JOIN records r ON r.rid = l.rid "
                "WHERE l.field = 'source' AND l.target = ? AND r.kind = 'claim' "
                f"AND coalesce(json_extract(r.data, '$.quote_kind'), 'verbatim') = 'verbatim' AND {where_paths}",
                (source_id, *params)):
            if normalise(json.loads(data)["quote"]) not in text:
                yield Problem(path, *where(Place(line, positions), "quote"), ID,
                              f"the quote is not in the archived text of '{source_id}' ({names[source_id]}); "
                              "copy it verbatim from the source, or mend the archive")


def fingerprint(index) -> str:
    """Every archive's size and times, and the hash of the text of one changed in the last moments (whose
    times may not have ticked since): cached check results are void when an archive changes. The change
    time moves with any write, even one that puts the old modification time back (`cp -p`, `rsync -t`)."""
    import hashlib
    import os

    from ..store.freshness import is_racy

    marks = []
    for _, archive, *_rest in archives(index):
        try:
            info = os.stat(index.root / archive)
            mark = f"{archive}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_size}"
            if is_racy(info.st_mtime_ns) or is_racy(info.st_ctime_ns):
                mark += ":" + hashlib.sha1((index.root / archive).read_bytes()).hexdigest()
            marks.append(mark)
        except OSError:
            marks.append(f"{archive}:missing")
    return ";".join(marks)
