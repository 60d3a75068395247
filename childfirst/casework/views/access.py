"""Who has seen a child's record, and unusual access to records: for service managers
only. Anyone else gets the one refusal (``accounts.access.NOT_VISIBLE``), the same answer
as for a child that does not exist."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from childfirst.accounts.access import NOT_VISIBLE, log_request_list, log_request_views
from childfirst.accounts.models import Role, User
from childfirst.accounts.permissions import roles_required
from childfirst.casework.models import Child
from childfirst.casework.permissions import can_see_access_log
from childfirst.casework.selectors import access as selectors
from childfirst.casework.views.common import child_for

PAGE_SIZE = 50


@login_required
def seen_by(request: HttpRequest, reference: str) -> HttpResponse:
    """Everyone who has seen the child's record, newest first. Opening this page is itself
    a view of the record, logged once the page's rows are read (so it is listed the next
    time, and a record nobody has seen shows that it has not been)."""
    child = child_for(request, reference, check=can_see_access_log, log=False)
    page = Paginator(selectors.seen_by(child), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    log_request_views(request, [child])
    return render(request, "casework/record/seen_by.html", {"child": child, "page_obj": page})


@roles_required(Role.SERVICE_MANAGER, message=NOT_VISIBLE)
def unusual_access(request: HttpRequest) -> HttpResponse:
    flags = selectors.unusual_access_now()
    people = User.objects.in_bulk({f.user for f in flags})
    child_ids = {c for f in flags for c in f.children}
    children = Child.objects.in_bulk(child_ids)
    log_request_list(request, child_ids)
    rows = [
        {
            "flag": f,
            "person": people.get(f.user),
            "children": [children[c] for c in f.children if c in children],
        }
        for f in flags
    ]
    return render(
        request,
        "casework/work/unusual_access.html",
        {"rows": rows, "rules": selectors.rules_from_settings()},
    )
