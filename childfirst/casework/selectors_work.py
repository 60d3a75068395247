"""Reading casework for the caseload, the team page, the oversight queue and the home pages.

The caseload is worked out in bulk: one query each for the interventions, the
assessments, plans, reviews, last contacts and managers' returns of every child
on it, then the rules in :mod:`childfirst.casework.deadlines` in Python, so a
caseload (or a whole team's) costs the same handful of queries at any size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import CharField, Count, Max, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone

from childfirst.accounts.models import Role, Team
from childfirst.casework import deadlines
from childfirst.casework.deadlines import Policy, Urgency
from childfirst.casework.models import (
    Assessment,
    Child,
    Contact,
    ContactOutcome,
    Intervention,
    InterventionLevel,
    InterventionStatus,
    Oversight,
    OversightDecision,
    Plan,
    Review,
    WorkStatus,
)
from childfirst.casework.permissions import children_visible_to

CASELOAD_PAGE_SIZE = 25
QUEUE_PAGE_SIZE = 25

#: The three kinds of overseen work, by the name used in URLs and Oversight's columns.
WORK_MODELS: dict[str, type[Assessment] | type[Plan] | type[Review]] = {
    "assessment": Assessment,
    "plan": Plan,
    "review": Review,
}

LEVEL_ORDER = [InterventionLevel.STANDARD, InterventionLevel.ENHANCED, InterventionLevel.INTENSIVE]


def work_url(kind: str, reference: str, pk: int) -> str:
    return reverse(f"casework:{kind}", args=[reference, pk])


def work_kind(work: Any) -> str:
    return str(work._meta.model_name)


# --- the caseload -----------------------------------------------------------------------


class ItemKind:
    ASSESSMENT = "assessment"
    PLAN = "plan"
    REVIEW = "review"
    CONTACT = "contact"
    RETURNED = "returned"
    DRAFT = "draft"
    AWAITING = "awaiting"


@dataclass(frozen=True)
class DueItem:
    """One thing on a child's line of the caseload."""

    kind: str
    label: str
    urgency: Urgency | None = None
    due: dt.date | None = None
    url: str = ""
    comments: str = ""
    by: str = ""

    @property
    def overdue(self) -> bool:
        return self.urgency == Urgency.OVERDUE

    @property
    def due_soon(self) -> bool:
        return self.urgency == Urgency.DUE_SOON


@dataclass
class CaseloadRow:
    intervention: Intervention
    items: list[DueItem] = field(default_factory=list)

    @property
    def child(self) -> Child:
        return self.intervention.child

    @property
    def overdue(self) -> list[DueItem]:
        return [i for i in self.items if i.overdue]

    @property
    def has_overdue(self) -> bool:
        return any(i.overdue for i in self.items)

    @property
    def returned(self) -> list[DueItem]:
        return [i for i in self.items if i.kind == ItemKind.RETURNED]

    @property
    def needs_attention(self) -> bool:
        return any(i.overdue or i.due_soon or i.kind == ItemKind.RETURNED for i in self.items)


@dataclass(frozen=True)
class _Work:
    """The little the caseload needs of an assessment, plan or review."""

    kind: str
    pk: int
    child_id: int
    intervention_id: int | None
    on: dt.date
    status: str
    completed: dt.date | None = None
    review_due: dt.date | None = None


def _relevant(work: _Work, intervention: Intervention) -> bool:
    """Work for this intervention, or for the child and done since it started."""
    if work.intervention_id is not None:
        return work.intervention_id == intervention.pk
    return work.on >= intervention.start


def _load_work(child_ids: list[int]) -> dict[int, list[_Work]]:
    by_child: dict[int, list[_Work]] = defaultdict(list)
    for row in Assessment.objects.filter(child_id__in=child_ids).values(
        "pk", "child_id", "intervention_id", "started", "completed", "status"
    ):
        by_child[row["child_id"]].append(
            _Work(
                "assessment",
                row["pk"],
                row["child_id"],
                row["intervention_id"],
                row["started"],
                row["status"],
                completed=row["completed"],
            )
        )
    for row in Plan.objects.filter(child_id__in=child_ids).values(
        "pk", "child_id", "intervention_id", "created_at", "status", "review_due"
    ):
        by_child[row["child_id"]].append(
            _Work(
                "plan",
                row["pk"],
                row["child_id"],
                row["intervention_id"],
                timezone.localdate(row["created_at"]),
                row["status"],
                review_due=row["review_due"],
            )
        )
    for row in Review.objects.filter(child_id__in=child_ids).values(
        "pk", "child_id", "intervention_id", "date", "status"
    ):
        by_child[row["child_id"]].append(
            _Work(
                "review",
                row["pk"],
                row["child_id"],
                row["intervention_id"],
                row["date"],
                row["status"],
            )
        )
    return by_child


def _latest_returns(works: list[_Work]) -> dict[tuple[str, int], Oversight]:
    """The most recent return of each returned piece of work, with its comments."""
    returned = [w for w in works if w.status == WorkStatus.RETURNED]
    if not returned:
        return {}
    query = Q()
    for kind in WORK_MODELS:
        ids = [w.pk for w in returned if w.kind == kind]
        if ids:
            query |= Q(**{f"{kind}_id__in": ids})
    latest: dict[tuple[str, int], Oversight] = {}
    for oversight in (
        Oversight.objects.filter(query, decision=OversightDecision.RETURNED)
        .select_related("manager")
        .order_by("-decided_at", "-pk")
    ):
        kind = next(k for k in WORK_MODELS if getattr(oversight, f"{k}_id"))
        latest.setdefault((kind, getattr(oversight, f"{kind}_id")), oversight)
    return latest


def _last_contacts(child_ids: list[int], today: dt.date) -> dict[int, dt.date]:
    rows = (
        Contact.objects.filter(
            child_id__in=child_ids, outcome=ContactOutcome.ATTENDED, date__lte=today
        )
        .values("child_id")
        .annotate(last=Max("date"))
    )
    return {row["child_id"]: row["last"] for row in rows}


def _items_for(
    intervention: Intervention,
    works: list[_Work],
    last_contact: dt.date | None,
    returns: dict[tuple[str, int], Oversight],
    today: dt.date,
    policy: Policy,
) -> list[DueItem]:
    reference = intervention.child.reference
    holidays = policy.holidays
    soon = policy.due_soon_days
    items: list[DueItem] = []
    mine = [w for w in works if _relevant(w, intervention)]

    def latest(kind: str, *, drafts: bool = True) -> _Work | None:
        candidates = [
            w for w in mine if w.kind == kind and (drafts or w.status != WorkStatus.DRAFT)
        ]
        return max(candidates, key=lambda w: (w.on, w.pk), default=None)

    # Returned by a manager, awaiting oversight, or still a draft.
    for work in sorted(mine, key=lambda w: (w.on, w.pk)):
        url = work_url(work.kind, reference, work.pk)
        name = work.kind.capitalize()
        if work.status == WorkStatus.RETURNED:
            oversight = returns.get((work.kind, work.pk))
            items.append(
                DueItem(
                    ItemKind.RETURNED,
                    f"{name} returned for changes",
                    url=url,
                    comments=oversight.comments if oversight else "",
                    by=str(oversight.manager) if oversight else "",
                )
            )
        elif work.status == WorkStatus.SUBMITTED:
            items.append(DueItem(ItemKind.AWAITING, f"{name} awaiting oversight", url=url))
        elif work.status == WorkStatus.DRAFT:
            items.append(DueItem(ItemKind.DRAFT, f"Draft {work.kind}", url=url))

    # The assessment: completed within N working days of starting it.
    assessment = latest("assessment")
    if assessment is None:
        due = deadlines.assessment_due(intervention.start, policy.assessment_working_days, holidays)
        label = "Assessment not started"
        url = ""
    elif assessment.completed is None:
        due = deadlines.assessment_due(assessment.on, policy.assessment_working_days, holidays)
        label = "Assessment not completed"
        url = work_url("assessment", reference, assessment.pk)
    else:
        due = None
    if due is not None:
        level = deadlines.urgency(due, today, soon)
        if level != Urgency.NOT_YET_DUE:
            items.append(DueItem(ItemKind.ASSESSMENT, label, level, due, url))

    # The plan, then its reviews.
    plan = latest("plan", drafts=False)
    if plan is None:
        due = deadlines.plan_due(intervention.start, policy.plan_working_days, holidays)
        level = deadlines.urgency(due, today, soon)
        if level != Urgency.NOT_YET_DUE:
            items.append(DueItem(ItemKind.PLAN, "Plan not in place", level, due))
    else:
        review = latest("review", drafts=False)
        due = deadlines.review_due(
            plan.on,
            policy.review_months,
            last_review=review.on if review else None,
            plan_review_date=plan.review_due,
        )
        level = deadlines.urgency(due, today, soon)
        if level != Urgency.NOT_YET_DUE:
            items.append(DueItem(ItemKind.REVIEW, "Review of the plan", level, due))

    # Contact at the level's interval.
    interval = deadlines.contact_interval(intervention.level, policy.contact_interval_days)
    due = deadlines.contact_due(last_contact, intervention.start, interval)
    if today > due:
        since = (
            f"No contact since {last_contact.day} {last_contact:%B %Y}"
            if last_contact and last_contact >= intervention.start
            else "No contact since the intervention started"
        )
        items.append(
            DueItem(
                ItemKind.CONTACT,
                f"{since} ({intervention.get_level_display().lower()}: "
                f"at least every {interval} days)",
                Urgency.OVERDUE,
                due,
            )
        )
    return items


def caseload_rows(
    interventions: QuerySet[Intervention],
    today: dt.date | None = None,
    policy: Policy | None = None,
) -> list[CaseloadRow]:
    """What is due, overdue, returned or in draft for each of ``interventions``, those
    needing attention first (overdue, then due soon or returned), then by child's name."""
    today = today or timezone.localdate()
    policy = policy or Policy.from_settings()
    interventions_list = list(
        interventions.select_related("child", "case_manager", "outcome__outcome_type")
    )
    child_ids = sorted({i.child_id for i in interventions_list})
    works = _load_work(child_ids)
    returns = _latest_returns([w for ws in works.values() for w in ws])
    contacts = _last_contacts(child_ids, today)
    rows = [
        CaseloadRow(
            intervention,
            _items_for(
                intervention,
                works.get(intervention.child_id, []),
                contacts.get(intervention.child_id),
                returns,
                today,
                policy,
            ),
        )
        for intervention in interventions_list
    ]

    def order(row: CaseloadRow) -> tuple[int, str, str, int]:
        rank = 0 if row.has_overdue else 1 if row.needs_attention else 2
        return (
            rank,
            row.child.last_name.lower(),
            row.child.first_name.lower(),
            row.intervention.pk,
        )

    return sorted(rows, key=order)


def open_caseload(user: Any) -> QuerySet[Intervention]:
    """The open interventions ``user`` manages, for children whose records they may open."""
    return Intervention.objects.filter(
        case_manager=user,
        status=InterventionStatus.OPEN,
        child__in=children_visible_to(user),
    )


def caseload_for(user: Any, today: dt.date | None = None) -> list[CaseloadRow]:
    return caseload_rows(open_caseload(user), today)


def caseload_page(user: Any, page_number: Any, today: dt.date | None = None) -> Page:
    return Paginator(caseload_for(user, today), CASELOAD_PAGE_SIZE).get_page(page_number)


@dataclass(frozen=True)
class CaseloadSummary:
    interventions: int
    children: int
    overdue: int
    returned: int
    drafts: int


def caseload_summary(user: Any, today: dt.date | None = None) -> CaseloadSummary:
    rows = caseload_for(user, today)
    return CaseloadSummary(
        interventions=len(rows),
        children=len({r.child.pk for r in rows}),
        overdue=sum(1 for r in rows if r.has_overdue),
        returned=sum(len(r.returned) for r in rows),
        drafts=sum(1 for r in rows for i in r.items if i.kind == ItemKind.DRAFT),
    )


# --- the team ---------------------------------------------------------------------------


@dataclass
class PractitionerLoad:
    case_manager: Any
    by_level: dict[str, int]
    children_overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_level.values())

    @property
    def counts(self) -> list[int]:
        return [self.by_level.get(level, 0) for level in LEVEL_ORDER]


@dataclass
class TeamLoad:
    team: Any
    practitioners: list[PractitionerLoad]

    @property
    def totals(self) -> list[int]:
        return [sum(p.counts[i] for p in self.practitioners) for i in range(len(LEVEL_ORDER))]

    @property
    def total(self) -> int:
        return sum(p.total for p in self.practitioners)

    @property
    def children_overdue(self) -> int:
        return sum(p.children_overdue for p in self.practitioners)


def managed_team_ids(user: Any) -> set[int]:
    return user.teams_as(Role.TEAM_MANAGER)


def team_caseloads(user: Any, today: dt.date | None = None) -> list[TeamLoad]:
    """For each team ``user`` manages: each case manager's open interventions by level,
    and how many of their children have something overdue."""
    team_ids = managed_team_ids(user)
    interventions = Intervention.objects.filter(
        team_id__in=team_ids, status=InterventionStatus.OPEN
    )
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for row in interventions.values("team_id", "case_manager_id", "level").annotate(n=Count("pk")):
        counts[(row["team_id"], row["case_manager_id"])][row["level"]] = row["n"]
    overdue: dict[tuple[int, int], set[int]] = defaultdict(set)
    for row in caseload_rows(interventions, today):
        if row.has_overdue:
            key = (row.intervention.team_id, row.intervention.case_manager_id)
            overdue[key].add(row.child.pk)
    people = get_user_model().objects.in_bulk({cm for _, cm in counts})
    loads = []
    for team in Team.objects.filter(pk__in=team_ids).order_by("name"):
        practitioners = [
            PractitionerLoad(people[cm], by_level, len(overdue.get((team.pk, cm), ())))
            for (team_id, cm), by_level in counts.items()
            if team_id == team.pk
        ]
        practitioners.sort(
            key=lambda p: (p.case_manager.last_name.lower(), p.case_manager.first_name.lower())
        )
        loads.append(TeamLoad(team, practitioners))
    return loads


# --- the oversight queue ----------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    kind: str
    work: Any
    own: bool

    @property
    def child(self) -> Child:
        return self.work.child

    @property
    def label(self) -> str:
        return self.kind.capitalize()


def _queue(user: Any) -> QuerySet[Any]:
    teams = managed_team_ids(user)
    visible = children_visible_to(user).values("pk")
    parts = [
        model.objects.filter(
            status=WorkStatus.SUBMITTED, child__team_id__in=teams, child__in=visible
        )
        .annotate(work_kind=Value(kind, output_field=CharField()))
        .values_list("work_kind", "pk", "submitted_at")
        .order_by()
        for kind, model in WORK_MODELS.items()
    ]
    return parts[0].union(*parts[1:], all=True)


def oversight_queue_count(user: Any) -> int:
    """How many assessments, plans and reviews of ``user``'s teams await oversight."""
    return sum(
        model.objects.filter(
            status=WorkStatus.SUBMITTED,
            child__team_id__in=managed_team_ids(user),
            child__in=children_visible_to(user).values("pk"),
        ).count()
        for model in WORK_MODELS.values()
    )


def oversight_queue_page(user: Any, page_number: Any) -> Page:
    """The work of ``user``'s teams awaiting oversight, oldest submission first."""
    queue = _queue(user).order_by("submitted_at", "pk")
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(page_number)
    keys = list(page.object_list)
    loaded: dict[tuple[str, int], Any] = {}
    for kind, model in WORK_MODELS.items():
        ids = [pk for k, pk, _ in keys if k == kind]
        for work in model.objects.filter(pk__in=ids).select_related("child", "author"):
            loaded[(kind, work.pk)] = work
    page.object_list = [
        QueueItem(kind, loaded[(kind, pk)], loaded[(kind, pk)].author_id == user.pk)
        for kind, pk, _ in keys
        if (kind, pk) in loaded
    ]
    return page


# --- one piece of work, and a child's work ----------------------------------------------


def oversight_history(work: Any) -> list[Oversight]:
    return list(work.oversight.select_related("manager").order_by("-decided_at", "-pk"))


def latest_return(work: Any) -> Oversight | None:
    if work.status != WorkStatus.RETURNED:
        return None
    return (
        work.oversight.filter(decision=OversightDecision.RETURNED)
        .select_related("manager")
        .order_by("-decided_at", "-pk")
        .first()
    )


def assessment_with_pillars(pk: int, child: Child) -> Assessment:
    return (
        Assessment.objects.select_related("child", "author", "intervention")
        .prefetch_related("pillars")
        .get(pk=pk, child=child)
    )


def plan_with_actions(pk: int, child: Child) -> Plan:
    return (
        Plan.objects.select_related("child", "author", "intervention")
        .prefetch_related("actions")
        .get(pk=pk, child=child)
    )


def review_for(pk: int, child: Child) -> Review:
    return Review.objects.select_related("child", "author", "intervention").get(pk=pk, child=child)


def open_interventions(child: Child) -> QuerySet[Intervention]:
    return child.interventions.filter(status=InterventionStatus.OPEN).select_related(
        "outcome__outcome_type"
    )


@dataclass(frozen=True)
class ChildWork:
    assessments: list[Assessment]
    plans: list[Plan]
    reviews: list[Review]
    returns: dict[tuple[str, int], Oversight]

    @property
    def awaiting(self) -> list[Any]:
        return [w for w in self.all if w.status == WorkStatus.SUBMITTED]

    @property
    def returned(self) -> list[tuple[Any, Oversight | None]]:
        return [
            (w, self.returns.get((work_kind(w), w.pk)))
            for w in self.all
            if w.status == WorkStatus.RETURNED
        ]

    @property
    def all(self) -> list[Any]:
        return [*self.assessments, *self.plans, *self.reviews]


def work_for_child(child: Child) -> ChildWork:
    """A child's assessments, plans and reviews, newest first, with the latest returns."""
    assessments = list(child.assessments.select_related("author"))
    plans = list(child.plans.select_related("author"))
    reviews = list(child.reviews.select_related("author"))
    works = [
        _Work(work_kind(w), w.pk, child.pk, w.intervention_id, dt.date.min, w.status)
        for w in [*assessments, *plans, *reviews]
    ]
    return ChildWork(assessments, plans, reviews, _latest_returns(works))


# --- the police panel -------------------------------------------------------------------


def panel_children(user: Any) -> QuerySet[Child]:
    """Children with an out-of-court case referred to the joint decision-making panel
    that ``user`` may see."""
    return (
        children_visible_to(user)
        .filter(interventions__referred_to_panel=True)
        .annotate(panel_date=Max("interventions__panel_date"))
        .order_by("last_name", "first_name", "pk")
    )
