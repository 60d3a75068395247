"""The YJB's published vocabulary: type-of-order groups, disposal tiers, offence categories, ages.

One copy of each list, for the KPI rules in ``domain/kpi`` and for the choices of
the casework reference data (``childfirst/casework/models/reference.py``), so the
two cannot drift apart. Each value is the code stored in the database; each
label is what people read. Where a table labels them differently on purpose
(the reoffending breakdowns in :mod:`childfirst.domain.kpi.indicators`, for
instance), that table keys its own labels by these members.

Sources:

* YJB, "Key performance indicators for youth justice services" (from 1 April
  2023): https://www.gov.uk/guidance/key-performance-indicators-for-youth-justice-services
* The YJB/MoJ KPI SQL (schema ``yjb_kpi_case_level``; public-code index ids
  2491252131 for ``yjb_kpi_case_level.person_details`` and the type of order,
  2413458947 and 2426301060 for KPI 9 and the templates).
* YJB and MoJ, "Guide to youth justice statistics":
  https://www.gov.uk/government/statistics/guide-to-youth-justice-statistics/guide-to-youth-justice-statistics
* Children and Young Persons Act 1933, s.50 (the age of criminal responsibility):
  https://www.legislation.gov.uk/ukpga/Geo5/23-24/12/section/50
"""

from __future__ import annotations

from enum import StrEnum

# --- ages -------------------------------------------------------------------------------------

#: No child under 10 can be guilty of an offence (Children and Young Persons Act 1933, s.50).
AGE_OF_CRIMINAL_RESPONSIBILITY = 10
#: The oldest age the youth justice system counts: at 18 a person is an adult.
OLDEST_CHILD_AGE = 17


def is_youth_justice_age(age: int) -> bool:
    """Aged 10 to 17: the ages the KPIs and the national indicators count.

    The KPI SQL keeps children aged 10 to 17 (``yjb_kpi_case_level.person_details``,
    index id 2491252131); Youth Justice Statistics count the same ages.
    """
    return AGE_OF_CRIMINAL_RESPONSIBILITY <= age <= OLDEST_CHILD_AGE


# --- type-of-order groups ---------------------------------------------------------------------


class OrderGroup(StrEnum):
    """The six KPI type-of-order groups, in the KPI template's column order.

    Source: the YJB/MoJ KPI SQL's type of order (``yjb_kpi_case_level.person_details``,
    public-code index id 2491252131) and the KPI templates (index id 2426301060).
    Out-of-court disposals with YJS intervention are community resolutions, Outcome 22,
    Outcome 22 deferred prosecution or caution, and Outcome 20 or 21 where the YJS
    intervened.
    """

    OOCD = "oocd"
    YOUTH_CAUTION = "youth_caution"
    YCC = "ycc"
    REFERRAL_ORDER = "referral_order"
    YRO = "yro"
    CUSTODY = "custody"

    @property
    def label(self) -> str:
        return _ORDER_GROUP_LABELS[self]


_ORDER_GROUP_LABELS = {
    OrderGroup.OOCD: "Out-of-court disposals with YJS intervention",
    OrderGroup.YOUTH_CAUTION: "Youth cautions with YJS intervention",
    OrderGroup.YCC: "Youth conditional cautions",
    OrderGroup.REFERRAL_ORDER: "Referral orders",
    OrderGroup.YRO: "Youth rehabilitation orders",
    OrderGroup.CUSTODY: "Custodial sentences",
}

#: The codes of the six groups, in the template's column order.
ORDER_GROUPS: tuple[str, ...] = tuple(group.value for group in OrderGroup)

#: The groups of out-of-court disposals (KPI 6 and KPI 10 count them apart from court orders).
OUT_OF_COURT_GROUPS: tuple[str, ...] = (
    OrderGroup.OOCD.value,
    OrderGroup.YOUTH_CAUTION.value,
    OrderGroup.YCC.value,
)


# --- disposal tiers ---------------------------------------------------------------------------


class Tier(StrEnum):
    """The disposal tiers of YJB statistics, with the two kinds of outcome outside them.

    Source: the "Guide to youth justice statistics" (YJB and MoJ): pre-court (youth
    cautions and youth conditional cautions), first tier (discharges, fines, referral
    orders and the like), community (youth rehabilitation orders) and custody.
    Informal out-of-court outcomes (community resolutions, Outcome 22, 20 and 21) are
    no caution or sentence, and remands are no sentence, so each has a tier of its own
    here. Where referral orders sit is our documented choice: ``docs/reference-data.md``.
    """

    OUT_OF_COURT_INFORMAL = "informal"
    PRE_COURT = "pre_court"
    FIRST_TIER = "first_tier"
    COMMUNITY = "community"
    CUSTODY = "custody"
    REMAND = "remand"

    @property
    def label(self) -> str:
        return _TIER_LABELS[self]


_TIER_LABELS = {
    Tier.OUT_OF_COURT_INFORMAL: "Informal out-of-court",
    Tier.PRE_COURT: "Pre-court (caution)",
    Tier.FIRST_TIER: "First tier",
    Tier.COMMUNITY: "Community",
    Tier.CUSTODY: "Custody",
    Tier.REMAND: "Bail and remand",
}


# --- offence categories -----------------------------------------------------------------------


class OffenceCategory(StrEnum):
    """The YJB offence categories (the case-level field ``yjbOffenceCategory``).

    Source: the YJB/MoJ KPI SQL, which reads ``yjbOffenceCategory`` beside the YJB
    seriousness score ``yjbSeriousnessScore`` (public-code index id 2413458947), and
    the offence groups of Youth Justice Statistics ("Guide to youth justice statistics").
    """

    VIOLENCE_AGAINST_THE_PERSON = "vatp"
    ROBBERY = "robbery"
    DRUGS = "drugs"
    SEXUAL = "sexual"
    DOMESTIC_BURGLARY = "domestic_burglary"
    NON_DOMESTIC_BURGLARY = "non_domestic_burglary"
    THEFT_AND_HANDLING = "theft"
    VEHICLE_THEFT = "vehicle_theft"
    CRIMINAL_DAMAGE = "criminal_damage"
    ARSON = "arson"
    PUBLIC_ORDER = "public_order"
    RACIALLY_AGGRAVATED = "racially_aggravated"
    FRAUD = "fraud"
    MOTORING = "motoring"
    DEATH_OR_INJURY_DRIVING = "driving_death_injury"
    BREACH_OF_BAIL = "breach_bail"
    BREACH_OF_STATUTORY_ORDER = "breach_order"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _OFFENCE_CATEGORY_LABELS[self]


_OFFENCE_CATEGORY_LABELS = {
    OffenceCategory.VIOLENCE_AGAINST_THE_PERSON: "Violence against the person",
    OffenceCategory.ROBBERY: "Robbery",
    OffenceCategory.DRUGS: "Drugs",
    OffenceCategory.SEXUAL: "Sexual offences",
    OffenceCategory.DOMESTIC_BURGLARY: "Domestic burglary",
    OffenceCategory.NON_DOMESTIC_BURGLARY: "Non-domestic burglary",
    OffenceCategory.THEFT_AND_HANDLING: "Theft and handling stolen goods",
    OffenceCategory.VEHICLE_THEFT: "Vehicle theft or unauthorised taking",
    OffenceCategory.CRIMINAL_DAMAGE: "Criminal damage",
    OffenceCategory.ARSON: "Arson",
    OffenceCategory.PUBLIC_ORDER: "Public order",
    OffenceCategory.RACIALLY_AGGRAVATED: "Racially aggravated",
    OffenceCategory.FRAUD: "Fraud and forgery",
    OffenceCategory.MOTORING: "Motoring offences",
    OffenceCategory.DEATH_OR_INJURY_DRIVING: "Death or injury by dangerous driving",
    OffenceCategory.BREACH_OF_BAIL: "Breach of bail",
    OffenceCategory.BREACH_OF_STATUTORY_ORDER: "Breach of statutory order",
    OffenceCategory.OTHER: "Other",
}

#: The categories of KPI 9, serious violence (with a YJB seriousness score of 5 to 8), in
#: the order the KPI 9 table lists them. Source: YJB KPI guidance, KPI 9; the KPI SQL's
#: template wording and filter (public-code index ids 2413458947 and 2426301060, and the
#: v8 view ``kpi9_sv_summary_v8``).
SERIOUS_VIOLENCE_CATEGORIES: tuple[OffenceCategory, ...] = (
    OffenceCategory.DRUGS,
    OffenceCategory.ROBBERY,
    OffenceCategory.VIOLENCE_AGAINST_THE_PERSON,
)
