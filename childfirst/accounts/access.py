"""Writing the access log: every view of a child's record, by every page and export.

This is the one writer. A page showing one child's record logs that child; an export
or a printed list that names children logs each child it names, in one statement.
Call it once every permission check has passed, so a refused request logs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from childfirst.accounts.models import AccessLog, User

PATH_LENGTH = AccessLog._meta.get_field("path").max_length


def log_child_views(actor: User, children: Iterable[Any], path: str) -> int:
    """Log that ``actor`` viewed each of ``children`` (records or their ids) at ``path``:
    one row a child, in id order. Returns how many rows were written."""
    ids = sorted({child if isinstance(child, int) else child.pk for child in children})
    rows = [AccessLog(user=actor, child_id=child_id, path=path[:PATH_LENGTH]) for child_id in ids]
    AccessLog.objects.bulk_create(rows)
    return len(rows)


def log_request_views(request: HttpRequest, children: Iterable[Any]) -> int:
    """:func:`log_child_views` for the person making ``request``, at its full path."""
    return log_child_views(request.user, children, request.get_full_path())  # type: ignore[arg-type]
