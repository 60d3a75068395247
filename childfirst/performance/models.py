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
