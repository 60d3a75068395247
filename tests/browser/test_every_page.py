"""Every page, for every role, reflows at 320 px and is clean under axe-core (issue 11,
item 12; WCAG 2.2 1.4.10 Reflow).

A small demo service is loaded; each role signs in and the test follows every link
from their home page (the menu, the page, the footer), breadth first, as they would.
Pages are told apart by their URL pattern and its variant (an assessment's step, a
KPI's code, which query keys are set), so each kind of page is visited once a role,
not once a child. On each page, at 320 px wide, the document may not be wider than
the window (no scrolling sideways) and axe-core may find nothing; then again at
desktop width for axe-core. Sign-out, the Django admin and downloads (PDF,
spreadsheets) are not pages of ours to follow.
"""

from __future__ import annotations

import io
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import Resolver404, resolve

from childfirst.accounts.models import Role, User
from tests.browser.conftest import format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = 320, 1280
#: URL parts that make a different page of one pattern (a step, a kind of work, a KPI).
VARIANT_KWARGS = ("step", "kind_name", "code", "measure", "standard")
SKIP_NAMES = {"sign-out", "results_pdf", "results_xlsx"}
#: A role's pages are many fewer than this; the cap only stops a runaway crawl.
MOST_PAGES = 150

LINKS = """() => [...document.querySelectorAll('a[href]')]
  .map(a => a.href)
  .filter(h => h.startsWith(location.origin))"""


@dataclass
class Sweep:
    origin: str
    seen: set[tuple[Any, ...]] = field(default_factory=set)
    visited: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def key(self, url: str) -> tuple[Any, ...] | None:
        """What makes the page at ``url`` a different page, or None to leave it."""
        parts = urlsplit(url)
        if parts.path.startswith("/admin") or parts.path.endswith((".pdf", ".xlsx", ".csv")):
            return None
        try:
            match = resolve(parts.path)
        except Resolver404:
            return None
        if match.url_name in SKIP_NAMES or match.namespace == "admin":
            return None
        query = {k for k, _ in parse_qsl(parts.query) if k != "page"}
        if any(k in query for k in ("download", "format")):
            return None
        variant = tuple(str(match.kwargs.get(k, "")) for k in VARIANT_KWARGS)
        paged = "page" in dict(parse_qsl(parts.query))
        return (match.namespace, match.url_name, variant, tuple(sorted(query)), paged)


def sweep(page: Any, origin: str, axe: Any) -> Sweep:
    found = Sweep(origin)
    queue = deque([f"{origin}/"])
    found.seen.add(found.key(queue[0]))  # type: ignore[arg-type]
    while queue and len(found.visited) < MOST_PAGES:
        url = queue.popleft()
        page.set_viewport_size({"width": PHONE, "height": 800})
        try:
            response = page.goto(url)
        except Exception as error:  # a download starts instead of a page
            if "Download is starting" in str(error):
                continue
            raise
        assert response is not None
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        found.visited.append(url)
        if response.status >= 400:
            found.problems.append(f"{url}: answered {response.status} to a link on a page")
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        if wide > PHONE:
            found.problems.append(f"{url}: {wide} px wide at {PHONE} px")
        for width in (PHONE, DESKTOP):
            page.set_viewport_size({"width": width, "height": 800})
            violations = axe(page)
            if violations:
                found.problems.append(f"{url} at {width} px:\n{format_violations(violations)}")
        for link in page.evaluate(LINKS):
            link = link.split("#")[0]
            key = found.key(link)
            if key is not None and key not in found.seen:
                found.seen.add(key)
                queue.append(link)
    return found


@pytest.fixture
def demo_service() -> dict[str, User]:
    """A small demo service; one person for each role."""
    with override_settings(CHILDFIRST_DEMO=True):
        call_command("demo", "--children", "40", "--years", "2", stdout=io.StringIO())
    people = {}
    for role in Role:
        person = User.objects.filter(role_assignments__role=role).order_by("pk").first()
        if person is not None:
            people[role.value] = person
    return people


@pytest.mark.parametrize(
    "role",
    [
        Role.PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.SERVICE_MANAGER,
        Role.AUDITOR,
        Role.BOARD_MEMBER,
        Role.POLICE_PANEL,
        Role.ADMINISTRATOR,
    ],
)
def test_every_page_reflows_at_320_px_and_passes_axe(
    role: str,
    demo_service: dict[str, User],
    new_page: Any,
    live_server: Any,
    sign_in: Any,
    axe: Any,
) -> None:
    person = demo_service[role]
    page = new_page()
    page.goto(f"{live_server.url}/sign-in/")
    sign_in(page, person.username, "childfirst-demo")
    found = sweep(page, live_server.url, axe)
    print(f"{role}: {len(found.visited)} pages, {len(found.seen)} kinds of page linked")
    assert len(found.visited) > 1 or role == Role.ADMINISTRATOR, found.visited
    assert not found.problems, (
        f"{len(found.problems)} problem(s) on {len(found.visited)} pages for {role}:\n"
        + "\n".join(found.problems)
    )
