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
