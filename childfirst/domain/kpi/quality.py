"""Data-quality checks for a quarter's KPI return: what a service fixes before it submits.

Each check looks at one child of the quarter's KPI population
(:func:`childfirst.domain.kpi.population.kpi_population`) and that child's records (the
same :class:`~childfirst.domain.kpi.returns.Facts` the KPIs read), and says what a KPI
needs that is missing or contradictory: no accommodation recorded at the end of the
order, a need identified but no screening date, a victim never asked about contact.
A gap does not stop a figure being worked out: a child with nothing recorded is "not
recorded" there (never unsuitable, never "not in ETE"), an undated offer is no offer,
and so on; but the figure may well be wrong until the gap is filled.

Adding a check is one entry: a function decorated with :func:`check`, taking the
child's counted row and the :class:`Records`, and yielding a sentence for each gap::

    @check("victim-no-contact-date", "kpi10", "A victim who consented with no contact date",
           "Record the date the victim was contacted, on the victim's record.")
    def _victim_no_contact_date(row, records):
        for victim in records.victims_of(row):
            if victim.consented and ...:
                yield "A victim consented to contact but no contact date is recorded"

A check that needs a fact the :class:`Records` do not carry adds it to
:class:`QualityFacts` (and the selector that fills it, ``performance/quality.py``).
``docs/kpis/quality.md`` lists the checks and why each KPI needs its item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from childfirst.domain.kpi.population import InterventionRow
from childfirst.domain.kpi.returns import (
    MENTAL_HEALTH_INTERVENTIONS,
    SUBSTANCE_MISUSE_INTERVENTIONS,
    Episode,
    Facts,
    HealthRecord,
    OffenceFact,
    VictimFact,
    by_child,
    point_date,
    release_home,
)
from childfirst.domain.kpi.vocabulary import OUT_OF_COURT_GROUPS, Tier
from childfirst.domain.periods import academic_year

#: The KPIs in order, with the titles the return gives them.
KPI_TITLES: dict[str, str] = {
    "kpi1": "Accommodation",
    "kpi2": "Education, training and employment",
    "kpi3": "Special educational needs and additional learning needs",
    "kpi4": "Mental healthcare and emotional wellbeing",
    "kpi5": "Substance misuse",
    "kpi6": "Out-of-court disposals",
    "kpi7": "Links to wider services",
    "kpi8": "Management board attendance",
    "kpi9": "Serious violence",
    "kpi10": "Victims",
}

POINT_WORDS = {
    "start": "the start of the order",
    "end": "the end of the order",
    "release": "release from custody",
}

#: KPI 6: the statuses that say clearly how an ended out-of-court programme went.
#: "completed" counts as completed; "ended_early" (ended without completion) and
#: "transferred" (transferred out: the programme ended here without being completed
#: here) count as not completed, and the record says so. "open" on a programme whose
#: end date has passed contradicts the end date: KPI 6 counts it as not completed,
#: which may be wrong, so it is a gap. Any status not known here is a gap too.
CLEAR_ENDINGS = frozenset({"completed", "ended_early", "transferred"})


def long_date(day: dt.date) -> str:
    """14 March 2025 (GOV.UK style)."""
    return f"{day.day} {day:%B %Y}"


# ----------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class QualityFacts:
    """What the checks read: the KPIs' facts, and the few things only the checks need."""

    facts: Facts
    #: The status of each counted intervention, by intervention id ("open", "completed",
    #: "ended_early", "transferred": casework's ``InterventionStatus``).
    statuses: Mapping[Hashable, str] = field(default_factory=dict)


class Records:
    """The facts indexed by child, once, for every check to read."""

    def __init__(self, quality: QualityFacts) -> None:
        facts = quality.facts
        self.accommodation = by_child(facts.accommodation)
        self.ete = by_child(facts.ete)
        self.health: dict[Hashable, list[HealthRecord]] = {}
        for record in facts.health:
            self.health.setdefault(record.child_id, []).append(record)
        self.offences: dict[Hashable, list[OffenceFact]] = {}
        for offence in facts.offences:
            self.offences.setdefault(offence.child_id, []).append(offence)
        self.send = {(s.child_id, s.academic_year) for s in facts.send}
        self.victims: dict[Hashable, list[VictimFact]] = {}
        for victim in facts.victims:
            self.victims.setdefault(victim.child_id, []).append(victim)
        self.statuses = quality.statuses
        self.accommodation_names = dict(facts.accommodation_types)
        self.ete_names = dict(facts.ete_types)

    def victims_of(self, row: InterventionRow) -> list[VictimFact]:
        """The victims of the order: linked to one of the offences its outcome dealt
        with (KPI 10 reaches victims through their offences, ``kpi10_victims``)."""
        return [
            v
            for v in self.victims.get(row.child_id, ())
            if set(v.offence_ids) & set(row.offence_ids)
        ]

    def unlinked_victims(self, row: InterventionRow) -> list[VictimFact]:
        """The child's victims recorded with no offence: KPI 10 cannot count them."""
        return [v for v in self.victims.get(row.child_id, ()) if not v.offence_ids]


def time_points(row: InterventionRow) -> list[tuple[str, dt.date]]:
    """The days the KPIs look at the child: start, end and (custody) release."""
    found = []
    for point in ("start", "end", "release"):
        day = point_date(row, point)
        if day is not None:
            found.append((point, day))
    return found


def _covering(episodes: Sequence[Episode], row: InterventionRow) -> list[tuple[Episode, list[str]]]:
    """Each episode covering one of the row's time points, with the points it covers."""
    found = []
    for episode in episodes:
        points = [point for point, day in time_points(row) if episode.covers(day)]
        if points:
            found.append((episode, points))
    return found


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _at(points: Sequence[str]) -> str:
    return _and([POINT_WORDS[p] for p in points])


# ----------------------------------------------------------------------------- the registry

Find = Callable[[InterventionRow, Records], Iterable[str]]


@dataclass(frozen=True)
class Check:
    code: str  # unique, stable: it names the check in exports
    kpi: str  # kpi1 ... kpi10
    title: str  # what is missing or contradictory, in a few words
    fix: str  # what to record, and where
    find: Find  # the sentences describing each gap for one counted child


#: Every check, in the order they are listed within a KPI.
CHECKS: list[Check] = []


def check(code: str, kpi: str, title: str, fix: str) -> Callable[[Find], Find]:
    """Registers the decorated function as a check (the one entry a new check needs)."""
    if kpi not in KPI_TITLES:
        raise ValueError(f"{kpi!r} is not a KPI")

    def register(find: Find) -> Find:
        if any(c.code == code for c in CHECKS):
            raise ValueError(f"A check {code!r} is already registered")
        CHECKS.append(Check(code, kpi, title, fix, find))
        return find

    return register


def checks_by_code(checks: Sequence[Check] | None = None) -> dict[str, Check]:
    return {c.code: c for c in (CHECKS if checks is None else checks)}


@dataclass(frozen=True)
class Gap:
    """One missing or contradictory item in a counted child's record."""

    child_id: Hashable
    kpi: str
    check: str  # a Check's code
    detail: str


def find_gaps(quality: QualityFacts, checks: Sequence[Check] | None = None) -> list[Gap]:
    """Every gap in the population's records: by KPI, then check, then the population's
    order (type of order, then child)."""
    chosen = CHECKS if checks is None else checks
    order = list(KPI_TITLES)
    records = Records(quality)
    gaps: list[Gap] = []
    for each in sorted(chosen, key=lambda c: order.index(c.kpi)):
        for row in quality.facts.population:
            gaps.extend(Gap(row.child_id, each.kpi, each.code, d) for d in each.find(row, records))
    return gaps


def count_by(gaps: Iterable[Gap], key: Callable[[Gap], str]) -> dict[str, dict[str, int]]:
    """Gaps counted by ``key`` (a team, say) then by KPI, each KPI present, in order."""
    counts: dict[str, dict[str, int]] = {}
    for gap in gaps:
        row = counts.setdefault(key(gap), dict.fromkeys(KPI_TITLES, 0))
        row[gap.kpi] += 1
    return counts


# ----------------------------------------------------------------------------- KPI 1


@check(
    "accommodation-missing",
    "kpi1",
    "No accommodation recorded at a time point",
    "Add an accommodation episode covering the date, on the child's accommodation record.",
)
def _accommodation_missing(row: InterventionRow, records: Records) -> Iterator[str]:
    episodes = records.accommodation.get(row.child_id, ())
    for point, day in time_points(row):
        if not any(e.covers(day) for e in episodes):
            yield f"No accommodation recorded at {POINT_WORDS[point]} ({long_date(day)})"


@check(
    "accommodation-suitability-unknown",
    "kpi1",
    "Accommodation whose suitability is not known",
    "Record whether the accommodation was suitable: KPI 1 counts 'not known' as unsuitable.",
)
def _accommodation_unknown(row: InterventionRow, records: Records) -> Iterator[str]:
    for episode, points in _covering(records.accommodation.get(row.child_id, ()), row):
        if episode.suitable is None:
            name = records.accommodation_names.get(episode.kind, episode.kind)
            yield (
                f"Suitability not known for '{name}' from {long_date(episode.start)}, "
                f"at {_at(points)}"
            )


@check(
    "accommodation-secured-missing",
    "kpi1",
    "A home on release from custody with no date secured",
    "Record the date the accommodation was secured: KPI 1 counts how far ahead of the "
    "release it was.",
)
def _accommodation_secured_missing(row: InterventionRow, records: Records) -> Iterator[str]:
    day = point_date(row, "release")
    if day is None:
        return
    found = [e for e in records.accommodation.get(row.child_id, ()) if e.covers(day)]
    home = release_home(found)
    if home is not None and home.secured_on is None:
        name = records.accommodation_names.get(home.kind, home.kind)
        yield f"No date secured for '{name}', the home on release ({long_date(day)})"


# ----------------------------------------------------------------------------- KPI 2


@check(
    "ete-missing",
    "kpi2",
    "No education, training or employment recorded at a time point",
    "Add an ETE episode covering the date (use 'none' if the child was in none).",
)
def _ete_missing(row: InterventionRow, records: Records) -> Iterator[str]:
    episodes = records.ete.get(row.child_id, ())
    for point, day in time_points(row):
        if not any(e.covers(day) for e in episodes):
            words = POINT_WORDS[point]
            yield f"No education, training or employment recorded at {words} ({long_date(day)})"


def _arrangements(row: InterventionRow, records: Records) -> Iterator[tuple[Episode, str, str]]:
    for episode, points in _covering(records.ete.get(row.child_id, ()), row):
        if not episode.not_in_ete:
            name = records.ete_names.get(episode.kind, episode.kind)
            yield episode, f"'{name}' from {long_date(episode.start)}", _at(points)


@check(
    "ete-hours-offered-missing",
    "kpi2",
    "An ETE arrangement with no hours offered",
    "Record the hours offered a week: KPI 2 bands them and decides full or part time.",
)
def _ete_hours_missing(row: InterventionRow, records: Records) -> Iterator[str]:
    for episode, name, points in _arrangements(row, records):
        if episode.hours_offered is None:
            yield f"No hours offered a week recorded for {name}, at {points}"


@check(
    "ete-hours-attended-over-offered",
    "kpi2",
    "More hours attended than offered",
    "Correct the hours offered or attended a week: a child cannot attend more than offered.",
)
def _ete_hours_over(row: InterventionRow, records: Records) -> Iterator[str]:
    for episode, name, points in _arrangements(row, records):
        offered, attended = episode.hours_offered, episode.hours_attended
        if offered is not None and attended is not None and attended > offered:
            yield (
                f"{attended} hours attended a week but {offered} offered for {name}, at {points}"
            )


# ----------------------------------------------------------------------------- KPI 3


@check(
    "send-record-missing",
    "kpi3",
    "No SEND or ALN record for the academic year the order ended in",
    "Add the child's SEND or ALN record for that academic year, saying whether a need "
    "was identified and any formal plan (EHCP or IDP).",
)
def _send_missing(row: InterventionRow, records: Records) -> Iterator[str]:
    assert row.end is not None
    year = academic_year(row.end)
    if (row.child_id, year) not in records.send:
        yield (
            f"No SEND or ALN record for the academic year {year} to {year + 1}, "
            f"when the order ended ({long_date(row.end)})"
        )


# ----------------------------------------------------------------------------- KPIs 4 and 5


def _health_during(row: InterventionRow, records: Records, need: str) -> list[HealthRecord]:
    """The health records of ``need`` KPIs 4 and 5 read for the order: identified on or
    before its end, or with no screening date (``returns._health``)."""
    assert row.end is not None
    end = row.end
    return [
        e
        for e in records.health.get(row.child_id, ())
        if e.need == need and (e.identified_on is None or e.identified_on <= end)
    ]


def _health_checks(kpi: str, need: str, words: str, offers: Sequence[tuple[str, str]]) -> None:
    names = dict(offers)

    @check(
        f"{need.replace('_', '-')}-need-not-screened",
        kpi,
        f"A {words} need identified with no screening date",
        "Record the date the need was screened or identified, on the health record: the "
        "KPI counts a need only from a dated screening.",
    )
    def _not_screened(row: InterventionRow, records: Records) -> Iterator[str]:
        for e in _health_during(row, records, need):
            if (
                e.need_identified
                and e.identified_on is None
                and not e.treatment_at_start(row.start)
            ):
                yield f"A {words} need is identified but no screening date is recorded"

    @check(
        f"{need.replace('_', '-')}-offer-without-need",
        kpi,
        f"A {words} intervention offered with no need identified",
        "Record the need the screening identified (or that the child was already in "
        "treatment), or correct the intervention offered.",
    )
    def _offer_without_need(row: InterventionRow, records: Records) -> Iterator[str]:
        for e in _health_during(row, records, need):
            if e.intervention and not e.need_identified and not e.treatment_at_start(row.start):
                offered = names.get(e.intervention, e.intervention)
                yield (
                    f"{offered} offered but no {words} need is identified and the child "
                    "was not already in treatment"
                )

    @check(
        f"{need.replace('_', '-')}-offer-not-dated",
        kpi,
        f"A {words} intervention with no date offered",
        "Record the date the intervention was offered or referred (and the date the "
        "child started attending): the KPI counts only offers dated within the order.",
    )
    def _offer_not_dated(row: InterventionRow, records: Records) -> Iterator[str]:
        for e in _health_during(row, records, need):
            if e.intervention and e.offered_on is None and e.attending_from is None:
                offered = names.get(e.intervention, e.intervention)
                if not e.treatment_at_start(row.start):
                    yield f"{offered} is recorded with no date offered or attending from"


_health_checks("kpi4", "mental_health", "mental health", MENTAL_HEALTH_INTERVENTIONS)
_health_checks("kpi5", "substance_misuse", "substance misuse", SUBSTANCE_MISUSE_INTERVENTIONS)


# ----------------------------------------------------------------------------- KPI 6


@check(
    "out-of-court-status-unclear",
    "kpi6",
    "An ended out-of-court programme not marked completed or not completed",
    "Set the intervention's status to completed, ended without completion or transferred "
    "out: KPI 6 counts a programme as completed or not completed only from these.",
)
def _ooc_status(row: InterventionRow, records: Records) -> Iterator[str]:
    if row.order_group not in OUT_OF_COURT_GROUPS:
        return
    status = records.statuses.get(row.intervention_id, "")
    if status not in CLEAR_ENDINGS:
        assert row.end is not None
        shown = f"is still '{status}'" if status else "is not recorded"
        yield f"The programme ended on {long_date(row.end)} but its status {shown}"


# ----------------------------------------------------------------------------- KPIs 9 and 10
#
# An offence type's gravity cannot be missing: ``OffenceType.gravity`` is required and
# the database holds it to 1-8, so there is no "offence with no gravity" check.


@check(
    "outcome-without-offence",
    "kpi9",
    "A counted outcome with no offence linked",
    "Link the offences the outcome dealt with, on the outcome's record: KPI 9 counts "
    "offences, and KPI 10 finds the order's victims through them.",
)
def _outcome_without_offence(row: InterventionRow, records: Records) -> Iterator[str]:
    if not row.offence_ids:
        yield f"The outcome of {long_date(row.outcome_date)} has no offence linked"


@check(
    "court-offence-no-first-hearing",
    "kpi9",
    "An offence dealt with at court with no first hearing date",
    "Record the date of the offence's first court hearing, on the offence: KPI 9 takes "
    "the child's age on it (the outcome date stands in until then).",
)
def _no_first_hearing(row: InterventionRow, records: Records) -> Iterator[str]:
    for offence in records.offences.get(row.child_id, ()):
        if offence.outcome_tier in (Tier.FIRST_TIER, Tier.COMMUNITY, Tier.CUSTODY) and (
            offence.first_hearing is None and not offence.overturned
        ):
            yield (
                f"The offence dealt with at court on {long_date(offence.outcome_date)} "
                "has no first hearing date"
            )


@check(
    "victim-no-offence",
    "kpi10",
    "A victim not linked to an offence",
    "Link the victim to the offence or offences, on the victim's record: KPI 10 counts "
    "victims through the offences whose programme ended.",
)
def _victim_no_offence(row: InterventionRow, records: Records) -> Iterator[str]:
    found = records.unlinked_victims(row)
    if len(found) == 1:
        yield "A victim of the child is linked to no offence"
    elif found:
        yield f"{len(found)} victims of the child are linked to no offence"


@check(
    "victim-consent-unknown",
    "kpi10",
    "A victim with no answer on consent to contact",
    "Record whether the victim consented to contact from the service: KPI 10 counts "
    "only victims who did.",
)
def _victim_consent(row: InterventionRow, records: Records) -> Iterator[str]:
    unknown = [v for v in records.victims_of(row) if v.consented is None]
    if len(unknown) == 1:
        yield "A victim of the order has no answer recorded on consent to contact"
    elif unknown:
        yield f"{len(unknown)} victims of the order have no answer recorded on consent to contact"
