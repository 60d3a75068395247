"""Assessments, plans and reviews and their oversight, through the service layer."""

import datetime as dt

import pytest

from childfirst.casework.errors import CaseworkError
from childfirst.casework.models import (
    Assessment,
    Oversight,
    PillarAnalysis,
    Plan,
    PlanAction,
    WorkStatus,
)
from childfirst.casework.selectors import work as work_selectors
from childfirst.casework.services import work as services
from childfirst.domain.pillars import Pillar
from tests.casework.test_work_builders import (  # noqa: F401 (the fixture is used by pytest)
    complete_assessment,
    complete_plan,
    complete_review,
    fast_password_hashing,
    make_service,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return make_service()


# --- drafting ---------------------------------------------------------------------------


def test_starting_an_assessment_makes_a_draft_with_three_pillars(service):
    assessment = services.start_assessment(
        actor=service.practitioner,
        child=service.child,
        intervention=service.intervention,
        data={"kind": "assetplus", "started": service.intervention.start},
    )
    assert assessment.status == WorkStatus.DRAFT
    assert assessment.author == service.practitioner
    assert sorted(assessment.pillars.values_list("pillar", flat=True)) == sorted(
        p.value for p in Pillar
    )
    created = assessment.history.get()
    assert created.history_type == "+"
    assert created.history_user == service.practitioner


def test_each_pillar_is_saved_separately_with_its_author_in_the_history(service):
    assessment = services.start_assessment(
        actor=service.practitioner,
        child=service.child,
        data={"kind": "pdat", "started": dt.date(2025, 1, 6)},
    )
    services.update_pillar_analysis(
        actor=service.colleague,
        assessment=assessment,
        pillar=Pillar.RISK_OF_HARM,
        data={
            "analysis": "Low risk",
            "predisposing": "Family conflict",
            "child_views": "It was a mistake",
        },
    )
    analysis = PillarAnalysis.objects.get(assessment=assessment, pillar="risk_of_harm")
    assert (analysis.analysis, analysis.predisposing, analysis.child_views) == (
        "Low risk",
        "Family conflict",
        "It was a mistake",
    )
    assert analysis.history.first().history_user == service.colleague
    # The other pillars are untouched.
    assert PillarAnalysis.objects.get(assessment=assessment, pillar="desistance").analysis == ""


def test_an_unknown_field_is_refused(service):
    assessment = complete_assessment(service.child, service.practitioner)
    with pytest.raises(ValueError, match="status"):
        services.update_assessment(
            actor=service.practitioner, assessment=assessment, data={"status": "countersigned"}
        )


def test_completion_before_the_start_is_refused(service):
    assessment = complete_assessment(service.child, service.practitioner)
    with pytest.raises(CaseworkError):
        services.update_assessment(
            actor=service.practitioner,
            assessment=assessment,
            data={"completed": assessment.started - dt.timedelta(days=1)},
        )


def test_someone_who_cannot_edit_the_child_cannot_start_work(service):
    with pytest.raises(services.NotAllowed):
        services.start_assessment(
            actor=service.auditor,
            child=service.child,
            data={"kind": "assetplus", "started": dt.date.today()},
        )
    with pytest.raises(services.NotAllowed):
        services.start_plan(actor=service.south_manager, child=service.child, data={})
    assert not Assessment.objects.exists() and not Plan.objects.exists()


def test_an_intervention_of_another_child_is_refused(service):
    from tests.casework.test_work_builders import make_child, make_intervention

    other = make_child(service.north)
    other_intervention = make_intervention(other, service.practitioner, dt.date(2025, 1, 1))
    with pytest.raises(CaseworkError):
        services.start_review(
            actor=service.practitioner,
            child=service.child,
            intervention=other_intervention,
            data={"date": dt.date.today(), "trigger": "scheduled"},
        )


# --- what must be answered before submitting ---------------------------------------------


def test_an_incomplete_assessment_cannot_be_submitted(service):
    assessment = services.start_assessment(
        actor=service.practitioner,
        child=service.child,
        data={"kind": "assetplus", "started": dt.date.today()},
    )
    with pytest.raises(services.Incomplete) as raised:
        services.submit_for_oversight(actor=service.practitioner, work=assessment)
    steps = [p.step for p in raised.value.problems]
    assert steps == [
        "details",
        "desistance",
        "safety-and-wellbeing",
        "risk-of-harm",
        "ratings",
        "ratings",
        "ratings",
    ]
    assessment.refresh_from_db()
    assert assessment.status == WorkStatus.DRAFT
    assert assessment.submitted_at is None


def test_a_pdat_needs_only_the_safety_and_wellbeing_rating(service):
    assessment = complete_assessment(service.child, service.practitioner)
    services.update_assessment(
        actor=service.practitioner,
        assessment=assessment,
        data={"kind": "pdat", "likelihood_of_reoffending": "", "risk_of_serious_harm": ""},
    )
    assert work_selectors.submission_problems(Assessment.objects.get(pk=assessment.pk)) == []
    services.update_assessment(
        actor=service.practitioner, assessment=assessment, data={"kind": "assetplus"}
    )
    problems = work_selectors.submission_problems(Assessment.objects.get(pk=assessment.pk))
    assert [p.message for p in problems] == [
        "Select the likelihood of reoffending rating",
        "Select the risk of serious harm rating",
    ]


def test_a_plan_needs_an_action_for_each_pillar_contingencies_and_the_childs_words(service):
    plan = services.start_plan(actor=service.practitioner, child=service.child, data={})
    services.add_plan_action(
        actor=service.practitioner,
        plan=plan,
        data={
            "pillar": "desistance",
            "objective": "College",
            "action": "Enrol",
            "who": "Alex",
            "by_when": dt.date.today() + dt.timedelta(days=270),
        },
    )
    messages = [p.message for p in work_selectors.plan_problems(plan)]
    assert messages == [
        "Enter the date the plan will be reviewed by",
        "Add an action for safety and wellbeing",
        "Add an action for risk of harm to others",
        "Enter the contingency arrangements for keeping the child safe",
        "Enter the contingency arrangements for keeping other people safe",
        "Enter the plan in the child's own words",
    ]


def test_a_review_needs_what_changed_for_each_pillar_and_what_the_plan_does(service):
    review = services.start_review(
        actor=service.practitioner,
        child=service.child,
        data={
            "date": dt.date.today(),
            "trigger": "significant_change",
            "desistance_changes": "Back at school",
        },
    )
    assert [p.step for p in work_selectors.review_problems(review)] == [
        "changes",
        "changes",
        "plan",
    ]


# --- plan actions -----------------------------------------------------------------------


def test_plan_actions_are_added_changed_and_removed_with_history(service):
    plan = complete_plan(service.child, service.practitioner)
    action = plan.actions.get(pillar="desistance")
    services.update_plan_action(
        actor=service.colleague, action=action, data={"who": "Alex and his mum"}
    )
    assert PlanAction.objects.get(pk=action.pk).who == "Alex and his mum"
    services.remove_plan_action(actor=service.practitioner, action=action)
    assert not PlanAction.objects.filter(pk=action.pk).exists()
    deleted = PlanAction.history.filter(id=action.pk, history_type="-").get()
    assert deleted.history_user == service.practitioner
    assert [p.message for p in work_selectors.plan_problems(plan)] == [
        "Add an action for desistance"
    ]


# --- the oversight workflow -------------------------------------------------------------


def test_the_whole_workflow_submit_return_amend_resubmit_countersign(service):
    assessment = complete_assessment(service.child, service.practitioner)

    services.submit_for_oversight(actor=service.practitioner, work=assessment)
    assessment.refresh_from_db()
    assert assessment.status == WorkStatus.SUBMITTED
    first_submission = assessment.submitted_at
    assert first_submission is not None

    # Awaiting oversight, it cannot be changed.
    with pytest.raises(services.NotEditable):
        services.update_assessment(
            actor=service.practitioner, assessment=assessment, data={"completed": None}
        )
    with pytest.raises(services.NotEditable):
        services.update_pillar_analysis(
            actor=service.practitioner,
            assessment=assessment,
            pillar=Pillar.DESISTANCE,
            data={"analysis": "x"},
        )

    returned = services.decide_oversight(
        actor=service.manager,
        work=assessment,
        decision="returned",
        comments="Say more about the victim's wishes.",
    )
    assessment.refresh_from_db()
    assert assessment.status == WorkStatus.RETURNED
    assert (returned.decision, returned.manager, returned.assessment) == (
        "returned",
        service.manager,
        assessment,
    )

    services.update_assessment(
        actor=service.practitioner,
        assessment=assessment,
        data={"victims_needs_and_wishes": "The victim wants a letter and to meet, with support."},
    )
    services.submit_for_oversight(actor=service.practitioner, work=assessment)
    assessment.refresh_from_db()
    assert assessment.status == WorkStatus.SUBMITTED
    assert assessment.submitted_at > first_submission

    countersigned = services.decide_oversight(
        actor=service.manager, work=assessment, decision="countersigned"
    )
    assessment.refresh_from_db()
    assert assessment.status == WorkStatus.COUNTERSIGNED
    assert list(assessment.oversight.order_by("decided_at", "pk")) == [returned, countersigned]
    assert countersigned.comments == ""

    # Each status change is in the history, with who made it.
    statuses = [
        (h.status, h.history_user)
        for h in assessment.history.order_by("history_date", "history_id")
        if h.prev_record is None or h.prev_record.status != h.status
    ]
    assert statuses == [
        ("draft", service.practitioner),
        ("submitted", service.practitioner),
        ("returned", service.manager),
        ("submitted", service.practitioner),
        ("countersigned", service.manager),
    ]
    assert {h.history_user for h in Oversight.history.all()} == {service.manager}

    # Countersigned work is settled.
    with pytest.raises(services.NotEditable):
        services.submit_for_oversight(actor=service.practitioner, work=assessment)
    with pytest.raises(services.NotEditable):
        services.decide_oversight(
            actor=service.manager, work=assessment, decision="returned", comments="x"
        )


@pytest.mark.parametrize("builder", [complete_plan, complete_review])
def test_plans_and_reviews_are_overseen_the_same_way(service, builder):
    work = builder(service.child, service.practitioner)
    services.submit_for_oversight(actor=service.practitioner, work=work)
    services.decide_oversight(
        actor=service.service_manager, work=work, decision="returned", comments="More"
    )
    work.refresh_from_db()
    assert work.status == WorkStatus.RETURNED
    services.submit_for_oversight(actor=service.practitioner, work=work)
    services.decide_oversight(actor=service.manager, work=work, decision="countersigned")
    work.refresh_from_db()
    assert work.status == WorkStatus.COUNTERSIGNED
    assert work.oversight.count() == 2


def test_a_draft_cannot_be_countersigned(service):
    assessment = complete_assessment(service.child, service.practitioner)
    with pytest.raises(services.NotEditable):
        services.decide_oversight(actor=service.manager, work=assessment, decision="countersigned")
    assert not Oversight.objects.exists()


@pytest.mark.parametrize("comments", ["", "   \n "])
def test_returning_needs_comments_and_changes_nothing_without_them(service, comments):
    assessment = complete_assessment(service.child, service.practitioner)
    services.submit_for_oversight(actor=service.practitioner, work=assessment)
    with pytest.raises(CaseworkError, match="what must change"):
        services.decide_oversight(
            actor=service.manager, work=assessment, decision="returned", comments=comments
        )
    assessment.refresh_from_db()
    assert assessment.status == WorkStatus.SUBMITTED
    assert not Oversight.objects.exists()


@pytest.mark.parametrize("who", ["practitioner", "colleague", "south_manager", "auditor"])
def test_only_the_childs_team_manager_or_a_service_manager_can_decide(service, who):
    assessment = complete_assessment(service.child, service.practitioner)
    services.submit_for_oversight(actor=service.practitioner, work=assessment)
    with pytest.raises(services.NotAllowed):
        services.decide_oversight(
            actor=getattr(service, who), work=assessment, decision="countersigned"
        )
    assessment.refresh_from_db()
    assert assessment.status == WorkStatus.SUBMITTED
    assert not Oversight.objects.exists()


def test_the_author_cannot_countersign_their_own_work(service):
    # A manager writes a plan; they cannot countersign it, another manager can.
    plan = complete_plan(service.child, service.manager)
    services.submit_for_oversight(actor=service.manager, work=plan)
    with pytest.raises(services.NotAllowed, match="another manager"):
        services.decide_oversight(actor=service.manager, work=plan, decision="countersigned")
    with pytest.raises(services.NotAllowed):
        services.decide_oversight(
            actor=service.manager, work=plan, decision="returned", comments="Mine"
        )
    assert not Oversight.objects.exists()
    services.decide_oversight(actor=service.service_manager, work=plan, decision="countersigned")
    plan.refresh_from_db()
    assert plan.status == WorkStatus.COUNTERSIGNED


def test_a_failed_status_change_leaves_no_oversight_row(service, monkeypatch):
    """The decision and the status change are one transaction."""
    assessment = complete_assessment(service.child, service.practitioner)
    services.submit_for_oversight(actor=service.practitioner, work=assessment)
    real_save = services._save

    def failing_save(obj, actor):
        if isinstance(obj, Assessment):
            raise RuntimeError("the database went away")
        real_save(obj, actor)

    monkeypatch.setattr(services, "_save", failing_save)
    with pytest.raises(RuntimeError):
        services.decide_oversight(actor=service.manager, work=assessment, decision="countersigned")
    assert not Oversight.objects.exists()
    assessment.refresh_from_db()
    assert assessment.status == WorkStatus.SUBMITTED


def test_reviews_and_submission_are_in_the_history(service):
    review = complete_review(service.child, service.practitioner)
    services.submit_for_oversight(actor=service.colleague, work=review)
    latest = review.history.first()
    assert latest.status == WorkStatus.SUBMITTED
    assert latest.history_user == service.colleague
