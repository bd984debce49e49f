"""One file, read the one way kb reads it: the fast reader for canonical claim files, libyaml for
the rest; whatever a file holds, it costs at most its own records and never raises.

The index (`kb.store.indexing`) parses through here, and so does the slow path that loads a whole
knowledge base without an index (`load_kb`, `KB_NO_CACHE=1`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.problem import Problem
from ..model.records import KnowledgeBase
from ..model.schema import Attribute, Claim
from .files import FileProblem, Found, content_hash, decode, read_raw, walk_claims


@dataclass
class Parsed:
    """One file as the index keeps it."""

    path: str
    hash: str | None
    mtime_ns: int
    size: int
    records: list[Any]
    problems: list[Problem]
    canonical: bool | None = None  # in `kb fmt`'s layout (None: not known)
    # (kind, id, line) of records that failed to load but can still be named (see `kb.store.stubs`)
    stubs: list[tuple[str, str, int]] = field(default_factory=list)
    rows: list[tuple] | None = None  # the records' rows, when made as the file was read (kb.store.fastclaim)


def parse_one(root: Path, found: Found, records: bool = True) -> Parsed:
    """Read, parse and validate one file, the one way kb does it; never raises. Without records, a claim
    file may come as its rows only (Parsed.records empty, Parsed.rows set): what the index needs."""
    path = f"{root}/{found.relpath}"
    info = None
    try:
        info = os.stat(path)
        mtime_ns, size = info.st_mtime_ns, info.st_size
    except OSError:
        mtime_ns, size = 0, -1
    try:
        raw = read_raw(path, info)
        text = decode(raw)
    except FileProblem as error:
        return Parsed(found.relpath, None, mtime_ns, size, [],
                      [Problem(found.relpath, error.line, error.column, error.rule, error.message)],
                      stubs=_stubs(found, None, None, []))
    if not found.is_registry:
        from .fastclaim import compile_claim

        try:
            compiled = compile_claim(found.relpath, text)
        except Exception:  # noqa: BLE001 - the usual way below reads it, and says what is wrong
            if os.environ.get("KB_DEBUG"):
                raise
            compiled = None
        if compiled is not None:
            values, positions, canonical, rows = compiled
            made = [Claim(**{k: dict(v) if type(v) is dict else v for k, v in values.items()},  # kept ones are shared
                          path=found.relpath, line=1, positions=positions)] if records else []
            return Parsed(found.relpath, content_hash(raw), mtime_ns, size, made, [], canonical or None,
                          rows=[rows])
    from .load import (  # PyYAML is only needed when a file is read
        parse_text,
        records_from,
    )

    canonical = None
    doc = None
    try:
        doc, problems = parse_text(found.relpath, text, found.is_registry)
        records, problems = records_from(found, doc, problems)
        if records and not problems and not found.is_registry:
            from .yamlwrite import known_canonical

            canonical = known_canonical(doc.data, text) or None
    except Exception as error:  # noqa: BLE001 - one hostile file must not stop the others
        if os.environ.get("KB_DEBUG"):
            raise
        records, problems = [], [Problem(found.relpath, 1, 1, "internal-error",
                                         f"kb could not read this file ({type(error).__name__}); please report it")]
    stubs = _stubs(found, text, doc, records) if problems else []
    return Parsed(found.relpath, content_hash(raw), mtime_ns, size, records, problems, canonical, stubs)


def _stubs(found: Found, text: str | None, doc: Any, records: list[Any]) -> list[tuple[str, str, int]]:
    from .stubs import stubs_of

    try:
        return stubs_of(found, text, doc, records)
    except Exception:  # noqa: BLE001 - naming a broken record is a courtesy; it must never cost the file
        if os.environ.get("KB_DEBUG"):
            raise
        return []


def load_file(root: Path, found: Found) -> tuple[list[Any], list[Problem]]:
    """Records and problems of one file. Never raises: whatever a file holds, it costs at most its
    own records (see `parse_one`, which the index uses too)."""
    parsed = parse_one(root, found)
    return parsed.records, parsed.problems


def load_kb(root: Path) -> tuple[KnowledgeBase, list[Problem]]:
    """Every claim and registry entity under root/claims, and the problems of the files that failed."""
    claims: list[Claim] = []
    entities: list[Any] = []
    attributes: list[Attribute] = []
    problems: list[Problem] = []
    for item in walk_claims(root):
        if isinstance(item, tuple):
            relpath, error = item
            problems.append(Problem(relpath, error.line, error.column, error.rule, error.message))
            continue
        records, file_problems = load_file(root, item)
        problems.extend(file_problems)
        for record in records:
            (claims if isinstance(record, Claim) else attributes if isinstance(record, Attribute)
             else entities).append(record)
    claims.sort(key=lambda c: c.path)
    entities.sort(key=lambda e: (e.path, e.line))
    attributes.sort(key=lambda e: (e.path, e.line))
    return KnowledgeBase(root=root, claims=tuple(claims), entities=tuple(entities),
                         attributes=tuple(attributes)), problems
