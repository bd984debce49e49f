"""Cut a sentence into clauses where it makes two claims, keeping exact offsets.

Cuts are made only where both sides stand on their own:
- at a semicolon;
- "X said A and that B": two reported statements;
- "X called the delay 'disappointing' and said B": when the first part says something itself
  (a quotation, a judgement, a plan, a date);
- ", and Y will ...", ", while Y said ...": a second subject that is an entity, with its verb;
- ", with B planned for 2027" after a first part with its own date: two timelines.

Passing: "Calder will take a 51% stake and Brightvolt will contribute its technology." -> two.
Failing (one clause): "LG Energy Solution (LGES), and their recent announcement ...".
"""

from __future__ import annotations

import re

from ..model import period_words as periods
from .names import Mention
from .segment import Passage
from .milestones import milestone_of
from .status import has_cue, status_of

_SPEECH = re.compile(r"\b(?:said|says|told|added|noted|stated|announced)\b")
_SUBJECT_VERB = re.compile(r"\s+(?:also\s+|instead\s+|separately\s+)?"
                           r"(?:will|would|plans?|said|says|is|are|has|have|had|"
                           r"expects?|aims?|intends?|announced|agreed|signed|began|started|is\s+set|was|were)\b")


_FINITE = re.compile(r"\b(?:will|would|should|is|are|was|were|be|remains?|has|have|had|plans?|expects?|aims?|intends?|"
                     r"hopes?|targets?)\b", re.IGNORECASE)
# ", and plans for a second stage have been scrapped", ", and plans to hire 90 more workers have been dropped": a plan
# called off beside another claim.
_PLANS_CALLED_OFF = re.compile(r"(?:the\s+|its\s+|their\s+)?plans?\s+(?:for|to)\s+[^,;]{3,80}?\s+(?:has|have|had)\s+been\s+"
                               r"(?:scrapped|dropped|cancell?ed|shelved|abandoned|axed|ditched|suspended|halted)\b",
                               re.IGNORECASE)
# "The plant, which cost about 180 billion yen, is the first ...": what the plant cost, a claim of its own.
_COST_RELATIVE = re.compile(r",\s+which\s+(?:has\s+)?cost\s+[^,;]*?\d[^,;]*,", re.IGNORECASE)
# ", on top of the 900 billion won it has already invested": a second amount with its own verb.
_ON_TOP = re.compile(r",\s+(?:on\s+top\s+of|in\s+addition\s+to|besides)\s+(?=(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?"
                     r"(?:[$€£¥₩]\s?)?\d[^,;]*\b(?:has|have|had|was|were)\b)", re.IGNORECASE)
# A verb a second clause opens with after " and " ("plans to break ground in the spring and start production in 2026",
# "has pushed back production to 2026 and dropped plans for a second line").
_SECOND_VERB = re.compile(r"(?:start|begin|open|break|complete|finish|reach|hire|build|launch|ship|deliver|add|install|"
                          r"resume|restart|expand|double|produce|dropped|scrapped|cancell?ed|abandoned|suspended|shelved|"
                          r"halted|began|started|completed|opened|launched|shipped|delivered|added|reached|hired|"
                          r"postponed|delayed|pushed|moved)\w*\b(?<!ies)(?<!ments)(?<!ment)(?<!tion)(?<!tions)(?<!ers)",
                          re.IGNORECASE)  # a verb, not a noun ("deliveries", "shipments", "production", "openers")
# A second clause with its own subject and a past verb after "after" ("began in January after sample shipments
# started in October").
_AFTER_CLAUSE = re.compile(r"(?:[\w’'-]+\s+){1,6}?(?:started|began|begun|finished|completed|opened|ended|was|were|had|"
                           r"reached|shipped|arrived)\b", re.IGNORECASE)
# A relative clause telling of a step done, with its day (", which broke ground on its plant in November,"), before
# the sentence's own verb: a claim of its own.
_DONE_RELATIVE = re.compile(r",\s+(?:which|who)\s+(?:broke|began|started|completed|finished|opened|restarted|resumed|"
                            r"launched|shipped|delivered|installed)\b[^,;]*,", re.IGNORECASE)
# A second clause's own subject right after ", and": a noun phrase and its verb within a few words.
_NEW_SUBJECT = re.compile(r"(?!(?:is|are|was|were|will|would|has|have|had|remains?|then|also)\b)(?:[\w’'-]+\s+){1,7}?"
                          r"(?:is|are|was|were|will|would|has|have|had|remains?|aims?|plans?|expects?|intends?|hopes?)\b")


def opens_with_verb(words: str) -> bool:
    """A clause cut after " and " that opens with its verb ("start mass production in 2026"): its subject and
    its mood are the clause's before."""
    return bool(re.match(r"(?!(?:dropped|scrapped|cancell?ed|abandoned|suspended|shelved|halted|began|started|completed|"
                         r"opened|launched|shipped|delivered|added|reached|hired|postponed|delayed|pushed|moved)\b)"
                         + _SECOND_VERB.pattern, words))


def _two_steps(left: str, right: str) -> bool:
    """The two parts tell of two steps of a plan (trial production done, volume output planned), each its
    own claim; one step said twice ("has started hiring and aims to fill 400 positions") stays one."""
    a, b = milestone_of(left), milestone_of(right)
    return a is not None and b is not None and a != b


def _two_amounts(left: str, right: str) -> bool:
    """Each part states an amount of its own kind ("a capacity of 20 GWh a year, and will employ 1,000 people"),
    one of them a step of a plan: two claims."""
    from .amounts import amounts

    a, b = set(amounts(left)), set(amounts(right))
    return bool(a) and bool(b) and not a & b and (milestone_of(left) is not None or milestone_of(right) is not None)


def split(text: str, passage: Passage, mentions: list[Mention]) -> list[Passage]:
    """The passage, or its clauses when it holds more than one claim."""
    cuts = _cuts(text, passage.start, passage.end, mentions)
    if not cuts:
        return [passage]
    out, start = [], passage.start
    for left_end, right_start in cuts:
        out.append(_piece(text, passage, start, left_end))
        start = right_start
    out.append(_piece(text, passage, start, passage.end))
    return [p for p in out if p is not None] or [passage]


def _piece(text: str, passage: Passage, start: int, end: int) -> Passage | None:
    while end > start and text[end - 1] in " ,;":
        end -= 1
    while start < end and text[start] == " ":
        start += 1
    if len(text[start:end].split()) < 3:
        return None
    return Passage(start, end, passage.kind, passage.paragraph, passage.in_quote, passage.role)


def _cuts(text: str, start: int, end: int, mentions: list[Mention]) -> list[tuple[int, int]]:
    sentence = text[start:end]
    cuts: list[tuple[int, int]] = []
    names = [m for m in mentions if start <= m.start < end and m.kind in ("person", "company")]
    for m in re.finditer(r";\s+", sentence):
        left, right = sentence[:m.start()], sentence[m.end():]
        if not (has_cue(left) or periods.find(left)):
            continue  # "Stage 1: 1 GWh a year; commercial production targeted for FY25": a heading and its claim
        if len(right.split()) <= 8 and milestone_of(right) is not None and milestone_of(right) == milestone_of(left):
            continue  # "had hired 300 of the 1,500 workers planned; hiring has been frozen": what became of that step
        cuts.append((start + m.start(), start + m.end()))
    speech = _SPEECH.search(sentence)
    for m in re.finditer(r",?\s+and\s+that\s+", sentence):
        if speech and speech.start() < m.start():
            cuts.append((start + m.start(), start + m.end()))
    for m in re.finditer(r",?\s+and\s+(?=(?:said|added|told)\b)", sentence):
        left = sentence[:m.start()]
        if re.search(r"[\"“”]", left) or has_cue(left) or periods.find(left):
            cuts.append((start + m.start(), start + m.end()))
    for m in re.finditer(r",?\s+(?:and|but|while|whereas)\s+", sentence):
        after = start + m.end()
        name = next((n for n in names if n.start == after), None)
        left = sentence[:m.start()]
        if name and _SUBJECT_VERB.match(text, name.end) and len(left.split()) >= 4 and (
                has_cue(left) or periods.find(left) or re.search(r"[\"“”]", left)):
            cuts.append((start + m.start(), after))
    for m in re.finditer(r",\s+(?:and|but)\s+(?!that\b)", sentence):
        left, right = sentence[:m.start()], sentence[m.end():]
        if periods.find(left) and periods.find(right) and (_FINITE.search(right) or _two_steps(left, right)
                                                           and _SECOND_VERB.search(right)):
            cuts.append((start + m.start(), start + m.end()))
        elif _NEW_SUBJECT.match(right) and len(left.split()) >= 6 and (periods.find(right) or _two_steps(left, right)) \
                and _FINITE.search(left) and has_cue(left) and \
                status_of(left, stepped=True) != status_of(right, stepped=True):
            cuts.append((start + m.start(), start + m.end()))  # "X has begun installing ..., and trial production is planned ..."
    for m in re.finditer(r",\s+and\s+(?=" + _PLANS_CALLED_OFF.pattern + ")", sentence, re.IGNORECASE):
        if len(sentence[:m.start()].split()) >= 4 and has_cue(sentence[:m.start()]):
            cuts.append((start + m.start(), start + m.end()))  # "..., and plans for a second stage have been scrapped"
    for m in _COST_RELATIVE.finditer(sentence):
        if m.start() > 0 and len(sentence[m.end():].split()) >= 3:
            cuts.append((start + m.end() - 1, start + m.end()))  # "The plant, which cost about 180 billion yen, | is ..."
    for m in _ON_TOP.finditer(sentence):
        if has_cue(sentence[:m.start()]):
            cuts.append((start + m.start(), start + m.end()))  # "will cost 350 billion won, on top of the 900 ... invested"
    for m in re.finditer(r"\s+and\s+(?=(?:the|its|their)\s)", sentence):
        left, right = sentence[:m.start()], sentence[m.end():]
        if not left.endswith(",") and len(left.split()) >= 4 and _NEW_SUBJECT.match(right) and has_cue(left) and \
                has_cue(right) and _two_steps(left, right) and \
                status_of(left, stepped=True) != status_of(right, stepped=True):
            cuts.append((start + m.start(), start + m.end()))  # "The shell was completed in June and the lines are being installed"
    for m in re.finditer(r"\s+and\s+(?=" + _SECOND_VERB.pattern + ")", sentence, re.IGNORECASE):
        left, right = sentence[:m.start()], sentence[m.end():]
        if len(left.split()) >= 4 and has_cue(left) and (periods.find(right) or has_cue(right)
                                                         or status_of(left, stepped=True) == "done") and (
                _two_steps(left, right) or status_of(right, stepped=True) in ("cancelled", "done")
                and status_of(left, stepped=True) != status_of(right, stepped=True)):
            cuts.append((start + m.start(), start + m.end()))  # "... to late 2026 and dropped plans for a line"
    for m in re.finditer(r"\s+after\s+(?=" + _AFTER_CLAUSE.pattern + ")", sentence, re.IGNORECASE):
        left, right = sentence[:m.start()], sentence[m.end():]
        if periods.find(right) and periods.find(left) and _two_steps(left, right):
            cuts.append((start + m.start(), start + m.end()))  # "began in January after samples started in October"
    for m in _DONE_RELATIVE.finditer(sentence):
        left, relative, right = sentence[:m.start()], sentence[m.start():m.end()], sentence[m.end():]
        if len(left.split()) >= 1 and periods.find(relative) and _two_steps(relative, right) and has_cue(right) \
                and not periods.find(left):
            cuts.append((start + m.end() - 1, start + m.end()))  # ", which broke ground in November, now expects ..."
    for m in re.finditer(r"\s+and\s+(?=to\s+\w+)", sentence):
        left, right = sentence[:m.start()], sentence[m.end():]
        if periods.find(left) and periods.find(right) and has_cue(left):
            cuts.append((start + m.start(), start + m.end()))  # "plans to break ground this year and to begin ..."
    for m in re.finditer(r",\s+with\s+", sentence):
        left, right = sentence[:m.start()], sentence[m.end():]
        if periods.find(right) and (periods.find(left) or (
                _FINITE.search(left) and has_cue(left) and _two_steps(left, right))):
            cuts.append((start + m.start(), start + m.start() + 2))
    for m in re.finditer(r"\s+and\s+(?=(?:will|would|plans?|expects?|aims?|intends?|hopes?)\s+(?:instead\s+|also\s+|now\s+)?"
                         r"\w+)", sentence):
        left, right = sentence[:m.start()], sentence[m.end():]
        if len(left.split()) >= 4 and has_cue(left) and (  # the right part opens with its plan verb
                _two_steps(left, right) or _two_amounts(left, right) or re.search(r"\b(?:plant|factory|gigafactory|site|facility)\s+(?:in|near|at)\s+"
                                                     r"[A-Z]", right)):
            cuts.append((start + m.start(), start + m.end()))  # "X began trial runs ... and plans volume output in 2026"
    return sorted(set(cuts))
