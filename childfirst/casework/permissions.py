"""Who may open and change which child's record, decided on the server.

- Practitioners and team managers: children of their teams, and children whose
  intervention they manage.
- Service managers and quality assurance auditors: any child.
- Police panel members: no child's record. They see the joint decision panel: its
  referrals (out-of-court cases, or cases still to be decided) and each one's panel
  pack, while the referral is undecided or was decided at a panel in the last
  ``CHILDFIRST_PANEL_RECENT_DAYS`` days, and record the panel's joint decision.
- Board members and administrators: no child-level record at all.
- A restricted record opens only for the staff named on it, the child's team managers
  and service managers (so work on it always reaches oversight). Only a team manager of
  the child's team or a service manager sets or lifts a restriction; a practitioner can
  ask for one.

Auditors read; they do not change casework records. Police panel members change only
the joint decision of a referral they can see.

The role groups come from :mod:`childfirst.accounts.permissions`.

Documents on a record (court reports, other agencies' assessments, letters) open for
everyone who may open the record but police panel members: the files other agencies
share with the service are not the panel's. A removed document downloads only for the
child's managers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from childfirst.accounts.models import Role
from childfirst.accounts.permissions import (
    CASEWORK_EDITORS,
    CHILD_RECORD_ROLES,
    DATA_PROTECTION_ROLES,
    NETWORK_READERS,
    SERVICE_WIDE,
    TEAM_BASED,
    AnyUser,
    has_any_role,
    is_signed_in,
)
from childfirst.casework.models import Child, Document, Intervention


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
        if allowed == Q(pk__in=[]):
            return Child.objects.none()
    ids = Child.objects.filter(allowed).filter(_unrestricted_for(user)).values("pk")
    return Child.objects.filter(pk__in=ids)


def _unrestricted_for(user: Any) -> Q:
    """Children whose restriction, if any, lets ``user`` in."""
    if user.has_role(Role.SERVICE_MANAGER):
        return Q()
    return (
        Q(restricted=False) | Q(restricted_to=user) | Q(team__in=user.teams_as(Role.TEAM_MANAGER))
    )


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


def can_view_documents(user: AnyUser, child: Child) -> bool:
    """The child's documents: for everyone who may open the record, but never for a
    police panel member (whatever other role the account holds)."""
    if not is_signed_in(user) or Role.POLICE_PANEL in user.roles:
        return False
    return can_view_child(user, child)


def can_download_document(user: AnyUser, document: Document) -> bool:
    """A document's file: for whoever may see the child's documents; once it has been
    removed, only for the child's team manager or a service manager."""
    if not can_view_documents(user, document.child):
        return False
    return not document.removed or manages_child(user, document.child)


def can_remove_document(user: AnyUser, document: Document) -> bool:
    """Removing a document (not yet removed) is for whoever added it, while they may still
    change the child's record, and for the child's team manager or a service manager."""
    if document.removed or not can_edit_child(user, document.child):
        return False
    if not can_view_documents(user, document.child):
        return False
    return document.uploaded_by_id == user.pk or manages_child(user, document.child)


def can_see_access_log(user: AnyUser, child: Child) -> bool:
    """Who has seen the child's record (the access log) is for service managers only."""
    return has_any_role(user, (Role.SERVICE_MANAGER,)) and can_view_child(user, child)


def can_restrict(user: AnyUser, child: Child) -> bool:
    """Setting or lifting a restriction is for the child's team manager or a service
    manager (practitioners ask: ``services.records.request_restriction``)."""
    return manages_child(user, child)


@dataclass(frozen=True)
class RecordAccess:
    """What one person may do on one child's record, each answer the same as the rule's
    own function (``edit`` is :func:`can_edit_child`, ``network`` :func:`can_see_network`,
    and so on), worked out from one look at whether the record opens."""

    view: bool
    edit: bool
    network: bool
    documents: bool
    restrict: bool
    export: bool
    access_log: bool


def record_access(user: AnyUser, child: Child, *, visible: bool | None = None) -> RecordAccess:
    """Every question a page of the child's record asks about ``user``, answered with one
    query (whether the record opens for them) and the roles they hold: the record page
    asks seven, and each function alone would ask the database each time. A page that
    has just checked that the record opens (``views.common.child_for``) passes
    ``visible=True`` and the answer costs no query at all."""
    if visible is None:
        visible = can_view_child(user, child)
    if not visible:
        return RecordAccess(False, False, False, False, False, False, False)
    manages = user.has_role(Role.SERVICE_MANAGER) or child.team_id in user.teams_as(
        Role.TEAM_MANAGER
    )
    return RecordAccess(
        view=True,
        edit=has_any_role(user, CASEWORK_EDITORS),
        network=has_any_role(user, NETWORK_READERS),
        documents=Role.POLICE_PANEL not in user.roles,
        restrict=manages,
        export=has_any_role(user, DATA_PROTECTION_ROLES),
        access_log=has_any_role(user, (Role.SERVICE_MANAGER,)),
    )


# --- subject access and retention ---------------------------------------------------------------


def can_export_child(user: AnyUser, child: Child) -> bool:
    """Everything held about a child, taken away (a subject access request): for service
    managers, who may open every record."""
    return has_any_role(user, DATA_PROTECTION_ROLES) and can_view_child(user, child)


def can_erase_records(user: AnyUser) -> bool:
    """Seeing which records are due under the retention rule, and erasing one: for
    service managers."""
    return has_any_role(user, DATA_PROTECTION_ROLES)


# --- the joint decision panel ------------------------------------------------------------------

#: A referral to the panel: an out-of-court case, or one whose outcome is not yet known.
PANEL_REFERRAL = Q(referred_to_panel=True) & (
    Q(outcome__isnull=True) | Q(outcome__outcome_type__out_of_court=True)
)


def panel_recent_days() -> int:
    return int(settings.CHILDFIRST_PANEL_RECENT_DAYS)


def panel_referrals_visible_to(
    user: AnyUser, today: dt.date | None = None
) -> QuerySet[Intervention]:
    """Every referral to the joint decision panel whose pack ``user`` may open: for youth
    justice staff, those of children whose record they may open; for police panel
    members, those still to be decided or decided at a panel in the last
    ``CHILDFIRST_PANEL_RECENT_DAYS`` days (restricted records left out)."""
    if not is_signed_in(user):
        return Intervention.objects.none()
    allowed = Q(pk__in=[])
    if user.roles & set(CHILD_RECORD_ROLES):
        allowed |= Q(child__in=children_visible_to(user))
    if Role.POLICE_PANEL in user.roles:
        today = today or timezone.localdate()
        since = today - dt.timedelta(days=panel_recent_days())
        open_or_recent = Q(panel_decision="") | Q(panel_date__gte=since)
        unrestricted = Q(child__restricted=False) | Q(child__restricted_to=user)
        allowed |= open_or_recent & unrestricted
    if allowed == Q(pk__in=[]):
        return Intervention.objects.none()
    ids = Intervention.objects.filter(PANEL_REFERRAL).filter(allowed).values("pk")
    return Intervention.objects.filter(pk__in=ids)


def can_view_panel_pack(user: AnyUser, referral: Intervention) -> bool:
    return panel_referrals_visible_to(user).filter(pk=referral.pk).exists()


def can_record_panel_decision(user: AnyUser, referral: Intervention) -> bool:
    """The police panel member, or a member of staff who may change the child's record,
    for a referral whose pack they may open."""
    if not can_view_panel_pack(user, referral):
        return False
    return user.has_role(Role.POLICE_PANEL) or can_edit_child(user, referral.child)
