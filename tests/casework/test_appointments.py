"""Appointments (issue 11, item 15): contacts planned with the child, shown on the record
and on the caseload as the next appointment, flagged once their time has passed unrecorded,
and turned into contacts when recorded as attended or missed.

"Today" is Monday 3 June 2024 and "now" midday (``conftest.clock``). By hand:
- an appointment today at 10:00 for an hour ended at 11:00: not recorded yet at midday;
- one today at 11:30 for 45 minutes ends at 12:15: still upcoming at midday;
- one tomorrow, Tuesday 4 June, at 10:00 is the next appointment after that;
- two years ahead is 3 June 2026 (730 days, 2025 having no 29 February).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from childfirst.accounts.models import AccessLog, Role
from childfirst.casework import deadlines
from childfirst.casework.errors import CaseworkError, NotAllowed, NotEditable
from childfirst.casework.models import Appointment, AppointmentStatus, Contact
from childfirst.casework.selectors import caseload as caseload_selectors
from childfirst.casework.selectors.caseload import ItemKind
from childfirst.casework.selectors.contacts import next_appointment, planned_appointments
from childfirst.casework.services import records as services
from tests.casework.conftest import NOW, TODAY, date_input, error_summary, sign_in, text_of
from tests.casework.factories import (
    AppointmentFactory,
    ChildFactory,
    ContactFactory,
    InterventionFactory,
    TeamFactory,
    UserFactory,
    practitioner_of,
)

pytestmark = pytest.mark.django_db

TOMORROW = TODAY + dt.timedelta(days=1)
START = dt.date(2024, 5, 31)


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
def order(child, practitioner):
    return InterventionFactory(child=child, case_manager=practitioner, start=dt.date(2024, 3, 1))


def make(practitioner, child, **data):
    values = {
        "date": TOMORROW,
        "time": dt.time(10, 0),
        "duration_minutes": 60,
        "kind": "home_visit",
        "location": "At home",
        **data,
    }
    return services.make_appointment(actor=practitioner, child=child, data=values)


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(CaseworkError) as refused:
        call()
    return refused.value.message_dict


# --- the rule of when an appointment is overdue (no database) -------------------------------


def test_an_appointment_ends_after_its_expected_duration():
    assert deadlines.appointment_ends(TODAY, dt.time(14, 30), 45) == dt.datetime(2024, 6, 3, 15, 15)
    # Past midnight: 23:30 for an hour and a half ends at 01:00 the next day.
    assert deadlines.appointment_ends(TODAY, dt.time(23, 30), 90) == dt.datetime(2024, 6, 4, 1, 0)
    assert deadlines.appointment_ends(TODAY, dt.time(9, 0), None) == dt.datetime(2024, 6, 3, 9)


def test_an_appointment_is_not_recorded_yet_only_once_it_should_have_ended():
    ends = dt.datetime(2024, 6, 3, 15, 15)
    starts = dt.time(14, 30)
    assert not deadlines.appointment_not_recorded(TODAY, starts, 45, ends)
    assert deadlines.appointment_not_recorded(TODAY, starts, 45, ends + dt.timedelta(minutes=1))
    assert not deadlines.appointment_not_recorded(
        TODAY, starts, 45, dt.datetime(2024, 6, 3, 14, 45)
    )


# --- making and changing an appointment --------------------------------------------------------


def test_an_appointment_is_made_for_today_or_later(clock, practitioner, child, order):
    yesterday = TODAY - dt.timedelta(days=1)
    assert refusal(lambda: make(practitioner, child, date=yesterday)) == {
        "date": ["The date of the appointment must be today or in the future"]
    }
    assert refusal(lambda: make(practitioner, child, date=dt.date(2026, 6, 4))) == {
        "date": [
            "The date of the appointment must be on or before 3 June 2026, the furthest a date "
            "may be planned ahead"
        ]
    }
    assert not Appointment.objects.exists()
    # Today is allowed, even at an hour already past (it is then not recorded yet).
    today = make(practitioner, child, date=TODAY, time=dt.time(9, 0), intervention=order)
    furthest = make(practitioner, child, date=dt.date(2026, 6, 3))
    assert today.status == furthest.status == AppointmentStatus.PLANNED
    assert today.created_by == practitioner
    assert today.history.get().history_user == practitioner


def test_an_appointment_keeps_its_day_when_other_details_change(clock, practitioner, child):
    appointment = make(practitioner, child, date=dt.date(2024, 6, 10))
    clock(dt.datetime(2024, 6, 12, 9, 0))  # it has passed, not recorded
    services.update_appointment(
        actor=practitioner, appointment=appointment, data={"notes": "Bring the college form"}
    )
    # Moving it is making it again: to a day still to come.
    assert refusal(
        lambda: services.update_appointment(
            actor=practitioner, appointment=appointment, data={"date": dt.date(2024, 6, 11)}
        )
    ) == {"date": ["The date of the appointment must be today or in the future"]}
    services.update_appointment(
        actor=practitioner, appointment=appointment, data={"date": dt.date(2024, 6, 13)}
    )
    appointment.refresh_from_db()
    assert appointment.date == dt.date(2024, 6, 13)
    assert appointment.notes == "Bring the college form"
    assert [h.history_type for h in appointment.history.order_by("history_date")] == ["+", "~", "~"]


def test_an_appointments_length_is_plausible(clock, practitioner, child, settings):
    for minutes in (0, 481):
        assert refusal(lambda m=minutes: make(practitioner, child, duration_minutes=m)) == {
            "duration_minutes": ["The expected duration must be from 1 to 480 minutes (8 hours)"]
        }
    assert make(practitioner, child, duration_minutes=480).duration_minutes == 480
    settings.CHILDFIRST_LONGEST_CONTACT_MINUTES = 90
    assert refusal(lambda: make(practitioner, child, duration_minutes=91)) == {
        "duration_minutes": ["The expected duration must be from 1 to 90 minutes"]
    }


def test_an_appointment_is_within_its_intervention_and_the_childs_own(clock, practitioner, child):
    ended = InterventionFactory(
        child=child,
        case_manager=practitioner,
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 6, 5),
        status="completed",
    )
    assert refusal(
        lambda: make(practitioner, child, intervention=ended, date=dt.date(2024, 6, 6))
    ) == {
        "date": [
            "The date of the appointment must be on or before 5 June 2024, when the "
            "intervention it is for ended"
        ]
    }
    theirs = InterventionFactory(child=ChildFactory(team=child.team))
    assert refusal(lambda: make(practitioner, child, intervention=theirs)) == {
        "intervention": ["Select one of this child's interventions"]
    }
    with pytest.raises(TypeError):
        make(practitioner, child, status="recorded")


def test_only_those_who_may_change_the_record_make_or_change_appointments(
    clock, practitioner, child
):
    appointment = make(practitioner, child)
    for outsider in (
        practitioner_of(TeamFactory(name="South")),
        UserFactory(roles=[(Role.AUDITOR, None)]),
        UserFactory(roles=[(Role.POLICE_PANEL, None)]),
    ):
        with pytest.raises(NotAllowed):
            make(outsider, child)
        with pytest.raises(NotAllowed):
            services.update_appointment(actor=outsider, appointment=appointment, data={})
        with pytest.raises(NotAllowed):
            services.cancel_appointment(actor=outsider, appointment=appointment, reason="No")
        with pytest.raises(NotAllowed):
            services.record_appointment_contact(
                actor=outsider, appointment=appointment, data={"outcome": "attended"}
            )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED
    assert Appointment.objects.count() == 1 and not Contact.objects.exists()


# --- recording what happened, or cancelling ----------------------------------------------------


def contact_data(**data):
    return {
        "date": TODAY,
        "time": dt.time(10, 5),
        "duration_minutes": 50,
        "kind": "home_visit",
        "location": "At home",
        "outcome": "attended",
        "attendees": "Mum (Sarah Ellis)",
        **data,
    }


def test_recording_an_appointment_makes_its_contact_at_once(clock, practitioner, child, order):
    appointment = make(practitioner, child, date=TODAY, intervention=order)
    colleague = practitioner_of(child.team)
    contact = services.record_appointment_contact(
        actor=colleague, appointment=appointment, data=contact_data(intervention=order)
    )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.RECORDED
    assert appointment.contact == contact
    assert (contact.child, contact.intervention, contact.recorded_by) == (child, order, colleague)
    assert (contact.time, contact.duration_minutes, contact.attendees) == (
        dt.time(10, 5),
        50,
        "Mum (Sarah Ellis)",
    )
    assert contact.history.get().history_user == colleague
    latest = appointment.history.latest()
    assert latest.history_user == colleague and latest.status == "recorded"
    # Once recorded it is done with: the contact is what changes now.
    for call in (
        lambda: services.record_appointment_contact(
            actor=practitioner, appointment=appointment, data=contact_data()
        ),
        lambda: services.update_appointment(
            actor=practitioner, appointment=appointment, data={"notes": "x"}
        ),
        lambda: services.cancel_appointment(
            actor=practitioner, appointment=appointment, reason="Ill"
        ),
    ):
        with pytest.raises(NotEditable) as refused:
            call()
        assert (
            str(refused.value) == "This appointment has been recorded: change the contact instead"
        )
    assert Contact.objects.count() == 1


def test_a_refused_contact_leaves_the_appointment_planned(clock, practitioner, child):
    appointment = make(practitioner, child, date=TOMORROW)
    # Recording tomorrow's appointment today: the contact cannot be in the future.
    assert refusal(
        lambda: services.record_appointment_contact(
            actor=practitioner, appointment=appointment, data=contact_data(date=TOMORROW)
        )
    ) == {"date": ["The date of the contact must be today or in the past"]}
    assert refusal(
        lambda: services.record_appointment_contact(
            actor=practitioner, appointment=appointment, data=contact_data(duration_minutes=0)
        )
    ) == {
        "duration_minutes": ["The duration of the contact must be from 1 to 480 minutes (8 hours)"]
    }
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED and appointment.contact is None
    assert not Contact.objects.exists()
    assert appointment.history.count() == 1


def test_a_missed_appointment_is_a_missed_contact_waiting_for_a_decision(
    clock, practitioner, child, order
):
    appointment = make(practitioner, child, date=TODAY, intervention=order)
    contact = services.record_appointment_contact(
        actor=practitioner,
        appointment=appointment,
        data=contact_data(outcome="did_not_attend", attendees="", intervention=order),
    )
    assert contact.missed
    from childfirst.casework.selectors.contacts import awaiting_enforcement

    assert awaiting_enforcement(child) == [contact]


def test_cancelling_needs_a_reason_and_ends_the_appointment(clock, practitioner, child):
    appointment = make(practitioner, child)
    assert refusal(
        lambda: services.cancel_appointment(
            actor=practitioner, appointment=appointment, reason="  "
        )
    ) == {"reason": ["Say why the appointment is cancelled"]}
    services.cancel_appointment(
        actor=practitioner, appointment=appointment, reason="Jordan has a hospital appointment"
    )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert appointment.cancellation_reason == "Jordan has a hospital appointment"
    with pytest.raises(NotEditable) as refused:
        services.update_appointment(actor=practitioner, appointment=appointment, data={})
    assert str(refused.value) == "This appointment was cancelled: make a new one instead"


def test_an_appointment_can_be_cancelled_after_its_intervention_ended(clock, practitioner, child):
    order = InterventionFactory(child=child, case_manager=practitioner, start=dt.date(2024, 3, 1))
    appointment = make(practitioner, child, intervention=order, date=dt.date(2024, 6, 20))
    # The order ended early: the appointments after it are cancelled.
    services.update_intervention(
        actor=practitioner,
        intervention=order,
        data={"end": dt.date(2024, 6, 3), "status": "ended_early"},
    )
    appointment.refresh_from_db()
    services.cancel_appointment(
        actor=practitioner, appointment=appointment, reason="The order ended early"
    )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


# --- the selectors -------------------------------------------------------------------------------


def test_not_recorded_yet_first_then_the_next_ones_soonest_first(clock, practitioner, child):
    done = make(practitioner, child, date=TODAY, time=dt.time(10, 0))  # ended 11:00
    soon = make(practitioner, child, date=TODAY, time=dt.time(11, 30), duration_minutes=45)
    later = make(practitioner, child, date=TOMORROW, time=dt.time(9, 0))
    cancelled = make(practitioner, child, date=TODAY, time=dt.time(8, 0))
    services.cancel_appointment(actor=practitioner, appointment=cancelled, reason="Rearranged")
    planned = planned_appointments(child)
    assert [(p.appointment, p.not_recorded) for p in planned] == [
        (done, True),
        (soon, False),
        (later, False),
    ]
    assert next_appointment(planned) == soon
    # At 12:16 the 11:30 appointment has ended: tomorrow's is next.
    planned = planned_appointments(child, dt.datetime(2024, 6, 3, 12, 16))
    assert [p.not_recorded for p in planned] == [True, True, False]
    assert next_appointment(planned) == later


@pytest.fixture
def caseload(clock, practitioner, north):
    """Three children on Priya's caseload, each with an intervention from Friday 31 May
    2024 and seen on 1 June: nothing else is due (the assessment and plan on 28 June,
    the next contact on 15 June)."""
    children = {}
    for name in ("Adams", "Brown", "Clark"):
        child = ChildFactory(team=north, first_name="Sam", last_name=name)
        InterventionFactory(child=child, case_manager=practitioner, start=START)
        ContactFactory(child=child, date=dt.date(2024, 6, 1), recorded_by=practitioner)
        children[name] = child
    return children


def row_for(rows, child):
    (row,) = [r for r in rows if r.child == child]
    return row


def test_the_caseload_shows_each_childs_next_appointment_and_flags_unrecorded_ones(
    practitioner, caseload
):
    adams, brown, clark = caseload.values()
    overdue = make(practitioner, clark, date=TODAY, time=dt.time(9, 0))
    clark_next = make(practitioner, clark, date=TOMORROW, time=dt.time(15, 0))
    make(practitioner, clark, date=dt.date(2024, 6, 10), time=dt.time(15, 0))
    brown_next = make(practitioner, brown, date=TODAY, time=dt.time(16, 30), kind="phone")
    rows = caseload_selectors.caseload_for(practitioner, TODAY, NOW)
    adams_row, brown_row, clark_row = (row_for(rows, c) for c in (adams, brown, clark))
    assert clark_row.next_appointment == clark_next
    assert brown_row.next_appointment == brown_next
    assert adams_row.next_appointment is None
    assert [(i.kind, i.label, i.url) for i in clark_row.items] == [
        (
            ItemKind.APPOINTMENT,
            "Home visit appointment on 3 June 2024 at 09:00 not recorded yet",
            f"/children/{clark.reference}/appointments/{overdue.pk}/record/",
        )
    ]
    assert clark_row.items[0].overdue
    assert brown_row.items == [] and adams_row.items == []
    # Something not recorded puts the child first.
    assert [r.child for r in rows] == [clark, adams, brown]


def test_the_caseload_flags_missed_contacts_waiting_for_a_decision(practitioner, caseload):
    adams, brown, clark = caseload.values()
    adams_order = adams.interventions.get()
    missed = ContactFactory(
        child=adams,
        intervention=adams_order,
        date=dt.date(2024, 6, 1),
        outcome="did_not_attend",
        recorded_by=practitioner,
    )
    decided = ContactFactory(child=brown, date=dt.date(2024, 6, 1), outcome="did_not_attend")
    services.record_enforcement(
        actor=practitioner,
        contact=decided,
        data={"kind": "no_action", "date": TODAY, "notes": "He was in hospital: letter seen"},
    )
    # For no intervention and before Clark's started: not this intervention's to decide.
    ContactFactory(child=clark, date=dt.date(2024, 5, 30), outcome="did_not_attend")
    rows = caseload_selectors.caseload_for(practitioner, TODAY, NOW)
    items = {
        c.last_name: [i for i in row_for(rows, c).items if i.kind == ItemKind.ENFORCEMENT]
        for c in (adams, brown, clark)
    }
    (item,) = items["Adams"]
    assert item.label == "Missed contact on 1 June 2024: decide on enforcement"
    assert item.url == f"/children/{adams.reference}/contacts/{missed.pk}/enforcement/new/"
    assert items["Brown"] == [] and items["Clark"] == []
    assert row_for(rows, adams).needs_attention


def test_the_caseload_page_shows_the_next_appointment(client, practitioner, caseload):
    adams = caseload["Adams"]
    make(practitioner, adams, date=TOMORROW, time=dt.time(15, 0), location="Youth centre")
    make(practitioner, caseload["Brown"], date=TODAY, time=dt.time(9, 0))
    page = text_of(sign_in(client, practitioner).get(reverse("casework:caseload")))
    assert "Next appointment" in page
    assert "Tue 4 June 2024 15:00, home visit Youth centre" in page
    assert "Overdue Home visit appointment on 3 June 2024 at 09:00 not recorded yet" in page
    assert page.count("None planned") == 2  # Brown's has passed; Clark has none
    html = client.get(reverse("casework:caseload")).content.decode()
    assert (
        '<div class="cf-table-wrapper" role="region" aria-label="My caseload" tabindex="0">' in html
    )


def test_the_caseload_costs_the_same_queries_however_many_appointments(
    client, practitioner, north, caseload
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("casework:caseload")).status_code == 200
        return len(captured)

    sign_in(client, practitioner)
    make(practitioner, caseload["Adams"], date=TOMORROW)
    few = queries()
    for number in range(6):
        child = ChildFactory(team=north, last_name=f"More{number}")
        InterventionFactory(child=child, case_manager=practitioner, start=START)
        make(practitioner, child, date=TODAY, time=dt.time(9, number))
        make(practitioner, child, date=TOMORROW)
        ContactFactory(child=child, date=dt.date(2024, 6, 1), outcome="did_not_attend")
    assert queries() == few


# --- the pages ---------------------------------------------------------------------------------


@pytest.fixture
def signed_in(client, practitioner, clock):
    return sign_in(client, practitioner)


def test_making_an_appointment_on_its_page(signed_in, practitioner, child, order):
    url = reverse("casework:appointment_new", args=[child.reference])
    page = signed_in.get(url)
    assert f'<option value="{order.pk}" selected>' in page.content.decode()
    assert 'name="duration_minutes" value="60"' in page.content.decode()
    response = signed_in.post(
        url,
        {
            "intervention": order.pk,
            **date_input("date", TOMORROW),
            "time": "2:30pm",
            "duration_minutes": "45",
            "kind": "school_visit",
            "location": "Oakfield Academy",
            "with_whom": "Ms Patel, head of year",
        },
    )
    assert response.status_code == 302, error_summary(response)
    appointment = Appointment.objects.get()
    assert (appointment.date, appointment.time, appointment.duration_minutes) == (
        TOMORROW,
        dt.time(14, 30),
        45,
    )
    assert appointment.created_by == practitioner and appointment.intervention == order
    record = text_of(signed_in.get(response["Location"]))
    assert "Appointment added" in record
    assert (
        "Tuesday 4 June 2024 14:30 School or college visit, 45 minutes Oakfield Academy "
        "With: Ms Patel, head of year"
    ) in record
    assert "Record what happened at the appointment on 4 June 2024 at 14:30" in record


def test_a_bad_appointment_is_refused_field_by_field_and_nothing_is_saved(signed_in, child):
    url = reverse("casework:appointment_new", args=[child.reference])
    cases = [
        (
            {"duration_minutes": "60"},
            [
                ("#id_date_0", "Enter the date of the appointment"),
                ("#id_time", "Enter the time of the appointment"),
                ("#id_kind_0", "Select the kind of contact"),
            ],
        ),
        (
            {
                **date_input("date", TODAY - dt.timedelta(days=1)),
                "time": "25:00",
                "kind": "home_visit",
                "duration_minutes": "an hour",
            },
            [
                ("#id_date_0", "The date of the appointment must be today or in the future"),
                (
                    "#id_time",
                    "Enter the time of the appointment as hours and minutes, like 14:30 or 2:30pm",
                ),
                ("#id_duration_minutes", "Expected duration in minutes must be a whole number"),
                ("#id_location", "Enter where the appointment will be"),
            ],
        ),
        (
            {**date_input("date", TOMORROW), "time": "10:00", "kind": "video"},
            [("#id_duration_minutes", "Enter how long the appointment should take, in minutes")],
        ),
        (
            {
                **date_input("date", TOMORROW),
                "time": "10:00",
                "kind": "video",
                "duration_minutes": "600",
            },
            [
                (
                    "#id_duration_minutes",
                    "The expected duration must be from 1 to 480 minutes (8 hours)",
                )
            ],
        ),
    ]
    for data, expected in cases:
        response = signed_in.post(url, data)
        assert response.status_code == 200
        assert error_summary(response) == expected
    assert not Appointment.objects.exists()
    # A phone call needs no place, a text no length.
    response = signed_in.post(
        url, {**date_input("date", TOMORROW), "time": "10:00", "kind": "text_or_email"}
    )
    assert response.status_code == 302, error_summary(response)
    assert Appointment.objects.get().duration_minutes is None


def test_recording_what_happened_on_its_page(signed_in, practitioner, child, order):
    appointment = AppointmentFactory(
        child=child,
        intervention=order,
        date=TODAY,
        time=dt.time(10, 0),
        duration_minutes=60,
        kind="home_visit",
        location="At home",
        with_whom="Mum",
        created_by=practitioner,
    )
    url = reverse("casework:appointment_record", args=[child.reference, appointment.pk])
    last_log = AccessLog.objects.count()
    page = signed_in.get(url)
    assert AccessLog.objects.count() == last_log + 1
    html = page.content.decode()
    # Filled in from the appointment; whether the child attended is for the practitioner.
    assert 'name="time" value="10:00"' in html and 'value="At home"' in html
    assert 'name="date_0" type="text" inputmode="numeric" value="3"' in html
    assert "Mum</textarea>" in html
    outcomes = re.findall(r'<input[^>]*name="outcome"[^>]*>', html)
    assert len(outcomes) == 3 and not any("checked" in radio for radio in outcomes)
    text = text_of(page)
    assert "Home visit on 3 June 2024 at 10:00, At home." in text
    response = signed_in.post(url, {"kind": "home_visit"})
    assert error_summary(response) == [
        ("#id_date_0", "Enter the date of the contact"),
        ("#id_time", "Enter the time of the contact"),
        ("#id_duration_minutes", "Enter how long the contact lasted, in minutes"),
        ("#id_location", "Enter where the contact was"),
        ("#id_outcome_0", "Select whether the child attended"),
    ]
    assert not Contact.objects.exists()
    response = signed_in.post(
        url,
        {
            "intervention": order.pk,
            **date_input("date", TODAY),
            "time": "10:10",
            "duration_minutes": "40",
            "kind": "home_visit",
            "location": "At home",
            "outcome": "attended",
            "attendees": "Mum (Sarah Ellis)",
            "notes": "Talked about college",
        },
    )
    assert response.status_code == 302, error_summary(response)
    appointment.refresh_from_db()
    contact = Contact.objects.get()
    assert appointment.contact == contact and appointment.status == AppointmentStatus.RECORDED
    record = text_of(signed_in.get(response["Location"]))
    assert "Contact recorded: attended" in record
    assert "No appointments planned." in record
    chronology = record[record.index("Everything, newest first") :]
    assert (
        "3 June 2024 10:10 Contact: Home visit, attended 40 minutes, At home. "
        "With: Mum (Sarah Ellis). Talked about college Priya Shah"
    ) in chronology
    # Recorded: its pages are gone.
    assert signed_in.get(url).status_code == 404
    cancel = reverse("casework:appointment_cancel", args=[child.reference, appointment.pk])
    assert signed_in.post(cancel, {"reason": "x"}).status_code == 404


def test_cancelling_on_its_page(signed_in, clock, practitioner, child):
    appointment = AppointmentFactory(child=child, created_by=practitioner, date=TOMORROW)
    url = reverse("casework:appointment_cancel", args=[child.reference, appointment.pk])
    page = text_of(signed_in.get(url))
    assert "Cancel the appointment" in page and "Keep the appointment" in page
    response = signed_in.post(url, {"reason": ""})
    assert error_summary(response) == [("#id_reason", "Say why the appointment is cancelled")]
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED
    clock(dt.datetime(2024, 6, 3, 12, 30))
    response = signed_in.post(url, {"reason": "Jordan is unwell"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    record = text_of(signed_in.get(response["Location"]))
    assert "Appointment cancelled" in record and "No appointments planned." in record
    assert "Appointment cancelled: Home visit Jordan is unwell" in record
    history = text_of(signed_in.get(reverse("casework:history", args=[child.reference])))
    assert "Changed: Appointment" in history
    assert "Status Planned Cancelled" in history
    assert "Why it was cancelled (empty) Jordan is unwell" in history


def test_an_appointment_not_recorded_yet_is_flagged_on_the_record(signed_in, practitioner, child):
    AppointmentFactory(
        child=child, created_by=practitioner, date=TODAY, time=dt.time(9, 0), location="Office"
    )
    AppointmentFactory(child=child, created_by=practitioner, date=TOMORROW)
    page = text_of(signed_in.get(reverse("casework:child", args=[child.reference])))
    appointments = page[page.index("Appointments Make an appointment") :]
    assert appointments.index(
        "Not recorded yet Home visit, 60 minutes Office"
    ) < appointments.index("Tuesday 4 June 2024")
    chronology = page[page.index("Everything, newest first") :]
    assert "Appointment not recorded yet: Home visit Planned at Office" in chronology
    assert (
        "Record what happened : Appointment not recorded yet: Home visit, 3 June 2024" in chronology
    )
    # Upcoming appointments are not in the chronology: they have not happened.
    assert "4 June 2024" not in chronology


def test_a_recorded_appointment_cannot_be_changed_on_its_page(signed_in, practitioner, child):
    appointment = AppointmentFactory(child=child, created_by=practitioner, date=TODAY)
    services.record_appointment_contact(
        actor=practitioner,
        appointment=appointment,
        data={"date": TODAY, "kind": "phone", "outcome": "attended", "time": dt.time(10, 0)},
    )
    url = reverse("casework:appointment_edit", args=[child.reference, appointment.pk])
    response = signed_in.post(
        url,
        {
            **date_input("date", TOMORROW),
            "time": "10:00",
            "duration_minutes": "30",
            "kind": "phone",
        },
    )
    assert error_summary(response) == [
        ("#id_intervention", "This appointment has been recorded: change the contact instead")
    ]
    appointment.refresh_from_db()
    assert appointment.date == TODAY and appointment.status == AppointmentStatus.RECORDED
