"""The signed-in home page: a section for each role the person holds.

It reads every app (casework's caseload and oversight queue, the joint decision
panel's referrals, case audits still to do), so it sits on top of them all, beside
``reports`` and ``interop`` in the layers (``docs/architecture.md``); no app imports it.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from childfirst.accounts.access import log_request_list
from childfirst.accounts.models import Role
from childfirst.accounts.permissions import SERVICE_WIDE
from childfirst.audits import selectors as audit_selectors
from childfirst.casework.permissions import can_erase_records
from childfirst.casework.selectors import caseload, panel, work
from childfirst.domain.inspection import available_frameworks, load_framework

#: How many of the person's audit cases the home page lists.
HOME_AUDIT_CASES = 10


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A practitioner's caseload, a team manager's oversight queue, the children
    search for service managers and auditors (with the inspection frameworks and
    their audit cases), the joint decision panel's referrals for police
    panel members, a note for
    board members, the admin for administrators."""
    user = request.user
    roles = user.roles
    shown: list[int] = []
    context: dict[str, Any] = {
        "roles": roles,
        "has_role": bool(roles),
        "is_practitioner": Role.PRACTITIONER in roles,
        "is_team_manager": Role.TEAM_MANAGER in roles,
        "is_service_wide": bool(roles & set(SERVICE_WIDE)),
        "is_service_manager": Role.SERVICE_MANAGER in roles,
        "is_board_member": Role.BOARD_MEMBER in roles,
        "is_police_panel": Role.POLICE_PANEL in roles,
        "is_administrator": Role.ADMINISTRATOR in roles or user.is_staff,
        "can_erase_records": can_erase_records(user),
    }
    if context["is_practitioner"]:
        context["caseload"] = caseload.caseload_summary(user, timezone.localdate())
    if context["is_team_manager"]:
        context["awaiting_oversight"] = work.oversight_queue_count(user)
    if context["is_service_wide"]:
        context["frameworks"] = [load_framework(f) for f in available_frameworks()]
        context["audit_cases"] = audit_selectors.cases_to_do(user)
        shown += [case.child_id for case, _ in context["audit_cases"][:HOME_AUDIT_CASES]]
    if context["is_police_panel"]:
        context["panel"] = panel.panel_lists(user, timezone.localdate())
        shown += context["panel"].children
    # The lists on the page name children: each is logged as named in a list.
    log_request_list(request, shown)
    context["home_audit_cases"] = HOME_AUDIT_CASES
    return render(request, "home.html", context)
