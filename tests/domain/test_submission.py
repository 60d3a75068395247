"""Ratings requests: every malformed input is refused with the field named."""

import copy

import pytest

from childfirst.domain.inspection import SubmissionError, parse_submission

VALID = {
    "service": "Kingston and Richmond",
    "framework": "hmip-youth-2018",
    "domain1": {"1.1": "Good", "1.2": "Good", "1.3": "Good", "1.4": "Outstanding"},
    "standards": {
        "2.1": {
            "key_questions": [
                {"relevant": 8, "yes": 7, "text": "ignored"},
                {"relevant": 8, "yes": 6},
                {"relevant": 8, "yes": 7},
            ]
        },
        "3.4": {"key_questions": [{"relevant": 6, "yes": 6}, {"relevant": 3, "yes": 2}]},
    },
    "ratings": {"2.3": "Good"},
    "overrides": {"2.1": {"rating": "Outstanding", "rationale": "Borderline case re-read."}},
}


def with_change(path: list, value):
    data = copy.deepcopy(VALID)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def errors_for(data) -> list[str]:
    with pytest.raises(SubmissionError) as info:
        parse_submission(data)
    return info.value.errors


def test_a_valid_request_is_read():
    submission = parse_submission(VALID)
    assert submission.framework.id == "hmip-youth-2018"
    assert [(c.relevant, c.yes) for c in submission.counts["2.1"]] == [(8, 7), (8, 6), (8, 7)]
    assert submission.given["2.3"].name == "Good"
    assert submission.overrides["2.1"].rating.name == "Outstanding"
    result = submission.rate()
    assert result.standard("2.1").computed_rating.name == "Good"
    assert result.standard("2.1").rating.name == "Outstanding"
    assert result.overall.missing == ("2.2", "2.4", "3.1", "3.2", "3.3")


def test_the_framework_defaults_to_2018():
    data = copy.deepcopy(VALID)
    del data["framework"]
    assert parse_submission(data).framework.id == "hmip-youth-2018"


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["standards", "9.9"], {"key_questions": []}, "standards.9.9: unknown standard"),
        (["domain1", "1.5"], "Good", "domain1.1.5: unknown standard"),
        (["ratings", "7.1"], "Good", "ratings.7.1: unknown standard"),
        (["overrides", "2.9"], {"rating": "Good", "rationale": "x"}, "overrides.2.9: unknown"),
        (
            ["standards", "2.1", "key_questions", 1],
            {"relevant": 8, "yes": 9},
            "standards.2.1.key_questions[2].yes: 9 'Yes' is more than the 8 relevant",
        ),
        (
            ["standards", "2.1", "key_questions", 0],
            {"relevant": -1, "yes": 0},
            "standards.2.1.key_questions[1].relevant: cannot be negative",
        ),
        (
            ["standards", "2.1", "key_questions", 2],
            {"relevant": 8, "yes": -2},
            "standards.2.1.key_questions[3].yes: cannot be negative",
        ),
        (
            ["standards", "2.1", "key_questions", 2],
            {"relevant": 8.5, "yes": 2},
            "standards.2.1.key_questions[3].relevant: must be a whole number",
        ),
        (
            ["standards", "2.1", "key_questions", 2],
            {"relevant": True, "yes": 1},
            "standards.2.1.key_questions[3].relevant: must be a whole number",
        ),
        (
            ["standards", "2.1", "key_questions", 2],
            {"relevant": 8},
            "standards.2.1.key_questions[3].yes: missing",
        ),
        (
            ["standards", "2.1", "key_questions", 2],
            {"relevant": 8, "yes": 2, "no": 6},
            "standards.2.1.key_questions[3].no: unknown field",
        ),
        (
            ["standards", "2.1", "key_questions"],
            [{"relevant": 8, "yes": 7}],
            "standards.2.1.key_questions: 2.1 Assessment has 3 key questions",
        ),
        (["standards", "2.1"], [1, 2], "standards.2.1.key_questions: must be a list"),
        (["standards", "1.1"], {"key_questions": []}, "standards.1.1: 1.1 Governance and "),
        (["domain1", "1.2"], "Very good", "domain1.1.2: unknown rating 'Very good'"),
        (["domain1", "1.2"], "good", "domain1.1.2: unknown rating 'good'"),
        (["domain1", "2.2"], "Good", "domain1.2.2: not a domain 1 standard"),
        (["ratings", "1.2"], "Good", "ratings.1.2: domain 1 ratings belong under domain1"),
        (["ratings", "2.1"], "Good", "ratings.2.1: given both as a rating and as key-question"),
        (["ratings", "2.3"], "Requires Improvement", "ratings.2.3: unknown rating"),
        (["overrides", "2.1"], {"rating": "Good"}, "overrides.2.1.rationale: the panel's"),
        (
            ["overrides", "2.1"],
            {"rating": "Great", "rationale": "x"},
            "overrides.2.1.rating: unknown rating 'Great'",
        ),
        (
            ["overrides", "2.3"],
            {"rating": "Good", "rationale": "x"},
            "overrides.2.3: only a rating computed from key-question counts can be overridden",
        ),
        (["framework"], "hmip-youth-1999", "framework: unknown framework 'hmip-youth-1999'"),
        (["service"], 42, "service: must be text"),
        (["standards"], ["2.1"], "standards: must be an object keyed by standard number"),
        (["verdict"], "Good", "verdict: unknown field"),
    ],
)
def test_malformed_requests_name_the_field(path, value, expected):
    errors = errors_for(with_change(path, value))
    assert any(e.startswith(expected) for e in errors), errors


def test_every_problem_is_reported_at_once():
    data = with_change(["domain1", "1.1"], "Fine")
    data["standards"]["2.1"]["key_questions"][0] = {"relevant": 2, "yes": 3}
    data["standards"]["2.1"]["key_questions"][2] = {"relevant": -2, "yes": 0}
    errors = errors_for(data)
    assert len(errors) == 3, errors


def test_the_request_must_be_a_mapping():
    assert errors_for([1, 2, 3]) == ["the file must hold an object (a mapping of fields)"]


def test_a_judgement_standard_of_the_2021_framework_takes_a_rating_not_counts():
    data = with_change(["framework"], "hmip-youth-2021")
    errors = errors_for(data)
    assert any(e.startswith("standards.3.4: 3.4 Out-of-court disposal policy") for e in errors)
    del data["standards"]["3.4"]
    data["ratings"]["3.4"] = "Good"
    data["ratings"]["4.1"] = "Requires improvement"
    result = parse_submission(data).rate()
    assert result.standard("4.1").rating.name == "Requires improvement"
    assert "4.1" not in result.overall.missing  # resettlement is not in the score
