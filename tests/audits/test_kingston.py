"""The issue's must-show, through the database and the services: Kingston and Richmond's
inspection (HMIP, January 2021) entered as an audit case by case, eight court and six
out-of-court cases, standard by standard, gives every published key-question count, all
twelve published ratings and 24/36 Good, the same as ``childfirst ratings`` gives for the
published counts."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from childfirst.audits import selectors, services
from childfirst.audits.models import Answer
from childfirst.domain.inspection import parse_submission
from childfirst.domain.inspection.audit import case_standards
from childfirst.domain.inspection.framework import CaseType
from childfirst.domain.inspection.report import result_to_dict
from tests.audits.conftest import FRAMEWORK, build_audit, cases_of, entries_for
from tests.domain.seeds import kingston_key_question_counts, kingston_published_ratings
from tests.domain.test_audit_tally import kingston_cases

pytestmark = pytest.mark.django_db

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "docs" / "examples" / "kingston-and-richmond-2021.json"
)
SERVICE = "Kingston and Richmond"


def ratings_command() -> dict:
    out = StringIO()
    call_command("ratings", str(EXAMPLE), format="json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def kingston(lead, second):
    """The audit: 8 court and 6 out-of-court sampled cases shared between two auditors,
    every key question and prompt answered through ``save_answers``, every case
    finished, and domain 1 rated by the lead as the report did."""
    audit = build_audit(
        lead,
        [second],
        court=8,
        out_of_court=6,
        name=SERVICE,
        auditor_of=lambda n: lead if n % 2 else second,
    )
    given = {
        CaseType.COURT: [c.answers for c in kingston_cases() if c.case_type == CaseType.COURT],
        CaseType.OUT_OF_COURT: [
            c.answers for c in kingston_cases() if c.case_type == CaseType.OUT_OF_COURT
        ],
    }
    for kind in CaseType:
        cases = cases_of(audit, kind.value)
        assert len(cases) == len(given[kind]) == {CaseType.COURT: 8, CaseType.OUT_OF_COURT: 6}[kind]
        for case, answers in zip(cases, given[kind], strict=True):
            for standard in case_standards(FRAMEWORK, kind):
                entries = entries_for(
                    standard.number, lambda q, s=standard.number, given=answers: given[s, q].value
                )
                services.save_answers(
                    actor=case.auditor, case=case, standard=standard.number, entries=entries
                )
            services.finish_case(actor=case.auditor, case=case)

    domain1 = json.loads(EXAMPLE.read_text())["domain1"]
    for number, rating in domain1.items():
        services.rate_standard(
            actor=lead,
            audit=audit,
            standard=number,
            rating=rating,
            evidence=f"As published: {rating}",
        )
    return audit


def test_kingston_and_richmond_entered_as_an_audit(kingston):
    audit = kingston
    # Every case was finished by its auditor, with prompts answered as well.
    assert all(c.completed_at for c in cases_of(audit))
    assert Answer.objects.filter(case__audit=audit, prompt__gt=0).exists()
    assert not Answer.objects.filter(case__audit=audit, moderation=True).exists()

    found = selectors.audit_result(audit)
    assert found.cases == 14
    assert found.answered == found.expected == 8 * 12 + 6 * 11
    assert found.unrated_judgements == []
    assert found.complete is True

    # Every key question's relevant and 'Yes' counts are the published table's.
    published_counts = kingston_key_question_counts(FRAMEWORK)
    for number, rows in published_counts.items():
        got = [
            (kq.count.relevant, kq.count.yes) for kq in found.result.standard(number).key_questions
        ]
        assert got == [(c.relevant, c.yes) for c in rows], number

    # Every standard's rating is the ratings command's for the same counts, and the report's.
    command = ratings_command()
    ours = result_to_dict(found.result)
    assert {n: s["rating"] for n, s in ours["standards"].items()} == {
        n: s["rating"] for n, s in command["standards"].items()
    }
    published, score = kingston_published_ratings()
    assert {n: s["rating"] for n, s in ours["standards"].items()} == published
    assert ours == command  # scores, percentages, discretion flags: everything
    assert ours == result_to_dict(parse_submission(json.loads(EXAMPLE.read_text())).rate())

    overall = found.result.overall
    assert (overall.score, overall.max_score, overall.rating.name) == (score, 36, "Good")
    assert score == 24

    # Each prompt was answered Yes where its key question was relevant, Not relevant
    # otherwise: so every prompt's counts are its key question's relevant cases, all Yes.
    for number, rows in published_counts.items():
        for question, count in zip(FRAMEWORK.standard(number).key_questions, rows, strict=True):
            for p in range(1, len(question.prompts) + 1):
                assert found.prompt_counts[number, question.number, p] == (
                    count.relevant,
                    count.relevant,
                ), (number, question.number, p)
