"""Small-number suppression (issue 12, finding 10): the rule, worked by hand."""

from __future__ import annotations

import pytest

from childfirst.domain.disclosure import DEFAULT_THRESHOLD, hides, hides_rate


def test_the_default_threshold_is_five():
    assert DEFAULT_THRESHOLD == 5


@pytest.mark.parametrize(
    ("count", "threshold", "hidden"),
    [
        (0, 5, False),  # zero names nobody
        (1, 5, True),
        (4, 5, True),
        (5, 5, False),  # the threshold itself is shown
        (120, 5, False),
        (None, 5, False),  # nothing to show
        (2, 0, False),  # 0 turns suppression off
        (2, 3, True),
        (3, 3, False),
    ],
)
def test_counts_from_one_to_below_the_threshold_are_withheld(count, threshold, hidden):
    assert hides(count, threshold) is hidden


def test_a_rate_is_withheld_when_any_count_it_rests_on_is():
    assert hides_rate(5, 3, 40)  # 3 of 40 reoffended: 7.5% gives the 3 back
    assert hides_rate(5, 0, 4)  # 0 of a cohort of 4
    assert hides_rate(5, 12, 40, 2)  # a looked-after subgroup of 2
    assert not hides_rate(5, 0, 40)
    assert not hides_rate(5, 12, 40)
    assert not hides_rate(5, 12, None)
    assert not hides_rate(0, 1, 2)
