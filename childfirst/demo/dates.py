"""Calendar arithmetic for the demo: ages, months, academic years, school leaving."""

from __future__ import annotations

import calendar
from datetime import date


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def add_months(day: date, months: int) -> date:
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def academic_year(day: date) -> int:
    """The year the academic year containing ``day`` starts in (September to August)."""
    return day.year if day.month >= 9 else day.year - 1


def school_leaving_date(born: date) -> date:
    """End of compulsory school age in England: the end of June of the school year in
    which the child turns 16 (last Friday in June; the 30th is near enough here)."""
    return date(born.year + 16 + (1 if born.month >= 9 else 0), 6, 30)
