"""Calendar arithmetic for deadlines and reporting periods: working days, months and ages.

Pure Python (``docs/architecture.md``: ``domain/periods``). Also a child's age,
the academic year, and financial years and quarters, the reporting periods of the
KPIs and indicators.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass

NO_HOLIDAYS: frozenset[dt.date] = frozenset()


def is_working_day(day: dt.date, holidays: Collection[dt.date] = NO_HOLIDAYS) -> bool:
    """Monday to Friday, and not a holiday."""
    return day.weekday() < 5 and day not in holidays


def add_working_days(
    start: dt.date, days: int, holidays: Collection[dt.date] = NO_HOLIDAYS
) -> dt.date:
    """The working day ``days`` working days after ``start`` (``start`` itself not counted).

    Friday 3 January 2025 plus 1 is Monday 6 January. NumPy's ``busday_offset``
    does this too, but not for ``days=0`` from a weekend the way we want, and a
    whole array library for one loop is more than the job needs.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(
    start: dt.date, end: dt.date, holidays: Collection[dt.date] = NO_HOLIDAYS
) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if ``end`` is not later)."""
    if end <= start:
        return 0
    whole_weeks, extra = divmod((end - start).days, 7)
    count = whole_weeks * 5
    day = start + dt.timedelta(days=whole_weeks * 7)
    for _ in range(extra):
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    count -= sum(1 for h in holidays if start < h <= end and h.weekday() < 5)
    return count


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months on, or the month's last day if it is shorter.

    31 August plus 3 months is 30 November. (The standard library has no month
    arithmetic, and python-dateutil is not otherwise needed.)
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day`` of a child born on ``born``.

    The age goes up on the birthday itself. A child born on 29 February is a year
    older from 1 March in a year with no 29 February (on 28 February the birthday has
    not yet come).
    """
    before_birthday = (day.month, day.day) < (born.month, born.day)
    return day.year - born.year - before_birthday


def academic_year(day: dt.date) -> int:
    """The year the academic year containing ``day`` starts in: September to August.

    31 August 2024 is in the academic year 2023 (2023 to 2024); 1 September 2024 is
    in 2024. KPI 3 counts a formal plan "for the current academic year" (YJB KPI
    guidance, https://www.gov.uk/guidance/key-performance-indicators-for-youth-justice-services);
    schools' years in England and Wales run from September.
    """
    return day.year if day.month >= 9 else day.year - 1


# --- reporting periods --------------------------------------------------------------------
#
# Financial years run April to March; quarters are April-June (Q1) to January-March
# (Q4). ``2023Q1`` is the machine form, as the YJB's returns label quarters, and
# ``2023-24 Q1`` the display form (``docs/architecture.md``, conventions). The YJB/MoJ
# KPI SQL stores quarters as ``YYYYQn`` too (``label_quarter`` in
# ``yjb_kpi_case_level.person_details``, public-code index id 2491252131).

_QUARTER = re.compile(r"^\s*(\d{4})\s*Q([1-4])\s*$", re.IGNORECASE)
_DISPLAY_QUARTER = re.compile(r"^\s*(\d{4})-(\d{2})\s+Q([1-4])\s*$", re.IGNORECASE)
_YEAR = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")


@dataclass(frozen=True, order=True)
class FinancialYear:
    """The financial year starting 1 April ``start_year``: ``FinancialYear(2022)`` is 2022-23."""

    start_year: int

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """``"2022-23"`` (the second part must be the following year)."""
        match = _YEAR.match(text)
        if not match:
            raise ValueError(f"{text!r} is not a financial year such as 2022-23")
        year, following = int(match.group(1)), int(match.group(2))
        if following != (year + 1) % 100:
            raise ValueError(f"{text!r}: a financial year runs into the following year")
        return cls(year)

    @classmethod
    def containing(cls, day: dt.date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def end(self) -> dt.date:
        """The last day, 31 March."""
        return dt.date(self.start_year + 1, 3, 31)

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        return tuple(Quarter(self.start_year, n) for n in (1, 2, 3, 4))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"


@dataclass(frozen=True, order=True)
class Quarter:
    """Quarter ``number`` (1-4) of the financial year starting in ``year``."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if self.number not in (1, 2, 3, 4):
            raise ValueError("a quarter is numbered 1 to 4")

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``"2023Q1"`` or ``"2023-24 Q1"``."""
        if match := _QUARTER.match(text):
            return cls(int(match.group(1)), int(match.group(2)))
        if match := _DISPLAY_QUARTER.match(text):
            year, following = int(match.group(1)), int(match.group(2))
            if following != (year + 1) % 100:
                raise ValueError(f"{text!r}: a financial year runs into the following year")
            return cls(year, int(match.group(3)))
        raise ValueError(f"{text!r} is not a quarter such as 2023Q1 or 2023-24 Q1")

    @classmethod
    def containing(cls, day: dt.date) -> Quarter:
        year = FinancialYear.containing(day)
        return cls(year.start_year, (day.month - 4) % 12 // 3 + 1)

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)

    @property
    def start(self) -> dt.date:
        month = 4 + 3 * (self.number - 1)
        return dt.date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the quarter."""
        return add_months(self.start, 3) - dt.timedelta(days=1)

    def shifted(self, quarters: int) -> Quarter:
        """The quarter ``quarters`` later (earlier, if negative)."""
        index = self.year * 4 + self.number - 1 + quarters
        return Quarter(index // 4, index % 4 + 1)

    def previous(self, count: int) -> tuple[Quarter, ...]:
        """The ``count`` quarters before this one, oldest first."""
        return tuple(self.shifted(-n) for n in range(count, 0, -1))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def code(self) -> str:
        """The machine form, ``2023Q1``."""
        return f"{self.year}Q{self.number}"

    def __str__(self) -> str:
        """The display form, ``2023-24 Q1``."""
        return f"{self.financial_year} Q{self.number}"
