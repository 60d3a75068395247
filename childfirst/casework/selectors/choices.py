"""The choices casework's forms offer: staff of a team, who a restricted record can be
opened by, the teams a child can be put in, and the child's current intervention."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from childfirst.accounts.models import Role, Team, User
from childfirst.accounts.permissions import TEAM_BASED
from childfirst.casework.models import Child, Intervention, InterventionStatus


def staff_of_team(team: Team | None, *, also: Iterable[Any] = ()) -> QuerySet[Any]:
    """Active practitioners and team managers of ``team`` (plus ``also``, such as a
    case manager already named who has since moved team)."""
    condition = Q(
        role_assignments__team=team, role_assignments__role__in=[str(r) for r in TEAM_BASED]
    )
    extra = [u.pk for u in also if u is not None]
    if extra:
        condition |= Q(pk__in=extra)
    ids = User.objects.filter(condition, is_active=True).values("pk")
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")


def restrictable_staff(child: Child) -> QuerySet[Any]:
    """Who a restricted record can be opened by: the child's team, service managers,
    and anyone already named."""
    ids = User.objects.filter(
        Q(role_assignments__team=child.team_id, role_assignments__role__in=list(TEAM_BASED))
        | Q(role_assignments__role=Role.SERVICE_MANAGER)
        | Q(restricted_children=child)
    ).values("pk")
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")


def teams_for(user: User, *, also: Team | None = None) -> QuerySet[Team]:
    """Teams ``user`` may put a child in: their own (any, for a service manager)."""
    if user.has_role(Role.SERVICE_MANAGER):
        return Team.objects.all()
    ids = set(user.teams_as(*TEAM_BASED))
    if also is not None:
        ids.add(also.pk)
    return Team.objects.filter(pk__in=ids)


def open_intervention(child: Child) -> Intervention | None:
    """The child's current intervention: the open one that started last."""
    return (
        child.interventions.filter(status=InterventionStatus.OPEN).order_by("-start", "-pk").first()
    )
