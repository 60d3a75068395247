"""The ten YJB key performance indicators for one quarter, from facts about the children.

Sources: the YJB's KPI guidance ("Key performance indicators for youth justice
services", from 1 April 2023,
https://www.gov.uk/guidance/key-performance-indicators-for-youth-justice-services)
for the headline wording, and the YJB/MoJ case-level KPI SQL (schema
``yjb_kpi_case_level``; public-code index ids 2862510002, 3039951116, 2426301060,
3081085517, 2413458947, 2491252131) for the counting rules. The rules those
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

from childfirst.domain.kpi.measures import Figure, rate
from childfirst.domain.kpi.population import InterventionRow
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


# ----------------------------------------------------------------------------- facts


@dataclass(frozen=True)
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
    # health (KPIs 4 and 5)
    screened: bool = False
    already_receiving_treatment: bool = False
    need_identified: bool = False
    intervention_offered: str = ""
    attending: bool = False

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= last and (self.end is None or self.end >= first)


@dataclass(frozen=True)
class SendFact:
    child_id: Hashable
    academic_year: int  # the year it starts in
    need_identified: bool
    formal_plan: bool  # an EHCP (England) or IDP (Wales)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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
    health: Sequence[Episode] = ()
    send: Sequence[SendFact] = ()
    offences: Sequence[OffenceFact] = ()
    victims: Sequence[VictimFact] = ()
    attendance: Sequence[Attendance] = ()
    #: The template's rows of types, (code, name) in order; by default the codes recorded.
    accommodation_types: Sequence[tuple[str, str]] = ()
    ete_types: Sequence[tuple[str, str]] = ()


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


def point_date(row: InterventionRow, point: str) -> dt.date | None:
    if point == "start":
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
) -> tuple[Row, ...]:
    """Rows of children at each column's time point, out of those counted there.

    ``classify(row, day)`` gives the keys of the rows (of ``labels``) the child counts
    in at that day: it runs once per child and time point, and the columns only group
    its answers. The denominator of a cell is the children in its group with a date for
    its point (every child has a start and an end; only custodial sentences a release).
    """
    points = list(dict.fromkeys(c.point for c in columns))
    base: dict[tuple[str, str], int] = {}
    hits: dict[tuple[str, str, str], list[Hashable]] = {}
    for row in population:
        for point in points:
            day = point_date(row, point)
            if day is None:
                continue
            for group in (row.order_group, "total"):
                base[group, point] = base.get((group, point), 0) + 1
            for key in classify(row, day):
                for group in (row.order_group, "total"):
                    hits.setdefault((key, point, group), []).append(row.child_id)
    return tuple(
        Row(
            key,
            label,
            {
                column.key: _cell(
                    hits.get((key, column.point, column.group), []),
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

    Bed and breakfast, no fixed abode and not known are always unsuitable; a child
    with no accommodation recorded at a point is counted as unsuitable there.
    """
    at = covering(by_child(facts.accommodation))

    def classify(row: InterventionRow, day: dt.date) -> list[str]:
        found = at(row, day)
        keys = ["suitable" if accommodation_suitable(found, rules) else "unsuitable"]
        if not found:
            keys.append("not_recorded")
        keys.extend({f"type:{e.kind}" for e in found})
        return keys

    labels = [
        ("suitable", "Children in suitable accommodation"),
        ("unsuitable", "Children in unsuitable accommodation"),
        ("not_recorded", "of whom no accommodation recorded"),
    ]
    types = _types(facts.accommodation_types, facts.accommodation)
    labels += [(f"type:{kind}", name) for kind, name in types]
    columns = timed_columns()
    pop = facts.population
    return KpiResult(
        "kpi1",
        "Accommodation",
        "Children in suitable accommodation at the end of the order",
        _headline(pop, lambda r: accommodation_suitable(at(r, _end(r)), rules)),
        columns,
        table(pop, columns, labels, _known(classify, labels)),
        source="YJB KPI guidance, KPI 1; YJB KPI SQL (index id 2862510002)",
    )


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


def kpi2_ete(facts: Facts, rules: Rules) -> KpiResult:
    """KPI 2: children in suitable education, training or employment at the end ÷ orders ended.

    Every arrangement covering a point must be suitable (not known is unsuitable, "none"
    is not in ETE); hours are the sum over the arrangements covering the point, banded
    1-15, 16-24 and 25+, and full time is 25 hours (school age) or 16 (above school age).
    """
    at = covering(by_child(facts.ete))
    born = {row.child_id: row.date_of_birth for row in facts.population}

    def classify(row: InterventionRow, day: dt.date) -> list[str]:
        found = at(row, day)
        arrangements = [e for e in found if not e.not_in_ete]
        suitable = ete_suitable(found)
        older = above_school_age(born[row.child_id], day, rules)
        keys = ["suitable" if suitable else "unsuitable"]
        keys.append("above_school_age" if older else "school_age")
        if suitable:
            keys.append("above_school_age_suitable" if older else "school_age_suitable")
        if not arrangements:
            keys.append("not_in_ete")
        else:
            offered = sum(e.hours_offered or 0 for e in arrangements)
            attended = sum(e.hours_attended or 0 for e in arrangements)
            threshold = (
                rules.full_time_hours_above_school_age
                if older
                else rules.full_time_hours_school_age
            )
            keys.append("full_time" if offered >= threshold else "part_time")
            keys += [f"offered:{band(offered)}", f"attended:{band(attended)}"]
        keys.extend({f"type:{e.kind}" for e in found})
        return keys

    labels = [
        ("suitable", "Children in suitable ETE"),
        ("unsuitable", "Children not in suitable ETE"),
        ("not_in_ete", "Children not in ETE"),
        ("school_age", "School age children"),
        ("school_age_suitable", "School age children in suitable ETE"),
        ("above_school_age", "Children above school age"),
        ("above_school_age_suitable", "Children above school age in suitable ETE"),
        ("full_time", "Full time (hours offered at or above the threshold)"),
        ("part_time", "Part time (in ETE, fewer hours offered than full time)"),
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
        table(pop, columns, labels, _known(classify, labels)),
        source="YJB KPI guidance, KPI 2; YJB KPI SQL (index ids 3039951116, 2426301060)",
    )


# ----------------------------------------------------------------------------- KPI 3


def kpi3_send(facts: Facts, rules: Rules) -> KpiResult:
    """KPI 3: children with a formal plan (EHCP or IDP) for the academic year the order
    ended in ÷ children with an identified SEND (England) or ALN (Wales) need."""
    records = {(s.child_id, s.academic_year): s for s in facts.send}
    at = covering(by_child(facts.ete))
    suitable_at_end = {r.child_id for r in facts.population if ete_suitable(at(r, _end(r)))}

    def record(row: InterventionRow) -> SendFact | None:
        return records.get((row.child_id, academic_year(_end(row))))

    def need(row: InterventionRow) -> bool:
        found = record(row)
        return found is not None and found.need_identified

    def plan(row: InterventionRow) -> bool:
        found = record(row)
        return found is not None and found.need_identified and found.formal_plan

    columns = tuple(
        Column(f"{group}:end", group, "end", GROUP_LABELS[group])
        for group in (*ORDER_GROUPS, "total")
    )
    tests: list[tuple[str, str, Test]] = [
        ("ended", "Children whose order ended", lambda r, d: True),
        ("need", "Children with an identified SEND or ALN need", lambda r, d: need(r)),
        ("formal_plan", "of whom with a formal plan for the academic year", lambda r, d: plan(r)),
        (
            "need_suitable_ete",
            "of whom in suitable ETE at the end of the order",
            lambda r, d: need(r) and r.child_id in suitable_at_end,
        ),
    ]
    pop = facts.population
    with_need = [r for r in pop if need(r)]
    return KpiResult(
        "kpi3",
        "Special educational needs and additional learning needs",
        "Children with a formal plan, of children with an identified SEND or ALN need",
        _headline(with_need, plan),
        columns,
        table(pop, columns, *tested(tests)),
        source="YJB KPI guidance, KPI 3; YJB KPI SQL (index id 2426301060)",
    )


# ----------------------------------------------------------------------------- KPIs 4 and 5


def _health(
    facts: Facts, need_kind: str, interventions: Sequence[tuple[str, str]]
) -> tuple[Figure, tuple[Column, ...], tuple[Row, ...]]:
    """KPIs 4 and 5 from the health records of the need overlapping each order."""
    episodes = by_child(e for e in facts.health if e.kind == need_kind)

    def during(row: InterventionRow) -> list[Episode]:
        return [e for e in episodes.get(row.child_id, ()) if e.overlaps(row.start, _end(row))]

    def classify(row: InterventionRow, day: dt.date) -> list[str]:
        found = during(row)
        keys = ["ended"]
        if any(e.screened for e in found):
            keys.append("screened")
        already = any(e.already_receiving_treatment for e in found)
        if not (already or any(e.need_identified for e in found)):
            return keys
        offered = {e.intervention_offered for e in found if e.intervention_offered}
        attending = {e.intervention_offered for e in found if e.attending}
        keys.append("need")
        if already:
            keys.append("already")
        if already or offered:
            keys.append("supported")
        if offered:
            keys.append("offered")
        if attending:
            keys.append("attending")
        if offered and not attending:
            keys.append("offered_not_attending")
        if not offered and not already:
            keys.append("no_intervention")
        keys += [f"offered:{kind}" for kind in offered]
        keys += [f"attending:{kind}" for kind in attending]
        return keys

    labels = [
        ("ended", "Children whose order ended"),
        ("screened", "Children screened"),
        ("need", "Children with a need (already in treatment, screened or identified)"),
        ("already", "of whom already receiving treatment before the order or screening"),
        ("supported", "of whom already in treatment or offered an intervention"),
        ("offered", "Children offered an intervention"),
        ("attending", "Children attending an intervention"),
        ("offered_not_attending", "Offered an intervention but not attending"),
        ("no_intervention", "With a need but no intervention offered and not in treatment"),
    ]
    for code, label in interventions:
        labels += [
            (f"offered:{code}", f"Offered: {label}"),
            (f"attending:{code}", f"Attending: {label}"),
        ]
    columns = tuple(
        Column(f"{group}:all", group, "all", GROUP_LABELS[group])
        for group in (*ORDER_GROUPS, "total")
    )
    pop = facts.population
    rows = table(pop, columns, labels, _known(classify, labels))
    supported = rows[4].cells["total:all"]
    return Figure(supported.numerator, len(pop), supported.members), columns, rows


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
    """KPI 4: children with a mental health or emotional wellbeing need who were already
    in treatment when the order began or were offered an intervention ÷ orders ended.

    "Need" is already receiving treatment plus a screened or identified need, from the
    health records overlapping the order (THRIVE categories for the interventions).
    """
    headline, columns, rows = _health(facts, "mental_health", MENTAL_HEALTH_INTERVENTIONS)
    return KpiResult(
        "kpi4",
        "Mental healthcare and emotional wellbeing",
        "Children with a need already in treatment or offered an intervention",
        headline,
        columns,
        rows,
        source="YJB KPI guidance, KPI 4; YJB KPI SQL (index id 3081085517)",
    )


def kpi5_substance_misuse(facts: Facts, rules: Rules) -> KpiResult:
    """KPI 5: the KPI 4 pattern for substance misuse (need, offered, attending)."""
    headline, columns, rows = _health(facts, "substance_misuse", SUBSTANCE_MISUSE_INTERVENTIONS)
    return KpiResult(
        "kpi5",
        "Substance misuse",
        "Children with a need already in treatment or offered an intervention",
        headline,
        columns,
        rows,
        source="YJB KPI guidance, KPI 5; YJB KPI SQL (index id 2426301060)",
    )


# ----------------------------------------------------------------------------- KPI 6


def kpi6_out_of_court(facts: Facts, rules: Rules) -> KpiResult:
    """KPI 6: children who completed their out-of-court intervention programme ÷ children
    whose out-of-court programme ended (``kpi6SuccessfullyCompleted``)."""
    ooc = [r for r in facts.population if r.order_group in OUT_OF_COURT_GROUPS]
    columns = (
        *(Column(code, code, "end", label) for code, label in OOCD_OUTCOMES),
        Column("total", "total", "end", "Total"),
    )
    rows = []
    for key, label, test in (
        ("ended", "Children whose out-of-court programme ended", lambda r: True),
        ("completed", "Completed", lambda r: r.completed),
        ("not_completed", "Not completed", lambda r: not r.completed),
    ):
        cells = {}
        for column in columns:
            base = [r for r in ooc if column.group in ("total", r.outcome_code)]
            cells[column.key] = Figure.of((r.child_id for r in base if test(r)), len(base))
        rows.append(Row(key, label, cells))
    return KpiResult(
        "kpi6",
        "Out-of-court disposals",
        "Children who completed their out-of-court intervention programme",
        _headline(ooc, lambda r: r.completed),
        columns,
        tuple(rows),
        source="YJB KPI guidance, KPI 6; YJB KPI SQL (index id 2426301060)",
    )


# ----------------------------------------------------------------------------- KPI 7

WIDER_SERVICES = (
    ("looked_after", "Looked after (care experienced)"),
    ("child_protection_plan", "On a child protection plan"),
    ("child_in_need", "Child in need (or in need of care and support)"),
    ("early_help", "On an early help plan"),
)


def kpi7_wider_services(facts: Facts, rules: Rules) -> KpiResult:
    """KPI 7: children supported by wider services (looked after, child protection plan,
    child in need, early help) at the end of the order ÷ orders ended."""
    episodes = by_child(facts.care)

    def status(row: InterventionRow, day: dt.date, kind: str | None = None) -> bool:
        return any(
            e.covers(day) and (kind is None or e.kind == kind)
            for e in episodes.get(row.child_id, ())
        )

    def open_before(row: InterventionRow, day: dt.date) -> bool:
        return any(
            e.kind == "early_help" and e.start < row.start and e.covers(row.start)
            for e in episodes.get(row.child_id, ())
        )

    def referred(row: InterventionRow, day: dt.date) -> bool:
        return any(
            e.kind == "early_help" and row.start <= e.start <= _end(row)
            for e in episodes.get(row.child_id, ())
        )

    def has_status(kind: str, row: InterventionRow, day: dt.date) -> bool:
        return status(row, day, kind)

    tests: list[tuple[str, str, Test]] = [
        ("supported", "Children supported by wider services", status),
    ]
    for kind, label in WIDER_SERVICES:
        tests.append((kind, label, partial(has_status, kind)))
    tests += [
        ("early_help_before", "Open to early help before the order began", open_before),
        ("early_help_referred", "Referred to early help during the order", referred),
    ]
    columns = timed_columns()
    pop = facts.population
    return KpiResult(
        "kpi7",
        "Links to wider services",
        "Children supported by wider services at the end of the order",
        _headline(pop, lambda r: status(r, _end(r))),
        columns,
        table(pop, columns, *tested(tests)),
        source="YJB KPI guidance, KPI 7; YJB KPI SQL (index id 2413458947)",
    )


# ----------------------------------------------------------------------------- KPI 8


def kpi8_board_attendance(facts: Facts, rules: Rules, quarter: Period) -> KpiResult:
    """KPI 8: the five statutory sectors represented by a senior partner at the
    management board in the quarter ÷ 5 (8a by sector, 8b and 8c delegated attendance)."""
    seen = [a for a in facts.attendance if a.meeting_date in quarter]
    columns = (Column("sectors", "total", "all", "Sectors"),)

    def sectors(test: Callable[[Attendance], bool]) -> Figure:
        return Figure.of({a.sector for a in seen if test(a)}, len(BOARD_SECTORS))

    def attended(sector: str, senior: bool, a: Attendance) -> bool:
        return a.sector == sector and a.senior == senior

    senior = sectors(lambda a: a.senior)
    rows = [
        Row("senior", "8a: sectors represented by a senior partner", {"sectors": senior}),
        Row(
            "delegated",
            "8b: sectors represented by a delegated or non-senior partner",
            {"sectors": sectors(lambda a: not a.senior)},
        ),
        Row(
            "new_partner",
            "Sectors with a new partner",
            {"sectors": sectors(lambda a: a.new_partner)},
        ),
    ]
    for code, label in BOARD_SECTORS:
        rows.append(
            Row(
                f"senior:{code}",
                f"8a: senior attendance: {label}",
                {"sectors": sectors(partial(attended, code, True))},
            )
        )
        rows.append(
            Row(
                f"delegated:{code}",
                f"8c: delegated attendance: {label}",
                {"sectors": sectors(partial(attended, code, False))},
            )
        )
    meetings = len({a.meeting_date for a in seen})
    return KpiResult(
        "kpi8",
        "Management board attendance",
        "Statutory sectors represented by a senior partner, of five",
        senior,
        columns,
        tuple(rows),
        unit="sectors",
        note="" if meetings else "No meetings recorded",
        source="YJB KPI guidance, KPI 8; YJB KPI SQL (index id 2413458947)",
    )


# ----------------------------------------------------------------------------- KPI 9


def serious_violence(
    offences: Iterable[OffenceFact], quarter: Period, rules: Rules
) -> list[OffenceFact]:
    """The serious violence offences of the quarter, each once.

    An offence of drugs, robbery or violence against the person with gravity 5-8,
    dealt with by a caution or sentence; where several outcomes dealt with it, the
    most serious then the latest counts, and it is counted if that outcome's date is in
    the quarter and the child was 10 to 17 on it.
    """
    best: dict[Hashable, OffenceFact] = {}
    for fact in offences:
        if fact.overturned or fact.outcome_tier not in CAUTION_OR_SENTENCE_TIERS:
            continue
        if (
            fact.category not in SERIOUS_VIOLENCE_CATEGORIES
            or fact.gravity < rules.serious_violence_min_gravity
        ):
            continue
        current = best.get(fact.offence_id)
        rank = (fact.outcome_seriousness, fact.outcome_date)
        if current is None or rank > (current.outcome_seriousness, current.outcome_date):
            best[fact.offence_id] = fact
    return [
        fact
        for fact in best.values()
        if fact.outcome_date in quarter
        and is_youth_justice_age(age_on(fact.date_of_birth, fact.outcome_date))
    ]


def kpi9_serious_violence(
    facts: Facts, rules: Rules, quarter: Period, population_10_17: int | None = None
) -> KpiResult:
    """KPI 9: serious violence offences resulting in a caution or sentence in the quarter
    (counted as offences, not children), by category and age band. Whether the YJB's
    headline is a count or a rate is uncertain: the count is the headline and, where the
    10-17 population is known, the rate per 10,000 is a note."""
    counted = serious_violence(facts.offences, quarter, rules)

    def figure(test: Callable[[OffenceFact], bool]) -> Figure:
        chosen = [f for f in counted if test(f)]
        return Figure(len(chosen), None, frozenset(f.child_id for f in chosen))

    def in_category(category: str, f: OffenceFact) -> bool:
        return f.category == category

    def aged(low: int, high: int, f: OffenceFact) -> bool:
        return low <= age_on(f.date_of_birth, f.outcome_date) <= high

    def of_sex(sex: str, f: OffenceFact) -> bool:
        return f.sex == sex

    columns = (Column("offences", "total", "all", "Offences"),)
    rows = [Row("total", "Serious violence offences", {"offences": figure(lambda f: True)})]
    for code, label in SERIOUS_VIOLENCE:
        rows.append(
            Row(f"category:{code}", label, {"offences": figure(partial(in_category, code))})
        )
    for name, low, high in (("10-15", 10, 15), ("16-17", 16, 17)):
        rows.append(
            Row(
                f"age:{name}",
                f"Children aged {name}",
                {"offences": figure(partial(aged, low, high))},
            )
        )
    for sex, label in (("female", "Girls"), ("male", "Boys"), ("unknown", "Sex not known")):
        rows.append(Row(f"sex:{sex}", label, {"offences": figure(partial(of_sex, sex))}))
    headline = figure(lambda f: True)
    note = ""
    per_10k = rate(headline.numerator, population_10_17, 10_000, 2)
    if per_10k is not None:
        note = f"{per_10k} per 10,000 children aged 10 to 17"
    return KpiResult(
        "kpi9",
        "Serious violence",
        "Serious violence offences resulting in a caution or sentence",
        headline,
        columns,
        tuple(rows),
        unit="offences",
        note=note,
        source="YJB KPI guidance, KPI 9; YJB KPI SQL (index ids 2413458947, 2426301060)",
    )


# ----------------------------------------------------------------------------- KPI 10


def kpi10_victims(facts: Facts, rules: Rules) -> KpiResult:
    """KPI 10: victims who engaged with restorative justice opportunities ÷ victims who
    consented to be contacted by the YJS, for the orders that ended in the quarter.

    A victim belongs to the counted order if linked to one of the offences its outcome
    dealt with; a victim recorded without an offence belongs to each of the child's
    counted orders. Victim figures count victims; their members are the children.
    """
    rows_by_child = {row.child_id: row for row in facts.population}
    victims: list[tuple[InterventionRow, VictimFact]] = []
    for victim in facts.victims:
        row = rows_by_child.get(victim.child_id)
        if row is None:
            continue
        if not victim.offence_ids or set(victim.offence_ids) & set(row.offence_ids):
            victims.append((row, victim))

    columns = tuple(
        Column(f"{group}:end", group, "end", GROUP_LABELS[group])
        for group in (*ORDER_GROUPS, "total")
    )
    VictimTest = Callable[[InterventionRow, VictimFact], bool]

    def cells(test: VictimTest, base: VictimTest | None = None) -> dict[str, Figure]:
        out = {}
        for column in columns:
            these = [(r, v) for r, v in victims if column.group in ("total", r.order_group)]
            chosen = [(r, v) for r, v in these if test(r, v)]
            denominator = None if base is None else sum(1 for r, v in these if base(r, v))
            out[column.key] = Figure(
                len(chosen), denominator, frozenset(v.child_id for _, v in chosen)
            )
        return out

    def consented(r: InterventionRow, v: VictimFact) -> bool:
        return v.consented is True

    def engaged(r: InterventionRow, v: VictimFact) -> bool:
        return v.consented is True and v.engaged_restorative_justice

    def out_of_court(r: InterventionRow, v: VictimFact) -> bool:
        return r.order_group in OUT_OF_COURT_GROUPS

    def court(r: InterventionRow, v: VictimFact) -> bool:
        return not out_of_court(r, v)

    with_victims: dict[str, Figure] = {}
    for column in columns:
        children = {r.child_id for r, _ in victims if column.group in ("total", r.order_group)}
        base = sum(1 for r in facts.population if column.group in ("total", r.order_group))
        with_victims[column.key] = Figure.of(children, base)
    rows = (
        Row("children", "Children whose order ended with an identified victim", with_victims),
        Row("victims", "Victims", cells(lambda r, v: True)),
        Row("consented", "Victims who consented to contact from the YJS", cells(consented)),
        Row(
            "engaged",
            "of whom engaged with restorative justice opportunities",
            cells(engaged, consented),
        ),
        Row(
            "views_before_decision",
            "Views asked before the out-of-court decision",
            cells(lambda r, v: out_of_court(r, v) and v.views_before_decision, out_of_court),
        ),
        Row(
            "views_before_planning",
            "Views asked before planning a court order",
            cells(lambda r, v: court(r, v) and v.views_before_planning, court),
        ),
        Row(
            "progress",
            "Given information on the child's progress, of those who asked",
            cells(
                lambda r, v: v.progress_requested and v.progress_given,
                lambda r, v: v.progress_requested,
            ),
        ),
        Row(
            "support",
            "Given information on support services, of those who asked for support",
            cells(
                lambda r, v: v.support_requested and v.support_given,
                lambda r, v: v.support_requested,
            ),
        ),
    )
    headline = rows[3].cells["total:end"]
    return KpiResult(
        "kpi10",
        "Victims",
        "Victims who engaged with restorative justice, of those who consented to contact",
        headline,
        columns,
        rows,
        unit="victims",
        source="YJB KPI guidance, KPI 10; YJB KPI SQL (index id 2426301060)",
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
