"""What every part of the generator shares: the reference data, the weighted draws,
the chunk of records being built (``Batch``) and a child's episodes (``Episode``)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from childfirst.accounts.models import User
from childfirst.casework.models import (
    AccommodationEpisode,
    AccommodationType,
    Address,
    Appointment,
    Assessment,
    CareEpisode,
    Child,
    Contact,
    EnforcementAction,
    EteEpisode,
    EteProvisionType,
    Ethnicity,
    FamilyMember,
    HealthEpisode,
    Intervention,
    Offence,
    OffenceType,
    Outcome,
    OutcomeType,
    Oversight,
    PillarAnalysis,
    Plan,
    PlanAction,
    Professional,
    Review,
    SendRecord,
    Victim,
)
from childfirst.demo import names, shapes
from childfirst.demo.facts import Origin
from childfirst.demo.shapes import Weighted

COURT_ORDER_CODES = frozenset({"referral-order", "yro", "yro-iss", "dto", "s250"})
CUSTODY_CODES = frozenset({"dto", "s250"})
OUT_OF_COURT_CODES = frozenset(shapes.OUT_OF_COURT_DAYS)


@dataclass
class Batch:
    """The records of a chunk of children, in the order they are written."""

    children: list[Child] = field(default_factory=list)
    restricted: list[tuple[Child, User]] = field(default_factory=list)
    care: list[CareEpisode] = field(default_factory=list)
    accommodation: list[AccommodationEpisode] = field(default_factory=list)
    ete: list[EteEpisode] = field(default_factory=list)
    send: list[SendRecord] = field(default_factory=list)
    health: list[HealthEpisode] = field(default_factory=list)
    offences: list[Offence] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    outcome_offences: list[tuple[Outcome, Offence]] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    victims: list[Victim] = field(default_factory=list)
    victim_offences: list[tuple[Victim, Offence]] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    enforcement: list[EnforcementAction] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    pillars: list[PillarAnalysis] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    actions: list[PlanAction] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    oversight: list[Oversight] = field(default_factory=list)
    family: list[FamilyMember] = field(default_factory=list)
    professionals: list[Professional] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)


@dataclass
class Episode:
    """An offence (or a few) and what happened: plain data before the records are built."""

    offences: list[tuple[str, date]]
    code: str
    date: date
    remand: tuple[str, date] | None = None
    months: int | None = None
    start: date | None = None
    planned_end: date | None = None
    end: date | None = None
    status: str = ""
    quiet_from: date | None = None  # no contact after this (a case that has gone quiet)
    case_manager: User | None = None
    #: Referred to the joint decision panel, which has not decided yet: no outcome
    #: recorded, the intervention open from the referral (the child's latest episode only).
    pending: bool = False


def release_day(ep: Episode) -> date | None:
    """When a child serving a custodial sentence is released (half a DTO, most of an s.250)."""
    if ep.code not in CUSTODY_CODES or not ep.start or not ep.months:
        return None
    return ep.start + timedelta(days=ep.months * 15 if ep.code == "dto" else ep.months * 25)


class Context:
    """The reference data by code, the weighted draws, and dates relative to ``today``."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.tz = ZoneInfo(settings.TIME_ZONE)

        self.ethnicity_id = dict(Ethnicity.objects.values_list("code", "pk"))
        self.offence_type = {o.code: o for o in OffenceType.objects.all()}
        self.outcome_type_id = dict(OutcomeType.objects.values_list("code", "pk"))
        self.accommodation_id = dict(AccommodationType.objects.values_list("code", "pk"))
        self.unsuitable_accommodation = set(
            AccommodationType.objects.filter(always_unsuitable=True).values_list("code", flat=True)
        )
        self.ete_id = dict(EteProvisionType.objects.values_list("code", "pk"))
        missing = (
            set(shapes.ETHNICITY) - {""} - set(self.ethnicity_id)
            | set(shapes.OFFENCES) - set(self.offence_type)
            | {*shapes.COURT_FIRST, *shapes.OUT_OF_COURT_FIRST} - set(self.outcome_type_id)
        )
        if missing:
            raise LookupError(
                "The reference data lacks codes the demo uses: " + ", ".join(sorted(missing))
            )

        self.pick_sex = Weighted(shapes.SEX)
        self.pick_ethnicity = Weighted(shapes.ETHNICITY)
        self.pick_age = {sex: Weighted(w) for sex, w in shapes.AGE_AT_FIRST_OUTCOME.items()}
        self.pick_offence = {
            (girl, minority): Weighted(
                {
                    code: weight
                    * (shapes.GIRLS_OFFENCE_FACTOR.get(code, 1.0) if girl else 1.0)
                    * (shapes.MINORITY_OFFENCE_FACTOR.get(code, 1.0) if minority else 1.0)
                    for code, weight in shapes.OFFENCES.items()
                }
            )
            for girl in (False, True)
            for minority in (False, True)
        }
        self.pick_offence_count = Weighted(shapes.OFFENCES_PER_EPISODE)
        self.pick_ooc_first = Weighted(shapes.OUT_OF_COURT_FIRST)
        self.pick_ooc_later = Weighted(shapes.OUT_OF_COURT_LATER)
        self.pick_court_first = Weighted(shapes.COURT_FIRST)
        self.pick_court_later = Weighted(shapes.COURT_LATER)
        self.pick_court_serious = Weighted(shapes.COURT_SERIOUS)
        self.pick_months = {
            "referral-order": Weighted(shapes.REFERRAL_ORDER_MONTHS),
            "yro": Weighted(shapes.YRO_MONTHS),
            "yro-iss": Weighted(shapes.YRO_MONTHS),
            "dto": Weighted(shapes.DTO_MONTHS),
            "s250": Weighted(shapes.S250_MONTHS),
        }
        # Foster care, residential units and supported accommodation are for looked-after
        # children (and care leavers); independent living and bed and breakfast for 16 and over.
        home = {k: w for k, w in shapes.ACCOMMODATION.items() if k not in shapes.CARE_PLACEMENTS}
        self.pick_home = Weighted(home)
        self.pick_home_under_16 = Weighted(
            {k: w for k, w in home.items() if k not in shapes.SIXTEEN_AND_OVER}
        )
        self.pick_placement = Weighted(shapes.PLACEMENTS)
        self.pick_placement_under_16 = Weighted(
            {k: w for k, w in shapes.PLACEMENTS.items() if k != "supported"}
        )
        self.pick_uasc_placement = Weighted(shapes.UASC_PLACEMENTS)
        self.pick_uasc_placement_under_16 = Weighted(shapes.UASC_PLACEMENTS_UNDER_16)
        self.pick_care_leaver_home = Weighted(shapes.CARE_LEAVER_HOMES)
        self.pick_household = Weighted(shapes.HOUSEHOLDS)
        self.pick_origin = {
            ethnicity: Weighted(
                {
                    Origin(country, language, *map(names._names, (boys, girls, surnames))): weight
                    for weight, country, language, boys, girls, surnames in origins
                }
            )
            for ethnicity, origins in names.UASC_ORIGINS.items()
        }
        self.pick_send = Weighted(shapes.SEND_STATUS)
        self.pick_school = Weighted({k: v[0] for k, v in shapes.SCHOOL_AGE_ETE.items()})
        self.pick_post16 = Weighted({k: v[0] for k, v in shapes.ABOVE_SCHOOL_AGE_ETE.items()})
        self.pick_mental_health_support = Weighted(
            {
                "getting_advice": 30,
                "getting_help": 40,
                "getting_more_help": 20,
                "getting_risk_support": 10,
            }
        )
        self.pick_substance_misuse_support = Weighted(
            {"targeted": 60, "specialist": 30, "complex_care": 10}
        )
        self.name_pools = sorted(names.BOYS)

    def at(self, day: date, rng: random.Random, hours: tuple[int, int] = (9, 17)) -> datetime:
        """A moment in working hours on ``day``; just after midnight if that is today,
        so that nothing is stamped later than the moment the demo is loaded."""
        hour, minute = rng.randint(hours[0], hours[1] - 1), rng.randrange(0, 60, 5)
        if day >= self.today:
            day, hour = self.today, 0
        return datetime.combine(day, time(hour, minute), self.tz)

    def cap(self, day: date) -> date:
        return min(day, self.today)
