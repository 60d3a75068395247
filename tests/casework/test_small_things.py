"""The small things that tell a user the product is unfinished (issue 11, item 11)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse

from childfirst.audits import services as audit_services
from childfirst.audits.errors import AuditError
from childfirst.audits.services import Allocation
from childfirst.casework.selectors.chronology import chronology
from childfirst.casework.services import work as services
from tests.audits.conftest import auditor, build_audit, cases_of
from tests.casework.conftest import sign_in
from tests.casework.test_work_builders import (  # noqa: F401 (the fixture is used by pytest)
    fast_password_hashing,
    make_service,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


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


@pytest.mark.parametrize("who", ["service_manager", "auditor", "manager"])
def test_no_home_page_tells_a_web_user_to_run_a_command(client, service, who):
    sign_in(client, getattr(service, who))
    page = client.get(reverse("home")).content.decode()
    assert "command line" not in page
    assert "childfirst ratings" not in page


def test_allocation_errors_name_the_childs_reference_not_an_internal_id(db):
    lead, other = auditor(), auditor()
    audit = build_audit(lead, [other], court=1, fixed=False)
    (case,) = cases_of(audit)
    with pytest.raises(AuditError) as refused:
        audit_services.allocate_cases(
            actor=lead, audit=audit, allocations={case.pk: Allocation(other.pk, other.pk)}
        )
    message = str(refused.value)
    assert message.startswith(f"The case of {case.child.reference}: the moderator")
    assert f"case {case.pk}" not in message


def test_number_boxes_speak_plain_english(client, service):
    lead = auditor()
    sign_in(client, lead)
    response = client.post(
        reverse("audits:new"),
        {
            "name": "Spring",
            "framework": "hmip-youth-2021",
            "fieldwork_date_0": "1",
            "fieldwork_date_1": "3",
            "fieldwork_date_2": "2026",
            "latest_months": "500",
            "earliest_months": "x",
        },
    )
    page = response.content.decode()
    assert "Ensure this value" not in page
    assert "Latest disposal, in months before fieldwork must be 59 or less" in page
    assert "Earliest disposal, in months before fieldwork must be a whole number" in page


def test_the_dashboard_hides_its_progress_line_once_the_figures_have_come(client, service):
    sign_in(client, service.manager)
    response = client.get(reverse("performance:dashboard"))
    page = b"".join(response.streaming_content).decode()
    progress = page.index('<div class="cf-progress"')
    figures = page.index('<div class="cf-figures">')
    assert progress < figures
    # The progress block is immediately followed by the figures, which the stylesheet
    # uses to hide it.
    assert page[page.index("</div>", progress) + len("</div>") :].startswith(
        '<div class="cf-figures">'
    )
    css = (ROOT / "childfirst" / "static" / "childfirst" / "childfirst.css").read_text()
    assert ".cf-progress:has(+ .cf-figures)" in css
