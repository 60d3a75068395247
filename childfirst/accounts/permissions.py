"""Who may do what by role: the role groups every app uses, and the view decorator.

Every app asks its role questions here, so the menu, the pages, the commands and
the API give the same answers. Rules that need a record (may this person open this
child's record? lead this audit?) live with the app that owns the record
(``casework.permissions``, ``audits.permissions``) and are built from these groups.
Checks for writes sit inside each app's services, so no caller can skip them; the
decorator below only turns people away from pages early, with a polite 403.

A person holds roles through ``RoleAssignment`` (``Role`` in ``accounts.models``):
practitioners and team managers within a team, everyone else service-wide.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from childfirst.accounts.models import Role, User

#: Whoever is asking: a signed-in person, or nobody yet (``request.user`` either way).
AnyUser = User | AnonymousUser

#: Roles held within a team; the team decides whose records they open.
TEAM_BASED = (Role.PRACTITIONER, Role.TEAM_MANAGER)
#: Roles that open any child's record.
SERVICE_WIDE = (Role.SERVICE_MANAGER, Role.AUDITOR)
#: Roles that open children's records at all (board members, administrators and police
#: panel members do not: the police see the joint decision panel's packs only).
CHILD_RECORD_ROLES = (
    Role.PRACTITIONER,
    Role.TEAM_MANAGER,
    Role.SERVICE_MANAGER,
    Role.AUDITOR,
)
#: Roles that see the joint decision panel: the list of referrals and their packs.
PANEL_ROLES = (*CHILD_RECORD_ROLES, Role.POLICE_PANEL)
#: Roles that change casework records (auditors and the police panel only read).
CASEWORK_EDITORS = (Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER)
#: Roles that see a child's network (family, carers, professionals, addresses) and
#: appointments on a record they may open: not the police panel, whose members see the
#: panel's papers.
NETWORK_READERS = (*CASEWORK_EDITORS, Role.AUDITOR)
#: Roles that answer a subject access request (export everything held about a child)
#: and erase the records due under the retention rule.
DATA_PROTECTION_ROLES = (Role.SERVICE_MANAGER,)
#: Roles that run case audits: create them, draw samples, answer and moderate cases.
AUDIT_RUNNERS = (Role.AUDITOR, Role.SERVICE_MANAGER)
#: Roles that read audit results (each to its own extent: ``audits.permissions.Scope``).
AUDIT_READERS = (*AUDIT_RUNNERS, Role.TEAM_MANAGER, Role.BOARD_MEMBER)
#: Roles that see the KPI and indicator figures.
PERFORMANCE_READERS = (Role.SERVICE_MANAGER, Role.TEAM_MANAGER, Role.AUDITOR, Role.BOARD_MEMBER)
#: Roles that may also open the list of children behind a figure (board members see
#: figures, never names).
PERFORMANCE_LISTERS = (Role.SERVICE_MANAGER, Role.TEAM_MANAGER, Role.AUDITOR)


def is_signed_in(user: AnyUser) -> bool:
    """Signed in with an account that is switched on."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def has_any_role(user: AnyUser, roles: Collection[str]) -> bool:
    """Signed in, switched on, and holding at least one of ``roles``."""
    return is_signed_in(user) and user.has_role(*roles)


def roles_required(
    *roles: str, message: str = "Your role does not include this page"
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view for people signed in and holding one of ``roles``; others get a 403
    (and people not signed in, the sign-in page)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_any_role(request.user, roles):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def can_manage_accounts(user: AnyUser) -> bool:
    """An administrator or a superuser: may give and take away other people's roles
    (never their own: ``accounts.services``)."""
    return is_signed_in(user) and (
        bool(user.is_superuser) or has_any_role(user, (Role.ADMINISTRATOR,))
    )
