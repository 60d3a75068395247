"""What every casework page does first: check who may see or change the child, and log it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from childfirst.accounts.access import log_child_view
from childfirst.casework.models import Child
from childfirst.casework.permissions import can_edit_child, can_oversee, can_view_child


def child_for(
    request: HttpRequest, reference: str, *, edit: bool = False, oversee: bool = False
) -> Child:
    """The child with ``reference`` if this person may see it (and change it, with
    ``edit``; countersign its work, with ``oversee``), else 403. Every successful
    call is written to the access log: each page of a child's record is a view of it."""
    child = get_object_or_404(
        Child.objects.select_related("team", "ethnicity"), reference=reference
    )
    allowed = (
        can_oversee(request.user, child)
        if oversee
        else can_edit_child(request.user, child)
        if edit
        else can_view_child(request.user, child)
    )
    if not allowed:
        raise PermissionDenied("You do not have access to this child's record")
    log_child_view(request, child)
    return child


def roles_required(
    *roles: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Signed in and holding one of ``roles``, or 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_role(*roles):
                raise PermissionDenied("Your role does not include this page")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
