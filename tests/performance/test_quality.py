"""The KPI data-quality check: the rules on hand-worked facts, then the command and the page
on a small service in 2024-25 Q4 (January to March 2025)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from childfirst.accounts.models import AccessLog, Role, Team
from childfirst.domain.kpi import quality as q
from childfirst.domain.kpi.population import InterventionRow
from childfirst.domain.kpi.returns import (
    Episode,
    Facts,
    HealthRecord,
    OffenceFact,
    SendFact,
    VictimFact,
)
from childfirst.domain.periods import Quarter
from tests.casework.conftest import sign_in, text_of, title_of
from tests.casework.factories import (
    ChildFactory,
    EteEpisodeFactory,
    HealthEpisodeFactory,
    OffenceFactory,
    SendRecordFactory,
    UserFactory,
    VictimFactory,
)
from tests.performance.conftest import home, order
from tests.performance.pages import got

D = dt.date
START, END = D(2024, 10, 7), D(2025, 3, 14)


# ----------------------------------------------------------------------------- the rules


def row(child="a", group="referral_order", start=START, end=END, **kw):
    return InterventionRow(
        kw.pop("iv", f"iv-{child}"),
        child,
        D(2008, 5, 1),
        start,
        end,
        D(2024, 10, 1),
        5,
        group,
        **kw,
    )


def gaps(population, statuses=None, **facts):
    found = q.find_gaps(q.QualityFacts(Facts(population, **facts), statuses or {}))
    return [(g.child_id, g.kpi, g.check, g.detail) for g in found]


def only(found, check):
    return [(child, detail) for child, _, code, detail in found if code == check]


def test_no_accommodation_at_a_time_point_names_the_point_and_its_day():
    # Ann's home ends on 31 December 2024: the start (7 October) is covered, the end
    # (14 March 2025) is not. Ben, in custody, has nothing at all: start, end and release.
    ann = row("ann")
    ben = row("ben", "custody", D(2024, 6, 1), D(2025, 2, 28), release=D(2024, 12, 1))
    homes = [Episode("ann", D(2020, 1, 1), D(2024, 12, 31), "parents", True)]
    found = only(gaps([ann, ben], accommodation=homes), "accommodation-missing")
    assert found == [
        ("ann", "No accommodation recorded at the end of the order (14 March 2025)"),
        # a custodial sentence starts the day before its outcome date (1 October 2024)
        ("ben", "No accommodation recorded at the start of the order (30 September 2024)"),
        ("ben", "No accommodation recorded at the end of the order (28 February 2025)"),
        ("ben", "No accommodation recorded at release from custody (1 December 2024)"),
    ]


def test_release_is_a_time_point_only_for_custody():
    # A referral order with a release date recorded by mistake: the KPIs do not look at it.
    ann = row("ann", release=D(2024, 12, 1))
    homes = [Episode("ann", D(2024, 10, 1), D(2024, 11, 30), "parents", True)]
    assert only(gaps([ann], accommodation=homes), "accommodation-missing") == [
        ("ann", "No accommodation recorded at the end of the order (14 March 2025)"),
    ]


def test_accommodation_of_unknown_suitability_at_a_time_point():
    ann = row("ann")
    homes = [
        Episode("ann", D(2020, 1, 1), None, "parents", None),  # both points, not known
        Episode("ann", D(2021, 1, 1), D(2021, 12, 31), "family", None),  # covers no point
        Episode("ann", D(2025, 3, 1), None, "foster", False),  # known: unsuitable
    ]
    found = gaps([ann], accommodation=homes, accommodation_types=[("parents", "Parents")])
    assert only(found, "accommodation-suitability-unknown") == [
        (
            "ann",
            "Suitability not known for 'Parents' from 1 January 2020, "
            "at the start of the order and the end of the order",
        )
    ]
    assert only(found, "accommodation-missing") == []


def test_a_home_on_release_with_no_date_secured():
    # Ben went home from the secure estate on 1 December 2024 with no date secured; Cal's
    # home was secured ahead; Dee, on a referral order, has no release for it to matter.
    released = D(2024, 12, 1)
    ben = row("ben", "custody", D(2024, 6, 1), D(2025, 2, 28), release=released)
    cal = row("cal", "custody", D(2024, 6, 1), D(2025, 2, 28), release=released)
    dee = row("dee")
    homes = [
        Episode("ben", D(2024, 6, 1), released, "yoi", True),
        Episode("ben", released, None, "parents", True),
        Episode("cal", D(2024, 6, 1), released, "stc", True),
        Episode("cal", released, None, "foster", True, secured_on=D(2024, 11, 1)),
        Episode("dee", D(2020, 1, 1), None, "parents", True),
    ]
    found = gaps([ben, cal, dee], accommodation=homes, accommodation_types=[("parents", "Parents")])
    assert only(found, "accommodation-secured-missing") == [
        ("ben", "No date secured for 'Parents', the home on release (1 December 2024)"),
    ]


def test_ete_missing_hours_not_recorded_and_more_attended_than_offered():
    ann, ben, cal = row("ann"), row("ben"), row("cal")
    ete = [
        # Ann: school at the start with no hours; college at the end, 30 attended of 25.
        Episode("ann", D(2024, 9, 1), D(2024, 12, 20), "school", True, hours_offered=None),
        Episode("ann", D(2025, 1, 6), None, "college", True, hours_offered=25, hours_attended=30),
        # Ben: "none" needs no hours; a gap between 1 and 20 March leaves the end bare.
        Episode("ben", D(2024, 1, 1), D(2025, 3, 1), "none", False, not_in_ete=True),
        Episode("ben", D(2025, 3, 20), None, "work", True, hours_offered=None),
        # Cal: full, consistent arrangements.
        Episode("cal", D(2024, 9, 1), None, "school", True, hours_offered=25, hours_attended=25),
    ]
    found = gaps([ann, ben, cal], ete=ete, ete_types=[("school", "School: full time")])
    assert only(found, "ete-missing") == [
        (
            "ben",
            "No education, training or employment recorded at the end of the order (14 March 2025)",
        )
    ]
    assert only(found, "ete-hours-offered-missing") == [
        (
            "ann",
            "No hours offered a week recorded for 'School: full time' from 1 September 2024, "
            "at the start of the order",
        )
    ]
    assert only(found, "ete-hours-attended-over-offered") == [
        (
            "ann",
            "30 hours attended a week but 25 offered for 'college' from 6 January 2025, "
            "at the end of the order",
        )
    ]


def test_send_record_for_the_academic_year_the_order_ended_in():
    # Ann's order ended on 14 March 2025: academic year 2024 (2024 to 2025). A record for
    # 2023 does not do. Ben's ended on 31 August 2024: academic year 2023, which he has.
    ann, ben = row("ann"), row("ben", end=D(2024, 8, 31), start=D(2024, 1, 1))
    send = [SendFact("ann", 2023, True, False), SendFact("ben", 2023, False, False)]
    assert only(gaps([ann, ben], send=send), "send-record-missing") == [
        (
            "ann",
            "No SEND or ALN record for the academic year 2024 to 2025, "
            "when the order ended (14 March 2025)",
        )
    ]


def test_health_need_with_no_screening_and_an_offer_with_no_need():
    ann = row("ann")  # 7 October 2024 to 14 March 2025
    health = [
        # counted: a need identified, no screening date
        HealthRecord("ann", "mental_health", None, need_identified=True),
        # not counted: screened after the order ended
        HealthRecord("ann", "mental_health", D(2025, 4, 1), need_identified=True),
        # substance misuse: targeted work offered with no need and no treatment before
        HealthRecord(
            "ann",
            "substance_misuse",
            D(2024, 10, 7),
            need_identified=False,
            intervention="targeted",
            offered_on=D(2024, 10, 20),
        ),
        # already in treatment at the start: an offer is no contradiction
        HealthRecord(
            "ann",
            "mental_health",
            D(2024, 10, 7),
            need_identified=False,
            intervention="getting_help",
            attending_from=D(2024, 9, 1),
        ),
        # a need and an offer with no date: the KPI cannot count the offer
        HealthRecord("ann", "mental_health", D(2024, 10, 8), intervention="getting_advice"),
    ]
    found = gaps([ann], health=health)
    assert [(kpi, code) for _, kpi, code, _ in found if kpi in ("kpi4", "kpi5")] == [
        ("kpi4", "mental-health-need-not-screened"),
        ("kpi4", "mental-health-offer-not-dated"),
        ("kpi5", "substance-misuse-offer-without-need"),
    ]
    assert only(found, "mental-health-need-not-screened") == [
        ("ann", "A mental health need is identified but no screening date is recorded")
    ]
    assert only(found, "mental-health-offer-not-dated") == [
        ("ann", "Getting advice is recorded with no date offered or attending from")
    ]
    assert only(found, "substance-misuse-offer-without-need") == [
        (
            "ann",
            "Targeted intervention or treatment offered but no substance misuse need is "
            "identified and the child was not already in treatment",
        )
    ]


def test_a_court_offence_with_no_first_hearing():
    ann = row("ann")

    def offence(n, tier, first_hearing):
        return OffenceFact(
            n,
            "ann",
            D(2008, 5, 1),
            "female",
            "vatp",
            6,
            D(2024, 11, 1),
            tier,
            40,
            first_hearing=first_hearing,
        )

    offences = [
        offence(1, "first_tier", None),  # a referral order: needs the first hearing
        offence(2, "first_tier", D(2024, 10, 20)),
        offence(3, "pre_court", None),  # a caution: age at the offence
    ]
    assert only(gaps([ann], offences=offences), "court-offence-no-first-hearing") == [
        ("ann", "The offence dealt with at court on 1 November 2024 has no first hearing date")
    ]


def test_an_ended_out_of_court_programme_must_say_whether_it_was_completed():
    rows = [
        row("ann", "oocd", iv=1),
        row("ben", "youth_caution", iv=2),
        row("cal", "ycc", iv=3),
        row("dee", "ycc", iv=4),
        row("eve", "referral_order", iv=5),  # a court order: not KPI 6
    ]
    statuses = {1: "open", 2: "completed", 3: "ended_early", 4: "transferred", 5: "open"}
    assert only(gaps(rows, statuses), "out-of-court-status-unclear") == [
        ("ann", "The programme ended on 14 March 2025 but its status is still 'open'")
    ]
    assert only(gaps(rows[:1], {}), "out-of-court-status-unclear") == [
        ("ann", "The programme ended on 14 March 2025 but its status is not recorded")
    ]


def test_a_counted_outcome_with_no_offence():
    found = gaps([row("ann", offence_ids=(7,)), row("ben")])
    assert only(found, "outcome-without-offence") == [
        ("ben", "The outcome of 1 October 2024 has no offence linked")
    ]


def test_victims_of_the_order_with_no_answer_on_consent():
    ann = row("ann", offence_ids=(1,))
    ben = row("ben", offence_ids=(2,))

    def victim(pk, child, offences, consented):
        flags = (False,) * 7
        return VictimFact(pk, child, offences, consented, *flags)

    victims = [
        victim(1, "ann", (1,), None),  # of the order, not asked
        victim(2, "ann", (), None),  # no offence: belongs to the order, not asked
        victim(3, "ann", (9,), None),  # another offence: not this order's
        victim(4, "ann", (1,), False),  # asked: declined
        victim(5, "ben", (2,), None),
        victim(6, "ben", (2,), True),
    ]
    assert only(gaps([ann, ben], victims=victims), "victim-consent-unknown") == [
        ("ann", "A victim of the order has no answer recorded on consent to contact"),
        ("ben", "A victim of the order has no answer recorded on consent to contact"),
    ]
    # Victim 2 has no offence, so KPI 10 cannot reach them: a gap of its own.
    assert only(gaps([ann, ben], victims=victims), "victim-no-offence") == [
        ("ann", "A victim of the child is linked to no offence")
    ]


def test_gaps_come_by_kpi_then_check_and_a_clean_record_has_none():
    clean = row("cal", offence_ids=(1,))
    facts = {
        "accommodation": [Episode("cal", D(2020, 1, 1), None, "parents", True)],
        "ete": [Episode("cal", D(2020, 1, 1), None, "school", True, hours_offered=25)],
        "send": [SendFact("cal", 2024, False, False)],
    }
    assert gaps([clean], **facts) == []
    bare = gaps([row("ann")])
    assert [kpi for _, kpi, _, _ in bare] == ["kpi1", "kpi1", "kpi2", "kpi2", "kpi3", "kpi9"]


def test_counts_by_team_have_every_kpi():
    found = [q.Gap("a", "kpi1", "x", ""), q.Gap("b", "kpi1", "x", ""), q.Gap("b", "kpi3", "y", "")]
    counts = q.count_by(found, lambda g: {"a": "North", "b": "South"}[g.child_id])
    assert list(counts["North"]) == [f"kpi{n}" for n in range(1, 11)]
    assert counts["North"]["kpi1"] == 1 and counts["South"]["kpi1"] == 1
    assert counts["South"]["kpi3"] == 1 and sum(counts["South"].values()) == 2


def test_a_check_is_one_entry_and_codes_are_unique():
    before = list(q.CHECKS)
    try:

        @q.check("test-always", "kpi7", "Always", "Nothing to fix")
        def _always(row, records):
            yield f"Checked {row.child_id}"

        assert q.CHECKS[-1].code == "test-always"
        found = gaps([row("ann")])
        assert ("ann", "kpi7", "test-always", "Checked ann") in found
        with pytest.raises(ValueError, match="already registered"):
            q.check("test-always", "kpi7", "Again", "")(_always)
        with pytest.raises(ValueError, match="not a KPI"):
            q.check("test-other", "kpi11", "No such KPI", "")
    finally:
        q.CHECKS[:] = before
    codes = [c.code for c in q.CHECKS]
    assert len(codes) == len(set(codes)) and all(c.kpi in q.KPI_TITLES for c in q.CHECKS)
    assert all(c.title and c.fix for c in q.CHECKS)


# ----------------------------------------------------------------------------- the service

Q4 = Quarter(2024, 4)
TODAY = "2025-04-15"


@pytest.fixture
def quarter_service():
    """2024-25 Q4. Ann (North) and Bo (South) have gaps; Cy (North) has none.

    Ann: a referral order 7 October 2024 to 14 March 2025, completed; her home ends on 31
    December 2024 (none at the end); school with no hours offered (start and end); a
    mental health need identified, never screened; a victim never asked about contact.
    Bo: a youth caution 10 January to 20 February 2025 still "open", dealing with no
    offence; home of unknown suitability (start and end); no ETE (start, end); no SEND
    record for 2024 to 2025.
    Ten items: North 4 (KPIs 1, 2, 4, 10), South 6 (KPI 1, KPI 2 twice, KPIs 3, 6, 9)."""
    north, south = Team.objects.create(name="North"), Team.objects.create(name="South")
    ann = ChildFactory(first_name="Ann", last_name="Ash", team=north, reference="CF-Q00001")
    theft = OffenceFactory(child=ann, date=D(2024, 9, 1))
    order(
        ann,
        "referral-order",
        D(2024, 10, 1),
        D(2024, 10, 7),
        D(2025, 3, 14),
        [theft],
        status="completed",
    )
    home(ann, "parents", D(2020, 1, 1), D(2024, 12, 31))
    EteEpisodeFactory(child=ann, start=D(2024, 9, 1), hours_offered=None, hours_attended=None)
    SendRecordFactory(child=ann, academic_year=2024)
    HealthEpisodeFactory(child=ann, start=D(2024, 11, 1), need_identified=True)
    VictimFactory(child=ann, offences=[theft], consent_to_contact=None)

    bo = ChildFactory(first_name="Bo", last_name="Birch", team=south, reference="CF-Q00002")
    order(bo, "youth-caution", D(2025, 1, 10), D(2025, 1, 10), D(2025, 2, 20), status="open")
    home(bo, "parents", D(2020, 1, 1), suitability="unknown")

    cy = ChildFactory(first_name="Cy", last_name="Cedar", team=north, reference="CF-Q00003")
    robbery = OffenceFactory(child=cy, date=D(2024, 8, 1))
    order(
        cy,
        "referral-order",
        D(2024, 9, 1),
        D(2024, 9, 2),
        D(2025, 2, 1),
        [robbery],
        status="completed",
    )
    home(cy, "parents", D(2020, 1, 1))
    EteEpisodeFactory(child=cy, start=D(2024, 9, 1))
    SendRecordFactory(child=cy, academic_year=2024)
    return {"Ann": ann, "Bo": bo, "Cy": cy, "North": north, "South": south}


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("kpi-check", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_command_lists_the_gaps_by_kpi_with_counts_by_team(quarter_service):
    out, _ = run("--period", "2024Q4", "--today", TODAY)
    assert out.startswith("KPI data-quality check, 2024-25 Q4 (2024Q4)\n")
    assert "Children counted: 3; with a gap: 2; items: 10" in out
    assert (
        "KPI 1: Accommodation (2 items)\n"
        "  CF-Q00001  North  accommodation-missing: "
        "No accommodation recorded at the end of the order (14 March 2025)\n"
        "  CF-Q00002  South  accommodation-suitability-unknown: Suitability not known for "
        "'Living with parent(s)' from 1 January 2020, "
        "at the start of the order and the end of the order\n"
    ) in out
    assert "KPI 6: Out-of-court disposals (1 item)" in out
    assert "  North: 4 (KPI 1 1, KPI 2 1, KPI 4 1, KPI 10 1)" in out
    assert "  South: 6 (KPI 1 1, KPI 2 2, KPI 3 1, KPI 6 1, KPI 9 1)" in out
    assert "  KPI 7: Links to wider services: 0" in out
    for name in ("Ann", "Ash", "Bo ", "Birch", "Cy", "Cedar"):
        assert name not in out  # references, never names
    assert "CF-Q00003" not in out  # Cy's record is complete


@pytest.mark.django_db
def test_the_command_as_json_and_csv(quarter_service, tmp_path):
    out, _ = run("--period", "2024Q4", "--today", TODAY, "--format", "json")
    data = json.loads(out)
    assert data["period"] == "2024Q4" and data["items"] == 10
    assert data["children_counted"] == 3 and data["children_with_gaps"] == 2
    assert data["by_kpi"] == {
        "kpi1": 2,
        "kpi2": 3,
        "kpi3": 1,
        "kpi4": 1,
        "kpi5": 0,
        "kpi6": 1,
        "kpi7": 0,
        "kpi8": 0,
        "kpi9": 1,
        "kpi10": 1,
    }
    assert data["by_team"]["South"]["kpi2"] == 2 and sum(data["by_team"]["North"].values()) == 4
    assert data["kpis"]["kpi6"]["items"] == [
        {
            "child_reference": "CF-Q00002",
            "team": "South",
            "check": "out-of-court-status-unclear",
            "check_title": "An ended out-of-court programme not marked completed or not completed",
            "detail": "The programme ended on 20 February 2025 but its status is still 'open'",
        }
    ]
    target = tmp_path / "gaps.csv"
    run("--period", "2024Q4", "--today", TODAY, "--format", "csv", "--output", str(target))
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0] == [
        "kpi",
        "kpi_title",
        "child_reference",
        "team",
        "check",
        "check_title",
        "detail",
    ]
    assert len(rows) == 11
    assert rows[-1][:5] == ["kpi10", "Victims", "CF-Q00001", "North", "victim-consent-unknown"]


@pytest.mark.django_db
def test_the_command_for_a_quarter_with_no_one_counted():
    out, _ = run("--period", "2024Q4", "--today", TODAY)
    assert "Children counted: 0; with a gap: 0; items: 0" in out
    assert "No gaps found for 2024-25 Q4." in out


@pytest.mark.django_db
def test_the_check_reads_the_database_in_a_fixed_number_of_queries(
    quarter_service, django_assert_max_num_queries
):
    from childfirst.performance.quality import check_quarter

    QUERIES = 17  # the KPIs' own, the statuses, the children's references and teams
    with django_assert_max_num_queries(QUERIES):
        report = check_quarter(Q4, D(2025, 4, 15))
    assert len(report.gaps) == 10
    # More than twice the children, the same queries.
    for _ in range(5):
        child = ChildFactory(team=quarter_service["North"])
        order(child, "referral-order", D(2024, 10, 1), D(2024, 10, 7), D(2025, 3, 1))
    with django_assert_max_num_queries(QUERIES):
        report = check_quarter(Q4, D(2025, 4, 15))
    assert report.population == 8


# ----------------------------------------------------------------------------- the page

PAGE = "/performance/2024Q4/quality/"


@pytest.fixture
def on_15_april(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2025, 4, 15))


def person(role, team=None):
    return UserFactory(roles=[(role, team)])


@pytest.mark.django_db
def test_the_page_lists_each_gap_by_kpi_linked_to_the_child(quarter_service, client, on_15_april):
    sign_in(client, person(Role.SERVICE_MANAGER))
    response = client.get(PAGE)
    assert response.status_code == 200
    assert title_of(response).startswith("Data quality for the KPI return, 2024-25 Q4")
    text, page = text_of(response), response.content.decode()
    assert "10 items to fix, for 2 of the 3 children counted." in text
    assert "North 1 1 0 1 0 0 1 4" in text and "South 1 2 1 0 1 1 0 6" in text
    assert "All teams 2 3 1 1 1 1 1 10" in text
    assert "KPI 1: Accommodation" in text and "KPI 10: Victims" in text
    assert "KPI 7: Links to wider services" not in text  # no gaps there
    assert "CF-Q00001" in page and "CF-Q00002" in page
    assert "Ash, Ann" in text and "Birch, Bo" in text
    assert "No accommodation recorded at the end of the order (14 March 2025)" in text
    assert "Cedar" not in text
    # Each child named is logged as named in a list, once.
    assert sorted(AccessLog.objects.values_list("child_id", "kind")) == sorted(
        [(quarter_service["Ann"].pk, "list"), (quarter_service["Bo"].pk, "list")]
    )


@pytest.mark.django_db
def test_the_child_links_open_the_record(quarter_service, client, on_15_april):
    from django.urls import reverse

    sign_in(client, person(Role.SERVICE_MANAGER))
    page = client.get(PAGE).content.decode()
    assert f'href="{reverse("casework:child", args=["CF-Q00001"])}"' in page


@pytest.mark.django_db
def test_a_team_manager_sees_names_only_for_their_team(quarter_service, client, on_15_april):
    sign_in(client, person(Role.TEAM_MANAGER, quarter_service["North"]))
    response = client.get(PAGE)
    text = text_of(response)
    assert "10 items to fix" in text and "South 1 2 1 0 1 1 0 6" in text  # counted, by team
    assert "Ash, Ann" in text
    assert "Birch" not in text and "CF-Q00002" not in text
    assert "6 items are counted but not listed because you cannot open the child's record" in text
    assert list(AccessLog.objects.values_list("child_id", flat=True)) == [quarter_service["Ann"].pk]


@pytest.mark.django_db
def test_board_members_see_the_counts_never_the_children(
    quarter_service, client, on_15_april, settings
):
    settings.CHILDFIRST_SMALL_NUMBER_THRESHOLD = 0
    sign_in(client, person(Role.BOARD_MEMBER))
    response = client.get(PAGE)
    assert response.status_code == 200
    text = text_of(response)
    assert "10 items to fix" in text and "South 1 2 1 0 1 1 0 6" in text
    for shown in ("Ann", "Birch", "CF-Q00001", "CF-Q00002", "order (14 March 2025)"):
        assert shown not in text
    assert "your role shows the counts" in text
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.POLICE_PANEL, Role.ADMINISTRATOR])
@pytest.mark.django_db
def test_roles_that_may_not_see_the_dashboard_are_refused(quarter_service, client, role):
    team = quarter_service["North"] if role == Role.PRACTITIONER else None
    sign_in(client, person(role, team))
    assert client.get(PAGE).status_code == 403
    assert not AccessLog.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_those_who_may_not_see_the_dashboard(quarter_service):
    from childfirst.errors import NotPermitted
    from childfirst.performance.quality import open_items, quality_for

    practitioner = person(Role.PRACTITIONER, quarter_service["North"])
    with pytest.raises(NotPermitted):
        quality_for(practitioner, Q4, D(2025, 4, 15))
    with pytest.raises(NotPermitted):
        open_items(practitioner, Q4, D(2025, 4, 15))


@pytest.mark.django_db
def test_an_empty_quarter_says_no_gaps_were_found(client, on_15_april):
    sign_in(client, person(Role.SERVICE_MANAGER))
    text = text_of(client.get(PAGE))
    assert "No gaps found for 2024-25 Q4: each of the 0 children counted" in text


@pytest.mark.django_db
def test_the_quarter_chooser_goes_to_the_chosen_quarter(client, on_15_april):
    sign_in(client, person(Role.SERVICE_MANAGER))
    response = client.get(PAGE + "?period=2024Q3")
    assert response.status_code == 302 and response["Location"] == "/performance/2024Q3/quality/"
    bad = client.get(PAGE + "?period=nonsense")
    assert bad.status_code == 200 and title_of(bad).startswith("Error: ")
    assert "Choose a quarter from the list" in text_of(bad)


@pytest.mark.django_db
def test_a_year_or_a_bad_quarter_in_the_address_is_not_found(client, on_15_april):
    sign_in(client, person(Role.SERVICE_MANAGER))
    assert client.get("/performance/2024-25/quality/").status_code == 404
    assert client.get("/performance/2024Q9/quality/").status_code == 404


@pytest.mark.django_db
def test_a_long_list_is_paged_and_every_item_counted(
    quarter_service, client, on_15_april, monkeypatch
):
    from childfirst.performance import views

    monkeypatch.setattr(views, "QUALITY_PAGE_SIZE", 3)
    sign_in(client, person(Role.SERVICE_MANAGER))
    # By KPI, then check, then type of order (Bo's youth caution before Ann's referral
    # order): the tenth and last item, alone on page 4, is Ann's victim.
    last = text_of(client.get(PAGE + "?page=4"))
    assert "Showing items 10 to 10 of 10." in last and "10 items to fix" in last
    listed = last.split("Items to fix")[1].split("What the checks look for")[0]
    assert "KPI 10: Victims" in listed and "KPI 9" not in listed
    # Only the children on the page shown are logged.
    assert list(AccessLog.objects.values_list("child_id", flat=True)) == [quarter_service["Ann"].pk]
    first = text_of(client.get(PAGE))
    assert "Showing items 1 to 3 of 10." in first and "Birch, Bo" in first


@pytest.mark.django_db
def test_the_dashboard_says_how_many_items_are_open(quarter_service, client, on_15_april):
    sign_in(client, person(Role.SERVICE_MANAGER))
    response = got(client, "/performance/?period=2024Q4")
    page = response.content.decode()
    assert "10 data-quality items open for this quarter" in text_of(response)
    assert 'href="/performance/2024Q4/quality/"' in page
    empty = got(client, "/performance/?period=2024Q3")  # no order ended then
    assert "No data-quality items open for this quarter" in text_of(empty)
