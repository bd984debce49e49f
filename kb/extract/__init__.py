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


def registry_from(entities: Iterable, products: Iterable[str] = (), claims: Iterable = ()) -> Registry:
    """The extractor's registry: entities' names and aliases, and products (known ones and `products`); claims
    (those the knowledge base holds) give each plant the product its production claims name most."""
    registry = Registry.from_entities(entities, [*PRODUCTS, *(p for p in products if p not in PRODUCTS)])
    counts: dict[str, dict[str, int]] = {}
    ids = {name: ref for name, refs in registry._terms.items() for kind, ref in refs if kind == "product"}
    from ..model.milestone_words import PRODUCT_LINE

    for claim in claims:
        if claim.factory and claim.product and claim.milestone in PRODUCTION_STEPS and not PRODUCT_LINE.search(
                f"{claim.claim or ''} {claim.quote or ''}"):  # a line of another product is named as such
            product = ids.get(claim.product, claim.product)
            counts.setdefault(claim.factory, {}).setdefault(product, 0)
            counts[claim.factory][product] += 1
    for factory, found in counts.items():
        ranked = sorted(found.values(), reverse=True)
        if len(ranked) == 1 or ranked[0] > ranked[1]:
            registry.plant_products[factory] = max(found, key=found.get)
    return registry


# The steps of a plan that make a product (a claim of one names the plant's product).
PRODUCTION_STEPS = ("sample-production", "trial-production", "mass-production", "full-production", "supply-start",
                    "capacity-expansion")


def extract_text(text: str, registry: Registry, source: str, said: date | None = None,
                 taken: Iterable[str] = (), source_names: Iterable[str] = (), progress=None,
                 statements: bool = False) -> list[dict]:
    """Draft claims for an article: dicts of claim fields (id, claim, speaker, company, concerns,
    product, factory, milestone, when, said, status, source, quote, quantities, tags, inferred,
    note) plus `also` (body passages merged into the draft) and `new` (`kb add` commands for names
    the registry lacks). `said` is the source's date (relative periods resolve against it; without
    it, the article's dateline's); `taken` are ids in use; `source_names` the source's title and
    aliases (never a speaker); progress(done, total), when given, hears how many of the text's passages are
    read. Drafts tell of plans (a step, a dated promise, an amount, a plan weighed or called off) or judge
    something; statements: remarks too (a quotation that tells of no plan, a company's history)."""
    from .pipeline import extract

    return extract(text, registry, source, said, frozenset(taken), tuple(source_names), progress, statements)


def explain_text(text: str, registry: Registry, source: str, said: date | None = None,
                 source_names: Iterable[str] = (), statements: bool = False) -> list[tuple[str, str]]:
    """(passage, reason) for each passage of the article that names an entity the registry knows and
    becomes no draft of its own (`kb extract --explain`)."""
    from .pipeline import explain

    return explain(text, registry, source, said, tuple(source_names), statements)


def extract_and_explain(text: str, registry: Registry, source: str, said: date | None = None,
                        source_names: Iterable[str] = (), statements: bool = False
                        ) -> tuple[list[dict], list[tuple[str, str]]]:
    """`extract_text` (no ids taken) and `explain_text` from one reading of the article."""
    from .pipeline import extract_explained

    return extract_explained(text, registry, source, said, tuple(source_names), statements)


class SourceProblem(Exception):
    """The source cannot be read: no archive, or an archive that is missing or unreadable."""


def source_date(text: str | None) -> date | None:
    """A source's date (YYYY, YYYY-MM or YYYY-MM-DD) as the day relative periods count from; a
    missing month or day counts as the first."""
    if not text:
        return None
    parts = [int(p) for p in str(text).split("-")]
    return date(parts[0], *(parts[1:] + [1, 1])[:2])


def archive_text(kb, source) -> str:
    """The archived text of a registered source; SourceProblem when there is none to read."""
    from ..store.files import FileProblem, inside, read_text

    if not source.archive:
        raise SourceProblem(f"source '{source.id}' has no archived text; add `archive: sources/<file>.txt` "
                            "to its entry in the registry")
    path = kb.root / source.archive
    if not inside(kb.root, path):
        raise SourceProblem(f"the archive of '{source.id}' ({source.archive}) is outside the repository")
    try:
        return read_text(path)
    except FileProblem as error:
        raise SourceProblem(f"{source.archive}: {error.message}") from None


def drafts_for_source(kb, source, settled: bool = False, progress=None,
                      registry: Registry | None = None, statements: bool = False) -> list[dict]:
    """Drafts for a registered source (a `Source` with an `archive`), in the article's order.
    Unless settled, passages already decided in drafts/<source>/ or quoted by a claim citing
    the source are left out. progress(done, total) hears how many passages are read; statements:
    remarks too (`extract_text`)."""
    from . import store

    text = archive_text(kb, source)
    if registry is None:
        registry = registry_from(kb.entities, sorted({c.product for c in kb.claims if c.product}), kb.claims)
    taken = {*kb.claims_by_id, *kb.entities_by_id, *(d.get("id") for _, d in store.pending(kb.root, source.id))}
    drafts = extract_text(text, registry, source.id, source_date(source.date), taken, source_names(source), progress,
                          statements)
    if settled:
        return drafts
    done = store.decided_quotes(kb.root, source.id, [c.quote for c in kb.claims if c.source == source.id])
    return [d for d in drafts if not store.is_settled(d, done)]


def source_names(source) -> tuple[str, ...]:
    """A source's title and aliases: words naming the publication or the event, never a speaker."""
    return tuple(n for n in (getattr(source, "title", None), *getattr(source, "aliases", ())) if n)


def explain_source(kb, source, statements: bool = False) -> list[tuple[str, str]]:
    """(passage, reason) for each passage of a registered source's text that names an entity and is not
    proposed as a draft: the extractor's reasons, and passages already decided or quoted by a claim."""
    from . import store
    from .match import covers

    text = archive_text(kb, source)
    registry = registry_from(kb.entities, sorted({c.product for c in kb.claims if c.product}), kb.claims)
    drafts, reasons = extract_and_explain(text, registry, source.id, source_date(source.date), source_names(source),
                                          statements)
    done = store.decided_quotes(kb.root, source.id, [c.quote for c in kb.claims if c.source == source.id])
    for draft in drafts:
        if store.is_settled(draft, done):
            decided = next((d for d in store.decisions(kb.root, source.id)
                            if d.get("quote") and (covers(d["quote"], draft["quote"]) or covers(draft["quote"], d["quote"]))),
                           None)
            why = (f"already {decided['decision']} in drafts/{source.id}/decisions.yaml" if decided else
                   "already quoted by a claim of this source")
            reasons.append((draft["quote"], why + " (--all proposes it again)"))
    ordered = article_order(text, [(None, {"quote": q, "reason": r}) for q, r in reasons])
    return [(item["quote"], item["reason"]) for _, item in ordered]


def drafts_for_sources(kb, sources: list, settled: bool = False, progress=None, statements: bool = False):
    """(source, its drafts, None) for each source in turn (`drafts_for_source`), the registry read once;
    (source, [], what is wrong) for a source that cannot be read (no archive), and the others go on.
    progress(done, total) hears how many sources are done (for one source, how many of its passages)."""
    registry = registry_from(kb.entities, sorted({c.product for c in kb.claims if c.product}), kb.claims)
    for done, source in enumerate(sources, 1):
        try:
            yield source, drafts_for_source(kb, source, settled, progress if len(sources) == 1 else None,
                                            registry, statements), None
        except SourceProblem as error:
            yield source, [], str(error)
        if progress is not None and len(sources) > 1:
            progress(done, len(sources))


def article_order(text: str, drafts: list) -> list:
    """(path, draft) pairs in the order their passages (quote or merged ones) first appear in the text."""
    from .match import fold

    folded = fold(text)

    def position(item) -> int:
        places = [folded.find(fold(q)) for q in [item[1].get("quote") or "", *(item[1].get("also") or [])]]
        return min([p for p in places if p >= 0], default=len(folded))

    return sorted(drafts, key=position)
