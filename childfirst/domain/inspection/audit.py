"""A service's own inspection-style case audit: case-by-case answers to key-question counts.

HM Inspectorate of Probation rates each case standard from, for every key question,
the number of sampled cases it was relevant to and the number answered 'Yes'
(HMIP, "An inspection of youth offending services in Kingston and Richmond", January
2021, Annexe 1 "Ratings explained"; seed ``002_…``). An audit inside the service records
the answer of each case to each key question of its domain (court cases: domain 2;
out-of-court cases: domain 3) as Yes, No or Not relevant; this module adds those
answers up into the counts the ratings engine takes, so an audit is rated by exactly
the inspectorate's rules (:func:`childfirst.domain.inspection.rate_inspection`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from childfirst.domain.inspection.framework import CaseType, Framework, Method, Standard
from childfirst.domain.inspection.ratings import KeyQuestionCount


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_RELEVANT = "not_relevant"


#: (standard number, key question number) such as ("2.1", 3).
QuestionKey = tuple[str, int]


@dataclass(frozen=True)
class CaseAnswers:
    """One sampled case's answers to the key questions of its domain."""

    case_id: Hashable
    case_type: CaseType
    answers: Mapping[QuestionKey, Answer]


class IncompleteAudit(ValueError):
    """Some case has key questions still unanswered; ``missing`` names them."""

    def __init__(self, missing: Sequence[tuple[Hashable, QuestionKey]]) -> None:
        self.missing = tuple(missing)
        shown = ", ".join(f"case {case} {s}/{q}" for case, (s, q) in self.missing[:5])
        more = f" and {len(self.missing) - 5} more" if len(self.missing) > 5 else ""
        super().__init__(f"{len(self.missing)} key questions not answered: {shown}{more}")


def case_standards(framework: Framework, case_type: CaseType) -> tuple[Standard, ...]:
    """The standards rated from cases of ``case_type`` (the domain's case standards)."""
    return tuple(
        s for s in framework.standards if s.case_type == case_type and s.method == Method.CASE
    )


def questions_for(framework: Framework, case_type: CaseType) -> tuple[QuestionKey, ...]:
    return tuple(
        (standard.number, question.number)
        for standard in case_standards(framework, case_type)
        for question in standard.key_questions
    )


def tally(
    framework: Framework, cases: Sequence[CaseAnswers], *, complete: bool = True
) -> dict[str, list[KeyQuestionCount]]:
    """Key-question counts per case standard, from every case's answers.

    A question is relevant to a case answered Yes or No, and counts as 'Yes' when
    answered Yes. With ``complete`` (the default) an unanswered question anywhere
    raises :class:`IncompleteAudit`; otherwise unanswered questions count as not
    relevant, for a provisional view while work is under way. Standards with no case
    of their type in the audit are left out (not rated).
    """
    missing: list[tuple[Hashable, QuestionKey]] = []
    counts: dict[QuestionKey, list[int]] = {}
    types = {case.case_type for case in cases}
    for case in cases:
        for key in questions_for(framework, case.case_type):
            answer = case.answers.get(key)
            if answer is None:
                missing.append((case.case_id, key))
                continue
            relevant, yes = counts.setdefault(key, [0, 0])
            counts[key] = [
                relevant + (answer != Answer.NOT_RELEVANT),
                yes + (answer == Answer.YES),
            ]
    if missing and complete:
        raise IncompleteAudit(missing)
    result: dict[str, list[KeyQuestionCount]] = {}
    for case_type in types:
        for standard in case_standards(framework, case_type):
            result[standard.number] = [
                KeyQuestionCount(*counts.get((standard.number, q.number), [0, 0]))
                for q in standard.key_questions
            ]
    return result
