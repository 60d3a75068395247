"""Case sampling: sizes at 80% confidence with the finite population correction, and a
stratified, seeded selection."""

import math
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childfirst.domain.inspection import (
    EligibleCase,
    court_sample_size,
    out_of_court_sample_size,
    plan_samples,
    stratified_sample,
)
from childfirst.domain.inspection.sampling import composition, mismatch


def n_by_hand(population: int) -> int:
    # z for 80% two-sided = 1.2815516; n0 = z^2 * 0.25 / 0.05^2 = 164.2374...
    n0 = 1.2815516**2 * 0.25 / 0.0025
    return math.ceil(n0 / (1 + (n0 - 1) / population))


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (1, 1),
        (8, 8),
        (10, 10),
        (20, 18),
        (49, 38),
        (50, 39),
        (51, 40),
        (100, 63),
        (1000, 142),
        (100000, 164),
    ],
)
def test_court_sample_sizes(population, expected):
    assert court_sample_size(population) == expected
    assert n_by_hand(population) == expected


def test_no_eligible_cases_no_sample():
    assert court_sample_size(0) == 0


def test_out_of_court_is_two_thirds_of_court_rounded_up_and_capped():
    assert out_of_court_sample_size(8, 50) == 6  # 5.33 -> 6 (Kingston and Richmond)
    assert out_of_court_sample_size(39, 200) == 26  # Kent 2021
    assert out_of_court_sample_size(9, 50) == 6  # exactly 6
    assert out_of_court_sample_size(39, 20) == 20  # no more than there are
    plan = plan_samples(8, 148)
    assert (plan.court_sample, plan.out_of_court_sample) == (8, 6)


def test_sizes_refuse_nonsense():
    with pytest.raises(ValueError):
        court_sample_size(-1)
    with pytest.raises(ValueError):
        court_sample_size(10, confidence=1.5)
    with pytest.raises(ValueError):
        out_of_court_sample_size(-1, 5)


def case(key, sex="Male", disposal="Referral order", rosh="Low", sw="Medium"):
    return EligibleCase(key, sex, disposal, rosh, sw)


def test_a_stratified_sample_mirrors_the_population_by_hand():
    # 20 cases: 16 boys and 4 girls; 10 referral orders, 10 YROs. A sample of 10 should
    # have 8 boys and 2 girls, and 5 of each order.
    population = [
        case(
            i,
            sex="Male" if i < 16 else "Female",
            disposal="Referral order" if i % 2 else "Youth rehabilitation order",
        )
        for i in range(20)
    ]
    sample = stratified_sample(population, 10, seed=1)
    made_up = composition(sample)
    assert made_up["sex"] == {"Male": 8, "Female": 2}
    assert made_up["disposal_type"] == {"Referral order": 5, "Youth rehabilitation order": 5}
    assert mismatch(sample, population) == 0


def test_the_same_seed_gives_the_same_sample_and_another_seed_may_differ():
    population = [
        case(i, sex="Male" if i % 3 else "Female", rosh=["Low", "Medium", "High"][i % 3])
        for i in range(60)
    ]
    first = [c.key for c in stratified_sample(population, 20, seed="audit-2026")]
    again = [c.key for c in stratified_sample(population, 20, seed="audit-2026")]
    assert first == again
    others = {
        tuple(sorted(c.key for c in stratified_sample(population, 20, seed=s))) for s in range(10)
    }
    assert len(others) > 1


def test_the_whole_population_when_the_sample_is_all_of_it():
    population = [case(i) for i in range(8)]
    assert stratified_sample(population, court_sample_size(8), seed=3) == population


def test_keys_must_be_unique():
    with pytest.raises(ValueError, match="unique key"):
        stratified_sample([case(1), case(1)], 1)


strata = st.builds(
    EligibleCase,
    key=st.none(),
    sex=st.sampled_from(["Male", "Female"]),
    disposal_type=st.sampled_from(["RO", "YRO", "DTO", "Fine"]),
    risk_of_serious_harm=st.sampled_from(["Low", "Medium", "High", "Very high"]),
    safety_and_wellbeing=st.sampled_from(["Low", "Medium", "High", "Very high"]),
)


@given(st.lists(strata, min_size=1, max_size=80), st.integers(0, 10**6), st.data())
def test_samples_are_the_right_size_without_repeats(cases, seed, data):
    population = [
        EligibleCase(i, c.sex, c.disposal_type, c.risk_of_serious_harm, c.safety_and_wellbeing)
        for i, c in enumerate(cases)
    ]
    size = data.draw(st.integers(0, len(population)))
    sample = stratified_sample(population, size, seed=seed)
    keys = [c.key for c in sample]
    assert len(keys) == size == len(set(keys))
    assert set(keys) <= {c.key for c in population}


@given(st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=1, max_size=120), st.data())
def test_one_characteristic_matches_to_within_a_whole_case(values, data):
    population = [case(i, sex=v) for i, v in enumerate(values)]
    size = data.draw(st.integers(0, len(population)))
    sample = stratified_sample(population, size, seed=data.draw(st.integers(0, 99)))
    got = Counter(c.sex for c in sample)
    for value, count in Counter(values).items():
        target = size * count / len(values)
        assert abs(got[value] - target) < 1, (value, got[value], target)
