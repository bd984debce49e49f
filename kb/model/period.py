"""When a claim's subject is due, as precisely as the source says it: a period and its date range.

Canonical forms (what claim files hold and what `kb` prints; each means a date range):

    2026                    the year
    2026-H1, 2026-H2        a half
    2026-Q1 .. 2026-Q4      a quarter
    2026-03                 a month
    2026-03-15              a day
    2026-early, -mid, -late, -end        vague parts: Jan-Apr, May-Aug, Sep-Dec, Nov-Dec
    2026-spring, -summer, -autumn, -winter   seasons (northern, meteorological; winter runs
                                             from December into the next February)
    FY2027, FY2027-H1, FY2027-Q3         a fiscal year, half or quarter, kept as the source
                                         says it (see `fiscal_range`)
    A..B, ..B, A..          from A to B; by B (no start given); from A on

Pure functions; `parse` raises ValueError with a hint for anything else.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .schema import YEAR_RANGE

PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "end": (11, 12)}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 14)}  # 14 = February next year
_SPELLINGS = {"fall": "autumn", "beginning": "early", "start": "early", "middle": "mid", "close": "end"}

_ONE = re.compile(r"(?P<fy>FY)?(?P<year>\d{4,})(?:-(?P<rest>[A-Za-z0-9]+(?:-\d{2})?))?$", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    """A canonical period and its inclusive date range; None at an open end."""

    text: str
    start: date | None
    end: date | None
    precision: str
    fiscal: bool = False
    # For 'by X' ('..X'): where X starts. A plan due by mid-2026 falls due in mid-2026.
    by: date | None = None

    @property
    def key(self) -> date:
        """Where the period sorts and falls due: its start, or for '..X' where X starts."""
        return self.start or self.by or date.min

    def overlaps(self, other: "Period") -> bool:
        return ((self.start is None or other.end is None or self.start <= other.end)
                and (self.end is None or other.start is None or other.start <= self.end))

    def within(self, other: "Period") -> bool:
        """True when the period falls due inside other: it starts there (a 'by X' period where X
        starts) and ends there (an open end lies inside nothing closed)."""
        starts_inside = other.start is None or (self.key != date.min and self.key >= other.start)
        ends_inside = other.end is None or (self.end is not None and self.end <= other.end)
        return starts_inside and ends_inside

    def ended_before(self, day: date) -> bool:
        """True when the whole period is over before day (an open end is never over)."""
        return self.end is not None and self.end < day

    @property
    def year(self) -> int | None:
        """The calendar year the period starts in (its end's year when only the end is known)."""
        edge = self.start or self.end
        return edge.year if edge else None


def _month_end(year: int, month: int) -> date:
    if month > 12:
        year, month = year + 1, month - 12
    return date(year, month, calendar.monthrange(year, month)[1])


def _unit_months(rest: str) -> tuple[int, int, str] | None:
    """(first month, last month, precision) of H1, Q3, early, spring ... within a year."""
    upper = rest.upper()
    if upper in ("H1", "H2"):
        first = 1 if upper == "H1" else 7
        return first, first + 5, "half"
    if len(upper) == 2 and upper[0] == "Q" and upper[1] in "1234":
        first = 3 * (int(upper[1]) - 1) + 1
        return first, first + 2, "quarter"
    if rest in PARTS:
        return (*PARTS[rest], "part")
    if rest in SEASONS:
        return (*SEASONS[rest], "season")
    return None


def fiscal_range(fiscal_year: int, year_end_month: int | None) -> tuple[date, date]:
    """The calendar range of fiscal year N: the twelve months ending in month year_end_month of
    calendar year N (the usual naming: a fiscal 2027 ending in March runs April 2026 - March 2027).
    With no known year-end, every day some fiscal year named N can cover: February of N-1 to
    December of N, so that nothing is called overdue or out of range too early."""
    if year_end_month is None:
        return date(fiscal_year - 1, 2, 1), date(fiscal_year, 12, 31)
    end = _month_end(fiscal_year, year_end_month)
    start_month = year_end_month % 12 + 1
    start = date(fiscal_year - 1 if year_end_month != 12 else fiscal_year, start_month, 1)
    return start, end


def _fiscal_part(fiscal_year: int, rest: str | None, year_end_month: int | None) -> tuple[date, date, str]:
    if rest is None:
        return (*fiscal_range(fiscal_year, year_end_month), "year")
    unit = _unit_months(rest)
    if unit is None or unit[2] not in ("half", "quarter"):
        raise ValueError(f"'FY{fiscal_year}-{rest}': a fiscal year takes H1, H2 or Q1..Q4")
    first, last, precision = unit
    if year_end_month is None:  # which calendar months these are depends on the year-end
        start, end = fiscal_range(fiscal_year, None)
        return start, end, precision
    start, _ = fiscal_range(fiscal_year, year_end_month)
    month0 = start.month - 1 + first - 1
    begin = date(start.year + month0 // 12, month0 % 12 + 1, 1)
    month1 = start.month - 1 + last - 1
    return begin, _month_end(start.year + month1 // 12, month1 % 12 + 1), precision


def _one(text: str, year_end_month: int | None) -> Period:
    match = _ONE.match(text)
    if not match:
        raise ValueError(_hint(text))
    year = int(match.group("year"))
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise ValueError(f"year {year} is outside {YEAR_RANGE[0]}..{YEAR_RANGE[1]}")
    rest = match.group("rest")
    if match.group("fy"):
        start, end, precision = _fiscal_part(year, rest, year_end_month)
        return Period(text, start, end, precision, fiscal=True)
    if rest is None:
        return Period(text, date(year, 1, 1), date(year, 12, 31), "year")
    unit = _unit_months(rest)
    if unit is not None:
        first, last, precision = unit
        return Period(text, date(year, first, 1), _month_end(year, last), precision)
    numbers = re.fullmatch(r"(\d{2})(?:-(\d{2}))?", rest)
    if not numbers:
        raise ValueError(_hint(text))
    month = int(numbers.group(1))
    if not 1 <= month <= 12:
        raise ValueError(f"'{text}': month {month} does not exist")
    if numbers.group(2) is None:
        return Period(text, date(year, month, 1), _month_end(year, month), "month")
    try:
        day = date(year, month, int(numbers.group(2)))
    except ValueError as error:
        raise ValueError(f"'{text}' is not a real date ({error})") from None
    return Period(text, day, day, "day")




def suggestion(text: str) -> str | None:
    """The canonical period words such as 'H2 2026', 'the second half of 2026' or a data set's '2026H2' mean,
    when they are one."""
    from .period_words import find  # its patterns are compiled only when a suggestion is needed

    found = find(text)
    if len(found) == 1 and found[0].text and not found[0].relative and found[0].words.strip() == text.strip():
        try:
            parse(found[0].text)  # "31 February 2025" reads as a day, but no such day exists
        except ValueError:
            return None
        return found[0].text
    return None


def _hint(text: str) -> str:
    close = suggestion(text)
    if close:
        return f"'{text}' is not a period; did you mean '{close}'?"
    return (f"'{text}' is not a period; write a year (2026), a half (2026-H2), a quarter (2026-Q1), a month "
            f"(2026-03), a day (2026-03-15), a part of a year (2026-early, -mid, -late, -end), a season "
            f"(2026-spring), a fiscal year (FY2027), or a range (2025..2026, ..2027)")


@lru_cache(maxsize=4096)
def parse(text: str, year_end_month: int | None = None) -> Period:
    """The period a canonical text means; year_end_month places fiscal years (None: unknown)."""
    if not isinstance(text, str) or not text or text != text.strip():
        raise ValueError(_hint(str(text)))
    if ".." in text:
        low, _, high = text.partition("..")
        if not low and not high or ".." in high:
            raise ValueError(_hint(text))
        first = _one(low, year_end_month) if low else None
        last = _one(high, year_end_month) if high else None
        if first and last and first.start and last.end and last.end < first.start:
            raise ValueError(f"'{text}' runs backwards; write the earlier period first")
        return Period(text, first.start if first else None, last.end if last else None, "range",
                      fiscal=bool(first and first.fiscal or last and last.fiscal),
                      by=last.start if first is None and last else None)
    return _one(text, year_end_month)


def canonical(text: str) -> str:
    """The canonical spelling of an accepted period: case and synonyms normalised
    ('2026-h1' -> '2026-H1', '2026-Fall' -> '2026-autumn', 'fy2027' -> 'FY2027')."""
    def one(part: str) -> str:
        if not part:
            return part
        match = _ONE.match(part.strip())
        if not match:
            raise ValueError(_hint(text))
        rest = match.group("rest")
        if rest:
            word = rest.lower()
            word = _SPELLINGS.get(word, word)
            rest = word.upper() if re.fullmatch(r"[hq]\d", word) else word
        head = ("FY" if match.group("fy") else "") + match.group("year")
        return head + (f"-{rest}" if rest else "")

    result = "..".join(one(p) for p in str(text).strip().split("..")) if ".." in str(text) else one(str(text))
    parse(result)
    return result


def months_between(a: date, b: date) -> int:
    """Whole months from a to b (negative when b is earlier), counted by calendar month."""
    return (b.year - a.year) * 12 + (b.month - a.month)


def of_claim(claim, kb=None) -> Period | None:
    """The period a claim's `when` means, fiscal years placed by its company's `fiscal_year_end`
    when kb (a `KnowledgeBase`) knows the company; None when the claim says no when."""
    if not claim.when:
        return None
    year_end = None
    if kb is not None and claim.company and (claim.when.startswith("FY") or "..FY" in claim.when):
        year_end = getattr(kb.entity(claim.company), "fiscal_year_end", None)
    return parse(claim.when, year_end)


def sort_date(period: Period) -> date:
    """Where a period sorts: its start, or where X starts for 'by X' ('..2027' sorts at 2027)."""
    return period.key


def years(text: str) -> Period:
    """A `--year` filter ('2024', '2023..2025', '2023..', '..2025') as the period it spans."""
    match = re.fullmatch(r"\s*(\d{4})?\s*(\.\.)?\s*(\d{4})?\s*", text)
    if not match or not (match.group(1) or match.group(3)) or (match.group(3) and not match.group(2)):
        period = text.strip()
        try:
            period = canonical(period)
        except ValueError:
            period = suggestion(period)
        if period:  # a half, a month, ...: --due takes periods
            raise ValueError(f"'{text}' is not a year or range; use 2024, 2023..2025, 2023.. or ..2025, or --due "
                             f"{period} for the claims due at some time in that period")
        raise ValueError(f"'{text}' is not a year or range; use 2024, 2023..2025, 2023.. or ..2025")
    low = int(match.group(1)) if match.group(1) else None
    high = int(match.group(3)) if match.group(3) else (low if not match.group(2) else None)
    if 0 in (low, high):  # a bound, not a claim's period: any real year will do (1900..3000 means all)
        raise ValueError(f"'{text.strip()}': there is no year 0; write a year such as 2024")
    if low is not None and high is not None and low > high:
        raise ValueError(f"'{text}' runs backwards; write the earlier year first")
    return Period(text.strip(), None if low is None else date(low, 1, 1), None if high is None else date(high, 12, 31),
                  "range")


def as_number(day: date | None, open_end: bool) -> int:
    """A date as the index stores it (yyyymmdd), open ends as 0 and 99999999."""
    if day is None:
        return 99999999 if open_end else 0
    return day.year * 10000 + day.month * 100 + day.day
