"""When a statement was made (a draft's `said`), and the days news names relative to its own date.

A time attached to the verb that reports the words is when they were said, never the claim's
`when`: "the company said on Monday", "told analysts on Thursday", "told a meeting of suppliers in
January", "said in a filing on Wednesday", "said last week". Weekdays and months resolve against the
article's day (the source's date, else its dateline's), to the latest such day or month on or
before it: "in January" in an article of 12 February 2025 is 2025-01, "on Monday" in one of
Tuesday 15 November 2022 is 2022-11-14. "On the call" or "at the conference" is the day the article
last named for a statement. Otherwise a statement was made on the article's day, which the draft
marks as inferred.

The same words name an event's day when they are attached to what happened rather than to who
said it ("held a groundbreaking ceremony on Monday", "were shipped last week"): `event_day`.

Passing: "Halden Energy told analysts on Thursday that ..." in an article of 2024-03-07 (a
Thursday) -> 2024-03-07, from "on Thursday".
Failing (no said date from the words): "Mass production will begin in January, she said."
(the month is the plan's, not the statement's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..model.period_words import MONTHS, _month

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?:" + "|".join(m.capitalize() for m in MONTHS) + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_TIME = (r"(?P<time>(?:on|last)\s+" + _DAY + r"|" + _DAY + r"|(?:on\s+)?" + _MONTH + r"\s+\d{1,2}(?:,\s+\d{4})?"
         r"|in\s+" + _MONTH + r"(?:\s+(?:19|20)\d\d)?(?!\s+\d)|in\s+(?:an?\s+)?" + _MONTH + r"\s+\d{1,2}\s+\w+"
         r"|last\s+(?:week|month)|earlier\s+this\s+(?:week|month)|yesterday|today|this\s+week)")
_SPEECH = (r"\b(?:said|says|told|tells|spoke|announced|announces|added|stated|noted|wrote|confirmed|disclosed|reported|"
           r"explained|warned|promised|pledged|reiterated|predicted|insisted|stressed|emphasized|emphasised)\b")
SAID_TIME = re.compile(_SPEECH + r"(?P<gap>(?:(?!\bthat\b|\b(?:its|the|their|his|her)\s+(?:[\w-]+\s+){0,4}?(?:\w+ed|will|"
                       r"would|is|are|was|were|has|had)\b)[^.;,\"“”]){0,60}?)\b" + _TIME + r"\b")
# "In an interview last month, Solberg said ...", "On Monday, the company said ...": the time opens the sentence.
SAID_FIRST = re.compile(r"^(?:(?:In|During|At)\s+(?:an?|the|his|her|its|their)\s+(?:[\w-]+\s+)?(?:interview|statement|"
                        r"filing|call|speech|letter|podcast|presentation|briefing|meeting|post|note|forum|hearing|"
                        r"conference|ceremony|event|session|news\s+conference)\s+|)"
                        + _TIME.replace("(?P<time>", "(?P<time>", 1)
                        + r"(?:\s+(?:morning|afternoon|evening|night))?(?:\s+(?:attended|hosted|organi[sz]ed|held)\b"
                          r"[^,;\"“”]{0,60})?\s*,")
# "The interview was conducted in Ipojuca on Friday": when an interview's answers were said.
INTERVIEW_TIME = re.compile(r"\b(?:interview|conversation|talk)\w*\s+(?:was|were|took\s+place)\s+(?:conducted\s+|held\s+|"
                            r"recorded\s+)?(?:[^.;,\"“”]{0,40}?)\b" + _TIME + r"\b")
_CARRY = re.compile(r"\b(?:on|during)\s+the\s+(?:call|conference\s+call|webcast)\b|\bat\s+the\s+(?:conference|event|"
                    r"meeting|briefing|show|fair|summit)\b|\bin\s+the\s+(?:interview|call|briefing)\b", re.IGNORECASE)
EVENT_TIME = re.compile(r"\b(?P<time>on\s+" + _DAY + r"|" + _DAY + r"|last\s+(?:week|month)|yesterday|today|"
                        r"earlier\s+this\s+(?:week|month))\b")


@dataclass(frozen=True)
class Said:
    text: str                    # YYYY, YYYY-MM or YYYY-MM-DD
    words: str | None            # the words it was read from; None when it is the article's own day
    span: tuple[int, int] | None = None  # where those words are in the clause


def resolve(words: str, day: date) -> str | None:
    """A time expression ("on Monday", "in January", "last week", "March 4") as a date or month, on or
    before day."""
    text = re.sub(r"^(?:on|in|last|an?)\s+", "", words.strip(), flags=re.IGNORECASE).strip()
    lowered = text.casefold()
    if lowered in WEEKDAYS:
        back = (day.weekday() - WEEKDAYS.index(lowered)) % 7
        if words.casefold().startswith("last") and back == 0:
            back = 7
        return (day - timedelta(days=back)).isoformat()
    if lowered in ("week", "earlier this week", "this week"):
        return (day - timedelta(days=7 if lowered == "week" else 0)).strftime("%Y-%m")
    if lowered == "month":
        previous = day.replace(day=1) - timedelta(days=1)
        return previous.strftime("%Y-%m")
    if lowered in ("earlier this month", "this month"):
        return day.strftime("%Y-%m")
    if lowered == "yesterday":
        return (day - timedelta(days=1)).isoformat()
    if lowered == "today":
        return day.isoformat()
    m = re.match(r"(?P<month>[A-Za-z]+\.?)(?:\s+(?P<d>\d{1,2}))?(?:,?\s+(?P<y>\d{4}))?", text)
    if not m:
        return None
    try:
        month = _month(m.group("month"))
    except (KeyError, ValueError):
        return None
    year = int(m.group("y")) if m.group("y") else (day.year if month <= day.month else day.year - 1)
    if m.group("d"):
        try:
            found = date(year, month, int(m.group("d")))
        except ValueError:
            return None
        if not m.group("y") and found > day:
            found = date(year - 1, month, int(m.group("d")))
        return found.isoformat()
    return f"{year}-{month:02d}"


def said_in(words: str, day: date | None, last: str | None) -> Said | None:
    """When the clause's words were said, if the words tell (day: the article's; last: the day the article
    last gave for a statement)."""
    m = SAID_TIME.search(words) or INTERVIEW_TIME.search(words)
    first = SAID_FIRST.match(words)
    if first and day is not None and re.search(_SPEECH, words[first.end():]):
        m = first
    if m and day is not None:
        found = resolve(m.group("time"), day)
        if found:
            return Said(found, m.group("time"), (m.start("time"), m.end("time")))
    if last and _CARRY.search(words) and re.search(_SPEECH, words):
        return Said(last, _CARRY.search(words).group(), None)
    return None


def event_day(words: str, day: date | None, taken: tuple[int, int] | None) -> tuple[str, str] | None:
    """(date or month, words) of an event's relative day in the clause ("on Monday", "last week"), outside
    the words that date the statement."""
    if day is None:
        return None
    for m in EVENT_TIME.finditer(words):
        if taken and taken[0] <= m.start("time") < taken[1]:
            continue
        found = resolve(m.group("time"), day)
        if found:
            return found, m.group("time")
    return None
