"""Period expressions in a sentence, as canonical `when` text (see the claim model's `when:`).

Absolute expressions give their period directly: "the second half of 2024" -> 2024-H2,
"late 2025" -> 2025-late, "mid-2026" -> 2026-mid, "the end of 2026" -> 2026-end,
"the spring of 2026" -> 2026-spring, "Q3 2025" -> 2025-Q3, "March 2026" -> 2026-03,
"5 March 2025" -> 2025-03-05, "2026 H2" -> 2026-H2, "fiscal 2027" -> FY2027, "by 2027" -> ..2027,
"starting in 2026" -> 2026..,
"between 2025 and 2027" -> 2025..2027. Relative ones ("later this year", "next year",
"the end of the year", "over the next two years", "in January") need the date the source
was published: with it they resolve and are marked relative (the claim lists them under
`inferred`); without it their period stays unknown.

Passing: "by the end of this year" in a source of 2025-03-14 -> ..2025 (relative).
Failing (None): "next year" in an undated source; "the boom of 2021" (a year named, not a when).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = ("january february march april may june july august september october november december").split()
MONTH_ABBREVIATIONS = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}


@dataclass(frozen=True)
class When:
    start: int                 # offsets of the words in the text searched
    end: int
    words: str                 # the words as written
    text: str | None           # canonical period; None when relative and the source has no date
    relative: bool = False
    past: bool = False         # "last year", "in 2019": said of the past


_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "a": 1, "a couple of": 2, "a few": 3}
_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_SEASONS = {"spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn", "winter": "winter"}

YEAR = r"(?:19|20)\d\d(?![\d,.]\d)"
_MONTH = r"(?:" + "|".join(MONTHS) + r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)"
_NUM = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few|a)"
# A point in time, absolute (needs a year) or relative ("this year", "next year").
_ANCHOR = r"(?:(?:calendar\s+(?:year\s+)?|cy\s?)?(?P<fy>(?:fiscal|financial)(?: year)?\s+|fy\s?'?|fy\s?\d{1,2}/)?(?P<year>" + YEAR + \
          r"|(?<=fy)\d\d\b|(?<=fy')\d\d\b|(?<=fy )\d\d\b|(?<=/)\d\d\b|(?<=cy)\d\d\b|(?<=cy )\d\d\b)" \
          r"|(?P<rel>this year|next year|last year|the year|this calendar year|the following year|the coming year))"
_PART = (r"(?:(?:the\s+)?(?P<half>first|second|1st|2nd)\s+half\s+of|(?:the\s+)?(?P<quarter>first|second|third|fourth|"
         r"1st|2nd|3rd|4th)\s+quarter\s+of|(?P<early>early(?:\s+in)?|the\s+(?:start|beginning)\s+of|the\s+first\s+"
         r"months\s+of)|(?P<mid>mid-?|the\s+middle\s+of|midway\s+through)|(?P<late>late(?:\s+in)?)|(?P<later>later(?:\s+in)?)"
         r"|(?P<end>the\s+end\s+of|end-|the\s+close\s+of|year-end)|(?:the\s+)?(?P<season>spring|summer|autumn|fall|"
         r"winter)(?:\s+of)?|(?P<month>" + _MONTH + r")(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?|\s+of(?=\s+(?:last|this|next)"
         r"\s+year))?"
         r"|(?P<dayfirst>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<monthafter>" + _MONTH + r"),?)")
_SHORT = (r"(?P<qh>(?:q(?P<q1>[1-4])|(?P<q2>[1-4])q|h(?P<h1>[12])|(?P<h2>[12])h)\s*(?:of\s+)?(?:calendar\s+|cy\s?(?=\d))?"
          r"(?P<qhyear>" + YEAR + r"|'\d\d\b|(?<=cy)\d\d\b|(?<=cy )\d\d\b|(?<=[qh][1-4])\d\d\b|(?<=[1-4][qh])\d\d\b))")
# the year first: "2026 H2", "2025 Q3", "2026/H2", a data set's "2022Q4" (tried before a year alone)
_YEAR_FIRST = r"(?P<yqh>(?P<yqhyear>" + YEAR + r")\s*[/ -]?\s*(?:q(?P<q3>[1-4])|h(?P<h3>[12]))\b)"
_POINT = r"(?:" + _YEAR_FIRST + r"|(?:" + _PART + r"\s*)?" + _ANCHOR + r"|" + _SHORT + r"|(?P<lonepart>year-end|year\s+end|the end of the year)" \
         r"|(?<=\b(?:in|by) )the\s+(?P<lonequarter>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P<loneunit>quarter|half)" \
         r"(?!\s+of\b)(?!\s*(?:19|20)\d\d)" \
         r"|(?<=\bin )the\s+(?P<loneseason>spring|summer|autumn|fall|winter)(?!\s+of\b)(?!\s*(?:19|20)\d\d)" \
         r"|(?P<season2>this|next|last)\s+(?P<season2name>spring|summer|autumn|fall|winter|month|quarter|" + _MONTH + r")" \
         r"(?![a-z])(?!\s+\d)|(?:(?:early|mid|late)[\s-]+)?(?P<lonemonth>" + _MONTH + r")(?![a-z])(?!\s+\d)" \
         r"|(?<=\b(?:at|by|in) )(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+(?P<edgemonth>" + _MONTH + r")(?!\s+\d))"
_SPAN = r"(?P<span>(?:in|within|over)\s+the\s+(?:next|coming)\s+(?P<n1>" + _NUM + \
        r")\s+years?|within\s+(?P<n2>" + _NUM + \
        r")\s+years?|in\s+(?P<n3>" + _NUM + r")\s+years?(?:'|’)?(?:\s+time)?|(?P<ago>" + _NUM + r")\s+years?\s+ago" \
        r"|within\s+(?P<months>\d{1,2}|six|nine|twelve|eighteen)\s+months)"

_PATTERN = re.compile(
    r"(?P<lead>\b(?:by|before|no later than|until|till|through|from|starting|starting in|starting from|beginning|"
    r"beginning in|as of|since|between|in|during|for|of|founded in|established in|set up in|after|later than)\s+)?"
    r"(?P<point>" + _POINT + r")"
    r"(?P<tail>\s+(?:onwards|onward|on|and beyond|or later)\b)?", re.IGNORECASE)
_SPAN_PATTERN = re.compile(r"\b" + _SPAN + r"\b", re.IGNORECASE)
_PAST_VERB = re.compile(r"\b(?:opened|began|started|restarted|resumed|launched|completed|signed|founded|established|announced|agreed|"
                        r"broke\s+ground|acquired|bought|shipped|delivered|produced|reached|spent|invested|closed|"
                        r"halted|suspended|cancell?ed|scrapped|unveiled|hired|raised|got\s+under\s*way|kicked\s+off|"
                        r"commissioned|topped\s+out)\s+$", re.IGNORECASE)
# "to be completed in late 2025", "will be opened in May": a past participle of what is still to come.
_FUTURE_VERB = re.compile(r"\b(?:to|will|would|shall|should|could|may|might|expected\s+to|set\s+to|due\s+to)\s+be\s+"
                          r"(?:\w+\s+)?\w+ed\s+$|\bbe\s+\w+ed\s+$", re.IGNORECASE)
_PAST_WORDS = re.compile(r"\b(?:last|ago|founded|established|since)\b", re.IGNORECASE)


_EDGE = r"(?:(?:the\s+)?(?:end|start|beginning|middle|close)\s+of\s+)?(?:the\s+)?(?:late|early|mid-?)?\s*"
_PART_RANGE = re.compile(
    r"\b" + _EDGE + r"(?P<a>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P<unit>quarter|half)\s+(?:or|to|and|through)\s+"
    + _EDGE + r"(?P<b>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P=unit)\s+of\s+(?P<year>" + YEAR + r")"
    r"|\b(?:Q(?P<qa>[1-4])|(?P<ha>H[12]))\s*(?:or|to|and|-|–)\s*(?:Q(?P<qb>[1-4])|(?P<hb>H[12]))\s+(?P<qyear>" + YEAR + r")"
    r"|\b(?P<ma>" + _MONTH + r")\s+(?:or|to|and|through)\s+(?P<mb>" + _MONTH + r")\s+(?:of\s+)?(?P<myear>" + YEAR + r")",
    re.IGNORECASE)


def _part_range(m: re.Match) -> When:
    """'the end of the third quarter or the start of the fourth quarter of 2026' -> 2026-Q3..2026-Q4."""
    if m.group("year"):
        year, letter = m.group("year"), "Q" if m.group("unit").casefold() == "quarter" else "H"
        a, b = _ORDINAL[m.group("a").casefold()], _ORDINAL[m.group("b").casefold()]
        return When(m.start(), m.end(), m.group(), f"{year}-{letter}{a}..{year}-{letter}{b}")
    if m.group("qyear"):
        year = m.group("qyear")
        first = f"Q{m.group('qa')}" if m.group("qa") else m.group("ha").upper()
        second = f"Q{m.group('qb')}" if m.group("qb") else m.group("hb").upper()
        return When(m.start(), m.end(), m.group(), f"{year}-{first}..{year}-{second}")
    year = m.group("myear")
    return When(m.start(), m.end(), m.group(),
                f"{year}-{_month(m.group('ma')):02d}..{year}-{_month(m.group('mb')):02d}")


# A fiscal year named by the month it ends in ("the fiscal year ending March 2026" -> FY2026), or written with its
# year first ("the 2025 financial year" -> FY2025); a decade's end ("later this decade" -> ..2029).
_FISCAL_ENDING = re.compile(r"\b(?P<lead>by\s+|in\s+|for\s+|before\s+)?(?:the\s+|its\s+)?(?:current\s+)?(?:fiscal|financial|business)\s+"
                            r"year\s+(?:ending|that\s+ends|to)\s+(?:in\s+)?(?:" + _MONTH + r")\s+(?P<year>" + YEAR + r")"
                            r"|\b(?P<lead2>by\s+|in\s+|for\s+)?the\s+(?P<year2>" + YEAR + r")\s+(?:fiscal|financial)\s+year\b",
                            re.IGNORECASE)
_DECADE = re.compile(r"\b(?:later\s+(?:in\s+)?this\s+decade|by\s+the\s+end\s+of\s+(?:this|the)\s+decade|before\s+the\s+end\s+of\s+"
                     r"(?:this|the)\s+decade)\b", re.IGNORECASE)


def _fiscal_ending(m: re.Match) -> When:
    lead = (m.group("lead") or m.group("lead2") or "").strip().casefold()
    base = f"FY{m.group('year') or m.group('year2')}"
    value = f"..{base}" if lead in ("by", "before") else base
    start = m.start() + (len(m.group("lead") or m.group("lead2") or "") if lead in ("in", "for") else 0)
    return When(start, m.end(), m.group()[start - m.start():], value)


def find(text: str, said: date | None = None) -> list[When]:
    """Every period expression in text, in order, ranges joined ("from 2025 to 2027")."""
    out: list[When] = []
    for m in _PART_RANGE.finditer(text):
        out.append(_part_range(m))
    for m in _FISCAL_ENDING.finditer(text):
        if not any(m.start() < w.end and m.end() > w.start for w in out):
            out.append(_fiscal_ending(m))
    for m in _DECADE.finditer(text):
        if not any(m.start() < w.end and m.end() > w.start for w in out):
            decade_end = said.year // 10 * 10 + 9 if said else None
            out.append(When(m.start(), m.end(), m.group(), f"..{decade_end}" if said else None, relative=True))
    for m in _SPAN_PATTERN.finditer(text):
        if any(m.start() < w.end and m.end() > w.start for w in out):
            continue
        out.append(_span(m, said))
    taken = [(w.start, w.end) for w in out]
    for m in _PATTERN.finditer(text):
        if not m.group("point").strip() or any(m.start() < b and m.end() > a for a, b in taken):
            continue
        if not re.match(r"\w", text[m.start()]) or (m.start() > 0 and text[m.start() - 1].isalnum()):
            continue
        found = _point(m, said, text)
        if found is not None:
            out.append(found)
    return _ranges(sorted(out, key=lambda w: w.start), text)


def _span(m: re.Match, said: date | None) -> When:
    words = m.group()
    if said is None:
        return When(m.start(), m.end(), words, None, relative=True)
    if m.group("months"):  # "within 18 months": by the month that many months on
        count = {"six": 6, "nine": 9, "twelve": 12, "eighteen": 18}.get(m.group("months").casefold())
        index = said.year * 12 + said.month - 1 + (count or int(m.group("months")))
        return When(m.start(), m.end(), words, f"..{index // 12}-{index % 12 + 1:02d}", relative=True)
    n = _count(m.group("n1") or m.group("n2") or m.group("n3") or m.group("ago"))
    if m.group("ago"):
        return When(m.start(), m.end(), words, str(said.year - n), relative=True, past=True)
    if m.group("n3"):
        return When(m.start(), m.end(), words, str(said.year + n), relative=True)
    return When(m.start(), m.end(), words, f"..{said.year + n}", relative=True)


def _count(text: str | None) -> int:
    text = (text or "1").casefold()
    return int(text) if text.isdigit() else _NUMBERS.get(text, 1)


def _point(m: re.Match, said: date | None, text: str) -> When | None:
    g = {k: (v.casefold() if isinstance(v, str) else v) for k, v in m.groupdict().items()}
    lead = (g["lead"] or "").strip()
    words = m.group().strip()
    start = m.start() + (len(m.group("lead")) if m.group("lead") else 0)
    point_words = m.group("point")
    relative, past = False, bool(_PAST_WORDS.search(words))
    if lead in ("of", "for", "during") and not any(g[k] for k in ("half", "quarter", "early", "mid", "late", "end",
                                                                   "season", "month", "lonepart")):
        # "the boom of 2021", "a target for 2025" only with a part ("for the second half of 2025")
        if lead != "for":
            return None
    if lead in ("founded in", "established in", "set up in", "since") or (
            lead in ("in", "on", "during", "") and _PAST_VERB.search(text[max(0, m.start() - 20):m.start()])
            and not _FUTURE_VERB.search(text[max(0, m.start() - 40):m.start()])):
        past = True
    year, fiscal = None, bool(g["fy"])
    if g.get("qh"):
        year = _year(g["qhyear"])
    elif g.get("yqh"):
        year = _year(g["yqhyear"])
    elif g["year"]:
        year = _year(g["year"])
    elif g["rel"]:
        relative = True
        if said is None:
            return When(start, m.end(), point_words, None, relative=True)
        offset = {"next year": 1, "last year": -1, "the following year": 1, "the coming year": 1}.get(g["rel"], 0)
        if g["rel"] == "the following year":
            return None  # follows another period of the same sentence; left to the reader
        if g["rel"] == "the year" and not any(g[k] for k in ("end", "half", "quarter", "early", "mid", "late")):
            return None
        year = said.year + offset
        past = past or offset < 0
    if g.get("lonequarter"):  # "in the second quarter": of the source's year, as the tense of the sentence reads it
        if said is None:
            return When(start, m.end(), point_words, None, relative=True)
        letter = "Q" if g["loneunit"] == "quarter" else "H"
        return _with_lead(m, start, words, f"{said.year}-{letter}{_ORDINAL[g['lonequarter']]}", lead, text,
                          relative=True, past=past)
    if g["lonepart"]:
        relative = True
        if said is None:
            return When(start, m.end(), point_words, None, relative=True)
        return _with_lead(m, start, words, f"{said.year}-end", lead, text, relative=True, past=past)
    if g["rel"] and g["end"] and lead in ("by", "before", "no later than"):
        return When(start, m.end(), words, f"..{year}", relative=True, past=past)
    if g.get("loneseason"):  # "in the spring": the coming one, from the source's date
        if said is None:
            return When(start, m.end(), point_words, None, relative=True)
        season = _SEASONS[g["loneseason"]]
        begins = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}[season]
        year = said.year if said.month < begins + 2 else said.year + 1
        return _with_lead(m, start, words, f"{year}-{season}", lead, text, relative=True, past=past)
    if g["season2"]:
        relative = True
        if said is None:
            return When(start, m.end(), point_words, None, relative=True)
        return _relative_unit(m, start, words, g["season2"], g["season2name"], said, lead, text)
    if g.get("edgemonth"):  # "at the end of May": that month
        if not m.group("edgemonth")[0].isupper():
            return None
        if said is None:
            return When(start, m.end(), point_words, None, relative=True)
        return When(start, m.end(), words, f"{said.year}-{_month(g['edgemonth']):02d}", relative=True, past=past)
    if g["lonemonth"]:
        if not lead or not m.group("lonemonth")[0].isupper() or lead in ("of", "for", "during"):
            return None  # "May" the month, not "may"; a month only after "in", "since", "by", ...
        if said is None:
            return When(start, m.end(), point_words, None, relative=True)
        month = _month(g["lonemonth"])
        return When(start, m.end(), words, f"{said.year}-{month:02d}", relative=True, past=past)
    if year is None:
        return None
    if said is not None and year < said.year and not relative:
        past = True
    base = f"FY{year}" if fiscal else str(year)
    if g.get("qh"):
        base = f"{year}-Q{g['q1'] or g['q2']}" if (g["q1"] or g["q2"]) else f"{year}-H{g['h1'] or g['h2']}"
    elif g.get("yqh"):
        base = f"{year}-Q{g['q3']}" if g["q3"] else f"{year}-H{g['h3']}"
    elif g["half"]:
        base += f"-H{_ORDINAL[g['half']]}"
    elif g["quarter"]:
        base += f"-Q{_ORDINAL[g['quarter']]}"
    elif g["early"]:
        base += "-early"
    elif g["mid"]:
        base += "-mid"
    elif g["late"]:
        base += "-late"
    elif g["end"]:
        if lead == "by":
            return When(start, m.end(), words, f"..{base}", relative=relative, past=past)
        base += "-end"
    elif g["season"]:
        base += f"-{_SEASONS[g['season']]}"
    elif g["month"]:
        base = f"{year}-{_month(g['month']):02d}" + (f"-{int(g['day']):02d}" if g["day"] else "")
    elif g.get("monthafter"):  # "5 March 2025"
        base = f"{year}-{_month(g['monthafter']):02d}-{int(g['dayfirst']):02d}"
    return _with_lead(m, start, words, base, lead, text, relative=relative, past=past)


def _with_lead(m, start, words, base, lead, text, relative=False, past=False) -> When:
    tail = (m.group("tail") or "").strip().casefold()
    if lead == "before" and re.search(r"\b(?:unlikely|surprised|doubt\w*|sceptic\w*|skeptic\w*|shocked)\b",
                                      text[:m.start()], re.IGNORECASE):
        value = f"{base}.."  # "unlikely to run at full capacity before 2028": a judgement that it is not before then
    elif lead == "before" and re.search(r"\b(?:not|no\s+longer|never|n't)\b", text[:m.start()], re.IGNORECASE):
        value = base  # "does not expect cells before mid-2025": mid-2025 is the new promise
    elif lead == "before" and base.isdigit():
        value = f"..{int(base) - 1}"
    elif lead.startswith("by the end of"):
        value = f"..{base}"  # "by the end of May": up to then
    elif lead in ("by", "no later than", "through", "before"):
        value = f"..{base[:-4]}" if base.endswith("-end") else f"..{base}"  # by the end of 2026: ..2026
    elif lead in ("until", "till"):
        negated = re.search(r"\b(?:not|n't|no|delay\w*|postpon\w*|defer\w*|push\w*\s+back|wait\w*)\b", text[:m.start()],
                            re.IGNORECASE)
        value = base if negated else f"..{base}"
    elif lead in ("starting", "starting in", "starting from", "beginning", "beginning in", "as of") or tail:
        value = f"{base}.."
    elif lead in ("from", "after", "later than"):
        value = f"{base}.."  # "after 2026": from then on (kb writes no open start after a period)
    else:
        value = base
    if lead in ("in", "during", "for"):
        start = m.start() + len(m.group("lead"))
    else:
        start = m.start() if m.group("lead") else start
    return When(start, m.end(), words if lead not in ("in", "during", "for") else m.group("point").strip(),
                value, relative=relative, past=past)


def _relative_unit(m, start, words, which, unit, said: date, lead, text) -> When:
    offset = {"this": 0, "next": 1, "last": -1}[which]
    if unit not in ("month", "quarter") and unit not in _SEASONS:  # "last November", "next March": a named month
        month = _month(unit)
        year = said.year + (0 if offset == 0 else -1 if offset < 0 and month >= said.month else
                            1 if offset > 0 and month <= said.month else 0)
        return _with_lead(m, start, words, f"{year}-{month:02d}", lead, text, relative=True, past=offset < 0)
    if unit == "month":
        index = said.year * 12 + said.month - 1 + offset
        base = f"{index // 12}-{index % 12 + 1:02d}"
    elif unit == "quarter":
        index = said.year * 4 + (said.month - 1) // 3 + offset
        base = f"{index // 4}-Q{index % 4 + 1}"
    else:
        season = _SEASONS[unit]
        year = said.year + offset
        if offset == 1 and season != "winter" and said.month < {"spring": 3, "summer": 6, "autumn": 9}[season]:
            year = said.year + 1
        base = f"{year}-{season}"
    return _with_lead(m, start, words, base, lead, text, relative=True, past=offset < 0)


def _year(text: str) -> int:
    digits = text.strip("'")
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _month(text: str) -> int:
    name = text.casefold().rstrip(".")
    return MONTHS.index(name) + 1 if name in MONTHS else MONTH_ABBREVIATIONS[name[:4] if name == "sept" else name[:3]]


def _ranges(found: list[When], text: str) -> list[When]:
    """'from 2025 to 2027', 'between 2025 and 2027', '2025-2027' joined into one range."""
    out: list[When] = []
    for w in found:
        if out and out[-1].text and w.text and not out[-1].text.startswith("..") and not w.text.startswith(".."):
            gap = text[out[-1].end:w.start].strip().casefold()
            prev = out[-1]
            opened = re.match(r"(?:from|between)\b", prev.words, re.IGNORECASE) or re.search(
                r"\b(?:from|between)\s*$", text[:prev.start], re.IGNORECASE)
            if gap in ("to", "and", "through", "-", "–", "until", "or") and (opened or gap in ("-", "–", "or")):
                first = prev.text.rstrip(".")
                out[-1] = When(prev.start, w.end, text[prev.start:w.end], f"{first}..{w.text.lstrip('.')}",
                               prev.relative or w.relative, prev.past and w.past)
                continue
        out.append(w)
    return out


def resolve_month(when: When, said: date | None, past: bool) -> When:
    """A month named without a year ('in January'): the last one before the source's date when the
    sentence tells of the past, else the next one from it."""
    if said is None or when.text is None or not when.relative:
        return when
    part = re.fullmatch(r"(?P<lead>\.\.)?(?P<year>\d{4})-(?P<letter>[QH])(?P<n>[1-4])", when.text)
    if part:  # "in the second quarter": this year's, unless the sentence tells of what is to come and it is over
        n, letter = int(part.group("n")), part.group("letter")
        first, last = ((n - 1) * 3 + 1, n * 3) if letter == "Q" else ((n - 1) * 6 + 1, n * 6)
        year = said.year + (1 if not past and last < said.month else -1 if past and first > said.month else 0)
        return When(when.start, when.end, when.words, f"{part.group('lead') or ''}{year}-{letter}{n}", when.relative,
                    when.past)
    if not re.fullmatch(r"\d{4}-\d\d", when.text):
        return when
    month = int(when.text[5:])
    year = said.year
    if past and month > said.month:
        year -= 1
    elif not past and month < said.month:
        year += 1
    return When(when.start, when.end, when.words, f"{year}-{month:02d}", when.relative, when.past)
