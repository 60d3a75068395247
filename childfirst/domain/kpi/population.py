"""Who the ten KPIs count in a quarter: the counting frame.

Source: the YJB/MoJ KPI case-level SQL (public-code index id 2491252131, view
``yjb_kpi_case_level.person_details``), which counts for the YJB's "Key performance
indicators for youth justice services"
(https://www.gov.uk/guidance/key-performance-indicators-for-youth-justice-services):

* an intervention programme or order whose **end date falls in the quarter**,
  on or after 1 April 2023 (when the KPIs began) and not in the future;
* the child aged **10 to 17 when the intervention started**;
* outcomes changed or overturned on appeal are left out, as are outcomes the
  KPIs do not count (those with no type-of-order group here);
* **one row per child per quarter**: where a child has several, the most
  serious outcome, then the latest outcome date (the SQL's
  ``ROW_NUMBER() OVER (PARTITION BY ypid, label_quarter ORDER BY
  seriousness_ranking, outcome_date DESC)``);
* broken down by the six type-of-order groups.

The SQL also drops outcomes whose residence on the outcome date is "OTHER"
(outside England and Wales); ChildFirst records only the service's own children.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from childfirst.domain.kpi.vocabulary import ORDER_GROUPS, is_youth_justice_age
from childfirst.domain.periods import FinancialYear, Quarter, age_on

KPI_START = dt.date(2023, 4, 1)


@dataclass(slots=True)  # read-only by convention: frozen's __init__ is 3x slower
class InterventionRow:
    """One intervention with what the counting frame needs to know about it."""

    intervention_id: Hashable
    child_id: Hashable
    date_of_birth: dt.date
    start: dt.date
    end: dt.date | None
    outcome_date: dt.date
    seriousness: int  # higher is more serious (reference data: OutcomeType.seriousness)
    order_group: str  # one of ORDER_GROUPS, or "" if the KPIs do not count the outcome
    overturned: bool = False
    outcome_code: str = ""  # the outcome type (KPI 6 breaks out-of-court disposals down by it)
    completed: bool = False  # the programme was completed (KPI 6, ``kpi6SuccessfullyCompleted``)
    #: Recorded as ended without completion (``kpi6SuccessfullyCompleted`` false); a
    #: programme neither completed nor this (transferred, still open) is in neither row.
    not_completed: bool = False
    release: dt.date | None = None  # release from custody (the third time point)
    offence_ids: tuple[Hashable, ...] = ()  # the offences the outcome dealt with (KPI 10)
    sex: str = ""  # the casework code: female, male or unknown (KPIs 3 and 6)
    ethnic_group: str = ""  # the broad 2021 Census group, "" if not known (KPIs 3 and 6)


def counted_programmes(
    rows: Iterable[InterventionRow],
    quarter: Quarter | FinancialYear | None,
    today: dt.date | None = None,
) -> list[InterventionRow]:
    """Every intervention programme the KPIs count in ``quarter``, before one per child.

    KPI 6 counts each out-of-court programme that ended (``kpi6_oocd_case_level_v8``)
    and KPI 10 the victims of every offence whose programme ended, so both read this
    list rather than the one row a child of :func:`kpi_population`. With no quarter,
    the programmes of every quarter since the KPIs began."""
    # The quarter's first and last days worked out once, not for each row.
    first, last = (KPI_START, dt.date.max) if quarter is None else (quarter.start, quarter.end)
    return [
        row
        for row in rows
        if row.end is not None
        and first <= row.end <= last
        and row.end >= KPI_START
        and (today is None or row.end <= today)
        and not row.overturned
        and row.order_group in ORDER_GROUPS
        and is_youth_justice_age(age_on(row.date_of_birth, row.start))
    ]


def kpi_population(
    rows: Iterable[InterventionRow],
    quarter: Quarter | FinancialYear,
    today: dt.date | None = None,
) -> list[InterventionRow]:
    """The rows the KPIs count in ``quarter``: one per child, as the YJB selects them.

    A financial year (our choice; the YJB reports quarters) counts each child once in
    the year, on the same rule."""
    best: dict[Hashable, InterventionRow] = {}
    for row in counted_programmes(rows, quarter, today):
        current = best.get(row.child_id)
        if current is None or _rank(row) > _rank(current):
            best[row.child_id] = row
    return sorted(best.values(), key=lambda r: (ORDER_GROUPS.index(r.order_group), str(r.child_id)))


def _rank(row: InterventionRow) -> tuple[int, dt.date, dt.date, str]:
    """Most serious first, then the latest outcome; the rest only make ties repeatable."""
    assert row.end is not None
    return (row.seriousness, row.outcome_date, row.end, str(row.intervention_id))


def by_order_group(rows: Iterable[InterventionRow]) -> dict[str, list[InterventionRow]]:
    """The rows in each of the six groups (every group present, perhaps empty)."""
    groups: dict[str, list[InterventionRow]] = {group: [] for group in ORDER_GROUPS}
    for row in rows:
        groups[row.order_group].append(row)
    return groups
