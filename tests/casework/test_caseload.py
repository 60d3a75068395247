"""My caseload and the team page: what is due and overdue, and counts by level.

"Today" is Monday 17 March 2025 in the selector tests. By hand:
- an intervention from Monday 6 January 2025: assessment and plan due 20 working
  days later, Monday 3 February; both overdue;
- an attended contact on Saturday 1 March at standard level (14 days): due 15
  March, overdue;
- a plan made 1 December 2024, reviewed every 3 months: due 1 March 2025, overdue;
- a plan whose own review date is 21 March: due soon (within 7 days).
"""

import datetime as dt
import html
import re

import pytest
from django.utils import timezone

from childfirst.accounts.models import Role
from childfirst.casework.deadlines import Urgency
from childfirst.casework.models import Contact, Plan, Review, WorkStatus
from childfirst.casework.selectors import caseload as caseload_selectors
from childfirst.casework.selectors import work as work_selectors
from childfirst.casework.selectors.caseload import ItemKind
from childfirst.casework.services import work as services
from tests.casework.conftest import text_of
from tests.casework.test_work_builders import (  # noqa: F401 (the fixture is used by pytest)
    complete_assessment,
    complete_plan,
    complete_review,
    fast_password_hashing,
    make_child,
    make_intervention,
    make_service,
    make_user,
)

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2025, 3, 17)


def contact(child, day, outcome="attended", by=None):
    return Contact.objects.create(
        child=child,
        date=day,
        kind="face_to_face",
        outcome=outcome,
        recorded_by=by or child.interventions.first().case_manager,
    )


def made_on(work, day):
    """Set when a plan was made (``created_at`` is set automatically)."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    type(work).objects.filter(pk=work.pk).update(created_at=moment)


@pytest.fixture
def caseload(frozen_today):
    # The caseload as it stood on 17 March 2025: the services check dates against that day.
    service = make_service(start=D(2025, 1, 6))
    north, priya = service.north, service.practitioner
    # Adams: nothing done since 6 January.
    adams = service.child
    adams.last_name = "Adams"
    adams.save()
    contact(adams, D(2025, 3, 1))
    # Brown: started a week ago, a draft assessment, seen recently.
    brown = make_child(north, "Brown")
    make_intervention(brown, priya, D(2025, 3, 10), "enhanced")
    services.start_assessment(
        actor=priya, child=brown, data={"kind": "assetplus", "started": D(2025, 3, 10)}
    )
    contact(brown, D(2025, 3, 14))
    # Clark: intensive, assessed and planned in December; the review is overdue and a
    # review was returned by the manager.
    clark = make_child(north, "Clark")
    make_intervention(clark, priya, D(2024, 11, 1), "intensive")
    assessment = complete_assessment(clark, priya, started=D(2024, 11, 4))
    services.submit_for_oversight(actor=priya, work=assessment)
    services.decide_oversight(actor=service.manager, work=assessment, decision="countersigned")
    plan = complete_plan(clark, priya)
    services.submit_for_oversight(actor=priya, work=plan)
    # (A plan from before review dates were asked for: reviewed 3 months on.)
    Plan.objects.filter(pk=plan.pk).update(review_due=None)
    made_on(plan, D(2024, 12, 1))
    review = complete_review(clark, priya, date=D(2025, 2, 20))
    services.submit_for_oversight(actor=priya, work=review)
    services.decide_oversight(
        actor=service.manager,
        work=review,
        decision="returned",
        comments="Say what changed at home.",
    )
    contact(clark, D(2025, 3, 12))
    contact(clark, D(2025, 3, 16), outcome="did_not_attend")
    # Fox: planned in January with its own review date of 21 March.
    fox = make_child(north, "Fox")
    make_intervention(fox, priya, D(2025, 1, 6))
    fox_assessment = complete_assessment(fox, priya, started=D(2025, 1, 6))
    fox_plan = complete_plan(fox, priya)
    services.update_plan(actor=priya, plan=fox_plan, data={"review_due": D(2025, 3, 21)})
    services.submit_for_oversight(actor=priya, work=fox_plan)
    made_on(fox_plan, D(2025, 1, 20))
    services.submit_for_oversight(actor=priya, work=fox_assessment)
    contact(fox, D(2025, 3, 10))
    # Not Priya's: a closed intervention, and a child her colleague manages.
    closed = make_child(north, "Closed")
    make_intervention(closed, priya, D(2024, 1, 1), status="completed", end=D(2024, 6, 1))
    elsewhere = make_child(north, "Elsewhere")
    make_intervention(elsewhere, service.colleague, D(2025, 3, 14))
    # And in South, a child of another team.
    south_practitioner = make_user("sol_south", Role.PRACTITIONER, service.south)
    southern = make_child(service.south, "Southern")
    make_intervention(southern, south_practitioner, D(2025, 1, 6), "intensive")
    return service


def items(row):
    return {(i.kind, i.urgency, i.due) for i in row.items}


def test_the_caseload_is_the_practitioners_open_interventions_most_urgent_first(caseload):
    rows = caseload_selectors.caseload_for(caseload.practitioner, TODAY)
    assert [r.child.last_name for r in rows] == ["Adams", "Clark", "Fox", "Brown"]
    assert [r.has_overdue for r in rows] == [True, True, False, False]


def test_nothing_started_since_the_intervention_began_is_overdue(caseload):
    adams = caseload_selectors.caseload_for(caseload.practitioner, TODAY)[0]
    assert items(adams) == {
        (ItemKind.ASSESSMENT, Urgency.OVERDUE, D(2025, 2, 3)),
        (ItemKind.PLAN, Urgency.OVERDUE, D(2025, 2, 3)),
        (ItemKind.CONTACT, Urgency.OVERDUE, D(2025, 3, 15)),
    }
    contact_item = next(i for i in adams.items if i.kind == ItemKind.CONTACT)
    assert contact_item.label == "No contact since 1 March 2025 (standard: at least every 14 days)"


def test_a_day_earlier_the_contact_is_not_yet_overdue(caseload):
    adams = caseload_selectors.caseload_for(caseload.practitioner, D(2025, 3, 15))[0]
    assert ItemKind.CONTACT not in {i.kind for i in adams.items}


def test_a_returned_review_with_its_comments_and_a_missed_contact(caseload):
    clark = caseload_selectors.caseload_for(caseload.practitioner, TODAY)[1]
    assert clark.child.last_name == "Clark"
    returned = clark.returned[0]
    assert returned.comments == "Say what changed at home."
    assert returned.by == "Tom Reed"
    assert returned.url == f"/children/{clark.child.reference}/reviews/{Review.objects.get().pk}/"
    # The review on 20 February happened, though its write-up was returned: the next
    # is due 20 May, so no review is due yet. The plan awaits oversight.
    assert items(clark) == {
        (ItemKind.RETURNED, None, None),
        (ItemKind.AWAITING, None, None),
        # Seen on 12 March; intensive is every 3 days, so due 15 March. The contact
        # the child did not attend on 16 March does not count.
        (ItemKind.CONTACT, Urgency.OVERDUE, D(2025, 3, 15)),
        # ... and, with no enforcement decision yet, waits for one.
        (ItemKind.ENFORCEMENT, None, None),
    }


def test_an_overdue_review_three_months_after_the_plan(caseload):
    clark_child = caseload.north.children.get(last_name="Clark")
    clark_child.reviews.all().delete()
    clark = caseload_selectors.caseload_for(caseload.practitioner, TODAY)[1]
    assert (ItemKind.REVIEW, Urgency.OVERDUE, D(2025, 3, 1)) in items(clark)


def test_a_review_due_soon_by_the_plans_own_date(caseload):
    fox = caseload_selectors.caseload_for(caseload.practitioner, TODAY)[2]
    assert (ItemKind.REVIEW, Urgency.DUE_SOON, D(2025, 3, 21)) in items(fox)
    assert not fox.has_overdue


def test_a_draft_not_yet_due_is_listed_as_a_draft_only(caseload):
    brown = caseload_selectors.caseload_for(caseload.practitioner, TODAY)[3]
    assert [(i.kind, i.label) for i in brown.items] == [(ItemKind.DRAFT, "Draft assessment")]
    # Started 10 March: 20 working days later is 7 April; overdue from 8 April.
    later = caseload_selectors.caseload_for(caseload.practitioner, D(2025, 4, 8))
    brown = next(r for r in later if r.child.last_name == "Brown")
    assert (ItemKind.ASSESSMENT, Urgency.OVERDUE, D(2025, 4, 7)) in items(brown)


def test_the_intervals_come_from_the_settings(caseload, settings):
    settings.CHILDFIRST_CONTACT_INTERVAL_DAYS = {"standard": 30}
    settings.CHILDFIRST_ASSESSMENT_WORKING_DAYS = 60
    settings.CHILDFIRST_PLAN_WORKING_DAYS = 60
    rows = caseload_selectors.caseload_for(caseload.practitioner, TODAY)
    adams = next(r for r in rows if r.child.last_name == "Adams")
    # 60 working days from 6 January is 31 March, 14 days away: not yet due. The
    # contact on 1 March is due by 31 March.
    assert items(adams) == set()
    assert not adams.has_overdue


def test_the_summary_for_the_home_page(caseload):
    summary = caseload_selectors.caseload_summary(caseload.practitioner, TODAY)
    assert (summary.children, summary.overdue, summary.returned, summary.drafts) == (4, 2, 1, 1)


def test_team_counts_by_level_for_each_case_manager(caseload):
    (north,) = caseload_selectors.team_caseloads(caseload.manager, TODAY)
    assert north.team == caseload.north
    loads = {str(p.case_manager): (p.counts, p.children_overdue) for p in north.practitioners}
    # standard, enhanced, intensive; children with something overdue
    assert loads == {"Priya Shah": ([2, 1, 1], 2), "Ann Lee": ([1, 0, 0], 0)}
    assert north.totals == [3, 1, 1]
    assert north.total == 5
    # The South manager sees South only.
    (south,) = caseload_selectors.team_caseloads(caseload.south_manager, TODAY)
    assert [(str(p.case_manager), p.counts) for p in south.practitioners] == [
        ("Sol South", [0, 0, 1])
    ]


def test_the_oversight_queue_is_the_teams_submitted_work_oldest_first(caseload, monkeypatch):
    queue = work_selectors.oversight_queue_page(caseload.manager, 1)
    # Clark's plan, then Fox's plan and assessment, in the order they were submitted.
    assert [(i.kind, i.child.last_name) for i in queue.object_list] == [
        ("plan", "Clark"),
        ("plan", "Fox"),
        ("assessment", "Fox"),
    ]
    assert work_selectors.oversight_queue_count(caseload.manager) == 3
    # Oldest first by submission, whatever the kind.
    fox_assessment = caseload.north.children.get(last_name="Fox").assessments.get()
    type(fox_assessment).objects.filter(pk=fox_assessment.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=30)
    )
    queue = work_selectors.oversight_queue_page(caseload.manager, 1)
    assert queue.object_list[0].kind == "assessment"
    # Paginated.
    monkeypatch.setattr(work_selectors, "QUEUE_PAGE_SIZE", 2)
    assert len(work_selectors.oversight_queue_page(caseload.manager, 1).object_list) == 2
    second = work_selectors.oversight_queue_page(caseload.manager, 2)
    assert len(second.object_list) == 1 and second.paginator.count == 3
    # Another team's manager sees none of it.
    assert work_selectors.oversight_queue_count(caseload.south_manager) == 0
    assert list(work_selectors.oversight_queue_page(caseload.south_manager, 1).object_list) == []


# --- the pages --------------------------------------------------------------------------


def test_caseload_page_shows_only_the_users_children(client, caseload, frozen_today):
    client.force_login(caseload.practitioner)
    response = client.get("/caseload/")
    assert response.status_code == 200
    text = response.content.decode()
    for name in ("Adams", "Brown", "Clark", "Fox"):
        assert name in text
    for name in ("Closed", "Elsewhere", "Southern"):
        assert name not in text
    assert "Say what changed at home." in text
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in text
    assert '<strong class="govuk-tag govuk-tag--red">Returned</strong>' in text
    assert "4 open interventions" in text
    # Most urgent first, as on 17 March 2025.
    positions = [text.index(name) for name in ("Adams", "Clark", "Fox", "Brown")]
    assert positions == sorted(positions)
    assert "due 3 February 2025" in text
    assert "How due dates are worked out" in text
    assert "within 20 working days" in text


def test_caseload_page_is_paginated_25_a_page(client):
    service = make_service()
    for number in range(29):
        child = make_child(service.north, f"Zed{number:02d}")
        make_intervention(child, service.practitioner, dt.date.today())
    client.force_login(service.practitioner)
    first = client.get("/caseload/").content.decode()
    assert first.count('<tr class="govuk-table__row">') == 26  # the header and 25 children
    assert 'aria-label="Page 2"' in first
    second = client.get("/caseload/?page=2").content.decode()
    assert second.count('<tr class="govuk-table__row">') == 6


def test_empty_caseload(client):
    service = make_service()
    client.force_login(service.colleague)
    text = client.get("/caseload/").content.decode()
    assert "You are not the case manager for any child with an open intervention." in text


def test_caseload_and_team_pages_are_for_their_roles(client, caseload):
    client.force_login(caseload.manager)
    assert client.get("/caseload/").status_code == 403
    client.force_login(caseload.practitioner)
    assert client.get("/team/").status_code == 403
    client.logout()
    assert client.get("/caseload/")["Location"].startswith("/sign-in/")


@pytest.fixture
def frozen_today(monkeypatch):
    """The pages' "today" is 17 March 2025 (dates passed in are still converted)."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def test_team_page_shows_the_queue_and_counts(client, caseload, frozen_today):
    client.force_login(caseload.manager)
    response = client.get("/team/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Awaiting oversight" in text
    assert text.index("Clark") < text.index("Fox")
    assert "Caseloads: North" in text
    row = text[text.index("Priya Shah</th>") :]
    row = row[: row.index("</tr>")]
    # Each count is a link to its list now (its label hidden for screen readers).
    shown = re.sub(r'<span class="govuk-visually-hidden">.*?</span>', "", row)
    cells = [
        re.sub(r"<[^>]+>", "", c.split("<td")[-1].split(">", 1)[-1])
        for c in shown.split("</td>")[:-1]
    ]
    assert cells == ["2", "1", "1", "4", "2"]
    assert "Sol South" not in text
    assert "Southern" not in text


def test_team_page_empty_states(client):
    service = make_service()
    client.force_login(service.south_manager)
    text = client.get("/team/").content.decode()
    assert "Nothing is awaiting oversight." in text
    assert "No open interventions in South." in text


def test_menu_shows_my_caseload_and_team(client, caseload):
    client.force_login(caseload.practitioner)
    text = client.get("/caseload/").content.decode()
    assert 'href="/caseload/" aria-current="page">My caseload</a>' in text
    client.force_login(caseload.manager)
    assert ">Team</a>" in client.get("/team/").content.decode()


def test_statuses_are_counted_only_when_submitted(caseload):
    """A draft plan does not count as a plan in place."""
    brown = caseload.north.children.get(last_name="Brown")
    services.start_plan(actor=caseload.practitioner, child=brown, data={})
    later = caseload_selectors.caseload_for(caseload.practitioner, D(2025, 4, 8))
    row = next(r for r in later if r.child.last_name == "Brown")
    assert (ItemKind.PLAN, Urgency.OVERDUE, D(2025, 4, 7)) in items(row)
    assert WorkStatus.DRAFT in {p.status for p in brown.plans.all()}


# --- issue 11, item 8: every count opens its list; days waiting; service managers ------


def _count_links(text: str) -> dict[str, str]:
    """Each count link on the team page: its hidden label -> its address."""
    return {
        html.unescape(label): html.unescape(href)
        for href, label in re.findall(
            r'<a class="govuk-link" href="([^"]+)">\d+<span class="govuk-visually-hidden">: '
            r"([^<]+)</span></a>",
            text,
        )
    }


def test_every_count_on_the_team_page_opens_the_children_behind_it(client, caseload, frozen_today):
    client.force_login(caseload.manager)
    links = _count_links(client.get("/team/").content.decode())
    overdue = text_of(client.get(links["Priya Shah, children with overdue work"]))
    assert "2 open interventions" in overdue
    assert "Adams" in overdue and "Clark" in overdue and "Brown" not in overdue
    enhanced = text_of(client.get(links["Priya Shah, enhanced level"]))
    assert "1 open intervention" in enhanced and "Brown" in enhanced
    everyone = text_of(client.get(links["North, all open interventions"]))
    assert "5 open interventions" in everyone
    # Names in the list open the child's record.
    page = client.get(links["Priya Shah, all open interventions"]).content.decode()
    child = caseload.practitioner.caseload.first().child
    assert f'href="/children/{child.reference}/"' in page


def test_the_queue_links_names_and_work_and_shows_days_waiting(client, caseload, frozen_today):
    client.force_login(caseload.manager)
    text = client.get("/team/").content.decode()
    assert "Days waiting" in text
    queue = work_selectors.oversight_queue_page(caseload.manager, 1)
    oldest = queue.object_list[0]
    assert oldest.days_waiting == (TODAY - timezone.localdate(oldest.work.submitted_at)).days
    assert f'href="/children/{oldest.child.reference}/"' in text
    assert f'href="{oldest.url}"' in text


def test_a_service_manager_sees_every_team_with_a_filter(client, caseload, frozen_today):
    client.force_login(caseload.service_manager)
    text = client.get("/team/").content.decode()
    assert "Caseloads: North" in text and "Caseloads: South" in text
    assert "All teams" in text
    north = caseload.north.pk
    only_north = client.get("/team/", {"team": north}).content.decode()
    assert "Caseloads: North" in only_north and "Caseloads: South" not in only_north
    assert client.get("/team/", {"team": 99999}).status_code == 404
    assert client.get("/team/children/", {"team": north, "overdue": 1}).status_code == 200


def test_a_team_manager_cannot_ask_for_another_teams_list(client, caseload):
    client.force_login(caseload.manager)
    assert client.get("/team/children/", {"team": caseload.south.pk}).status_code == 404
    assert client.get("/team/children/", {"level": "nonsense"}).status_code == 404
