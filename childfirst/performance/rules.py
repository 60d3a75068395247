"""The counting rules the published sources leave uncertain, read from named settings.

Each setting, its default, its source and why are in ``docs/kpis/settings.md``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from childfirst.domain.kpi.returns import Rules


def _setting(name: str, default: Any, allowed: Any = None) -> Any:
    """The setting, or its default; a value of the wrong kind stops with a clear message
    rather than quietly counting by some other rule."""
    value = getattr(settings, name, default)
    if isinstance(default, tuple):
        low, high = allowed or (1, 1000)
        ok = (
            isinstance(value, (tuple, list))
            and len(value) > 0
            and len(set(value)) == len(value)
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            and all(low <= v <= high for v in value)
        )
        expected = f"a list of different whole numbers from {low} to {high}"
        value = tuple(value) if ok else value
    elif isinstance(default, bool):
        ok = isinstance(value, bool)
        expected = "True or False"
    elif isinstance(default, int):
        low, high = allowed or (1, 1000)
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        expected = f"a whole number from {low} to {high}"
    else:
        ok = value in allowed
        expected = " or ".join(repr(a) for a in allowed)
    if not ok:
        raise ImproperlyConfigured(f"{name} must be {expected}, not {value!r}")
    return value


def kpi_rules() -> Rules:
    defaults = Rules()
    return Rules(
        above_school_age=_setting(
            "CHILDFIRST_KPI_ABOVE_SCHOOL_AGE",
            defaults.above_school_age,
            ("academic_year", "age_16"),
        ),
        full_time_hours_school_age=_setting(
            "CHILDFIRST_KPI_FULL_TIME_HOURS_SCHOOL_AGE", defaults.full_time_hours_school_age
        ),
        full_time_hours_above_school_age=_setting(
            "CHILDFIRST_KPI_FULL_TIME_HOURS_ABOVE_SCHOOL_AGE",
            defaults.full_time_hours_above_school_age,
        ),
        accommodation_all_suitable=_setting(
            "CHILDFIRST_KPI_ACCOMMODATION_ALL_SUITABLE", defaults.accommodation_all_suitable
        ),
        serious_violence_min_gravity=_setting(
            "CHILDFIRST_KPI_SERIOUS_VIOLENCE_MIN_GRAVITY",
            defaults.serious_violence_min_gravity,
            (1, 8),
        ),
        custody_start_day_before_outcome=_setting(
            "CHILDFIRST_KPI_CUSTODY_START_DAY_BEFORE_OUTCOME",
            defaults.custody_start_day_before_outcome,
        ),
        secured_ahead_days=_setting(
            "CHILDFIRST_KPI1_SECURED_AHEAD_DAYS", defaults.secured_ahead_days, (1, 365)
        ),
    )


def indicator_population_year() -> str:
    """Which mid-year estimate the first-time-entrant and custody rates divide by: "same"
    (the year the period's financial year starts in) or "previous"."""
    return str(_setting("CHILDFIRST_INDICATOR_POPULATION_YEAR", "same", ("same", "previous")))


def kpi9_population_year() -> str:
    """Which mid-year estimate KPI 9's rate divides by: "previous" (the year before the
    financial year starts, as ``kpi9_sv_summary_v8`` does) or "same"."""
    return str(_setting("CHILDFIRST_KPI9_POPULATION_YEAR", "previous", ("previous", "same")))


def reoffending_rules() -> dict[str, Any]:
    """Keyword arguments for ``proven_reoffending``."""
    return {
        "follow_up_months": _setting("CHILDFIRST_REOFFENDING_FOLLOW_UP_MONTHS", 12, (1, 60)),
        "waiting_months": _setting("CHILDFIRST_REOFFENDING_WAITING_MONTHS", 6, (0, 60)),
        "exclude_breaches": _setting("CHILDFIRST_REOFFENDING_EXCLUDE_BREACHES", True),
        "annual_from_quarters": _setting("CHILDFIRST_REOFFENDING_ANNUAL_FROM_QUARTERS", False),
        "follow_up_ends_on_anniversary": _setting(
            "CHILDFIRST_REOFFENDING_FOLLOW_UP_ENDS", "anniversary", ("anniversary", "day_before")
        )
        == "anniversary",
    }
