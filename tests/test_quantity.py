"""kb.model.quantity, used from Python: what a written amount means, which names take which units, the hints
for the usual ways of writing an amount wrongly, filter bounds and readable totals.

Every expected value is worked out by hand from the rules in kb/model/quantity.py's docstring (and docs/format.md).
"""

from __future__ import annotations

import pytest

from kb.model.quantity import (
    Quantity,
    check_for_name,
    effective_unit,
    format_amount,
    parse,
    parse_bound,
)

GENERIC = ("is not an amount; write [about|at least|more than|up to|less than] NUMBER "
           "[thousand|million|billion|trillion] [UNIT], e.g. '53 GWh/yr', 'about 5.5 billion USD', '1500 jobs'; units: ")


@pytest.mark.parametrize("text, number, unit, qualifier, dimension, base", [
    ("53 GWh/yr", 53.0, "GWh/yr", None, "energy per year", 53e9),
    ("about 5.5 billion USD", 5.5e9, "USD", "about", "money (USD)", 5.5e9),
    ("7.2 trillion KRW", 7.2e12, "KRW", None, "money (KRW)", 7.2e12),
    ("at least 1000 jobs", 1000.0, "jobs", "at least", "jobs", 1000.0),
    ("more than 2 million cells/yr", 2e6, "cells/yr", "more than", "cells per year", 2e6),
    ("up to 40 GWh", 40.0, "GWh", "up to", "energy", 40e9),
    ("less than 3 thousand t/yr", 3e3, "t/yr", "less than", "mass per year", 3e3),
    ("250 MW", 250.0, "MW", None, "power", 250e6),
    ("1.5 kWh", 1.5, "kWh", None, "energy", 1.5e3),
    ("2 TWh/yr", 2.0, "TWh/yr", None, "energy per year", 2e12),
    ("5 kt", 5.0, "kt", None, "mass", 5e3),
    ("40 %", 40.0, "%", None, "percent", 40.0),
    ("1500", 1500.0, None, None, None, 1500.0),  # the source gave no unit
])
def test_what_an_amount_means(text, number, unit, qualifier, dimension, base):
    quantity = parse(text)
    assert (quantity.text, quantity.number, quantity.unit, quantity.qualifier, quantity.dimension,
            quantity.base) == (text, number, unit, qualifier, dimension, base)


def test_numbers_as_yaml_reads_them():
    assert parse(1500) == Quantity("1500", 1500.0, None)
    assert parse(2.5) == Quantity("2.5", 2.5, None)
    assert parse(0) == Quantity("0", 0.0, None)


@pytest.mark.parametrize("value, message", [
    ("$5.5 billion", "'$5.5 billion': write the currency as a code after the amount: '5.5 billion USD'"),
    ("$5.5bn", "'$5.5bn': write the currency as a code after the amount: '5.5 billion USD'"),
    ("about $5.5bn", "'about $5.5bn': write the currency as a code after the amount: 'about 5.5 billion USD'"),
    ("US$ 5 billion", "'US$ 5 billion': write the currency as a code after the amount: '5 billion USD'"),
    ("USD 5 billion", "'USD 5 billion': write the currency as a code after the amount: '5 billion USD'"),
    ("5 billion won", "'5 billion won': write the currency as a code after the amount: '5 billion KRW'"),
    ("7.2tn won", "'7.2tn won': write the currency as a code after the amount: '7.2 trillion KRW'"),
    ("5 million €", "'5 million €': write the currency as a code after the amount: '5 million EUR'"),
    ("¥100 billion", "'¥100 billion': write the currency as a code, JPY or CNY, after the amount"),
    ("1,500 jobs", "'1,500 jobs': write numbers without thousands separators: '1500 jobs'"),
    ("5.5bn USD", "'5.5bn USD': write '5.5 billion USD'"),
    ("1,5 billion EUR", "'1,5 billion EUR': write '1.5 billion EUR'"),
    ("53 GWh/year", "'53 GWh/year': write '53 GWh/yr'"),
    ("40 GWh per year", "'40 GWh per year': write '40 GWh/yr'"),
    ("40 GWh a year", "'40 GWh a year': write '40 GWh/yr'"),
    ("12 GWh annually", "'12 GWh annually': write '12 GWh/yr'"),
    ("53GWh/yr", "'53GWh/yr': write '53 GWh/yr'"),
    ("53 gwh", "'53 gwh': write '53 GWh'"),
    ("53 GWhpa", "'53 GWhpa': write '53 GWh/yr'"),
    ("5 usd", "'5 usd': write '5 USD'"),
    ("roughly 5 GWh", "'roughly 5 GWh': write 'about 5 GWh'"),
    ("over 1000 jobs", "'over 1000 jobs': write 'more than 1000 jobs'"),
    (" 53 GWh/yr", "' 53 GWh/yr': write '53 GWh/yr'"),
    ("53 GWh/yr ", "'53 GWh/yr ': write '53 GWh/yr'"),
    ("53 bananas", "'53 bananas' " + GENERIC),
    ("-5 jobs", "'-5 jobs' " + GENERIC),
    ("40 gigawatt hours", "'40 gigawatt hours' " + GENERIC),
    (-5, "'-5': amounts are not negative"), (-0.5, "'-0.5': amounts are not negative"),
    (float("inf"), "'inf' is not an amount; write a number such as 53 or '53 GWh/yr'"),  # YAML's .inf
    (float("nan"), "'nan' is not an amount; write a number such as 53 or '53 GWh/yr'"),
    (True, "expected an amount such as '53 GWh/yr', got bool"),
    ([5], "expected an amount such as '53 GWh/yr', got list"),
])
def test_what_is_not_an_amount(value, message):
    with pytest.raises(ValueError) as error:
        parse(value)
    if "write '" in message:  # the amount suggested is one kb takes
        parse(message.rsplit("'", 2)[-2])
    assert str(error.value).split("units: ")[0] == message.split("units: ")[0]
    if message.endswith("units: "):  # the generic hint lists the units, currencies last and only the first few
        assert str(error.value).endswith(", jobs, %, or a currency code (USD, EUR, KRW, CNY, JPY, GBP, ...)")
        assert "Wh, Wh/yr, kWh, kWh/yr" in str(error.value) and "USD," not in str(error.value).split("(")[0]


@pytest.mark.parametrize("name, text, message", [
    ("capacity", "53 GWh/yr", None), ("capacity", "53 GWh", None), ("capacity", "2 GW", None),
    ("capacity", "500000 vehicles/yr", None), ("capacity", "20 kt/yr", None), ("capacity", "53", None),
    ("capacity", "5 billion USD", "'5 billion USD' is money (USD); capacity takes energy per year, energy, power, "
                                  "cells per year, modules per year, packs per year, vehicles per year, units per "
                                  "year, mass per year"),
    ("investment", "5 billion EUR", None), ("investment", "5 billion", None),
    ("investment", "53 GWh/yr", "'53 GWh/yr' is energy per year; investment takes a currency code"),
    ("jobs", "1500 jobs", None), ("jobs", "1500", None),
    ("jobs", "5 GWh", "'5 GWh' is energy; jobs takes jobs"),
    ("share-lfp", "40 %", None), ("anything-else", "5 billion USD", None),  # other names take any unit
])
def test_names_that_fix_their_units(name, text, message):
    assert check_for_name(name, parse(text)) == message


def test_a_bare_number_of_jobs_counts_in_jobs():
    assert [effective_unit(name, parse(text)) for name, text in (
        ("jobs", "1500"), ("jobs", "1500 jobs"), ("capacity", "53"), ("capacity", "53 GWh/yr"))] == [
        "jobs", "jobs", None, "GWh/yr"]


@pytest.mark.parametrize("text, base, dimension", [
    ("10GWh/yr", 10e9, "energy per year"), ("10 GWh/yr", 10e9, "energy per year"),
    ("1billionUSD", 1e9, "money (USD)"), ("1 billion USD", 1e9, "money (USD)"), ("1.5 MWh", 1.5e6, "energy"),
    (" 500 ", 500.0, None), ("2thousand", 2e3, None),
])
def test_filter_bounds(text, base, dimension):
    assert parse_bound(text) == (base, dimension)


@pytest.mark.parametrize("text", ["10 bananas", "GWh", "ten GWh", "-5"])
def test_a_filter_bound_that_is_not_an_amount(text):
    with pytest.raises(ValueError) as error:
        parse_bound(text)
    assert str(error.value) == f"'{text}' is not an amount such as 10GWh/yr, 1billionUSD or 500"


@pytest.mark.parametrize("base, dimension, preferred, text", [
    (53e9, "energy per year", None, "53 GWh/yr"),
    (53e9, "energy per year", "MWh/yr", "53000 MWh/yr"),
    (1.5e12, "energy", None, "1.5 TWh"),
    (999, "energy", None, "999 Wh"),
    (1000, "energy", None, "1 kWh"),
    (0.5, "energy", None, "0.5 Wh"),  # below the smallest unit: in the smallest unit
    (53e9, "energy per year", "GWh", "53 GWh/yr"),  # a preferred unit of another dimension is not taken
    (12.7e9, "money (USD)", None, "12.7 billion USD"),
    (2500, "money (KRW)", None, "2.5 thousand KRW"),
    (1e3, "money (EUR)", None, "1 thousand EUR"),
    (999, "money (EUR)", None, "999 EUR"),
    (7.2e12, "money (KRW)", "KRW", "7.2 trillion KRW"),
    (3e6, "cells per year", None, "3e+06 cells/yr"),
    (1500, "jobs", None, "1500 jobs"),
])
def test_totals_in_a_readable_unit(base, dimension, preferred, text):
    assert format_amount(base, dimension, preferred) == text


def test_true_is_not_the_number_one_even_after_one_was_read():
    assert parse(1) == Quantity("1", 1.0, None)
    with pytest.raises(ValueError) as error:
        parse(True)
    assert str(error.value) == "expected an amount such as '53 GWh/yr', got bool"


def test_every_unit_and_what_one_of_it_is_in_its_dimensions_base_unit():
    expected = {
        "Wh": ("energy", 1), "kWh": ("energy", 1e3), "MWh": ("energy", 1e6), "GWh": ("energy", 1e9),
        "TWh": ("energy", 1e12), "W": ("power", 1), "kW": ("power", 1e3), "MW": ("power", 1e6), "GW": ("power", 1e9),
        "t": ("mass", 1), "kt": ("mass", 1e3), "Mt": ("mass", 1e6), "cells/yr": ("cells per year", 1),
        "modules/yr": ("modules per year", 1), "packs/yr": ("packs per year", 1),
        "vehicles/yr": ("vehicles per year", 1), "units/yr": ("units per year", 1), "jobs": ("jobs", 1),
        "%": ("percent", 1), "USD": ("money (USD)", 1), "KRW": ("money (KRW)", 1), "RUB": ("money (RUB)", 1),
    }
    for unit in ("Wh", "kWh", "MWh", "GWh", "TWh", "t", "kt", "Mt"):
        expected[unit + "/yr"] = (expected[unit][0] + " per year", expected[unit][1])
    assert {unit: (parse(f"1 {unit}").dimension, parse(f"1 {unit}").base) for unit in expected} == expected
