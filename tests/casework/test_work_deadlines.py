"""The deadline rules, with dates worked out by hand against a calendar.

January 2025: Wednesday 1st, Friday 3rd, Monday 6th ... Monday 3 February.
"""

import datetime as dt

import pytest

from childfirst.casework import deadlines
from childfirst.casework.deadlines import Policy, Urgency

D = dt.date


# --- working days -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2025, 1, 3), 1, D(2025, 1, 6)),  # Friday + 1 = Monday
        (D(2025, 1, 3), 0, D(2025, 1, 3)),
        (D(2025, 1, 6), 5, D(2025, 1, 13)),  # Monday + 5 = next Monday
        (D(2025, 1, 4), 1, D(2025, 1, 6)),  # Saturday + 1 = Monday
        (D(2025, 1, 5), 5, D(2025, 1, 10)),  # Sunday + 5 = Friday
        (D(2025, 1, 6), 20, D(2025, 2, 3)),  # four working weeks
        (D(2025, 1, 9), 3, D(2025, 1, 14)),  # Thursday + 3 = Tuesday
    ],
)
def test_add_working_days_skips_weekends(start, days, expected):
    assert deadlines.add_working_days(start, days) == expected


def test_add_working_days_skips_holidays():
    # Christmas 2024: Wednesday 25th and Thursday 26th are bank holidays.
    holidays = {D(2024, 12, 25), D(2024, 12, 26)}
    assert deadlines.add_working_days(D(2024, 12, 24), 1, holidays) == D(2024, 12, 27)
    assert deadlines.add_working_days(D(2024, 12, 24), 2, holidays) == D(2024, 12, 30)
    assert deadlines.add_working_days(D(2024, 12, 24), 2) == D(2024, 12, 26)


def test_add_working_days_refuses_negative_days():
    with pytest.raises(ValueError):
        deadlines.add_working_days(D(2025, 1, 6), -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2025, 1, 3), D(2025, 1, 6), 1),  # Friday to Monday
        (D(2025, 1, 6), D(2025, 1, 6), 0),
        (D(2025, 1, 6), D(2025, 1, 3), 0),  # backwards
        (D(2025, 1, 6), D(2025, 2, 3), 20),
        (D(2025, 1, 6), D(2025, 2, 4), 21),
        (D(2025, 1, 4), D(2025, 1, 5), 0),  # a weekend
        (D(2025, 1, 1), D(2025, 1, 31), 22),  # Thursday 2nd to Friday 31st
    ],
)
def test_working_days_between(start, end, expected):
    assert deadlines.working_days_between(start, end) == expected


def test_working_days_between_leaves_out_weekday_holidays_only():
    # 1 January 2025 (Wednesday) and a "holiday" on Saturday 4th, which is not a working day anyway.
    holidays = {D(2025, 1, 1), D(2025, 1, 4)}
    assert deadlines.working_days_between(D(2024, 12, 31), D(2025, 1, 7), holidays) == 4


def test_working_days_between_agrees_with_add_working_days():
    start = D(2025, 1, 1)
    for days in range(0, 60):
        assert (
            deadlines.working_days_between(start, deadlines.add_working_days(start, days)) == days
        )


# --- months -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 8, 31), 3, D(2024, 11, 30)),
        (D(2024, 11, 30), 3, D(2025, 2, 28)),
        (D(2023, 11, 30), 3, D(2024, 2, 29)),  # a leap year
        (D(2024, 10, 15), 3, D(2025, 1, 15)),  # over the year end
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2024, 3, 10), 12, D(2025, 3, 10)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert deadlines.add_months(day, months) == expected


# --- assessments ------------------------------------------------------------------------


def test_assessment_is_due_20_working_days_after_it_started():
    assert deadlines.assessment_due(D(2025, 1, 6), 20) == D(2025, 2, 3)


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        (D(2025, 2, 3), False),  # the 20th working day: still in time
        (D(2025, 2, 4), True),  # the 21st
        (D(2025, 1, 20), False),
    ],
)
def test_assessment_overdue_after_more_than_n_working_days(today, overdue):
    assert deadlines.assessment_overdue(D(2025, 1, 6), None, today, 20) is overdue


def test_a_completed_assessment_is_never_overdue():
    assert not deadlines.assessment_overdue(D(2025, 1, 6), D(2025, 3, 1), D(2025, 6, 1), 20)


def test_bank_holidays_push_the_assessment_deadline_back():
    # Easter 2025: Good Friday 18 April, Easter Monday 21 April.
    holidays = {D(2025, 4, 18), D(2025, 4, 21)}
    assert deadlines.assessment_due(D(2025, 4, 14), 5) == D(2025, 4, 21)
    assert deadlines.assessment_due(D(2025, 4, 14), 5, holidays) == D(2025, 4, 23)


def test_plan_is_due_n_working_days_after_the_intervention_starts():
    assert deadlines.plan_due(D(2025, 1, 3), 10) == D(2025, 1, 17)


# --- reviews ----------------------------------------------------------------------------


def test_review_due_three_months_after_the_plan():
    assert deadlines.review_due(D(2024, 8, 31), 3) == D(2024, 11, 30)


def test_review_due_three_months_after_the_last_review():
    assert deadlines.review_due(D(2024, 8, 31), 3, last_review=D(2024, 11, 15)) == D(2025, 2, 15)


def test_review_due_uses_the_plans_own_date_until_a_review_happens():
    plan = D(2024, 8, 31)
    assert deadlines.review_due(plan, 3, plan_review_date=D(2024, 10, 1)) == D(2024, 10, 1)
    # A review since the plan resets the clock from the review.
    assert deadlines.review_due(
        plan, 3, last_review=D(2024, 9, 20), plan_review_date=D(2024, 10, 1)
    ) == D(2024, 12, 20)
    # A review from before this plan does not count.
    assert deadlines.review_due(plan, 3, last_review=D(2024, 6, 1)) == D(2024, 11, 30)


def test_review_interval_is_configurable():
    assert deadlines.review_due(D(2025, 1, 15), 6) == D(2025, 7, 15)


# --- contact ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "due"),
    [
        ("standard", D(2025, 3, 15)),
        ("enhanced", D(2025, 3, 8)),
        ("intensive", D(2025, 3, 4)),
    ],
)
def test_contact_interval_by_level(level, due):
    interval = deadlines.contact_interval(level)
    assert deadlines.contact_due(D(2025, 3, 1), D(2025, 1, 1), interval) == due


def test_contact_is_counted_from_the_intervention_start_before_any_contact():
    assert deadlines.contact_due(None, D(2025, 3, 1), 7) == D(2025, 3, 8)
    # A contact before this intervention began does not count either.
    assert deadlines.contact_due(D(2025, 2, 1), D(2025, 3, 1), 7) == D(2025, 3, 8)


def test_contact_intervals_can_be_given():
    assert deadlines.contact_interval("enhanced", {"enhanced": 10}) == 10
    with pytest.raises(ValueError, match="wobbly"):
        deadlines.contact_interval("wobbly")


# --- urgency ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2025, 3, 16), Urgency.OVERDUE),
        (D(2025, 3, 15), Urgency.DUE_SOON),  # due today
        (D(2025, 3, 8), Urgency.DUE_SOON),  # 7 days ahead
        (D(2025, 3, 7), Urgency.NOT_YET_DUE),  # 8 days ahead
    ],
)
def test_urgency(today, expected):
    assert deadlines.urgency(D(2025, 3, 15), today, 7) == expected


# --- the settings -----------------------------------------------------------------------


def test_defaults_without_settings(settings):
    for name in (
        "CHILDFIRST_ASSESSMENT_WORKING_DAYS",
        "CHILDFIRST_PLAN_WORKING_DAYS",
        "CHILDFIRST_REVIEW_MONTHS",
        "CHILDFIRST_CONTACT_INTERVAL_DAYS",
        "CHILDFIRST_DUE_SOON_DAYS",
        "CHILDFIRST_BANK_HOLIDAYS",
    ):
        if hasattr(settings, name):
            delattr(settings, name)
    policy = Policy.from_settings()
    assert policy == Policy()
    assert policy.assessment_working_days == 20
    assert policy.plan_working_days == 20
    assert policy.review_months == 3
    assert policy.contact_interval_days == {"standard": 14, "enhanced": 7, "intensive": 3}
    assert policy.due_soon_days == 7
    assert policy.holidays == frozenset()


def test_settings_override_the_defaults(settings):
    settings.CHILDFIRST_ASSESSMENT_WORKING_DAYS = 15
    settings.CHILDFIRST_PLAN_WORKING_DAYS = 10
    settings.CHILDFIRST_REVIEW_MONTHS = 6
    settings.CHILDFIRST_CONTACT_INTERVAL_DAYS = {"intensive": 2}
    settings.CHILDFIRST_DUE_SOON_DAYS = 3
    settings.CHILDFIRST_BANK_HOLIDAYS = [D(2025, 12, 25)]
    policy = Policy.from_settings()
    assert policy.assessment_working_days == 15
    assert policy.plan_working_days == 10
    assert policy.review_months == 6
    # A level left out keeps its default.
    assert policy.contact_interval_days == {"standard": 14, "enhanced": 7, "intensive": 2}
    assert policy.due_soon_days == 3
    assert policy.holidays == {D(2025, 12, 25)}


def test_bank_holidays_from_settings_accept_iso_strings(settings):
    import datetime as dt

    from childfirst.casework.deadlines import bank_holidays

    settings.CHILDFIRST_BANK_HOLIDAYS = ["2025-12-25", dt.date(2025, 12, 26)]
    assert bank_holidays() == {dt.date(2025, 12, 25), dt.date(2025, 12, 26)}
