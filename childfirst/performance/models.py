"""What the performance figures need beyond the child's record: population denominators."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords


class PopulationEstimate(models.Model):
    """The area's population of children aged 10 to 17 in a year (ONS mid-year estimate).

    The denominator of the first-time-entrant rate (per 100,000), the use-of-custody
    rate (per 1,000) and, where shown, the serious violence rate (per 10,000). A
    financial year uses the estimate for the year it starts in (mid-2022 for 2022-23).
    """

    year = models.PositiveSmallIntegerField(
        unique=True, help_text="The mid-year estimate's year: 2022 for mid-2022"
    )
    children_10_17 = models.PositiveIntegerField(
        "Children aged 10 to 17", validators=[MinValueValidator(1)]
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="For example 'ONS mid-2022 estimates'"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(children_10_17__gte=1), name="population_at_least_one"
            )
        ]

    def __str__(self) -> str:
        return f"Mid-{self.year}: {self.children_10_17:,} children aged 10 to 17"


class FiguresVersion(models.Model):
    """How many times a child's records that the KPIs and indicators read have changed:
    part of the key the computed figures are kept under (``performance/cache.py``), so a
    change to one of them is never answered from figures worked out before it."""

    child = models.OneToOneField(
        "casework.Child",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="figures_version",
    )
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Figures version {self.version} of child {self.child_id}"


class FiguresCacheEntry(models.Model):
    """The rows of the database cache the computed figures are kept in (Django's
    ``DatabaseCache`` table, made by this app's migrations rather than by hand)."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "childfirst_figures_cache"

    def __str__(self) -> str:
        return self.cache_key
