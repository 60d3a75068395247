"""Unusual access to children's records: the three rules a service manager's list applies
to the access log.

These are ChildFirst's own rules (no body publishes them), kept here, free of Django, so
they can be read and tested by hand. Each reads plain :class:`Access` rows (one record
opened: viewed or exported, never merely named in a list) and returns :class:`Flag`\\ s.

1. **Outside the team**: an account opening at least ``outside_team_records`` different
   children's records outside its own team(s) in the last ``window_days`` days. Only
   accounts that hold a team role are judged (service-wide roles open every team's
   records as their work).
2. **Restricted record**: every opening of a restricted record in the window, whoever
   opened it.
3. **Out-of-hours burst**: at least ``out_of_hours_views`` records opened by one account
   within one hour, outside working hours (``working_hours`` = (start, end) in whole hours,
   Monday to Friday; evenings, nights and weekends are out of hours).

The settings are ``CHILDFIRST_UNUSUAL_OUTSIDE_TEAM_RECORDS``,
``CHILDFIRST_UNUSUAL_WINDOW_DAYS``, ``CHILDFIRST_WORKING_HOURS`` and
``CHILDFIRST_UNUSUAL_OUT_OF_HOURS_VIEWS``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

OUTSIDE_TEAM = "outside_team"
RESTRICTED = "restricted"
OUT_OF_HOURS = "out_of_hours"

RULE_TITLES = {
    OUTSIDE_TEAM: "Many records outside the account's own teams",
    RESTRICTED: "A restricted record opened",
    OUT_OF_HOURS: "A burst of records opened out of hours",
}


@dataclass(frozen=True)
class Rules:
    outside_team_records: int = 10
    window_days: int = 7
    working_hours: tuple[int, int] = (8, 18)
    out_of_hours_views: int = 20


@dataclass(frozen=True)
class Access:
    """One record opened: by whom, which child, when (local time), and whether the child
    is outside the account's teams (None: the account holds no team role) and restricted."""

    user: int
    child: int
    at: dt.datetime
    outside_team: bool | None = False
    restricted: bool = False


@dataclass(frozen=True)
class Flag:
    rule: str
    user: int
    start: dt.datetime
    end: dt.datetime
    count: int
    children: tuple[int, ...]

    @property
    def title(self) -> str:
        return RULE_TITLES[self.rule]


def in_window(accesses: Iterable[Access], now: dt.datetime, rules: Rules) -> list[Access]:
    since = now - dt.timedelta(days=rules.window_days)
    return sorted((a for a in accesses if since <= a.at <= now), key=lambda a: a.at)


def outside_team(accesses: Iterable[Access], now: dt.datetime, rules: Rules) -> list[Flag]:
    by_user: dict[int, list[Access]] = defaultdict(list)
    for access in in_window(accesses, now, rules):
        if access.outside_team:
            by_user[access.user].append(access)
    flags = []
    for user, rows in sorted(by_user.items()):
        children = sorted({a.child for a in rows})
        if len(children) >= rules.outside_team_records:
            flags.append(
                Flag(OUTSIDE_TEAM, user, rows[0].at, rows[-1].at, len(children), tuple(children))
            )
    return flags


def restricted(accesses: Iterable[Access], now: dt.datetime, rules: Rules) -> list[Flag]:
    return [
        Flag(RESTRICTED, a.user, a.at, a.at, 1, (a.child,))
        for a in in_window(accesses, now, rules)
        if a.restricted
    ]


def out_of_hours(at: dt.datetime, rules: Rules) -> bool:
    start, end = rules.working_hours
    return at.weekday() >= 5 or not (start <= at.hour < end)


def out_of_hours_bursts(accesses: Iterable[Access], now: dt.datetime, rules: Rules) -> list[Flag]:
    """Each account's out-of-hours openings, in runs where at least the threshold fall
    within one hour of the run's first: one flag a run (the longest, from each start not
    already inside a flagged run)."""
    by_user: dict[int, list[Access]] = defaultdict(list)
    for access in in_window(accesses, now, rules):
        if out_of_hours(access.at, rules):
            by_user[access.user].append(access)
    hour = dt.timedelta(hours=1)
    flags = []
    for user, rows in sorted(by_user.items()):
        i = 0
        while i < len(rows):
            j = i
            while j + 1 < len(rows) and rows[j + 1].at - rows[i].at < hour:
                j += 1
            count = j - i + 1
            if count >= rules.out_of_hours_views:
                burst = rows[i : j + 1]
                children = tuple(sorted({a.child for a in burst}))
                flags.append(Flag(OUT_OF_HOURS, user, burst[0].at, burst[-1].at, count, children))
                i = j + 1
            else:
                i += 1
    return flags


def unusual_access(accesses: Iterable[Access], now: dt.datetime, rules: Rules) -> list[Flag]:
    """Every flag of the three rules, newest first."""
    rows = list(accesses)
    flags = [
        *outside_team(rows, now, rules),
        *restricted(rows, now, rules),
        *out_of_hours_bursts(rows, now, rules),
    ]
    return sorted(flags, key=lambda f: (f.end, f.rule), reverse=True)
