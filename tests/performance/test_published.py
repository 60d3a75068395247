"""Kent's published 2022-23 figures reproduced from casework records through the engine.

The facts are those of ``tests/domain/test_indicators.py`` (each published count, with
noise that must not count), written to the database as children, offences, outcomes,
releases from custody and care periods, then read back by the performance selectors.
"""

import datetime as dt

import pytest

from childfirst.domain.periods import FinancialYear, Quarter
from childfirst.performance.engine import compute_indicators
from tests.domain.test_indicators import (
    KENT_CUSTODY,
    KENT_CUSTODY_YEARS,
    KENT_FTE,
    KENT_FTE_YEARS,
    KENT_PERIOD,
    child,
    kent_fte_facts,
    kent_reoffending_facts,
    outcome,
)
from tests.performance.records import write_facts

pytestmark = pytest.mark.django_db
LATER = dt.date(2030, 1, 1)


def test_first_time_entrants_2022_23_from_records():
    write_facts(*kent_fte_facts())
    for code in ("2022Q1", "2022Q2", "2022Q3", "2022Q4"):
        found = compute_indicators(Quarter.parse(code), LATER)
        assert found.first_time_entrants.count.numerator == KENT_FTE[code], code
    assert [KENT_FTE[f"2022Q{n}"] for n in (1, 2, 3, 4)] == [74, 76, 78, 85]
    year = compute_indicators(FinancialYear.parse("2022-23"), LATER)
    assert year.first_time_entrants.count.numerator == KENT_FTE_YEARS["2022-23"] == 313
    earlier = compute_indicators(FinancialYear.parse("2021-22"), LATER)
    assert earlier.first_time_entrants.count.numerator == 241


def test_custodial_sentences_2022_23_from_records():
    children, outcomes = [], []
    for code, (sentences, remands) in KENT_CUSTODY.items():
        start = Quarter.parse(code).start
        for i in range(sentences):
            children.append(child(f"{code}-{i}"))
            outcomes.append(
                outcome(
                    f"{code}-{i}",
                    start + dt.timedelta(days=5 + i),
                    "custody",
                    "custody",
                    custodial=True,
                )
            )
        for i in range(remands):  # remands to youth detention are not sentences
            children.append(child(f"{code}-remand-{i}"))
            outcomes.append(outcome(f"{code}-remand-{i}", start, "remand", ""))
    write_facts(children, outcomes)
    quarters = [
        compute_indicators(Quarter.parse(f"2022Q{n}"), LATER).custody.sentences.numerator
        for n in (1, 2, 3, 4)
    ]
    assert quarters == [2, 3, 2, 1]
    year = compute_indicators(FinancialYear.parse("2022-23"), LATER)
    assert year.custody.sentences.numerator == KENT_CUSTODY_YEARS["2022-23"] == 8


def test_reoffending_table_from_records():
    children, outcomes, care, _ = kent_reoffending_facts()
    write_facts(children, outcomes, care)
    result = compute_indicators(KENT_PERIOD, LATER).reoffending
    total = result.total
    assert (total.cohort.numerator, total.reoffenders.numerator, total.binary_rate) == (
        406,
        70,
        17.2,
    )
    published = [  # (breakdown, row, cohort, reoffended, rate to one place)
        ("tier", "Caution (youth caution or conditional caution)", 72, 15, 20.8),  # 21%
        ("index_disposal", "Referral order", 126, 29, 23.0),  # 23%
        ("tier", "Community", 44, 9, 20.5),  # 20%
        ("sex", "Female", 60, 7, 11.7),  # 12%
        ("sex", "Male", 346, 63, 18.2),  # 18% (352 published: see test_indicators)
        ("ethnicity", "Ethnic minority groups", 69, 14, 20.3),  # 20%
        ("ethnicity", "White", 337, 56, 16.6),  # 17%
    ]
    for breakdown, label, cohort, reoffended, binary in published:
        row = result.row(breakdown, label)
        assert (row.cohort.numerator, row.reoffenders.numerator, row.binary_rate) == (
            cohort,
            reoffended,
            binary,
        ), label
    assert (total.looked_after_cohort, total.looked_after_reoffenders) == (28, 11)
    assert result.complete
