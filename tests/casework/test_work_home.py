"""The home page shows each person what their roles need, and nothing they may not see."""

import datetime as dt

import pytest

from childfirst.accounts.models import Role, RoleAssignment
from childfirst.casework.models import Intervention, Outcome, OutcomeType
from childfirst.casework.services import work as services
from tests.casework.conftest import text_of
from tests.casework.test_work_builders import (  # noqa: F401 (the fixture is used by pytest)
    complete_assessment,
    fast_password_hashing,
    make_child,
    make_intervention,
    make_service,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return make_service()


def home(client, user) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_practitioner_sees_a_summary_of_their_caseload(client, service):
    # Started long ago with nothing done: overdue.
    service.intervention.start = dt.date.today() - dt.timedelta(days=90)
    service.intervention.save()
    text = home(client, service.practitioner)
    assert "Welcome, Priya Shah" in text
    assert "Your caseload" in text
    assert "1 child with an open intervention you manage" in text
    assert "1 with something overdue" in text
    assert 'href="/caseload/">Go to my caseload</a>' in text
    assert "Inspection frameworks available" not in text
    assert "Management oversight" not in text


def test_team_manager_sees_how_much_awaits_oversight(client, service):
    assessment = complete_assessment(service.child, service.practitioner)
    services.submit_for_oversight(actor=service.practitioner, work=assessment)
    text = home(client, service.manager)
    assert "1 assessment, plan or review awaiting your countersignature" in text
    assert 'href="/team/">Go to the team page</a>' in text
    assert "Your caseload" not in text
    assert "Nothing is awaiting your countersignature" in home(client, service.south_manager)


@pytest.mark.parametrize("who", ["service_manager", "auditor"])
def test_service_managers_and_auditors_get_the_search_and_the_frameworks(client, service, who):
    text = home(client, getattr(service, who))
    assert 'href="/children/">Find a child</a>' in text
    assert "Inspection frameworks available" in text
    assert "<code>hmip-youth-2018</code>" in text
    assert "<code>hmip-youth-2021</code>" in text


def test_board_member_is_told_child_records_are_not_for_them(client, service):
    text = home(client, make_user("bea_board", Role.BOARD_MEMBER))
    assert "Board members do not see children's individual records" in text
    assert "Alex" not in text
    assert "Inspection frameworks available" not in text


def test_police_panel_member_sees_the_children_referred_to_the_panel(client, service):
    police = make_user("pat_police", Role.POLICE_PANEL)
    referred = make_child(service.north, "Referred", first_name="Riley")
    outcome = Outcome.objects.create(
        child=referred,
        date=dt.date(2025, 2, 1),
        outcome_type=OutcomeType.objects.filter(out_of_court=True).first(),
    )
    make_intervention(
        referred,
        service.practitioner,
        dt.date(2025, 2, 1),
        outcome=outcome,
        referred_to_panel=True,
        panel_date=dt.date(2025, 2, 14),
    )
    client.force_login(police)
    text = text_of(client.get("/"))
    assert "Joint decision panel" in text
    # Its panel date has passed with no decision recorded
    assert "Awaiting a decision Child Panel date Recommendation Riley Referred" in text
    assert "14 February 2025" in text
    # The child on the practitioner's caseload was not referred: not shown.
    assert "Alex Jones" not in text
    assert Intervention.objects.filter(referred_to_panel=True).count() == 1


def test_police_panel_member_with_no_referrals(client, service):
    text = home(client, make_user("pat_police", Role.POLICE_PANEL))
    assert (
        "No referrals are waiting for the panel, and none was decided in the last 30 days." in text
    )


def test_administrator_gets_the_admin_link(client, service):
    admin = make_user("ada_admin", Role.ADMINISTRATOR, is_staff=True)
    text = home(client, admin)
    assert "Manage users and reference data" in text
    assert "Your account does not have a role yet" not in text


def test_someone_without_a_role_is_told_to_ask_for_one(client, service):
    text = home(client, make_user("nora_nobody"))
    assert "Welcome, Nora Nobody" in text
    assert "Your account does not have a role yet" in text
    assert "Inspection frameworks available" not in text
    assert "/admin/" not in text


def test_several_roles_get_each_section(client, service):
    RoleAssignment.objects.create(user=service.manager, role=Role.PRACTITIONER, team=service.north)
    text = home(client, service.manager)
    assert "Your caseload" in text and "Management oversight" in text
