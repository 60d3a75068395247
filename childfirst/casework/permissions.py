"""Who may open and change which child's record, decided on the server.

- Practitioners and team managers: children of their teams, and children whose
  intervention they manage.
- Service managers and quality assurance auditors: any child.
- Police panel members: only children with an out-of-court case referred to the
  joint decision-making panel.
- Board members and administrators: no child-level record at all.
- A restricted record opens only for the staff named on it, the child's team managers
  and service managers (so work on it always reaches oversight). Only a team manager of
  the child's team or a service manager sets or lifts a restriction; a practitioner can
  ask for one.

Auditors and police panel members read; they do not change casework records. Police
panel members do not see the child's network (family, carers, professionals,
addresses) or appointments.

The role groups come from :mod:`childfirst.accounts.permissions`.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from childfirst.accounts.models import Role
from childfirst.accounts.permissions import (
    CASEWORK_EDITORS,
    NETWORK_READERS,
    SERVICE_WIDE,
    TEAM_BASED,
    AnyUser,
    has_any_role,
    is_signed_in,
)
from childfirst.casework.models import Child


def children_visible_to(user: AnyUser) -> QuerySet[Child]:
    """Every child whose record ``user`` may open."""
    if not is_signed_in(user):
        return Child.objects.none()
    roles = user.roles
    if roles & set(SERVICE_WIDE):
        allowed = Q()
    else:
        allowed = Q(pk__in=[])
        if roles & set(TEAM_BASED):
            allowed |= Q(team__in=user.teams_as(*TEAM_BASED)) | Q(interventions__case_manager=user)
        if Role.POLICE_PANEL in roles:
            allowed |= Q(
                interventions__referred_to_panel=True,
                interventions__outcome__outcome_type__out_of_court=True,
            ) | Q(interventions__referred_to_panel=True, interventions__outcome__isnull=True)
        if allowed == Q(pk__in=[]):
            return Child.objects.none()
    unrestricted = (
        Q(restricted=False) | Q(restricted_to=user) | Q(team__in=user.teams_as(Role.TEAM_MANAGER))
    )
    if Role.SERVICE_MANAGER in roles:
        unrestricted = Q()
    ids = Child.objects.filter(allowed).filter(unrestricted).values("pk")
    return Child.objects.filter(pk__in=ids)


def can_view_child(user: AnyUser, child: Child) -> bool:
    return children_visible_to(user).filter(pk=child.pk).exists()


def can_edit_child(user: AnyUser, child: Child) -> bool:
    """Changing casework needs an editing role as well as sight of the record."""
    return has_any_role(user, CASEWORK_EDITORS) and can_view_child(user, child)


def can_see_network(user: AnyUser, child: Child) -> bool:
    """The child's network and appointments are for those who work with the child or
    audit the work, not the police panel."""
    return has_any_role(user, NETWORK_READERS) and can_view_child(user, child)


def manages_child(user: AnyUser, child: Child) -> bool:
    """The child's team manager, or a service manager (who can always open the record)."""
    if not can_view_child(user, child):
        return False
    return user.has_role(Role.SERVICE_MANAGER) or child.team_id in user.teams_as(Role.TEAM_MANAGER)


def can_oversee(user: AnyUser, child: Child) -> bool:
    """Countersigning is for the child's team manager (or a service manager)."""
    return manages_child(user, child)


def can_add_child(user: AnyUser) -> bool:
    """Adding a child needs an editing role (the child's team must then be one of theirs)."""
    return has_any_role(user, CASEWORK_EDITORS)


def can_restrict(user: AnyUser, child: Child) -> bool:
    """Setting or lifting a restriction is for the child's team manager or a service
    manager (practitioners ask: ``services.records.request_restriction``)."""
    return manages_child(user, child)
