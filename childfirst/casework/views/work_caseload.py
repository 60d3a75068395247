"""A practitioner's caseload, and a team manager's view of the team."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from childfirst.accounts.models import Role
from childfirst.accounts.permissions import roles_required
from childfirst.casework import deadlines
from childfirst.casework.selectors import caseload as selectors
from childfirst.casework.selectors.work import oversight_queue_page


@roles_required(Role.PRACTITIONER)
def caseload(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = selectors.caseload_page(request.user, request.GET.get("page"), today)
    return render(
        request,
        "casework/work/caseload.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "today": today,
            "policy": deadlines.Policy.from_settings(),
        },
    )


@roles_required(Role.TEAM_MANAGER)
def team(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    queue = oversight_queue_page(request.user, request.GET.get("page"))
    return render(
        request,
        "casework/work/team.html",
        {
            "page_obj": queue,
            "queue": queue.object_list,
            "teams": selectors.team_caseloads(request.user, today),
            "levels": selectors.LEVEL_ORDER,
        },
    )
