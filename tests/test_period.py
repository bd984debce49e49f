"""kb.model.period, used from Python: what each written period means as a date range, how spellings are
normalised, which periods lie within or overlap others, and the messages for what is not a period.

Every range below is worked out by hand from the table in kb/model/period.py's docstring (and docs/format.md).
"""

from __future__ import annotations

from datetime import date as d

import pytest

from kb.model.period import (
    as_number,
    canonical,
    fiscal_range,
    months_between,
    of_claim,
    parse,
    sort_date,
    years,
)

HINT = ("is not a period; write a year (2026), a half (2026-H2), a quarter (2026-Q1), a month (2026-03), a day "
        "(2026-03-15), a part of a year (2026-early, -mid, -late, -end), a season (2026-spring), a fiscal year "
        "(FY2027), or a range (2025..2026, ..2027)")


@pytest.mark.parametrize("text, start, end, precision", [
    ("2026", d(2026, 1, 1), d(2026, 12, 31), "year"),
    ("2026-H1", d(2026, 1, 1), d(2026, 6, 30), "half"),
    ("2026-H2", d(2026, 7, 1), d(2026, 12, 31), "half"),
    ("2026-Q1", d(2026, 1, 1), d(2026, 3, 31), "quarter"),
    ("2026-Q2", d(2026, 4, 1), d(2026, 6, 30), "quarter"),
    ("2026-Q3", d(2026, 7, 1), d(2026, 9, 30), "quarter"),
    ("2026-Q4", d(2026, 10, 1), d(2026, 12, 31), "quarter"),
    ("2026-01", d(2026, 1, 1), d(2026, 1, 31), "month"),
    ("2026-02", d(2026, 2, 1), d(2026, 2, 28), "month"),
    ("2028-02", d(2028, 2, 1), d(2028, 2, 29), "month"),  # a leap year
    ("2026-12", d(2026, 12, 1), d(2026, 12, 31), "month"),
    ("2026-03-15", d(2026, 3, 15), d(2026, 3, 15), "day"),
    ("2026-early", d(2026, 1, 1), d(2026, 4, 30), "part"),
    ("2026-mid", d(2026, 5, 1), d(2026, 8, 31), "part"),
    ("2026-late", d(2026, 9, 1), d(2026, 12, 31), "part"),
    ("2026-end", d(2026, 11, 1), d(2026, 12, 31), "part"),
    ("2026-spring", d(2026, 3, 1), d(2026, 5, 31), "season"),
    ("2026-summer", d(2026, 6, 1), d(2026, 8, 31), "season"),
    ("2026-autumn", d(2026, 9, 1), d(2026, 11, 30), "season"),
    ("2026-winter", d(2026, 12, 1), d(2027, 2, 28), "season"),  # into the next February
    ("2027-winter", d(2027, 12, 1), d(2028, 2, 29), "season"),
    ("1900", d(1900, 1, 1), d(1900, 12, 31), "year"),
    ("2100-Q4", d(2100, 10, 1), d(2100, 12, 31), "quarter"),
    ("2025..2026", d(2025, 1, 1), d(2026, 12, 31), "range"),
    ("2025-H2..2026-Q1", d(2025, 7, 1), d(2026, 3, 31), "range"),
    ("2025..2025-H1", d(2025, 1, 1), d(2025, 6, 30), "range"),  # may end inside the year it starts in
    ("..2027", None, d(2027, 12, 31), "range"),
    ("2026-mid..", d(2026, 5, 1), None, "range"),
])
def test_each_form_and_its_dates(text, start, end, precision):
    period = parse(text)
    assert (period.text, period.start, period.end, period.precision, period.fiscal) == (
        text, start, end, precision, False)


def test_a_range_falls_due_where_its_end_starts_when_it_has_no_start():
    assert [parse(text).key for text in ("..2027", "..2027-H2", "2026..2027", "2026-Q3..")] == [
        d(2027, 1, 1), d(2027, 7, 1), d(2026, 1, 1), d(2026, 7, 1)]
    assert [parse(text).by for text in ("..2027-H2", "2026..2027", "2026..")] == [d(2027, 7, 1), None, None]
    assert [sort_date(parse(text)) for text in ("2026-Q3", "..2026-Q3")] == [d(2026, 7, 1), d(2026, 7, 1)]
    assert [parse(text).year for text in ("2026-winter", "..2027-H2", "2025-end..")] == [2026, 2027, 2025]


# ---------------------------------------------------------------- fiscal years

def test_a_fiscal_year_is_the_twelve_months_ending_in_its_year_end_month():
    assert fiscal_range(2027, 3) == (d(2026, 4, 1), d(2027, 3, 31))
    assert fiscal_range(2027, 6) == (d(2026, 7, 1), d(2027, 6, 30))
    assert fiscal_range(2027, 12) == (d(2027, 1, 1), d(2027, 12, 31))  # the calendar year
    assert fiscal_range(2027, 1) == (d(2026, 2, 1), d(2027, 1, 31))
    assert fiscal_range(2028, 2) == (d(2027, 3, 1), d(2028, 2, 29))
    # unknown year-end: every day some fiscal year called 2027 can cover
    assert fiscal_range(2027, None) == (d(2026, 2, 1), d(2027, 12, 31))


@pytest.mark.parametrize("text, year_end, start, end, precision", [
    ("FY2027", 3, d(2026, 4, 1), d(2027, 3, 31), "year"),
    ("FY2027-Q1", 3, d(2026, 4, 1), d(2026, 6, 30), "quarter"),
    ("FY2027-Q3", 3, d(2026, 10, 1), d(2026, 12, 31), "quarter"),
    ("FY2027-Q4", 3, d(2027, 1, 1), d(2027, 3, 31), "quarter"),
    ("FY2027-H1", 3, d(2026, 4, 1), d(2026, 9, 30), "half"),
    ("FY2027-H2", 3, d(2026, 10, 1), d(2027, 3, 31), "half"),
    ("FY2027-Q2", 12, d(2027, 4, 1), d(2027, 6, 30), "quarter"),
    ("FY2027-H2", 9, d(2027, 4, 1), d(2027, 9, 30), "half"),
    ("FY2027-Q4", 2, d(2026, 12, 1), d(2027, 2, 28), "quarter"),  # from December into the next year
    ("FY2027", None, d(2026, 2, 1), d(2027, 12, 31), "year"),
    ("FY2027-Q3", None, d(2026, 2, 1), d(2027, 12, 31), "quarter"),  # where it falls depends on the year-end
    ("FY2026..FY2027", 3, d(2025, 4, 1), d(2027, 3, 31), "range"),
])
def test_fiscal_periods(text, year_end, start, end, precision):
    period = parse(text, year_end)
    assert (period.start, period.end, period.precision, period.fiscal) == (start, end, precision, True)


def test_a_range_is_fiscal_when_either_end_is():
    assert [parse(text).fiscal for text in ("2026..FY2027", "FY2026..2027", "..FY2027", "2026..2027")] == [
        True, True, True, False]


def test_a_claims_fiscal_year_is_placed_by_its_companys_year_end():
    class Company:
        fiscal_year_end = 3

    class Kb:
        def entity(self, entity_id):
            return Company() if entity_id == "acme" else None

    class Claim:
        def __init__(self, when, company="acme"):
            self.when, self.company = when, company

    assert of_claim(Claim(None), Kb()) is None
    assert (of_claim(Claim("FY2027"), Kb()).start, of_claim(Claim("FY2027"), Kb()).end) == (d(2026, 4, 1),
                                                                                             d(2027, 3, 31))
    assert of_claim(Claim("2026..FY2027"), Kb()).end == d(2027, 3, 31)
    assert of_claim(Claim("FY2027", company="globex"), Kb()).end == d(2027, 12, 31)  # no known year-end
    assert of_claim(Claim("FY2027", company=None), Kb()).end == d(2027, 12, 31)
    assert of_claim(Claim("FY2027")).end == d(2027, 12, 31)  # no knowledge base to ask
    assert of_claim(Claim("2027"), Kb()).end == d(2027, 12, 31)


# ---------------------------------------------------------------- spellings and mistakes

@pytest.mark.parametrize("written, canonical_text", [
    ("2026-h1", "2026-H1"), ("2026-q3", "2026-Q3"), ("2026-Fall", "2026-autumn"), ("2026-EARLY", "2026-early"),
    ("2026-beginning", "2026-early"), ("2026-start", "2026-early"), ("2026-middle", "2026-mid"),
    ("2026-close", "2026-end"), ("fy2027", "FY2027"), ("fy2027-h2", "FY2027-H2"), (" 2026-03 ", "2026-03"),
    ("2026-03-15", "2026-03-15"), ("2025-fall..2026-h1", "2025-autumn..2026-H1"), ("..2027-Start", "..2027-early"),
    ("2026-Q4..", "2026-Q4.."),
])
def test_accepted_spellings_are_normalised(written, canonical_text):
    assert canonical(written) == canonical_text


@pytest.mark.parametrize("text, message", [
    ("soon", f"'soon' {HINT}"),
    ("2026-1", f"'2026-1' {HINT}"),
    ("2026-Q5", f"'2026-Q5' {HINT}"),
    ("2026-H3", f"'2026-H3' {HINT}"),
    ("2026-Early", f"'2026-Early' {HINT}"),  # canonical() writes it lowercase; parse takes canonical text only
    ("", f"'' {HINT}"),
    (" 2026", "' 2026' is not a period; did you mean '2026'?"),
    ("..", f"'..' {HINT}"),
    ("2024..2025..2026", f"'2024..2025..2026' {HINT}"),
    ("2026-13", "'2026-13': month 13 does not exist"),
    ("2026-00", "'2026-00': month 0 does not exist"),
    ("2026-02-29", "'2026-02-29' is not a real date (day is out of range for month)"),
    ("1899", "year 1899 is outside 1900..2100"),
    ("2101-H1", "year 2101 is outside 1900..2100"),
    ("FY2027-early", "'FY2027-early': a fiscal year takes H1, H2 or Q1..Q4"),
    ("FY2027-spring", "'FY2027-spring': a fiscal year takes H1, H2 or Q1..Q4"),
    ("FY2027-03", "'FY2027-03': a fiscal year takes H1, H2 or Q1..Q4"),
    ("2026..2025", "'2026..2025' runs backwards; write the earlier period first"),
    ("2025-H2..2025-H1", "'2025-H2..2025-H1' runs backwards; write the earlier period first"),
])
def test_what_is_not_a_period(text, message):
    with pytest.raises(ValueError) as error:
        parse(text)
    assert str(error.value) == message


def test_what_is_not_text_is_not_a_period():
    for value in (2026.5, None):
        with pytest.raises(ValueError) as error:
            parse(value)
        assert str(error.value) == f"'{value}' {HINT}"


def test_canonical_refuses_what_it_cannot_read():
    with pytest.raises(ValueError) as error:
        canonical("next year")
    assert str(error.value) == f"'next year' {HINT}"
    with pytest.raises(ValueError) as error:
        canonical("2026-Q5")
    assert str(error.value) == f"'2026-Q5' {HINT}"


# ---------------------------------------------------------------- comparing periods

def test_overlaps():
    h1 = parse("2026-H1")
    assert [h1.overlaps(parse(text)) for text in ("2026-06-30", "2026-07-01", "2025-12-31", "2025-winter",
                                                   "..2025", "..2026-Q2", "2026-H2..", "2026-Q2..")] == [
        True, False, False, True, False, True, False, True]
    assert parse("..2025").overlaps(parse("2020..")) and parse("2026..").overlaps(parse("..2030"))
    assert not parse("2027..").overlaps(parse("..2026"))


def test_ended_before():
    assert [parse(text).ended_before(d(2026, 7, 1)) for text in ("2026-H1", "2026-06-30", "2026-H2", "2026-07-01",
                                                                 "..2025", "2020..")] == [
        True, True, False, False, True, False]


def test_within_a_range_with_open_ends():
    assert parse("..2026").within(parse("..2026"))
    assert parse("2020..").within(parse("2019.."))
    assert not parse("2020..").within(parse("2021.."))
    assert not parse("..2026").within(parse("2027.."))  # falls due in 2026, before the range starts


def test_months_between():
    assert [months_between(d(2024, 12, 31), other) for other in (d(2025, 12, 31), d(2024, 6, 30), d(2024, 12, 1),
                                                                  d(2025, 1, 1))] == [12, -6, 0, 1]


# ---------------------------------------------------------------- --year and the index

@pytest.mark.parametrize("text, start, end", [
    ("2024", d(2024, 1, 1), d(2024, 12, 31)), ("2023..2025", d(2023, 1, 1), d(2025, 12, 31)),
    ("2023..", d(2023, 1, 1), None), ("..2025", None, d(2025, 12, 31)), ("2024..2024", d(2024, 1, 1), d(2024, 12, 31)),
])
def test_year_filters(text, start, end):
    assert (years(text).start, years(text).end) == (start, end)


def test_dates_as_the_index_stores_them():
    assert [as_number(d(2026, 3, 5), False), as_number(d(2026, 12, 31), True)] == [20260305, 20261231]
    assert [as_number(None, False), as_number(None, True)] == [0, 99999999]  # open ends
