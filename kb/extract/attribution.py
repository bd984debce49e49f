"""Who a sentence attributes its words to.

Recognised: "X said ...", "..., X said", "said X, chief executive of Y", "X, a director
of Y, said", "X told reporters", "according to X", "X emphasizes that", pronouns
("he said": the last person named), the company in focus ("the company said", "the
battery maker said", "the filing said", "according to the company's annual report"),
anonymous sources ("according to people familiar with the matter": the source itself)
and analysts ("analysts at X said": X, and the words are an opinion).

Passing: '"We are on track," said Jane Doe, chief executive of Acme.' -> the mention Jane Doe.
Failing (no attribution): "Acme will build a plant in Ohio."
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import COMPANY_NOUNS, DOCUMENT_NOUNS, MEDIA_NOUNS, SPEECH_VERBS
from .names import Mention

_VERB = re.compile(r"\b(" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")\b")
_TO_LISTENER = frozenset("told tells tell".split())
# Verbs whose next name is what they are about, never who speaks ("expects Teller to delay", "welcomed Orin's plan").
_ABOUT = frozenset("""expect expects believes believed thinks estimate estimates forecast forecasts predict predicts
    predicted called described welcomed welcomes""".split())
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
# Between a speaker's name and the verb: nothing, an appositive in commas, an adverb or two.
_GAP_BEFORE = re.compile(r"^(?:’s|'s)?\s*(?:,[^,;\"“”]{1,90},\s*|,\s*)?(?:(?:also|has|have|had|previously|later|"
                         r"then|again|once|publicly|recently|repeatedly|separately|further|today|yesterday|"
                         r"on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\s+)*$", re.IGNORECASE)
# Between the verb and a speaker's name after it: a title or two ("said Chief Executive X").
_GAP_AFTER = re.compile(r"^\s+(?:[\w.’'-]+\s+){0,5}?$")
_NOUNS = "|".join(sorted(COMPANY_NOUNS | {"companies", "partners", "firms", "groups", "automakers", "carmakers"},
                         key=len, reverse=True))
_COMPANY_SUBJECT = re.compile(r"\b(?:the|its|both)\s+(?:[\w’'-]+\s+){0,2}?(?:" + _NOUNS + r")\s+(?:also\s+)?$",
                              re.IGNORECASE)
_DOCUMENT_SUBJECT = re.compile(r"\b(?:the|its|a|an)\s+(?:[\w’'-]+\s+){0,2}?(?:" + "|".join(DOCUMENT_NOUNS) +
                               r")\s+$", re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(r"\b(he|she|it)\s+(?:also\s+|later\s+|then\s+)?$|(?:[,\"”]\s*|^)(they)\s+(?:also\s+)?$",
                              re.IGNORECASE)  # "they" only after a quotation or a comma: "..., they wrote"
_PRONOUN_OFFICE = re.compile(r"\b(?P<owner>his|her)\s+(?:office|spokesperson|spokesman|spokeswoman|team|aides?|"
                             r"ministry|department|press\s+office)\s+$", re.IGNORECASE)
_ANONYMOUS = re.compile(r"\b(?:people|persons|sources|officials|executives|insiders|person|source|records|data|"
                        r"estimates|figures)\b", re.IGNORECASE)
_ANALYSTS = re.compile(r"\banalysts?\b", re.IGNORECASE)
# The press as the one speaking: "a new report", "media reports", "the trade magazine Autowelt" (a name after it).
_MEDIA = re.compile(r"^\s*(?:(?:a|an)\s+(?:[\w’'-]+\s+){0,2}?reports?\b|"  # "a filing" is the company's own
                    r"(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){0,2}?(?:" + "|".join(MEDIA_NOUNS) + r")\b)", re.IGNORECASE)
_MEDIA_SUBJECT = re.compile(r"\b(?:the|a|an)\s+(?:[\w’'-]+\s+){0,2}?(?:" + "|".join(MEDIA_NOUNS) + r")"
                            r"(?:\s+[A-Z][\w’'-]*){0,3}\s+(?:also\s+)?$", re.IGNORECASE)
# "a spokesperson said", "the company's spokeswoman said": the company in focus, through its voice.
_SPOKESPERSON = re.compile(r"\b(?:a|the|its|an)\s+(?:[\w’'-]+\s+){0,2}?(?:spokesperson|spokesman|spokeswoman|"
                           r"representative|press\s+officer)\s+(?:also\s+)?$|\b(?:a|an|one)\s+(?:senior\s+)?(?:company|firm|"
                           r"group)\s+(?:official|executive|source)\s+(?:also\s+)?$", re.IGNORECASE)
# Between "according to" and the person named: the role the text gives ("the town's mayor, ").
_ROLE_FIRST = re.compile(r"(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){0,4}?[\w’'-]+,\s+$")


# A person named only by a role: "its president", "the company's chief executive", "the town's mayor".
_TITLE = (r"(?P<title>president|chief\s+executive(?:\s+officer)?|ceo|chairman|chairwoman|chair|chief\s+financial\s+officer|"
          r"cfo|chief\s+operating\s+officer|coo|chief\s+technology\s+officer|cto|managing\s+director|mayor|governor|"
          r"premier|regent|plant\s+manager|general\s+manager)")
_ROLE = re.compile(r"(?:its|their|the\s+(?:company|firm|group|town|city|county|state|province|region|regency|shire|"
                   r"district|municipality)[’']s|the)\s+" + _TITLE,
                   re.IGNORECASE)
_ROLE_SUBJECT = re.compile(r"(?:^|[,;]\s+)(?:its|their|the\s+(?:company|firm|group|town|city|county|state)[’']s)\s+" + _TITLE
                           + r"\s+(?:also\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Attribution:
    """Who the words are attributed to, and where the attributing words are in the text."""

    start: int                      # the attributing words ("Chief Executive Jane Doe said"), in the text
    end: int
    mention: Mention | None = None  # a named speaker
    pronoun: str | None = None      # he, she, they, we, it
    company_in_focus: bool = False  # "the company said", "the filing said", "according to its report"
    anonymous: bool = False         # "according to people familiar with the matter"
    analyst: bool = False
    role: str | None = None         # a person named by their role only: "its president said", "the town's mayor"


def _speakers(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.kind in ("person", "company")]


def attribute(text: str, mentions: list[Mention], offset: int = 0) -> Attribution | None:
    """The attribution in text (a sentence or clause starting at offset in the article); mentions in
    article offsets. A person named as speaker wins over a company."""
    local = [Mention(m.start - offset, m.end - offset, m.kind, m.ref, m.new) for m in _speakers(mentions)
             if offset <= m.start and m.end <= offset + len(text)]
    found: list[Attribution] = []
    for m in _ACCORDING.finditer(text):
        found.append(_according(text, m, local))
    for m in _VERB.finditer(text):
        if text[max(0, m.start() - 6):m.start()].casefold().endswith(("be ", "is ", "was ")):
            continue  # "to be called", "is said to"
        attribution = _around_verb(text, m, local)
        if attribution is not None:
            found.append(attribution)
    if not found:
        return None
    found.sort(key=lambda a: (not (a.mention and a.mention.kind == "person"), a.mention is None, a.role is None,
                              a.start))
    best = found[0]
    return Attribution(best.start + offset, best.end + offset,
                       None if best.mention is None else Mention(best.mention.start + offset, best.mention.end + offset,
                                                                 best.mention.kind, best.mention.ref, best.mention.new),
                       best.pronoun, best.company_in_focus, best.anonymous, best.analyst, best.role)


def _according(text: str, m: re.Match, local: list[Mention]) -> Attribution:
    rest = text[m.end():m.end() + 60]
    end = m.end() + (re.search(r"[,.;]|$", rest).start())
    named = next((x for x in local if m.end() <= x.start <= m.end() + 25), None) or next(
        (x for x in local if x.kind == "person" and m.end() <= x.start <= m.end() + 60
         and _ROLE_FIRST.fullmatch(text[m.end():x.start])), None)
    analyst = bool(_ANALYSTS.search(text[m.end():m.end() + 25]))
    if named is not None:
        return Attribution(m.start(), max(end, named.end), named, analyst=analyst)
    words = rest[:end - m.end()]
    if _MEDIA.match(words):  # "according to a new report", "according to media reports": the source relays it
        return Attribution(m.start(), end, anonymous=True)
    role = _ROLE.fullmatch(words.strip())
    if role:
        return Attribution(m.start(), end, role=role.group("title").casefold())  # "according to the town's mayor"
    if re.search(r"\b(?:its|the\s+company[’']s|the\s+firm[’']s|the\s+group[’']s)\b", words, re.IGNORECASE) or re.fullmatch(
            r"\s*(?:the\s+(?:company|firm|group)|(?:the\s+|its\s+)?management)\s*", words, re.IGNORECASE) or (
            re.search(r"\b(?:" + "|".join(DOCUMENT_NOUNS) + r")\b", words, re.IGNORECASE)
            and not _ANONYMOUS.search(words) and not re.search(r"\b(?:state|government|federal|city)\b", words, re.I)):
        return Attribution(m.start(), end, company_in_focus=True)
    return Attribution(m.start(), end, anonymous=True, analyst=analyst)


def _around_verb(text: str, verb: re.Match, local: list[Mention]) -> Attribution | None:
    before = text[:verb.start()]
    after_end = verb.end() + (re.search(r"[,.;]|$", text[verb.end():]).start())
    fitting = [x for x in local if x.end <= verb.start() and _GAP_BEFORE.match(text[x.end:verb.start()])]
    if fitting:  # "Kim, chief executive of LGES, told": the person, not the company in the appositive
        mention = next((x for x in fitting if x.kind == "person"), fitting[-1])
        start = _title_start(text, mention.start)
        analyst = bool(_ANALYSTS.search(text[max(0, start - 20):mention.end])) or bool(
            re.match(r",\s+(?:an?\s+|the\s+|senior\s+|chief\s+)*analysts?\b", text[mention.end:verb.start()], re.I))
        return Attribution(start, verb.end(), mention, analyst=analyst)
    following = next((x for x in local if x.start >= verb.end()), None)
    if verb.group() in _TO_LISTENER or verb.group() in _ABOUT:
        following = None  # "told Reuters": whom they told, not who spoke; "expects Teller to": what they expect of
    if following is not None and _GAP_AFTER.match(text[verb.end():following.start]) and not re.match(
            r"\s+(?:that|the|a|an|it|its)\b", text[verb.end():], re.IGNORECASE):
        end = re.search(r"[.;]|$", text[following.end:]).start() + following.end
        analyst = bool(re.match(r",\s+(?:an?\s+|the\s+|senior\s+|chief\s+|lead\s+)*analysts?\b", text[following.end:], re.I))
        return Attribution(verb.start() - (1 if text[verb.start() - 2:verb.start()] == ", " else 0), end, following,
                           analyst=analyst)  # "..., said Jane Doe, an analyst at Ridge Securities"
    role = _ROLE_SUBJECT.search(before)
    if role:  # "its president said", "the company's chief executive told reporters"
        return Attribution(role.start(), verb.end(), role=role.group("title").casefold())
    pronoun = _PRONOUN_SUBJECT.search(before) or _PRONOUN_OFFICE.search(before)
    if pronoun:
        word = (pronoun.group(1) or pronoun.group(2)).casefold()
        return Attribution(pronoun.start(), verb.end(), pronoun={"his": "he", "her": "she"}.get(word, word))
    inverted = re.match(r"\s+the\s+(?:[\w’'-]+\s+){0,2}?(?:" + _NOUNS + r")\b"
                        r"(?:\s+(?:on|in)\s+[\w ]{1,30})?(?=[,.;]|$)", text[verb.end():], re.IGNORECASE)
    if inverted:
        return Attribution(verb.start(), verb.end() + inverted.end(), company_in_focus=True)
    if _MEDIA_SUBJECT.search(before):  # "the trade magazine Autowelt reported", "the publication also stated"
        return Attribution(_MEDIA_SUBJECT.search(before).start(), verb.end(), anonymous=True)
    company = _COMPANY_SUBJECT.search(before) or _DOCUMENT_SUBJECT.search(before) or _SPOKESPERSON.search(before)
    if company:
        return Attribution(company.start(), verb.end(), company_in_focus=True)
    if _ANALYSTS.search(before[-30:]):
        return Attribution(verb.start(), verb.end(), anonymous=True, analyst=True)
    if re.search(_ANONYMOUS.pattern + r"(?:\s+(?:familiar|close|with\s+knowledge|briefed|involved)\b[^,;]{0,40})?[\s,]*$",
                 before[-60:], re.IGNORECASE):  # "people familiar with the matter said"; not "540 people and expects"
        return Attribution(verb.start(), verb.end(), anonymous=True)
    del after_end
    return None


def _title_start(text: str, start: int) -> int:
    """Where the words naming a speaker begin, titles included ("Chief Executive Jane Doe")."""
    m = re.search(r"(?:\b(?:[A-Z][\w’'.-]*|chief|executive|officer|technology|financial|operating|deputy|vice|"
                  r"president|minister|director|governor|analyst|spokesperson)\s+){1,5}$", text[:start])
    return m.start() if m else start
