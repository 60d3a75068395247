"""A restriction cannot hide a child's work from oversight (issue 11, item 6): only the
child's team manager or a service manager sets or lifts one, a practitioner asks, the
managers always keep access, and every change is in the history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from childfirst.casework.errors import CaseworkError, NotAllowed
from childfirst.casework.models import RestrictionRequest
from childfirst.casework.permissions import can_view_child
from childfirst.casework.selectors import work as work_selectors
from childfirst.casework.services import records as services
from childfirst.casework.services import work as work_services
from tests.casework.conftest import sign_in, text_of
from tests.casework.test_work_builders import (  # noqa: F401 (the fixture is used by pytest)
    complete_assessment,
    fast_password_hashing,
    make_service,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return make_service()


def test_a_practitioner_cannot_restrict_a_record_but_can_ask(client, service):
    child, practitioner = service.child, service.practitioner
    with pytest.raises(NotAllowed):
        services.set_restriction(
            actor=practitioner, child=child, restricted=True, named=[practitioner]
        )
    with pytest.raises(TypeError):
        services.update_child(actor=practitioner, child=child, data={"restricted": True})
    sign_in(client, practitioner)
    url = reverse("casework:restriction", args=[child.reference])
    page = text_of(client.get(url))
    assert "Ask for this record to be restricted" in page
    response = client.post(url, {"reason": ""})
    assert "Say why the record should be restricted" in text_of(response)
    response = client.post(url, {"reason": "My neighbour's son."})
    assert response.status_code == 302
    request = RestrictionRequest.objects.get()
    assert (request.requested_by, request.reason, request.outcome) == (
        practitioner,
        "My neighbour's son.",
        "",
    )
    child.refresh_from_db()
    assert not child.restricted
    with pytest.raises(CaseworkError, match="already waiting"):
        services.request_restriction(actor=practitioner, child=child, reason="Again")


def test_the_team_manager_sees_the_request_and_decides(client, service):
    child, practitioner, manager = service.child, service.practitioner, service.manager
    services.request_restriction(actor=practitioner, child=child, reason="My neighbour's son.")
    sign_in(client, manager)
    record = text_of(client.get(reverse("casework:child", args=[child.reference])))
    assert "Priya Shah asked on" in record and "Decide who can open it" in record
    url = reverse("casework:restriction", args=[child.reference])
    assert "My neighbour's son." in text_of(client.get(url))
    response = client.post(url, {"restricted": "True", "restricted_to": [service.colleague.pk]})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.restricted and list(child.restricted_to.all()) == [service.colleague]
    request = RestrictionRequest.objects.get()
    assert (request.outcome, request.decided_by) == ("restricted", manager)
    latest = child.history.latest()
    assert latest.history_user == manager and latest.restricted
    # Lifted again, and the history has both changes.
    services.set_restriction(actor=manager, child=child, restricted=False)
    child.refresh_from_db()
    assert not child.restricted and not child.restricted_to.exists()
    assert [h.restricted for h in child.history.order_by("history_date")][-2:] == [True, False]
    history = text_of(client.get(reverse("casework:history", args=[child.reference])))
    assert "Restricted" in history


def test_restricting_to_one_practitioner_keeps_the_work_in_oversight(service):
    child, practitioner, manager = service.child, service.practitioner, service.manager
    work = complete_assessment(child, practitioner)
    work_services.submit_for_oversight(actor=practitioner, work=work)
    services.set_restriction(actor=manager, child=child, restricted=True, named=[practitioner])
    # The team manager, service managers and the named practitioner keep the child.
    assert work_selectors.oversight_queue_count(manager) == 1
    queue = work_selectors.oversight_queue_page(manager, 1)
    assert [item.work.pk for item in queue.object_list] == [work.pk]
    assert can_view_child(service.service_manager, child)
    assert can_view_child(practitioner, child)
    assert not can_view_child(service.colleague, child)
    # And the team manager can lift it.
    services.set_restriction(actor=manager, child=child, restricted=False)
    assert can_view_child(service.colleague, child)


def test_only_the_childs_team_manager_or_a_service_manager_restricts(service):
    for who in (service.south_manager, service.auditor, service.colleague):
        with pytest.raises((NotAllowed, CaseworkError)):
            services.set_restriction(
                actor=who, child=service.child, restricted=True, named=[service.practitioner]
            )
    services.set_restriction(
        actor=service.service_manager,
        child=service.child,
        restricted=True,
        named=[service.practitioner],
    )
    with pytest.raises(CaseworkError, match="from the list"):
        services.set_restriction(
            actor=service.manager,
            child=service.child,
            restricted=True,
            named=[service.south_manager],
        )
