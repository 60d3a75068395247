"""The one error every ChildFirst service raises when it refuses: a message for the
person, and errors by field.

Each app has one error type of its own, a subclass of :class:`ChildFirstError`
(``casework.errors.CaseworkError``, ``audits.errors.AuditError``), so a page, a
command or the API shows any refusal the same way: the message at the top, each
field's errors against its field (``ui.forms.show_errors`` does it for a form).
A refusal because of who is asking is also a :class:`NotPermitted`, which pages turn
into a 403 and the API into its own 403 answer.

Django's ``ValidationError`` (from ``full_clean()``) is turned into the app's error by
:meth:`ChildFirstError.from_validation_error`, keeping its fields, so callers catch one
kind of error whatever went wrong.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Self

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404

FieldErrors = Mapping[str, str | Sequence[str]]


class ChildFirstError(Exception):
    """What someone tried cannot be done; ``message`` and ``field_errors`` say why, for them.

    ``ChildFirstError("Work has already started")`` refuses the whole request;
    ``ChildFirstError(fields={"team": "Select one of your own teams"})`` points at a
    field. ``message_dict`` gives both in the shape Django's ``ValidationError`` uses
    (``"__all__"`` for the message), so tests and forms read either the same way.
    """

    def __init__(self, message: str = "", *, fields: FieldErrors | None = None) -> None:
        self.field_errors: dict[str, list[str]] = {
            name: [errors] if isinstance(errors, str) else [str(e) for e in errors]
            for name, errors in (fields or {}).items()
        }
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.message:
            return self.message
        return "; ".join(e for errors in self.field_errors.values() for e in errors)

    @property
    def message_dict(self) -> dict[str, list[str]]:
        found = dict(self.field_errors)
        if self.message:
            found[NON_FIELD_ERRORS] = [self.message, *found.get(NON_FIELD_ERRORS, [])]
        return found

    @classmethod
    def from_validation_error(cls, error: ValidationError, **kwargs: Any) -> Self:
        """The same errors, field by field; errors of no one field stay as Django keeps
        them, under ``"__all__"`` (``NON_FIELD_ERRORS``), each on its own."""
        if hasattr(error, "error_dict"):
            return cls(fields=error.message_dict, **kwargs)
        return cls(fields={NON_FIELD_ERRORS: error.messages}, **kwargs)


class NotPermitted(ChildFirstError):
    """The person asking may not do this (a page answers 403)."""


class NotFound(Http404):
    """No such page, with a message for the person saying why (shown on the 404 page).

    A plain ``Http404``'s text is for developers and is never shown; raise this where
    the reason helps the person (a period outside those counted, say) and reveals
    nothing about records they may not see.
    """

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)
