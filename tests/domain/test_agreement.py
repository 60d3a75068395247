"""Moderation statistics worked by hand: percentage agreement and Cohen's kappa."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childfirst.domain.inspection.agreement import agreement

Y, N, NR = "yes", "no", "not relevant"


def test_the_textbook_two_by_two():
    # 50 cases: both Yes 20, first Yes second No 5, first No second Yes 10, both No 15.
    first = [Y] * 20 + [Y] * 5 + [N] * 10 + [N] * 15
    second = [Y] * 20 + [N] * 5 + [Y] * 10 + [N] * 15
    result = agreement(first, second)
    # p_o = 35/50 = 0.7; first says Yes 25/50, second 30/50:
    # p_e = 0.5 x 0.6 + 0.5 x 0.4 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    assert (result.items, result.agreed) == (50, 35)
    assert result.observed == Fraction(7, 10)
    assert result.expected == Fraction(1, 2)
    assert result.kappa == Fraction(2, 5)
    assert (result.percentage, result.kappa_rounded) == (70.0, 0.4)


def test_three_answers_including_not_relevant():
    first = [Y, Y, N, NR, Y, N]
    second = [Y, N, N, NR, Y, Y]
    result = agreement(first, second)
    # agree on items 1, 3, 4, 5: p_o = 4/6. Both: Yes 3, No 2, Not relevant 1 of 6.
    # p_e = (3/6)^2 + (2/6)^2 + (1/6)^2 = 14/36 = 7/18
    # kappa = (12/18 - 7/18) / (11/18) = 5/11 = 0.4545...
    assert result.expected == Fraction(7, 18)
    assert result.kappa == Fraction(5, 11)
    assert (result.percentage, result.kappa_rounded) == (66.7, 0.45)


def test_perfect_agreement_on_varied_answers_is_kappa_one():
    result = agreement([Y, N, NR, Y], [Y, N, NR, Y])
    assert (result.percentage, result.kappa) == (100.0, 1)


def test_one_answer_throughout_has_no_kappa():
    result = agreement([Y, Y, Y], [Y, Y, Y])
    assert result.expected == 1
    assert (result.percentage, result.kappa, result.kappa_rounded) == (100.0, None, None)


def test_complete_disagreement_is_kappa_minus_one():
    # p_o = 0; p_e = 1/2 x 1/2 + 1/2 x 1/2 = 1/2; kappa = -1/2 / 1/2 = -1
    result = agreement([Y, N], [N, Y])
    assert (result.percentage, result.kappa, result.kappa_rounded) == (0.0, -1, -1.0)


def test_rounding_is_half_up():
    # 1 of 8 agree: 12.5% exactly; kappa -0.125 is reported as -0.13
    first = [Y, N, N, N, N, N, N, N]
    second = [Y, Y, Y, Y, Y, Y, Y, Y]
    result = agreement(first, second)
    assert result.percentage == 12.5
    # p_e = 1/8 x 1 = 1/8; kappa = (1/8 - 1/8) / (7/8) = 0
    assert result.kappa == 0
    assert agreement([Y, Y, N], [Y, N, N]).percentage == 66.7  # 2/3


def test_nothing_to_compare_and_unpaired_answers():
    empty = agreement([], [])
    assert (empty.items, empty.percentage, empty.kappa) == (0, None, None)
    with pytest.raises(ValueError, match="both auditors"):
        agreement([Y, N], [Y])


answers = st.lists(st.tuples(st.sampled_from([Y, N, NR]), st.sampled_from([Y, N, NR])), max_size=40)


@given(answers)
def test_kappa_is_at_most_one_and_symmetric(pairs):
    first = [a for a, _ in pairs]
    second = [b for _, b in pairs]
    forward, backward = agreement(first, second), agreement(second, first)
    assert forward.kappa == backward.kappa
    if forward.kappa is not None:
        assert -1 <= forward.kappa <= 1
        assert (forward.kappa == 1) == (forward.agreed == forward.items)
