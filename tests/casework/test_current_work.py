"""The child's current risk picture comes from countersigned work, never from a draft
(issue 11, item 1); starting work resumes a draft, and an author can discard their own
draft (item 2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from childfirst.casework.errors import CaseworkError, NotAllowed
from childfirst.casework.models import Assessment, Plan, Review, WorkStatus
from childfirst.casework.services import work as services
from tests.casework.conftest import sign_in, text_of
from tests.casework.test_work_builders import (  # noqa: F401 (the fixture is used by pytest)
    complete_assessment,
    complete_plan,
    complete_review,
    fast_password_hashing,
    make_service,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def service():
    return make_service()


def countersign(work, manager, practitioner):
    services.submit_for_oversight(actor=practitioner, work=work)
    services.decide_oversight(actor=manager, work=work, decision="countersigned")
    return type(work).objects.get(pk=work.pk)


def record_page(client, service) -> str:
    response = sign_in(client, service.practitioner).get(
        reverse("casework:child", args=[service.child.reference])
    )
    assert response.status_code == 200
    return text_of(response)


def low_assessment(service) -> Assessment:
    work = complete_assessment(service.child, service.practitioner)
    services.update_assessment(
        actor=service.practitioner,
        assessment=work,
        data={
            "likelihood_of_reoffending": "low",
            "risk_of_serious_harm": "low",
            "safety_and_wellbeing": "low",
        },
    )
    return countersign(work, service.manager, service.practitioner)


# --- item 1: the current picture ---------------------------------------------------------


def test_a_new_draft_leaves_the_countersigned_ratings_and_analysis_in_place(client, service):
    low_assessment(service)
    draft = services.start_assessment(
        actor=service.practitioner,
        child=service.child,
        data={"kind": "assetplus", "started": TODAY},
    )
    page = record_page(client, service)
    assert "Likelihood of reoffending Low" in page
    assert "Risk of serious harm Low" in page
    assert "Safety and wellbeing Low" in page
    assert "Not rated" not in page
    assert f"Countersigned on {TODAY.day} {TODAY:%B %Y}" in page
    assert "Exploitation concerns around older peers" in page  # the countersigned analysis
    assert "No countersigned analysis" not in page
    # The draft is in progress, linked, and not the current assessment.
    assert f"In progress {draft} (draft)" in page


def test_a_drafts_text_is_never_shown_as_the_current_risk(client, service):
    low_assessment(service)
    draft = services.start_assessment(
        actor=service.practitioner,
        child=service.child,
        data={"kind": "assetplus", "started": TODAY, "risk_of_serious_harm": "very_high"},
    )
    services.update_pillar_analysis(
        actor=service.practitioner,
        assessment=draft,
        pillar="risk_of_harm",
        data={"analysis": "DRAFT THINKING NOT YET AGREED"},
    )
    page = record_page(client, service)
    assert "DRAFT THINKING NOT YET AGREED" not in page
    assert "Risk of serious harm Very high" not in page
    assert "Risk of serious harm Low" in page


def test_with_only_a_draft_the_record_says_nothing_is_countersigned_yet(client, service):
    services.start_assessment(
        actor=service.practitioner,
        child=service.child,
        data={"kind": "assetplus", "started": TODAY, "risk_of_serious_harm": "high"},
    )
    page = record_page(client, service)
    assert "Risk of serious harm No countersigned assessment yet" in page
    assert "No countersigned analysis of safety and wellbeing" in page


def test_returned_and_submitted_work_are_in_progress_not_current(client, service):
    low_assessment(service)
    second = complete_assessment(service.child, service.practitioner)
    services.update_assessment(
        actor=service.practitioner, assessment=second, data={"risk_of_serious_harm": "high"}
    )
    services.submit_for_oversight(actor=service.practitioner, work=second)
    page = record_page(client, service)
    assert "Risk of serious harm Low" in page
    assert "awaiting oversight" in page
    services.decide_oversight(
        actor=service.manager, work=second, decision="returned", comments="More on the risk"
    )
    page = record_page(client, service)
    assert "Risk of serious harm Low" in page
    assert "returned for changes" in page


def test_the_contingencies_come_from_the_countersigned_plan_and_the_last_review(client, service):
    plan = countersign(
        complete_plan(service.child, service.practitioner),
        service.manager,
        service.practitioner,
    )
    draft_plan = services.start_plan(actor=service.practitioner, child=service.child, data={})
    services.update_plan(
        actor=service.practitioner,
        plan=draft_plan,
        data={"contingency_safety": "A DRAFT CONTINGENCY"},
    )
    review = countersign(
        complete_review(service.child, service.practitioner, date=TODAY - dt.timedelta(days=2)),
        service.manager,
        service.practitioner,
    )
    services.start_review(
        actor=service.practitioner,
        child=service.child,
        data={"date": TODAY, "trigger": "significant_change"},
    )
    page = record_page(client, service)
    assert "Call the duty social worker." in page  # the countersigned plan's
    assert "A DRAFT CONTINGENCY" not in page
    assert f"From the countersigned plan of {plan.created_at:%-d %B %Y}" in page
    assert f"Last review {review}" in page


# --- item 2: drafts do not pile up ---------------------------------------------------------


def test_starting_work_when_a_draft_exists_resumes_the_draft(client, service):
    first = services.start_assessment(
        actor=service.practitioner,
        child=service.child,
        data={"kind": "assetplus", "started": TODAY},
    )
    sign_in(client, service.colleague)
    new_url = reverse("casework:assessment_new", args=[service.child.reference])
    response = client.get(new_url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "casework:assessment", args=[service.child.reference, first.pk]
    )
    assert "There is already a draft assessment" in text_of(response)
    response = client.post(new_url, {"kind": "assetplus", "started_0": "1"}, follow=True)
    assert Assessment.objects.filter(child=service.child).count() == 1


@pytest.mark.parametrize("kind", ["assessment", "plan", "review"])
def test_the_service_refuses_a_second_draft_of_the_same_kind(service, kind):
    start = {
        "assessment": lambda: services.start_assessment(
            actor=service.practitioner,
            child=service.child,
            data={"kind": "assetplus", "started": TODAY},
        ),
        "plan": lambda: services.start_plan(
            actor=service.practitioner, child=service.child, data={}
        ),
        "review": lambda: services.start_review(
            actor=service.practitioner,
            child=service.child,
            data={"date": TODAY, "trigger": "scheduled"},
        ),
    }[kind]
    first = start()
    with pytest.raises(CaseworkError, match=f"already a draft {kind}"):
        start()
    model = {"assessment": Assessment, "plan": Plan, "review": Review}[kind]
    assert list(model.objects.filter(child=service.child)) == [first]


def test_the_author_can_discard_their_own_draft_and_the_history_keeps_it(client, service):
    draft = services.start_assessment(
        actor=service.practitioner,
        child=service.child,
        data={"kind": "assetplus", "started": TODAY},
    )
    with pytest.raises(NotAllowed):
        services.discard_draft(actor=service.colleague, work=draft)
    with pytest.raises(NotAllowed):
        services.discard_draft(actor=service.manager, work=draft)
    assert Assessment.objects.filter(pk=draft.pk).exists()

    sign_in(client, service.practitioner)
    detail = reverse("casework:assessment", args=[service.child.reference, draft.pk])
    discard = reverse("casework:assessment_discard", args=[service.child.reference, draft.pk])
    assert "Discard this draft" in text_of(client.get(detail))
    assert "Are you sure" in text_of(client.get(discard))
    response = client.post(discard, follow=True)
    assert "Draft assessment discarded" in text_of(response)
    assert not Assessment.objects.filter(pk=draft.pk).exists()
    deleted = Assessment.history.filter(id=draft.pk, history_type="-").get()
    assert deleted.history_user == service.practitioner
    history = text_of(client.get(reverse("casework:history", args=[service.child.reference])))
    assert "Deleted: Assessment" in history
    # And a new one can be started.
    services.start_assessment(
        actor=service.practitioner,
        child=service.child,
        data={"kind": "assetplus", "started": TODAY},
    )


def test_only_a_draft_can_be_discarded(client, service):
    work = complete_assessment(service.child, service.practitioner)
    services.submit_for_oversight(actor=service.practitioner, work=work)
    with pytest.raises(CaseworkError, match="Only a draft"):
        services.discard_draft(actor=service.practitioner, work=work)
    services.decide_oversight(
        actor=service.manager, work=work, decision="returned", comments="More please"
    )
    with pytest.raises(CaseworkError, match="Only a draft"):
        services.discard_draft(actor=service.practitioner, work=work)
    assert Assessment.objects.get(pk=work.pk).status == WorkStatus.RETURNED
    sign_in(client, service.practitioner)
    detail = reverse("casework:assessment", args=[service.child.reference, work.pk])
    assert "Discard this draft" not in text_of(client.get(detail))
