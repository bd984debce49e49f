"""The milestone a clause is about, from its words: kb.model.milestone_words, where `kb track --suggest`
reads it too (a claim written before claims named milestones)."""

from __future__ import annotations

from ..model.milestone_words import _CAUSE, PLANT_PRODUCT, PRODUCT_LINE, RULES, milestone_of  # noqa: F401

__all__ = ["milestone_of", "RULES", "PRODUCT_LINE"]
