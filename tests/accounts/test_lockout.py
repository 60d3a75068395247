"""Lockout of guessed passwords (issue 12, finding 4): per account at an address (the
sixth wrong password locks), per address over every username (password spraying), and
which address counts behind a reverse proxy."""

from __future__ import annotations

import pytest
from django.conf import settings

from childfirst.accounts.models import User

PASSWORD = "a-long-test-passphrase-42"
pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"


def sign_in(client, username: str, password: str, **meta):
    return client.post("/sign-in/", {"username": username, "password": password}, **meta)


@pytest.fixture
def person(db):
    return User.objects.create_user(username="pshah", password=PASSWORD)


def test_the_limits_are_settings():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.CHILDFIRST_ADDRESS_FAILURE_LIMIT == 20
    # Unset by default: no header is trusted.
    assert settings.CHILDFIRST_CLIENT_ADDRESS_HEADER == ""


def test_the_sixth_wrong_password_for_one_account_is_refused(client, person):
    for attempt in range(1, 5):
        assert sign_in(client, "pshah", f"wrong-{attempt}").status_code == 200
    assert sign_in(client, "pshah", "wrong-5").status_code == 429
    sixth = sign_in(client, "pshah", "wrong-6")
    assert sixth.status_code == 429
    assert "locked for an hour" in sixth.content.decode()
    # Even the right password, now.
    assert sign_in(client, "pshah", PASSWORD).status_code == 429


def test_36_failures_over_24_usernames_from_one_address_lock_the_address(client, person):
    usernames = [f"guess{n:02}" for n in range(24)]
    attempts = usernames + usernames[:12]  # 36 failures, never more than two per username
    statuses = [sign_in(client, name, "Winter2026!").status_code for name in attempts]
    # The 20th failure reaches the address's limit; none reached an account's.
    assert statuses[:19] == [200] * 19
    assert set(statuses[19:]) == {429}
    # Locked for everyone at that address, with the right password too...
    assert sign_in(client, "pshah", PASSWORD).status_code == 429
    # ...and not for anyone elsewhere.
    assert sign_in(client, "pshah", PASSWORD, REMOTE_ADDR="192.0.2.9").status_code == 302


def test_without_the_header_setting_a_forwarded_address_is_ignored(client, person):
    # Each guess claims a different address; all come from one connection's address.
    for n in range(20):
        sign_in(
            client,
            f"guess{n}",
            "Winter2026!",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    response = sign_in(
        client, "pshah", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.200"
    )
    assert response.status_code == 429


def test_with_the_header_setting_two_clients_behind_one_proxy_are_counted_apart(
    client, person, settings
):
    settings.CHILDFIRST_CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    for n in range(20):
        # The sprayer puts an address of its choosing first; the proxy adds the real one.
        sign_in(
            client,
            f"guess{n}",
            "Winter2026!",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5",
        )
    sprayer = sign_in(
        client, "pshah", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    assert sprayer.status_code == 429
    colleague = sign_in(
        client, "pshah", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.6"
    )
    assert colleague.status_code == 302


def test_with_the_header_setting_a_request_without_it_counts_the_connection(
    client, person, settings
):
    settings.CHILDFIRST_CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    for n in range(20):
        sign_in(client, f"guess{n}", "Winter2026!", REMOTE_ADDR="192.0.2.50")
    assert sign_in(client, "pshah", PASSWORD, REMOTE_ADDR="192.0.2.50").status_code == 429
