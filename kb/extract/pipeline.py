"""From an article's text to draft claims: passages, names, attribution, period, status, merging.

`extract` is a pure function of the text, the registry and the source's id and date. The
article is read in order, keeping what news prose leaves implicit: the company in focus
("the company said", "it will"), the last person named ("she said"), the plant in focus
("the plant"), and each person's company once the text has given it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

from ..model import period_words as periods
from . import clauses, dedupe, segment
from .attribution import Attribution, attribute
from .lexicon import EVENT_NOUNS, PUBLIC_BODIES, PUBLIC_TITLES, REGIONS
from .names import Mention, Registry
from .newnames import NewEntity, article_mentions
from .status import _RELATIVE, PLANNED, has_cue, status_of

QUANTITY = re.compile(r"[$€£¥]\s?\d|\b\d[\d,.]*\s?(?:%|percent|per\s+cent|[kMGT]Wh|[kMG]W|jobs|workers|billion|"
                      r"million|trillion|tonnes|tons|units|vehicles|cells|won|yuan|euros?|dollars|zlotys?|yen)\b"
                      r"|\b\d{1,3}(?:,\d{3})+\b")
_COMPANY_REF = re.compile(r"\b(?:the|its)\s+(?:[\w’'-]+\s+){0,2}?(?:company|firm|group|automaker|carmaker|maker|"
                          r"manufacturer|supplier|producer|startup|battery-maker)\b|^(?:It|it)\s", re.IGNORECASE)
_FACTORY_REF = re.compile(r"\b(?:the|its)\s+(?:new\s+|planned\s+|existing\s+)?(?:plant|factory|gigafactory|facility|"
                          r"site)\b(?!\s+(?:in|near|at)\b)", re.IGNORECASE)
_PUBLIC_SUBJECT = re.compile(r"^(?:the\s+)?(?:[\w-]+\s+)?(?:state|government|ministry|administration|agency|city|"
                             r"council|regulators?|department|commission|parliament|congress|authorities|county)\s+"
                             r"(?:will|would|is|are|has|have|had|was|were|plans|said|says|expects|aims|intends)\b",
                             re.IGNORECASE)
_LEAD = re.compile(r"^(?:(?:moreover|however|meanwhile|separately|additionally|in addition|also|but|and|so|still|"
                   r"as we look ahead|at the same time|in the meantime|in other news)\b[,\s]*)+"
                   r"(?:it[’']?s clear that\s+)?"
                   r"|^(?:as we look ahead,\s+)?it[’']?s clear that\s+|^with\s+", re.IGNORECASE)
PLAN_STATUSES = ("planned", "considering", "underway", "done", "cancelled")


@dataclass
class Unit:
    """One clause of the article, read."""

    passage: segment.Passage
    mentions: list[Mention]
    attribution: Attribution | None
    values: dict
    bearing: bool
    words: frozenset = frozenset()
    new: list[NewEntity] = field(default_factory=list)
    quoted: bool = False  # the whole clause is a quotation


@dataclass
class Focus:
    """What the article is talking about at this point of the reading."""

    company: str | None = None
    factory: str | None = None
    person: str | None = None
    employer: dict = field(default_factory=dict)   # person -> company, as the text gives it
    officials: set = field(default_factory=set)    # people holding a public office
    speaker: dict = field(default_factory=dict)    # paragraph -> the last person quoted in it


def extract(text: str, registry: Registry, source: str, said: date | None = None,
            taken: frozenset[str] = frozenset(), progress=None) -> list[dict]:
    """Draft claims (dicts of claim fields, plus `also` and `new`) for the article text; progress(done,
    total), when given, hears how many passages are read."""
    passages = segment.passages(text)
    mentions, proposals = article_mentions(text, registry, [(p.start, p.end) for p in passages])
    focus = Focus()
    units: list[Unit] = []
    for done, passage in enumerate(passages):
        if progress is not None:
            progress(done, len(passages))
        sentence_attribution = attribute(text[passage.start:passage.end], mentions, passage.start)
        for clause in clauses.split(text, passage, mentions):
            units.append(_read(text, clause, mentions, sentence_attribution, registry, focus, source, said, proposals))
    _quotations(units, source)
    return _drafts(text, units, source, taken)


def _read(text: str, clause: segment.Passage, mentions: list[Mention], sentence_attribution: Attribution | None,
          registry: Registry, focus: Focus, source: str, said: date | None,
          proposals: dict[str, NewEntity]) -> Unit:
    words = text[clause.start:clause.end]
    inside = [m for m in mentions if clause.start <= m.start and m.end <= clause.end]
    attribution = attribute(words, mentions, clause.start)
    own_subject = any(m.start == clause.start and m.kind in ("company", "person") for m in inside)
    if attribution is None and sentence_attribution is not None and not own_subject and not (
            clause.start <= sentence_attribution.start < clause.end):
        attribution = sentence_attribution  # "X said A and that B": B is X's too
    subject = _subject_company(words, clause.start, inside, attribution, focus)
    agents = [(m.start - clause.start, m.end - clause.start) for m in inside if m.kind != "product"]
    status = status_of(_masked(words, inside, clause.start), agents, analyst=bool(attribution and attribution.analyst))
    public = bool(_PUBLIC_SUBJECT.match(_LEAD.sub("", words)))  # "The state will provide ...": no company's plan
    if public:
        subject = None
    speaker = _speaker(attribution, subject, focus, source, status, inside, registry)
    if public and attribution is None:
        speaker = source
    if (attribution is not None and attribution.mention is not None and attribution.mention.ref == speaker
            and speaker not in registry.employer and _official(text, attribution)):
        focus.officials.add(speaker)
    kind = registry.kinds.get(speaker) or (proposals[speaker].kind if speaker in proposals else None)
    company = _company(speaker, kind, attribution, subject, status, focus, registry, source, inside, public)
    factory = next((m.ref for m in inside if m.kind == "factory" and not _only_a_place(text, m, company, registry)),
                   None)
    if factory is None and _FACTORY_REF.search(words) and not re.search(r"\bproject\b", words[:20], re.I):
        factory = focus.factory
    if company is None and factory and status != "opinion" and speaker != source:
        company = registry.owner.get(factory)
    if company is None and factory and speaker == (registry.owner.get(factory) or "-"):
        company = speaker
    when, inferred, note = _when(words, said, status, attribution, clause.start)
    if status == "done" and when and PLANNED.search(_masked(words, inside, clause.start)) and not _is_past(when, said):
        status = "planned"  # "output had reached 4 GWh and would rise to 16 GWh by 2028"
    values = {"speaker": speaker, "company": company,
              "concerns": _unique(m.ref for m in inside if m.kind == "company" and m.ref not in (company, speaker)),
              "product": next((m.ref for m in inside if m.kind == "product"), None),
              "factory": factory, "when": when, "status": status, "inferred": inferred, "note": note}
    has_entity = bool(inside) or attribution is not None or bool(_COMPANY_REF.search(words)
                                                                 or _FACTORY_REF.search(words))
    timed = bool(periods.find(words, said)) or bool(QUANTITY.search(words))
    eventful = bool({w.casefold() for w in re.findall(r"[\w-]+", words)} & EVENT_NOUNS)
    bearing = len(words.split()) >= 4 and (
        (has_entity and (has_cue(words) or timed or attribution is not None))
        or (status == "opinion" and eventful)
        or (status in PLAN_STATUSES and timed))
    _remember(focus, clause, inside, subject, factory, speaker, company, attribution, registry)
    new = [proposals[m.ref] for m in inside if m.new and m.ref in proposals]
    quoted = clause.in_quote or bool(re.fullmatch(r"[\"“][^\"“”]+[\"”]\.?", words))
    words_of = dedupe.content_words(text, clause.start, clause.end, mentions)
    return Unit(clause, inside, attribution, values, bearing, words_of, _unique(new), quoted)


def _only_a_place(text: str, mention: Mention, company: str | None, registry: Registry) -> bool:
    """A factory's alias that is a place ("Arizona") named as a place ("a site in Arizona"), in a claim
    about another company: the place, not that factory."""
    owner = registry.owner.get(mention.ref)
    return (text[mention.start:mention.end] in REGIONS and owner is not None and owner != company
            and not re.match(r"\s+(?:plant|factory|gigafactory|facility|site)\b", text[mention.end:mention.end + 12]))


def _masked(words: str, inside: list[Mention], offset: int) -> str:
    """words with each name replaced by 'X' letters of the same length: "Lee Jae-won" says nothing of "won"."""
    for m in inside:
        a, b = m.start - offset, m.end - offset
        words = words[:a] + "X" * (b - a) + words[b:]
    return words


def _unique(items) -> list:
    out = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


_PREPOSITION = re.compile(r"\b(?:for|to|from|with|by|at|of|on|than|between|into|over|about|against|like|including|"
                          r"among|and|as|toward|towards|via|under)\s+$", re.IGNORECASE)


def _subject_company(words: str, offset: int, inside: list[Mention], attribution: Attribution | None,
                     focus: Focus) -> str | None:
    """The company the clause is about: the first company named as a subject, or referred to ("the
    company", "it": the company named just before, else the company in focus)."""
    skip = (attribution.start - offset, attribution.end - offset) if attribution else (0, 0)
    companies = [(m.start - offset, m.end - offset, m.ref) for m in inside if m.kind == "company"]
    candidates = []
    for start, end, ref in companies:
        if skip[0] <= start < skip[1]:
            continue
        if start > 0 and (_PREPOSITION.search(words[max(0, start - 12):start])
                          or re.match(r"(?:’s|'s)\s+(?!chief|ceo|president)", words[end:end + 12]) and start > 3):
            continue
        candidates.append((start, ref))
    ref = _COMPANY_REF.search(words)
    if ref and not (skip[0] <= ref.start() < skip[1]):
        before = [r for s, _, r in companies if s < ref.start()]
        resolved = before[-1] if before else focus.company
        if resolved:
            candidates.append((ref.start(), resolved))
    return min(candidates)[1] if candidates else None


def _speaker(attribution: Attribution | None, subject: str | None, focus: Focus, source: str, status: str,
             inside: list[Mention], registry: Registry) -> str:
    if attribution is not None:
        if attribution.mention is not None:
            return attribution.mention.ref
        if attribution.pronoun in ("he", "she") and focus.person:
            return focus.person
        if attribution.company_in_focus or attribution.pronoun in ("it", "we", "they"):
            return subject or focus.company or source
        return source
    if status == "opinion":
        return source
    owner = next((registry.owner.get(m.ref) for m in inside if m.kind == "factory" and registry.owner.get(m.ref)), None)
    return subject or owner or focus.company or source


def _official(text: str, attribution: Attribution | None) -> bool:
    """The speaker is named with a public title or body ("Governor X", "X, director of the Y Department")."""
    if attribution is None or attribution.mention is None:
        return False
    around = text[max(0, attribution.start - 60):attribution.end + 60]
    tokens = {w.casefold() for w in re.findall(r"[\w’'-]+", around)}
    return bool(tokens & PUBLIC_TITLES) or any(w in PUBLIC_BODIES for w in re.findall(r"\w+", around))


def _company(speaker: str, kind: str | None, attribution: Attribution | None, subject: str | None, status: str,
             focus: Focus, registry: Registry, source: str, inside: list[Mention], public: bool = False) -> str | None:
    if kind == "person":
        if speaker in registry.employer:
            return registry.employer[speaker]
        if speaker in focus.officials:
            return None
        return focus.employer.get(speaker) or _adjacent_company(attribution, inside) or subject or focus.company
    if kind == "company":
        if status == "opinion" and subject != speaker:
            return None
        return speaker
    if speaker == source and status == "opinion" or public:
        return None
    return subject or (focus.company if speaker != source or status in PLAN_STATUSES else None)


def _adjacent_company(attribution: Attribution | None, inside: list[Mention]) -> str | None:
    """A company named in the attributing words ("Rafael Ortiz, Kestrel's chief executive")."""
    if attribution is None:
        return None
    return next((m.ref for m in inside if m.kind == "company" and attribution.start <= m.start < attribution.end + 40),
                None)


def _is_past(when: str, said: date | None) -> bool:
    years = [int(y) for y in re.findall(r"\d{4}", when)]
    return bool(said and years and max(years) < said.year) or bool(
        said and re.fullmatch(r"\d{4}-\d\d", when) and when < f"{said.year}-{said.month:02d}")


def _when(words: str, said: date | None, status: str, attribution: Attribution | None,
          offset: int) -> tuple[str | None, dict, str | None]:
    found = periods.find(words, said)
    relative_spans = [(m.start(), m.end()) for m in _RELATIVE.finditer(words)]
    skip = (attribution.start - offset, attribution.end - offset) if attribution else (0, 0)

    def in_relative(w) -> bool:
        return any(a <= w.start < b for a, b in relative_spans)

    usable = [w for w in found if not (skip[0] <= w.start < skip[1])]
    main = [w for w in usable if not in_relative(w) and (not w.past or status in ("done", "cancelled"))]
    chosen = main[0] if main else next((w for w in usable if in_relative(w) and not w.past), None)
    if chosen is None:
        return None, {}, None
    chosen = periods.resolve_month(chosen, said, past=status in ("done", "cancelled") or chosen.past)
    if chosen.text is None:
        return None, {}, (f"“{chosen.words}”: the source gives no date, so `when` is left unknown; "
                          "add it if another source dates it.")
    return chosen.text, ({"when": chosen.words} if chosen.relative else {}), None


def _remember(focus: Focus, clause, inside: list[Mention], subject: str | None, factory: str | None, speaker: str,
              company: str | None, attribution: Attribution | None, registry: Registry) -> None:
    people = [m.ref for m in inside if m.kind == "person"]
    if people:
        focus.person = people[-1]
    if attribution is not None and attribution.mention is not None and attribution.mention.kind == "person":
        focus.speaker[clause.paragraph] = attribution.mention.ref
        if company and speaker not in registry.employer:
            focus.employer.setdefault(speaker, company)
    if subject:
        focus.company = subject
    elif focus.company is None:
        focus.company = next((m.ref for m in inside if m.kind == "company"), None)
    factories = [m.ref for m in inside if m.kind == "factory"]
    if factories:
        focus.factory = factories[-1]


def _quotations(units: list[Unit], source: str) -> None:
    """A quotation with no attribution of its own takes its speaker from the sentences around it."""
    for i, unit in enumerate(units):
        if unit.attribution is not None or not unit.quoted:
            continue
        for j in (i + 1, i - 1, i - 2, i + 2):
            if 0 <= j < len(units) and units[j].passage.paragraph == unit.passage.paragraph:
                other = units[j]
                if other.attribution is not None and other.attribution.mention is not None \
                        and other.attribution.mention.kind == "person":
                    unit.values["speaker"] = other.values["speaker"]
                    unit.values["company"] = other.values["company"]
                    unit.bearing = True
                    break


def _drafts(text: str, units: list[Unit], source: str, taken: frozenset[str]) -> list[dict]:
    bearing = [u for u in units if u.bearing]
    bullets = [u for u in bearing if u.passage.kind == "bullet"]
    body = [u for u in bearing if u.passage.kind == "body"]
    pairs = dedupe.pairs([u.words for u in bullets], [u.words for u in body])
    merged_body = set(pairs.values())
    groups: list[tuple[Unit, list[Unit]]] = []
    for i, bullet in enumerate(bullets):
        if i in pairs:
            other = body[pairs[i]]
            if other.attribution is not None and bullet.attribution is None:
                groups.append((other, [bullet]))
            else:
                groups.append((bullet, [other]))
        else:
            groups.append((bullet, []))
    groups += [(u, []) for j, u in enumerate(body) if j not in merged_body]
    groups.sort(key=lambda g: min([g[0].passage.start] + [o.passage.start for o in g[1]]))
    drafts, ids = [], set(taken)
    for primary, others in groups:
        drafts.append(_draft(text, primary, others, source, ids))
    return drafts


def _draft(text: str, primary: Unit, others: list[Unit], source: str, ids: set[str]) -> dict:
    from ..edit.new import choose_id, slug

    values = dict(primary.values)
    for other in others:
        more = other.values.get("when")
        if more and values.get("when") and more.startswith(values["when"] + "-"):
            values["when"] = more  # "in 2027" in the bullet, "in the first half of 2027" in the body
            values["inferred"] = dict(other.values.get("inferred") or {})
        for key in ("when", "factory", "product", "company"):
            if key == "company" and other.values["speaker"] != values["speaker"]:
                continue  # "Nevada's governor said" in the bullet is no company's word
            if not values.get(key) and other.values.get(key):
                values[key] = other.values[key]
                if key == "when" and other.values.get("inferred"):
                    values["inferred"] = dict(other.values["inferred"])
    quote = primary.passage.text(text)
    draft = {"id": None, "claim": claim_text(quote, primary.attribution, primary.passage.start), **values,
             "source": source, "quote": quote, "tags": [],
             "also": [o.passage.text(text) for o in others],
             "new": [e.command() for e in _unique([*primary.new, *(e for o in others for e in o.new)])]}
    naming = {**draft, "company": slug(draft["company"] or "") or None, "speaker": slug(draft["speaker"] or "")}
    draft["id"] = choose_id(SimpleNamespace(claims_by_id=ids, entities_by_id={}), naming)
    ids.add(draft["id"])
    return draft


def claim_text(quote: str, attribution: Attribution | None, offset: int) -> str:
    """The quote lightly normalised: a closing attribution (", the company said on Tuesday") and
    leading connectives ("Moreover, ") cut, quotation marks dropped, first letter capital."""
    text = quote
    if attribution is not None:
        a, b = attribution.start - offset, attribution.end - offset
        if 0 < a and b >= len(text.rstrip(" .")) - 1 and len(text[:a].split()) >= 3:
            text = text[:a].rstrip(" ,")
    text = _LEAD.sub("", text.strip()).strip(" ,\"“”")
    if not text:
        text = quote.strip(" \"“”")
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text.rstrip(",;:") + "."
