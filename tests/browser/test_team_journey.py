"""A team manager follows a count on the team page to the children behind it, then
countersigns the oldest item awaiting oversight, in a real browser (issue 11, item 8).
axe-core checks every page, at desktop width and at 320 px, where no page may scroll
sideways."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from childfirst.accounts.models import Role
from childfirst.casework.models import Assessment, Plan, WorkStatus
from tests.browser.journey import Journey, sign_in_as, title
from tests.casework.factories import (
    AssessmentFactory,
    ChildFactory,
    InterventionFactory,
    PlanFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = dt.date.today()


def test_a_team_manager_follows_a_count_and_countersigns_the_oldest(
    new_page: Any, live_server: Any, sign_in: Any, journey: Journey
) -> None:
    north = TeamFactory(name="North")
    priya = UserFactory(
        username="priya", first_name="Priya", last_name="Shah", roles=[(Role.PRACTITIONER, north)]
    )
    UserFactory(
        username="tom", first_name="Tom", last_name="Reed", roles=[(Role.TEAM_MANAGER, north)]
    )
    now = timezone.now()
    alex = ChildFactory(team=north, first_name="Alex", last_name="Jones")
    ben = ChildFactory(team=north, first_name="Ben", last_name="Moss")
    for child in (alex, ben):
        InterventionFactory(
            child=child, case_manager=priya, level="enhanced", start=TODAY - dt.timedelta(days=40)
        )
    oldest = AssessmentFactory(
        child=ben,
        author=priya,
        status=WorkStatus.SUBMITTED,
        started=TODAY - dt.timedelta(days=20),
        completed=TODAY - dt.timedelta(days=6),
        submitted_at=now - dt.timedelta(days=6),
    )
    newer = PlanFactory(child=alex, author=priya, status=WorkStatus.SUBMITTED)
    Plan.objects.filter(pk=newer.pk).update(submitted_at=now - dt.timedelta(days=2))

    page = journey.open(new_page())
    sign_in_as(journey, page, live_server, sign_in, "tom")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Team").click()
    journey.at(page, "Team – ChildFirst")

    # The count of Priya's enhanced interventions opens the two children behind it
    caseloads = page.get_by_role("region", name="Open interventions in North")
    row = caseloads.get_by_role("row").filter(has_text="Priya Shah")
    row.get_by_role("link").first.click()
    journey.at(page, title("Open interventions"))
    listed = page.get_by_role("main")
    expect(listed).to_contain_text("Alex Jones")
    expect(listed).to_contain_text("Ben Moss")
    expect(listed).to_contain_text("2 open interventions")
    page.get_by_role("link", name="Back to the team page").click()
    journey.at(page, "Team – ChildFirst")

    # The oldest item is first in the queue, with how long it has waited
    queue = page.get_by_role("region", name="Awaiting oversight")
    first = queue.get_by_role("row").nth(1)
    expect(first).to_contain_text("Ben Moss")
    expect(first.get_by_role("cell").nth(1)).to_have_text("6")  # days waiting
    first.get_by_role("link", name="Countersign or return the assessment for Ben Moss").click()
    journey.at(page, title("Countersign or return the assessment – Ben Moss"))
    page.get_by_label("Countersign it").check()
    page.get_by_role("button", name="Save decision").click()
    journey.at(page, "Team – ChildFirst")
    expect(page.get_by_role("main")).to_contain_text(
        "You countersigned the assessment for Ben Moss"
    )
    oldest.refresh_from_db()
    assert oldest.status == WorkStatus.COUNTERSIGNED
    assert Assessment.objects.get(pk=oldest.pk).oversight.get().manager.username == "tom"
    # The plan, submitted later, still waits
    expect(page.get_by_role("region", name="Awaiting oversight")).to_contain_text("Alex Jones")
    journey.assert_every_page_was_checked()
