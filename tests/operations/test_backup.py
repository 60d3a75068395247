"""``childfirst backup`` and ``childfirst restore`` (issue 12, item 17).

A service is made with the factories (staff, children with their work, documents), backed
up, the database emptied and the documents deleted, and restored: every table, compared
row by row for every model Django knows, and every document file, are as they were. The
test runs on the suite's database: SQLite, and PostgreSQL when the suite runs there
(``DATABASE_URL``). A wrong key, a changed or cut-short file, and a database that holds
data (without ``--force``) are refused, and nothing is changed.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import os
import shutil
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection

from childfirst.accounts.models import Role
from childfirst.operations import encryption
from childfirst.operations.backups import all_models, data_held, row_counts
from tests.casework import factories as f
from tests.casework.document_files import PNG, add_document

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reference_data(request):
    """A transactional test's database is emptied after it, the migrations' data (the
    YJB's reference data, the Administrators group) included: load it again."""
    if request.node.get_closest_marker("django_db").kwargs.get("transaction") is False:
        return
    from childfirst.casework.models import OffenceType

    if not OffenceType.objects.exists():
        importlib.import_module("childfirst.casework.migrations.0002_reference_data").load(
            apps, None
        )
    groups = importlib.import_module("childfirst.accounts.migrations.0003_administrators_group")
    if not Group.objects.filter(name=groups.ADMINISTRATORS_GROUP).exists():
        groups.create_group(apps, SimpleNamespace(connection=connection))


@pytest.fixture
def key(monkeypatch):
    monkeypatch.setenv(encryption.KEY_VARIABLE, encryption.new_key())


@pytest.fixture
def documents(settings, tmp_path: Path) -> Path:
    root = tmp_path / "service" / "documents"
    settings.CHILDFIRST_DOCUMENT_ROOT = root
    return root


def make_service() -> None:
    team = f.TeamFactory(name="North")
    practitioner = f.practitioner_of(team)
    manager = f.manager_of(team)
    f.UserFactory(roles=[(Role.SERVICE_MANAGER, None)])
    for n in range(3):
        child = f.ChildFactory(team=team)
        offence = f.OffenceFactory(child=child)
        outcome = f.OutcomeFactory(child=child, offences=[offence])
        intervention = f.InterventionFactory(
            child=child, outcome=outcome, case_manager=practitioner
        )
        f.ContactFactory(child=child, intervention=intervention, recorded_by=practitioner)
        f.AssessmentFactory(child=child, author=practitioner)
        f.VictimFactory(child=child, offences=[offence])
        f.FamilyMemberFactory(child=child)
        add_document(child=child, by=practitioner, title=f"Report {n}")
    add_document(child=child, by=manager, content=PNG, name="photo.png", category="other")


def snapshot() -> dict[str, list[tuple]]:
    return {
        m._meta.label_lower: list(m._default_manager.order_by("pk").values_list())
        for m in all_models()
    }


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def empty_the_service(root: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(root)
    assert not data_held(row_counts())


def test_a_backup_restored_into_an_empty_database_is_the_same_row_by_row(key, documents, tmp_path):
    make_service()
    tables, kept = snapshot(), files(documents)
    assert len(kept) == 4
    assert len([table for table, rows in tables.items() if rows]) > 15
    backup = tmp_path / "service.backup"

    call_command("backup", output=backup, stdout=io.StringIO())
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    content = backup.read_bytes()
    assert b"SQLite format" not in content and b"PGDMP" not in content
    assert b"Child0" not in content and b"%PDF" not in content  # nothing readable

    empty_the_service(documents)
    out = io.StringIO()
    call_command("restore", str(backup), stdout=out)

    assert "Restored the backup" in out.getvalue()
    restored = snapshot()
    for table, rows in tables.items():
        assert restored[table] == rows, table
    assert files(documents) == kept


def test_restore_refuses_a_database_that_holds_data_unless_forced(key, documents, tmp_path):
    make_service()
    tables = snapshot()
    backup = tmp_path / "service.backup"
    call_command("backup", output=backup, stdout=io.StringIO())
    later = f.ChildFactory(last_name="Added-after")
    changed = snapshot()

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup))
    message = str(refused.value)
    assert "not empty" in message
    assert "4 children" in message  # what it would replace
    assert "3 children" in message  # what the backup holds
    assert "--force" in message
    assert snapshot() == changed

    call_command("restore", str(backup), force=True, stdout=io.StringIO())
    assert snapshot() == tables
    assert not type(later).objects.filter(pk=later.pk).exists()


def test_restore_refuses_a_wrong_key_and_changes_nothing(key, documents, tmp_path, monkeypatch):
    make_service()
    backup = tmp_path / "service.backup"
    call_command("backup", output=backup, stdout=io.StringIO())
    empty_the_service(documents)
    before = snapshot()

    monkeypatch.setenv(encryption.KEY_VARIABLE, encryption.new_key())
    with pytest.raises(CommandError, match="not the key this backup was made with"):
        call_command("restore", str(backup))
    assert snapshot() == before
    assert not documents.exists()


@pytest.mark.parametrize("damage", ["a changed byte", "cut short", "a chunk added"])
def test_restore_refuses_a_changed_file_and_changes_nothing(key, documents, tmp_path, damage):
    make_service()
    backup = tmp_path / "service.backup"
    call_command("backup", output=backup, stdout=io.StringIO())
    content = bytearray(backup.read_bytes())
    if damage == "a changed byte":
        content[len(content) * 2 // 3] ^= 0x01
    elif damage == "cut short":
        del content[-100:]
    else:
        content += content[-200:]
    backup.write_bytes(bytes(content))
    empty_the_service(documents)
    before = snapshot()

    with pytest.raises(CommandError, match=r"changed or damaged.*Nothing was restored"):
        call_command("restore", str(backup))
    assert snapshot() == before
    assert not documents.exists()
    assert not [p for p in documents.parent.iterdir() if p.name.startswith(".childfirst")]


def test_backup_needs_a_well_formed_key(documents, tmp_path, monkeypatch):
    monkeypatch.delenv(encryption.KEY_VARIABLE, raising=False)
    with pytest.raises(CommandError, match="CHILDFIRST_BACKUP_KEY is not set"):
        call_command("backup", output=tmp_path / "b")
    monkeypatch.setenv(encryption.KEY_VARIABLE, "childfirst")
    with pytest.raises(CommandError, match="32 bytes"):
        call_command("backup", output=tmp_path / "b")
    assert not (tmp_path / "b").exists()


@pytest.mark.django_db(transaction=False)
def test_chunks_moved_or_the_last_one_dropped_are_refused():
    key = os.urandom(32)
    plain = os.urandom(encryption.CHUNK_BYTES * 2 + 10)  # three chunks
    out = io.BytesIO()
    writer = encryption.EncryptingWriter(out, key)
    writer.write(plain)
    writer.finish()
    sealed = out.getvalue()
    assert encryption.DecryptingReader(io.BytesIO(sealed), key).read() == plain

    header = 8 + 1 + 16 + 7 + 16
    size = 5 + encryption.CHUNK_BYTES + 16
    first, second = sealed[header : header + size], sealed[header + size : header + 2 * size]
    swapped = sealed[:header] + second + first + sealed[header + 2 * size :]
    with pytest.raises(encryption.DamagedBackup, match="chunk 1 has been changed"):
        encryption.DecryptingReader(io.BytesIO(swapped), key).read()
    with pytest.raises(encryption.DamagedBackup, match="ends part-way"):
        encryption.DecryptingReader(io.BytesIO(sealed[: header + 2 * size]), key).read()


def test_the_date_is_kept_exactly(key, documents, tmp_path):
    """Dates and times survive the round trip as the same values, not text."""
    child = f.ChildFactory(date_of_birth=dt.date(2009, 2, 28))
    backup = tmp_path / "b"
    call_command("backup", output=backup, stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(backup), stdout=io.StringIO())
    assert type(child).objects.get(pk=child.pk).date_of_birth == dt.date(2009, 2, 28)
