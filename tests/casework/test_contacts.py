"""Contacts as practitioners record them (issue 11, item 15): when and for how long, how,
where, who was there (from the child's network or written in) and whether the child
attended; and a missed contact waiting for the case manager's enforcement decision.

"Today" is Monday 3 June 2024 (``conftest.clock``).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from childfirst.casework.errors import CaseworkError
from childfirst.casework.models import Contact, EnforcementAction
from childfirst.casework.selectors.chronology import chronology, contact_detail
from childfirst.casework.selectors.contacts import awaiting_enforcement
from childfirst.casework.services import records as services
from tests.casework.conftest import TODAY, date_input, error_summary, sign_in, text_of
from tests.casework.factories import (
    ChildFactory,
    ContactFactory,
    FamilyMemberFactory,
    InterventionFactory,
    ProfessionalFactory,
    TeamFactory,
    practitioner_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def north():
    return TeamFactory(name="North")


@pytest.fixture
def practitioner(north):
    return practitioner_of(north, first_name="Priya", last_name="Shah")


@pytest.fixture
def child(north):
    return ChildFactory(team=north, first_name="Jordan", last_name="Ellis")


@pytest.fixture
def signed_in(client, practitioner, clock):
    return sign_in(client, practitioner)


@pytest.fixture
def mum(child):
    return FamilyMemberFactory(child=child, name="Sarah Ellis", relationship="Mother")


@pytest.fixture
def social_worker(child):
    return ProfessionalFactory(child=child, name="Dan Cole", role="social_worker")


def contact_form(**data):
    return {
        "intervention": "",
        **date_input("date", TODAY),
        "time": "14:30",
        "duration_minutes": "45",
        "kind": "home_visit",
        "location": "At home",
        "outcome": "attended",
        **data,
    }


def test_a_contact_keeps_when_how_long_where_and_who_was_there(
    signed_in, practitioner, child, mum, social_worker
):
    FamilyMemberFactory(child=child, name="Old Carer", end=dt.date(2024, 1, 1))
    url = reverse("casework:contact_new", args=[child.reference])
    html = signed_in.get(url).content.decode()
    # The network is offered, those no longer involved left out.
    assert "Sarah Ellis (Mother)" in html and "Dan Cole (social worker)" in html
    assert "Old Carer" not in html
    response = signed_in.post(
        url,
        contact_form(
            family_present=[mum.pk],
            professionals_present=[social_worker.pk],
            attendees="Gran (Mary Ellis)",
            notes="Talked about the college place",
        ),
    )
    assert response.status_code == 302, error_summary(response)
    contact = Contact.objects.get()
    assert (contact.time, contact.duration_minutes, contact.location) == (
        dt.time(14, 30),
        45,
        "At home",
    )
    assert list(contact.family_present.all()) == [mum]
    assert list(contact.professionals_present.all()) == [social_worker]
    (entry,) = chronology(child, ["contacts"])
    assert entry.time == dt.time(14, 30)
    assert entry.what == "Contact: Home visit, attended"
    assert entry.detail == (
        "45 minutes, At home. With: Sarah Ellis (Mother); Dan Cole (social worker); "
        "Gran (Mary Ellis). Talked about the college place"
    )
    page = text_of(signed_in.get(reverse("casework:child", args=[child.reference])))
    assert "3 June 2024 14:30 Contact: Home visit, attended 45 minutes, At home." in page
    # Someone who has left the network but was there stays offered on the contact.
    signed_in.post(
        reverse("casework:family_edit", args=[child.reference, mum.pk]),
        {
            "name": "Sarah Ellis",
            "relationship": "Mother",
            "parental_responsibility": "True",
            **date_input("end", TODAY),
        },
    )
    html = signed_in.get(
        reverse("casework:contact_edit", args=[child.reference, contact.pk])
    ).content.decode()
    assert "Sarah Ellis (Mother)" in html and "Old Carer" not in html


def test_with_no_network_the_question_is_not_asked(signed_in, child):
    html = signed_in.get(reverse("casework:contact_new", args=[child.reference])).content.decode()
    assert "Family and carers who were there" not in html
    assert "Professionals who were there" not in html
    assert "Anyone else who was there (optional)" in html


def test_the_length_of_a_contact_is_plausible(signed_in, practitioner, child):
    url = reverse("casework:contact_new", args=[child.reference])
    for typed, message in (
        ("0", "The duration of the contact must be from 1 to 480 minutes (8 hours)"),
        ("481", "The duration of the contact must be from 1 to 480 minutes (8 hours)"),
        ("1.5", "Duration in minutes must be a whole number"),
        ("", "Enter how long the contact lasted, in minutes"),
    ):
        response = signed_in.post(url, contact_form(duration_minutes=typed))
        assert error_summary(response) == [("#id_duration_minutes", message)], typed
    assert not Contact.objects.exists()
    # The service refuses the same, for a command or the API.
    with pytest.raises(CaseworkError) as refused:
        services.record_contact(
            actor=practitioner,
            child=child,
            data={"date": TODAY, "kind": "phone", "outcome": "attended", "duration_minutes": 0},
        )
    assert refused.value.message_dict == {
        "duration_minutes": ["The duration of the contact must be from 1 to 480 minutes (8 hours)"]
    }


def test_where_is_asked_for_a_contact_in_person_and_how_long_for_any_but_a_text(signed_in, child):
    url = reverse("casework:contact_new", args=[child.reference])
    for kind in ("face_to_face", "home_visit", "school_visit", "in_custody"):
        response = signed_in.post(url, contact_form(kind=kind, location=" "))
        assert error_summary(response) == [("#id_location", "Enter where the contact was")]
    assert not Contact.objects.exists()
    response = signed_in.post(url, contact_form(kind="phone", location=""))
    assert response.status_code == 302
    response = signed_in.post(
        url, contact_form(kind="text_or_email", location="", duration_minutes="")
    )
    assert response.status_code == 302
    assert sorted(Contact.objects.values_list("kind", "duration_minutes")) == [
        ("phone", 45),
        ("text_or_email", None),
    ]


def test_only_the_childs_own_network_can_have_been_there(signed_in, practitioner, child):
    theirs = FamilyMemberFactory(child=ChildFactory(team=child.team), name="Not Family")
    FamilyMemberFactory(child=child, name="Sarah Ellis")
    response = signed_in.post(
        reverse("casework:contact_new", args=[child.reference]),
        contact_form(family_present=[theirs.pk]),
    )
    assert error_summary(response) == [
        ("#id_family_present_0", "Select the family and carers who were there from the list")
    ]
    with pytest.raises(CaseworkError) as refused:
        services.record_contact(
            actor=practitioner,
            child=child,
            data={
                "date": TODAY,
                "kind": "phone",
                "outcome": "attended",
                "family_present": [theirs],
            },
        )
    assert refused.value.message_dict == {
        "family_present": ["Select only people from this child's network"]
    }
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("minutes", "location", "notes", "detail"),
    [
        (1, "", "", "1 minute"),
        (45, "", "", "45 minutes"),
        (60, "Office", "", "1 hour, Office"),
        (90, "", "Rang back", "1 hour 30 minutes. Rang back"),
        (120, "", "", "2 hours"),
        (None, "Oakfield Academy", "", "Oakfield Academy"),
        (None, "", "", ""),
    ],
)
def test_the_contact_detail_reads_as_a_sentence(child, minutes, location, notes, detail):
    contact = ContactFactory(child=child, duration_minutes=minutes, location=location, notes=notes)
    assert contact_detail(contact) == detail


def test_who_was_there_is_in_the_history(signed_in, practitioner, child, mum, clock):
    contact = services.record_contact(
        actor=practitioner,
        child=child,
        data={"date": TODAY, "time": dt.time(9, 0), "kind": "phone", "outcome": "attended"},
    )
    clock(dt.datetime(2024, 6, 3, 15, 0))
    services.update_contact(
        actor=practitioner, contact=contact, data={"family_present": [mum], "duration_minutes": 20}
    )
    history = text_of(signed_in.get(reverse("casework:history", args=[child.reference])))
    changed = history[history.index("Changed: Contact") :]
    assert "By Priya Shah on 3 June 2024 at 15:00" in changed
    assert "Duration in minutes (empty) 20" in changed
    assert "Family present (empty) Sarah Ellis (Mother)" in changed
    created = history[history.index("Created: Contact") :]
    assert "Time (empty) 09:00" in created


# --- a missed contact waits for an enforcement decision -------------------------------------------


def test_a_missed_contact_waits_on_the_record_for_an_enforcement_decision(
    signed_in, practitioner, child, clock
):
    order = InterventionFactory(child=child, case_manager=practitioner, start=dt.date(2024, 3, 1))
    ended = InterventionFactory(
        child=child,
        case_manager=practitioner,
        start=dt.date(2023, 1, 1),
        end=dt.date(2023, 6, 1),
        status="completed",
    )
    missed = ContactFactory(
        child=child,
        intervention=order,
        date=dt.date(2024, 5, 28),
        time=dt.time(16, 0),
        outcome="did_not_attend",
    )
    ContactFactory(
        child=child, intervention=ended, date=dt.date(2023, 5, 1), outcome="did_not_attend"
    )
    ContactFactory(child=child, intervention=order, date=dt.date(2024, 5, 29))
    assert awaiting_enforcement(child) == [missed]
    record = text_of(signed_in.get(reverse("casework:child", args=[child.reference])))
    assert "1 missed contact waiting for an enforcement decision" in record
    assert "Face to face on 28 May 2024 at 16:00: decide on enforcement" in record
    url = reverse("casework:enforcement_new", args=[child.reference, missed.pk])
    assert "Decide on enforcement" in text_of(signed_in.get(url))
    # No warning or breach is a decision too, with the reason.
    response = signed_in.post(url, {"kind": "no_action", **date_input("date", TODAY)})
    assert error_summary(response) == [("#id_notes", "Say why there is no warning or breach")]
    assert not EnforcementAction.objects.exists()
    response = signed_in.post(
        url,
        {
            "kind": "no_action",
            **date_input("date", TODAY),
            "notes": "His mum rang: he was at the hospital with his sister",
        },
    )
    assert response.status_code == 302, error_summary(response)
    decision = EnforcementAction.objects.get()
    assert decision.contact == missed and decision.history.get().history_user == practitioner
    assert awaiting_enforcement(child) == []
    record = text_of(signed_in.get(reverse("casework:child", args=[child.reference])))
    assert "waiting for an enforcement decision" not in record
    assert "Enforcement: no warning or breach After the missed contact on 28 May 2024." in record


def test_the_service_refuses_no_warning_or_breach_without_a_reason(practitioner, child, clock):
    missed = ContactFactory(child=child, date=dt.date(2024, 5, 28), outcome="did_not_attend")
    with pytest.raises(CaseworkError) as refused:
        services.record_enforcement(
            actor=practitioner, contact=missed, data={"kind": "no_action", "date": TODAY}
        )
    assert refused.value.message_dict == {"notes": ["Say why there is no warning or breach"]}
    assert not EnforcementAction.objects.exists()
