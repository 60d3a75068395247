"""The pages of signing in after the password: two-factor set-up and codes, changing
one's password, and the page that says a session ended.

``accounts.middleware.SignInMiddleware`` sends people here: someone signed in without a
second factor reaches only these pages and signing out; someone with a temporary
password, only the password change.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme

from childfirst.accounts import two_factor
from childfirst.accounts.forms import AppCodeForm, ChangePasswordForm, RecoveryCodeForm

#: The session key holding the recovery codes until the page showing them is seen.
CODES_TO_SHOW = "childfirst_recovery_codes"


def _next(request: HttpRequest) -> str:
    """Where to go after: the ``next`` asked for if it is one of ours, else home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _with_next(name: str, request: HttpRequest) -> str:
    url = reverse(name)
    target = request.POST.get("next") or request.GET.get("next")
    return f"{url}?{_query(target)}" if target else url


def _query(target: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": target})


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Enter the code from your app: the second step of every sign-in."""
    if request.user.is_verified():
        return HttpResponseRedirect(_next(request))
    if not two_factor.is_enrolled(request.user):
        return redirect(_with_next("accounts:two-factor-set-up", request))
    form = AppCodeForm(request.POST or None)
    form.fields["code"].label = "Enter your security code"
    if request.method == "POST" and form.is_valid():
        if two_factor.verify_app_code(request, form.cleaned_data["code"]):
            return HttpResponseRedirect(_next(request))
        form.add_error("code", form.wrong_code)
    return render(
        request,
        "accounts/two_factor/verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@login_required
def recovery_code(request: HttpRequest) -> HttpResponse:
    """Sign in with a recovery code instead of the app (each code works once)."""
    if request.user.is_verified():
        return HttpResponseRedirect(_next(request))
    form = RecoveryCodeForm(request.POST or None)
    form.fields["code"].label = "Enter a recovery code"
    if request.method == "POST" and form.is_valid():
        left = two_factor.use_recovery_code(request, form.cleaned_data["code"])
        if left is not None:
            messages.info(
                request,
                f"You signed in with a recovery code. You have {left} left"
                + (": ask your administrator to reset your two-factor sign-in" if left < 3 else ""),
            )
            return HttpResponseRedirect(_next(request))
        form.add_error("code", form.wrong_code)
    return render(
        request,
        "accounts/two_factor/recovery_code.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@login_required
def set_up(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the secret), enter a code.

    Only for someone with no app yet (a new account, or one an administrator reset):
    a person who has one must answer it, so a password alone never sets up a new one."""
    if two_factor.is_enrolled(request.user):
        return redirect(_with_next("accounts:two-factor", request))
    device = two_factor.pending_device(request.user)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(request, form.cleaned_data["code"])
        if codes is not None:
            request.session[CODES_TO_SHOW] = codes
            return redirect(_with_next("accounts:recovery-codes", request))
        form.add_error("code", form.wrong_code)
    return render(
        request,
        "accounts/two_factor/set_up.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_text(device),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes, shown once, just after set-up: never again."""
    codes = request.session.pop(CODES_TO_SHOW, None)
    if not codes:
        return HttpResponseRedirect(_next(request))
    return render(
        request,
        "accounts/two_factor/recovery_codes.html",
        {"codes": codes, "continue_url": _next(request)},
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change your own password (Django's view: the session stays signed in)."""

    form_class = ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password-changed")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["must_change"] = self.request.user.must_change_password
        return context


class PasswordChangedView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_changed.html"


def signed_out(request: HttpRequest) -> HttpResponse:
    """You were signed out: after a time without using ChildFirst."""
    return render(
        request,
        "accounts/signed_out.html",
        {"idle_minutes": settings.CHILDFIRST_SESSION_IDLE_MINUTES},
    )
