"""What a signed-in person may reach: sessions that end after a time without use, the
second factor, and a temporary password changed before anything else.

It sits in ``MIDDLEWARE`` after Django's ``AuthenticationMiddleware`` and django-otp's
``OTPMiddleware`` (it reads the person and whether their session passed a second
factor) and before everything that serves a page, so no view sees a request it would
refuse. In order:

1. **Idle sessions end.** A session not used for ``CHILDFIRST_SESSION_IDLE_MINUTES``
   (default 30) is signed out, and the person sent to the "You were signed out" page.
   The time of last use is kept in the session, written at most once a minute.
2. **Two-factor sign-in.** When it is required (``accounts.two_factor.required``), a
   person whose session has not passed a second factor reaches only the two-factor
   pages and signing out; anything else sends them to enter their code (or to set up
   an app, if they have none), and back to where they were going after.
3. **Temporary passwords.** A person whose password an administrator set
   (``User.must_change_password``) reaches only the password change and signing out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import get_user
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject

from childfirst.accounts import two_factor

#: The session key with the time (seconds since the epoch) the session was last used.
LAST_SEEN = "childfirst_last_seen"
#: Pages anyone signed in may always reach.
ALWAYS_OPEN = frozenset({"sign-in", "sign-out", "healthz", "accounts:signed-out"})
TWO_FACTOR_PAGES = frozenset(
    {
        "accounts:two-factor",
        "accounts:two-factor-set-up",
        "accounts:recovery-codes",
        "accounts:recovery-code",
    }
)
PASSWORD_PAGES = frozenset({"accounts:password-change", "accounts:password-changed"})


def _page(request: HttpRequest) -> str:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""


def _go(name: str, request: HttpRequest) -> HttpResponse:
    url = reverse(name)
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(url)


def start_the_clock(
    sender: object, request: HttpRequest | None, user: object, **kwargs: object
) -> None:
    """On signing in, the session's last use is now (``user_logged_in``, connected in
    ``accounts.apps``): the first page after signing in then writes nothing more."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


class SignInMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN)
            if (
                last_seen is not None
                and now - last_seen > settings.CHILDFIRST_SESSION_IDLE_MINUTES * 60
            ):
                logout(request)
                return HttpResponseRedirect(reverse("accounts:signed-out"))
            if last_seen is None or now - last_seen >= 60:
                request.session[LAST_SEEN] = now
            page = _page(request)
            if page in ALWAYS_OPEN:
                pass
            elif two_factor.required() and not user.is_verified():
                if page not in TWO_FACTOR_PAGES:
                    return _go("accounts:two-factor", request)
            elif user.must_change_password and page not in PASSWORD_PAGES:
                return _go("accounts:password-change", request)
        return self.get_response(request)


def _user_with_roles(request: HttpRequest) -> Any:
    """The request's person (as ``AuthenticationMiddleware`` finds them), their role
    assignments read once, in one query, for the whole request."""
    user = get_user(request)
    if user.is_authenticated and "role_assignments" not in getattr(
        user, "_prefetched_objects_cache", {}
    ):
        prefetch_related_objects([user], "role_assignments")
    return user


class RolesOnceMiddleware:
    """Reads a signed-in person's roles once a request.

    Every permission question (``User.has_role``, ``User.roles``, ``User.teams_as``, and
    so ``accounts.permissions`` and each app's record rules) reads the person's role
    assignments; without this each question read them again, half a dozen times a page.
    The assignments are prefetched onto the request's user, lazily (a page that never
    asks who is signed in reads nothing), and live only as long as the request: a role
    given or taken away shows on the next page. The checks themselves stay where they
    are, in the services and the record rules.

    It sits in ``MIDDLEWARE`` right after Django's ``AuthenticationMiddleware``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user = SimpleLazyObject(lambda: _user_with_roles(request))  # type: ignore[assignment]
        return self.get_response(request)
