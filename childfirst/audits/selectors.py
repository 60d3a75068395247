"""Reading an audit: its eligible population from the records, what the record says
about a case's relevance, the answers that stand, the ratings, and the moderation."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from childfirst.accounts.models import User
from childfirst.audits.models import (
    Answer,
    AnswerChoice,
    Audit,
    AuditCase,
    Settlement,
    StandardRating,
)
from childfirst.casework.models import (
    ENFORCEMENT_ACTIONS,
    Assessment,
    EnforcementAction,
    Outcome,
    Review,
    Sex,
)
from childfirst.casework.models.work import Level
from childfirst.domain.inspection.agreement import Agreement, agreement
from childfirst.domain.inspection.audit import (
    Answer as AnswerValue,
)
from childfirst.domain.inspection.audit import (
    CaseAnswers,
    case_standards,
    questions_for,
    tally,
)
from childfirst.domain.inspection.framework import CaseType, Framework, Method, load_framework
from childfirst.domain.inspection.ratings import InspectionResult, Override, rate_inspection
from childfirst.domain.inspection.relevance import CaseFacts
from childfirst.domain.inspection.sampling import EligibleCase
from childfirst.domain.kpi.vocabulary import OrderGroup, Tier
from childfirst.domain.periods import add_months

NOT_RECORDED = "Not recorded"


def default_window() -> tuple[int, int]:
    """(latest, earliest) months before fieldwork: ``CHILDFIRST_AUDIT_WINDOW_MONTHS``."""
    latest, earliest = getattr(settings, "CHILDFIRST_AUDIT_WINDOW_MONTHS", (5, 12))
    return int(latest), int(earliest)


def window(fieldwork: dt.date, latest_months: int, earliest_months: int) -> tuple[dt.date, dt.date]:
    """The first and last outcome dates eligible for fieldwork on ``fieldwork``."""
    return add_months(fieldwork, -earliest_months), add_months(fieldwork, -latest_months)


@dataclass(frozen=True)
class EligibleRow:
    """A case that could be sampled, read from the records."""

    case_type: CaseType
    child_id: int
    outcome_id: int
    sex: str
    disposal_type: str
    risk_of_serious_harm: str
    safety_and_wellbeing: str
    restricted: bool = False


def eligible_population(
    fieldwork: dt.date, latest_months: int, earliest_months: int
) -> list[EligibleRow]:
    """Court and out-of-court disposals whose outcome date falls ``latest_months`` to
    ``earliest_months`` before fieldwork (HMIP Annexe 1: five to 12 months, so that
    assessment, planning, delivery and reviewing can all be seen), with the service
    working with the child on it (an intervention). Remands and overturned outcomes are
    not disposals. A child with several disposals of one kind in the window is one case,
    on the latest. Risk of serious harm and safety and wellbeing come from the latest
    assessment for that work started by fieldwork, else the child's latest. Each row
    says whether the child's record is restricted (``services.create_audit`` leaves those
    out unless the lead includes them)."""
    first, last = window(fieldwork, latest_months, earliest_months)
    outcomes = (
        Outcome.objects.filter(date__gte=first, date__lte=last, overturned=False)
        .exclude(outcome_type__tier=Tier.REMAND)
        .filter(interventions__isnull=False)
        .select_related("outcome_type", "child")
        .distinct()
        .order_by("child_id", "-date", "-pk")
    )
    latest: dict[tuple[int, CaseType], Outcome] = {}
    for outcome in outcomes:
        case_type = CaseType.OUT_OF_COURT if outcome.outcome_type.out_of_court else CaseType.COURT
        latest.setdefault((outcome.child_id, case_type), outcome)
    if not latest:
        return []
    levels = _assessment_levels({o.child_id for o in latest.values()}, fieldwork)
    sexes = dict(Sex.choices)
    rows = []
    for (child_id, case_type), outcome in sorted(latest.items(), key=lambda kv: kv[1].date):
        rosh, sw = levels.get((child_id, outcome.pk)) or levels.get((child_id, None)) or ("", "")
        rows.append(
            EligibleRow(
                case_type=case_type,
                child_id=child_id,
                outcome_id=outcome.pk,
                sex=sexes.get(outcome.child.sex, NOT_RECORDED),
                disposal_type=outcome.outcome_type.name,
                risk_of_serious_harm=rosh,
                safety_and_wellbeing=sw,
                restricted=outcome.child.restricted,
            )
        )
    return rows


def _assessment_levels(
    child_ids: set[int], fieldwork: dt.date
) -> dict[tuple[int, int | None], tuple[str, str]]:
    """Latest recorded classification per (child, outcome) and per (child, None)."""
    found: dict[tuple[int, int | None], tuple[str, str]] = {}
    rows = (
        Assessment.objects.filter(child_id__in=child_ids, started__lte=fieldwork)
        .exclude(risk_of_serious_harm="", safety_and_wellbeing="")
        .order_by("-started", "-pk")
        .values_list(
            "child_id", "intervention__outcome_id", "risk_of_serious_harm", "safety_and_wellbeing"
        )
    )
    for child_id, outcome_id, rosh, sw in rows:
        found.setdefault((child_id, outcome_id), (rosh, sw))
        found.setdefault((child_id, None), (rosh, sw))
    return found


def level_label(code: str) -> str:
    return dict(Level.choices).get(code, NOT_RECORDED)


def as_eligible(cases: Iterable[AuditCase]) -> list[EligibleCase[int]]:
    """The cases as the sampling engine sees them (labels, so the make-up reads well)."""
    return [
        EligibleCase(
            key=case.pk,
            sex=case.sex,
            disposal_type=case.disposal_type,
            risk_of_serious_harm=level_label(case.risk_of_serious_harm),
            safety_and_wellbeing=level_label(case.safety_and_wellbeing),
        )
        for case in cases
    ]


def case_facts(case: AuditCase) -> CaseFacts:
    """What the record says about a case's relevance: its classifications, whether a
    review between the disposal and fieldwork recorded a change in each pillar, whether
    it is a youth conditional caution and whether enforcement action was taken."""
    fieldwork = case.audit.fieldwork_date
    start = case.outcome.date
    reviews = Review.objects.filter(child_id=case.child_id, date__gte=start, date__lte=fieldwork)
    changes = {"desistance": False, "safety": False, "risk": False}
    for d, s, r in reviews.values_list("desistance_changes", "safety_changes", "risk_changes"):
        changes["desistance"] |= bool(d.strip())
        changes["safety"] |= bool(s.strip())
        changes["risk"] |= bool(r.strip())
    # A decision against a warning or breach is not enforcement action.
    enforcement = EnforcementAction.objects.filter(
        contact__child_id=case.child_id,
        date__gte=start,
        date__lte=fieldwork,
        kind__in=ENFORCEMENT_ACTIONS,
    ).exists()
    return CaseFacts(
        risk_of_serious_harm=case.risk_of_serious_harm,
        safety_and_wellbeing=case.safety_and_wellbeing,
        desistance_changes=changes["desistance"],
        safety_and_wellbeing_changes=changes["safety"],
        risk_of_harm_changes=changes["risk"],
        youth_conditional_caution=case.outcome.outcome_type.order_group == OrderGroup.YCC,
        enforcement=enforcement,
    )


def framework_of(audit: Audit) -> Framework:
    return load_framework(audit.framework)


def sampled_cases(audit: Audit, teams: set[int] | None = None) -> QuerySet[AuditCase]:
    cases = (
        audit.cases.filter(sampled=True)
        .select_related("child", "child__team", "outcome", "outcome__outcome_type")
        .select_related("auditor", "moderator")
    )
    if teams is not None:
        cases = cases.filter(child__team__in=teams)
    return cases


def answers_of(case: AuditCase, moderation: bool) -> dict[tuple[str, int, int], Answer]:
    return {
        (a.standard, a.question, a.prompt): a for a in case.answers.filter(moderation=moderation)
    }


def progress(cases: Sequence[AuditCase], framework: Framework) -> dict[int, tuple[int, int]]:
    """(key questions answered, key questions in all) of each case's auditor, by case id,
    from one query."""
    answered: dict[int, set[tuple[str, int]]] = defaultdict(set)
    for case_id, standard, question in Answer.objects.filter(
        case_id__in=[c.pk for c in cases], moderation=False, prompt=0
    ).values_list("case_id", "standard", "question"):
        answered[case_id].add((standard, question))
    found = {}
    for case in cases:
        keys = set(questions_for(framework, CaseType(case.case_type)))
        found[case.pk] = (len(keys & answered[case.pk]), len(keys))
    return found


def standing_answers(cases: Sequence[AuditCase]) -> list[CaseAnswers]:
    """Each case's key-question answers as they stand: the case auditor's, except where
    the lead auditor settled a disagreement with the moderator."""
    ids = [c.pk for c in cases]
    by_case: dict[int, dict[tuple[str, int], AnswerValue]] = defaultdict(dict)
    for case_id, standard, question, value in Answer.objects.filter(
        case_id__in=ids, moderation=False, prompt=0
    ).values_list("case_id", "standard", "question", "answer"):
        by_case[case_id][(standard, question)] = AnswerValue(value)
    for case_id, standard, question, value in Settlement.objects.filter(
        case_id__in=ids
    ).values_list("case_id", "standard", "question", "answer"):
        by_case[case_id][(standard, question)] = AnswerValue(value)
    return [CaseAnswers(c.pk, CaseType(c.case_type), by_case[c.pk]) for c in cases]


@dataclass
class AuditResult:
    """The ratings an audit gives, and how far its work has got."""

    result: InspectionResult
    cases: int
    answered: int  # key-question answers that stand
    expected: int  # key-question answers needed
    unrated_judgements: list[str] = field(default_factory=list)
    #: (standard, question, prompt) -> (relevant, yes), from the case auditors' answers
    prompt_counts: dict[tuple[str, int, int], tuple[int, int]] = field(default_factory=dict)
    unfinished: int = 0  # sampled cases whose auditor has not finished them
    unsettled: int = 0  # disagreements with a moderator the lead has not yet settled

    @property
    def complete(self) -> bool:
        """Final: every case finished, every key question answered, every disagreement
        settled and every judgement standard rated. Until then the results are provisional."""
        return (
            self.answered == self.expected
            and not self.unrated_judgements
            and not self.unfinished
            and not self.unsettled
        )


def audit_result(audit: Audit, teams: set[int] | None = None) -> AuditResult:
    """Rate the audit as the inspectorate would: key-question counts from the standing
    answers (unanswered questions left out while the work is under way), the lead
    auditor's ratings of judgement standards and departures from computed ratings."""
    framework = framework_of(audit)
    cases = list(sampled_cases(audit, teams))
    answers = standing_answers(cases)
    counts = tally(framework, answers, complete=False)
    expected = sum(len(questions_for(framework, CaseType(c.case_type))) for c in cases)
    answered = sum(
        1 for c in answers for key in questions_for(framework, c.case_type) if key in c.answers
    )
    given, overrides = {}, {}
    for row in StandardRating.objects.filter(audit=audit):
        if not framework.has_standard(row.standard) or row.rating not in framework.rating_names:
            continue
        level = framework.rating(row.rating)
        if framework.standard(row.standard).method is Method.JUDGEMENT:
            given[row.standard] = level
        elif row.standard in counts:
            overrides[row.standard] = Override(level, row.evidence)
    result = rate_inspection(framework, audit.name, counts, given, overrides)
    unrated = [
        s.number
        for s in framework.standards
        if s.method is Method.JUDGEMENT and s.number not in given
    ]
    return AuditResult(
        result,
        len(cases),
        answered,
        expected,
        unrated,
        _prompt_counts(cases),
        unfinished=sum(1 for c in cases if c.completed_at is None),
        # Disagreements are each one case's: the moderated cases among these are enough.
        unsettled=_moderation(framework, [c for c in cases if c.moderator_id]).unsettled,
    )


def _prompt_counts(cases: Sequence[AuditCase]) -> dict[tuple[str, int, int], tuple[int, int]]:
    """(relevant, yes) of each prompt over the case auditors' answers, counted by the
    database (a demo audit has some 11,000 prompt answers)."""
    rows = (
        Answer.objects.filter(case_id__in=[c.pk for c in cases], moderation=False, prompt__gt=0)
        .values_list("standard", "question", "prompt")
        .annotate(
            relevant=Count("pk", filter=~Q(answer=AnswerValue.NOT_RELEVANT.value)),
            yes=Count("pk", filter=Q(answer=AnswerValue.YES.value)),
        )
        .order_by()
    )
    return {
        (standard, question, prompt): (relevant, yes)
        for standard, question, prompt, relevant, yes in rows
    }


@dataclass(frozen=True)
class Disagreement:
    case: AuditCase
    standard: str
    question: int
    text: str
    first: AnswerValue
    second: AnswerValue
    settlement: Settlement | None

    @property
    def first_label(self) -> str:
        return str(AnswerChoice(self.first.value).label)

    @property
    def second_label(self) -> str:
        return str(AnswerChoice(self.second.value).label)


@dataclass(frozen=True)
class QuestionAgreement:
    standard: str
    question: int
    text: str
    agreement: Agreement


@dataclass
class Moderation:
    cases: list[AuditCase]
    questions: list[QuestionAgreement]
    overall: Agreement | None
    disagreements: list[Disagreement]
    waiting: int  # moderated cases not yet finished by both auditors

    @property
    def unsettled(self) -> int:
        return sum(1 for d in self.disagreements if d.settlement is None)


def moderation(audit: Audit) -> Moderation:
    """Agreement between case auditors and moderators, per key question and overall,
    over the moderated cases both have finished (so nobody sees the other's answers
    while either is still working), with every disagreement and its settlement."""
    return _moderation(
        framework_of(audit), list(sampled_cases(audit).filter(moderator__isnull=False))
    )


def _moderation(framework: Framework, moderated: Sequence[AuditCase]) -> Moderation:
    """:func:`moderation` over the ``moderated`` cases given (each has a moderator)."""
    done = [c for c in moderated if c.completed_at and c.moderated_at]
    ids = [c.pk for c in done]
    pairs: dict[tuple[int, str, int], dict[bool, AnswerValue]] = defaultdict(dict)
    for case_id, flag, standard, question, value in Answer.objects.filter(
        case_id__in=ids, prompt=0
    ).values_list("case_id", "moderation", "standard", "question", "answer"):
        pairs[(case_id, standard, question)][flag] = AnswerValue(value)
    settled = {
        (s.case_id, s.standard, s.question): s for s in Settlement.objects.filter(case_id__in=ids)
    }
    by_id = {c.pk: c for c in done}
    questions, disagreements = [], []
    all_first: list[str] = []
    all_second: list[str] = []
    for case_type in (CaseType.COURT, CaseType.OUT_OF_COURT):
        type_cases = [c for c in done if c.case_type == case_type]
        if not type_cases:
            continue
        for standard in case_standards(framework, case_type):
            for kq in standard.key_questions:
                first, second = [], []
                for case in type_cases:
                    pair = pairs.get((case.pk, standard.number, kq.number), {})
                    if False not in pair or True not in pair:
                        continue
                    first.append(pair[False].value)
                    second.append(pair[True].value)
                    if pair[False] != pair[True]:
                        disagreements.append(
                            Disagreement(
                                by_id[case.pk],
                                standard.number,
                                kq.number,
                                kq.text,
                                pair[False],
                                pair[True],
                                settled.get((case.pk, standard.number, kq.number)),
                            )
                        )
                if first:
                    questions.append(
                        QuestionAgreement(
                            standard.number, kq.number, kq.text, agreement(first, second)
                        )
                    )
                    all_first += first
                    all_second += second
    overall = agreement(all_first, all_second) if all_first else None
    return Moderation(done, questions, overall, disagreements, len(moderated) - len(done))


def audits_for(user: User) -> QuerySet[Audit]:
    """Every audit (the list is the same for everyone allowed to see audits at all)."""
    return Audit.objects.select_related("lead").prefetch_related("auditors")


def standard_ratings(audit: Audit) -> dict[str, StandardRating]:
    """The lead auditor's ratings and departures, by standard number."""
    return {
        r.standard: r for r in StandardRating.objects.filter(audit=audit).select_related("rated_by")
    }


def cases_to_do(user: User) -> list[tuple[AuditCase, bool]]:
    """The cases ``user`` still has to audit (False) or moderate (True), in audits whose
    work has started: their to-do list on the home page."""
    cases = (
        AuditCase.objects.filter(sampled=True, audit__sample_fixed_at__isnull=False)
        .filter(
            Q(auditor=user, completed_at__isnull=True)
            | Q(moderator=user, moderated_at__isnull=True)
        )
        .select_related("audit", "child")
        .order_by("audit__fieldwork_date", "case_type", "pk")
    )
    return [(c, c.moderator_id == user.pk and c.moderated_at is None) for c in cases]


def missing_answers(case: AuditCase, moderation: bool) -> list[str]:
    """Questions and prompts this auditor has still to answer, as '2.1 question 3 prompt 2'."""
    framework = framework_of(case.audit)
    given = set(
        case.answers.filter(moderation=moderation).values_list("standard", "question", "prompt")
    )
    missing = []
    for standard in case_standards(framework, CaseType(case.case_type)):
        for q in standard.key_questions:
            for p in range(len(q.prompts) + 1):
                if (standard.number, q.number, p) not in given:
                    label = f"{standard.number} question {q.number}"
                    missing.append(label + (f" prompt {p}" if p else ""))
    return missing
