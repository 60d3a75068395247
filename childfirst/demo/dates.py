"""Calendar arithmetic only the demo needs: years back, and an approximate school leaving date.

Ages, months and academic years are the rules' own: :mod:`childfirst.domain.periods`.
"""

from __future__ import annotations

from datetime import date


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def school_leaving_date(born: date) -> date:
    """End of compulsory school age in England: the end of June of the school year in
    which the child turns 16 (last Friday in June; the 30th is near enough here)."""
    return date(born.year + 16 + (1 if born.month >= 9 else 0), 6, 30)
