"""How early and how late each date on a child's record may be.

Two kinds of bound, checked by each model's ``clean()`` (so a form, a service, a
command and the API all refuse the same dates, each with a message naming the date
and the reason):

* **plausible ranges**, the same for every record: nothing before
  ``CHILDFIRST_EARLIEST_RECORD_DATE`` (default 1 January 2000); nothing planned more
  than ``CHILDFIRST_FURTHEST_AHEAD_DAYS`` ahead (default 730, two years); a date of
  birth giving an age today within ``CHILDFIRST_CHILD_AGE_RANGE`` (default 8 to 25:
  youth justice services work with children from 10, prevention sometimes younger,
  and keep records until early adulthood);
* **the case's own bounds**: nothing about a child before they were born; no offence
  before their 10th birthday (the age of criminal responsibility); work and contacts
  for an intervention not more than ``CHILDFIRST_DAYS_BEFORE_INTERVENTION`` (default
  90) before it started, nor after it ended; an order not starting before it was made;
  a new plan or action not already overdue; a new appointment not already past.

How long a contact or an appointment lasts is checked too: from 1 minute to
``CHILDFIRST_LONGEST_CONTACT_MINUTES`` (default 480, eight hours: a day's visit to a
secure establishment, say).

The ranges are local policy, not national rules, so each is a setting
(``docs/casework.md``, "Dates").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from childfirst.domain.kpi.vocabulary import AGE_OF_CRIMINAL_RESPONSIBILITY
from childfirst.domain.periods import age_on

DEFAULT_EARLIEST_RECORD_DATE = dt.date(2000, 1, 1)
DEFAULT_FURTHEST_AHEAD_DAYS = 730
DEFAULT_CHILD_AGE_RANGE = (8, 25)
DEFAULT_DAYS_BEFORE_INTERVENTION = 90
DEFAULT_LONGEST_CONTACT_MINUTES = 480


def earliest_record_date() -> dt.date:
    value = getattr(settings, "CHILDFIRST_EARLIEST_RECORD_DATE", DEFAULT_EARLIEST_RECORD_DATE)
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def furthest_ahead_days() -> int:
    return int(getattr(settings, "CHILDFIRST_FURTHEST_AHEAD_DAYS", DEFAULT_FURTHEST_AHEAD_DAYS))


def child_age_range() -> tuple[int, int]:
    low, high = getattr(settings, "CHILDFIRST_CHILD_AGE_RANGE", DEFAULT_CHILD_AGE_RANGE)
    return int(low), int(high)


def days_before_intervention() -> int:
    return int(
        getattr(settings, "CHILDFIRST_DAYS_BEFORE_INTERVENTION", DEFAULT_DAYS_BEFORE_INTERVENTION)
    )


def longest_contact_minutes() -> int:
    return int(
        getattr(settings, "CHILDFIRST_LONGEST_CONTACT_MINUTES", DEFAULT_LONGEST_CONTACT_MINUTES)
    )


def duration_problem(minutes: int | None, label: str = "duration") -> str:
    """Why ``minutes`` is not a plausible length for a contact or an appointment, or ""
    if it is (or is not given)."""
    if minutes is None:
        return ""
    longest = longest_contact_minutes()
    if not 1 <= minutes <= longest:
        hours = f" ({longest // 60} hours)" if longest % 60 == 0 and longest >= 120 else ""
        return f"The {label} must be from 1 to {longest} minutes{hours}"
    return ""


def long_date(day: dt.date) -> str:
    """27 March 2024."""
    return f"{day.day} {day:%B %Y}"


def tenth_birthday(born: dt.date) -> dt.date:
    year = born.year + AGE_OF_CRIMINAL_RESPONSIBILITY
    try:
        return born.replace(year=year)
    except ValueError:  # born on 29 February: the birthday falls on 1 March
        return dt.date(year, 3, 1)


@dataclass
class DateCheck:
    """What is wrong with one record's dates, field by field, raised together.

    Each check names the date as the form labels it ("the date of the contact") and
    says why the bound is there; a date left empty is not checked here."""

    today: dt.date = field(default_factory=lambda: timezone.localdate())
    errors: dict[str, str] = field(default_factory=dict)

    def refuse(self, name: str, message: str) -> None:
        """Refuse the date ``name`` with ``message`` (the first reason found stands)."""
        self.errors.setdefault(name, message)

    def not_before(
        self, name: str, label: str, value: dt.date | None, bound: dt.date | None, why: str = ""
    ) -> None:
        if value is not None and bound is not None and value < bound:
            self.refuse(name, f"The {label} must be on or after {long_date(bound)}{why}")

    def not_after(
        self, name: str, label: str, value: dt.date | None, bound: dt.date | None, why: str = ""
    ) -> None:
        if value is not None and bound is not None and value > bound:
            self.refuse(name, f"The {label} must be on or before {long_date(bound)}{why}")

    def plausible(self, name: str, label: str, value: dt.date | None) -> None:
        """Not before the earliest date a record may have, nor more than the furthest
        a date may be planned ahead."""
        earliest = earliest_record_date()
        self.not_before(name, label, value, earliest, ", the earliest date a record may have")
        furthest = self.today + dt.timedelta(days=furthest_ahead_days())
        self.not_after(name, label, value, furthest, ", the furthest a date may be planned ahead")

    def happened(self, name: str, label: str, value: dt.date | None) -> None:
        """A date of something that has happened: plausible, and today or earlier."""
        self.plausible(name, label, value)
        if value is not None and value > self.today:
            self.refuse(name, f"The {label} must be today or in the past")

    def in_the_childs_life(
        self, name: str, label: str, value: dt.date | None, child: object
    ) -> None:
        born = getattr(child, "date_of_birth", None)
        if born is not None:
            self.not_before(name, label, value, born, ", the child's date of birth")

    def for_intervention(
        self, name: str, label: str, value: dt.date | None, intervention: object
    ) -> None:
        """Work or a contact for an intervention: not long before it started, nor after
        it ended."""
        start = getattr(intervention, "start", None)
        if start is not None:
            days = days_before_intervention()
            self.not_before(
                name,
                label,
                value,
                start - dt.timedelta(days=days),
                f", {days} days before the intervention it is for started ({long_date(start)})",
            )
        end = getattr(intervention, "end", None)
        self.not_after(name, label, value, end, ", when the intervention it is for ended")

    def not_past(self, name: str, label: str, value: dt.date | None) -> None:
        """A date something is planned for: plausible, and today or later."""
        self.plausible(name, label, value)
        if value is not None and value < self.today:
            self.refuse(name, f"The {label} must be today or in the future")

    def not_overdue(self, name: str, label: str, value: dt.date | None, what: str) -> None:
        """A date something new is due by: not already past."""
        if value is not None and value < self.today:
            self.refuse(name, f"The {label} must be today or later: a new {what} cannot be overdue")

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def date_of_birth_problem(born: dt.date, today: dt.date | None = None) -> str:
    """Why ``born`` is not a plausible date of birth today, or "" if it is."""
    today = today or timezone.localdate()
    if born >= today:
        return "The date of birth must be in the past"
    low, high = child_age_range()
    age = age_on(born, today)
    if not low <= age <= high:
        return (
            f"The date of birth must give an age from {low} to {high} today: "
            f"{long_date(born)} gives {age}"
        )
    return ""
