"""The out-of-court joint decision panel (issue 11, item 9).

Before this, a police panel member's home page was an alphabetical list of every
referral, recording a decision answered 403, and yet they could open the whole record
(health, SEND, care, contacts, assessments, history). Now they see the panel's
referrals (upcoming, awaiting a decision, decided in the last
``CHILDFIRST_PANEL_RECENT_DAYS`` days), each one's panel pack, and the form for the
joint decision; nothing else of the child.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from childfirst.accounts.models import AccessLog, Role
from childfirst.casework.errors import CaseworkError, NotAllowed
from childfirst.casework.models import Intervention
from childfirst.casework.selectors.chronology import chronology
from childfirst.casework.selectors.panel import panel_lists
from childfirst.casework.services.panel import record_panel_decision
from tests.casework.conftest import date_input, error_summary, sign_in, text_of
from tests.casework.factories import (
    AssessmentFactory,
    ChildFactory,
    InterventionFactory,
    OffenceFactory,
    OutcomeFactory,
    TeamFactory,
    UserFactory,
    VictimFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


@pytest.fixture
def team():
    return TeamFactory(name="South")


@pytest.fixture
def police():
    return UserFactory(username="pc_cole", roles=[(Role.POLICE_PANEL, None)])


def referral(team, name, *, panel_date=None, decision="", outcome_code=None, **kwargs):
    """A child referred to the panel; out of court (or still to be decided) unless
    ``outcome_code`` says otherwise."""
    child = ChildFactory(team=team, first_name=name, last_name="Panelist")
    outcome = OutcomeFactory(child=child, code=outcome_code) if outcome_code else None
    fields = {}
    if decision:
        fields = {
            "panel_decision": decision,
            "panel_rationale": "Decided.",
            "panel_gravity_score": 2,
        }
    return InterventionFactory(
        child=child,
        outcome=outcome,
        referred_to_panel=True,
        panel_date=panel_date,
        **fields,
        **kwargs,
    )


def pack_url(r: Intervention) -> str:
    return reverse("casework:panel_pack", args=[r.child.reference, r.pk])


def decision_url(r: Intervention) -> str:
    return reverse("casework:panel_decision", args=[r.child.reference, r.pk])


# --- the lists --------------------------------------------------------------------------


def test_the_panel_lists_sort_referrals_as_the_panel_meets_them(team, police):
    today = dt.date(2026, 6, 15)
    later = referral(team, "Later", panel_date=dt.date(2026, 6, 30))
    soon = referral(team, "Soon", panel_date=dt.date(2026, 6, 15))  # today: still to come
    missed = referral(team, "Missed", panel_date=dt.date(2026, 6, 1))
    no_date = referral(team, "Undated")
    decided_edge = referral(
        team, "Edge", panel_date=dt.date(2026, 5, 16), decision="community_resolution"
    )  # 30 days ago: recent
    decided_new = referral(team, "New", panel_date=dt.date(2026, 6, 10), decision="nfa")
    referral(team, "Old", panel_date=dt.date(2026, 5, 15), decision="youth_caution")  # 31 days
    referral(team, "Court", panel_date=dt.date(2026, 6, 20), outcome_code="referral-order")
    hidden = referral(team, "Hidden", panel_date=dt.date(2026, 6, 20))
    hidden.child.restricted = True
    hidden.child.save()

    lists = panel_lists(police, today)
    assert lists.upcoming == [soon, later]
    assert lists.awaiting == [missed, no_date]
    assert lists.decided == [decided_new, decided_edge]


def test_the_recent_window_is_a_setting(team, police, settings):
    settings.CHILDFIRST_PANEL_RECENT_DAYS = 7
    today = dt.date(2026, 6, 15)
    week = referral(team, "Week", panel_date=dt.date(2026, 6, 8), decision="nfa")
    referral(team, "Fortnight", panel_date=dt.date(2026, 6, 1), decision="nfa")
    assert panel_lists(police, today).decided == [week]


def test_youth_justice_staff_see_the_referrals_of_children_they_can_open(team):
    mine = referral(team, "Mine", panel_date=TODAY + 7 * DAY)
    referral(TeamFactory(name="North"), "Theirs", panel_date=TODAY + 7 * DAY)
    practitioner = UserFactory(roles=[(Role.PRACTITIONER, team)])
    assert panel_lists(practitioner, TODAY).upcoming == [mine]


def test_the_police_home_page_is_the_panel(client, team, police):
    referral(team, "Soon", panel_date=TODAY + 3 * DAY, panel_recommendation="youth_caution")
    text = text_of(sign_in(client, police).get("/"))
    assert "Upcoming panels Child Panel date Recommendation Soon Panelist" in text, (
        "the upcoming referral, under its heading"
    )
    assert "Youth caution" in text


# --- what the police may open ------------------------------------------------------------


def test_the_police_open_the_pack_and_nothing_else_of_the_child(client, team, police):
    r = referral(team, "Riley", panel_date=TODAY - 2 * DAY)
    sign_in(client, police)
    assert client.get(pack_url(r)).status_code == 200
    assert AccessLog.objects.filter(user=police, child=r.child).count() == 1
    for page in ("child", "history", "child_work", "health_new", "send_new", "contact_new"):
        url = reverse(f"casework:{page}", args=[r.child.reference])
        assert client.get(url).status_code == 403, page
    assert client.get(reverse("casework:search")).status_code == 403
    # one view of the pack; each refused page of the record is logged as refused
    logged = AccessLog.objects.filter(user=police, child=r.child).order_by("pk")
    assert [row.kind for row in logged] == ["view"] + ["refused"] * 6


def test_the_police_lose_the_pack_once_the_decision_is_no_longer_recent(client, team, police):
    recent = referral(team, "Recent", panel_date=TODAY - 30 * DAY, decision="nfa")
    old = referral(team, "Old", panel_date=TODAY - 31 * DAY, decision="nfa")
    court = referral(team, "Court", panel_date=TODAY, outcome_code="referral-order")
    sign_in(client, police)
    assert client.get(pack_url(recent)).status_code == 200
    assert client.get(pack_url(old)).status_code == 403
    assert client.get(pack_url(court)).status_code == 403
    # ...but the child's case manager keeps it
    sign_in(client, old.case_manager)
    assert client.get(pack_url(old)).status_code == 200


def test_a_pack_is_found_only_under_its_own_child(client, team, police):
    one, other = referral(team, "One"), referral(team, "Other")
    url = reverse("casework:panel_pack", args=[other.child.reference, one.pk])
    assert sign_in(client, police).get(url).status_code == 403


# --- the pack ----------------------------------------------------------------------------


def test_the_pack_holds_what_the_panel_reads(client, team, police):
    child = ChildFactory(team=team, first_name="Riley", last_name="Stone")
    earlier = OffenceFactory(child=child, code="shoplifting", date=dt.date(2024, 5, 1))
    OutcomeFactory(
        child=child, code="community-resolution", date=dt.date(2024, 6, 1), offences=[earlier]
    )
    offence = OffenceFactory(
        child=child, code="robbery", date=TODAY - 40 * DAY, description="Took a phone"
    )
    r = InterventionFactory(
        child=child,
        start=TODAY - 30 * DAY,
        referred_to_panel=True,
        panel_date=TODAY + 5 * DAY,
        panel_recommendation="ycc",
        panel_recommendation_reason="Engaged well; conditions would address the harm.",
    )
    VictimFactory(
        child=child,
        offences=[offence],
        name="Jo Bloggs",
        views_before_decision=True,
        views="Would like an apology.",
    )
    VictimFactory(child=child, offences=[earlier], name="Corner shop")  # the earlier offence
    AssessmentFactory(
        child=child,
        intervention=r,
        kind="pdat",
        status="submitted",
        started=TODAY - 20 * DAY,
        likelihood_of_reoffending="low",
        pillars={"desistance": "Wants to get back into football."},
    )
    AssessmentFactory(
        child=child,
        intervention=r,
        kind="pdat",
        started=TODAY - 2 * DAY,
        pillars={"desistance": "A draft nobody has submitted."},
    )
    text = text_of(sign_in(client, police).get(pack_url(r)))

    assert "Robbery" in text and "Took a phone" in text and "6 of 8" in text
    # The earlier offence is not part of this referral, but its outcome is a previous one
    assert "Theft from a shop" not in text
    assert "Previous outcomes Community resolution, 1 June 2024" in text
    assert "Jo Bloggs Would like an apology." in text and "Corner shop" not in text
    assert "awaiting a manager's countersignature" in text
    assert "Likelihood of reoffending Low" in text
    assert "Wants to get back into football." in text
    assert "A draft nobody has submitted" not in text
    assert "Youth conditional caution Engaged well; conditions would address the harm." in text
    assert "Not decided yet. Record the joint decision" in text
    # A police panel member has no record to open
    assert "'s record" not in text


def test_a_first_referral_says_so(client, team, police):
    r = referral(team, "First")
    text = text_of(sign_in(client, police).get(pack_url(r)))
    assert "None: this would be First's first outcome." in text
    assert "No prevention and diversion assessment has been submitted" in text
    assert "The service has not made its recommendation yet." in text


# --- the joint decision ------------------------------------------------------------------


def decision_form(**changes):
    data = {
        **date_input("panel_date", TODAY - DAY),
        "panel_gravity_score": "3",
        "panel_decision": "youth_caution",
        "panel_rationale": "Admitted the offence; first time.",
        "panel_police_member": "PS 1234 Cole",
        "panel_yjs_member": "Amir Khan, YJS officer",
        "panel_members": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_police_record_the_joint_decision(client, team, police):
    r = referral(team, "Riley", panel_date=TODAY - DAY)
    sign_in(client, police)
    response = client.post(decision_url(r), decision_form())
    assert response.status_code == 302 and response.url == pack_url(r)
    r.refresh_from_db()
    assert (r.panel_decision, r.panel_gravity_score) == ("youth_caution", 3)
    assert (r.panel_police_member, r.panel_yjs_member) == ("PS 1234 Cole", "Amir Khan, YJS officer")
    assert r.history.first().history_user == police
    text = text_of(client.get(pack_url(r)))
    assert "Decision Youth caution NPCC gravity score 3: normally a youth caution" in text
    assert "departs from the gravity matrix" not in text
    entry = next(e for e in chronology(r.child) if e.what.startswith("Joint decision panel"))
    assert entry.what == "Joint decision panel: Youth caution"
    assert entry.detail == "NPCC gravity score 3. Admitted the offence; first time."
    assert entry.who == "PS 1234 Cole, Amir Khan, YJS officer"


def test_a_decision_that_departs_from_the_matrix_is_flagged(client, team, police):
    r = referral(team, "Riley", panel_date=TODAY - DAY)
    sign_in(client, police).post(
        decision_url(r), decision_form(panel_decision="community_resolution")
    )
    text = text_of(client.get(pack_url(r)))
    assert (
        "The decision departs from the gravity matrix: a score of 3 normally means a youth "
        "caution." in text
    )


def test_the_decision_needs_each_of_its_parts(client, team, police):
    r = referral(team, "Riley")
    sign_in(client, police)
    blank = {k: "" for k in decision_form()}
    response = client.post(decision_url(r), blank)
    assert response.status_code == 200
    assert [message for _, message in error_summary(response)] == [
        "Enter the date of the panel",
        "Select the NPCC gravity score",
        "Select the panel's decision",
        "Enter the rationale for the panel's decision",
        "Enter the name of the police decision maker",
        "Enter the name of the youth justice service member",
    ]
    tomorrow = client.post(decision_url(r), decision_form(**date_input("panel_date", TODAY + DAY)))
    assert "The date of the panel must be today or in the past" in error_summary(tomorrow)[0][1]
    too_high = client.post(decision_url(r), decision_form(panel_gravity_score="6"))
    assert error_summary(too_high) == [
        ("#id_panel_gravity_score_0", "Select the NPCC gravity score from the list")
    ]
    r.refresh_from_db()
    assert r.panel_decision == "" and r.history.count() == 1


def test_the_service_refuses_a_decision_from_someone_else(team, police):
    r = referral(team, "Riley")
    stranger = UserFactory(roles=[(Role.PRACTITIONER, TeamFactory(name="North"))])
    auditor = UserFactory(roles=[(Role.AUDITOR, None)])
    data = {
        "panel_date": TODAY,
        "panel_gravity_score": 1,
        "panel_decision": "nfa",
        "panel_rationale": "No evidence.",
        "panel_police_member": "PS Cole",
        "panel_yjs_member": "A Khan",
    }
    for person in (stranger, auditor):
        with pytest.raises(NotAllowed):
            record_panel_decision(actor=person, referral=r, data=data)
    with pytest.raises(CaseworkError) as refused:
        record_panel_decision(actor=police, referral=r, data={**data, "panel_yjs_member": " "})
    assert refused.value.message_dict == {
        "panel_yjs_member": ["Enter the name of the youth justice service member"]
    }
    # The case manager records it too
    record_panel_decision(actor=r.case_manager, referral=r, data=data)
    r.refresh_from_db()
    assert r.panel_decision == "nfa"


def test_a_decided_referral_stays_referred(client, team):
    r = referral(team, "Riley", panel_date=TODAY - DAY, decision="nfa")
    r.referred_to_panel = False
    with pytest.raises(Exception, match="stays referred to the panel"):
        r.full_clean()


def test_the_intervention_form_records_the_referral_and_the_pack_the_decision(client, team):
    r = referral(team, "Riley")
    sign_in(client, r.case_manager)
    url = reverse("casework:intervention_edit", args=[r.child.reference, r.pk])
    response = client.get(url)
    page = response.content.decode()
    assert 'name="panel_recommendation_reason"' in page
    assert 'name="panel_decision"' not in page
    assert "the panel's decision is recorded on the panel pack" in text_of(response)
