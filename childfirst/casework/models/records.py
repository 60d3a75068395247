"""The child's record: who the child is, offences, outcomes, interventions, victims, contacts
and appointments (the child's network is in ``network.py``).

Every model keeps its history (who changed what, when, before and after) with
django-simple-history.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from childfirst.casework import deadlines
from childfirst.casework.bounds import (
    DateCheck,
    date_of_birth_problem,
    days_before_intervention,
    duration_problem,
    long_date,
    tenth_birthday,
)
from childfirst.casework.models.reference import (
    AccommodationType,
    EteProvisionType,
    Ethnicity,
    OffenceType,
    OutcomeType,
)
from childfirst.domain import identifiers
from childfirst.domain.gravity import CHOICES as GRAVITY_CHOICES
from childfirst.domain.gravity import HIGHEST as GRAVITY_HIGHEST
from childfirst.domain.gravity import LOWEST as GRAVITY_LOWEST
from childfirst.domain.periods import age_on


class Sex(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    UNKNOWN = "unknown", "Not known"


class SendStatus(models.TextChoices):
    NONE = "none", "No special educational needs recorded"
    SEN_SUPPORT = "sen_support", "SEN support"
    EHCP = "ehcp", "Education, health and care plan"
    UNKNOWN = "unknown", "Not known"


def _check_dates(start: dt.date | None, end: dt.date | None, label: str = "end date") -> None:
    if start and end and end < start:
        raise ValidationError({"end": f"The {label} must be on or after the start date"})


class Child(models.Model):
    """A child the youth justice service works with."""

    reference = models.CharField(
        max_length=20, unique=True, help_text="The service's ID for the child, e.g. CF-000123"
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex.choices)
    gender_identity = models.CharField(max_length=100, blank=True)
    ethnicity = models.ForeignKey(
        Ethnicity,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="Self-identified, 2021 Census categories",
    )
    home_local_authority = models.CharField(max_length=100)
    district = models.CharField(max_length=100, blank=True)
    identity_notes = models.TextField(
        "Identity and diversity",
        blank=True,
        help_text="What matters to the child about who they are: faith, culture, identity, "
        "disability",
    )
    communication_needs = models.TextField(blank=True)
    communication_passport = models.BooleanField(
        default=False, help_text="The child has a communication passport"
    )
    send_status = models.CharField(
        "Special educational needs",
        max_length=20,
        choices=SendStatus.choices,
        default=SendStatus.UNKNOWN,
    )
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="children")
    # The identifiers other services know the child by (checked in ``clean()``).
    pnc_id = models.CharField(
        "PNC ID",
        max_length=13,
        blank=True,
        db_index=True,
        help_text="The Police National Computer's ID, such as 2012/0001234Y",
    )
    upn = models.CharField(
        "Unique pupil number",
        max_length=13,
        blank=True,
        db_index=True,
        help_text="The school's 13-character UPN, such as H801200001001",
    )
    nhs_number = models.CharField(
        "NHS number",
        max_length=10,
        blank=True,
        db_index=True,
        help_text="10 digits, such as 943 476 5919",
    )
    local_authority_id = models.CharField(
        "Local authority ID",
        max_length=30,
        blank=True,
        db_index=True,
        help_text="Children's social care's own ID for the child",
    )
    restricted = models.BooleanField(
        default=False, help_text="Only the named staff below can open this record"
    )
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="restricted_children"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[restricted_to])

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "children"
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.reference})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: dt.date) -> int:
        """Whole years of age on ``day`` (:func:`childfirst.domain.periods.age_on`)."""
        return age_on(self.date_of_birth, day)

    #: The identifiers, each with the rule that checks and tidies it.
    IDENTIFIERS = {
        "pnc_id": identifiers.pnc_id,
        "upn": identifiers.upn,
        "nhs_number": identifiers.nhs_number,
        "local_authority_id": identifiers.local_authority_id,
    }

    def clean_fields(self, exclude: Any = None) -> None:
        """Identifiers are tidied first (``943 476 5919`` is stored as ``9434765919``), so
        the field checks see them as they will be kept."""
        for name, rule in self.IDENTIFIERS.items():
            value = getattr(self, name)
            if value:
                with contextlib.suppress(identifiers.IdentifierError):  # clean() says why
                    setattr(self, name, rule(value))
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.date_of_birth:
            problem = date_of_birth_problem(self.date_of_birth)
            if problem:
                errors["date_of_birth"] = problem
        for name, rule in self.IDENTIFIERS.items():
            value = getattr(self, name)
            if value:
                try:
                    setattr(self, name, rule(value))
                except identifiers.IdentifierError as refused:
                    errors[name] = str(refused)
        if errors:
            raise ValidationError(errors)

    @property
    def nhs_number_display(self) -> str:
        return identifiers.format_nhs_number(self.nhs_number)


class RestrictionRequest(models.Model):
    """A practitioner's request that a child's record be restricted, and what a manager
    decided. Only a team manager or service manager restricts a record."""

    class Outcome(models.TextChoices):
        RESTRICTED = "restricted", "Restricted"
        NOT_RESTRICTED = "not_restricted", "Not restricted"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="restriction_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Restriction asked for by {self.requested_by} on {self.requested_at:%-d %B %Y}"


def _child_of(record: models.Model) -> Child | None:
    return record.child if getattr(record, "child_id", None) else None  # type: ignore[attr-defined]


class DatedEpisode(models.Model):
    """A period with a start and, once it is over, an end (on or after the start)."""

    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-start"]

    def clean(self) -> None:
        _check_dates(self.start, self.end)
        check = DateCheck()
        for name, label in (("start", "start date"), ("end", "end date")):
            check.plausible(name, label, getattr(self, name))
            check.in_the_childs_life(name, label, getattr(self, name), _child_of(self))
        self.check_more_dates(check)
        check.raise_if_any()

    def check_more_dates(self, check: DateCheck) -> None:
        """A kind of episode with dates of its own checks them here."""


class CareStatus(models.TextChoices):
    LOOKED_AFTER = "looked_after", "Looked after"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION_PLAN = "child_protection_plan", "Child protection plan"
    EARLY_HELP = "early_help", "Early help plan"
    #: A referral to Early Help: KPI 7's sub-measure 7c, never "supported" (v8).
    EARLY_HELP_REFERRAL = "early_help_referral", "Referred to Early Help"


class CareEpisode(DatedEpisode):
    """A period of care or social-care status."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="care_episodes")
    status = models.CharField(max_length=30, choices=CareStatus.choices)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.get_status_display()} from {self.start}"


class Offence(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="offences")
    date = models.DateField("Date of offence")
    offence_type = models.ForeignKey(OffenceType, on_delete=models.PROTECT)
    description = models.TextField(blank=True)
    first_hearing = models.DateField(
        "Date of the first court hearing",
        null=True,
        blank=True,
        help_text="For an offence dealt with at court: KPI 9 takes the child's age on it",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.offence_type} on {self.date:%-d %B %Y}"

    def clean(self) -> None:
        check = DateCheck()
        check.happened("date", "date of the offence", self.date)
        child = _child_of(self)
        if child is not None and self.date and self.date < tenth_birthday(child.date_of_birth):
            check.refuse(
                "date", "The date of the offence must be on or after the child's 10th birthday"
            )
        check.happened("first_hearing", "date of the first hearing", self.first_hearing)
        check.not_before(
            "first_hearing",
            "date of the first hearing",
            self.first_hearing,
            self.date,
            ", the date of the offence",
        )
        check.raise_if_any()


class Outcome(models.Model):
    """A legal or police outcome for one or more of the child's offences."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="outcomes")
    date = models.DateField("Outcome date")
    outcome_type = models.ForeignKey(OutcomeType, on_delete=models.PROTECT)
    offences = models.ManyToManyField(Offence, related_name="outcomes", blank=True)
    length_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For orders and sentences"
    )
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    overturned = models.BooleanField(
        default=False, help_text="Changed or overturned on appeal (left out of the KPIs)"
    )
    history = HistoricalRecords(m2m_fields=[offences])

    class Meta:
        ordering = ["-date"]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.outcome_type} on {self.date:%-d %B %Y}"

    def clean(self) -> None:
        _check_dates(self.start, self.end)
        check = DateCheck()
        check.happened("date", "date of the outcome", self.date)
        check.in_the_childs_life("date", "date of the outcome", self.date, _child_of(self))
        check.plausible("start", "start date", self.start)
        check.not_before("start", "start date", self.start, self.date, ", the date of the outcome")
        check.plausible("end", "end date", self.end)
        check.raise_if_any()


class InterventionLevel(models.TextChoices):
    STANDARD = "standard", "Standard"
    ENHANCED = "enhanced", "Enhanced"
    INTENSIVE = "intensive", "Intensive"


class InterventionStatus(models.TextChoices):
    OPEN = "open", "Open"
    COMPLETED = "completed", "Completed"
    ENDED_EARLY = "ended_early", "Ended without completion"
    TRANSFERRED = "transferred", "Transferred out"


class PanelDecision(models.TextChoices):
    COMMUNITY_RESOLUTION = "community_resolution", "Community resolution"
    OUTCOME_22 = "outcome_22", "Outcome 22"
    YOUTH_CAUTION = "youth_caution", "Youth caution"
    YOUTH_CONDITIONAL_CAUTION = "ycc", "Youth conditional caution"
    NO_FURTHER_ACTION = "nfa", "No further action"
    CHARGE = "charge", "Charge"


class Intervention(models.Model):
    """The service's work with the child on an outcome ("the order")."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="interventions")
    # RESTRICT, not PROTECT: an outcome with work on it cannot be deleted on its own, but
    # goes with the child when the whole record is erased (services/retention.py).
    outcome = models.ForeignKey(
        Outcome, on_delete=models.RESTRICT, related_name="interventions", null=True, blank=True
    )
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="caseload"
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="interventions"
    )
    level = models.CharField(
        "Intervention level",
        max_length=10,
        choices=InterventionLevel.choices,
        default=InterventionLevel.STANDARD,
    )
    status = models.CharField(
        max_length=15, choices=InterventionStatus.choices, default=InterventionStatus.OPEN
    )
    release_date = models.DateField(
        "Released from custody on",
        null=True,
        blank=True,
        help_text="Custodial sentences: the KPIs look at the child's situation on release",
    )
    # Out-of-court joint decision-making panel.
    referred_to_panel = models.BooleanField(default=False)
    panel_date = models.DateField(null=True, blank=True)
    panel_members = models.TextField(
        blank=True, help_text="Anyone else at the panel, one a line, with their role"
    )
    panel_recommendation = models.CharField(
        max_length=25,
        choices=PanelDecision.choices,
        blank=True,
        help_text="What the youth justice service recommended",
    )
    panel_recommendation_reason = models.TextField(
        blank=True, help_text="Why the service recommends it, for the panel pack"
    )
    panel_decision = models.CharField(max_length=25, choices=PanelDecision.choices, blank=True)
    panel_rationale = models.TextField(blank=True, help_text="Why the panel decided as it did")
    panel_gravity_score = models.PositiveSmallIntegerField(
        "NPCC gravity score",
        null=True,
        blank=True,
        choices=GRAVITY_CHOICES,
        validators=[MinValueValidator(GRAVITY_LOWEST), MaxValueValidator(GRAVITY_HIGHEST)],
        help_text="The police's score on the NPCC Child Gravity Matrix (October 2023), 1 to 5",
    )
    panel_police_member = models.CharField(
        "Police decision maker", max_length=150, blank=True, help_text="Name, rank or role"
    )
    panel_yjs_member = models.CharField(
        "Youth justice service member", max_length=150, blank=True, help_text="Name and role"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start"]
        indexes = [
            models.Index(fields=["status", "end"]),
            models.Index(fields=["end"]),
            # the reoffending cohort and the kept figures' key find releases in a period
            models.Index(fields=["release_date"]),
        ]

    def __str__(self) -> str:
        what = self.outcome.outcome_type.name if self.outcome_id else "Intervention"
        return f"{what} from {self.start:%-d %B %Y}"

    def clean(self) -> None:
        _check_dates(self.start, self.end)
        check = DateCheck()
        child = _child_of(self)
        for name, label in (
            ("start", "start date"),
            ("end", "end date"),
            ("release_date", "release date"),
            ("panel_date", "date of the panel"),
        ):
            check.plausible(name, label, getattr(self, name))
            check.in_the_childs_life(name, label, getattr(self, name), child)
        if self.outcome_id and self.start:
            days = days_before_intervention()
            outcome_date = self.outcome.date
            check.not_before(
                "start",
                "start date",
                self.start,
                outcome_date - dt.timedelta(days=days),
                f", {days} days before the outcome it is for ({long_date(outcome_date)})",
            )
        check.raise_if_any()
        if self.status == InterventionStatus.OPEN and self.end:
            raise ValidationError({"status": "An intervention with an end date is not open"})
        if self.release_date and self.start and self.release_date < self.start:
            raise ValidationError(
                {"release_date": "The release date must be on or after the start date"}
            )
        if self.release_date and self.end and self.release_date > self.end:
            raise ValidationError(
                {"release_date": "The release date must be on or before the end date"}
            )
        if self.panel_decision and not self.referred_to_panel:
            raise ValidationError(
                {
                    "referred_to_panel": "The joint decision panel has decided on this "
                    "intervention, so it stays referred to the panel"
                }
            )
        if self.panel_decision and not self.panel_rationale.strip():
            raise ValidationError(
                {"panel_rationale": "Record the rationale for the panel's decision"}
            )


class ContactKind(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    HOME_VISIT = "home_visit", "Home visit"
    SCHOOL_VISIT = "school_visit", "School or college visit"
    IN_CUSTODY = "in_custody", "In custody"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    TEXT_OR_EMAIL = "text_or_email", "Text or email"


#: Contacts where the practitioner and the child are in one place, so the place is asked.
IN_PERSON_KINDS = frozenset(
    {
        ContactKind.FACE_TO_FACE,
        ContactKind.HOME_VISIT,
        ContactKind.SCHOOL_VISIT,
        ContactKind.IN_CUSTODY,
    }
)
#: Contacts with no length worth recording.
UNTIMED_KINDS = frozenset({ContactKind.TEXT_OR_EMAIL})


class ContactOutcome(models.TextChoices):
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    ACCEPTABLE_ABSENCE = "acceptable_absence", "Acceptable absence"


def _duration(record: Any, label: str) -> dict[str, str]:
    problem = duration_problem(record.duration_minutes, label)
    return {"duration_minutes": problem} if problem else {}


def _clock(value: dt.time | None) -> str:
    return f"{value:%H:%M}" if value else ""


class Contact(models.Model):
    """A contact with the child as the practitioner records it: when, how long, how, where,
    who else was there, and whether the child attended.

    Time, duration and place are empty on contacts brought in or recorded before they
    were asked; the forms ask for them on every new contact (``docs/casework.md``)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="contacts")
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="contacts", null=True, blank=True
    )
    date = models.DateField()
    time = models.TimeField("Time", null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        "Duration in minutes", null=True, blank=True
    )
    kind = models.CharField(max_length=15, choices=ContactKind.choices)
    location = models.CharField("Where", max_length=200, blank=True)
    outcome = models.CharField(max_length=20, choices=ContactOutcome.choices)
    attendees = models.TextField(
        "Who else was there",
        blank=True,
        help_text="People there besides you and the child, and their role",
    )
    family_present = models.ManyToManyField(
        "casework.FamilyMember", blank=True, related_name="contacts"
    )
    professionals_present = models.ManyToManyField(
        "casework.Professional", blank=True, related_name="contacts"
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[family_present, professionals_present])

    class Meta:
        ordering = ["-date"]
        indexes = [models.Index(fields=["child", "-date"])]

    def __str__(self) -> str:
        at = f" at {_clock(self.time)}" if self.time else ""
        return (
            f"{self.get_kind_display()} on {self.date:%-d %B %Y}{at}: {self.get_outcome_display()}"
        )

    @property
    def missed(self) -> bool:
        return self.outcome == ContactOutcome.DID_NOT_ATTEND

    def clean(self) -> None:
        check = DateCheck()
        check.happened("date", "date of the contact", self.date)
        check.in_the_childs_life("date", "date of the contact", self.date, _child_of(self))
        if self.intervention_id:
            check.for_intervention("date", "date of the contact", self.date, self.intervention)
        check.errors.update(_duration(self, "duration of the contact"))
        check.raise_if_any()


class EnforcementKind(models.TextChoices):
    WARNING = "warning", "Warning"
    BREACH = "breach", "Breach"
    NO_ACTION = "no_action", "No warning or breach"


#: The decisions that are enforcement action (a warning or a breach), not a decision
#: against it.
ENFORCEMENT_ACTIONS = (EnforcementKind.WARNING, EnforcementKind.BREACH)


class EnforcementAction(models.Model):
    """The case manager's decision after a contact the child missed without acceptable
    reason: a warning, a breach, or no warning or breach (saying why)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="enforcement")
    kind = models.CharField(max_length=10, choices=EnforcementKind.choices)
    date = models.DateField()
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%-d %B %Y}"

    def clean(self) -> None:
        if self.contact_id and self.contact.outcome != ContactOutcome.DID_NOT_ATTEND:
            raise ValidationError("Enforcement is only for a contact the child did not attend")
        check = DateCheck()
        check.happened("date", "date of the decision", self.date)
        if self.contact_id and self.date and self.date < self.contact.date:
            check.refuse("date", "The date of the decision must be on or after the missed contact")
        if self.kind == EnforcementKind.NO_ACTION and not self.notes.strip():
            check.refuse("notes", "Say why there is no warning or breach")
        check.raise_if_any()


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    RECORDED = "recorded", "Recorded"
    CANCELLED = "cancelled", "Cancelled"


class Appointment(models.Model):
    """A contact planned with the child: when, how long, how, where and with whom. Once it
    has happened, "record what happened" makes it a :class:`Contact` (``contact``); or it
    is cancelled, with the reason. Its rules: ``docs/casework.md``, "Contacts and
    appointments"."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="appointments")
    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.CASCADE,
        related_name="appointments",
        null=True,
        blank=True,
    )
    date = models.DateField()
    time = models.TimeField("Time")
    duration_minutes = models.PositiveSmallIntegerField(
        "Expected duration in minutes", null=True, blank=True, default=60
    )
    kind = models.CharField(max_length=15, choices=ContactKind.choices)
    location = models.CharField("Where", max_length=200, blank=True)
    with_whom = models.TextField(
        "Who else will be there",
        blank=True,
        help_text="People there besides you and the child, and their role",
    )
    notes = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.PLANNED
    )
    cancellation_reason = models.TextField("Why it was cancelled", blank=True)
    contact = models.OneToOneField(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="appointment"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "time", "pk"]
        indexes = [models.Index(fields=["status", "date"])]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} appointment on {self.date:%-d %B %Y} at {_clock(self.time)}"
        )

    @property
    def ends(self) -> dt.datetime:
        """When it should end, local wall-clock time."""
        return deadlines.appointment_ends(self.date, self.time, self.duration_minutes)

    def not_recorded_by(self, now: dt.datetime) -> bool:
        """Still planned at ``now`` (local wall-clock time) though it should have ended."""
        return self.status == AppointmentStatus.PLANNED and deadlines.appointment_not_recorded(
            self.date, self.time, self.duration_minutes, now
        )

    def clean(self) -> None:
        """A planned appointment's date and length are checked; a cancelled one needs its
        reason (cancelling is always possible, even once its intervention has ended)."""
        check = DateCheck()
        if self.status == AppointmentStatus.PLANNED:
            label = "date of the appointment"
            check.plausible("date", label, self.date)
            check.in_the_childs_life("date", label, self.date, _child_of(self))
            if self.intervention_id:
                check.for_intervention("date", label, self.date, self.intervention)
            if self.date and self._date_changed():
                check.not_past("date", label, self.date)
            check.errors.update(_duration(self, "expected duration"))
        if self.status == AppointmentStatus.CANCELLED and not self.cancellation_reason.strip():
            check.refuse("cancellation_reason", "Say why the appointment is cancelled")
        check.raise_if_any()

    def _date_changed(self) -> bool:
        """New, or moved to another day: an appointment is made for today or later, and
        one already made keeps its day when other details change."""
        if self.pk is None:
            return True
        stored = type(self).objects.filter(pk=self.pk).values_list("date", flat=True).first()
        return stored != self.date


class RestorativeJustice(models.TextChoices):
    NOT_OFFERED = "not_offered", "Not offered"
    OFFERED_DECLINED = "declined", "Offered, not taken up"
    DIRECT = "direct", "Taken up: direct"
    INDIRECT = "indirect", "Taken up: indirect"


class Victim(models.Model):
    """A victim of one or more of the child's offences, and the service's work with them."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="victims")
    offences = models.ManyToManyField(Offence, related_name="victims", blank=True)
    name = models.CharField(
        max_length=150, help_text="Or a description, such as 'local shop', if not a person"
    )
    is_person = models.BooleanField(default=True)
    consent_to_contact = models.BooleanField(
        "Consented to contact", null=True, blank=True, help_text="Leave blank until asked"
    )
    contacted_on = models.DateField("Date the YJS contacted the victim", null=True, blank=True)
    views_before_decision = models.BooleanField(
        "Views asked before the out-of-court decision", default=False
    )
    views_before_planning = models.BooleanField("Views asked before planning", default=False)
    views = models.TextField(
        "The victim's views",
        blank=True,
        help_text="What the victim said about the offence and the outcome, for the panel pack",
    )
    restorative_justice = models.CharField(
        max_length=15, choices=RestorativeJustice.choices, default=RestorativeJustice.NOT_OFFERED
    )
    progress_information_requested = models.BooleanField(default=False)
    progress_information_given = models.BooleanField(default=False)
    support_requested = models.BooleanField(default=False)
    support_information_given = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    history = HistoricalRecords(m2m_fields=[offences])

    def __str__(self) -> str:
        return self.name


class Suitability(models.TextChoices):
    SUITABLE = "suitable", "Suitable"
    UNSUITABLE = "unsuitable", "Unsuitable"
    UNKNOWN = "unknown", "Not known"


class AccommodationEpisode(DatedEpisode):
    """Where the child lived, and whether it was suitable (KPI 1)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="accommodation")
    accommodation_type = models.ForeignKey(AccommodationType, on_delete=models.PROTECT)
    suitability = models.CharField(max_length=12, choices=Suitability.choices)
    #: When the accommodation was confirmed: for the home a child is released to from
    #: custody, KPI 1 counts how far ahead of the release it was secured.
    secured_on = models.DateField("Date secured", null=True, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.accommodation_type} ({self.get_suitability_display()}) from {self.start}"

    def check_more_dates(self, check: DateCheck) -> None:
        check.happened("secured_on", "date secured", self.secured_on)
        check.not_after(
            "secured_on",
            "date secured",
            self.secured_on,
            self.start,
            ", the date the child moved in",
        )


class EteEpisode(DatedEpisode):
    """An education, training or employment arrangement and its hours (KPI 2)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="ete")
    provision_type = models.ForeignKey(EteProvisionType, on_delete=models.PROTECT)
    suitability = models.CharField(max_length=12, choices=Suitability.choices)
    hours_offered = models.PositiveSmallIntegerField("Hours offered a week", null=True, blank=True)
    hours_attended = models.PositiveSmallIntegerField(
        "Hours attended a week", null=True, blank=True
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.provision_type} ({self.get_suitability_display()}) from {self.start}"

    def clean(self) -> None:
        super().clean()
        if (
            self.hours_offered is not None
            and self.hours_attended is not None
            and self.hours_attended > self.hours_offered
        ):
            raise ValidationError({"hours_attended": "Hours attended cannot exceed hours offered"})


class SendPlanType(models.TextChoices):
    NONE = "none", "No formal plan"
    EHCP = "ehcp", "Education, health and care plan (England)"
    IDP = "idp", "Individual development plan (Wales)"


class SendRecord(models.Model):
    """Special educational needs (or additional learning needs) for an academic year (KPI 3)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="send_records")
    academic_year = models.PositiveSmallIntegerField(
        help_text="The year the academic year starts in: 2023 for 2023 to 2024"
    )
    need_identified = models.BooleanField()
    formal_plan = models.CharField(max_length=5, choices=SendPlanType.choices, default="none")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "academic_year"], name="one_send_record_a_year"
            )
        ]

    def __str__(self) -> str:
        year = f"{self.academic_year} to {self.academic_year + 1}"
        return f"{year}: {'need identified' if self.need_identified else 'no need identified'}"


class HealthNeed(models.TextChoices):
    MENTAL_HEALTH = "mental_health", "Mental health and emotional wellbeing"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse"


class HealthIntervention(models.TextChoices):
    """THRIVE-style categories for mental health; treatment types for substance misuse."""

    GETTING_ADVICE = "getting_advice", "Getting advice"
    GETTING_HELP = "getting_help", "Getting help"
    GETTING_MORE_HELP = "getting_more_help", "Getting more help"
    GETTING_RISK_SUPPORT = "getting_risk_support", "Getting risk support"
    TARGETED = "targeted", "Targeted intervention or treatment"
    SPECIALIST = "specialist", "Specialist substance misuse treatment"
    COMPLEX_CARE = "complex_care", "Complex care treatment"


#: Which interventions go with which need (KPI 4: THRIVE categories; KPI 5: treatment types).
HEALTH_INTERVENTIONS_FOR = {
    HealthNeed.MENTAL_HEALTH: (
        HealthIntervention.GETTING_ADVICE,
        HealthIntervention.GETTING_HELP,
        HealthIntervention.GETTING_MORE_HELP,
        HealthIntervention.GETTING_RISK_SUPPORT,
    ),
    HealthNeed.SUBSTANCE_MISUSE: (
        HealthIntervention.TARGETED,
        HealthIntervention.SPECIALIST,
        HealthIntervention.COMPLEX_CARE,
    ),
}


class HealthEpisode(DatedEpisode):
    """Screening and support for a mental health or substance misuse need (KPIs 4 and 5)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="health_episodes")
    need = models.CharField(max_length=20, choices=HealthNeed.choices)
    screened_on = models.DateField(null=True, blank=True)
    already_receiving_treatment = models.BooleanField(
        default=False, help_text="Receiving treatment before screening or before the order began"
    )
    need_identified = models.BooleanField(default=False)
    intervention_offered = models.CharField(
        max_length=25, choices=HealthIntervention.choices, blank=True
    )
    offered_on = models.DateField("Date offered or referred", null=True, blank=True)
    attending = models.BooleanField(default=False)
    attending_from = models.DateField("Date the child started attending", null=True, blank=True)
    attending_until = models.DateField("Date the child stopped attending", null=True, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.get_need_display()} from {self.start}"

    def check_more_dates(self, check: DateCheck) -> None:
        check.happened("screened_on", "date screened", self.screened_on)
        check.in_the_childs_life("screened_on", "date screened", self.screened_on, _child_of(self))
        check.happened("offered_on", "date offered", self.offered_on)
        check.in_the_childs_life("offered_on", "date offered", self.offered_on, _child_of(self))
        check.happened("attending_from", "date attending from", self.attending_from)
        check.in_the_childs_life(
            "attending_from", "date attending from", self.attending_from, _child_of(self)
        )
        check.not_before(
            "attending_until",
            "date attending until",
            self.attending_until,
            self.attending_from,
            ", the date attending from",
        )

    def clean(self) -> None:
        super().clean()
        if (self.attending or self.attending_from) and not self.intervention_offered:
            raise ValidationError({"attending": "Say which intervention the child is attending"})
        fits = HEALTH_INTERVENTIONS_FOR.get(self.need, ())
        if self.intervention_offered and self.intervention_offered not in fits:
            need = HealthNeed(self.need).label.lower() if self.need in HealthNeed.values else ""
            raise ValidationError(
                {"intervention_offered": f"Choose an intervention for {need or 'the need'}"}
            )
