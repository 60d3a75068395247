"""A practitioner's caseload, and a team manager's view of the team."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from childfirst.accounts.models import Role
from childfirst.casework import deadlines, selectors_work
from childfirst.casework.views.common import roles_required


@roles_required(Role.PRACTITIONER)
def caseload(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = selectors_work.caseload_page(request.user, request.GET.get("page"), today)
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
    queue = selectors_work.oversight_queue_page(request.user, request.GET.get("page"))
    return render(
        request,
        "casework/work/team.html",
        {
            "page_obj": queue,
            "queue": queue.object_list,
            "teams": selectors_work.team_caseloads(request.user, today),
            "levels": selectors_work.LEVEL_ORDER,
        },
    )
