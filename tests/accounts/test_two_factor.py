"""Two-factor sign-in (issue 12, item 12), with enforcement ON, as the suite runs (debug
off): a password alone reaches nothing but the two-factor pages; the app's right code
lets in and a wrong one does not; set-up by QR code or typed secret; recovery codes
shown once, each working once; an administrator's reset forces set-up again; each
set-up, reset and recovery code used is logged; demo mode asks nobody."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from childfirst.accounts import two_factor
from childfirst.accounts.models import AccessLog, Role, TwoFactorEvent
from tests.accounts.conftest import administrator
from tests.casework.factories import PASSWORD, ChildFactory, TeamFactory, UserFactory
from tests.two_factor import app_device, code_for, current_code, key_from_secret

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return TeamFactory()


@pytest.fixture
def child(team):
    return ChildFactory(team=team)


@pytest.fixture
def practitioner(team):
    return UserFactory(username="priya", roles=[(Role.PRACTITIONER, team)])


def record_url(child) -> str:
    return reverse("casework:child", kwargs={"reference": child.reference})


def password_only(client, username: str = "priya"):
    response = client.post("/sign-in/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def enrol_through_the_pages(client, next_url: str = "/") -> list[str]:
    """Set up an app on the set-up page, as a person would; the recovery codes shown."""
    page = client.get("/two-factor/set-up/", {"next": next_url}).content.decode()
    secret = re.search(r'<code class="cf-secret" id="secret">([A-Z2-7 ]+)</code>', page)
    assert secret, "the set-up page shows no secret to type"
    key = key_from_secret(secret.group(1))
    response = client.post("/two-factor/set-up/", {"code": code_for(key), "next": next_url})
    assert response.status_code == 302
    assert response["Location"].startswith("/two-factor/recovery-codes/")
    shown = client.get(response["Location"]).content.decode()
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown)


def test_two_factor_is_required_whenever_debug_is_off():
    assert settings.DEBUG is False
    assert settings.CHILDFIRST_REQUIRE_TWO_FACTOR is True
    assert settings.CHILDFIRST_DEMO is False
    assert two_factor.required()


def test_a_password_alone_cannot_reach_a_childs_record(client, practitioner, child):
    app_device(practitioner)
    password_only(client)
    response = client.get(record_url(child))
    assert response.status_code == 302
    assert response["Location"] == f"/two-factor/?next={record_url(child).replace('/', '%2F')}"
    # Nor the home page, a POST, or the admin; nothing of the child was shown or logged.
    assert client.get("/").status_code == 302
    assert client.post(record_url(child) + "edit/", {}).status_code == 302
    assert client.get("/admin/").status_code == 302
    assert not AccessLog.objects.exists()


def test_force_login_without_the_second_factor_is_refused_too(client, practitioner, child):
    client.force_login(practitioner, second_factor=False)
    assert client.get(record_url(child)).status_code == 302


def test_the_right_code_lets_in_and_goes_where_the_person_was_going(client, practitioner, child):
    device = app_device(practitioner)
    password_only(client)
    page = client.get("/two-factor/", {"next": record_url(child)})
    assert page.status_code == 200
    assert "Enter your security code" in page.content.decode()
    response = client.post(
        "/two-factor/", {"code": current_code(device), "next": record_url(child)}
    )
    assert response.status_code == 302
    assert response["Location"] == record_url(child)
    assert client.get(record_url(child)).status_code == 200


def test_a_wrong_code_does_not_let_in(client, practitioner, child):
    device = app_device(practitioner)
    password_only(client)
    response = client.post("/two-factor/", {"code": wrong(current_code(device))})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The security code is not right" in page
    assert client.get(record_url(child)).status_code == 302


def test_a_code_that_is_not_six_digits_is_explained(client, practitioner):
    app_device(practitioner)
    password_only(client)
    page = client.post("/two-factor/", {"code": "12ab"}).content.decode()
    assert "Enter the security code as 6 digits, like 123456" in page
    page = client.post("/two-factor/", {"code": ""}).content.decode()
    assert "Enter the 6-digit security code from your app" in page


def test_a_person_without_an_app_is_sent_to_set_one_up(client, practitioner, child):
    password_only(client)
    first = client.get(record_url(child))
    response = client.get(first["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith("/two-factor/set-up/?next=")


def test_set_up_by_qr_code_or_typed_secret(client, practitioner, child):
    password_only(client)
    page = client.get("/two-factor/set-up/").content.decode()
    assert "<svg" in page and "Scan this QR code" in page
    device = TOTPDevice.objects.get(user=practitioner)
    assert not device.confirmed
    # The typed secret is the device's key; reloading keeps the same one.
    assert two_factor.secret_text(device) in page
    assert two_factor.secret_text(device) in client.get("/two-factor/set-up/").content.decode()
    # A wrong code sets nothing up.
    wrong_code = wrong(code_for(device.bin_key))
    response = client.post("/two-factor/set-up/", {"code": wrong_code})
    assert "The security code is not right" in response.content.decode()
    assert not two_factor.is_enrolled(practitioner)
    # (A wrong code makes django-otp wait a second before it takes the next.)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)

    codes = enrol_through_the_pages(client, next_url=record_url(child))
    assert len(codes) == two_factor.RECOVERY_CODES == len(set(codes))
    assert two_factor.is_enrolled(practitioner)
    assert client.get(record_url(child)).status_code == 200
    event = TwoFactorEvent.objects.get()
    assert (event.user, event.actor, event.kind) == (
        practitioner,
        practitioner,
        TwoFactorEvent.Kind.ENROLLED,
    )


def test_recovery_codes_are_shown_once(client, practitioner):
    password_only(client)
    enrol_through_the_pages(client)
    again = client.get("/two-factor/recovery-codes/")
    assert again.status_code == 302
    assert "<code>" not in client.get("/").content.decode()


def test_a_password_alone_cannot_set_up_a_second_app(client, practitioner):
    """Someone who has only the password of an account with an app cannot add their own."""
    app_device(practitioner)
    password_only(client)
    response = client.get("/two-factor/set-up/")
    assert response.status_code == 302
    assert response["Location"].startswith("/two-factor/")
    assert client.post("/two-factor/set-up/", {"code": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=practitioner).count() == 1


def test_a_recovery_code_works_once(client, practitioner, child):
    password_only(client)
    codes = enrol_through_the_pages(client)
    client.post("/sign-out/")

    password_only(client)
    response = client.post("/two-factor/recovery-code/", {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(record_url(child)).status_code == 200
    event = TwoFactorEvent.objects.filter(kind=TwoFactorEvent.Kind.RECOVERY_CODE_USED).get()
    assert event.user == event.actor == practitioner
    assert event.detail == "9 recovery codes left"
    client.post("/sign-out/")

    password_only(client)
    again = client.post("/two-factor/recovery-code/", {"code": codes[0]})
    assert again.status_code == 200
    assert "has already been used" in again.content.decode()
    assert client.get(record_url(child)).status_code == 302
    assert StaticDevice.objects.get(user=practitioner).token_set.count() == 9


def test_an_administrators_reset_forces_setting_up_again(client, practitioner, child):
    practitioner_client = client
    practitioner_client.force_login(practitioner)
    StaticDevice.objects.create(user=practitioner, name="Recovery codes", confirmed=True)
    assert practitioner_client.get(record_url(child)).status_code == 200

    admin = administrator(username="business-support")
    from django.test import Client

    admin_client = Client()
    admin_client.force_login(admin)
    response = admin_client.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [practitioner.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=practitioner).exists()
    assert not StaticDevice.objects.filter(user=practitioner).exists()
    event = TwoFactorEvent.objects.get()
    assert (event.user, event.actor, event.kind) == (
        practitioner,
        admin,
        TwoFactorEvent.Kind.RESET,
    )
    # The session open on the practitioner's computer is asked at once, and set-up follows.
    response = practitioner_client.get(record_url(child))
    assert response.status_code == 302
    assert practitioner_client.get(response["Location"])["Location"].startswith(
        "/two-factor/set-up/"
    )
    # The log is in the admin, for administrators to read.
    log = admin_client.get("/admin/accounts/twofactorevent/")
    assert log.status_code == 200
    assert "Two-factor sign-in reset by an administrator" in log.content.decode()


def test_nobody_resets_their_own_and_only_administrators_reset(practitioner):
    admin = administrator(username="business-support")
    app_device(admin)
    with pytest.raises(two_factor.AccountsNotAllowed):
        two_factor.reset(actor=admin, user=admin)
    with pytest.raises(two_factor.AccountsNotAllowed):
        two_factor.reset(actor=practitioner, user=admin)
    assert two_factor.is_enrolled(admin)
    assert not TwoFactorEvent.objects.exists()


def test_the_admin_shows_no_device_or_secret(administrator_client):
    index = administrator_client.get("/admin/").content.decode()
    assert "otp_totp" not in index and "otp_static" not in index
    assert administrator_client.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_signing_out_is_open_without_the_second_factor(client, practitioner):
    password_only(client)
    assert client.post("/sign-out/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_in_demo_mode_nobody_is_asked_and_the_banner_says_so(client, practitioner, settings):
    settings.CHILDFIRST_DEMO = True
    assert not two_factor.required()
    password_only(client)
    home = client.get("/")
    assert home.status_code == 200
    assert "the demo accounts sign in without a second factor" in home.content.decode()


def test_outside_demo_mode_the_banner_says_nothing_of_it(client, practitioner):
    client.force_login(practitioner)
    assert "without a second factor" not in client.get("/").content.decode()
