"""Forms for the child's record, worded and laid out as the GOV.UK Design System asks.

They validate and render; they never save. Views pass ``cleaned_data`` to the
functions in :mod:`childfirst.casework.services.records`. Each form knows the
child (through its instance) so that its choices are only the child's own
offences, outcomes and interventions, and staff of the child's team.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils import timezone

from childfirst.accounts.models import User
from childfirst.casework.models import (
    IN_PERSON_KINDS,
    UNTIMED_KINDS,
    AccommodationEpisode,
    Address,
    Appointment,
    CareEpisode,
    Child,
    Contact,
    EnforcementAction,
    EteEpisode,
    FamilyMember,
    HealthEpisode,
    Intervention,
    Offence,
    Outcome,
    Professional,
    SendRecord,
    Victim,
)
from childfirst.casework.models.reference import EthnicGroup, ReferenceItem
from childfirst.casework.selectors.choices import (
    open_intervention,
    restrictable_staff,
    staff_of_team,
    teams_for,
)
from childfirst.domain.periods import academic_year
from childfirst.ui.forms import GovukModelForm, plain, text_area, whole_number, yes_no


class RecordForm(GovukModelForm):
    """A form for one thing recorded about a child (its ``instance`` knows the child):
    GOV.UK messages, and reference data offered only while it is active (or already
    chosen)."""

    @property
    def child(self) -> Child:
        return self.instance.child

    def limit_choices(self, name: str, field: forms.ModelChoiceField) -> None:
        model = field.queryset.model
        if issubclass(model, ReferenceItem):
            current = getattr(self.instance, f"{name}_id", None)
            field.queryset = model.objects.filter(models.Q(active=True) | models.Q(pk=current))


# --- the child -----------------------------------------------------------------------------------


def _identifier(label: str, help_text: str) -> forms.CharField:
    """An identifier as people type it (spaces and all): the record tidies it."""
    return forms.CharField(label=label, help_text=help_text, required=False, max_length=20)


class ChildForm(RecordForm):
    pnc_id = _identifier(
        "PNC ID (optional)", "The Police National Computer's ID, such as 2012/0001234Y"
    )
    upn = _identifier(
        "Unique pupil number (optional)", "The school's 13-character UPN, such as H801200001001"
    )
    nhs_number = _identifier("NHS number (optional)", "10 digits, such as 943 476 5919")
    local_authority_id = _identifier(
        "Local authority ID (optional)", "Children's social care's own ID for the child"
    )
    messages = {
        "first_name": "Enter the child's first name",
        "last_name": "Enter the child's last name",
        "date_of_birth": "Enter the child's date of birth",
        "sex": "Select the child's sex",
        "home_local_authority": "Enter the child's home local authority",
        "team": "Select the team that works with the child",
    }
    sections = [
        (
            "Who the child is",
            [
                "first_name",
                "last_name",
                "preferred_name",
                "date_of_birth",
                "sex",
                "gender_identity",
                "ethnicity",
            ],
        ),
        ("Where the child lives", ["home_local_authority", "district"]),
        ("Identifiers", ["pnc_id", "upn", "nhs_number", "local_authority_id"]),
        (
            "What matters to the child",
            ["identity_notes", "communication_needs", "communication_passport", "send_status"],
        ),
        ("The team", ["team"]),
    ]

    class Meta(RecordForm.Meta):
        model = Child
        fields = [
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "sex",
            "gender_identity",
            "ethnicity",
            "home_local_authority",
            "district",
            "identity_notes",
            "communication_needs",
            "communication_passport",
            "send_status",
            "team",
            "pnc_id",
            "upn",
            "nhs_number",
            "local_authority_id",
        ]
        labels = {
            "first_name": "First name",
            "last_name": "Last name",
            "preferred_name": "Preferred name (optional)",
            "date_of_birth": "Date of birth",
            "gender_identity": "Gender identity (optional)",
            "ethnicity": "Ethnicity (optional)",
            "district": "District (optional)",
            "identity_notes": "Identity and diversity (optional)",
            "communication_needs": "Communication needs (optional)",
            "communication_passport": "The child has a communication passport",
            "send_status": "Special educational needs",
        }
        help_texts = {
            "preferred_name": "What the child likes to be called, if not their first name",
            "date_of_birth": "For example, 27 3 2010",
            "gender_identity": "In the child's own words",
            "ethnicity": "As the child identifies, in the 2021 Census categories",
            "home_local_authority": "The local authority the child normally lives in",
            "communication_needs": "Speech, language and communication needs, and what helps",
            "communication_passport": "A guide, written with the child, to how they "
            "communicate best",
        }
        widgets = {
            "sex": forms.RadioSelect,
            "send_status": forms.RadioSelect,
            "identity_notes": forms.Textarea(attrs={"rows": 3}),
            "communication_needs": forms.Textarea(attrs={"rows": 3}),
        }

    @property
    def child_data(self) -> dict[str, Any]:
        """The child's fields, for the service (not the confirmation box)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "confirm_different"}

    def __init__(self, *args: Any, duplicates: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if duplicates:
            # Shown once a record that may be this child has been found (above the form).
            self.fields["confirm_different"] = forms.BooleanField(
                label="This is a different child from the records shown",
                required=False,
                help_text="Tick this only once you have checked: two records for one child "
                "split what is known about them",
            )
        self.fields["first_name"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.fields["last_name"].widget.attrs.update(autocomplete="off", spellcheck="false")
        for name, width in (
            ("pnc_id", 10),
            ("upn", 10),
            ("nhs_number", 10),
            ("local_authority_id", 20),
        ):
            self.fields[name].widget.attrs.update(
                autocomplete="off", spellcheck="false", **{"class": f"govuk-input--width-{width}"}
            )
        ethnicity = self.fields["ethnicity"]
        ethnicity.empty_label = "Not known"
        groups: dict[str, list[tuple[Any, str]]] = {g.label: [] for g in EthnicGroup}
        for item in ethnicity.queryset.order_by("order", "name"):
            groups[EthnicGroup(item.group).label].append((item.pk, item.name))
        ethnicity.choices = [("", "Not known"), *((g, c) for g, c in groups.items() if c)]
        current_team = self.instance.team if self.instance.team_id else None
        self.fields["team"].queryset = (
            teams_for(self.user, also=current_team) if self.user else self.fields["team"].queryset
        )
        self.fields["team"].empty_label = "Select one"
        teams = list(self.fields["team"].queryset[:2])
        if len(teams) == 1 and not self.is_bound:
            self.suggest("team", teams[0].pk)


class RestrictionForm(forms.Form):
    """A manager restricts the record to named staff, or lifts the restriction."""

    restricted = forms.TypedChoiceField(
        label="Restrict this record?",
        choices=[("True", "Yes, to the staff named below"), ("False", "No, open to the team")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to restrict this record"},
    )
    restricted_to = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Who else can open the record",
        help_text="Only these people, the child's team managers and the service managers will "
        "see the child in search or open the record",
        error_messages={"invalid_choice": "Select the staff from the list"},
    )

    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "restricted": str(child.restricted),
                "restricted_to": list(child.restricted_to.all()),
            },
        )
        super().__init__(*args, **kwargs)
        field = self.fields["restricted_to"]
        field.queryset = restrictable_staff(child)
        field.label_from_instance = _staff_label

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("restricted") and not data.get("restricted_to"):
            self.add_error("restricted_to", "Select the staff who can open this record")
        return data


class RestrictionRequestForm(forms.Form):
    """A practitioner asks for the record to be restricted."""

    reason = text_area(
        "Why should this record be restricted?",
        "For example, you or a colleague knows the child or their family. The child's team "
        "manager decides, and who can open the record.",
        rows=4,
        required=True,
        message="Say why the record should be restricted",
    )


def _staff_label(user: User) -> str:
    return f"{user}{f', {user.job_title}' if user.job_title else ''}"


# --- offences and outcomes -----------------------------------------------------------------------


class OffenceForm(RecordForm):
    messages = {"offence_type": "Select the offence type", "date": "Enter the date of the offence"}

    class Meta(RecordForm.Meta):
        model = Offence
        fields = ["offence_type", "date", "first_hearing", "description"]
        labels = {
            "offence_type": "Offence type",
            "date": "Date of the offence",
            "first_hearing": "Date of the first court hearing (if it went to court)",
            "description": "What happened (optional)",
        }
        help_texts = {
            "offence_type": "The YJB seriousness score is shown after each offence",
            "first_hearing": "KPI 9 counts a sentenced offence by the child's age on this day",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offence_type"].label_from_instance = lambda o: (
            f"{o.name} (seriousness {o.gravity})"
        )


def _offence_choices(field: forms.Field, child: Child) -> None:
    field.queryset = child.offences.select_related("offence_type").order_by("-date", "-pk")
    field.label_from_instance = str


class OutcomeForm(RecordForm):
    messages = {"outcome_type": "Select the outcome", "date": "Enter the date of the outcome"}
    sections = [
        ("", ["outcome_type", "date", "offences"]),
        ("The order", ["length_months", "start", "end", "overturned"]),
    ]
    length_months = whole_number(
        "Length in months (optional)",
        minimum=1,
        maximum=600,
        help_text="For orders and sentences",
    )

    class Meta(RecordForm.Meta):
        model = Outcome
        fields = ["outcome_type", "date", "offences", "length_months", "start", "end", "overturned"]
        labels = {
            "outcome_type": "Outcome",
            "date": "Date of the outcome",
            "offences": "Which offences is it for?",
            "start": "Start date (optional)",
            "end": "End date (optional)",
            "overturned": "Changed or overturned on appeal",
        }
        help_texts = {
            "outcome_type": "The legal or police outcome",
            "offences": "Select all that apply",
            "overturned": "It is then left out of the performance indicators",
        }
        widgets = {"offences": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offence_choices(self.fields["offences"], self.child)
        outcome_type = self.fields["outcome_type"]
        outcome_type.queryset = outcome_type.queryset.order_by("seriousness", "order", "name")
        outcome_type.label_from_instance = lambda o: (
            f"{o.name} ({'out of court' if o.out_of_court else o.get_tier_display().lower()})"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, offences = data.get("date"), data.get("offences") or []
        if day and any(o.date > day for o in offences):
            self.add_error(
                "date", "The date of the outcome must be on or after the date of its offences"
            )
        return data


# --- interventions -------------------------------------------------------------------------------


class InterventionForm(RecordForm):
    messages = {
        "start": "Enter the start date",
        "case_manager": "Select the case manager",
        "team": "Select the team",
    }
    sections = [
        (
            "",
            ["outcome", "start", "end", "release_date", "level", "status", "case_manager", "team"],
        ),
        (
            "Out-of-court joint decision panel",
            [
                "referred_to_panel",
                "panel_date",
                "panel_recommendation",
                "panel_recommendation_reason",
            ],
        ),
    ]
    #: The referral; the decision is recorded on the panel pack (``forms.panel``).
    PANEL_FIELDS = ("panel_date", "panel_recommendation", "panel_recommendation_reason")

    class Meta(RecordForm.Meta):
        model = Intervention
        fields = [
            "outcome",
            "start",
            "end",
            "release_date",
            "level",
            "status",
            "case_manager",
            "team",
            "referred_to_panel",
            "panel_date",
            "panel_recommendation",
            "panel_recommendation_reason",
        ]
        labels = {
            "outcome": "Which outcome is it for?",
            "start": "Start date",
            "end": "End date (optional)",
            "release_date": "Released from custody on (optional)",
            "status": "Status",
            "case_manager": "Case manager",
            "referred_to_panel": "Referred to the joint decision panel",
            "panel_date": "Date of the panel (optional)",
            "panel_recommendation": "The service's recommendation (optional)",
            "panel_recommendation_reason": "Why the service recommends it (optional)",
        }
        help_texts = {
            "outcome": "Choose ‘Not for an outcome’ for prevention work",
            "case_manager": "Practitioners and managers of the child's team",
            "level": "How often the child is seen: standard, enhanced or intensive",
            "referred_to_panel": (
                "For out-of-court cases decided jointly with the police; the panel's decision "
                "is recorded on the panel pack"
            ),
            "panel_recommendation_reason": "The panel pack shows it to the panel",
        }
        widgets = {
            "level": forms.RadioSelect,
            "status": forms.RadioSelect,
            "panel_recommendation_reason": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        child = self.child
        outcome = self.fields["outcome"]
        outcome.queryset = child.outcomes.select_related("outcome_type").order_by("-date", "-pk")
        outcome.empty_label = "Not for an outcome"
        current = self.instance.case_manager if self.instance.case_manager_id else None
        self.fields["case_manager"].queryset = staff_of_team(child.team, also=[current])
        self.fields["case_manager"].label_from_instance = _staff_label
        if self.instance.pk is None and not self.is_bound:
            self.suggest("team", child.team_id)
            latest = outcome.queryset.first()
            if latest is not None:
                self.suggest("outcome", latest.pk)
            if (
                self.user is not None
                and self.fields["case_manager"].queryset.filter(pk=self.user.pk).exists()
            ):
                self.suggest("case_manager", self.user.pk)
        recommendation = self.fields["panel_recommendation"]
        recommendation.choices = [("", "Not recorded"), *recommendation.choices[1:]]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("referred_to_panel") and any(data.get(f) for f in self.PANEL_FIELDS):
            self.add_error(
                "referred_to_panel",
                "Select 'Referred to the joint decision panel' to record the panel",
            )
        return data


# --- contacts, appointments and enforcement ------------------------------------------------------


def _minutes(label: str, help_text: str) -> forms.IntegerField:
    """Minutes in a text box; the range is the record's own rule (``bounds``), so the
    form and the service give one message."""
    return forms.IntegerField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-4",
            }
        ),
        error_messages={"invalid": f"{plain(label).capitalize()} must be a whole number"},
    )


def _intervention_choices(form: RecordForm) -> None:
    """The child's interventions, the open one suggested for a new record."""
    field = form.fields["intervention"]
    field.queryset = form.child.interventions.select_related("outcome__outcome_type")
    field.empty_label = "Not for an intervention"
    if form.instance.pk is None and not form.is_bound:
        current = open_intervention(form.child)
        if current is not None:
            form.suggest("intervention", current.pk)


def _where_and_how_long(form: RecordForm, data: dict[str, Any], where: str, how_long: str) -> None:
    """Where, for a contact in person; how long, for any but a text or email (asked by
    the forms: contacts recorded before they were asked have neither)."""
    kind = data.get("kind")
    if kind in IN_PERSON_KINDS and not (data.get("location") or "").strip():
        form.add_error("location", where)
    if (
        kind
        and kind not in UNTIMED_KINDS
        and data.get("duration_minutes") is None
        and "duration_minutes" not in form.errors
    ):
        form.add_error("duration_minutes", how_long)


def _network_choices(form: RecordForm, name: str, people: Any) -> None:
    """People of the child's network still involved (and any already chosen); the
    question is left out when there is nobody to choose."""
    chosen = [p.pk for p in getattr(form.instance, name).all()] if form.instance.pk else []
    field = form.fields[name]
    field.queryset = people.filter(models.Q(end__isnull=True) | models.Q(pk__in=chosen))
    field.label_from_instance = str
    if not field.queryset.exists():
        del form.fields[name]


WHERE_HINT = "For example, the youth justice office, the child's home or Oakfield Academy"


class ContactForm(RecordForm):
    messages = {
        "date": "Enter the date of the contact",
        "time": "Enter the time of the contact",
        "kind": "Select the kind of contact",
        "outcome": "Select whether the child attended",
    }
    sections = [
        ("", ["intervention", "date", "time", "duration_minutes", "kind", "location"]),
        ("Who was there", ["outcome", "family_present", "professionals_present", "attendees"]),
        ("What happened", ["notes"]),
    ]
    duration_minutes = _minutes(
        "Duration in minutes", "How long you were with the child. For example, 45"
    )

    class Meta(RecordForm.Meta):
        model = Contact
        fields = [
            "intervention",
            "date",
            "time",
            "duration_minutes",
            "kind",
            "location",
            "outcome",
            "family_present",
            "professionals_present",
            "attendees",
            "notes",
        ]
        labels = {
            "intervention": "Which intervention is it for?",
            "date": "Date of the contact",
            "time": "Time of the contact",
            "kind": "Kind of contact",
            "location": "Where was it?",
            "outcome": "Did the child attend?",
            "family_present": "Family and carers who were there (optional)",
            "professionals_present": "Professionals who were there (optional)",
            "attendees": "Anyone else who was there (optional)",
            "notes": "Notes (optional)",
        }
        help_texts = {
            "location": f"{WHERE_HINT}. Not needed for a phone call, video, text or email",
            "family_present": "From the child's network. Select all that apply",
            "professionals_present": "From the child's network. Select all that apply",
            "attendees": "Besides you and the child: each person's name and role",
            "notes": "What you did together, and anything to follow up",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "outcome": forms.RadioSelect,
            "family_present": forms.CheckboxSelectMultiple,
            "professionals_present": forms.CheckboxSelectMultiple,
            "attendees": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _intervention_choices(self)
        self.fields["time"].required = True
        if self.instance.pk is None and not self.is_bound:
            self.suggest("date", timezone.localdate())
        _network_choices(self, "family_present", self.child.family.all())
        _network_choices(self, "professionals_present", self.child.professionals.all())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _where_and_how_long(
            self,
            data,
            "Enter where the contact was",
            "Enter how long the contact lasted, in minutes",
        )
        return data


class AppointmentForm(RecordForm):
    """A contact planned with the child."""

    messages = {
        "date": "Enter the date of the appointment",
        "time": "Enter the time of the appointment",
        "kind": "Select the kind of contact",
    }
    duration_minutes = _minutes(
        "Expected duration in minutes", "How long it should take. For example, 60"
    )

    class Meta(RecordForm.Meta):
        model = Appointment
        fields = [
            "intervention",
            "date",
            "time",
            "duration_minutes",
            "kind",
            "location",
            "with_whom",
            "notes",
        ]
        labels = {
            "intervention": "Which intervention is it for?",
            "date": "Date of the appointment",
            "time": "Time of the appointment",
            "kind": "Kind of contact",
            "location": "Where will it be?",
            "with_whom": "Who else will be there (optional)",
            "notes": "Notes (optional)",
        }
        help_texts = {
            "date": "Today or later. For example, 27 3 2025",
            "location": f"{WHERE_HINT}. Not needed for a phone call, video, text or email",
            "with_whom": "Besides you and the child: each person's name and role",
            "notes": "What the appointment is for, and anything to prepare",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "with_whom": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _intervention_choices(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _where_and_how_long(
            self,
            data,
            "Enter where the appointment will be",
            "Enter how long the appointment should take, in minutes",
        )
        return data


class CancelAppointmentForm(forms.Form):
    reason = text_area(
        "Why is the appointment cancelled?",
        "For example, the child is unwell, or you rearranged it with the family",
        rows=3,
        required=True,
        message="Say why the appointment is cancelled",
    )


class EnforcementForm(RecordForm):
    messages = {"kind": "Select the decision", "date": "Enter the date of the decision"}

    class Meta(RecordForm.Meta):
        model = EnforcementAction
        fields = ["kind", "date", "notes"]
        labels = {
            "kind": "Decision",
            "date": "Date of the decision",
            "notes": "Notes",
        }
        help_texts = {
            "notes": "Why, and what the child was told. Required for no warning or breach"
        }
        widgets = {"kind": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.is_bound:
            self.suggest("date", timezone.localdate())

    @property
    def child(self) -> Child:
        return self.instance.contact.child


# --- victims -------------------------------------------------------------------------------------


class VictimForm(RecordForm):
    messages = {"name": "Enter the victim's name or a description"}
    sections = [
        ("", ["name", "is_person", "offences"]),
        (
            "Working with the victim",
            [
                "consent_to_contact",
                "contacted_on",
                "views_before_decision",
                "views",
                "views_before_planning",
                "restorative_justice",
            ],
        ),
        (
            "Information and support",
            [
                "progress_information_requested",
                "progress_information_given",
                "support_requested",
                "support_information_given",
                "notes",
            ],
        ),
    ]
    consent_to_contact = forms.TypedChoiceField(
        label="Has the victim consented to be contacted?",
        choices=[("True", "Yes"), ("False", "No"), ("", "Not asked yet")],
        coerce=lambda value: value == "True",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta(RecordForm.Meta):
        model = Victim
        fields = [
            "name",
            "is_person",
            "offences",
            "consent_to_contact",
            "contacted_on",
            "views_before_decision",
            "views",
            "views_before_planning",
            "restorative_justice",
            "progress_information_requested",
            "progress_information_given",
            "support_requested",
            "support_information_given",
            "notes",
        ]
        labels = {
            "name": "Victim's name or a description",
            "is_person": "The victim is a person",
            "offences": "Which offences was it a victim of?",
            "views_before_decision": "Views asked before the out-of-court decision",
            "views": "The victim's views (optional)",
            "views_before_planning": "Views asked before planning",
            "restorative_justice": "Restorative justice",
            "progress_information_requested": "Asked for information about the child's progress",
            "progress_information_given": "Given information about the child's progress",
            "support_requested": "Asked for support",
            "support_information_given": "Given information about support",
            "notes": "Notes (optional)",
        }
        help_texts = {
            "name": "For example, 'local shop' if the victim is not a person",
            "is_person": "Leave unticked for a business or organisation",
            "offences": "Select all that apply",
        }
        widgets = {
            "offences": forms.CheckboxSelectMultiple,
            "restorative_justice": forms.RadioSelect,
            "views": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offence_choices(self.fields["offences"], self.child)
        self.fields["offences"].label = "Which offences is this person or organisation a victim of?"


# --- care, accommodation, ETE, SEND and health episodes ------------------------------------------


EPISODE_LABELS = {"start": "Start date", "end": "End date (optional)"}
EPISODE_HINTS = {"end": "Leave blank if it is still the case. For example, 27 3 2024"}


class CareEpisodeForm(RecordForm):
    messages = {"status": "Select the care status"}

    class Meta(RecordForm.Meta):
        model = CareEpisode
        fields = ["status", "start", "end"]
        labels = {"status": "Care status", **EPISODE_LABELS}
        help_texts = EPISODE_HINTS
        widgets = {"status": forms.RadioSelect}


class AccommodationForm(RecordForm):
    messages = {
        "accommodation_type": "Select the type of accommodation",
        "suitability": "Select whether the accommodation is suitable",
    }

    class Meta(RecordForm.Meta):
        model = AccommodationEpisode
        fields = ["accommodation_type", "suitability", "start", "end", "secured_on"]
        labels = {
            "accommodation_type": "Type of accommodation",
            "suitability": "Is it suitable?",
            "secured_on": "Date the accommodation was secured (optional)",
            **EPISODE_LABELS,
        }
        help_texts = {
            **EPISODE_HINTS,
            "suitability": "Bed and breakfast and no fixed abode are never suitable",
            "secured_on": (
                "For a home the child goes to on release from custody: KPI 1 counts how "
                "far ahead of the release it was secured. For example, 27 3 2024"
            ),
        }
        widgets = {"suitability": forms.RadioSelect}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("accommodation_type")
        if kind is not None and kind.always_unsuitable and data.get("suitability") == "suitable":
            self.add_error("suitability", f"{kind.name} is never suitable accommodation")
        return data


class EteForm(RecordForm):
    messages = {
        "provision_type": "Select the type of education, training or employment",
        "suitability": "Select whether it is suitable",
    }
    hours_offered = whole_number("Hours offered a week (optional)", minimum=0, maximum=168)
    hours_attended = whole_number("Hours attended a week (optional)", minimum=0, maximum=168)

    class Meta(RecordForm.Meta):
        model = EteEpisode
        fields = [
            "provision_type",
            "suitability",
            "hours_offered",
            "hours_attended",
            "start",
            "end",
        ]
        labels = {
            "provision_type": "Type of education, training or employment",
            "suitability": "Is it suitable?",
            **EPISODE_LABELS,
        }
        help_texts = EPISODE_HINTS
        widgets = {"suitability": forms.RadioSelect}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        offered, attended = data.get("hours_offered"), data.get("hours_attended")
        if offered is not None and attended is not None and attended > offered:
            self.add_error("hours_attended", "Hours attended must not be more than hours offered")
        return data


class SendForm(RecordForm):
    messages = {"academic_year": "Select the academic year"}
    need_identified = yes_no(
        "Was a special educational need identified?",
        message="Select yes if a special educational need or additional learning need was "
        "identified",
        help_text="Or an additional learning need, in Wales",
    )

    class Meta(RecordForm.Meta):
        model = SendRecord
        fields = ["academic_year", "need_identified", "formal_plan"]
        labels = {"academic_year": "Academic year", "formal_plan": "Formal plan"}
        widgets = {"formal_plan": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = academic_year(timezone.localdate())
        years = set(range(this_year - 8, this_year + 2))
        if self.instance.academic_year:
            years.add(self.instance.academic_year)
        self.fields["academic_year"] = forms.TypedChoiceField(
            label="Academic year",
            choices=[("", "Select one")] + [(y, f"{y} to {y + 1}") for y in sorted(years)],
            coerce=int,
            error_messages={
                "required": "Select the academic year",
                "invalid_choice": "Select the academic year from the list",
            },
        )
        if self.instance.pk is None and not self.is_bound:
            self.suggest("academic_year", this_year)

    def clean_academic_year(self) -> int | None:
        year = self.cleaned_data.get("academic_year")
        taken = SendRecord.objects.filter(child=self.child, academic_year=year).exclude(
            pk=self.instance.pk
        )
        if year is not None and taken.exists():
            raise forms.ValidationError(
                f"There is already a record for {year} to {year + 1}: change that one"
            )
        return year


class HealthEpisodeForm(RecordForm):
    messages = {"need": "Select the kind of need"}
    sections = [
        ("", ["need", "start", "end", "screened_on"]),
        (
            "Need and support",
            [
                "already_receiving_treatment",
                "need_identified",
                "intervention_offered",
                "offered_on",
                "attending",
                "attending_from",
                "attending_until",
            ],
        ),
    ]
    need_identified = yes_no(
        "Was a need identified?", message="Select yes if screening identified a need"
    )

    class Meta(RecordForm.Meta):
        model = HealthEpisode
        fields = [
            "need",
            "start",
            "end",
            "screened_on",
            "already_receiving_treatment",
            "need_identified",
            "intervention_offered",
            "offered_on",
            "attending",
            "attending_from",
            "attending_until",
        ]
        labels = {
            "need": "Kind of need",
            "screened_on": "Date the need was screened or identified (optional)",
            "offered_on": "Date offered or referred (optional)",
            "attending_from": "Date the child started attending (optional)",
            "attending_until": "Date the child stopped attending (optional)",
            "already_receiving_treatment": "Already receiving treatment",
            "intervention_offered": "Intervention offered (optional)",
            "attending": "The child is attending the intervention",
            **EPISODE_LABELS,
        }
        help_texts = {
            **EPISODE_HINTS,
            "screened_on": (
                "KPIs 4 and 5 count a need from a dated screening. For example, 27 3 2024"
            ),
            "offered_on": (
                "KPIs 4 and 5 count an offer dated within the order. For example, 27 3 2024"
            ),
        }
        widgets = {"need": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["intervention_offered"]
        field.choices = [("", "None offered"), *field.choices[1:]]


# --- the child's network -------------------------------------------------------------------------

_CONTACT_DETAILS = {
    "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    "email": forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
}
_NETWORK_LABELS = {
    "name": "Full name",
    "phone": "Phone (optional)",
    "email": "Email (optional)",
    "notes": "Notes (optional)",
    "end": "No longer involved from (optional)",
}
_NETWORK_HINTS = {
    "end": "Leave blank while they are involved. People are never removed from the "
    "network: they stop being involved",
}


class FamilyMemberForm(RecordForm):
    messages = {
        "name": "Enter their full name",
        "relationship": "Enter their relationship to the child",
    }
    parental_responsibility = forms.TypedChoiceField(
        label="Do they hold parental responsibility for the child?",
        choices=[("True", "Yes"), ("False", "No"), ("unknown", "Not known")],
        coerce=lambda value: {"True": True, "False": False}.get(value),
        empty_value=None,
        widget=forms.RadioSelect,
        help_text="Birth mothers always do; fathers, step-parents, carers and others "
        "through marriage, the birth certificate or a court order",
        error_messages={"required": "Select whether they hold parental responsibility"},
    )
    sections = [
        ("", ["name", "relationship", "parental_responsibility", "lives_with_child"]),
        ("How to contact them", ["phone", "email", "address"]),
        ("", ["notes", "end"]),
    ]

    class Meta(RecordForm.Meta):
        model = FamilyMember
        fields = [
            "name",
            "relationship",
            "parental_responsibility",
            "lives_with_child",
            "phone",
            "email",
            "address",
            "notes",
            "end",
        ]
        labels = {
            **_NETWORK_LABELS,
            "relationship": "Relationship to the child",
            "lives_with_child": "The child lives with them",
            "address": "Address (optional)",
        }
        help_texts = {
            **_NETWORK_HINTS,
            "relationship": "For example, mother, grandfather, foster carer",
            "address": "If the child does not live with them",
        }
        widgets = {
            **_CONTACT_DETAILS,
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and self.instance.parental_responsibility is None:
            self.initial["parental_responsibility"] = "unknown"


class ProfessionalForm(RecordForm):
    messages = {"role": "Select their role", "name": "Enter their name, or their team's"}

    class Meta(RecordForm.Meta):
        model = Professional
        fields = ["role", "name", "organisation", "phone", "email", "start", "end", "notes"]
        labels = {
            **_NETWORK_LABELS,
            "role": "Role",
            "name": "Name",
            "organisation": "Organisation (optional)",
            "start": "Involved since (optional)",
        }
        help_texts = {
            **_NETWORK_HINTS,
            "name": "Or their team, if nobody is named: for example, duty social work team",
            "organisation": "For example, Kent children's social care or Oakfield Academy",
        }
        widgets = {
            **_CONTACT_DETAILS,
            "role": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class AddressForm(RecordForm):
    messages = {"address": "Enter the address", "start": "Enter the date the child moved in"}

    class Meta(RecordForm.Meta):
        model = Address
        fields = ["address", "postcode", "start", "end", "notes"]
        labels = {
            "address": "Address",
            "postcode": "Postcode (optional)",
            "start": "Date the child moved in",
            "end": "Date the child moved out (optional)",
            "notes": "Notes (optional)",
        }
        help_texts = {
            "address": "Each part on its own line, without the postcode",
            "start": "If you do not know the day, use the first of the month. "
            "For example, 1 3 2024",
            "end": "Leave blank if the child lives there now. A new current address ends the "
            "one before it the day before the child moved in",
            "notes": "For example, who the child lives there with",
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
            "postcode": forms.TextInput(
                attrs={
                    "class": "govuk-input--width-10",
                    "autocomplete": "off",
                    "spellcheck": "false",
                }
            ),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


__all__ = [
    "AccommodationForm",
    "AddressForm",
    "AppointmentForm",
    "CancelAppointmentForm",
    "CareEpisodeForm",
    "ChildForm",
    "ContactForm",
    "EnforcementForm",
    "EteForm",
    "FamilyMemberForm",
    "HealthEpisodeForm",
    "InterventionForm",
    "OffenceForm",
    "OutcomeForm",
    "ProfessionalForm",
    "RestrictionForm",
    "RestrictionRequestForm",
    "SendForm",
    "VictimForm",
]
