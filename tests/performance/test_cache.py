"""Computed returns and indicators are kept until what they read changes, and no longer.

The small service of ``conftest.small_service`` in 2023-24 Q1 (April to June 2023): KPI 1
counts Amy, Ben and Cal, Amy and Ben in suitable accommodation at the end (2 of 3).
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from childfirst.casework.models import (
    AccommodationEpisode,
    AccommodationType,
    Child,
    Offence,
    Victim,
)
from childfirst.domain.periods import FinancialYear, Quarter
from childfirst.performance import cache
from childfirst.performance.engine import compute_indicators, compute_return
from childfirst.performance.models import FiguresVersion, PopulationEstimate
from childfirst.performance.quality import check_quarter, kept_check
from tests.casework.conftest import sign_in
from tests.casework.factories import ChildFactory, OffenceFactory, UserFactory, VictimFactory
from tests.performance.conftest import home, order
from tests.performance.pages import got

pytestmark = pytest.mark.django_db
D = dt.date
Q = Quarter.parse("2023Q1")
TODAY = D(2023, 8, 1)


@pytest.fixture
def counted(monkeypatch):
    """How many times the return and the indicators were worked out, not kept."""
    calls = {"return": 0, "indicators": 0}

    def counting(kind, work):
        def run(*args, **kwargs):
            calls[kind] += 1
            return work(*args, **kwargs)

        return run

    monkeypatch.setattr(cache, "compute_return", counting("return", compute_return))
    monkeypatch.setattr(cache, "compute_indicators", counting("indicators", compute_indicators))
    return calls


def kpi1(ret):
    h = ret["kpi1"].headline
    return (h.numerator, h.denominator)


def test_a_kept_return_is_the_return_and_is_worked_out_once(service, counted):
    first = cache.cached_return(Q, TODAY)
    again = cache.cached_return(Q, TODAY)
    assert counted["return"] == 1
    assert kpi1(first) == kpi1(again) == (2, 3)
    assert again["kpi1"].headline.members == {service["Amy"], service["Ben"]}
    # the same figures as working it out afresh, cell by cell
    fresh = compute_return(Q, TODAY)
    for kept, new in zip(again.kpis, fresh.kpis, strict=True):
        assert kept.headline == new.headline
        assert [(r.key, dict(r.cells)) for r in kept.rows] == [
            (r.key, dict(r.cells)) for r in new.rows
        ]


def test_a_change_to_a_record_of_a_child_in_the_quarter_is_counted_at_once(service, counted):
    assert kpi1(cache.cached_return(Q, TODAY)) == (2, 3)
    amy = AccommodationEpisode.objects.get(child_id=service["Amy"])
    amy.suitability = "unsuitable"
    amy.save()
    assert kpi1(cache.cached_return(Q, TODAY)) == (1, 3)
    # and deleting it: Amy then has nothing recorded, still not suitable
    amy.delete()
    assert kpi1(cache.cached_return(Q, TODAY)) == (1, 3)
    assert counted["return"] == 3


def test_a_change_to_a_record_of_a_child_outside_the_quarter_keeps_the_figures(service, counted):
    cache.cached_return(Q, TODAY)
    cache.cached_indicators(Q, TODAY)
    # Fay's order ended in 2024: nothing of hers is read for 2023-24 Q1.
    fay = ChildFactory(first_name="Fay")
    order(fay, "referral-order", D(2024, 1, 5), D(2024, 1, 10), D(2024, 6, 1))
    home(fay, "parents", D(2020, 1, 1))
    episode = AccommodationEpisode.objects.get(child=fay)
    episode.suitability = "unsuitable"
    episode.save()
    assert kpi1(cache.cached_return(Q, TODAY)) == (2, 3)
    cache.cached_indicators(Q, TODAY)
    assert counted == {"return": 1, "indicators": 1}
    # Fay's figures version went up all the same: her own quarter is worked out again.
    assert FiguresVersion.objects.get(child=fay).version >= 3


def test_a_child_who_joins_the_quarter_is_counted(service, counted):
    assert kpi1(cache.cached_return(Q, TODAY)) == (2, 3)
    gus = ChildFactory(first_name="Gus", date_of_birth=D(2008, 1, 1))
    order(gus, "referral-order", D(2023, 4, 3), D(2023, 4, 5), D(2023, 6, 1))
    assert kpi1(cache.cached_return(Q, TODAY)) == (2, 4)
    assert counted["return"] == 2


def test_linking_a_victim_to_an_offence_changes_kpi_10(service, counted):
    amy = Child.objects.get(pk=service["Amy"])
    before = cache.cached_return(Q, TODAY)["kpi10"].cell("victims", "total:end").numerator
    victim = VictimFactory(child=amy, offences=[], consent_to_contact=True)
    # a victim with no offence is not counted ...
    assert cache.cached_return(Q, TODAY)["kpi10"].cell("victims", "total:end").numerator == before
    # ... until linked to the offence the referral order dealt with (a many-to-many change)
    victim.offences.add(Offence.objects.get(child=amy))
    after = cache.cached_return(Q, TODAY)["kpi10"].cell("victims", "total:end").numerator
    assert after == before + 1
    assert counted["return"] == 3


def test_reference_data_the_figures_read_is_part_of_the_key(service, counted):
    first = cache.cached_return(Q, TODAY)
    foster = AccommodationType.objects.get(code="foster")
    foster.name = "Foster care (local authority)"
    foster.save()
    again = cache.cached_return(Q, TODAY)
    assert counted["return"] == 2
    assert first["kpi1"].row("type:foster").label != again["kpi1"].row("type:foster").label
    PopulationEstimate.objects.create(year=2022, children_10_17=120_000)
    cache.cached_return(Q, TODAY)
    assert counted["return"] == 3


def test_a_changed_setting_and_another_day_are_other_keys(service, counted, settings):
    cache.cached_return(Q, TODAY)
    settings.CHILDFIRST_KPI_ACCOMMODATION_ALL_SUITABLE = False
    cache.cached_return(Q, TODAY)
    cache.cached_return(Q, TODAY + dt.timedelta(days=1))
    assert counted["return"] == 3


def test_the_indicators_are_kept_and_changed_alike(service, counted):
    year = FinancialYear(2023)
    first = cache.cached_indicators(year, TODAY)
    cache.cached_indicators(year, TODAY)
    assert counted["indicators"] == 1
    hal = ChildFactory(first_name="Hal", date_of_birth=D(2008, 2, 1))
    theft = OffenceFactory(child=hal, code="theft", date=D(2023, 5, 1))
    order(hal, "referral-order", D(2023, 5, 20), D(2023, 5, 22), D(2023, 11, 1), [theft])
    again = cache.cached_indicators(year, TODAY)
    assert counted["indicators"] == 2
    assert (
        again.first_time_entrants.count.numerator == first.first_time_entrants.count.numerator + 1
    )


def test_the_figures_read_no_table_the_key_leaves_out(service):
    """Every table the return and indicators read is a child's record (whose changes
    raise the child's version) or reference data in the key: a new read elsewhere must
    be added to one of them, or a change to it would be answered from old figures."""
    with CaptureQueriesContext(connection) as captured:
        compute_return(Q, TODAY)
        compute_indicators(Q, TODAY)
        compute_indicators(FinancialYear(2023), TODAY)
        check_quarter(Q, TODAY)
    read = set()
    for query in captured.captured_queries:
        read.update(re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"]))
    from django.apps import apps

    tables = {apps.get_model(label)._meta.db_table for label in cache.CHILD_MODELS}
    tables |= {
        getattr(apps.get_model(label), field).through._meta.db_table
        for label, field in cache.CHILD_LINKS
    }
    tables |= {apps.get_model(label)._meta.db_table for label in cache.REFERENCE_MODELS}
    tables.add("accounts_team")  # the data-quality check's team names, in its key
    assert read, "no query was captured"
    assert read <= tables, read - tables


def test_the_kpi_pages_use_the_kept_return(service, client, counted):
    from childfirst.accounts.models import Role

    sign_in(client, UserFactory(roles=[(Role.SERVICE_MANAGER, None)]))
    got(client, "/performance/?period=2023Q1")
    worked_out = counted["return"]
    assert worked_out == 5  # the quarter and the four before it
    got(client, "/performance/?period=2023Q1")
    assert client.get("/performance/2023Q1/kpi1/").status_code == 200
    assert client.get("/performance/2023Q1/kpi1/children/?row=headline").status_code == 200
    assert counted["return"] == worked_out


def test_a_figures_version_is_kept_only_for_a_child_that_exists(service):
    amy = Child.objects.get(pk=service["Amy"])
    before = FiguresVersion.objects.filter(child=amy).values_list("version", flat=True).first()
    Victim.objects.filter(child=amy).first().save()
    after = FiguresVersion.objects.get(child=amy).version
    assert after == (before or 0) + 1


def test_the_data_quality_check_is_kept_and_sees_a_gap_filled(service):
    # Cal has no accommodation recorded at the start or end of his youth caution.
    before = kept_check(Q, TODAY)
    missing = [g for g in before.gaps if g.check == "accommodation-missing"]
    assert {g.child_id for g in missing} == {service["Cal"]}
    home(Child.objects.get(pk=service["Cal"]), "parents", D(2020, 1, 1))
    after = kept_check(Q, TODAY)
    assert not [g for g in after.gaps if g.check == "accommodation-missing"]


def test_a_renamed_team_is_shown_in_the_kept_check(service):
    from childfirst.accounts.models import Team

    cal = Child.objects.get(pk=service["Cal"])
    team = Team.objects.create(name="North")
    cal.team = team
    cal.save()
    assert kept_check(Q, TODAY).children[cal.pk].team == "North"
    team.name = "North and coast"
    team.save()
    assert kept_check(Q, TODAY).children[cal.pk].team == "North and coast"
