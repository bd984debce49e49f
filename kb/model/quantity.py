"""Quantities with units, as a source states them: capacity, investment, jobs and other named amounts.

A value is written `[QUALIFIER ]NUMBER[ SCALE][ UNIT]`:

    53 GWh/yr            36 GWh/yr           about 5.5 billion USD
    7.2 trillion KRW     1500 jobs           at least 1000 jobs      up to 40 GWh/yr

QUALIFIER is one of `about`, `at least`, `more than`, `up to`, `less than`; SCALE one of
`thousand`, `million`, `billion`, `trillion`; UNIT one of `UNITS` (an unknown one is an
error with a hint). A bare number is an amount whose unit the source does not give: valid,
but left out of sums that need a unit. Amounts of one dimension compare and add across
units (MWh and GWh); money adds per currency only: no exchange rate is ever invented.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

QUALIFIERS = ("about", "at least", "more than", "up to", "less than")
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

# unit -> (dimension, factor to the dimension's base unit)
UNITS: dict[str, tuple[str, float]] = {}
_ENERGY = {"Wh": 1.0, "kWh": 1e3, "MWh": 1e6, "GWh": 1e9, "TWh": 1e12}
for _name, _factor in _ENERGY.items():
    UNITS[_name] = ("energy", _factor)
    UNITS[_name + "/yr"] = ("energy per year", _factor)
for _name, _factor in {"W": 1.0, "kW": 1e3, "MW": 1e6, "GW": 1e9}.items():
    UNITS[_name] = ("power", _factor)
for _name, _factor in {"t": 1.0, "kt": 1e3, "Mt": 1e6}.items():
    UNITS[_name] = ("mass", _factor)
    UNITS[_name + "/yr"] = ("mass per year", _factor)
for _name in ("cells", "modules", "packs", "vehicles", "units"):
    UNITS[_name + "/yr"] = (f"{_name} per year", 1.0)
UNITS["jobs"] = ("jobs", 1.0)
UNITS["%"] = ("percent", 1.0)
CURRENCIES = ("USD", "EUR", "KRW", "CNY", "JPY", "GBP", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK", "PLN", "HUF",
              "CZK", "INR", "IDR", "MXN", "BRL", "CLP", "ARS", "TWD", "HKD", "SGD", "THB", "VND", "MYR", "ZAR",
              "TRY", "SAR", "AED", "MAD", "RUB")
for _name in CURRENCIES:
    UNITS[_name] = (f"money ({_name})", 1.0)

# Names whose meaning fixes which dimensions make sense; other names take any unit.
KNOWN_NAMES: dict[str, tuple[str, ...]] = {
    "capacity": ("energy per year", "energy", "power", "cells per year", "modules per year", "packs per year",
                 "vehicles per year", "units per year", "mass per year"),
    "investment": tuple(f"money ({c})" for c in CURRENCIES),
    "jobs": ("jobs",),
}
UNITLESS_OK = {"jobs": "jobs"}  # a bare number of jobs is a number of jobs

_SPELLINGS = {"$": "USD", "US$": "USD", "€": "EUR", "₩": "KRW", "won": "KRW", "yuan": "CNY", "RMB": "CNY",
              "¥": "JPY or CNY", "yen": "JPY", "£": "GBP", "dollars": "USD", "euros": "EUR"}
_VALUE = re.compile(r"(?:(?P<qualifier>about|at least|more than|up to|less than) )?(?P<number>\d+(?:\.\d+)?)"
                    r"(?: (?P<scale>thousand|million|billion|trillion))?(?: (?P<unit>\S+))?$")


@dataclass(frozen=True)
class Quantity:
    """One stated amount: the text as written, and what it means."""

    text: str
    number: float  # as stated, scale applied: 5.5 billion -> 5.5e9
    unit: str | None
    qualifier: str | None = None

    @property
    def dimension(self) -> str | None:
        if self.unit is None:
            return None
        return UNITS[self.unit][0]

    @property
    def base(self) -> float:
        """The amount in its dimension's base unit (Wh, W, t, ...; money stays in its currency)."""
        return self.number * (UNITS[self.unit][1] if self.unit else 1.0)


_SCALE_WORDS = {"k": "thousand", "thousand": "thousand", "m": "million", "mn": "million", "mio": "million",
                "mil": "million", "million": "million", "millions": "million", "b": "billion", "bn": "billion",
                "bln": "billion", "billion": "billion", "billions": "billion", "t": "trillion", "tn": "trillion",
                "trn": "trillion", "trillion": "trillion", "trillions": "trillion"}
_QUALIFIER_WORDS = {"around": "about", "approximately": "about", "approx.": "about", "approx": "about",
                    "roughly": "about", "some": "about", "circa": "about", "ca.": "about", "~": "about",
                    "over": "more than", "above": "more than", "at most": "up to", "below": "less than",
                    "under": "less than", "min.": "at least", "max.": "up to"}
_PER_YEAR = re.compile(r"\s*(?:/\s*year|/\s*a|per\s+year|per\s+annum|a\s+year|each\s+year|annually|p\.?\s?a\.?|"
                       r"/y|pa)$", re.IGNORECASE)
_AMOUNT = re.compile(r"(?P<number>\d+(?:[.,]\d+)*)\s*(?P<rest>.*)$")


def suggestion(text: str) -> str | None:
    """The amount, as kb writes amounts, that text seems to mean, when it is one that parses:
    '$5.5bn' -> '5.5 billion USD', '40 GWh per year' -> '40 GWh/yr', 'USD 2 billion' -> '2 billion USD',
    '53GWh/yr' -> '53 GWh/yr', '5,000 jobs' -> '5000 jobs', '5 gwh' -> '5 GWh', and a unit written twice, as
    when a cell holding its own unit fills an import template that adds one: '1.2 GWh MWh' -> '1.2 GWh' (of
    one dimension only). None when there is no such reading (or two: '¥' is JPY or CNY)."""
    if not isinstance(text, str):
        return None
    rest = " ".join(text.split())
    qualifier = ""
    for words, canonical_words in [*((q, q) for q in QUALIFIERS), *_QUALIFIER_WORDS.items()]:
        if rest.lower().startswith(words + " ") or (words == "~" and rest.startswith("~")):
            qualifier, rest = canonical_words + " ", rest[len(words):].strip()
            break
    currency = None
    for symbol, code in sorted(_SPELLINGS.items(), key=lambda item: -len(item[0])):
        if rest.startswith(symbol) or rest.endswith(" " + symbol) or rest.endswith(symbol) and not symbol.isalpha():
            if code == "JPY or CNY":
                return None
            currency = code
            rest = (rest[len(symbol):] if rest.startswith(symbol) else rest[:-len(symbol)]).strip()
            break
    if currency is None:
        for code in CURRENCIES:
            if rest.upper().startswith(code + " ") or rest.upper().startswith(code) and rest[3:4].isdigit():
                currency, rest = code, rest[3:].strip()
                break
    match = _AMOUNT.match(rest)
    if not match:
        return None
    number = match.group("number")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", number):
        number = number.replace(",", "")
    elif "," in number:  # a decimal comma, 5,5
        if number.count(",") != 1 or "." in number:
            return None
        number = number.replace(",", ".")
    words = match.group("rest").strip()
    scale = ""
    head = re.match(r"([A-Za-z]+\.?)(?:\s+|$)(.*)$", words)
    if head and head.group(1).lower().rstrip(".") in _SCALE_WORDS and \
            not (head.group(1) in UNITS or head.group(1).lower() in ("t",) and not currency and not head.group(2)):
        scale, words = _SCALE_WORDS[head.group(1).lower().rstrip(".")], head.group(2).strip()
    if words.upper() in CURRENCIES and currency is None:
        currency, words = words.upper(), ""
    folded = {u.casefold(): u for u in UNITS}
    twice = words.split()
    if len(twice) == 2 and all(w.casefold() in folded for w in twice):  # '1.2 GWh MWh': the cell's own unit first
        inner, outer = (folded[w.casefold()] for w in twice)
        if UNITS[inner][0] != UNITS[outer][0]:
            return None
        words = inner
    unit = words
    if unit:
        per_year = _PER_YEAR.search(unit)
        base = _PER_YEAR.sub("", unit).strip() if per_year else unit
        unit = folded.get((base + "/yr").casefold() if per_year else base.casefold())
        if unit is None:
            return None
    if currency and unit:
        return None
    parts = [f"{qualifier}{number}", scale, currency or unit or ""]
    candidate = " ".join(p for p in parts if p)
    try:
        _parse(candidate)
    except ValueError:
        return None
    return candidate if candidate != text else None


def _hint(text: str) -> str:
    if any(symbol in text for symbol in ("¥",)) and suggestion(text) is None and re.search(r"\d", text):
        return f"'{text}': write the currency as a code, JPY or CNY, after the amount"
    close = suggestion(text)
    if close:
        words = text.replace("$", " $ ").split()
        if any(symbol in words or text.startswith(symbol) or text.endswith(symbol) for symbol in _SPELLINGS) or \
                re.match(r"\s*(?:" + "|".join(CURRENCIES) + r")\s*\d", text, re.IGNORECASE):
            return f"'{text}': write the currency as a code after the amount: '{close}'"
        if re.search(r"\d,\d{3}\b", text):
            return f"'{text}': write numbers without thousands separators: '{close}'"
        return f"'{text}': write '{close}'"
    return (f"'{text}' is not an amount; write [about|at least|more than|up to|less than] NUMBER "
            f"[thousand|million|billion|trillion] [UNIT], e.g. '53 GWh/yr', 'about 5.5 billion USD', '1500 jobs'; "
            f"units: {', '.join(u for u in UNITS if u not in CURRENCIES)}, or a currency code ({', '.join(CURRENCIES[:6])}, ...)")


def parse(value: object) -> Quantity:
    """The quantity a written value means; ValueError with a hint otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):  # before the cache: a mapping
        raise ValueError(f"expected an amount such as '53 GWh/yr', got {type(value).__name__}")  # has no hash,
    return _parse(value)  # and True would be taken for the 1 cached before it


@lru_cache(maxsize=4096)
def _parse(value: int | float | str) -> Quantity:
    if isinstance(value, (int, float)):
        if not math.isfinite(value):  # YAML's .inf and .nan
            raise ValueError(f"'{value}' is not an amount; write a number such as 53 or '53 GWh/yr'")
        if value < 0:
            raise ValueError(f"'{value}': amounts are not negative")
        return Quantity(str(value), float(value), None)
    text = value
    match = _VALUE.match(text)
    if not match or text != text.strip():
        raise ValueError(_hint(text))
    unit = match.group("unit")
    if unit is not None and unit not in UNITS:
        raise ValueError(_hint(text))
    number = float(match.group("number")) * SCALES.get(match.group("scale") or "", 1.0)
    return Quantity(text, number, unit, match.group("qualifier"))


def check_for_name(name: str, quantity: Quantity) -> str | None:
    """None when quantity suits a quantity called name, else what is wrong."""
    dimensions = KNOWN_NAMES.get(name)
    if dimensions is None or quantity.unit is None:
        return None
    if quantity.dimension not in dimensions:
        wanted = "a currency code" if name == "investment" else ", ".join(dimensions)
        return f"'{quantity.text}' is {quantity.dimension}; {name} takes {wanted}"
    return None


def effective_unit(name: str, quantity: Quantity) -> str | None:
    """The unit a quantity counts in: its own, or the one a bare number has under its name (jobs)."""
    return quantity.unit or UNITLESS_OK.get(name)


_FILTER = re.compile(r"(?P<number>\d+(?:\.\d+)?)\s*(?P<scale>thousand|million|billion|trillion)?\s*(?P<unit>\S+)?$")


def parse_bound(text: str) -> tuple[float, str | None]:
    """A filter's amount ('10GWh/yr', '1 billion USD', '500') as (base amount, dimension)."""
    match = _FILTER.match(text.strip())
    if not match or (match.group("unit") and match.group("unit") not in UNITS):
        raise ValueError(f"'{text}' is not an amount such as 10GWh/yr, 1billionUSD or 500")
    unit = match.group("unit")
    number = float(match.group("number")) * SCALES.get(match.group("scale") or "", 1.0)
    return number * (UNITS[unit][1] if unit else 1.0), UNITS[unit][0] if unit else None


def format_amount(base: float, dimension: str, preferred: str | None = None) -> str:
    """A total in a readable unit of its dimension (preferred when given), e.g. 53000000000 -> '53 GWh/yr'."""
    units = [(u, f) for u, (d, f) in UNITS.items() if d == dimension]
    if preferred in dict(units):
        unit, factor = preferred, dict(units)[preferred]
    else:
        fitting = [(u, f) for u, f in units if base >= f] or units[:1]
        unit, factor = max(fitting, key=lambda item: item[1])
    amount = base / factor
    if dimension.startswith("money") and amount >= 1e3:
        for word, scale in reversed(SCALES.items()):
            if amount >= scale:
                return f"{_number(amount / scale)} {word} {unit}"
    return f"{_number(amount)} {unit}"


def _number(value: float) -> str:
    text = f"{value:.6g}"
    return text[:-2] if text.endswith(".0") else text
