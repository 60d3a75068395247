"""An inspection-style case audit run inside the service: its eligible population and
sample, who audits which case, every answer with its evidence, the moderation, the lead
auditor's decisions, and the ratings the inspectorate's rules give.

Every model keeps its history (who changed what, when), as casework does.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from childfirst.casework.models.work import Level
from childfirst.domain.inspection.audit import Answer as AnswerValue
from childfirst.domain.inspection.framework import CaseType


class AnswerChoice(models.TextChoices):
    YES = AnswerValue.YES.value, "Yes"
    NO = AnswerValue.NO.value, "No"
    NOT_RELEVANT = AnswerValue.NOT_RELEVANT.value, "Not relevant"


class CaseTypeChoice(models.TextChoices):
    COURT = CaseType.COURT.value, "Court disposal"
    OUT_OF_COURT = CaseType.OUT_OF_COURT.value, "Out-of-court disposal"


class Audit(models.Model):
    """One audit: which framework it follows, when its fieldwork is, who audits."""

    name = models.CharField(max_length=150, help_text="For example 'Case audit, autumn 2026'")
    framework = models.CharField(
        max_length=60, help_text="The inspection framework version its questions come from"
    )
    fieldwork_date = models.DateField(
        help_text="Cases are eligible if the disposal was given some months before this date"
    )
    window_latest_months = models.PositiveSmallIntegerField(
        default=5, validators=[MaxValueValidator(60)]
    )
    window_earliest_months = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audits_led"
    )
    auditors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="audits")
    include_restricted = models.BooleanField(
        default=False,
        help_text="Restricted records open only to the staff named on them and the child's "
        "managers, so they are left out unless the lead includes them",
    )
    restricted_left_out = models.PositiveIntegerField(
        default=0, help_text="How many eligible disposals were left out as restricted records"
    )
    seed = models.CharField(max_length=32, help_text="Draws the sample; a new seed redraws it")
    sample_fixed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[auditors])

    class Meta:
        ordering = ["-fieldwork_date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window_earliest_months__gt=models.F("window_latest_months")),
                name="audit_window_earliest_after_latest",
                violation_error_message="The earliest month must be further back than the latest",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sample_fixed(self) -> bool:
        return self.sample_fixed_at is not None


class AuditCase(models.Model):
    """An eligible case: a child's court or out-of-court disposal in the window, with the
    characteristics the sample must mirror, as they were when the population was built."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="cases")
    case_type = models.CharField(max_length=20, choices=CaseTypeChoice.choices)
    # An erased child's cases stay, with their answers, so the audit's results still add
    # up; they lose the link to the child and the outcome (docs/architecture.md, "Erasure").
    child = models.ForeignKey(
        "casework.Child", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.ForeignKey(
        "casework.Outcome", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sex = models.CharField(max_length=30)
    disposal_type = models.CharField(max_length=150)
    risk_of_serious_harm = models.CharField(max_length=30)
    safety_and_wellbeing = models.CharField(max_length=30)
    sampled = models.BooleanField(default=False)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case_type", "outcome__date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "child", "case_type"], name="audit_case_once_per_child_and_type"
            ),
            models.CheckConstraint(
                condition=~models.Q(auditor=models.F("moderator")),
                name="audit_case_moderator_not_auditor",
                violation_error_message="A case is moderated by someone other than its auditor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_case_type_display()}: {self.outcome_id} ({self.child_id})"

    @property
    def child_reference(self) -> str:
        """The child's reference, or what stands for it once the record was erased."""
        return self.child.reference if self.child_id else "Erased record"

    @property
    def moderated(self) -> bool:
        return self.moderator_id is not None

    @property
    def risk_of_serious_harm_label(self) -> str:
        return dict(Level.choices).get(self.risk_of_serious_harm, "Not recorded")

    @property
    def safety_and_wellbeing_label(self) -> str:
        return dict(Level.choices).get(self.safety_and_wellbeing, "Not recorded")


class Answer(models.Model):
    """One auditor's answer to one key question (``prompt`` 0) or prompt of a case."""

    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="answers")
    moderation = models.BooleanField(
        default=False, help_text="The second auditor's blind answer, not the case auditor's"
    )
    standard = models.CharField(max_length=10)
    question = models.PositiveSmallIntegerField()
    prompt = models.PositiveSmallIntegerField(default=0, help_text="0 for the key question")
    answer = models.CharField(max_length=15, choices=AnswerChoice.choices)
    evidence = models.TextField(blank=True)
    relevance_reason = models.TextField(
        blank=True, help_text="Why the answer goes against the relevance suggested by the record"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "moderation", "standard", "question", "prompt"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "moderation", "standard", "question", "prompt"],
                name="audit_answer_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard}/{self.question}.{self.prompt}: {self.answer}"


class Settlement(models.Model):
    """The lead auditor's decision where the case auditor and the moderator disagreed."""

    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="settlements")
    standard = models.CharField(max_length=10)
    question = models.PositiveSmallIntegerField()
    answer = models.CharField(max_length=15, choices=AnswerChoice.choices)
    rationale = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "standard", "question"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "standard", "question"], name="audit_settlement_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard}/{self.question}: {self.answer}"


class StandardRating(models.Model):
    """A rating the lead auditor gives: a judgement standard (domain 1, say), or a
    departure from a computed rating after considering discretion, with its evidence."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="standard_ratings")
    standard = models.CharField(max_length=10)
    rating = models.CharField(max_length=40)
    evidence = models.TextField()
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "standard"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "standard"], name="audit_rating_once")
        ]

    def __str__(self) -> str:
        return f"{self.standard}: {self.rating}"
