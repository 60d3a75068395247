"""What every page of a child's record does first: check who may see or change the
child, and log the view (or the refusal)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from childfirst.accounts.access import seen_or_refused
from childfirst.casework.models import Child
from childfirst.casework.permissions import (
    can_edit_child,
    can_oversee,
    can_view_child,
    can_view_documents,
)


def child_for(
    request: HttpRequest,
    reference: str,
    *,
    edit: bool = False,
    oversee: bool = False,
    documents: bool = False,
    check: Callable[[Any, Child], bool] | None = None,
    log: bool = True,
) -> Child:
    """The child with ``reference`` if this person may see it (and change it, with
    ``edit``; countersign its work, with ``oversee``; and see its documents as well, with
    ``documents``; and passes ``check(person, child)``, if given), else the one refusal
    (``accounts.access.NOT_VISIBLE``): the same 403 for a child that does not exist, so
    the answer never says whether a record is there.
    A refusal of an existing child is written to the access log (``refused``), and so is
    every successful call (``view``, unless ``log`` is false): each page of a child's
    record is a view of it."""

    def allowed(child: Child) -> bool:
        user = request.user
        permitted = (
            can_oversee(user, child)
            if oversee
            else can_edit_child(user, child)
            if edit
            else can_view_child(user, child)
        )
        return (
            permitted
            and (not documents or can_view_documents(user, child))
            and (check is None or check(user, child))
        )

    return seen_or_refused(
        request,
        Child.objects.select_related("team", "ethnicity"),
        allowed,
        child_of=lambda child: child,
        log=log,
        reference=reference,
    )
