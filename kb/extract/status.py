"""A claim's status from its wording.

scrapped, suspended, put on hold, cancelled -> cancelled; considering, reviewing,
weighing, studying, in talks -> considering; under construction, on track, ramping up,
is building -> underway; delayed, pushed back (to a new date) -> planned; began, started,
is supplying, signed, completed, spent -> done; plans to, aims, will, is set to,
expected to, scheduled, due -> planned; a judgement ("underscores", "a bold move",
"holds the key"), an analyst's view, or "will" said of a thing rather than of someone
who acts ("sodium-ion will not replace lithium") -> opinion; anything else -> statement.
Relative clauses (", which agreed last year ...,") are set aside first: they tell of
something else than the sentence's claim.

Passing: "Solvance has scrapped plans for a gigafactory" -> cancelled; "will be completed by the
end of this year" -> planned (a future "completed" is no completion).
Failing (never): "its own launch plans" -> planned (a noun, not an intention).
"""

from __future__ import annotations

import re

from ..model.milestone_words import _CAUSE, RELATIVE, main_clause  # noqa: F401 - main_clause is this module's too
from .lexicon import AGENT_NOUNS, OPINION_CUES

_I = re.IGNORECASE
# A stop for a stretch of time that is over ("was halted for seven weeks this summer"): no plan called off.
_TEMPORARY = re.compile(r"\b(?:halted|suspended|paused|stopped|shut)\s+(?:down\s+)?for\s+(?:about\s+|nearly\s+|almost\s+|"
                        r"more\s+than\s+)?(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few|\d+)\s+"
                        r"(?:days?|weeks?|months?)\b|\b(?:halted|paused|stopped)\b[^.;]{0,30}\bto\s+(?:retool|upgrade|refit|"
                        r"convert|repair|modernize|modernise|re-equip)\b", re.IGNORECASE)
# A circumstance ("a few hundred more while it's being built", "during construction"): not the clause's own state.
_WHILE_BUILT = re.compile(r"\b(?:while|as)\s+(?:it|the\s+\w+)(?:[’']s|\s+is|\s+are)\s+being\s+(?:built|constructed|"
                          r"installed)\b|\bduring\s+(?:the\s+)?construction\b", re.IGNORECASE)
# A question reported ("asked whether the second phase would return"): nobody's plan.
QUESTION = re.compile(r"\b(?:asked|wondered|questioned)\s+(?:\w+\s+){0,3}?(?:whether|if|when|why|how)\b"
                      r"|\bthe\s+(?:big\s+|main\s+|key\s+|open\s+)?question\s+is\s+(?:whether|if|when|how)\b", re.IGNORECASE)
CANCELLED = re.compile(
    r"\b(?:scrap(?:ped|s|ping)?|cancel(?:led|ed|s|ling|ing)?|halt(?:ed|s|ing)?|abandon(?:ed|s|ing)?|shelv(?:ed|es|ing)|"
    r"shelve|suspend(?:ed|s|ing)?|put\s+(?:[\w’'-]+\s+){0,5}?on\s+(?:hold|ice)|froze|frozen|paus(?:ed|es|ing)|ax(?:ed|es)|call(?:ed|s)?\s+off|"
    r"pull(?:ed|s)?\s+(?:the\s+plug|out)|withdr(?:ew|awn|aws)|terminat(?:ed|es|ing)|mothball(?:ed|s)?|"
    r"(?:dropped|drops|dropping)\s+(?:its\s+|the\s+)?plans?|no\s+longer\s+(?:plans?|intends?)|"
    r"will\s+not\s+(?:build|go\s+ahead)|postponed\s+indefinitely|indefinitely\s+postponed|"
    r"(?:has|had|have)\s+no\s+(?:further\s+)?plans?\s+to\s+(?:revive|resume|restart|proceed\s+with|go\s+ahead|pursue)|"
    r"(?:won[’']t|will\s+not|would\s+not)\s+go\s+ahead|(?:won[’']t|will\s+not|would\s+not)\s+be\s+(?:resumed|restarted|"
    r"revived|pursued|built|completed)|(?:has|have|had)\s+been\s+(?:dropped|ditched)|formally\s+ended)\b", _I)
CONSIDERING = re.compile(
    r"\b(?:consider(?:s|ing|ed)?|weigh(?:s|ing)|review(?:s|ing)|under\s+review|explor(?:es|ing)|stud(?:ying|ies)|"
    r"evaluat(?:es|ing)|assess(?:es|ing)|mull(?:s|ing)|in\s+talks|looking\s+at|feasibility|"
    r"(?:would|will|to)\s+decide\s+(?:on|whether|about)|(?:studying|weighing|deciding)\s+whether|"
    r"(?:will|would)\s+not\s+decide|decid(?:e|ing)\s+(?:by|before|after|until)\b|no\s+decision\s+(?:before|until|yet)|"
    r"(?:could|may|might)\s+be\s+\w+ed|(?:has|have)\s+(?:not\s+(?:yet\s+)?|yet\s+to\s+)(?:decided?|made\s+a\s+decision)|"
    r"(?:could|may|might)\s+(?:also\s+|eventually\s+|soon\s+)?(?:build|open|invest|expand|add|launch|start|begin|move|"
    r"relocate|close|sell|buy|acquire|choose|decide|delay|produce|make|set\s+up|establish))\b", _I)
UNDERWAY = re.compile(
    r"\b(?:under\s+construction|on\s+track|on\s+schedule|ramp(?:ing|s)?\s+up|ramping|(?<!got\s)underway|(?<!got\s)under\s+way|"
    r"in\s+progress|in\s+the\s+(?:process|middle)\s+of\s+\w+ing|(?:is|are)\s+(?:now\s+|also\s+|still\s+)?(?:building|constructing|installing|expanding|"
    r"hiring|testing|retooling)|being\s+(?:built|constructed|installed|expanded|retooled)|"
    r"reach(?:ed|es)?\s+(?:the\s+)?halfway|halfway\s+(?:point|mark|through|built|complete|done)|"
    r"\d+\s*(?:%|percent|per\s+cent)\s+(?:complete|completed|finished|built)|nearing\s+completion|"
    r"(?:about\s+|roughly\s+|nearly\s+)?half\s+(?:done|built|complete|completed|finished)|"
    r"\d+\s*(?:%|percent|per\s+cent)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:was|is|has\s+been|were|are)\s+(?:now\s+)?"
    r"(?:finished|complete|completed|built|done|installed)|"
    r"(?:will|would)\s+(?:keep|continue)\s+(?:running|operating|producing|making|to\s+(?:run|operate|produce|make))|"
    r"(?:began|begun|started|starts|begins)\s+(?:installing|building|constructing|hiring|recruiting|testing|"
    r"retooling|preparing|clearing|work\s+on|fitting|commissioning)|"
    # a headcount today: hiring under way ("now employs 350"); a head count so far is HIRED_SO_FAR
    r"(?:now|currently)\s+(?:employs|employ|has|have|work|works)\s+(?:about\s+|some\s+|around\s+|roughly\s+|nearly\s+|"
    r"more\s+than\s+)?\d[\d,]*|(?:people|workers|staff|employees)\s+(?:now\s+|currently\s+)work\b|"
    r"(?:have|has|employs?)\s+(?:about\s+|some\s+|around\s+|roughly\s+|nearly\s+)?\d[\d,]*\s+(?:people|workers|staff|"
    r"employees)\s+(?:today|now|on\s+site|at\s+the\s+(?:site|plant)))\b", _I)
# A head count so far: hiring under way, not the promise kept ("has hired 400 of the 1,100 it plans", "have
# already been hired at the site as of Monday", "hired to date"); "already" alone says no count so far ("has
# already hired 300 workers" is done).
HIRED_SO_FAR = re.compile(
    r"\b(?:hired\s+(?:about\s+|some\s+|around\s+|roughly\s+|nearly\s+|more\s+than\s+)?\d[\d,]*\s+"
    r"(?:[\w-]+\s+){0,2}?of\s+"
    r"(?:the\s+|its\s+)?(?:about\s+)?\d[\d,]*|hired\s+[^.;]{0,50}?\bso\s+far\b|\bso\s+far\s+(?:has\s+)?hired|"
    r"(?:to\s+date|thus\s+far)\s+(?:been\s+)?(?:hired|recruited|taken\s+on)|(?:hired|recruited)\s+[^.;]{0,50}?"
    r"\b(?:to\s+date|thus\s+far|as\s+of\s+(?:now|today|(?:this|last)\s+\w+|mon|tues|wednes|thurs|fri|satur|sun)\w*))\b",
    _I)
# Hiring told as complete, whatever its date ("has already hired all 2,500 workers it promised", "its full
# workforce", "completed hiring"): done, not a head count so far.
HIRING_COMPLETE = re.compile(r"\b(?:all|full|entire|whole|complete|completed|completes|finished|finishes)\b", _I)
# A step said to be reached in part and dated to finish ("is 85 percent complete and will be finished in March"):
# the claim is the promise of that date.
DATED_FINISH = re.compile(r"\b(?:(?:slated|scheduled|due|set|expected|targeted)\s+for\s+(?:completion|opening|start-?up)|"
                          r"(?:will|would|is\s+(?:due|expected|scheduled|set|slated)\s+to|should|expects?\s+(?:[\w-]+\s+){0,3}?"
                          r"to)\s+(?:now\s+|still\s+)?(?:be\s+)?(?:finished|completed|complete|done|reach|grow|rise|climb|"
                          r"increase|employ|hire|have))\b", _I)
# A plan said to be on course ("on track to start mass production in 2026"): what is promised has not begun.
ON_TRACK_TO_START = re.compile(r"\bon\s+(?:track|schedule|course)\s+to\s+(?:start|begin|launch|open|commence|"
                               r"deliver|ship|reach)\b", _I)
# "The suspended line will resume": a plan to take up again what was stopped.
RESUMING = re.compile(r"\b(?:will|would|shall|(?:is|are)\s+(?:set\s+|due\s+|expected\s+|scheduled\s+)?to|"
                      r"plans?\s+to|aims?\s+to|intends?\s+to)\s+(?:be\s+)?(?:resum|restart|reopen|re-start)\w*", _I)
# "the suspended Kessler project", "its halted plant": what was stopped, named, not stopped here.
_STOPPED_NAMED = re.compile(r"\b((?:the|its|their|this|that|a|an)\s+(?:now[- ])?)(?:suspended|halted|paused|"
                            r"cancell?ed|shelved|mothballed|scrapped|stalled|delayed|postponed)\b", _I)
# The publication's own expectation about someone's standing: a judgement, not anyone's plan.
EXPECTED_STANDING = re.compile(r"\b(?:is|are|was|were)\s+(?:widely\s+|also\s+)?expected\s+to\s+(?:be|become|remain)\s+"
                               r"(?:among|one\s+of|the\s+(?:[\w’'-]+\s+){0,3}?(?:first|only|largest|biggest|main|sole|"
                               r"leading|last|dominant|primary)|a\s+(?:key|major|"
                               r"leading|big|significant|dominant))\b", _I)
# A plan's figure revised ("raised its total investment in the plant to $2.6 billion"): the plan stands, changed.
REVISED = re.compile(r"\b(?:raised|increased|lifted|cut|lowered|trimmed|reduced|revised|scaled\s+back)\s+(?:its|the|their)\s+"
                     r"(?:[\w’'-]+\s+){0,3}?(?:investment|target|capacity|budget|spending|goal|forecast|guidance|"
                     r"headcount|hiring\s+plans?)\b", _I)
# A step said to be possibly late ("could slip into 2027"): a forecast, not a plan.
SLIP = re.compile(r"\b(?:could|may|might|would)\s+(?:well\s+|easily\s+)?(?:slip|slide|drift)\b|\b(?:would|wouldn[’']t|would\s+not)"
                  r"\s+be\s+(?:surprised|shocked)\b", _I)
# Comparisons with an earlier plan ("a year later than planned", "as planned", "the 1,500 originally promised",
# "down from the 1,800 jobs it promised"): they say how this claim stands, not that it is a plan.
COMPARED = re.compile(r"\b(?:as|than)\s+(?:(?:it|they|we|the\s+company)\s+(?:had\s+)?)?(?:originally\s+|previously\s+|"
                      r"first\s+|initially\s+|once\s+)?(?:planned|scheduled|expected|promised|announced|targeted|hoped|"
                      r"forecast|intended|agreed)\b|\b(?:originally|previously|initially|once)\s+(?:planned|promised|"
                      r"targeted|announced|scheduled|expected|intended|due|set|slated)\b|\b(?:down|up)\s+from\s+[^,;.]*"
                      r"|\b(?:later|earlier|sooner)\s+than\b[^,;.]*", _I)
DELAYED = re.compile(
    r"\b(?:delay(?:ed|s|ing)|(?:will|would|could|may|might)\s+(?:further\s+|again\s+)?delay|push(?:ed|es|ing)\s+back|postpon(?:ed|es|ing)|mov(?:ed|es)\s+back|pushed\s+out|"
    r"(?:push|mov|shift|slipp)(?:ed|es|ing)\s+(?:the\s+|its\s+)?(?:[\w’'-]+\s+){0,6}?(?:back\s+)?(?:to|into|until)\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:19|20)\d\d|"
    r"slipp?(?:ed|ing)|deferr?(?:ed|s|ing)?|brought\s+forward|mov(?:ed|es)\s+up|pulled\s+forward|"
    r"accelerat(?:ed|es|ing)\s+(?:the\s+|its\s+)?(?:start|launch|production|plans?|timeline|schedule|opening|construction))\b",
    _I)
DONE = re.compile(
    r"\b(?:began|begun|started|signed|completed|finished|opened|launched|commenced|delivered|shipped|produced|reached|"
    r"secured|won\s+(?:a|an|the)|acquired|bought|broke\s+ground|spent|invested|agreed|awarded|finali[sz]ed|inaugurated|"
    r"clinched|struck|raised|received|obtained|hired|sold|(?:is|are|has\s+been|have\s+been)\s+(?:now\s+)?supplying|"
    r"already\s+(?:produces|makes|manufactures|supplies|ships|builds|operates|runs|delivers)|installed|closed|"
    r"shut\s+down|(?:came|rolled)\s+off\s+the\s+(?:production\s+)?line|(?:gathered|assembled|met|came\s+together)\b[^.;]{0,80}\bto\s+(?:break\s+ground|open|inaugurate|"
    r"mark|celebrate|launch)|"
    r"(?:has|have|had)\s+been\s+(?:producing|making|shipping|supplying|operating|running|receiving|delivering)\b"
    r"[^.;]{0,60}\bsince\b|"
    r"held\s+(?:a|an|the|its)\s+(?:[\w-]+\s+){0,2}(?:ceremony|groundbreaking|opening|launch)|"
    r"(?:celebrated|marked|marking|celebrating)\s+(?:the\s+)?(?:start|beginning|opening|completion|launch)\s+of|"
    r"laid\s+the\s+(?:first|foundation|corner)\s*stone|(?:chose|selected|picked)\s+(?:a|an|the|its)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:site|location)|topped\s+out|commissioned|kicked\s+off|wound\s+down|restarted|resumed|reopened|"
    r"got\s+under\s*way|(?:is|are)\s+(?:now\s+)?(?:fully\s+)?(?:operational|up\s+and\s+running|in\s+operation)|executed\s+(?:an?|the)\s+(?:option|agreement|lease)|(?:made|took|reached)\s+(?:its|a|the|their)\s+final\s+investment\s+decision|mov(?:ed|es)\s+(?:onto|on\s+to|into)\s+the\s+site|"
    r"(?:which|that)\s+cost\s+(?:about\s+|some\s+|around\s+|roughly\s+|nearly\s+|more\s+than\s+)?(?:[$€£¥₩]|\d+))\b", _I)
# A participle after a noun ("the people hired for the project will ..."): it says which, not what happened.
_NOUN_BEFORE = re.compile(r"\b(?:people|workers|employees|staff|jobs|cells|units|vehicles|batteries|those|ones)\s+$", _I)
# A count or "all" before "planned" ("all 2,500 planned workers"): the word says which, not that it is a plan.
_COUNT_BEFORE = re.compile(r"(?:\d[\d,.]*|\ball(?:\s+(?:the|its|their))?)\s+$", _I)
PLANNED = re.compile(
    r"\b(?:plans?\s+(?:to|for)|planning\s+to|planned|aim(?:s|ing|ed)?\s+(?:to|for|at)|will|would|shall|(?<=\w)'ll|"
    r"(?:is|are|was|were)?\s*set\s+to|intends?|intended|intending|(?<!not\s)expects?\s+(?:[\w’'-]+\s+){0,6}?to|(?:is|are|was|were|be|been)\s+(?:now\s+|still\s+|also\s+|currently\s+)?expected|expected\s+(?:to|in|by|for|later|early|next|this)|scheduled|due\s+(?:to|in|by|for)|"
    r"^\W*(?:plans|aims|expects|intends|targets|hopes)\b|guides?\s+(?:to|for)|guided\s+(?:to|for)|"
    r"targets?\s+(?:to|a|an|\d+)|targeting|targeted\s+(?:for|at|to)|should\s+(?:now\s+|still\s+)?(?:be\s+(?:installed|"
    r"completed|finished|ready|operational|built|running)|start|begin|reach|open|come|follow)|prepared\s+to|ready\s+to|(?:committed|commits)\s+to\s+\w+ing|pledged|pledges|vowed|promised|seeks?\s+to|hopes?\s+to|"
    r"on\s+course|slated|earmark(?:ed|s)|going\s+to|envisages?|envisaged|announced\s+plans|outlined\s+plans|"
    r"once\s+(?:it|the\s+\w+)(?:[’']s|\s+is|\s+are)\s+(?:up\s+and\s+)?(?:running|operational|open|built|complete)|"
    r"proposed|to\s+be\s+(?:built|called|completed|opened)|"
    r"(?<!not\s)\bexpect(?:s|ed)?\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:first|start|launch|completion|production|output|"
    r"samples?|deliveries|shipments|operations)\b|\b(?:we|i)\s+(?:now\s+|still\s+|also\s+)?expect\b|"
    r"(?<!not\s)expects?\s+(?:fiscal\s+|full-year\s+|annual\s+|next\s+year's\s+)?(?:(?:19|20)\d\d\s+)?(?:capital\s+"
    r"spending|capex|investments?|spending|output|production|shipments|sales|revenue|deliveries)|"
    r"^\W*(?-i:[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,4})\s+to\s+(?:invest|build|open|start|begin|expand|close|hire|"
    r"launch|supply|produce|make|construct|spend|create|add|double|triple))\b", _I | re.M)
OPINION = re.compile(r"\b(?:" + OPINION_CUES + r")\b", _I)
_FUTURE_BEFORE = re.compile(r"\b(?:will|would|shall|should|could|may|might|expected|set|due)\s+(?:be\s+)?"
                            r"(?:\w+\s+)?$|\bto\s+(?:be|have)\s+(?:\w+\s+)?$|\bto\s+$", _I)
_RELATIVE = RELATIVE
_WILL = re.compile(r"\b(?:will|would)\b", _I)




def _first(pattern: re.Pattern, text: str) -> int | None:
    for m in pattern.finditer(text):
        if pattern is DONE and (_FUTURE_BEFORE.search(text[max(0, m.start() - 30):m.start()])
                                or m.group().endswith("ed") and _NOUN_BEFORE.search(text[max(0, m.start() - 12):m.start()])):
            continue
        if pattern is PLANNED and m.group().casefold() == "planned" and \
                _COUNT_BEFORE.search(text[max(0, m.start() - 20):m.start()]):
            continue  # "All 2,500 planned workers have been hired": which workers, not a plan
        return m.start()
    return None


def is_forecast(text: str, agents: list[tuple[int, int]]) -> bool:
    """'will'/'would' said of something that does not act ("sodium-ion will not replace lithium"):
    no entity and no acting noun (company, plant, production, we, it, ...) in the words before it."""
    m = _WILL.search(text)
    if not m:
        return False
    before = re.sub(r",[^,;]*,\s*$", " ", text[:m.start()])  # "The plant, in the town of X, will": the plant
    before = re.sub(r",\s*$", " ", before)  # "The plant, will" once a relative clause is taken out
    cut = max(before.rfind(","), before.rfind(" that "), before.rfind(";"), -1)
    subject = before[cut + 1:]
    if re.search(r"\bbe\s+\w+ed\b", text[m.end():m.end() + 30]):
        return False  # "will be installed": a passive plan
    if any(cut < a < len(before) for a, _ in agents) and len(before) == m.start() or any(
            text.find(subject.strip()) <= a < m.start() for a, _ in agents if subject.strip()):
        return False
    words = {re.sub(r"(?:’s|'s)$", "", w.casefold()) for w in re.findall(r"[\w’'-]+", subject)}
    return not (words & AGENT_NOUNS)


def status_of(text: str, agents: list[tuple[int, int]] = (), analyst: bool = False, stepped: bool = False) -> str:
    """The status the wording of text gives; agents are (start, end) of entity names in text; stepped: the text
    names a step of a plan (a milestone: "the first sample cells would leave the plant" is a plan, not a
    forecast of what cells will do)."""
    cause = _CAUSE.search(text)  # "halted for seven weeks after the court suspended the permit": the cause is not
    if cause and len(text[:cause.start()].split()) >= 3:  # the clause's own status
        text = text[:cause.start()]
    main = _STOPPED_NAMED.sub(lambda m: m.group(1) + "stopped", main_clause(text))
    main = COMPARED.sub(lambda m: "x" * len(m.group()), main)
    ending = list(_RELATIVE.finditer(text))
    if ending and ending[-1].end() >= len(text.rstrip(" .")) and not has_cue(main, whole=True) \
            and has_cue(text, whole=True) and not re.match(r",\s+\w+\s+wh", ending[-1].group()):  # not ", of which"
        main = text  # a clause that ends in its relative clause (", which broke ground in November"): its own words
    main = _TEMPORARY.sub(lambda m: "x" * len(m.group()), main)
    main = _WHILE_BUILT.sub(lambda m: "x" * len(m.group()), main)
    if QUESTION.search(main):
        return "statement"
    if EXPECTED_STANDING.search(main) or SLIP.search(main):
        return "opinion"
    if RESUMING.search(main):
        return "planned"
    if CANCELLED.search(main):
        return "cancelled"
    if CONSIDERING.search(main):
        return "considering"
    if ON_TRACK_TO_START.search(main):
        return "planned"
    if UNDERWAY.search(main) or HIRED_SO_FAR.search(main) and not HIRING_COMPLETE.search(text):
        return "planned" if DATED_FINISH.search(main) else "underway"
    if analyst:
        return "opinion"  # an analyst on delays ("further delays were likely"): a judgement
    if DELAYED.search(main) or REVISED.search(main):
        return "planned"
    done, planned = _first(DONE, main), _first(PLANNED, main)
    if planned is not None and _WILL.match(main, planned) and not stepped and is_forecast(main, agents):
        planned = None
        if done is None:
            return "opinion"
    if done is not None and (planned is None or done < planned):
        return "done"
    if planned is not None:
        return "planned"
    if OPINION.search(main):
        return "opinion"
    return "statement"


def has_cue(text: str, whole: bool = False) -> bool:
    """True when the wording says more than a statement: a plan, a change, a judgement (whole: in all of it,
    relative clauses included)."""
    main = text if whole else main_clause(text)
    return any(p.search(main) for p in (CANCELLED, CONSIDERING, UNDERWAY, HIRED_SO_FAR, DELAYED, DONE, PLANNED, OPINION,
                                        RESUMING, EXPECTED_STANDING))
