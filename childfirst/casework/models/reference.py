"""The YJB's own categories, as reference data loaded by migrations and editable in the admin.

The fixed vocabulary the rules count by (YJB offence categories, disposal tiers and
the six KPI type-of-order groups) is in ``childfirst/domain/kpi/vocabulary.py`` with its
sources; the fields here take their choices from it. The editable lists: accommodation
types and ETE provision types from the YJB KPI templates (YJB/MoJ KPI SQL, public-code
index ids 2862510002 for KPI 1 and 2426301060 for KPI 2), offence types with the YJB
seriousness score 1-8 (``yjbSeriousnessScore``, index id 2413458947), outcome types,
and the 2021 Census ethnic groups. ``docs/reference-data.md`` gives each list's source
and what is uncertain.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from childfirst.domain.kpi.vocabulary import OffenceCategory, OrderGroup, Tier

OFFENCE_CATEGORY_CHOICES = [(c.value, c.label) for c in OffenceCategory]
TIER_CHOICES = [(t.value, t.label) for t in Tier]
ORDER_GROUP_CHOICES = [(g.value, g.label) for g in OrderGroup]


class ReferenceQuerySet(models.QuerySet):
    def active(self) -> ReferenceQuerySet:
        return self.filter(active=True)


class ReferenceItem(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=150)
    active = models.BooleanField(default=True, help_text="Offered in forms")
    order = models.PositiveIntegerField(default=0)

    objects = ReferenceQuerySet.as_manager()
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class EthnicGroup(models.TextChoices):
    """The five broad groups of the 2021 Census (England and Wales)."""

    ASIAN = "asian", "Asian, Asian British or Asian Welsh"
    BLACK = "black", "Black, Black British, Black Welsh, Caribbean or African"
    MIXED = "mixed", "Mixed or Multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"


class Ethnicity(ReferenceItem):
    """A 2021 Census ethnic category, within its broad group."""

    group = models.CharField(max_length=10, choices=EthnicGroup.choices)

    class Meta(ReferenceItem.Meta):
        verbose_name_plural = "ethnicities"


class OffenceType(ReferenceItem):
    """An offence, with the YJB's category and seriousness (gravity) score 1-8."""

    category = models.CharField(max_length=30, choices=OFFENCE_CATEGORY_CHOICES)
    gravity = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text="YJB seriousness score, 1 (least) to 8 (most serious)",
    )

    class Meta(ReferenceItem.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gravity__gte=1, gravity__lte=8), name="offence_gravity_1_to_8"
            )
        ]


class OutcomeType(ReferenceItem):
    """A legal or police outcome: its tier, whether it is out of court, its KPI group,
    and its rank for choosing a child's most serious outcome (higher is more serious)."""

    tier = models.CharField(max_length=20, choices=TIER_CHOICES)
    out_of_court = models.BooleanField()
    order_group = models.CharField(
        max_length=20,
        choices=ORDER_GROUP_CHOICES,
        blank=True,
        help_text="The KPI type-of-order group; blank if the KPIs do not count it",
    )
    seriousness = models.PositiveSmallIntegerField(
        help_text="Rank used to keep a child's most serious outcome (higher is more serious)"
    )
    first_time_entrant = models.BooleanField(
        default=False, help_text="A first one makes a child a first time entrant"
    )
    custodial = models.BooleanField(default=False)


class AccommodationType(ReferenceItem):
    """Accommodation types of the KPI 1 template; some are always unsuitable."""

    always_unsuitable = models.BooleanField(
        default=False,
        help_text="Bed and breakfast, no fixed abode and unknown never count as suitable",
    )


class EteProvisionType(ReferenceItem):
    """Education, training and employment provision types of the KPI 2 template."""

    not_in_ete = models.BooleanField(default=False, help_text="'None (not in ETE)'")
