"""A practitioner's assessment and a team manager's oversight of it, in a real browser.

The practitioner signs in, finds the child, records an assessment with all three
pillars and submits it; the team manager returns it with a comment; the
practitioner amends and resubmits it; the manager countersigns it; the child's
chronology and history show each step, and who took it. axe-core checks every
page either of them sees, error pages included, at desktop width and at 320 px, where
none may scroll sideways (``tests/browser/journey.py``: a page that loads unchecked
fails the test).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from childfirst.accounts.models import Role
from childfirst.casework.models import Assessment, Oversight, WorkStatus
from tests.browser.journey import Journey, fill_date, sign_in_as, sign_out, title
from tests.casework.factories import (
    ChildFactory,
    InterventionFactory,
    OutcomeFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = dt.date.today()
STARTED = TODAY - dt.timedelta(days=8)
COMPLETED = TODAY - dt.timedelta(days=1)

PILLARS = {
    "Desistance": {
        "Analysis": "Alex wants to get back to college; his football coach is a good influence.",
        "Strengths": "Funny, loyal, good with his younger brother.",
        "Protective factors": "His nan, the football club.",
        "Predisposing": "Left school early after exclusions.",
        "Precipitating": "Fell out with his mum and stayed with older friends.",
        "Perpetuating": "Nothing to do in the day.",
        "Protective": "A college place from September.",
        "Sources drawn on": "School, children's social care, police report.",
        "The child's views": "I want to do mechanics.",
        "Parents' or carers' views": "His mum wants him home by ten.",
    },
    "Safety and wellbeing": {
        "Analysis": "Exploitation concerns around older peers; sleeping badly.",
        "Strengths": "Talks to his nan when worried.",
    },
    "Risk of harm to others": {
        "Analysis": "Harm to others is linked to the group; the victim lives nearby.",
        "Protective factors": "Keeps away from the estate when with his nan.",
    },
}
VICTIMS = "The victim wants a letter of apology and no contact."
VICTIMS_AMENDED = (
    "The victim wants a letter of apology and no contact. She has been offered "
    "indirect restorative justice and is thinking about it."
)
RETURN_COMMENT = "Say what the victim thinks of restorative justice."


@pytest.fixture
def service() -> dict[str, Any]:
    north = TeamFactory(name="North")
    priya = UserFactory(
        username="priya",
        first_name="Priya",
        last_name="Shah",
        roles=[(Role.PRACTITIONER, north)],
    )
    tom = UserFactory(
        username="tom", first_name="Tom", last_name="Reed", roles=[(Role.TEAM_MANAGER, north)]
    )
    alex = ChildFactory(team=north, first_name="Alex", last_name="Jones", reference="CF-000101")
    ChildFactory(team=north, first_name="Jordan", last_name="Jonas", reference="CF-000102")
    ChildFactory(team=north, first_name="Sam", last_name="Taylor", reference="CF-000103")
    outcome = OutcomeFactory(child=alex, code="referral-order", date=STARTED)
    InterventionFactory(child=alex, outcome=outcome, case_manager=priya, start=STARTED)
    return {"priya": priya, "tom": tom, "alex": alex}


def save_and_continue(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def open_oversight(journey: Journey, page: Page) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Team").click()
    journey.at(page, "Team – ChildFirst")
    queue = page.get_by_role("table", name=re.compile("awaiting oversight"))
    expect(queue).to_contain_text("Alex Jones")
    expect(queue).to_contain_text("Priya Shah")
    queue.get_by_role("link", name="Countersign or return the assessment for Alex Jones").click()
    journey.at(page, "Countersign or return the assessment – Alex Jones – ChildFirst")


def test_assessment_submitted_returned_amended_and_countersigned(
    live_server, new_page, sign_in, journey, service
):
    # --- the practitioner finds the child ------------------------------------------------
    page = journey.open(new_page())
    sign_in_as(journey, page, live_server, sign_in, "priya")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Priya Shah")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Children").click()
    journey.at(page, "Children – ChildFirst")
    page.get_by_label("Search by name, date of birth or ID").fill("jones")
    page.get_by_role("button", name="Search").click()
    journey.at(page, "Children matching ‘jones’ – ChildFirst")
    results = page.get_by_role("table", name="Children")
    expect(results.get_by_role("row")).to_have_count(2)  # the header and Alex: not Jordan Jonas
    results.get_by_role("link", name="Jones, Alex").click()
    journey.at(page, "Alex Jones (CF-000101) – ChildFirst")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alex Jones")

    # --- starts an assessment ------------------------------------------------------------
    page.get_by_role("link", name="Assessments, plans and reviews").click()
    journey.at(page, "Assessments, plans and reviews – Alex Jones – ChildFirst")
    page.get_by_role("button", name="Start an assessment").click()
    journey.at(page, "Which assessment are you starting? – Alex Jones – ChildFirst")
    # One intervention, a court order: AssetPlus is already chosen.
    expect(page.get_by_label("AssetPlus")).to_be_checked()
    page.get_by_role("button", name="Continue").click()

    journey.at(page, title("When was the assessment done?"))
    fill_date(page, "Date started", STARTED)
    fill_date(page, "Date completed", STARTED - dt.timedelta(days=1))
    save_and_continue(page)
    journey.at(page, title("Error: When was the assessment done?"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The date completed must be the same as or after the start"
    )
    fill_date(page, "Date completed", COMPLETED)
    save_and_continue(page)

    # --- all three pillars ---------------------------------------------------------------
    for pillar, answers in PILLARS.items():
        journey.at(page, title(pillar))
        expect(page.get_by_role("heading", level=1)).to_have_text(pillar)
        for label, text in answers.items():
            page.get_by_label(label, exact=True).fill(text)
        save_and_continue(page)

    journey.at(page, title("Ratings"))
    page.get_by_role("group", name="Likelihood of reoffending").get_by_label(
        "Medium", exact=True
    ).check()
    page.get_by_role("group", name="Risk of serious harm to others").get_by_label(
        "Low", exact=True
    ).check()
    page.get_by_role("group", name="Safety and wellbeing concerns for the child").get_by_label(
        "High", exact=True
    ).check()
    save_and_continue(page)

    journey.at(page, title("Victims"))
    page.get_by_label("Victims' needs and wishes").fill(VICTIMS)
    save_and_continue(page)

    # --- checks the answers and submits --------------------------------------------------
    journey.at(page, "Check your answers – Assessment for Alex Jones – ChildFirst")
    main = page.get_by_role("main")
    for answers in PILLARS.values():
        expect(main).to_contain_text(answers["Analysis"])
    expect(main).to_contain_text(VICTIMS)
    page.get_by_role("button", name="Submit for oversight").click()
    journey.at(page, title("AssetPlus assessment started"))
    expect(page.get_by_role("main")).to_contain_text(
        "Assessment submitted for management oversight"
    )
    expect(page.get_by_role("main")).to_contain_text("awaiting management oversight")
    sign_out(journey, page)

    assessment = Assessment.objects.get(child=service["alex"])
    assert assessment.status == WorkStatus.SUBMITTED
    assert {p.pillar: p.analysis for p in assessment.pillars.all()} == {
        "desistance": PILLARS["Desistance"]["Analysis"],
        "safety_and_wellbeing": PILLARS["Safety and wellbeing"]["Analysis"],
        "risk_of_harm": PILLARS["Risk of harm to others"]["Analysis"],
    }

    # --- the team manager returns it, after first forgetting the comment -----------------
    page = journey.open(new_page())
    sign_in_as(journey, page, live_server, sign_in, "tom")
    open_oversight(journey, page)
    page.get_by_label("Return it with what must change").check()
    page.get_by_role("button", name="Save decision").click()
    journey.at(page, title("Error: Countersign or return the assessment"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter what must change before you return it")
    expect(summary).to_be_focused()
    page.get_by_label("Comments").fill(RETURN_COMMENT)
    page.get_by_role("button", name="Save decision").click()
    journey.at(page, "Team – ChildFirst")
    expect(page.get_by_role("main")).to_contain_text(
        "You returned the assessment for Alex Jones to Priya Shah"
    )
    expect(page.get_by_role("main")).to_contain_text("Nothing is awaiting oversight")
    sign_out(journey, page)

    # --- the practitioner sees it returned, amends and resubmits -------------------------
    page = journey.open(new_page())
    sign_in_as(journey, page, live_server, sign_in, "priya")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My caseload").click()
    journey.at(page, "My caseload – ChildFirst")
    row = page.get_by_role("row", name=re.compile("Alex Jones"))
    expect(row).to_contain_text("Returned")
    expect(row).to_contain_text(RETURN_COMMENT)
    row.get_by_role("link", name=re.compile("assessment", re.IGNORECASE)).first.click()
    journey.at(page, title("AssetPlus assessment started"))
    expect(page.get_by_role("region", name="Returned for changes")).to_contain_text(RETURN_COMMENT)
    page.get_by_role("link", name="Check your answers and submit").click()
    journey.at(page, "Check your answers – Assessment for Alex Jones – ChildFirst")
    page.get_by_role("link", name="Change victims' needs and wishes (victims)").click()
    journey.at(page, title("Victims"))
    page.get_by_label("Victims' needs and wishes").fill(VICTIMS_AMENDED)
    page.get_by_role("button", name="Save and return to check your answers").click()
    journey.at(page, "Check your answers – Assessment for Alex Jones – ChildFirst")
    expect(page.get_by_role("main")).to_contain_text("indirect restorative justice")
    page.get_by_role("button", name="Resubmit for oversight").click()
    journey.at(page, title("AssetPlus assessment started"))
    expect(page.get_by_role("main")).to_contain_text("awaiting management oversight")
    sign_out(journey, page)

    # --- the manager countersigns --------------------------------------------------------
    page = journey.open(new_page())
    sign_in_as(journey, page, live_server, sign_in, "tom")
    open_oversight(journey, page)
    expect(page.get_by_role("main")).to_contain_text("indirect restorative justice")
    expect(page.get_by_role("main")).to_contain_text(RETURN_COMMENT)  # the earlier return
    page.get_by_label("Countersign it").check()
    page.get_by_role("button", name="Save decision").click()
    journey.at(page, "Team – ChildFirst")
    expect(page.get_by_role("main")).to_contain_text(
        "You countersigned the assessment for Alex Jones"
    )

    assessment.refresh_from_db()
    assert assessment.status == WorkStatus.COUNTERSIGNED
    decisions = Oversight.objects.filter(assessment=assessment).order_by("decided_at")
    assert [(o.decision, o.manager.username) for o in decisions] == [
        ("returned", "tom"),
        ("countersigned", "tom"),
    ]

    # --- the chronology and the history show each step -----------------------------------
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Children").click()
    journey.at(page, "Children – ChildFirst")
    page.get_by_role("link", name="Jones, Alex").click()
    journey.at(page, "Alex Jones (CF-000101) – ChildFirst")
    chronology = page.get_by_role("table", name=re.compile("newest first"))
    what = [" ".join(t.split()) for t in chronology.locator("tbody tr").all_inner_texts()]
    events = [
        ("Countersigned: assessment", "Tom Reed"),
        ("Returned for changes: assessment", "Tom Reed"),
        ("AssetPlus assessment completed", "Priya Shah"),
        ("AssetPlus assessment started", "Priya Shah"),
    ]
    found = [next((i for i, t in enumerate(what) if e in t and who in t), -1) for e, who in events]
    assert -1 not in found and found == sorted(found), what  # each there, newest first
    returned = what[found[1]]
    assert RETURN_COMMENT in returned
    assert "Ratings: likelihood of reoffending: Medium" in what[found[2]]

    page.get_by_role("link", name="History of changes").click()
    journey.at(page, "History of changes – Alex Jones (CF-000101) – ChildFirst")
    cards = page.locator(".govuk-summary-card")
    statuses = []
    for index in range(cards.count()):
        card = cards.nth(index)
        heading = card.locator("h2").inner_text()
        if not heading.startswith("Changed: Assessment"):
            continue
        status = card.get_by_role("row", name=re.compile("^Status"))
        if status.count():
            cells = status.get_by_role("cell").all_inner_texts()
            by = re.search(r"By (.+?) on ", card.inner_text())
            statuses.append((*cells, by.group(1) if by else ""))
    assert statuses == [  # newest first
        ("Awaiting oversight", "Countersigned", "Tom Reed"),
        ("Returned for changes", "Awaiting oversight", "Priya Shah"),
        ("Awaiting oversight", "Returned for changes", "Tom Reed"),
        ("Draft", "Awaiting oversight", "Priya Shah"),
    ]
    history = page.get_by_role("main")
    expect(history).to_contain_text("Created: Management oversight")
    expect(history).to_contain_text(RETURN_COMMENT)
    sign_out(journey, page)

    journey.assert_every_page_was_checked()


def test_children_search_and_pagination(live_server, new_page, sign_in, journey):
    north = TeamFactory(name="North")
    UserFactory(
        username="priya", first_name="Priya", last_name="Shah", roles=[(Role.PRACTITIONER, north)]
    )
    for number in range(1, 31):
        ChildFactory(
            team=north,
            first_name=f"Kid{number:02d}",
            last_name=f"Surname{number:02d}",
            reference=f"CF-{number:06d}",
        )
    ChildFactory(first_name="Other", last_name="Teamchild", reference="CF-000099")

    page = journey.open(new_page())
    sign_in_as(journey, page, live_server, sign_in, "priya")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Children").click()
    journey.at(page, "Children – ChildFirst")
    main = page.get_by_role("main")
    expect(main).to_contain_text("30 children you can see, showing 1 to 25")
    rows = page.get_by_role("table", name="Children").locator("tbody tr")
    expect(rows).to_have_count(25)
    expect(rows.first).to_contain_text("Surname01, Kid01")
    expect(main).not_to_contain_text("Teamchild")

    pagination = page.get_by_role("navigation", name=re.compile("Pagination|results", re.I))
    pagination.get_by_role("link", name=re.compile("Next")).click()
    journey.at(page, "Children – ChildFirst")
    expect(page).to_have_url(re.compile(r"[?&]page=2"))
    expect(main).to_contain_text("showing 26 to 30")
    expect(rows).to_have_count(5)
    expect(rows.last).to_contain_text("Surname30, Kid30")
    page.get_by_role("navigation", name=re.compile("Pagination|results", re.I)).get_by_role(
        "link", name=re.compile("Previous")
    ).click()
    journey.at(page, "Children – ChildFirst")
    expect(rows).to_have_count(25)

    page.get_by_label("Search by name, date of birth or ID").fill("kid07")
    page.get_by_role("button", name="Search").click()
    journey.at(page, "Children matching ‘kid07’ – ChildFirst")
    expect(main).to_contain_text("1 child matching ‘kid07’")
    expect(rows).to_have_count(1)

    page.get_by_label("Search by name, date of birth or ID").fill("cf 12")
    page.get_by_role("button", name="Search").click()
    journey.at(page, "Children matching ‘cf 12’ – ChildFirst")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("CF-000012")

    page.get_by_label("Search by name, date of birth or ID").fill("teamchild")
    page.get_by_role("button", name="Search").click()
    journey.at(page, "Children matching ‘teamchild’ – ChildFirst")
    expect(page.get_by_role("heading", name="No children match ‘teamchild’")).to_be_visible()

    journey.assert_every_page_was_checked()
