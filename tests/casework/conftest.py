"""Shared set-up for casework tests, and helpers for reading GOV.UK pages
(``from tests.casework.conftest import sign_in, error_summary``)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def sign_in(client, user):
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def date_input(name: str, day: dt.date | None = None, *, parts: tuple[str, str, str] = ()):
    """The three boxes of a GOV.UK date input, from a date or as typed."""
    if day is not None:
        parts = (str(day.day), str(day.month), str(day.year))
    parts = parts or ("", "", "")
    return {f"{name}_{index}": value for index, value in enumerate(parts)}


def text_of(response) -> str:
    """The main content as text, tags and extra spaces gone."""
    page = response.content.decode()
    main = page[page.index("<main") :]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def title_of(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.DOTALL)
    assert match, "the page has no <title>"
    return " ".join(html.unescape(match.group(1)).split())


def error_summary(response) -> list[tuple[str, str]]:
    """``(link, message)`` for each error in the page's GOV.UK error summary."""
    page = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.DOTALL)
    if not match:
        return []
    return [
        (href, html.unescape(text))
        for href, text in re.findall(r'<li><a href="([^"]+)">(.*?)</a></li>', match.group(0))
    ]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Django's default hasher takes most of a second per user made; these tests make many."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


#: The fixed "today" and "now" of the contact, appointment and network tests: Monday
#: 3 June 2024, midday in London (British Summer Time, 11:00 UTC).
TODAY = dt.date(2024, 6, 3)
NOW = dt.datetime(2024, 6, 3, 12, 0)


@pytest.fixture
def clock(monkeypatch):
    """Fix today (``TODAY``) and the time (``NOW``, local) for forms, services and pages;
    dates passed in are still converted. Returns a function to move the clock on."""
    from django.utils import timezone

    real_localdate = timezone.localdate
    current = {"now": timezone.make_aware(NOW)}

    def localdate(value=None, timezone=None):
        if value is None:
            return real_localdate(current["now"])
        return real_localdate(value, timezone)

    def now():
        return current["now"]

    monkeypatch.setattr(timezone, "localdate", localdate)
    monkeypatch.setattr(timezone, "now", now)

    def move_to(local: dt.datetime) -> None:
        current["now"] = timezone.make_aware(local)

    return move_to
