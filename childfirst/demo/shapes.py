"""The shape of the demo service: who the children are, what they did, what happened.

Figures marked *seed 001* are from the Kent Youth Justice Plan 2023-24
(``/work/shared/seeds/001_…``, "Characteristics of individuals" and §8.3
Disproportionality); the others are the demo's own choices, made to be plausible and
named as such. Weights are relative (they need not add up to 100).

Seed 001, in its own rounded figures:

- "Out of Court disposals make up 77% of outcomes for children": 81% community
  resolutions, 14% youth cautions, 6% youth conditional cautions.
- Children with a court outcome only: 29% referral orders, 27% compensation orders,
  14% youth rehabilitation orders, 10% fines, 6% conditional discharges, 5% detention
  and training orders or other custody. ChildFirst's outcome list has no compensation
  order (it is usually made alongside another order), so the demo shares those cases
  out among the others, keeping custody at about 5%.
- "The cohort are 77% male"; girls offend younger (significant at 13), boys at 16.
- "Most recorded offences by children (90%) have a gravity score of 2 or 3"; the
  commonest categories are violence against the person, criminal damage, theft and
  handling, public order, drugs and motoring. ChildFirst's reference gravity scores
  are illustrative (migration ``0002``), so the demo gets about 80-85% at 2 or 3.
- 13% of the cohort Black, Asian or minority ethnic (BAME 69 of 406 in the
  reoffending table, 17%); a larger share of BAME children had drugs and robbery
  offences, and offences of gravity 6.
- "9% have been in care at some time in the last 4 academic years."
- Reoffending within the year: 17% overall (the demo's repeat outcomes follow from it).
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Mapping
from itertools import accumulate
from typing import Any


class Weighted:
    """Draw a key of ``weights`` with probability proportional to its weight."""

    __slots__ = ("cumulative", "keys", "total")

    def __init__(self, weights: Mapping[Any, float]) -> None:
        self.keys = list(weights)
        self.cumulative = list(accumulate(float(w) for w in weights.values()))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> Any:
        return self.keys[bisect(self.cumulative, rng.random() * self.total)]


#: Sex: 77% boys (seed 001).
SEX = {"male": 77.0, "female": 22.5, "unknown": 0.5}

#: 2021 Census categories, by ``Ethnicity.code``; ``""`` is "not known".
#: About 13% Black, Asian, mixed or other ethnicity (seed 001), 2% not known.
ETHNICITY = {
    "white-british": 78.0,
    "white-irish": 0.5,
    "white-gypsy-irish-traveller": 1.5,
    "white-roma": 0.5,
    "white-other": 4.0,
    "mixed-white-black-caribbean": 2.5,
    "mixed-white-black-african": 1.0,
    "mixed-white-asian": 0.7,
    "mixed-other": 1.3,
    "black-african": 2.2,
    "black-caribbean": 1.2,
    "black-other": 0.6,
    "asian-indian": 0.8,
    "asian-pakistani": 0.6,
    "asian-bangladeshi": 0.5,
    "asian-chinese": 0.2,
    "asian-other": 0.6,
    "other-arab": 0.4,
    "other-any": 0.9,
    "": 2.0,
}

#: Age at the first outcome: girls younger than boys (seed 001).
AGE_AT_FIRST_OUTCOME = {
    "male": {10: 1, 11: 2, 12: 4, 13: 8, 14: 14, 15: 20, 16: 26, 17: 25},
    "female": {10: 1, 11: 3, 12: 8, 13: 18, 14: 22, 15: 22, 16: 15, 17: 11},
}

#: Offences by ``OffenceType.code``: most of gravity 2 or 3 (seed 001). Murder and
#: the rarest offences are left out of a demo.
OFFENCES = {
    "common-assault": 200,
    "assault-emergency-worker": 40,
    "criminal-damage": 150,
    "theft": 70,
    "handling": 20,
    "shoplifting": 30,
    "public-order-s5": 60,
    "public-order-s4": 50,
    "possession-cannabis": 15,
    "possession-class-a": 20,
    "non-domestic-burglary": 20,
    "taking-vehicle": 25,
    "fraud": 10,
    "no-insurance": 30,
    "breach-bail": 10,
    "racially-aggravated-harassment": 10,
    "assault-abh": 25,
    "possession-bladed-article": 20,
    "threats-to-kill": 3,
    "supply-class-b": 8,
    "domestic-burglary": 6,
    "arson": 3,
    "dangerous-driving": 3,
    "wounding-gbh-s20": 5,
    "robbery": 8,
    "supply-class-a": 5,
    "sexual-assault": 3,
    "wounding-gbh-s18": 1,
}

#: Girls: shop theft is the commonest offence, and more assaults on police (seed 001).
GIRLS_OFFENCE_FACTOR = {
    "shoplifting": 3.0,
    "assault-emergency-worker": 1.8,
    "possession-bladed-article": 0.4,
    "robbery": 0.5,
    "supply-class-a": 0.5,
    "supply-class-b": 0.5,
    "taking-vehicle": 0.4,
    "no-insurance": 0.3,
    "dangerous-driving": 0.3,
}

#: Black, Asian, mixed and other ethnicity: more drugs and robbery, more knife
#: possession and grievous bodily harm (seed 001, §8.3).
MINORITY_OFFENCE_FACTOR = {
    "supply-class-a": 1.8,
    "supply-class-b": 1.6,
    "robbery": 1.8,
    "possession-bladed-article": 1.5,
    "wounding-gbh-s20": 1.5,
}

#: Offences in one episode (charged or dealt with together).
OFFENCES_PER_EPISODE = {1: 65, 2: 25, 3: 10}

#: Out-of-court outcomes: 81% community resolutions, 14% youth cautions, 6% youth
#: conditional cautions (seed 001). First outcomes lean to community resolutions,
#: later ones to cautions, so that overall the mix matches the seed.
OUT_OF_COURT_FIRST = {
    "community-resolution": 86,
    "youth-caution": 11,
    "youth-conditional-caution": 3,
}
OUT_OF_COURT_LATER = {
    "community-resolution": 62,
    "youth-caution": 25,
    "youth-conditional-caution": 13,
}

#: Chance that an episode ends out of court, by the gravest offence and whether the
#: child has had an outcome before. Tuned so that about 77% of all outcomes are out of
#: court (seed 001); serious offences go to court.
OUT_OF_COURT_CHANCE = {
    # gravity: (first outcome, later outcome)
    1: (0.97, 0.78),
    2: (0.95, 0.70),
    3: (0.90, 0.62),
    4: (0.70, 0.40),
    5: (0.42, 0.18),
    6: (0.12, 0.03),
    7: (0.02, 0.0),
    8: (0.0, 0.0),
}

#: Court outcomes for a child's first court appearance (a referral order is mandatory
#: for a first guilty plea to an imprisonable offence) and for later ones; custody
#: about 5% overall (seed 001).
COURT_FIRST = {
    "referral-order": 52,
    "fine": 14,
    "conditional-discharge": 11,
    "absolute-discharge": 3,
    "yro": 14,
    "yro-iss": 1,
    "dto": 2,
}
COURT_LATER = {
    "referral-order": 22,
    "fine": 18,
    "conditional-discharge": 10,
    "absolute-discharge": 2,
    "yro": 33,
    "yro-iss": 6,
    "dto": 6,
    "s250": 0.5,
}
#: The gravest offence moves the court's choice up (gravity 6 and more).
COURT_SERIOUS = {"referral-order": 35, "yro": 35, "yro-iss": 15, "dto": 12, "s250": 3}

#: Chance of another outcome after each one (first, second, third, fourth).
REPEAT_CHANCE = (0.30, 0.38, 0.40, 0.35)

#: Lengths in months of the orders with a youth justice service intervention.
REFERRAL_ORDER_MONTHS = {3: 20, 4: 12, 5: 6, 6: 25, 8: 8, 9: 12, 10: 3, 12: 14}
YRO_MONTHS = {6: 15, 9: 15, 12: 35, 18: 20, 24: 15}
DTO_MONTHS = {4: 20, 6: 25, 8: 15, 10: 10, 12: 15, 18: 10, 24: 5}
S250_MONTHS = {24: 30, 30: 20, 36: 30, 48: 20}
#: Out-of-court interventions, in days: about three months.
OUT_OF_COURT_DAYS = {
    "community-resolution": (56, 112),
    "youth-caution": (70, 120),
    "youth-conditional-caution": (84, 120),
}

#: Where the child lives (KPI 1 template list), by ``AccommodationType.code``.
ACCOMMODATION = {
    "parents": 74,
    "family": 9,
    "foster": 5,
    "residential": 4,
    "supported": 3,
    "friends": 1,
    "independent": 1,
    "temporary": 1.5,
    "bed-and-breakfast": 0.5,
    "no-fixed-abode": 0.3,
    "unknown": 0.7,
}

#: Foster care and residential units are for looked-after children only; supported
#: accommodation for looked-after children of 16 and over and for care leavers. Independent
#: living and bed and breakfast are for 16 and over. (The demo's own rules, as the law has it.)
CARE_PLACEMENTS = frozenset({"foster", "residential", "supported"})
SIXTEEN_AND_OVER = frozenset({"independent", "bed-and-breakfast"})
#: Where looked-after children live (the demo's own weights); unaccompanied asylum-seeking
#: children of 16 and 17 mostly in supported accommodation, younger ones in foster care.
PLACEMENTS = {"foster": 50, "residential": 30, "supported": 20}
UASC_PLACEMENTS = {"supported": 60, "foster": 30, "residential": 10}
UASC_PLACEMENTS_UNDER_16 = {"foster": 75, "residential": 25}
#: Where a child looked after until 18 lives afterwards.
CARE_LEAVER_HOMES = {"supported": 60, "independent": 40}
#: Which parents a child living with a parent lives with (the demo's own weights).
HOUSEHOLDS = {"mum": 50, "mum_and_dad": 40, "dad": 10}

#: Looked after at some time: 9% (seed 001); with the unaccompanied asylum-seeking
#: children (all looked after) and the children remanded to youth detention accommodation
#: the demo gets about 10%.
LOOKED_AFTER_CHANCE = 0.09
#: Unaccompanied asylum-seeking children: by the ethnicity they identify with (the
#: countries in ``names.UASC_ORIGINS``), of 15 or over at their first outcome, boys mostly
#: (the demo's own figures: about one child in a hundred).
UASC_CHANCE = {"black-african": 0.5, "asian-other": 0.6, "other-arab": 0.5, "other-any": 0.4}
UASC_GIRLS_FACTOR = 0.25
#: How often children go missing from home or from care (the demo's own figures).
MISSING_CHANCE = (0.12, 0.35)

#: Special educational needs (``SendStatus``): SEN support and EHCPs are well above
#: the school population among these children (seed 001).
SEND_STATUS = {"none": 52, "sen_support": 24, "ehcp": 16, "unknown": 8}

#: School-age provision and hours offered (a week), by ``EteProvisionType.code``.
SCHOOL_AGE_ETE = {
    "school-full-time": (52, 25, 32),
    "school-part-time": (10, 6, 18),
    "pru-full-time": (8, 20, 27),
    "pru-part-time": (7, 5, 15),
    "ap-other-full-time": (4, 20, 25),
    "ap-other-part-time": (5, 4, 15),
    "elective-home-education": (3, 5, 15),
    "re-engagement": (3, 6, 15),
    "none": (8, 0, 0),
}
#: Above school age: more are not in education, training or employment.
ABOVE_SCHOOL_AGE_ETE = {
    "college": (40, 12, 20),
    "apprenticeship": (5, 30, 37),
    "traineeship": (4, 16, 30),
    "re-engagement": (8, 6, 16),
    "employment-full-time": (4, 35, 40),
    "employment-part-time": (5, 10, 20),
    "supported-internship": (2, 16, 25),
    "voluntary-work": (2, 4, 10),
    "none": (30, 0, 0),
}
