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


def _hint(text: str) -> str:
    for symbol, code in _SPELLINGS.items():
        if symbol in text.split() or text.startswith(symbol) or text.endswith(" " + symbol):
            if code == "JPY or CNY":
                return f"'{text}': write the currency as a code, JPY or CNY, after the amount"
            amount = re.sub(re.escape(symbol), "", text).strip()
            return f"'{text}': write the currency as a code after the amount, e.g. '{amount} {code}'"
    if "," in text:
        return f"'{text}': write numbers without thousands separators, e.g. '{text.replace(',', '')}'"
    unit = text.rsplit(" ", 1)[-1]
    for known in UNITS:
        if unit != known and unit.casefold() in (known.casefold(), known.casefold().replace("/yr", "/year"),
                                                 known.casefold().replace("/yr", "pa")):
            return f"'{text}': write the unit as '{known}'"
    return (f"'{text}' is not an amount; write [about|at least|more than|up to|less than] NUMBER "
            f"[thousand|million|billion|trillion] [UNIT], e.g. '53 GWh/yr', 'about 5.5 billion USD', '1500 jobs'; "
            f"units: {', '.join(u for u in UNITS if u not in CURRENCIES)}, or a currency code ({', '.join(CURRENCIES[:6])}, ...)")


_SEPARATED = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")


def suggestion(text: str) -> str | None:
    """The amount a written value most probably means when it is not one kb reads, and kb can say which:
    thousands separators dropped ('1,200 MWh' -> '1200 MWh'), a unit in another case ('5 gwh' -> '5 GWh'),
    a unit written twice, as when a cell holding its own unit fills a template that adds one ('1.2 GWh MWh'
    -> '1.2 GWh', if both are of one dimension). None when no such change gives an amount."""
    if not isinstance(text, str):
        return None
    fixed = " ".join(text.split())
    fixed = _SEPARATED.sub(lambda m: m.group(0).replace(",", ""), fixed)
    fixed = re.sub(r"(\d)(?=[A-Za-z%])", r"\1 ", fixed, count=1) if re.match(r"^[\d.]+[A-Za-z%]", fixed) else fixed
    parts = fixed.split(" ")

    def known(unit: str) -> str | None:
        if unit in UNITS:
            return unit
        folded = [u for u in UNITS if u.casefold() == unit.casefold()]
        return folded[0] if len(folded) == 1 else None

    if len(parts) >= 3 and known(parts[-1]) and known(parts[-2]):
        inner, outer = known(parts[-2]), known(parts[-1])
        if UNITS[inner][0] != UNITS[outer][0]:
            return None
        parts = parts[:-1]
    if parts and len(parts) >= 2 and known(parts[-1]):
        parts[-1] = known(parts[-1])
    fixed = " ".join(parts)
    if fixed == text:
        return None
    try:
        _parse(fixed)
    except ValueError:
        return None
    return fixed


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
