"""Turns the indicator tests' plain facts into casework records, so the same published
tables can be reproduced from the database through the performance engine."""

from __future__ import annotations

import itertools

from childfirst.accounts.models import Team
from childfirst.casework.models import (
    CareEpisode,
    Child,
    Ethnicity,
    Intervention,
    InterventionStatus,
    Offence,
    OffenceType,
    Outcome,
    OutcomeType,
)
from tests.casework.factories import practitioner_of


def outcome_code(tier: str, group: str) -> str:
    """A reference outcome type for a fact's tier and type-of-order group."""
    if tier == "pre_court":
        return "youth-conditional-caution" if group == "ycc" else "youth-caution"
    if tier == "first_tier":
        return "referral-order" if group == "referral_order" else "fine"
    return {
        "informal": "community-resolution",
        "community": "yro",
        "custody": "dto",
        "remand": "remand-yda",
    }[tier]


def write_facts(children, outcomes, care=()) -> dict:
    """Children, offences, outcomes (with interventions for releases) and care periods;
    returns the database id of each fact's child id."""
    team = Team.objects.create(name="North")
    manager = practitioner_of(team)
    ethnicity = {}
    for row in Ethnicity.objects.order_by("order"):
        ethnicity.setdefault(row.group, row)
    numbers = itertools.count(1)
    made = Child.objects.bulk_create(
        Child(
            reference=f"CF-K{next(numbers):05d}",
            first_name="Kent",
            last_name=str(fact.child_id),
            date_of_birth=fact.date_of_birth,
            sex=fact.sex,
            ethnicity=ethnicity.get(fact.ethnic_group),
            home_local_authority="Kent",
            team=team,
        )
        for fact in children
    )
    child_pk = {fact.child_id: row.pk for fact, row in zip(children, made, strict=True)}
    types = {o.code: o for o in OutcomeType.objects.all()}
    by_category = {}
    for offence_type in OffenceType.objects.order_by("gravity"):
        by_category.setdefault(offence_type.category, offence_type)

    offences = {}
    for fact in outcomes:
        for offence in fact.offences:
            offences.setdefault(
                offence.offence_id,
                Offence(
                    child_id=child_pk[fact.child_id],
                    date=offence.date,
                    offence_type=by_category[offence.category],
                ),
            )
    Offence.objects.bulk_create(offences.values())
    rows = Outcome.objects.bulk_create(
        Outcome(
            child_id=child_pk[fact.child_id],
            date=fact.date,
            outcome_type=types[outcome_code(fact.tier, fact.order_group)],
            overturned=fact.overturned,
        )
        for fact in outcomes
    )
    Outcome.offences.through.objects.bulk_create(
        Outcome.offences.through(outcome_id=row.pk, offence_id=offences[o.offence_id].pk)
        for fact, row in zip(outcomes, rows, strict=True)
        for o in fact.offences
    )
    Intervention.objects.bulk_create(
        Intervention(
            child_id=child_pk[fact.child_id],
            outcome=row,
            start=fact.date,
            end=fact.release_date,
            release_date=fact.release_date,
            status=InterventionStatus.COMPLETED,
            team=team,
            case_manager=manager,
        )
        for fact, row in zip(outcomes, rows, strict=True)
        if fact.release_date
    )
    CareEpisode.objects.bulk_create(
        CareEpisode(child_id=child_pk[c.child_id], status="looked_after", start=c.start, end=c.end)
        for c in care
    )
    return child_pk
