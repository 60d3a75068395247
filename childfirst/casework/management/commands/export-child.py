"""``childfirst export-child REF --output FILE.zip --by USERNAME``: a subject access
export of everything held about one child."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from childfirst.casework.errors import CaseworkError
from childfirst.casework.management.commands._people import child_by_reference, staff_member
from childfirst.casework.services.subject_access import export_child


class Command(BaseCommand):
    help = (
        "Export everything held about one child (a subject access request) as a zip: "
        "export.json (every record and every version in the history), export.pdf (the "
        "same to read) and the documents' files. Only a service manager may export; "
        "the export is written to the access log as theirs. See docs/casework.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="the child's reference, such as CF-000123")
        parser.add_argument("--output", required=True, help="the zip file to write")
        parser.add_argument(
            "--by", required=True, metavar="USERNAME", help="the service manager exporting"
        )
        parser.add_argument(
            "--force", action="store_true", help="replace the output file if it exists"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        child = child_by_reference(options["reference"])
        actor = staff_member(options["by"])
        output = Path(options["output"])
        if output.exists() and not options["force"]:
            raise CommandError(f"{output} exists: choose another file, or add --force")
        try:
            content = export_child(
                actor=actor, child=child, path=f"command: export-child {child.reference}"
            )
        except CaseworkError as refused:
            raise CommandError(refused.message) from refused
        output.write_bytes(content)
        output.chmod(0o600)  # it holds everything about a child
        self.stdout.write(f"Wrote everything held about {child.reference} to {output}")
