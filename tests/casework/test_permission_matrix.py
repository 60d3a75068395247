"""Every page for every role, with the expected allow or deny, and the access log.

The table below is the specification, derived from ``docs/permissions.md``. It
names every URL pattern in the ``casework`` namespace (found by walking the URL
resolver, so a page added without a row here fails
``test_the_table_names_every_casework_page``), each step of an assessment, plan
and review, plus the home page and the admin.

For each page and each role the test asks for the page and checks the status:

- ``Y``: allowed: GET answers 200;
- ``N``: denied: GET answers 403, and so does a POST to a page with a form,
  which changes nothing;
- ``S``: sent to sign in (302): only the admin does this to people who are not staff;
- ``A``: the author of work awaiting oversight: may read the decision page (200)
  but not decide it (POST 403, nothing changes). Nobody countersigns their own work.

Signed-out visitors are sent to the sign-in page from every page (their own test).

Each allowed GET of a page of a child's record writes exactly one access-log row
for that person and that child (``view``; ``export`` for a download); a refused one
writes exactly one ``refused`` row; lists (search, caseload, team, panel, home) write
``list`` rows for children the person may open, and nothing else.

The service: two teams, A and B. Child "a" is in team A and has one of every
record, its assessment, plan and review drafts among them; "b" is a child of team A
with no work yet, where new work starts (starting work on child a would carry on with
its draft instead); "panel" is an out-of-court case in team B referred to the joint
decision-making panel; "restricted" is in team A, restricted to team A's manager
(its team managers and the service managers always keep it: issue 11, item 6).

Documents (issue 11, item 17): child a has two added by prac_a, one since removed by
tm_a (the ``[removed]`` rows); the panel child and the restricted child have one each.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from childfirst.accounts.models import AccessLog, Role
from childfirst.casework.models import ContactOutcome, OutcomeType, WorkStatus
from childfirst.casework.services.documents import remove_document
from childfirst.casework.views.records import RECORD_KINDS
from childfirst.casework.views.work_kinds import KINDS
from tests.casework.conftest import MODEL_BACKEND
from tests.casework.document_files import add_document
from tests.casework.factories import (
    AccommodationEpisodeFactory,
    AddressFactory,
    AppointmentFactory,
    AssessmentFactory,
    CareEpisodeFactory,
    ChildFactory,
    ContactFactory,
    EnforcementActionFactory,
    EteEpisodeFactory,
    FamilyMemberFactory,
    HealthEpisodeFactory,
    InterventionFactory,
    OffenceFactory,
    OutcomeFactory,
    PlanFactory,
    ProfessionalFactory,
    ReviewFactory,
    SendRecordFactory,
    TeamFactory,
    UserFactory,
    VictimFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ("prac_a", "tm_a", "prac_b", "svc", "qa", "board", "police", "admin")

# prac_a: practitioner of team A (and case manager of child a)
# tm_a:   team manager of team A (named on the restricted record)
# prac_b: practitioner of team B (case manager of the panel child)
# svc:    service manager       qa:     quality assurance auditor
# board:  board member          police: police panel member
# admin:  administrator (staff and superuser in Django's admin, no casework role)
#
# page [variant]                       child       prac_a tm_a prac_b svc qa board police admin
MATRIX = """
/                                      -           Y      Y    Y      Y   Y  Y     Y      Y
/admin/                                -           S      S    S      S   S  S     S      Y
/account/password/                     -           Y      Y    Y      Y   Y  Y     Y      Y
casework:caseload                      -           Y      N    Y      N   N  N     N      N
casework:team                          -           N      Y    N      Y   N  N     N      N
casework:team_children                 -           N      Y    N      Y   N  N     N      N
casework:unusual_access                -           N      N    N      Y   N  N     N      N
casework:search                        -           Y      Y    Y      Y   Y  N     N      N
casework:panel                         -           Y      Y    Y      Y   Y  N     Y      N
casework:child_new                     -           Y      Y    Y      Y   N  N     N      N
# Retention (issue 12, item 16): the records due for erasure, for service managers only
casework:retention                     -           N      N    N      Y   N  N     N      N

# The record of child a (team A): read pages
casework:child                         a           Y      Y    N      Y   Y  N     N      N
casework:history                       a           Y      Y    N      Y   Y  N     N      N
casework:restriction                   a           Y      Y    N      Y   N  N     N      N
# Subject access and erasure: service managers only (child a has an intervention open, so
# its erasure page says it cannot be erased yet)
casework:child_export                  a           N      N    N      Y   N  N     N      N
casework:erase                         a           N      N    N      Y   N  N     N      N
# Who has seen the record (the access log): service managers only (issue 12, item 14)
casework:seen_by                       a           N      N    N      Y   N  N     N      N
casework:seen_by                       panel       N      N    N      Y   N  N     N      N
casework:child_work                    a           Y      Y    N      Y   Y  N     N      N
casework:assessment                    a           Y      Y    N      Y   Y  N     N      N
casework:plan                          a           Y      Y    N      Y   Y  N     N      N
casework:review                        a           Y      Y    N      Y   Y  N     N      N

# ... and the pages that change it
casework:child_edit                    a           Y      Y    N      Y   N  N     N      N
casework:offence_new                   a           Y      Y    N      Y   N  N     N      N
casework:offence_edit                  a           Y      Y    N      Y   N  N     N      N
casework:outcome_new                   a           Y      Y    N      Y   N  N     N      N
casework:outcome_edit                  a           Y      Y    N      Y   N  N     N      N
casework:intervention_new              a           Y      Y    N      Y   N  N     N      N
casework:intervention_edit             a           Y      Y    N      Y   N  N     N      N
casework:contact_new                   a           Y      Y    N      Y   N  N     N      N
casework:contact_edit                  a           Y      Y    N      Y   N  N     N      N
casework:enforcement_new               a           Y      Y    N      Y   N  N     N      N
casework:enforcement_edit              a           Y      Y    N      Y   N  N     N      N
casework:victim_new                    a           Y      Y    N      Y   N  N     N      N
casework:victim_edit                   a           Y      Y    N      Y   N  N     N      N
casework:care_new                      a           Y      Y    N      Y   N  N     N      N
casework:care_edit                     a           Y      Y    N      Y   N  N     N      N
casework:accommodation_new             a           Y      Y    N      Y   N  N     N      N
casework:accommodation_edit            a           Y      Y    N      Y   N  N     N      N
casework:ete_new                       a           Y      Y    N      Y   N  N     N      N
casework:ete_edit                      a           Y      Y    N      Y   N  N     N      N
casework:send_new                      a           Y      Y    N      Y   N  N     N      N
casework:send_edit                     a           Y      Y    N      Y   N  N     N      N
casework:health_new                    a           Y      Y    N      Y   N  N     N      N
casework:health_edit                   a           Y      Y    N      Y   N  N     N      N
casework:appointment_new               a           Y      Y    N      Y   N  N     N      N
casework:appointment_edit              a           Y      Y    N      Y   N  N     N      N
casework:appointment_record            a           Y      Y    N      Y   N  N     N      N
casework:appointment_cancel            a           Y      Y    N      Y   N  N     N      N
casework:family_new                    a           Y      Y    N      Y   N  N     N      N
casework:family_edit                   a           Y      Y    N      Y   N  N     N      N
casework:professional_new              a           Y      Y    N      Y   N  N     N      N
casework:professional_edit             a           Y      Y    N      Y   N  N     N      N
casework:address_new                   a           Y      Y    N      Y   N  N     N      N
casework:address_edit                  a           Y      Y    N      Y   N  N     N      N
casework:assessment_new                b           Y      Y    N      Y   N  N     N      N
casework:assessment_step [type]        a           Y      Y    N      Y   N  N     N      N
casework:assessment_step [details]     a           Y      Y    N      Y   N  N     N      N
casework:assessment_step [desistance]  a           Y      Y    N      Y   N  N     N      N
casework:assessment_step [safety-and-wellbeing] a  Y      Y    N      Y   N  N     N      N
casework:assessment_step [risk-of-harm] a          Y      Y    N      Y   N  N     N      N
casework:assessment_step [ratings]     a           Y      Y    N      Y   N  N     N      N
casework:assessment_step [victims]     a           Y      Y    N      Y   N  N     N      N
casework:assessment_check              a           Y      Y    N      Y   N  N     N      N
casework:assessment_submit             a           Y      Y    N      Y   N  N     N      N
casework:assessment_discard            a           Y      N    N      N   N  N     N      N
casework:plan_new                      b           Y      Y    N      Y   N  N     N      N
casework:plan_step [details]           a           Y      Y    N      Y   N  N     N      N
casework:plan_actions                  a           Y      Y    N      Y   N  N     N      N
casework:plan_action_add               a           Y      Y    N      Y   N  N     N      N
casework:plan_action                   a           Y      Y    N      Y   N  N     N      N
casework:plan_action_remove            a           Y      Y    N      Y   N  N     N      N
casework:plan_step [contingency]       a           Y      Y    N      Y   N  N     N      N
casework:plan_step [child-version]     a           Y      Y    N      Y   N  N     N      N
casework:plan_check                    a           Y      Y    N      Y   N  N     N      N
casework:plan_submit                   a           Y      Y    N      Y   N  N     N      N
casework:plan_discard                  a           Y      N    N      N   N  N     N      N
casework:review_new                    b           Y      Y    N      Y   N  N     N      N
casework:review_step [details]         a           Y      Y    N      Y   N  N     N      N
casework:review_step [changes]         a           Y      Y    N      Y   N  N     N      N
casework:review_step [plan]            a           Y      Y    N      Y   N  N     N      N
casework:review_check                  a           Y      Y    N      Y   N  N     N      N
casework:review_submit                 a           Y      Y    N      Y   N  N     N      N
casework:review_discard                a           Y      N    N      N   N  N     N      N

# Documents: everyone who reads the record but the police panel; adding them is for editors,
# removing one for whoever added it (prac_a) and the child's managers; a removed document's
# file downloads for the child's managers only
casework:documents                     a           Y      Y    N      Y   Y  N     N      N
casework:document_new                  a           Y      Y    N      Y   N  N     N      N
casework:document                      a           Y      Y    N      Y   Y  N     N      N
casework:document_download             a           Y      Y    N      Y   Y  N     N      N
casework:document_remove               a           Y      Y    N      Y   N  N     N      N
casework:document [removed]            a           Y      Y    N      Y   Y  N     N      N
casework:document_download [removed]   a           N      Y    N      Y   N  N     N      N
casework:documents                     panel       N      N    Y      Y   Y  N     N      N
casework:document                      panel       N      N    Y      Y   Y  N     N      N
casework:document_download             panel       N      N    Y      Y   Y  N     N      N
casework:document_new                  panel       N      N    Y      Y   N  N     N      N
casework:documents                     restricted  N      Y    N      Y   N  N     N      N
casework:document_download             restricted  N      Y    N      Y   N  N     N      N
casework:document_new                  restricted  N      Y    N      Y   N  N     N      N

# Management oversight: the child's team manager and service managers, never the author
# (prac_a wrote the assessment and the plan; tm_a wrote the review)
casework:oversight [assessment]        a           N      Y    N      Y   N  N     N      N
casework:oversight [plan]              a           N      Y    N      Y   N  N     N      N
casework:oversight [review]            a           N      A    N      Y   N  N     N      N

# The panel child (team B, out of court, referred to the panel): the police see its
# panel pack and record the joint decision, and nothing else of the child (issue 11,
# item 9)
casework:panel_pack                    panel       N      N    Y      Y   Y  N     Y      N
casework:panel_decision                panel       N      N    Y      Y   N  N     Y      N
casework:child                         panel       N      N    Y      Y   Y  N     N      N
casework:history                       panel       N      N    Y      Y   Y  N     N      N
casework:child_work                    panel       N      N    Y      Y   Y  N     N      N
casework:assessment                    panel       N      N    Y      Y   Y  N     N      N
casework:child_edit                    panel       N      N    Y      Y   N  N     N      N
casework:offence_edit                  panel       N      N    Y      Y   N  N     N      N
casework:health_new                    panel       N      N    Y      Y   N  N     N      N
casework:assessment_step [type]        panel       N      N    Y      Y   N  N     N      N
# The police read the panel child's record (the panel pack is to come), but none of its
# appointments, contacts or network pages
casework:contact_new                   panel       N      N    Y      Y   N  N     N      N
casework:appointment_new               panel       N      N    Y      Y   N  N     N      N
casework:appointment_edit              panel       N      N    Y      Y   N  N     N      N
casework:appointment_record            panel       N      N    Y      Y   N  N     N      N
casework:appointment_cancel            panel       N      N    Y      Y   N  N     N      N
casework:family_new                    panel       N      N    Y      Y   N  N     N      N
casework:family_edit                   panel       N      N    Y      Y   N  N     N      N
casework:professional_new              panel       N      N    Y      Y   N  N     N      N
casework:professional_edit             panel       N      N    Y      Y   N  N     N      N
casework:address_new                   panel       N      N    Y      Y   N  N     N      N
casework:address_edit                  panel       N      N    Y      Y   N  N     N      N

# A restricted child (team A): only the staff named on it, its team managers and the
# service managers
casework:child                         restricted  N      Y    N      Y   N  N     N      N
casework:history                       restricted  N      Y    N      Y   N  N     N      N
casework:child_work                    restricted  N      Y    N      Y   N  N     N      N
casework:child_edit                    restricted  N      Y    N      Y   N  N     N      N
casework:contact_new                   restricted  N      Y    N      Y   N  N     N      N
casework:appointment_new               restricted  N      Y    N      Y   N  N     N      N
casework:family_new                    restricted  N      Y    N      Y   N  N     N      N
casework:restriction                   restricted  N      Y    N      Y   N  N     N      N
"""

#: Pages that ask "are you sure?" before a change only one person may make (the author
#: discards their own draft): a denied POST is refused (403) and changes nothing.
CONFIRM_PAGES = {f"{kind}_discard" for kind in KINDS}
#: Pages that only answer POST (GET is 405 for everyone signed in).
POST_ONLY = {"assessment_submit", "plan_submit", "review_submit"}
#: Pages with a form: a denied POST is refused (403) and changes nothing.
FORM_PAGES = {
    "child_export",
    "erase",
    "document_new",
    "document_remove",
    "child_new",
    "child_edit",
    "restriction",
    "enforcement_new",
    "enforcement_edit",
    "appointment_record",
    "appointment_cancel",
    "plan_action_add",
    "plan_action",
    "plan_action_remove",
    "oversight",
    "panel_decision",
    *(f"{k.name}_{verb}" for k in RECORD_KINDS.values() for verb in ("new", "edit")),
    *(f"{kind}_{page}" for kind in KINDS for page in ("new", "step")),
}


@dataclass(frozen=True)
class Row:
    page: str  # "/", "/admin/" or "casework:<name>"
    variant: str  # a step slug, or the kind of work for oversight
    child: str  # "a", "panel", "restricted" or "-"
    expected: dict[str, str]

    @property
    def name(self) -> str:
        return self.page.removeprefix("casework:")

    @property
    def label(self) -> str:
        variant = f" [{self.variant}]" if self.variant else ""
        child = f" of child {self.child}" if self.child != "-" else ""
        return f"{self.page}{variant}{child}"


def _parse(table: str) -> list[Row]:
    rows = []
    line_re = re.compile(r"^(?P<page>\S+)(?:\s+\[(?P<variant>[^\]]+)\])?\s+(?P<rest>.*)$")
    for line in table.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = line_re.match(line)
        assert match, f"cannot read the table line {line!r}"
        child, *cells = match["rest"].split()
        assert len(cells) == len(ROLES), f"{line!r} needs a cell for each of {ROLES}"
        assert set(cells) <= {"Y", "N", "S", "A"}, f"unknown cell in {line!r}"
        rows.append(
            Row(match["page"], match["variant"] or "", child, dict(zip(ROLES, cells, strict=True)))
        )
    return rows


ROWS = _parse(MATRIX)


@functools.cache
def casework_patterns() -> dict[str, URLPattern]:
    """Every URL pattern in the casework namespace, by name, found through the resolver."""
    found: dict[str, URLPattern] = {}

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace == "casework":
                assert pattern.name, f"a casework page has no name: {pattern.pattern}"
                found[pattern.name] = pattern

    walk(get_resolver().url_patterns, None)
    return found


# --- the service ---------------------------------------------------------------------------


@dataclass
class Service:
    users: dict[str, Any]
    children: dict[str, Any]
    #: Objects whose pk fills each page's URL, by child then by name.
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)


def make_service() -> Service:
    team_a, team_b = TeamFactory(name="Team A"), TeamFactory(name="Team B")
    users = {
        "prac_a": UserFactory(username="prac_a", roles=[(Role.PRACTITIONER, team_a)]),
        "tm_a": UserFactory(username="tm_a", roles=[(Role.TEAM_MANAGER, team_a)]),
        "prac_b": UserFactory(username="prac_b", roles=[(Role.PRACTITIONER, team_b)]),
        "svc": UserFactory(username="svc", roles=[(Role.SERVICE_MANAGER, None)]),
        "qa": UserFactory(username="qa", roles=[(Role.AUDITOR, None)]),
        "board": UserFactory(username="board", roles=[(Role.BOARD_MEMBER, None)]),
        "police": UserFactory(username="police", roles=[(Role.POLICE_PANEL, None)]),
        "admin": UserFactory(
            username="admin",
            roles=[(Role.ADMINISTRATOR, None)],
            is_staff=True,
            is_superuser=True,
        ),
    }
    prac_a, tm_a, prac_b = users["prac_a"], users["tm_a"], users["prac_b"]

    # Child a: one of every record.
    a = ChildFactory(team=team_a, first_name="Alex", last_name="Ashdown")
    offence = OffenceFactory(child=a)
    outcome = OutcomeFactory(child=a, code="referral-order", offences=[offence])
    intervention = InterventionFactory(child=a, outcome=outcome, case_manager=prac_a)
    contact = ContactFactory(
        child=a,
        intervention=intervention,
        outcome=ContactOutcome.DID_NOT_ATTEND,
        recorded_by=prac_a,
    )
    enforcement = EnforcementActionFactory(contact=contact)
    victim = VictimFactory(child=a, offences=[offence])
    # Drafts, so their pages open (submitted work redirects to its summary); each is
    # incomplete, so an allowed "submit" shows what is missing and changes nothing.
    draft_assessment = AssessmentFactory(child=a, author=prac_a, intervention=intervention)
    draft_plan = PlanFactory(child=a, author=prac_a, intervention=intervention)
    action = draft_plan.actions.create(
        pillar="desistance", objective="Back to college", action="Enrol", who="Alex"
    )
    draft_review = ReviewFactory(child=a, author=prac_a, intervention=intervention)
    submitted = {"status": WorkStatus.SUBMITTED}
    objects_a = {
        # Documents added by prac_a: one on the record, one since removed by tm_a.
        "document": add_document(child=a, by=prac_a),
        "document:removed": remove_document(
            actor=tm_a, document=add_document(child=a, by=prac_a), reason="Wrong child"
        ),
        "offence": offence,
        "outcome": outcome,
        "intervention": intervention,
        "contact": contact,
        "enforcement": enforcement,
        "victim": victim,
        "care": CareEpisodeFactory(child=a),
        "accommodation": AccommodationEpisodeFactory(child=a),
        "ete": EteEpisodeFactory(child=a),
        "send": SendRecordFactory(child=a),
        "health": HealthEpisodeFactory(child=a),
        # Planned (a week ahead), so it can still be changed, recorded or cancelled.
        "appointment": AppointmentFactory(child=a, intervention=intervention, created_by=prac_a),
        "family": FamilyMemberFactory(child=a),
        "professional": ProfessionalFactory(child=a),
        "address": AddressFactory(child=a),
        "assessment": draft_assessment,
        "plan": draft_plan,
        "review": draft_review,
        "plan_action": action,
        # Awaiting oversight: the assessment and plan by prac_a, the review by tm_a.
        "oversight:assessment": AssessmentFactory(child=a, author=prac_a, **submitted),
        "oversight:plan": PlanFactory(child=a, author=prac_a, **submitted),
        "oversight:review": ReviewFactory(child=a, author=tm_a, **submitted),
    }

    # The panel child: out of court, referred to the joint decision-making panel.
    panel = ChildFactory(team=team_b, first_name="Pat", last_name="Pendragon")
    panel_offence = OffenceFactory(child=panel)
    panel_outcome = OutcomeFactory(
        child=panel, code="youth-conditional-caution", offences=[panel_offence]
    )
    assert OutcomeType.objects.get(code="youth-conditional-caution").out_of_court
    referral = InterventionFactory(
        child=panel, outcome=panel_outcome, case_manager=prac_b, referred_to_panel=True
    )
    objects_panel = {
        "panel": referral,
        "offence": panel_offence,
        "appointment": AppointmentFactory(child=panel, created_by=prac_b),
        "family": FamilyMemberFactory(child=panel),
        "professional": ProfessionalFactory(child=panel),
        "address": AddressFactory(child=panel),
        "assessment": AssessmentFactory(child=panel, author=prac_b, kind="pdat"),
    }

    # Child b: team A, an open intervention, no work yet.
    b = ChildFactory(team=team_a, first_name="Blake", last_name="Barnstaple")
    InterventionFactory(child=b, case_manager=prac_a)

    restricted = ChildFactory(
        team=team_a, first_name="Robin", last_name="Rosewarne", restricted=True
    )
    restricted.restricted_to.set([tm_a])
    # prac_a manages its intervention and wrote work on it, yet is not named on it: the
    # caseload and the team's oversight queue must not show the child to them.
    InterventionFactory(child=restricted, case_manager=prac_a)
    AssessmentFactory(child=restricted, author=prac_a, **submitted)
    objects_panel["document"] = add_document(child=panel, by=prac_b)
    documents_restricted = {"document": add_document(child=restricted, by=tm_a)}

    return Service(
        users,
        {"a": a, "b": b, "panel": panel, "restricted": restricted},
        {"a": objects_a, "b": {}, "panel": objects_panel, "restricted": documents_restricted},
    )


@pytest.fixture
def service() -> Service:
    return make_service()


# --- filling in each page's URL --------------------------------------------------------------


def _object_for(row: Row, objects: dict[str, Any]) -> Any:
    """The record whose pk fills ``row``'s URL."""
    name = row.name
    if name.startswith("document"):
        return objects["document:removed" if row.variant == "removed" else "document"]
    if name == "oversight":
        return objects[f"oversight:{row.variant}"]
    if name == "enforcement_edit":
        return objects["enforcement"]
    if name in ("appointment_record", "appointment_cancel"):
        return objects["appointment"]
    if name.startswith("plan_action"):
        return objects["plan"]
    if name.startswith("panel_"):
        return objects["panel"]
    for kind in KINDS:
        if name == kind or name.startswith(f"{kind}_"):
            return objects[kind]
    for kind in RECORD_KINDS.values():
        if name == f"{kind.name}_edit":
            return objects[kind.name]
    raise AssertionError(f"the matrix does not know which record fills {row.label}")


def url_for(row: Row, service: Service, reference: str = "") -> str:
    """The address of ``row``'s page, its URL's parts filled from the service (with
    another child's ``reference``, to ask for one child's record under another's)."""
    if not row.page.startswith("casework:"):
        return row.page
    pattern = casework_patterns()[row.name]
    child = service.children.get(row.child)
    objects = service.objects.get(row.child, {})
    kwargs: dict[str, Any] = {}
    for param in pattern.pattern.regex.groupindex:
        if param == "reference":
            kwargs[param] = reference or child.reference
        elif param == "pk":
            kwargs[param] = _object_for(row, objects).pk
        elif param == "contact_pk":
            kwargs[param] = objects["contact"].pk
        elif param == "action_pk":
            kwargs[param] = objects["plan_action"].pk
        elif param in ("step", "kind_name"):
            kwargs[param] = row.variant
        else:
            raise AssertionError(f"the matrix cannot fill <{param}> in {row.label}")
    return reverse(row.page, kwargs=kwargs)


# --- what a POST must not change -------------------------------------------------------------


def _tables() -> list[str]:
    return [
        model._meta.db_table
        for label in ("accounts", "casework")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model is not AccessLog  # checked on its own: allowed reads write it
    ]


def _snapshot() -> dict[str, int]:
    """How many rows each casework and accounts table holds, the history tables among
    them, in one query. Every change to a record writes a history row (who, when,
    before and after), so equal counts mean nothing was added, changed or removed."""
    tables = _tables()
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT {index}, COUNT(*) FROM {quote(table)}" for index, table in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = dict(cursor.fetchall())
    return {table: counts[index] for index, table in enumerate(tables)}


class _FormReader(HTMLParser):
    """The values a form on the page would send: inputs, checked boxes, selected options
    and text areas (the first form in <main> with a submit button is enough here)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.data.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button"):
                self.data.append((name, a.get("value", "")))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = name, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text += data


def form_data(page: str) -> dict[str, Any]:
    reader = _FormReader()
    reader.feed(page[page.find("<main") :])
    data: dict[str, Any] = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return data


#: Extra answers for pages whose form starts empty, so a POST that got through would write.
POST_EXTRA = {"oversight": {"decision": "countersigned", "comments": "Agreed."}}


# --- the tests -----------------------------------------------------------------------------


def test_the_table_names_every_casework_page():
    """A page added to the casework URLs without a row in the table fails here."""
    in_table = {row.name for row in ROWS if row.page.startswith("casework:")}
    assert in_table == set(casework_patterns())


def test_the_table_names_every_step_and_every_kind_of_oversight():
    for name, kind in KINDS.items():
        slugs = {step.slug for step in kind.steps if step.form_class is not None}
        in_table = {row.variant for row in ROWS if row.name == f"{name}_step" and row.child == "a"}
        assert in_table == slugs, name
    assert {row.variant for row in ROWS if row.name == "oversight"} == set(KINDS)


def test_the_table_agrees_with_its_headline_rules():
    """Cross-checks on the table itself, so a slip in a cell is caught: board members
    and administrators never open a child's page; nobody edits a restricted record
    but the people named on it; auditors never change anything, and the police change
    only the joint decision; the police open the panel's pages and nothing else."""
    for row in ROWS:
        if row.child != "-":
            assert row.expected["board"] == row.expected["admin"] == "N", row.label
        if row.name in FORM_PAGES | POST_ONLY | CONFIRM_PAGES and row.name != "child_new":
            assert row.expected["qa"] == "N", row.label
        if row.page.startswith("casework:"):
            police = row.name in ("panel", "panel_pack", "panel_decision")
            assert row.expected["police"] == ("Y" if police else "N"), row.label
        if row.child == "restricted":
            assert {r for r, cell in row.expected.items() if cell != "N"} == {"tm_a", "svc"}


@dataclass
class Check:
    """One role against every page: the mismatches, reported together."""

    client: Any
    user: Any
    service: Service
    problems: list[str] = field(default_factory=list)

    def expect(self, condition: bool, row: Row, message: str) -> None:
        if not condition:
            self.problems.append(f"{row.label}: {message}")

    def logged(self, since: int) -> list[tuple[int, int, str]]:
        rows = AccessLog.objects.filter(pk__gt=since).values_list("user_id", "child_id", "kind")
        return list(rows)

    def visible_ids(self) -> set[int]:
        return {self.service.children[key].pk for key in VISIBLE[self.user.username]}

    def get(self, row: Row, url: str, cell: str) -> None:
        last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = self.client.get(url)
        if getattr(response, "streaming", False):
            response.getvalue()  # a download: read it, which closes its file
        want = {"Y": 200, "A": 200, "N": 403, "S": 302}[cell]
        if row.name in POST_ONLY:
            want = 405
        self.expect(
            response.status_code == want, row, f"GET answered {response.status_code}, not {want}"
        )
        if cell == "S":
            self.expect(
                response.get("Location", "").startswith("/admin/login/"),
                row,
                f"sent to {response.get('Location')}, not the admin's sign-in",
            )
        child = self.service.children.get(row.child)
        logged = self.logged(last)
        if child is not None and row.name not in POST_ONLY:
            # An allowed page of a child's record is one view (a download, an export); a
            # refused one, one refusal: each for this person and this child.
            kind = "export" if row.name == "document_download" else "view"
            want_logged = [(self.user.pk, child.pk, kind if cell in "YA" else "refused")]
            self.expect(logged == want_logged, row, f"logged {logged}, not {want_logged}")
        elif child is None and cell == "Y":
            # A list names only children the person may open, each as named in a list.
            wrong = [r for r in logged if r[0] != self.user.pk or r[2] != "list"]
            hidden = {r[1] for r in logged} - self.visible_ids()
            self.expect(not wrong and not hidden, row, f"a list logged {logged}")
        else:
            self.expect(logged == [], row, f"logged {logged} though nothing was viewed")

    def post(self, row: Row, url: str, cell: str, data: dict[str, Any]) -> None:
        last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        before = _snapshot()
        response = self.client.post(url, data)
        child = self.service.children.get(row.child)
        logged = self.logged(last)
        if cell in "NA":
            self.expect(
                response.status_code == 403, row, f"POST answered {response.status_code}, not 403"
            )
            changed = [k for k, v in _snapshot().items() if before[k] != v]
            self.expect(changed == [], row, f"a refused POST changed {changed}")
            # The author may read the page they cannot decide, so that read is logged as a
            # anyone else's refused POST on a child's record is logged as a refusal.
            kind = "view" if cell == "A" else "refused"
            want = [(self.user.pk, child.pk, kind)] if child is not None else []
            self.expect(logged == want, row, f"a refused POST logged {logged}, not {want}")
        else:
            # An allowed submit of incomplete work shows what is missing, and changes nothing.
            self.expect(response.status_code == 200, row, f"POST answered {response.status_code}")
            self.expect(b"There is a problem" in response.content, row, "no error summary")
            want = [(self.user.pk, child.pk, "view")]
            self.expect(logged == want, row, f"logged {logged}")


@pytest.mark.parametrize("role", ROLES)
def test_every_page_for(role, client, service):
    user = service.users[role]
    client.force_login(user, backend=MODEL_BACKEND)
    check = Check(client, user, service)
    # What a POST would send: the form, filled in as someone allowed to change the child
    # sees it (edit forms come filled with valid answers); a refused POST writes none of it.
    editors = {}
    for child, who in (
        ("-", "svc"),
        ("a", "svc"),
        ("b", "svc"),
        ("panel", "svc"),
        ("restricted", "tm_a"),
    ):
        editors[child] = type(client)()
        editors[child].force_login(service.users[who], backend=MODEL_BACKEND)
    for row in ROWS:
        url = url_for(row, service)
        cell = row.expected[role]
        check.get(row, url, cell)
        if row.name in POST_ONLY or (row.name in CONFIRM_PAGES and cell == "N"):
            check.post(row, url, cell, {})
        elif row.name in FORM_PAGES and cell in "NA":
            shown = editors[row.child].get(url)
            assert shown.status_code == 200, f"{row.label} for its editor: {shown.status_code}"
            data = form_data(shown.content.decode())
            data.update(POST_EXTRA.get(row.name, {}))
            check.post(row, url, cell, data)
    assert not check.problems, f"{role}:\n  " + "\n  ".join(check.problems)


def test_every_page_sends_signed_out_visitors_to_sign_in(client, service):
    problems = []
    before = _snapshot()
    for row in ROWS:
        url = url_for(row, service)
        sign_in = "/admin/login/" if row.page == "/admin/" else "/sign-in/"
        for method in ("get", "post"):
            if method == "post" and row.name not in FORM_PAGES | POST_ONLY | CONFIRM_PAGES:
                continue
            response = getattr(client, method)(url)
            location = urlsplit(response.get("Location", ""))
            if response.status_code != 302 or location.path != sign_in:
                problems.append(f"{method.upper()} {row.label}: {response.status_code} {location}")
    assert problems == []
    assert _snapshot() == before
    assert not AccessLog.objects.exists()


def test_a_decision_by_the_author_is_refused_even_for_a_service_manager(client, service):
    """Nobody countersigns their own work, whatever their role."""
    svc = service.users["svc"]
    own = ReviewFactory(child=service.children["a"], author=svc, status=WorkStatus.SUBMITTED)
    client.force_login(svc, backend=MODEL_BACKEND)
    url = reverse("casework:oversight", args=["review", own.pk])
    assert client.get(url).status_code == 200
    before = _snapshot()
    response = client.post(url, {"decision": "countersigned", "comments": ""})
    assert response.status_code == 403
    assert _snapshot() == before
    own.refresh_from_db()
    assert own.status == WorkStatus.SUBMITTED


#: Who may open which child, as docs/permissions.md has it.
VISIBLE = {
    "prac_a": {"a", "b"},
    "tm_a": {"a", "b", "restricted"},
    "prac_b": {"panel"},
    "svc": {"a", "b", "panel", "restricted"},
    "qa": {"a", "b", "panel"},
    "board": set(),
    "police": {"panel"},
    "admin": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_lists_name_only_the_children_a_person_may_open(role, client, service):
    """The search lists every child the person may open; no list (search, caseload,
    team, home) names any other child."""
    client.force_login(service.users[role], backend=MODEL_BACKEND)
    children = service.children
    for row in ROWS:
        if row.child != "-" or row.expected[role] != "Y":
            continue
        page = client.get(url_for(row, service)).content.decode()
        shown = {
            key
            for key, child in children.items()
            if child.last_name in page or child.reference in page
        }
        assert shown <= VISIBLE[role], f"{row.page} names {shown - VISIBLE[role]}"
        if row.name == "search":
            assert shown == VISIBLE[role]


def test_one_childs_records_cannot_be_reached_through_anothers_reference(client, service):
    """Each record is looked up within the child named in the address: child a's
    records asked for under the panel child's reference (which the service manager
    may open and change) are not found."""
    client.force_login(service.users["svc"], backend=MODEL_BACKEND)
    other = service.children["panel"].reference
    checked = []
    for row in ROWS:
        if row.child != "a" or row.name == "oversight":
            continue
        pattern = casework_patterns()[row.name]
        if not {"pk", "contact_pk", "action_pk"} & set(pattern.pattern.regex.groupindex):
            continue
        url = url_for(row, service, reference=other)
        method = client.post if row.name in POST_ONLY else client.get
        assert method(url).status_code == 404, url
        checked.append(row.name)
    assert len(checked) >= 20
