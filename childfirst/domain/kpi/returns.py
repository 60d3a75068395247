"""The ten YJB key performance indicators for one quarter, from facts about the children.

Sources: the YJB's KPI guidance ("Key performance indicators for youth justice
services", from 1 April 2023,
https://www.gov.uk/guidance/key-performance-indicators-for-youth-justice-services)
for the headline wording, and the YJB/MoJ case-level KPI SQL (schema
``yjb_kpi_case_level``; public-code index ids 2862510002, 3039951116, 2426301060,
3081085517, 2413458947, 2491252131, 2628188652) for the counting rules. Where the
SQL's newest views (suffixed ``_v8``) differ from older ones, the v8 view is
followed, and each KPI's docstring names the view it follows. The rules those
sources leave uncertain are parameters of :class:`Rules`, set from named settings;
``docs/kpis/settings.md`` gives each one's default and why.

The population is :func:`childfirst.domain.kpi.population.kpi_population`: one
intervention per child whose order ended in the quarter. Each KPI looks at that
child's records at the **start** and **end** of the order and, for custodial
sentences, at **release**. A result is a headline :class:`Figure` and a table laid
out like the YJB's template: rows as its descriptions, columns the type-of-order
groups with their time points, and a total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from childfirst.domain.kpi.measures import Figure
from childfirst.domain.kpi.population import KPI_START, InterventionRow
from childfirst.domain.kpi.vocabulary import (
    ORDER_GROUPS,
    OUT_OF_COURT_GROUPS,
    SERIOUS_VIOLENCE_CATEGORIES,
    OrderGroup,
    Tier,
    is_youth_justice_age,
)
from childfirst.domain.periods import FinancialYear, Quarter, academic_year, age_on

Period = Quarter | FinancialYear

GROUP_LABELS = {**{group.value: group.label for group in OrderGroup}, "total": "Total"}
POINT_LABELS = {"start": "Start", "end": "End", "release": "Release", "all": "Children"}

#: KPI 6 breaks the out-of-court groups down by outcome (reference data codes).
OOCD_OUTCOMES = (
    ("community-resolution", "Community resolution"),
    ("outcome-22", "Outcome 22 with YJS intervention"),
    ("outcome-22-deferred", "Outcome 22 deferred prosecution or caution with YJS intervention"),
    ("outcome-20-21", "Outcome 20 or 21 with YJS intervention"),
    ("youth-caution", "Youth caution with YJS intervention"),
    ("youth-conditional-caution", "Youth conditional caution"),
)

#: The five statutory partners of KPI 8.
BOARD_SECTORS = (
    ("childrens_social_care", "Local authority children's social care"),
    ("education", "Local authority education"),
    ("police", "Police"),
    ("probation", "Probation"),
    ("health", "Health"),
)
#: Senior partners from outside the five (the template's ``senior_other``): a row of
#: their own, never in the headline ("Agreed not to include 'senior_other_attended'").
OTHER_SECTOR = ("other", "Other senior partners")

#: The KPI 9 categories (code, label) in the order its table lists them.
SERIOUS_VIOLENCE = tuple(
    (category.value, category.label) for category in SERIOUS_VIOLENCE_CATEGORIES
)
CAUTION_OR_SENTENCE_TIERS = frozenset(
    {Tier.PRE_COURT, Tier.FIRST_TIER, Tier.COMMUNITY, Tier.CUSTODY}
)
HOURS_BANDS = (("1-15", 1, 15), ("16-24", 16, 24), ("25+", 25, 10_000))


@dataclass(frozen=True)
class Rules:
    """The counting rules the sources leave uncertain, with their defaults.

    Each is a named setting; ``docs/kpis/settings.md`` gives its default and why."""

    #: KPI 2: "above school age" is "past the end of compulsory schooling" (the last
    #: Friday in June of the school year the child turns 16; "academic_year") or
    #: simply aged 16 or over ("age_16").
    above_school_age: str = "academic_year"
    #: KPI 2 full-time hours a week, school age and above school age.
    full_time_hours_school_age: int = 25
    full_time_hours_above_school_age: int = 16
    #: KPI 1: several overlapping accommodation episodes must all be suitable (as for ETE).
    accommodation_all_suitable: bool = True
    #: KPI 9: lowest YJB gravity score counted as serious violence.
    serious_violence_min_gravity: int = 5
    #: Custodial sentences: the start time point is the day before the outcome date
    #: (the YJB code's rule, as a DTO's custody and licence are separate programmes),
    #: or the intervention's own start date.
    custody_start_day_before_outcome: bool = True
    #: KPI 1: the bands (days before release, longest first) for how far ahead of a
    #: release from custody the home the child went to was secured.
    secured_ahead_days: tuple[int, ...] = (28, 14, 7)


# ----------------------------------------------------------------------------- facts


@dataclass(slots=True)  # read-only by convention: frozen's __init__ is 3x slower
class Episode:
    """A dated record (accommodation, ETE, care status, health) of one child."""

    child_id: Hashable
    start: dt.date
    end: dt.date | None
    kind: str  # accommodation type, provision type, care status or health need code
    suitable: bool | None = None  # None: not known (counts as unsuitable)
    always_unsuitable: bool = False  # accommodation: B&B, no fixed abode, not known
    not_in_ete: bool = False
    hours_offered: int | None = None
    hours_attended: int | None = None
    secured_on: dt.date | None = None  # accommodation: the day it was confirmed

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= last and (self.end is None or self.end >= first)


@dataclass(slots=True)  # read-only by convention: frozen's __init__ is 3x slower
class HealthRecord:
    """A mental health or substance misuse screening and what followed it (KPIs 4, 5).

    The YJB's case-level fields: ``kpi4MHDateScreened`` (read as the date the need was
    identified in the v8 views), ``kpi4MHDateOffered``, ``kpi4MHDateAttendedStart`` and
    ``kpi4MHDateAttendedEnd`` with ``kpi4MHInterventionType`` (and ``kpi5SM...`` alike).
    """

    child_id: Hashable
    need: str  # mental_health or substance_misuse
    identified_on: dt.date | None  # the screening that identified a need
    need_identified: bool = True
    intervention: str = ""  # the type offered or attended; "" for none
    offered_on: dt.date | None = None
    attending_from: dt.date | None = None
    attending_until: dt.date | None = None
    #: Recorded as already in treatment with no attendance dates (older records).
    already_receiving_treatment: bool = False

    def treatment_at_start(self, start: dt.date) -> bool:
        """Attending when the order began (``f_inTreatmentPrior``: the attendance
        straddles the start date)."""
        if self.attending_from is None:
            return self.already_receiving_treatment
        return self.attending_from < start and (
            self.attending_until is None or self.attending_until >= start
        )


@dataclass(slots=True)  # read-only by convention: frozen's __init__ is 3x slower
class SendFact:
    child_id: Hashable
    academic_year: int  # the year it starts in
    need_identified: bool
    formal_plan: bool  # an EHCP (England) or IDP (Wales)


@dataclass(slots=True)  # read-only by convention: frozen's __init__ is 3x slower
class OffenceFact:
    """An offence and the caution or sentence that dealt with it (KPI 9)."""

    offence_id: Hashable
    child_id: Hashable
    date_of_birth: dt.date
    sex: str
    category: str
    gravity: int
    outcome_date: dt.date
    outcome_tier: str
    outcome_seriousness: int
    overturned: bool = False
    offence_date: dt.date | None = None
    first_hearing: dt.date | None = None  # the first court hearing for the offence
    order_group: str = ""  # the outcome's type-of-order group
    #: The outcome came with a YJS intervention programme of a type the KPIs count
    #: (``count_in_kpis``): not a fine or a discharge with no YJS work.
    yjs_intervention: bool = True
    ethnic_group: str = ""

    @property
    def age(self) -> int:
        """Age for KPI 9 (``age_serious_violence``): at the offence for a caution (the
        SQL's age at arrest or offence), at the first hearing for a court outcome. With
        no first hearing recorded, the outcome date stands in (the data-quality check
        lists the offence): the child was at least that old at the first hearing."""
        if self.outcome_tier == Tier.PRE_COURT:
            day = self.offence_date or self.outcome_date
        else:
            day = self.first_hearing or self.outcome_date
        return age_on(self.date_of_birth, day)


@dataclass(slots=True)  # read-only by convention: frozen's __init__ is 3x slower
class VictimFact:
    victim_id: Hashable
    child_id: Hashable
    offence_ids: tuple[Hashable, ...]
    consented: bool | None
    engaged_restorative_justice: bool
    views_before_decision: bool
    views_before_planning: bool
    progress_requested: bool
    progress_given: bool
    support_requested: bool
    support_given: bool
    contacted: bool = False  # the YJS contacted the victim (``yjscontactDate``)


@dataclass(frozen=True)
class Attendance:
    """A partner's attendance at a management board meeting (KPI 8)."""

    meeting_date: dt.date
    sector: str  # one of BOARD_SECTORS
    senior: bool
    new_partner: bool = False


@dataclass(frozen=True)
class Facts:
    """Everything the ten KPIs read for one quarter."""

    population: Sequence[InterventionRow]
    accommodation: Sequence[Episode] = ()
    ete: Sequence[Episode] = ()
    care: Sequence[Episode] = ()
    health: Sequence[HealthRecord] = ()
    send: Sequence[SendFact] = ()
    offences: Sequence[OffenceFact] = ()
    victims: Sequence[VictimFact] = ()
    attendance: Sequence[Attendance] = ()
    #: The template's rows of types, (code, name) in order; by default the codes recorded.
    accommodation_types: Sequence[tuple[str, str]] = ()
    ete_types: Sequence[tuple[str, str]] = ()
    #: Every counted programme that ended, before one a child
    #: (:func:`~childfirst.domain.kpi.population.counted_programmes`); KPIs 6 and 10
    #: read it. Left empty, the population stands in.
    programmes: Sequence[InterventionRow] = ()
    #: Counted programmes of any quarter that dealt with the victims' offences: KPI 10
    #: gives an offence to its most serious programme, whenever that ended.
    offence_programmes: Sequence[InterventionRow] = ()

    @property
    def all_programmes(self) -> Sequence[InterventionRow]:
        return self.programmes or self.population


def _types(listed: Sequence[tuple[str, str]], episodes: Sequence[Episode]) -> list[tuple[str, str]]:
    if listed:
        return list(listed)
    return [(kind, kind) for kind in sorted({e.kind for e in episodes})]


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Column:
    key: str  # "oocd:start"
    group: str  # an order group, an outcome code, a sector or "total"
    point: str  # start / end / release / all
    label: str


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: Mapping[str, Figure]


@dataclass(frozen=True)
class KpiResult:
    code: str  # kpi1 ... kpi10
    title: str
    headline_label: str
    headline: Figure
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    unit: str = "children"
    note: str = ""
    source: str = ""
    #: Why the KPI has no figure this period (KPI 8 with no board meeting recorded):
    #: shown instead of the headline, which is then no figure at all, not a zero.
    missing: str = ""

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)

    def cell(self, row: str, column: str) -> Figure:
        return self.row(row).cells[column]


@dataclass(frozen=True)
class KpiReturn:
    quarter: Period
    kpis: tuple[KpiResult, ...] = field(default=())

    def __getitem__(self, code: str) -> KpiResult:
        for kpi in self.kpis:
            if kpi.code == code:
                return kpi
        raise KeyError(code)


# ----------------------------------------------------------------------------- helpers


def timed_columns(points: Sequence[str] = ("start", "end")) -> tuple[Column, ...]:
    """Each type-of-order group at each time point (custody adds release), then the total."""
    columns = []
    for group in (*ORDER_GROUPS, "total"):
        extra = ("release",) if group == OrderGroup.CUSTODY and "end" in points else ()
        for point in (*points, *extra):
            label = f"{GROUP_LABELS[group]}: {POINT_LABELS[point]}"
            columns.append(Column(f"{group}:{point}", group, point, label))
    return tuple(columns)


def point_date(row: InterventionRow, point: str, rules: Rules | None = None) -> dt.date | None:
    """The day a time point falls on. A custodial sentence starts, for the KPIs, the day
    before its outcome date (``Rules.custody_start_day_before_outcome``)."""
    if point == "start":
        rules = rules or Rules()
        if row.order_group == OrderGroup.CUSTODY and rules.custody_start_day_before_outcome:
            return row.outcome_date - dt.timedelta(days=1)
        return row.start
    if point == "release":
        return row.release if row.order_group == OrderGroup.CUSTODY else None
    return row.end


def by_child(episodes: Iterable[Episode]) -> dict[Hashable, list[Episode]]:
    index: dict[Hashable, list[Episode]] = {}
    for episode in episodes:
        index.setdefault(episode.child_id, []).append(episode)
    return index


Test = Callable[[InterventionRow, dt.date], bool]


Classify = Callable[[InterventionRow, dt.date], Collection[str]]


def table(
    population: Sequence[InterventionRow],
    columns: Sequence[Column],
    labels: Sequence[tuple[str, str]],
    classify: Classify,
    rules: Rules | None = None,
) -> tuple[Row, ...]:
    """Rows of children at each column's time point, out of those counted there.

    ``classify(row, day)`` gives the keys of the rows (of ``labels``) the child counts
    in at that day: it runs once per child and time point, and the columns only group
    its answers. The denominator of a cell is the children in its group with a date for
    its point (every child has a start and an end; only custodial sentences a release).
    """
    points = list(dict.fromkeys(c.point for c in columns))
    base: dict[tuple[str, str], int] = {}
    # The rows counted under each key at each point, in population order; split by
    # group once at the end rather than appended to twice for each key.
    hits: dict[tuple[str, str], list[InterventionRow]] = {}
    for row in population:
        for point in points:
            day = point_date(row, point, rules)
            if day is None:
                continue
            for group in (row.order_group, "total"):
                base[group, point] = base.get((group, point), 0) + 1
            for key in classify(row, day):
                found = hits.get((key, point))
                if found is None:
                    hits[key, point] = [row]
                else:
                    found.append(row)
    by_group: dict[tuple[str, str], dict[str, list[Hashable]]] = {}
    for at, rows in hits.items():
        groups: dict[str, list[Hashable]] = {"total": [r.child_id for r in rows]}
        for r in rows:
            groups.setdefault(r.order_group, []).append(r.child_id)
        by_group[at] = groups
    none: dict[str, list[Hashable]] = {}
    return tuple(
        Row(
            key,
            label,
            {
                column.key: _cell(
                    by_group.get((key, column.point), none).get(column.group, []),
                    base.get((column.group, column.point), 0),
                )
                for column in columns
            },
        )
        for key, label in labels
    )


def _cell(ids: list[Hashable], out_of: int) -> Figure:
    """One child a row per time point (the population is one row per child), so the ids
    are already distinct: no set needs building until someone lists them."""
    return Figure(len(ids), out_of, ids)


RowTest = Callable[[InterventionRow], bool]


def group_columns(point: str = "end") -> tuple[Column, ...]:
    """One column a type-of-order group, then the total (no time points)."""
    return tuple(
        Column(f"{group}:{point}", group, point, GROUP_LABELS[group])
        for group in (*ORDER_GROUPS, "total")
    )


def ratio_rows(
    population: Sequence[InterventionRow],
    columns: Sequence[Column],
    specs: Sequence[tuple[str, str, RowTest, RowTest | None]],
) -> tuple[Row, ...]:
    """Rows of children each out of its own denominator, in each group column.

    A spec is ``(key, label, counted, out_of)``: the children in the column's group
    for whom ``out_of`` holds (all of them if None) are the denominator, and those of
    them for whom ``counted`` holds the numerator (the v8 views' sub-measures divide by
    need, by offers and so on, not always by orders ended)."""
    rows = []
    groups = [column.group for column in columns]
    # Each row's groups (its own, then the total) among the columns', found once.
    members = [
        (row, [group for group in (row.order_group, "total") if group in groups])
        for row in population
    ]
    for key, label, counted, out_of in specs:
        base: dict[str, int] = dict.fromkeys(groups, 0)
        hits: dict[str, list[Hashable]] = {group: [] for group in groups}
        for row, in_groups in members:
            if out_of is not None and not out_of(row):
                continue
            chosen = counted(row)
            for group in in_groups:
                base[group] += 1
                if chosen:
                    hits[group].append(row.child_id)
        # One row a child (the population), so the ids are distinct: no set is built
        # until someone lists them.
        cells = {
            column.key: Figure(len(hits[column.group]), base[column.group], hits[column.group])
            for column in columns
        }
        rows.append(Row(key, label, cells))
    return tuple(rows)


def tested(
    tests: Sequence[tuple[str, str, Test]],
) -> tuple[list[tuple[str, str]], Classify]:
    """``table``'s labels and classifier from a test for each row."""

    def classify(row: InterventionRow, day: dt.date) -> list[str]:
        return [key for key, _, test in tests if test(row, day)]

    return [(key, label) for key, label, _ in tests], classify


def covering(
    episodes: Mapping[Hashable, Sequence[Episode]],
) -> Callable[[InterventionRow, dt.date], list[Episode]]:
    """``at(row, day)``: the child's episodes covering ``day``, worked out once for each."""
    found: dict[tuple[Hashable, dt.date], list[Episode]] = {}

    def at(row: InterventionRow, day: dt.date) -> list[Episode]:
        key = (row.child_id, day)
        if key not in found:
            found[key] = [e for e in episodes.get(row.child_id, ()) if e.covers(day)]
        return found[key]

    return at


def above_school_age(born: dt.date, day: dt.date, rules: Rules) -> bool:
    """Past compulsory school age on ``day`` (KPI 2).

    The YJB code works school age out from the date of birth, but its cut-off is not
    in the published SQL (index id 3039951116): ``docs/kpis/settings.md``,
    ``CHILDFIRST_KPI_ABOVE_SCHOOL_AGE``."""
    if rules.above_school_age == "age_16":
        return age_on(born, day) >= 16
    turns_16 = born.year + 16
    school_year_end = turns_16 + (1 if born.month >= 9 else 0)
    june_30 = dt.date(school_year_end, 6, 30)
    last_friday = june_30 - dt.timedelta(days=(june_30.weekday() - 4) % 7)
    return day > last_friday


def band(hours: int) -> str:
    for name, low, high in HOURS_BANDS:
        if low <= hours <= high:
            return name
    return "none"


def _headline(rows: Sequence[InterventionRow], test: Callable[[InterventionRow], bool]) -> Figure:
    return Figure.of((row.child_id for row in rows if test(row)), len(rows))


def _end(row: InterventionRow) -> dt.date:
    assert row.end is not None
    return row.end


# ----------------------------------------------------------------------------- KPIs 1 and 2


def accommodation_suitable(found: Sequence[Episode], rules: Rules) -> bool:
    """Suitable accommodation on a day: something recorded, and every episode covering
    the day suitable (or any, if the rule says so); never B&B, no fixed abode or not known."""
    ok = [e.suitable is True and not e.always_unsuitable for e in found]
    return bool(found) and (all(ok) if rules.accommodation_all_suitable else any(ok))


def kpi1_accommodation(facts: Facts, rules: Rules) -> KpiResult:
    """KPI 1: children in suitable accommodation at the end of the order ÷ orders ended.

    Bed and breakfast, no fixed abode and not known are always unsuitable. A child with
    no accommodation recorded at a point is "not recorded" there and in neither the
    suitable nor the unsuitable row: the YJB code counts unsuitable only from a recorded
    unsuitable (KPI 1 template and case level, index id 2862510002). Suitability is
    also broken down by accommodation type.
    """
    at = covering(by_child(facts.accommodation))

    def classify(row: InterventionRow, day: dt.date) -> list[str]:
        found = at(row, day)
        if not found:
            return ["not_recorded"]
        suitable = accommodation_suitable(found, rules)
        keys = ["suitable" if suitable else "unsuitable"]
        kinds = {e.kind for e in found}
        keys.extend(f"type:{kind}" for kind in kinds)
        keys.extend(f"{'suitable' if suitable else 'unsuitable'}:{kind}" for kind in kinds)
        return keys

    labels = [
        ("suitable", "Children in suitable accommodation"),
        ("unsuitable", "Children in unsuitable accommodation"),
        ("not_recorded", "No accommodation recorded (not counted as either)"),
    ]
    types = _types(facts.accommodation_types, facts.accommodation)
    labels += [(f"type:{kind}", name) for kind, name in types]
    labels += [(f"suitable:{kind}", f"Suitable: {name}") for kind, name in types]
    labels += [(f"unsuitable:{kind}", f"Unsuitable: {name}") for kind, name in types]
    columns = timed_columns()
    pop = facts.population
    return KpiResult(
        "kpi1",
        "Accommodation",
        "Children in suitable accommodation at the end of the order",
        _headline(pop, lambda r: accommodation_suitable(at(r, _end(r)), rules)),
        columns,
        (
            *table(pop, columns, labels, _known(classify, labels), rules),
            *secured_ahead_rows(pop, at, columns, rules),
        ),
        source="YJB KPI guidance, KPI 1; YJB KPI SQL (index id 2862510002)",
    )


#: The secure estate's accommodation types: not the home a child is released to.
SECURE_ESTATE = frozenset({"stc", "sch", "yoi"})


def release_home(found: Sequence[Episode]) -> Episode | None:
    """The home a child was released to, of the accommodation covering the release day:
    not the secure estate, and the latest to start if several."""
    homes = [e for e in found if e.kind not in SECURE_ESTATE]
    return max(homes, key=lambda e: e.start) if homes else None


def secured_ahead_bands(rules: Rules) -> list[tuple[str, str, int]]:
    """(key, label, fewest days) for each band of ``Rules.secured_ahead_days``."""
    days = sorted(set(rules.secured_ahead_days), reverse=True)
    bands = []
    for n, low in enumerate(days):
        high = days[n - 1] - 1 if n else None
        span = f"{low} days or more" if high is None else f"{low} to {high} days"
        bands.append((f"ahead:{low}", f"Home secured {span} before release", low))
    last = days[-1] - 1 if days else None
    if last is not None and last >= 1:
        span = "1 day" if last == 1 else f"1 to {last} days"
        bands.append(("ahead:1", f"Home secured {span} before release", 1))
    bands.append(("ahead:0", "Home secured on the day of release", 0))
    return bands


def secured_ahead_rows(
    population: Sequence[InterventionRow],
    at: Callable[[InterventionRow, dt.date], list[Episode]],
    columns: Sequence[Column],
    rules: Rules,
) -> tuple[Row, ...]:
    """KPI 1 for children leaving custody: how far ahead of the release the home they
    went to was secured (the KPI's description: "for those leaving custody, it notes
    how far in advance accommodation was secured"). The YJB's v8 views have no field
    for it (``kpi1_acc_case_level_v8``, ``kpi1_acc_template_v8``), so the bands are a
    setting, ``CHILDFIRST_KPI1_SECURED_AHEAD_DAYS``.

    The home is the accommodation covering the release day that is not the secure
    estate (the latest to start, if several); days ahead are the release day less its
    date secured. The rows fill only the release columns, out of the children released.
    """
    bands = secured_ahead_bands(rules)

    def classify(row: InterventionRow, day: dt.date) -> list[str]:
        home = release_home(at(row, day))
        if home is None:
            return ["ahead:no_home"]
        if home.secured_on is None:
            return ["ahead:not_recorded"]
        ahead = (day - home.secured_on).days
        return [next(key for key, _, low in bands if ahead >= low)]

    labels = [
        *((key, label) for key, label, _ in bands),
        ("ahead:not_recorded", "Home on release: date secured not recorded"),
        ("ahead:no_home", "No home recorded from the day of release"),
    ]
    release = [c for c in columns if c.point == "release"]
    return table([r for r in population if r.release], release, labels, classify, rules)


def _known(classify: Classify, labels: Sequence[tuple[str, str]]) -> Classify:
    """Drops keys with no row (a type recorded but no longer in the reference list)."""
    keys = {key for key, _ in labels}
    return lambda row, day: [key for key in classify(row, day) if key in keys]


def ete_suitable(found: Sequence[Episode]) -> bool:
    """Suitable ETE on a day: something recorded, every arrangement suitable (not known
    is unsuitable), and none of them "not in ETE"."""
    return (
        bool(found)
        and all(e.suitable is True for e in found)
        and not any(e.not_in_ete for e in found)
    )


#: KPI 2's rows, each also split by school age and above school age.
KPI2_ROWS = (
    ("suitable", "Children in suitable ETE"),
    ("unsuitable", "Children in unsuitable ETE"),
    ("in_ete", "Children in ETE"),
    ("not_in_ete", "Children not in ETE (a provision of none recorded)"),
    ("full_time", "Full time (hours offered at or above the threshold)"),
    ("part_time", "Part time (1 hour or more offered, fewer than full time)"),
)


def kpi2_ete(facts: Facts, rules: Rules) -> KpiResult:
    """KPI 2: children in suitable education, training or employment at the end ÷ orders ended.

    Follows the KPI 2 case level (index id 3039951116) and template (2426301060):
    every arrangement covering a point must be suitable (not known is unsuitable);
    "not in ETE" only from a recorded provision of none; a child with nothing recorded
    at a point is "not recorded" and in no other row but school age or above school
    age. Hours are the sum over the
    arrangements covering the point, banded 1-15, 16-24 and 25+; full time is 25 hours
    (school age) or 16 (above school age), and 0 hours is neither full nor part time.
    Each row is also split by school age and above school age.
    """
    at = covering(by_child(facts.ete))
    born = {row.child_id: row.date_of_birth for row in facts.population}

    def classify(row: InterventionRow, day: dt.date) -> list[str]:
        found = at(row, day)
        older = above_school_age(born[row.child_id], day, rules)
        age = "above_school_age" if older else "school_age"
        if not found:
            return ["not_recorded", f"not_recorded|{age}", age]
        arrangements = [e for e in found if not e.not_in_ete]
        keys = ["suitable" if ete_suitable(found) else "unsuitable"]
        if not arrangements:
            keys.append("not_in_ete")
        else:
            keys.append("in_ete")
            offered = sum(e.hours_offered or 0 for e in arrangements)
            attended = sum(e.hours_attended or 0 for e in arrangements)
            threshold = (
                rules.full_time_hours_above_school_age
                if older
                else rules.full_time_hours_school_age
            )
            if offered >= threshold:
                keys.append("full_time")
            elif offered > 0:
                keys.append("part_time")
            keys += [f"offered:{band(offered)}", f"attended:{band(attended)}"]
        keys += [f"{key}|{age}" for key in keys if ":" not in key]
        keys.append(age)
        keys.extend({f"type:{e.kind}" for e in found})
        return keys

    labels: list[tuple[str, str]] = []
    for key, label in (*KPI2_ROWS, ("not_recorded", "No ETE recorded (not counted in any row)")):
        labels += [
            (key, label),
            (f"{key}|school_age", f"{label}: school age"),
            (f"{key}|above_school_age", f"{label}: above school age"),
        ]
    labels += [
        ("school_age", "School age children"),
        ("above_school_age", "Children above school age"),
    ]
    labels += [(f"offered:{name}", f"Hours offered a week: {name}") for name, _, _ in HOURS_BANDS]
    labels += [(f"attended:{name}", f"Hours attended a week: {name}") for name, _, _ in HOURS_BANDS]
    labels += [(f"type:{kind}", name) for kind, name in _types(facts.ete_types, facts.ete)]
    columns = timed_columns()
    pop = facts.population
    return KpiResult(
        "kpi2",
        "Education, training and employment",
        "Children in suitable ETE at the end of the order",
        _headline(pop, lambda r: ete_suitable(at(r, _end(r)))),
        columns,
        table(pop, columns, labels, _known(classify, labels), rules),
        source="YJB KPI guidance, KPI 2; YJB KPI SQL (index ids 3039951116, 2426301060)",
    )


# ----------------------------------------------------------------------------- KPI 3


#: The demographic breakdowns of the v8 views (KPIs 3, 6 and 9): the five broad ethnic
#: groups (casework codes; "" when not known), sex, and age groups 10-14 and 15-17.
ETHNIC_GROUPS = (
    ("asian", "Asian or Asian British"),
    ("black", "Black or Black British"),
    ("mixed", "Mixed ethnicity"),
    ("white", "White"),
    ("other", "Other ethnic group"),
    ("", "Ethnicity not known"),
)
SEXES = (("female", "Girls"), ("male", "Boys"), ("unknown", "Sex not known"))
AGE_GROUPS = (("10-14", 10, 14), ("15-17", 15, 17))


def demographic_tests(
    ethnic_group: Callable[[Any], str],
    sex: Callable[[Any], str],
    age: Callable[[Any], int | None],
) -> list[tuple[str, str, Callable[[Any], bool]]]:
    """(key, label, test) for each ethnic group, sex and age group, in that order."""
    tests: list[tuple[str, str, Callable[[Any], bool]]] = []
    for code, label in ETHNIC_GROUPS:
        tests.append((f"ethnicity:{code or 'unknown'}", label, partial(_is, ethnic_group, code)))
    for code, label in SEXES:
        tests.append((f"sex:{code}", label, partial(_is, sex, code)))
    for name, low, high in AGE_GROUPS:
        tests.append((f"age:{name}", f"Aged {name}", partial(_aged, age, low, high)))
    return tests


def _is(get: Callable[[Any], str], code: str, item: Any) -> bool:
    value = get(item)
    return value == code or (code == "unknown" and value == "")


def _aged(get: Callable[[Any], int | None], low: int, high: int, item: Any) -> bool:
    value = get(item)
    return value is not None and low <= value <= high


def _age_at_start(row: InterventionRow) -> int:
    return age_on(row.date_of_birth, row.start)


def kpi3_send(facts: Facts, rules: Rules) -> KpiResult:
    """KPI 3: children with a formal plan (EHCP or IDP) for the academic year the order
    ended in ÷ children with an identified SEND (England) or ALN (Wales) need.

    Sub-measures (template, index id 2426301060): children with a need of the orders
    ended; of them, in suitable and in unsuitable ETE at the end; and children with a
    need by ethnic group, sex and age group (at the start of the order)."""
    records = {(s.child_id, s.academic_year): s for s in facts.send}
    at = covering(by_child(facts.ete))
    recorded_at_end = {r.child_id for r in facts.population if at(r, _end(r))}
    suitable_at_end = {r.child_id for r in facts.population if ete_suitable(at(r, _end(r)))}

    needs: set[Hashable] = set()
    plans: set[Hashable] = set()
    for row in facts.population:
        found = records.get((row.child_id, academic_year(_end(row))))
        if found is not None and found.need_identified:
            needs.add(row.child_id)
            if found.formal_plan:
                plans.add(row.child_id)

    def need(row: InterventionRow) -> bool:
        return row.child_id in needs

    def plan(row: InterventionRow) -> bool:
        return row.child_id in plans

    def unsuitable(row: InterventionRow) -> bool:
        return row.child_id in recorded_at_end and row.child_id not in suitable_at_end

    specs: list[tuple[str, str, RowTest, RowTest | None]] = [
        ("ended", "Children whose order ended", lambda r: True, None),
        ("need", "Children with an identified SEND or ALN need", need, None),
        ("formal_plan", "of whom with a formal plan for the academic year", plan, need),
        (
            "need_suitable_ete",
            "of whom in suitable ETE at the end of the order",
            lambda r: r.child_id in suitable_at_end,
            need,
        ),
        ("need_unsuitable_ete", "of whom in unsuitable ETE at the end", unsuitable, need),
    ]
    for key, label, test in demographic_tests(
        lambda r: r.ethnic_group, lambda r: r.sex, _age_at_start
    ):
        specs.append((f"need:{key}", f"Children with a need: {label}", test, need))
    pop = facts.population
    columns = group_columns()
    return KpiResult(
        "kpi3",
        "Special educational needs and additional learning needs",
        "Children with a formal plan, of children with an identified SEND or ALN need",
        _headline([r for r in pop if need(r)], plan),
        columns,
        ratio_rows(pop, columns, specs),
        source="YJB KPI guidance, KPI 3; YJB KPI SQL (index id 2426301060)",
    )


# ----------------------------------------------------------------------------- KPIs 4 and 5


def _health(
    facts: Facts,
    rules: Rules,
    need_kind: str,
    interventions: Sequence[tuple[str, str]],
    number: int,
) -> tuple[Figure, tuple[Column, ...], tuple[Row, ...]]:
    """KPIs 4 and 5 as the v8 views count them (``kpi4_mh_case_level_v8``,
    ``kpi5_substance_m_case_level_v8``, index id 3081085517; measures and wording from
    ``kpi4_mh_summary_long``, index id 2628188652).

    A child's records count for an order if the need was identified on or before the
    order's end or no screening date is recorded (the SQL's 1900-01-01); an undated
    record is no need unless treatment was running at the start, but its offers and
    attendance still count, as in the SQL. Per record (so a child with two records can
    be in both "offered" and "no intervention", as the SQL's distinct counts allow):
    **treatment at start**, attendance straddling the order's
    start; **need**, a screening date with a need identified, or treatment at start;
    **offered** a type, an offer dated within the order (start to end) or treatment at
    start; **attending** a type, attendance starting within the order or treatment at
    start; **did not attend**, an offer within the order and no attendance. The headline
    is children with a need who were offered an intervention (or already attending) ÷
    children with a need.
    """
    records: dict[Hashable, list[HealthRecord]] = {}
    for record in facts.health:
        if record.need == need_kind:
            records.setdefault(record.child_id, []).append(record)

    def relevant(row: InterventionRow) -> list[HealthRecord]:
        end = _end(row)
        return [
            e
            for e in records.get(row.child_id, ())
            if e.identified_on is None or e.identified_on <= end
        ]

    def within(row: InterventionRow, day: dt.date | None) -> bool:
        return day is not None and row.start <= day <= _end(row)

    @dataclass
    class Found:
        start: bool = False
        need: bool = False
        offered_any: bool = False
        not_attended: bool = False
        no_intervention: bool = False
        offered: set[str] = field(default_factory=set)
        attended: set[str] = field(default_factory=set)

    found: dict[Hashable, Found] = {}
    for row in facts.population:
        start = point_date(row, "start", rules) or row.start
        f = Found()
        for e in relevant(row):
            at_start = e.treatment_at_start(start)
            need = (e.identified_on is not None and e.need_identified) or at_start
            offered = bool(e.intervention) and (within(row, e.offered_on) or at_start)
            f.start |= at_start
            f.need |= need
            if offered:
                f.offered.add(e.intervention)
            if e.intervention and (within(row, e.attending_from) or at_start):
                f.attended.add(e.intervention)
            f.offered_any |= need and (at_start or offered)
            f.not_attended |= within(row, e.offered_on) and e.attending_from is None
            f.no_intervention |= need and not e.intervention and e.offered_on is None
        found[row.child_id] = f

    def get(row: InterventionRow) -> Found:
        return found[row.child_id]

    name = "mental health or emotional wellbeing" if number == 4 else "substance misuse"
    specs: list[tuple[str, str, RowTest, RowTest | None]] = [
        (
            "offered",
            f"Headline: children with a {name} need who were offered (or referred to) an "
            "intervention, or already attending one",
            lambda r: get(r).offered_any,
            lambda r: get(r).need,
        ),
        ("ended", "Children whose order ended", lambda r: True, None),
        (
            "need",
            f"{number}a: children with an identified need during their order",
            lambda r: get(r).need,
            None,
        ),
        (
            "already",
            f"{number}b: already attending an intervention at the start of the order",
            lambda r: get(r).start,
            lambda r: get(r).need,
        ),
    ]
    for code, label in interventions:
        specs.append(
            (
                f"offered:{code}",
                f"{number}c: offered: {label}",
                partial(lambda c, r: c in get(r).offered, code),
                lambda r: get(r).need,
            )
        )
    for code, label in interventions:
        specs.append(
            (
                f"attending:{code}",
                f"{number}c: attending: {label}, of those offered it",
                partial(lambda c, r: c in get(r).attended, code),
                partial(lambda c, r: c in get(r).offered, code),
            )
        )
    specs += [
        (
            "offered_not_attending",
            f"{number}c: offered an intervention but did not attend",
            lambda r: get(r).not_attended,
            lambda r: get(r).offered_any,
        ),
        (
            "no_intervention",
            f"{number}c: with a need, no intervention offered",
            lambda r: get(r).no_intervention,
            lambda r: get(r).need,
        ),
    ]
    columns = group_columns("all")
    rows = ratio_rows(facts.population, columns, specs)
    return rows[0].cells["total:all"], columns, rows


MENTAL_HEALTH_INTERVENTIONS = (
    ("getting_advice", "Getting advice"),
    ("getting_help", "Getting help"),
    ("getting_more_help", "Getting more help"),
    ("getting_risk_support", "Getting risk support"),
)
SUBSTANCE_MISUSE_INTERVENTIONS = (
    ("targeted", "Targeted intervention or treatment"),
    ("specialist", "Specialist substance misuse treatment"),
    ("complex_care", "Complex care treatment"),
)


def kpi4_mental_health(facts: Facts, rules: Rules) -> KpiResult:
    """KPI 4 (v8 ``kpi4_mh_summary_long``): children with an identified mental health or
    emotional wellbeing need who were referred to or offered an intervention ÷ children
    with an identified need. 4a need ÷ orders ended (4d: the same by type of order, the
    group columns), 4b already attending at the start, 4c offers and attendance by
    THRIVE category. The rules are :func:`_health`'s."""
    headline, columns, rows = _health(facts, rules, "mental_health", MENTAL_HEALTH_INTERVENTIONS, 4)
    return KpiResult(
        "kpi4",
        "Mental healthcare and emotional wellbeing",
        "Children with an identified need who were offered an intervention, of children "
        "with a need",
        headline,
        columns,
        rows,
        source="YJB KPI guidance, KPI 4; YJB KPI SQL v8 (kpi4_mh_case_level_v8, index ids "
        "3081085517, 2628188652)",
    )


def kpi5_substance_misuse(facts: Facts, rules: Rules) -> KpiResult:
    """KPI 5 (v8 ``kpi5_substance_m_summary_long``): the KPI 4 pattern for substance
    misuse, with the three treatment types."""
    headline, columns, rows = _health(
        facts, rules, "substance_misuse", SUBSTANCE_MISUSE_INTERVENTIONS, 5
    )
    return KpiResult(
        "kpi5",
        "Substance misuse",
        "Children with an identified need who were offered an intervention, of children "
        "with a need",
        headline,
        columns,
        rows,
        source="YJB KPI guidance, KPI 5; YJB KPI SQL v8 (kpi5_substance_m_case_level_v8, "
        "index id 3081085517)",
    )


# ----------------------------------------------------------------------------- KPI 6


def kpi6_out_of_court(facts: Facts, rules: Rules) -> KpiResult:
    """KPI 6 (v8 ``kpi6_oocd_case_level_v8`` and ``kpi6_oocd_summary_long``, index id
    3081085517): children who successfully completed an out-of-court programme ÷
    children with an out-of-court programme ending in the quarter.

    Its own population: every out-of-court programme that ended, one row a programme,
    even where a more serious order ended too (the one-row-a-child frame would lose
    it). 6a counts programmes (completed ÷ ended), 6b is the columns (each type of
    out-of-court disposal), 6c completion by ethnic group, sex and age group (at the
    programme's start). A programme recorded as neither completed nor ended without
    completion (transferred, say) is in neither row, as the SQL's true and false.
    """
    programmes = [r for r in facts.all_programmes if r.order_group in OUT_OF_COURT_GROUPS]
    columns = (
        *(Column(code, code, "end", label) for code, label in OOCD_OUTCOMES),
        Column("total", "total", "end", "Total"),
    )

    bases = {
        column.group: [r for r in programmes if column.group in ("total", r.outcome_code)]
        for column in columns
    }
    children_in = {group: len({r.child_id for r in base}) for group, base in bases.items()}

    def children(column: Column, test: Callable[[InterventionRow], bool]) -> Figure:
        base = bases[column.group]
        return Figure.of((r.child_id for r in base if test(r)), children_in[column.group])

    def count(column: Column, test: Callable[[InterventionRow], bool]) -> Figure:
        base = bases[column.group]
        chosen = [r for r in base if test(r)]
        return Figure(len(chosen), len(base), frozenset(r.child_id for r in chosen))

    tests: list[tuple[str, str, Callable[[InterventionRow], bool]]] = [
        ("ended", "Children with an out-of-court programme ending", lambda r: True),
        ("completed", "Children who successfully completed", lambda r: r.completed),
        ("not_completed", "Children who did not complete", lambda r: r.not_completed),
    ]
    rows = [
        Row(key, label, {c.key: children(c, test) for c in columns}) for key, label, test in tests
    ]
    rows += [
        Row(
            "programmes",
            "6a: out-of-court programmes ending",
            {c.key: count(c, lambda r: True) for c in columns},
        ),
        Row(
            "programmes_completed",
            "6a: out-of-court programmes successfully completed",
            {c.key: count(c, lambda r: r.completed) for c in columns},
        ),
    ]
    # 6c: each programme's groups (ethnicity, sex, age) found once, its child put in
    # each cell it belongs to, rather than every test run for every cell.
    demographics = demographic_tests(lambda r: r.ethnic_group, lambda r: r.sex, _age_at_start)
    outcomes: tuple[tuple[str, str, Callable[[InterventionRow], bool]], ...] = (
        ("completed", "completed", lambda r: r.completed),
        ("not_completed", "did not complete", lambda r: r.not_completed),
    )
    in_cell: dict[tuple[str, str, str], set[Hashable]] = {}
    for r in programmes:
        ended = [outcome for outcome, _, done in outcomes if done(r)]
        if not ended:
            continue
        keys = [key for key, _, test in demographics if test(r)]
        for group in ("total", r.outcome_code):
            for outcome in ended:
                for key in keys:
                    in_cell.setdefault((outcome, key, group), set()).add(r.child_id)
    nobody: set[Hashable] = set()
    for key, label, _ in demographics:
        for outcome, word, _ in outcomes:
            rows.append(
                Row(
                    f"{outcome}:{key}",
                    f"6c: {label}: {word}",
                    {
                        c.key: Figure.of(
                            in_cell.get((outcome, key, c.group), nobody), children_in[c.group]
                        )
                        for c in columns
                    },
                )
            )
    total = columns[-1]
    return KpiResult(
        "kpi6",
        "Out-of-court disposals",
        "Children who successfully completed their out-of-court intervention programme",
        children(total, lambda r: r.completed),
        columns,
        tuple(rows),
        source="YJB KPI guidance, KPI 6; YJB KPI SQL v8 (kpi6_oocd_case_level_v8, index id "
        "3081085517)",
    )


# ----------------------------------------------------------------------------- KPI 7

WIDER_SERVICES = (
    ("looked_after", "Looked after (care experienced)"),
    ("child_protection_plan", "On a child protection plan"),
    ("child_in_need", "Child in need (or in need of care and support)"),
    ("early_help", "On an early help plan"),
)
#: An Early Help referral: its own sub-measure (7c), never "supported".
EARLY_HELP_REFERRAL = "early_help_referral"


def kpi7_wider_services(facts: Facts, rules: Rules) -> KpiResult:
    """KPI 7 (v8 ``kpi7_wider_services_case_level_v8`` and ``..._summary_long``, index id
    2413458947): children supported by wider services (looked after, child protection
    plan, child in need, early help plan) at any time **during** the order ÷ orders
    ended; a plan that closed mid-order counts.

    7a each status at the start of the order; 7b each status during it; 7c Early Help
    referrals, made before the order began ("already open") or during it ("referred"),
    judged against the intervention's own start date as the SQL does; 7d supported
    during the order by type of order (the group columns). A referral is not support.
    For the statuses, a custodial sentence's start is the day before its outcome date.
    """
    episodes = by_child(facts.care)
    supported = {k for k, _ in WIDER_SERVICES}
    # Each child's statuses during the order and at its start, and referrals before
    # and during it, worked out once.
    kinds_during: dict[Hashable, set[str]] = {}
    kinds_at_start: dict[Hashable, set[str]] = {}
    referred: dict[Hashable, set[bool]] = {}
    for row in facts.population:
        start, end = point_date(row, "start", rules) or row.start, _end(row)
        kinds_during[row.child_id] = set()
        kinds_at_start[row.child_id] = set()
        referred[row.child_id] = set()
        for e in episodes.get(row.child_id, ()):
            if e.kind == EARLY_HELP_REFERRAL:
                if e.start <= end:
                    referred[row.child_id].add(e.start < row.start)
                continue
            if e.overlaps(start, end):
                kinds_during[row.child_id].add(e.kind)
            if e.covers(start):
                kinds_at_start[row.child_id].add(e.kind)

    def during(row: InterventionRow, kind: str | None = None) -> bool:
        found = kinds_during[row.child_id]
        return kind in found if kind else bool(found & supported)

    def at_start(kind: str, row: InterventionRow) -> bool:
        return kind in kinds_at_start[row.child_id]

    def referral(before: bool, row: InterventionRow) -> bool:
        return before in referred[row.child_id]

    specs: list[tuple[str, str, RowTest, RowTest | None]] = [
        ("supported", "Children supported by wider services during the order", during, None),
    ]
    for kind, label in WIDER_SERVICES:
        specs.append((f"start:{kind}", f"7a: at the start: {label}", partial(at_start, kind), None))
    for kind, label in WIDER_SERVICES:
        specs.append(
            (
                f"during:{kind}",
                f"7b: during the order: {label}",
                partial(_during, during, kind),
                None,
            )
        )
    specs += [
        (
            "early_help_before",
            "7c: referred to Early Help before the order began",
            partial(referral, True),
            None,
        ),
        (
            "early_help_referred",
            "7c: referred to Early Help during the order",
            partial(referral, False),
            None,
        ),
    ]
    columns = group_columns("all")
    pop = facts.population
    return KpiResult(
        "kpi7",
        "Links to wider services",
        "Children supported by wider services during the order",
        _headline(pop, during),
        columns,
        ratio_rows(pop, columns, specs),
        source="YJB KPI guidance, KPI 7; YJB KPI SQL v8 (kpi7_wider_services_case_level_v8, "
        "index id 2413458947)",
    )


def _during(
    during: Callable[[InterventionRow, str | None], bool], kind: str, row: InterventionRow
) -> bool:
    return during(row, kind)


# ----------------------------------------------------------------------------- KPI 8


def kpi8_board_attendance(facts: Facts, rules: Rules, quarter: Period) -> KpiResult:
    """KPI 8 (v8 ``kpi8_summary_v8`` and ``kpi8_summary_long``, index id 2413458947): the
    five statutory sectors represented by a senior partner at the management board in
    the quarter ÷ 5; 8a senior attendance by sector, 8b sectors represented by a
    delegated partner, 8c delegated attendance by sector, and senior partners from
    other sectors (not in the headline). With no meeting recorded there is no figure."""
    seen = [a for a in facts.attendance if a.meeting_date in quarter]
    columns = (Column("sectors", "total", "all", "Sectors"),)
    statutory = {code for code, _ in BOARD_SECTORS}

    def sectors(test: Callable[[Attendance], bool], out_of: int | None = 5) -> Figure:
        return Figure.of({a.sector for a in seen if test(a)}, out_of)

    def attended(sector: str, senior: bool, a: Attendance) -> bool:
        return a.sector == sector and a.senior == senior

    senior = sectors(lambda a: a.senior and a.sector in statutory)
    rows = [
        Row("senior", "Sectors represented by a senior partner", {"sectors": senior}),
        Row(
            "delegated",
            "8b: sectors represented by a delegated or non-senior partner",
            {"sectors": sectors(lambda a: not a.senior and a.sector in statutory)},
        ),
        Row(
            "new_partner",
            "Sectors with a new partner",
            {"sectors": sectors(lambda a: a.new_partner and a.sector in statutory)},
        ),
    ]
    for code, label in BOARD_SECTORS:
        rows.append(
            Row(
                f"senior:{code}",
                f"8a: senior attendance: {label}",
                {"sectors": sectors(partial(attended, code, True), 1)},
            )
        )
        rows.append(
            Row(
                f"delegated:{code}",
                f"8c: delegated attendance: {label}",
                {"sectors": sectors(partial(attended, code, False), 1)},
            )
        )
    code, label = OTHER_SECTOR
    rows.append(
        Row(
            f"senior:{code}",
            label,
            {"sectors": Figure(sum(1 for a in seen if a.sector == code and a.senior))},
        )
    )
    meetings = len({a.meeting_date for a in seen})
    return KpiResult(
        "kpi8",
        "Management board attendance",
        "Statutory sectors represented by a senior partner, of five",
        senior if meetings else Figure(0, None),
        columns,
        tuple(rows),
        unit="sectors",
        missing="" if meetings else "No meetings recorded",
        source="YJB KPI guidance, KPI 8; YJB KPI SQL v8 (kpi8_summary_v8, index id 2413458947)",
    )


# ----------------------------------------------------------------------------- KPI 9


def kpi9_offences(
    offences: Iterable[OffenceFact], quarter: Period, rules: Rules
) -> list[OffenceFact]:
    """Every offence KPI 9 counts in the quarter, each once (``kpi9_sv_case_level_v8``).

    An offence dealt with by a caution or sentence that came with a YJS intervention
    programme of a type the KPIs count, not overturned on appeal, with the child aged
    10 to 17 (at the offence for a caution, at the first court hearing otherwise: see
    :attr:`OffenceFact.age`). Where several outcomes dealt with it, the most serious
    then the latest counts, and the offence is in the quarter its outcome date is in.
    """
    best: dict[Hashable, OffenceFact] = {}
    for fact in offences:
        if fact.overturned or fact.outcome_tier not in CAUTION_OR_SENTENCE_TIERS:
            continue
        if not fact.yjs_intervention or fact.outcome_date < KPI_START:
            continue
        if not is_youth_justice_age(fact.age):
            continue
        key = (fact.child_id, fact.offence_id)
        current = best.get(key)
        rank = (fact.outcome_seriousness, fact.outcome_date)
        if current is None or rank > (current.outcome_seriousness, current.outcome_date):
            best[key] = fact
    return [fact for fact in best.values() if fact.outcome_date in quarter]


def is_serious_violence(fact: OffenceFact, rules: Rules) -> bool:
    """Drugs, robbery or violence against the person with a gravity score of 5 to 8
    (``f_seriousviolence``)."""
    return (
        fact.category in SERIOUS_VIOLENCE_CATEGORIES
        and rules.serious_violence_min_gravity <= fact.gravity <= 8
    )


def serious_violence(
    offences: Iterable[OffenceFact], quarter: Period, rules: Rules
) -> list[OffenceFact]:
    """The serious violence offences of the quarter, each once."""
    return [f for f in kpi9_offences(offences, quarter, rules) if is_serious_violence(f, rules)]


#: KPI 9e's types of order: out-of-court disposals are left out as diversionary.
KPI9_ORDER_GROUPS = tuple(g for g in ORDER_GROUPS if g != OrderGroup.OOCD)


def kpi9_serious_violence(
    facts: Facts, rules: Rules, quarter: Period, population_10_17: int | None = None
) -> KpiResult:
    """KPI 9 (v8 ``kpi9_sv_summary_v8`` and ``kpi9_sv_summary_long``, index id
    2413458947): proven serious violence offences per 10,000 children aged 10 to 17 in
    the area, on the previous year's mid-year population estimate (the caller gives it:
    ``population_10_17``). Offences, not children.

    9a serious violence offences ÷ all offences counted; 9b children with one ÷
    children with any offence; 9c by category and 9d by gravity score, ÷ serious
    violence offences; 9e by type of order ÷ all offences of that type (no out-of-court
    disposals); 9f children with a serious violence offence by age group (10-14, 15-17),
    sex and ethnic group ÷ children with one."""
    counted = kpi9_offences(facts.offences, quarter, rules)
    sv = [f for f in counted if is_serious_violence(f, rules)]

    def offences(chosen: Sequence[OffenceFact], out_of: int | None) -> Figure:
        return Figure(len(chosen), out_of, frozenset(f.child_id for f in chosen))

    column = "offences"
    columns = (Column(column, "total", "all", "Offences or children"),)
    rows = [
        Row(
            "sv_offences",
            "9a: serious violence offences, of all offences",
            {column: offences(sv, len(counted))},
        ),
        Row(
            "children",
            "9b: children with a serious violence offence, of children with any offence",
            {column: Figure.of({f.child_id for f in sv}, len({f.child_id for f in counted}))},
        ),
    ]
    for code, label in SERIOUS_VIOLENCE:
        chosen = [f for f in sv if f.category == code]
        rows.append(Row(f"category:{code}", f"9c: {label}", {column: offences(chosen, len(sv))}))
    for score in range(5, 9):
        chosen = [f for f in sv if f.gravity == score]
        rows.append(
            Row(
                f"gravity:{score}",
                f"9d: gravity score {score}",
                {column: offences(chosen, len(sv))},
            )
        )
    for group in KPI9_ORDER_GROUPS:
        chosen = [f for f in sv if f.order_group == group]
        of_type = [f for f in counted if f.order_group == group]
        rows.append(
            Row(
                f"order:{group}",
                f"9e: {GROUP_LABELS[group]}, of all their offences",
                {column: offences(chosen, len(of_type))},
            )
        )
    with_sv = len({f.child_id for f in sv})
    for key, label, test in demographic_tests(
        lambda f: f.ethnic_group, lambda f: f.sex, lambda f: f.age
    ):
        rows.append(
            Row(
                key,
                f"9f: children with a serious violence offence: {label}",
                {column: Figure.of({f.child_id for f in sv if test(f)}, with_sv)},
            )
        )
    headline = Figure(len(sv), population_10_17, frozenset(f.child_id for f in sv), 10_000)
    note = "" if population_10_17 else "No 10 to 17 population estimate recorded: no rate"
    return KpiResult(
        "kpi9",
        "Serious violence",
        "Proven serious violence offences per 10,000 children aged 10 to 17",
        headline,
        columns,
        tuple(rows),
        unit="offences",
        note=note,
        source="YJB KPI guidance, KPI 9; YJB KPI SQL v8 (kpi9_sv_summary_v8, index id 2413458947)",
    )


# ----------------------------------------------------------------------------- KPI 10


def kpi10_victims(facts: Facts, rules: Rules) -> KpiResult:
    """KPI 10 (v8 ``kpi10_victim_case_level_v8``, index id 2491252131, and
    ``kpi10_victim_summary_long``, index id 2862510002): victims who engaged with
    restorative justice and consented to be contacted by the YJS ÷ victims who consented.

    The unit is every victim of every offence whose programme ended in the quarter. The
    code ranks each offence's programmes, over all quarters, most serious outcome then
    latest outcome then latest end ("we count all offences - rather than just one"),
    and the offence belongs to the quarter its chosen programme ended in; so a child
    with two orders ending together brings the victims of both. A victim is reached
    through an offence: one recorded with no offence is not counted (the data-quality
    check lists them). Sub-measures: 10a victims; 10b children with a victim, of
    children whose order ended; 10c restorative processes (victims who took part,
    consenting or not), 10d views asked before the decision or planning, 10e told of
    the case's progress, 10f told of support services (each of those who consented, as
    are 10d-10f's numerators) and 10g contacted by the YJS, all ÷ victims who consented.
    Victim figures count victims; their members are the children.
    """
    ending = {p.intervention_id for p in facts.all_programmes}
    by_offence: dict[Hashable, InterventionRow] = {}
    for programme in (*facts.offence_programmes, *facts.all_programmes):
        rank = (programme.seriousness, programme.outcome_date, _end(programme))
        for offence_id in programme.offence_ids:
            current = by_offence.get(offence_id)
            if current is None or rank > (
                current.seriousness,
                current.outcome_date,
                _end(current),
            ):
                by_offence[offence_id] = programme
    victims: list[tuple[InterventionRow, VictimFact]] = []
    for victim in facts.victims:
        found = [
            by_offence[o]
            for o in victim.offence_ids
            if o in by_offence and by_offence[o].intervention_id in ending
        ]
        if found:
            best = max(found, key=lambda r: (r.seriousness, r.outcome_date, _end(r)))
            victims.append((best, victim))

    columns = tuple(
        Column(f"{group}:end", group, "end", GROUP_LABELS[group])
        for group in (*ORDER_GROUPS, "total")
    )
    VictimTest = Callable[[InterventionRow, VictimFact], bool]

    def cells(test: VictimTest, base: VictimTest | None = None) -> dict[str, Figure]:
        chosen: dict[str, list[Hashable]] = {c.group: [] for c in columns}
        counted: dict[str, int] = dict.fromkeys(chosen, 0)
        for r, v in victims:
            hit, under = test(r, v), base is None or base(r, v)
            for group in (r.order_group, "total"):
                counted[group] += under
                if hit:
                    chosen[group].append(v.child_id)
        return {
            c.key: Figure(
                len(chosen[c.group]),
                None if base is None else counted[c.group],
                frozenset(chosen[c.group]),
            )
            for c in columns
        }

    def consented(r: InterventionRow, v: VictimFact) -> bool:
        return v.consented is True

    def both(test: Callable[[VictimFact], bool]) -> VictimTest:
        return lambda r, v: v.consented is True and test(v)

    def out_of_court(r: InterventionRow, v: VictimFact) -> bool:
        return r.order_group in OUT_OF_COURT_GROUPS

    # 10b counts children, each in the column of the one order the frame keeps for them.
    with_a_victim = {v.child_id for _, v in victims}
    with_victims: dict[str, Figure] = {}
    for column in columns:
        these = [r for r in facts.population if column.group in ("total", r.order_group)]
        with_victims[column.key] = Figure.of(
            (r.child_id for r in these if r.child_id in with_a_victim), len(these)
        )
    rows = (
        Row(
            "engaged",
            "Headline: victims who engaged with restorative justice, of those who consented",
            cells(both(lambda v: v.engaged_restorative_justice), consented),
        ),
        Row("victims", "10a: victims", cells(lambda r, v: True)),
        Row("children", "10b: children whose order ended with an identified victim", with_victims),
        Row(
            "restorative_processes",
            "10c: restorative processes engaged with (consenting or not)",
            cells(lambda r, v: v.engaged_restorative_justice, consented),
        ),
        Row(
            "views_prior",
            "10d: views asked before the out-of-court decision or planning a court order",
            cells(both(lambda v: v.views_before_decision or v.views_before_planning), consented),
        ),
        Row(
            "progress",
            "10e: given information on the progress of the child's case",
            cells(both(lambda v: v.progress_given), consented),
        ),
        Row(
            "support",
            "10f: given information on support services",
            cells(both(lambda v: v.support_given), consented),
        ),
        Row(
            "contacted",
            "10g: victims contacted by the YJS",
            cells(lambda r, v: v.contacted, consented),
        ),
        Row("consented", "Victims who consented to contact from the YJS", cells(consented)),
        Row(
            "views_before_decision",
            "Of out-of-court disposals: views asked before the decision",
            cells(lambda r, v: out_of_court(r, v) and v.views_before_decision, out_of_court),
        ),
        Row(
            "views_before_planning",
            "Of court orders: views asked before planning",
            cells(
                lambda r, v: not out_of_court(r, v) and v.views_before_planning,
                lambda r, v: not out_of_court(r, v),
            ),
        ),
        Row(
            "progress_requested",
            "Of those who asked for it: given information on the case's progress",
            cells(
                lambda r, v: v.progress_requested and v.progress_given,
                lambda r, v: v.progress_requested,
            ),
        ),
        Row(
            "support_requested",
            "Of those who asked for support: given information on support services",
            cells(
                lambda r, v: v.support_requested and v.support_given,
                lambda r, v: v.support_requested,
            ),
        ),
    )
    return KpiResult(
        "kpi10",
        "Victims",
        "Victims who engaged with restorative justice, of those who consented to contact",
        rows[0].cells["total:end"],
        columns,
        rows,
        unit="victims",
        source="YJB KPI guidance, KPI 10; YJB KPI SQL v8 (kpi10_victim_case_level_v8, index "
        "ids 2491252131, 2862510002)",
    )


# ----------------------------------------------------------------------------- the return


def kpi_return(
    facts: Facts,
    quarter: Period,
    rules: Rules | None = None,
    population_10_17: int | None = None,
) -> KpiReturn:
    """All ten KPIs for ``quarter``; ``facts.population`` is already the counting frame."""
    rules = rules or Rules()
    return KpiReturn(
        quarter,
        (
            kpi1_accommodation(facts, rules),
            kpi2_ete(facts, rules),
            kpi3_send(facts, rules),
            kpi4_mental_health(facts, rules),
            kpi5_substance_misuse(facts, rules),
            kpi6_out_of_court(facts, rules),
            kpi7_wider_services(facts, rules),
            kpi8_board_attendance(facts, rules, quarter),
            kpi9_serious_violence(facts, rules, quarter, population_10_17),
            kpi10_victims(facts, rules),
        ),
    )
