"""Retention and erasure (issue 12, item 16): the records due under the rule, listed by
``childfirst retention`` and on a page for service managers; erasure, once a service
manager confirms, takes away the child, their work, every version in the history and
their documents' files, keeps the audits' results, and writes a deletion log entry
with nothing about the child."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.urls import reverse

from childfirst.accounts.models import AccessLog
from childfirst.audits.models import AuditCase
from childfirst.audits.selectors import audit_result
from childfirst.casework import held
from childfirst.casework.errors import CaseworkError, NotAllowed
from childfirst.casework.models import Child, DeletionLogEntry, Document, Intervention
from childfirst.casework.selectors.retention import records_due
from childfirst.casework.services.retention import erase_child
from tests.casework.conftest import sign_in
from tests.casework.full_record import NOTE, full_record

pytestmark = pytest.mark.django_db

TODAY = dt.date(2040, 1, 1)


@pytest.fixture
def record():
    """The full record, made due: born in 2008 (25 in 2033), every intervention ended
    on 1 March 2030 (six years on: 1 March 2036)."""
    made = full_record()
    for child in (made.child, made.other):
        Intervention.objects.filter(child=child).update(end=dt.date(2030, 3, 1), status="completed")
    return made


def _rows_referring_to(child_id: int, ids: dict) -> list[str]:
    """Every row, in every table (historical tables too), that still points at the child
    or at a row erased with them (audit cases stay, without the link), or is one of
    those rows or a version of one."""
    found = []
    gone = held.erased_with_child()
    targets = {model: set(pks) for model, pks in ids.items() if pks and model in gone}
    assert Child in targets and AccessLog in targets
    for model in apps.get_models(include_auto_created=True):
        manager = model._base_manager
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if target in targets:
                hits = manager.filter(**{f"{field.attname}__in": targets[target]}).count()
                if hits:
                    found.append(f"{model._meta.label}.{field.name}: {hits}")
        if model in targets and manager.filter(pk__in=targets[model]).exists():
            found.append(f"{model._meta.label} rows")
        instance = getattr(model, "instance_type", None)
        if held.is_historical(model) and instance in targets and hasattr(model, "history_type"):
            pk = instance._meta.pk.attname
            if (
                instance in held.erased_with_child()
                and manager.filter(**{f"{pk}__in": targets[instance]}).exists()
            ):
                found.append(f"{model._meta.label} versions")
    return found


def _table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def test_a_record_due_is_listed_with_its_rule_and_date(record):
    due = {d.child.reference: d for d in records_due(TODAY)}
    assert due[record.child.reference].due_on == dt.date(2036, 3, 1)
    assert due[record.child.reference].last_intervention_ended == dt.date(2030, 3, 1)
    # A child with an open intervention is never listed.
    Intervention.objects.filter(child=record.child).update(end=None, status="open")
    assert record.child.reference not in {d.child.reference for d in records_due(TODAY)}


def test_erasing_leaves_no_row_that_refers_to_the_child(record, settings):
    found = held.held_about(record.child)
    child_id, reference = record.child.pk, record.child.reference
    assert found.ids[Document]
    erase_child(actor=record.svc, child=record.child, today=TODAY)
    assert _rows_referring_to(child_id, found.ids) == []
    assert not Child.objects.filter(reference=reference).exists()
    assert not AccessLog.objects.filter(path__contains=reference).exists()
    # Not a trace of the contact's note in any version.
    Historical = apps.get_model("casework", "HistoricalContact")
    assert not Historical.objects.filter(notes=NOTE).exists()
    # The other child of the audit is untouched.
    assert Child.objects.filter(pk=record.other.pk).exists()
    assert AuditCase.objects.filter(child=record.other).count() == 1


def test_erasing_removes_the_documents_files_once_committed(
    record, settings, django_capture_on_commit_callbacks
):
    root = Path(settings.CHILDFIRST_DOCUMENT_ROOT)
    names = Document.objects.filter(child=record.child).values_list("file", flat=True)
    theirs = {root / name for name in names}
    others = _files(root) - theirs
    assert theirs and theirs <= _files(root)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        erase_child(actor=record.svc, child=record.child, today=TODAY)
    assert theirs <= _files(root)  # nothing removed before the commit
    for callback in callbacks:
        callback()
    assert _files(root) == others


def test_an_audits_results_are_unchanged_by_erasing_a_child(record):
    before = audit_result(record.audit)
    erase_child(actor=record.svc, child=record.child, today=TODAY)
    after = audit_result(record.audit)
    assert (after.cases, after.answered, after.expected) == (
        before.cases,
        before.answered,
        before.expected,
    )
    assert after.result == before.result
    [kept] = AuditCase.objects.filter(audit=record.audit, child__isnull=True)
    assert kept.outcome_id is None and kept.answers.count() == 2
    # The case's past versions lose the link too.
    versions = AuditCase.history.filter(id=kept.pk)
    assert versions.exists() and not versions.filter(child__isnull=False).exists()


def test_the_deletion_log_keeps_the_reference_rule_and_who_and_nothing_personal(record):
    child = record.child
    reference, first, last, born = (
        child.reference,
        child.first_name,
        child.last_name,
        child.date_of_birth,
    )
    entry = erase_child(actor=record.svc, child=child, today=TODAY)
    entry.refresh_from_db()
    assert (entry.reference, entry.due_on, entry.erased_by) == (
        reference,
        dt.date(2036, 3, 1),
        record.svc,
    )
    assert entry.rule.startswith("Kept until the child's 25th birthday or 6 years after")
    assert entry.rows["records"]["Children"] == 1
    text = " ".join(str(getattr(entry, f.attname)) for f in DeletionLogEntry._meta.concrete_fields)
    for personal in (first, last, born.isoformat(), f"{born:%-d %B %Y}", NOTE):
        assert personal not in text


def test_a_practitioner_cannot_erase(record):
    with pytest.raises(NotAllowed):
        erase_child(actor=record.prac, child=record.child, today=TODAY)
    assert Child.objects.filter(pk=record.child.pk).exists()
    assert not DeletionLogEntry.objects.exists()


def test_a_record_not_yet_due_cannot_be_erased(record):
    with pytest.raises(CaseworkError, match="not due for erasure until 1 March 2036"):
        erase_child(actor=record.svc, child=record.child, today=dt.date(2036, 2, 29))
    Intervention.objects.filter(child=record.child).update(end=None, status="open")
    with pytest.raises(CaseworkError, match="intervention still open"):
        erase_child(actor=record.svc, child=record.child, today=TODAY)
    assert Child.objects.filter(pk=record.child.pk).exists()
    assert not DeletionLogEntry.objects.exists()


def test_a_failure_half_way_leaves_everything_in_place(
    record, settings, django_capture_on_commit_callbacks
):
    root = Path(settings.CHILDFIRST_DOCUMENT_ROOT)
    rows, files, child_id = _table_counts(), _files(root), record.child.pk
    real_update = models.QuerySet.update

    def fail_on_audit_history(self, **kwargs):
        if self.model is AuditCase.history.model:
            raise RuntimeError("the disk is full")
        return real_update(self, **kwargs)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        mock.patch.object(models.QuerySet, "update", fail_on_audit_history),
        pytest.raises(RuntimeError),
    ):
        erase_child(actor=record.svc, child=record.child, today=TODAY)
    assert callbacks == []
    assert _table_counts() == rows
    assert _files(root) == files
    assert Child.objects.filter(pk=child_id).exists()


# --- the pages ------------------------------------------------------------------------------


def test_the_retention_page_lists_what_is_due_for_a_service_manager(client, record, settings):
    sign_in(client, record.svc)
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        page = client.get(reverse("casework:retention"))
    assert page.status_code == 200
    text = page.content.decode()
    assert record.child.reference in text and "1 March 2036" in text
    assert reverse("casework:erase", args=[record.child.reference]) in text


def test_erasing_from_the_page_needs_the_confirmation(client, record):
    sign_in(client, record.svc)
    url = reverse("casework:erase", args=[record.child.reference])
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        page = client.get(url)
        assert "Check what will be erased" in page.content.decode()
        refused = client.post(url, {})
        assert refused.status_code == 200
        assert "Confirm that you have checked what will be erased" in refused.content.decode()
        assert Child.objects.filter(pk=record.child.pk).exists()
        done = client.post(url, {"confirm": "on"})
    assert done.status_code == 302 and done["Location"] == reverse("casework:retention")
    assert not Child.objects.filter(pk=record.child.pk).exists()
    assert DeletionLogEntry.objects.get().erased_by == record.svc


def test_a_practitioner_cannot_erase_from_the_page(client, record):
    sign_in(client, record.prac)
    url = reverse("casework:erase", args=[record.child.reference])
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        assert client.get(url).status_code == 403
        assert client.post(url, {"confirm": "on"}).status_code == 403
        assert client.get(reverse("casework:retention")).status_code == 403
    assert Child.objects.filter(pk=record.child.pk).exists()


# --- the command ---------------------------------------------------------------------------


def test_the_command_lists_what_is_due(record):
    out = StringIO()
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        call_command("retention", stdout=out)
    text = out.getvalue()
    assert "Kept until the child's 25th birthday" in text
    assert f"{record.child.reference}  due since 2036-03-01" in text


def test_the_command_erases_when_a_service_manager_confirms(record):
    out = StringIO()
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        with pytest.raises(CommandError, match="Only a service manager"):
            call_command("retention", erase=record.child.reference, confirm_by="prac_a")
        call_command("retention", erase=record.child.reference, confirm_by="svc", stdout=out)
    assert f"Erased {record.child.reference}" in out.getvalue()
    assert not Child.objects.filter(pk=record.child.pk).exists()


def test_the_command_refuses_an_unknown_reference(record):
    with pytest.raises(CommandError, match="No child has the reference 'CF-999999'"):
        call_command("retention", erase="CF-999999", confirm_by="svc")


def test_the_home_page_links_the_retention_page_for_service_managers_only(client, record):
    url = reverse("casework:retention")
    assert url in sign_in(client, record.svc).get("/").content.decode()
    assert url not in sign_in(client, record.prac).get("/").content.decode()
