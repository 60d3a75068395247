"""Which key questions and prompts apply to a case: a suggestion from the record.

Inspectors answer a key question only for the cases it is relevant to (seed
``002_…``, Annexe 1: "cases where a question is not relevant are left out of it").
The framework file names each question's condition (``relevant_when``: for example
``risk_of_harm_factors``, "cases where there are factors related to keeping other
people safe"; ``risk_of_harm_changes``, "cases where there were changes ..."). This
module turns a case's facts into a suggestion for each condition, which the auditor
may change, saying why; it never decides on its own.

The mapping from record to condition is ours, not the inspectorate's:

* ``all``: relevant;
* ``where_applicable``: no suggestion; the auditor judges;
* ``risk_of_harm_factors`` / ``safety_and_wellbeing_factors``: not relevant where the
  case's risk of serious harm / safety and wellbeing classification is low, relevant
  where it is medium or above, no suggestion where it is not recorded;
* ``*_changes``: relevant where a review in the period recorded a change in that
  pillar, not relevant where there was no such change;
* ``youth_conditional_caution``: relevant for youth conditional cautions only;
* ``enforcement_required``: relevant where enforcement action was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Suggestion(StrEnum):
    RELEVANT = "relevant"
    NOT_RELEVANT = "not_relevant"
    AUDITOR = "auditor"  # no suggestion: the auditor judges


#: Classifications (risk of serious harm; safety and wellbeing) that count as low.
LOW_LEVELS = frozenset({"low"})
RECORDED_LEVELS = frozenset({"low", "medium", "high", "very_high"})


@dataclass(frozen=True)
class CaseFacts:
    """What the record says about a sampled case, as far as relevance goes."""

    risk_of_serious_harm: str = ""  # "low", "medium", "high", "very_high" or "" (not recorded)
    safety_and_wellbeing: str = ""
    desistance_changes: bool = False
    safety_and_wellbeing_changes: bool = False
    risk_of_harm_changes: bool = False
    youth_conditional_caution: bool = False
    enforcement: bool = False


def _level(value: str) -> Suggestion:
    if value not in RECORDED_LEVELS:
        return Suggestion.AUDITOR
    return Suggestion.NOT_RELEVANT if value in LOW_LEVELS else Suggestion.RELEVANT


def _flag(value: bool) -> Suggestion:
    return Suggestion.RELEVANT if value else Suggestion.NOT_RELEVANT


def suggest(condition: str, facts: CaseFacts) -> Suggestion:
    """The suggested relevance of a question with ``relevant_when: condition``.

    An unknown condition (a framework file newer than this code) gets no suggestion
    rather than a guess.
    """
    if condition == "all":
        return Suggestion.RELEVANT
    if condition == "risk_of_harm_factors":
        return _level(facts.risk_of_serious_harm)
    if condition == "safety_and_wellbeing_factors":
        return _level(facts.safety_and_wellbeing)
    if condition == "desistance_changes":
        return _flag(facts.desistance_changes)
    if condition == "safety_and_wellbeing_changes":
        return _flag(facts.safety_and_wellbeing_changes)
    if condition == "risk_of_harm_changes":
        return _flag(facts.risk_of_harm_changes)
    if condition == "youth_conditional_caution":
        return _flag(facts.youth_conditional_caution)
    if condition == "enforcement_required":
        return _flag(facts.enforcement)
    return Suggestion.AUDITOR


def contradicts(suggestion: Suggestion, relevant: bool) -> bool:
    """True when an answer (relevant: Yes or No; not relevant) goes against the suggestion,
    so the auditor must say why."""
    if suggestion is Suggestion.AUDITOR:
        return False
    return relevant != (suggestion is Suggestion.RELEVANT)
