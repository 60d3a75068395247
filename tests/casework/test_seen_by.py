"""Who has seen this child, and unusual access to records (issue 12, item 14): pages for
service managers only, refused to everyone else exactly as an unknown child is."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from childfirst.accounts.models import AccessLog, Role
from childfirst.casework.models import Child
from tests.casework.conftest import sign_in, text_of
from tests.casework.factories import (
    ChildFactory,
    TeamFactory,
    UserFactory,
    manager_of,
    practitioner_of,
)

pytestmark = pytest.mark.django_db


def _page(response):
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "csrf", body)
    return response.status_code, re.sub(r'nonce="[^"]*"', "nonce", body)


@pytest.fixture
def north(db):
    return TeamFactory(name="North")


@pytest.fixture
def svc(db):
    return UserFactory(roles=[(Role.SERVICE_MANAGER, None)], username="svc")


def seen_url(child):
    return reverse("casework:seen_by", args=[child.reference])


def test_a_record_nobody_has_seen_says_so_and_opening_the_page_is_logged(client, north, svc):
    child = ChildFactory(team=north)
    response = sign_in(client, svc).get(seen_url(child))
    assert response.status_code == 200
    assert "Nobody has seen this record yet" in text_of(response)
    assert list(AccessLog.objects.values_list("user_id", "child_id", "kind", "path")) == [
        (svc.pk, child.pk, "view", seen_url(child))
    ]
    # The next time, that opening is listed.
    assert seen_url(child) in text_of(client.get(seen_url(child)))


def test_the_page_lists_who_when_what_and_where_newest_first(client, north, svc):
    child = ChildFactory(team=north)
    person = practitioner_of(north, first_name="Priya", last_name="Patel")
    sign_in(client, person)
    client.get(reverse("casework:child", args=[child.reference]))
    client.get(reverse("casework:search"))
    AccessLog.objects.update(viewed_at=timezone.now() - dt.timedelta(hours=1))
    stranger = practitioner_of(TeamFactory(name="South"), first_name="Sam", last_name="Stone")
    sign_in(client, stranger).get(reverse("casework:history", args=[child.reference]))
    text = text_of(sign_in(client, svc).get(seen_url(child)))
    assert "3 entries in the access log" in text
    refused = text.index("Sam Stone")
    listed = text.index("Named in a list")
    viewed = text.index(f"Viewed /children/{child.reference}/")
    assert refused < listed < viewed  # newest first
    assert "Refused" in text[refused:listed]


def test_the_page_is_paginated(client, north, svc):
    child = ChildFactory(team=north)
    person = practitioner_of(north)
    AccessLog.objects.bulk_create(
        AccessLog(user=person, child=child, path=f"/children/{n}/") for n in range(55)
    )
    sign_in(client, svc)
    first = text_of(client.get(seen_url(child)))
    assert "55 entries" in first
    second = client.get(seen_url(child), {"page": 2})
    assert second.status_code == 200
    assert "56 entries" in text_of(second)  # the first opening is listed now
    assert "Page 2" in second.content.decode() or "page 2" in second.content.decode()


@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.AUDITOR, Role.BOARD_MEMBER]
)
def test_only_service_managers_see_who_has_seen_a_record(client, north, role):
    child = ChildFactory(team=north)
    person = UserFactory(
        roles=[(role, north if role in (Role.PRACTITIONER, Role.TEAM_MANAGER) else None)]
    )
    sign_in(client, person)
    seen = _page(client.get(seen_url(child)))
    unknown = _page(client.get(reverse("casework:seen_by", args=["CF-999999"])))
    assert seen[0] == 403
    assert seen == unknown
    assert list(AccessLog.objects.values_list("child_id", "kind")) == [(child.pk, "refused")]


def test_the_record_links_to_the_page_for_service_managers_only(client, north, svc):
    child = ChildFactory(team=north)
    record = reverse("casework:child", args=[child.reference])
    assert seen_url(child) in sign_in(client, svc).get(record).content.decode()
    assert seen_url(child) not in sign_in(client, manager_of(north)).get(record).content.decode()


# --- unusual access --------------------------------------------------------------------------


UNUSUAL = "/team/unusual-access/"


def test_unusual_access_lists_a_restricted_record_opened(client, north, svc):
    child = ChildFactory(team=north)
    Child.objects.filter(pk=child.pk).update(restricted=True)
    other = ChildFactory(team=north)
    manager = manager_of(north, first_name="Tess", last_name="Manager")
    sign_in(client, manager).get(reverse("casework:child", args=[child.reference]))
    sign_in(client, manager).get(reverse("casework:child", args=[other.reference]))
    before = AccessLog.objects.count()
    response = sign_in(client, svc).get(UNUSUAL)
    assert response.status_code == 200
    text = text_of(response)
    assert "A restricted record opened" in text and "Tess Manager" in text
    assert child.reference in text and other.reference not in text
    # The list names the child: logged as a list, for that child only.
    logged = AccessLog.objects.order_by("pk")[before:]
    assert [(r.user, r.child, r.kind) for r in logged] == [(svc, child, "list")]


def test_unusual_access_flags_many_records_outside_the_team_at_the_threshold(
    client, north, svc, settings
):
    settings.CHILDFIRST_UNUSUAL_OUTSIDE_TEAM_RECORDS = 3
    south = TeamFactory(name="South")
    person = practitioner_of(north, first_name="Olly", last_name="Outside")
    theirs = [ChildFactory(team=south) for _ in range(3)]
    AccessLog.objects.bulk_create(
        AccessLog(user=person, child=c, path="/children/x/") for c in theirs[:2]
    )
    sign_in(client, svc)
    assert "Olly Outside" not in text_of(client.get(UNUSUAL))  # two: under the threshold
    AccessLog.objects.create(user=person, child=theirs[2], path="/children/x/")
    text = text_of(client.get(UNUSUAL))
    assert "Many records outside the account's own teams" in text and "Olly Outside" in text


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.AUDITOR])
def test_unusual_access_is_refused_to_others_as_an_unknown_child_is(client, north, role):
    person = UserFactory(roles=[(role, north if role != Role.AUDITOR else None)])
    sign_in(client, person)
    refused = _page(client.get(UNUSUAL))
    unknown = _page(client.get(reverse("casework:child", args=["CF-999999"])))
    assert refused[0] == 403
    assert refused == unknown
