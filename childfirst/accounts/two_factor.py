"""Two-factor sign-in (docs in DEVELOPERS.md, "Two-factor sign-in").

django-otp keeps the devices: a TOTP device (an authenticator app, enrolled by QR
code) and a static device holding the recovery codes (each works once: django-otp
deletes a static token when it is used). This module is the one place that sets them
up, checks a code and resets them, and it logs each enrolment, reset and recovery code
used as a :class:`~childfirst.accounts.models.TwoFactorEvent`.

Who must use it: everyone, whenever ``CHILDFIRST_REQUIRE_TWO_FACTOR`` is on (its default
is on whenever debug is off), except in demo mode (``CHILDFIRST_DEMO=1``), where nobody
is asked: a demo's database holds only the accounts the demo made, and its banner says
they sign in without a second factor.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from childfirst.accounts.errors import AccountsError, AccountsNotAllowed
from childfirst.accounts.models import TwoFactorEvent, User
from childfirst.accounts.permissions import can_manage_accounts

#: How many recovery codes a person is given at enrolment.
RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def required() -> bool:
    """Whether signing in needs a second factor on this installation."""
    return bool(settings.CHILDFIRST_REQUIRE_TWO_FACTOR) and not settings.CHILDFIRST_DEMO


def app_device(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_enrolled(user: User) -> bool:
    return app_device(user) is not None


def pending_device(user: User) -> TOTPDevice:
    """The authenticator app being set up: the same secret until it is confirmed, so
    reloading the page does not change the QR code someone is scanning."""
    if is_enrolled(user):
        raise AccountsError("Two-factor sign-in is already set up for this account.")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The device's otpauth URL as an inline SVG QR code (segno). Safe: segno writes the
    markup itself, and the URL it encodes is ours (no user text but the username, which
    segno encodes as QR modules, never as markup)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, dark="#0b0c0c", light="#ffffff", omitsize=False
    )
    return mark_safe(svg)  # segno's own markup, with no user text in it


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def confirm_enrolment(request: HttpRequest, code: str) -> list[str] | None:
    """Confirm the app being set up with a code from it. On success the session is
    verified, the recovery codes are made (any earlier ones go) and returned to be shown
    once, and the enrolment is logged; a wrong code returns ``None``."""
    user = request.user
    device = pending_device(user)
    if not device.verify_token(_clean(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = _new_recovery_codes(user)
    otp_login(request, device)
    TwoFactorEvent.objects.create(user=user, actor=user, kind=TwoFactorEvent.Kind.ENROLLED)
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def verify_app_code(request: HttpRequest, code: str) -> bool:
    """A code from the person's app: right, and the session is verified."""
    device = app_device(request.user)
    if device is None or not device.verify_token(_clean(code)):
        return False
    otp_login(request, device)
    return True


@transaction.atomic
def use_recovery_code(request: HttpRequest, code: str) -> int | None:
    """A recovery code: right (it is used up, the session verified and the use logged),
    returning how many codes are left; wrong, ``None``."""
    user = request.user
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or not device.verify_token(_clean(code)):
        return None
    otp_login(request, device)
    left = device.token_set.count()
    TwoFactorEvent.objects.create(
        user=user,
        actor=user,
        kind=TwoFactorEvent.Kind.RECOVERY_CODE_USED,
        detail=f"{left} recovery code{'s' if left != 1 else ''} left",
    )
    return left


@transaction.atomic
def reset(*, actor: User, user: User) -> None:
    """An administrator takes away a person's app and recovery codes: they set up
    two-factor sign-in again when they next sign in (a session they have open is asked
    for it at once, its device being gone). Nobody resets their own."""
    if not can_manage_accounts(actor):
        raise AccountsNotAllowed("Only an administrator can reset two-factor sign-in.")
    if actor.pk == user.pk:
        raise AccountsNotAllowed(
            "You cannot reset your own two-factor sign-in. Ask another administrator."
        )
    if user.is_superuser and not actor.is_superuser:
        raise AccountsNotAllowed("Only a superuser can reset a superuser's two-factor sign-in.")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    TwoFactorEvent.objects.create(user=user, actor=actor, kind=TwoFactorEvent.Kind.RESET)
