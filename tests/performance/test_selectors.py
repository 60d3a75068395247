"""OneOf: ``field IN ids`` with the ids as one parameter, as ``__in`` filters."""

from __future__ import annotations

import pytest

from childfirst.casework.models import Child
from childfirst.performance.selectors import OneOf
from tests.casework.factories import ChildFactory, OffenceFactory

pytestmark = pytest.mark.django_db


def test_one_of_filters_as_in_does():
    children = [ChildFactory() for _ in range(4)]
    ids = [children[0].pk, children[2].pk]
    chosen = set(Child.objects.filter(OneOf("pk", ids)).values_list("pk", flat=True))
    assert chosen == set(Child.objects.filter(pk__in=ids).values_list("pk", flat=True))
    assert chosen == set(ids)
    # None matches nothing; an id of no record, nothing either.
    assert Child.objects.filter(OneOf("pk", [children[1].pk, None, 10**12])).count() == 1
    assert Child.objects.exclude(OneOf("pk", ids)).count() == 2
    # Through a relation, and with other conditions.
    offence = OffenceFactory(child=children[3])
    assert list(Child.objects.filter(OneOf("offences__id", [offence.pk]))) == [children[3]]


def test_one_of_no_ids_is_no_query(django_assert_num_queries):
    ChildFactory()
    with django_assert_num_queries(0):
        assert list(Child.objects.filter(OneOf("pk", []))) == []
        assert list(Child.objects.filter(OneOf("pk", [None]))) == []
    assert Child.objects.exclude(OneOf("pk", [])).count() == 1


def test_one_of_takes_thousands_of_ids():
    child = ChildFactory()
    ids = [*range(10**9, 10**9 + 40_000), child.pk]  # past SQLite's parameter limit
    assert list(Child.objects.filter(OneOf("pk", ids))) == [child]
