"""Subject access (issue 12, item 15): everything held about a child, as a zip of JSON,
a PDF and the documents' files, for service managers only, from the record's page and
from ``childfirst export-child``; the export is in the access log."""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from io import StringIO
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import CommandError, ManagementUtility, call_command
from django.urls import reverse

from childfirst.accounts.models import AccessLog
from childfirst.casework import held
from childfirst.casework.errors import NotAllowed
from childfirst.casework.models import Child
from childfirst.casework.services.subject_access import export_child, kinds_exported
from tests.casework.conftest import sign_in
from tests.casework.full_record import DOCUMENT_BYTES, NOTE, full_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    return full_record()


def _open(content: bytes) -> tuple[dict, zipfile.ZipFile]:
    package = zipfile.ZipFile(io.BytesIO(content))
    return json.loads(package.read("export.json")), package


def _related_to_child_independently() -> set[type]:
    """Every live model with a path of relations to Child, found without
    ``casework.held``: reverse relations (hidden ones too) walked from Child."""
    found: set[type] = set()
    todo = [Child]
    while todo:
        model = todo.pop()
        for rel in model._meta.get_fields(include_hidden=True):
            if rel.auto_created and not rel.concrete and rel.is_relation:
                other = rel.related_model
                if other is None or held.is_historical(other) or other in found or other is Child:
                    continue
                if rel.many_to_many:
                    continue  # the through table is reached as a model of its own
                found.add(other)
                todo.append(other)
    return found


def test_every_model_related_to_a_child_is_exported():
    """A model added with a relation to Child (or to anything about a child) that the
    export did not read would fail here."""
    expected = {m for m in _related_to_child_independently() if not m._meta.auto_created}
    assert expected - set(kinds_exported()) == set()
    assert apps.get_model("audits", "AuditCase") in expected
    assert apps.get_model("accounts", "AccessLog") in expected


def test_the_full_record_has_a_row_of_every_kind_held(record):
    """The export of a record with one of everything has rows of every kind: a new
    model related to Child needs a row in ``full_record`` to show it is exported."""
    data, _ = _open(export_child(actor=record.svc, child=record.child, path="/test/"))
    empty = [label for label, rows in data["records"].items() if not rows]
    assert empty == []
    assert set(data["records"]) == {m._meta.label_lower for m in kinds_exported()}


def test_the_zip_holds_the_json_the_pdf_and_the_documents_files(record):
    content = export_child(actor=record.svc, child=record.child, path="/test/")
    data, package = _open(content)
    names = package.namelist()
    assert "export.json" in names and "export.pdf" in names
    assert package.read("export.pdf").startswith(b"%PDF")
    assert data["child"] == record.child.reference
    # A note's text, as written (nothing executed, nothing lost).
    contacts = data["records"]["casework.contact"]
    assert any(row["fields"]["notes"] == NOTE for row in contacts)
    # A document's bytes, exactly as uploaded, where the JSON says they are.
    [described] = [f for f in data["files"] if f["document"] == record.document.pk]
    assert package.read(described["path"]) == DOCUMENT_BYTES
    assert described["sha256"] == record.document.sha256


def test_the_json_holds_history_access_log_and_audit_cases_with_iso_dates(record):
    data, _ = _open(export_child(actor=record.svc, child=record.child, path="/test/"))
    [child] = data["records"]["casework.child"]
    assert child["fields"]["date_of_birth"] == record.child.date_of_birth.isoformat()
    assert data["history"]["casework.historicalchild"][0]["fields"]["id"] == record.child.pk
    assert data["history"]["casework.historicalcontact"]
    # The audit case drawn from the child's outcome, with its answers; not the other child's.
    [case] = data["records"]["audits.auditcase"]
    assert case["fields"]["child"] == record.child.pk
    assert {a["fields"]["case"] for a in data["records"]["audits.answer"]} == {case["pk"]}
    # The access log, the export's own row among them.
    paths = {row["fields"]["path"] for row in data["records"]["accounts.accesslog"]}
    assert {f"/children/{record.child.reference}/", "/test/"} <= paths
    # Stable order: rows by id.
    for rows in data["records"].values():
        assert [r["pk"] for r in rows] == sorted(r["pk"] for r in rows)


def test_the_export_holds_nothing_of_another_child(record):
    data, _ = _open(export_child(actor=record.svc, child=record.other, path="/test/"))
    assert data["records"]["casework.contact"] == []
    [case] = data["records"]["audits.auditcase"]
    assert case["fields"]["child"] == record.other.pk
    text = json.dumps(data)
    assert record.child.last_name not in text


def test_the_export_is_written_to_the_access_log(record):
    before = AccessLog.objects.count()
    export_child(actor=record.svc, child=record.child, path="/children/x/export/")
    row = AccessLog.objects.latest("pk")
    assert AccessLog.objects.count() == before + 1
    assert (row.user, row.child, row.path) == (record.svc, record.child, "/children/x/export/")
    assert row.kind == "export"


def test_a_practitioner_is_refused_by_the_service(record):
    before = AccessLog.objects.count()
    with pytest.raises(NotAllowed):
        export_child(actor=record.prac, child=record.child, path="/test/")
    assert AccessLog.objects.count() == before


def test_the_page_gives_a_service_manager_the_zip(client, record):
    sign_in(client, record.svc)
    url = reverse("casework:child_export", args=[record.child.reference])
    record_page = client.get(reverse("casework:child", args=[record.child.reference]))
    assert url in record_page.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert "Download the export (zip)" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    data, _ = _open(response.content)
    assert data["child"] == record.child.reference
    assert AccessLog.objects.latest("pk").path == url


def test_the_page_refuses_a_practitioner_who_may_open_the_record(client, record):
    sign_in(client, record.prac)
    url = reverse("casework:child_export", args=[record.child.reference])
    assert (
        url
        not in client.get(reverse("casework:child", args=[record.child.reference])).content.decode()
    )
    before = AccessLog.objects.count()
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    # Nothing exported; both refusals logged against the child.
    refused = AccessLog.objects.order_by("pk")[before:]
    assert [(r.child_id, r.kind) for r in refused] == [(record.child.pk, "refused")] * 2


def test_the_command_writes_the_zip(tmp_path, record):
    output = tmp_path / "export.zip"
    out = StringIO()
    call_command("export-child", record.child.reference, output=str(output), by="svc", stdout=out)
    data, package = _open(output.read_bytes())
    assert data["child"] == record.child.reference
    assert "export.pdf" in package.namelist()
    assert oct(output.stat().st_mode & 0o777) == "0o600"
    assert AccessLog.objects.latest("pk").path.startswith("command: export-child")


def test_the_command_refuses_an_unknown_reference(tmp_path, record):
    output = tmp_path / "export.zip"
    with pytest.raises(CommandError, match="No child has the reference 'CF-999999'"):
        call_command("export-child", "CF-999999", output=str(output), by="svc")
    assert not output.exists()


def test_the_command_refuses_a_practitioner(tmp_path, record):
    output = tmp_path / "export.zip"
    with pytest.raises(CommandError, match="Only a service manager"):
        call_command("export-child", record.child.reference, output=str(output), by="prac_a")
    assert not output.exists()


def test_the_command_exits_non_zero_for_an_unknown_reference(tmp_path, record):
    """Run as the ``childfirst`` command does: a refusal is a message and exit status 1."""
    err = StringIO()
    utility = ManagementUtility(
        [
            "childfirst",
            "export-child",
            "CF-999999",
            "--output",
            str(tmp_path / "x.zip"),
            "--by",
            "svc",
        ]
    )
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exit_:
        utility.execute()
    assert exit_.value.code == 1
    assert "No child has the reference 'CF-999999'" in err.getvalue()


def test_the_pdf_shows_user_text_escaped_and_fetches_nothing(record):
    """The PDF is rendered from HTML in which a note's markup is text, through the
    helper whose URL fetcher fetches nothing."""
    pages = []

    def capture(html: str) -> bytes:
        pages.append(html)
        return b"%PDF-1.7 captured"

    with mock.patch("childfirst.casework.services.subject_access.render_pdf", capture):
        export_child(actor=record.svc, child=record.child, path="/test/")
    [html] = pages
    assert "<script>x()</script>" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "college" in html
