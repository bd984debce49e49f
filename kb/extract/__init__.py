"""Draft claims from an archived source's text, for an analyst to review (`kb extract`, `kb review`).

Small modules, each one step; all pure functions of text and registry except `store`
(the drafts folder) and `review` (turning an accepted draft into a claim file):

    segment.py      bullets, paragraphs and sentences, with exact character offsets
    clauses.py      a sentence cut where it makes two claims
    names.py        the registry's names and aliases, found all at once (Aho-Corasick)
    newnames.py     capitalised names the registry lacks, proposed with `kb add`
    attribution.py  who the words are attributed to
    periods.py      period expressions -> canonical `when` ("second half of 2024" -> 2024-H2)
    status.py       status from wording
    dedupe.py       a summary bullet and the body sentence repeating it: one draft
    pipeline.py     the article read in order, drafts built
    match.py        when a quote covers a passage
    store.py        drafts/<source>/: draft files and the analyst's decisions
    review.py       an accepted draft -> claim values (`kb new`'s path), duplicate guard

No network and no model: rules, word lists and two small libraries (pysbd, pyahocorasick).
"""

from __future__ import annotations

from datetime import date
from typing import Iterable

from .names import Registry

# Cell formats the industry names products by, found even before a claim names them.
PRODUCTS = ("4680", "4695", "4860", "46-series", "2170", "21700", "18650")


def registry_from(entities: Iterable, products: Iterable[str] = ()) -> Registry:
    """The extractor's registry: entities' names and aliases, and products (known ones and `products`)."""
    return Registry.from_entities(entities, [*PRODUCTS, *(p for p in products if p not in PRODUCTS)])


def extract_text(text: str, registry: Registry, source: str, said: date | None = None,
                 taken: Iterable[str] = ()) -> list[dict]:
    """Draft claims for an article: dicts of claim fields (id, claim, speaker, company, concerns,
    product, factory, when, status, source, quote, tags, inferred, note) plus `also` (body
    passages merged into the draft) and `new` (`kb add` commands for names the registry lacks).
    `said` is the source's date (relative periods resolve against it); `taken` are ids in use."""
    from .pipeline import extract

    return extract(text, registry, source, said, frozenset(taken))
