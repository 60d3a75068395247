"""Contacts and appointments: the child's planned appointments (those not recorded yet
first), the next one, and the missed contacts still waiting for an enforcement decision.

Each read has a form for one child (the record page) and one for many children at once
(the caseload: one query for every child on it, whatever its length). The rules of
when an appointment is overdue are in :mod:`childfirst.casework.deadlines`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from childfirst.casework.models import (
    Appointment,
    AppointmentStatus,
    Child,
    Contact,
    ContactOutcome,
    InterventionStatus,
)


def local_now(now: dt.datetime | None = None) -> dt.datetime:
    """``now`` (the clock if not given) as local wall-clock time, without a time zone, to
    compare with an appointment's date and time."""
    moment = now or timezone.now()
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None)


@dataclass(frozen=True)
class Planned:
    """A planned appointment, and whether it is overdue: its time has passed and nobody
    has recorded what happened."""

    appointment: Appointment
    not_recorded: bool


def _planned(appointments: Iterable[Appointment], now: dt.datetime) -> list[Planned]:
    """Those not recorded yet first, oldest first; then the upcoming ones, soonest first."""
    found = [Planned(a, a.not_recorded_by(now)) for a in appointments]
    return sorted(found, key=lambda p: (not p.not_recorded, p.appointment.date, p.appointment.time))


def _planned_query() -> QuerySet[Appointment]:
    return Appointment.objects.filter(status=AppointmentStatus.PLANNED).order_by(
        "date", "time", "pk"
    )


def planned_appointments(child: Child, now: dt.datetime | None = None) -> list[Planned]:
    """The child's planned appointments: not recorded yet first, then upcoming."""
    query = _planned_query().filter(child=child).select_related("intervention")
    return _planned(query, local_now(now))


def planned_by_child(
    child_ids: Iterable[int], now: dt.datetime | None = None, *, passed_only: bool = False
) -> dict[int, list[Planned]]:
    """Every planned appointment of each of ``child_ids``, in one query; with
    ``passed_only``, only those that may be overdue already (dated today or before)."""
    found: dict[int, list[Appointment]] = defaultdict(list)
    query = _planned_query().filter(child_id__in=list(child_ids))
    if passed_only:
        query = query.filter(date__lte=local_now(now).date())
    for appointment in query:
        found[appointment.child_id].append(appointment)
    moment = local_now(now)
    return {child_id: _planned(appointments, moment) for child_id, appointments in found.items()}


def next_appointment(planned: Iterable[Planned]) -> Appointment | None:
    """The soonest appointment that has not yet ended."""
    upcoming = [p.appointment for p in planned if not p.not_recorded]
    return min(upcoming, key=lambda a: (a.date, a.time, a.pk), default=None)


def _awaiting_enforcement() -> QuerySet[Contact]:
    """Contacts the child did not attend with no enforcement decision yet, for an open
    intervention or for none (a missed contact of an intervention that has ended needs no
    decision any more)."""
    return (
        Contact.objects.filter(outcome=ContactOutcome.DID_NOT_ATTEND, enforcement__isnull=True)
        .filter(Q(intervention__isnull=True) | Q(intervention__status=InterventionStatus.OPEN))
        .order_by("date", "pk")
    )


def awaiting_enforcement(child: Child) -> list[Contact]:
    """The child's missed contacts waiting for the case manager to decide on enforcement."""
    return list(_awaiting_enforcement().filter(child=child))


def awaiting_enforcement_by_child(child_ids: Iterable[int]) -> dict[int, list[Contact]]:
    """:func:`awaiting_enforcement` for each of ``child_ids``, in one query."""
    found: dict[int, list[Contact]] = defaultdict(list)
    for contact in _awaiting_enforcement().filter(child_id__in=list(child_ids)):
        found[contact.child_id].append(contact)
    return dict(found)
