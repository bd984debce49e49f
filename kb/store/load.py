"""Load a knowledge base from disk: data plus a list of problems, never an exception.

A broken file costs only its own records; every other file still loads.
"""

from __future__ import annotations

from typing import Any

from ..model.problem import Problem
from ..model.schema import (
    REGISTRY_FILES,
    REGISTRY_FOLDERS,
    REGISTRY_TYPES,
    Claim,
)
from ..model.validate import build_record
from .fastread import read_canonical
from .files import Found, registry_kind
from .yamlread import Document, YamlProblem, read_document


def parse_text(relpath: str, text: str, is_registry: bool = False) -> tuple[Document | None, list[Problem]]:
    """One file's document (the fast reader for canonical files holding one record, libyaml for the rest:
    registry lists, hand-written YAML)."""
    try:
        doc = read_canonical(text) or read_document(text)
    except YamlProblem as error:
        return None, [Problem(relpath, error.line, error.column, error.rule, error.message)]
    return doc, [Problem(relpath, p.line, p.column, p.rule, p.message) for p in doc.problems]


def claim_from(relpath: str, doc: Document) -> tuple[Claim | None, list[Problem]]:
    return build_record(Claim, doc.data, doc.positions, relpath, doc.line, doc.column)


def entities_from(relpath: str, doc: Document) -> tuple[list[Any], list[Problem]]:
    """The entries of one registry file: a list of them (companies.yaml, ...), or, in a kind folder
    (claims/registry/people/...), also a single entry whose id is the file's stem."""
    kind, in_folder = registry_kind(relpath)
    if kind is None:
        return [], [Problem(relpath, 1, 1, "unknown-registry-file",
                            f"unknown registry file; registry files are {', '.join(REGISTRY_FILES)}, or files "
                            f"in the folders {', '.join(f + '/' for f in REGISTRY_FOLDERS)}")]
    if doc.data is None:
        return [], []
    record_type = REGISTRY_TYPES[kind]
    if in_folder and isinstance(doc.data, dict):
        record, problems = build_record(record_type, doc.data, doc.positions, relpath, doc.line, doc.column)
        stem = relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if record is not None and record.id != stem:
            line, column = doc.positions.get(("id",), (doc.line, doc.column))
            problems.append(Problem(relpath, line, column, "id-stem",
                                    f"id '{record.id}' differs from the file name '{stem}'; rename the file or "
                                    "change the id"))
            record = None
        return ([record] if record else []), problems
    if not isinstance(doc.data, list):
        single = " (or, in a kind folder, one entry)" if in_folder else ""
        return [], [Problem(relpath, doc.line, doc.column, "not-a-list",
                            f"a registry file holds a list of entries{single}, each starting with '- id: ...'")]
    by_item = positions_by_item(doc.positions, len(doc.data))
    records, problems = [], []
    for i, item in enumerate(doc.data):
        line, column = doc.positions[(i,)]
        record, item_problems = build_record(record_type, item, by_item[i], relpath, line, column)
        problems.extend(item_problems)
        if record is not None:
            records.append(record)
    return records, problems


def positions_by_item(positions: dict, count: int) -> list[dict]:
    """A registry list's positions, one mapping per entry (key paths without the entry's index), in one
    pass over them (a pass per entry would be quadratic in the entries of a long list)."""
    by_item: list[dict] = [{} for _ in range(count)]
    for key_path, place in positions.items():
        if key_path and isinstance(key_path[0], int) and key_path[0] < count:
            by_item[key_path[0]][key_path[1:]] = place
    return by_item


# Problems of a document that leave its data half-read (a duplicate key: which value was meant?): the
# record they fall in is not loaded, like one that fails to validate (its id is still known, kb.store.stubs).
HALF_READ = ("duplicate-key",)


def records_from(found: Found, doc: Document | None, problems: list[Problem]) -> tuple[list[Any], list[Problem]]:
    """The records of a parsed file, with the problems of reading and validating it. A record holding a
    duplicate key is left out (a registry list keeps its other entries)."""
    if doc is None:
        return [], problems
    if found.is_registry:
        records, more = entities_from(found.relpath, doc)
    else:
        claim, more = claim_from(found.relpath, doc)
        records = [claim] if claim else []
    broken = [p.line for p in problems if p.rule in HALF_READ]
    if broken and records:
        records = [r for r in records if not _holds(doc, r.line, broken)]
    return records, problems + more


def _holds(doc: Document, line: int, lines: list[int]) -> bool:
    """Whether the record starting on line holds any of lines: up to the next entry of a registry list,
    or the whole file."""
    starts = sorted(doc.positions[(i,)][0] for i in range(len(doc.data))) if isinstance(doc.data, list) else []
    end = next((start for start in starts if start > line), None)
    return any(line <= n and (end is None or n < end) for n in lines) if starts else True
