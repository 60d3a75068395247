"""The quarterly KPI return and the national indicators, computed from the record."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils import timezone

from childfirst.casework.bounds import earliest_record_date, furthest_ahead_days
from childfirst.domain.kpi import indicators as ind
from childfirst.domain.kpi.returns import KpiReturn, kpi_return
from childfirst.domain.periods import FinancialYear, Quarter
from childfirst.performance import selectors
from childfirst.performance.models import PopulationEstimate
from childfirst.performance.rules import (
    indicator_population_year,
    kpi9_population_year,
    kpi_rules,
    reoffending_rules,
)

Period = Quarter | FinancialYear


def financial_year(period: Period) -> FinancialYear:
    return period.financial_year if isinstance(period, Quarter) else period


def population_10_17(period: Period, years_before: int = 0) -> PopulationEstimate | None:
    """The mid-year estimate for the year the period's financial year starts in (or
    ``years_before`` that)."""
    year = financial_year(period).start_year - years_before
    return PopulationEstimate.objects.filter(year=year).first()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a return or the indicators are
    worked out: building tens of thousands of facts would set it off again and again,
    each time walking the objects alive (over a tenth of the time), to find next to
    nothing, as the facts hold no cycles and are freed with their last reference. It
    runs again afterwards, and collects any cycles then."""
    if not gc.isenabled():  # paused already (by a caller, or another thread)
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def compute_return(quarter: Period, today: dt.date | None = None) -> KpiReturn:
    """The full KPI return for ``quarter`` (or a financial year) as the service would submit it.

    KPI 9's rate divides by the previous year's mid-year estimate, as the YJB's
    ``kpi9_sv_summary_v8`` does ("always the previous year is used": 2023-24 quarters
    take the mid-2022 estimate), unless ``CHILDFIRST_KPI9_POPULATION_YEAR`` says "same"."""
    today = today or timezone.localdate()
    rules = kpi_rules()
    estimate = population_10_17(quarter, 1 if kpi9_population_year() == "previous" else 0)
    with collector_paused():
        facts = selectors.kpi_facts(quarter, today, rules)
        return kpi_return(facts, quarter, rules, estimate.children_10_17 if estimate else None)


@dataclass(frozen=True)
class Indicators:
    """The long-standing national indicators for a period: first time entrants, use of
    custody (Youth Justice Statistics) and proven reoffending (MoJ); the rules and their
    sources are in :mod:`childfirst.domain.kpi.indicators`."""

    period: Period
    population: PopulationEstimate | None
    first_time_entrants: ind.FteResult
    custody: ind.CustodyResult
    reoffending: ind.ReoffendingResult


def compute_indicators(period: Period, today: dt.date | None = None) -> Indicators:
    """First time entrants, use of custody and the proven reoffending of the period's cohort.

    The rates divide by the mid-year estimate for the year the financial year starts in,
    or the year before (``CHILDFIRST_INDICATOR_POPULATION_YEAR``: the sources leave it
    open; ``docs/kpis/settings.md``)."""
    today = today or timezone.localdate()
    estimate = population_10_17(period, 1 if indicator_population_year() == "previous" else 0)
    size = estimate.children_10_17 if estimate else None
    with collector_paused():
        children, outcomes = selectors.first_time_entrant_facts(period)
        fte = ind.first_time_entrants(children, outcomes, period, size)
        children, outcomes = selectors.custody_facts(period)
        custody = ind.use_of_custody(children, outcomes, period, size)
        children, outcomes, care = selectors.reoffending_facts(period)
        reoffending = ind.proven_reoffending(
            children, outcomes, care, period, today, **reoffending_rules()
        )
    return Indicators(period, estimate, fte, custody, reoffending)


class PeriodOutOfRange(ValueError):
    """A well-formed period outside :func:`period_range`."""


def period_range(today: dt.date | None = None) -> tuple[FinancialYear, FinancialYear]:
    """The financial years ChildFirst counts in: from the one holding the earliest date a
    record may have (``CHILDFIRST_EARLIEST_RECORD_DATE``) to the one holding the furthest
    date ahead a record may be planned for (``CHILDFIRST_FURTHEST_AHEAD_DAYS``). No record
    can fall outside them, so no figure can either."""
    today = today or timezone.localdate()
    try:
        last = today + dt.timedelta(days=furthest_ahead_days())
    except OverflowError:
        last = dt.date.max
    # Python's dates run from year 1 to 9999: a financial year must end by then.
    first = FinancialYear.containing(earliest_record_date()).start_year
    final = FinancialYear.containing(last).start_year
    return FinancialYear(max(first, 1)), FinancialYear(min(final, dt.date.max.year - 1))


def parse_period(text: str, today: dt.date | None = None) -> Period:
    """A quarter (``2023Q1``, ``2023-24 Q1``) or a financial year (``2022-23``) within
    :func:`period_range`; ``ValueError`` with a message for the person otherwise."""
    text = text.strip()
    period: Period
    if "q" in text.lower():
        period = Quarter.parse(text.upper())
    elif "-" in text:
        period = FinancialYear.parse(text)
    else:
        raise ValueError(f"{text!r} is not a quarter (2023Q1) or a financial year (2022-23)")
    first, last = period_range(today)
    if not first.start_year <= financial_year(period).start_year <= last.start_year:
        raise PeriodOutOfRange(
            f"{period} is outside the periods ChildFirst counts in, {first} to {last}"
        )
    return period
