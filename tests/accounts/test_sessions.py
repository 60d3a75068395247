"""Sessions and passwords (issue 12, item 13): a session not used for
``CHILDFIRST_SESSION_IDLE_MINUTES`` ends, with a page saying why; people change their own
password; a password an administrator sets is temporary, changed at the next sign-in
before anything else."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client

from childfirst.accounts.middleware import LAST_SEEN
from childfirst.accounts.models import User
from tests.accounts.conftest import administrator
from tests.casework.factories import PASSWORD, UserFactory
from tests.two_factor import app_device, current_code

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-passphrase-77"


@pytest.fixture
def person():
    return UserFactory(username="priya", first_name="Priya", last_name="Shah")


def idle_for(client, minutes: float) -> None:
    session = client.session
    session[LAST_SEEN] = int(time.time() - minutes * 60)
    session.save()


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- idle sessions ----------------------------------------------------------------------


def test_sessions_end_after_30_idle_minutes_by_default():
    assert settings.CHILDFIRST_SESSION_IDLE_MINUTES == 30


def test_an_idle_session_is_signed_out_with_a_page_saying_why(client, person):
    client.force_login(person)
    assert client.get("/").status_code == 200
    idle_for(client, 31)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/signed-out/"
    assert not signed_in(client)
    page = client.get("/signed-out/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "<title>You were signed out – ChildFirst</title>" in text
    assert "You had not used ChildFirst for 30 minutes" in text
    assert '<a class="govuk-link" href="/sign-in/">Sign in again</a>' in text
    # Nothing is reachable any more without signing in again.
    assert client.get("/")["Location"] == "/sign-in/?next=/"


def test_a_session_used_within_the_time_carries_on(client, person):
    client.force_login(person)
    client.get("/")
    idle_for(client, 29)
    assert client.get("/").status_code == 200
    # Using it starts the time again.
    assert time.time() - client.session[LAST_SEEN] < 60
    assert signed_in(client)


def test_the_idle_time_is_a_setting(client, person, settings):
    settings.CHILDFIRST_SESSION_IDLE_MINUTES = 5
    client.force_login(person)
    client.get("/")
    idle_for(client, 6)
    assert client.get("/")["Location"] == "/signed-out/"
    page = client.get("/signed-out/").content.decode()
    assert "for 5 minutes" in page


# --- changing one's password -----------------------------------------------------------


def test_people_change_their_own_password_from_the_header(client, person):
    client.force_login(person)
    home = client.get("/").content.decode()
    assert 'href="/account/password/">Change password</a>' in home
    page = client.get("/account/password/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "<title>Change your password – ChildFirst</title>" in text
    for label in ("Current password", "New password", "Confirm new password"):
        assert f">{label}</label>" in text

    wrong = client.post(
        "/account/password/",
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200
    assert "There is a problem" in wrong.content.decode()
    assert "Your current password is not right" in wrong.content.decode()

    short = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert "There is a problem" in short.content.decode()

    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/password/changed/"
    assert "Your password has been changed" in client.get(response["Location"]).content.decode()
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    # Still signed in, second factor and all.
    assert client.get("/").status_code == 200


# --- temporary passwords ----------------------------------------------------------------


def sign_in_fully(client, username: str, password: str):
    response = client.post("/sign-in/", {"username": username, "password": password})
    assert response.status_code == 302, "the password was refused"
    person = User.objects.get(username=username)
    assert (
        client.post("/two-factor/", {"code": current_code(app_device(person))}).status_code == 302
    )


def test_an_administrators_password_is_temporary_and_changed_before_anything_else(person):
    admin_client = Client()
    admin_client.force_login(administrator(username="business-support"))
    response = admin_client.post(
        f"/admin/accounts/user/{person.pk}/password/",
        {"password1": "temporary-passphrase-1", "password2": "temporary-passphrase-1"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.must_change_password
    assert person.check_password("temporary-passphrase-1")

    client = Client()
    sign_in_fully(client, "priya", "temporary-passphrase-1")
    for url in ("/", "/children/", "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/password/?next="), url
    page = client.get("/account/password/").content.decode()
    assert "Your administrator gave you a temporary password" in page

    response = client.post(
        "/account/password/",
        {
            "old_password": "temporary-passphrase-1",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.must_change_password
    assert client.get("/").status_code == 200


def test_a_new_accounts_password_is_temporary(administrator_client):
    response = administrator_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newstarter",
            "password1": "first-day-passphrase-9",
            "password2": "first-day-passphrase-9",
            "usable_password": "true",
            "role_assignments-TOTAL_FORMS": "0",
            "role_assignments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="newstarter").must_change_password


def test_without_the_flag_nobody_is_sent_to_change_their_password(client, person):
    client.force_login(person)
    assert client.get("/").status_code == 200
