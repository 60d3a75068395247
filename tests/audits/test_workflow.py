"""Running an audit through its services: allocating cases, answering them, finishing,
moderation and agreement, the lead auditor's settlements and ratings."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import pytest

from childfirst.audits import selectors, services
from childfirst.audits.models import Answer, AuditCase, Settlement, StandardRating
from childfirst.audits.services import Allocation, AuditError, Entry
from childfirst.domain.inspection.audit import Answer as Value
from childfirst.domain.inspection.audit import questions_for
from childfirst.domain.inspection.framework import CaseType
from childfirst.domain.inspection.ratings import Source
from tests.audits.conftest import (
    FRAMEWORK,
    NO,
    NOT_RELEVANT,
    YES,
    answer_case,
    build_audit,
    cases_of,
)
from tests.casework.factories import TeamFactory

pytestmark = pytest.mark.django_db

COURT, OUT_OF_COURT = CaseType.COURT, CaseType.OUT_OF_COURT


def counts(audit, standard, question, teams=None):
    kq = selectors.audit_result(audit, teams).result.standard(standard).key_questions
    found = kq[question - 1].count
    return found.relevant, found.yes


# --- allocation ------------------------------------------------------------------------------


def test_a_case_is_not_moderated_by_its_own_auditor(lead, second):
    audit = build_audit(lead, [second], court=1, fixed=False)
    [case] = cases_of(audit)
    with pytest.raises(AuditError, match="moderator must be someone other than its auditor"):
        services.allocate_cases(
            actor=lead, audit=audit, allocations={case.pk: Allocation(second.pk, second.pk)}
        )
    case.refresh_from_db()
    assert (case.auditor_id, case.moderator_id) == (lead.pk, None)


def test_allocation_is_to_people_on_the_audit_and_cases_in_its_sample(lead, second, third):
    audit = build_audit(lead, [second], court=2, fixed=False)
    other = build_audit(lead, [second], court=1, fixed=False)
    first, later = cases_of(audit)
    [elsewhere] = cases_of(other)
    AuditCase.objects.filter(pk=later.pk).update(sampled=False)

    with pytest.raises(AuditError, match="not one of the auditors"):
        services.allocate_cases(
            actor=lead, audit=audit, allocations={first.pk: Allocation(third.pk, None)}
        )
    with pytest.raises(AuditError, match="not one of the auditors"):
        services.allocate_cases(
            actor=lead, audit=audit, allocations={first.pk: Allocation(second.pk, third.pk)}
        )
    with pytest.raises(AuditError, match="not in this audit's sample"):
        services.allocate_cases(
            actor=lead, audit=audit, allocations={elsewhere.pk: Allocation(second.pk, None)}
        )
    with pytest.raises(AuditError, match="not in this audit's sample"):
        services.allocate_cases(
            actor=lead, audit=audit, allocations={later.pk: Allocation(second.pk, None)}
        )
    first.refresh_from_db()
    assert (first.auditor_id, first.moderator_id) == (lead.pk, None)

    assert (
        services.allocate_cases(
            actor=lead, audit=audit, allocations={first.pk: Allocation(second.pk, lead.pk)}
        )
        == 1
    )
    first.refresh_from_db()
    assert (first.auditor_id, first.moderator_id) == (second.pk, lead.pk)
    # Nothing to change the second time.
    assert (
        services.allocate_cases(
            actor=lead, audit=audit, allocations={first.pk: Allocation(second.pk, lead.pk)}
        )
        == 0
    )


def test_a_refused_allocation_changes_nothing(lead, second, third):
    audit = build_audit(lead, [second], court=2, fixed=False)
    good, bad = cases_of(audit)
    # The refusal names the case by the child's reference (issue 11, item 11).
    with pytest.raises(AuditError, match=f"case of {bad.child.reference}: the person chosen"):
        services.allocate_cases(
            actor=lead,
            audit=audit,
            allocations={good.pk: Allocation(second.pk, None), bad.pk: Allocation(third.pk, None)},
        )
    good.refresh_from_db()
    assert good.auditor_id == lead.pk  # not second: the whole allocation was refused


def test_a_case_begun_keeps_its_auditor(lead, second):
    audit = build_audit(lead, [second], court=1)
    [case] = cases_of(audit)
    services.save_answers(actor=lead, case=case, standard="2.1", entries=[Entry(1, 0, YES)])
    with pytest.raises(AuditError, match="its auditor has begun"):
        services.allocate_cases(
            actor=lead, audit=audit, allocations={case.pk: Allocation(second.pk, None)}
        )
    # A moderator can still be added.
    services.allocate_cases(
        actor=lead, audit=audit, allocations={case.pk: Allocation(lead.pk, second.pk)}
    )
    case.refresh_from_db()
    assert case.moderator_id == second.pk


def test_share_out_gives_every_case_an_auditor_and_a_fifth_a_second_auditor(lead, second, third):
    audit = build_audit(lead, [second, third], court=8, out_of_court=6, fixed=False)
    AuditCase.objects.filter(audit=audit).update(auditor=None)

    services.share_out_cases(actor=lead, audit=audit, moderation_percent=20)
    cases = cases_of(audit)
    team = {lead.pk, second.pk, third.pk}
    assert all(c.auditor_id in team for c in cases)
    moderated = [c for c in cases if c.moderator_id is not None]
    assert len(moderated) == math.ceil(14 * 20 / 100) == 3
    assert all(c.moderator_id in team and c.moderator_id != c.auditor_id for c in moderated)
    # Shared in turn: nobody has more than one case more than anyone else.
    loads = [sum(c.auditor_id == p for c in cases) for p in team]
    assert max(loads) - min(loads) <= 1

    services.fix_sample(actor=lead, audit=audit)  # every case has its auditor now


def test_share_out_refusals(lead, second):
    alone = build_audit(lead, court=3, fixed=False)
    with pytest.raises(AuditError, match="at least two auditors"):
        services.share_out_cases(actor=lead, audit=alone, moderation_percent=20)
    assert (
        services.share_out_cases(actor=lead, audit=alone, moderation_percent=0) == 0
    )  # all the lead's already
    audit = build_audit(lead, [second], court=3, fixed=False)
    for percent in (-1, 101):
        with pytest.raises(AuditError, match="between 0 and 100"):
            services.share_out_cases(actor=lead, audit=audit, moderation_percent=percent)


# --- answering -------------------------------------------------------------------------------


def test_answers_are_kept_per_auditor_and_replaced_when_changed(lead, second):
    audit = build_audit(lead, [second], court=1)
    [case] = cases_of(audit)
    services.allocate_cases(
        actor=lead, audit=audit, allocations={case.pk: Allocation(lead.pk, second.pk)}
    )

    assert (
        services.save_answers(
            actor=lead, case=case, standard="2.1", entries=[Entry(1, 0, YES, "  Seen it  ")]
        )
        == 1
    )
    services.save_answers(
        actor=second,
        case=case,
        standard="2.1",
        entries=[Entry(1, 0, NO), Entry(1, 7, NOT_RELEVANT)],
    )
    services.save_answers(
        actor=lead, case=case, standard="2.1", entries=[Entry(1, 0, NO, "Looked again")]
    )

    rows = {(a.moderation, a.question, a.prompt): a for a in Answer.objects.filter(case=case)}
    assert set(rows) == {(False, 1, 0), (True, 1, 0), (True, 1, 7)}
    assert (rows[False, 1, 0].answer, rows[False, 1, 0].evidence) == (NO, "Looked again")
    assert rows[False, 1, 0].answered_by == lead
    assert rows[True, 1, 0].answered_by == second
    assert rows[True, 1, 7].answer == NOT_RELEVANT


def test_save_answers_refusals_change_nothing(lead, second, third):
    audit = build_audit(lead, [second, third], court=1, out_of_court=1)
    court, ooc = cases_of(audit)
    services.allocate_cases(
        actor=lead, audit=audit, allocations={court.pk: Allocation(second.pk, None)}
    )
    ok = [Entry(1, 0, YES)]

    with pytest.raises(AuditError, match="allocated to someone else"):
        services.save_answers(actor=third, case=court, standard="2.1", entries=ok)
    with pytest.raises(AuditError, match="allocated to someone else"):
        services.save_answers(
            actor=lead, case=court, standard="2.1", entries=ok
        )  # the lead is not its auditor
    for standard in ("3.1", "1.1", "9.9"):
        with pytest.raises(AuditError, match=rf"Standard {re.escape(standard)} is not audited"):
            services.save_answers(actor=second, case=court, standard=standard, entries=ok)
    with pytest.raises(AuditError, match=r"Standard 2\.3 is not audited"):
        services.save_answers(actor=lead, case=ooc, standard="2.3", entries=ok)
    for bad in (Entry(4, 0, YES), Entry(0, 0, YES), Entry(1, 8, YES), Entry(2, 4, YES)):
        with pytest.raises(AuditError, match=rf"2\.1 has no question {bad.question}\.{bad.prompt}"):
            services.save_answers(
                actor=second, case=court, standard="2.1", entries=[Entry(1, 0, YES), bad]
            )
    with pytest.raises(AuditError, match="'maybe' is not an answer"):
        services.save_answers(
            actor=second,
            case=court,
            standard="2.1",
            entries=[Entry(1, 0, YES), Entry(2, 0, "maybe")],
        )
    assert not Answer.objects.exists()

    # The last prompt of a question is fine.
    assert (
        services.save_answers(
            actor=second, case=court, standard="2.1", entries=[Entry(1, 7, YES), Entry(2, 3, NO)]
        )
        == 2
    )


def test_no_answers_before_the_work_starts(lead):
    audit = build_audit(lead, court=1, fixed=False)
    [case] = cases_of(audit)
    with pytest.raises(AuditError, match="has not started the work"):
        services.save_answers(actor=lead, case=case, standard="2.1", entries=[Entry(1, 0, YES)])
    assert not Answer.objects.exists()


def test_a_finished_case_keeps_its_answers(lead, second):
    audit = build_audit(lead, [second], out_of_court=1)
    [case] = cases_of(audit)
    services.allocate_cases(
        actor=lead, audit=audit, allocations={case.pk: Allocation(lead.pk, second.pk)}
    )
    answer_case(case, lead, finish=True)

    with pytest.raises(AuditError, match="You have finished this case"):
        services.save_answers(actor=lead, case=case, standard="3.1", entries=[Entry(1, 0, NO)])
    assert Answer.objects.get(case=case, standard="3.1", question=1, prompt=0).answer == YES
    # The moderator, not finished, still can.
    services.save_answers(actor=second, case=case, standard="3.1", entries=[Entry(1, 0, NO)])


# --- finishing -------------------------------------------------------------------------------


def test_finishing_names_what_is_still_to_answer(lead, second):
    audit = build_audit(lead, [second], court=1)
    [case] = cases_of(audit)
    prompts = sum(len(q.prompts) for s in ("2.1", "2.2", "2.3", "2.4") for q in _kqs(s))
    total = len(questions_for(FRAMEWORK, COURT)) + prompts

    with pytest.raises(AuditError) as refused:
        services.finish_case(actor=lead, case=case)
    assert str(refused.value) == (
        f"{total} still to answer: 2.1 question 1, 2.1 question 1 prompt 1, "
        "2.1 question 1 prompt 2, 2.1 question 1 prompt 3, 2.1 question 1 prompt 4 "
        f"and {total - 5} more"
    )

    answer_case(case, lead)
    Answer.objects.filter(case=case, standard="2.2", question=3, prompt=0).delete()
    with pytest.raises(AuditError, match=r"^1 still to answer: 2.2 question 3$"):
        services.finish_case(actor=lead, case=case)
    Answer.objects.filter(case=case, standard="2.4", question=3, prompt=4).delete()
    services.save_answers(actor=lead, case=case, standard="2.2", entries=[Entry(3, 0, YES)])
    with pytest.raises(AuditError, match=r"^1 still to answer: 2.4 question 3 prompt 4$"):
        services.finish_case(actor=lead, case=case)
    case.refresh_from_db()
    assert case.completed_at is None

    services.save_answers(
        actor=lead, case=case, standard="2.4", entries=[Entry(3, 4, NOT_RELEVANT)]
    )
    services.finish_case(actor=lead, case=case)
    case.refresh_from_db()
    assert case.completed_at is not None and case.moderated_at is None


def test_only_the_case_s_auditors_finish_it(lead, second):
    audit = build_audit(lead, [second], out_of_court=1)
    [case] = cases_of(audit)
    answer_case(case, lead)
    with pytest.raises(AuditError, match="allocated to someone else"):
        services.finish_case(actor=second, case=case)
    services.finish_case(actor=lead, case=case)


def _kqs(standard):
    return FRAMEWORK.standard(standard).key_questions


# --- moderation ------------------------------------------------------------------------------


@pytest.fixture
def moderated(lead, second):
    """Three court cases audited by ``second`` and moderated blind by ``lead``, both
    finished: everything Yes from both but for

    - 2.1 question 1: (Yes, Yes), (No, Yes), (No, No);
    - 2.2 question 2: (Yes, Not relevant) on the first case;

    plus a fourth case the moderator has not finished (answers differ everywhere) and a
    fifth, not moderated."""
    audit = build_audit(lead, [second], court=5, auditor_of=lambda n: second)
    cases = cases_of(audit)
    for case in cases[:4]:
        services.allocate_cases(
            actor=lead, audit=audit, allocations={case.pk: Allocation(second.pk, lead.pk)}
        )
    first_answers = [
        {("2.1", 1): YES},
        {("2.1", 1): NO},
        {("2.1", 1): NO},
    ]
    second_answers = [
        {("2.1", 1): YES, ("2.2", 2): NOT_RELEVANT},
        {("2.1", 1): YES},
        {("2.1", 1): NO},
    ]
    for case, mine, theirs in zip(cases[:3], first_answers, second_answers, strict=True):
        answer_case(case, second, mine, finish=True)
        answer_case(case, lead, theirs, finish=True)
    answer_case(cases[3], second, finish=True)
    answer_case(cases[3], lead, default=NO)  # not finished: nobody sees these yet
    answer_case(cases[4], second, finish=True)
    for case in cases:
        case.refresh_from_db()
    return audit, cases


def test_agreement_per_question_and_overall_worked_by_hand(moderated):
    audit, cases = moderated
    found = selectors.moderation(audit)

    assert {c.pk for c in found.cases} == {c.pk for c in cases[:3]}
    assert found.waiting == 1  # the fourth: its moderator has not finished
    by_question = {(q.standard, q.question): q.agreement for q in found.questions}
    assert set(by_question) == set(questions_for(FRAMEWORK, COURT))

    # 2.1/1 over three cases: (Yes, Yes), (No, Yes), (No, No).
    # p_o = 2/3 agreed. First auditor: Yes 1/3, No 2/3; second: Yes 2/3, No 1/3.
    # p_e = 1/3 * 2/3 + 2/3 * 1/3 = 4/9. kappa = (2/3 - 4/9) / (1 - 4/9) = (2/9) / (5/9) = 2/5.
    q = by_question["2.1", 1]
    assert (q.items, q.agreed, q.observed) == (3, 2, Fraction(2, 3))
    assert q.expected == Fraction(4, 9)
    assert q.kappa == Fraction(2, 5)
    assert q.percentage == 66.7

    # 2.2/2: (Yes, Not relevant), (Yes, Yes), (Yes, Yes): p_o = 2/3; the first auditor
    # said Yes throughout, so p_e = 1 * 2/3 = 2/3 and kappa = (2/3 - 2/3) / (1/3) = 0.
    q = by_question["2.2", 2]
    assert (q.observed, q.expected, q.kappa) == (Fraction(2, 3), Fraction(2, 3), Fraction(0))

    # 2.1/2: Yes from both on every case: 100%, kappa undefined (p_e = 1).
    q = by_question["2.1", 2]
    assert (q.percentage, q.kappa) == (100.0, None)

    # Overall: 12 key questions x 3 cases = 36 pairs, 34 agreed (p_o = 17/18).
    # First auditor: Yes 34, No 2; second: Yes 34, No 1, Not relevant 1.
    # p_e = (34/36)(34/36) + (2/36)(1/36) + 0 = 1158/1296 = 193/216.
    # kappa = (204/216 - 193/216) / (23/216) = 11/23.
    overall = found.overall
    assert (overall.items, overall.agreed) == (36, 34)
    assert overall.expected == Fraction(193, 216)
    assert overall.kappa == Fraction(11, 23)


def test_every_disagreement_is_listed(moderated):
    audit, cases = moderated
    found = selectors.moderation(audit)
    listed = {
        (d.case.pk, d.standard, d.question, d.first, d.second, d.settlement)
        for d in found.disagreements
    }
    assert listed == {
        (cases[1].pk, "2.1", 1, Value.NO, Value.YES, None),
        (cases[0].pk, "2.2", 2, Value.YES, Value.NOT_RELEVANT, None),
    }
    assert found.unsettled == 2
    text = {d.text for d in found.disagreements}
    assert "Does assessment sufficiently analyse how to support the child's desistance?" in text


def test_moderation_is_blind_until_both_have_finished(lead, second):
    audit = build_audit(lead, [second], court=2, auditor_of=lambda n: second)
    one, two = cases_of(audit)
    for case in (one, two):
        services.allocate_cases(
            actor=lead, audit=audit, allocations={case.pk: Allocation(second.pk, lead.pk)}
        )
    answer_case(one, second, finish=True)
    answer_case(one, lead, default=NO)  # moderator still working
    answer_case(two, second, default=NO)  # case auditor still working
    answer_case(two, lead, finish=True)

    found = selectors.moderation(audit)
    assert found.cases == [] and found.questions == [] and found.disagreements == []
    assert found.overall is None and found.waiting == 2

    services.finish_case(actor=lead, case=one)
    found = selectors.moderation(audit)
    assert [c.pk for c in found.cases] == [one.pk]
    assert len(found.disagreements) == 12  # Yes against No on every key question


# --- settling --------------------------------------------------------------------------------


def test_settling_changes_the_answer_that_stands(moderated, lead):
    audit, cases = moderated
    # The case auditor's answers to 2.1/1 on the five cases: Yes, No, No, Yes, Yes.
    assert counts(audit, "2.1", 1) == (5, 3)
    assert counts(audit, "2.2", 2) == (5, 5)

    services.settle_disagreement(
        actor=lead,
        case=cases[1],
        standard="2.1",
        question=1,
        answer=YES,
        rationale="  The plan shows it  ",
    )
    assert counts(audit, "2.1", 1) == (5, 4)
    services.settle_disagreement(
        actor=lead,
        case=cases[0],
        standard="2.2",
        question=2,
        answer=NOT_RELEVANT,
        rationale="No safety factors",
    )
    assert counts(audit, "2.2", 2) == (4, 4)
    # Changing a decision replaces it.
    services.settle_disagreement(
        actor=lead,
        case=cases[1],
        standard="2.1",
        question=1,
        answer=NO,
        rationale="On reflection, no",
    )
    assert counts(audit, "2.1", 1) == (5, 3)
    assert Settlement.objects.count() == 2

    settled = Settlement.objects.get(case=cases[0])
    assert (settled.rationale, settled.decided_by) == ("No safety factors", lead)
    found = selectors.moderation(audit)
    assert found.unsettled == 0
    assert {d.settlement.answer for d in found.disagreements} == {NO, NOT_RELEVANT}
    # The auditors' own answers are kept as they were.
    assert (
        Answer.objects.get(
            case=cases[1], moderation=False, standard="2.1", question=1, prompt=0
        ).answer
        == NO
    )


def test_settling_refusals(moderated, lead, second):
    audit, cases = moderated
    with pytest.raises(AuditError, match="Say why"):
        services.settle_disagreement(
            actor=lead, case=cases[1], standard="2.1", question=1, answer=YES, rationale="   "
        )
    with pytest.raises(AuditError, match="did not disagree"):
        services.settle_disagreement(
            actor=lead, case=cases[0], standard="2.1", question=1, answer=NO, rationale="Because"
        )  # both said Yes
    with pytest.raises(AuditError, match="did not disagree"):
        services.settle_disagreement(
            actor=lead, case=cases[0], standard="3.1", question=1, answer=NO, rationale="Because"
        )  # not a question of the case
    with pytest.raises(AuditError, match="Both auditors must finish"):
        services.settle_disagreement(
            actor=lead, case=cases[3], standard="2.1", question=1, answer=NO, rationale="Because"
        )  # moderator not finished
    with pytest.raises(AuditError, match="Choose Yes, No or Not relevant"):
        services.settle_disagreement(
            actor=lead,
            case=cases[1],
            standard="2.1",
            question=1,
            answer="perhaps",
            rationale="Because",
        )
    with pytest.raises(AuditError, match="Only the lead auditor"):
        services.settle_disagreement(
            actor=second, case=cases[1], standard="2.1", question=1, answer=YES, rationale="Because"
        )
    assert not Settlement.objects.exists()
    assert counts(audit, "2.1", 1) == (5, 3)


# --- ratings ---------------------------------------------------------------------------------


@pytest.fixture
def answered(lead):
    """One court and one out-of-court case, every key question Yes: each case standard
    computes Outstanding (100%)."""
    audit = build_audit(lead, court=1, out_of_court=1)
    for case in cases_of(audit):
        answer_case(case, lead, finish=True)
    return audit


def test_domain_one_ratings_are_given_and_count_in_the_score(answered, lead):
    audit = answered
    found = selectors.audit_result(audit)
    assert found.unrated_judgements == ["1.1", "1.2", "1.3", "1.4"]
    assert not found.complete and found.answered == found.expected == 12 + 11
    assert found.result.overall.score is None
    assert found.result.overall.missing == ("1.1", "1.2", "1.3", "1.4")

    for standard, rating in (
        ("1.1", "Good"),
        ("1.2", "Good"),
        ("1.3", "Requires improvement"),
        ("1.4", "Inadequate"),
    ):
        services.rate_standard(
            actor=lead,
            audit=audit,
            standard=standard,
            rating=rating,
            evidence=f"  Evidence for {standard}  ",
        )
    found = selectors.audit_result(audit)
    governance = found.result.standard("1.1")
    assert (governance.source, governance.rating.name) == (Source.GIVEN, "Good")
    assert found.complete and found.unrated_judgements == []
    # 8 case standards Outstanding (3 each) + 2 + 2 + 1 + 0.
    assert found.result.overall.score == 24 + 5
    assert StandardRating.objects.get(audit=audit, standard="1.1").evidence == "Evidence for 1.1"

    services.rate_standard(
        actor=lead, audit=audit, standard="1.4", rating="Outstanding", evidence="Re-rated"
    )
    assert selectors.audit_result(audit).result.overall.score == 24 + 8
    assert selectors.audit_result(audit).result.overall.rating.name == "Outstanding"
    services.clear_rating(actor=lead, audit=audit, standard="1.4")
    assert selectors.audit_result(audit).unrated_judgements == ["1.4"]


def test_departing_from_a_computed_rating_needs_a_reason_and_then_stands(answered, lead):
    audit = answered
    for standard in ("1.1", "1.2", "1.3", "1.4"):
        services.rate_standard(
            actor=lead, audit=audit, standard=standard, rating="Good", evidence="Evidence"
        )
    before = selectors.audit_result(audit).result
    assert before.standard("2.1").rating.name == "Outstanding"
    assert before.overall.score == 24 + 8

    with pytest.raises(AuditError, match="Give the reason for this rating"):
        services.rate_standard(actor=lead, audit=audit, standard="2.1", rating="Good", evidence=" ")
    services.rate_standard(
        actor=lead, audit=audit, standard="2.1", rating="Good", evidence="Two cases were borderline"
    )
    after = selectors.audit_result(audit).result.standard("2.1")
    assert after.rating.name == "Good"
    assert after.computed_rating.name == "Outstanding"
    assert after.override.rationale == "Two cases were borderline"
    assert selectors.audit_result(audit).result.overall.score == 24 + 8 - 1


def test_rating_refusals(answered, lead):
    audit = answered
    with pytest.raises(AuditError, match="Give the evidence for this rating"):
        services.rate_standard(actor=lead, audit=audit, standard="1.1", rating="Good", evidence="")
    with pytest.raises(AuditError, match="Choose one of Outstanding, Good"):
        services.rate_standard(
            actor=lead, audit=audit, standard="1.1", rating="Brilliant", evidence="Evidence"
        )
    with pytest.raises(AuditError, match=r"has no standard 5\.1"):
        services.rate_standard(
            actor=lead, audit=audit, standard="5.1", rating="Good", evidence="Evidence"
        )
    assert not StandardRating.objects.exists()


def test_results_for_a_team_count_only_that_team_s_cases(lead):
    north, south = TeamFactory(name="North"), TeamFactory(name="South")
    audit = build_audit(lead, court=3, teams=[north, south])  # North, South, North
    cases = cases_of(audit)
    for case, answer in zip(cases, (YES, YES, NO), strict=True):
        answer_case(case, lead, {("2.1", 1): answer})

    assert counts(audit, "2.1", 1) == (3, 2)
    assert counts(audit, "2.1", 1, {north.pk}) == (2, 1)
    assert counts(audit, "2.1", 1, {south.pk}) == (1, 1)
    assert selectors.audit_result(audit, {north.pk}).cases == 2
    assert selectors.audit_result(audit, {south.pk}).expected == 12


def test_a_departure_from_a_rating_that_is_not_computed_is_refused(lead):
    """3.1 is rated from out-of-court cases; an audit of court cases only has no computed
    3.1 rating to depart from, so a departure would be recorded and never shown."""
    audit = build_audit(lead, court=1)
    [case] = cases_of(audit)
    answer_case(case, lead, finish=True)
    with pytest.raises(AuditError, match=r"No case in this audit is rated on 3\.1"):
        services.rate_standard(
            actor=lead, audit=audit, standard="3.1", rating="Good", evidence="Our reason"
        )
    assert not StandardRating.objects.exists()
    services.rate_standard(
        actor=lead, audit=audit, standard="2.1", rating="Good", evidence="Our reason"
    )
    assert selectors.audit_result(audit).result.standard("2.1").rating.name == "Good"


def test_the_home_page_lists_the_cases_each_auditor_has_still_to_do(client, lead, second):
    from tests.casework.conftest import sign_in, text_of

    audit = build_audit(lead, [second], court=3)
    first, other, done = cases_of(audit)
    services.allocate_cases(
        actor=lead,
        audit=audit,
        allocations={
            first.pk: Allocation(lead.pk, second.pk),
            other.pk: Allocation(second.pk, None),
            done.pk: Allocation(lead.pk, None),
        },
    )
    answer_case(AuditCase.objects.get(pk=done.pk), lead, finish=True)
    build_audit(lead, fixed=False, court=1, name="Not started")  # nothing to do there yet

    assert [(c.pk, m) for c, m in selectors.cases_to_do(lead)] == [(first.pk, False)]
    assert [(c.pk, m) for c, m in selectors.cases_to_do(second)] == [
        (first.pk, True),
        (other.pk, False),
    ]
    page = text_of(sign_in(client, second).get("/"))
    assert "You have 2 cases to audit or moderate" in page
    assert f"{first.child.reference} in {audit.name} (to moderate)" in page
    assert f"{other.child.reference} in {audit.name} (to audit)" in page
