"""Case audits' refusals: one error type, :class:`AuditError`, and its kind for people
who may not do what they tried."""

from __future__ import annotations

from childfirst.errors import ChildFirstError, NotPermitted


class AuditError(ChildFirstError):
    """What someone tried cannot be done; the message says why, for them."""


class AuditNotAllowed(AuditError, NotPermitted):
    """This person may not do this (not an auditor, not the lead, not their case)."""
