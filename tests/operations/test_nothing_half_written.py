"""Nothing half-written (issue 12, item 21): every service that writes more than one row
writes all of them or none.

For each service below, the test first runs it once and counts the statements that
write (INSERT, UPDATE, DELETE: the record, its history rows, its links). Then, for
every one of those statements in turn, it runs the service again from the same state
with a database error injected at that statement, and checks that every table (every
model, the historical tables and the many-to-many tables included) is exactly as it
was, and that no uploaded file was left behind. A service that wrote its rows outside
one transaction would leave the rows written before the failure, and fail here.

``SERVICES`` must name every public function of the service modules that writes; the
last test fails when a new one is added without a scenario here (or a reason it writes
one row only).
"""

from __future__ import annotations

import datetime as dt
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import OperationalError, connection, transaction

from childfirst.accounts import services as account_services
from childfirst.accounts.models import Role
from childfirst.audits import services as audit_services
from childfirst.audits.models import CaseTypeChoice
from childfirst.audits.services import Allocation, Entry
from childfirst.casework.models import Appointment, OutcomeType
from childfirst.casework.services import documents as document_services
from childfirst.casework.services import panel as panel_services
from childfirst.casework.services import records as record_services
from childfirst.casework.services import retention as retention_services
from childfirst.casework.services import subject_access as subject_access_services
from childfirst.casework.services import work as work_services
from childfirst.domain.pillars import Pillar
from tests.audits.conftest import (
    FIELDWORK,
    answer_case,
    auditor,
    build_audit,
    cases_of,
    disposal,
)
from tests.casework.document_files import add_document
from tests.casework.factories import (
    AppointmentFactory,
    ChildFactory,
    OffenceFactory,
    TeamFactory,
    UserFactory,
)
from tests.casework.test_work_builders import complete_assessment, complete_plan, make_service

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")
TODAY = dt.date.today()


class Injected(OperationalError):
    """The failure put into the middle of a service."""


class WriteCounter:
    """A database execute wrapper: counts the statements that write, and raises
    :class:`Injected` instead of running the ``fail_at``-th one."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.fail_at = fail_at
        self.writes = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if sql.lstrip().upper().startswith(WRITES):
            self.writes += 1
            if self.writes == self.fail_at:
                raise Injected(f"failure injected at write {self.writes}: {sql[:60]}")
        return execute(sql, params, many, context)


@contextmanager
def counting(fail_at: int | None = None) -> Iterator[WriteCounter]:
    counter = WriteCounter(fail_at)
    with connection.execute_wrapper(counter):
        yield counter


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table Django knows, in a stable order."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        rows = model._base_manager.order_by("pk").values_list()
        tables[model._meta.db_table] = [tuple(map(str, row)) for row in rows]
    return tables


def stored_files() -> set[Path]:
    root = Path(settings.CHILDFIRST_DOCUMENT_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


class _DryRun(Exception):
    pass


def writes_of(run: Callable[[], Any]) -> int:
    """How many writing statements ``run`` makes, leaving nothing written."""
    files = stored_files()
    with counting() as counter:
        try:
            with transaction.atomic():
                run()
                raise _DryRun
        except _DryRun:
            pass
    for path in stored_files() - files:  # a file the dry run stored
        path.unlink()
    return counter.writes


# --- the scenarios: each builds its state and returns the call to make ------------------------


def create_child() -> Callable[[], Any]:
    team = TeamFactory()
    practitioner = UserFactory(roles=[(Role.PRACTITIONER, team)])
    data = {
        "first_name": "Sam",
        "last_name": "Young",
        "date_of_birth": dt.date(TODAY.year - 14, 3, 1),
        "sex": "male",
        "home_local_authority": "Kent",
        "team": team,
    }
    return lambda: record_services.create_child(actor=practitioner, data=dict(data))


def record_outcome() -> Callable[[], Any]:
    s = make_service()
    offences = [OffenceFactory(child=s.child, date=TODAY - dt.timedelta(days=40))]
    data = {
        "outcome_type": OutcomeType.objects.get(code="referral-order"),
        "date": TODAY - dt.timedelta(days=20),
        "offences": offences,
    }
    return lambda: record_services.record_outcome(actor=s.practitioner, child=s.child, data=data)


def set_restriction() -> Callable[[], Any]:
    s = make_service()
    return lambda: record_services.set_restriction(
        actor=s.manager, child=s.child, restricted=True, named=[s.practitioner]
    )


def record_appointment_contact() -> Callable[[], Any]:
    s = make_service()
    appointment = AppointmentFactory(
        child=s.child, intervention=s.intervention, date=TODAY, created_by=s.practitioner
    )
    data = {
        "date": TODAY,
        "time": dt.time(10, 5),
        "duration_minutes": 50,
        "kind": "home_visit",
        "location": "At home",
        "outcome": "attended",
        "attendees": "Mum",
        "intervention": s.intervention,
    }
    return lambda: record_services.record_appointment_contact(
        actor=s.practitioner,
        appointment=Appointment.objects.get(pk=appointment.pk),
        data=dict(data),
    )


def record_address() -> Callable[[], Any]:
    s = make_service()

    def address(start: dt.date, line: str) -> dict[str, Any]:
        return {"address": line, "postcode": "TN23 1AA", "start": start, "end": None}

    record_services.record_address(
        actor=s.practitioner, child=s.child, data=address(TODAY - dt.timedelta(days=300), "1 Old")
    )
    # Moving in ends the address before: two records change.
    return lambda: record_services.record_address(
        actor=s.practitioner, child=s.child, data=address(TODAY - dt.timedelta(days=3), "2 New")
    )


def start_assessment() -> Callable[[], Any]:
    s = make_service()
    return lambda: work_services.start_assessment(
        actor=s.practitioner,
        child=s.child,
        intervention=s.intervention,
        data={"kind": "assetplus", "started": TODAY - dt.timedelta(days=2)},
    )


def submit_for_oversight() -> Callable[[], Any]:
    s = make_service()
    assessment = complete_assessment(s.child, s.practitioner)
    return lambda: work_services.submit_for_oversight(
        actor=s.practitioner, work=type(assessment).objects.get(pk=assessment.pk)
    )


def decide_oversight() -> Callable[[], Any]:
    s = make_service()
    plan = complete_plan(s.child, s.practitioner)
    work_services.submit_for_oversight(actor=s.practitioner, work=plan)
    return lambda: work_services.decide_oversight(
        actor=s.manager,
        work=type(plan).objects.get(pk=plan.pk),
        decision="countersigned",
        comments="Agreed.",
    )


def discard_draft() -> Callable[[], Any]:
    s = make_service()
    plan = complete_plan(s.child, s.practitioner)  # a plan and its three actions go
    return lambda: work_services.discard_draft(
        actor=s.practitioner, work=type(plan).objects.get(pk=plan.pk)
    )


def add_plan_action() -> Callable[[], Any]:
    s = make_service()
    plan = work_services.start_plan(
        actor=s.practitioner, child=s.child, data={"review_due": TODAY + dt.timedelta(days=90)}
    )
    data = {
        "pillar": Pillar.DESISTANCE.value,
        "objective": "College",
        "action": "Weekly sessions",
        "who": "Case manager",
        "by_when": TODAY + dt.timedelta(days=30),
    }
    return lambda: work_services.add_plan_action(
        actor=s.practitioner, plan=type(plan).objects.get(pk=plan.pk), data=dict(data)
    )


def add_document_scenario() -> Callable[[], Any]:
    s = make_service()
    return lambda: add_document(child=s.child, by=s.practitioner)


def remove_document() -> Callable[[], Any]:
    s = make_service()
    document = add_document(child=s.child, by=s.practitioner)
    return lambda: document_services.remove_document(
        actor=s.manager, document=type(document).objects.get(pk=document.pk), reason="Wrong child"
    )


def record_panel_decision() -> Callable[[], Any]:
    from tests.casework.test_panel import referral

    team = TeamFactory(name="South")
    police = UserFactory(username="pc_cole", roles=[(Role.POLICE_PANEL, None)])
    r = referral(team, "Riley")
    data = {
        "panel_date": TODAY,
        "panel_gravity_score": 1,
        "panel_decision": "nfa",
        "panel_rationale": "No evidence.",
        "panel_police_member": "PS Cole",
        "panel_yjs_member": "A Khan",
    }
    return lambda: panel_services.record_panel_decision(
        actor=police, referral=type(r).objects.get(pk=r.pk), data=dict(data)
    )


def create_audit() -> Callable[[], Any]:
    lead = auditor()
    team = TeamFactory()
    for n in range(4):
        child = ChildFactory(team=team, date_of_birth=dt.date(2010, 1, 1))
        disposal(child, "referral-order", FIELDWORK - dt.timedelta(days=200 + 10 * n))
    return lambda: audit_services.create_audit(
        actor=lead,
        name="Summer audit",
        framework="hmip-youth-2018",
        fieldwork_date=FIELDWORK,
        lead=lead,
        auditors=[lead],
        latest_months=5,
        earliest_months=12,
        seed="seed",
    )


def _unfixed_audit() -> tuple[Any, Any, Any]:
    lead, other = auditor(), auditor()
    audit = build_audit(lead, [other], court=3, fixed=False)
    return lead, other, audit


def redraw_sample() -> Callable[[], Any]:
    lead = auditor()
    team = TeamFactory()
    for n in range(6):
        child = ChildFactory(team=team, date_of_birth=dt.date(2010, 1, 1))
        disposal(child, "referral-order", FIELDWORK - dt.timedelta(days=200 + 10 * n))
    audit = audit_services.create_audit(
        actor=lead,
        name="Summer audit",
        framework="hmip-youth-2018",
        fieldwork_date=FIELDWORK,
        lead=lead,
        auditors=[lead],
        latest_months=5,
        earliest_months=12,
        seed="seed",
    )
    return lambda: audit_services.redraw_sample(
        actor=lead, audit=type(audit).objects.get(pk=audit.pk)
    )


def share_out_cases() -> Callable[[], Any]:
    lead, _, audit = _unfixed_audit()
    return lambda: audit_services.share_out_cases(
        actor=lead, audit=type(audit).objects.get(pk=audit.pk), moderation_percent=50
    )


def allocate_cases() -> Callable[[], Any]:
    lead, other, audit = _unfixed_audit()
    cases = cases_of(audit)
    allocations = {case.pk: Allocation(other.pk, lead.pk) for case in cases}
    return lambda: audit_services.allocate_cases(
        actor=lead, audit=type(audit).objects.get(pk=audit.pk), allocations=allocations
    )


def fix_sample() -> Callable[[], Any]:
    lead, _, audit = _unfixed_audit()
    return lambda: audit_services.fix_sample(actor=lead, audit=type(audit).objects.get(pk=audit.pk))


def save_answers() -> Callable[[], Any]:
    lead = auditor()
    audit = build_audit(lead, court=1)
    case = cases_of(audit, CaseTypeChoice.COURT)[0]
    entries = [Entry(1, 0, "yes"), Entry(2, 0, "no"), Entry(3, 0, "yes")]
    return lambda: audit_services.save_answers(
        actor=lead, case=type(case).objects.get(pk=case.pk), standard="2.1", entries=entries
    )


def assign_role() -> Callable[[], Any]:
    from tests.accounts.conftest import superuser

    person = UserFactory()
    root = superuser()
    # The administrator role also puts the person in a group and makes them staff.
    return lambda: account_services.assign_role(
        actor=root, user=type(person).objects.get(pk=person.pk), role=Role.ADMINISTRATOR
    )


def remove_role() -> Callable[[], Any]:
    from tests.accounts.conftest import superuser

    root = superuser()
    person = UserFactory()
    assignment = account_services.assign_role(actor=root, user=person, role=Role.ADMINISTRATOR)
    return lambda: account_services.remove_role(
        actor=root, assignment=type(assignment).objects.get(pk=assignment.pk)
    )


def update_outcome() -> Callable[[], Any]:
    s = make_service()
    first = OffenceFactory(child=s.child, date=TODAY - dt.timedelta(days=40))
    second = OffenceFactory(child=s.child, date=TODAY - dt.timedelta(days=35))
    outcome = record_services.record_outcome(
        actor=s.practitioner,
        child=s.child,
        data={
            "outcome_type": OutcomeType.objects.get(code="referral-order"),
            "date": TODAY - dt.timedelta(days=20),
            "offences": [first],
        },
    )
    # The links change before the record: both in one transaction.
    return lambda: record_services.update_outcome(
        actor=s.practitioner,
        outcome=type(outcome).objects.get(pk=outcome.pk),
        data={"offences": [second], "date": TODAY - dt.timedelta(days=19)},
    )


def request_restriction() -> Callable[[], Any]:
    s = make_service()
    return lambda: record_services.request_restriction(
        actor=s.practitioner, child=s.child, reason="A relative works here."
    )


def cancel_appointment() -> Callable[[], Any]:
    s = make_service()
    appointment = AppointmentFactory(child=s.child, created_by=s.practitioner)
    return lambda: record_services.cancel_appointment(
        actor=s.practitioner,
        appointment=Appointment.objects.get(pk=appointment.pk),
        reason="The child is ill.",
    )


def update_pillar_analysis() -> Callable[[], Any]:
    s = make_service()
    assessment = work_services.start_assessment(
        actor=s.practitioner,
        child=s.child,
        data={"kind": "assetplus", "started": TODAY - dt.timedelta(days=2)},
    )
    return lambda: work_services.update_pillar_analysis(
        actor=s.practitioner,
        assessment=type(assessment).objects.get(pk=assessment.pk),
        pillar=Pillar.DESISTANCE,
        data={"analysis": "Wants to get back to college."},
    )


def remove_plan_action() -> Callable[[], Any]:
    s = make_service()
    plan = complete_plan(s.child, s.practitioner)
    action = plan.actions.first()
    return lambda: work_services.remove_plan_action(
        actor=s.practitioner, action=type(action).objects.get(pk=action.pk)
    )


def finish_case() -> Callable[[], Any]:
    lead = auditor()
    audit = build_audit(lead, court=1)
    case = cases_of(audit, CaseTypeChoice.COURT)[0]
    answer_case(case, by=lead)
    return lambda: audit_services.finish_case(actor=lead, case=type(case).objects.get(pk=case.pk))


def change_role() -> Callable[[], Any]:
    from tests.accounts.conftest import superuser

    root = superuser()
    person = UserFactory()
    assignment = account_services.assign_role(actor=root, user=person, role=Role.ADMINISTRATOR)
    # From administrator to service manager: out of the group, no longer staff.
    return lambda: account_services.change_role(
        actor=root,
        assignment=type(assignment).objects.get(pk=assignment.pk),
        role=Role.SERVICE_MANAGER,
        team=None,
    )


def settle_disagreement() -> Callable[[], Any]:
    lead, second = auditor(), auditor()
    audit = build_audit(lead, [second], court=1, auditor_of=lambda n: second)
    case = cases_of(audit)[0]
    type(case).objects.filter(pk=case.pk).update(moderator=lead)
    case.refresh_from_db()
    answer_case(case, second, finish=True)
    answer_case(case, lead, default="no", finish=True)
    return lambda: audit_services.settle_disagreement(
        actor=lead,
        case=type(case).objects.get(pk=case.pk),
        standard="2.1",
        question=1,
        answer="yes",
        rationale="The plan shows it.",
    )


def rate_standard() -> Callable[[], Any]:
    lead = auditor()
    audit = build_audit(lead, court=1)
    return lambda: audit_services.rate_standard(
        actor=lead,
        audit=type(audit).objects.get(pk=audit.pk),
        standard="1.1",
        rating="Good",
        evidence="The board knows its children.",
    )


def clear_rating() -> Callable[[], Any]:
    lead = auditor()
    audit = build_audit(lead, court=1)
    audit_services.rate_standard(
        actor=lead, audit=audit, standard="1.1", rating="Good", evidence="Seen."
    )
    return lambda: audit_services.clear_rating(
        actor=lead, audit=type(audit).objects.get(pk=audit.pk), standard="1.1"
    )


def erase_child() -> Callable[[], Any]:
    from childfirst.casework.models import Child, Intervention
    from childfirst.casework.services import retention
    from tests.casework.full_record import full_record

    made = full_record()  # every kind of record, a document and an audit case
    Intervention.objects.filter(child=made.child).update(
        end=dt.date(2030, 3, 1), status="completed"
    )
    return lambda: retention.erase_child(
        actor=made.svc, child=Child.objects.get(pk=made.child.pk), today=dt.date(2040, 1, 1)
    )


#: Services that write through the same code as a scenario above, and which one.
SAME_PATH = {
    **{
        f"casework.records.{name}": "records._save: one record, its history row and its "
        "links in one transaction, as create_child, record_outcome and update_outcome"
        for name in [
            "make_appointment",
            "record_accommodation",
            "record_care_episode",
            "record_contact",
            "record_enforcement",
            "record_ete",
            "record_family_member",
            "record_health_episode",
            "record_intervention",
            "record_offence",
            "record_professional",
            "record_send",
            "record_victim",
            "update_accommodation",
            "update_appointment",
            "update_care_episode",
            "update_child",
            "update_contact",
            "update_enforcement",
            "update_ete",
            "update_family_member",
            "update_health_episode",
            "update_intervention",
            "update_offence",
            "update_professional",
            "update_send",
            "update_victim",
        ]
    },
    "casework.records.update_address": "records._save_address, as record_address",
    "casework.work.start_plan": "work._start, as start_assessment",
    "casework.work.start_review": "work._start, as start_assessment",
    "casework.work.update_assessment": "work._update, as update_pillar_analysis",
    "casework.work.update_plan": "work._update, as update_pillar_analysis",
    "casework.work.update_review": "work._update, as update_pillar_analysis",
    "casework.work.update_plan_action": "one action and its history, as add_plan_action",
}
#: Public functions of the service modules that write nothing.
READ_ONLY = {
    "accounts.check_may_change_roles",
    "audits.new_seed",
    "casework.records.next_child_reference",
    "casework.subject_access.export_name",
    "casework.subject_access.kinds_exported",
}
#: Services that write one row only.
ONE_ROW = {
    "casework.subject_access.export_child": "its access-log row (one statement)",
}
MODULES: dict[str, ModuleType] = {
    "accounts": account_services,
    "audits": audit_services,
    "casework.records": record_services,
    "casework.work": work_services,
    "casework.documents": document_services,
    "casework.panel": panel_services,
    "casework.retention": retention_services,
    "casework.subject_access": subject_access_services,
}


def test_every_service_module_is_looked_at():
    import childfirst.casework.services

    found = {
        f"{app.name}.services"
        for app in apps.get_app_configs()
        if app.name.startswith("childfirst.") and (Path(app.path) / "services.py").exists()
    } | {
        f"childfirst.casework.services.{info.name}"
        for info in pkgutil.iter_modules(childfirst.casework.services.__path__)
    }
    assert found == {module.__name__ for module in MODULES.values()}


def test_every_service_that_writes_has_a_scenario_or_shares_one():
    public = {
        f"{prefix}.{name}"
        for prefix, module in MODULES.items()
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    }
    assert not set(SCENARIOS) & set(SAME_PATH)
    assert public == set(SCENARIOS) | set(SAME_PATH) | READ_ONLY | set(ONE_ROW)


SCENARIOS: dict[str, Callable[[], Callable[[], Any]]] = {
    "casework.retention.erase_child": erase_child,
    "audits.settle_disagreement": settle_disagreement,
    "audits.rate_standard": rate_standard,
    "audits.clear_rating": clear_rating,
    "casework.records.update_outcome": update_outcome,
    "casework.records.request_restriction": request_restriction,
    "casework.records.cancel_appointment": cancel_appointment,
    "casework.work.update_pillar_analysis": update_pillar_analysis,
    "casework.work.remove_plan_action": remove_plan_action,
    "audits.finish_case": finish_case,
    "accounts.change_role": change_role,
    "casework.records.create_child": create_child,
    "casework.records.record_outcome": record_outcome,
    "casework.records.set_restriction": set_restriction,
    "casework.records.record_appointment_contact": record_appointment_contact,
    "casework.records.record_address": record_address,
    "casework.work.start_assessment": start_assessment,
    "casework.work.submit_for_oversight": submit_for_oversight,
    "casework.work.decide_oversight": decide_oversight,
    "casework.work.discard_draft": discard_draft,
    "casework.work.add_plan_action": add_plan_action,
    "casework.documents.add_document": add_document_scenario,
    "casework.documents.remove_document": remove_document,
    "casework.panel.record_panel_decision": record_panel_decision,
    "audits.create_audit": create_audit,
    "audits.redraw_sample": redraw_sample,
    "audits.share_out_cases": share_out_cases,
    "audits.allocate_cases": allocate_cases,
    "audits.fix_sample": fix_sample,
    "audits.save_answers": save_answers,
    "accounts.assign_role": assign_role,
    "accounts.remove_role": remove_role,
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_failure_at_any_write_leaves_nothing_written(name):
    run = SCENARIOS[name]()
    total = writes_of(run)
    assert total >= 2, f"{name} writes {total} row(s): not a multi-row service"
    before, files = snapshot(), stored_files()
    for fail_at in range(1, total + 1):
        with counting(fail_at), pytest.raises(Injected):
            run()
        assert snapshot() == before, f"{name}: rows left after a failure at write {fail_at}"
        assert stored_files() == files, f"{name}: a file left after a failure at write {fail_at}"
    run()  # and with no failure, it works from the same state
    assert snapshot() != before
