"""Locking out guessed passwords: per account at one address, and per address.

django-axes counts failed sign-ins per username and address (``AXES_LOCKOUT_PARAMETERS``)
and locks that pair after ``AXES_FAILURE_LIMIT`` failures. That alone leaves password
spraying open: one guess at each of many accounts never reaches any one account's limit.
Axes applies one failure limit to every lockout parameter it is given, so it cannot
hold a low limit per account and a higher one per address at once; this handler adds
the second: ``CHILDFIRST_ADDRESS_FAILURE_LIMIT`` failures from one address, over every
username, within the cool-off time lock the address (axes' own records are counted, so
nothing else is stored).

Which address? Unless ``CHILDFIRST_CLIENT_ADDRESS_HEADER`` is set, the connection's own
(``REMOTE_ADDR``), and any header a client sends is ignored: a header is trusted only
when the service says a reverse proxy of its own sets it (docs in ``settings.py`` and
DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address failures are counted against (axes' ``AXES_CLIENT_IP_CALLABLE``).

    With ``CHILDFIRST_CLIENT_ADDRESS_HEADER`` set (for example ``X-Forwarded-For``), the
    last address in that header: the one the service's own proxy added, which the
    client cannot choose (anything a client puts in the header comes before it). When
    the header is missing, or unset in settings, the connection's address.
    """
    header = getattr(settings, "CHILDFIRST_CLIENT_ADDRESS_HEADER", "")
    if header:
        key = "HTTP_" + header.upper().replace("-", "_")
        value = request.META.get(key, "")
        addresses = [part.strip() for part in value.split(",") if part.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR", "")


def address_failures(request: HttpRequest) -> int:
    """Failed sign-ins from the request's address, over every username, in the cool-off."""
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    total = (
        AccessAttempt.objects.filter(
            ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
        )
        .aggregate(total=Sum("failures_since_start"))
        .get("total")
    )
    return total or 0


class AddressLimitHandler(AxesDatabaseHandler):
    """Axes' database handler, locking an address as well as an account at an address."""

    def address_locked(self, request: HttpRequest) -> bool:
        return address_failures(request) >= settings.CHILDFIRST_ADDRESS_FAILURE_LIMIT

    def is_locked(self, request: Any, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self.address_locked(request)

    def user_login_failed(self, sender: Any, credentials: dict, request: Any = None, **kwargs):  # type: ignore[no-untyped-def]
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if self.address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=credentials.get("username") if credentials else None,
                ip_address=request.axes_ip_address,
            )
