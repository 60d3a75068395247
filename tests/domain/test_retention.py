"""The retention rule, worked by hand: the later of the 25th birthday and six years
after the last intervention ended; never while one is open."""

import datetime as dt

import pytest

from childfirst.domain.periods import age_on
from childfirst.domain.retention import RetentionRule, anniversary

D = dt.date
RULE = RetentionRule()


def test_the_25th_birthday_when_the_work_ended_long_before():
    # Born 10 May 2001: 25 on 10 May 2026; the work ended 2017, six years on is 2023.
    assert RULE.due_on(date_of_birth=D(2001, 5, 10), intervention_ends=[D(2017, 3, 31)]) == D(
        2026, 5, 10
    )


def test_six_years_after_the_last_intervention_when_that_is_later():
    # Born 1 January 2005: 25 on 1 January 2030. The last of three interventions ended on
    # 15 August 2024 (not the first one listed): six years on is 15 August 2030.
    ends = [D(2024, 8, 15), D(2021, 2, 1), D(2023, 1, 9)]
    assert RULE.due_on(date_of_birth=D(2005, 1, 1), intervention_ends=ends) == D(2030, 8, 15)


def test_a_child_with_an_open_intervention_is_never_due():
    ends = [D(2010, 1, 1), None]
    assert RULE.due_on(date_of_birth=D(1980, 1, 1), intervention_ends=ends) is None
    assert not RULE.is_due(date_of_birth=D(1980, 1, 1), intervention_ends=ends, today=D(2100, 1, 1))


def test_no_interventions_at_all_keeps_the_record_to_the_25th_birthday():
    assert RULE.due_on(date_of_birth=D(2000, 6, 30), intervention_ends=[]) == D(2025, 6, 30)


def test_born_on_29_february_the_record_is_due_on_1_march_in_a_common_year():
    # 29 February 2000 + 25 years = 2025, which has no 29 February: 25 on 1 March.
    due = RULE.due_on(date_of_birth=D(2000, 2, 29), intervention_ends=[])
    assert due == D(2025, 3, 1)
    assert age_on(D(2000, 2, 29), due) == 25
    assert age_on(D(2000, 2, 29), due - dt.timedelta(days=1)) == 24


def test_born_on_29_february_the_birthday_is_kept_in_a_leap_year():
    # Born 29 February 2004, with age 24 in the rule: 2028 is a leap year.
    assert RetentionRule(age=24).due_on(date_of_birth=D(2004, 2, 29), intervention_ends=[]) == D(
        2028, 2, 29
    )


def test_an_intervention_that_ended_on_29_february_is_due_on_1_march():
    assert anniversary(D(2024, 2, 29), 6) == D(2030, 3, 1)
    assert RULE.due_on(date_of_birth=D(2000, 1, 1), intervention_ends=[D(2024, 2, 29)]) == D(
        2030, 3, 1
    )


def test_due_on_the_day_itself_and_not_the_day_before():
    born = D(2000, 6, 30)
    assert RULE.is_due(date_of_birth=born, intervention_ends=[], today=D(2025, 6, 30))
    assert not RULE.is_due(date_of_birth=born, intervention_ends=[], today=D(2025, 6, 29))


def test_a_service_sets_its_own_periods():
    rule = RetentionRule(age=21, years_after_last_intervention=3)
    assert rule.due_on(date_of_birth=D(2000, 1, 1), intervention_ends=[D(2020, 5, 5)]) == D(
        2023, 5, 5
    )
    assert rule.describe().startswith("Kept until the child's 21st birthday or 3 years after")
    assert RULE.describe().startswith("Kept until the child's 25th birthday or 6 years after")


def test_a_rule_that_would_erase_a_childs_record_before_adulthood_is_refused():
    with pytest.raises(ValueError):
        RetentionRule(age=17)
    with pytest.raises(ValueError):
        RetentionRule(years_after_last_intervention=-1)
