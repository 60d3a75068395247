"""Shared set-up for the audit tests: auditors, disposals in the records, audits built
straight into the database, and answering a whole case through the services.

    lead = auditor()
    audit = build_audit(lead, [second], court=2, out_of_court=1)  # sampled, work started
    answer_case(case, by=case.auditor)  # every key question and prompt, Yes

Reference data (outcome types) comes from casework migration 0002.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import pytest
from django.utils import timezone

from childfirst.accounts.models import Role, Team, User
from childfirst.audits import services
from childfirst.audits.models import Audit, AuditCase, CaseTypeChoice
from childfirst.audits.services import Entry
from childfirst.casework.models import Child, Intervention, Outcome, OutcomeType
from childfirst.domain.inspection import load_framework
from childfirst.domain.inspection.audit import case_standards
from childfirst.domain.inspection.framework import CaseType
from tests.casework.factories import ChildFactory, TeamFactory, UserFactory, practitioner_of

FRAMEWORK_ID = "hmip-youth-2018"
FRAMEWORK = load_framework(FRAMEWORK_ID)
FIELDWORK = dt.date(2025, 6, 16)
COURT_CODE = "referral-order"
OUT_OF_COURT_CODE = "youth-caution"

YES, NO, NOT_RELEVANT = "yes", "no", "not_relevant"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Django's default hasher takes most of a second per user made; these tests make many."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def auditor(**kwargs) -> User:
    """A quality assurance auditor (a service-wide role)."""
    return UserFactory(roles=[(Role.AUDITOR, None)], **kwargs)


@pytest.fixture
def lead(db) -> User:
    return auditor(first_name="Lena", last_name="Lead")


@pytest.fixture
def second(db) -> User:
    return auditor(first_name="Sol", last_name="Second")


@pytest.fixture
def third(db) -> User:
    return auditor(first_name="Tia", last_name="Third")


def disposal(
    child: Child,
    code: str,
    date: dt.date,
    *,
    intervention: bool = True,
    overturned: bool = False,
    case_manager: User | None = None,
) -> Outcome:
    """An outcome of type ``code`` on ``date``, with the service's intervention on it."""
    outcome = Outcome.objects.create(
        child=child,
        date=date,
        outcome_type=OutcomeType.objects.get(code=code),
        overturned=overturned,
    )
    if intervention:
        Intervention.objects.create(
            child=child,
            outcome=outcome,
            start=date,
            team=child.team,
            case_manager=case_manager or practitioner_of(child.team),
        )
    return outcome


def build_audit(
    lead: User,
    others: Iterable[User] = (),
    *,
    court: int = 0,
    out_of_court: int = 0,
    team: Team | None = None,
    teams: Iterable[Team] | None = None,
    fieldwork: dt.date = FIELDWORK,
    fixed: bool = True,
    name: str = "Case audit, summer 2025",
    auditor_of: Callable[[int], User | None] | None = None,
) -> Audit:
    """An audit with ``court`` and ``out_of_court`` sampled cases built straight into the
    database (no population drawn), each a new child with one disposal. The lead and
    ``others`` are its auditors; every case is the lead's unless ``auditor_of(n)`` says
    otherwise; with ``fixed`` the work has started. ``teams`` (cycled) or ``team`` place
    the children."""
    audit = Audit.objects.create(
        name=name,
        framework=FRAMEWORK_ID,
        fieldwork_date=fieldwork,
        lead=lead,
        seed="fixed-seed",
        created_by=lead,
        sample_fixed_at=timezone.now() if fixed else None,
    )
    audit.auditors.set([lead, *others])
    places = list(teams) if teams else [team or TeamFactory()]
    kinds = [CaseTypeChoice.COURT] * court + [CaseTypeChoice.OUT_OF_COURT] * out_of_court
    for n, kind in enumerate(kinds):
        child = ChildFactory(team=places[n % len(places)])
        code = COURT_CODE if kind == CaseTypeChoice.COURT else OUT_OF_COURT_CODE
        outcome = Outcome.objects.create(
            child=child,
            date=fieldwork - dt.timedelta(days=200 + n),
            outcome_type=OutcomeType.objects.get(code=code),
        )
        AuditCase.objects.create(
            audit=audit,
            case_type=kind,
            child=child,
            outcome=outcome,
            sex="Male",
            disposal_type=outcome.outcome_type.name,
            risk_of_serious_harm="",
            safety_and_wellbeing="",
            sampled=True,
            auditor=auditor_of(n) if auditor_of else lead,
        )
    return audit


def cases_of(audit: Audit, case_type: str | None = None) -> list[AuditCase]:
    cases = audit.cases.filter(sampled=True).order_by("pk")
    if case_type is not None:
        cases = cases.filter(case_type=case_type)
    return list(cases)


def entries_for(
    standard_number: str, key_answers: Callable[[int], str], prompt_answer: str | None = None
) -> list[Entry]:
    """Every key question and prompt of one standard: key question ``q`` answered
    ``key_answers(q)``; its prompts ``prompt_answer`` (by default Yes, or Not relevant
    where the key question is)."""
    entries = []
    for question in FRAMEWORK.standard(standard_number).key_questions:
        value = key_answers(question.number)
        entries.append(Entry(question.number, 0, value, evidence=f"Evidence for {value}"))
        for p in range(1, len(question.prompts) + 1):
            given = prompt_answer or (NOT_RELEVANT if value == NOT_RELEVANT else YES)
            entries.append(Entry(question.number, p, given))
    return entries


def answer_case(
    case: AuditCase,
    by: User,
    answers: dict[tuple[str, int], str] | None = None,
    *,
    default: str = YES,
    finish: bool = False,
) -> None:
    """Answer every key question and prompt of ``case`` as ``by``, standard by standard
    through :func:`services.save_answers`: ``answers[(standard, question)]`` where given,
    else ``default``; then, with ``finish``, finish the case."""
    answers = answers or {}
    for standard in case_standards(FRAMEWORK, CaseType(case.case_type)):
        entries = entries_for(
            standard.number, lambda q, s=standard.number: answers.get((s, q), default)
        )
        assert services.save_answers(
            actor=by, case=case, standard=standard.number, entries=entries
        ) == len(entries)
    if finish:
        services.finish_case(actor=by, case=case)
