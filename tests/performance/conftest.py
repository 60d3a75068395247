"""A small service in 2023-24 Q1 for the performance tests (see test_engine.py)."""

import datetime as dt

import pytest

from childfirst.casework.models import AccommodationType, EteProvisionType
from tests.casework.factories import (
    AccommodationEpisodeFactory,
    ChildFactory,
    EteEpisodeFactory,
    InterventionFactory,
    OffenceFactory,
    OutcomeFactory,
    VictimFactory,
)

D = dt.date


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def order(child, code, outcome_date, start, end, offences=(), **kw):
    outcome = OutcomeFactory(
        child=child,
        code=code,
        date=outcome_date,
        offences=list(offences),
        overturned=kw.pop("overturned", False),
    )
    return InterventionFactory(child=child, outcome=outcome, start=start, end=end, **kw)


def home(child, code, start, end=None, suitability="suitable"):
    AccommodationEpisodeFactory(
        child=child,
        accommodation_type=AccommodationType.objects.get(code=code),
        start=start,
        end=end,
        suitability=suitability,
    )


@pytest.fixture
def service():
    return small_service()


def small_service():
    """Amy, Ben, Cal, Dee and Eve (test_engine.py), by first name to database id."""
    amy = ChildFactory(first_name="Amy", date_of_birth=D(2008, 1, 1))
    abh = OffenceFactory(
        child=amy, code="assault-abh", date=D(2023, 3, 1), first_hearing=D(2023, 3, 20)
    )
    order(
        amy,
        "referral-order",
        D(2023, 4, 5),
        D(2023, 4, 10),
        D(2023, 6, 25),
        [abh],
        status="completed",
    )
    home(amy, "parents", D(2020, 1, 1))
    EteEpisodeFactory(
        child=amy,
        provision_type=EteProvisionType.objects.get(code="school-full-time"),
        start=D(2022, 9, 1),
        suitability="suitable",
        hours_offered=25,
        hours_attended=25,
    )
    VictimFactory(child=amy, offences=[abh], consent_to_contact=True, restorative_justice="direct")

    ben = ChildFactory(first_name="Ben", date_of_birth=D(2006, 3, 1))
    order(
        ben,
        "dto",
        D(2022, 10, 1),
        D(2022, 10, 1),
        D(2023, 6, 20),
        status="completed",
        release_date=D(2023, 4, 1),
    )
    home(ben, "parents", D(2020, 1, 1), D(2022, 9, 30))
    home(ben, "yoi", D(2022, 10, 1), D(2023, 3, 31))
    home(ben, "foster", D(2023, 4, 1))

    cal = ChildFactory(first_name="Cal")
    order(
        cal,
        "community-resolution",
        D(2023, 2, 1),
        D(2023, 2, 1),
        D(2023, 4, 20),
        status="ended_early",
    )
    order(cal, "youth-caution", D(2023, 3, 1), D(2023, 3, 1), D(2023, 5, 30), status="completed")

    dee = ChildFactory(first_name="Dee")
    order(
        dee,
        "referral-order",
        D(2023, 1, 1),
        D(2023, 1, 5),
        D(2023, 5, 1),
        overturned=True,
        status="completed",
    )
    eve = ChildFactory(first_name="Eve")
    InterventionFactory(child=eve, start=D(2023, 1, 1), end=D(2023, 5, 1), status="completed")
    return {c.first_name: c.pk for c in (amy, ben, cal, dee, eve)}
