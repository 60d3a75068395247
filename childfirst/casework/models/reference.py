"""The YJB's own categories, as reference data loaded by migrations and editable in the admin.

Sources: ``domain.md`` §3 (outcomes, tiers, out-of-court disposals), §3.5 (YJB offence
category and seriousness score 1-8), §1.2 (the six KPI type-of-order groups), §1.3
(accommodation types, ETE provision types); the 2021 Census ethnic groups.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords


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


class OffenceCategory(models.TextChoices):
    """YJB offence categories (``yjbOffenceCategory``)."""

    VIOLENCE_AGAINST_THE_PERSON = "vatp", "Violence against the person"
    ROBBERY = "robbery", "Robbery"
    DRUGS = "drugs", "Drugs"
    SEXUAL = "sexual", "Sexual offences"
    DOMESTIC_BURGLARY = "domestic_burglary", "Domestic burglary"
    NON_DOMESTIC_BURGLARY = "non_domestic_burglary", "Non-domestic burglary"
    THEFT_AND_HANDLING = "theft", "Theft and handling stolen goods"
    VEHICLE_THEFT = "vehicle_theft", "Vehicle theft or unauthorised taking"
    CRIMINAL_DAMAGE = "criminal_damage", "Criminal damage"
    ARSON = "arson", "Arson"
    PUBLIC_ORDER = "public_order", "Public order"
    RACIALLY_AGGRAVATED = "racially_aggravated", "Racially aggravated"
    FRAUD = "fraud", "Fraud and forgery"
    MOTORING = "motoring", "Motoring offences"
    DEATH_OR_INJURY_DRIVING = "driving_death_injury", "Death or injury by dangerous driving"
    BREACH_OF_BAIL = "breach_bail", "Breach of bail"
    BREACH_OF_STATUTORY_ORDER = "breach_order", "Breach of statutory order"
    OTHER = "other", "Other"


#: The categories of KPI 9, serious violence (with gravity 5 to 8).
SERIOUS_VIOLENCE_CATEGORIES = frozenset(
    {OffenceCategory.VIOLENCE_AGAINST_THE_PERSON, OffenceCategory.ROBBERY, OffenceCategory.DRUGS}
)


class OffenceType(ReferenceItem):
    """An offence, with the YJB's category and seriousness (gravity) score 1-8."""

    category = models.CharField(max_length=30, choices=OffenceCategory.choices)
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


class Tier(models.TextChoices):
    """Disposal tiers used in YJB statistics (``domain.md`` §2.4, §3.4)."""

    OUT_OF_COURT_INFORMAL = "informal", "Informal out-of-court"
    PRE_COURT = "pre_court", "Pre-court (caution)"
    FIRST_TIER = "first_tier", "First tier"
    COMMUNITY = "community", "Community"
    CUSTODY = "custody", "Custody"
    REMAND = "remand", "Bail and remand"


class OrderGroup(models.TextChoices):
    """The six KPI type-of-order groups (``domain.md`` §1.2)."""

    OOCD = "oocd", "Out-of-court disposals with YJS intervention"
    YOUTH_CAUTION = "youth_caution", "Youth cautions with YJS intervention"
    YCC = "ycc", "Youth conditional cautions"
    REFERRAL_ORDER = "referral_order", "Referral orders"
    YRO = "yro", "Youth rehabilitation orders"
    CUSTODY = "custody", "Custodial sentences"


class OutcomeType(ReferenceItem):
    """A legal or police outcome: its tier, whether it is out of court, its KPI group,
    and its rank for choosing a child's most serious outcome (higher is more serious)."""

    tier = models.CharField(max_length=20, choices=Tier.choices)
    out_of_court = models.BooleanField()
    order_group = models.CharField(
        max_length=20,
        choices=OrderGroup.choices,
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
