"""A practitioner's caseload, and the team page: a manager's oversight queue and the
team's caseloads, each count opening the list of children behind it. Team managers see
their teams; service managers see every team, with a filter."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from childfirst.accounts.access import log_request_list
from childfirst.accounts.models import Role, Team
from childfirst.accounts.permissions import roles_required
from childfirst.casework import deadlines
from childfirst.casework.models import InterventionLevel
from childfirst.casework.selectors import caseload as selectors
from childfirst.casework.selectors.work import overseen_teams, oversight_queue_page

OVERSEERS = (Role.TEAM_MANAGER, Role.SERVICE_MANAGER)


@roles_required(Role.PRACTITIONER)
def caseload(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = selectors.caseload_page(request.user, request.GET.get("page"), today)
    log_request_list(request, [row.intervention.child_id for row in page.object_list])
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


def _number(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404(f"No such {name.replace('_', ' ')}")
    return int(value)


def _team_filter(request: HttpRequest) -> tuple[int | None, list[Team]]:
    """The team asked for (None: all the person oversees), and the teams to choose from."""
    teams = list(overseen_teams(request.user))
    team = _number(request, "team")
    if team is not None and team not in {t.pk for t in teams}:
        raise Http404("No such team")
    return team, teams


def _cell(n: int, label: str, **query: Any) -> dict[str, Any]:
    url = f"{reverse('casework:team_children')}?{urlencode(query)}"
    return {"n": n, "url": url, "label": label}


def _cells(
    name: str, levels: list[int], total: int, overdue: int, **query: Any
) -> list[dict[str, Any]]:
    """A row of the caseload table: each count with the link to its list of children."""
    by_level = [
        _cell(n, f"{name}, {level.label.lower()} level", level=level.value, **query)
        for level, n in zip(selectors.LEVEL_ORDER, levels, strict=True)
    ]
    return [
        *by_level,
        _cell(total, f"{name}, all open interventions", **query),
        _cell(overdue, f"{name}, children with overdue work", overdue=1, **query),
    ]


def _with_links(load: selectors.TeamLoad) -> dict[str, Any]:
    rows = [
        {
            "name": str(p.case_manager),
            "cells": _cells(
                str(p.case_manager),
                p.counts,
                p.total,
                p.children_overdue,
                team=load.team.pk,
                case_manager=p.case_manager.pk,
            ),
        }
        for p in load.practitioners
    ]
    rows.append(
        {
            "name": "All",
            "all": True,
            "cells": _cells(
                load.team.name, load.totals, load.total, load.children_overdue, team=load.team.pk
            ),
        }
    )
    return {"team": load.team, "practitioners": load.practitioners, "rows": rows}


@roles_required(*OVERSEERS)
def team(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    chosen, teams = _team_filter(request)
    queue = oversight_queue_page(request.user, request.GET.get("page"), chosen)
    log_request_list(request, [item.work.child_id for item in queue.object_list])
    return render(
        request,
        "casework/work/team.html",
        {
            "page_obj": queue,
            "queue": queue.object_list,
            "teams": [
                _with_links(load)
                for load in selectors.team_caseloads(
                    request.user,
                    today,
                    chosen,
                    teams=[t for t in teams if chosen is None or t.pk == chosen],
                )
            ],
            "levels": selectors.LEVEL_ORDER,
            "team_choices": teams if len(teams) > 1 else [],
            "chosen": chosen,
            "children_url": reverse("casework:team_children"),
            "is_service_manager": request.user.has_role(Role.SERVICE_MANAGER),
        },
    )


@roles_required(*OVERSEERS)
def team_children(request: HttpRequest) -> HttpResponse:
    """The children behind a count on the team page: a case manager's (or a team's) open
    interventions, at one level, or those with something overdue."""
    today = timezone.localdate()
    chosen, teams = _team_filter(request)
    case_manager = _number(request, "case_manager")
    level = request.GET.get("level") or None
    if level is not None and level not in InterventionLevel.values:
        raise Http404("No such level")
    overdue = request.GET.get("overdue") == "1"
    page = selectors.team_children_page(
        request.user,
        request.GET.get("page"),
        today,
        overdue=overdue,
        team=chosen,
        case_manager=case_manager,
        level=level,
    )
    log_request_list(request, [row.intervention.child_id for row in page.object_list])
    names = dict((t.pk, t.name) for t in teams)
    described: list[str] = []
    if chosen is not None:
        described.append(names[chosen])
    if case_manager is not None:
        person = next((r.intervention.case_manager for r in page.object_list), None)
        described.append(f"case manager {person}" if person else "this case manager")
    if level is not None:
        described.append(f"{InterventionLevel(level).label.lower()} level")
    back: dict[str, Any] = {"team": chosen} if chosen is not None else {}
    return render(
        request,
        "casework/work/team_children.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "today": today,
            "overdue": overdue,
            "described": ", ".join(described),
            "back_url": reverse("casework:team") + (f"?{urlencode(back)}" if back else ""),
        },
    )
