"""Knowing which child a record is: identifiers, searching by them and by date of birth
(issue 11, item 14), and a warning before a second record is made for one child
(item 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from childfirst.casework.errors import PossibleDuplicate
from childfirst.casework.models import Child
from childfirst.casework.services import records as services
from tests.casework.conftest import date_input, error_summary, sign_in, text_of
from tests.casework.factories import ChildFactory, TeamFactory, practitioner_of

pytestmark = pytest.mark.django_db

NHS = "943 476 5919"
UPN = "H801200001001"
PNC = "12/1234Y"


@pytest.fixture
def north():
    return TeamFactory(name="North")


@pytest.fixture
def practitioner(north):
    return practitioner_of(north, first_name="Priya", last_name="Shah")


def child_data(team, **changes):
    return {
        "first_name": "Tia",
        "last_name": "Morgan",
        **date_input("date_of_birth", dt.date(2011, 2, 1)),
        "sex": "female",
        "home_local_authority": "Medway",
        "send_status": "unknown",
        "team": team.pk,
        **changes,
    }


# --- item 14: identifiers ----------------------------------------------------------------------


def test_identifiers_are_checked_tidied_and_shown(client, practitioner, north):
    sign_in(client, practitioner)
    url = reverse("casework:child_new")
    response = client.post(
        url,
        child_data(north, nhs_number="943 476 5918", upn="A801200001001", pnc_id="12/1234Z"),
    )
    errors = dict(error_summary(response))
    assert errors["#id_nhs_number"].startswith("This is not a valid NHS number")
    assert errors["#id_upn"].startswith("This is not a valid unique pupil number")
    assert errors["#id_pnc_id"].startswith("This is not a valid PNC ID")
    assert not Child.objects.exists()
    response = client.post(
        url,
        child_data(
            north,
            nhs_number=NHS,
            upn=UPN.lower(),
            pnc_id=PNC,
            local_authority_id=" kcc-1234 ",
        ),
    )
    assert response.status_code == 302
    child = Child.objects.get()
    assert (child.nhs_number, child.upn, child.pnc_id, child.local_authority_id) == (
        "9434765919",
        UPN,
        "2012/0001234Y",
        "KCC-1234",
    )
    page = text_of(client.get(reverse("casework:child", args=[child.reference])))
    assert "PNC ID 2012/0001234Y" in page
    assert f"UPN {UPN}" in page
    assert f"NHS number {NHS}" in page
    assert "Local authority ID KCC-1234" in page


@pytest.mark.parametrize(
    "query", ["9434765919", "943-476-5919", UPN.lower(), "2012/0001234Y", "12/1234y", "kcc-1234"]
)
def test_search_finds_a_child_by_any_identifier_however_typed(client, practitioner, north, query):
    ChildFactory(
        team=north,
        last_name="Morgan",
        nhs_number="9434765919",
        upn=UPN,
        pnc_id="2012/0001234Y",
        local_authority_id="KCC-1234",
    )
    ChildFactory(team=north, last_name="Other")
    page = text_of(sign_in(client, practitioner).get(reverse("casework:search"), {"q": query}))
    assert "1 child matching" in page
    assert "Morgan" in page and "Other" not in page


@pytest.mark.parametrize("query", ["1/2/2011", "01/02/2011", "2011-02-01", "1 February 2011"])
def test_search_finds_children_by_date_of_birth_alone_or_with_a_name(
    client, practitioner, north, query
):
    ChildFactory(
        team=north, first_name="Tia", last_name="Morgan", date_of_birth=dt.date(2011, 2, 1)
    )
    ChildFactory(team=north, first_name="Ben", last_name="Adams", date_of_birth=dt.date(2011, 2, 1))
    ChildFactory(team=north, first_name="Tia", last_name="Jones", date_of_birth=dt.date(2010, 2, 1))
    sign_in(client, practitioner)
    page = text_of(client.get(reverse("casework:search"), {"q": query}))
    assert "2 children matching" in page
    assert "Morgan" in page and "Adams" in page and "Jones" not in page
    # The results show the date of birth and team.
    assert "1 February 2011" in page and "North" in page
    page = text_of(client.get(reverse("casework:search"), {"q": f"tia {query}"}))
    assert "1 child matching" in page and "Morgan" in page and "Adams" not in page


# --- item 4: duplicates ------------------------------------------------------------------------


def test_a_child_with_the_same_name_and_date_of_birth_needs_a_confirmation(
    client, practitioner, north
):
    existing = ChildFactory(
        team=north, first_name="Tia", last_name="Morgan", date_of_birth=dt.date(2011, 2, 1)
    )
    sign_in(client, practitioner)
    url = reverse("casework:child_new")
    response = client.post(url, child_data(north, first_name="TIA", last_name=" morgan"))
    assert response.status_code == 200
    assert Child.objects.count() == 1
    page = text_of(response)
    assert "This child may already have a record" in page
    assert (
        f"Tia Morgan, born 1 February 2011, North: {existing.reference} (opens in a new tab)"
        in page
    )
    assert "1 other record may be this child" in page
    assert "This is a different child from the records shown" in page
    # Confirmed, it is saved.
    response = client.post(url, {**child_data(north), "confirm_different": "on"})
    assert response.status_code == 302
    assert Child.objects.count() == 2


def test_a_shared_identifier_is_a_possible_duplicate_even_with_another_name(practitioner, north):
    ChildFactory(team=north, first_name="Tia", last_name="Morgan", nhs_number="9434765919")
    data = {
        "first_name": "Teeyah",
        "last_name": "Morgan-Smith",
        "date_of_birth": dt.date(2011, 2, 1),
        "sex": "female",
        "home_local_authority": "Medway",
        "team": north,
        "nhs_number": NHS,
    }
    with pytest.raises(PossibleDuplicate) as found:
        services.create_child(actor=practitioner, data=data)
    assert [c.last_name for c in found.value.matches] == ["Morgan"]
    assert services.create_child(actor=practitioner, data=data, confirmed_different=True).pk


def test_a_match_the_person_may_not_open_is_counted_not_shown(client, practitioner, north):
    south = TeamFactory(name="South")
    hidden = ChildFactory(
        team=south, first_name="Tia", last_name="Morgan", date_of_birth=dt.date(2011, 2, 1)
    )
    sign_in(client, practitioner)
    response = client.post(reverse("casework:child_new"), child_data(north))
    page = text_of(response)
    assert "1 record you cannot open" in page
    assert hidden.reference not in page


def test_editing_a_child_into_a_match_needs_confirmation_but_other_edits_do_not(
    client, practitioner, north
):
    ChildFactory(
        team=north, first_name="Tia", last_name="Morgan", date_of_birth=dt.date(2011, 2, 1)
    )
    twin = ChildFactory(
        team=north, first_name="Tia", last_name="Morgane", date_of_birth=dt.date(2011, 2, 1)
    )
    with pytest.raises(PossibleDuplicate):
        services.update_child(actor=practitioner, child=twin, data={"last_name": "Morgan"})
    services.update_child(
        actor=practitioner, child=twin, data={"last_name": "Morgan"}, confirmed_different=True
    )
    twin.refresh_from_db()
    # Once saved as a different child, changing something else needs no confirmation.
    services.update_child(actor=practitioner, child=twin, data={"district": "Dover"})
    sign_in(client, practitioner)
    response = client.post(
        reverse("casework:child_edit", args=[twin.reference]),
        child_data(north, district="Deal"),
    )
    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.district == "Deal"
