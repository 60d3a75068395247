"""When casework is due: assessments, plans, reviews and contact with the child.

The rules are plain functions of dates, so they can be tested with hand-worked
dates and no database. The intervals are local policy, not national rules: the 2019
Standards for children in the youth justice system
(https://www.gov.uk/government/publications/national-standards-for-youth-justice-services)
removed most prescriptive timescales, and the YJB's Case Management Guidance
(https://www.gov.uk/guidance/case-management-guidance/how-to-assess-children-in-the-youth-justice-system)
sets no contact minimums. So each one is a Django setting with a default
(``docs/casework.md``):

``CHILDFIRST_ASSESSMENT_WORKING_DAYS`` (default 20)
    An assessment should be completed within this many working days of being
    started (or, with none started, of the intervention's start). **Uncertain:**
    the 20-working-day figure is confirmed only for the initial referral-order
    panel; the 2019 Standards removed most timescales and many services keep 20
    working days as local procedure.
``CHILDFIRST_PLAN_WORKING_DAYS`` (default 20)
    A plan should be in place within this many working days of the
    intervention's start. **Uncertain**, as above.
``CHILDFIRST_REVIEW_MONTHS`` (default 3)
    A plan is reviewed at least this often: the Asset-era National Standards'
    "at least every 3 months", still common local policy. **Uncertain.**
``CHILDFIRST_CONTACT_INTERVAL_DAYS`` (default ``{"standard": 14, "enhanced": 7, "intensive": 3}``)
    The longest gap, in calendar days, between contacts the child attends, by
    Scaled Approach intervention level. National Standards 2010 set monthly
    minimums (2, 4 and 12 a month in the first three months); the current Case
    Management Guidance sets none, so this is **locally configured**.
``CHILDFIRST_DUE_SOON_DAYS`` (default 7)
    How many calendar days ahead a deadline counts as "due soon".
``CHILDFIRST_BANK_HOLIDAYS`` (default none)
    Dates that are not working days besides weekends, such as the England and
    Wales bank holidays from https://www.gov.uk/bank-holidays.json.

An appointment is **not recorded yet** (overdue) once the time it should have ended
(its start and expected duration) has passed and nobody has recorded what happened or
cancelled it; until then it is upcoming, and the earliest upcoming one is the child's
**next appointment**. These are ChildFirst's own rules, with no setting.

Dates are ``datetime.date``; "today" is always passed in, never read from the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings

from childfirst.domain.periods import (  # noqa: F401 - re-exported for callers
    NO_HOLIDAYS,
    add_months,
    add_working_days,
    is_working_day,
    working_days_between,
)

DEFAULT_ASSESSMENT_WORKING_DAYS = 20
DEFAULT_PLAN_WORKING_DAYS = 20
DEFAULT_REVIEW_MONTHS = 3
DEFAULT_CONTACT_INTERVAL_DAYS: Mapping[str, int] = {"standard": 14, "enhanced": 7, "intensive": 3}
DEFAULT_DUE_SOON_DAYS = 7


# --- the settings -----------------------------------------------------------------------


def assessment_working_days() -> int:
    return int(
        getattr(settings, "CHILDFIRST_ASSESSMENT_WORKING_DAYS", DEFAULT_ASSESSMENT_WORKING_DAYS)
    )


def plan_working_days() -> int:
    return int(getattr(settings, "CHILDFIRST_PLAN_WORKING_DAYS", DEFAULT_PLAN_WORKING_DAYS))


def review_months() -> int:
    return int(getattr(settings, "CHILDFIRST_REVIEW_MONTHS", DEFAULT_REVIEW_MONTHS))


def contact_intervals() -> Mapping[str, int]:
    configured = getattr(settings, "CHILDFIRST_CONTACT_INTERVAL_DAYS", None) or {}
    return {**DEFAULT_CONTACT_INTERVAL_DAYS, **configured}


def due_soon_days() -> int:
    return int(getattr(settings, "CHILDFIRST_DUE_SOON_DAYS", DEFAULT_DUE_SOON_DAYS))


def bank_holidays() -> frozenset[dt.date]:
    """Holidays from settings, as dates or ISO strings (``"2025-12-25"``)."""
    configured = getattr(settings, "CHILDFIRST_BANK_HOLIDAYS", ()) or ()
    return frozenset(
        day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)) for day in configured
    )


# --- calendar arithmetic: childfirst.domain.periods ------------------------------------

# --- the rules --------------------------------------------------------------------------


class Urgency(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    NOT_YET_DUE = "not_yet_due"


def urgency(due: dt.date, today: dt.date, soon_days: int = DEFAULT_DUE_SOON_DAYS) -> Urgency:
    """Overdue the day after the due date; due soon from ``soon_days`` before it."""
    if today > due:
        return Urgency.OVERDUE
    if (due - today).days <= soon_days:
        return Urgency.DUE_SOON
    return Urgency.NOT_YET_DUE


def assessment_due(
    started: dt.date, working_days: int, holidays: Collection[dt.date] = NO_HOLIDAYS
) -> dt.date:
    """The day an assessment started on ``started`` should be completed by.

    Overdue once more than ``working_days`` working days have passed since it
    started: started Monday 6 January 2025 with 20 working days, due Monday
    3 February, overdue from Tuesday 4 February.
    """
    return add_working_days(started, working_days, holidays)


def assessment_overdue(
    started: dt.date,
    completed: dt.date | None,
    today: dt.date,
    working_days: int,
    holidays: Collection[dt.date] = NO_HOLIDAYS,
) -> bool:
    """Not completed, and started more than ``working_days`` working days before ``today``."""
    if completed is not None:
        return False
    return working_days_between(started, today, holidays) > working_days


def plan_due(
    intervention_start: dt.date, working_days: int, holidays: Collection[dt.date] = NO_HOLIDAYS
) -> dt.date:
    """The day a plan should be in place by, counted from the intervention's start."""
    return add_working_days(intervention_start, working_days, holidays)


def review_due(
    plan_made: dt.date,
    months: int,
    *,
    last_review: dt.date | None = None,
    plan_review_date: dt.date | None = None,
) -> dt.date:
    """The next review of a plan made on ``plan_made``.

    ``months`` after the last review since the plan was made; failing that, the
    review date the plan itself set; failing that, ``months`` after the plan was
    made. Plan of 31 August 2024, every 3 months: due 30 November 2024; reviewed
    on 15 November, the next is due 15 February 2025.
    """
    if last_review is not None and last_review >= plan_made:
        return add_months(last_review, months)
    if plan_review_date is not None:
        return plan_review_date
    return add_months(plan_made, months)


def contact_due(
    last_contact: dt.date | None, intervention_start: dt.date, interval_days: int
) -> dt.date:
    """The latest day the child should next be seen: ``interval_days`` after the last
    contact they attended (or after the intervention started, before any)."""
    since = last_contact if last_contact is not None else intervention_start
    since = max(since, intervention_start)
    return since + dt.timedelta(days=interval_days)


def contact_interval(level: str, intervals: Mapping[str, int] | None = None) -> int:
    """Days allowed between contacts at an intervention level (standard, enhanced, intensive)."""
    table = DEFAULT_CONTACT_INTERVAL_DAYS if intervals is None else intervals
    try:
        return int(table[level])
    except KeyError:
        raise ValueError(f"No contact interval for the intervention level {level!r}") from None


def appointment_ends(day: dt.date, starts: dt.time, minutes: int | None) -> dt.datetime:
    """When an appointment on ``day`` at ``starts`` lasting ``minutes`` should end, as a
    local wall-clock time (no time zone): 14:30 for 45 minutes ends at 15:15; with no
    duration, it ends when it starts."""
    return dt.datetime.combine(day, starts) + dt.timedelta(minutes=minutes or 0)


def appointment_not_recorded(
    day: dt.date, starts: dt.time, minutes: int | None, now: dt.datetime
) -> bool:
    """An appointment still planned is overdue (not recorded yet) once ``now`` (local
    wall-clock time) is after it should have ended."""
    return now > appointment_ends(day, starts, minutes)


@dataclass(frozen=True)
class Policy:
    """Every interval at once, read from the settings (or given, in tests)."""

    assessment_working_days: int = DEFAULT_ASSESSMENT_WORKING_DAYS
    plan_working_days: int = DEFAULT_PLAN_WORKING_DAYS
    review_months: int = DEFAULT_REVIEW_MONTHS
    contact_interval_days: Mapping[str, int] = field(
        default_factory=lambda: dict(DEFAULT_CONTACT_INTERVAL_DAYS)
    )
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS
    holidays: frozenset[dt.date] = NO_HOLIDAYS

    @classmethod
    def from_settings(cls) -> Policy:
        return cls(
            assessment_working_days=assessment_working_days(),
            plan_working_days=plan_working_days(),
            review_months=review_months(),
            contact_interval_days=contact_intervals(),
            due_soon_days=due_soon_days(),
            holidays=bank_holidays(),
        )
