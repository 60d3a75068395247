"""Assessment, planning and reviewing, each overseen by a team manager.

The three pillars organise each of them (``domain/pillars.py``): desistance, safety and
wellbeing, risk of harm to others. An assessment, plan or review is drafted,
submitted for management oversight, then countersigned or returned with what
must change (HMIP looks for recorded management oversight; seed ``004_…``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from childfirst.casework.bounds import DateCheck
from childfirst.casework.models.records import Child, Intervention
from childfirst.domain.pillars import Pillar

PILLAR_CHOICES = [(p.value, p.label) for p in Pillar]


class WorkStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Awaiting oversight"
    RETURNED = "returned", "Returned for changes"
    COUNTERSIGNED = "countersigned", "Countersigned"


class OverseenWork(models.Model):
    """Fields shared by the records a manager countersigns."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="%(class)ss")
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="%(class)ss", null=True, blank=True
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=15, choices=WorkStatus.choices, default=WorkStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def _date_check(self, name: str, label: str, value: Any, *, happened: bool = True) -> DateCheck:
        """A check of one of the work's dates: plausible, in the child's life, and not long
        before the intervention it is for (nor after it ended)."""
        check = DateCheck()
        if happened:
            check.happened(name, label, value)
        else:
            check.plausible(name, label, value)
        if self.child_id:
            check.in_the_childs_life(name, label, value, self.child)
        if self.intervention_id:
            check.for_intervention(name, label, value, self.intervention)
        return check

    def _stored(self, name: str) -> Any:
        """The value of ``name`` as saved (None for new work)."""
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).values_list(name, flat=True).first()


class AssessmentKind(models.TextChoices):
    ASSETPLUS = "assetplus", "AssetPlus"
    PDAT = "pdat", "Prevention and diversion assessment"


class Likelihood(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Level(models.TextChoices):
    """Risk of serious harm and safety and wellbeing: four levels (AssetPlus, as OASys)."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


class Assessment(OverseenWork):
    kind = models.CharField(max_length=10, choices=AssessmentKind.choices)
    started = models.DateField()
    completed = models.DateField(null=True, blank=True)
    likelihood_of_reoffending = models.CharField(
        max_length=10, choices=Likelihood.choices, blank=True
    )
    risk_of_serious_harm = models.CharField(max_length=10, choices=Level.choices, blank=True)
    safety_and_wellbeing = models.CharField(max_length=10, choices=Level.choices, blank=True)
    victims_needs_and_wishes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started"]

    def __str__(self) -> str:
        kind = self.get_kind_display()
        if not kind.lower().endswith("assessment"):
            kind += " assessment"
        return f"{kind} started {self.started:%-d %B %Y}"

    def clean(self) -> None:
        if self.started and self.completed and self.completed < self.started:
            raise ValidationError({"completed": "Completion must be on or after the start"})
        check = self._date_check("started", "date started", self.started)
        check.happened("completed", "date completed", self.completed)
        check.raise_if_any()


class PillarAnalysis(models.Model):
    """One pillar of an assessment: analysis, strengths, the 4Ps formulation, sources, views."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="pillars")
    pillar = models.CharField(max_length=25, choices=PILLAR_CHOICES)
    analysis = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    protective_factors = models.TextField(blank=True)
    predisposing = models.TextField(blank=True, help_text="What made this more likely")
    precipitating = models.TextField(blank=True, help_text="What set it off")
    perpetuating = models.TextField(blank=True, help_text="What keeps it going")
    protective = models.TextField(blank=True, help_text="What helps")
    sources = models.TextField("Sources drawn on", blank=True)
    child_views = models.TextField("The child's views", blank=True)
    parent_views = models.TextField("Parents' or carers' views", blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "pillar"], name="one_analysis_a_pillar")
        ]

    def __str__(self) -> str:
        return f"{self.get_pillar_display()} analysis"


class Plan(OverseenWork):
    child_version = models.TextField(
        "The plan in the child's words",
        blank=True,
        help_text="Plain words the child helped write",
    )
    contingency_safety = models.TextField("Contingency: keeping the child safe", blank=True)
    contingency_risk = models.TextField("Contingency: keeping other people safe", blank=True)
    review_due = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Plan of {self.created_at:%-d %B %Y}" if self.created_at else "Plan"

    def clean(self) -> None:
        label = "date the plan will be reviewed by"
        check = DateCheck()
        check.plausible("review_due", label, self.review_due)
        if self.review_due != self._stored("review_due"):
            check.not_overdue("review_due", label, self.review_due, "review date")
        check.raise_if_any()


class PlanAction(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    pillar = models.CharField(max_length=25, choices=PILLAR_CHOICES)
    objective = models.TextField()
    action = models.TextField()
    who = models.CharField(max_length=150)
    by_when = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pillar", "by_when", "id"]

    def __str__(self) -> str:
        return self.objective[:60]

    def clean(self) -> None:
        label = "date it will be done by"
        check = DateCheck()
        check.plausible("by_when", label, self.by_when)
        stored = (
            PlanAction.objects.filter(pk=self.pk).values_list("by_when", flat=True).first()
            if self.pk
            else None
        )
        if self.by_when != stored:
            check.not_overdue("by_when", label, self.by_when, "action")
        check.raise_if_any()


class ReviewTrigger(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    SIGNIFICANT_CHANGE = "significant_change", "Significant change"
    CUSTODY_MOVE = "custody_move", "Move into or out of custody"
    END_OF_ORDER = "end_of_order", "End of order"


class Review(OverseenWork):
    date = models.DateField()
    trigger = models.CharField(max_length=20, choices=ReviewTrigger.choices)
    desistance_changes = models.TextField("What changed: desistance", blank=True)
    safety_changes = models.TextField("What changed: safety and wellbeing", blank=True)
    risk_changes = models.TextField("What changed: risk of harm to others", blank=True)
    plan_changes = models.TextField("What the plan now does", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} review on {self.date:%-d %B %Y}"

    def clean(self) -> None:
        self._date_check("date", "date of the review", self.date).raise_if_any()


class OversightDecision(models.TextChoices):
    COUNTERSIGNED = "countersigned", "Countersigned"
    RETURNED = "returned", "Returned for changes"


class Oversight(models.Model):
    """A manager's decision on an assessment, plan or review, with what must change."""

    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.CASCADE, related_name="oversight"
    )
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="oversight"
    )
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.CASCADE, related_name="oversight"
    )
    decision = models.CharField(max_length=15, choices=OversightDecision.choices)
    comments = models.TextField(blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(assessment__isnull=False, plan__isnull=True, review__isnull=True)
                    | models.Q(assessment__isnull=True, plan__isnull=False, review__isnull=True)
                    | models.Q(assessment__isnull=True, plan__isnull=True, review__isnull=False)
                ),
                name="oversight_of_exactly_one_record",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="returned", comments=""),
                name="oversight_return_needs_comments",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.manager} on {self.decided_at:%-d %B %Y}"

    @property
    def work(self) -> OverseenWork:
        work = self.assessment or self.plan or self.review
        assert work is not None
        return work
