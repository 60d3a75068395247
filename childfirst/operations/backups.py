"""Backups of the whole service: the database and the documents, in one encrypted file.

:func:`make_backup` writes a tar archive, encrypted as it is written
(:mod:`childfirst.operations.encryption`), holding

* ``manifest.json``: when it was made, the database (SQLite or PostgreSQL), the
  migrations applied, and how many rows each table held;
* the database in its own format: PostgreSQL's custom dump (``pg_dump -Fc``), or a copy
  of the SQLite file taken with SQLite's online backup API (consistent while the
  service runs);
* ``documents/``: the files of ``CHILDFIRST_DOCUMENT_ROOT``.

:func:`read_backup` decrypts and unpacks a backup into a folder, checking every chunk:
nothing is restored until the whole file has passed. :func:`restore_backup` then puts
the database back (``pg_restore`` in one transaction; SQLite's backup API the other
way) and replaces the documents folder.

The dumps are never held in memory: the database is dumped to a file in a private
temporary folder, and archived and encrypted a chunk at a time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from childfirst.operations.encryption import DecryptingReader, EncryptingWriter

FORMAT = "childfirst-backup"
MANIFEST = "manifest.json"
DOCUMENTS = "documents"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}

#: Tables ``migrate`` fills by itself (content types, permissions, the role groups, the
#: YJB's reference data): a database holding rows in these only is empty.
SET_UP_TABLES = frozenset(
    {
        "contenttypes.contenttype",
        "auth.permission",
        "auth.group",
        "auth.group_permissions",
        "casework.ethnicity",
        "casework.offencetype",
        "casework.outcometype",
        "casework.accommodationtype",
        "casework.eteprovisiontype",
        "sessions.session",
        # kept figures and the versions they are keyed on: worked out from the rest
        "performance.figurescacheentry",
        "performance.figuresversion",
    }
)


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


def all_models() -> list[Any]:
    """Every table's model, the many-to-many tables' included."""
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed]


def row_counts(using: str = "default") -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.using(using).count() for m in all_models()}


def data_held(counts: dict[str, int]) -> dict[str, int]:
    """The tables with rows besides those ``migrate`` fills."""
    return {label: n for label, n in counts.items() if n and label not in SET_UP_TABLES}


#: The tables a message names first: what a person recognises a service by.
HEADLINE_TABLES = ("casework.child", "accounts.user", "casework.document")


def describe(counts: dict[str, int]) -> str:
    """'12 children, 40 users, 3 documents and 1,234 rows in 56 other tables'."""
    names = []
    for label in HEADLINE_TABLES:
        if n := counts.get(label):
            meta = apps.get_model(label)._meta
            names.append(f"{n:,} {meta.verbose_name if n == 1 else meta.verbose_name_plural}")
    others = {label: n for label, n in counts.items() if n and label not in HEADLINE_TABLES}
    if others:
        rows, tables = sum(others.values()), len(others)
        other = " other" if names else ""
        names.append(
            f"{rows:,} row{'s' * (rows != 1)} in {tables}{other} table{'s' * (tables != 1)}"
        )
    return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1] if names else ""


def _vendor(using: str = "default") -> str:
    vendor = connections[using].vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"ChildFirst backs up SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _postgres_environment(using: str = "default") -> dict[str, str]:
    """libpq's own variables for the client programs: no password on a command line."""
    database = connections[using].settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGDATABASE", "NAME"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    if sslmode := database.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed: it comes with PostgreSQL's client programs "
            "(Debian's postgresql-client)."
        ) from None
    if done.returncode:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip() or done.stdout.strip()}")


def _dump_database(path: Path, using: str = "default") -> None:
    connection = connections[using]
    if _vendor(using) == "postgresql":
        _run(["pg_dump", "--format=custom", "--file", str(path)], _postgres_environment(using))
        return
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _manifest(using: str = "default") -> dict[str, Any]:
    recorder = MigrationRecorder(connections[using])
    applied = sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())
    return {
        "format": FORMAT,
        "version": 1,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": _vendor(using),
        "migrations": applied,
        "rows": row_counts(using),
    }


def document_root() -> Path:
    return Path(settings.CHILDFIRST_DOCUMENT_ROOT)


@contextmanager
def _private_folder(near: Path | None = None) -> Iterator[Path]:
    """A folder only this user can read (the dump in it is not yet encrypted)."""
    if near is not None:
        near.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".childfirst-backup-", dir=near))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def make_backup(output: Path, key: bytes, using: str = "default") -> dict[str, Any]:
    """Write the backup to ``output`` (made readable by its owner only, and put in
    place only when complete). Returns the manifest."""
    partial = output.with_name(output.name + ".partial")
    with _private_folder() as folder:
        manifest = _manifest(using)
        dump = folder / DUMP_NAMES[manifest["database"]]
        _dump_database(dump, using)
        documents = document_root()
        files = [p for p in documents.rglob("*") if p.is_file()] if documents.is_dir() else []
        manifest["documents"] = {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as out:
                writer = EncryptingWriter(out, key)
                with tarfile.open(fileobj=writer, mode="w|") as archive:  # type: ignore[call-overload]
                    archive.add(folder / MANIFEST, arcname=MANIFEST)
                    archive.add(dump, arcname=dump.name)
                    if documents.is_dir():
                        archive.add(documents, arcname=DOCUMENTS)
                writer.finish()
                out.flush()
                os.fsync(out.fileno())
            partial.replace(output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return manifest


@dataclass
class Unpacked:
    """A backup checked and unpacked into ``folder``, ready to restore."""

    folder: Path
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def dump(self) -> Path:
        return self.folder / DUMP_NAMES[self.manifest["database"]]

    @property
    def documents(self) -> Path:
        return self.folder / DOCUMENTS


@contextmanager
def read_backup(path: Path, key: bytes) -> Iterator[Unpacked]:
    """Check every chunk of the backup at ``path`` and unpack it into a private folder
    beside the documents folder (so they can be swapped in place). Raises
    :class:`~childfirst.operations.encryption.BackupKeyError` or
    :class:`~childfirst.operations.encryption.DamagedBackup` if it fails a check."""
    with _private_folder(near=document_root().parent) as folder, path.open("rb") as source:
        reader = DecryptingReader(source, key)
        try:
            with tarfile.open(fileobj=reader, mode="r|") as archive:  # type: ignore[call-overload]
                archive.extractall(folder, filter="data")
        except tarfile.TarError as error:
            raise BackupError(f"The backup's archive is not readable ({error}).") from None
        reader.read_to_end()
        try:
            manifest = json.loads((folder / MANIFEST).read_text())
        except (OSError, ValueError):
            raise BackupError("The backup has no manifest: ChildFirst did not make it.") from None
        if manifest.get("format") != FORMAT or manifest.get("database") not in DUMP_NAMES:
            raise BackupError("The backup's manifest is not one ChildFirst reads.")
        unpacked = Unpacked(folder, manifest)
        if not unpacked.dump.is_file():
            raise BackupError("The backup holds no database.")
        (folder / DOCUMENTS).mkdir(exist_ok=True)
        yield unpacked


def check_restorable(unpacked: Unpacked, *, force: bool, using: str = "default") -> None:
    """Refuse, changing nothing, a backup of the other kind of database, one made with
    migrations this version does not have, or (unless ``force``) one that would replace
    data."""
    vendor = _vendor(using)
    made = unpacked.manifest["database"]
    if made != vendor:
        raise BackupError(
            f"This is a backup of a {VENDOR_NAMES[made]} database; the database here is "
            f"{VENDOR_NAMES[vendor]}. Restore it into {VENDOR_NAMES[made]}, then move the "
            "data with 'childfirst dumpdata' and 'loaddata' if need be."
        )
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = sorted(set(unpacked.manifest.get("migrations", [])) - known)
    if unknown:
        raise BackupError(
            "The backup was made by a newer version of ChildFirst (it has migrations this "
            f"version does not: {', '.join(unknown[:3])}). Restore it with that version."
        )
    held = data_held(_counts_or_empty(using))
    if held and not force:
        raise BackupError(
            f"The database is not empty: it holds {describe(held)}. Restoring would replace "
            f"all of it, and the documents folder {document_root()}, with the backup made "
            f"{unpacked.manifest['created']} "
            f"({describe(data_held(unpacked.manifest['rows'])) or 'no data'}). "
            "Nothing was changed; run again with --force to replace it."
        )


def _counts_or_empty(using: str) -> dict[str, int]:
    """Row counts, or none when the database has no tables yet (never migrated)."""
    tables = set(connections[using].introspection.table_names())
    return {
        m._meta.label_lower: m._default_manager.using(using).count()
        for m in all_models()
        if m._meta.db_table in tables
    }


def _restore_database(unpacked: Unpacked, using: str = "default") -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        connections.close_all()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                _postgres_environment(using)["PGDATABASE"],
                str(unpacked.dump),
            ],
            _postgres_environment(using),
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(unpacked.dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    ContentType.objects.clear_cache()


def _restore_documents(unpacked: Unpacked) -> None:
    """Swap the backup's documents folder in for the current one."""
    root = document_root()
    old = None
    if root.exists():
        old = root.with_name(f".{root.name}-replaced-{os.getpid()}")
        root.rename(old)
    unpacked.documents.rename(root)
    root.chmod(0o750)
    if old is not None:
        shutil.rmtree(old)


def restore_backup(unpacked: Unpacked, using: str = "default") -> None:
    """The database first (in one transaction on PostgreSQL), then the documents."""
    _restore_database(unpacked, using)
    _restore_documents(unpacked)
