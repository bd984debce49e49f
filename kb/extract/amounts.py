"""Amounts a clause states, as kb's quantities (kb.model.quantity): capacity, investment and jobs.

Money in any of the spellings news uses ("$5.5 billion", "SEK 12 billion", "7.2 trillion won", "€2bn")
becomes `5.5 billion USD`; a hedge before it ("about", "around", "roughly", "nearly", "an estimated",
...) becomes `about`, and "more than", "at least", "up to", "less than" stay what they are.
Energy a plant makes is per year: "27 GWh of cells a year", "an annual capacity of 30 GWh", "its
full 30 GWh capacity" -> `27 GWh/yr`; power stays power (`2 GW`). People: "1,500 jobs", "hire 400
workers", "employ 900 people", "fill 400 positions" -> `jobs: 1500` (a number, as kb writes a bare
amount). Where a clause gives two amounts of one kind ("from 8 GWh to 20 GWh"), the last is the one planned.

Passing: "will cost about SEK 12 billion" -> {investment: about 12 billion SEK}; "8 GWh a year" ->
{capacity: 8 GWh/yr}. Failing (nothing): "sales grew 4 % last year"; "4680 cells" (a product, no amount).
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
_NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s*(?P<scale>billion|million|trillion|thousand|bn|mn|m|b)\b)?"
_HEDGE = (r"(?P<hedge>about|around|roughly|approximately|approx\.|some|nearly|almost|close\s+to|an\s+estimated|"
          r"more\s+than|over|at\s+least|up\s+to|as\s+much\s+as|less\s+than|under|just\s+under|just\s+over)\s+")
_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "₩": "KRW", "¥": "JPY", "A$": "AUD", "AU$": "AUD",
            "C$": "CAD", "CA$": "CAD", "R$": "BRL", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "RP": "IDR", "RP.": "IDR"}
_WORDS = {"danish crowns": "DKK", "danish kroner": "DKK", "swedish crowns": "SEK", "swedish kronor": "SEK",
          "norwegian crowns": "NOK", "norwegian kroner": "NOK", "czech crowns": "CZK", "czech korunas": "CZK",
          "dollars": "USD", "euros": "EUR", "euro": "EUR", "won": "KRW", "yuan": "CNY", "yen": "JPY",
          "pounds": "GBP", "kronor": "SEK", "kronor.": "SEK", "zlotys": "PLN", "zloty": "PLN", "rupees": "INR",
          "reais": "BRL", "real": "BRL", "rupiah": "IDR", "ringgit": "MYR", "baht": "THB", "pesos": "MXN"}
_CODES = ("USD", "EUR", "KRW", "CNY", "JPY", "GBP", "SEK", "NOK", "DKK", "PLN", "HUF", "CZK", "INR", "CAD", "AUD",
          "MXN", "CHF", "IDR", "TWD", "BRL", "NZD", "HKD", "SGD", "MYR", "THB")
_MONEY = re.compile(
    r"(?:" + _HEDGE + r")?(?:(?P<symbol>(?-i:US|AU?|CA?|R|NZ|HK|S)\$|[$€£₩¥]|(?-i:Rp)\.?)\s?" + _NUMBER + _SCALE
    + r"|(?P<code>" + "|".join(_CODES) + r")\s?" + _NUMBER.replace("number", "number2") + _SCALE.replace("scale", "scale2")
    + r"|" + _NUMBER.replace("number", "number3") + r"\s*(?P<scale3>billion|million|trillion)\s+(?P<word>"
    + "|".join(sorted(_WORDS, key=len, reverse=True)).replace(" ", r"\s+") + "|" + "|".join(_CODES) + r")\b)", _I)
_ENERGY = re.compile(r"(?:" + _HEDGE + r")?" + _NUMBER + r"\s*(?:-\s*)?(?P<unit>[kMGT]Wh|[kMG]W|(?i:kilo|mega|giga|tera)"
                     r"watt[- ]hours?|(?i:kilo|mega|giga)watts?)\b", re.UNICODE)
_UNIT_WORDS = {"kilo": "k", "mega": "M", "giga": "G", "tera": "T"}
_PER_YEAR = re.compile(r"^[^.;]{0,40}?\b(?:(?:a|per)[\s-]+year|per\s+annum)\b|^\s*/\s*y(?:ea)?r|^[^.;]{0,30}?\bannual(?:ly)?\b|"
                       r"^[^.;]{0,12}capacity", _I)
# A head count to be reached ("headcount to reach about 1,200", "will grow to about 600"): the planned number.
_PEOPLE_TARGET = re.compile(r"\b(?:headcount|workforce|employment|staff|employ\w*|jobs|people|workers|hiring|grow|rise|"
                            r"increase)\b[^.;]{0,50}?\b(?:reach|to|employ|hire|be\s+at)\s+(?:" + _HEDGE + r")?" + _NUMBER +
                            r"\b(?!\s*(?:%|"
                            r"percent|GWh|MWh|billion|million))", _I)
# An amount given as the one before ("down from the 1,800 jobs it promised", "up from $2.1 billion").
_FROM = re.compile(r"\b(?:down|up|increased|raised|cut|reduced|lowered)\s+from\s+(?:the\s+|its\s+|an?\s+)?$", _I)
_CAPACITY_BEFORE = re.compile(r"\b(?:annual|yearly|production|manufacturing|full|total)?\s*capacity\s+(?:of\s+)?"
                              r"(?:up\s+to\s+|about\s+|around\s+)?$|\bannual\s+$|\bfull\s+$", _I)
_PEOPLE = re.compile(r"(?:" + _HEDGE + r")?" + _NUMBER + r"(?:-odd|\s+or\s+so)?\s+(?:(?:new|full-time|permanent|direct|local|"
                     r"construction|factory|production|skilled|operational|operating|ongoing|manufacturing)\s+)?"
                     r"(?P<what>jobs|workers|employees|people|positions|staff|hires)\b(?P<building>\s+during\s+"
                     r"(?:the\s+)?(?:construction|build|building)(?:\s+phase)?\b)?", _I)
_CELLS = re.compile(r"(?:" + _HEDGE + r")?" + _NUMBER + _SCALE + r"\s+(?P<what>cells|vehicles|packs|modules)\s+"
                    r"(?:a|per)\s+year\b", _I)
_QUALIFIER = {"about": "about", "around": "about", "roughly": "about", "approximately": "about", "approx.": "about",
              "some": "about", "nearly": "about", "almost": "about", "close to": "about", "an estimated": "about",
              "just under": "about", "just over": "about", "more than": "more than", "over": "more than",
              "at least": "at least", "up to": "up to", "as much as": "up to", "less than": "less than",
              "under": "less than"}
_SCALES = {"bn": "billion", "b": "billion", "mn": "million", "m": "million"}


def _qualifier(hedge: str | None) -> str:
    if not hedge:
        return ""
    return _QUALIFIER.get(re.sub(r"\s+", " ", hedge.casefold()), "about") + " "


def _number(text: str) -> str:
    plain = text.replace(",", "")
    return plain[:-2] if plain.endswith(".0") else plain


def _scale(text: str | None) -> str:
    if not text:
        return ""
    word = text.casefold()
    return " " + _SCALES.get(word, word)


# A count of jobs that takes in others' ("8,000 jobs in total, including those in supplier and related industries",
# "indirect", "overall"): after the plant's own direct jobs, not the plant's.
_ALL_JOBS = re.compile(r"\s*(?:in\s+total|in\s+all|overall|total)\b|[^.;]{0,30}?\b(?:including|counting|among)\s+(?:those\s+|jobs\s+)?"
                       r"(?:at|in|with|of)\s+(?:[\w-]+\s+){0,2}?(?:suppliers?|suppl(?:y|ier)\s+chain|related|local\s+business)", _I)
# The word a head count to reach is of ("to 9,000 jobs", "to 6,000 people"): what may follow is _ALL_JOBS.
_JOBS_WORD = re.compile(r"\s*(?:(?:new\s+)?(?:jobs|positions|people|workers|employees|staff)\b)?", _I)
# "hired about 300 of the roughly 1,500 workers planned": the head count so far.
_HIRED_OF = re.compile(r"\bhired\s+(?:" + _HEDGE + r")?" + _NUMBER + r"\s+(?:[\w-]+\s+){0,2}?of\s+", _I)
# "to 20 gigawatt hours from 8 GWh", "to about 1 trillion won ($753 million) from 1.3 trillion won": the one before.
_FROM_AFTER = re.compile(r"\bfrom\s+(?:the\s+|its\s+|an?\s+)?$", _I)


def amounts(words: str, now: bool = False) -> dict[str, str]:
    """The quantities the words state: name -> amount in kb's syntax. now: the clause tells of how things stand (a
    head count today, not the one it is to reach: "now employs 850 people, a figure expected to reach 1,200")."""
    from ..model.milestone_words import _NOT_SPENT

    found: dict[str, str] = {}
    not_spent = [(m.start(), m.end()) for m in _NOT_SPENT.finditer(words)]
    for m in _MONEY.finditer(words):
        if any(a <= m.start() < b for a, b in not_spent):
            continue  # "pay back $40 million in state incentives": no investment of the plan
        if "investment" in found and (re.match(r"\s*[(\[]", words[max(0, m.start() - 2):m.start()][-1:] or "")
                                      or words[:m.start()].rstrip().endswith("(")):
            continue  # "120 billion yen ($830 million)": the amount as said, not its conversion
        if _FROM.search(words[:m.start()]) or "investment" in found and _FROM_AFTER.search(words[:m.start()]):
            continue
        if m.group("symbol"):
            unit, number, scale = _SYMBOLS.get(m.group("symbol").upper(), "USD"), m.group("number"), m.group("scale")
        elif m.group("code"):
            unit, number, scale = m.group("code").upper(), m.group("number2"), m.group("scale2")
        else:
            word = m.group("word")
            unit = word.upper() if word.upper() in _CODES else _WORDS[re.sub(r"\s+", " ", word.casefold())]
            number, scale = m.group("number3"), m.group("scale3")
        if m.group("symbol") == "¥" and re.search(r"\b(?:China|Chinese|yuan|CATL|BYD)\b", words):
            unit = "CNY"
        found["investment"] = f"{_qualifier(m.group('hedge'))}{_number(number)}{_scale(scale)} {unit}"
    for m in _ENERGY.finditer(words):
        if "capacity" in found and _FROM_AFTER.search(words[:m.start()]):
            continue  # "to 20 GWh from 8 GWh": the plan is 20
        unit = m.group("unit")
        if unit[0].casefold() in "kmgt" and len(unit) > 3:  # "20 gigawatt-hours" is 20 GWh
            unit = _UNIT_WORDS[unit[:4].casefold()] + ("Wh" if "hour" in unit.casefold() else "W")
        if unit.endswith("Wh") and (_PER_YEAR.search(words[m.end():]) or _CAPACITY_BEFORE.search(words[:m.start()])
                                    or re.search(r"\bcapacity\b|\bplant\b|\bfactory\b|\bgigafactory\b|\bexpansion\b|"
                                                 r"\bstage\b|\bphase\b|\blines?\b|\bsite\b", words, _I)):
            unit += "/yr"
        found["capacity"] = f"{_qualifier(m.group('hedge'))}{_number(m.group('number'))} {unit}"
    for m in _CELLS.finditer(words):
        found.setdefault("capacity", f"{_qualifier(m.group('hedge'))}{_number(m.group('number'))}"
                                     f"{_scale(m.group('scale'))} {m.group('what').casefold()}/yr")
    direct = False  # a count of the plant's own (direct) jobs was given
    for m in _PEOPLE.finditer(words):
        if re.match(r"\d{4}$", m.group("number")) and 1900 <= int(m.group("number")) <= 2100 and not re.search(
                r"\bjobs\b", m.group()):
            continue  # "in 2026 workers ..." is a year
        if _FROM.search(words[:m.start()]):
            continue
        if (m.group("building") or re.search(r"\bconstruction\s+(?:jobs|workers)\b", m.group(), _I)) and "jobs" in found:
            continue  # "250 operational jobs, with a further 400 jobs during construction": the plant's are the 250
        if "jobs" in found and direct and _ALL_JOBS.match(words, m.end()):
            continue  # "up to 4,000 direct jobs and about 8,000 jobs in total, including suppliers'": the plant's are 4,000
        direct = direct or bool(re.search(r"\bdirect\b", m.group(), _I))
        hedge = m.group("hedge") or ("about" if re.search(r"-odd|\s+or\s+so", m.group()) else None)
        found["jobs"] = f"{_qualifier(hedge)}{_number(m.group('number'))}".replace(" ", " ")
    for m in ([] if now else _PEOPLE_TARGET.finditer(words)):
        if re.match(r"\d{4}$", m.group("number")):
            continue
        after = _JOBS_WORD.match(words, m.end())
        if "jobs" in found and direct and _ALL_JOBS.match(words, after.end()):
            continue  # "3,000 direct jobs and up to 9,000 jobs overall": the plant's are 3,000, as above
        found["jobs"] = f"{_qualifier(m.group('hedge'))}{_number(m.group('number'))}"
    hired = _HIRED_OF.search(words)
    if now and "jobs" in found:
        first = next((m for m in _PEOPLE.finditer(words) if not re.match(r"\d{4}$", m.group("number"))), None)
        if first is not None:
            found["jobs"] = f"{_qualifier(first.group('hedge'))}{_number(first.group('number'))}"
    if hired:  # "had hired around 300 of the 1,500 planned": so far
        found["jobs"] = f"{_qualifier(hired.group('hedge'))}{_number(hired.group('number'))}"
    from ..model.kinds import typed_pair

    # a bare amount is a number, as on every other path (`kb new --quantity jobs=1500`, `kb set`): jobs: 1500
    return {name: typed_pair("quantities", _valid(name, value)) for name, value in found.items() if _valid(name, value)}


def _valid(name: str, value: str) -> str | None:
    """value when kb reads it as an amount for name, else None (never a draft kb check would refuse)."""
    from ..model.quantity import check_for_name, parse

    try:
        return value if not check_for_name(name, parse(value)) else None
    except ValueError:
        return None
