"""The NPCC Child Gravity Matrix (October 2023), checked against the published table:
1 no further action, 2 community resolution or Outcome 22, 3 youth caution, 4 youth
conditional caution, 5 charge."""

import pytest

from childfirst.domain.gravity import CHOICES, departs_from_matrix, gravity


@pytest.mark.parametrize(
    ("score", "decision"),
    [
        (1, "nfa"),
        (2, "community_resolution"),
        (2, "outcome_22"),
        (3, "youth_caution"),
        (4, "ycc"),
        (5, "charge"),
    ],
)
def test_each_score_leads_to_its_published_outcome(score, decision):
    assert not departs_from_matrix(score, decision)


@pytest.mark.parametrize(
    ("score", "decision"),
    [
        (1, "community_resolution"),
        (2, "youth_caution"),
        (3, "outcome_22"),
        (4, "charge"),
        (5, "ycc"),
    ],
)
def test_any_other_outcome_departs_from_the_matrix(score, decision):
    assert departs_from_matrix(score, decision)


@pytest.mark.parametrize("score", [0, 6, 8])
def test_the_matrix_scores_1_to_5_only(score):
    # 6 to 8 belong to the YJB's seriousness scale, a different thing
    with pytest.raises(ValueError, match="from 1 to 5"):
        gravity(score)


def test_the_choices_read_as_the_matrix_does():
    assert CHOICES[2] == (3, "3: normally a youth caution")
    assert [score for score, _ in CHOICES] == [1, 2, 3, 4, 5]
