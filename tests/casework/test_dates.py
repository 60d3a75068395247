"""Every date is checked against a plausible range and the case's own bounds
(issue 11, item 3): refused with a message naming the date and the reason, by the
form and by the service alike, and the ranges are settings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from childfirst.casework.errors import CaseworkError
from childfirst.casework.models import Child, Contact, OffenceType, OutcomeType, PlanAction
from childfirst.casework.services import records as record_services
from childfirst.casework.services import work as work_services
from tests.casework.conftest import date_input, error_summary, sign_in
from tests.casework.factories import (
    ChildFactory,
    InterventionFactory,
    OffenceFactory,
    OutcomeFactory,
    TeamFactory,
    practitioner_of,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def north():
    return TeamFactory(name="North")


@pytest.fixture
def practitioner(north):
    return practitioner_of(north, first_name="Priya", last_name="Shah")


@pytest.fixture
def child(north):
    """Born in 2012, on a referral order that started this year."""
    return ChildFactory(team=north, date_of_birth=dt.date(2012, 4, 2))


@pytest.fixture
def order(child, practitioner):
    start = TODAY - dt.timedelta(days=60)
    offence = OffenceFactory(child=child, date=start - dt.timedelta(days=40))
    outcome = OutcomeFactory(
        child=child, code="referral-order", date=start - dt.timedelta(days=10), offences=[offence]
    )
    return InterventionFactory(child=child, outcome=outcome, case_manager=practitioner, start=start)


def long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def errors_of(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return [message for _, message in error_summary(response)]


# --- the case's own bounds -----------------------------------------------------------------


def test_a_contact_long_before_its_order_is_refused_by_form_and_service(
    client, practitioner, child, order
):
    sign_in(client, practitioner)
    data = {
        "intervention": order.pk,
        **date_input("date", dt.date(1990, 1, 1)),
        "time": "10:00",
        "duration_minutes": "30",
        "kind": "phone",
        "outcome": "attended",
    }
    response = client.post(reverse("casework:contact_new", args=[child.reference]), data)
    assert (
        "The date of the contact must be on or after 1 January 2000, the earliest date a "
        "record may have"
    ) in errors_of(response)
    earliest = order.start - dt.timedelta(days=90)
    data.update(date_input("date", earliest - dt.timedelta(days=1)))
    response = client.post(reverse("casework:contact_new", args=[child.reference]), data)
    assert (
        f"The date of the contact must be on or after {long(earliest)}, 90 days before the "
        f"intervention it is for started ({long(order.start)})"
    ) in errors_of(response)
    with pytest.raises(CaseworkError) as refused:
        record_services.record_contact(
            actor=practitioner,
            child=child,
            data={
                "intervention": order,
                "date": dt.date(2011, 5, 1),
                "kind": "face_to_face",
                "outcome": "attended",
            },
        )
    assert list(refused.value.field_errors) == ["date"]
    assert not Contact.objects.exists()
    # On the last day allowed, it is saved.
    data.update(date_input("date", earliest))
    response = client.post(reverse("casework:contact_new", args=[child.reference]), data)
    assert response.status_code == 302
    assert Contact.objects.get().date == earliest


def test_a_contact_after_its_intervention_ended_is_refused(practitioner, child, order):
    order.end = TODAY - dt.timedelta(days=5)
    order.status = "completed"
    order.save()
    with pytest.raises(CaseworkError, match="when the intervention it is for ended"):
        record_services.record_contact(
            actor=practitioner,
            child=child,
            data={"intervention": order, "date": TODAY, "kind": "phone", "outcome": "attended"},
        )


def test_nothing_about_the_child_before_their_birth(practitioner, child):
    with pytest.raises(CaseworkError) as refused:
        record_services.record_care_episode(
            actor=practitioner,
            child=child,
            data={"status": "early_help", "start": dt.date(2011, 1, 1)},
        )
    assert refused.value.field_errors == {
        "start": ["The start date must be on or after 2 April 2012, the child's date of birth"]
    }


def test_an_assessment_years_before_its_intervention_is_refused(practitioner, child, order):
    with pytest.raises(CaseworkError) as refused:
        work_services.start_assessment(
            actor=practitioner,
            child=child,
            intervention=order,
            data={"kind": "assetplus", "started": order.start - dt.timedelta(days=800)},
        )
    assert "90 days before the intervention it is for started" in str(refused.value)
    assert list(refused.value.field_errors) == ["started"]
    started = work_services.start_assessment(
        actor=practitioner,
        child=child,
        intervention=order,
        data={"kind": "assetplus", "started": order.start},
    )
    assert started.started == order.start


def test_the_assessment_page_shows_the_refusal_against_its_date(client, practitioner, child, order):
    assessment = work_services.start_assessment(
        actor=practitioner,
        child=child,
        intervention=order,
        data={"kind": "assetplus", "started": order.start},
    )
    sign_in(client, practitioner)
    url = reverse("casework:assessment_step", args=[child.reference, assessment.pk, "details"])
    response = client.post(url, date_input("started", dt.date(2019, 1, 1)))
    assert any("date started must be on or after" in e for e in errors_of(response))
    assessment.refresh_from_db()
    assert assessment.started == order.start


def test_a_new_plan_action_cannot_already_be_overdue(client, practitioner, child, order):
    plan = work_services.start_plan(actor=practitioner, child=child, intervention=order, data={})
    sign_in(client, practitioner)
    url = reverse("casework:plan_action_add", args=[child.reference, plan.pk])
    response = client.post(
        url,
        {
            "pillar": "desistance",
            "objective": "College",
            "action": "Enrol",
            "who": "Alex",
            **date_input("by_when", dt.date(2020, 1, 1)),
        },
    )
    assert (
        "The date it will be done by must be today or later: a new action cannot be overdue"
        in errors_of(response)
    )
    assert not PlanAction.objects.exists()
    # An action saved while it was in the future can still be changed once it is past.
    action = work_services.add_plan_action(
        actor=practitioner,
        plan=plan,
        data={
            "pillar": "desistance",
            "objective": "College",
            "action": "Enrol",
            "who": "Alex",
            "by_when": TODAY,
        },
    )
    PlanAction.objects.filter(pk=action.pk).update(by_when=TODAY - dt.timedelta(days=10))
    action.refresh_from_db()
    work_services.update_plan_action(
        actor=practitioner, action=action, data={"who": "Alex and his mum"}
    )
    assert PlanAction.objects.get(pk=action.pk).who == "Alex and his mum"


def test_a_new_plans_review_date_cannot_be_past_nor_years_ahead(practitioner, child, order):
    with pytest.raises(CaseworkError, match="a new review date cannot be overdue"):
        work_services.start_plan(
            actor=practitioner, child=child, data={"review_due": TODAY - dt.timedelta(days=1)}
        )
    with pytest.raises(CaseworkError, match="the furthest a date may be planned ahead"):
        work_services.start_plan(
            actor=practitioner, child=child, data={"review_due": TODAY + dt.timedelta(days=800)}
        )


def test_an_order_cannot_start_before_it_was_made(practitioner, child):
    with pytest.raises(CaseworkError) as refused:
        record_services.record_outcome(
            actor=practitioner,
            child=child,
            data={
                "outcome_type": OutcomeType.objects.get(code="yro"),
                "date": TODAY - dt.timedelta(days=3),
                "start": TODAY - dt.timedelta(days=30),
            },
        )
    assert "start" in refused.value.field_errors


# --- plausible ranges ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "age"),
    [
        (dt.date(TODAY.year - 1, 1, 1), 1),
        (dt.date(TODAY.year - 76, 1, 1), 76),
    ],
)
def test_a_date_of_birth_giving_an_implausible_age_is_refused(
    client, practitioner, north, born, age
):
    sign_in(client, practitioner)
    data = {
        "first_name": "Tia",
        "last_name": "Morgan",
        **date_input("date_of_birth", born),
        "sex": "female",
        "home_local_authority": "Medway",
        "send_status": "unknown",
        "team": north.pk,
    }
    response = client.post(reverse("casework:child_new"), data)
    assert (
        f"The date of birth must give an age from 8 to 25 today: {long(born)} gives {age}"
        in errors_of(response)
    )
    assert not Child.objects.exists()


def test_a_date_in_the_year_0001_is_refused(client, practitioner, child):
    sign_in(client, practitioner)
    response = client.post(
        reverse("casework:offence_new", args=[child.reference]),
        {
            "offence_type": OffenceType.objects.get(code="theft").pk,
            **date_input("date", parts=("1", "1", "0001")),
        },
    )
    assert (
        "The date of the offence must be on or after 1 January 2000, the earliest date a "
        "record may have"
    ) in errors_of(response)
    response = client.post(
        reverse("casework:child_edit", args=[child.reference]),
        {**date_input("date_of_birth", parts=("1", "1", "0001"))},
    )
    assert any(
        e.startswith("The date of birth must give an age from 8 to 25 today: 1 January 1 gives")
        for e in errors_of(response)
    )


def test_the_ranges_are_settings(settings, practitioner, north, child, order):
    born = TODAY.replace(year=TODAY.year - 6) - dt.timedelta(days=1)
    with pytest.raises(CaseworkError, match="from 8 to 25"):
        record_services.create_child(
            actor=practitioner,
            data={
                "first_name": "Sam",
                "last_name": "Young",
                "date_of_birth": born,
                "sex": "male",
                "home_local_authority": "Kent",
                "team": north,
            },
        )
    settings.CHILDFIRST_CHILD_AGE_RANGE = (5, 30)
    settings.CHILDFIRST_DAYS_BEFORE_INTERVENTION = 400
    settings.CHILDFIRST_EARLIEST_RECORD_DATE = "1995-01-01"
    made = record_services.create_child(
        actor=practitioner,
        data={
            "first_name": "Sam",
            "last_name": "Young",
            "date_of_birth": born,
            "sex": "male",
            "home_local_authority": "Kent",
            "team": north,
        },
    )
    assert made.date_of_birth == born
    contact = record_services.record_contact(
        actor=practitioner,
        child=child,
        data={
            "intervention": order,
            "date": order.start - dt.timedelta(days=300),
            "kind": "phone",
            "outcome": "attended",
        },
    )
    assert contact.pk is not None


def test_an_outcome_before_its_offences_is_refused_by_the_service(practitioner, child):
    offence = OffenceFactory(child=child, date=TODAY - dt.timedelta(days=5))
    with pytest.raises(CaseworkError) as refused:
        record_services.record_outcome(
            actor=practitioner,
            child=child,
            data={
                "outcome_type": OutcomeType.objects.get(code="fine"),
                "date": TODAY - dt.timedelta(days=6),
                "offences": [offence],
            },
        )
    assert refused.value.field_errors == {
        "date": ["The date of the outcome must be on or after the date of its offences"]
    }
    outcome = record_services.record_outcome(
        actor=practitioner,
        child=child,
        data={
            "outcome_type": OutcomeType.objects.get(code="fine"),
            "date": TODAY,
            "offences": [offence],
        },
    )
    with pytest.raises(CaseworkError):
        record_services.update_outcome(
            actor=practitioner, outcome=outcome, data={"date": TODAY - dt.timedelta(days=6)}
        )
