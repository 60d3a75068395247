"""Reads of the child's record: search, the summary at the top of the record, and the
police panel's children.

Views call these and render what they return; nothing here writes. Who may see
which child is decided in :mod:`childfirst.casework.permissions`; every function
that lists children starts from :func:`children_visible_to`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone

from childfirst.accounts.models import User
from childfirst.casework.models import (
    AccommodationEpisode,
    Assessment,
    CareEpisode,
    Child,
    EteEpisode,
    HealthEpisode,
    Intervention,
    InterventionStatus,
    Outcome,
    PillarAnalysis,
    Plan,
    SendRecord,
    Victim,
    WorkStatus,
)
from childfirst.casework.permissions import children_visible_to
from childfirst.casework.references import search_digits
from childfirst.domain.pillars import Pillar

PAGE_SIZE = 25


# --- search ------------------------------------------------------------------------------


def _open_interventions() -> Prefetch:
    return Prefetch(
        "interventions",
        queryset=Intervention.objects.filter(status=InterventionStatus.OPEN)
        .select_related("outcome__outcome_type", "case_manager")
        .order_by("-start", "-pk"),
        to_attr="open_interventions",
    )


def search_children(user: User, query: str = "") -> QuerySet[Child]:
    """Children ``user`` may see whose name or reference matches ``query``.

    Each word of the query must start or appear inside the first, last or
    preferred name (any order, any case), or the whole query inside the
    reference ("000123", "cf-000123"). An empty query lists every child the
    person may see, by surname. Each child carries ``open_interventions``.
    """
    children = children_visible_to(user).select_related("team")
    query = " ".join(query.split())
    if query:
        by_name = Q()
        for word in query.split(" "):
            by_name &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(preferred_name__icontains=word)
            )
        by_reference = Q(reference__icontains=query)
        # "cf 123", "CF000123" and "123" all find CF-000123.
        digits = search_digits(query)
        if digits is not None:
            by_reference |= Q(reference__icontains=digits)
        children = children.filter(by_name | by_reference)
    return children.prefetch_related(_open_interventions()).order_by(
        "last_name", "first_name", "reference"
    )


# --- the summary ----------------------------------------------------------------------------


@dataclass
class ChildSummary:
    """What the top of the child's record shows."""

    child: Child
    age: int
    current_intervention: Intervention | None
    current_outcome: Outcome | None
    latest_assessment: Assessment | None
    risk_analyses: list[PillarAnalysis]
    latest_plan: Plan | None
    victims: list[Victim]
    care_episodes: list[CareEpisode]
    accommodation: AccommodationEpisode | None
    ete: EteEpisode | None
    send: SendRecord | None
    health: list[HealthEpisode]
    awaiting_oversight: int
    returned: int
    restricted_to: list[Any] = field(default_factory=list)
    open_interventions: list[Intervention] = field(default_factory=list)


def _current(episodes: Iterable[Any], today: dt.date) -> list[Any]:
    return [e for e in episodes if e.start <= today and (e.end is None or e.end >= today)]


def child_summary(child: Child, today: dt.date | None = None) -> ChildSummary:
    """Who the child is, the current outcome and intervention, the latest ratings,
    risks, victims and care status."""
    today = today or timezone.localdate()
    interventions = list(
        child.interventions.select_related("outcome__outcome_type", "case_manager", "team")
    )
    open_interventions = [i for i in interventions if i.status == InterventionStatus.OPEN]
    current = open_interventions[0] if open_interventions else None
    outcomes = list(child.outcomes.select_related("outcome_type").order_by("-date", "-pk")[:1])
    current_outcome = (current.outcome if current and current.outcome_id else None) or (
        outcomes[0] if outcomes else None
    )
    assessment = child.assessments.select_related("author").order_by("-started", "-pk").first()
    risk_analyses: list[PillarAnalysis] = []
    if assessment is not None:
        risk_analyses = sorted(
            (
                p
                for p in assessment.pillars.all()
                if p.pillar in (Pillar.SAFETY_AND_WELLBEING, Pillar.RISK_OF_HARM)
                and p.analysis.strip()
            ),
            key=lambda p: p.pillar,
        )
    plan = child.plans.order_by("-created_at", "-pk").first()
    work_statuses = [
        *child.assessments.values_list("status", flat=True),
        *child.plans.values_list("status", flat=True),
        *child.reviews.values_list("status", flat=True),
    ]
    episodes = list(child.care_episodes.all())
    current_care = _current(episodes, today)
    accommodation = _current(child.accommodation.select_related("accommodation_type"), today)
    ete = _current(child.ete.select_related("provision_type"), today)
    return ChildSummary(
        child=child,
        age=child.age_on(today),
        current_intervention=current,
        current_outcome=current_outcome,
        latest_assessment=assessment,
        risk_analyses=risk_analyses,
        latest_plan=plan,
        victims=list(child.victims.prefetch_related("offences__offence_type").order_by("name")),
        care_episodes=current_care,
        accommodation=accommodation[0] if accommodation else None,
        ete=ete[0] if ete else None,
        send=child.send_records.first(),
        health=_current(child.health_episodes.all(), today),
        awaiting_oversight=work_statuses.count(WorkStatus.SUBMITTED),
        returned=work_statuses.count(WorkStatus.RETURNED),
        restricted_to=list(child.restricted_to.order_by("last_name", "first_name"))
        if child.restricted
        else [],
        open_interventions=open_interventions,
    )


# --- the police panel -------------------------------------------------------------------


def panel_children(user: User) -> QuerySet[Child]:
    """Children with an out-of-court case referred to the joint decision-making panel
    that ``user`` may see."""
    return (
        children_visible_to(user)
        .filter(interventions__referred_to_panel=True)
        .annotate(panel_date=Max("interventions__panel_date"))
        .order_by("last_name", "first_name", "pk")
    )
