"""Financial years and quarters: April to March, quarters April-June (Q1) to January-March.

Also a child's age in whole years and the September-to-August academic year.
"""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childfirst.domain.periods import FinancialYear, Quarter, academic_year, age_on

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


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (D(2008, 5, 10), D(2024, 5, 9), 15),  # the day before the 16th birthday
        (D(2008, 5, 10), D(2024, 5, 10), 16),  # on the birthday
        (D(2008, 5, 10), D(2024, 5, 11), 16),
        (D(2008, 5, 10), D(2008, 5, 10), 0),  # the day of birth
        (D(2007, 12, 31), D(2008, 1, 1), 0),  # a day old, a year later on the calendar
        (D(2013, 6, 1), D(2023, 5, 31), 9),  # the day before the age of criminal responsibility
        (D(2013, 6, 1), D(2023, 6, 1), 10),
        (D(2005, 6, 1), D(2023, 5, 31), 17),  # the last day aged 17
        (D(2005, 6, 1), D(2023, 6, 1), 18),
        # born on 29 February: in a leap year the birthday comes on the 29th ...
        (D(2008, 2, 29), D(2024, 2, 28), 15),
        (D(2008, 2, 29), D(2024, 2, 29), 16),
        # ... and in another year on 1 March, not 28 February
        (D(2008, 2, 29), D(2023, 2, 28), 14),
        (D(2008, 2, 29), D(2023, 3, 1), 15),
        # a child born on 28 February or 1 March is unaffected by a leap day
        (D(2008, 2, 28), D(2024, 2, 28), 16),
        (D(2008, 3, 1), D(2024, 2, 29), 15),
        (D(2008, 3, 1), D(2024, 3, 1), 16),
    ],
)
def test_age_in_whole_years(born, day, age):
    assert age_on(born, day) == age


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (D(2024, 8, 31), 2023),  # the last day of 2023 to 2024
        (D(2024, 9, 1), 2024),  # the first day of 2024 to 2025
        (D(2024, 12, 31), 2024),
        (D(2025, 1, 1), 2024),  # a new calendar year, the same academic year
        (D(2025, 7, 31), 2024),
        (D(2024, 2, 29), 2023),
    ],
)
def test_the_academic_year_runs_september_to_august(day, year):
    assert academic_year(day) == year


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31)))
def test_academic_years_change_only_on_1_september(day):
    next_day = day + dt.timedelta(days=1)
    changes = academic_year(next_day) != academic_year(day)
    assert changes == ((next_day.month, next_day.day) == (9, 1))
