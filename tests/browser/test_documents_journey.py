"""A practitioner adds a document to a child's record, in a real browser.

She opens the record of a child on her caseload, tries a web page renamed ``.png``
(refused, with the GOV.UK error summary), uploads a PDF (Playwright's
``set_input_files``), sees it on the record and in the chronology, opens its page and
downloads the exact file. axe-core checks every page at desktop width and again at 320
CSS pixels, where none may scroll sideways (WCAG 2.2, 1.4.10 Reflow; ``journey.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from childfirst.accounts.models import Role
from childfirst.casework.models import Document
from tests.browser.journey import fill_date, sign_in_as, title
from tests.casework import document_files as samples
from tests.casework.factories import ChildFactory, InterventionFactory, TeamFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DATED = dt.date.today() - dt.timedelta(days=5)
TITLE = "Pre-sentence report for the youth court"


@pytest.fixture
def service(settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.CHILDFIRST_DOCUMENT_ROOT = tmp_path / "documents"
    north = TeamFactory(name="North")
    priya = UserFactory(
        username="priya", first_name="Priya", last_name="Shah", roles=[(Role.PRACTITIONER, north)]
    )
    alex = ChildFactory(team=north, first_name="Alex", last_name="Jones", reference="CF-000101")
    InterventionFactory(
        child=alex, case_manager=priya, start=dt.date.today() - dt.timedelta(days=30)
    )
    return {"priya": priya, "alex": alex, "root": tmp_path / "documents"}


def fill_in(page: Page, name: str, content: bytes, claimed: str) -> None:
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": name, "mimeType": claimed, "buffer": content}]
    )
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Court report").check()
    fill_date(page, "Date of the document", DATED)


def test_a_practitioner_adds_a_pdf_to_a_childs_record(
    live_server, new_page, sign_in, journey, assert_accessible, service
):
    page = journey.open(new_page())
    sign_in_as(journey, page, live_server, sign_in, "priya")

    # --- the record, from her caseload -------------------------------------------------------
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My caseload").click()
    journey.at(page, "My caseload – ChildFirst")
    page.get_by_role("link", name=re.compile("Alex Jones")).first.click()
    journey.at(page, "Alex Jones (CF-000101) – ChildFirst")
    documents = page.locator("#documents")
    expect(documents).to_contain_text("No documents on the record")
    documents.get_by_role("link", name="Add a document").click()
    journey.at(page, "Add a document – Alex Jones – ChildFirst")

    # --- a web page named photo.png is refused, whatever it is called ------------------------
    fill_in(page, "photo.png", samples.HTML, "image/png")
    page.get_by_role("button", name="Save").click()
    journey.at(page, title("Error: Add a document"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "The selected file must be a PDF, a Word document (.docx or .doc), or a PNG, JPEG or "
        "GIF image"
    )
    expect(page.get_by_label("Title")).to_have_value(TITLE)  # the answers are kept
    assert not Document.objects.exists()

    # --- the PDF is added ----------------------------------------------------------------------
    fill_in(page, "PSR Alex.pdf", samples.PDF, "application/pdf")
    page.get_by_role("button", name="Save").click()
    journey.at(page, "Alex Jones (CF-000101) – ChildFirst")
    expect(page.get_by_role("main")).to_contain_text(f"Document added: {TITLE}")
    table = page.get_by_role("region", name="Documents on the record").get_by_role("table")
    row = table.locator("tbody tr")
    expect(row).to_have_count(1)
    for text in (TITLE, "Court report", f"{DATED.day} {DATED:%B %Y}", "Priya Shah", "PDF"):
        expect(row).to_contain_text(text)
    chronology = page.get_by_role("table", name=re.compile("newest first"))
    entry = chronology.get_by_role("row", name=re.compile(f"Document added: {TITLE}"))
    expect(entry).to_contain_text("Priya Shah")

    # --- its page, and the download --------------------------------------------------------------
    row.get_by_role("link", name=TITLE, exact=True).click()
    journey.at(page, f"{TITLE} – Alex Jones (CF-000101) – ChildFirst")
    expect(page.get_by_role("main")).to_contain_text("PSR Alex.pdf")
    with page.expect_download() as downloading:
        page.get_by_role("button", name=re.compile(f"Download {TITLE}")).click()
    download = downloading.value
    assert download.suggested_filename == "PSR Alex.pdf"
    assert Path(download.path()).read_bytes() == samples.PDF

    [stored] = list(service["root"].iterdir())
    assert stored.read_bytes() == samples.PDF and re.fullmatch(r"[0-9a-f]{32}\.pdf", stored.name)
    journey.assert_every_page_was_checked()
