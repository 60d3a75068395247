"""Every audit page for every role, with the expected answer, and the access log.

The table below is the specification (see ``childfirst/audits/permissions.py``). It names
every URL pattern in the ``audits`` namespace (found by walking the URL resolver, so a
page added without a row fails ``test_the_table_names_every_audit_page``):

- ``Y``: allowed: 200;
- ``N``: denied: 403;
- ``R``: a POST the view answers by sending the person back (302) to the audit, with the
  service's refusal or result as a message; nothing changes here (the sample is fixed
  and the cases finished already);
- ``L``: sent to sign in (302 to the sign-in page): every page, for anyone signed out.

The audit: two sampled court cases, case A (a child of team A) and case B (team B), both
audited by ``other`` (an auditor, not the lead), case A moderated blind by ``lead``; both
finished by everyone, the two disagreeing on case A's 2.1 question 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from childfirst.accounts.models import AccessLog, Role
from childfirst.audits import services, views
from childfirst.audits.models import Answer, AuditCase
from childfirst.audits.services import Allocation
from childfirst.casework.models import Child
from childfirst.domain.inspection.audit import case_standards
from childfirst.domain.inspection.framework import CaseType, Method
from tests.audits.conftest import FRAMEWORK, NO, YES, auditor, build_audit, cases_of
from tests.casework.conftest import sign_in, text_of
from tests.casework.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("anon", "prac", "tm", "svc", "lead", "other", "board", "police", "admin")

# prac: practitioner of team A   tm: team manager of team A   svc: service manager
# lead: the audit's lead auditor  other: an auditor on the audit, not its lead
# board: board member   police: police panel member   admin: administrator
#
# page            method  anon prac tm svc lead other board police admin
MATRIX = """
list              GET     L    N    Y  Y   Y    Y     Y     N      N
new               GET     L    N    N  Y   Y    Y     N     N      N
compare           GET     L    N    Y  Y   Y    Y     Y     N      N
detail            GET     L    N    N  Y   Y    Y     N     N      N
population        GET     L    N    N  Y   Y    Y     N     N      N
redraw            POST    L    N    N  R   R    R     N     N      N
start             POST    L    N    N  R   R    R     N     N      N
allocate          GET     L    N    N  N   Y    N     N     N      N
case              GET     L    N    N  Y   Y    Y     N     N      N
finish            POST    L    N    N  R   R    R     N     N      N
answer            GET     L    N    N  N   Y    Y     N     N      N
moderation        GET     L    N    N  Y   Y    Y     N     N      N
settle            GET     L    N    N  N   Y    N     N     N      N
rate              GET     L    N    N  N   Y    N     N     N      N
results           GET     L    N    Y  Y   Y    Y     Y     N      N
results_print     GET     L    N    Y  Y   Y    Y     Y     N      N
results_pdf       GET     L    N    Y  Y   Y    Y     Y     N      N
results_xlsx      GET     L    N    Y  Y   Y    Y     Y     N      N
"""


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    expected: dict[str, str]


def _rows() -> list[Row]:
    rows = []
    for line in MATRIX.strip().splitlines():
        name, method, *cells = line.split()
        assert len(cells) == len(ROLES), line
        rows.append(Row(name, method, dict(zip(ROLES, cells, strict=True))))
    return rows


ROWS = _rows()
KEY_QUESTION = "Does assessment sufficiently analyse how to support the child's desistance?"


@pytest.fixture
def world(db):
    team_a, team_b = TeamFactory(name="Team A"), TeamFactory(name="Team B")
    lead = auditor(first_name="Lena", last_name="Lead")
    other = auditor(first_name="Otto", last_name="Other")
    people = {
        "prac": UserFactory(roles=[(Role.PRACTITIONER, team_a)]),
        "tm": UserFactory(roles=[(Role.TEAM_MANAGER, team_a)]),
        "svc": UserFactory(roles=[(Role.SERVICE_MANAGER, None)]),
        "lead": lead,
        "other": other,
        "board": UserFactory(roles=[(Role.BOARD_MEMBER, None)]),
        "police": UserFactory(roles=[(Role.POLICE_PANEL, None)]),
        "admin": UserFactory(roles=[(Role.ADMINISTRATOR, None)], is_staff=True),
    }
    audit = build_audit(lead, [other], court=2, teams=[team_a, team_b], auditor_of=lambda n: other)
    case_a, case_b = cases_of(audit)
    assert case_a.child.team == team_a and case_b.child.team == team_b
    services.allocate_cases(
        actor=lead, audit=audit, allocations={case_a.pk: Allocation(other.pk, lead.pk)}
    )
    _answered(case_a, other, moderation=False)
    _answered(case_a, lead, moderation=True, no=("2.1", 1))
    _answered(case_b, other, moderation=False, no=("2.1", 1))
    now = timezone.now()
    AuditCase.objects.filter(pk=case_a.pk).update(completed_at=now, moderated_at=now)
    AuditCase.objects.filter(pk=case_b.pk).update(completed_at=now)
    args = {
        "list": (),
        "new": (),
        "compare": (),
        "case": (audit.pk, case_a.pk),
        "finish": (audit.pk, case_a.pk),
        "answer": (audit.pk, case_a.pk, "2.1"),
        "settle": (audit.pk, case_a.pk, "2.1", 1),
        "rate": (audit.pk, "1.1"),
    }
    return {
        "audit": audit,
        "case_a": case_a,
        "case_b": case_b,
        "team_a": team_a,
        "people": people,
        "url": lambda name: reverse(f"audits:{name}", args=args.get(name, (audit.pk,))),
    }


def _answered(case, by, moderation, no=None):
    """Every key question and prompt answered Yes (``no``: that key question No), written
    straight to the database: these tests are about who sees what, not about answering
    (test_workflow.py answers through the services)."""
    rows = []
    for standard in case_standards(FRAMEWORK, CaseType(case.case_type)):
        for q in standard.key_questions:
            for p in range(len(q.prompts) + 1):
                value = NO if (standard.number, q.number) == no and p == 0 else YES
                rows.append(
                    Answer(
                        case=case,
                        moderation=moderation,
                        standard=standard.number,
                        question=q.number,
                        prompt=p,
                        answer=value,
                        answered_by=by,
                    )
                )
    Answer.objects.bulk_create(rows)


def _snapshot(audit):
    audit.refresh_from_db()
    return (
        audit.seed,
        audit.sample_fixed_at,
        sorted(audit.cases.values_list("pk", "sampled", "auditor", "completed_at", "moderated_at")),
    )


def _outcome(response, expected: str, audit) -> str | None:
    """What is wrong with ``response`` for the table's ``expected`` (None: nothing)."""
    status, where = response.status_code, response.get("Location", "")
    sign_in_url = reverse("sign-in") + "?next="
    if expected == "L" and (status, where[: len(sign_in_url)]) != (302, sign_in_url):
        return f"{status} {where}, not sent to sign in"
    if expected == "N" and status != 403:
        return f"{status}, not 403"
    if expected == "R" and (
        status != 302 or not where.startswith(reverse("audits:detail", args=[audit.pk]))
    ):
        return f"{status} {where}, not sent back to the audit"
    if expected == "Y" and status != 200:
        return f"{status}, not 200"
    return None


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_every_page_for_every_role(client, world, row):
    url = world["url"](row.name)
    audit = world["audit"]
    wrong = []
    for role in ROLES:
        client.logout()
        if role != "anon":
            sign_in(client, world["people"][role])
        before = _snapshot(audit)
        response = client.post(url) if row.method == "POST" else client.get(url)
        problem = _outcome(response, row.expected[role], audit)
        if problem:
            wrong.append(f"{role}: {problem}")
        if _snapshot(audit) != before:
            wrong.append(f"{role}: the audit changed")
    assert wrong == [], f"{row.method} {url}"


def _names(resolver, namespace="") -> set[str]:
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and namespace == "audits:":
            names.add(entry.name)
    return names


def test_the_table_names_every_audit_page():
    assert _names(get_resolver()) == {row.name for row in ROWS}


@pytest.mark.parametrize("name", [row.name for row in ROWS if row.method == "POST"])
def test_pages_that_change_things_answer_only_a_post(client, world, name):
    sign_in(client, world["people"]["lead"])
    assert client.get(world["url"](name)).status_code == 405


# --- the access log --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["case", "answer"])
def test_opening_a_case_is_a_view_of_the_child_s_record(client, world, name):
    child = world["case_a"].child
    sign_in(client, world["people"]["other"])
    url = world["url"](name)
    assert client.get(url).status_code == 200
    logged = AccessLog.objects.get(child=child)
    assert (logged.user, logged.path) == (world["people"]["other"], url)


def test_pages_refused_by_role_and_the_results_write_no_access_log(client, world):
    sign_in(client, world["people"]["tm"])
    assert client.get(world["url"]("case")).status_code == 403  # no audit page for the role
    sign_in(client, world["people"]["svc"])
    assert client.get(world["url"]("results")).status_code == 200  # figures, no child named
    assert not AccessLog.objects.exists()


def test_the_audit_page_logs_the_children_its_sample_names(client, world):
    sign_in(client, world["people"]["svc"])
    assert client.get(world["url"]("detail")).status_code == 200
    sampled = set(world["audit"].cases.filter(sampled=True).values_list("child_id", flat=True))
    assert sampled
    logged = AccessLog.objects.values_list("user_id", "child_id", "kind")
    assert sorted(logged) == sorted((world["people"]["svc"].pk, c, "list") for c in sampled)


def test_a_refused_answer_page_logs_the_refusal(client, world):
    sign_in(client, world["people"]["svc"])
    assert client.get(world["url"]("answer")).status_code == 403  # not allocated to them
    [logged] = AccessLog.objects.all()
    assert (logged.user, logged.child, logged.kind) == (
        world["people"]["svc"],
        world["case_a"].child,
        "refused",
    )


def test_a_restricted_child_s_case_is_closed_to_auditors_not_named_on_it(client, world):
    case = world["case_a"]
    Child.objects.filter(pk=case.child_id).update(restricted=True)
    sign_in(client, world["people"]["other"])
    assert client.get(world["url"]("case")).status_code == 403
    assert list(AccessLog.objects.values_list("child_id", "kind")) == [(case.child_id, "refused")]
    AccessLog.objects.all().delete()
    case.child.restricted_to.set([world["people"]["other"]])
    assert client.get(world["url"]("case")).status_code == 200
    assert AccessLog.objects.filter(child=case.child).count() == 1


def test_a_case_of_another_audit_is_refused_as_an_unknown_one_is(client, world):
    lead = world["people"]["lead"]
    elsewhere = build_audit(lead, court=1)
    [case] = cases_of(elsewhere)
    sign_in(client, lead)
    url = reverse("audits:case", args=[world["audit"].pk, case.pk])
    unknown = reverse("audits:case", args=[world["audit"].pk, 999999])
    assert client.get(url).status_code == client.get(unknown).status_code == 403


# --- what the results show whom ---------------------------------------------------------------


def _context(world, role):
    request = RequestFactory().get("/")
    request.user = world["people"][role]
    return views.results_context(request, world["audit"])


def test_a_team_manager_s_results_count_their_teams_cases_only(world):
    mine = _context(world, "tm")
    assert (mine["court_cases"], mine["out_of_court_cases"]) == (1, 0)
    assert mine["summary"].cases == 1
    assessment = next(s for s in mine["summary"].standards if s.number == "2.1")
    # Case A (team A) answered Yes to 2.1/1; case B (team B) No.
    assert (assessment.questions[0].relevant, assessment.questions[0].yes) == (1, 1)

    everyone = _context(world, "svc")
    assert everyone["court_cases"] == 2 and everyone["summary"].cases == 2
    assessment = next(s for s in everyone["summary"].standards if s.number == "2.1")
    assert (assessment.questions[0].relevant, assessment.questions[0].yes) == (2, 1)


def test_the_results_page_for_a_team_manager(client, world):
    sign_in(client, world["people"]["tm"])
    response = client.get(world["url"]("results"))
    assert response.status_code == 200
    assert response.context["court_cases"] == 1
    assert response.context["summary"].cases == 1
    page = text_of(response)
    assert KEY_QUESTION in page  # a team manager sees the key-question tables


def test_the_results_page_for_the_board_shows_no_key_questions(client, world):
    sign_in(client, world["people"]["board"])
    response = client.get(world["url"]("results"))
    assert response.status_code == 200
    page = text_of(response)
    assert KEY_QUESTION not in page
    for standard in FRAMEWORK.standards:
        for question in standard.key_questions if standard.method is Method.CASE else ():
            assert question.text not in page, (standard.number, question.number)
    for case in (world["case_a"], world["case_b"]):
        assert case.child.last_name not in page and case.child.reference not in page
    assert "Assessment" in page  # the standards and their ratings are there
