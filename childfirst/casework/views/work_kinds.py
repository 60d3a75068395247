"""The three kinds of overseen work as data: their pages (steps), in order, and what
their check-your-answers summary shows.

One set of views (``views.work``) walks any of them: each step names its form,
what the form starts with, and the service call that saves it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from childfirst.accounts.models import User
from childfirst.casework import deadlines
from childfirst.casework.forms import work as work_forms
from childfirst.casework.models import Assessment, Child, Intervention, Plan, Review
from childfirst.casework.selectors import work as selectors
from childfirst.casework.services import work as services
from childfirst.domain.pillars import Pillar

Work = Assessment | Plan | Review


def pillar_slug(pillar: Pillar) -> str:
    return pillar.value.replace("_", "-")


@dataclass(frozen=True)
class Step:
    """One page of the work: a form, its starting values, and how it is saved."""

    slug: str
    title: str
    form_class: type[forms.Form] | None = None
    initial: Callable[[Any], dict[str, Any]] = lambda work: {}
    save: Callable[[Any, Any, dict[str, Any]], Any] | None = None
    form_kwargs: Callable[[Any], dict[str, Any]] = lambda work: {}
    #: For steps with pages of their own (the plan's list of actions).
    url_name: str = ""
    intro: str = ""
    template: str = "casework/work/step.html"


@dataclass(frozen=True)
class Kind:
    name: str
    plural: str
    load: Callable[[int, Child], Any]
    steps: list[Step]
    create: Callable[[Child, Any, Intervention | None, dict[str, Any]], Any]
    new_title: str
    new_initial: Callable[[Child], dict[str, Any]] = lambda child: {}
    new_form_kwargs: Callable[[], dict[str, Any]] = lambda: {}
    summary: Callable[[Any, bool], list[Section]] = lambda work, change: []

    def step(self, slug: str) -> Step:
        for step in self.steps:
            if step.slug == slug and step.form_class is not None:
                return step
        raise Http404("No such page")

    def index(self, slug: str) -> int:
        return [s.slug for s in self.steps].index(slug)

    def step_url(self, work: Any, slug: str, *, back_to_check: bool = False) -> str:
        step = next(s for s in self.steps if s.slug == slug)
        args = [work.child.reference, work.pk]
        url = (
            reverse(step.url_name, args=args)
            if step.url_name
            else reverse(f"casework:{self.name}_step", args=[*args, slug])
        )
        return f"{url}?return=check" if back_to_check else url

    def next_url(self, work: Any, slug: str) -> str:
        position = self.index(slug)
        if position + 1 < len(self.steps):
            return self.step_url(work, self.steps[position + 1].slug)
        return reverse(f"casework:{self.name}_check", args=[work.child.reference, work.pk])

    def previous_url(self, work: Any, slug: str) -> str:
        position = self.index(slug)
        if position > 0:
            return self.step_url(work, self.steps[position - 1].slug)
        return reverse(f"casework:{self.name}", args=[work.child.reference, work.pk])


# --- what check your answers shows -------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str
    value: str
    change_url: str = ""
    change_label: str = ""


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)
    empty: str = ""
    #: Where to add the first item when the section is empty (check your answers only).
    add_url: str = ""
    add_label: str = ""


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return str(value).strip()


def _rows(
    kind: Kind,
    work: Any,
    slug: str,
    form_class: type[forms.Form],
    values: Any,
    change: bool,
    names: tuple[str, ...] = (),
) -> list[Row]:
    """A row for each of the form's fields (or ``names`` of them), changed on ``slug``."""
    url = kind.step_url(work, slug, back_to_check=True) if change else ""
    rows = []
    for name, form_field in form_class.base_fields.items():
        if names and name not in names:
            continue
        value = values(name)
        rows.append(Row(str(form_field.label), _show(value), url, str(form_field.label).lower()))
    return rows


def _updates(update: Callable[..., Any], name: str) -> Callable[[Any, Any, dict[str, Any]], Any]:
    """A step's save: the service ``update`` given the work as ``name`` and the form's
    answers (the intervention is chosen only when the work starts)."""

    def save(work: Any, actor: User, data: dict[str, Any]) -> Any:
        answers = {k: v for k, v in data.items() if k != "intervention"}
        return update(actor=actor, **{name: work}, data=answers)

    return save


def _starts(
    start: Callable[..., Any], *names: str, **defaults: Callable[[], Any]
) -> Callable[[Child, User, Intervention | None, dict[str, Any]], Any]:
    """The first page's save: the service ``start`` given the answers ``names`` (a missing
    one from ``defaults``)."""

    def create(
        child: Child, actor: User, intervention: Intervention | None, data: dict[str, Any]
    ) -> Any:
        answers = {name: data.get(name) for name in names}
        for name, default in defaults.items():
            answers[name] = answers[name] or default()
        return start(actor=actor, child=child, intervention=intervention, data=answers)

    return create


def _intervention_row(work: Any) -> list[Row]:
    if work.intervention_id is None:
        return []
    return [Row("Intervention", str(work.intervention))]


# --- assessment -------------------------------------------------------------------------


def _assessment_values(assessment: Assessment) -> dict[str, Any]:
    return {
        "kind": assessment.kind,
        "started": assessment.started,
        "completed": assessment.completed,
        "likelihood_of_reoffending": assessment.likelihood_of_reoffending,
        "risk_of_serious_harm": assessment.risk_of_serious_harm,
        "safety_and_wellbeing": assessment.safety_and_wellbeing,
        "victims_needs_and_wishes": assessment.victims_needs_and_wishes,
    }


def _analysis(assessment: Assessment, pillar: Pillar) -> Any:
    for analysis in assessment.pillars.all():
        if analysis.pillar == pillar.value:
            return analysis
    return None


def _pillar_initial(pillar: Pillar) -> Callable[[Assessment], dict[str, Any]]:
    def initial(assessment: Assessment) -> dict[str, Any]:
        analysis = _analysis(assessment, pillar)
        if analysis is None:
            return {}
        return {name: getattr(analysis, name) for name in services.PILLAR_FIELDS}

    return initial


def _pillar_save(pillar: Pillar) -> Callable[[Assessment, Any, dict[str, Any]], Any]:
    def save(assessment: Assessment, actor: User, data: dict[str, Any]) -> Any:
        return services.update_pillar_analysis(
            actor=actor, assessment=assessment, pillar=pillar, data=data
        )

    return save


_update_assessment = _updates(services.update_assessment, "assessment")


_create_assessment = _starts(
    services.start_assessment, "kind", "started", started=timezone.localdate
)


def _assessment_new_initial(child: Child) -> dict[str, Any]:
    interventions = list(selectors.open_interventions(child))
    out_of_court = [
        i for i in interventions if i.outcome_id and i.outcome.outcome_type.out_of_court
    ]
    if interventions and len(out_of_court) == len(interventions):
        return {"kind": "pdat"}
    return {"kind": "assetplus"} if interventions else {}


class AssessmentTypeForm(work_forms.AssessmentDetailsForm):
    """The first page: which assessment (its dates come next)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["started"]
        del self.fields["completed"]


class AssessmentDatesForm(work_forms.AssessmentDetailsForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


def _assessment_summary(assessment: Assessment, change: bool) -> list[Section]:
    kind = KINDS["assessment"]
    values = _assessment_values(assessment)
    display = {
        "kind": assessment.get_kind_display(),
        "likelihood_of_reoffending": assessment.get_likelihood_of_reoffending_display(),
        "risk_of_serious_harm": assessment.get_risk_of_serious_harm_display(),
        "safety_and_wellbeing": assessment.get_safety_and_wellbeing_display(),
    }

    def value(name: str) -> Any:
        return display.get(name, values.get(name))

    sections = [
        Section(
            "About the assessment",
            [
                *_rows(kind, assessment, "type", AssessmentTypeForm, value, change, ("kind",)),
                *_intervention_row(assessment),
                *_rows(
                    kind,
                    assessment,
                    "details",
                    AssessmentDatesForm,
                    value,
                    change,
                    ("started", "completed"),
                ),
            ],
        )
    ]
    for pillar in Pillar:
        analysis = _analysis(assessment, pillar)
        sections.append(
            Section(
                pillar.label,
                _rows(
                    kind,
                    assessment,
                    pillar_slug(pillar),
                    work_forms.PillarAnalysisForm,
                    lambda name, a=analysis: getattr(a, name) if a is not None else "",
                    change,
                ),
            )
        )
    sections.append(
        Section(
            "Ratings", _rows(kind, assessment, "ratings", work_forms.RatingsForm, value, change)
        )
    )
    sections.append(
        Section(
            "Victims", _rows(kind, assessment, "victims", work_forms.VictimsForm, value, change)
        )
    )
    return sections


ASSESSMENT = Kind(
    name="assessment",
    plural="assessments",
    load=selectors.assessment_with_pillars,
    new_title="Which assessment are you starting?",
    new_initial=_assessment_new_initial,
    create=_create_assessment,
    summary=_assessment_summary,
    steps=[
        Step(
            "type",
            "Which assessment is this?",
            AssessmentTypeForm,
            lambda a: {"kind": a.kind},
            _update_assessment,
        ),
        Step(
            "details",
            "When was the assessment done?",
            AssessmentDatesForm,
            lambda a: {"started": a.started, "completed": a.completed},
            _update_assessment,
            intro="Enter the date completed when the assessment is finished.",
        ),
        *[
            Step(
                pillar_slug(pillar),
                pillar.label,
                work_forms.PillarAnalysisForm,
                _pillar_initial(pillar),
                _pillar_save(pillar),
                form_kwargs=lambda a, p=pillar: {"pillar": p},
                template="casework/work/step_pillar.html",
            )
            for pillar in Pillar
        ],
        Step(
            "ratings",
            "Ratings",
            work_forms.RatingsForm,
            lambda a: {
                name: getattr(a, name)
                for name in (
                    "likelihood_of_reoffending",
                    "risk_of_serious_harm",
                    "safety_and_wellbeing",
                )
            },
            _update_assessment,
            form_kwargs=lambda a: {"kind": a.kind},
        ),
        Step(
            "victims",
            "Victims",
            work_forms.VictimsForm,
            lambda a: {"victims_needs_and_wishes": a.victims_needs_and_wishes},
            _update_assessment,
        ),
    ],
)


# --- plan -------------------------------------------------------------------------------


_update_plan = _updates(services.update_plan, "plan")


_create_plan = _starts(services.start_plan, "review_due")


def _plan_summary(plan: Plan, change: bool) -> list[Section]:
    kind = KINDS["plan"]
    actions = list(plan.actions.all())
    sections = [
        Section(
            "About the plan",
            [
                *_intervention_row(plan),
                *_rows(
                    kind,
                    plan,
                    "details",
                    work_forms.PlanDetailsForm,
                    lambda name: getattr(plan, name),
                    change,
                ),
            ],
        )
    ]
    for pillar in Pillar:
        rows = []
        for action in actions:
            if action.pillar != pillar.value:
                continue
            url = (
                reverse(
                    "casework:plan_action",
                    args=[plan.child.reference, plan.pk, action.pk],
                )
                + "?return=check"
                if change
                else ""
            )
            when = f", by {_show(action.by_when)}" if action.by_when else ""
            rows.append(
                Row(
                    action.objective,
                    f"{action.action}\n\n{action.who}{when}",
                    url,
                    f"action: {action.objective[:40]}",
                )
            )
        add_url = (
            reverse("casework:plan_action_add", args=[plan.child.reference, plan.pk])
            + f"?pillar={pillar.value}&return=check"
            if change
            else ""
        )
        sections.append(
            Section(
                f"Objectives and actions: {pillar.label.lower()}",
                rows,
                "No actions yet.",
                add_url,
                f"Add an action for {pillar.label.lower()}",
            )
        )
    sections.append(
        Section(
            "Contingency arrangements",
            _rows(
                kind,
                plan,
                "contingency",
                work_forms.PlanContingencyForm,
                lambda name: getattr(plan, name),
                change,
            ),
        )
    )
    sections.append(
        Section(
            "The child's own version",
            _rows(
                kind,
                plan,
                "child-version",
                work_forms.PlanChildVersionForm,
                lambda name: getattr(plan, name),
                change,
            ),
        )
    )
    return sections


PLAN = Kind(
    name="plan",
    plural="plans",
    load=selectors.plan_with_actions,
    new_title="Start a plan",
    new_initial=lambda child: {
        "review_due": deadlines.add_months(timezone.localdate(), deadlines.review_months())
    },
    new_form_kwargs=lambda: {"review_months": deadlines.review_months()},
    create=_create_plan,
    summary=_plan_summary,
    steps=[
        Step(
            "details",
            "When will the plan be reviewed?",
            work_forms.PlanDetailsForm,
            lambda p: {"review_due": p.review_due},
            _update_plan,
            form_kwargs=lambda p: {"review_months": deadlines.review_months()},
        ),
        Step("actions", "Objectives and actions", url_name="casework:plan_actions"),
        Step(
            "contingency",
            "Contingency arrangements",
            work_forms.PlanContingencyForm,
            lambda p: {
                "contingency_safety": p.contingency_safety,
                "contingency_risk": p.contingency_risk,
            },
            _update_plan,
            intro="What will happen if things get worse, for the child's safety and for "
            "other people's.",
        ),
        Step(
            "child-version",
            "The plan in the child's words",
            work_forms.PlanChildVersionForm,
            lambda p: {"child_version": p.child_version},
            _update_plan,
        ),
    ],
)


# --- review -----------------------------------------------------------------------------


_update_review = _updates(services.update_review, "review")


_create_review = _starts(services.start_review, "date", "trigger")


def _review_summary(review: Review, change: bool) -> list[Section]:
    kind = KINDS["review"]

    def value(name: str) -> Any:
        if name == "trigger":
            return review.get_trigger_display()
        return getattr(review, name)

    return [
        Section(
            "About the review",
            [
                *_intervention_row(review),
                *_rows(kind, review, "details", work_forms.ReviewDetailsForm, value, change),
            ],
        ),
        Section(
            "What changed",
            _rows(kind, review, "changes", work_forms.ReviewChangesForm, value, change),
        ),
        Section(
            "What the plan now does",
            _rows(kind, review, "plan", work_forms.ReviewPlanForm, value, change),
        ),
    ]


REVIEW = Kind(
    name="review",
    plural="reviews",
    load=selectors.review_for,
    new_title="Review the plan",
    new_initial=lambda child: {},
    create=_create_review,
    summary=_review_summary,
    steps=[
        Step(
            "details",
            "When and why is the plan being reviewed?",
            work_forms.ReviewDetailsForm,
            lambda r: {"date": r.date, "trigger": r.trigger},
            _update_review,
        ),
        Step(
            "changes",
            "What has changed?",
            work_forms.ReviewChangesForm,
            lambda r: {
                "desistance_changes": r.desistance_changes,
                "safety_changes": r.safety_changes,
                "risk_changes": r.risk_changes,
            },
            _update_review,
            intro="For each pillar, what has changed since the plan was made or last reviewed.",
        ),
        Step(
            "plan",
            "What does the plan now do?",
            work_forms.ReviewPlanForm,
            lambda r: {"plan_changes": r.plan_changes},
            _update_review,
        ),
    ],
)

KINDS: dict[str, Kind] = {"assessment": ASSESSMENT, "plan": PLAN, "review": REVIEW}


def kind_for(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise Http404("No such kind of work") from None
