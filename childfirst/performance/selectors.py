"""Reads the casework records the KPIs and indicators need, as the domain's plain facts.

Each function runs a fixed, small number of queries whatever the size of the
service (one per kind of record), reading only the columns the rules use; the
rules themselves live in ``childfirst/domain/kpi``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Hashable, Iterable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Expression, F, QuerySet
from django.db.models.lookups import In
from django.db.models.sql.compiler import SQLCompiler

from childfirst.accounts.models import User
from childfirst.casework.models import (
    AccommodationEpisode,
    CareEpisode,
    CareStatus,
    Child,
    EteEpisode,
    HealthEpisode,
    Intervention,
    InterventionStatus,
    Offence,
    Outcome,
    RestorativeJustice,
    SendRecord,
    Victim,
)
from childfirst.casework.models.reference import AccommodationType, EteProvisionType
from childfirst.casework.permissions import children_visible_to
from childfirst.domain.kpi import indicators as ind
from childfirst.domain.kpi.population import (
    KPI_START,
    InterventionRow,
    counted_programmes,
    kpi_population,
)
from childfirst.domain.kpi.returns import (
    Episode,
    Facts,
    HealthRecord,
    OffenceFact,
    Rules,
    SendFact,
    VictimFact,
)
from childfirst.domain.kpi.vocabulary import Tier
from childfirst.domain.periods import FinancialYear, Quarter

Period = Quarter | FinancialYear
#: Tiers of the cautions and non-custodial sentences that start a reoffending follow-up
#: (``indicators.INDEX_TIERS``, in the vocabulary's order).
INDEX_TIERS = tuple(tier.value for tier in Tier if tier in ind.INDEX_TIERS)

OutcomeOffence = Outcome.offences.through
VictimOffence = Victim.offences.through


class OneOf(Expression):
    """``field IN ids`` for a filter, the (integer) ids sent as one parameter: an array
    on PostgreSQL (``= ANY``, which is what the database makes of ``IN (...)`` anyway),
    a JSON list on SQLite (``json_each``). Thousands of ids then cost one parameter, not
    a placeholder each for Django and the driver to build and bind, and no query comes
    near SQLite's parameter limit. Other databases get a plain ``IN``."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, field: str, ids: Iterable[Hashable]) -> None:
        super().__init__()
        self.lhs: Any = F(field)
        # As ``__in``: None matches nothing, and no ids is no query at all.
        self.ids = [i for i in ids if i is not None]

    def get_source_expressions(self) -> list[Any]:
        return [self.lhs]

    def set_source_expressions(self, exprs: list[Any]) -> None:
        (self.lhs,) = exprs

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        if not self.ids:
            raise EmptyResultSet
        column, params = compiler.compile(self.lhs)
        if connection.vendor == "postgresql":
            # The array as text (the driver would check each id for quoting), cast to
            # the column's type: an array of a smaller integer type is not hashed, but
            # searched through for each row.
            kind = self.lhs.output_field.rel_db_type(connection)
            ids = "{" + ",".join(map(str, self.ids)) + "}"
            return f"{column} = ANY(%s::{kind}[])", (*params, ids)
        if connection.vendor == "sqlite":
            return f"{column} IN (SELECT value FROM json_each(%s))", (*params, json.dumps(self.ids))
        sql, in_params = compiler.compile(In(self.lhs, self.ids))
        return sql, tuple(in_params)


def counted_children(user: User, ids: Collection[Hashable]) -> QuerySet[Child]:
    """The children among ``ids`` whose records ``user`` may open, with their teams."""
    visible = children_visible_to(user).values("pk")
    return Child.objects.filter(pk__in=list(ids)).filter(pk__in=visible).select_related("team")


def candidate_interventions(quarter: Period, today: dt.date) -> QuerySet[Intervention]:
    """Interventions on a counted outcome that ended in the quarter (before one-per-child)."""
    last = min(quarter.end, today)
    return Intervention.objects.filter(
        end__gte=max(quarter.start, KPI_START), end__lte=last, outcome__isnull=False
    ).exclude(outcome__outcome_type__order_group="")


def programmes(quarter: Period, today: dt.date) -> list[InterventionRow]:
    """Every counted programme that ended in ``quarter``, with the offences its outcome
    dealt with (:func:`~childfirst.domain.kpi.population.counted_programmes`)."""
    return _programmes(candidate_interventions(quarter, today), quarter, today)


def offence_programmes(offence_ids: Iterable[Hashable], today: dt.date) -> list[InterventionRow]:
    """The counted programmes of any quarter whose outcome dealt with one of the
    offences (KPI 10 gives an offence to its most serious programme, whenever it ended),
    each with those of the offences it dealt with. Two queries."""
    links = OutcomeOffence.objects.filter(OneOf("offence_id", offence_ids)).values_list(
        "outcome_id", "offence_id"
    )
    dealt: dict[Hashable, list[Hashable]] = {}
    for outcome_id, offence_id in links:
        dealt.setdefault(outcome_id, []).append(offence_id)
    within = Intervention.objects.filter(
        OneOf("outcome_id", dealt), end__gte=KPI_START, end__lte=today
    ).exclude(outcome__outcome_type__order_group="")
    return _programmes(within, None, today, dealt)


def _programmes(
    found: QuerySet[Intervention],
    quarter: Period | None,
    today: dt.date,
    offences: dict[Hashable, list[Hashable]] | None = None,
) -> list[InterventionRow]:
    """The counted programmes among ``found``, each with the offences its outcome dealt
    with (read here unless ``offences``, outcome id to offence ids, is given)."""
    return counted_programmes(_intervention_rows(found, offences), quarter, today)


def _intervention_rows(
    found: QuerySet[Intervention], offences: dict[Hashable, list[Hashable]] | None = None
) -> list[InterventionRow]:
    """Every intervention of ``found`` as a row, before the counting rules."""
    rows = found.values_list(
        "id",
        "child_id",
        "child__date_of_birth",
        "start",
        "end",
        "outcome__date",
        "outcome__outcome_type__seriousness",
        "outcome__outcome_type__order_group",
        "outcome__overturned",
        "outcome__outcome_type__code",
        "status",
        "release_date",
        "outcome_id",
        "child__sex",
        "child__ethnicity__group",
    )
    if offences is None:
        rows = list(rows)
        offences = {}
        outcome_ids = {row[12] for row in rows if row[12] is not None}
        for outcome_id, offence_id in OutcomeOffence.objects.filter(
            OneOf("outcome_id", outcome_ids)
        ).values_list("outcome_id", "offence_id"):
            offences.setdefault(outcome_id, []).append(offence_id)
    completed, ended_early = str(InterventionStatus.COMPLETED), str(InterventionStatus.ENDED_EARLY)
    # The facts here and below are built with positional arguments, in their fields'
    # order: several times quicker than keywords, for thousands of rows.
    return [
        InterventionRow(
            iv_id,
            child_id,
            born,
            start,
            end,
            outcome_date,
            seriousness,
            group,
            overturned,
            code,
            status == completed,
            status == ended_early,
            release,
            tuple(offences.get(outcome_id, ())),
            sex,
            ethnic_group or "",
        )
        for (
            iv_id,
            child_id,
            born,
            start,
            end,
            outcome_date,
            seriousness,
            group,
            overturned,
            code,
            status,
            release,
            outcome_id,
            sex,
            ethnic_group,
        ) in rows
    ]


def population(quarter: Period, today: dt.date) -> list[InterventionRow]:
    """The KPI counting frame for ``quarter``: one row per child.

    The rules are :func:`~childfirst.domain.kpi.population.kpi_population`'s (the YJB/MoJ
    KPI SQL's ``yjb_kpi_case_level.person_details``, public-code index id 2491252131)."""
    return kpi_population(programmes(quarter, today), quarter, today)


def kpi_facts(quarter: Period, today: dt.date, rules: Rules) -> Facts:
    """Everything the ten KPIs read for ``quarter``: the population and their records."""
    candidates = _intervention_rows(candidate_interventions(quarter, today))
    every = counted_programmes(candidates, quarter, today)
    counted = kpi_population(every, quarter, today)
    if not counted:
        return Facts(counted, offences=kpi9_offences(quarter, rules))
    # The children of every candidate programme, as one parameter (:class:`OneOf`): a
    # few the counting rules then leave out are read too. Cheaper than joining the
    # candidates again in each query.
    child_ids = list(dict.fromkeys(row.child_id for row in candidates))
    children = OneOf("child_id", child_ids)
    suitable = {"suitable": True, "unsuitable": False, "unknown": None}
    accommodation = [
        Episode(child, start, end, code, suitable[s], always, False, None, None, on)
        for child, start, end, code, s, always, on in AccommodationEpisode.objects.filter(
            children
        ).values_list(
            "child_id",
            "start",
            "end",
            "accommodation_type__code",
            "suitability",
            "accommodation_type__always_unsuitable",
            "secured_on",
        )
    ]
    ete = [
        Episode(child, start, end, code, suitable[s], False, none, offered, attended)
        for child, start, end, code, s, none, offered, attended in EteEpisode.objects.filter(
            children
        ).values_list(
            "child_id",
            "start",
            "end",
            "provision_type__code",
            "suitability",
            "provision_type__not_in_ete",
            "hours_offered",
            "hours_attended",
        )
    ]
    care = [
        Episode(child, start, end, status)
        for child, start, end, status in CareEpisode.objects.filter(children).values_list(
            "child_id", "start", "end", "status"
        )
    ]
    health = [
        HealthRecord(*row)  # the columns in the fields' order
        for row in HealthEpisode.objects.filter(children).values_list(
            "child_id",
            "need",
            "screened_on",
            "need_identified",
            "intervention_offered",
            "offered_on",
            "attending_from",
            "attending_until",
            "already_receiving_treatment",
        )
    ]
    found_victims = victims(child_ids)
    send = [
        SendFact(child, year, need, plan != "none")
        for child, year, need, plan in SendRecord.objects.filter(children).values_list(
            "child_id", "academic_year", "need_identified", "formal_plan"
        )
    ]
    return Facts(
        counted,
        accommodation_types=list(AccommodationType.objects.values_list("code", "name")),
        ete_types=list(EteProvisionType.objects.values_list("code", "name")),
        accommodation=accommodation,
        ete=ete,
        care=care,
        health=health,
        send=send,
        offences=kpi9_offences(quarter, rules),
        victims=found_victims,
        programmes=every,
        offence_programmes=offence_programmes(
            dict.fromkeys(o for victim in found_victims for o in victim.offence_ids), today
        ),
    )


def victims(child_ids: Collection[Hashable]) -> list[VictimFact]:
    """The victims of the children's offences, each with the offences."""
    links: dict[Hashable, list[Hashable]] = {}
    for victim_id, offence_id in VictimOffence.objects.filter(
        OneOf("victim__child_id", child_ids)
    ).values_list("victim_id", "offence_id"):
        links.setdefault(victim_id, []).append(offence_id)
    engaged = {RestorativeJustice.DIRECT, RestorativeJustice.INDIRECT}
    return [
        VictimFact(
            pk,
            child,
            tuple(links.get(pk, ())),
            consented,
            rj in engaged,
            before_decision,
            before_planning,
            progress_requested,
            progress_given,
            support_requested,
            support_given,
            contacted is not None,
        )
        for (
            pk,
            child,
            consented,
            rj,
            before_decision,
            before_planning,
            progress_requested,
            progress_given,
            support_requested,
            support_given,
            contacted,
        ) in Victim.objects.filter(OneOf("child_id", child_ids)).values_list(
            "id",
            "child_id",
            "consent_to_contact",
            "restorative_justice",
            "views_before_decision",
            "views_before_planning",
            "progress_information_requested",
            "progress_information_given",
            "support_requested",
            "support_information_given",
            "contacted_on",
        )
    ]


def kpi9_offences(quarter: Period, rules: Rules) -> list[OffenceFact]:
    """Every offence with an outcome in the quarter, with all of that offence's outcomes
    (the most serious, then latest, decides which quarter an offence counts in: KPI 9,
    ``kpi9_sv_case_level_v8``). Each outcome says whether a YJS intervention programme
    came with it: an intervention recorded on an outcome of a type the KPIs count."""
    # Only an offence with an outcome in the quarter that came with a counted programme
    # can count in the quarter: the outcome chosen for it is one of those.
    in_quarter = (
        OutcomeOffence.objects.filter(
            outcome__date__gte=max(quarter.start, KPI_START),
            outcome__date__lte=quarter.end,
            outcome__interventions__isnull=False,
        )
        .exclude(outcome__outcome_type__order_group="")
        .values("offence_id")
    )
    # The ids first: given a subquery, the database joins every outcome of every offence
    # before filtering. Then the offences by id, a row for each of their outcomes: read
    # from the outcome links instead, it joins every offence and child first too.
    offence_ids = sorted(set(in_quarter.values_list("offence_id", flat=True)))
    columns = (
        "id",
        "child_id",
        "child__date_of_birth",
        "child__sex",
        "offence_type__category",
        "offence_type__gravity",
        "outcomes__date",
        "outcomes__outcome_type__tier",
        "outcomes__outcome_type__seriousness",
        "outcomes__overturned",
        "date",
        "first_hearing",
        "outcomes__outcome_type__order_group",
        "outcomes__id",
        "child__ethnicity__group",
    )
    found = Offence.objects.filter(OneOf("pk", offence_ids)).order_by().values_list(*columns)
    rows = [row for row in found if row[13] is not None]  # an offence's outcome since gone
    # An outcome came with a counted programme if it has an intervention and its type
    # counts (its order group, read above).
    with_programme = set(
        Intervention.objects.filter(OneOf("outcome_id", {row[13] for row in rows}))
        .order_by()
        .values_list("outcome_id", flat=True)
    )
    return [
        OffenceFact(*row[:13], row[12] != "" and row[13] in with_programme, row[14] or "")
        for row in rows
    ]


# ----------------------------------------------------------------------------- indicators


def _child_facts(child_ids: set[Hashable]) -> list[ind.ChildFacts]:
    return [
        ind.ChildFacts(pk, born, sex, group or "")
        for pk, born, sex, group in Child.objects.filter(OneOf("pk", child_ids)).values_list(
            "id", "date_of_birth", "sex", "ethnicity__group"
        )
    ]


def _outcome_facts(outcomes: QuerySet[Outcome], with_offences: bool) -> list[ind.OutcomeFact]:
    rows = list(
        outcomes.values_list(
            "id",
            "child_id",
            "date",
            "outcome_type__tier",
            "outcome_type__order_group",
            "outcome_type__first_time_entrant",
            "outcome_type__custodial",
            "overturned",
        )
    )
    ids = [row[0] for row in rows]
    releases: dict[Hashable, dt.date] = {}
    offences: dict[Hashable, list[ind.OffenceFact]] = {}
    if with_offences and ids:
        for outcome_id, release in (
            Intervention.objects.filter(OneOf("outcome_id", ids), release_date__isnull=False)
            .order_by("release_date")
            .values_list("outcome_id", "release_date")
        ):
            releases.setdefault(outcome_id, release)
        for outcome_id, offence_id, day, category in OutcomeOffence.objects.filter(
            OneOf("outcome_id", ids)
        ).values_list(
            "outcome_id", "offence_id", "offence__date", "offence__offence_type__category"
        ):
            offences.setdefault(outcome_id, []).append(ind.OffenceFact(offence_id, day, category))
    return [
        ind.OutcomeFact(*row, releases.get(row[0]), tuple(offences.get(row[0], ())))
        for row in rows  # the columns in the fields' order
    ]


def first_time_entrant_facts(
    period: Period,
) -> tuple[list[ind.ChildFacts], list[ind.OutcomeFact]]:
    """The flagged outcomes of every child with one in the period (earlier ones decide)."""
    flagged = Outcome.objects.filter(outcome_type__first_time_entrant=True)
    in_period = flagged.filter(overturned=False, date__gte=period.start, date__lte=period.end)
    outcomes = _outcome_facts(flagged.filter(child_id__in=in_period.values("child_id")), False)
    return _child_facts({o.child_id for o in outcomes}), outcomes


def custody_facts(period: Period) -> tuple[list[ind.ChildFacts], list[ind.OutcomeFact]]:
    outcomes = _outcome_facts(
        Outcome.objects.filter(
            outcome_type__custodial=True, date__gte=period.start, date__lte=period.end
        ),
        False,
    )
    return _child_facts({o.child_id for o in outcomes}), outcomes


def reoffending_facts(
    period: Period,
) -> tuple[list[ind.ChildFacts], list[ind.OutcomeFact], list[ind.CareFact]]:
    """Every outcome, offence and care period of the children with an index event in the
    period: a caution or non-custodial sentence dated in it, or a release in it."""
    sentenced = Outcome.objects.filter(
        outcome_type__tier__in=INDEX_TIERS, date__gte=period.start, date__lte=period.end
    )
    released = Intervention.objects.filter(
        release_date__gte=period.start, release_date__lte=period.end
    )
    # The children first, in one query; then their records by id.
    found = (
        sentenced.order_by()
        .values_list("child_id")
        .union(released.order_by().values_list("child_id"))
    )
    candidates = OneOf("child_id", {child_id for (child_id,) in found})
    outcomes = _outcome_facts(Outcome.objects.filter(candidates), True)
    care = [
        ind.CareFact(child, start, end)
        for child, start, end in CareEpisode.objects.filter(
            candidates, status=CareStatus.LOOKED_AFTER
        ).values_list("child_id", "start", "end")
    ]
    return _child_facts({o.child_id for o in outcomes}), outcomes, care
