"""Progress toward a plan, told from the plan done: a `done` claim keeps a plan only when it is the
same step.

A done claim that supersedes (or elaborates) an open plan claim (`OPEN`: planned, considering,
underway) is **progress**, not the plan kept, when

- both name a `milestone` and they differ (sample production done, mass production promised) — but
  for a later stage of building and producing (`STAGES`): mass production done keeps a plan of sample
  production, since samples came first — or
- it states an amount under a name the plan also states, of one dimension (jobs and jobs, GWh/yr and
  MWh/yr), that falls short of the plan's: `jobs: 1000` done against `jobs: 4000` planned.

Amounts compare by their stated numbers in a common unit; a qualifier counts as its number
(`about 4000` reaches `4000`, `at least 1000` shows 1000), except at the plan's own number, where
`less than 4000` falls short of 4000 and `4000` falls short of `more than 4000`. Amounts of different
dimensions, money in two currencies, or a bare number against a unit are not compared.

A done claim linked to anything else (another done claim it corrects, a cancelled claim) is never
progress: the link stands as written. A done `closure` is no step toward a plan either: linked to an
open plan of another milestone it **ends** it (`ends`), as a cancellation does.

Pure functions on anything with `status`, `milestone` and `quantities` (claims, or rows standing for
them); `kb.answers.state`, `kb.answers.track`, `kb.answers.lookup` and the `partial-kept` check read
the one rule here.
"""

from __future__ import annotations

from typing import Any

from .milestones import STAGES
from .quantity import UNITS, effective_unit, parse

OPEN = ("planned", "considering", "underway")  # a plan still open (kb.answers.state.OPEN_STATUSES)
CLOSURE = "closure"


def stored(data: str) -> Any:
    """What the rule reads of a claim (status, milestone, quantities), from the JSON the index keeps of it."""
    import json
    from types import SimpleNamespace

    found = json.loads(data)
    return SimpleNamespace(status=found.get("status"), milestone=found.get("milestone"),
                           quantities=found.get("quantities"))


def _amount(name: str, value: Any):
    """(base amount, dimension, quantity) of a stated value, or None when it cannot be compared."""
    try:
        quantity = parse(value)
    except ValueError:
        return None
    unit = effective_unit(name, quantity)
    if unit is None:
        return None
    return quantity.number * UNITS[unit][1], UNITS[unit][0], quantity


def _short(name: str, done: Any, plan: Any) -> bool:
    a, b = _amount(name, done), _amount(name, plan)
    if a is None or b is None or a[1] != b[1]:
        return False
    if a[0] != b[0]:
        return a[0] < b[0] * (1 - 1e-9)
    return a[2].qualifier == "less than" or (b[2].qualifier == "more than" and a[2].qualifier != "more than")


def _of(done_text: str, plan_text: str) -> str:
    """'1000 of 4000 jobs' when both end in the same unit, else '20 GWh/yr of 40000 MWh/yr'."""
    head, _, unit = done_text.rpartition(" ")
    if head and plan_text.endswith(" " + unit) and not unit[:1].isdigit():
        return f"{head} of {plan_text}"
    return f"{done_text} of {plan_text}"


def shortfall(done: Any, plan: Any) -> str | None:
    """Why the done claim is progress toward plan rather than plan done ('sample-production, not
    mass-production', '1000 of 4000 jobs', 'capacity 20 of 40 GWh/yr'), None when it is the same step.
    Does not look at status."""
    mine, theirs = getattr(done, "milestone", None), getattr(plan, "milestone", None)
    if mine and theirs and mine != theirs and not (
            mine in STAGES and theirs in STAGES and STAGES.index(mine) > STAGES.index(theirs)):
        return f"{mine}, not {theirs}"
    amounts = getattr(done, "quantities", None) or {}
    planned = getattr(plan, "quantities", None) or {}
    if not isinstance(amounts, dict) or not isinstance(planned, dict):
        return None
    for name in sorted(set(amounts) & set(planned)):
        if _short(name, amounts[name], planned[name]):
            of = _of(str(amounts[name]), str(planned[name]))
            if _amount(name, planned[name])[1] != name:
                return f"{name} {of}"  # 'capacity 20 of 40 GWh/yr'
            return of if of.endswith(" " + name) else f"{of} {name}"  # '1000 of 4000 jobs', a bare number too

    return None


def _done_toward_open(done: Any, plan: Any) -> bool:
    return plan is not None and getattr(done, "status", None) == "done" and getattr(plan, "status", None) in OPEN


def ends(done: Any, plan: Any) -> bool:
    """True when a `done` claim linked to plan is a closure that ends it: the plan is open and of another
    milestone (or names none); a done closure keeps a plan of a closure."""
    return _done_toward_open(done, plan) and getattr(done, "milestone", None) == CLOSURE \
        and getattr(plan, "milestone", None) != CLOSURE


def is_progress(done: Any, plan: Any) -> bool:
    """True when a `done` claim linked to plan, an open plan (`OPEN`), is progress toward it, not the plan
    done (`shortfall`); a closure never is (`ends`)."""
    return _done_toward_open(done, plan) and not ends(done, plan) and shortfall(done, plan) is not None


def progress_text(done: Any, plan: Any) -> str:
    """What a progress claim did toward plan, and its id: 'hiring 1000 of 4000 jobs (h1)',
    'sample-production (s1)'."""
    reason = shortfall(done, plan) or ""
    milestone = getattr(done, "milestone", None)
    if milestone and reason.startswith(f"{milestone}, not "):
        what = milestone
    else:
        what = f"{milestone} {reason}" if milestone else reason
    return f"{what} ({getattr(done, 'id', '?')})"
