"""The uncertain counting rules come from named settings, checked when they are read."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from childfirst.domain.kpi.returns import Rules
from childfirst.performance.rules import (
    indicator_population_year,
    kpi9_population_year,
    kpi_rules,
    reoffending_rules,
)


def test_the_defaults_are_the_documented_ones():
    assert kpi_rules() == Rules()
    assert reoffending_rules() == {
        "follow_up_months": 12,
        "waiting_months": 6,
        "exclude_breaches": True,
        "annual_from_quarters": False,
        "follow_up_ends_on_anniversary": True,
    }
    assert kpi9_population_year() == "previous"
    assert indicator_population_year() == "same"


def test_settings_change_the_rules(settings):
    settings.CHILDFIRST_KPI_ABOVE_SCHOOL_AGE = "age_16"
    settings.CHILDFIRST_KPI_SERIOUS_VIOLENCE_MIN_GRAVITY = 4
    settings.CHILDFIRST_REOFFENDING_WAITING_MONTHS = 3
    settings.CHILDFIRST_REOFFENDING_FOLLOW_UP_ENDS = "day_before"
    settings.CHILDFIRST_KPI_CUSTODY_START_DAY_BEFORE_OUTCOME = False
    settings.CHILDFIRST_KPI1_SECURED_AHEAD_DAYS = [21, 10]
    rules = kpi_rules()
    assert rules.secured_ahead_days == (21, 10)
    assert (rules.above_school_age, rules.serious_violence_min_gravity) == ("age_16", 4)
    assert rules.custody_start_day_before_outcome is False
    assert reoffending_rules()["waiting_months"] == 3
    assert reoffending_rules()["follow_up_ends_on_anniversary"] is False


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CHILDFIRST_KPI_ABOVE_SCHOOL_AGE", "sixteen", "'academic_year' or 'age_16'"),
        ("CHILDFIRST_KPI_SERIOUS_VIOLENCE_MIN_GRAVITY", 9, "from 1 to 8"),
        ("CHILDFIRST_KPI_FULL_TIME_HOURS_SCHOOL_AGE", "25", "a whole number"),
        ("CHILDFIRST_KPI_ACCOMMODATION_ALL_SUITABLE", "yes", "True or False"),
        ("CHILDFIRST_REOFFENDING_FOLLOW_UP_MONTHS", 0, "from 1 to 60"),
        ("CHILDFIRST_REOFFENDING_FOLLOW_UP_ENDS", "eve", "'anniversary' or 'day_before'"),
        ("CHILDFIRST_KPI_CUSTODY_START_DAY_BEFORE_OUTCOME", 1, "True or False"),
        ("CHILDFIRST_KPI9_POPULATION_YEAR", "last", "'previous' or 'same'"),
        ("CHILDFIRST_KPI1_SECURED_AHEAD_DAYS", (28, 28), "different whole numbers from 1"),
        ("CHILDFIRST_KPI1_SECURED_AHEAD_DAYS", (0,), "different whole numbers from 1 to 365"),
        ("CHILDFIRST_KPI1_SECURED_AHEAD_DAYS", (), "a list of"),
        ("CHILDFIRST_KPI1_SECURED_AHEAD_DAYS", "28", "a list of"),
        ("CHILDFIRST_INDICATOR_POPULATION_YEAR", 2022, "'same' or 'previous'"),
    ],
)
def test_a_bad_setting_is_named(settings, name, value, message):
    setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        kpi_rules()
        reoffending_rules()
        kpi9_population_year()
        indicator_population_year()
