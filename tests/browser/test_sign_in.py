"""Signing in, in a real browser: the journey, accessibility (axe-core), the keyboard,
and the Content-Security-Policy as users get it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_journey(live_server, user, page, sign_in):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/sign-in/?next=/")
    expect(page).to_have_title("Sign in – ChildFirst")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    sign_in(page)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page).to_have_title("Home – ChildFirst")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Priya Shah")
    table = page.get_by_role("table", name="Inspection frameworks available")
    expect(table).to_contain_text("hmip-youth-2018")
    expect(table).to_contain_text("hmip-youth-2021")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/sign-in/")
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/sign-in/?next=/")


def test_wrong_password_shows_error_summary(live_server, user, page, sign_in):
    page.goto(f"{live_server.url}/sign-in/")
    sign_in(page, password="not-the-password")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct username and password")
    # GOV.UK Frontend's error summary JavaScript moves focus to the summary.
    expect(summary).to_be_focused()


def test_sign_in_page_is_accessible(live_server, page, assert_accessible):
    page.goto(f"{live_server.url}/sign-in/")
    assert_accessible(page)


def test_sign_in_page_with_errors_is_accessible(live_server, page, assert_accessible):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your username")
    assert_accessible(page)


def test_home_page_is_accessible(live_server, user, page, sign_in, assert_accessible):
    page.goto(f"{live_server.url}/sign-in/")
    sign_in(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Priya Shah")
    assert_accessible(page)


def test_home_page_is_accessible_on_a_phone(live_server, user, page, sign_in, assert_accessible):
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(f"{live_server.url}/sign-in/")
    sign_in(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Priya Shah")
    assert_accessible(page)


def test_first_tab_focuses_the_skip_link(live_server, page):
    page.goto(f"{live_server.url}/sign-in/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_class(re.compile(r"\bgovuk-skip-link\b"))
    expect(focused).to_have_text("Skip to main content")
    expect(focused).to_be_visible()


def test_skip_link_moves_focus_to_main_content(live_server, strict_page):
    page = strict_page
    page.goto(f"{live_server.url}/sign-in/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    # GOV.UK Frontend's skip link JavaScript focuses <main> itself.
    expect(page.locator("main#main-content")).to_be_focused()


def test_the_page_works_under_its_own_content_security_policy(live_server, strict_page):
    """With the CSP enforced, nothing is refused, the nonce'd inline script runs and
    GOV.UK Frontend's JavaScript and styles load."""
    page = strict_page
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )

    page.goto(f"{live_server.url}/sign-in/")
    page.wait_for_load_state("networkidle")

    body = page.locator("body")
    expect(body).to_have_class(re.compile(r"\bjs-enabled\b"))
    expect(body).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    # GOV.UK Frontend's stylesheet applies, and the heading's font has loaded from /assets/.
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_css("font-family", re.compile(r"^\"?GDS Transport"))
    loaded = page.evaluate(
        """async () => {
            await document.fonts.ready;
            return [...document.fonts]
                .filter((f) => f.family.includes("GDS Transport") && f.status === "loaded")
                .map((f) => f.weight);
        }"""
    )
    assert "700" in loaded, f"GOV.UK's bold font did not load: {loaded}"
    assert problems == []
    assert failed == []


def test_setting_up_two_factor_sign_in(live_server, user, page, journey):
    """A new account sets up an authenticator app (the QR code, or the key typed), keeps
    its recovery codes and arrives home; every page checked with axe-core."""
    from tests.two_factor import code_for, key_from_secret

    journey.open(page)
    page.goto(f"{live_server.url}/sign-in/")
    journey.at(page, "Sign in – ChildFirst")
    page.get_by_label("Username").fill("pshah")
    page.get_by_label("Password").fill("a-long-test-passphrase-42")
    page.get_by_role("button", name="Sign in").click()

    journey.at(page, "Set up two-factor sign-in – ChildFirst")
    expect(page.locator(".cf-qr-code svg")).to_be_visible()
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#secret").inner_text()
    # A wrong code first: the error summary names the field.
    page.get_by_label("Security code").fill(
        "000000" if code_for(key_from_secret(secret)) != "000000" else "111111"
    )
    page.get_by_role("button", name="Continue").click()
    journey.at(page, "Error: Set up two-factor sign-in – ChildFirst")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The security code is not right")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.update(throttling_failure_count=0)  # django-otp waits after a wrong code
    page.get_by_label("Security code").fill(code_for(key_from_secret(secret)))
    page.get_by_role("button", name="Continue").click()

    journey.at(page, "Keep your recovery codes – ChildFirst")
    codes = page.get_by_role("list", name="Your recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    page.get_by_role("button", name="I have kept my recovery codes").click()
    journey.at(page, "Home – ChildFirst")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Priya Shah")
    journey.assert_every_page_was_checked()
