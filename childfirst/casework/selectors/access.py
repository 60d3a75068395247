"""Reads of the access log about children: who has seen one child's record, and the
unusual access a service manager reviews (the rules are in
:mod:`childfirst.domain.unusual_access`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from childfirst.accounts.models import TEAM_ROLES, AccessKind, AccessLog, RoleAssignment
from childfirst.casework.models import Child
from childfirst.domain.unusual_access import Access, Flag, Rules, unusual_access

#: What counts as opening a record (being named in a list, or refused, does not).
OPENED = (AccessKind.VIEW, AccessKind.EXPORT)


def seen_by(child: Child) -> QuerySet[AccessLog]:
    """Every access-log row of ``child``, newest first, with who."""
    return (
        AccessLog.objects.filter(child=child).select_related("user").order_by("-viewed_at", "-pk")
    )


def rules_from_settings() -> Rules:
    start, end = settings.CHILDFIRST_WORKING_HOURS
    return Rules(
        outside_team_records=int(settings.CHILDFIRST_UNUSUAL_OUTSIDE_TEAM_RECORDS),
        window_days=int(settings.CHILDFIRST_UNUSUAL_WINDOW_DAYS),
        working_hours=(int(start), int(end)),
        out_of_hours_views=int(settings.CHILDFIRST_UNUSUAL_OUT_OF_HOURS_VIEWS),
    )


def accesses_since(since: dt.datetime) -> list[Access]:
    """Records opened since ``since``, as the rules read them (times in local time)."""
    teams: dict[int, set[int]] = defaultdict(set)
    for user_id, team_id in RoleAssignment.objects.filter(
        role__in=sorted(TEAM_ROLES), team__isnull=False
    ).values_list("user_id", "team_id"):
        teams[user_id].add(team_id)
    rows = AccessLog.objects.filter(viewed_at__gte=since, kind__in=OPENED).values_list(
        "user_id", "child_id", "viewed_at", "child__team_id", "child__restricted"
    )
    return [
        Access(
            user=user,
            child=child,
            at=timezone.localtime(at),
            outside_team=(team not in teams[user]) if user in teams else None,
            restricted=restricted,
        )
        for user, child, at, team, restricted in rows
    ]


def unusual_access_now(now: dt.datetime | None = None) -> list[Flag]:
    rules = rules_from_settings()
    now = timezone.localtime(now or timezone.now())
    return unusual_access(accesses_since(now - dt.timedelta(days=rules.window_days)), now, rules)
