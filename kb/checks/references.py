"""Every id a record names resolves to an entity (or claim) of the right kind.

Passing: ``factory: lges-ochang`` with ``- id: lges-ochang`` in factories.yaml.
Failing: ``factory: lges-ochang`` when no factory has that id (a close id is
suggested), or ``company: kim-dong-myeong`` when that id is a person.
"""

from __future__ import annotations

import difflib
from typing import Any, Iterator

from ..model import KnowledgeBase, kind_of
from ..schema import where
from ..problem import Problem
from ..schema import schema_fields

ID = "unknown-ref"


def _targets(record: Any) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(position key, referenced id, allowed kinds) for every reference in a record."""
    for spec in schema_fields(type(record)):
        kind = spec.metadata["kind"]
        value = getattr(record, spec.name)
        if kind == "ref" and value:
            yield spec.name, value, spec.metadata["refs"]
        elif kind == "refs":
            for i, item in enumerate(value):
                yield f"{spec.name}.{i}", item, spec.metadata["refs"]


def check(kb: KnowledgeBase) -> Iterator[Problem]:
    known: dict[str, str] = {e.id: kind_of(e) for e in kb.entities}
    known.update({c.id: "claim" for c in kb.claims})
    for record in (*kb.entities, *kb.claims):
        for key, target, kinds in _targets(record):
            line, column = where(record, key)
            field = key.split(".")[0]
            actual = known.get(target)
            if actual in kinds:
                continue
            if actual is None:
                pool = [i for i, k in known.items() if k in kinds]
                close = difflib.get_close_matches(target, pool, n=1)
                hint = f"did you mean '{close[0]}'?" if close else \
                    f"add it to claims/registry/ or fix the id"
                if kinds == ("claim",):
                    hint = f"did you mean '{close[0]}'?" if close else "no claim has this id; fix the id"
                yield Problem(record.path, line, column, ID, f"'{field}': no {' or '.join(kinds)} '{target}'; {hint}")
            else:
                yield Problem(record.path, line, column, ID,
                              f"'{field}': '{target}' is a {actual}, expected a {' or '.join(kinds)}")
