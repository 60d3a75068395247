"""Writing assessments, plans and reviews, and a manager's oversight of them.

Each function here is one transaction. The work moves through
draft → submitted (awaiting oversight) → countersigned, or → returned → submitted
again once amended. Only a draft or returned piece of work can be changed; only
a manager who may oversee the child (``permissions.can_oversee``), and who did not
write it, can countersign or return it, and returning needs comments saying what
must change. Every row written carries the person who wrote it into its history
(``_history_user``), so the history is right outside a web request too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from childfirst.casework.models import (
    Assessment,
    AssessmentKind,
    Child,
    Intervention,
    Oversight,
    OversightDecision,
    PillarAnalysis,
    Plan,
    PlanAction,
    Review,
    WorkStatus,
)
from childfirst.casework.permissions import can_edit_child, can_oversee
from childfirst.domain.pillars import Pillar

OverseenWork = Assessment | Plan | Review

EDITABLE = (WorkStatus.DRAFT, WorkStatus.RETURNED)

ASSESSMENT_FIELDS = frozenset(
    {
        "kind",
        "started",
        "completed",
        "likelihood_of_reoffending",
        "risk_of_serious_harm",
        "safety_and_wellbeing",
        "victims_needs_and_wishes",
    }
)
PILLAR_FIELDS = frozenset(
    {
        "analysis",
        "strengths",
        "protective_factors",
        "predisposing",
        "precipitating",
        "perpetuating",
        "protective",
        "sources",
        "child_views",
        "parent_views",
    }
)
PLAN_FIELDS = frozenset({"child_version", "contingency_safety", "contingency_risk", "review_due"})
ACTION_FIELDS = frozenset({"pillar", "objective", "action", "who", "by_when"})
REVIEW_FIELDS = frozenset(
    {"date", "trigger", "desistance_changes", "safety_changes", "risk_changes", "plan_changes"}
)


class WorkError(Exception):
    """A change the rules do not allow; the message is fit to show the user."""


class NotAllowed(WorkError):
    """This person may not make this change."""


class NotEditable(WorkError):
    """The work is awaiting oversight or countersigned, so it cannot be changed."""


class Incomplete(WorkError):
    """The work cannot be submitted yet: ``problems`` says what is missing, by step."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Problem:
    step: str
    message: str


def _label(work: OverseenWork) -> str:
    return type(work)._meta.verbose_name


def _check_editor(actor: Any, child: Child) -> None:
    if not can_edit_child(actor, child):
        raise NotAllowed("You cannot change this child's record")


def _locked(work: OverseenWork) -> OverseenWork:
    """The work, re-read under a row lock, so two people cannot move it at once."""
    return type(work).objects.select_for_update().select_related("child").get(pk=work.pk)


def _check_editable(work: OverseenWork) -> None:
    if work.status not in EDITABLE:
        raise NotEditable(
            f"This {_label(work)} is {work.get_status_display().lower()} and cannot be changed"
        )


def _save(obj: Any, actor: Any) -> None:
    """Validate (fields, ``clean()`` and constraints) and save, recording who did it."""
    obj._history_user = actor
    obj.full_clean()
    obj.save()


def _touch(work: OverseenWork, actor: Any) -> None:
    """Mark the work as changed when one of its parts (a pillar, an action) changes."""
    work._history_user = actor  # type: ignore[union-attr]
    work.save(update_fields=["updated_at"])


def _set(obj: Any, allowed: frozenset[str], values: dict[str, Any]) -> None:
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"Cannot set {', '.join(sorted(unknown))}")
    for name, value in values.items():
        setattr(obj, name, "" if value is None and name not in _NULLABLE else value)


_NULLABLE = frozenset({"completed", "review_due", "by_when", "started", "date"})


def _check_intervention(child: Child, intervention: Intervention | None) -> None:
    if intervention is not None and intervention.child_id != child.pk:
        raise WorkError("That intervention is for another child")


# --- assessments ------------------------------------------------------------------------


@transaction.atomic
def start_assessment(
    *,
    child: Child,
    author: Any,
    kind: str,
    started: dt.date,
    intervention: Intervention | None = None,
    **fields: Any,
) -> Assessment:
    """A draft assessment, with an empty analysis for each of the three pillars."""
    _check_editor(author, child)
    _check_intervention(child, intervention)
    assessment = Assessment(
        child=child, intervention=intervention, author=author, kind=kind, started=started
    )
    _set(assessment, ASSESSMENT_FIELDS, fields)
    _save(assessment, author)
    for pillar in Pillar:
        analysis = PillarAnalysis(assessment=assessment, pillar=pillar.value)
        _save(analysis, author)
    return assessment


@transaction.atomic
def update_assessment(assessment: Assessment, *, actor: Any, **fields: Any) -> Assessment:
    """Change a draft or returned assessment's details, ratings or victims' section."""
    assessment = _locked(assessment)
    _check_editor(actor, assessment.child)
    _check_editable(assessment)
    _set(assessment, ASSESSMENT_FIELDS, fields)
    _save(assessment, actor)
    return assessment


@transaction.atomic
def update_pillar_analysis(
    assessment: Assessment, pillar: Pillar | str, *, actor: Any, **fields: Any
) -> PillarAnalysis:
    """Change one pillar's analysis of a draft or returned assessment."""
    assessment = _locked(assessment)
    _check_editor(actor, assessment.child)
    _check_editable(assessment)
    analysis = PillarAnalysis.objects.filter(
        assessment=assessment, pillar=Pillar(pillar).value
    ).first() or PillarAnalysis(assessment=assessment, pillar=Pillar(pillar).value)
    _set(analysis, PILLAR_FIELDS, fields)
    _save(analysis, actor)
    # Touch the assessment so "last changed" covers its pillars.
    _touch(assessment, actor)
    return analysis


def assessment_problems(assessment: Assessment, today: dt.date | None = None) -> list[Problem]:
    """What must be answered before the assessment can go for oversight.

    The prevention and diversion assessment (PDAT) reviews safety and wellbeing
    levels but does not produce AssetPlus's likelihood of reoffending or risk of
    serious harm ratings (``domain.md`` §4.2, §4.5), so only AssetPlus needs them.
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


# --- plans ------------------------------------------------------------------------------


@transaction.atomic
def start_plan(
    *,
    child: Child,
    author: Any,
    intervention: Intervention | None = None,
    **fields: Any,
) -> Plan:
    _check_editor(author, child)
    _check_intervention(child, intervention)
    plan = Plan(child=child, intervention=intervention, author=author)
    _set(plan, PLAN_FIELDS, fields)
    _save(plan, author)
    return plan


@transaction.atomic
def update_plan(plan: Plan, *, actor: Any, **fields: Any) -> Plan:
    plan = _locked(plan)
    _check_editor(actor, plan.child)
    _check_editable(plan)
    _set(plan, PLAN_FIELDS, fields)
    _save(plan, actor)
    return plan


@transaction.atomic
def add_plan_action(plan: Plan, /, *, actor: Any, **fields: Any) -> PlanAction:
    """Who does what, by when, towards which objective, under one pillar."""
    plan = _locked(plan)
    _check_editor(actor, plan.child)
    _check_editable(plan)
    action = PlanAction(plan=plan)
    _set(action, ACTION_FIELDS, fields)
    _save(action, actor)
    _touch(plan, actor)
    return action


@transaction.atomic
def update_plan_action(plan_action: PlanAction, /, *, actor: Any, **fields: Any) -> PlanAction:
    plan = _locked(plan_action.plan)
    _check_editor(actor, plan.child)
    _check_editable(plan)
    action = PlanAction.objects.get(pk=plan_action.pk, plan=plan)
    _set(action, ACTION_FIELDS, fields)
    _save(action, actor)
    _touch(plan, actor)
    return action


@transaction.atomic
def remove_plan_action(action: PlanAction, *, actor: Any) -> None:
    plan = _locked(action.plan)
    _check_editor(actor, plan.child)
    _check_editable(plan)
    action = PlanAction.objects.get(pk=action.pk, plan=plan)
    action._history_user = actor  # type: ignore[attr-defined]
    action.delete()
    _touch(plan, actor)


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


# --- reviews ----------------------------------------------------------------------------


@transaction.atomic
def start_review(
    *,
    child: Child,
    author: Any,
    date: dt.date,
    trigger: str,
    intervention: Intervention | None = None,
    **fields: Any,
) -> Review:
    _check_editor(author, child)
    _check_intervention(child, intervention)
    review = Review(child=child, intervention=intervention, author=author)
    _set(review, REVIEW_FIELDS, {"date": date, "trigger": trigger, **fields})
    _save(review, author)
    return review


@transaction.atomic
def update_review(review: Review, *, actor: Any, **fields: Any) -> Review:
    review = _locked(review)
    _check_editor(actor, review.child)
    _check_editable(review)
    _set(review, REVIEW_FIELDS, fields)
    _save(review, actor)
    return review


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


# --- submitting and oversight -----------------------------------------------------------


def submission_problems(work: OverseenWork, today: dt.date | None = None) -> list[Problem]:
    """What is missing before ``work`` can be submitted for oversight (empty: nothing)."""
    if isinstance(work, Assessment):
        return assessment_problems(work, today)
    if isinstance(work, Plan):
        return plan_problems(work, today)
    return review_problems(work, today)


@transaction.atomic
def submit_for_oversight(work: OverseenWork, *, actor: Any) -> OverseenWork:
    """Send a complete draft (or amended returned work) to a manager to countersign."""
    work = _locked(work)
    _check_editor(actor, work.child)
    _check_editable(work)
    problems = submission_problems(work)
    if problems:
        raise Incomplete(problems)
    work.status = WorkStatus.SUBMITTED
    work.submitted_at = timezone.now()
    _save(work, actor)
    return work


def check_can_decide(work: OverseenWork, manager: Any) -> None:
    """Raise ``NotAllowed`` unless ``manager`` may countersign or return ``work``."""
    if not can_oversee(manager, work.child):
        raise NotAllowed("Only the child's team manager or a service manager can decide this")
    if work.author_id == manager.pk:
        raise NotAllowed(f"You wrote this {_label(work)}: another manager must countersign it")


@transaction.atomic
def decide(work: OverseenWork, *, manager: Any, decision: str, comments: str = "") -> Oversight:
    """Countersign ``work``, or return it with what must change: one Oversight row and
    the status change together, or neither."""
    work = _locked(work)
    check_can_decide(work, manager)
    if work.status != WorkStatus.SUBMITTED:
        raise NotEditable(
            f"This {_label(work)} is not awaiting oversight "
            f"(it is {work.get_status_display().lower()})"
        )
    decision = OversightDecision(decision)
    comments = (comments or "").strip()
    if decision == OversightDecision.RETURNED and not comments:
        raise WorkError("Enter what must change before returning it")
    oversight = Oversight(
        decision=decision, comments=comments, manager=manager, **{work._meta.model_name: work}
    )
    _save(oversight, manager)
    work.status = (
        WorkStatus.COUNTERSIGNED
        if decision == OversightDecision.COUNTERSIGNED
        else WorkStatus.RETURNED
    )
    _save(work, manager)
    return oversight
