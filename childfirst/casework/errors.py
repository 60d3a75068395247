"""Casework's refusals: one error type, :class:`CaseworkError`, and its kinds.

Every casework service raises a :class:`CaseworkError` (a
:class:`~childfirst.errors.ChildFirstError`) when it refuses, with its message and
errors by field; a page shows it with ``ui.forms.show_errors``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from childfirst.errors import ChildFirstError, NotPermitted


class CaseworkError(ChildFirstError):
    """A change to a child's record that the rules do not allow; the message says why."""


class NotAllowed(CaseworkError, NotPermitted):
    """This person may not make this change."""


class NotEditable(CaseworkError):
    """The work is awaiting oversight or countersigned, so it cannot be changed."""


class DraftExists(CaseworkError):
    """The child already has a draft of this kind: carry on with it (``draft``) instead."""

    def __init__(self, draft: Any) -> None:
        kind = str(type(draft)._meta.verbose_name)
        super().__init__(
            f"There is already a draft {kind} for this child, started by {draft.author}: "
            "carry on with it, or discard it first"
        )
        self.draft = draft


class PossibleDuplicate(CaseworkError):
    """Another child has the same name and date of birth, or shares an identifier:
    ``matches``. Saving needs a confirmation that this is a different child."""

    def __init__(self, matches: list[Any]) -> None:
        many = len(matches) != 1
        super().__init__(
            f"{len(matches)} other record{'s' if many else ''} may be this child: check "
            f"{'them' if many else 'it'}, and confirm this is a different child to save"
        )
        self.matches = matches


@dataclass(frozen=True)
class Problem:
    """One thing missing before work can go for oversight, and the step to fix it on."""

    step: str
    message: str


class Incomplete(CaseworkError):
    """The work cannot be submitted yet: ``problems`` says what is missing, by step."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems
