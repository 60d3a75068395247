"""Banding, limiting judgement, discretion flags, overrides and the overall score."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childfirst.domain.inspection import (
    KeyQuestionCount,
    Override,
    Source,
    format_percentage,
    limiting_rating,
    load_framework,
    rate_inspection,
    rate_standard,
)

FRAMEWORK = load_framework("hmip-youth-2018")
ASSESSMENT = FRAMEWORK.standard("2.1")  # three key questions


def kq(yes: int, relevant: int) -> KeyQuestionCount:
    return KeyQuestionCount(relevant=relevant, yes=yes)


def rate(*counts: KeyQuestionCount, override: Override | None = None):
    return rate_standard(FRAMEWORK, ASSESSMENT, list(counts), override)


def flags(result) -> list[str]:
    return [f.code for f in result.discretion]


@pytest.mark.parametrize(
    ("yes", "relevant", "expected"),
    [
        (499, 1000, "Inadequate"),  # 49.9%
        (1, 2, "Requires improvement"),  # 50%
        (649, 1000, "Requires improvement"),  # 64.9%
        (13, 20, "Good"),  # 65%
        (799, 1000, "Good"),  # 79.9%
        (4, 5, "Outstanding"),  # 80%
        (0, 3, "Inadequate"),
        (7, 7, "Outstanding"),
        (2, 3, "Good"),  # 66.67%
        (64999, 100000, "Requires improvement"),  # no rounding up to 65%
    ],
)
def test_banding_edges_use_the_exact_fraction(yes, relevant, expected):
    assert FRAMEWORK.band_for_fraction(Fraction(yes, relevant)).name == expected
    assert rate(kq(yes, relevant), kq(1, 1), kq(1, 1)).rating.name == expected


def test_the_standard_takes_its_lowest_key_question():
    result = rate(kq(8, 8), kq(5, 8), kq(7, 8))  # 100%, 62.5%, 87.5%
    assert result.rating.name == "Requires improvement"
    assert result.limiting.question.number == 2
    assert [r.rating.name for r in result.key_questions] == [
        "Outstanding",
        "Requires improvement",
        "Outstanding",
    ]


def test_questions_with_no_relevant_case_are_left_out():
    result = rate(kq(0, 0), kq(8, 8), kq(7, 8))
    assert result.rating.name == "Outstanding"
    assert result.key_questions[0].rating is None
    assert result.limiting.question.number == 3


def test_a_standard_with_no_relevant_question_is_not_rated_and_the_total_is_not_invented():
    not_rated = rate(kq(0, 0), kq(0, 0), kq(0, 0))
    assert not_rated.source is Source.NOT_RATED
    assert not_rated.rating is None and not_rated.score is None and not_rated.discretion == ()

    result = rate_inspection(
        FRAMEWORK,
        counts={"2.1": [kq(0, 0), kq(0, 0), kq(0, 0)]},
        given={n: FRAMEWORK.rating("Good") for n in ("1.1", "1.2", "1.3", "1.4")},
    )
    assert result.overall.score is None and result.overall.rating is None
    assert result.overall.missing == ("2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4")


def test_overall_bands_at_their_edges():
    good, ri = FRAMEWORK.rating("Good"), FRAMEWORK.rating("Requires improvement")
    outstanding, inadequate = FRAMEWORK.rating("Outstanding"), FRAMEWORK.rating("Inadequate")
    numbers = [s.number for s in FRAMEWORK.scored_standards]

    def overall(ratings):
        return rate_inspection(FRAMEWORK, given=dict(zip(numbers, ratings, strict=True))).overall

    assert overall([inadequate] * 12).score == 0
    assert overall([ri] * 6 + [inadequate] * 6).rating.name == "Inadequate"  # 6
    assert overall([ri] * 7 + [inadequate] * 5).rating.name == "Requires improvement"  # 7
    assert overall([good] * 6 + [ri] * 6).rating.name == "Requires improvement"  # 18
    assert overall([good] * 7 + [ri] * 5).rating.name == "Good"  # 19
    assert overall([outstanding] * 6 + [good] * 6).rating.name == "Good"  # 30
    assert overall([outstanding] * 7 + [good] * 5).rating.name == "Outstanding"  # 31
    assert overall([outstanding] * 12).score == 36


class TestDiscretion:
    def test_a_near_a_boundary_only(self):
        # 84/100: 4 points above 80; one case either way stays Outstanding; 100 cases.
        result = rate(kq(84, 100), kq(100, 100), kq(100, 100))
        assert flags(result) == ["a"]
        assert "84%" in result.discretion[0].reason and "80%" in result.discretion[0].reason

    def test_a_applies_within_five_points_either_side_inclusive(self):
        assert flags(rate(kq(75, 100), kq(100, 100), kq(100, 100))) == ["a"]  # 5 below 80
        assert flags(rate(kq(70, 100), kq(100, 100), kq(100, 100))) == ["a"]  # 5 above 65
        assert flags(rate(kq(72, 100), kq(100, 100), kq(100, 100))) == []  # 7 and 8 away

    def test_b_one_case_judged_differently_only(self):
        # 6/7 = 85.7%: 5.7 points from 80, seven cases, but 5/7 = 71.4% would be Good.
        result = rate(kq(6, 7), kq(7, 7), kq(7, 7))
        assert flags(result) == ["b"]
        assert "one fewer 'Yes' on key question 1 (5 of 7) would make it Good" in (
            result.discretion[0].reason
        )

    def test_b_looks_at_every_key_question_not_only_the_lowest(self):
        # Lowest is 9/10 (90%); one fewer on the 6/7 question (85.7%) drops it to 71.4%.
        result = rate(kq(9, 10), kq(6, 7), kq(90, 100))
        assert result.rating.name == "Outstanding"
        assert flags(result) == ["b"]
        assert "key question 2" in result.discretion[0].reason

    def test_c_small_sample_only(self):
        # 5/5 = 100%: far from any boundary; 4/5 = 80% is still Outstanding; five cases.
        result = rate(kq(5, 5), kq(100, 100), kq(100, 100))
        assert flags(result) == ["c"]
        assert "key question 1 has 5 relevant cases" in result.discretion[0].reason

    def test_c_only_counts_questions_that_set_the_rating(self):
        # The 3-case question is Outstanding; the rating (Good) rests on 72/100.
        assert flags(rate(kq(3, 3), kq(72, 100), kq(100, 100))) == []

    def test_no_flags_for_a_large_clear_result(self):
        assert rate(kq(100, 100), kq(95, 100), kq(99, 100)).discretion == ()

    def test_all_three_together(self):
        result = rate(kq(2, 3), kq(3, 3), kq(3, 3))  # 66.7%: near 65, 1/3 or 3/3 change it
        assert flags(result) == ["a", "b", "c"]


def test_an_override_stands_and_both_ratings_are_reported():
    override = Override(FRAMEWORK.rating("Outstanding"), "Panel: the one case was borderline.")
    result = rate(kq(7, 8), kq(6, 8), kq(7, 8), override=override)
    assert result.computed_rating.name == "Good"
    assert result.rating.name == "Outstanding" and result.score == 3
    assert result.override.rationale.startswith("Panel")
    assert flags(result)  # the flags that prompted the panel are still reported


def test_an_override_needs_a_rationale():
    with pytest.raises(ValueError, match="rationale"):
        Override(FRAMEWORK.rating("Good"), "  ")


def test_counts_are_checked():
    with pytest.raises(ValueError):
        kq(5, 4)
    with pytest.raises(ValueError):
        kq(-1, 4)
    with pytest.raises(ValueError, match="3 key questions"):
        rate_standard(FRAMEWORK, ASSESSMENT, [kq(1, 1)])


def test_judgement_standards_are_not_rated_from_counts():
    with pytest.raises(ValueError, match="judgement"):
        rate_standard(FRAMEWORK, FRAMEWORK.standard("1.1"), [])


def test_percentages_display_to_one_place():
    assert format_percentage(Fraction(6, 8)) == "75%"
    assert format_percentage(Fraction(6, 7)) == "85.7%"
    assert format_percentage(Fraction(0)) == "0%"


# --- Properties -------------------------------------------------------------------------

count = st.integers(min_value=0, max_value=60).flatmap(
    lambda relevant: st.builds(
        KeyQuestionCount, relevant=st.just(relevant), yes=st.integers(0, relevant)
    )
)
three_counts = st.lists(count, min_size=3, max_size=3)


@given(three_counts, st.integers(0, 2))
def test_one_more_yes_never_lowers_a_rating(counts, index):
    before = limiting_rating(FRAMEWORK, counts)
    c = counts[index]
    if c.yes == c.relevant:
        return
    more = list(counts)
    more[index] = KeyQuestionCount(c.relevant, c.yes + 1)
    after = limiting_rating(FRAMEWORK, more)
    assert after is not None
    assert before is None or after.score >= before.score


@given(three_counts)
def test_a_standards_rating_is_the_minimum_over_its_key_questions(counts):
    result = rate(*counts)
    bands = [FRAMEWORK.band_for_fraction(c.fraction) for c in counts if c.relevant]
    if not bands:
        assert result.rating is None
    else:
        assert result.rating.score == min(b.score for b in bands)
        assert result.limiting.rating == result.rating


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))))
def test_bands_follow_the_published_thresholds(case):
    relevant, yes = case
    pct = Fraction(yes * 100, relevant)
    name = FRAMEWORK.band_for_fraction(Fraction(yes, relevant)).name
    expected = (
        "Outstanding"
        if pct >= 80
        else "Good"
        if pct >= 65
        else "Requires improvement"
        if pct >= 50
        else "Inadequate"
    )
    assert name == expected


@given(
    st.lists(
        st.sampled_from(["Outstanding", "Good", "Requires improvement", "Inadequate"]),
        min_size=12,
        max_size=12,
    )
)
def test_the_overall_score_is_the_sum_of_the_standard_scores(names):
    numbers = [s.number for s in FRAMEWORK.scored_standards]
    given_ratings = {n: FRAMEWORK.rating(r) for n, r in zip(numbers, names, strict=True)}
    overall = rate_inspection(FRAMEWORK, given=given_ratings).overall
    scores = {"Outstanding": 3, "Good": 2, "Requires improvement": 1, "Inadequate": 0}
    assert overall.score == sum(scores[n] for n in names)
