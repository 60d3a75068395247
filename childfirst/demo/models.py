"""What the demo made, so that it can tell its own database from anyone else's.

``childfirst demo`` hands out accounts with a published password, so it must never touch
a database that holds real records. It records every account and child it creates here,
and refuses to run on a database holding an account or a child it did not make (a child
added by someone signed in with a demo account, while trying the demo, counts as the
demo's). It only ever changes the accounts listed here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DemoAccount(models.Model):
    """An account the demo created: the only kind of account it will ever change."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="demo_account"
    )

    def __str__(self) -> str:
        return f"Demo account {self.user_id}"


class DemoChild(models.Model):
    """A child the demo created (made-up; no real child's record is ever listed here)."""

    child = models.OneToOneField(
        "casework.Child", on_delete=models.CASCADE, related_name="demo_child"
    )

    def __str__(self) -> str:
        return f"Demo child {self.child_id}"
