"""``childfirst restore FILE``: put back the database and documents from a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError, CommandParser

from childfirst.operations.backups import (
    BackupError,
    check_restorable,
    data_held,
    describe,
    read_backup,
    restore_backup,
)
from childfirst.operations.encryption import BackupKeyError, DamagedBackup, key_from_environment


class Command(BaseCommand):
    help = (
        "Restore the database and the documents from a backup made by 'childfirst backup' "
        "(docs/operations.md, 'Restoring').\n"
        "Every chunk of the file is checked with CHILDFIRST_BACKUP_KEY first: a wrong key "
        "or a changed or cut-short file is refused and nothing is changed. A database that "
        "holds data is replaced only with --force. Stop the server first."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that holds data (and the documents folder)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            key = key_from_environment()
            with read_backup(path, key) as unpacked:
                check_restorable(unpacked, force=options["force"])
                restore_backup(unpacked)
                manifest = unpacked.manifest
            # Figures kept outside the database (Redis) may be of records the backup
            # does not hold: none is kept over a restore.
            caches["figures"].clear()
        except BackupKeyError as error:
            raise CommandError(str(error)) from None
        except DamagedBackup as error:
            raise CommandError(
                f"{path} cannot be restored: {error}. The file has been changed or damaged "
                "since it was made. Nothing was restored."
            ) from None
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the backup made {manifest['created']}: "
            f"{describe(data_held(manifest['rows'])) or 'no data'}, and "
            f"{manifest['documents']['files']:,} document files. "
            "Run 'childfirst migrate' if this version has migrations the backup had not."
        )
