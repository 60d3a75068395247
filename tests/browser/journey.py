"""A person's journey through ChildFirst in Chromium, every page checked as it comes.

``Journey.at(page, title)`` says the page arrived (its title), runs axe-core at desktop
width and again at 320 CSS pixels, where the page may not be wider than the window
(WCAG 2.2 1.4.10 Reflow), and fails the test if any other page loaded since the last one
checked. The ``journey`` fixture (``conftest.py``) gives each test one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Page, expect

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 320, "height": 800}

#: The outermost elements reaching past the right of the window, to say what to fix.
TOO_WIDE = """() => {
  const found = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.getBoundingClientRect().right > window.innerWidth + 1
        && !found.some(outer => outer.contains(el))) found.push(el);
  }
  return found.slice(0, 5).map(el => el.outerHTML.slice(0, 120));
}"""


def title(text: str) -> re.Pattern[str]:
    """A page title that starts with ``text``."""
    return re.compile("^" + re.escape(text))


@dataclass
class Journey:
    """Checks each page a person sees with axe-core at desktop width and at 320 px (where
    nothing may scroll sideways), and fails if a page loaded without being checked."""

    assert_accessible: Callable[[Page], None]
    loaded: list[str] = field(default_factory=list)
    checked: int = 0

    def open(self, page: Page) -> Page:
        page.set_viewport_size(DESKTOP)
        page.on("load", lambda: self.loaded.append(page.url))
        return page

    def at(self, page: Page, expected: str | re.Pattern[str]) -> None:
        """The page's title starts with ``expected`` (or matches it, a pattern), axe-core
        finds nothing wrong with it at either width, it reflows at 320 px, and it is the
        only page to have loaded since the last one checked."""
        expect(page).to_have_title(title(expected) if isinstance(expected, str) else expected)
        page.wait_for_load_state()
        self.assert_accessible(page)
        page.set_viewport_size(PHONE)
        try:
            wide, window = page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert wide <= window, (
                f"{page.url} scrolls sideways at 320 px ({wide} px wide); too wide: "
                + ", ".join(page.evaluate(TOO_WIDE))
            )
            self.assert_accessible(page)
        finally:
            page.set_viewport_size(DESKTOP)
        unchecked = self.loaded[self.checked :]
        assert unchecked == [page.url], f"pages loaded but not checked: {unchecked[:-1]}"
        self.checked = len(self.loaded)

    def assert_every_page_was_checked(self) -> None:
        unchecked = self.loaded[self.checked :]
        assert unchecked == [], f"pages loaded but not checked with axe-core: {unchecked}"


def sign_in_as(journey: Journey, page: Page, live_server: Any, sign_in: Any, who: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    journey.at(page, "Sign in – ChildFirst")
    sign_in(
        page, who, on_code_page=lambda p: journey.at(p, "Enter your security code – ChildFirst")
    )
    journey.at(page, "Home – ChildFirst")


def sign_out(journey: Journey, page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    journey.at(page, "Sign in – ChildFirst")
    page.context.close()


def fill_date(page: Page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))
