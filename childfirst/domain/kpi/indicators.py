"""The long-standing national indicators: first time entrants, custody and proven reoffending.

Sources: Youth Justice Statistics (YJB and MoJ; "Guide to youth justice statistics",
https://www.gov.uk/government/statistics/guide-to-youth-justice-statistics/guide-to-youth-justice-statistics)
for first time entrants, use of custody, the disposal tiers
(:class:`~childfirst.domain.kpi.vocabulary.Tier`) and the breakdowns; the MoJ's
"Proven reoffending statistics: definitions and measurement" (later editions:
"Guide to proven reoffending statistics") for proven reoffending. Details the
sources leave uncertain are noted where they are used; those of proven
reoffending are settings, each explained in ``docs/kpis/settings.md``.

The national figures are computed by the MoJ from the Police National Computer
(PNC); these functions compute the same measures from the facts a service holds,
so they can differ from the published figures where the two records differ.

Inputs are plain frozen facts (:class:`ChildFacts`, :class:`OutcomeFact`,
:class:`OffenceFact`, :class:`CareFact`); a reporting period is a
:class:`~childfirst.domain.periods.Quarter` or
:class:`~childfirst.domain.periods.FinancialYear`. Every count is a
:class:`~childfirst.domain.kpi.measures.Figure`, so it can be opened onto the
children it counts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TypeAlias

from childfirst.domain.kpi.measures import Figure, percentage, rate
from childfirst.domain.kpi.vocabulary import OffenceCategory, OrderGroup, Tier, is_youth_justice_age
from childfirst.domain.periods import FinancialYear, Quarter, add_months, age_on

Period: TypeAlias = Quarter | FinancialYear


# --- input facts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildFacts:
    """What the indicators need to know about a child (for the breakdowns of Youth Justice
    Statistics: sex, age, ethnicity)."""

    child_id: Hashable
    date_of_birth: dt.date
    sex: str  # "male" | "female" | "unknown"
    ethnic_group: str  # "asian" | "black" | "mixed" | "white" | "other" | "" (not known)


@dataclass(frozen=True)
class OffenceFact:
    """An offence: when it was committed and its YJB offence category code."""

    offence_id: Hashable
    date: dt.date
    category: str  # an OffenceCategory code, e.g. "vatp", "robbery", "breach_order"


@dataclass(frozen=True)
class OutcomeFact:
    """A caution, sentence or other outcome, with the offences it proved.

    ``tier`` is the disposal tier of YJB statistics, a
    :class:`~childfirst.domain.kpi.vocabulary.Tier` value: "informal", "pre_court",
    "first_tier", "community", "custody" or "remand"; ``order_group`` an
    :class:`~childfirst.domain.kpi.vocabulary.OrderGroup` value or "". ``custodial``
    marks a custodial *sentence*; a remand is never one (see :func:`use_of_custody`).
    """

    outcome_id: Hashable
    child_id: Hashable
    date: dt.date
    tier: str
    order_group: str  # "oocd" | "youth_caution" | "ycc" | "referral_order" | "yro" | "custody" | ""
    first_time_entrant: bool
    custodial: bool
    overturned: bool = False
    release_date: dt.date | None = None
    offences: tuple[OffenceFact, ...] = ()


@dataclass(frozen=True)
class CareFact:
    """A period in which the child was looked after (in care); ``end`` None while it lasts."""

    child_id: Hashable
    start: dt.date
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        """Looked after on ``day`` (both ends included)."""
        return self.start <= day and (self.end is None or day <= self.end)


# --- shared rules ---------------------------------------------------------------------------

SEXES = ("male", "female", "unknown")
ETHNIC_GROUPS = ("asian", "black", "mixed", "white", "other", "unknown")


def _is_child_on(child: ChildFacts, day: dt.date) -> bool:
    """Aged 10 (the age of criminal responsibility) to 17 on ``day``."""
    return is_youth_justice_age(age_on(child.date_of_birth, day))


def _order(outcome: OutcomeFact) -> tuple[dt.date, str]:
    """Earliest first; ties by the outcome id as text, so results are repeatable."""
    return outcome.date, str(outcome.outcome_id)


def _is_custodial_sentence(outcome: OutcomeFact) -> bool:
    return outcome.custodial and not outcome.overturned and outcome.tier != Tier.REMAND


def _sex(child: ChildFacts) -> str:
    return child.sex if child.sex in ("male", "female") else "unknown"


def _ethnic_group(child: ChildFacts) -> str:
    return child.ethnic_group if child.ethnic_group in ETHNIC_GROUPS else "unknown"


def _by_id(children: Iterable[ChildFacts]) -> dict[Hashable, ChildFacts]:
    return {child.child_id: child for child in children}


# --- first time entrants (Youth Justice Statistics) -------------------------------------------


@dataclass(frozen=True)
class FteResult:
    """First time entrants in a period, their rate and their breakdowns.

    Each breakdown holds every key, perhaps with an empty figure, out of ``count``:
    ``by_sex`` (male, female, unknown), ``by_ethnic_group`` (asian, black, mixed,
    white, other, unknown), ``by_disposal`` (caution, sentence), ``by_age``
    (10-14, 15-17).
    """

    count: Figure
    rate_per_100k: float | None
    population: int | None
    by_sex: dict[str, Figure]
    by_ethnic_group: dict[str, Figure]
    by_disposal: dict[str, Figure]
    by_age: dict[str, Figure]


def first_time_entrants(
    children: Iterable[ChildFacts],
    outcomes: Iterable[OutcomeFact],
    period: Period,
    population_10_17: int | None = None,
) -> FteResult:
    """Children aged 10-17 who received their first youth caution or court sentence in ``period``.

    Source: the Youth Justice Statistics definition ("Guide to youth justice
    statistics"; ``docs/kpis/first-time-entrants.md``). A child's entry
    date is that of their earliest outcome marked ``first_time_entrant`` that was
    not overturned (community resolutions, Outcome 22 and the like are never
    marked); they count in ``period`` if that date falls in it and they were
    10-17 on it. A later outcome never makes them an entrant again.

    The rate is entrants per 100,000 of the area's 10-17 population (ONS mid-year
    estimate), to 1 decimal place. Its basis and the usual rolling 12-month period
    are standard but **uncertain** (``docs/kpis/first-time-entrants.md``); pass a year
    for a yearly rate.
    Outcomes of children not in ``children`` are left out (they cannot be aged).
    """
    people = _by_id(children)
    first: dict[Hashable, OutcomeFact] = {}
    for outcome in sorted(outcomes, key=_order):
        if outcome.first_time_entrant and not outcome.overturned:
            first.setdefault(outcome.child_id, outcome)
    entrants: dict[Hashable, tuple[ChildFacts, OutcomeFact]] = {}
    for child_id, outcome in first.items():
        child = people.get(child_id)
        if child is not None and outcome.date in period and _is_child_on(child, outcome.date):
            entrants[child_id] = (child, outcome)

    def breakdown(
        keys: tuple[str, ...], key: Callable[[ChildFacts, OutcomeFact], str]
    ) -> dict[str, Figure]:
        members: dict[str, list[Hashable]] = {k: [] for k in keys}
        for child_id, (child, outcome) in entrants.items():
            members[key(child, outcome)].append(child_id)
        return {k: Figure.of(ids, out_of=len(entrants)) for k, ids in members.items()}

    return FteResult(
        count=Figure.of(entrants),
        rate_per_100k=rate(len(entrants), population_10_17, 100_000, 1),
        population=population_10_17,
        by_sex=breakdown(SEXES, lambda c, o: _sex(c)),
        by_ethnic_group=breakdown(ETHNIC_GROUPS, lambda c, o: _ethnic_group(c)),
        by_disposal=breakdown(
            ("caution", "sentence"),
            lambda c, o: "caution" if o.tier == Tier.PRE_COURT else "sentence",
        ),
        by_age=breakdown(
            ("10-14", "15-17"),
            lambda c, o: "10-14" if age_on(c.date_of_birth, o.date) <= 14 else "15-17",
        ),
    )


# --- use of custody (Youth Justice Statistics) ------------------------------------------------


@dataclass(frozen=True)
class CustodyResult:
    """Custodial sentences in a period: ``sentences.numerator`` sentences; members: the children."""

    sentences: Figure
    rate_per_1000: float | None
    population: int | None


def use_of_custody(
    children: Iterable[ChildFacts],
    outcomes: Iterable[OutcomeFact],
    period: Period,
    population_10_17: int | None = None,
) -> CustodyResult:
    """Custodial sentences given to children aged 10-17 in ``period``, per 1,000 of the population.

    Source: the YJB use-of-custody indicator of Youth Justice Statistics ("Guide to
    youth justice statistics"; ``docs/kpis/use-of-custody.md``): custodial sentences
    (DTO, s.250, s.254, s.259) per 1,000 of the 10-17 general population, to 2
    decimal places. Counted here: outcomes marked ``custodial``, not overturned,
    dated in the period, the child 10-17 on the date; each sentence counts (a child
    sentenced twice counts twice). Remands (tier "remand") are never sentences.
    Whether local rates come from the PNC or YJB case-level data is **uncertain**
    (``docs/kpis/use-of-custody.md``): this counts the service's own records.
    """
    people = _by_id(children)
    sentences = [
        outcome
        for outcome in outcomes
        if _is_custodial_sentence(outcome)
        and outcome.date in period
        and outcome.child_id in people
        and _is_child_on(people[outcome.child_id], outcome.date)
    ]
    figure = Figure(len(sentences), None, frozenset(o.child_id for o in sentences))
    return CustodyResult(
        sentences=figure,
        rate_per_1000=rate(len(sentences), population_10_17, 1000, 2),
        population=population_10_17,
    )


# --- proven reoffending (MoJ) -----------------------------------------------------------------

#: Tiers of the cautions and non-custodial sentences that start a follow-up.
INDEX_TIERS = frozenset({Tier.PRE_COURT, Tier.FIRST_TIER, Tier.COMMUNITY})
#: Tiers of the cautions and convictions that prove a reoffence.
PROVING_TIERS = frozenset({Tier.PRE_COURT, Tier.FIRST_TIER, Tier.COMMUNITY, Tier.CUSTODY})
BREACHES = frozenset({OffenceCategory.BREACH_OF_STATUTORY_ORDER, OffenceCategory.BREACH_OF_BAIL})

#: The reoffending tables' own row labels, by tier and by index disposal, in display order
#: (worded for those tables, so not the vocabulary's labels).
TIER_LABELS: dict[str, str] = {
    Tier.PRE_COURT: "Caution (youth caution or conditional caution)",
    Tier.FIRST_TIER: "First tier",
    Tier.COMMUNITY: "Community",
    Tier.CUSTODY: "Custody",
}
INDEX_DISPOSAL_LABELS: dict[str, str] = {
    OrderGroup.YOUTH_CAUTION: "Youth caution",
    OrderGroup.YCC: "Youth conditional caution",
    OrderGroup.REFERRAL_ORDER: "Referral order",
    OrderGroup.YRO: "Youth rehabilitation order",
    OrderGroup.CUSTODY: "Custodial sentence",
}
OTHER_DISPOSAL = "Other"  # fines, discharges and anything else without a group above
SEX_LABELS = {"female": "Female", "male": "Male", "unknown": "Not known"}
ETHNIC_GROUP_LABELS = {
    "asian": "Asian",
    "black": "Black",
    "mixed": "Mixed",
    "white": "White",
    "other": "Other",
    "unknown": "Not known",
}
CARE_LABELS = ("Looked after", "Not looked after")


def _index_events(outcome: OutcomeFact) -> list[tuple[dt.date, str, str]]:
    """The (index date, tier, order group) an outcome can start: a caution or non-custodial
    sentence on its date, a custodial sentence on the release date."""
    events = []
    if outcome.tier in INDEX_TIERS and not outcome.overturned:
        events.append((outcome.date, outcome.tier, outcome.order_group))
    if _is_custodial_sentence(outcome) and outcome.release_date is not None:
        events.append((outcome.release_date, Tier.CUSTODY, OrderGroup.CUSTODY))
    return events


@dataclass(frozen=True)
class _Entry:
    """One child in a cohort: ``member`` is what the figures list (see proven_reoffending)."""

    member: Hashable
    child: ChildFacts
    index_date: dt.date
    tier: str
    order_group: str
    looked_after: bool
    reoffences: int


def _two_way(entry: _Entry) -> str:
    group = _ethnic_group(entry.child)
    return {"white": "White", "unknown": "Not known"}.get(group, "Ethnic minority groups")


#: Each breakdown: its rows' labels in order, and the label of an entry's row.
_BREAKDOWNS: dict[str, tuple[tuple[str, ...], Callable[[_Entry], str]]] = {
    "tier": (tuple(TIER_LABELS.values()), lambda e: TIER_LABELS[e.tier]),
    "index_disposal": (
        (*INDEX_DISPOSAL_LABELS.values(), OTHER_DISPOSAL),
        lambda e: INDEX_DISPOSAL_LABELS.get(e.order_group, OTHER_DISPOSAL),
    ),
    "sex": (tuple(SEX_LABELS.values()), lambda e: SEX_LABELS[_sex(e.child)]),
    "ethnic_group": (
        tuple(ETHNIC_GROUP_LABELS.values()),
        lambda e: ETHNIC_GROUP_LABELS[_ethnic_group(e.child)],
    ),
    "ethnicity": (("White", "Ethnic minority groups", "Not known"), _two_way),
    "care": (CARE_LABELS, lambda e: CARE_LABELS[0] if e.looked_after else CARE_LABELS[1]),
}


@dataclass(frozen=True)
class ReoffendingRow:
    """One row of a reoffending table: a cohort, its reoffenders and reoffences.

    ``cohort.numerator`` is the cohort size; ``reoffenders`` is out of it. The
    looked-after columns count the cohort members in care on their index date and
    how many of them reoffended (local tables' "CIC" column: children in care).
    Rates are rounded half up: percentages to 1 place, the others to 2.
    """

    label: str
    cohort: Figure
    reoffenders: Figure
    reoffences: int
    looked_after_cohort: int
    looked_after_reoffenders: int

    @classmethod
    def _of(cls, label: str, entries: Iterable[_Entry]) -> ReoffendingRow:
        rows = list(entries)
        looked_after = [e for e in rows if e.looked_after]
        return cls(
            label=label,
            cohort=Figure.of(e.member for e in rows),
            reoffenders=Figure.of((e.member for e in rows if e.reoffences), out_of=len(rows)),
            reoffences=sum(e.reoffences for e in rows),
            looked_after_cohort=len(looked_after),
            looked_after_reoffenders=sum(1 for e in looked_after if e.reoffences),
        )

    @property
    def binary_rate(self) -> float | None:
        """Reoffenders as a percentage of the cohort (None for an empty cohort)."""
        return self.reoffenders.percentage

    @property
    def frequency_rate(self) -> float | None:
        """Proven reoffences per child in the cohort."""
        return rate(self.reoffences, self.cohort.numerator, 1, 2)

    @property
    def reoffences_per_reoffender(self) -> float | None:
        return rate(self.reoffences, self.reoffenders.numerator, 1, 2)

    @property
    def looked_after_rate(self) -> float | None:
        """Looked-after reoffenders as a percentage of the looked-after cohort."""
        return percentage(self.looked_after_reoffenders, self.looked_after_cohort)


@dataclass(frozen=True)
class ReoffendingResult:
    """A proven reoffending cohort: the total row, the breakdowns and the settings used.

    ``breakdowns`` maps "tier", "index_disposal", "sex", "ethnic_group",
    "ethnicity" (two-way) and "care" to every row in display order, empty or not.
    """

    period: Period
    total: ReoffendingRow
    breakdowns: dict[str, list[ReoffendingRow]]
    follow_up_months: int
    waiting_months: int
    exclude_breaches: bool
    annual_from_quarters: bool
    complete: bool
    results_available_from: dt.date

    def row(self, breakdown: str, label: str) -> ReoffendingRow:
        """The row labelled ``label`` in ``breakdown``."""
        for row in self.breakdowns[breakdown]:
            if row.label == label:
                return row
        raise KeyError(f"{breakdown!r} has no row {label!r}")


def proven_reoffending(
    children: Iterable[ChildFacts],
    outcomes: Iterable[OutcomeFact],
    care: Iterable[CareFact],
    period: Period,
    today: dt.date,
    *,
    follow_up_months: int = 12,
    waiting_months: int = 6,
    exclude_breaches: bool = True,
    annual_from_quarters: bool = False,
    follow_up_ends_on_anniversary: bool = True,
) -> ReoffendingResult:
    """The proven reoffending of the children whose index event fell in ``period``.

    Source: MoJ "Proven reoffending statistics: definitions and measurement";
    breakdowns as in Youth Justice Statistics (``docs/kpis/proven-reoffending.md``).

    * **Cohort:** a child is in it once, at their first index event in the period
      (earliest date, ties by outcome id as text) at which they were aged 10-17: a
      caution or a non-custodial sentence (tiers pre-court, first tier, community)
      dated in the period, or a release from a custodial sentence in the period
      (index date = release date). Overturned outcomes are no index events.
    * **Proven reoffence:** an offence committed *after* the index date and on or
      before ``follow_up_months`` after it, proven by a caution or conviction (an
      outcome in tiers pre-court to custody, not overturned) dated no later than
      ``follow_up_months + waiting_months`` after the index date. Each offence
      counts once however many outcomes name it. The follow-up's last day is the
      anniversary of the index date (``follow_up_ends_on_anniversary``) or the day
      before it, and the waiting period's likewise: the sources leave it open
      (``docs/kpis/settings.md``, ``CHILDFIRST_REOFFENDING_FOLLOW_UP_ENDS``).
    * **Breaches** of orders, licences and bail are not reoffences while
      ``exclude_breaches``: this detail is **uncertain** (``docs/kpis/settings.md``).
    * **Looked after:** a care period covers the index date.

    ``annual_from_quarters`` (a FinancialYear only) adds up the four quarterly
    cohorts, as the MoJ's annual figures do since its move to 3-month cohorts; a
    child can then count up to four times, so the figures' members are
    ``(quarter code, child id)`` pairs, e.g. ``("2022Q1", 7)``, one per
    counted cohort place. Otherwise members are child ids. Whether that summing
    matches the published annual figures is **uncertain** (``docs/kpis/settings.md``).

    ``complete`` says whether every cohort member's follow-up and waiting period
    has ended by ``today`` (results are final from ``results_available_from``).
    """
    people = _by_id(children)
    outcome_list = sorted(outcomes, key=_order)
    proofs: dict[Hashable, list[OutcomeFact]] = defaultdict(list)
    for outcome in outcome_list:
        if not outcome.overturned and outcome.tier in PROVING_TIERS:
            proofs[outcome.child_id].append(outcome)
    care_by_child: dict[Hashable, list[CareFact]] = defaultdict(list)
    for spell in care:
        care_by_child[spell.child_id].append(spell)

    def reoffences(child_id: Hashable, index_date: dt.date) -> int:
        last = dt.timedelta(days=0 if follow_up_ends_on_anniversary else 1)
        committed_by = add_months(index_date, follow_up_months) - last
        proven_by = add_months(index_date, follow_up_months + waiting_months) - last
        found = {
            offence.offence_id
            for outcome in proofs[child_id]
            if outcome.date <= proven_by
            for offence in outcome.offences
            if index_date < offence.date <= committed_by
            and not (exclude_breaches and offence.category in BREACHES)
        }
        return len(found)

    def cohort(part: Period, tag: str | None) -> list[_Entry]:
        first: dict[Hashable, tuple[tuple[dt.date, str], str, str]] = {}
        for outcome in outcome_list:
            child = people.get(outcome.child_id)
            for day, tier, group in _index_events(outcome):
                if child is None or day not in part or not _is_child_on(child, day):
                    continue
                key = (day, str(outcome.outcome_id))
                if outcome.child_id not in first or key < first[outcome.child_id][0]:
                    first[outcome.child_id] = (key, tier, group)
        return [
            _Entry(
                member=child_id if tag is None else (tag, child_id),
                child=people[child_id],
                index_date=day,
                tier=tier,
                order_group=group,
                looked_after=any(spell.covers(day) for spell in care_by_child[child_id]),
                reoffences=reoffences(child_id, day),
            )
            for child_id, ((day, _), tier, group) in first.items()
        ]

    if annual_from_quarters and isinstance(period, FinancialYear):
        entries = [e for quarter in period.quarters for e in cohort(quarter, quarter.code)]
    else:
        entries = cohort(period, None)

    breakdowns: dict[str, list[ReoffendingRow]] = {}
    for name, (labels, label_of) in _BREAKDOWNS.items():
        grouped: dict[str, list[_Entry]] = {label: [] for label in labels}
        for entry in entries:
            grouped[label_of(entry)].append(entry)
        breakdowns[name] = [ReoffendingRow._of(label, rows) for label, rows in grouped.items()]

    available = add_months(period.end, follow_up_months + waiting_months)
    return ReoffendingResult(
        period=period,
        total=ReoffendingRow._of("Total", entries),
        breakdowns=breakdowns,
        follow_up_months=follow_up_months,
        waiting_months=waiting_months,
        exclude_breaches=exclude_breaches,
        annual_from_quarters=annual_from_quarters,
        complete=today >= available,
        results_available_from=available,
    )
