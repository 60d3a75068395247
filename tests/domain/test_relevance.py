"""Which questions the record suggests are relevant to a case (``relevance.suggest``), and
when an answer goes against the suggestion (``relevance.contradicts``)."""

from __future__ import annotations

import pytest

from childfirst.domain.inspection import load_framework
from childfirst.domain.inspection.relevance import CaseFacts, Suggestion, contradicts, suggest

RELEVANT, NOT_RELEVANT, AUDITOR = Suggestion.RELEVANT, Suggestion.NOT_RELEVANT, Suggestion.AUDITOR
LEVELS = ["low", "medium", "high", "very_high"]


def test_every_case_is_relevant_to_a_question_for_all():
    assert suggest("all", CaseFacts()) is RELEVANT
    assert suggest("all", CaseFacts(risk_of_serious_harm="low", safety_and_wellbeing="low")) is (
        RELEVANT
    )


def test_where_applicable_is_left_to_the_auditor():
    everything = CaseFacts("very_high", "very_high", True, True, True, True, True)
    assert suggest("where_applicable", CaseFacts()) is AUDITOR
    assert suggest("where_applicable", everything) is AUDITOR


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("low", NOT_RELEVANT),
        ("medium", RELEVANT),
        ("high", RELEVANT),
        ("very_high", RELEVANT),
        ("", AUDITOR),  # not recorded
        ("Low", AUDITOR),  # not one of the codes: no guess
        ("unknown", AUDITOR),
    ],
)
def test_factors_follow_the_classification(level, expected):
    # Risk of harm factors read the risk of serious harm classification only, and safety
    # and wellbeing factors the safety and wellbeing classification only.
    assert suggest("risk_of_harm_factors", CaseFacts(risk_of_serious_harm=level)) is expected
    assert suggest("safety_and_wellbeing_factors", CaseFacts(safety_and_wellbeing=level)) is (
        expected
    )
    other = "low" if expected is not NOT_RELEVANT else "very_high"
    facts = CaseFacts(risk_of_serious_harm=level, safety_and_wellbeing=other)
    assert suggest("risk_of_harm_factors", facts) is expected
    facts = CaseFacts(risk_of_serious_harm=other, safety_and_wellbeing=level)
    assert suggest("safety_and_wellbeing_factors", facts) is expected


@pytest.mark.parametrize(
    ("condition", "fact"),
    [
        ("desistance_changes", "desistance_changes"),
        ("safety_and_wellbeing_changes", "safety_and_wellbeing_changes"),
        ("risk_of_harm_changes", "risk_of_harm_changes"),
        ("youth_conditional_caution", "youth_conditional_caution"),
        ("enforcement_required", "enforcement"),
    ],
)
def test_flags_make_a_question_relevant_or_not(condition, fact):
    assert suggest(condition, CaseFacts(**{fact: True})) is RELEVANT
    assert suggest(condition, CaseFacts(**{fact: False})) is NOT_RELEVANT
    # Only its own fact counts: every other flag set, this one not.
    others = {
        f: True
        for f in (
            "desistance_changes",
            "safety_and_wellbeing_changes",
            "risk_of_harm_changes",
            "youth_conditional_caution",
            "enforcement",
        )
        if f != fact
    }
    assert suggest(condition, CaseFacts(**others)) is NOT_RELEVANT


def test_an_unknown_condition_gets_no_suggestion():
    everything = CaseFacts("very_high", "very_high", True, True, True, True, True)
    for condition in ("", "victims_present", "ALL", "risk_of_harm_factor"):
        assert suggest(condition, everything) is AUDITOR
        assert suggest(condition, CaseFacts()) is AUDITOR


@pytest.mark.parametrize("framework_id", ["hmip-youth-2018", "hmip-youth-2021"])
def test_every_condition_a_framework_names_has_its_rule(framework_id):
    # A condition in a shipped framework file that fell through to "the auditor judges"
    # would silently lose its suggestion; only where_applicable is meant to.
    framework = load_framework(framework_id)
    used = {
        c
        for s in framework.standards
        for q in s.key_questions
        for c in (q.relevant_when, *(p.relevant_when for p in q.prompts))
    }
    assert used <= set(framework.relevance_conditions)
    none = CaseFacts()
    left_to_auditor = {c for c in framework.relevance_conditions if suggest(c, none) is AUDITOR}
    assert left_to_auditor == {
        "where_applicable",
        "risk_of_harm_factors",
        "safety_and_wellbeing_factors",
    }
    recorded = CaseFacts(risk_of_serious_harm="high", safety_and_wellbeing="low")
    left_to_auditor = {c for c in framework.relevance_conditions if suggest(c, recorded) is AUDITOR}
    assert left_to_auditor == {"where_applicable"}


@pytest.mark.parametrize(
    ("suggestion", "relevant", "expected"),
    [
        (RELEVANT, True, False),  # answered Yes or No where suggested relevant
        (RELEVANT, False, True),  # marked not relevant against the record
        (NOT_RELEVANT, False, False),
        (NOT_RELEVANT, True, True),  # answered where the record suggests not relevant
        (AUDITOR, True, False),  # no suggestion: nothing to go against
        (AUDITOR, False, False),
    ],
)
def test_contradicts(suggestion, relevant, expected):
    assert contradicts(suggestion, relevant) is expected
