"""No existence oracle (issue 12, finding 6): an address naming a child, or a record, that
does not exist gets exactly the answer an existing one the person may not see gets: the
same status and the same page, byte for byte (but for the sign-out form's CSRF token and
the content security policy's nonce, new on every page). Only the existing one is
written to the access log, as a refusal."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from childfirst.accounts.access import NOT_VISIBLE
from childfirst.accounts.models import AccessLog, Role
from childfirst.casework.models import Child, WorkStatus
from tests.audits.conftest import build_audit
from tests.casework.conftest import sign_in
from tests.casework.document_files import add_document
from tests.casework.factories import (
    AssessmentFactory,
    ChildFactory,
    InterventionFactory,
    OutcomeFactory,
    TeamFactory,
    UserFactory,
    practitioner_of,
)

pytestmark = pytest.mark.django_db

UNKNOWN_REFERENCE = "CF-999999"
UNKNOWN_PK = 999999


def _page(response) -> tuple[int, str]:
    """The status and the page, with what is new on every page blanked out."""
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "csrf", body)
    body = re.sub(r'nonce="[^"]*"', "nonce", body)
    return response.status_code, body


@pytest.fixture
def world(db):
    north, south = TeamFactory(name="North"), TeamFactory(name="South")
    owner = practitioner_of(north)
    child = ChildFactory(team=north)
    outcome = OutcomeFactory(child=child, code="youth-conditional-caution")
    referral = InterventionFactory(
        child=child, outcome=outcome, case_manager=owner, referred_to_panel=True
    )
    work = AssessmentFactory(child=child, author=owner, status=WorkStatus.SUBMITTED)
    document = add_document(child=child, by=owner)
    return {
        "child": child,
        "referral": referral,
        "work": work,
        "document": document,
        "outsider": practitioner_of(south),
    }


def _pairs(w) -> dict[str, tuple[str, str]]:
    """(an existing record the outsider may not see, one that does not exist), by kind."""
    ref = w["child"].reference
    return {
        "record": (
            reverse("casework:child", args=[ref]),
            reverse("casework:child", args=[UNKNOWN_REFERENCE]),
        ),
        "history": (
            reverse("casework:history", args=[ref]),
            reverse("casework:history", args=[UNKNOWN_REFERENCE]),
        ),
        "document": (
            reverse("casework:document", args=[ref, w["document"].pk]),
            reverse("casework:document", args=[UNKNOWN_REFERENCE, w["document"].pk]),
        ),
        "download": (
            reverse("casework:document_download", args=[ref, w["document"].pk]),
            reverse("casework:document_download", args=[UNKNOWN_REFERENCE, UNKNOWN_PK]),
        ),
        "assessment": (
            reverse("casework:assessment", args=[ref, w["work"].pk]),
            reverse("casework:assessment", args=[UNKNOWN_REFERENCE, UNKNOWN_PK]),
        ),
        "oversight": (
            reverse("casework:oversight", args=["assessment", w["work"].pk]),
            reverse("casework:oversight", args=["assessment", UNKNOWN_PK]),
        ),
        "panel pack": (
            reverse("casework:panel_pack", args=[ref, w["referral"].pk]),
            reverse("casework:panel_pack", args=[UNKNOWN_REFERENCE, UNKNOWN_PK]),
        ),
    }


@pytest.mark.parametrize(
    "kind", ["record", "history", "document", "download", "assessment", "oversight", "panel pack"]
)
def test_an_unknown_record_is_answered_as_one_the_person_may_not_see(client, world, kind):
    sign_in(client, world["outsider"])
    forbidden, unknown = _pairs(world)[kind]
    seen, missing = _page(client.get(forbidden)), _page(client.get(unknown))
    assert seen[0] == 403
    assert seen == missing
    assert NOT_VISIBLE in seen[1]
    # Only the existing record's refusal is logged (there is no child to log the other to).
    logged = list(AccessLog.objects.values_list("user_id", "child_id", "kind"))
    assert logged == [(world["outsider"].pk, world["child"].pk, "refused")]


def test_the_same_holds_for_a_person_with_no_casework_role(client, world):
    board = UserFactory(roles=[(Role.BOARD_MEMBER, None)])
    sign_in(client, board)
    forbidden, unknown = _pairs(world)["record"]
    assert _page(client.get(forbidden)) == _page(client.get(unknown))


def test_a_restricted_record_is_answered_as_an_unknown_one(client, world):
    child = world["child"]
    Child.objects.filter(pk=child.pk).update(restricted=True)
    teammate = practitioner_of(child.team)
    sign_in(client, teammate)
    forbidden, unknown = _pairs(world)["record"]
    assert _page(client.get(forbidden)) == _page(client.get(unknown))


def test_an_audit_s_results_are_refused_alike_whether_the_audit_exists_or_not(client, world):
    lead = UserFactory(roles=[(Role.AUDITOR, None)])
    audit = build_audit(lead, court=1)
    sign_in(client, world["outsider"])
    for name in ("audits:results", "audits:results_print", "audits:results_xlsx"):
        seen = _page(client.get(reverse(name, args=[audit.pk])))
        missing = _page(client.get(reverse(name, args=[UNKNOWN_PK])))
        assert seen[0] == 403, name
        assert seen == missing, name


def test_an_audit_case_of_a_restricted_record_is_refused_as_an_unknown_case(client, world):
    lead = UserFactory(roles=[(Role.AUDITOR, None)])
    audit = build_audit(lead, court=1)
    case = audit.cases.get()
    Child.objects.filter(pk=case.child_id).update(restricted=True)
    sign_in(client, lead)
    seen = _page(client.get(reverse("audits:case", args=[audit.pk, case.pk])))
    missing = _page(client.get(reverse("audits:case", args=[audit.pk, UNKNOWN_PK])))
    assert seen[0] == 403
    assert seen == missing
    assert list(AccessLog.objects.values_list("child_id", "kind")) == [(case.child_id, "refused")]
