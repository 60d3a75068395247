"""Documents on a child's record (issue 11, item 17): uploading one, its type found from
its content, where its file is kept, downloading it (permission-checked, logged, with
headers that keep it from running), the record, the chronology, the history, and
removing one. Every page of it for every role is in ``test_permission_matrix.py``."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from childfirst.accounts.models import AccessLog, Role
from childfirst.casework.checks import documents_are_not_served
from childfirst.casework.errors import CaseworkError, NotAllowed
from childfirst.casework.models import Document
from childfirst.casework.permissions import (
    can_download_document,
    can_view_child,
    can_view_documents,
)
from childfirst.casework.services.documents import add_document as add
from childfirst.casework.services.documents import remove_document
from tests.casework import document_files as samples
from tests.casework.conftest import date_input, error_summary, sign_in, text_of, title_of
from tests.casework.document_files import add_document, upload
from tests.casework.factories import (
    ChildFactory,
    InterventionFactory,
    OutcomeFactory,
    TeamFactory,
    UserFactory,
    manager_of,
    practitioner_of,
)

pytestmark = pytest.mark.django_db

LAST_WEEK = dt.date.today() - dt.timedelta(days=7)


@pytest.fixture(autouse=True)
def document_root(settings, tmp_path) -> Path:
    """This test's documents land in its own folder, so it can see each file."""
    settings.CHILDFIRST_DOCUMENT_ROOT = tmp_path / "documents"
    return settings.CHILDFIRST_DOCUMENT_ROOT


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def north():
    return TeamFactory(name="North")


@pytest.fixture
def priya(north):
    return practitioner_of(north, username="priya", first_name="Priya", last_name="Shah")


@pytest.fixture
def tom(north):
    return manager_of(north, username="tom", first_name="Tom", last_name="Reed")


@pytest.fixture
def alex(north, priya):
    child = ChildFactory(team=north, first_name="Alex", last_name="Jones", reference="CF-000101")
    InterventionFactory(child=child, case_manager=priya, start=dt.date(2024, 3, 1))
    return child


def post_upload(client, child, content, name="report.pdf", claimed="application/pdf", **extra):
    data = {
        "file": upload(content, name, claimed),
        "title": "Pre-sentence report",
        "category": "court_report",
        **date_input("date", LAST_WEEK),
        "intervention": "",
        **extra,
    }
    return client.post(reverse("casework:document_new", args=[child.reference]), data)


# --- uploading -------------------------------------------------------------------------------


def test_the_upload_page_uses_the_govuk_file_upload(client, priya, alex):
    response = sign_in(client, priya).get(reverse("casework:document_new", args=[alex.reference]))
    assert response.status_code == 200
    assert title_of(response) == "Add a document – Alex Jones – ChildFirst"
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert re.search(r'<input type="file" name="file" [^>]*class="govuk-file-upload"', page)
    assert 'accept=".pdf,.docx,.doc,.png,.jpg,.jpeg,.gif"' in page
    assert "A PDF, a Word document (.docx or .doc), or a PNG, JPEG or GIF image, 10 MB or " in (
        text_of(response)
    )


def test_a_practitioner_uploads_a_pdf(client, priya, alex, document_root):
    response = post_upload(sign_in(client, priya), alex, samples.PDF, name="PSR for court.pdf")
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:child", args=[alex.reference]) + "#documents"
    document = Document.objects.get()
    assert (document.child, document.uploaded_by) == (alex, priya)
    assert document.title == "Pre-sentence report"
    assert document.get_category_display() == "Court report"
    assert document.date == LAST_WEEK
    assert document.original_name == "PSR for court.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(samples.PDF)
    assert document.sha256 == hashlib.sha256(samples.PDF).hexdigest()
    # The intervention on the child's record was offered and, left blank, not set.
    assert document.intervention is None
    assert document.removed_at is None


def test_the_file_is_stored_outside_the_static_files_under_a_random_name(
    client, priya, alex, document_root
):
    post_upload(sign_in(client, priya), alex, samples.PDF, name="../../static/evil.pdf")
    document = Document.objects.get()
    [stored] = stored_files(document_root)
    assert stored.parent == document_root
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored.name)
    assert document.file.name == stored.name
    assert stored.read_bytes() == samples.PDF
    assert stored.stat().st_mode & 0o777 == 0o640
    static = Path(django_settings.STATIC_ROOT).resolve()
    assert static not in stored.resolve().parents
    assert document.original_name == "evil.pdf"  # only the name, no path
    with pytest.raises(ValueError, match="no URL"):
        document.file.url  # noqa: B018


@pytest.mark.parametrize(
    ("content", "name", "claimed", "kind"),
    [
        (samples.DOCX, "referral.docx", "application/octet-stream", "Word document"),
        (samples.DOC, "old letter.doc", "application/msword", "Word document (Word 97 to 2003)"),
        (samples.PNG, "photo.pdf", "application/pdf", "PNG image"),  # named wrongly
        (samples.JPEG, "photo.jpg", "text/html", "JPEG image"),  # the browser's claim ignored
        (samples.GIF, "drawing.gif", "image/gif", "GIF image"),
    ],
)
def test_the_type_kept_is_the_one_found_in_the_content(
    client, priya, alex, content, name, claimed, kind
):
    response = post_upload(sign_in(client, priya), alex, content, name=name, claimed=claimed)
    assert response.status_code == 302, error_summary(response)
    assert Document.objects.get().kind.label == kind


ACCEPTED = (
    "The selected file must be a PDF, a Word document (.docx or .doc), or a PNG, JPEG or GIF image"
)


@pytest.mark.parametrize(
    ("content", "name", "claimed", "message"),
    [
        (samples.EXE, "report.pdf", "application/pdf", ACCEPTED),
        (samples.HTML, "photo.png", "image/png", ACCEPTED),
        (samples.SVG, "drawing.svg", "image/svg+xml", ACCEPTED),
        (samples.ZIP, "referral.docx", "application/zip", ACCEPTED),
        (samples.XLS, "figures.doc", "application/msword", ACCEPTED),
        (samples.DOCM, "referral.docx", "application/octet-stream", "with macros"),
        (b"", "empty.pdf", "application/pdf", "The selected file is empty"),
    ],
)
def test_a_file_that_is_not_accepted_is_refused_and_nothing_is_kept(
    client, priya, alex, document_root, content, name, claimed, message
):
    response = post_upload(sign_in(client, priya), alex, content, name=name, claimed=claimed)
    assert response.status_code == 200
    assert title_of(response).startswith("Error: Add a document")
    [(link, text)] = error_summary(response)
    assert link == "#id_file"
    assert message in text
    assert 'class="govuk-file-upload govuk-file-upload--error"' in response.content.decode()
    assert not Document.objects.exists()
    assert not Document.history.exists()
    assert stored_files(document_root) == []


def test_a_file_over_the_size_limit_is_refused(client, priya, alex, document_root, settings):
    settings.CHILDFIRST_DOCUMENT_MAX_BYTES = 1024
    response = post_upload(sign_in(client, priya), alex, samples.PDF + b"\n" * 1024)
    assert error_summary(response) == [("#id_file", "The selected file must be 1 KB or smaller")]
    assert not Document.objects.exists() and stored_files(document_root) == []
    # Up to the limit is fine.
    response = post_upload(client, alex, samples.PDF.ljust(1024, b"\n"))
    assert response.status_code == 302
    assert Document.objects.get().size == 1024


def test_the_default_limit_is_10_mb(client, priya, alex, document_root):
    big = samples.PDF + b"\n" * (10 * 1024 * 1024)
    response = post_upload(sign_in(client, priya), alex, big)
    assert error_summary(response) == [("#id_file", "The selected file must be 10 MB or smaller")]
    assert stored_files(document_root) == []
    # A file bigger than Django keeps in memory arrives as a temporary file: kept whole.
    large = samples.PDF + b"\n" * (3 * 1024 * 1024)
    assert post_upload(client, alex, large).status_code == 302
    [stored] = stored_files(document_root)
    assert stored.read_bytes() == large


def test_every_answer_is_checked_at_once_with_a_message_naming_it(client, priya, alex):
    response = sign_in(client, priya).post(
        reverse("casework:document_new", args=[alex.reference]),
        {"title": "", **date_input("date", dt.date.today() + dt.timedelta(days=1))},
    )
    assert error_summary(response) == [
        ("#id_file", "Select a file to upload"),
        ("#id_title", "Enter a title for the document"),
        ("#id_category_0", "Select what kind of document it is"),
        ("#id_date_0", "The date of the document must be today or in the past"),
    ]
    response = post_upload(client, alex, samples.PDF, **date_input("date", dt.date(2007, 1, 1)))
    assert error_summary(response) == [
        (
            "#id_date_0",
            "The date of the document must be on or after 17 May 2008, the child's date of birth",
        )
    ]
    assert not Document.objects.exists()


def test_the_service_refuses_what_the_page_would(priya, alex, north, document_root):
    other_child = ChildFactory(team=north)
    elsewhere = InterventionFactory(child=other_child)
    data = {"title": "Letter", "category": "letter", "date": LAST_WEEK}
    with pytest.raises(CaseworkError) as refused:
        add(
            actor=priya,
            child=alex,
            data={**data, "file": upload(samples.PDF), "intervention": elsewhere},
        )
    assert refused.value.field_errors == {
        "intervention": ["Select one of this child's interventions"]
    }
    with pytest.raises(CaseworkError) as refused:
        add(actor=priya, child=alex, data={**data, "file": upload(samples.HTML, "a.png")})
    assert refused.value.field_errors == {"file": [ACCEPTED]}
    with pytest.raises(CaseworkError) as refused:
        add(actor=priya, child=alex, data=data)
    assert refused.value.field_errors == {"file": ["Select a file to upload"]}
    with pytest.raises(TypeError):
        add(actor=priya, child=alex, data={**data, "uploaded_by": priya})
    for role in (Role.AUDITOR, Role.POLICE_PANEL, Role.BOARD_MEMBER):
        with pytest.raises(NotAllowed):
            add(
                actor=UserFactory(roles=[(role, None)]),
                child=alex,
                data={**data, "file": upload(samples.PDF)},
            )
    assert not Document.objects.exists() and stored_files(document_root) == []


def test_the_file_is_not_left_behind_if_the_row_cannot_be_saved(
    priya, alex, document_root, monkeypatch
):
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Document, "save", fail)
    with pytest.raises(RuntimeError):
        add_document(child=alex, by=priya)
    assert stored_files(document_root) == []


# --- downloading ------------------------------------------------------------------------------


def download(client, document):
    url = reverse("casework:document_download", args=[document.child.reference, document.pk])
    return client.get(url)


def test_a_download_is_never_stored_by_a_browser_or_proxy(client, priya, alex):
    document = add_document(child=alex, by=priya, content=samples.PDF, name="report.pdf")
    response = download(sign_in(client, priya), document)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_permitted_person_downloads_the_exact_bytes_and_it_is_logged(client, priya, alex):
    name = 'Zoë\'s "report"\n.pdf'
    document = add_document(child=alex, by=priya, content=samples.PDF, name=name)
    qa = UserFactory(roles=[(Role.AUDITOR, None)])
    before = AccessLog.objects.count()
    response = download(sign_in(client, qa), document)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(samples.PDF))
    assert response["Content-Disposition"] == (
        'attachment; filename="Zoe\'s _report_ .pdf"; '
        "filename*=UTF-8''Zo%C3%AB%27s%20%22report%22%20.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert AccessLog.objects.count() == before + 1
    log = AccessLog.objects.latest("pk")
    assert (log.user, log.child, log.path) == (
        qa,
        alex,
        f"/children/{alex.reference}/documents/{document.pk}/download/",
    )


def test_the_file_is_served_as_the_type_found_named_for_it(client, priya, alex):
    document = add_document(child=alex, by=priya, content=samples.PNG, name="photo.exe")
    response = download(sign_in(client, priya), document)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="photo.exe.png"'
    assert b"".join(response.streaming_content) == samples.PNG


def test_people_who_may_not_see_the_documents_are_refused_and_each_refusal_is_logged(
    client, priya, alex
):
    """Another team's practitioner, a board member, an administrator, and a police panel
    member on a child referred to the panel (who may read the record, not its documents)."""
    document = add_document(child=alex, by=priya)
    police = UserFactory(roles=[(Role.POLICE_PANEL, None)])
    outcome = OutcomeFactory(child=alex, code="youth-conditional-caution")
    InterventionFactory(child=alex, outcome=outcome, referred_to_panel=True)
    refused = [
        practitioner_of(TeamFactory(name="South")),
        UserFactory(roles=[(Role.BOARD_MEMBER, None)]),
        UserFactory(roles=[(Role.ADMINISTRATOR, None)], is_staff=True),
        police,
    ]
    before = AccessLog.objects.count()
    for person in refused:
        client = type(client)()
        sign_in(client, person)
        assert download(client, document).status_code == 403, person
        for name in ("documents", "document_new"):
            url = reverse(f"casework:{name}", args=[alex.reference])
            assert client.get(url).status_code == 403
        url = reverse("casework:document", args=[alex.reference, document.pk])
        assert client.get(url).status_code == 403
    # Four refusals each, logged as refusals, and nothing logged as a view.
    logged = AccessLog.objects.order_by("pk")[before:]
    assert [(r.user, r.child, r.kind) for r in logged] == [
        (person, alex, "refused") for person in refused for _ in range(4)
    ]
    # Where a police panel member may read the record (the panel child's, before the panel
    # pack took its place), it shows no sign of the documents.
    if can_view_child(police, alex):
        client = type(client)()
        record = sign_in(client, police).get(reverse("casework:child", args=[alex.reference]))
        assert record.status_code == 200
        page = text_of(record)
        assert "Pre-sentence report" not in page and "Documents" not in page
        history = client.get(reverse("casework:history", args=[alex.reference]))
        assert "Pre-sentence report" not in text_of(history)
        url = reverse("casework:child", args=[alex.reference])
        assert "Pre-sentence report" not in text_of(client.get(url, {"show": "documents"}))


def test_a_police_panel_member_sees_no_documents_whatever_else_they_are(priya, alex, north):
    both = UserFactory(roles=[(Role.POLICE_PANEL, None), (Role.PRACTITIONER, north)])
    document = add_document(child=alex, by=priya)
    assert can_view_child(both, alex)
    assert not can_view_documents(both, alex)
    assert not can_download_document(both, document)
    with pytest.raises(NotAllowed, match="cannot add documents"):
        add_document(child=alex, by=both)


def test_a_restricted_record_keeps_its_documents_to_the_people_named(client, priya, tom, alex):
    document = add_document(child=alex, by=priya)
    alex.restricted = True
    alex.save()
    alex.restricted_to.set([tom])
    assert download(sign_in(client, priya), document).status_code == 403
    assert download(sign_in(client, tom), document).status_code == 200


def test_a_missing_file_is_not_found(client, priya, alex, document_root):
    document = add_document(child=alex, by=priya)
    (document_root / document.file.name).unlink()
    assert download(sign_in(client, priya), document).status_code == 404


# --- the record, the chronology and the history -------------------------------------------------


def test_the_record_lists_the_documents(client, priya, alex):
    add_document(
        child=alex, by=priya, title="Referral from school", category="referral", date=LAST_WEEK
    )
    response = sign_in(client, priya).get(reverse("casework:child", args=[alex.reference]))
    page = response.content.decode()
    section = page[page.index('id="documents"') : page.index('id="chronology"')]
    assert 'class="cf-table-wrapper" role="region" aria-label="Documents on the record"' in section
    text = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    assert "Referral from school" in text
    assert "Referral" in text
    assert f"{LAST_WEEK.day} {LAST_WEEK:%B %Y}" in text
    assert "Priya Shah" in text
    assert f"PDF, {len(samples.PDF)} bytes" in text
    document = Document.objects.get()
    assert reverse("casework:document_download", args=[alex.reference, document.pk]) in section
    assert reverse("casework:document_new", args=[alex.reference]) in section


def test_the_record_shows_the_newest_five_and_links_to_them_all(client, priya, alex):
    for days in range(7):
        add_document(
            child=alex, by=priya, title=f"Letter {days}", date=LAST_WEEK - dt.timedelta(days)
        )
    response = sign_in(client, priya).get(reverse("casework:child", args=[alex.reference]))
    page = response.content.decode()
    section = page[page.index('id="documents"') : page.index('id="chronology"')]
    assert "Letter 4" in section and "Letter 5" not in section
    assert "All documents (7)" in section
    listing = client.get(reverse("casework:documents", args=[alex.reference]))
    assert title_of(listing) == "Documents – Alex Jones (CF-000101) – ChildFirst"
    assert all(f"Letter {days}" in text_of(listing) for days in range(7))


def test_the_chronology_lists_documents_added_and_removed(client, priya, tom, alex):
    document = add_document(child=alex, by=priya, title="Police report")
    remove_document(actor=tom, document=document, reason="It belongs to another child")
    response = sign_in(client, priya).get(
        reverse("casework:child", args=[alex.reference]), {"show": "documents"}
    )
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", response.content.decode(), re.S)
    texts = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]
    removed = next(t for t in texts if "Document removed: Police report" in t)
    added = next(t for t in texts if "Document added: Police report" in t)
    assert "It belongs to another child" in removed and "Tom Reed" in removed
    assert "Court report, dated" in added and "Priya Shah" in added
    assert texts.index(removed) < texts.index(added)  # newest first
    page = response.content.decode()
    assert reverse("casework:document", args=[alex.reference, document.pk]) in page


def test_the_history_keeps_the_upload_and_the_removal(client, priya, tom, alex):
    document = add_document(child=alex, by=priya, title="Police report", name="police.pdf")
    remove_document(actor=tom, document=document, reason="Added twice")
    response = sign_in(client, priya).get(reverse("casework:history", args=[alex.reference]))
    text = text_of(response)
    assert "Changed: Document – Police report By Tom Reed" in text
    assert "Why it was removed (empty) Added twice" in text
    assert "Created: Document – Police report By Priya Shah" in text
    assert "File name (empty) police.pdf" in text
    assert "Type of file (empty) PDF" in text
    assert f"SHA-256 (empty) {document.sha256}" in text
    assert "Added by (empty) Priya Shah" in text
    assert "Removed by (empty) Tom Reed" in text
    assert [h.history_user for h in document.history.order_by("history_date")] == [priya, tom]


# --- removing ---------------------------------------------------------------------------------


def remove_url(document):
    return reverse("casework:document_remove", args=[document.child.reference, document.pk])


def test_the_uploader_removes_a_document_saying_why_and_the_file_is_kept(
    client, priya, alex, document_root
):
    document = add_document(child=alex, by=priya)
    sign_in(client, priya)
    page = client.get(remove_url(document))
    assert title_of(page) == "Remove the document – Alex Jones – ChildFirst"
    response = client.post(remove_url(document), {"reason": ""})
    assert error_summary(response) == [("#id_reason", "Say why the document is being removed")]
    response = client.post(remove_url(document), {"reason": "Wrong child"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.removed_by, document.removal_reason) == (priya, "Wrong child")
    assert document.removed_at is not None
    assert stored_files(document_root) == [document_root / document.file.name]
    # Gone from the record's list, not from its page; no longer downloadable by the uploader.
    record = text_of(client.get(reverse("casework:child", args=[alex.reference])))
    assert "No documents on the record" in record
    detail = client.get(reverse("casework:document", args=[alex.reference, document.pk]))
    assert "Removed by Priya Shah" in text_of(detail)
    assert "Wrong child" in text_of(detail)
    assert download(client, document).status_code == 403
    assert client.get(remove_url(document)).status_code == 403


def test_managers_remove_anyone_s_document_and_still_download_removed_ones(
    client, priya, tom, alex
):
    document = add_document(child=alex, by=priya)
    sign_in(client, tom)
    assert client.post(remove_url(document), {"reason": "Duplicate"}).status_code == 302
    response = download(client, document)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.PDF
    service_manager = UserFactory(roles=[(Role.SERVICE_MANAGER, None)])
    assert download(sign_in(type(client)(), service_manager), document).status_code == 200


def test_only_the_uploader_or_a_manager_removes_a_document(priya, tom, alex, north):
    document = add_document(child=alex, by=priya)
    colleague = practitioner_of(north)
    with pytest.raises(NotAllowed, match="Only the person who added this document"):
        remove_document(actor=colleague, document=document, reason="Tidying")
    with pytest.raises(NotAllowed):
        remove_document(
            actor=UserFactory(roles=[(Role.AUDITOR, None)]), document=document, reason="x"
        )
    remove_document(actor=tom, document=document, reason="Duplicate")
    with pytest.raises(CaseworkError, match="already been removed"):
        remove_document(actor=tom, document=document, reason="Again")
    assert document.history.count() == 2


# --- where the files are kept -------------------------------------------------------------------


def test_documents_may_not_be_kept_where_a_url_serves_them(settings):
    assert documents_are_not_served() == []
    settings.CHILDFIRST_DOCUMENT_ROOT = Path(settings.STATIC_ROOT) / "documents"
    [error] = documents_are_not_served()
    assert error.id == "casework.E001"
    settings.CHILDFIRST_DOCUMENT_ROOT = Path(settings.STATIC_ROOT).parent
    assert [e.id for e in documents_are_not_served()] == ["casework.E001"]
