"""Two-factor sign-in for tests: an authenticator app for a person, the code it shows
now, and a test client's session marked as having passed the second factor.

The suite runs with debug off, so two-factor sign-in is required (as in production).
``tests/conftest.py`` makes Django's ``Client.force_login`` also pass the second factor
(``force_login(user, second_factor=False)`` leaves it unpassed); tests that sign in
through the pages answer the code with :func:`current_code`, as a person would.
"""

from __future__ import annotations

import time
from typing import Any

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def app_device(user: Any) -> TOTPDevice:
    """The person's authenticator app, set up for them if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device


def code_for(key: bytes, *, step: int = 30, digits: int = 6) -> str:
    totp = TOTP(key, step=step, digits=digits)
    totp.time = time.time()
    return f"{totp.token():0{digits}d}"


def current_code(device: TOTPDevice) -> str:
    """The code the app shows now. The device forgets the last code it accepted and any
    wrong ones, so one test may sign the same person in twice within 30 seconds (a real
    device accepts each code once) or right after a wrong code (which slows the next)."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    return code_for(device.bin_key, step=device.step, digits=device.digits)


def verify_session(client: Any, user: Any) -> None:
    """Mark a test client's session (signed in as ``user``) as having passed the second
    factor with ``user``'s app, as django-otp's ``login`` does after a right code."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = app_device(user).persistent_id
    session.save()


def key_from_secret(text: str) -> bytes:
    """The key an app reads from the secret shown on the set-up page ("ABCD EFGH ...")."""
    from base64 import b32decode

    secret = "".join(text.split()).upper()
    return b32decode(secret + "=" * (-len(secret) % 8))
