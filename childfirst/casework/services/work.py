"""Writing assessments, plans and reviews, and a manager's oversight of them.

Each function follows the service convention (``docs/architecture.md``):
``verb_noun(*, actor, <the work acted on>, data)``, keyword-only, where ``data`` maps
the work's fields to values (a form's ``cleaned_data``); each is one transaction.
The work moves through draft → submitted (awaiting oversight) → countersigned, or →
returned → submitted again once amended. Only a draft or returned piece of work can
be changed, by someone who may change the child's record; only a manager who may
oversee the child (``permissions.can_oversee``), and who did not write it, can
countersign or return it, and returning needs comments saying what must change. A
refusal raises :class:`~childfirst.casework.errors.CaseworkError` (or one of its
kinds: ``NotAllowed``, ``NotEditable``, ``Incomplete``) and changes nothing. Every row
written carries the person who wrote it into its history (``_history_user``), so the
history is right outside a web request too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from childfirst.accounts.models import User
from childfirst.casework.errors import (
    CaseworkError,
    DraftExists,
    Incomplete,
    NotAllowed,
    NotEditable,
)
from childfirst.casework.models import (
    Assessment,
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
from childfirst.casework.selectors.work import EDITABLE, draft_of, submission_problems
from childfirst.domain.pillars import Pillar

OverseenWork = Assessment | Plan | Review
Data = Mapping[str, Any]

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
_NULLABLE = frozenset({"completed", "review_due", "by_when", "started", "date"})


def _label(work: OverseenWork) -> str:
    return str(type(work)._meta.verbose_name)


def _check_editor(actor: User, child: Child) -> None:
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


def _save(obj: models.Model, actor: User) -> None:
    """Validate (fields, ``clean()`` and constraints) and save, recording who did it."""
    obj._history_user = actor  # type: ignore[attr-defined]
    try:
        obj.full_clean()
    except ValidationError as error:
        raise CaseworkError.from_validation_error(error) from None
    obj.save()


def _touch(work: OverseenWork, actor: User) -> None:
    """Mark the work as changed when one of its parts (a pillar, an action) changes."""
    work._history_user = actor  # type: ignore[union-attr]
    work.save(update_fields=["updated_at"])


def _set(obj: models.Model, allowed: frozenset[str], values: Data) -> None:
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"Cannot set {', '.join(sorted(unknown))}")
    for name, value in values.items():
        setattr(obj, name, "" if value is None and name not in _NULLABLE else value)


def _check_intervention(child: Child, intervention: Intervention | None) -> None:
    if intervention is not None and intervention.child_id != child.pk:
        raise CaseworkError("That intervention is for another child")


W = TypeVar("W", Assessment, Plan, Review)


def _start(work: W, actor: User, allowed: frozenset[str], data: Data) -> W:
    """Save new work as a draft: ``actor`` may change the child's record, the
    intervention it is for is the child's own, and the child has no draft of this
    kind already (that one is carried on with, or discarded, instead)."""
    _check_editor(actor, work.child)
    _check_intervention(work.child, work.intervention)
    existing = draft_of(work.child, type(work))
    if existing is not None:
        raise DraftExists(existing)
    _set(work, allowed, data)
    _save(work, actor)
    return work


def _open_for_change(work: W, actor: User) -> W:
    """``work`` read again under a row lock, once ``actor`` may change the child's record
    and the work is still a draft or returned."""
    work = _locked(work)
    _check_editor(actor, work.child)
    _check_editable(work)
    return work


def _update(work: W, actor: User, allowed: frozenset[str], data: Data) -> W:
    work = _open_for_change(work, actor)
    _set(work, allowed, data)
    _save(work, actor)
    return work


# --- assessments ------------------------------------------------------------------------


@transaction.atomic
def start_assessment(
    *, actor: User, child: Child, data: Data, intervention: Intervention | None = None
) -> Assessment:
    """A draft assessment (``data`` holds at least its ``kind`` and the day it
    ``started``), with an empty analysis for each of the three pillars."""
    assessment = Assessment(child=child, intervention=intervention, author=actor)
    _start(assessment, actor, ASSESSMENT_FIELDS, data)
    for pillar in Pillar:
        analysis = PillarAnalysis(assessment=assessment, pillar=pillar.value)
        _save(analysis, actor)
    return assessment


@transaction.atomic
def update_assessment(*, actor: User, assessment: Assessment, data: Data) -> Assessment:
    """Change a draft or returned assessment's details, ratings or victims' section."""
    return _update(assessment, actor, ASSESSMENT_FIELDS, data)


@transaction.atomic
def update_pillar_analysis(
    *, actor: User, assessment: Assessment, pillar: Pillar | str, data: Data
) -> PillarAnalysis:
    """Change one pillar's analysis of a draft or returned assessment."""
    assessment = _open_for_change(assessment, actor)
    analysis = PillarAnalysis.objects.filter(
        assessment=assessment, pillar=Pillar(pillar).value
    ).first() or PillarAnalysis(assessment=assessment, pillar=Pillar(pillar).value)
    _set(analysis, PILLAR_FIELDS, data)
    _save(analysis, actor)
    # Touch the assessment so "last changed" covers its pillars.
    _touch(assessment, actor)
    return analysis


# --- plans ------------------------------------------------------------------------------


@transaction.atomic
def start_plan(
    *, actor: User, child: Child, data: Data, intervention: Intervention | None = None
) -> Plan:
    """A draft plan, with whichever of its fields ``data`` gives (its review date, say)."""
    return _start(
        Plan(child=child, intervention=intervention, author=actor), actor, PLAN_FIELDS, data
    )


@transaction.atomic
def update_plan(*, actor: User, plan: Plan, data: Data) -> Plan:
    """Change a draft or returned plan's review date, contingencies or the child's version."""
    return _update(plan, actor, PLAN_FIELDS, data)


@transaction.atomic
def add_plan_action(*, actor: User, plan: Plan, data: Data) -> PlanAction:
    """Who does what, by when, towards which objective, under one pillar."""
    plan = _open_for_change(plan, actor)
    action = PlanAction(plan=plan)
    _set(action, ACTION_FIELDS, data)
    _save(action, actor)
    _touch(plan, actor)
    return action


@transaction.atomic
def update_plan_action(*, actor: User, action: PlanAction, data: Data) -> PlanAction:
    """Change one action of a draft or returned plan."""
    plan = _open_for_change(action.plan, actor)
    action = PlanAction.objects.get(pk=action.pk, plan=plan)
    _set(action, ACTION_FIELDS, data)
    _save(action, actor)
    _touch(plan, actor)
    return action


@transaction.atomic
def remove_plan_action(*, actor: User, action: PlanAction) -> None:
    """Take one action out of a draft or returned plan (its history is kept)."""
    plan = _open_for_change(action.plan, actor)
    action = PlanAction.objects.get(pk=action.pk, plan=plan)
    action._history_user = actor  # type: ignore[attr-defined]
    action.delete()
    _touch(plan, actor)


# --- reviews ----------------------------------------------------------------------------


@transaction.atomic
def start_review(
    *, actor: User, child: Child, data: Data, intervention: Intervention | None = None
) -> Review:
    """A draft review of the plan (``data`` holds at least its ``date`` and ``trigger``)."""
    review = Review(child=child, intervention=intervention, author=actor)
    return _start(review, actor, REVIEW_FIELDS, data)


@transaction.atomic
def update_review(*, actor: User, review: Review, data: Data) -> Review:
    """Change a draft or returned review."""
    return _update(review, actor, REVIEW_FIELDS, data)


# --- discarding a draft -----------------------------------------------------------------


@transaction.atomic
def discard_draft(*, actor: User, work: OverseenWork) -> None:
    """Delete a draft its author no longer wants. Only the author may, and only while it
    is a draft (work that has been to a manager stays). The history keeps it, and its
    pillars or actions, as deleted by ``actor``."""
    work = _locked(work)
    _check_editor(actor, work.child)
    if work.author_id != actor.pk:
        raise NotAllowed(f"Only {work.author}, who started this {_label(work)}, can discard it")
    if work.status != WorkStatus.DRAFT:
        raise CaseworkError(
            f"Only a draft can be discarded: this {_label(work)} is "
            f"{work.get_status_display().lower()}"
        )
    parts = work.pillars.all() if isinstance(work, Assessment) else ()
    if isinstance(work, Plan):
        parts = work.actions.all()
    for part in parts:
        part._history_user = actor
        part.delete()
    work._history_user = actor  # type: ignore[union-attr]
    work.delete()


# --- submitting and oversight -----------------------------------------------------------


@transaction.atomic
def submit_for_oversight(*, actor: User, work: OverseenWork) -> OverseenWork:
    """Send a complete draft (or amended returned work) to a manager to countersign."""
    work = _open_for_change(work, actor)
    problems = submission_problems(work)
    if problems:
        raise Incomplete(problems)
    work.status = WorkStatus.SUBMITTED
    work.submitted_at = timezone.now()
    _save(work, actor)
    return work


def _check_can_decide(work: OverseenWork, actor: User) -> None:
    if not can_oversee(actor, work.child):
        raise NotAllowed("Only the child's team manager or a service manager can decide this")
    if work.author_id == actor.pk:
        raise NotAllowed(f"You wrote this {_label(work)}: another manager must countersign it")


@transaction.atomic
def decide_oversight(
    *, actor: User, work: OverseenWork, decision: str, comments: str = ""
) -> Oversight:
    """Countersign ``work``, or return it with what must change: one Oversight row and
    the status change together, or neither."""
    work = _locked(work)
    _check_can_decide(work, actor)
    if work.status != WorkStatus.SUBMITTED:
        raise NotEditable(
            f"This {_label(work)} is not awaiting oversight "
            f"(it is {work.get_status_display().lower()})"
        )
    chosen = OversightDecision(decision)
    comments = (comments or "").strip()
    if chosen == OversightDecision.RETURNED and not comments:
        raise CaseworkError("Enter what must change before returning it")
    oversight = Oversight(
        decision=chosen, comments=comments, manager=actor, **{work._meta.model_name: work}
    )
    _save(oversight, actor)
    work.status = (
        WorkStatus.COUNTERSIGNED
        if chosen == OversightDecision.COUNTERSIGNED
        else WorkStatus.RETURNED
    )
    _save(work, actor)
    return oversight
