"""The small things that tell a user the product is unfinished (issue 11, item 11)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from childfirst.casework.selectors.chronology import chronology
from childfirst.casework.services import work as services
from tests.casework.conftest import sign_in
from tests.casework.test_work_builders import (  # noqa: F401 (the fixture is used by pytest)
    fast_password_hashing,
    make_service,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return make_service()


def test_the_chronology_says_assessment_once(service):
    services.start_assessment(
        actor=service.practitioner,
        child=service.child,
        data={"kind": "pdat", "started": dt.date.today()},
    )
    (entry,) = chronology(service.child, ["assessments"])
    assert entry.what == "Prevention and diversion assessment started"


def test_come_back_to_this_plan_later_goes_to_the_plan(client, service):
    plan = services.start_plan(actor=service.practitioner, child=service.child, data={})
    sign_in(client, service.practitioner)
    page = client.get(
        reverse("casework:plan_actions", args=[service.child.reference, plan.pk])
    ).content.decode()
    link = re.search(r'<a class="govuk-link" href="([^"]*)">Come back to this plan later</a>', page)
    assert link is not None
    assert link[1] == reverse("casework:plan", args=[service.child.reference, plan.pk])
