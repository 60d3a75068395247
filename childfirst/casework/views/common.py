"""What every page of a child's record does first: check who may see or change the
child, and log the view."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from childfirst.accounts.access import log_request_views
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
) -> Child:
    """The child with ``reference`` if this person may see it (and change it, with
    ``edit``; countersign its work, with ``oversee``; and see its documents as well, with
    ``documents``), else 403. Every successful call is written to the access log: each
    page of a child's record is a view of it."""
    child = get_object_or_404(
        Child.objects.select_related("team", "ethnicity"), reference=reference
    )
    allowed = (
        can_oversee(request.user, child)
        if oversee
        else can_edit_child(request.user, child)
        if edit
        else can_view_child(request.user, child)
    ) and (not documents or can_view_documents(request.user, child))
    if not allowed:
        raise PermissionDenied("You do not have access to this child's record")
    log_request_views(request, [child])
    return child
