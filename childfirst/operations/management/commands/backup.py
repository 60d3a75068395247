"""``childfirst backup --output FILE``: the database and the documents, in one encrypted file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from childfirst.operations.backups import BackupError, describe, make_backup
from childfirst.operations.encryption import BackupKeyError, key_from_environment, new_key


class Command(BaseCommand):
    help = (
        "Back up the database and the documents into one file encrypted with "
        "CHILDFIRST_BACKUP_KEY (docs/operations.md, 'Backups').\n"
        "PostgreSQL is dumped in its own format (pg_dump -Fc), SQLite copied with its "
        "online backup API: both while the service runs. The file is readable by its "
        "owner only. --generate-key prints a new key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="the backup file to write")
        parser.add_argument(
            "--force", action="store_true", help="replace the output file if it exists"
        )
        parser.add_argument(
            "--generate-key",
            action="store_true",
            help="print a new key for CHILDFIRST_BACKUP_KEY and stop",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["generate_key"]:
            self.stdout.write(new_key())
            return
        output: Path | None = options["output"]
        if output is None:
            raise CommandError("Say where to write the backup: --output FILE.")
        if output.exists() and not options["force"]:
            raise CommandError(f"{output} exists: choose another name, or --force to replace it.")
        if not output.parent.is_dir():
            raise CommandError(f"{output.parent} is not a folder.")
        try:
            key = key_from_environment()
            manifest = make_backup(output, key)
        except (BackupKeyError, BackupError) as error:
            raise CommandError(str(error)) from None
        held = {label: n for label, n in manifest["rows"].items() if n}
        documents = manifest["documents"]
        self.stdout.write(
            f"Backed up the {manifest['database']} database ({describe(held)}) and "
            f"{documents['files']:,} document files to {output} "
            f"({output.stat().st_size / 1e6:,.1f} MB, encrypted)."
        )
