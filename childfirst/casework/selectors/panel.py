"""Reads for the out-of-court joint decision panel: the referrals a person may see, sorted
as the panel works through them, and the pack the panel reads for each.

Who sees which referral is decided in :mod:`childfirst.casework.permissions`
(:func:`panel_referrals_visible_to`); every function here starts from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, QuerySet

from childfirst.casework.models import (
    Assessment,
    AssessmentKind,
    Child,
    Intervention,
    Offence,
    Outcome,
    PillarAnalysis,
    Victim,
    WorkStatus,
)
from childfirst.casework.permissions import panel_recent_days, panel_referrals_visible_to
from childfirst.domain import gravity
from childfirst.domain.periods import age_on
from childfirst.domain.pillars import Pillar


@dataclass(frozen=True)
class PanelLists:
    """The panel's referrals: panels to come, referrals past their panel date (or with
    none set) still awaiting a decision, and recent decisions."""

    upcoming: list[Intervention]
    awaiting: list[Intervention]
    decided: list[Intervention]
    recent_days: int

    @property
    def children(self) -> set[int]:
        """The ids of the children the lists name (for the access log)."""
        return {r.child_id for r in (*self.upcoming, *self.awaiting, *self.decided)}

    @property
    def empty(self) -> bool:
        return not (self.upcoming or self.awaiting or self.decided)

    @property
    def sections(self) -> list[tuple[str, list[Intervention], str, str]]:
        """(heading, referrals, what to say if there are none, kind) for each list."""
        return [
            (
                "Upcoming panels",
                self.upcoming,
                "No panels are booked for these referrals.",
                "upcoming",
            ),
            (
                "Awaiting a decision",
                self.awaiting,
                "Every referral whose panel has met has a decision.",
                "awaiting",
            ),
            (
                f"Decided in the last {self.recent_days} days",
                self.decided,
                f"No decisions in the last {self.recent_days} days.",
                "decided",
            ),
        ]


def _with_what_the_lists_show(referrals: QuerySet[Intervention]) -> QuerySet[Intervention]:
    return referrals.select_related("child", "outcome__outcome_type")


def panel_lists(user: object, today: dt.date) -> PanelLists:
    """The referrals ``user`` may see, in the order the panel meets them: upcoming panels
    soonest first; awaiting a decision oldest first (no date set last); decisions made at
    a panel in the last ``CHILDFIRST_PANEL_RECENT_DAYS`` days, newest first."""
    referrals = _with_what_the_lists_show(panel_referrals_visible_to(user, today))
    undecided = referrals.filter(panel_decision="")
    days = panel_recent_days()
    return PanelLists(
        upcoming=list(
            undecided.filter(panel_date__gte=today).order_by("panel_date", "child__last_name", "pk")
        ),
        awaiting=list(
            undecided.exclude(panel_date__gte=today).order_by(
                F("panel_date").asc(nulls_last=True), "start", "pk"
            )
        ),
        decided=list(
            referrals.exclude(panel_decision="")
            .filter(panel_date__gte=today - dt.timedelta(days=days))
            .order_by("-panel_date", "-pk")
        ),
        recent_days=days,
    )


def panel_referral(user: object, reference: str, pk: int) -> Intervention | None:
    """The referral ``pk`` of the child ``reference``, if ``user`` may open its pack."""
    return (
        panel_referrals_visible_to(user)
        .select_related("child", "outcome__outcome_type", "case_manager", "team")
        .filter(pk=pk, child__reference=reference)
        .first()
    )


@dataclass(frozen=True)
class PanelPack:
    """What the panel reads before it decides (and what it decided)."""

    referral: Intervention
    child: Child
    age: int
    offences: list[Offence]
    previous_outcomes: list[Outcome]
    victims: list[Victim]
    assessment: Assessment | None
    assessment_summary: PillarAnalysis | None
    matrix: gravity.GravityScore | None
    departs_from_matrix: bool

    @property
    def decided(self) -> bool:
        return bool(self.referral.panel_decision)


def referred_offences(referral: Intervention) -> list[Offence]:
    """The offences the referral is for: its outcome's, once there is one; before that,
    the child's offences with no outcome yet, dated on or before the referral."""
    if referral.outcome_id:
        offences = referral.outcome.offences.all()
    else:
        offences = referral.child.offences.filter(outcomes__isnull=True, date__lte=referral.start)
    return list(offences.select_related("offence_type").order_by("-date", "-pk"))


def panel_pack(referral: Intervention, today: dt.date) -> PanelPack:
    child = referral.child
    offences = referred_offences(referral)
    previous = (
        child.outcomes.filter(date__lt=referral.start, overturned=False)
        .exclude(pk=referral.outcome_id)
        .select_related("outcome_type")
        .order_by("-date", "-pk")
    )
    victims = (
        Victim.objects.filter(child=child, offences__in=offences).distinct().order_by("name", "pk")
    )
    assessment = (
        Assessment.objects.filter(
            child=child,
            kind=AssessmentKind.PDAT,
            status__in=[WorkStatus.SUBMITTED, WorkStatus.COUNTERSIGNED],
        )
        .filter(intervention=referral)
        .order_by("-started", "-pk")
        .first()
    ) or (
        Assessment.objects.filter(
            child=child,
            kind=AssessmentKind.PDAT,
            intervention__isnull=True,
            status__in=[WorkStatus.SUBMITTED, WorkStatus.COUNTERSIGNED],
        )
        .order_by("-started", "-pk")
        .first()
    )
    summary = assessment.pillars.filter(pillar=Pillar.DESISTANCE).first() if assessment else None
    score = referral.panel_gravity_score
    matrix = gravity.gravity(score) if score else None
    return PanelPack(
        referral=referral,
        child=child,
        age=age_on(child.date_of_birth, today),
        offences=offences,
        previous_outcomes=list(previous),
        victims=list(victims),
        assessment=assessment,
        assessment_summary=summary,
        matrix=matrix,
        departs_from_matrix=bool(
            score
            and referral.panel_decision
            and gravity.departs_from_matrix(score, referral.panel_decision)
        ),
    )
