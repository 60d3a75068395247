"""Writing the access log: every sight of a child's record, by every page and export; and
the one way a page refuses a record.

This is the one writer. Each row says who, which child, when, at which page, and its
``kind`` (:class:`~childfirst.accounts.models.AccessKind`):

- ``view``: a page of the child's record, once every permission check has passed;
- ``list``: a list that names children (search results, a caseload, the team page, the
  children behind a KPI figure, an audit's population and sample) logs each child on
  the page shown, and only those;
- ``export``: a download, print page or workbook logs each child it carries;
- ``refused``: a refused attempt to open an existing child's record is logged too, even
  though the page itself is refused (a deliberate change from the first rule, that a
  refused request logged nothing: a service must see who tried to open a record they
  could not). An address naming no record logs nothing: there is no child to log.

A page of a record the person may not see and the address of a record that does not
exist get the same answer (:func:`seen_or_refused`, :func:`refuse`): a 403 with the same
words, :data:`NOT_VISIBLE`, so the answer never says whether the record is there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NoReturn, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from childfirst.accounts.models import AccessKind, AccessLog, User

PATH_LENGTH = AccessLog._meta.get_field("path").max_length

#: The one refusal for a record that is not there or that the person may not see.
NOT_VISIBLE = "There is no record at this address that you can see."

R = TypeVar("R", bound=Model)


def log_child_views(
    actor: User, children: Iterable[Any], path: str, kind: str = AccessKind.VIEW
) -> int:
    """Log that ``actor`` saw each of ``children`` (records or their ids) at ``path``, as
    ``kind``: one row a child, in id order, in one statement. Returns how many rows
    were written."""
    ids = sorted({child if isinstance(child, int) else child.pk for child in children})
    rows = [
        AccessLog(user=actor, child_id=child_id, path=path[:PATH_LENGTH], kind=kind)
        for child_id in ids
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)


def log_request_views(
    request: HttpRequest, children: Iterable[Any], kind: str = AccessKind.VIEW
) -> int:
    """:func:`log_child_views` for the person making ``request``, at its full path."""
    return log_child_views(request.user, children, request.get_full_path(), kind)  # type: ignore[arg-type]


def log_request_list(request: HttpRequest, children: Iterable[Any]) -> int:
    """A list page naming ``children`` (only those on the page shown)."""
    return log_request_views(request, children, AccessKind.LIST)


def log_request_export(request: HttpRequest, children: Iterable[Any]) -> int:
    """A download, print page or workbook carrying ``children``'s records."""
    return log_request_views(request, children, AccessKind.EXPORT)


def refuse(request: HttpRequest, child: Any = None, message: str = NOT_VISIBLE) -> NoReturn:
    """Refuse the page (403), logging the refusal against ``child`` if there is one."""
    if child is not None:
        log_request_views(request, [child], AccessKind.REFUSED)
    raise PermissionDenied(message)


def seen_or_refused(
    request: HttpRequest,
    records: QuerySet[R],
    allowed: Callable[[R], bool],
    *,
    child_of: Callable[[R], Any] | None = None,
    log: bool = True,
    **lookup: Any,
) -> R:
    """The record of ``records`` matching ``lookup`` if ``allowed(record)``; otherwise the
    one refusal, the same whether the record does not exist or may not be seen.

    ``child_of(record)`` is the child it belongs to (a child, or its id): a refusal of an
    existing record is logged against it (``refused``), and with ``log`` a record let
    through is logged as a view of it. Without ``child_of`` nothing is logged."""
    record = records.filter(**lookup).first()
    if record is None:
        refuse(request)
    child = child_of(record) if child_of is not None else None
    if not allowed(record):
        refuse(request, child)
    if log and child is not None:
        log_request_views(request, [child])
    return record
