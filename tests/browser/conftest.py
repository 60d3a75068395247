"""Shared fixtures for the end-to-end tests: Debian's Chromium driven by Playwright,
and axe-core for accessibility checks.

We never download a browser (no ``playwright install``): the tests use Debian's
``chromium`` package, which ``make chromium`` installs.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

# Playwright's sync API runs an event loop in the test thread, and Django refuses
# database calls from a thread with a running loop unless told it is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "a-long-test-passphrase-42"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/browser is a browser test, marked or not."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def reference_data(request: pytest.FixtureRequest) -> None:
    """Browser tests use transactional databases, which are emptied after each test,
    the migrations' data (offence and outcome types..., the Administrators group)
    included: load it again before any test that uses the database, whichever test ran
    before it."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")
    from django.apps import apps

    from childfirst.casework.models import OffenceType

    if not OffenceType.objects.exists():
        migration = importlib.import_module("childfirst.casework.migrations.0002_reference_data")
        migration.load(apps, None)
    from types import SimpleNamespace

    from django.contrib.auth.models import Group
    from django.db import connection

    groups = importlib.import_module("childfirst.accounts.migrations.0003_administrators_group")
    if not Group.objects.filter(name=groups.ADMINISTRATORS_GROUP).exists():
        groups.create_group(apps, SimpleNamespace(connection=connection))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Debian's Chromium is not installed at {CHROMIUM}: run `make chromium` "
            "(the browser tests never download a browser)",
            pytrace=False,
        )
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _new_context(browser: Browser, **options: Any) -> BrowserContext:
    context = browser.new_context(locale="en-GB", **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A browser context that ignores the site's Content-Security-Policy, so axe-core
    can be injected as a script. Use ``strict_context`` to test the CSP itself."""
    context = _new_context(browser, bypass_csp=True)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def new_page(browser: Browser, axe_source: str) -> Iterator[Callable[[], Page]]:
    """``new_page()``: a page in a fresh browser context (its own cookies, so its own
    sign-in), CSP bypassed like ``page``; for tests with several people. axe-core is
    loaded into every document as it opens, which halves the time ``assert_accessible``
    takes on a journey of many pages."""
    contexts: list[BrowserContext] = []

    def open_page() -> Page:
        context = _new_context(browser, bypass_csp=True)
        context.add_init_script(script=axe_source)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def strict_context(browser: Browser) -> Iterator[BrowserContext]:
    """A browser context that enforces the site's Content-Security-Policy, as users get."""
    context = _new_context(browser)
    yield context
    context.close()


@pytest.fixture
def strict_page(strict_context: BrowserContext) -> Page:
    return strict_context.new_page()


@pytest.fixture
def user(django_user_model: Any) -> Any:
    """A quality assurance auditor: her home page lists the inspection frameworks."""
    from childfirst.accounts.models import Role, RoleAssignment

    person = django_user_model.objects.create_user(
        username="pshah", password=PASSWORD, first_name="Priya", last_name="Shah"
    )
    RoleAssignment.objects.create(user=person, role=Role.AUDITOR)
    return person


@pytest.fixture
def sign_in(live_server: Any) -> Callable[..., None]:
    """Sign in through the sign-in page, as a person would: the password, then (when it
    was right) the code from their authenticator app, which is set up for them if they
    have none (two-factor sign-in is on: the suite runs with debug off; the set-up itself
    is ``test_two_factor.py``). ``on_code_page(page)`` is called on the code page before
    the code is entered, for a journey to check it."""

    def sign_in(
        page: Page,
        username: str = "pshah",
        password: str = PASSWORD,
        on_code_page: Callable[[Page], None] | None = None,
    ) -> None:
        from django.contrib.auth import get_user_model

        from tests.two_factor import app_device, current_code

        if "/sign-in/" not in page.url:
            page.goto(f"{live_server.url}/sign-in/")
        person = get_user_model().objects.filter(username=username).first()
        device = app_device(person) if person is not None else None
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        if device is None or "/two-factor/" not in page.url:
            return  # a wrong password, or two-factor sign-in is off
        if on_code_page is not None:
            on_code_page(page)
        page.get_by_label("Enter your security code").fill(current_code(device))
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()

    return sign_in


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is missing ({AXE_JS}): run `npm ci`", pytrace=False)
    return AXE_JS.read_text()


@pytest.fixture
def axe(axe_source: str) -> Callable[[Page], list[dict[str, Any]]]:
    """``axe(page)`` runs axe-core (all its rules, best practices included) on the page
    as it stands and returns the violations. The page must come from ``context``
    (CSP bypassed) so the script can be injected."""

    def run(page: Page) -> list[dict[str, Any]]:
        # A click that navigates returns before the new document has loaded; axe on
        # a half-parsed page reports a missing <main> and <h1>.
        page.wait_for_load_state("load", timeout=60_000)  # a streamed page can be slow
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(content=axe_source)
        return page.evaluate("async () => (await axe.run()).violations")

    return run


@pytest.fixture
def assert_accessible(axe: Callable[[Page], list[dict[str, Any]]]) -> Callable[[Page], None]:
    """``assert_accessible(page)``: axe-core finds no violations, or the test fails
    listing each rule and the elements that broke it."""

    def check(page: Page) -> None:
        violations = axe(page)
        assert violations == [], (
            f"axe-core found {len(violations)} violation(s) on {page.url}:\n"
            + format_violations(violations)
        )

    return check


@pytest.fixture
def journey(assert_accessible: Callable[[Page], None]) -> Any:
    """A :class:`tests.browser.journey.Journey`: every page checked as it comes."""
    from tests.browser.journey import Journey

    return Journey(assert_accessible)
