"""Accounts' refusals: one error type, :class:`AccountsError`, and its kind for people
who may not do what they tried."""

from __future__ import annotations

from childfirst.errors import ChildFirstError, NotPermitted


class AccountsError(ChildFirstError):
    """A change to someone's account or roles that the rules do not allow."""


class AccountsNotAllowed(AccountsError, NotPermitted):
    """This person may not make this change (not an administrator, or their own roles)."""
