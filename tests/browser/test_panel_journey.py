"""A police panel member at the joint decision panel, in a real browser (issue 11, item 9).

They sign in and land on the panel's referrals, open a child's panel pack, record the
joint decision with the NPCC gravity score and both members named, and are refused
the child's record and its health page. axe-core checks every page they see, at
desktop width and at 320 px, where no page may scroll sideways.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from childfirst.accounts.models import Role
from childfirst.casework.models import Intervention
from tests.browser.journey import Journey, sign_in_as, title
from tests.casework.factories import (
    ChildFactory,
    InterventionFactory,
    OffenceFactory,
    TeamFactory,
    UserFactory,
    VictimFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = dt.date.today()


def test_a_police_panel_member_decides_with_the_service(
    new_page: Any, live_server: Any, sign_in: Any, journey: Journey
) -> None:
    south = TeamFactory(name="South")
    UserFactory(
        username="pc_cole", first_name="Sam", last_name="Cole", roles=[(Role.POLICE_PANEL, None)]
    )
    child = ChildFactory(team=south, first_name="Riley", last_name="Stone")
    offence = OffenceFactory(child=child, code="common-assault", date=TODAY - dt.timedelta(days=20))
    VictimFactory(child=child, offences=[offence], name="Jo Bloggs", views="Wants an apology.")
    referral = InterventionFactory(
        child=child,
        start=TODAY - dt.timedelta(days=14),
        referred_to_panel=True,
        panel_date=TODAY,
        panel_recommendation="youth_caution",
        panel_recommendation_reason="First offence; Riley has said sorry.",
    )

    page = journey.open(new_page())
    sign_in_as(journey, page, live_server, sign_in, "pc_cole")
    expect(page.get_by_role("heading", name="Upcoming panels")).to_be_visible()

    page.get_by_role("link", name="Riley Stone").click()
    journey.at(page, title("Panel pack – Riley Stone"))
    expect(page.get_by_text("Common assault")).to_be_visible()
    expect(page.get_by_text("Wants an apology.")).to_be_visible()
    expect(page.get_by_text("First offence; Riley has said sorry.")).to_be_visible()

    page.get_by_role("link", name="Record the joint decision").click()
    journey.at(page, title("Record the joint decision"))
    page.get_by_role("button", name="Save").click()
    journey.at(page, title("Error: Record the joint decision"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the NPCC gravity score")

    page.locator("#id_panel_date_0").fill(str(TODAY.day))
    page.locator("#id_panel_date_1").fill(str(TODAY.month))
    page.locator("#id_panel_date_2").fill(str(TODAY.year))
    page.get_by_label("3: normally a youth caution").check()
    page.get_by_label("Youth caution", exact=True).check()
    page.get_by_label("Rationale").fill("Admitted it at interview; a first offence.")
    page.get_by_label("Police decision maker").fill("PS 4411 Cole")
    page.get_by_label("Youth justice service member").fill("Amir Khan, YJS officer")
    page.get_by_role("button", name="Save").click()
    journey.at(page, title("Panel pack – Riley Stone"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Joint decision recorded")
    expect(page.get_by_text("PS 4411 Cole")).to_be_visible()

    referral.refresh_from_db()
    assert (referral.panel_decision, referral.panel_gravity_score) == ("youth_caution", 3)
    assert Intervention.objects.get(pk=referral.pk).panel_yjs_member == "Amir Khan, YJS officer"

    # Nothing else of the child: the record and its health page are refused
    for path in (f"/children/{child.reference}/", f"/children/{child.reference}/health/new/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 403
        journey.at(page, title("You cannot see this page"))
    journey.assert_every_page_was_checked()
