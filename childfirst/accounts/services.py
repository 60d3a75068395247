"""Changing who holds which role: the only way roles are given, changed or taken away.

Only an administrator (someone holding the administrator role) or a superuser changes
roles, never their own, and only a superuser changes a superuser's. Holding the
administrator role is what makes a person an administrator of the service: giving it
puts them in the Administrators permission group (``accounts.groups``) and makes them
staff, so they can use the admin; taking it away takes them out of the group and, unless
they are a superuser, switches staff status off. Each change is one transaction and
keeps its history with the actor as the one who made it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from childfirst.accounts.errors import AccountsError, AccountsNotAllowed
from childfirst.accounts.groups import administrators_group
from childfirst.accounts.models import Role, RoleAssignment, Team, User
from childfirst.accounts.permissions import AnyUser, can_manage_accounts


def check_may_change_roles(*, actor: AnyUser, user: User) -> None:
    """Refuse (``AccountsNotAllowed``) unless ``actor`` may change ``user``'s roles."""
    if not can_manage_accounts(actor):
        raise AccountsNotAllowed("Only an administrator can change people's roles.")
    if user.pk is not None and user.pk == actor.pk:
        raise AccountsNotAllowed(
            "You cannot change your own roles. Ask another administrator to do it."
        )
    if user.is_superuser and not actor.is_superuser:
        raise AccountsNotAllowed("Only a superuser can change a superuser's roles.")


@transaction.atomic
def assign_role(*, actor: User, user: User, role: str, team: Team | None = None) -> RoleAssignment:
    """Give ``user`` the ``role`` (in ``team``, for practitioners and team managers)."""
    check_may_change_roles(actor=actor, user=user)
    assignment = RoleAssignment(user=user, role=role, team=team)
    _save(actor, assignment)
    _sync_administrator_access(actor=actor, user=user)
    return assignment


@transaction.atomic
def change_role(
    *, actor: User, assignment: RoleAssignment, role: str, team: Team | None = None
) -> RoleAssignment:
    """Change one of a person's roles (or the team they hold it in)."""
    user = User.objects.get(pk=assignment.user_id)
    check_may_change_roles(actor=actor, user=user)
    assignment.role, assignment.team = role, team
    _save(actor, assignment)
    _sync_administrator_access(actor=actor, user=user)
    return assignment


@transaction.atomic
def remove_role(*, actor: User, assignment: RoleAssignment) -> None:
    """Take one role away from the person holding it."""
    user = User.objects.get(pk=assignment.user_id)
    check_may_change_roles(actor=actor, user=user)
    assignment._history_user = actor  # type: ignore[attr-defined]
    assignment.delete()
    _sync_administrator_access(actor=actor, user=user)


def _save(actor: User, assignment: RoleAssignment) -> None:
    try:
        assignment.full_clean()
    except ValidationError as error:
        raise AccountsError.from_validation_error(error) from error
    held = RoleAssignment.objects.filter(
        user_id=assignment.user_id, role=assignment.role, team=assignment.team
    ).exclude(pk=assignment.pk)
    if held.exists():
        raise AccountsError(fields={"role": "This person already holds this role."})
    assignment._history_user = actor  # type: ignore[attr-defined]
    assignment.save()


def _sync_administrator_access(*, actor: User, user: User) -> None:
    """In the Administrators group and staff while holding the administrator role; out
    of the group, and no longer staff unless a superuser, once it is taken away."""
    administrator = user.role_assignments.filter(role=Role.ADMINISTRATOR).exists()
    group = administrators_group()
    if administrator:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    staff = True if administrator else user.is_staff and user.is_superuser
    if user.is_staff != staff:
        user.is_staff = staff
        user._history_user = actor  # type: ignore[attr-defined]
        user.save(update_fields=["is_staff"])
