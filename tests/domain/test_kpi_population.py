"""The KPI counting frame, worked by hand: who counts in a quarter, once each."""

import datetime as dt

import pytest

from childfirst.domain.kpi.population import InterventionRow, by_order_group, kpi_population
from childfirst.domain.periods import Quarter

D = dt.date
Q1 = Quarter.parse("2023Q1")  # 1 April to 30 June 2023
BORN, START, END, OUTCOME = D(2008, 1, 1), D(2023, 1, 10), D(2023, 5, 15), D(2023, 1, 5)


def row(
    n,
    child,
    *,
    born=BORN,
    start=START,
    end=END,
    outcome=OUTCOME,
    seriousness=40,
    group="referral_order",
    overturned=False,
):
    return InterventionRow(n, child, born, start, end, outcome, seriousness, group, overturned)


def ids(rows):
    return [r.intervention_id for r in rows]


def test_a_child_with_two_outcomes_in_the_quarter_counts_once_under_the_most_serious():
    rows = [
        row(1, "amy", seriousness=15, group="oocd", end=D(2023, 6, 1)),  # later, less serious
        row(2, "amy", seriousness=50, group="yro", end=D(2023, 4, 20)),
    ]
    assert ids(kpi_population(rows, Q1)) == [2]


def test_equal_seriousness_keeps_the_latest_outcome():
    rows = [row(1, "ben", outcome=D(2023, 2, 1)), row(2, "ben", outcome=D(2023, 3, 1))]
    assert ids(kpi_population(rows, Q1)) == [2]
    assert ids(kpi_population(list(reversed(rows)), Q1)) == [2]


@pytest.mark.parametrize(
    ("born", "counted"),
    [
        (D(2005, 6, 1), True),  # 17 at the start (10 Jan 2023), 18 by the end: counted
        (D(2005, 1, 10), False),  # 18 on the day it started
        (D(2013, 1, 10), True),  # 10 on the day it started
        (D(2013, 1, 11), False),  # 9 when it started
    ],
)
def test_age_is_taken_when_the_intervention_started(born, counted):
    assert bool(kpi_population([row(1, "cat", born=born)], Q1)) is counted


@pytest.mark.parametrize(
    ("changes", "counted"),
    [
        ({"end": D(2023, 4, 1)}, True),  # first day of the quarter
        ({"end": D(2023, 6, 30)}, True),  # last day
        ({"end": D(2023, 7, 1)}, False),  # next quarter
        ({"end": None}, False),  # still open
        ({"overturned": True}, False),
        ({"group": ""}, False),  # an outcome the KPIs do not count (a fine)
    ],
)
def test_who_is_in_the_quarter(changes, counted):
    assert bool(kpi_population([row(1, "dan", **changes)], Q1)) is counted


def test_nothing_before_the_kpis_began_or_in_the_future():
    before = Quarter.parse("2022Q4")
    assert kpi_population([row(1, "eve", end=D(2023, 3, 31))], before) == []
    assert kpi_population([row(1, "eve", end=D(2023, 6, 1))], Q1, today=D(2023, 5, 31)) == []


def test_the_six_groups_are_all_reported():
    rows = kpi_population(
        [row(1, "a", group="oocd"), row(2, "b", group="custody"), row(3, "c", group="custody")],
        Q1,
    )
    groups = by_order_group(rows)
    assert list(groups) == ["oocd", "youth_caution", "ycc", "referral_order", "yro", "custody"]
    assert {g: len(r) for g, r in groups.items()} == {
        "oocd": 1,
        "youth_caution": 0,
        "ycc": 0,
        "referral_order": 0,
        "yro": 0,
        "custody": 2,
    }
