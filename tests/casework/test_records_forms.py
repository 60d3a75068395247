"""The forms that add and change what is recorded about a child: each one creates and
edits its record, rejects bad input with a GOV.UK error summary naming the field and
saves nothing, and is closed (GET and POST) to those who may not change the child."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from childfirst.accounts.models import Role
from childfirst.casework.errors import CaseworkError
from childfirst.casework.forms import records as forms
from childfirst.casework.models import (
    AccommodationEpisode,
    AccommodationType,
    CareEpisode,
    Child,
    Contact,
    EnforcementAction,
    EteEpisode,
    EteProvisionType,
    HealthEpisode,
    Intervention,
    Offence,
    OffenceType,
    Outcome,
    OutcomeType,
    SendRecord,
    Victim,
)
from childfirst.casework.services import records as services
from tests.casework.conftest import date_input, error_summary, sign_in, text_of, title_of
from tests.casework.factories import (
    AccommodationEpisodeFactory,
    CareEpisodeFactory,
    ChildFactory,
    ContactFactory,
    EnforcementActionFactory,
    EteEpisodeFactory,
    HealthEpisodeFactory,
    InterventionFactory,
    OffenceFactory,
    OutcomeFactory,
    SendRecordFactory,
    TeamFactory,
    UserFactory,
    VictimFactory,
    manager_of,
    practitioner_of,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 6, 3)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Forms pre-fill and check against today: make it a fixed day."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


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
def signed_in(client, practitioner):
    return sign_in(client, practitioner)


def offence_type(code: str) -> int:
    return OffenceType.objects.get(code=code).pk


def outcome_type(code: str) -> int:
    return OutcomeType.objects.get(code=code).pk


# --- each kind of record: what it takes, and what a good answer changes --------------------------


@dataclass
class Kind:
    slug: str
    url: str
    model: type[models.Model]
    existing: Callable[[Child], Any]
    data: Callable[[Child, Any], dict[str, Any]]
    saved: Callable[[Any], bool]


KINDS = [
    Kind(
        "offence",
        "offences",
        Offence,
        lambda child: OffenceFactory(child=child),
        lambda child, user: {
            "offence_type": offence_type("robbery"),
            **date_input("date", dt.date(2024, 2, 2)),
            "description": "Took a phone",
        },
        lambda o: o.offence_type.code == "robbery" and o.date == dt.date(2024, 2, 2),
    ),
    Kind(
        "outcome",
        "outcomes",
        Outcome,
        lambda child: OutcomeFactory(child=child),
        lambda child, user: {
            "outcome_type": outcome_type("yro"),
            **date_input("date", dt.date(2024, 4, 1)),
            "offences": [OffenceFactory(child=child, date=dt.date(2024, 2, 2)).pk],
            "length_months": "12",
            **date_input("start", dt.date(2024, 4, 1)),
            **date_input("end", dt.date(2025, 4, 1)),
        },
        lambda o: (
            o.outcome_type.code == "yro"
            and o.length_months == 12
            and [x.date for x in o.offences.all()] == [dt.date(2024, 2, 2)]
        ),
    ),
    Kind(
        "intervention",
        "interventions",
        Intervention,
        lambda child: InterventionFactory(child=child),
        lambda child, user: {
            "outcome": "",
            **date_input("start", dt.date(2024, 4, 2)),
            "level": "enhanced",
            "status": "open",
            "case_manager": user.pk,
            "team": child.team.pk,
            "referred_to_panel": "on",
            **date_input("panel_date", dt.date(2024, 3, 30)),
            "panel_recommendation": "community_resolution",
            "panel_recommendation_reason": "First offence, and the child is remorseful",
        },
        lambda i: (
            i.level == "enhanced"
            and i.referred_to_panel
            and i.panel_recommendation == "community_resolution"
            and i.panel_recommendation_reason.startswith("First offence")
            and i.panel_date == dt.date(2024, 3, 30)
        ),
    ),
    Kind(
        "contact",
        "contacts",
        Contact,
        lambda child: ContactFactory(child=child),
        lambda child, user: {
            "intervention": "",
            **date_input("date", dt.date(2024, 5, 1)),
            "time": "4.15pm",
            "duration_minutes": "5",
            "kind": "phone",
            "outcome": "did_not_attend",
            "notes": "No answer",
        },
        lambda c: (
            c.kind == "phone"
            and c.outcome == "did_not_attend"
            and c.notes == "No answer"
            and c.time == dt.time(16, 15)
            and c.duration_minutes == 5
        ),
    ),
    Kind(
        "victim",
        "victims",
        Victim,
        lambda child: VictimFactory(child=child),
        lambda child, user: {
            "name": "Corner shop",
            "offences": [OffenceFactory(child=child).pk],
            "consent_to_contact": "True",
            "restorative_justice": "indirect",
            "support_requested": "on",
        },
        lambda v: (
            v.name == "Corner shop"
            and v.consent_to_contact is True
            and not v.is_person
            and v.support_requested
            and v.offences.count() == 1
        ),
    ),
    Kind(
        "care",
        "care",
        CareEpisode,
        lambda child: CareEpisodeFactory(child=child),
        lambda child, user: {
            "status": "looked_after",
            **date_input("start", dt.date(2024, 1, 5)),
        },
        lambda e: e.status == "looked_after" and e.start == dt.date(2024, 1, 5),
    ),
    Kind(
        "accommodation",
        "accommodation",
        AccommodationEpisode,
        lambda child: AccommodationEpisodeFactory(child=child),
        lambda child, user: {
            "accommodation_type": AccommodationType.objects.get(code="foster").pk,
            "suitability": "suitable",
            **date_input("start", dt.date(2024, 1, 5)),
            **date_input("secured_on", dt.date(2023, 12, 1)),
        },
        lambda e: e.accommodation_type.code == "foster" and e.secured_on == dt.date(2023, 12, 1),
    ),
    Kind(
        "ete",
        "ete",
        EteEpisode,
        lambda child: EteEpisodeFactory(child=child),
        lambda child, user: {
            "provision_type": EteProvisionType.objects.get(code="college").pk,
            "suitability": "suitable",
            "hours_offered": "16",
            "hours_attended": "12",
            **date_input("start", dt.date(2023, 9, 4)),
        },
        lambda e: (
            e.provision_type.code == "college" and (e.hours_offered, e.hours_attended) == (16, 12)
        ),
    ),
    Kind(
        "send",
        "send",
        SendRecord,
        lambda child: SendRecordFactory(child=child, academic_year=2021),
        lambda child, user: {
            "academic_year": "2023",
            "need_identified": "True",
            "formal_plan": "ehcp",
        },
        lambda r: r.academic_year == 2023 and r.need_identified and r.formal_plan == "ehcp",
    ),
    Kind(
        "health",
        "health",
        HealthEpisode,
        lambda child: HealthEpisodeFactory(child=child),
        lambda child, user: {
            "need": "substance_misuse",
            **date_input("start", dt.date(2024, 2, 1)),
            **date_input("screened_on", dt.date(2024, 2, 1)),
            "need_identified": "True",
            "intervention_offered": "targeted",
            "attending": "on",
        },
        lambda e: e.need == "substance_misuse" and e.need_identified and e.attending,
    ),
]
KIND_IDS = [k.slug for k in KINDS]


def new_url(kind: Kind, child: Child) -> str:
    return reverse(f"casework:{kind.slug}_new", args=[child.reference])


def edit_url(kind: Kind, child: Child, obj: Any) -> str:
    return reverse(f"casework:{kind.slug}_edit", args=[child.reference, obj.pk])


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_each_form_adds_its_record_and_says_so(signed_in, practitioner, child, kind):
    assert signed_in.get(new_url(kind, child)).status_code == 200
    before = set(kind.model.objects.values_list("pk", flat=True))
    response = signed_in.post(new_url(kind, child), kind.data(child, practitioner))
    assert response.status_code == 302, error_summary(response)
    assert response["Location"] == reverse("casework:child", args=[child.reference])
    (created,) = kind.model.objects.exclude(pk__in=before)
    assert created.child == child and kind.saved(created)
    assert created.history.earliest().history_user == practitioner
    banner = text_of(signed_in.get(response["Location"]))
    assert "Success" in banner and "added" in banner


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_each_form_changes_its_record(signed_in, practitioner, child, kind):
    obj = kind.existing(child)
    page = signed_in.get(edit_url(kind, child, obj))
    assert page.status_code == 200 and title_of(page).startswith("Change")
    response = signed_in.post(edit_url(kind, child, obj), kind.data(child, practitioner))
    assert response.status_code == 302, error_summary(response)
    obj.refresh_from_db()
    assert kind.saved(obj)
    latest = obj.history.latest()
    assert latest.history_type == "~" and latest.history_user == practitioner
    assert "changed" in text_of(signed_in.get(response["Location"]))


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_another_teams_practitioner_gets_403_and_changes_nothing(client, child, kind):
    obj = kind.existing(child)
    outsider = practitioner_of(TeamFactory(name="South"))
    sign_in(client, outsider)
    count = kind.model.objects.count()
    history = obj.history.count()
    data = kind.data(child, outsider)
    assert client.get(new_url(kind, child)).status_code == 403
    assert client.post(new_url(kind, child), data).status_code == 403
    assert client.get(edit_url(kind, child, obj)).status_code == 403
    assert client.post(edit_url(kind, child, obj), data).status_code == 403
    assert kind.model.objects.filter(child=child).count() == count - (
        kind.model.objects.exclude(child=child).count()
    )
    assert obj.history.count() == history
    assert not kind.saved(type(obj).objects.get(pk=obj.pk))


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_an_auditor_may_read_but_not_change(client, child, kind):
    obj = kind.existing(child)
    sign_in(client, UserFactory(roles=[(Role.AUDITOR, None)]))
    assert client.get(reverse("casework:child", args=[child.reference])).status_code == 200
    assert client.get(new_url(kind, child)).status_code == 403
    assert client.post(edit_url(kind, child, obj), {}).status_code == 403


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_another_childs_record_is_not_found_through_this_child(signed_in, child, kind):
    other = ChildFactory(team=child.team)
    theirs = kind.existing(other)
    assert signed_in.get(edit_url(kind, child, theirs)).status_code == 404
    assert signed_in.post(edit_url(kind, child, theirs), {}).status_code == 404


# --- bad input: a GOV.UK error summary naming the field, and nothing saved -----------------------


def assert_rejected(response, *expected: tuple[str, str]):
    """The page is shown again, titled "Error: ...", with each ``(link, message)`` in
    the error summary and the message beside its field."""
    assert response.status_code == 200
    assert title_of(response).startswith("Error: ")
    errors = error_summary(response)
    page = response.content.decode()
    for href, message in expected:
        assert (href, message) in errors, errors
        field_id = href[1:].removesuffix("_0")
        assert f'id="{field_id}-error"' in page and message.replace("'", "&#x27;") in page


def test_an_offence_needs_a_real_date_in_the_past_after_the_childs_10th_birthday(signed_in, child):
    url = reverse("casework:offence_new", args=[child.reference])
    cases = [
        ({}, "Select the offence type", "#id_offence_type"),
        (date_input("date"), "Enter the date of the offence", "#id_date_0"),
        (
            date_input("date", parts=("31", "2", "2024")),
            "The date of the offence must be a real date",
            "#id_date_0",
        ),
        (
            date_input("date", parts=("3", "", "2024")),
            "The date of the offence must include a month",
            "#id_date_0",
        ),
        (
            date_input("date", dt.date(2024, 6, 4)),
            "The date of the offence must be today or in the past",
            "#id_date_0",
        ),
        (
            date_input("date", dt.date(2018, 5, 16)),
            "The date of the offence must be on or after the child's 10th birthday",
            "#id_date_0",
        ),
    ]
    for dates, message, href in cases:
        data = {"offence_type": "" if not dates else offence_type("theft"), **dates}
        assert_rejected(signed_in.post(url, data), (href, message))
    assert not Offence.objects.exists()


def test_an_outcome_rejects_an_end_before_its_start_and_another_childs_offences(signed_in, child):
    url = reverse("casework:outcome_new", args=[child.reference])
    mine = OffenceFactory(child=child, date=dt.date(2024, 1, 5))
    theirs = OffenceFactory(child=ChildFactory(team=child.team))
    base = {"outcome_type": outcome_type("yro"), **date_input("date", dt.date(2024, 2, 1))}
    assert_rejected(
        signed_in.post(
            url,
            {
                **base,
                "offences": [mine.pk],
                **date_input("start", dt.date(2024, 2, 1)),
                **date_input("end", dt.date(2024, 1, 1)),
            },
        ),
        ("#id_end_0", "The end date must be on or after the start date"),
    )
    assert_rejected(
        signed_in.post(url, {**base, "offences": [theirs.pk]}),
        ("#id_offences_0", "Select the offences from the list"),
    )
    assert_rejected(
        signed_in.post(
            url, {**base, **date_input("date", dt.date(2024, 1, 1)), "offences": [mine.pk]}
        ),
        ("#id_date_0", "The date of the outcome must be on or after the date of its offences"),
    )
    assert_rejected(
        signed_in.post(url, {**base, "length_months": "twelve"}),
        ("#id_length_months", "Length in months must be a whole number"),
    )
    assert not Outcome.objects.exists()


def test_an_intervention_checks_its_status_panel_and_case_manager(signed_in, practitioner, child):
    url = reverse("casework:intervention_new", args=[child.reference])
    stranger = practitioner_of(TeamFactory(name="South"))
    base = {
        **date_input("start", dt.date(2024, 1, 1)),
        "level": "standard",
        "status": "open",
        "case_manager": practitioner.pk,
        "team": child.team.pk,
    }
    assert_rejected(
        signed_in.post(url, {**base, **date_input("end", dt.date(2024, 3, 1))}),
        ("#id_status_0", "An intervention with an end date is not open"),
    )
    assert_rejected(
        signed_in.post(
            url, {**base, "status": "completed", **date_input("end", dt.date(2023, 3, 1))}
        ),
        ("#id_end_0", "The end date must be on or after the start date"),
    )
    assert_rejected(
        signed_in.post(url, {**base, "panel_recommendation": "nfa"}),
        (
            "#id_referred_to_panel",
            "Select 'Referred to the joint decision panel' to record the panel",
        ),
    )
    assert_rejected(
        signed_in.post(url, {**base, "case_manager": stranger.pk}),
        ("#id_case_manager", "Select the case manager from the list"),
    )
    assert_rejected(
        signed_in.post(url, {"level": "standard", "status": "open", "team": child.team.pk}),
        ("#id_start_0", "Enter the start date"),
        ("#id_case_manager", "Select the case manager"),
    )
    assert not Intervention.objects.exists()


def test_a_new_intervention_suggests_the_childs_team_latest_outcome_and_the_user(
    signed_in, practitioner, child
):
    OutcomeFactory(child=child, date=dt.date(2023, 1, 1))
    latest = OutcomeFactory(child=child, date=dt.date(2024, 1, 1), code="yro")
    page = signed_in.get(reverse("casework:intervention_new", args=[child.reference]))
    html = page.content.decode()
    assert f'<option value="{latest.pk}" selected>' in html
    assert f'<option value="{practitioner.pk}" selected>' in html
    assert f'<option value="{child.team.pk}" selected>' in html


def test_a_contact_is_dated_today_for_the_open_intervention_and_recorded_by_the_user(
    signed_in, practitioner, child
):
    InterventionFactory(
        child=child, start=dt.date(2022, 1, 1), status="completed", end=dt.date(2022, 6, 1)
    )
    current = InterventionFactory(child=child, start=dt.date(2024, 1, 1))
    url = reverse("casework:contact_new", args=[child.reference])
    html = signed_in.get(url).content.decode()
    assert 'name="date_0" type="text" inputmode="numeric" value="3"' in html
    assert 'name="date_2" type="text" inputmode="numeric" value="2024"' in html
    assert f'<option value="{current.pk}" selected>' in html
    response = signed_in.post(
        url,
        {
            "intervention": current.pk,
            **date_input("date", TODAY),
            "time": "10:30",
            "duration_minutes": "60",
            "kind": "home_visit",
            "location": "At home",
            "outcome": "attended",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.recorded_by == practitioner and contact.intervention == current


def contact_with_notes(notes: str, current) -> dict[str, Any]:
    return {
        "intervention": current.pk,
        **date_input("date", TODAY),
        "time": "10:30",
        "duration_minutes": "60",
        "kind": "home_visit",
        "location": "At home",
        "outcome": "attended",
        "notes": notes,
    }


def test_a_2_mb_note_is_refused_naming_the_field_and_the_limit_and_nothing_is_saved(
    signed_in, child
):
    current = InterventionFactory(child=child, start=dt.date(2024, 1, 1))
    url = reverse("casework:contact_new", args=[child.reference])
    form = signed_in.get(url).content.decode()
    assert "You can enter up to 20,000 characters." in form  # the form says the limit

    response = signed_in.post(url, contact_with_notes("x" * 2_000_000, current))
    assert_rejected(response, ("#id_notes", "Notes must be 20,000 characters or fewer"))
    assert not Contact.objects.exists()

    response = signed_in.post(url, contact_with_notes("x" * 20_001, current))
    assert_rejected(response, ("#id_notes", "Notes must be 20,000 characters or fewer"))
    assert not Contact.objects.exists()

    assert signed_in.post(url, contact_with_notes("x" * 20_000, current)).status_code == 302
    assert len(Contact.objects.get().notes) == 20_000


def test_a_request_body_over_the_cap_is_refused_with_a_page_saying_so_and_nothing_saved(
    signed_in, child, settings
):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    current = InterventionFactory(child=child, start=dt.date(2024, 1, 1))
    url = reverse("casework:contact_new", args=[child.reference])
    response = signed_in.post(url, contact_with_notes("x" * 3_000_000, current))
    assert response.status_code == 400
    assert "Sorry, there is a problem with what was sent" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_contact_needs_its_kind_time_and_whether_the_child_attended(signed_in, child):
    response = signed_in.post(
        reverse("casework:contact_new", args=[child.reference]), date_input("date", TODAY)
    )
    assert_rejected(
        response,
        ("#id_time", "Enter the time of the contact"),
        ("#id_kind_0", "Select the kind of contact"),
        ("#id_outcome_0", "Select whether the child attended"),
    )
    assert not Contact.objects.exists()


def test_a_missed_contact_can_have_a_warning_or_breach(signed_in, practitioner, child):
    missed = ContactFactory(child=child, outcome="did_not_attend", date=dt.date(2024, 5, 1))
    record = text_of(signed_in.get(reverse("casework:child", args=[child.reference])))
    assert "Decide on enforcement" in record
    url = reverse("casework:enforcement_new", args=[child.reference, missed.pk])
    assert "that the child did not attend" in text_of(signed_in.get(url))
    assert_rejected(
        signed_in.post(url, {"kind": "warning", **date_input("date", dt.date(2024, 4, 1))}),
        ("#id_date_0", "The date of the decision must be on or after the missed contact"),
    )
    assert not EnforcementAction.objects.exists()
    response = signed_in.post(url, {"kind": "warning", **date_input("date", dt.date(2024, 5, 2))})
    assert response.status_code == 302
    action = EnforcementAction.objects.get()
    assert action.contact == missed and action.history.get().history_user == practitioner
    edit = reverse("casework:enforcement_edit", args=[child.reference, action.pk])
    signed_in.post(edit, {"kind": "breach", **date_input("date", dt.date(2024, 5, 2))})
    action.refresh_from_db()
    assert action.kind == "breach"
    # The contact keeps its enforcement: it can no longer be marked attended.
    assert_rejected(
        signed_in.post(
            reverse("casework:contact_edit", args=[child.reference, missed.pk]),
            {
                **date_input("date", dt.date(2024, 5, 1)),
                "time": "11:00",
                "duration_minutes": "30",
                "kind": "face_to_face",
                "location": "The office",
                "outcome": "attended",
            },
        ),
        (
            "#id_outcome_0",
            "This contact has an enforcement decision: it must stay 'did not attend'",
        ),
    )
    assert Contact.objects.get().outcome == "did_not_attend"


def test_no_enforcement_on_an_attended_contact_or_another_childs(signed_in, child):
    attended = ContactFactory(child=child)
    theirs = ContactFactory(child=ChildFactory(team=child.team), outcome="did_not_attend")
    action = EnforcementActionFactory(contact=theirs)
    for url in (
        reverse("casework:enforcement_new", args=[child.reference, attended.pk]),
        reverse("casework:enforcement_new", args=[child.reference, theirs.pk]),
        reverse("casework:enforcement_edit", args=[child.reference, action.pk]),
    ):
        assert signed_in.get(url).status_code == 404
        assert signed_in.post(url, {"kind": "warning"}).status_code == 404


def test_enforcement_is_closed_to_another_team(client, child):
    missed = ContactFactory(child=child, outcome="did_not_attend")
    action = EnforcementActionFactory(contact=missed)
    sign_in(client, practitioner_of(TeamFactory(name="South")))
    for url in (
        reverse("casework:enforcement_new", args=[child.reference, missed.pk]),
        reverse("casework:enforcement_edit", args=[child.reference, action.pk]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"kind": "breach", **date_input("date", TODAY)}).status_code == 403
    action.refresh_from_db()
    assert action.kind == "warning" and EnforcementAction.objects.count() == 1


def test_a_victim_needs_a_name_and_only_this_childs_offences(signed_in, child):
    url = reverse("casework:victim_new", args=[child.reference])
    theirs = OffenceFactory(child=ChildFactory(team=child.team))
    assert_rejected(
        signed_in.post(url, {"restorative_justice": "not_offered"}),
        ("#id_name", "Enter the victim's name or a description"),
    )
    assert_rejected(
        signed_in.post(
            url, {"name": "A", "restorative_justice": "not_offered", "offences": [theirs.pk]}
        ),
        ("#id_offences_0", "Select the offences from the list"),
    )
    assert not Victim.objects.exists()


@pytest.mark.parametrize(
    ("slug", "data", "href", "message"),
    [
        (
            "care",
            {
                "status": "child_in_need",
                **date_input("start", dt.date(2024, 2, 1)),
                **date_input("end", dt.date(2024, 1, 1)),
            },
            "#id_end_0",
            "The end date must be on or after the start date",
        ),
        (
            "care",
            {**date_input("start", dt.date(2024, 2, 1))},
            "#id_status_0",
            "Select the care status",
        ),
        (
            "accommodation",
            {
                "accommodation_type": "bed-and-breakfast",
                "suitability": "suitable",
                **date_input("start", dt.date(2024, 2, 1)),
            },
            "#id_suitability_0",
            "Bed and breakfast is never suitable accommodation",
        ),
        (
            "accommodation",
            {
                "accommodation_type": "foster",
                "suitability": "suitable",
                **date_input("start", dt.date(2024, 2, 1)),
                **date_input("secured_on", dt.date(2024, 2, 2)),
            },
            "#id_secured_on_0",
            "The date secured must be on or before 1 February 2024, the date the child moved in",
        ),
        (
            "ete",
            {
                "provision_type": "college",
                "suitability": "suitable",
                "hours_offered": "10",
                "hours_attended": "12",
                **date_input("start", dt.date(2024, 2, 1)),
            },
            "#id_hours_attended",
            "Hours attended must not be more than hours offered",
        ),
        (
            "ete",
            {
                "provision_type": "college",
                "suitability": "suitable",
                "hours_offered": "x",
                **date_input("start", dt.date(2024, 2, 1)),
            },
            "#id_hours_offered",
            "Hours offered a week must be a whole number",
        ),
        (
            "ete",
            {
                "provision_type": "college",
                "suitability": "suitable",
                "hours_offered": "200",
                **date_input("start", dt.date(2024, 2, 1)),
            },
            "#id_hours_offered",
            "Hours offered a week must be 168 or less",
        ),
        (
            "ete",
            {
                "provision_type": "college",
                "suitability": "suitable",
                **date_input("start", parts=("1", "2", "24")),
            },
            "#id_start_0",
            "The year of the start date must include 4 numbers",
        ),
        (
            "health",
            {
                "need": "mental_health",
                "need_identified": "True",
                "attending": "on",
                **date_input("start", dt.date(2024, 2, 1)),
            },
            "#id_attending",
            "Say which intervention the child is attending",
        ),
        (
            "health",
            {
                "need": "mental_health",
                "need_identified": "True",
                "intervention_offered": "specialist",
                **date_input("start", dt.date(2024, 2, 1)),
            },
            "#id_intervention_offered",
            "Choose an intervention for mental health and emotional wellbeing",
        ),
        (
            "health",
            {"need": "mental_health", **date_input("start", dt.date(2024, 2, 1))},
            "#id_need_identified_0",
            "Select yes if screening identified a need",
        ),
        (
            "send",
            {"need_identified": "False", "formal_plan": "none"},
            "#id_academic_year",
            "Select the academic year",
        ),
    ],
)
def test_episodes_reject_bad_input_and_save_nothing(signed_in, child, slug, data, href, message):
    if "accommodation_type" in data:
        data["accommodation_type"] = AccommodationType.objects.get(
            code=data["accommodation_type"]
        ).pk
    if "provision_type" in data:
        data["provision_type"] = EteProvisionType.objects.get(code=data["provision_type"]).pk
    kind = next(k for k in KINDS if k.slug == slug)
    assert_rejected(signed_in.post(new_url(kind, child), data), (href, message))
    assert not kind.model.objects.exists()


def test_one_send_record_a_year(signed_in, child):
    SendRecordFactory(child=child, academic_year=2023)
    assert_rejected(
        signed_in.post(
            reverse("casework:send_new", args=[child.reference]),
            {"academic_year": "2023", "need_identified": "True", "formal_plan": "none"},
        ),
        ("#id_academic_year", "There is already a record for 2023 to 2024: change that one"),
    )
    assert SendRecord.objects.count() == 1


def test_an_edit_with_bad_input_changes_nothing(signed_in, child):
    episode = EteEpisodeFactory(child=child, hours_offered=25, hours_attended=20)
    rows = episode.history.count()
    response = signed_in.post(
        reverse("casework:ete_edit", args=[child.reference, episode.pk]),
        {
            "provision_type": episode.provision_type.pk,
            "suitability": "unsuitable",
            "hours_offered": "5",
            "hours_attended": "6",
            **date_input("start", episode.start),
        },
    )
    assert_rejected(
        response, ("#id_hours_attended", "Hours attended must not be more than hours offered")
    )
    episode.refresh_from_db()
    assert (episode.suitability, episode.hours_offered) == ("suitable", 25)
    assert episode.history.count() == rows


# --- the child's own details ---------------------------------------------------------------------


def child_data(team, **changes):
    return {
        "first_name": "Tia",
        "last_name": "Morgan",
        **date_input("date_of_birth", dt.date(2009, 2, 1)),
        "sex": "female",
        "home_local_authority": "Medway",
        "send_status": "unknown",
        "team": team.pk,
        **changes,
    }


def test_a_new_child_gets_the_next_reference(signed_in, practitioner, north):
    ChildFactory(team=north, reference="CF-000123")
    ChildFactory(team=north, reference="CF-99")
    ChildFactory(team=north, reference="OLD-5000")
    assert signed_in.get(reverse("casework:child_new")).status_code == 200
    response = signed_in.post(reverse("casework:child_new"), child_data(north))
    assert response.status_code == 302
    child = Child.objects.get(first_name="Tia")
    assert child.reference == "CF-000124" and child.team == north
    assert response["Location"] == "/children/CF-000124/"
    assert child.history.get().history_user == practitioner
    assert "Tia Morgan added with reference CF-000124" in text_of(
        signed_in.get("/children/CF-000124/")
    )


def test_the_first_child_is_cf_000001():
    assert services.next_child_reference() == "CF-000001"


def test_a_new_child_needs_names_date_of_birth_sex_and_team(signed_in):
    response = signed_in.post(reverse("casework:child_new"), {"send_status": "unknown"})
    assert_rejected(
        response,
        ("#id_first_name", "Enter the child's first name"),
        ("#id_last_name", "Enter the child's last name"),
        ("#id_date_of_birth_0", "Enter the child's date of birth"),
        ("#id_sex_0", "Select the child's sex"),
        ("#id_home_local_authority", "Enter the child's home local authority"),
        ("#id_team", "Select the team that works with the child"),
    )
    assert not Child.objects.exists()


def test_a_date_of_birth_is_in_the_past_and_names_are_not_too_long(signed_in, north):
    response = signed_in.post(
        reverse("casework:child_new"),
        child_data(north, first_name="x" * 101, **date_input("date_of_birth", TODAY)),
    )
    assert_rejected(
        response,
        ("#id_date_of_birth_0", "The date of birth must be in the past"),
        ("#id_first_name", "First name must be 100 characters or fewer"),
    )
    assert not Child.objects.exists()


def test_a_practitioner_adds_children_only_to_their_own_team(signed_in, north):
    south = TeamFactory(name="South")
    assert_rejected(
        signed_in.post(reverse("casework:child_new"), child_data(south)),
        ("#id_team", "Select the team from the list"),
    )
    assert not Child.objects.exists()


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.POLICE_PANEL, Role.BOARD_MEMBER])
def test_only_casework_staff_add_children(client, north, role):
    sign_in(client, UserFactory(roles=[(role, None)]))
    assert client.get(reverse("casework:child_new")).status_code == 403
    assert client.post(reverse("casework:child_new"), child_data(north)).status_code == 403
    assert not Child.objects.exists()


def test_editing_the_child_keeps_the_history(signed_in, practitioner, child):
    url = reverse("casework:child_edit", args=[child.reference])
    assert signed_in.get(url).status_code == 200
    response = signed_in.post(url, child_data(child.team, first_name="Jordy", last_name="Ellis"))
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.first_name == "Jordy" and child.reference.startswith("CF-")
    assert child.history.latest().history_user == practitioner
    history = text_of(signed_in.get(reverse("casework:history", args=[child.reference])))
    assert "First name Jordan Jordy" in history


def test_restricting_a_record_needs_named_staff(client, practitioner, child):
    # Only a manager restricts a record (issue 11, item 6): the child's team manager here.
    sign_in(client, manager_of(child.team))
    url = reverse("casework:restriction", args=[child.reference])
    assert_rejected(
        client.post(url, {"restricted": "True"}),
        ("#id_restricted_to_0", "Select the staff who can open this record"),
    )
    child.refresh_from_db()
    assert not child.restricted
    response = client.post(url, {"restricted": "True", "restricted_to": [practitioner.pk]})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.restricted and list(child.restricted_to.all()) == [practitioner]


def test_restricting_a_record_to_others_closes_it_to_a_practitioner(signed_in, practitioner, child):
    colleague = practitioner_of(child.team)
    client = type(signed_in)()
    sign_in(client, manager_of(child.team))
    response = client.post(
        reverse("casework:restriction", args=[child.reference]),
        {"restricted": "True", "restricted_to": [colleague.pk]},
    )
    assert response.status_code == 302
    assert signed_in.get(reverse("casework:child", args=[child.reference])).status_code == 403


def test_another_team_cannot_edit_the_child(client, child):
    sign_in(client, practitioner_of(TeamFactory(name="South")))
    url = reverse("casework:child_edit", args=[child.reference])
    assert client.get(url).status_code == 403
    assert client.post(url, child_data(child.team, first_name="Changed")).status_code == 403
    child.refresh_from_db()
    assert child.first_name == "Jordan"


# --- the services on their own -------------------------------------------------------------------


def test_a_service_refuses_another_childs_offences_and_saves_nothing(practitioner, child):
    theirs = OffenceFactory(child=ChildFactory(team=child.team))
    with pytest.raises(CaseworkError) as error:
        services.record_outcome(
            actor=practitioner,
            child=child,
            data={
                "outcome_type": OutcomeType.objects.get(code="fine"),
                "date": TODAY,
                "offences": [theirs],
            },
        )
    assert "offences" in error.value.message_dict
    assert not Outcome.objects.exists()


def test_a_service_validates_the_model_before_saving(practitioner, child):
    with pytest.raises(CaseworkError) as error:
        services.record_care_episode(
            actor=practitioner,
            child=child,
            data={"status": "early_help", "start": TODAY, "end": dt.date(2020, 1, 1)},
        )
    assert error.value.message_dict == {"end": ["The end date must be on or after the start date"]}
    assert not CareEpisode.objects.exists()


def test_a_service_never_moves_a_record_to_another_child(practitioner, child):
    offence = OffenceFactory(child=child)
    with pytest.raises(TypeError):
        services.update_offence(actor=practitioner, offence=offence, data={"child": ChildFactory()})
    offence.refresh_from_db()
    assert offence.child == child


def test_a_new_outcome_and_its_offences_are_saved_together(practitioner, child):
    offence = OffenceFactory(child=child)
    outcome = services.record_outcome(
        actor=practitioner,
        child=child,
        data={
            "outcome_type": OutcomeType.objects.get(code="fine"),
            "date": TODAY,
            "offences": [offence],
        },
    )
    assert list(outcome.offences.all()) == [offence]
    assert {h.history_user for h in outcome.history.all()} == {practitioner}


@pytest.mark.parametrize(
    "form_class",
    [
        forms.ChildForm,
        forms.OutcomeForm,
        forms.InterventionForm,
        forms.VictimForm,
        forms.HealthEpisodeForm,
    ],
)
def test_every_question_of_a_form_is_in_one_of_its_sections(form_class):
    listed = [name for _, names in form_class.sections for name in names]
    assert sorted(listed) == sorted(form_class.base_fields)
