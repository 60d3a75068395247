"""Sign-in and the signed-in home page, which shows each person what their roles need."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from childfirst.accounts.models import Role
from childfirst.domain.inspection import available_frameworks, load_framework

PANEL_PAGE_SIZE = 25


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK wording and error messages."""

    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case sensitive.",
        "inactive": "This account has been switched off. Ask your administrator.",
    }

    username = forms.CharField(
        label="Username",
        error_messages={"required": "Enter your username"},
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A section for each role the person holds: a practitioner's caseload, a team
    manager's oversight queue, the children search for service managers and
    auditors (with the inspection frameworks), the panel's children for police
    panel members, a note for board members, the admin for administrators."""
    # Imported here: accounts is below casework in the layers, and only this page reads it.
    from childfirst.casework import selectors_work

    user = request.user
    roles = user.roles
    context: dict[str, Any] = {
        "roles": roles,
        "has_role": bool(roles),
        "is_practitioner": Role.PRACTITIONER in roles,
        "is_team_manager": Role.TEAM_MANAGER in roles,
        "is_service_wide": bool(roles & {Role.SERVICE_MANAGER, Role.AUDITOR}),
        "is_board_member": Role.BOARD_MEMBER in roles,
        "is_police_panel": Role.POLICE_PANEL in roles,
        "is_administrator": Role.ADMINISTRATOR in roles or user.is_staff,
    }
    if context["is_practitioner"]:
        context["caseload"] = selectors_work.caseload_summary(user, timezone.localdate())
    if context["is_team_manager"]:
        context["awaiting_oversight"] = selectors_work.oversight_queue_count(user)
    if context["is_service_wide"]:
        from childfirst.audits import selectors as audit_selectors

        context["frameworks"] = [load_framework(f) for f in available_frameworks()]
        context["audit_cases"] = audit_selectors.cases_to_do(user)
    if context["is_police_panel"]:
        context["panel_page"] = Paginator(
            selectors_work.panel_children(user), PANEL_PAGE_SIZE
        ).get_page(request.GET.get("page"))
    return render(request, "accounts/home.html", context)
