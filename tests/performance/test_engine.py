"""The KPI return computed from casework records: the selectors read what the rules need.

A small service in 2023-24 Q1 (1 April to 30 June 2023), worked by hand:

* Amy: referral order (outcome 5 April 2023, for an ABH, gravity 5), intervention
  10 April to 25 June 2023, completed. Living with parents (suitable), full-time school
  (25 hours, suitable), a victim who consented and met her (direct restorative justice).
* Ben: detention and training order; intervention 1 October 2022 to 20 June 2023,
  released 1 April 2023. YOI until 31 March, then foster care (suitable).
* Cal: a community resolution (ended early) and a youth caution (completed), both ending
  in the quarter: counted once, under the youth caution (more serious).
* Dee: a referral order overturned on appeal; Eve: prevention work with no outcome.
  Neither is counted.
"""

import datetime as dt

import pytest

from childfirst.domain.periods import Quarter
from childfirst.performance.engine import compute_return

pytestmark = pytest.mark.django_db
D = dt.date
Q = Quarter.parse("2023Q1")
TODAY = D(2023, 8, 1)


def test_the_return_from_records(service):
    ret = compute_return(Q, TODAY)
    kpi1 = ret["kpi1"]
    # Amy, Ben and Cal; Cal once.
    assert kpi1.headline.denominator == 3
    assert kpi1.headline.members == {service["Amy"], service["Ben"]}  # Cal: nothing recorded
    assert kpi1.cell("suitable", "custody:release").as_dict()["numerator"] == 1
    # A custodial sentence starts, for the KPIs, the day before its outcome date (30
    # September 2022): Ben was living with his parents then.
    assert kpi1.cell("type:parents", "custody:start").members == {service["Ben"]}
    assert kpi1.cell("type:yoi", "custody:end").members == set()
    assert kpi1.row("type:yoi").label == "YOI (youth custody)"
    # KPI 2: Amy full time at school.
    assert ret["kpi2"].cell("full_time", "referral_order:end").members == {service["Amy"]}
    # KPI 6 counts both of Cal's programmes (kpi6_oocd_case_level_v8): the youth
    # caution completed, the community resolution ended early. One child, completed.
    kpi6 = ret["kpi6"]
    assert (kpi6.headline.numerator, kpi6.headline.denominator) == (1, 1)
    assert kpi6.cell("completed", "youth-caution").members == {service["Cal"]}
    assert kpi6.cell("not_completed", "community-resolution").members == {service["Cal"]}
    programmes = kpi6.cell("programmes_completed", "total")
    assert (programmes.numerator, programmes.denominator) == (1, 2)
    # KPI 9: Amy's ABH (gravity 5), dealt with by a referral order on 5 April.
    assert ret["kpi9"].headline.numerator == 1
    # KPI 10: Amy's victim consented and took part in restorative justice.
    assert ret["kpi10"].headline.as_dict() == {
        "numerator": 1,
        "denominator": 1,
        "percentage": 100.0,
    }
    assert ret["kpi8"].missing == "No meetings recorded"
    assert ret["kpi8"].headline.denominator is None


def test_orders_ending_after_today_are_not_counted_yet(service):
    ret = compute_return(Q, D(2023, 6, 1))  # Amy's and Ben's orders end later in June
    assert ret["kpi1"].headline.denominator == 1  # Cal only


def test_an_empty_quarter():
    ret = compute_return(Q, TODAY)
    assert [k.headline.denominator for k in ret.kpis[:7]] == [0] * 7
    assert ret["kpi1"].headline.percentage is None


def test_kpi9_divides_by_the_previous_years_estimate(service, settings):
    """kpi9_sv_summary_v8: "always the previous year is used" (2023-24 takes mid-2022)."""
    from childfirst.performance.models import PopulationEstimate

    PopulationEstimate.objects.create(year=2022, children_10_17=20_000)
    PopulationEstimate.objects.create(year=2023, children_10_17=5_000)
    kpi9 = compute_return(Q, TODAY)["kpi9"]
    # Amy's ABH: one serious violence offence, over mid-2022's 20,000 children.
    assert (kpi9.headline.numerator, kpi9.headline.denominator) == (1, 20_000)
    assert kpi9.headline.percentage == 0.5
    settings.CHILDFIRST_KPI9_POPULATION_YEAR = "same"
    same = compute_return(Q, TODAY)["kpi9"]
    assert (same.headline.denominator, same.headline.percentage) == (5_000, 2.0)


def test_an_offence_sentenced_at_18_counts_by_its_first_hearing(service):
    """Age at the first court hearing for court outcomes (kpi9_sv_case_level_v8)."""
    from childfirst.casework.models import Offence

    abh = Offence.objects.get(child_id=service["Amy"])
    # Amy was born on 1 January 2008: 15 throughout. Make her 18 at the outcome (5 April
    # 2023) but 17 at the first hearing.
    from childfirst.casework.models import Child

    Child.objects.filter(pk=service["Amy"]).update(date_of_birth=D(2005, 3, 25))
    assert compute_return(Q, TODAY)["kpi9"].headline.numerator == 1
    abh.first_hearing = D(2023, 3, 26)  # the day after her 18th birthday
    abh.save()
    assert compute_return(Q, TODAY)["kpi9"].headline.numerator == 0


def test_the_indicators_can_divide_by_the_previous_years_estimate(service, settings):
    from childfirst.domain.periods import FinancialYear
    from childfirst.performance.engine import compute_indicators
    from childfirst.performance.models import PopulationEstimate

    PopulationEstimate.objects.create(year=2022, children_10_17=10_000)
    PopulationEstimate.objects.create(year=2023, children_10_17=20_000)
    year = FinancialYear(2023)
    # 2023-24's one first time entrant (Amy's referral order, 5 April 2023).
    assert compute_indicators(year, TODAY).first_time_entrants.rate_per_100k == 5.0  # / 20,000
    settings.CHILDFIRST_INDICATOR_POPULATION_YEAR = "previous"
    assert compute_indicators(year, TODAY).first_time_entrants.rate_per_100k == 10.0  # / 10,000
