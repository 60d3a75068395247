"""Assessments, plans, reviews and management oversight through the pages, as a
practitioner and a team manager would use them."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from childfirst.accounts.models import AccessLog
from childfirst.casework.models import (
    Assessment,
    Oversight,
    PillarAnalysis,
    Plan,
    PlanAction,
    Review,
    WorkStatus,
)
from childfirst.casework.services import work as services
from tests.casework.test_work_builders import (  # noqa: F401 (the fixture is used by pytest)
    PILLAR_TEXT,
    complete_assessment,
    complete_plan,
    fast_password_hashing,
    make_service,
)

pytestmark = pytest.mark.django_db

REF = "CF-000001"


@pytest.fixture
def service():
    return make_service()


def page(response) -> str:
    return html.unescape(response.content.decode())


def title_of(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.DOTALL)
    return " ".join(html.unescape(match.group(1)).split())


def date_fields(name: str, day: dt.date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def url(name: str, *args) -> str:
    return reverse(f"casework:{name}", args=args)


def test_urls():
    assert url("assessment_new", REF) == "/children/CF-000001/assessments/new/"
    assert url("assessment", REF, 4) == "/children/CF-000001/assessments/4/"
    assert url("assessment_step", REF, 4, "desistance") == (
        "/children/CF-000001/assessments/4/desistance/"
    )
    assert url("assessment_check", REF, 4) == "/children/CF-000001/assessments/4/check/"
    assert url("assessment_submit", REF, 4) == "/children/CF-000001/assessments/4/submit/"
    assert url("plan", REF, 4) == "/children/CF-000001/plans/4/"
    assert url("review", REF, 4) == "/children/CF-000001/reviews/4/"
    assert url("oversight", "plan", 4) == "/oversight/plan/4/"
    assert url("caseload") == "/caseload/"
    assert url("team") == "/team/"


# --- the whole workflow -----------------------------------------------------------------


def test_assessment_drafted_submitted_returned_amended_and_countersigned(client, service):
    today = dt.date.today()
    started = today - dt.timedelta(days=3)
    client.force_login(service.practitioner)

    # Start: which assessment.
    response = client.get(url("assessment_new", REF))
    assert response.status_code == 200
    assert "Which assessment are you starting?" in page(response)
    response = client.post(url("assessment_new", REF), {"kind": "assetplus"})
    assessment = Assessment.objects.get()
    assert assessment.intervention == service.intervention  # the child's only open one
    assert response["Location"] == url("assessment_step", REF, assessment.pk, "details")

    # Details: the dates.
    response = client.post(
        url("assessment_step", REF, assessment.pk, "details"),
        {**date_fields("started", started), **date_fields("completed", today)},
    )
    assert response["Location"] == url("assessment_step", REF, assessment.pk, "desistance")

    # The three pillars, one a page.
    steps = ["desistance", "safety-and-wellbeing", "risk-of-harm"]
    for step, (pillar, text) in zip(steps, PILLAR_TEXT.items(), strict=True):
        form = client.get(url("assessment_step", REF, assessment.pk, step))
        assert form.status_code == 200
        assert f'<h1 class="govuk-heading-l">{pillar.label}</h1>' in page(form)
        assert "The 4Ps formulation" in page(form)
        response = client.post(
            url("assessment_step", REF, assessment.pk, step),
            {
                "analysis": text,
                "strengths": f"Strengths for {step}",
                "predisposing": f"Predisposing for {step}",
                "child_views": f"Child's view on {step}",
                "parent_views": f"Mum's view on {step}",
            },
        )
        assert response.status_code == 302
    assert response["Location"] == url("assessment_step", REF, assessment.pk, "ratings")
    response = client.post(
        url("assessment_step", REF, assessment.pk, "ratings"),
        {
            "likelihood_of_reoffending": "medium",
            "risk_of_serious_harm": "high",
            "safety_and_wellbeing": "medium",
        },
    )
    assert response["Location"] == url("assessment_step", REF, assessment.pk, "victims")
    response = client.post(
        url("assessment_step", REF, assessment.pk, "victims"),
        {"victims_needs_and_wishes": "A letter of apology."},
    )
    assert response["Location"] == url("assessment_check", REF, assessment.pk)

    # Check your answers shows every pillar, with change links that come back here.
    check = client.get(url("assessment_check", REF, assessment.pk))
    text = page(check)
    assert "Check your answers before submitting your assessment" in text
    for pillar, analysis in PILLAR_TEXT.items():
        assert f'<h2 class="govuk-heading-m">{pillar.label}</h2>' in text
        assert analysis in text
    assert "Mum's view on risk-of-harm" in text
    assert "A letter of apology." in text
    assert "High" in text
    change = url("assessment_step", REF, assessment.pk, "risk-of-harm") + "?return=check"
    assert f'href="{change}"' in text
    assert f'action="{url("assessment_submit", REF, assessment.pk)}"' in text

    # A change from check your answers goes back to check your answers.
    response = client.post(change, {"analysis": PILLAR_TEXT[list(PILLAR_TEXT)[2]] + " Updated."})
    assert response["Location"] == url("assessment_check", REF, assessment.pk)
    assert PillarAnalysis.objects.get(
        assessment=assessment, pillar="risk_of_harm"
    ).analysis.endswith("Updated.")

    # Submit.
    response = client.post(url("assessment_submit", REF, assessment.pk))
    assert response["Location"] == url("assessment", REF, assessment.pk)
    assessment.refresh_from_db()
    assert assessment.status == WorkStatus.SUBMITTED
    detail = page(client.get(response["Location"]))
    assert "submitted for management oversight" in detail
    assert '<strong class="govuk-tag govuk-tag--blue">Awaiting oversight</strong>' in detail

    # The team manager sees it in the queue.
    client.force_login(service.manager)
    team = page(client.get(url("team")))
    assert "Alex Jones" in team
    oversight_url = url("oversight", "assessment", assessment.pk)
    assert f'href="{oversight_url}"' in team

    # Returning it without comments is an error, and nothing is saved.
    decide = client.get(oversight_url)
    assert decide.status_code == 200
    assert "Countersign or return the assessment" in page(decide)
    response = client.post(oversight_url, {"decision": "returned", "comments": "  "})
    assert response.status_code == 200
    assert title_of(response).startswith("Error: ")
    assert 'class="govuk-error-summary"' in page(response)
    assert '<a href="#id_comments">Enter what must change before you return it</a>' in page(
        response
    )
    assessment.refresh_from_db()
    assert assessment.status == WorkStatus.SUBMITTED
    assert not Oversight.objects.exists()

    # Returned with what must change.
    response = client.post(
        oversight_url,
        {"decision": "returned", "comments": "Add the victim's wish to meet Alex."},
    )
    assert response["Location"] == url("team")
    assert "You returned the assessment for Alex Jones" in page(client.get(url("team")))
    assessment.refresh_from_db()
    assert assessment.status == WorkStatus.RETURNED

    # The practitioner sees it returned, with the comments, on the caseload and the record.
    client.force_login(service.practitioner)
    caseload = page(client.get(url("caseload")))
    assert "Assessment returned for changes" in caseload
    assert "Add the victim's wish to meet Alex." in caseload
    assert "Tom Reed:" in caseload
    detail = page(client.get(url("assessment", REF, assessment.pk)))
    assert "Returned for changes" in detail
    assert "Add the victim's wish to meet Alex." in detail
    assert "Amend the assessment" in detail

    # Amend and resubmit.
    client.post(
        url("assessment_step", REF, assessment.pk, "victims") + "?return=check",
        {"victims_needs_and_wishes": "A letter, and to meet Alex with support."},
    )
    check = page(client.get(url("assessment_check", REF, assessment.pk)))
    assert "Resubmit for oversight" in check
    assert "Add the victim's wish to meet Alex." in check
    client.post(url("assessment_submit", REF, assessment.pk))
    assessment.refresh_from_db()
    assert assessment.status == WorkStatus.SUBMITTED

    # Countersigned.
    client.force_login(service.manager)
    response = client.post(oversight_url, {"decision": "countersigned", "comments": ""})
    assert response["Location"] == url("team")
    assessment.refresh_from_db()
    assert assessment.status == WorkStatus.COUNTERSIGNED
    decisions = list(assessment.oversight.order_by("decided_at").values_list("decision", flat=True))
    assert decisions == ["returned", "countersigned"]
    assert "Nothing is awaiting oversight." in page(client.get(url("team")))

    # The record shows the history of decisions; the history rows name who did what.
    detail = page(client.get(url("assessment", REF, assessment.pk)))
    assert '<strong class="govuk-tag govuk-tag--green">Countersigned</strong>' in detail
    assert "Add the victim's wish to meet Alex." in detail
    users = {h.history_user for h in assessment.history.all()}
    assert users == {service.practitioner, service.manager}
    assert {h.history_user for h in Oversight.history.all()} == {service.manager}
    assert {h.history_user for h in PillarAnalysis.history.all()} == {service.practitioner}
    # Every page of the child's work was a view of the child's record.
    assert AccessLog.objects.filter(child=service.child, user=service.manager).exists()
    assert (
        AccessLog.objects.filter(
            child=service.child, user=service.practitioner, path__contains="/assessments/"
        ).count()
        >= 10
    )


def test_save_and_come_back_later_keeps_the_draft(client, service):
    client.force_login(service.practitioner)
    assessment = complete_assessment(service.child, service.practitioner)
    response = client.post(
        url("assessment_step", REF, assessment.pk, "desistance"),
        {"analysis": "Half written", "save_and_return": "1"},
    )
    assert response["Location"] == url("assessment", REF, assessment.pk)
    followed = page(client.get(response["Location"]))
    assert "Your draft assessment has been saved" in followed
    assert "Continue the draft" in followed
    assert PillarAnalysis.objects.get(assessment=assessment, pillar="desistance").analysis == (
        "Half written"
    )
    # The caseload shows the draft.
    assert "Draft assessment" in page(client.get(url("caseload")))


def test_submitting_an_incomplete_assessment_lists_what_is_missing(client, service):
    client.force_login(service.practitioner)
    assessment = services.start_assessment(
        actor=service.practitioner,
        child=service.child,
        data={"kind": "assetplus", "started": dt.date.today()},
    )
    response = client.post(url("assessment_submit", REF, assessment.pk))
    assert response.status_code == 200
    text = page(response)
    assert title_of(response).startswith("Error: ")
    assert "There is a problem" in text
    details = url("assessment_step", REF, assessment.pk, "details") + "?return=check"
    assert f'<a href="{details}">Enter the date the assessment was completed</a>' in text
    assert "Enter the analysis for risk of harm to others" in text
    assert "Select the risk of serious harm rating" in text
    assessment.refresh_from_db()
    assert assessment.status == WorkStatus.DRAFT


def test_a_step_shows_govuk_errors_for_bad_dates(client, service):
    client.force_login(service.practitioner)
    assessment = complete_assessment(service.child, service.practitioner)
    before = Assessment.objects.get(pk=assessment.pk).completed
    response = client.post(
        url("assessment_step", REF, assessment.pk, "details"),
        {
            **date_fields("started", dt.date(2025, 3, 10)),
            **date_fields("completed", dt.date(2025, 3, 1)),
        },
    )
    assert response.status_code == 200
    assert title_of(response).startswith("Error: ")
    assert "The date completed must be the same as or after the start" in page(response)
    response = client.post(
        url("assessment_step", REF, assessment.pk, "details"),
        {
            "started_0": "31",
            "started_1": "2",
            "started_2": "2025",
            **date_fields("completed", None),
        },
    )
    assert "The date started must be a real date" in page(response)
    assert Assessment.objects.get(pk=assessment.pk).completed == before


def test_work_awaiting_oversight_cannot_be_changed_through_the_pages(client, service):
    client.force_login(service.practitioner)
    assessment = complete_assessment(service.child, service.practitioner)
    services.submit_for_oversight(actor=service.practitioner, work=assessment)
    response = client.post(
        url("assessment_step", REF, assessment.pk, "victims"),
        {"victims_needs_and_wishes": "Changed behind the manager's back"},
    )
    assert response["Location"] == url("assessment", REF, assessment.pk)
    assert "cannot be changed" in page(client.get(response["Location"]))
    assessment.refresh_from_db()
    assert assessment.victims_needs_and_wishes == "The victim wants a letter of apology."
    assert client.get(url("assessment_check", REF, assessment.pk)).status_code == 302


def test_an_unknown_step_is_not_found(client, service):
    client.force_login(service.practitioner)
    assessment = complete_assessment(service.child, service.practitioner)
    assert client.get(url("assessment_step", REF, assessment.pk, "nonsense")).status_code == 404
    assert client.get(url("assessment", REF, 99999)).status_code == 404
    # An assessment of another child is not found under this child's reference.
    assert client.get(url("plan", REF, assessment.pk)).status_code == 404


# --- who may decide ---------------------------------------------------------------------


@pytest.fixture
def submitted(service):
    assessment = complete_assessment(service.child, service.practitioner)
    services.submit_for_oversight(actor=service.practitioner, work=assessment)
    return assessment


@pytest.mark.parametrize("who", ["practitioner", "colleague", "south_manager", "auditor"])
def test_only_the_childs_manager_can_open_or_post_the_decision(client, service, submitted, who):
    client.force_login(getattr(service, who))
    oversight_url = url("oversight", "assessment", submitted.pk)
    assert client.get(oversight_url).status_code == 403
    response = client.post(oversight_url, {"decision": "countersigned", "comments": ""})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == WorkStatus.SUBMITTED
    assert not Oversight.objects.exists()


def test_the_author_cannot_countersign_their_own_work_through_the_page(client, service):
    plan = complete_plan(service.child, service.manager)
    services.submit_for_oversight(actor=service.manager, work=plan)
    client.force_login(service.manager)
    oversight_url = url("oversight", "plan", plan.pk)
    text = page(client.get(oversight_url))
    assert "You wrote this plan, so you cannot countersign or return it" in text
    assert 'name="decision"' not in text
    assert "Your own: another manager must countersign it" in page(client.get(url("team")))
    response = client.post(oversight_url, {"decision": "countersigned"})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == WorkStatus.SUBMITTED
    assert not Oversight.objects.exists()


def test_a_service_manager_can_decide(client, service, submitted):
    client.force_login(service.service_manager)
    response = client.post(
        url("oversight", "assessment", submitted.pk), {"decision": "countersigned"}
    )
    assert response["Location"] == url("assessment", REF, submitted.pk)
    submitted.refresh_from_db()
    assert submitted.status == WorkStatus.COUNTERSIGNED


def test_deciding_twice_does_not_add_a_second_decision(client, service, submitted):
    client.force_login(service.manager)
    client.post(url("oversight", "assessment", submitted.pk), {"decision": "countersigned"})
    response = client.post(
        url("oversight", "assessment", submitted.pk), {"decision": "returned", "comments": "x"}
    )
    assert response["Location"] == url("assessment", REF, submitted.pk)
    assert Oversight.objects.count() == 1


def test_the_detail_page_offers_the_manager_the_decision(client, service, submitted):
    client.force_login(service.manager)
    text = page(client.get(url("assessment", REF, submitted.pk)))
    assert f'href="{url("oversight", "assessment", submitted.pk)}"' in text
    client.force_login(service.practitioner)
    text = page(client.get(url("assessment", REF, submitted.pk)))
    assert url("oversight", "assessment", submitted.pk) not in text
    assert "awaiting management oversight" in text


def test_people_who_cannot_edit_the_child_cannot_start_work(client, service):
    client.force_login(service.auditor)
    assert (
        client.get(
            url("assessment", REF, complete_assessment(service.child, service.practitioner).pk)
        ).status_code
        == 200
    )  # auditors read
    assert client.get(url("assessment_new", REF)).status_code == 403
    assert client.post(url("plan_new", REF), {}).status_code == 403
    client.force_login(service.south_manager)
    assert client.get(url("child_work", REF)).status_code == 403


# --- plans and reviews ------------------------------------------------------------------


def test_plan_with_actions_added_changed_and_removed(client, service):
    client.force_login(service.practitioner)
    response = client.get(url("plan_new", REF))
    assert "When will the plan be reviewed?" in page(response)
    review_by = dt.date.today() + dt.timedelta(days=60)
    response = client.post(url("plan_new", REF), date_fields("review_due", review_by))
    plan = Plan.objects.get()
    assert plan.review_due == review_by
    assert response["Location"] == url("plan_actions", REF, plan.pk)
    assert "No actions for desistance yet" in page(client.get(response["Location"]))

    by_when = dt.date.today() + dt.timedelta(days=30)
    # An incomplete action is a GOV.UK error and adds nothing.
    response = client.post(url("plan_action_add", REF, plan.pk), {"pillar": "desistance"})
    assert response.status_code == 200
    text = page(response)
    assert "Enter the objective" in text and "Enter who will do it" in text
    assert not PlanAction.objects.exists()
    for pillar in ("desistance", "safety_and_wellbeing", "risk_of_harm"):
        response = client.post(
            url("plan_action_add", REF, plan.pk),
            {
                "pillar": pillar,
                "objective": f"Objective {pillar}",
                "action": f"Action {pillar}",
                "who": "Alex with Priya",
                **date_fields("by_when", by_when),
            },
        )
        assert response["Location"] == url("plan_actions", REF, plan.pk)
    actions = page(client.get(url("plan_actions", REF, plan.pk)))
    assert "Objective risk_of_harm" in actions and "Action added" in actions

    action = PlanAction.objects.get(pillar="risk_of_harm")
    client.post(
        url("plan_action", REF, plan.pk, action.pk),
        {
            "pillar": "risk_of_harm",
            "objective": "Keep the victim safe",
            "action": "No contact",
            "who": "Alex",
            **date_fields("by_when", by_when),
        },
    )
    assert PlanAction.objects.get(pk=action.pk).objective == "Keep the victim safe"
    confirm = client.get(url("plan_action_remove", REF, plan.pk, action.pk))
    assert "Are you sure you want to remove this action?" in page(confirm)
    client.post(url("plan_action_remove", REF, plan.pk, action.pk))
    assert not PlanAction.objects.filter(pk=action.pk).exists()

    client.post(
        url("plan_step", REF, plan.pk, "contingency"),
        {"contingency_safety": "Call the duty team", "contingency_risk": "Tell the police"},
    )
    response = client.post(
        url("plan_step", REF, plan.pk, "child-version"),
        {"child_version": "I will go to college."},
    )
    assert response["Location"] == url("plan_check", REF, plan.pk)
    check = page(client.get(response["Location"]))
    assert "Objective desistance" in check and "I will go to college." in check
    assert "No actions yet" in check  # risk of harm, since removed

    response = client.post(url("plan_submit", REF, plan.pk))
    assert response.status_code == 200
    assert "Add an action for risk of harm to others" in page(response)
    plan.refresh_from_db()
    assert plan.status == WorkStatus.DRAFT

    client.post(
        url("plan_action_add", REF, plan.pk),
        {
            "pillar": "risk_of_harm",
            "objective": "Keep the victim safe",
            "action": "No contact",
            "who": "Alex",
            **date_fields("by_when", by_when),
        },
    )
    client.post(url("plan_submit", REF, plan.pk))
    plan.refresh_from_db()
    assert plan.status == WorkStatus.SUBMITTED
    # Actions cannot be changed while it awaits oversight.
    remaining = plan.actions.first()
    client.post(url("plan_action_remove", REF, plan.pk, remaining.pk))
    assert PlanAction.objects.filter(pk=remaining.pk).exists()


def test_review_through_the_pages(client, service):
    client.force_login(service.practitioner)
    response = client.post(
        url("review_new", REF),
        {**date_fields("date", dt.date.today()), "trigger": "custody_move"},
    )
    review = Review.objects.get()
    assert review.trigger == "custody_move"
    assert response["Location"] == url("review_step", REF, review.pk, "changes")
    client.post(
        url("review_step", REF, review.pk, "changes"),
        {
            "desistance_changes": "New college place",
            "safety_changes": "Settled in new home",
            "risk_changes": "No change",
        },
    )
    response = client.post(
        url("review_step", REF, review.pk, "plan"), {"plan_changes": "Adds mentoring"}
    )
    assert response["Location"] == url("review_check", REF, review.pk)
    check = page(client.get(response["Location"]))
    assert "Move into or out of custody" in check and "Adds mentoring" in check
    client.post(url("review_submit", REF, review.pk))
    review.refresh_from_db()
    assert review.status == WorkStatus.SUBMITTED


def test_a_new_review_needs_a_date_and_a_reason(client, service):
    client.force_login(service.practitioner)
    response = client.post(url("review_new", REF), date_fields("date", None))
    text = page(response)
    assert "Enter the date of the review" in text and "Select why it is reviewed" in text
    assert not Review.objects.exists()


def test_a_child_with_two_open_interventions_is_asked_which(client, service):
    from tests.casework.test_work_builders import make_intervention

    second = make_intervention(service.child, service.practitioner, dt.date.today(), "intensive")
    client.force_login(service.practitioner)
    form = page(client.get(url("assessment_new", REF)))
    assert "Which intervention is this for?" in form
    response = client.post(url("assessment_new", REF), {"kind": "assetplus"})
    assert "Select which intervention this is for" in page(response)
    client.post(url("assessment_new", REF), {"kind": "pdat", "intervention": second.pk})
    assert Assessment.objects.get().intervention == second


def test_the_childs_work_page_shows_returned_comments_and_what_awaits(client, service):
    returned = complete_assessment(service.child, service.practitioner)
    services.submit_for_oversight(actor=service.practitioner, work=returned)
    services.decide_oversight(
        actor=service.manager, work=returned, decision="returned", comments="Redo it"
    )
    plan = complete_plan(service.child, service.practitioner)
    services.submit_for_oversight(actor=service.practitioner, work=plan)
    client.force_login(service.practitioner)
    text = page(client.get(url("child_work", REF)))
    assert "Redo it" in text
    assert "returned by Tom Reed" in text
    assert "1 awaiting management oversight" in text
    assert '<strong class="govuk-tag govuk-tag--red">Returned for changes</strong>' in text
    assert '<strong class="govuk-tag govuk-tag--blue">Awaiting oversight</strong>' in text
    assert "Start an assessment" in text
