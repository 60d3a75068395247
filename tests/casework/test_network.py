"""The child's network (issue 11, item 16): family and carers (who holds parental
responsibility, who the child lives with), professionals with their contact details, and
the child's addresses with dates; on the record, in the chronology and in the history.

"Today" is Monday 3 June 2024 (``conftest.clock``); the child was born on 17 May 2008.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from childfirst.accounts.models import Role
from childfirst.casework.errors import CaseworkError
from childfirst.casework.models import Address, FamilyMember, Professional, tidy_postcode
from childfirst.casework.selectors.chronology import chronology
from childfirst.casework.services import records as services
from tests.casework.conftest import TODAY, date_input, error_summary, sign_in, text_of, title_of
from tests.casework.factories import (
    AddressFactory,
    AppointmentFactory,
    ChildFactory,
    FamilyMemberFactory,
    InterventionFactory,
    OutcomeFactory,
    ProfessionalFactory,
    TeamFactory,
    UserFactory,
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


def record_of(client, child) -> str:
    return text_of(client.get(reverse("casework:child", args=[child.reference])))


# --- family and carers ---------------------------------------------------------------------------


def test_adding_a_parent_with_parental_responsibility(signed_in, practitioner, child):
    url = reverse("casework:family_new", args=[child.reference])
    page = signed_in.get(url)
    assert title_of(page).startswith("Add a family member or carer")
    response = signed_in.post(
        url,
        {
            "name": "Sarah Ellis",
            "relationship": "Mother",
            "parental_responsibility": "True",
            "lives_with_child": "on",
            "phone": "07700 900982",
            "email": "sarah@example.org",
        },
    )
    assert response.status_code == 302, error_summary(response)
    mum = FamilyMember.objects.get()
    assert (mum.child, mum.parental_responsibility, mum.lives_with_child) == (child, True, True)
    assert mum.history.get().history_user == practitioner
    record = record_of(signed_in, child)
    assert "Family member or carer added" in record
    assert "Parental responsibility Sarah Ellis (Mother)" in record
    assert (
        "Sarah Ellis Mother Holds parental responsibility The child lives with them "
        "Phone: 07700 900982 Email: sarah@example.org Change Sarah Ellis (Mother)"
    ) in record


def test_a_family_member_is_checked_field_by_field_and_nothing_is_saved(signed_in, child):
    url = reverse("casework:family_new", args=[child.reference])
    response = signed_in.post(url, {})
    assert error_summary(response) == [
        ("#id_name", "Enter their full name"),
        ("#id_relationship", "Enter their relationship to the child"),
        ("#id_parental_responsibility_0", "Select whether they hold parental responsibility"),
    ]
    response = signed_in.post(
        url,
        {
            "name": "Sarah Ellis",
            "relationship": "Mother",
            "parental_responsibility": "unknown",
            "phone": "call me",
            "email": "sarah.example.org",
            **date_input("end", dt.date(2008, 5, 16)),
        },
    )
    assert error_summary(response) == [
        (
            "#id_phone",
            "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        ),
        ("#id_email", "Enter an email address in the correct format, like name@example.com"),
        (
            "#id_end_0",
            "The date they stopped being involved must be on or after 17 May 2008, the "
            "child's date of birth",
        ),
    ]
    assert not FamilyMember.objects.exists()


def test_not_known_is_an_answer_and_people_leave_rather_than_being_deleted(
    signed_in, practitioner, child, clock
):
    dad = FamilyMemberFactory(
        child=child, name="Tom Ellis", relationship="Father", parental_responsibility=None
    )
    url = reverse("casework:family_edit", args=[child.reference, dad.pk])
    html = signed_in.get(url).content.decode()
    assert 'value="unknown" checked' in html
    assert "Parental responsibility not known" in record_of(signed_in, child)
    clock(dt.datetime(2024, 6, 3, 14, 0))
    response = signed_in.post(
        url,
        {
            "name": "Tom Ellis",
            "relationship": "Father",
            "parental_responsibility": "False",
            "phone": "+44 (0)1632 960 001",
            **date_input("end", dt.date(2024, 5, 1)),
        },
    )
    assert response.status_code == 302, error_summary(response)
    dad.refresh_from_db()
    assert dad.parental_responsibility is False and dad.end == dt.date(2024, 5, 1)
    assert dad.phone == "+44 (0)1632 960 001"
    record = record_of(signed_in, child)
    assert (
        "Tom Ellis Father No longer involved from 1 May 2024 No parental responsibility" in record
    )
    entries = [(e.date, e.what) for e in chronology(child, ["network"])]
    assert entries == [
        (TODAY, "Family member or carer added: Tom Ellis (Father)"),
        (dt.date(2024, 5, 1), "No longer involved: Tom Ellis (Father)"),
    ]
    history = text_of(signed_in.get(reverse("casework:history", args=[child.reference])))
    assert "Changed: Family member or carer – Tom Ellis (Father) By Priya Shah" in history
    assert "No longer involved from (empty) 1 May 2024" in history
    assert "Holds parental responsibility (empty) No" in history


# --- professionals ------------------------------------------------------------------------------


def test_adding_a_social_worker_with_contact_details(signed_in, practitioner, child):
    url = reverse("casework:professional_new", args=[child.reference])
    response = signed_in.post(url, {"name": "Dan Cole"})
    assert error_summary(response) == [("#id_role_0", "Select their role")]
    response = signed_in.post(
        url,
        {
            "role": "social_worker",
            "name": "Dan Cole",
            "organisation": "Kent children's social care",
            "phone": "01632 960 001",
            "email": "dan.cole@example.gov.uk",
            **date_input("start", dt.date(2024, 2, 1)),
            **date_input("end", dt.date(2024, 1, 1)),
        },
    )
    assert error_summary(response) == [
        (
            "#id_end_0",
            "The date they stopped being involved must be on or after the date they became "
            "involved",
        )
    ]
    assert not Professional.objects.exists()
    data = {
        "role": "social_worker",
        "name": "Dan Cole",
        "organisation": "Kent children's social care",
        "phone": "01632 960 001",
        "email": "dan.cole@example.gov.uk",
        **date_input("start", dt.date(2024, 2, 1)),
    }
    assert signed_in.post(url, data).status_code == 302
    record = record_of(signed_in, child)
    assert (
        "Social worker Dan Cole, Kent children's social care Involved since 1 February 2024 "
        "Phone: 01632 960 001 Email: dan.cole@example.gov.uk"
    ) in record
    # Dated from when they became involved.
    (entry,) = chronology(child, ["network"])
    assert (entry.date, entry.what, entry.detail, entry.who) == (
        dt.date(2024, 2, 1),
        "Professional added: Dan Cole (social worker)",
        "Kent children's social care",
        "Priya Shah",
    )


# --- addresses ------------------------------------------------------------------------------------


def test_postcodes_are_tidied_and_checked():
    assert tidy_postcode("tn231aa") == "TN23 1AA"
    assert tidy_postcode(" sw1a  1aa ") == "SW1A 1AA"
    assert tidy_postcode("M1 1AE") == "M1 1AE"
    assert tidy_postcode("CF10 1EP") == "CF10 1EP"
    for typed in ("TN23", "12345", "TN23 1AAA", "1AA TN23"):
        assert tidy_postcode(typed) is None, typed


def address(start, end=None, **data):
    return {
        "address": "12 High Street\nAshford",
        "postcode": "tn23 1aa",
        "start": start,
        "end": end,
        **data,
    }


def test_an_address_is_checked_field_by_field(signed_in, child):
    url = reverse("casework:address_new", args=[child.reference])
    response = signed_in.post(url, {"postcode": "TN23"})
    assert error_summary(response) == [
        ("#id_address", "Enter the address"),
        ("#id_postcode", "Enter a real postcode, like TN23 1AA"),
        ("#id_start_0", "Enter the date the child moved in"),
    ]
    response = signed_in.post(
        url,
        {
            "address": "12 High Street",
            **date_input("start", TODAY + dt.timedelta(days=1)),
            **date_input("end", dt.date(2024, 1, 1)),
        },
    )
    assert error_summary(response) == [
        ("#id_start_0", "The date the child moved in must be today or in the past"),
        ("#id_end_0", "The date the child moved out must be on or after the date they moved in"),
    ]
    response = signed_in.post(
        url,
        {
            "address": "12 High Street",
            **date_input("start", dt.date(2024, 2, 1)),
            **date_input("end", dt.date(2024, 1, 1)),
        },
    )
    assert error_summary(response) == [
        ("#id_end_0", "The date the child moved out must be on or after the date they moved in"),
    ]
    assert not Address.objects.exists()


def test_a_move_ends_the_address_before_it(signed_in, practitioner, child):
    old = services.record_address(
        actor=practitioner, child=child, data=address(dt.date(2020, 9, 1))
    )
    assert old.postcode == "TN23 1AA"
    response = signed_in.post(
        reverse("casework:address_new", args=[child.reference]),
        {
            "address": "Flat 3, 8 Mill Lane\nCanterbury",
            "postcode": "CT1 2AB",
            **date_input("start", dt.date(2024, 4, 15)),
        },
    )
    assert response.status_code == 302, error_summary(response)
    old.refresh_from_db()
    assert old.end == dt.date(2024, 4, 14)
    assert old.history.latest().history_user == practitioner
    new = Address.objects.get(end__isnull=True)
    assert str(new) == "Flat 3, 8 Mill Lane, CT1 2AB"
    record = record_of(signed_in, child)
    assert "Current address Flat 3, 8 Mill Lane Canterbury CT1 2AB Since 15 April 2024" in record
    assert (
        "Current address Since 15 April 2024 Flat 3, 8 Mill Lane Canterbury CT1 2AB Change "
        "the address Flat 3, 8 Mill Lane, CT1 2AB Previous address 1 September 2020 to "
        "14 April 2024 12 High Street Ashford TN23 1AA"
    ) in record
    assert [(e.date, e.what, e.detail) for e in chronology(child, ["addresses"])] == [
        (dt.date(2024, 4, 15), "Address: Flat 3, 8 Mill Lane, CT1 2AB", "Current address"),
        (dt.date(2020, 9, 1), "Address: 12 High Street, TN23 1AA", "Until 14 April 2024"),
    ]


def test_a_second_current_address_from_before_the_current_one_is_refused(
    practitioner, child, clock
):
    services.record_address(actor=practitioner, child=child, data=address(dt.date(2022, 1, 1)))
    with pytest.raises(CaseworkError) as refused:
        services.record_address(
            actor=practitioner, child=child, data=address(dt.date(2022, 1, 1), address="Gran's")
        )
    assert refused.value.message_dict == {
        "end": [
            "The child's current address, 12 High Street, TN23 1AA, is from 1 January 2022: "
            "enter the date the child moved out of this one"
        ]
    }
    # An earlier address, ended, may overlap another: a child can live in two homes.
    services.record_address(
        actor=practitioner,
        child=child,
        data=address(dt.date(2021, 6, 1), dt.date(2023, 1, 1), address="Dad's, weekends"),
    )
    assert Address.objects.filter(child=child).count() == 2
    assert Address.objects.filter(child=child, end__isnull=True).count() == 1


# --- who sees the network -------------------------------------------------------------------------


@pytest.fixture
def network(child):
    FamilyMemberFactory(child=child, name="Sarah Ellis", relationship="Mother")
    ProfessionalFactory(child=child, name="Dan Cole")
    AddressFactory(child=child)
    AppointmentFactory(child=child, date=TODAY + dt.timedelta(days=1))


def test_an_auditor_reads_the_network_without_changing_it(client, child, network, clock):
    sign_in(client, UserFactory(roles=[(Role.AUDITOR, None)]))
    record = record_of(client, child)
    assert "Sarah Ellis" in record and "Dan Cole" in record and "12 High Street" in record
    assert "Tuesday 4 June 2024" in record
    for link in ("Add a family member or carer", "Add a professional", "Make an appointment"):
        assert link not in record
    assert "Record what happened" not in record


def test_the_police_panel_sees_none_of_the_network(client, north, network, clock):
    # The police panel opens the panel pack of an out-of-court case referred to the
    # panel, never the record, its history or its network (issue 11, item 9).
    child = ChildFactory(team=north, first_name="Pat", last_name="Pendragon")
    outcome = OutcomeFactory(child=child, code="youth-conditional-caution")
    referral = InterventionFactory(child=child, outcome=outcome, referred_to_panel=True)
    FamilyMemberFactory(child=child, name="Sarah Pendragon", phone="07700 900982")
    ProfessionalFactory(child=child, name="Dan Cole")
    AddressFactory(child=child, address="9 Secret Road")
    AppointmentFactory(child=child, date=TODAY + dt.timedelta(days=1))
    sign_in(client, UserFactory(roles=[(Role.POLICE_PANEL, None)]))
    for page in ("child", "history"):
        assert client.get(reverse(f"casework:{page}", args=[child.reference])).status_code == 403
    pack = client.get(reverse("casework:panel_pack", args=[child.reference, referral.pk]))
    assert pack.status_code == 200
    html = pack.content.decode()
    assert "Pat" in html  # the child's name is in the pack
    for private in ("Sarah Pendragon", "07700", "Dan Cole", "Secret Road", "Appointment"):
        assert private not in html, private
