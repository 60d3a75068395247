"""What the casework commands share: the member of staff a command acts as."""

from __future__ import annotations

from django.core.management.base import CommandError

from childfirst.accounts.models import User
from childfirst.casework.models import Child


def staff_member(username: str) -> User:
    """The account named ``username``, switched on, or a clear refusal."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active account is called {username!r}")
    return user


def child_by_reference(reference: str, *, doing: str = "exported") -> Child:
    """The child with ``reference``, or a clear refusal (saying nothing was ``doing``)."""
    child = Child.objects.filter(reference=reference.strip()).first()
    if child is None:
        raise CommandError(f"No child has the reference {reference!r}: nothing was {doing}")
    return child
