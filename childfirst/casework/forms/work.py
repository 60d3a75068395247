"""The pages of an assessment, a plan and a review, and a manager's decision on them.

Drafts can be saved with answers missing (a practitioner can leave and come
back); what must be answered before the work goes for oversight is checked on
submission (``selectors.work.submission_problems``). These forms check what each
answer must look like: real dates, in the right order, not in the future.
"""

from __future__ import annotations

from typing import Any

from django import forms

from childfirst.casework.models import (
    PILLAR_CHOICES,
    AssessmentKind,
    Intervention,
    Level,
    Likelihood,
    OversightDecision,
    ReviewTrigger,
)
from childfirst.domain.pillars import Pillar
from childfirst.ui.forms import DateField, not_in_future, radios, text_area


class InterventionChoiceForm(forms.Form):
    """Asks which intervention the work is for when the child has more than one open
    (with one, the view links it without asking)."""

    def __init__(
        self, *args: Any, interventions: list[Intervention] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if interventions and len(interventions) > 1:
            field = forms.ModelChoiceField(
                label="Which intervention is this for?",
                queryset=Intervention.objects.filter(pk__in=[i.pk for i in interventions]),
                widget=forms.RadioSelect,
                empty_label=None,
                error_messages={"required": "Select which intervention this is for"},
            )
            field.label_from_instance = lambda i: (  # type: ignore[method-assign]
                f"{i} ({i.get_level_display().lower()})"
            )
            self.fields = {"intervention": field, **self.fields}


# --- assessment -------------------------------------------------------------------------


class AssessmentDetailsForm(InterventionChoiceForm):
    kind = radios(
        "Which assessment is this?",
        AssessmentKind.choices,
        "Select which assessment this is",
        help_text="Use the prevention and diversion assessment for out-of-court and "
        "prevention work",
    )
    started = DateField(
        label="Date started",
        help_text="For example, 27 3 2025",
        error_messages={"required": "Enter the date the assessment started"},
    )
    completed = DateField(
        label="Date completed",
        required=False,
        help_text="Leave this blank until the assessment is complete",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_in_future(self, "started")
        not_in_future(self, "completed")
        started, completed = data.get("started"), data.get("completed")
        if started and completed and completed < started:
            self.add_error("completed", "The date completed must be the same as or after the start")
        return data


#: What each pillar's analysis asks, in the inspectorate's terms (the key questions of
#: HMIP's youth inspection framework: ``domain/inspection/frameworks/``).
PILLAR_QUESTIONS = {
    Pillar.DESISTANCE: "What supports the child to stop offending, and what gets in the way",
    Pillar.SAFETY_AND_WELLBEING: "What could harm the child, how likely it is and how serious",
    Pillar.RISK_OF_HARM: "Who could be harmed by the child, how, how likely it is and how "
    "serious, victims above all",
}


class PillarAnalysisForm(forms.Form):
    """One pillar: the analysis, strengths, the 4Ps formulation, sources and views."""

    analysis = text_area("Analysis", rows=8)
    strengths = text_area("Strengths", "What the child is good at and cares about")
    protective_factors = text_area(
        "Protective factors", "People, places and activities that help keep the child on track"
    )
    predisposing = text_area("Predisposing", "What made this more likely", rows=3)
    precipitating = text_area("Precipitating", "What set it off", rows=3)
    perpetuating = text_area("Perpetuating", "What keeps it going", rows=3)
    protective = text_area("Protective", "What helps", rows=3)
    sources = text_area(
        "Sources drawn on",
        "Who you spoke to and what you read: for example school, social care, health, police",
        rows=3,
    )
    child_views = text_area("The child's views")
    parent_views = text_area("Parents' or carers' views")

    def __init__(self, *args: Any, pillar: Pillar, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pillar = pillar
        self.fields["analysis"].help_text = PILLAR_QUESTIONS[pillar]


class RatingsForm(forms.Form):
    likelihood_of_reoffending = radios(
        "Likelihood of reoffending",
        Likelihood.choices,
        "",
        required=False,
        help_text="Your judgement, overriding the system-generated value where you disagree",
    )
    risk_of_serious_harm = radios(
        "Risk of serious harm to others", Level.choices, "", required=False
    )
    safety_and_wellbeing = radios(
        "Safety and wellbeing concerns for the child", Level.choices, "", required=False
    )

    def __init__(self, *args: Any, kind: str = AssessmentKind.ASSETPLUS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind == AssessmentKind.PDAT:
            for name in ("likelihood_of_reoffending", "risk_of_serious_harm"):
                self.fields[name].help_text = "Optional for the prevention and diversion assessment"


class VictimsForm(forms.Form):
    victims_needs_and_wishes = text_area(
        "Victims' needs and wishes",
        "What victims have said they need and want, including about restorative justice. "
        "Say so if there is no identifiable victim.",
        rows=8,
    )


# --- plan -------------------------------------------------------------------------------


class PlanDetailsForm(InterventionChoiceForm):
    review_due = DateField(
        label="When will the plan be reviewed?",
        help_text="At least every 3 months, and sooner if something significant changes",
        error_messages={"required": "Enter the date the plan will be reviewed by"},
    )

    def __init__(self, *args: Any, review_months: int = 3, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "review_due"
        ].help_text = (
            f"At least every {review_months} months, and sooner if something significant changes"
        )


class PlanActionForm(forms.Form):
    pillar = radios("Which part of the plan is this?", PILLAR_CHOICES, "Select a pillar")
    objective = text_area(
        "Objective",
        "What the child and the service want to achieve",
        rows=3,
        required=True,
    )
    action = text_area("Action", "What will be done", rows=3, required=True)
    who = forms.CharField(
        label="Who will do it",
        max_length=150,
        help_text="For example, the child, their case manager, a parent, a named service",
    )
    by_when = DateField(
        label="By when", error_messages={"required": "Enter the date it will be done by"}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].error_messages["required"] = "Enter the objective"
        self.fields["action"].error_messages["required"] = "Enter the action"
        self.fields["who"].error_messages["required"] = "Enter who will do it"


class PlanContingencyForm(forms.Form):
    contingency_safety = text_area(
        "Keeping the child safe",
        "What will be done, and by whom, if the child's safety and wellbeing get worse",
    )
    contingency_risk = text_area(
        "Keeping other people safe",
        "What will be done, and by whom, if the risk of harm to others rises",
    )


class PlanChildVersionForm(forms.Form):
    child_version = text_area(
        "The plan in the child's words",
        "In plain words the child helped write: what they will do, who will help, "
        "and what happens next",
        rows=10,
    )


# --- review -----------------------------------------------------------------------------


class ReviewDetailsForm(InterventionChoiceForm):
    date = DateField(
        label="Date of the review",
        help_text="For example, 27 3 2025",
        error_messages={"required": "Enter the date of the review"},
    )
    trigger = radios(
        "Why is the plan being reviewed?", ReviewTrigger.choices, "Select why it is reviewed"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_in_future(self, "date")
        return data


class ReviewChangesForm(forms.Form):
    desistance_changes = text_area("Desistance")
    safety_changes = text_area("Safety and wellbeing")
    risk_changes = text_area("Risk of harm to others")


class ReviewPlanForm(forms.Form):
    plan_changes = text_area(
        "What the plan now does",
        "The objectives and actions added, changed or finished, and why",
        rows=8,
    )


# --- oversight --------------------------------------------------------------------------


class OversightForm(forms.Form):
    decision = radios(
        "Your decision",
        [
            (OversightDecision.COUNTERSIGNED, "Countersign it"),
            (OversightDecision.RETURNED, "Return it with what must change"),
        ],
        "Select whether to countersign it or return it",
    )
    comments = text_area(
        "Comments",
        "What must change, if you are returning it. Your comments are shown to the "
        "practitioner and kept on the record.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("decision") == OversightDecision.RETURNED
            and not (data.get("comments") or "").strip()
        ):
            self.add_error("comments", "Enter what must change before you return it")
        return data
