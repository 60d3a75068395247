"""``childfirst demo``: same seed, same data; the shapes of the seed; safe to run twice."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, timedelta
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F, Max, Q, QuerySet
from django.test import override_settings

from childfirst.accounts.models import Role, RoleAssignment, Team, User
from childfirst.casework.models import (
    AccommodationEpisode,
    Assessment,
    CareEpisode,
    Child,
    Contact,
    EnforcementAction,
    EteEpisode,
    HealthEpisode,
    Intervention,
    Offence,
    Outcome,
    Oversight,
    PillarAnalysis,
    Plan,
    PlanAction,
    Review,
    SendRecord,
    Victim,
)
from childfirst.demo.progress import ProgressBar
from childfirst.domain.pillars import Pillar

TODAY = date(2025, 6, 30)
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALL_MODELS = (
    User,
    RoleAssignment,
    Team,
    Child,
    Offence,
    Outcome,
    Intervention,
    Victim,
    Contact,
    EnforcementAction,
    Assessment,
    PillarAnalysis,
    Plan,
    PlanAction,
    Review,
    Oversight,
    CareEpisode,
    AccommodationEpisode,
    EteEpisode,
    SendRecord,
    HealthEpisode,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHER


def demo(*args: str, today: date | None = TODAY) -> str:
    out = io.StringIO()
    extra = ["--today", today.isoformat()] if today else []
    call_command("demo", *args, *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def rows(queryset: QuerySet, *fields: str) -> list[tuple[object, ...]]:
    return sorted(queryset.values_list(*fields), key=repr)


def fingerprint() -> dict[str, list[tuple[object, ...]]]:
    """What the demo made, without database keys (which differ from run to run)."""
    return {
        "staff": rows(
            RoleAssignment.objects,
            *("user__username", "user__first_name", "user__last_name", "role", "team__name"),
        ),
        "children": rows(
            Child.objects,
            *("reference", "first_name", "last_name", "preferred_name", "date_of_birth"),
            *("sex", "ethnicity__code", "team__name", "district", "send_status", "restricted"),
            "created_at",
        ),
        "offences": rows(Offence.objects, "child__reference", "date", "offence_type__code"),
        "outcomes": rows(
            Outcome.objects,
            *("child__reference", "date", "outcome_type__code", "length_months", "start", "end"),
        ),
        "interventions": rows(
            Intervention.objects,
            *("child__reference", "start", "end", "status", "level", "case_manager__username"),
            *("panel_date", "panel_decision"),
        ),
        "assessments": rows(
            Assessment.objects,
            *("child__reference", "started", "completed", "status", "risk_of_serious_harm"),
        ),
        "oversight": rows(Oversight.objects, "manager__username", "decision", "decided_at"),
        "contacts": rows(Contact.objects, "child__reference", "date", "kind", "outcome"),
        "victims": rows(Victim.objects, "child__reference", "name", "consent_to_contact"),
        "ete": rows(
            EteEpisode.objects,
            *("child__reference", "start", "provision_type__code", "hours_offered"),
        ),
    }


def generated(*args: str) -> dict[str, list[tuple[object, ...]]]:
    """Fingerprint a demo made in a transaction, then roll it back: a fresh start each time."""
    with transaction.atomic():
        demo(*args)
        made = fingerprint()
        transaction.set_rollback(True)
    assert not Child.objects.exists() and not User.objects.exists()
    return made


# --- same seed, same data -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_does_not():
    first = generated("--children", "60", "--seed", "7")
    assert len(first["children"]) == 60 and first["outcomes"] and first["contacts"]

    assert generated("--children", "60", "--seed", "7") == first

    other = generated("--children", "60", "--seed", "8")
    assert len(other["children"]) == 60
    for part in ("children", "outcomes", "interventions", "contacts"):
        assert other[part] != first[part], part


@pytest.mark.django_db
def test_the_data_ends_on_the_day_given_and_not_after_it():
    demo("--children", "40", "--seed", "2")
    latest = [
        Offence.objects.aggregate(d=Max("date"))["d"],
        Outcome.objects.aggregate(d=Max("date"))["d"],
        Intervention.objects.aggregate(d=Max("start"))["d"],
        Contact.objects.aggregate(d=Max("date"))["d"],
        Review.objects.aggregate(d=Max("date"))["d"],
        EteEpisode.objects.aggregate(d=Max("start"))["d"],
        AccommodationEpisode.objects.aggregate(d=Max("start"))["d"],
        Oversight.objects.aggregate(d=Max("decided_at"))["d"].date(),
    ]
    assert all(day <= TODAY for day in latest), latest
    assert Outcome.objects.aggregate(d=Max("date"))["d"] > TODAY - timedelta(days=120)
    assert Outcome.objects.order_by("date").first().date >= TODAY - timedelta(days=3 * 366 + 1)


# --- the shape of a service of 300 children ----------------------------------------------


@pytest.fixture(scope="class")
def service(django_db_setup, django_db_blocker):
    """One service of 300 children for the shape tests, rolled back afterwards."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        output = demo("--children", "300", "--url", "http://demo.test:8123")
        yield output
        transaction.set_rollback(True)


@pytest.mark.django_db
class TestAServiceOf300Children:
    """The shapes of the seed (Kent Youth Justice Plan 2023-24), on one demo service."""

    def test_outcomes_are_mostly_out_of_court_as_in_the_seed(self, service):
        outcomes = Outcome.objects.aggregate(
            all=Count("pk"), ooc=Count("pk", filter=Q(outcome_type__out_of_court=True))
        )
        assert 0.65 <= outcomes["ooc"] / outcomes["all"] <= 0.88
        kinds = Counter(
            Outcome.objects.filter(outcome_type__out_of_court=True).values_list(
                "outcome_type__code", flat=True
            )
        )
        assert kinds.most_common(1)[0][0] == "community-resolution"
        assert 0.7 <= kinds["community-resolution"] / kinds.total() <= 0.9
        court = Counter(
            Outcome.objects.filter(outcome_type__out_of_court=False)
            .exclude(outcome_type__tier="remand")
            .values_list("outcome_type__code", flat=True)
        )
        assert court.most_common(1)[0][0] == "referral-order"
        custody = court["dto"] + court["s250"] + court["s254"] + court["s259"]
        assert custody / court.total() <= 0.12

    def test_children_are_mostly_boys_aged_10_to_17_of_the_seeds_ethnicity(self, service):
        assert Child.objects.count() == 300
        boys = Child.objects.filter(sex="male").count() / 300
        assert 0.65 <= boys <= 0.88
        white = Child.objects.filter(ethnicity__group="white").count() / 300
        assert 0.75 <= white <= 0.93
        assert Child.objects.exclude(ethnicity__group="white").exclude(ethnicity=None).exists()
        for outcome in Outcome.objects.exclude(outcome_type__tier="remand").select_related("child"):
            assert 10 <= outcome.child.age_on(outcome.date) <= 17, outcome
        repeat = Child.objects.annotate(n=Count("outcomes")).filter(n__gte=2).count()
        assert 0.1 <= repeat / 300 <= 0.4

    def test_most_offences_are_of_gravity_2_or_3(self, service):
        gravity = Counter(Offence.objects.values_list("offence_type__gravity", flat=True))
        assert (gravity[2] + gravity[3]) / gravity.total() >= 0.7

    def test_every_role_has_someone_and_every_team_a_manager(self, service):
        for role in Role:
            assert RoleAssignment.objects.filter(role=role).exists(), role
        assert Team.objects.count() >= 3
        for team in Team.objects.all():
            assert team.role_assignments.filter(role=Role.TEAM_MANAGER).exists(), team
            assert team.role_assignments.filter(role=Role.PRACTITIONER).count() >= 2, team
        administrator = User.objects.get(role_assignments__role=Role.ADMINISTRATOR)
        assert administrator.is_staff and not administrator.is_superuser
        assert User.objects.filter(is_superuser=True).count() == 1  # only 'admin'

    def test_open_caseloads_are_in_the_childs_team_and_of_a_workable_size(self, service):
        open_ivs = Intervention.objects.filter(status="open").select_related("child")
        assert open_ivs.exists()
        practitioners = {
            (a.user_id, a.team_id) for a in RoleAssignment.objects.filter(role=Role.PRACTITIONER)
        }
        for iv in open_ivs:
            assert iv.team_id == iv.child.team_id
            assert (iv.case_manager_id, iv.child.team_id) in practitioners, iv
            assert iv.end is None
        caseloads = Counter(open_ivs.values_list("case_manager", flat=True))
        mean = sum(caseloads.values()) / len(practitioners)
        assert 6 <= mean <= 15, caseloads
        assert not Intervention.objects.exclude(status="open").filter(end=None).exists()

    def test_offences_come_before_outcomes_and_outcomes_before_interventions(self, service):
        through = Outcome.offences.through.objects
        assert through.exists()
        assert not through.filter(offence__date__gte=F("outcome__date")).exists()
        assert not Outcome.objects.filter(offences=None).exists()
        assert not Intervention.objects.filter(start__lt=F("outcome__date")).exists()
        assert not Intervention.objects.filter(end__lt=F("start")).exists()

    def test_interventions_last_as_long_as_their_kind_and_some_are_open(self, service):
        def lengths(code: str) -> list[int]:
            return [
                (iv.end - iv.start).days
                for iv in Intervention.objects.filter(
                    outcome__outcome_type__code=code, status="completed"
                )
            ]

        assert all(42 <= d <= 130 for d in lengths("community-resolution"))
        assert all(80 <= d <= 370 for d in lengths("referral-order"))
        assert all(170 <= d <= 740 for d in lengths("yro"))
        assert Intervention.objects.filter(status="open").count() >= 20
        no_recent_contact = (
            Intervention.objects.filter(status="open")
            .annotate(last=Max("contacts__date"))
            .filter(Q(last__lt=TODAY - timedelta(days=42)) | Q(last=None))
        )
        assert no_recent_contact.exists()

    def test_contacts_keep_to_the_intervention_levels_interval(self, service):
        interval = {"standard": 14, "enhanced": 7, "intensive": 3}
        checked = 0
        for iv in Intervention.objects.exclude(
            outcome__outcome_type__custodial=True
        ).prefetch_related("contacts"):
            days = sorted(c.date for c in iv.contacts.all())
            assert all(iv.start <= d <= (iv.end or TODAY) for d in days), iv
            gaps = [(b - a).days for a, b in pairwise(days)]
            assert all(0 < gap <= interval[iv.level] for gap in gaps), (iv, iv.level, gaps)
            checked += bool(gaps)
        assert checked > 100

    def test_work_awaits_oversight_some_is_returned_and_some_is_late(self, service):
        assert Assessment.objects.filter(status="submitted").exists()
        assert Assessment.objects.filter(status="returned").exists()
        assert Plan.objects.filter(status="submitted").exists()
        assert Review.objects.filter(status="submitted").exists()
        late = Assessment.objects.filter(
            status="draft", intervention__status="open", started__lt=TODAY - timedelta(days=21)
        )
        assert late.exists()
        returned = Oversight.objects.filter(decision="returned")
        assert returned.exists() and not returned.filter(comments="").exists()
        for assessment in Assessment.objects.filter(status="returned"):
            assert assessment.oversight.filter(decision="returned").exists()
        for assessment in Assessment.objects.filter(status="countersigned")[:50]:
            decided = assessment.oversight.get(decision="countersigned").decided_at
            assert assessment.submitted_at < decided
        # Backdated, not stamped with the moment of writing.
        assert Oversight.objects.filter(decided_at__date__lt=TODAY - timedelta(days=365)).exists()

    def test_every_assessment_has_its_three_pillars_and_plans_act_on_each(self, service):
        counts = Assessment.objects.annotate(n=Count("pillars")).values_list("n", flat=True)
        assert counts and set(counts) == {3}
        for assessment in Assessment.objects.prefetch_related("pillars")[:50]:
            assert {p.pillar for p in assessment.pillars.all()} == {p.value for p in Pillar}
        for plan in Plan.objects.prefetch_related("actions")[:50]:
            assert {a.pillar for a in plan.actions.all()} == {p.value for p in Pillar}

    def test_restricted_records_and_the_out_of_court_panel(self, service):
        for child in Child.objects.filter(restricted=True):
            assert child.restricted_to.count() >= 2
        panel = Intervention.objects.filter(referred_to_panel=True).prefetch_related(
            "outcome__offences"
        )
        assert panel.exists()
        for iv in panel:
            assert iv.outcome.outcome_type.out_of_court
            assert iv.panel_decision and iv.panel_recommendation and iv.panel_rationale
            assert len(iv.panel_members.splitlines()) >= 3
            assert max(o.date for o in iv.outcome.offences.all()) < iv.panel_date <= iv.outcome.date
        assert panel.exclude(panel_recommendation=F("panel_decision")).exists()

    def test_victims_contacts_enforcement_and_kpi_episodes_are_there(self, service):
        assert Victim.objects.filter(consent_to_contact=True, restorative_justice="direct").exists()
        assert not EnforcementAction.objects.exclude(contact__outcome="did_not_attend").exists()
        assert EnforcementAction.objects.filter(kind="warning").exists()
        assert not EteEpisode.objects.filter(hours_attended__gt=F("hours_offered")).exists()
        assert EteEpisode.objects.filter(provision_type__not_in_ete=True).exists()
        assert SendRecord.objects.filter(need_identified=True, formal_plan="ehcp").exists()
        assert HealthEpisode.objects.filter(need="mental_health", need_identified=True).exists()
        assert HealthEpisode.objects.filter(need="substance_misuse").exists()
        assert CareEpisode.objects.filter(status="looked_after").exists()
        with_accommodation = AccommodationEpisode.objects.values("child").distinct().count()
        assert with_accommodation == 300

    def test_a_finished_case_audit_is_there_to_read(self, service):
        from childfirst.audits import selectors
        from childfirst.audits.models import Audit

        audit = Audit.objects.get()
        assert audit.fieldwork_date == TODAY - timedelta(days=14) and audit.sample_fixed
        assert audit.auditors.count() == 2
        found = selectors.audit_result(audit)
        # Finished: every case answered, every disagreement settled, domain 1 rated.
        assert found.complete and found.result.overall.score is not None
        assert found.cases == audit.cases.filter(sampled=True).count() > 0
        moderation = selectors.moderation(audit)
        assert moderation.cases and moderation.unsettled == 0
        assert moderation.overall.kappa is not None and moderation.overall.kappa > 0

    def test_main_records_get_a_first_history_row_dated_when_entered(self, service):
        assert Child.history.count() == 300
        first = Intervention.history.order_by("history_date").first()
        assert first.history_date.date() < TODAY - timedelta(days=365)
        assert first.history_user is not None
        assert Oversight.history.count() == Oversight.objects.count()
        # The timestamps switched off for writing demo data are switched back on.
        assert Child._meta.get_field("created_at").auto_now_add
        assert Plan._meta.get_field("updated_at").auto_now
        assert Oversight._meta.get_field("decided_at").auto_now_add

    def test_the_output_lists_every_account_and_how_to_sign_in(self, service):
        assert "300 children" in service
        assert "http://demo.test:8123" in service
        assert "'admin'" in service and "'childfirst-demo'" in service
        for user in User.objects.exclude(username="admin"):
            assert user.username in service
        for role in Role:
            assert role.label in service
        assert "awaiting oversight" in service


# --- running it again, and bad input ---------------------------------------------------------


@pytest.mark.django_db
def test_a_database_with_children_gets_nothing_more():
    demo("--children", "5", today=None)
    before = {model.__name__: model.objects.count() for model in ALL_MODELS}
    assert before["Child"] == 5

    output = demo("--children", "300", "--seed", "9", today=None)
    after = {model.__name__: model.objects.count() for model in ALL_MODELS}
    assert after == before
    assert "already has 5 children" in output
    assert "Reset the demo administrator" in output
    practitioner = User.objects.filter(role_assignments__role=Role.PRACTITIONER).first()
    assert practitioner.username in output  # the accounts are listed again
    assert practitioner.check_password("childfirst-demo")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--children", "0"], "--children must be between 1 and 100,000, not 0"),
        (["--children", "-3"], "--children must be between 1 and 100,000, not -3"),
        (["--children", "100001"], "--children must be between 1 and 100,000, not 100,001"),
        (["--years", "0"], "--years must be between 1 and 10, not 0"),
        (["--years", "11"], "--years must be between 1 and 10, not 11"),
    ],
)
def test_bad_numbers_are_refused_with_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message):
        demo(*args)
    assert not Child.objects.exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_one_child_and_one_year_work():
    demo("--children", "1", "--years", "1")
    assert Child.objects.count() == 1
    assert Outcome.objects.filter(date__gte=TODAY - timedelta(days=366)).exists()


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_draws_on_a_terminal_only():
    terminal = FakeTerminal()
    bar = ProgressBar(200, "Children", terminal, width=10)
    for done in range(1, 201):
        bar(done)
    bar.close()
    drawn = terminal.getvalue()
    assert drawn.count("\r") == 101  # once for each percent (0 to 100), not each child
    assert "[##########] 100% 200/200" in drawn and drawn.endswith("\n")

    log = io.StringIO()
    quiet = ProgressBar(200, "Children", log)
    quiet(100)
    quiet.close()
    assert log.getvalue() == ""
