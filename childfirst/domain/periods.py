"""Calendar arithmetic for deadlines and reporting periods: working days and months.

Pure Python (DESIGN.md: ``domain/periods``). Financial years and quarters join
these with the KPI work.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection

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
