"""A practitioner's appointment, the contact it becomes, a document and the child's
family, in a real browser (issue 11, items 15, 16 and 17).

The practitioner signs in, finds a child on her caseload and makes an appointment (first
forgetting where it will be); the caseload shows it as the child's next appointment. A day
and more goes by: the caseload says it is not recorded yet, and she records it as
attended, with who else was there. She uploads the referral order report (a PDF), then
adds the child's mother, who holds parental responsibility. Every page is checked with
axe-core at desktop width and again at 320 CSS pixels, where it must not scroll sideways
(``Journey`` fails the test if a page loads that was not checked).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from childfirst.accounts.models import Role
from childfirst.casework.models import (
    Appointment,
    AppointmentStatus,
    Contact,
    Document,
    FamilyMember,
)
from tests.browser.journey import fill_date, sign_in_as
from tests.casework import document_files
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
TOMORROW = TODAY + dt.timedelta(days=1)
YESTERDAY = TODAY - dt.timedelta(days=1)


def long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@pytest.fixture
def service() -> dict[str, Any]:
    north = TeamFactory(name="North")
    priya = UserFactory(
        username="priya", first_name="Priya", last_name="Shah", roles=[(Role.PRACTITIONER, north)]
    )
    alex = ChildFactory(team=north, first_name="Alex", last_name="Jones", reference="CF-000101")
    outcome = OutcomeFactory(child=alex, code="referral-order", date=STARTED)
    InterventionFactory(child=alex, outcome=outcome, case_manager=priya, start=STARTED)
    return {"priya": priya, "alex": alex}


def text(locator: Any) -> str:
    """What a part of the page reads, lines and spaces made single spaces."""
    return " ".join(locator.inner_text().split())


def test_an_appointment_becomes_a_contact_a_document_and_the_family_join_the_record(
    live_server, new_page, sign_in, journey, service
):
    page = journey.open(new_page())
    sign_in_as(journey, page, live_server, sign_in, "priya")  # the code page checked too

    # --- finds the child and makes an appointment --------------------------------------------
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Children").click()
    journey.at(page, "Children – ChildFirst")
    page.get_by_label("Search by name, date of birth or ID").fill("jones")
    page.get_by_role("button", name="Search").click()
    journey.at(page, "Children matching ‘jones’ – ChildFirst")
    page.get_by_role("table", name="Children").get_by_role("link", name="Jones, Alex").click()
    journey.at(page, "Alex Jones (CF-000101) – ChildFirst")
    expect(page.locator("#appointments")).to_contain_text("No appointments planned.")
    page.get_by_role("link", name="Make an appointment").click()
    journey.at(page, "Add an appointment – Alex Jones")
    fill_date(page, "Date of the appointment", TOMORROW)
    page.get_by_label("Time of the appointment").fill("2:30pm")
    expect(page.get_by_label("Expected duration in minutes")).to_have_value("60")
    page.get_by_role("group", name="Kind of contact").get_by_label("Home visit").check()
    page.get_by_role("button", name="Save").click()
    journey.at(page, "Error: Add an appointment – Alex Jones")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter where the appointment will be")
    expect(summary).to_be_focused()
    assert not Appointment.objects.exists()
    page.get_by_label("Where will it be?").fill("At home, 12 High Street")
    page.get_by_label("Who else will be there (optional)").fill("Mum")
    page.get_by_role("button", name="Save").click()
    journey.at(page, "Alex Jones (CF-000101) – ChildFirst")
    expect(page.get_by_role("main")).to_contain_text("Appointment added")
    appointments = page.locator("#appointments")
    assert (
        f"{TOMORROW:%A} {long(TOMORROW)} 14:30 Home visit, 60 minutes At home, 12 High Street "
        "With: Mum"
    ) in text(appointments)

    # --- the caseload shows it as the next appointment ------------------------------------
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My caseload").click()
    journey.at(page, "My caseload – ChildFirst")
    row = page.get_by_role("row", name=re.compile("Alex Jones"))
    next_appointment = f"{TOMORROW:%a} {long(TOMORROW)} 14:30, home visit At home, 12 High Street"
    assert next_appointment in text(row)
    expect(row).not_to_contain_text("not recorded yet")

    # --- the day goes by (the appointment is moved to yesterday, as if it had) ------------
    appointment = Appointment.objects.get()
    Appointment.objects.filter(pk=appointment.pk).update(date=YESTERDAY)
    page.reload()
    journey.at(page, "My caseload – ChildFirst")
    row = page.get_by_role("row", name=re.compile("Alex Jones"))
    expect(row).to_contain_text("None planned")
    not_recorded = f"Home visit appointment on {long(YESTERDAY)} at 14:30 not recorded yet"
    expect(row).to_contain_text(not_recorded)
    row.get_by_role("link", name=not_recorded).click()

    # --- records it as attended, with who else was there ------------------------------------
    journey.at(page, "Record what happened at the appointment – Alex Jones")
    expect(page.get_by_label("Time of the contact")).to_have_value("14:30")
    expect(page.get_by_label("Where was it?")).to_have_value("At home, 12 High Street")
    expect(page.get_by_label("Anyone else who was there (optional)")).to_have_value("Mum")
    page.get_by_label("Duration in minutes").fill("50")
    page.get_by_role("group", name="Did the child attend?").get_by_label(
        "Attended", exact=True
    ).check()
    page.get_by_label("Anyone else who was there (optional)").fill("Mum (Sarah Jones)")
    page.get_by_label("Notes (optional)").fill("Talked about the college place.")
    page.get_by_role("button", name="Save").click()
    journey.at(page, "Alex Jones (CF-000101) – ChildFirst")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Contact recorded: attended")
    expect(page.locator("#appointments")).to_contain_text("No appointments planned.")
    chronology = page.get_by_role("table", name=re.compile("newest first"))
    expect(chronology).to_contain_text("Contact: Home visit, attended")
    expect(chronology).to_contain_text(
        "50 minutes, At home, 12 High Street. With: Mum (Sarah Jones). "
        "Talked about the college place."
    )

    appointment.refresh_from_db()
    contact = Contact.objects.get()
    assert appointment.status == AppointmentStatus.RECORDED and appointment.contact == contact
    assert (contact.outcome, contact.attendees, contact.date) == (
        "attended",
        "Mum (Sarah Jones)",
        YESTERDAY,
    )
    assert contact.recorded_by == service["priya"]

    # --- uploads the referral order report ---------------------------------------------------
    page.get_by_role("link", name="Add a document").click()
    journey.at(page, "Add a document – Alex Jones")
    page.get_by_label("Upload a file").set_input_files(
        files=[
            {"name": "RO report.pdf", "mimeType": "application/pdf", "buffer": document_files.PDF}
        ]
    )
    page.get_by_label("Title").fill("Referral order report")
    page.get_by_label("Court report").check()
    fill_date(page, "Date of the document", YESTERDAY)
    page.get_by_role("button", name="Save").click()
    journey.at(page, "Alex Jones (CF-000101) – ChildFirst")
    expect(main).to_contain_text("Document added: Referral order report")
    expect(chronology).to_contain_text("Document added: Referral order report")
    document = Document.objects.get()
    assert (document.child, document.uploaded_by) == (service["alex"], service["priya"])

    # --- adds the child's mother, who holds parental responsibility -------------------------
    network = page.locator("#network + .govuk-grid-row")
    network.get_by_role("link", name="Add a family member or carer").click()
    journey.at(page, "Add a family member or carer – Alex Jones")
    page.get_by_label("Full name").fill("Sarah Jones")
    page.get_by_label("Relationship to the child").fill("Mother")
    page.get_by_role(
        "group", name="Do they hold parental responsibility for the child?"
    ).get_by_label("Yes").check()
    page.get_by_label("The child lives with them").check()
    page.get_by_label("Phone (optional)").fill("07700 900982")
    page.get_by_role("button", name="Save").click()
    journey.at(page, "Alex Jones (CF-000101) – ChildFirst")
    expect(main).to_contain_text("Family member or carer added")
    expect(network).to_contain_text("Sarah Jones")
    expect(network).to_contain_text("Holds parental responsibility")
    expect(network).to_contain_text("Phone: 07700 900982")
    about = page.locator(".govuk-summary-card").first
    expect(about.get_by_role("definition").filter(has_text="Sarah Jones (Mother)")).to_be_visible()

    mum = FamilyMember.objects.get()
    assert (mum.child, mum.parental_responsibility, mum.lives_with_child) == (
        service["alex"],
        True,
        True,
    )
    assert mum.history.get().history_user == service["priya"]
    journey.assert_every_page_was_checked()
