"""Case-by-case audit answers add up to the inspectorate's key-question counts."""

import json
from pathlib import Path

import pytest

from childfirst.domain.inspection import CaseType, load_framework, parse_submission, rate_inspection
from childfirst.domain.inspection.audit import (
    Answer,
    CaseAnswers,
    IncompleteAudit,
    questions_for,
    tally,
)
from childfirst.domain.inspection.report import result_to_dict

from .seeds import kingston_key_question_counts, kingston_published_ratings

FRAMEWORK = load_framework("hmip-youth-2018")
EXAMPLE = (
    Path(__file__).resolve().parents[2] / "docs" / "examples" / "kingston-and-richmond-2021.json"
)
COURT, OUT_OF_COURT = CaseType.COURT, CaseType.OUT_OF_COURT


def kingston_cases():
    """8 court and 6 out-of-court cases whose answers give Kingston and Richmond's tables.

    For a question relevant to r cases with y 'Yes', the cases are taken in a rotated
    order (so no case is 'Yes' to everything): the first y answer Yes, the next r - y
    No, the rest Not relevant.
    """
    counts = kingston_key_question_counts(FRAMEWORK)
    cases = {COURT: 8, OUT_OF_COURT: 6}
    answers = {kind: [{} for _ in range(n)] for kind, n in cases.items()}
    for offset, (standard, questions) in enumerate(sorted(counts.items())):
        kind = COURT if standard.startswith("2.") else OUT_OF_COURT
        n = cases[kind]
        for number, count in enumerate(questions, 1):
            assert count.relevant <= n, (standard, number)
            for position in range(n):
                case = (position + offset + number) % n
                answer = (
                    Answer.YES
                    if position < count.yes
                    else Answer.NO
                    if position < count.relevant
                    else Answer.NOT_RELEVANT
                )
                answers[kind][case][standard, number] = answer
    return [
        CaseAnswers(f"{kind}-{i}", kind, given)
        for kind, cases_of_kind in answers.items()
        for i, given in enumerate(cases_of_kind)
    ]


def test_kingston_and_richmond_entered_case_by_case():
    cases = kingston_cases()
    assert sum(c.case_type == COURT for c in cases) == 8
    assert sum(c.case_type == OUT_OF_COURT for c in cases) == 6
    assert all(len(c.answers) == len(questions_for(FRAMEWORK, c.case_type)) for c in cases)
    counts = tally(FRAMEWORK, cases)
    assert counts == kingston_key_question_counts(FRAMEWORK)  # every table, every count

    published, score = kingston_published_ratings()
    domain1 = {n: FRAMEWORK.rating(published[n]) for n in ("1.1", "1.2", "1.3", "1.4")}
    result = rate_inspection(FRAMEWORK, "Kingston and Richmond", counts, domain1)
    assert {s.standard.number: s.rating.name for s in result.standards} == published
    assert (result.overall.score, result.overall.rating.name) == (score, "Good") == (24, "Good")
    # identical to what `childfirst ratings` gives for the published counts
    command = parse_submission(json.loads(EXAMPLE.read_text())).rate()
    assert result_to_dict(result) == result_to_dict(command)


def test_answers_count_by_hand():
    yes, no, skip = Answer.YES, Answer.NO, Answer.NOT_RELEVANT
    keys = questions_for(FRAMEWORK, OUT_OF_COURT)
    first = dict.fromkeys(keys, yes)
    second = dict.fromkeys(keys, no)
    second["3.1", 1] = skip
    counts = tally(
        FRAMEWORK, [CaseAnswers(1, OUT_OF_COURT, first), CaseAnswers(2, OUT_OF_COURT, second)]
    )
    # 3.1 question 1: relevant to case 1 only, 'Yes' there; question 2: both, one 'Yes'
    assert (counts["3.1"][0].relevant, counts["3.1"][0].yes) == (1, 1)
    assert (counts["3.1"][1].relevant, counts["3.1"][1].yes) == (2, 1)
    assert sorted(counts) == ["3.1", "3.2", "3.3", "3.4"]  # no court cases: 2.x not rated


def test_an_unanswered_question_is_named_unless_provisional():
    keys = questions_for(FRAMEWORK, COURT)
    partial = dict.fromkeys(keys[1:], Answer.YES)
    case = CaseAnswers("CF-1", COURT, partial)
    with pytest.raises(IncompleteAudit, match=r"1 key questions not answered: case CF-1 2\.1/1"):
        tally(FRAMEWORK, [case])
    provisional = tally(FRAMEWORK, [case], complete=False)
    assert (provisional["2.1"][0].relevant, provisional["2.1"][1].yes) == (0, 1)
