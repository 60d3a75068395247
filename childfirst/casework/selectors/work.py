"""Reading overseen work: assessments, plans and reviews, what each still needs before it
can go for oversight, the team manager's oversight queue, and a child's work.

Nothing here writes (``services.work`` does); every function that lists children's
work starts from :func:`~childfirst.casework.permissions.children_visible_to`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import CharField, DateField, DateTimeField, F, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from childfirst.accounts.models import Role, Team, User
from childfirst.casework.errors import Problem
from childfirst.casework.models import (
    Assessment,
    AssessmentKind,
    Child,
    Intervention,
    InterventionStatus,
    Oversight,
    OversightDecision,
    Plan,
    Review,
    WorkStatus,
)
from childfirst.casework.permissions import children_visible_to
from childfirst.domain.pillars import Pillar

QUEUE_PAGE_SIZE = 25

#: The three kinds of overseen work, by the name used in URLs and Oversight's columns.
WORK_MODELS: dict[str, type[Assessment] | type[Plan] | type[Review]] = {
    "assessment": Assessment,
    "plan": Plan,
    "review": Review,
}
OverseenWork = Assessment | Plan | Review
#: Work that can still be changed: a draft, or returned by a manager.
EDITABLE = (WorkStatus.DRAFT, WorkStatus.RETURNED)


def work_url(kind: str, reference: str, pk: int) -> str:
    return reverse(f"casework:{kind}", args=[reference, pk])


def work_kind(work: Any) -> str:
    return str(work._meta.model_name)


def draft_of(child: Child, model: type[OverseenWork]) -> OverseenWork | None:
    """The child's draft of this kind (an assessment, a plan or a review), if any: there
    is at most one at a time, carried on with until it is submitted or discarded."""
    return (
        model.objects.filter(child=child, status=WorkStatus.DRAFT)
        .select_related("author")
        .order_by("-pk")
        .first()
    )


def overseen_team_ids(user: User, team: int | None = None) -> set[int]:
    """The teams whose work ``user`` oversees: every team for a service manager, the
    teams they manage for a team manager; narrowed to ``team`` if it is one of them."""
    if user.has_role(Role.SERVICE_MANAGER):
        teams = set(Team.objects.values_list("pk", flat=True))
    else:
        teams = user.teams_as(Role.TEAM_MANAGER)
    return teams & {team} if team is not None else teams


def overseen(user: User, field: str, team: int | None = None) -> Q:
    """Records whose team (``field``, the name of a team foreign key) is one ``user``
    oversees (or ``team``, if it is one of them), as :func:`overseen_team_ids` decides,
    without a query: a service manager oversees every team, and every child and
    intervention has one, so for them it filters nothing (or only by ``team``)."""
    if user.has_role(Role.SERVICE_MANAGER):
        return Q(**{f"{field}__in": [team]}) if team is not None else Q()
    return Q(**{f"{field}__in": overseen_team_ids(user, team)})


def overseen_teams(user: User) -> QuerySet[Team]:
    """The teams ``user`` oversees, by name."""
    return Team.objects.filter(overseen(user, "pk")).order_by("name")


# --- the work of many children at once --------------------------------------------------


@dataclass(frozen=True)
class WorkRow:
    """The little the caseload needs of an assessment, plan or review."""

    kind: str
    pk: int
    child_id: int
    intervention_id: int | None
    on: dt.date
    status: str
    completed: dt.date | None = None
    review_due: dt.date | None = None


def work_rows(child_ids: list[int]) -> dict[int, list[WorkRow]]:
    """The little the caseload needs of each child's assessments, plans and reviews, in
    one query (a union of the three tables)."""

    def none(field: Any) -> Any:
        return Cast(Value(None), field)

    def rows(model: Any, kind: str, **columns: Any) -> QuerySet[Any]:
        return (
            model.objects.filter(child_id__in=child_ids)
            .order_by()
            .annotate(work_kind=Value(kind, output_field=CharField()), **columns)
            .values_list(
                "work_kind",
                "pk",
                "child_id",
                "intervention_id",
                "status",
                "day",
                "moment",
                "done",
                "due",
            )
        )

    date, moment = DateField(), DateTimeField()
    found = rows(
        Assessment,
        "assessment",
        day=F("started"),
        moment=none(moment),
        done=F("completed"),
        due=none(date),
    ).union(
        rows(
            Plan,
            "plan",
            day=none(date),
            moment=F("created_at"),
            done=none(date),
            due=F("review_due"),
        ),
        rows(Review, "review", day=F("date"), moment=none(moment), done=none(date), due=none(date)),
        all=True,
    )
    by_child: dict[int, list[WorkRow]] = defaultdict(list)
    for kind, pk, child_id, intervention_id, status, day, at, completed, review_due in found:
        by_child[child_id].append(
            WorkRow(
                kind,
                pk,
                child_id,
                intervention_id,
                day if at is None else timezone.localdate(at),
                status,
                completed=completed,
                review_due=review_due,
            )
        )
    return by_child


def latest_returns(works: list[WorkRow]) -> dict[tuple[str, int], Oversight]:
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

    @property
    def days_waiting(self) -> int:
        """Whole days since it was submitted (0 on the day)."""
        submitted = self.work.submitted_at
        if submitted is None:
            return 0
        return (timezone.localdate() - timezone.localdate(submitted)).days

    @property
    def url(self) -> str:
        return work_url(self.kind, self.child.reference, self.work.pk)


def _queue(user: User, team: int | None = None) -> QuerySet[Any]:
    visible = children_visible_to(user).values("pk")
    parts = [
        model.objects.filter(
            overseen(user, "child__team_id", team), status=WorkStatus.SUBMITTED, child__in=visible
        )
        .annotate(work_kind=Value(kind, output_field=CharField()))
        .values_list("work_kind", "pk", "submitted_at")
        .order_by()
        for kind, model in WORK_MODELS.items()
    ]
    return parts[0].union(*parts[1:], all=True)


def oversight_queue_count(user: User) -> int:
    """How many assessments, plans and reviews of ``user``'s teams await oversight."""
    return sum(
        model.objects.filter(
            overseen(user, "child__team_id"),
            status=WorkStatus.SUBMITTED,
            child__in=children_visible_to(user).values("pk"),
        ).count()
        for model in WORK_MODELS.values()
    )


def oversight_queue_page(user: User, page_number: Any, team: int | None = None) -> Page:
    """The work of the teams ``user`` oversees (or of ``team``) awaiting oversight, oldest
    submission first, each with how many days it has waited."""
    queue = _queue(user, team).order_by("submitted_at", "pk")
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(page_number)
    keys = list(page.object_list)
    loaded: dict[tuple[str, int], Any] = {}
    for kind, model in WORK_MODELS.items():
        ids = [pk for k, pk, _ in keys if k == kind]
        if not ids:
            continue
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
        WorkRow(work_kind(w), w.pk, child.pk, w.intervention_id, dt.date.min, w.status)
        for w in [*assessments, *plans, *reviews]
    ]
    return ChildWork(assessments, plans, reviews, latest_returns(works))


# --- what is missing before the work can go for oversight -------------------------------


def assessment_problems(assessment: Assessment, today: dt.date | None = None) -> list[Problem]:
    """What must be answered before the assessment can go for oversight.

    The prevention and diversion assessment (PDAT) reviews safety and wellbeing
    levels but does not produce AssetPlus's likelihood of reoffending or risk of
    serious harm ratings (the YJB's PDAT guidance, https://yjresourcehub.uk/prevention-and-diversion-assessment-tool/;
    AssetPlus's ratings: ``docs/casework.md``), so only AssetPlus needs them.
    """
    today = today or timezone.localdate()
    problems = []
    if assessment.completed is None:
        problems.append(Problem("details", "Enter the date the assessment was completed"))
    elif assessment.completed > today:
        problems.append(Problem("details", "The date completed must be today or in the past"))
    analyses = {a.pillar: a for a in assessment.pillars.all()}
    for pillar in Pillar:
        analysis = analyses.get(pillar.value)
        if analysis is None or not analysis.analysis.strip():
            problems.append(
                Problem(
                    pillar.value.replace("_", "-"),
                    f"Enter the analysis for {pillar.label.lower()}",
                )
            )
    needed = [("safety_and_wellbeing", "safety and wellbeing")]
    if assessment.kind == AssessmentKind.ASSETPLUS:
        needed = [
            ("likelihood_of_reoffending", "likelihood of reoffending"),
            ("risk_of_serious_harm", "risk of serious harm"),
            *needed,
        ]
    for name, label in needed:
        if not getattr(assessment, name):
            problems.append(Problem("ratings", f"Select the {label} rating"))
    return problems


def plan_problems(plan: Plan, today: dt.date | None = None) -> list[Problem]:
    """A plan goes for oversight with at least one action for each pillar, the
    contingency arrangements for safety and for risk to others, the child's own
    version and a review date."""
    problems = []
    if plan.review_due is None:
        problems.append(Problem("details", "Enter the date the plan will be reviewed by"))
    covered = {a.pillar for a in plan.actions.all()}
    for pillar in Pillar:
        if pillar.value not in covered:
            problems.append(Problem("actions", f"Add an action for {pillar.label.lower()}"))
    if not plan.contingency_safety.strip():
        problems.append(
            Problem("contingency", "Enter the contingency arrangements for keeping the child safe")
        )
    if not plan.contingency_risk.strip():
        problems.append(
            Problem(
                "contingency", "Enter the contingency arrangements for keeping other people safe"
            )
        )
    if not plan.child_version.strip():
        problems.append(Problem("child-version", "Enter the plan in the child's own words"))
    return problems


def review_problems(review: Review, today: dt.date | None = None) -> list[Problem]:
    today = today or timezone.localdate()
    problems = []
    if review.date > today:
        problems.append(Problem("details", "The date of the review must be today or in the past"))
    for name, label in (
        ("desistance_changes", "desistance"),
        ("safety_changes", "safety and wellbeing"),
        ("risk_changes", "risk of harm to others"),
    ):
        if not getattr(review, name).strip():
            problems.append(Problem("changes", f"Enter what changed for {label}"))
    if not review.plan_changes.strip():
        problems.append(Problem("plan", "Enter what the plan now does"))
    return problems


def submission_problems(work: OverseenWork, today: dt.date | None = None) -> list[Problem]:
    """What is missing before ``work`` can be submitted for oversight (empty: nothing)."""
    if isinstance(work, Assessment):
        return assessment_problems(work, today)
    if isinstance(work, Plan):
        return plan_problems(work, today)
    return review_problems(work, today)
