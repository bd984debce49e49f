"""Names the registry does not know, proposed as new entities, and the short forms an article uses.

A run of capitalised words is proposed only when the text says what it is:
- a person: two or three words with a title next to them ("Governor Andrew Hale",
  "Rafael Ortiz, Kestrel's chief executive") or words attributed to them ("said Jane Doe");
- a company: a name ending like one ("Kestrel Energy", "Volta Insights"), "analysts at X",
  or a single word that says or plans something ("Northvolt said");
- a factory: "a plant in Temple, Texas", "its Greenville factory", "a plant, to be called X".
Places (countries, states), public bodies, months and sentence-openers are never proposed.
Within an article, a person mentioned by full name is also found by family or given name
("Ortiz said"), a company by its first word ("Kestrel"), a new factory by its place.

Passing: "said Rafael Ortiz, Kestrel's chief executive" proposes the person Rafael Ortiz.
Failing (not proposed): "North America", "Ohio Department of Development", "Monday".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (
    COMMON,
    COMPANY_SUFFIXES,
    DEMONYMS,
    FACTORY_NOUNS,
    PUBLIC_BODIES,
    REGIONS,
    SPEECH_VERBS,
    TITLES,
)
from .names import Mention, Registry, longest_first

_TOKEN = re.compile(r"[^\W\d_][\w&’'.\-]*[\w.]|[^\W\d_]")
_CONNECTORS = {"of", "de", "la", "van", "von", "der", "du"}
LEGAL_SUFFIXES = frozenset("Inc Inc. Corp Corp. Co Co. Ltd Ltd. LLC plc PLC AG SE SA GmbH NV".split())
LEGAL_PREFIXES = frozenset("PT PJSC JSC OOO OAO".split())
PLACE_WORDS = frozenset("Province State Region County Prefecture District Territory".split())
_POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")


@dataclass(frozen=True)
class NewEntity:
    kind: str   # person, company or factory
    name: str
    role: str | None = None  # a person's role as the text gives it ("mayor", "plant manager")
    company: str | None = None  # a person's employer, when the text gives the role at a company

    def command(self) -> str:
        role = f' --role "{self.role}"' if self.role else ""
        company = f" --company {self.company}" if self.company else ""
        return f'kb add {self.kind} --name "{self.name}"{role}{company}'


def runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of capitalised words joined by single spaces (or 'of', 'de', '&')."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out, current = [], []
    for start, end in tokens:
        word = text[start:end]
        joined = bool(current) and text[current[-1][1]:start] in (" ", " & ") and not _POSSESSIVE.search(
            text[current[-1][0]:current[-1][1]])
        if joined and (word[0].isupper() or word in _CONNECTORS):
            current.append((start, end))
            continue
        _close(current, out, text)
        current = [(start, end)] if word[0].isupper() else []
    _close(current, out, text)
    return out


def _close(current: list, out: list, text: str) -> None:
    while current and text[current[-1][0]:current[-1][1]] in _CONNECTORS:
        current.pop()
    if current:
        start, end = current[0][0], current[-1][1]
        piece = text[start:end]
        end -= len(_POSSESSIVE.search(piece).group()) if _POSSESSIVE.search(piece) else 0
        while end > start and text[end - 1] == ".":  # a sentence's full stop, unless "Inc."
            if text[start:end].split()[-1] in COMPANY_SUFFIXES:
                break
            end -= 1
        out.append((start, end))
    current.clear()


def _split_titles(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """The run cut at title words ("Nevada Governor Mark Ellison" -> "Nevada", "Mark Ellison"),
    each piece saying whether a title stood right before it."""
    pieces, piece_start, titled, last_end = [], None, False, start
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        title = word.casefold() in TITLES or word.casefold().rstrip(".") in TITLES
        if title or (piece_start is None and word in COMMON):
            if piece_start is not None:
                pieces.append((piece_start, last_end, titled))
                piece_start = None
            titled = titled or word.casefold().rstrip(".") in TITLES
            continue
        if piece_start is None:
            piece_start = m.start()
        last_end = m.end()
    if piece_start is not None:
        pieces.append((piece_start, last_end, titled))
    return pieces


def _before(text: str, start: int, n: int) -> list[str]:
    return [_POSSESSIVE.sub("", w.casefold()) for w in re.findall(r"[\w’'.\-]+", text[max(0, start - 80):start])][-n:]


def _after(text: str, end: int, n: int) -> list[str]:
    return [w.casefold() for w in re.findall(r"[\w’'.\-]+", text[end:end + 80])][:n]


def classify(text: str, start: int, end: int, titled: bool, known: list[Mention] = ()) -> tuple[str, str] | None:
    """(kind, name) of the capitalised words text[start:end], or None when the text does not say."""
    name = text[start:end]
    tokens = name.split()
    if any(t in PUBLIC_BODIES or t in PLACE_WORDS for t in tokens):
        return None
    noun_after = re.match(r"\s+(plant|factory|gigafactory|facility|site)\b", text[end:end + 40])
    if name in DEMONYMS:
        return None  # "its French gigafactory": where it is, not what it is called
    if noun_after and tokens[-1] not in COMPANY_SUFFIXES:
        return "factory", f"{name} {noun_after.group(1)}"  # "its Kansas factory", "the Ulsan plant"
    if name in REGIONS:
        return None
    before, after = _before(text, start, 4), _after(text, end, 3)
    right = text[end:end + 40]
    window = max(0, start - 40)
    plant_before = re.search(r"\b(plant|factory|gigafactory|facility|site|works)\s+(?:in|at)\s+$",
                             text[window:start])  # ("near" or "outside" a town locates a plant by a landmark)
    if plant_before and any(m.start <= window + plant_before.start(1) < m.end for m in known if m.kind == "factory"):
        plant_before = None  # "its Ochang factory in X": X is where a known factory is
    if plant_before and name not in REGIONS and (re.match(r",\s+[A-Z]", right) or re.match(r"[,.;]", right)):
        return "factory", f"{name} {plant_before.group(1)}"
    called = re.search(r"\b(plant|factory|gigafactory|facility|site)\b[^.]{0,20}?\b(?:to be called|to be named|called|"
                       r"named|dubbed)\s+$", text[max(0, start - 60):start])
    if called:
        return "factory", name
    if len(tokens) >= 3 and tokens[0] in LEGAL_PREFIXES:
        return "company", name  # "PT Nusa Baterai Indonesia": a company by the form its country gives companies
    if len(tokens) >= 3 and tokens[-1] in LEGAL_SUFFIXES and tokens[-2] not in LEGAL_SUFFIXES and tokens[-2] != "&":
        return "company", " ".join(tokens[:-1]).rstrip(",")  # "Pacific Volt Inc." is Pacific Volt
    if tokens[-1] in COMPANY_SUFFIXES and len(tokens) >= 2 or re.search(r"\banalysts?\s+(?:at|from|with)\s+$",
                                                                       text[max(0, start - 20):start], re.I):
        return "company", name
    person_shape = 2 <= len(tokens) <= 3 and all(t[0].isupper() and not t.isupper() for t in tokens)
    spoken = (bool(before) and before[-1] in SPEECH_VERBS and before[-1] not in ("told", "tells")) \
        or (bool(after) and after[0] in SPEECH_VERBS) \
        or before[-2:] == ["according", "to"]
    role_after = re.match(r",\s+(?:[\w’'.\-]+\s+){0,4}?(?:" + "|".join(sorted(TITLES)) + r")\b", right,
                          re.IGNORECASE) is not None
    if person_shape and (titled or role_after or spoken or any(b in TITLES for b in before[-3:])):
        return "person", name
    if len(tokens) == 1 and not name.isupper() and bool(after) and after[0] in SPEECH_VERBS | {"will", "plans"} and (
            not _opens_sentence(text, start) or _named_mid_sentence(text, name)):
        return "company", name  # "Northvolt said"; not "Equipment will arrive", a sentence's first word
    if before[-2:] == ["according", "to"] and len(tokens) >= 2:
        return "company", name
    return None


# Words a role is made of ("plant manager", "county commissioner"); a role ends in a title (TITLES).
_ROLE_WORDS = TITLES | frozenset("""plant county town city site general operations sales finance technology technical
    communications managing board project union senior regional state representative engineer""".split())
_ROLE_ENDS = TITLES | frozenset(["representative", "engineer", "commissioner"])


def _role_words(words: list[str]) -> str | None:
    """The longest run of role words at the end of words that ends in a title, as written (lowercase
    unless an acronym)."""
    run: list[str] = []
    for word in reversed(words):
        if word.casefold().rstrip(".") in _ROLE_WORDS:
            run.insert(0, word)
        else:
            break
    while run and run[-1].casefold().rstrip(".") not in _ROLE_ENDS:
        run.pop()
    if not run or all(w.casefold().rstrip(".") in ("mr", "mrs", "ms", "dr", "prof", "sir") for w in run):
        return None
    return " ".join(w if w.isupper() and len(w) > 1 else w.casefold() for w in run).rstrip(".,")


def role_of(text: str, start: int, end: int) -> str | None:
    """The role the text gives a person named at text[start:end]: "plant manager Tom Okafor", "Georgia
    Governor Ellen Marsh", "the town's mayor, Rita Calloway", "Rita Calloway, the town's mayor"."""
    before = re.findall(r"[\w.’'-]+|,", text[max(0, start - 80):start])
    if before and before[-1] == ",":  # "the town's mayor, Rita Calloway"
        role = _role_words([w for w in before[:-1] if w != ","][-4:])
        if role:
            return role
    last_comma = max((i for i, w in enumerate(before) if w == ","), default=-1)
    role = _role_words(before[last_comma + 1:][-4:]) if before and before[-1] != "," else None
    if role:
        return role
    after = re.match(r",\s+(?:the\s+|a\s+|an\s+|its\s+)?(?:[\w’'-]+(?:’s|'s)\s+)?(?P<words>(?:[\w.-]+\s+){0,3}?[\w.-]+)"
                     r"(?=\s*(?:,|\.|\bof\b|\bat\b|\bfor\b|\bsaid\b|\btold\b|$))", text[end:end + 80])
    if after:
        return _role_words(after.group("words").split())
    return None


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 6):start]
    return not before.strip() or bool(re.search(r"(?:[.!?:;\n]|[-–—])[\s\"“]*$", before))


def _named_mid_sentence(text: str, name: str) -> bool:
    """The word is written with its capital somewhere it does not open a sentence: a name, not a noun."""
    return any(not _opens_sentence(text, m.start()) for m in re.finditer(r"\b" + re.escape(name) + r"\b", text))


def find_new(text: str, known: list[Mention], names: dict[str, str],
             spans: list[tuple[int, int]] | None = None) -> dict[str, NewEntity]:
    """Names to propose, by name: capitalised runs outside the registry's names (known, whose
    full names are in names) that the text types, looked for inside spans (the article's
    sentences: headings say little about what a name is)."""
    taken = [(m.start, m.end) for m in known]
    spans = spans or [(0, len(text))]
    proposals: dict[str, NewEntity] = {}
    for run_start, run_end in runs(text):
        if not any(a <= run_start and run_end <= b for a, b in spans):
            continue
        for start, end, titled in _split_titles(text, run_start, run_end):
            for a, b in _outside(start, end, taken):
                while a < b and text[a].isspace():
                    a += 1
                if any(m.kind == "company" and run_start <= m.start and m.end <= a and not text[m.end:a].strip()
                       for m in known):
                    continue  # "Kazeno Battery Canada": a unit of a known company, named after it, no one new
                kind_name = classify(text, a, b, titled, known) if b - a >= 2 else None
                if kind_name and kind_name[1] not in proposals:
                    role = role_of(text, a, b) if kind_name[0] == "person" else None
                    proposals[kind_name[1]] = NewEntity(*kind_name, role)
    shorts = {s for m in known for s in short_forms(m.kind, names.get(m.ref, ""))} | {
        s for p in proposals.values() for s in short_forms(p.kind, p.name)}
    return {name: p for name, p in proposals.items() if name not in shorts}


def _outside(start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """start..end with the taken ranges cut out."""
    parts = [(start, end)]
    for a, b in taken:
        parts = [piece for s, e in parts for piece in ((s, min(e, a)), (max(s, b), e)) if piece[1] - piece[0] > 1] \
            if any(a < e and b > s for s, e in parts) else parts
    return [(s, e) for s, e in parts if s < e]


def short_forms(kind: str, name: str) -> list[str]:
    """Shorter names an article uses once it has given the full one."""
    tokens = name.split()
    if kind == "person" and len(tokens) >= 2:
        return [t for t in (tokens[0], tokens[-1]) if len(t) >= 3 and t not in COMMON]
    if kind == "company" and len(tokens) >= 2 and len(tokens[0]) >= 3 and tokens[0] not in COMMON:
        return [tokens[0]]
    if kind == "factory" and len(tokens) >= 2 and tokens[-1].casefold() in FACTORY_NOUNS:
        return [" ".join(tokens[:-1])]
    return []


def _family_names(registry: Registry) -> dict[str, str]:
    """Person id -> family name, for registry people whose family name no one else has and that is no common
    word ("Solberg", not "Park" or "Kim"): news names them so once it has, or even before it names them whole."""
    counts: dict[str, list[str]] = {}
    for ref, kind in registry.kinds.items():
        if kind == "person":
            tokens = registry.names.get(ref, "").split()
            if len(tokens) >= 2:
                counts.setdefault(tokens[-1], []).append(ref)
    return {refs[0]: name for name, refs in counts.items()
            if len(refs) == 1 and len(name) >= 5 and name not in COMMON and name not in REGIONS and name[0].isupper()
            and not any(name == n for n in registry.names.values())}


def _inside_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def article_mentions(text: str, registry: Registry, spans: list[tuple[int, int]] | None = None,
                     source_names: tuple[str, ...] = ()) -> tuple[list[Mention], dict[str, NewEntity]]:
    """Every entity named in the article (registry names, new names, short forms), and the new ones. Words
    naming the source itself (its title, an alias such as the trade show it reports from) name no one."""
    own = [(m.start(), m.end()) for name in source_names if len(name) >= 3
           for m in re.finditer(re.escape(name), text)]
    known = [m for m in registry.find(text) if not _inside_any(m.start, m.end, own)]
    proposals = {name: p for name, p in find_new(text, known, registry.names, spans).items()
                 if not any(name in source or source in name for source in source_names)}
    local = Registry(kinds=dict(registry.kinds), names=dict(registry.names), employer=dict(registry.employer),
                     owner=dict(registry.owner), _terms={k: list(v) for k, v in registry._terms.items()})
    for entity in proposals.values():
        local.add_term(entity.name, entity.kind, entity.name)
    for m in known:
        if m.kind in ("person", "company", "factory"):
            for short in short_forms(m.kind, registry.names.get(m.ref, "")):
                local.add_term(short, m.kind, m.ref)
    for ref, short in _family_names(registry).items():
        local.add_term(short, "person", ref)  # "according to Solberg": a registry person, by family name
    for entity in proposals.values():
        for short in short_forms(entity.kind, entity.name):
            if short not in REGIONS:
                local.add_term(short, entity.kind, entity.name)
    mentions = [Mention(m.start, m.end, m.kind, m.ref, new=m.ref in proposals) for m in local.find(text)
                if not _inside_any(m.start, m.end, own)]
    return longest_first(mentions), proposals
