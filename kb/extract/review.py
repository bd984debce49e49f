"""An accepted draft becomes a claim file through `kb new`'s path: names resolved to ids
(`kb.edit.new.resolve_names`), a readable id chosen from them (or the analyst's), validation and the checks across files
(`kb.edit.new.plan_claim`), then an atomic write that never overwrites (kb/store/atomic.py). Before
that, a guard against claims already in the knowledge base: the same speaker with nearly
the same claim (the `probable-duplicate` check's rule) or a quote covering the same passage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model.records import KnowledgeBase
from ..model.schema import Claim, schema_fields
from .match import covers


@dataclass
class Outcome:
    """What accepting a draft would do: the plan (file text and path) or why not."""

    plan: Any = None                                     # kb.edit.new.Plan when the values resolved
    errors: list[str] = field(default_factory=list)      # names nobody answers to, invalid values
    duplicates: list[Claim] = field(default_factory=list)


def claim_values(draft: dict[str, Any]) -> dict[str, Any]:
    """The draft's claim fields, as `kb new` takes them (`also` and `new` are for the review only).

    The draft's own `id` names the draft (it was made from the names as the text gives them, before
    they resolve); the claim's id is the analyst's `claim_id` when given, else chosen by `kb new`."""
    fields = {spec.name for spec in schema_fields(Claim)}
    values = {k: v for k, v in draft.items() if k in fields and k not in ("id", "inferred")}
    inferred = dict(draft.get("inferred") or {})
    values["inferred"] = {k: v for k, v in inferred.items() if k in fields and values.get(k) not in (None, "", [])}
    if draft.get("claim_id"):
        values["id"] = draft["claim_id"]
    return values


def probable_duplicates(kb: KnowledgeBase, values: dict[str, Any]) -> list[Claim]:
    """Claims by the same speaker saying nearly the same thing, or quoting the same passage."""
    from ..checks.duplicates import one_word_apart, words_of

    words = words_of(values.get("claim") or "")
    quote = values.get("quote") or ""
    return [c for c in kb.claims if c.speaker == values.get("speaker") and (
        one_word_apart(words_of(c.claim), words) or covers(c.quote, quote) or covers(quote, c.quote))]


def plan(kb: KnowledgeBase, draft: dict[str, Any]) -> Outcome:
    """What `kb review` would write for an accepted draft, or why it cannot."""
    from ..edit.new import plan_claim, resolve_names

    values = claim_values(draft)
    if values.get("id") and (values["id"] in kb.claims_by_id or values["id"] in kb.entities_by_id):
        return Outcome(errors=[f"id: '{values['id']}' is already taken; edit the id"])
    values, errors = resolve_names(kb, values)
    if errors:
        return Outcome(errors=[e.replace("--", "", 1) for e in errors])
    result = plan_claim(kb, values)
    if result.problems:
        return Outcome(errors=[p.message for p in result.problems])
    return Outcome(plan=result, duplicates=probable_duplicates(kb, values))
