"""Writing the access log: every view of a child's record."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from childfirst.accounts.models import AccessLog


def log_child_view(request: HttpRequest, child: Any) -> AccessLog:
    return AccessLog.objects.create(
        user=request.user, child=child, path=request.get_full_path()[:300]
    )
