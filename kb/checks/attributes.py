"""Claims' attributes are declared in claims/registry/attributes.yaml, with values of the declared type.

Passing: ``attributes: {rating: "false"}`` with ``- name: rating`` of ``type: choice`` whose
``values`` include ``"false"``.
Failing: ``attributes: {ratng: "false"}`` (not declared; "did you mean 'rating'?"), or
``attributes: {rating: maybe}`` (not one of the values), or a ``choice`` declared without
``values``.
"""

from __future__ import annotations

import difflib
import json
from typing import Any, Iterator

from ..model.kinds import check_date, type_name
from ..model.problem import Problem
from ..model.schema import where
from .base import ATTRIBUTES, CLAIMS, Place, in_scope

ID = "bad-attribute"
READS = CLAIMS | ATTRIBUTES  # the declarations, and the claims' values


def update(index, old: list[Problem], scope) -> list[Problem] | None:
    """After a change of claims only: their values are looked at again. A changed declaration can touch
    every claim: everything is checked again."""
    if not ATTRIBUTES.isdisjoint(scope.kinds):
        return None
    return [p for p in old if p.path not in scope.paths] + list(check(index, scope))


def value_problem(attribute: dict[str, Any], value: Any) -> str | None:
    """None when value fits the declared attribute, else what is wrong."""
    kind = attribute["type"]
    if kind == "number":
        return None if isinstance(value, (int, float)) else f"expected a number, got {type_name(value)}"
    if kind == "choice":
        allowed = attribute.get("values", [])
        if str(value) in allowed:
            return None
        close = difflib.get_close_matches(str(value), allowed, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return f"'{value}' is not one of its values; {hint}use one of: {', '.join(allowed)}"
    if kind == "date":
        return check_date(value)
    if kind == "quantity":
        from ..model.quantity import parse

        try:
            parse(value)
        except ValueError as error:
            return str(error)
        return None
    return None if isinstance(value, str) else f"expected text, got {type_name(value)}; put quotes around it"


def check(index, scope=None) -> Iterator[Problem]:
    """Over everything, or (with a scope, see `update`) over the values of the claims in changed files."""

    declared: dict[str, dict] = {}
    declared_at: dict[str, str] = {}
    for path, line, positions, data in index.conn.execute(
            "SELECT path, line, positions, data FROM records WHERE kind = 'attribute' ORDER BY path, line"):
        attribute = json.loads(data)
        declared.setdefault(attribute["name"], attribute)
        declared_at.setdefault(attribute["name"], f"{path}:{line}")
        if scope is not None:
            continue  # the declarations did not change: nor did their problems
        if attribute["type"] == "choice" and not attribute.get("values"):
            yield Problem(path, *where(Place(line, positions), "type"), ID,
                          f"attribute '{attribute['name']}' is a choice but lists no 'values'; add them")
        elif attribute["type"] != "choice" and attribute.get("values"):
            yield Problem(path, *where(Place(line, positions), "values"), ID,
                          f"'values' only apply to type choice; remove them or make '{attribute['name']}' a choice")
    # An attribute whose declaration failed to load is still declared (`kb.store.stubs`): its own file says why.
    broken = {name for (name,) in index.conn.execute("SELECT id FROM stubs WHERE kind = 'attribute'")}
    where_paths, params = in_scope(index, "path", scope.paths if scope is not None else None)
    for path, line, positions, values in index.conn.execute(
            "SELECT path, line, positions, json_extract(data, '$.attributes') FROM records "
            f"WHERE kind = 'claim' AND json_extract(data, '$.attributes') IS NOT NULL AND {where_paths} "
            "ORDER BY path", params):
        for name, value in json.loads(values).items():
            place = where(Place(line, positions), f"attributes.{name}")
            attribute = declared.get(name)
            if attribute is None and name in broken:
                continue
            if attribute is None:
                close = difflib.get_close_matches(name, list(declared), n=1)
                hint = f"did you mean '{close[0]}'?" if close else \
                    "declare it in claims/registry/attributes.yaml (name, type, description)"
                yield Problem(path, *place, ID, f"'attributes': '{name}' is not declared; {hint}")
                continue
            problem = value_problem(attribute, value)
            if problem:  # a value not among a choice's: the claim or the declaration's values change; both named
                where_declared = f" (or add it at {declared_at[name]})" if attribute["type"] == "choice" else ""
                yield Problem(path, *place, ID, f"'attributes.{name}': {problem}{where_declared}")
