"""A service manager reads the KPI dashboard in a real browser, and a board member sees
figures without names; axe-core checks every page."""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import Page, expect

from childfirst.accounts.models import Role
from childfirst.performance.models import PopulationEstimate
from tests.browser.conftest import PASSWORD
from tests.casework.factories import UserFactory
from tests.performance.conftest import small_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people():
    small_service()
    PopulationEstimate.objects.create(year=2022, children_10_17=40_000)
    for username, role in (("dclark", Role.SERVICE_MANAGER), ("hthomas", Role.BOARD_MEMBER)):
        person = UserFactory(username=username, roles=[(role, None)])
        person.set_password(PASSWORD)
        person.save()


def test_a_service_manager_follows_a_figure_to_the_children(
    people, page: Page, live_server, sign_in, assert_accessible
):
    sign_in(page, "dclark")
    page.get_by_role("link", name="Performance").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Key performance indicators")
    assert_accessible(page)

    page.get_by_label("Quarter", exact=True).select_option("2023Q1")
    page.get_by_role("button", name="Show quarter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Key performance indicators, 2023-24 Q1"
    )
    kpi1 = page.get_by_role("table", name="KPI 1 by quarter")
    expect(kpi1.get_by_role("row").last).to_contain_text("66.7%")
    assert_accessible(page)

    kpi1.get_by_role("link", name="2 children counted in 2023-24 Q1: see the children").click()
    expect(page.get_by_role("status")).to_contain_text("This figure counts 2 of 3")
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(3)  # header and two
    assert_accessible(page)

    page.goto(f"{live_server.url}/performance/2023Q1/kpi1/")
    expect(page.get_by_role("table")).to_contain_text("Custodial sentences: Release")
    assert_accessible(page)

    page.goto(f"{live_server.url}/performance/?period=2023Q1")
    page.get_by_role("link", name="data-quality items open for this quarter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Data quality for the KPI return, 2023-24 Q1"
    )
    expect(page.get_by_role("table", name="Items by team and KPI")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/performance/indicators/?period=2022-23")
    expect(page.get_by_role("heading", level=1)).to_have_text("National indicators, 2022-23")
    assert_accessible(page)
    page.get_by_label("Financial year or quarter").fill("next year")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a financial year")
    assert_accessible(page)


def test_the_charts_draw_under_the_content_security_policy(
    people, strict_page: Page, live_server, sign_in
):
    sign_in(strict_page, "hthomas")
    strict_page.goto(f"{live_server.url}/performance/?period=2023Q1")
    charts = strict_page.locator("img.cf-chart")
    expect(charts).to_have_count(9)  # every KPI but KPI 8, with no board meeting recorded
    widths = charts.evaluate_all("images => images.map(i => i.naturalWidth)")
    assert all(width > 0 for width in widths), widths
    svg = base64.b64decode(charts.first.get_attribute("src").split(",", 1)[1]).decode()
    assert "2023-24 Q1" in svg
    assert "/children/" not in strict_page.content()  # a board member: figures, no names
