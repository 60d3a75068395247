"""The quarterly KPI return and the national indicators, computed from the record."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from childfirst.domain.kpi.returns import KpiReturn, kpi_return
from childfirst.domain.periods import FinancialYear, Quarter
from childfirst.performance import selectors
from childfirst.performance.models import PopulationEstimate
from childfirst.performance.rules import kpi_rules

Period = Quarter | FinancialYear


def financial_year(period: Period) -> FinancialYear:
    return period.financial_year if isinstance(period, Quarter) else period


def population_10_17(period: Period) -> PopulationEstimate | None:
    """The mid-year estimate for the year the period's financial year starts in."""
    year = financial_year(period).start_year
    return PopulationEstimate.objects.filter(year=year).first()


def compute_return(quarter: Quarter, today: dt.date | None = None) -> KpiReturn:
    """The full KPI return for ``quarter`` as the service would submit it."""
    today = today or timezone.localdate()
    rules = kpi_rules()
    estimate = population_10_17(quarter)
    facts = selectors.kpi_facts(quarter, today, rules)
    return kpi_return(facts, quarter, rules, estimate.children_10_17 if estimate else None)
