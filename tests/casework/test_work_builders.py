"""Builders for the assessment, plan, review, oversight and caseload tests.

Plain functions rather than factories so the tests read as the service would be
used: a team, its practitioner and manager, a child with an open intervention.
(The record tests' factories live elsewhere; these stay independent of them.)
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

import pytest

from childfirst.accounts.models import Role, RoleAssignment, Team, User
from childfirst.casework.models import Assessment, Child, Intervention, Plan, Review
from childfirst.casework.selectors import work as work_selectors
from childfirst.casework.services import work as services
from childfirst.domain.pillars import Pillar

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Django's default hasher is slow; these tests never need a strong one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(
    username: str, role: str | None = None, team: Team | None = None, **fields: Any
) -> User:
    first, _, last = username.partition("_")
    user = User.objects.create(
        username=username,
        first_name=fields.pop("first_name", first.capitalize()),
        last_name=fields.pop("last_name", (last or "Person").capitalize()),
        **fields,
    )
    if role:
        RoleAssignment.objects.create(user=user, role=role, team=team)
    return user


def make_child(team: Team, last_name: str = "", **fields: Any) -> Child:
    number = next(_numbers)
    return Child.objects.create(
        reference=fields.pop("reference", f"CF-{number:06d}"),
        first_name=fields.pop("first_name", "Sam"),
        last_name=last_name or f"Child{number}",
        date_of_birth=fields.pop("date_of_birth", dt.date(2009, 5, 1)),
        sex=fields.pop("sex", "male"),
        home_local_authority="Kent",
        team=team,
        **fields,
    )


def make_intervention(
    child: Child, case_manager: User, start: dt.date, level: str = "standard", **fields: Any
) -> Intervention:
    return Intervention.objects.create(
        child=child,
        case_manager=case_manager,
        team=fields.pop("team", child.team),
        start=start,
        level=level,
        **fields,
    )


@dataclass
class Service:
    north: Team
    south: Team
    practitioner: User
    colleague: User
    manager: User
    south_manager: User
    service_manager: User
    auditor: User
    child: Child
    intervention: Intervention


def make_service(start: dt.date | None = None) -> Service:
    """North team: a practitioner (Priya Shah), a colleague and a manager (Tom Reed);
    South team with its own manager; a service manager and an auditor; one child of
    North on Priya's caseload."""
    north, south = Team.objects.create(name="North"), Team.objects.create(name="South")
    practitioner = make_user("priya_shah", Role.PRACTITIONER, north)
    colleague = make_user("ann_lee", Role.PRACTITIONER, north)
    manager = make_user("tom_reed", Role.TEAM_MANAGER, north)
    south_manager = make_user("sue_south", Role.TEAM_MANAGER, south)
    service_manager = make_user("sam_head", Role.SERVICE_MANAGER)
    auditor = make_user("quinn_audit", Role.AUDITOR)
    child = make_child(north, "Jones", first_name="Alex", reference="CF-000001")
    intervention = make_intervention(
        child, practitioner, start or dt.date.today() - dt.timedelta(days=10)
    )
    return Service(
        north,
        south,
        practitioner,
        colleague,
        manager,
        south_manager,
        service_manager,
        auditor,
        child,
        intervention,
    )


PILLAR_TEXT = {
    Pillar.DESISTANCE: "Wants to get back to college; football coach is a good influence.",
    Pillar.SAFETY_AND_WELLBEING: "Exploitation concerns around older peers; sleeping badly.",
    Pillar.RISK_OF_HARM: "Harm to others is linked to the group; the victim lives nearby.",
}


def complete_assessment(
    child: Child, author: User, *, started: dt.date | None = None, **kwargs: Any
) -> Assessment:
    """An AssetPlus assessment with every section answered, still a draft."""
    started = started or dt.date.today() - dt.timedelta(days=5)
    assessment = services.start_assessment(
        actor=author, child=child, data={"kind": "assetplus", "started": started, **kwargs}
    )
    for pillar, text in PILLAR_TEXT.items():
        services.update_pillar_analysis(
            actor=author, assessment=assessment, pillar=pillar, data={"analysis": text}
        )
    return services.update_assessment(
        actor=author,
        assessment=assessment,
        data={
            "completed": started,
            "likelihood_of_reoffending": "medium",
            "risk_of_serious_harm": "medium",
            "safety_and_wellbeing": "high",
            "victims_needs_and_wishes": "The victim wants a letter of apology.",
        },
    )


def complete_plan(child: Child, author: User, **kwargs: Any) -> Plan:
    plan = services.start_plan(
        actor=author,
        child=child,
        data={"review_due": dt.date.today() + dt.timedelta(days=90), **kwargs},
    )
    for pillar in Pillar:
        services.add_plan_action(
            actor=author,
            plan=plan,
            data={
                "pillar": pillar.value,
                "objective": f"Objective for {pillar.label}",
                "action": "Weekly sessions",
                "who": "Case manager",
                "by_when": dt.date.today() + dt.timedelta(days=30),
            },
        )
    return services.update_plan(
        actor=author,
        plan=plan,
        data={
            "contingency_safety": "Call the duty social worker.",
            "contingency_risk": "Share with the police at once.",
            "child_version": "I will go to college and see Priya every week.",
        },
    )


def complete_review(child: Child, author: User, **kwargs: Any) -> Review:
    return services.start_review(
        actor=author,
        child=child,
        data={
            "date": kwargs.pop("date", dt.date.today()),
            "trigger": kwargs.pop("trigger", "scheduled"),
            "desistance_changes": "Back at college three days a week.",
            "safety_changes": "No missing episodes this month.",
            "risk_changes": "No new concerns.",
            "plan_changes": "Adds a work-experience placement.",
            **kwargs,
        },
    )


# --- the builders themselves ------------------------------------------------------------


@pytest.mark.django_db
def test_the_service_puts_the_child_on_the_practitioners_caseload():
    service = make_service()
    assert service.child.team == service.north
    assert service.intervention.case_manager == service.practitioner
    assert service.practitioner.has_role(Role.PRACTITIONER)
    assert service.manager.teams_as(Role.TEAM_MANAGER) == {service.north.pk}


@pytest.mark.django_db
def test_complete_work_has_nothing_missing():
    service = make_service()
    for work in (
        complete_assessment(service.child, service.practitioner),
        complete_plan(service.child, service.practitioner),
        complete_review(service.child, service.practitioner),
    ):
        assert work_selectors.submission_problems(work) == []
