"""Changing an audit. Each function follows the service convention
(``docs/architecture.md``): ``verb_noun(*, actor, <the audit or case>, ...)``,
keyword-only. Each is one transaction and checks, before it writes, that ``actor``
may do it and that the audit is at a stage where it can be done; a refusal raises
:class:`~childfirst.audits.errors.AuditError` (``AuditNotAllowed`` when it is who is
asking) with a message for the person, and changes nothing."""

from __future__ import annotations

import datetime as dt
import math
import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from childfirst.accounts.models import User
from childfirst.audits.errors import AuditError, AuditNotAllowed
from childfirst.audits.models import (
    Answer,
    AnswerChoice,
    Audit,
    AuditCase,
    Settlement,
    StandardRating,
)
from childfirst.audits.permissions import can_run, is_lead, part_in_case
from childfirst.audits.selectors import (
    as_eligible,
    eligible_population,
    framework_of,
    missing_answers,
)
from childfirst.domain.inspection.audit import case_standards
from childfirst.domain.inspection.framework import CaseType, Method, available_frameworks
from childfirst.domain.inspection.sampling import plan_samples, stratified_sample


def new_seed() -> str:
    return secrets.token_hex(4)


@transaction.atomic
def create_audit(
    *,
    actor: User,
    name: str,
    framework: str,
    fieldwork_date: dt.date,
    lead: User,
    auditors: Sequence[User],
    latest_months: int,
    earliest_months: int,
    seed: str | None = None,
    include_restricted: bool = False,
) -> Audit:
    """Create the audit, build its eligible population from the records and draw the sample.

    Restricted records are left out unless ``include_restricted``: they open only for the
    staff named on them and the child's managers, so an auditor or moderator who is not
    could never answer the case and the audit could never be finished. How many were
    left out is kept with the audit, for its population page."""
    if not can_run(actor):
        raise AuditNotAllowed("Only auditors and service managers run audits")
    if framework not in available_frameworks():
        raise AuditError(f"Unknown framework {framework!r}")
    if not earliest_months > latest_months:
        raise AuditError("The earliest month must be further back than the latest")
    people = {lead, *auditors}
    for person in people:
        if not can_run(person):
            raise AuditError(f"{person} is not an auditor or service manager")
    audit = Audit.objects.create(
        name=name.strip(),
        framework=framework,
        fieldwork_date=fieldwork_date,
        window_latest_months=latest_months,
        window_earliest_months=earliest_months,
        lead=lead,
        seed=seed or new_seed(),
        created_by=actor,
        include_restricted=include_restricted,
    )
    audit.auditors.set(people)
    everyone = eligible_population(fieldwork_date, latest_months, earliest_months)
    rows = [row for row in everyone if include_restricted or not row.restricted]
    audit.restricted_left_out = len(everyone) - len(rows)
    audit.save(update_fields=["restricted_left_out"])
    AuditCase.objects.bulk_create(
        AuditCase(
            audit=audit,
            case_type=row.case_type.value,
            child_id=row.child_id,
            outcome_id=row.outcome_id,
            sex=row.sex,
            disposal_type=row.disposal_type,
            risk_of_serious_harm=row.risk_of_serious_harm,
            safety_and_wellbeing=row.safety_and_wellbeing,
        )
        for row in rows
    )
    _draw(audit)
    return audit


def _draw(audit: Audit) -> None:
    """Mark the sample: sizes from the court and out-of-court populations (HMIP Annexe 1),
    each drawn to mirror its population's make-up, from the audit's seed."""
    cases = list(audit.cases.all())
    court = [c for c in cases if c.case_type == CaseType.COURT]
    out_of_court = [c for c in cases if c.case_type == CaseType.OUT_OF_COURT]
    plan = plan_samples(len(court), len(out_of_court))
    chosen: set[int] = set()
    for group, size in ((court, plan.court_sample), (out_of_court, plan.out_of_court_sample)):
        chosen |= {c.key for c in stratified_sample(as_eligible(group), size, audit.seed)}
    audit.cases.update(sampled=False, auditor=None, moderator=None)
    audit.cases.filter(pk__in=chosen).update(sampled=True)


def _lead_only(audit: Audit, actor: User, what: str) -> None:
    if not is_lead(audit, actor):
        raise AuditNotAllowed(f"Only the lead auditor, {audit.lead}, can {what}")


@transaction.atomic
def redraw_sample(*, actor: User, audit: Audit) -> Audit:
    """A new seed and a new sample, while work has not started."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    _lead_only(audit, actor, "redraw the sample")
    if audit.sample_fixed:
        raise AuditError("Work has started, so the sample is fixed and cannot be redrawn")
    audit.seed = new_seed()
    audit.save(update_fields=["seed"])
    _draw(audit)
    return audit


@transaction.atomic
def fix_sample(*, actor: User, audit: Audit) -> Audit:
    """Start the work: the sample can no longer be redrawn; every case needs its auditor."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    _lead_only(audit, actor, "start the work")
    if audit.sample_fixed:
        raise AuditError("Work has already started")
    sampled = audit.cases.filter(sampled=True)
    if not sampled.exists():
        raise AuditError("There are no cases in the sample, so there is nothing to audit")
    unallocated = sampled.filter(auditor__isnull=True).count()
    if unallocated:
        raise AuditError(
            f"{unallocated} sampled case{'s have' if unallocated != 1 else ' has'} no auditor: "
            "allocate every case before starting"
        )
    audit.sample_fixed_at = timezone.now()
    audit.save(update_fields=["sample_fixed_at"])
    return audit


@dataclass(frozen=True)
class Allocation:
    auditor_id: int | None
    moderator_id: int | None


@transaction.atomic
def allocate_cases(*, actor: User, audit: Audit, allocations: Mapping[int, Allocation]) -> int:
    """Give sampled cases their auditor and (for a share) a second, blind auditor.
    A case already begun keeps its auditor; a moderator can be added to any case whose
    moderation has not begun. Returns how many cases changed."""
    _lead_only(audit, actor, "allocate cases")
    team = set(audit.auditors.values_list("pk", flat=True))
    cases = {
        c.pk: c
        for c in audit.cases.filter(sampled=True, pk__in=list(allocations)).select_related("child")
    }
    problems = []
    for case_id, wanted in allocations.items():
        case = cases.get(case_id)
        if case is None:
            problems.append("one of the cases chosen is not in this audit's sample")
            continue
        # People know a case by the child's reference, never by an internal number.
        which = f"the case of {case.child.reference if case.child_id else 'an erased record'}"
        for person in (wanted.auditor_id, wanted.moderator_id):
            if person is not None and person not in team:
                problems.append(f"{which}: the person chosen is not one of the auditors")
        if wanted.auditor_id is not None and wanted.auditor_id == wanted.moderator_id:
            problems.append(f"{which}: the moderator must be someone other than its auditor")
        started = case.answers.filter(moderation=False).exists()
        if started and wanted.auditor_id != case.auditor_id:
            problems.append(f"{which}: its auditor has begun, so it keeps its auditor")
        moderation_started = case.answers.filter(moderation=True).exists()
        if moderation_started and wanted.moderator_id != case.moderator_id:
            problems.append(f"{which}: moderation has begun, so it keeps its moderator")
    if problems:
        message = "; ".join(problems)
        raise AuditError(message[:1].upper() + message[1:])
    changed = 0
    for case_id, wanted in allocations.items():
        case = cases[case_id]
        if (case.auditor_id, case.moderator_id) != (wanted.auditor_id, wanted.moderator_id):
            case.auditor_id, case.moderator_id = wanted.auditor_id, wanted.moderator_id
            case.save(update_fields=["auditor", "moderator"])
            changed += 1
    return changed


@transaction.atomic
def share_out_cases(*, actor: User, audit: Audit, moderation_percent: int) -> int:
    """Allocate every sampled case not yet begun, in turn among the auditors, and choose
    ``moderation_percent`` of the sample (rounded up, from the seed) for a second auditor."""
    if not 0 <= moderation_percent <= 100:
        raise AuditError("The share to moderate must be between 0 and 100 per cent")
    people = sorted(audit.auditors.values_list("pk", flat=True))
    if len(people) < 2 and moderation_percent:
        raise AuditError("Moderation needs at least two auditors on the audit")
    cases = list(audit.cases.filter(sampled=True).order_by("case_type", "pk"))
    rng = random.Random(f"{audit.seed}-moderation")
    moderated = set(
        rng.sample([c.pk for c in cases], math.ceil(len(cases) * moderation_percent / 100))
    )
    plan = {}
    for n, case in enumerate(cases):
        auditor = people[n % len(people)] if people else None
        moderator = people[(n + 1) % len(people)] if case.pk in moderated else None
        if case.answers.exists():
            continue
        plan[case.pk] = Allocation(auditor, moderator)
    return allocate_cases(actor=actor, audit=audit, allocations=plan)


@dataclass(frozen=True)
class Entry:
    """One answer as entered: to key question ``question`` (prompt 0) or one of its prompts."""

    question: int
    prompt: int
    answer: str
    evidence: str = ""
    relevance_reason: str = ""


@transaction.atomic
def save_answers(*, actor: User, case: AuditCase, standard: str, entries: Sequence[Entry]) -> int:
    """Keep one auditor's answers to one standard of a case (replacing earlier ones)."""
    case = AuditCase.objects.select_for_update().select_related("audit").get(pk=case.pk)
    moderation = part_in_case(case, actor)
    if moderation is None:
        raise AuditNotAllowed("This case is allocated to someone else")
    if not case.audit.sample_fixed:
        raise AuditError("The lead auditor has not started the work yet")
    if (case.moderated_at if moderation else case.completed_at) is not None:
        raise AuditError("You have finished this case, so its answers are kept as they are")
    framework = framework_of(case.audit)
    numbers = [s.number for s in case_standards(framework, CaseType(case.case_type))]
    if standard not in numbers:
        raise AuditError(f"Standard {standard} is not audited for this kind of case")
    questions = {q.number: q for q in framework.standard(standard).key_questions}
    valid = set(AnswerChoice.values)
    for e in entries:
        question = questions.get(e.question)
        if question is None or not 0 <= e.prompt <= len(question.prompts):
            raise AuditError(f"Standard {standard} has no question {e.question}.{e.prompt}")
        if e.answer not in valid:
            raise AuditError(f"{e.answer!r} is not an answer (Yes, No or Not relevant)")
    saved = 0
    for e in entries:
        Answer.objects.update_or_create(
            case=case,
            moderation=moderation,
            standard=standard,
            question=e.question,
            prompt=e.prompt,
            defaults={
                "answer": e.answer,
                "evidence": e.evidence.strip(),
                "relevance_reason": e.relevance_reason.strip(),
                "answered_by": actor,
            },
        )
        saved += 1
    return saved


@transaction.atomic
def finish_case(*, actor: User, case: AuditCase) -> AuditCase:
    """Mark one auditor's work on a case finished: every question and prompt answered."""
    case = AuditCase.objects.select_for_update().select_related("audit").get(pk=case.pk)
    moderation = part_in_case(case, actor)
    if moderation is None:
        raise AuditNotAllowed("This case is allocated to someone else")
    missing = missing_answers(case, moderation)
    if missing:
        shown = ", ".join(missing[:5]) + (
            f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        )
        raise AuditError(f"{len(missing)} still to answer: {shown}")
    now = timezone.now()
    if moderation:
        case.moderated_at = case.moderated_at or now
    else:
        case.completed_at = case.completed_at or now
    case.save(update_fields=["moderated_at", "completed_at"])
    return case


@transaction.atomic
def settle_disagreement(
    *,
    actor: User,
    case: AuditCase,
    standard: str,
    question: int,
    answer: str,
    rationale: str,
) -> Settlement:
    """The lead auditor's decision on a key question the two auditors answered differently."""
    case = AuditCase.objects.select_related("audit").get(pk=case.pk)
    _lead_only(case.audit, actor, "settle disagreements")
    if not (case.completed_at and case.moderated_at):
        raise AuditError("Both auditors must finish the case before a disagreement is settled")
    pair = dict(
        case.answers.filter(standard=standard, question=question, prompt=0).values_list(
            "moderation", "answer"
        )
    )
    if len(pair) != 2 or pair[False] == pair[True]:
        raise AuditError("The two auditors did not disagree on this question")
    if answer not in AnswerChoice.values:
        raise AuditError("Choose Yes, No or Not relevant")
    if not rationale.strip():
        raise AuditError("Say why you decided as you did")
    settlement, _ = Settlement.objects.update_or_create(
        case=case,
        standard=standard,
        question=question,
        defaults={"answer": answer, "rationale": rationale.strip(), "decided_by": actor},
    )
    return settlement


@transaction.atomic
def rate_standard(
    *, actor: User, audit: Audit, standard: str, rating: str, evidence: str
) -> StandardRating:
    """The lead auditor rates a judgement standard, or departs from a computed rating
    after considering discretion, with the evidence."""
    _lead_only(audit, actor, "rate standards")
    framework = framework_of(audit)
    if not framework.has_standard(standard):
        raise AuditError(f"{framework.id} has no standard {standard}")
    if rating not in framework.rating_names:
        raise AuditError(f"Choose one of {', '.join(framework.rating_names)}")
    method = framework.standard(standard).method
    case_type = framework.standard(standard).case_type
    if method is Method.CASE and not audit.cases.filter(sampled=True, case_type=case_type).exists():
        raise AuditError(
            f"No case in this audit is rated on {standard}, so there is no computed rating "
            "to depart from"
        )
    if not evidence.strip():
        what = "evidence" if method is Method.JUDGEMENT else "reason"
        raise AuditError(f"Give the {what} for this rating")
    row, _ = StandardRating.objects.update_or_create(
        audit=audit,
        standard=standard,
        defaults={"rating": rating, "evidence": evidence.strip(), "rated_by": actor},
    )
    return row


@transaction.atomic
def clear_rating(*, actor: User, audit: Audit, standard: str) -> None:
    """Remove the lead auditor's rating of (or departure on) ``standard``."""
    _lead_only(audit, actor, "rate standards")
    StandardRating.objects.filter(audit=audit, standard=standard).delete()
