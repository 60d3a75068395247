"""How long a child's record is kept, and the day it becomes due for erasure.

The service's own rule, set in ``CHILDFIRST_RETENTION_AGE`` and
``CHILDFIRST_RETENTION_YEARS_AFTER_LAST_INTERVENTION``. The default keeps a record until
the child's 25th birthday or six years after their last intervention ended, whichever
is later, the period youth justice services commonly set in their retention schedules
(the Information and Records Management Society's retention guidelines for local
government, youth justice section); each service sets its own in its records policy.
A record with an intervention still open (no end date recorded) is never due.

Anniversaries follow :func:`childfirst.domain.periods.age_on`: a child born on
29 February turns 25 on 1 March in a year without one, and six years after an
intervention that ended on 29 February is 1 March too (the later of the two
candidates, so nothing is erased a day early).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


def anniversary(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` years on; 1 March when ``day`` is 29 February and that
    year has none."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return dt.date(day.year + years, 3, 1)


@dataclass(frozen=True)
class RetentionRule:
    """Kept until the child is ``age`` or ``years_after_last_intervention`` years after
    their last intervention ended, whichever is later."""

    age: int = 25
    years_after_last_intervention: int = 6

    def __post_init__(self) -> None:
        if self.age < 18:
            raise ValueError("A record is kept at least until the child is 18")
        if self.years_after_last_intervention < 0:
            raise ValueError("The years after the last intervention cannot be negative")

    def describe(self) -> str:
        years = self.years_after_last_intervention
        return (
            f"Kept until the child's {_ordinal(self.age)} birthday or {years} "
            f"year{'s' if years != 1 else ''} after their last intervention ended, "
            "whichever is later; never while an intervention is open"
        )

    def due_on(
        self, *, date_of_birth: dt.date, intervention_ends: Iterable[dt.date | None]
    ) -> dt.date | None:
        """The day the record becomes due for erasure, or ``None`` while any
        intervention is open (``None`` among ``intervention_ends``)."""
        ends = list(intervention_ends)
        if any(end is None for end in ends):
            return None
        due = anniversary(date_of_birth, self.age)
        finished = [end for end in ends if end is not None]
        if finished:
            due = max(due, anniversary(max(finished), self.years_after_last_intervention))
        return due

    def is_due(
        self,
        *,
        date_of_birth: dt.date,
        intervention_ends: Iterable[dt.date | None],
        today: dt.date,
    ) -> bool:
        due = self.due_on(date_of_birth=date_of_birth, intervention_ends=intervention_ends)
        return due is not None and due <= today


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
