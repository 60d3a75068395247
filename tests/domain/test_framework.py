"""The framework files load into the shape the inspectorate publishes, or are refused."""

import copy

import pytest
import yaml

from childfirst.domain.inspection import (
    FrameworkError,
    Method,
    available_frameworks,
    load_framework,
)
from childfirst.domain.inspection.framework import build_framework, merge_framework_data
from childfirst.domain.pillars import Pillar

PILLARS = [Pillar.DESISTANCE, Pillar.SAFETY_AND_WELLBEING, Pillar.RISK_OF_HARM]


def test_both_frameworks_ship():
    assert available_frameworks() == ["hmip-youth-2018", "hmip-youth-2021"]


def test_2018_has_three_domains_and_twelve_standards():
    f = load_framework("hmip-youth-2018")
    assert [d.name for d in f.domains] == [
        "Organisational delivery",
        "Court disposals",
        "Out-of-court disposals",
    ]
    assert [(s.number, s.name) for s in f.standards] == [
        ("1.1", "Governance and leadership"),
        ("1.2", "Staff"),
        ("1.3", "Partnerships and services"),
        ("1.4", "Information and facilities"),
        ("2.1", "Assessment"),
        ("2.2", "Planning"),
        ("2.3", "Implementation and delivery"),
        ("2.4", "Reviewing"),
        ("3.1", "Assessment"),
        ("3.2", "Planning"),
        ("3.3", "Implementation and delivery"),
        ("3.4", "Joint working"),
    ]
    assert len(f.scored_standards) == 12 and f.max_score == 36
    assert f.rating_names == ("Outstanding", "Good", "Requires improvement", "Inadequate")


def test_case_standards_ask_the_three_pillar_questions_in_order():
    f = load_framework("hmip-youth-2018")
    for number in ("2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3"):
        standard = f.standard(number)
        assert standard.method is Method.CASE
        assert [q.pillar for q in standard.key_questions] == PILLARS, number
        assert all(q.prompts for q in standard.key_questions), number
    joint = f.standard("3.4")
    assert joint.method is Method.CASE
    assert [q.pillar for q in joint.key_questions] == [None, None]
    for number in ("1.1", "1.2", "1.3", "1.4"):
        assert f.standard(number).method is Method.JUDGEMENT


def test_footnoted_questions_are_only_relevant_in_some_cases():
    f = load_framework("hmip-youth-2018")
    planning = f.standard("2.2").key_questions
    assert [q.relevant_when for q in planning] == [
        "all",
        "safety_and_wellbeing_factors",
        "risk_of_harm_factors",
    ]
    assert planning[1].relevance_note.startswith("This question is only relevant in cases")
    reviewing = f.standard("2.4").key_questions
    assert [q.relevant_when for q in reviewing] == [
        "desistance_changes",
        "safety_and_wellbeing_changes",
        "risk_of_harm_changes",
    ]
    assert f.standard("3.4").key_questions[1].relevant_when == "youth_conditional_caution"
    assert f.standard("2.1").key_questions[0].prompts[3].relevant_when == "where_applicable"


def test_2021_replaces_joint_working_and_adds_resettlement_outside_the_score():
    f = load_framework("hmip-youth-2021")
    assert f.standard("3.4").name == "Out-of-court disposal policy and provision"
    assert f.standard("3.4").method is Method.JUDGEMENT
    resettlement = f.standard("4.1")
    assert resettlement.name == "Resettlement policy and provision"
    assert resettlement.counts_in_score is False
    assert len(f.standards) == 13 and len(f.scored_standards) == 12 and f.max_score == 36
    # Everything else is inherited unchanged from 2018.
    base = load_framework("hmip-youth-2018")
    assert f.standard("2.1") == base.standard("2.1")
    assert f.ratings == base.ratings and f.overall_bands == base.overall_bands
    assert f.in_force_to is None and f.notes


@pytest.fixture
def raw_2018():
    from importlib import resources

    text = (
        resources.files("childfirst.domain.inspection.frameworks")
        .joinpath("hmip-youth-2018.yaml")
        .read_text()
    )
    return yaml.safe_load(text)


def test_the_raw_file_builds(raw_2018):
    assert build_framework(raw_2018) == load_framework("hmip-youth-2018")


def _break(data, mutate):
    data = copy.deepcopy(data)
    mutate(data)
    return data


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("ratings"), "ratings: must be a non-empty list"),
        (lambda d: d["ratings"].reverse(), "ratings: must be listed best first"),
        (lambda d: d["ratings"][3].update(key_question_min_percentage=10), "lowest rating"),
        (lambda d: d["ratings"][0].update(key_question_min_percentage=120), "between 0 and 100"),
        (lambda d: d["overall"].update(max_score=30), "max_score: 30 does not equal 12"),
        (lambda d: d["overall"]["bands"][0].update(rating="Superb"), "unknown rating 'Superb'"),
        (lambda d: d["domains"][1]["standards"][0].update(method="vibes"), "must be case or"),
        (lambda d: d["domains"][1]["standards"][0].update(number="3.9"), "must start with"),
        (
            lambda d: d["domains"][1]["standards"][0]["key_questions"][0].update(pillar="hope"),
            "pillar: must be one of",
        ),
        (
            lambda d: d["domains"][1]["standards"][0]["key_questions"][1].update(
                relevant_when="sometimes"
            ),
            "unknown condition 'sometimes'",
        ),
        (
            lambda d: d["domains"][2]["standards"].append(d["domains"][2]["standards"][0]),
            "standard numbers must be unique",
        ),
        (lambda d: d.update(in_force_from="June"), "in_force_from: must be a date"),
        (lambda d: d["domains"][1].pop("case_type"), "needs its domain's case_type"),
    ],
)
def test_an_inconsistent_framework_is_refused_with_the_field(raw_2018, mutate, message):
    with pytest.raises(FrameworkError, match=message.replace("(", r"\(")):
        build_framework(_break(raw_2018, mutate))


def test_an_unknown_framework_is_refused():
    with pytest.raises(FrameworkError, match="unknown framework 'hmip-youth-1066'"):
        load_framework("hmip-youth-1066")


def test_extending_replaces_standards_by_number_and_adds_domains():
    parent = {
        "id": "p",
        "title": "Parent",
        "in_force_to": "2020-01-01",
        "domains": [
            {"number": 1, "name": "One", "standards": [{"number": "1.1"}, {"number": "1.2"}]}
        ],
    }
    child = {
        "id": "c",
        "domains": [
            {"number": 1, "standards": [{"number": "1.2", "name": "New"}, {"number": "1.3"}]},
            {"number": 2, "name": "Two", "standards": []},
        ],
    }
    merged = merge_framework_data(parent, child)
    assert merged["id"] == "c" and merged["title"] == "Parent"
    assert "in_force_to" not in merged
    assert [s["number"] for s in merged["domains"][0]["standards"]] == ["1.1", "1.2", "1.3"]
    assert merged["domains"][0]["standards"][1] == {"number": "1.2", "name": "New"}
    assert merged["domains"][0]["name"] == "One"
    assert [d["number"] for d in merged["domains"]] == [1, 2]
    assert parent["domains"][0]["standards"][1] == {"number": "1.2"}  # parent untouched
