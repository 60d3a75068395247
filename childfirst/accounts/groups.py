"""The Administrators permission group: its name, and finding it.

The group is made, with its permissions, by migration ``0003_administrators_group``:
users, role assignments and teams to manage, the reference data and population
estimates to keep, the access log to read, and nothing about any child. Holding the
administrator role puts a person in it (``accounts.services``); nobody is put in it or
taken out by hand.
"""

from __future__ import annotations

from django.contrib.auth.models import Group

#: The name of the permission group every administrator is in.
ADMINISTRATORS_GROUP = "Administrators"


def administrators_group() -> Group:
    """The Administrators group (made by a migration, so it is always there)."""
    return Group.objects.get(name=ADMINISTRATORS_GROUP)
