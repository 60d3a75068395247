"""Forms for running an audit. The answer form is built from the framework file, one
standard of one case at a time, with the relevance the record suggests for each question."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from childfirst.accounts.models import User
from childfirst.accounts.permissions import AUDIT_RUNNERS
from childfirst.audits.models import AnswerChoice, Audit
from childfirst.audits.selectors import default_window
from childfirst.audits.services import Entry
from childfirst.casework.bounds import DateCheck
from childfirst.domain.inspection.framework import (
    Framework,
    Standard,
    available_frameworks,
    framework_in_force,
    load_framework,
)
from childfirst.domain.inspection.relevance import CaseFacts, Suggestion, contradicts, suggest
from childfirst.ui.forms import DateField, limit_text, radios, text_area, whole_number


def run_people() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, role_assignments__role__in=AUDIT_RUNNERS)
        .distinct()
        .order_by("last_name", "first_name")
    )


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.job_title})" if obj.job_title else str(obj)


class AuditForm(forms.Form):
    name = forms.CharField(
        label="Name of the audit",
        max_length=150,
        help_text="For example 'Case audit, autumn 2026'",
        error_messages={"required": "Enter a name for the audit"},
    )
    framework = forms.ChoiceField(
        label="Inspection framework",
        help_text="The version of HM Inspectorate of Probation's standards the questions come from",
    )
    fieldwork_date = DateField(
        label="Fieldwork date",
        help_text="When the cases are audited. For example, 27 3 2026",
        error_messages={"required": "Enter the fieldwork date"},
    )
    latest_months = whole_number(
        "Latest disposal, in months before fieldwork",
        minimum=0,
        maximum=59,
        required=True,
        help_text="The inspectorate looks at disposals five to 12 months before fieldwork, "
        "so that assessment, planning, delivery and reviewing can all be seen",
    )
    earliest_months = whole_number(
        "Earliest disposal, in months before fieldwork", minimum=1, maximum=60, required=True
    )
    include_restricted = forms.BooleanField(
        label="Include restricted records",
        required=False,
        help_text="Restricted records open only to the staff named on them and the child's "
        "managers. Include them only if every auditor who may be given one is named on it",
    )
    auditors = PersonChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Who audits",
        help_text="You lead the audit. Choose at least one other auditor if cases are to be "
        "moderated by a second auditor",
        required=False,
    )

    def __init__(self, *args: Any, lead: User, **kwargs: Any) -> None:
        latest, earliest = default_window()
        kwargs.setdefault(
            "initial",
            {
                "framework": framework_in_force(timezone.localdate()),
                "fieldwork_date": timezone.localdate(),
                "latest_months": latest,
                "earliest_months": earliest,
            },
        )
        super().__init__(*args, **kwargs)
        self.lead = lead
        self.fields["framework"].choices = [
            (fid, load_framework(fid).title) for fid in available_frameworks()
        ]
        # Wide enough to show the whole title, years and all.
        self.fields["framework"].widget.attrs["class"] = "govuk-!-width-full"
        self.fields["auditors"].queryset = run_people().exclude(pk=lead.pk)

    def clean_fieldwork_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["fieldwork_date"]
        if value.year < 2018:
            raise forms.ValidationError("The fieldwork date must be in 2018 or later")
        check = DateCheck()
        check.plausible("fieldwork_date", "fieldwork date", value)
        if check.errors:
            raise forms.ValidationError(check.errors["fieldwork_date"])
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        latest, earliest = data.get("latest_months"), data.get("earliest_months")
        if latest is not None and earliest is not None and earliest <= latest:
            self.add_error(
                "earliest_months",
                "The earliest disposal must be more months before fieldwork than the latest",
            )
        return data


class AnswerForm(forms.Form):
    """Every key question and prompt of one standard, for one case: Yes, No or Not
    relevant, evidence for each key question, and a reason wherever an answer goes
    against the relevance the record suggests."""

    def __init__(
        self,
        *args: Any,
        framework: Framework,
        standard: Standard,
        facts: CaseFacts,
        saved: dict[tuple[int, int], Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.standard = standard
        self.questions: list[dict[str, Any]] = []
        for q in standard.key_questions:
            suggestion = suggest(q.relevant_when, facts)
            name = f"q{q.number}"
            self.fields[name] = self._answer_field(
                f"{q.number}. {q.text}", saved.get((q.number, 0)), suggestion, q.relevant_when
            )
            prompts = []
            for p_number, prompt in enumerate(q.prompts, start=1):
                p_suggestion = suggest(prompt.relevant_when, facts)
                p_name = f"{name}_p{p_number}"
                self.fields[p_name] = self._answer_field(
                    prompt.text,
                    saved.get((q.number, p_number)),
                    p_suggestion,
                    prompt.relevant_when,
                )
                prompts.append({"name": p_name, "suggestion": p_suggestion, "number": p_number})
            existing = saved.get((q.number, 0))
            self.fields[f"{name}_evidence"] = forms.CharField(
                label="Evidence",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=existing.evidence if existing else "",
                help_text="What in the record supports your answers",
            )
            limit_text(self.fields[f"{name}_evidence"])
            self.fields[f"{name}_reason"] = forms.CharField(
                label="Why your answer differs from the suggested relevance",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=existing.relevance_reason if existing else "",
                help_text="Only needed where you answer a question the record suggests is not "
                "relevant, or mark one not relevant that the record suggests is",
            )
            limit_text(self.fields[f"{name}_reason"], "The reason your answer differs")
            self.questions.append(
                {
                    "question": q,
                    "name": name,
                    "suggestion": suggestion,
                    "condition": framework.relevance_conditions.get(q.relevant_when, ""),
                    "prompts": prompts,
                }
            )

    def _answer_field(
        self, label: str, existing: Any, suggestion: Suggestion, condition: str
    ) -> forms.ChoiceField:
        initial = existing.answer if existing else None
        if initial is None and suggestion is Suggestion.NOT_RELEVANT:
            initial = AnswerChoice.NOT_RELEVANT
        applies = self.framework.relevance_conditions.get(condition, "")
        hint = {
            Suggestion.RELEVANT: "Suggested from the record: relevant",
            Suggestion.NOT_RELEVANT: "Suggested from the record: not relevant",
            Suggestion.AUDITOR: "Relevance: your judgement",
        }[suggestion]
        if condition == "where_applicable":
            hint += " (asked only where it applies)"
        elif condition != "all":
            hint += f" (applies to {applies})"
        return forms.ChoiceField(
            label=label,
            choices=AnswerChoice.choices,
            widget=forms.RadioSelect,
            required=False,
            initial=initial,
            help_text=hint,
        )

    def layout(self) -> list[dict[str, Any]]:
        """Each key question's bound fields, in order, for the template."""
        return [
            {
                "number": item["question"].number,
                "answer": self[item["name"]],
                "prompts": [self[p["name"]] for p in item["prompts"]],
                "evidence": self[f"{item['name']}_evidence"],
                "reason": self[f"{item['name']}_reason"],
            }
            for item in self.questions
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for item in self.questions:
            name = item["name"]
            against = []
            for field_name, suggestion in [
                (name, item["suggestion"]),
                *((p["name"], p["suggestion"]) for p in item["prompts"]),
            ]:
                value = data.get(field_name)
                if value and contradicts(suggestion, value != AnswerChoice.NOT_RELEVANT):
                    against.append(field_name)
            if against and not data.get(f"{name}_reason", "").strip():
                self.add_error(
                    f"{name}_reason",
                    f"Question {item['question'].number}: say why your answer differs from the "
                    "relevance the record suggests",
                )
            prompt_answers = [data.get(p["name"]) for p in item["prompts"]]
            if not data.get(name) and any(prompt_answers):
                self.add_error(
                    name, f"Question {item['question'].number}: answer the key question too"
                )
        return data

    def entries(self) -> list[Entry]:
        out = []
        for item in self.questions:
            name = item["name"]
            evidence = self.cleaned_data.get(f"{name}_evidence", "")
            reason = self.cleaned_data.get(f"{name}_reason", "")
            number = item["question"].number
            if self.cleaned_data.get(name):
                out.append(Entry(number, 0, self.cleaned_data[name], evidence, reason))
            for p in item["prompts"]:
                if self.cleaned_data.get(p["name"]):
                    out.append(Entry(number, p["number"], self.cleaned_data[p["name"]], "", reason))
        return out


class SettleForm(forms.Form):
    answer = radios("The answer that stands", AnswerChoice.choices, "Choose the answer that stands")
    rationale = text_area(
        "Why",
        "Your decision and its reason are kept with the audit",
        rows=4,
        required=True,
        message="Say why you decided as you did",
    )


class RatingForm(forms.Form):
    rating = radios("Rating", (), "Choose a rating")
    evidence = text_area(
        "Evidence", rows=6, required=True, message="Give the evidence for this rating"
    )

    def __init__(self, *args: Any, framework: Framework, judgement: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [(r.name, r.name) for r in framework.ratings]
        if not judgement:
            self.fields["rating"].label = "The rating that stands"
            self.fields["evidence"].label = "Reason for departing from the computed rating"
            self.fields["evidence"].error_messages["required"] = "Give the reason for the change"


class ShareOutForm(forms.Form):
    moderation_percent = whole_number(
        "Share of cases for a second auditor to moderate, per cent",
        minimum=0,
        maximum=100,
        required=True,
        help_text="Chosen at random from the sample, each given to an auditor other than its own",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"moderation_percent": 20})
        super().__init__(*args, **kwargs)
        self.fields["moderation_percent"].error_messages["required"] = (
            "Enter a percentage from 0 to 100"
        )


class AuditChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        day = obj.fieldwork_date
        return f"{obj.name} (fieldwork {day.day} {day:%B %Y})"


class CompareForm(forms.Form):
    first = AuditChoiceField(
        queryset=Audit.objects.none(),
        label="First audit",
        help_text="Usually the earlier one",
        empty_label="Choose an audit",
        error_messages={
            "required": "Choose the first audit",
            "invalid_choice": "Choose the first audit from the list",
        },
    )
    second = AuditChoiceField(
        queryset=Audit.objects.none(),
        label="Second audit",
        help_text="Movement is from the first audit to this one",
        empty_label="Choose an audit",
        error_messages={
            "required": "Choose the second audit",
            "invalid_choice": "Choose the second audit from the list",
        },
    )

    def __init__(self, *args: Any, audits: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first"].queryset = audits
        self.fields["second"].queryset = audits

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("first"), data.get("second")
        if first is not None and first == second:
            self.add_error("second", "Choose a different audit from the first")
        return data
