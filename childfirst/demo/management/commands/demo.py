"""``childfirst demo``: set up the demo service and say how to sign in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "childfirst-demo"


class Command(BaseCommand):
    help = (
        "Set up the demo service: a demo administrator to sign in with (for a local "
        "demonstration only; never on a server holding real children's records)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="where the service will be served"
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={"first_name": "Demo", "last_name": "Administrator"},
        )
        user.is_staff = True
        user.is_superuser = True
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        verb = "Created" if created else "Reset"
        self.stdout.write(f"{verb} the demo administrator.")
        self.stdout.write("")
        self.stdout.write(f"  ChildFirst is at {options['url']}")
        self.stdout.write(
            f"  Sign in with username {DEMO_USERNAME!r} and password {DEMO_PASSWORD!r}"
        )
        self.stdout.write(f"  (administration: {options['url']}/admin/)")
        self.stdout.write("")
