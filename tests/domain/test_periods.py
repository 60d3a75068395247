"""Financial years and quarters: April to March, quarters April-June (Q1) to January-March."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childfirst.domain.periods import FinancialYear, Quarter

D = dt.date


@pytest.mark.parametrize(
    ("code", "start", "end", "display"),
    [
        ("2023Q1", D(2023, 4, 1), D(2023, 6, 30), "2023-24 Q1"),
        ("2023Q2", D(2023, 7, 1), D(2023, 9, 30), "2023-24 Q2"),
        ("2023Q3", D(2023, 10, 1), D(2023, 12, 31), "2023-24 Q3"),
        ("2023Q4", D(2024, 1, 1), D(2024, 3, 31), "2023-24 Q4"),
        ("1999Q4", D(2000, 1, 1), D(2000, 3, 31), "1999-00 Q4"),
    ],
)
def test_quarters(code, start, end, display):
    quarter = Quarter.parse(code)
    assert (quarter.start, quarter.end, str(quarter), quarter.code) == (start, end, display, code)
    assert Quarter.parse(display) == quarter
    assert start in quarter and end in quarter
    assert start - dt.timedelta(days=1) not in quarter


def test_financial_years():
    year = FinancialYear.parse("2022-23")
    assert (year.start, year.end, str(year)) == (D(2022, 4, 1), D(2023, 3, 31), "2022-23")
    assert [q.code for q in year.quarters] == ["2022Q1", "2022Q2", "2022Q3", "2022Q4"]
    assert FinancialYear.containing(D(2023, 3, 31)) == year
    assert FinancialYear.containing(D(2023, 4, 1)) == FinancialYear(2023)


def test_previous_quarters_cross_the_year():
    assert [q.code for q in Quarter.parse("2023Q1").previous(4)] == [
        "2022Q1",
        "2022Q2",
        "2022Q3",
        "2022Q4",
    ]
    assert Quarter(2023, 4).shifted(1) == Quarter(2024, 1)


@pytest.mark.parametrize("text", ["2023Q5", "2023", "23Q1", "2023-25 Q1", "Q1 2023", ""])
def test_bad_quarters_are_refused(text):
    with pytest.raises(ValueError):
        Quarter.parse(text)


@pytest.mark.parametrize("text", ["2022-24", "2022/23", "22-23"])
def test_bad_years_are_refused(text):
    with pytest.raises(ValueError):
        FinancialYear.parse(text)


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31)))
def test_every_day_is_in_exactly_its_quarter_and_year(day):
    quarter = Quarter.containing(day)
    assert day in quarter
    assert day not in quarter.shifted(1) and day not in quarter.shifted(-1)
    assert day in quarter.financial_year
    assert quarter.shifted(1).start == quarter.end + dt.timedelta(days=1)
