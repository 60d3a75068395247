"""The counting rules ``domain.md`` marks uncertain, read from named settings.

Each setting, its default and why are in ``docs/kpis/settings.md``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from childfirst.domain.kpi.returns import Rules


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def kpi_rules() -> Rules:
    defaults = Rules()
    return Rules(
        above_school_age=_setting("CHILDFIRST_KPI_ABOVE_SCHOOL_AGE", defaults.above_school_age),
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
            "CHILDFIRST_KPI_SERIOUS_VIOLENCE_MIN_GRAVITY", defaults.serious_violence_min_gravity
        ),
    )


def reoffending_rules() -> dict[str, Any]:
    """Keyword arguments for ``proven_reoffending``."""
    return {
        "follow_up_months": _setting("CHILDFIRST_REOFFENDING_FOLLOW_UP_MONTHS", 12),
        "waiting_months": _setting("CHILDFIRST_REOFFENDING_WAITING_MONTHS", 6),
        "exclude_breaches": _setting("CHILDFIRST_REOFFENDING_EXCLUDE_BREACHES", True),
        "annual_from_quarters": _setting("CHILDFIRST_REOFFENDING_ANNUAL_FROM_QUARTERS", False),
    }
