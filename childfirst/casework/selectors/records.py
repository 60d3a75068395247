"""Reads of the child's record: search, and the summary at the top of the record.

Views call these and render what they return; nothing here writes. Who may see
which child is decided in :mod:`childfirst.casework.permissions`; every function
that lists children starts from :func:`children_visible_to`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from childfirst.accounts.models import User
from childfirst.casework.models import (
    AccommodationEpisode,
    CareEpisode,
    Child,
    EteEpisode,
    HealthEpisode,
    Intervention,
    InterventionStatus,
    Outcome,
    Oversight,
    OversightDecision,
    PillarAnalysis,
    SendRecord,
    Victim,
    WorkStatus,
)
from childfirst.casework.permissions import children_visible_to
from childfirst.casework.references import search_digits
from childfirst.casework.selectors.loaded import related
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


_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_DATE_PATTERNS = (
    # 17/5/2008, 17-5-2008, 17.5.2008
    (re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b"), ("day", "month", "year")),
    # 2008-05-17
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), ("year", "month", "day")),
    # 17 May 2008, 17 may 2008
    (
        re.compile(rf"\b(\d{{1,2}}) ({'|'.join(_MONTHS)}) (\d{{4}})\b", re.IGNORECASE),
        ("day", "month", "year"),
    ),
)


def _date_in(query: str) -> tuple[dt.date | None, str]:
    """A date of birth typed in the query (17/5/2008, 2008-05-17, 17 May 2008), and the
    rest of the query."""
    for pattern, order in _DATE_PATTERNS:
        match = pattern.search(query)
        if not match:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = parts["month"]
        month_number = _MONTHS[month.lower()] if not month.isdigit() else int(month)
        try:
            day = dt.date(int(parts["year"]), month_number, int(parts["day"]))
        except ValueError:
            continue
        rest = " ".join((query[: match.start()] + " " + query[match.end() :]).split())
        return day, rest
    return None, query


def _by_identifier(query: str) -> Q:
    """The child whose PNC ID, UPN, NHS number or local authority ID is ``query``,
    however it was typed."""
    found = Q(pk__in=[])
    for name, rule in Child.IDENTIFIERS.items():
        try:
            found |= Q(**{name: rule(query)})
        except ValueError:
            continue
    return found


def search_children(user: User, query: str = "") -> QuerySet[Child]:
    """Children ``user`` may see who match ``query``.

    Each word of the query must start or appear inside the first, last or preferred
    name (any order, any case); or the whole query is inside the reference ("000123",
    "cf-000123") or is one of the child's identifiers (PNC ID, UPN, NHS number, local
    authority ID, however typed). A date of birth in the query (17/5/2008, 2008-05-17
    or 17 May 2008) narrows it to children born that day, alone or with a name. An
    empty query lists every child the person may see, by surname. Each child carries
    ``open_interventions``.
    """
    children = children_visible_to(user).select_related("team")
    query = " ".join(query.split())
    if query:
        born, words = _date_in(query)
        by_name = Q()
        for word in words.split(" ") if words else ():
            by_name &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(preferred_name__icontains=word)
            )
        if born is not None:
            children = children.filter(date_of_birth=born)
            if words:
                children = children.filter(by_name)
        else:
            by_reference = Q(reference__icontains=query)
            # "cf 123", "CF000123" and "123" all find CF-000123.
            digits = search_digits(query)
            if digits is not None:
                by_reference |= Q(reference__icontains=digits)
            children = children.filter(by_name | by_reference | _by_identifier(query))
    return children.prefetch_related(_open_interventions()).order_by(
        "last_name", "first_name", "reference"
    )


# --- possible duplicates -------------------------------------------------------------------


def possible_duplicates(data: Any, *, exclude: Child | None = None) -> QuerySet[Child]:
    """Other children with the same first and last name and date of birth as ``data``
    (a mapping of the child's fields), or sharing any of its identifiers."""
    same = Q(pk__in=[])
    first, last, born = data.get("first_name"), data.get("last_name"), data.get("date_of_birth")
    if first and last and born:
        same |= Q(
            first_name__iexact=first.strip(), last_name__iexact=last.strip(), date_of_birth=born
        )
    for name, rule in Child.IDENTIFIERS.items():
        value = data.get(name)
        if not value:
            continue
        try:
            same |= Q(**{name: rule(value)})
        except ValueError:
            continue  # not a valid identifier: the form says so
    found = Child.objects.filter(same).select_related("team")
    if exclude is not None and exclude.pk is not None:
        found = found.exclude(pk=exclude.pk)
    return found.order_by("last_name", "first_name", "reference")


# --- the summary ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Countersigned:
    """A piece of work a manager countersigned, and the day they did."""

    work: Any
    on: dt.date | None


@dataclass(frozen=True)
class InProgress:
    """An assessment, plan or review not yet countersigned (``kind`` names its page)."""

    kind: str
    work: Any

    @property
    def url_name(self) -> str:
        return f"casework:{self.kind}"


@dataclass
class ChildSummary:
    """What the top of the child's record shows.

    The current ratings, risks and contingencies come from the latest **countersigned**
    assessment and plan (and the last countersigned review): work still in draft,
    awaiting oversight or returned is listed in ``in_progress`` and never stands in
    for it."""

    child: Child
    age: int
    current_intervention: Intervention | None
    current_outcome: Outcome | None
    assessment: Countersigned | None
    risk_analyses: list[PillarAnalysis]
    plan: Countersigned | None
    review: Countersigned | None
    in_progress: list[InProgress]
    victims: list[Victim]
    care_episodes: list[CareEpisode]
    accommodation: AccommodationEpisode | None
    ete: EteEpisode | None
    send: SendRecord | None
    health: list[HealthEpisode]
    awaiting_oversight: int
    returned: int
    restricted_to: list[Any] = field(default_factory=list)
    #: Practitioners' requests to restrict the record, waiting for a manager.
    restriction_requests: list[Any] = field(default_factory=list)
    open_interventions: list[Intervention] = field(default_factory=list)


def _current(episodes: Iterable[Any], today: dt.date) -> list[Any]:
    return [e for e in episodes if e.start <= today and (e.end is None or e.end >= today)]


def _countersigned_work(child: Child) -> dict[str, Countersigned | None]:
    """The newest assessment, plan and review a manager countersigned, each with the day
    they did: the work from the child's (:func:`loaded.related`), the days in one query."""
    newest = {}
    for name, kind, when in (
        ("assessments", "assessment", "started"),
        ("plans", "plan", "created_at"),
        ("reviews", "review", "date"),
    ):
        done = [w for w in related(child, name) if w.status == WorkStatus.COUNTERSIGNED]
        newest[kind] = max(done, key=lambda w: (getattr(w, when), w.pk), default=None)
    which = Q(pk__in=[])
    for kind, work in newest.items():
        if work is not None:
            which |= Q(**{kind: work})
    decided: dict[str, Any] = {}
    if which != Q(pk__in=[]):
        for row in Oversight.objects.filter(which, decision=OversightDecision.COUNTERSIGNED).values(
            "assessment_id", "plan_id", "review_id", "decided_at"
        ):
            kind = next(k for k in newest if row[f"{k}_id"] is not None)
            decided[kind] = max(row["decided_at"], decided.get(kind, row["decided_at"]))
    return {
        kind: None
        if work is None
        else Countersigned(work, timezone.localdate(decided[kind]) if kind in decided else None)
        for kind, work in newest.items()
    }


def _in_progress(child: Child) -> list[InProgress]:
    """Work not yet countersigned: drafts, work awaiting oversight and returned work."""
    unfinished = (WorkStatus.DRAFT, WorkStatus.SUBMITTED, WorkStatus.RETURNED)

    def newest_first(name: str, when: str) -> list[Any]:
        works = [w for w in related(child, name) if w.status in unfinished]
        return sorted(works, key=lambda w: (getattr(w, when), w.pk), reverse=True)

    return [
        *(InProgress("assessment", a) for a in newest_first("assessments", "started")),
        *(InProgress("plan", p) for p in newest_first("plans", "created_at")),
        *(InProgress("review", r) for r in newest_first("reviews", "date")),
    ]


def child_summary(child: Child, today: dt.date | None = None) -> ChildSummary:
    """Who the child is, the current outcome and intervention, the ratings and risks of
    the latest countersigned assessment, the work in progress, victims and care status."""
    today = today or timezone.localdate()
    interventions = list(related(child, "interventions"))
    open_interventions = [i for i in interventions if i.status == InterventionStatus.OPEN]
    current = open_interventions[0] if open_interventions else None
    outcomes = sorted(related(child, "outcomes"), key=lambda o: (o.date, o.pk), reverse=True)[:1]
    current_outcome = (current.outcome if current and current.outcome_id else None) or (
        outcomes[0] if outcomes else None
    )
    countersigned = _countersigned_work(child)
    assessment = countersigned["assessment"]
    risk_analyses: list[PillarAnalysis] = []
    if assessment is not None:
        risk_analyses = sorted(
            (
                p
                for p in assessment.work.pillars.all()
                if p.pillar in (Pillar.SAFETY_AND_WELLBEING, Pillar.RISK_OF_HARM)
                and p.analysis.strip()
            ),
            key=lambda p: p.pillar,
        )
    in_progress = _in_progress(child)
    episodes = list(child.care_episodes.all())
    current_care = _current(episodes, today)
    accommodation = _current(related(child, "accommodation"), today)
    ete = _current(related(child, "ete"), today)
    return ChildSummary(
        child=child,
        age=child.age_on(today),
        current_intervention=current,
        current_outcome=current_outcome,
        assessment=assessment,
        risk_analyses=risk_analyses,
        plan=countersigned["plan"],
        review=countersigned["review"],
        in_progress=in_progress,
        victims=sorted(related(child, "victims"), key=lambda v: v.name),
        care_episodes=current_care,
        accommodation=accommodation[0] if accommodation else None,
        ete=ete[0] if ete else None,
        send=child.send_records.first(),
        health=_current(child.health_episodes.all(), today),
        awaiting_oversight=sum(1 for w in in_progress if w.work.status == WorkStatus.SUBMITTED),
        returned=sum(1 for w in in_progress if w.work.status == WorkStatus.RETURNED),
        restricted_to=list(child.restricted_to.order_by("last_name", "first_name"))
        if child.restricted
        else [],
        restriction_requests=list(
            child.restriction_requests.filter(outcome="").select_related("requested_by")
        ),
        open_interventions=open_interventions,
    )
