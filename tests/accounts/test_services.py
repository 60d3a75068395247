"""Giving and taking away roles: only administrators and superusers, never their own
roles; the administrator role brings the Administrators group and staff status; the
history records who did it."""

from __future__ import annotations

import pytest

from childfirst.accounts.errors import AccountsError, AccountsNotAllowed
from childfirst.accounts.groups import administrators_group
from childfirst.accounts.models import Role, RoleAssignment, User
from childfirst.accounts.services import assign_role, change_role, remove_role
from childfirst.errors import ChildFirstError, NotPermitted
from tests.accounts.conftest import administrator, superuser
from tests.casework.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def state(user: User) -> tuple[object, ...]:
    user.refresh_from_db()
    return (
        sorted(user.role_assignments.values_list("role", "team_id")),
        sorted(user.groups.values_list("name", flat=True)),
        user.is_staff,
        user.is_superuser,
        user.history.count(),
        RoleAssignment.history.filter(user_id=user.pk).count(),
    )


def test_the_errors_follow_the_convention():
    assert issubclass(AccountsError, ChildFirstError)
    assert issubclass(AccountsNotAllowed, AccountsError)
    assert issubclass(AccountsNotAllowed, NotPermitted)


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.SERVICE_MANAGER, Role.AUDITOR])
def test_nobody_gives_a_role_to_themselves(role):
    actor = administrator()
    before = state(actor)
    with pytest.raises(AccountsNotAllowed, match="your own roles"):
        assign_role(actor=actor, user=actor, role=role)
    assert state(actor) == before


def test_not_even_a_superuser_gives_themselves_a_role():
    root = superuser()
    before = state(root)
    with pytest.raises(AccountsNotAllowed):
        assign_role(actor=root, user=root, role=Role.SERVICE_MANAGER)
    assert state(root) == before


def test_nobody_changes_or_removes_their_own_roles():
    actor = administrator()
    own = actor.role_assignments.get()
    before = state(actor)
    with pytest.raises(AccountsNotAllowed):
        change_role(actor=actor, assignment=own, role=Role.SERVICE_MANAGER)
    with pytest.raises(AccountsNotAllowed):
        remove_role(actor=actor, assignment=own)
    assert state(actor) == before


@pytest.mark.parametrize(
    "role", [Role.SERVICE_MANAGER, Role.TEAM_MANAGER, Role.AUDITOR, Role.BOARD_MEMBER, None]
)
def test_only_administrators_and_superusers_change_roles(role):
    team = TeamFactory()
    actor = UserFactory(
        roles=[(role, team if role == Role.TEAM_MANAGER else None)] if role else [],
        is_staff=True,
    )
    actor.groups.add(administrators_group())  # even in the group, without the role
    other = UserFactory()
    before = state(other)
    with pytest.raises(AccountsNotAllowed, match="Only an administrator"):
        assign_role(actor=actor, user=other, role=Role.ADMINISTRATOR)
    assert state(other) == before


def test_an_administrator_does_not_change_a_superusers_roles():
    root = superuser()
    before = state(root)
    with pytest.raises(AccountsNotAllowed, match="superuser"):
        assign_role(actor=administrator(), user=root, role=Role.AUDITOR)
    assert state(root) == before


def test_the_administrator_role_brings_the_group_and_staff_and_taking_it_away_removes_them():
    actor = administrator()
    user = UserFactory(roles=[(Role.AUDITOR, None)])
    assert not user.is_staff

    assignment = assign_role(actor=actor, user=user, role=Role.ADMINISTRATOR)
    user.refresh_from_db()
    assert user.is_staff
    assert list(user.groups.all()) == [administrators_group()]
    assert user.roles == {Role.AUDITOR, Role.ADMINISTRATOR}

    remove_role(actor=actor, assignment=assignment)
    user.refresh_from_db()
    assert not user.is_staff
    assert not user.groups.exists()
    assert user.roles == {Role.AUDITOR}


def test_changing_a_role_to_or_from_administrator_moves_the_person_in_or_out():
    actor = administrator()
    user = UserFactory(roles=[(Role.AUDITOR, None)])
    assignment = user.role_assignments.get()

    change_role(actor=actor, assignment=assignment, role=Role.ADMINISTRATOR)
    user.refresh_from_db()
    assert user.is_staff and user.groups.filter(pk=administrators_group().pk).exists()

    change_role(actor=actor, assignment=assignment, role=Role.BOARD_MEMBER)
    user.refresh_from_db()
    assert not user.is_staff and not user.groups.exists()
    assert user.roles == {Role.BOARD_MEMBER}


def test_a_superuser_losing_the_administrator_role_stays_staff():
    root = superuser()
    other_root = User.objects.create(username="root2", is_superuser=True, is_staff=True)
    assignment = assign_role(actor=root, user=other_root, role=Role.ADMINISTRATOR)
    remove_role(actor=root, assignment=assignment)
    other_root.refresh_from_db()
    assert other_root.is_staff and other_root.is_superuser


def test_the_history_records_who_gave_changed_and_took_away_a_role():
    actor = administrator()
    user = UserFactory()
    team = TeamFactory()
    assignment = assign_role(actor=actor, user=user, role=Role.ADMINISTRATOR)
    pk = assignment.pk
    change_role(actor=actor, assignment=assignment, role=Role.PRACTITIONER, team=team)
    remove_role(actor=actor, assignment=assignment)

    history = RoleAssignment.history.filter(id=pk).order_by("history_id")
    assert [(h.history_type, h.role, h.history_user) for h in history] == [
        ("+", Role.ADMINISTRATOR, actor),
        ("~", Role.PRACTITIONER, actor),
        ("-", Role.PRACTITIONER, actor),
    ]
    # The staff status that came and went with the role is in the person's history too.
    staff_changes = user.history.order_by("history_id").values_list("is_staff", "history_user")
    assert list(staff_changes)[-2:] == [(True, actor.pk), (False, actor.pk)]


def test_a_practitioner_needs_a_team_and_a_role_is_held_once():
    actor = administrator()
    user = UserFactory(roles=[(Role.AUDITOR, None)])
    with pytest.raises(AccountsError) as refused:
        assign_role(actor=actor, user=user, role=Role.PRACTITIONER)
    assert "Practitioners and team managers belong to a team" in str(refused.value.message_dict)
    with pytest.raises(AccountsError, match="already holds"):
        assign_role(actor=actor, user=user, role=Role.AUDITOR)
    assert user.roles == {Role.AUDITOR}
