"""``childfirst demo``: same seed, same data; the shapes of the seed; safe to run twice."""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date, timedelta
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F, Max, Q, QuerySet
from django.test import override_settings
from django.utils.timezone import localtime

from childfirst.accounts.models import Role, RoleAssignment, Team, User
from childfirst.casework.models import (
    AccommodationEpisode,
    Address,
    Appointment,
    Assessment,
    CareEpisode,
    Child,
    Contact,
    EnforcementAction,
    EteEpisode,
    FamilyMember,
    HealthEpisode,
    Intervention,
    Offence,
    Outcome,
    Oversight,
    PillarAnalysis,
    Plan,
    PlanAction,
    Professional,
    Review,
    SendRecord,
    Victim,
    WorkStatus,
)
from childfirst.demo.dates import school_leaving_date
from childfirst.demo.progress import ProgressBar
from childfirst.domain.gravity import departs_from_matrix
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


def demo(*args: str, today: date | None = TODAY, demo_mode: bool = True) -> str:
    """Run ``childfirst demo`` (in demo mode, CHILDFIRST_DEMO=1, unless told otherwise)."""
    out = io.StringIO()
    extra = ["--today", today.isoformat()] if today else []
    with override_settings(CHILDFIRST_DEMO=demo_mode):
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

    def test_nothing_waits_for_oversight_for_months(self, service):
        for model in (Assessment, Plan, Review):
            waiting = model.objects.filter(status=WorkStatus.SUBMITTED)
            assert waiting.exists(), model
            oldest = waiting.order_by("submitted_at").first().submitted_at
            assert (TODAY - localtime(oldest).date()).days <= 42, model

    def test_a_child_has_at_most_one_draft_of_each_kind_its_latest(self, service):
        for model in (Assessment, Plan, Review):
            drafts = model.objects.filter(status=WorkStatus.DRAFT)
            assert drafts.exists(), model
            twice = drafts.values("child").annotate(n=Count("id")).filter(n__gt=1)
            assert not twice.exists(), model
            for draft in drafts[:100]:
                later = model.objects.filter(child=draft.child_id, created_at__gt=draft.created_at)
                assert not later.exists(), (model, draft.child_id)

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
        decided = [iv for iv in panel if iv.outcome_id]
        assert decided
        for iv in decided:
            assert iv.outcome.outcome_type.out_of_court
            assert iv.panel_decision and iv.panel_recommendation and iv.panel_rationale
            assert iv.panel_police_member and iv.panel_yjs_member and iv.panel_members
            assert not departs_from_matrix(iv.panel_gravity_score, iv.panel_decision)
            assert iv.panel_recommendation_reason
            assert max(o.date for o in iv.outcome.offences.all()) < iv.panel_date <= iv.outcome.date
        assert panel.exclude(panel_recommendation=F("panel_decision")).exists()
        # Referrals still to be decided, so the panel has work to come: open, no outcome
        # or decision yet, the recommendation made, the panel after the referral.
        pending = [iv for iv in panel if not iv.outcome_id]
        assert pending
        assert any(iv.panel_date >= TODAY for iv in pending)
        for iv in pending:
            assert iv.status == "open" and not iv.panel_decision and iv.panel_date > iv.start
            assert iv.panel_recommendation and iv.panel_recommendation_reason
            offences = iv.child.offences.filter(outcomes__isnull=True)
            assert offences.exists() and max(o.date for o in offences) < iv.start
        victims = Victim.objects.filter(views_before_decision=True)
        assert victims.exists() and not victims.filter(views="").exists()

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


# --- the facts and the writing agree -------------------------------------------------------

SECURE = {"sch", "stc", "yoi"}
CARE_PLACEMENTS = {"foster", "residential"}
SCHOOLS = {
    "school-full-time",
    "school-part-time",
    "pru-full-time",
    "pru-part-time",
    "ap-other-full-time",
    "ap-other-part-time",
}
SCHOOL_AGE_PROVISION = SCHOOLS | {"elective-home-education"}
ABOVE_SCHOOL_AGE_PROVISION = {
    "college",
    "apprenticeship",
    "traineeship",
    "employment-full-time",
    "employment-part-time",
    "supported-internship",
    "voluntary-work",
}
WORDS = {"no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def eighteenth_birthday(child: Child) -> date:
    born = child.date_of_birth
    try:
        return born.replace(year=born.year + 18)
    except ValueError:  # 29 February
        return born.replace(year=born.year + 18, day=28)


def on(periods: list[tuple[date, date | None, str]], day: date) -> str | None:
    """What was true on ``day`` of (start, end, value) periods, if anything."""
    for start, end, value in periods:
        if start <= day and (end is None or day <= end):
            return value
    return None


class Record:
    """One child's records, read once, for the checks below."""

    def __init__(self, child: Child) -> None:
        self.child = child
        self.homes = sorted(
            (a.start, a.end, a.accommodation_type.code) for a in child.accommodation.all()
        )
        self.ete = sorted((e.start, e.end, e.provision_type.code) for e in child.ete.all())
        self.care = sorted((c.start, c.end, c.status) for c in child.care_episodes.all())
        self.outcomes = sorted(
            (o.date, o.outcome_type.code)
            for o in child.outcomes.all()
            if o.outcome_type.tier != "remand"
        )
        self.offences = sorted((o.date, o.offence_type.code) for o in child.offences.all())
        # When the service first worked with the child: the first outcome, or the first
        # referral still awaiting the joint decision panel.
        self.first_seen = min(
            [day for day, _ in self.outcomes]
            + [i.start for i in child.interventions.all() if i.outcome_id is None]
        )
        health = list(child.health_episodes.all())
        self.needs = {h.need for h in health if h.need_identified or h.already_receiving_treatment}
        self.attending = {h.need for h in health if h.intervention_offered and h.attending}

    def home_on(self, day: date) -> str | None:
        return on(self.homes, day)

    def ete_on(self, day: date) -> str | None:
        return on(self.ete, day)

    def looked_after_on(self, day: date) -> bool:
        return any(
            s <= day and (e is None or day <= e)
            for s, e, status in self.care
            if status == "looked_after"
        )

    def earlier_outcomes(self, day: date) -> list[tuple[date, str]]:
        return [o for o in self.outcomes if o[0] < day]


@pytest.fixture(scope="class")
def records(service) -> dict[int, Record]:
    children = Child.objects.select_related("ethnicity").prefetch_related(
        "accommodation__accommodation_type",
        "ete__provision_type",
        "care_episodes",
        "outcomes__outcome_type",
        "offences__offence_type",
        "health_episodes",
        "interventions",
    )
    return {child.pk: Record(child) for child in children}


def writing(iv: Intervention) -> list[tuple[str, date, str]]:
    """Everything written on an intervention's work: (where, on what day, the text)."""
    found: list[tuple[str, date, str]] = []
    for a in iv.assessments.all():
        found.append(("victims' needs", a.started, a.victims_needs_and_wishes))
        for p in a.pillars.all():
            for name in (
                "analysis",
                "strengths",
                "protective_factors",
                "predisposing",
                "precipitating",
                "perpetuating",
                "protective",
                "sources",
                "child_views",
                "parent_views",
            ):
                found.append((f"{p.pillar} {name}", a.started, getattr(p, name)))
        found += [("assessment oversight", a.started, o.comments) for o in a.oversight.all()]
    for plan in iv.plans.all():
        day = plan.created_at.date()
        for name in ("child_version", "contingency_safety", "contingency_risk"):
            found.append((f"plan {name}", day, getattr(plan, name)))
        for action in plan.actions.all():
            found.append(("plan action", day, f"{action.objective}. {action.action}. {action.who}"))
        found += [("plan oversight", day, o.comments) for o in plan.oversight.all()]
    for review in iv.reviews.all():
        for name in ("desistance_changes", "safety_changes", "risk_changes", "plan_changes"):
            found.append((f"review {name}", review.date, getattr(review, name)))
        found += [("review oversight", review.date, o.comments) for o in review.oversight.all()]
    found += [("contact", c.date, c.notes) for c in iv.contacts.all()]
    return [(where, day, text) for where, day, text in found if text]


def interventions_with_their_work() -> QuerySet:
    return Intervention.objects.select_related("outcome__outcome_type").prefetch_related(
        "assessments__pillars",
        "assessments__oversight",
        "plans__actions",
        "plans__oversight",
        "reviews__oversight",
        "contacts",
        "outcome__offences__victims",
        "outcome__offences__offence_type",
    )


@pytest.mark.django_db
class TestTheGeneratedFactsAgree:
    """Free text says only what the records say too (issue 11, item 13): on one service."""

    def test_unaccompanied_asylum_seeking_children_are_looked_after_away_from_parents(
        self, service, records
    ):
        languages = {
            "Tigrinya": {"black-african"},
            "Arabic": {"black-african", "other-arab"},
            "Pashto": {"asian-other"},
            "Dari": {"asian-other"},
            "Kurdish": {"other-any"},
            "Vietnamese": {"asian-other"},
        }
        seeking = [r for r in records.values() if "asylum" in r.child.identity_notes]
        assert seeking
        for r in seeking:
            child = r.child
            assert child.ethnicity is not None and child.ethnicity.group != "white", child
            for language, codes in languages.items():
                if language in child.identity_notes:
                    assert child.ethnicity.code in codes, (child, child.ethnicity.code)
            assert any(status == "looked_after" for _, _, status in r.care), child
            homes = {code for _, _, code in r.homes}
            assert homes and not homes & {"parents", "family"}, (child, homes)
            adult = eighteenth_birthday(child)
            for day, code in r.outcomes:
                assert day >= adult or r.looked_after_on(day), (child, day, code)
            assert "interpreter" in child.communication_needs, child

    def test_identity_and_communication_notes_agree_with_the_childs_record(self, service, records):
        wrong = []
        for r in records.values():
            child, notes, needs = r.child, r.child.identity_notes, r.child.communication_needs
            code = child.ethnicity.code if child.ethnicity else ""
            first = r.first_seen
            checks = {
                "Traveller": code == "white-gypsy-irish-traveller",
                "Born in": code == "white-other",
                "racism": code not in ("white-british", "white-irish", ""),
                "non-binary": child.gender_identity == "Non-binary",
                "Autistic": child.send_status in ("sen_support", "ehcp"),
                "Young carer": r.home_on(first) == "parents"
                and not any(s == "looked_after" for _, _, s in r.care),
                "mosque with family": code not in ("white-british", "white-irish", "")
                and r.home_on(first) in ("parents", "family"),
                "at home": r.home_on(first) in ("parents", "family", "temporary"),
            }
            for phrase, ok in checks.items():
                if phrase in notes and not ok:
                    wrong.append((child, notes))
            checks = {
                "Autism": child.send_status in ("sen_support", "ehcp"),
                "Speech, language": child.send_status in ("sen_support", "ehcp"),
                "Hearing impairment": child.send_status in ("sen_support", "ehcp"),
                "meetings with parents": code not in ("white-british", "white-irish", "")
                and r.home_on(first) in ("parents", "family", "temporary"),
            }
            for phrase, ok in checks.items():
                if phrase in needs and not ok:
                    wrong.append((child, needs))
        assert not wrong, wrong[:10]

    def test_panel_rationales_state_the_childs_true_age_previous_outcomes_and_offence(
        self, service, records
    ):
        wrong = []
        panel = interventions_with_their_work().filter(
            referred_to_panel=True, outcome__isnull=False
        )
        assert panel.exists()
        for iv in panel:
            text, r = iv.panel_rationale, records[iv.child_id]
            age = r.child.age_on(iv.panel_date)
            earlier = r.earlier_outcomes(iv.outcome.date)
            offences = list(iv.outcome.offences.all())
            gravity = max(o.offence_type.gravity for o in offences)
            victims = [v for o in offences for v in o.victims.all()]
            for stated in re.findall(r"\b(?:is|aged) (\d{1,2})\b", text):
                if int(stated) != age:
                    wrong.append((iv, age, text))
            for stated in re.findall(
                r"\b(no|one|two|three|four|five|six) previous outcomes?", text
            ):
                if WORDS[stated] != len(earlier):
                    wrong.append((iv, len(earlier), text))
            if earlier and re.search(r"[Ff]irst (offence|outcome)", text):
                wrong.append((iv, earlier, text))
            if not earlier and re.search(r"[Rr]epeat|[Ss]econd (offence|outcome)", text):
                wrong.append((iv, earlier, text))
            if re.search(r"[Ss]econd (offence|outcome) within a year", text) and not (
                len(earlier) == 1 and (iv.outcome.date - earlier[0][0]).days <= 365
            ):
                wrong.append((iv, earlier, text))
            for stated in re.findall(r"[Gg]ravity score (\d)", text):
                if int(stated) != gravity:
                    wrong.append((iv, gravity, text))
            if "low gravity" in text and gravity > 3:
                wrong.append((iv, gravity, text))
            if "victim" in text and not victims:
                wrong.append((iv, "no victim", text))
            if "injured" in text and not any(
                o.offence_type.code in ("assault-abh", "wounding-gbh-s20", "wounding-gbh-s18")
                for o in offences
                if o.victims.exists()
            ):
                wrong.append((iv, "no injury", text))
            if "victim agreed" in text and not any(
                v.consent_to_contact and v.views_before_decision for v in victims
            ):
                wrong.append((iv, "victim not asked", text))
        assert not wrong, wrong[:10]

    def test_managers_comments_name_the_kind_of_work_they_were_made_on(self, service):
        kinds = re.compile(r"\b(assessment|plan|review)s?\b", re.IGNORECASE)
        wrong = []
        for oversight in Oversight.objects.exclude(comments=""):
            kind = next(
                k for k in ("assessment", "plan", "review") if getattr(oversight, f"{k}_id")
            )
            named = {w.lower() for w in kinds.findall(oversight.comments)}
            if named - {kind}:
                wrong.append((kind, oversight.decision, oversight.comments))
        assert Oversight.objects.filter(decision="returned", review__isnull=False).exists()
        assert not wrong, sorted(set(wrong))[:10]

    def test_where_the_child_lives_agrees_with_their_care_status_custody_and_age(
        self, service, records
    ):
        wrong = []
        for r in records.values():
            child, adult = r.child, eighteenth_birthday(r.child)
            ever_looked_after = any(s == "looked_after" for _, _, s in r.care)
            for start, _end, code in r.homes:
                if code in CARE_PLACEMENTS and not r.looked_after_on(start):
                    wrong.append((child, code, start, "not looked after"))
                if code == "supported" and not (
                    r.looked_after_on(start) or (ever_looked_after and start >= adult)
                ):
                    wrong.append((child, code, start, "not looked after"))
                if code in ("independent", "bed-and-breakfast") and child.age_on(start) < 16:
                    wrong.append((child, code, start, "under 16"))
            if (
                child.home_local_authority != "Weald and Downs County Council"
                and not ever_looked_after
            ):
                wrong.append((child, child.home_local_authority, "not looked after"))
            for start, end, status in r.care:
                if (end is None and adult <= TODAY) or (end is not None and end >= adult):
                    wrong.append((child, status, start, end, "past 18"))
            spells = sorted((s, e or TODAY) for s, e, status in r.care if status == "looked_after")
            for (_, end), (start, _) in pairwise(spells):
                if start <= end:
                    wrong.append((child, "looked after twice at once", start))
            for remand in child.outcomes.all():
                if (
                    remand.outcome_type.code == "remand-yda"
                    and r.home_on(remand.date) not in SECURE
                ):
                    wrong.append((child, "remanded but at", r.home_on(remand.date)))
            leaving = school_leaving_date(child.date_of_birth)
            for start, end, code in r.ete:
                if code in SCHOOL_AGE_PROVISION and start > leaving:
                    wrong.append((child, code, start, "past school age"))
                if code in ABOVE_SCHOOL_AGE_PROVISION and (end or TODAY) <= leaving:
                    wrong.append((child, code, start, "of school age"))
        assert not wrong, wrong[:10]

    def test_the_writing_on_each_intervention_agrees_with_its_facts(self, service, records):
        """Each phrase below states a fact; the records must say the same on that day."""
        wrong = []
        for iv in interventions_with_their_work():
            r = records[iv.child_id]
            if iv.outcome_id:
                offences = list(iv.outcome.offences.all())
                earlier = r.earlier_outcomes(iv.outcome.date)
            else:  # a referral the joint decision panel has yet to decide
                offences = list(iv.child.offences.filter(outcomes__isnull=True))
                earlier = r.earlier_outcomes(iv.start)
            codes = {o.offence_type.code for o in offences}
            victims = any(o.victims.exists() for o in offences)
            assessment = next(iter(iv.assessments.all()), None)
            rosh = assessment.get_risk_of_serious_harm_display().lower() if assessment else ""
            for where, day, text in writing(iv):
                home, ete = r.home_on(day), r.ete_on(day)
                school_age = day <= school_leaving_date(r.child.date_of_birth)
                facts = {
                    r"\bvictim": victims,
                    r"no previous outcomes": not earlier,
                    r"foster carer": home == "foster",
                    r"\b(mum|mother)\b": home in ("parents", "temporary"),
                    r"who \w+ lives with": home == "family",
                    r"residential unit": home == "residential",
                    r"supported accommodation": home == "supported",
                    r"in custody|on the unit|secure establishment": home in SECURE,
                    r"temporary accommodation|housing application": home == "temporary",
                    r"(started at|to and from|about|your|get to) college": ete == "college"
                    and home not in SECURE,
                    r"stay in school|school nurse|to and from school|about school|managed "
                    r"return|mental health lead|attendance data|teacher at school": school_age
                    and ete in SCHOOLS
                    and home not in SECURE,
                    r"[Nn]ot (in|being in) education": ete == "none",
                    r"knife": "possession-bladed-article" in codes,
                    r"selling drugs": bool(codes & {"supply-class-a", "supply-class-b"}),
                    r"[Cc]annabis": "substance_misuse" in r.needs,
                    r"CAMHS": "mental_health" in r.needs,
                    r"CAMHS have started": "mental_health" in r.attending,
                    r"speech and language": "Speech" in r.child.communication_needs,
                    r"asylum|Refugee Council": "asylum" in r.child.identity_notes,
                    r"mosque": "Muslim" in r.child.identity_notes,
                    r"finish my order early": iv.outcome is not None
                    and iv.outcome.outcome_type.code in ("referral-order", "yro", "yro-iss"),
                    r"No new offences": not any(
                        iv.start <= d <= day for d, _ in r.offences if d >= iv.start
                    ),
                    r"social worker": r.looked_after_on(day),
                    r"looked after by": r.looked_after_on(day),
                    r"left care": r.child.age_on(day) >= 18
                    and any(s == "looked_after" for _, _, s in r.care),
                    r"child protection plan": any(
                        s <= day and (e is None or day <= e)
                        for s, e, status in r.care
                        if status == "child_protection_plan"
                    ),
                    rf"with the child and {re.escape(r.child.first_name)};": False,
                }
                if rosh:
                    for level in re.findall(
                        r"risk (?:of serious harm )?(?:to others )?(?:is|remains) "
                        r"(low|medium|high|very high)",
                        text,
                        re.IGNORECASE,
                    ):
                        if level.lower() != rosh:
                            wrong.append((iv, where, rosh, text))
                    if "reduced from medium" in text and rosh != "medium":
                        wrong.append((iv, where, rosh, text))
                for pattern, true in facts.items():
                    if not true and re.search(pattern, text):
                        wrong.append((iv, where, pattern, day, text))
                if "{" in text or "}" in text:
                    wrong.append((iv, where, "not filled in", text))
            for a in iv.assessments.all():
                said = " ".join(
                    p.parent_views + p.sources + p.protective_factors for p in a.pillars.all()
                )
                if "not available" in said and re.search(
                    r"Mum is|Dad says|Parent engaged|and mother|According to", said
                ):
                    wrong.append((iv, "parents both there and not", said))
        assert not wrong, wrong[:10]

    def test_contact_notes_agree_with_the_kind_of_contact_and_custody(self, service):
        wrong = []
        for contact in Contact.objects.exclude(notes="").select_related("intervention"):
            notes, kind = contact.notes, contact.kind
            starts = {
                "Phone call": "phone",
                "Home visit": "home_visit",
                "Video call": "video",
                "Visit in custody": "in_custody",
            }
            said = next((k for prefix, k in starts.items() if notes.startswith(prefix)), None)
            if said and said != kind:
                wrong.append((kind, notes))
            if kind == "in_custody" and said != "in_custody":
                wrong.append((kind, notes))
            if kind in ("phone", "video") and re.search("garden|workbook|Met with", notes):
                wrong.append((kind, notes))
        for contact in Contact.objects.filter(kind="in_custody").select_related("intervention"):
            release = contact.intervention.release_date
            if release and contact.date >= release:
                wrong.append(("in custody after release", contact.date, release))
        for action in EnforcementAction.objects.select_related("contact__intervention"):
            contact = action.contact
            missed = contact.intervention.contacts.filter(
                outcome="did_not_attend", date__lte=contact.date
            ).count()
            said = {"Second": 2, "three": 3}
            for word, n in said.items():
                if word in action.notes and missed != n:
                    wrong.append((missed, action.notes))
        assert not wrong, wrong[:10]

    def test_offence_descriptions_and_victims_notes_agree_with_the_victims(self, service, records):
        wrong = []
        for offence in Offence.objects.exclude(description="").prefetch_related("victims"):
            text, victims = offence.description, list(offence.victims.all())
            if "police officer" in text and not all(v.name.startswith("PC ") for v in victims):
                wrong.append((text, [v.name for v in victims]))
            if "paramedic" in text and any(v.name.startswith("PC ") for v in victims):
                wrong.append((text, [v.name for v in victims]))
            people = r"another child|a peer|classmate|neighbour|car's|children at"
            if re.search(people, text) and not all(v.is_person for v in victims):
                wrong.append((text, [v.name for v in victims]))
            places = (
                r"from a (shop|chemist|clothes shop|sports shop)|school's|bus shelter|"
                r"station café|the youth club|leisure centre|community centre|flats|on a bus"
            )
            if re.search(places, text) and any(v.is_person for v in victims):
                wrong.append((text, [v.name for v in victims]))
            if re.search("after school|classmate", text) and offence.date > school_leaving_date(
                records[offence.child_id].child.date_of_birth
            ):
                wrong.append((text, "past school age"))
        for victim in Victim.objects.exclude(notes="").prefetch_related("offences__offence_type"):
            codes = {o.offence_type.code for o in victim.offences.all()}
            facts = {
                "restorative meeting": victim.restorative_justice == "direct",
                "letter of apology rather": victim.restorative_justice == "indirect",
                "asked to be told": victim.progress_information_requested,
                "damage": bool(codes & {"criminal-damage", "arson"}),
                "shop": not victim.is_person,
                "in the area": victim.is_person,
                "Victim Support": victim.support_information_given,
            }
            for phrase, true in facts.items():
                if phrase in victim.notes and not true:
                    wrong.append((victim.notes, victim.restorative_justice, victim.is_person))
        assert not wrong, wrong[:10]

    def test_the_audits_evidence_agrees_with_each_answer(self, service):
        from childfirst.audits.models import Answer

        wrong = []
        answers = Answer.objects.exclude(evidence="").select_related("case__outcome")
        assert answers.exists()
        for answer in answers:
            seen = not answer.evidence.startswith("Not evident")
            if answer.answer != ("yes" if seen else "no"):
                wrong.append((answer.answer, answer.evidence))
            if (
                "reviews" in answer.evidence
                and not Review.objects.filter(
                    child_id=answer.case.child_id,
                    date__gte=answer.case.outcome.date,
                    date__lte=answer.case.audit.fieldwork_date,
                ).exists()
            ):
                wrong.append((answer.answer, answer.evidence, "no review"))
        assert not wrong, wrong[:10]


@pytest.mark.django_db
class TestTheNetworkContactsAndAppointments:
    """The child's network, each contact's details and the appointments to come agree
    with the rest of the record, and pass the same checks as a person's entries
    (issue 11, items 15 and 16)."""

    def test_each_record_passes_the_models_own_checks(self, service):
        for model in (FamilyMember, Professional, Address, Appointment):
            objects = list(model.objects.select_related("child")[:400])
            assert objects, model
            for obj in objects:
                obj.full_clean()
        for contact in Contact.objects.select_related("child", "intervention")[:400]:
            contact.full_clean()
        for action in EnforcementAction.objects.filter(kind="no_action").select_related(
            "contact__child", "contact__intervention"
        )[:100]:
            action.full_clean()

    def test_people_and_appointments_were_entered_when_they_came_in(self, service):
        for person in FamilyMember.objects.select_related("child")[:200]:
            assert person.created_at == person.child.created_at
        for worker in Professional.objects.select_related("child")[:200]:
            assert worker.child.created_at <= worker.created_at
            assert localtime(worker.created_at).date() <= TODAY
        for appointment in Appointment.objects.select_related("intervention")[:200]:
            made = localtime(appointment.created_at).date()
            assert appointment.intervention.start <= made <= min(TODAY, appointment.date)

    def test_each_child_has_one_address_at_a_time_and_one_current(self, service):
        for child in Child.objects.prefetch_related("addresses"):
            addresses = sorted(child.addresses.all(), key=lambda a: a.start)
            assert addresses, child
            assert [a.end for a in addresses].count(None) == 1, child
            assert addresses[-1].end is None
            for before, after in pairwise(addresses):
                assert before.end is not None and before.end < after.start, child

    def test_the_family_agrees_with_where_the_child_lives(self, service, records):
        for r in records.values():
            child = r.child
            family = list(child.family.all())
            home = r.home_on(TODAY)
            if "asylum" in child.identity_notes:
                assert not [f for f in family if f.relationship in ("Mother", "Father")], child
                continue
            parents = [f for f in family if f.relationship in ("Mother", "Father")]
            assert parents and all(p.parental_responsibility for p in parents), child
            for parent in parents:
                assert parent.lives_with_child == (home in ("parents", "temporary")), child
            carers = [f for f in family if f.relationship == "Foster carer"]
            assert bool(carers) == (home == "foster"), (child, home)
            assert all(f.phone.startswith(("07700 900", "01632 960")) for f in family)

    def test_professionals_follow_care_school_court_and_health(self, service, records):
        for r in records.values():
            roles = {p.role for p in r.child.professionals.all()}
            cared = any(s not in ("early_help", "early_help_referral") for _, _, s in r.care)
            assert ("social_worker" in roles) == cared, r.child
            court = any(
                code in ("referral-order", "yro", "yro-iss", "dto", "s250")
                for _, code in r.outcomes
            )
            assert ("solicitor" in roles) == court, r.child

    def test_contacts_have_a_time_a_length_and_a_place(self, service):
        contacts = Contact.objects.all()
        assert not contacts.filter(time__isnull=True).exists()
        assert not contacts.exclude(kind="text_or_email").filter(duration_minutes=None).exists()
        assert not contacts.filter(kind="text_or_email").exclude(duration_minutes=None).exists()
        in_person = contacts.filter(kind__in=("face_to_face", "home_visit", "in_custody"))
        assert not in_person.filter(location="").exists()
        assert contacts.filter(kind="school_visit").exists()
        for contact in contacts.filter(kind="in_custody")[:50]:
            assert contact.duration_minutes >= 45

    def test_missed_contacts_wait_for_a_decision_only_when_recent_on_an_open_case(self, service):
        waiting = Contact.objects.filter(outcome="did_not_attend", enforcement__isnull=True)
        assert waiting.exists()
        for contact in waiting.select_related("intervention"):
            assert contact.intervention.status == "open"
            assert (TODAY - contact.date).days <= 14
        assert EnforcementAction.objects.filter(kind="no_action").exclude(notes="").exists()

    def test_open_cases_in_touch_have_their_next_appointment(self, service):
        planned = Appointment.objects.filter(status="planned")
        assert planned.filter(date__gt=TODAY).exists()
        assert planned.filter(date__lt=TODAY).exists()  # a few not recorded yet
        assert (
            Appointment.objects.filter(status="cancelled").exclude(cancellation_reason="").exists()
        )
        for appointment in planned.select_related("intervention"):
            assert appointment.date.weekday() < 5, appointment.date  # a working day
            assert appointment.intervention.status == "open"
            assert appointment.date >= appointment.intervention.start
            assert appointment.date <= TODAY + timedelta(days=30)
        with_appointment = planned.filter(date__gt=TODAY).values("intervention").distinct()
        open_cases = Intervention.objects.filter(status="open").count()
        assert with_appointment.count() > open_cases / 2


def test_every_piece_of_writing_is_filled_only_from_what_its_list_is_given():
    """A placeholder nothing fills would fail only on the day that text is chosen."""
    from string import Formatter

    from childfirst.demo import texts

    work = {"name", "worker", "order", "carer"}
    given = {
        "PILLAR_ANALYSIS": work | {"rosh"},
        "STRENGTHS": work | {"rosh"},
        "PROTECTIVE_FACTORS": work | {"rosh"},
        "FOUR_PS": work | {"rosh"},
        "SOURCES": work | {"rosh"},
        "CHILD_VIEWS": work | {"rosh"},
        "PARENT_VIEWS": work | {"rosh"},
        "VICTIM_NEEDS": {"name", "worker", "order"},
        "VICTIM_VIEWS": {"name", "worker", "order"},
        "PLAN_ACTIONS": work,
        "CHILD_VERSION": work,
        "CONTINGENCY_SAFETY": work,
        "CONTINGENCY_RISK": work,
        "REVIEW_CHANGES": work | {"rosh", "since"},
        "CONTACT_NOTES": work,
        "OVERSIGHT_RETURNED": work | {"rosh", "since"},
        "OVERSIGHT_COUNTERSIGNED": work | {"rosh", "since"},
        "PANEL_RATIONALE": {"name", "worker", "order", "age", "previous", "gravity"},
        "IDENTITY_NOTES": {"country", "language", "moved"},
        "COMMUNICATION_NEEDS": set(),
    }
    for name, allowed in given.items():
        lists = getattr(texts, name)
        for options in lists.values() if isinstance(lists, dict) else [lists]:
            assert isinstance(options, texts.Options), name
            for option in options:
                for value in option.value if isinstance(option.value, tuple) else [option.value]:
                    used = {f for _, f, _, _ in Formatter().parse(value) if f}
                    assert used <= allowed, (name, value)
                    assert option.filled == bool(used) or isinstance(option.value, tuple)


# --- running it again, and bad input ---------------------------------------------------------


@pytest.mark.django_db
def test_a_database_with_children_gets_nothing_more():
    demo("--children", "5", today=None)
    before = {model.__name__: model.objects.count() for model in ALL_MODELS}
    assert before["Child"] == 5

    output = demo("--children", "300", "--seed", "9", today=None)
    after = {model.__name__: model.objects.count() for model in ALL_MODELS}
    assert after == before
    assert "The demo is loaded already (5 children)" in output
    assert "Reset the demo administrator" in output
    practitioner = User.objects.filter(role_assignments__role=Role.PRACTITIONER).first()
    assert practitioner.username in output  # the accounts are listed again
    assert practitioner.check_password("childfirst-demo")


# --- only in demo mode, only on its own database ------------------------------------------


def everything() -> dict[str, list[tuple[object, ...]]]:
    """Every row of the models the demo writes, with the accounts' passwords and flags."""
    return {model.__name__: sorted(model.objects.values_list(), key=repr) for model in ALL_MODELS}


@pytest.mark.django_db
def test_without_demo_mode_it_refuses_and_writes_nothing(settings):
    settings.CHILDFIRST_DEMO = False
    with pytest.raises(CommandError, match=r"runs only in demo mode.*CHILDFIRST_DEMO=1"):
        demo("--children", "5", demo_mode=False)
    assert not Child.objects.exists() and not User.objects.exists()


def test_demo_mode_is_off_unless_the_environment_says_1(monkeypatch):
    import importlib

    import childfirst.settings as module

    for value, expected in (("", False), ("0", False), ("yes", False), ("1", True)):
        monkeypatch.setenv("CHILDFIRST_DEMO", value)
        assert importlib.reload(module).CHILDFIRST_DEMO is expected
    monkeypatch.delenv("CHILDFIRST_DEMO")
    assert importlib.reload(module).CHILDFIRST_DEMO is False


@pytest.mark.django_db
def test_a_database_with_someone_elses_child_is_refused_and_nothing_changes():
    demo("--children", "5", today=None)
    Child.objects.create(
        reference="CF-REAL-1",
        first_name="Sam",
        last_name="Real",
        date_of_birth=date(2010, 1, 1),
        team=Team.objects.first(),
    )
    before = everything()

    with pytest.raises(CommandError, match="holds 1 child record that the demo did not make"):
        demo("--children", "5", today=None)
    assert everything() == before


@pytest.mark.django_db
def test_an_admin_made_by_someone_else_keeps_its_password_and_is_not_made_superuser():
    admin = User.objects.create_user("admin", password="their-own-long-password")
    colleague = User.objects.create_user("colleague", password="another-long-password")
    before = everything()

    with pytest.raises(CommandError, match="holds 2 accounts that the demo did not make"):
        demo("--children", "5")
    assert everything() == before
    admin.refresh_from_db()
    assert admin.check_password("their-own-long-password")
    assert not admin.is_superuser and not admin.is_staff
    assert colleague.check_password("another-long-password")
    assert not Child.objects.exists() and not Team.objects.exists()


@pytest.mark.django_db
def test_an_account_added_to_a_demo_database_is_refused_and_not_changed():
    demo("--children", "5", today=None)
    stranger = User.objects.create_user("stranger", password="a-password-of-theirs")
    practitioner = User.objects.filter(role_assignments__role=Role.PRACTITIONER).first()
    practitioner.set_password("changed-by-someone")
    practitioner.save()
    before = everything()

    with pytest.raises(CommandError, match="holds 1 account that the demo did not make"):
        demo("--children", "5", today=None)
    assert everything() == before
    stranger.refresh_from_db()
    assert stranger.check_password("a-password-of-theirs")


@pytest.mark.django_db
def test_a_database_with_only_teams_is_refused():
    Team.objects.create(name="North")
    with pytest.raises(CommandError, match="holds 1 team that the demo did not make"):
        demo("--children", "5")
    assert not User.objects.exists() and not Child.objects.exists()


@pytest.mark.django_db
def test_a_child_added_by_someone_trying_the_demo_counts_as_the_demos():
    """Someone signed in with a demo account adds a child: make run still works after."""
    demo("--children", "5", today=None)
    practitioner = User.objects.filter(role_assignments__role=Role.PRACTITIONER).first()
    child = Child(
        reference="CF-TRIED-1",
        first_name="Ali",
        last_name="Tried",
        date_of_birth=date(2010, 1, 1),
        team=Team.objects.first(),
    )
    child._history_user = practitioner
    child.save()

    output = demo("--children", "5", today=None)
    assert "The demo is loaded already (6 children)" in output


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
