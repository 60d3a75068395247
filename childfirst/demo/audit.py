"""A finished case audit for the demo service, so the audit pages have something to show.

Drawn and allocated through the audit services, as a lead auditor would; the answers
are made up (the relevance the record suggests is kept; where a question applies, most
cases are 'Yes'), a fifth of the cases are moderated with a few disagreements, each
settled by the lead, and domain 1 is rated with demo evidence. Each answer's evidence
agrees with it. Same seed, same audit.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from childfirst.accounts.models import Role, User
from childfirst.audits import selectors, services
from childfirst.audits.models import Answer, AnswerChoice, AuditCase
from childfirst.domain.inspection.audit import case_standards
from childfirst.domain.inspection.framework import CaseType, Method
from childfirst.domain.inspection.relevance import Suggestion, suggest
from childfirst.domain.inspection.sampling import plan_samples

FRAMEWORK = "hmip-youth-2018"
#: An auditor's evidence for a key question agrees with their answer: where it is seen
#: for a 'Yes' (the reviews only where the case has one), not seen for a 'No'.
EVIDENCE_SEEN = (
    "Seen in the assessment and the case notes.",
    "Contact records and partner emails show this.",
)
EVIDENCE_REVIEWED = "The plan and its reviews show this."
EVIDENCE_NOT_SEEN = "Not evident from the record."


def evidence(value: str, pick: float, reviewed: bool) -> str:
    """The evidence for an answer ``value``; ``pick`` (0 to 1) chooses among the sources."""
    if value == AnswerChoice.YES:
        seen = (*EVIDENCE_SEEN, EVIDENCE_REVIEWED) if reviewed else EVIDENCE_SEEN
        return seen[int(pick * len(seen))]
    return EVIDENCE_NOT_SEEN if value == AnswerChoice.NO else ""


def make_demo_audit(seed: int, today: date) -> None:
    """One finished audit with fieldwork a fortnight ago, if the service has two auditors
    and cases to sample."""
    lead, *others = User.objects.filter(role_assignments__role=Role.AUDITOR).order_by("pk")
    if not others:
        return
    fieldwork = today - timedelta(days=14)
    population = selectors.eligible_population(fieldwork, 5, 12)
    court = sum(1 for row in population if row.case_type is CaseType.COURT)
    plan = plan_samples(court, len(population) - court)
    if not plan.court_sample + plan.out_of_court_sample:
        return
    rng = random.Random(f"{seed}-audit")
    audit = services.create_audit(
        actor=lead,
        name=f"Case audit, {fieldwork:%B %Y} (demo)",
        framework=FRAMEWORK,
        fieldwork_date=fieldwork,
        lead=lead,
        auditors=others[:1],
        latest_months=5,
        earliest_months=12,
        seed=f"demo-{seed}",
    )
    services.share_out_cases(actor=lead, audit=audit, moderation_percent=20)
    services.fix_sample(actor=lead, audit=audit)
    framework = selectors.framework_of(audit)
    likely = {"court": rng.uniform(0.7, 0.9), "out_of_court": rng.uniform(0.65, 0.85)}
    now = timezone.now()
    rows: list[Answer] = []
    for case in selectors.sampled_cases(audit):
        facts = selectors.case_facts(case)
        reviewed = (
            facts.desistance_changes
            or facts.safety_and_wellbeing_changes
            or facts.risk_of_harm_changes
        )
        for standard in case_standards(framework, CaseType(case.case_type)):
            for q in standard.key_questions:
                conditions = [q.relevant_when, *(p.relevant_when for p in q.prompts)]
                for number, condition in enumerate(conditions):
                    suggestion = suggest(condition, facts)
                    if suggestion is Suggestion.NOT_RELEVANT or (
                        suggestion is Suggestion.AUDITOR and rng.random() < 0.2
                    ):
                        value = AnswerChoice.NOT_RELEVANT
                    elif rng.random() < likely[case.case_type]:
                        value = AnswerChoice.YES
                    else:
                        value = AnswerChoice.NO
                    common = {
                        "case": case,
                        "standard": standard.number,
                        "question": q.number,
                        "prompt": number,
                    }
                    # Evidence is written for key questions, to fit the answer given.
                    pick = rng.random() if number == 0 else None
                    rows.append(
                        Answer(
                            **common,
                            answer=value,
                            evidence="" if pick is None else evidence(value, pick, reviewed),
                            answered_by=case.auditor,
                        )
                    )
                    if case.moderator is None:
                        continue
                    # The moderator mostly agrees; now and then reads a key question otherwise.
                    if number == 0 and value != AnswerChoice.NOT_RELEVANT and rng.random() < 0.1:
                        value = AnswerChoice.NO if value == AnswerChoice.YES else AnswerChoice.YES
                    rows.append(
                        Answer(
                            **common,
                            answer=value,
                            evidence="" if pick is None else evidence(value, pick, reviewed),
                            answered_by=case.moderator,
                            moderation=True,
                        )
                    )
    Answer.objects.bulk_create(rows)
    AuditCase.objects.filter(audit=audit, sampled=True).update(completed_at=now)
    AuditCase.objects.filter(audit=audit, sampled=True, moderator__isnull=False).update(
        moderated_at=now
    )
    for d in selectors.moderation(audit).disagreements:
        services.settle_disagreement(
            actor=lead,
            case=d.case,
            standard=d.standard,
            question=d.question,
            answer=d.first.value,
            rationale="Demo: the case auditor's reading of the record stands.",
        )
    for standard in framework.standards:
        if standard.method is Method.JUDGEMENT:
            services.rate_standard(
                actor=lead,
                audit=audit,
                standard=standard.number,
                rating=rng.choice(("Good", "Good", "Requires improvement")),
                evidence="Demo evidence: the board's papers, staff survey and interviews with "
                "leaders.",
            )
