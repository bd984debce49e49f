"""Readable ids: short, built from what identifies a record, transliterated from any script.

`slug("Büttel Speicher")` is ``buttel-speicher``; Hangul and Chinese are romanised by
anyascii (`김동명` → ``gimdongmyeong``, `宁德时代` → ``ningdeshidai``). Ids are at most
`MAX_ID` characters, cut at a word boundary, and depend only on what they are built
from, so the same input always gives the same id (imports rely on it).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable, Mapping

MAX_ID = 48
STOPWORDS = frozenset("""
a an the of in at on for to and or its it is are was were will would be been being by with from as that this
these those their his her our we they he she has have had also into about than then there which who whom
says said say just very more most much such so can could should may might shall do does did between own
now still already yet likely
""".split())
# Words that say what kind of thing an entity is, not which one: left out of its id.
LEGAL_WORDS = frozenset("""
co corp corporation company inc incorporated ltd limited llc plc gmbh ag sa se nv bv spa kg kgaa ab asa oy
holdings holding group
""".split())
PLACE_WORDS = frozenset("factory plant site facility gigafactory works project".split())


def transliterate(text: str) -> str:
    """text in ASCII letters: accents dropped, other scripts romanised (anyascii)."""
    if text.isascii():
        return text
    from anyascii import anyascii

    # NFKC first, so that full-width letters and ligatures become the letters they stand for.
    return anyascii(unicodedata.normalize("NFKC", text))


def words(text: Any) -> list[str]:
    """The lowercase ASCII words of text ("LG's 4680" -> ['lg', '4680'])."""
    ascii_text = re.sub(r"'s\b|'", "", transliterate(str(text).replace("\u2019", "'")).casefold())
    return re.findall(r"[a-z0-9]+", ascii_text)


def slug(text: Any, limit: int = MAX_ID) -> str:
    """text as an id: transliterated words joined by hyphens, cut at a word boundary to limit."""
    return fit(words(text), limit)


def fit(parts: Iterable[str], limit: int = MAX_ID) -> str:
    """Hyphen-joined parts, as many whole ones as fit in limit (the first is cut if it alone is longer)."""
    out = ""
    for part in (p.strip("-") for p in parts):
        if not part:
            continue
        joined = f"{out}-{part}" if out else part
        if len(joined) > limit:
            if not out:
                out = part[:limit].rstrip("-")
            break
        out = joined
    return out


def key_words(text: str, skip: Iterable[str] = (), count: int = 4) -> list[str]:
    """The first count words of text that carry meaning: no stopwords, none of skip, none twice."""
    seen = set(skip)
    out = []
    for word in words(text):
        if word in STOPWORDS or word in seen:
            continue
        seen.add(word)
        out.append(word)
        if len(out) == count:
            break
    return out


def period_slug(value: Any) -> str:
    """A year or period as id words: 2026 -> '2026', '2026-H1' -> '2026-h1', '2025..2027' -> '2025-2027'."""
    return "-".join(words(str(value).replace("..", " ")))


def claim_id(values: Mapping[str, Any], names: Mapping[str, Iterable[str]] | None = None) -> str:
    """A claim's id from who (company, else speaker), which factory or product, when, and key words.

    names maps an entity id to its names and aliases: their words are not repeated as key words.
    Every part goes through `words`, so the id is valid whatever the values hold: ids, or names
    the registry does not know yet (`Cheonan plant` -> `cheonan-plant`).
    """
    names = names or {}
    who_words = words(values.get("company") or values.get("speaker") or "") or ["claim"]
    who = fit(who_words)
    if len(who) > 24:  # a long id (a source's, mostly): its first two words that carry meaning
        who = fit([w for w in who_words if w not in STOPWORDS][:2], 24)
    parts = [who]
    factory = values.get("factory")
    factory_words = words(factory or "")
    if factory_words:
        parts.append(fit([w for w in factory_words if w not in who_words] or factory_words))
    product = values.get("product")
    if product and slug(product, 16) not in who.split("-"):
        parts.append(slug(product, 16))
    period = values.get("when") or values.get("year")
    if period not in (None, ""):
        parts.append(period_slug(period))
    skip = {w for p in parts for w in p.split("-")}
    for entity_id in filter(None, (values.get("company"), values.get("speaker"), factory)):
        for name in names.get(entity_id, ()):
            skip.update(words(name))
    return fit(parts + key_words(values.get("claim") or "", skip, count=6))


def _abbreviates(acronym: str, name_words: list[str]) -> bool:
    """True when acronym is built from name's words in order, the first included: each word gives its
    initial, or itself when written in capitals, or nothing ('LGES' for 'LG Energy Solution', 'CATL' for
    'Contemporary Amperex Technology Co., Limited'; not 'SDI' for 'Samsung SDI')."""
    def rest(i: int, left: str, first: bool) -> bool:
        if not left:
            return True
        if i == len(name_words):
            return False
        word = name_words[i]
        gives = {word[0].upper(), word.upper()} if word.isupper() else {word[0].upper()}
        if any(left.startswith(g) and rest(i + 1, left[len(g):], False) for g in gives):
            return True
        return not first and rest(i + 1, left, False)
    return rest(0, acronym.upper(), True)


def _acronym(aliases: Iterable[str], name: str) -> str | None:
    name_words = re.findall(r"[A-Za-z0-9]+", transliterate(name))
    for alias in aliases:
        if re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", alias or "") and name_words and _abbreviates(alias, name_words):
            return alias
    return None


def entity_id(kind: str, values: Mapping[str, Any]) -> str:
    """An entity's id: a person's name; a company's acronym or name without legal words; a factory's
    owner and place; a source's title key words."""
    name = values.get("name") or values.get("title") or ""
    if kind == "person":
        return slug(name)
    if kind == "company":
        short = _acronym([*(values.get("aliases") or ()), name], name)
        if short:
            return slug(short)
        kept = [w for w in words(name) if w not in LEGAL_WORDS]
        return fit(kept[:4] or words(name))
    if kind == "factory":
        owner = values.get("owner") or ""
        kept = [w for w in words(name) if w not in PLACE_WORDS and w not in owner.split("-")]
        if not kept:
            kept = words(values.get("city") or values.get("region") or name)
        return fit([owner, *kept[:4]])
    if kind in ("product", "milestone"):
        return fit(words(name)[:5])
    publisher = values.get("publisher")
    prefix = [slug(publisher, 16)] if publisher else []
    return fit(prefix + key_words(name, skip=words(publisher or ""), count=6))


def unique(base: str, taken: Any, tag: str | None = None) -> str:
    """base, or base with a suffix if taken holds it: tag (e.g. an external id) when given, else -2, -3, ...

    With a tag the result does not depend on the order records were added in.
    """
    if base not in taken:
        return base
    if tag:
        suffix = slug(tag, 20)
        candidate = f"{fit(base.split('-'), MAX_ID - len(suffix) - 1)}-{suffix}"
        if candidate not in taken:
            return candidate
        base = candidate
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = fit(base.split("-"), MAX_ID - len(suffix)) + suffix
        if candidate not in taken:
            return candidate
        n += 1
