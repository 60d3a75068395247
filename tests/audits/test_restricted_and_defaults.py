"""Restricted records no longer break an audit (issue 11, item 5), and a new audit
follows the framework in force (item 10)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from childfirst.audits import services
from childfirst.audits.models import AuditCase
from childfirst.domain.inspection.framework import framework_in_force, load_framework
from tests.audits.conftest import COURT_CODE, FIELDWORK, FRAMEWORK_ID, auditor, disposal
from tests.casework.conftest import sign_in, text_of
from tests.casework.factories import ChildFactory, TeamFactory, manager_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return TeamFactory(name="North")


def make(team, restricted: int, open_: int):
    on = FIELDWORK - dt.timedelta(days=200)
    for n in range(restricted):
        child = ChildFactory(team=team, last_name=f"Hidden{n}", restricted=True)
        child.restricted_to.set([manager_of(team)])
        disposal(child, COURT_CODE, on)
    for n in range(open_):
        disposal(ChildFactory(team=team, last_name=f"Open{n}"), COURT_CODE, on)


def create(lead, **changes):
    return services.create_audit(
        **{
            "actor": lead,
            "name": "Spring",
            "framework": FRAMEWORK_ID,
            "fieldwork_date": FIELDWORK,
            "lead": lead,
            "auditors": [],
            "latest_months": 5,
            "earliest_months": 12,
            **changes,
        }
    )


def test_restricted_records_are_left_out_and_counted(client, team):
    make(team, restricted=2, open_=3)
    lead = auditor()
    audit = create(lead)
    cases = AuditCase.objects.filter(audit=audit)
    assert cases.count() == 3
    assert not cases.filter(child__restricted=True).exists()
    assert audit.restricted_left_out == 2
    sign_in(client, lead)
    for url in (
        reverse("audits:population", args=[audit.pk]),
        reverse("audits:detail", args=[audit.pk]),
    ):
        page = text_of(client.get(url))
        assert "2 eligible disposals of restricted records were left out" in page


def test_the_lead_can_include_them(team):
    make(team, restricted=2, open_=3)
    audit = create(auditor(), include_restricted=True)
    assert AuditCase.objects.filter(audit=audit).count() == 5
    assert audit.restricted_left_out == 0 and audit.include_restricted


def test_the_create_page_offers_the_choice_and_defaults_to_the_framework_in_force(client):
    lead = auditor()
    sign_in(client, lead)
    response = client.get(reverse("audits:new"))
    page = response.content.decode()
    assert "Include restricted records" in page
    current = framework_in_force(dt.date.today())
    assert current == "hmip-youth-2021"
    assert f'<option value="{current}" selected>' in page
    assert "govuk-!-width-full" in page


def test_the_framework_in_force_on_a_day():
    assert framework_in_force(dt.date(2019, 5, 1)) == "hmip-youth-2018"
    assert framework_in_force(dt.date(2021, 6, 1)) == "hmip-youth-2021"
    assert load_framework(framework_in_force(dt.date(2030, 1, 1))).in_force_to is None
