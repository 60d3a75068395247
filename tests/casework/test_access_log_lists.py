"""Lists that name children write the access log (issue 12, finding 7): each list logs
the children on the page shown, and only those, as ``list``; exports as ``export``."""

from __future__ import annotations

import pytest
from django.urls import reverse

from childfirst.accounts.models import AccessLog
from childfirst.casework.models import WorkStatus
from childfirst.casework.selectors.records import PAGE_SIZE
from tests.casework.conftest import sign_in
from tests.casework.document_files import add_document
from tests.casework.factories import (
    AssessmentFactory,
    ChildFactory,
    InterventionFactory,
    TeamFactory,
    manager_of,
    practitioner_of,
)

pytestmark = pytest.mark.django_db


def logged_for(user) -> list[tuple[int, str]]:
    return sorted(AccessLog.objects.filter(user=user).values_list("child_id", "kind"))


@pytest.fixture
def north(db):
    return TeamFactory(name="North")


def test_the_search_logs_exactly_the_children_on_the_page_shown(client, north):
    person = practitioner_of(north)
    children = [ChildFactory(team=north, last_name=f"Surname{n:02d}") for n in range(PAGE_SIZE + 2)]
    ChildFactory(team=TeamFactory(name="South"))  # not theirs: never listed, never logged
    sign_in(client, person)
    assert client.get(reverse("casework:search")).status_code == 200
    first_page = sorted(children, key=lambda c: c.last_name)[:PAGE_SIZE]
    assert logged_for(person) == sorted((c.pk, "list") for c in first_page)
    AccessLog.objects.all().delete()
    assert client.get(reverse("casework:search"), {"page": 2}).status_code == 200
    rest = sorted(children, key=lambda c: c.last_name)[PAGE_SIZE:]
    assert logged_for(person) == sorted((c.pk, "list") for c in rest)
    AccessLog.objects.all().delete()
    assert client.get(reverse("casework:search"), {"q": "Surname03"}).status_code == 200
    assert logged_for(person) == [(children[3].pk, "list")]


def test_the_caseload_logs_the_children_on_it(client, north):
    person = practitioner_of(north)
    mine = [InterventionFactory(child=ChildFactory(team=north), case_manager=person) for _ in "ab"]
    InterventionFactory(child=ChildFactory(team=north))  # another case manager's
    sign_in(client, person)
    assert client.get(reverse("casework:caseload")).status_code == 200
    assert logged_for(person) == sorted((i.child_id, "list") for i in mine)


def test_the_team_page_and_its_lists_log_the_children_they_name(client, north):
    manager = manager_of(north)
    child = ChildFactory(team=north)
    intervention = InterventionFactory(child=child)
    AssessmentFactory(
        child=child,
        author=intervention.case_manager,
        intervention=intervention,
        status=WorkStatus.SUBMITTED,
    )
    other = InterventionFactory(child=ChildFactory(team=north))
    sign_in(client, manager)
    assert client.get(reverse("casework:team")).status_code == 200
    # The oversight queue names the child whose assessment waits; the caseload table
    # shows counts, not children.
    assert logged_for(manager) == [(child.pk, "list")]
    AccessLog.objects.all().delete()
    assert client.get(reverse("casework:team_children")).status_code == 200
    assert logged_for(manager) == sorted([(child.pk, "list"), (other.child_id, "list")])


def test_a_document_download_is_logged_as_an_export(client, north):
    person = practitioner_of(north)
    child = ChildFactory(team=north)
    document = add_document(child=child, by=person)
    sign_in(client, person)
    url = reverse("casework:document_download", args=[child.reference, document.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)  # read through the test client's wrapper
    assert logged_for(person) == [(child.pk, "export")]
