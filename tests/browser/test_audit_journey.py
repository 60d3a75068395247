"""The whole audit in a real browser, on the demo service: the lead auditor creates an
audit, redraws and allocates the sample, starts the work and answers a case; a second
auditor moderates it blind; the lead settles their disagreement; the results page shows
the key-question tables. axe-core checks every page on the way."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import Page, expect

from childfirst.accounts.models import Role, User
from childfirst.audits.models import Audit, Settlement
from childfirst.demo.staff import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAME = "Case audit, winter 2026"


@pytest.fixture
def auditors():
    with override_settings(CHILDFIRST_DEMO=True):
        call_command("demo", "--children", "200", stdout=io.StringIO(), stderr=io.StringIO())
    lead, second = User.objects.filter(role_assignments__role=Role.AUDITOR).order_by("pk")[:2]
    return lead, second


def answer_every_question(page: Page, first_answer: str = "Yes") -> None:
    """Answer each standard's questions and prompts, standard after standard: the relevance
    the record suggests is kept (pre-selected 'Not relevant' stays), the rest are 'Yes',
    except the very first key question, answered ``first_answer``."""
    first = True
    while True:
        expect(page.get_by_role("heading", level=2, name="Key question 1")).to_be_visible()
        for group in page.locator("fieldset").all():
            radios = group.locator("input[type=radio]")
            if first:
                group.get_by_label(first_answer, exact=True).check()
                first = False
            elif radios.and_(page.locator(":checked")).count() == 0:
                group.get_by_label("Yes", exact=True).check()
        following = page.get_by_role("button", name="Save and go to the next standard")
        if following.count():
            following.click()
        else:
            page.get_by_role("button", name="Save and return to the case").click()
            return


def sign_in_as(page: Page, live_server, sign_in, username: str) -> None:
    """The password, then the code from the person's app (the ``sign_in`` fixture)."""
    page.goto(f"{live_server.url}/sign-in/")
    sign_in(page, username, DEMO_PASSWORD)


def test_an_audit_from_sample_to_results(
    auditors, new_page, live_server, assert_accessible, sign_in
):
    lead, second = auditors
    page = new_page()
    sign_in_as(page, live_server, sign_in, lead.username)

    # Create the audit.
    page.get_by_role("link", name="Case audits").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Case audits")
    assert_accessible(page)
    page.get_by_role("button", name="Create an audit").click()
    assert_accessible(page)
    page.get_by_role("button", name="Create the audit and draw the sample").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for the audit")
    assert_accessible(page)
    page.get_by_label("Name of the audit").fill(NAME)
    page.get_by_label(re.compile(re.escape(str(second)))).check()
    page.get_by_role("button", name="Create the audit and draw the sample").click()

    # The sample beside the population; redraw it, allocate it, start.
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(
        page.get_by_role(
            "heading", name=re.compile(r"Court disposals: \d+ sampled of \d+ eligible")
        )
    ).to_be_visible()
    assert_accessible(page)
    seed = Audit.objects.get(name=NAME).seed
    page.get_by_role("button", name="Redraw the sample").click()
    expect(page.get_by_text("A new sample was drawn from a new seed")).to_be_visible()
    assert Audit.objects.get(name=NAME).seed != seed

    page.get_by_role("button", name="Allocate cases").click()
    assert_accessible(page)
    page.get_by_label("Share of cases for a second auditor to moderate").fill("20")
    page.get_by_role("button", name="Share out the cases").click()
    expect(page.get_by_text("Cases shared out")).to_be_visible()
    page.locator("select[name^=auditor-]").first.select_option(str(lead.pk))
    page.locator("select[name^=moderator-]").first.select_option(str(second.pk))
    page.get_by_role("button", name="Save the allocation").click()
    page.get_by_role("button", name="Start the work and fix the sample").click()
    expect(page.get_by_text("Work has started: the sample is fixed")).to_be_visible()
    expect(page.get_by_role("button", name="Redraw the sample")).to_have_count(0)

    # The lead answers the first case, every standard, and finishes it.
    case = (
        Audit.objects.get(name=NAME).cases.filter(sampled=True).order_by("case_type", "pk").first()
    )
    assert (case.auditor_id, case.moderator_id) == (lead.pk, second.pk)
    reference = case.child.reference
    page.get_by_role("link", name=re.compile(f"{reference}: .*")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {reference}")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^2\.1 |^3\.1 ")).click()
    assert_accessible(page)
    answer_every_question(page, "Yes")
    page.get_by_role("button", name="Finish this case").click()
    expect(page.get_by_text("Case finished")).to_be_visible()

    # The second auditor moderates it, without seeing the lead's answers.
    other = new_page()
    sign_in_as(other, live_server, sign_in, second.username)
    other.get_by_role("link", name="Case audits").first.click()
    other.get_by_role("link", name=NAME).click()
    other.get_by_role("link", name=re.compile(f"{reference}: .*")).click()
    expect(other.get_by_text("You are moderating this case")).to_be_visible()
    other.get_by_role("link", name=re.compile(r"^2\.1 |^3\.1 ")).click()
    expect(other.locator("input:checked[value=yes]")).to_have_count(0)
    answer_every_question(other, "No")
    other.get_by_role("button", name="Finish this case").click()
    expect(other.get_by_text("Case finished")).to_be_visible()

    # The lead settles the disagreement.
    page.goto(f"{live_server.url}/audits/{case.audit_id}/moderation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation")
    assert_accessible(page)
    disagreements = page.get_by_role("table", name=re.compile("answered differently"))
    expect(disagreements.get_by_role("row")).to_have_count(2)
    expect(disagreements).to_contain_text(reference)
    agreement = page.get_by_role("table", name=re.compile("Agreement and Cohen's kappa"))
    expect(agreement.get_by_role("row").nth(1)).to_contain_text("0.0%")
    disagreements.get_by_role("link", name=re.compile("Settle")).click()
    expect(page.get_by_role("button", name="Record the decision")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the answer that stands")
    page.get_by_role("group", name="The answer that stands").get_by_label("Yes").check()
    page.get_by_label("Why").fill("The assessment analyses desistance well; the moderator agreed")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()
    settled = Settlement.objects.get(case__audit__name=NAME)
    assert (settled.answer, settled.decided_by_id) == ("yes", lead.pk)

    # The results: key-question tables as the report prints them.
    page.goto(f"{live_server.url}/audits/{case.audit_id}/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results")
    expect(page.get_by_text("Provisional")).to_be_visible()
    summary = page.get_by_role("table", name=re.compile("ratings by standard"))
    expect(summary.get_by_role("row")).to_have_count(14)  # head, 12 standards, overall
    standard = "2.1" if case.case_type == "court" else "3.1"
    section = page.locator(f'section:has(h2[id="standard-{standard}"])')
    table = section.get_by_role("table", name=re.compile(r"Of the \d+ cases inspected"))
    first_row = table.get_by_role("row").nth(1)
    expect(first_row.get_by_role("cell")).to_have_text(["1", "1", "100%"])
    expect(section.get_by_text("Outstanding", exact=True)).to_be_visible()
    assert_accessible(page)

    # The printable page (what the PDF is made from) and the comparison form.
    page.get_by_role("link", name="Printable page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    assert_accessible(page)
    page.goto(f"{live_server.url}/audits/compare/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare two audits")
    assert_accessible(page)
