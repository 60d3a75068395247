"""``childfirst retention``: the records due for erasure under the retention rule; with
``--erase REF --confirm-by USERNAME``, a service manager erases one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from childfirst.casework.errors import CaseworkError
from childfirst.casework.management.commands._people import child_by_reference, staff_member
from childfirst.casework.selectors.retention import records_due, retention_rule
from childfirst.casework.services.retention import erase_child


class Command(BaseCommand):
    help = (
        "List the children's records due for erasure under the retention rule "
        "(CHILDFIRST_RETENTION_AGE, CHILDFIRST_RETENTION_YEARS_AFTER_LAST_INTERVENTION), "
        "each with the day it became due. With --erase REF --confirm-by USERNAME, a "
        "service manager erases one record that is due: the child, their work, the "
        "history and the documents' files go; the deletion log keeps the reference. "
        "See docs/casework.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--erase", metavar="REF", help="the reference of a record to erase")
        parser.add_argument(
            "--confirm-by",
            metavar="USERNAME",
            help="the service manager confirming the erasure (needed with --erase)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["erase"]:
            if not options["confirm_by"]:
                raise CommandError("--erase needs --confirm-by USERNAME: a service manager")
            child = child_by_reference(options["erase"], doing="erased")
            actor = staff_member(options["confirm_by"])
            try:
                entry = erase_child(actor=actor, child=child, today=today)
            except CaseworkError as refused:
                raise CommandError(refused.message) from refused
            self.stdout.write(
                f"Erased {entry.reference} (due since {entry.due_on.isoformat()}); "
                "the deletion log keeps the reference, the rule, who and when"
            )
            return
        self.stdout.write(f"Retention rule: {retention_rule().describe()}.")
        due = records_due(today)
        if not due:
            self.stdout.write(f"No record is due for erasure on {today.isoformat()}.")
            return
        self.stdout.write(f"{len(due)} record{'s' if len(due) != 1 else ''} due:")
        for record in due:
            ended = record.last_intervention_ended
            why = f"last intervention ended {ended.isoformat()}" if ended else "no interventions"
            self.stdout.write(
                f"  {record.child.reference}  due since {record.due_on.isoformat()}  ({why})"
            )
