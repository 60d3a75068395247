"""The child's record in the browser: search, the summary and chronology, the history
of changes, the access log, and who may open which page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from childfirst.accounts.models import AccessLog, Role
from childfirst.casework.models import (
    CareStatus,
    ContactOutcome,
    Offence,
    OffenceType,
    RestorativeJustice,
    WorkStatus,
)
from childfirst.casework.selectors.chronology import chronology
from childfirst.casework.selectors.records import search_children
from tests.casework.conftest import sign_in, text_of, title_of
from tests.casework.factories import (
    AccommodationEpisodeFactory,
    AddressFactory,
    AppointmentFactory,
    AssessmentFactory,
    CareEpisodeFactory,
    ChildFactory,
    ContactFactory,
    EteEpisodeFactory,
    FamilyMemberFactory,
    HealthEpisodeFactory,
    InterventionFactory,
    OffenceFactory,
    OutcomeFactory,
    OversightFactory,
    PlanFactory,
    ProfessionalFactory,
    ReviewFactory,
    TeamFactory,
    UserFactory,
    VictimFactory,
    manager_of,
    practitioner_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def north():
    return TeamFactory(name="North")


@pytest.fixture
def south():
    return TeamFactory(name="South")


@pytest.fixture
def practitioner(north):
    return practitioner_of(north, first_name="Priya", last_name="Shah")


@pytest.fixture
def child(north):
    return ChildFactory(
        team=north,
        reference="CF-000123",
        first_name="Jordan",
        last_name="Ellis",
        date_of_birth=dt.date(2008, 5, 17),
    )


def record_url(child) -> str:
    return reverse("casework:child", args=[child.reference])


# --- search ------------------------------------------------------------------------------------


def test_urls_are_where_the_menu_and_the_other_pages_expect():
    assert reverse("casework:search") == "/children/"
    assert reverse("casework:child", args=["CF-000001"]) == "/children/CF-000001/"
    assert reverse("casework:history", args=["CF-000001"]) == "/children/CF-000001/history/"
    assert (
        reverse("casework:offence_new", args=["CF-000001"]) == "/children/CF-000001/offences/new/"
    )
    assert (
        reverse("casework:offence_edit", args=["CF-000001", 7])
        == "/children/CF-000001/offences/7/edit/"
    )


@pytest.mark.parametrize(
    "query",
    ["jordan", "ELL", "Ellis Jordan", "jor ell", "CF-000123", "000123", "cf000123", "  ellis  "],
)
def test_search_finds_a_child_by_part_of_a_name_in_any_order_or_by_reference(
    client, practitioner, child, query
):
    ChildFactory(team=child.team, first_name="Sam", last_name="Okafor", reference="CF-000999")
    response = sign_in(client, practitioner).get("/children/", {"q": query})
    assert response.status_code == 200
    page = text_of(response)
    assert "Ellis, Jordan" in page
    assert "Okafor" not in page


def test_search_never_returns_children_the_user_cannot_see(client, practitioner, child, south):
    elsewhere = ChildFactory(team=south, first_name="Jordan", last_name="Ellison")
    restricted = ChildFactory(team=child.team, first_name="Jordan", last_name="Elliot")
    restricted.restricted = True
    restricted.save()
    restricted.restricted_to.add(manager_of(child.team))
    sign_in(client, practitioner)
    for query in ("jordan", "ell", elsewhere.reference, restricted.reference, ""):
        page = text_of(client.get("/children/", {"q": query}))
        assert "Ellison" not in page and "Elliot" not in page
    assert list(search_children(practitioner, "jordan")) == [child]


def test_an_empty_search_lists_the_users_children_alphabetically_with_their_work(
    client, practitioner, child, north, south
):
    ChildFactory(team=north, first_name="Amy", last_name="Zed")
    ChildFactory(team=north, first_name="Bea", last_name="Adams")
    ChildFactory(team=south, first_name="Cal", last_name="Brown")
    InterventionFactory(
        child=child, outcome=OutcomeFactory(child=child, code="yro"), level="intensive"
    )
    page = text_of(sign_in(client, practitioner).get("/children/"))
    assert page.index("Adams, Bea") < page.index("Ellis, Jordan") < page.index("Zed, Amy")
    assert "Brown" not in page
    assert "3 children you can see" in page
    assert "Youth rehabilitation order, intensive" in page
    assert "17 May 2008" in page and "North" in page and "CF-000123" in page


def test_search_says_when_nothing_matches(client, practitioner, child):
    response = sign_in(client, practitioner).get("/children/", {"q": "nobody-like-this"})
    assert "No children match ‘nobody-like-this’" in text_of(response)


def test_search_is_paginated_25_a_page_and_keeps_the_query(client, practitioner, north):
    for n in range(30):
        ChildFactory(team=north, first_name="Kai", last_name=f"Surname{n:02d}")
    sign_in(client, practitioner)
    first = client.get("/children/", {"q": "kai"})
    second = client.get("/children/", {"q": "kai", "page": "2"})
    assert text_of(first).count("Surname") == 25 and text_of(second).count("Surname") == 5
    assert "Surname00" in text_of(first) and "Surname29" in text_of(second)
    assert 'href="?q=kai&amp;page=2"' in first.content.decode()


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.ADMINISTRATOR])
def test_roles_with_no_child_level_access_cannot_search(client, child, role):
    response = sign_in(client, UserFactory(roles=[(role, None)])).get("/children/")
    assert response.status_code == 403


def test_search_needs_signing_in(client):
    response = client.get("/children/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


# --- the record: summary and chronology ----------------------------------------------------------


def test_the_record_summarises_who_the_child_is_and_the_current_work(client, practitioner, child):
    offence = OffenceFactory(child=child, code="robbery", date=dt.date(2024, 1, 10))
    outcome = OutcomeFactory(child=child, code="yro", date=dt.date(2024, 3, 1), offences=[offence])
    InterventionFactory(child=child, outcome=outcome, level="enhanced", case_manager=practitioner)
    AssessmentFactory(
        child=child,
        started=dt.date(2023, 1, 1),
        risk_of_serious_harm="low",
        likelihood_of_reoffending="low",
        status=WorkStatus.COUNTERSIGNED,
    )
    AssessmentFactory(
        child=child,
        started=dt.date(2024, 3, 10),
        risk_of_serious_harm="very_high",
        likelihood_of_reoffending="high",
        safety_and_wellbeing="medium",
        pillars={"risk_of_harm": "Carries a knife when frightened."},
        status=WorkStatus.COUNTERSIGNED,
    )
    VictimFactory(
        child=child,
        name="Corner shop",
        offences=[offence],
        consent_to_contact=True,
        restorative_justice=RestorativeJustice.INDIRECT,
    )
    CareEpisodeFactory(child=child, status=CareStatus.LOOKED_AFTER, start=dt.date(2022, 2, 1))
    CareEpisodeFactory(
        child=child,
        status=CareStatus.EARLY_HELP,
        start=dt.date(2020, 1, 1),
        end=dt.date(2021, 1, 1),
    )
    response = sign_in(client, practitioner).get(record_url(child))
    assert response.status_code == 200
    page = text_of(response)
    assert title_of(response).startswith("Jordan Ellis (CF-000123)")
    assert "17 May 2008 (age" in page and "Team North" in page
    assert "Outcome Youth rehabilitation order, 1 March 2024" in page
    assert "Enhanced level, since 1 March 2024 Case manager: Priya Shah" in page
    # The latest assessment's ratings, not an older one's.
    assert "Likelihood of reoffending High" in page
    assert "Risk of serious harm Very high" in page
    assert "Safety and wellbeing Medium" in page
    assert "Carries a knife when frightened." in page
    assert "Corner shop Consented to contact" in page
    assert "Restorative justice: taken up: indirect" in page
    assert "Looked after since 1 February 2022" in page
    assert "Early help since" not in page


def test_a_new_record_says_what_is_missing(client, practitioner, child):
    page = text_of(sign_in(client, practitioner).get(record_url(child)))
    assert "No outcomes recorded yet" in page
    assert "No open intervention" in page
    assert "No victims recorded yet" in page
    assert "Nothing recorded yet" in page


def test_the_chronology_shows_everything_newest_first_with_who(client, practitioner, child):
    manager = manager_of(child.team, first_name="Mo", last_name="Reed")
    OffenceFactory(child=child, date=dt.date(2024, 1, 10), code="common-assault")
    OutcomeFactory(child=child, date=dt.date(2024, 2, 1), code="youth-caution")
    InterventionFactory(
        child=child,
        start=dt.date(2024, 2, 5),
        referred_to_panel=True,
        panel_date=dt.date(2024, 2, 3),
        panel_decision="youth_caution",
        panel_rationale="First offence, remorseful",
        case_manager=practitioner,
    )
    assessment = AssessmentFactory(
        child=child,
        started=dt.date(2024, 2, 10),
        completed=dt.date(2024, 2, 20),
        author=practitioner,
    )
    OversightFactory(
        assessment=assessment, manager=manager, decision="returned", comments="More on risk"
    )
    ContactFactory(
        child=child,
        date=dt.date(2024, 3, 1),
        outcome=ContactOutcome.DID_NOT_ATTEND,
        recorded_by=practitioner,
    )
    ReviewFactory(child=child, date=dt.date(2024, 4, 1), author=practitioner)
    PlanFactory(child=child, author=practitioner)
    CareEpisodeFactory(child=child, start=dt.date(2023, 12, 1))
    page = text_of(sign_in(client, practitioner).get(record_url(child)))
    chronology_text = page[page.index("Everything, newest first") :]
    order = [
        "Review: Scheduled",
        "Contact: Face to face, did not attend",
        "AssetPlus assessment completed",
        "AssetPlus assessment started",
        "Intervention started",
        "Joint decision panel: Youth caution",
        "Outcome: Youth caution",
        "Offence: Common assault",
        "Care status: Child in need",
    ]
    positions = [chronology_text.index(what) for what in order]
    assert positions == sorted(positions)
    # Management oversight and the plan are dated the day they were written (today): first.
    assert chronology_text.index("Returned for changes: assessment") < positions[0]
    assert chronology_text.index("Plan written") < positions[0]
    assert "More on risk Mo Reed" in chronology_text
    assert "First offence, remorseful" in chronology_text
    assert "Decide on enforcement" in chronology_text


def test_the_chronology_names_who_recorded_each_thing_from_the_history(client, practitioner, child):
    sign_in(client, practitioner).post(
        reverse("casework:offence_new", args=[child.reference]),
        {
            "offence_type": OffenceType.objects.get(code="theft").pk,
            "date_0": "3",
            "date_1": "2",
            "date_2": "2024",
        },
    )
    (entry,) = chronology(child, ["offences"])
    assert entry.what == "Offence: Theft" and entry.who == "Priya Shah"


def test_the_chronology_is_paginated_and_can_show_one_kind(client, practitioner, child):
    start = dt.date(2024, 1, 1)
    for n in range(30):
        ContactFactory(child=child, date=start + dt.timedelta(days=n), notes=f"Visit {n:02d}")
    OffenceFactory(child=child, date=dt.date(2023, 6, 1))
    sign_in(client, practitioner)
    first = text_of(client.get(record_url(child)))
    second = text_of(client.get(record_url(child), {"page": "2"}))
    assert first.count("Visit ") == 25
    assert "Visit 29" in first and "Visit 05" in first and "Visit 04" not in first
    assert second.count("Visit ") == 5 and "Offence: Theft" in second
    only_offences = text_of(client.get(record_url(child), {"show": "offences"}))
    assert "Offence: Theft" in only_offences and "Contact: Face to face" not in only_offences


def test_a_restricted_record_says_so_and_who_can_open_it(client, child):
    manager = manager_of(child.team, first_name="Mo", last_name="Reed")
    colleague = practitioner_of(child.team, first_name="Lee", last_name="Hart")
    child.restricted = True
    child.save()
    child.restricted_to.set([manager, colleague])
    page = text_of(sign_in(client, manager).get(record_url(child)))
    assert (
        "Restricted record. Only Lee Hart, Mo Reed, the child's team managers and the service "
        "managers can open it." in page
    )


def test_the_record_links_to_assessments_plans_and_reviews_without_depending_on_them(
    client, practitioner, child
):
    assessment = AssessmentFactory(child=child)
    response = sign_in(client, practitioner).get(record_url(child))
    assert response.status_code == 200
    try:
        url = reverse("casework:assessment", args=[child.reference, assessment.pk])
    except Exception:  # the assessment pages are not there (yet)
        return
    assert f'href="{url}"' in response.content.decode()


# --- the access log ------------------------------------------------------------------------------


def test_each_view_of_the_record_is_written_to_the_access_log(client, practitioner, child):
    sign_in(client, practitioner)
    client.get(record_url(child))
    client.get(record_url(child), {"page": "1"})
    client.get(reverse("casework:history", args=[child.reference]))
    logs = list(AccessLog.objects.filter(child=child).order_by("viewed_at", "pk"))
    assert [(log.user, log.path) for log in logs] == [
        (practitioner, "/children/CF-000123/"),
        (practitioner, "/children/CF-000123/?page=1"),
        (practitioner, "/children/CF-000123/history/"),
    ]


def test_a_refused_view_is_logged_as_a_refusal_not_a_view(client, child, south):
    person = practitioner_of(south)
    assert sign_in(client, person).get(record_url(child)).status_code == 403
    [logged] = AccessLog.objects.all()
    assert (logged.user, logged.child, logged.kind) == (person, child, "refused")
    assert logged.path == record_url(child)


# --- the history of changes ----------------------------------------------------------------------


def test_an_edit_keeps_who_when_and_what_and_the_history_page_shows_before_and_after(
    client, practitioner, child
):
    offence = OffenceFactory(child=child, description="Took a bike")
    sign_in(client, practitioner)
    response = client.post(
        reverse("casework:offence_edit", args=[child.reference, offence.pk]),
        {
            "offence_type": OffenceType.objects.get(code="handling").pk,
            "description": "Was given a stolen bike",
            "date_0": "10",
            "date_1": "1",
            "date_2": "2024",
        },
    )
    assert response.status_code == 302
    latest = offence.history.latest()
    assert latest.history_type == "~" and latest.history_user == practitioner
    delta = latest.diff_against(latest.prev_record)
    assert {c.field for c in delta.changes} == {"description", "offence_type"}

    history = client.get(reverse("casework:history", args=[child.reference]))
    page = text_of(history)
    assert "Changed: Offence – Handling stolen goods on 10 January 2024" in page
    assert f"By Priya Shah on {latest.history_date:%-d %B %Y}" in page
    assert "Description Took a bike Was given a stolen bike" in page
    assert "Offence type Theft Handling stolen goods" in page


def test_the_history_shows_changes_to_linked_offences_as_one_change(client, practitioner, child):
    first = OffenceFactory(child=child, code="theft", date=dt.date(2024, 1, 1))
    second = OffenceFactory(child=child, code="criminal-damage", date=dt.date(2024, 1, 2))
    outcome = OutcomeFactory(child=child, code="youth-caution", offences=[first])
    rows = outcome.history.count()
    sign_in(client, practitioner).post(
        reverse("casework:outcome_edit", args=[child.reference, outcome.pk]),
        {
            "outcome_type": outcome.outcome_type.pk,
            "date_0": "1",
            "date_1": "3",
            "date_2": "2024",
            "offences": [second.pk],
        },
    )
    assert outcome.history.count() == rows + 1
    page = text_of(client.get(reverse("casework:history", args=[child.reference])))
    assert "Offences Theft on 1 January 2024 Criminal damage on 2 January 2024" in page


def test_the_history_includes_changes_to_the_childs_own_details_and_is_paginated(
    client, practitioner, child
):
    for n in range(30):
        child.district = f"Ward {n:02d}"
        child._history_user = practitioner
        child.save()
    sign_in(client, practitioner)
    history_url = reverse("casework:history", args=[child.reference])
    first, second = text_of(client.get(history_url)), text_of(client.get(history_url, {"page": 2}))
    assert first.count("Changed: The child's details") == 25
    assert "District Ward 28 Ward 29" in first
    assert "Created: The child's details" in second


def test_a_deleted_record_stays_in_the_history(client, practitioner, child):
    offence = OffenceFactory(child=child, code="arson")
    offence.delete()
    page = text_of(
        sign_in(client, practitioner).get(reverse("casework:history", args=[child.reference]))
    )
    assert "Deleted: Offence – Arson" in page
    assert not Offence.objects.exists()


# --- permissions ---------------------------------------------------------------------------------


def test_a_practitioner_of_another_team_cannot_open_the_record_or_its_history(client, child, south):
    sign_in(client, practitioner_of(south))
    assert client.get(record_url(child)).status_code == 403
    assert client.get(reverse("casework:history", args=[child.reference])).status_code == 403


@pytest.mark.parametrize(
    ("role", "team", "can_see"),
    [
        (Role.PRACTITIONER, "north", True),
        (Role.TEAM_MANAGER, "north", True),
        (Role.TEAM_MANAGER, "south", False),
        (Role.SERVICE_MANAGER, None, True),
        (Role.AUDITOR, None, True),
        (Role.POLICE_PANEL, None, False),
        (Role.BOARD_MEMBER, None, False),
        (Role.ADMINISTRATOR, None, False),
    ],
)
def test_each_role_against_the_record(client, child, north, south, role, team, can_see):
    user = UserFactory(roles=[(role, {"north": north, "south": south}.get(team))])
    sign_in(client, user)
    expected = 200 if can_see else 403
    assert client.get(record_url(child)).status_code == expected
    assert client.get(reverse("casework:history", args=[child.reference])).status_code == expected


def test_a_police_panel_member_opens_no_childs_record(client, child, north):
    """Even for a child referred to the panel: the police see its panel pack only
    (issue 11, item 9; tests/casework/test_panel.py)."""
    police = UserFactory(roles=[(Role.POLICE_PANEL, None)])
    referred = ChildFactory(team=north, first_name="Ria", last_name="Panel")
    InterventionFactory(
        child=referred,
        outcome=OutcomeFactory(child=referred, code="youth-caution"),
        referred_to_panel=True,
    )
    sign_in(client, police)
    assert client.get("/children/").status_code == 403
    assert client.get(record_url(referred)).status_code == 403
    assert client.get(reverse("casework:history", args=[referred.reference])).status_code == 403
    assert client.get(reverse("casework:offence_new", args=[referred.reference])).status_code == 403


def test_an_unknown_child_is_refused_as_a_child_one_may_not_see_is(client, practitioner):
    """No existence oracle: the same 403 for no such child, and nothing to log."""
    assert sign_in(client, practitioner).get("/children/CF-404404/").status_code == 403
    assert not AccessLog.objects.exists()


def test_reading_roles_see_no_change_links(client, child):
    OffenceFactory(child=child)
    auditor = UserFactory(roles=[(Role.AUDITOR, None)])
    response = sign_in(client, auditor).get(record_url(child))
    assert response.status_code == 200
    assert "/edit/" not in response.content.decode()
    assert "/new/" not in re.sub(r'href="/children/new/"', "", response.content.decode())


# --- a long record costs no more queries than a short one --------------------------------------


def _fill(child, practitioner, times):
    for _ in range(times):
        offence = OffenceFactory(child=child)
        outcome = OutcomeFactory(child=child, offences=[offence])
        intervention = InterventionFactory(child=child, outcome=outcome, case_manager=practitioner)
        ContactFactory(
            child=child,
            intervention=intervention,
            outcome=ContactOutcome.DID_NOT_ATTEND,
            recorded_by=practitioner,
        )
        VictimFactory(child=child, offences=[offence])
        OversightFactory(assessment=AssessmentFactory(child=child, author=practitioner))
        PlanFactory(child=child, author=practitioner)
        ReviewFactory(child=child, author=practitioner)
        CareEpisodeFactory(child=child)
        AccommodationEpisodeFactory(child=child)
        EteEpisodeFactory(child=child)
        HealthEpisodeFactory(child=child)
        # The network, appointments and who was at a contact.
        mum = FamilyMemberFactory(child=child)
        worker = ProfessionalFactory(child=child)
        AddressFactory(child=child, end=dt.date(2021, 1, 1))
        AppointmentFactory(child=child, created_by=practitioner)
        AppointmentFactory(child=child, created_by=practitioner, date=dt.date(2024, 1, 1))
        seen = ContactFactory(child=child, intervention=intervention, recorded_by=practitioner)
        seen.family_present.set([mum])
        seen.professionals_present.set([worker])


def test_the_record_page_makes_the_same_queries_however_long_the_record(
    client, practitioner, child, north
):
    longer = ChildFactory(team=north)
    _fill(child, practitioner, 2)
    _fill(longer, practitioner, 8)
    sign_in(client, practitioner)
    counts = []
    for c in (child, longer):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(record_url(c)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_summary_counts_work_awaiting_oversight_and_returned(client, practitioner, child):
    AssessmentFactory(child=child, status="submitted")
    PlanFactory(child=child, status="submitted")
    ReviewFactory(child=child, status="returned")
    page = text_of(sign_in(client, practitioner).get(record_url(child)))
    assert "Management oversight 2 awaiting oversight 1 returned for changes" in page
