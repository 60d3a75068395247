"""An audit's eligible population, read from the casework records, and its sample.

HMIP Annexe 1: court and out-of-court disposals given five to 12 months before fieldwork;
the court sample is sized for 80% confidence and a margin of error of five, the
out-of-court sample is two thirds of it; the sample mirrors the population's make-up.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from childfirst.accounts.models import Role
from childfirst.audits import selectors, services
from childfirst.audits.models import Audit, AuditCase
from childfirst.audits.services import Allocation, AuditError
from childfirst.casework.models import Assessment, Intervention, OutcomeType, Sex
from childfirst.domain.inspection.framework import CaseType
from childfirst.domain.inspection.relevance import CaseFacts
from childfirst.domain.inspection.sampling import plan_samples
from childfirst.domain.periods import add_months
from tests.audits.conftest import (
    COURT_CODE,
    FIELDWORK,
    FRAMEWORK_ID,
    OUT_OF_COURT_CODE,
    auditor,
    disposal,
)
from tests.casework.factories import (
    ChildFactory,
    ContactFactory,
    EnforcementActionFactory,
    ReviewFactory,
    TeamFactory,
    UserFactory,
    practitioner_of,
)

pytestmark = pytest.mark.django_db

D = dt.date
DAY = dt.timedelta(days=1)


@pytest.fixture
def team():
    return TeamFactory(name="North")


@pytest.fixture
def worker(team):
    return practitioner_of(team)


def kid(team, **kwargs):
    return ChildFactory(team=team, **kwargs)


def population(fieldwork=FIELDWORK, latest=5, earliest=12):
    return {
        row.outcome_id: row for row in selectors.eligible_population(fieldwork, latest, earliest)
    }


def assess(child, started, rosh, sw, intervention=None, author=None):
    return Assessment.objects.create(
        child=child,
        intervention=intervention,
        author=author or UserFactory(),
        kind="assetplus",
        started=started,
        risk_of_serious_harm=rosh,
        safety_and_wellbeing=sw,
    )


# --- the window ------------------------------------------------------------------------------


def test_outcomes_on_the_window_edges_are_in_and_a_day_outside_is_out(team, worker):
    first, last = add_months(FIELDWORK, -12), add_months(FIELDWORK, -5)
    assert (first, last) == (D(2024, 6, 16), D(2025, 1, 16))
    assert selectors.window(FIELDWORK, 5, 12) == (first, last)
    on_first = disposal(kid(team), COURT_CODE, first, case_manager=worker)
    on_last = disposal(kid(team), OUT_OF_COURT_CODE, last, case_manager=worker)
    inside = disposal(kid(team), COURT_CODE, D(2024, 10, 1), case_manager=worker)
    disposal(kid(team), COURT_CODE, first - DAY, case_manager=worker)
    disposal(kid(team), OUT_OF_COURT_CODE, last + DAY, case_manager=worker)
    disposal(kid(team), COURT_CODE, FIELDWORK, case_manager=worker)

    assert set(population()) == {on_first.pk, on_last.pk, inside.pk}


def test_the_window_ends_on_the_last_day_of_a_shorter_month(team, worker):
    # Fieldwork on 31 July: five months back is 28 February (no 31st), 12 is 31 July.
    fieldwork = D(2025, 7, 31)
    on_last = disposal(kid(team), COURT_CODE, D(2025, 2, 28), case_manager=worker)
    on_first = disposal(kid(team), COURT_CODE, D(2024, 7, 31), case_manager=worker)
    disposal(kid(team), COURT_CODE, D(2025, 3, 1), case_manager=worker)
    disposal(kid(team), COURT_CODE, D(2024, 7, 30), case_manager=worker)

    assert set(population(fieldwork)) == {on_first.pk, on_last.pk}


def test_a_configurable_window_of_three_to_six_months(team, worker):
    first, last = add_months(FIELDWORK, -6), add_months(FIELDWORK, -3)
    assert (first, last) == (D(2024, 12, 16), D(2025, 3, 16))
    on_first = disposal(kid(team), COURT_CODE, first, case_manager=worker)
    on_last = disposal(kid(team), COURT_CODE, last, case_manager=worker)
    disposal(kid(team), COURT_CODE, first - DAY, case_manager=worker)
    disposal(kid(team), COURT_CODE, last + DAY, case_manager=worker)
    # Eligible in the default window (nine months back), not in this one.
    nine_months = disposal(kid(team), COURT_CODE, D(2024, 9, 16), case_manager=worker)

    assert set(population(latest=3, earliest=6)) == {on_first.pk, on_last.pk}
    assert nine_months.pk in population()

    lead = auditor()
    audit = services.create_audit(
        actor=lead,
        name="Short window",
        framework=FRAMEWORK_ID,
        fieldwork_date=FIELDWORK,
        lead=lead,
        auditors=[],
        latest_months=3,
        earliest_months=6,
    )
    assert (audit.window_latest_months, audit.window_earliest_months) == (3, 6)
    assert set(audit.cases.values_list("outcome_id", flat=True)) == {on_first.pk, on_last.pk}


# --- what is a case --------------------------------------------------------------------------


def test_remands_overturned_outcomes_and_outcomes_without_an_intervention_are_out(team, worker):
    when = D(2024, 11, 1)
    kept = disposal(kid(team), COURT_CODE, when, case_manager=worker)
    for code in ("remand-yda", "remand-rlaa", "bail-supervision-support"):
        disposal(kid(team), code, when, case_manager=worker)
    disposal(kid(team), COURT_CODE, when, overturned=True, case_manager=worker)
    disposal(kid(team), OUT_OF_COURT_CODE, when, intervention=False)
    # An intervention on no outcome does not make the child's other outcome a case.
    lone = kid(team)
    disposal(lone, "yro", when, intervention=False)
    Intervention.objects.create(
        child=lone, outcome=None, start=when, team=team, case_manager=worker
    )

    assert set(population()) == {kept.pk}


@pytest.mark.parametrize(
    "code",
    [
        "outcome-20-21",
        "outcome-22",
        "community-resolution",
        "youth-caution",
        "youth-conditional-caution",
        "absolute-discharge",
        "fine",
        "referral-order",
        "yro",
        "dto",
    ],
)
def test_court_or_out_of_court_follows_the_outcome_type(team, worker, code):
    outcome_type = OutcomeType.objects.get(code=code)
    outcome = disposal(kid(team, sex=Sex.FEMALE), code, D(2024, 12, 1), case_manager=worker)

    row = population()[outcome.pk]
    expected = CaseType.OUT_OF_COURT if outcome_type.out_of_court else CaseType.COURT
    assert row.case_type == expected
    assert row.disposal_type == outcome_type.name
    assert row.sex == "Female"


def test_one_case_per_child_and_case_type_on_the_latest_outcome(team, worker):
    child = kid(team)
    disposal(child, COURT_CODE, D(2024, 7, 1), case_manager=worker)
    court_latest = disposal(child, "yro", D(2024, 12, 1), case_manager=worker)
    disposal(child, "community-resolution", D(2024, 8, 1), case_manager=worker)
    ooc_latest = disposal(child, OUT_OF_COURT_CODE, D(2024, 9, 1), case_manager=worker)
    # Not displaced by a later outcome that is overturned or outside the window.
    other = kid(team)
    kept = disposal(other, COURT_CODE, D(2024, 8, 1), case_manager=worker)
    disposal(other, "yro", D(2024, 10, 1), overturned=True, case_manager=worker)
    disposal(other, "dto", D(2025, 3, 1), case_manager=worker)
    # Two on one day: the one recorded last.
    twice = kid(team)
    disposal(twice, "fine", D(2024, 10, 1), case_manager=worker)
    same_day_last = disposal(twice, COURT_CODE, D(2024, 10, 1), case_manager=worker)

    rows = population()
    assert set(rows) == {court_latest.pk, ooc_latest.pk, kept.pk, same_day_last.pk}
    assert rows[court_latest.pk].case_type == CaseType.COURT
    assert rows[ooc_latest.pk].case_type == CaseType.OUT_OF_COURT
    assert Counter((r.child_id, r.case_type) for r in rows.values()).most_common(1)[0][1] == 1


# --- classifications -------------------------------------------------------------------------


def test_classifications_come_from_the_outcome_s_own_work_else_the_child_s_latest(team, worker):
    author = UserFactory()
    when = D(2024, 10, 1)

    # a: the latest assessment of the outcome's intervention started by fieldwork wins over
    # the child's later general one and over one started after fieldwork.
    a = kid(team)
    a_outcome = disposal(a, COURT_CODE, when, case_manager=worker)
    a_work = a_outcome.interventions.get()
    assess(a, D(2024, 10, 5), "low", "low", a_work, author)
    assess(a, D(2024, 11, 1), "high", "medium", a_work, author)
    assess(a, FIELDWORK + DAY, "very_high", "very_high", a_work, author)
    assess(a, D(2025, 2, 1), "low", "low", None, author)

    # b: nothing on this outcome's work: the child's latest started by fieldwork.
    b = kid(team)
    b_outcome = disposal(b, COURT_CODE, when, case_manager=worker)
    assess(b, D(2023, 1, 1), "low", "low", None, author)
    assess(b, D(2024, 3, 1), "medium", "high", None, author)
    assess(b, FIELDWORK + DAY, "very_high", "very_high", None, author)

    # c: no assessment started by fieldwork: nothing recorded.
    c = kid(team)
    c_outcome = disposal(c, COURT_CODE, when, case_manager=worker)
    assess(c, FIELDWORK + DAY, "high", "high", c_outcome.interventions.get(), author)

    # d: a court and an out-of-court case of one child each take their own work's.
    d = kid(team)
    d_court = disposal(d, COURT_CODE, when, case_manager=worker)
    d_ooc = disposal(d, OUT_OF_COURT_CODE, D(2024, 8, 1), case_manager=worker)
    assess(d, D(2024, 10, 2), "high", "low", d_court.interventions.get(), author)
    assess(d, D(2024, 8, 2), "low", "medium", d_ooc.interventions.get(), author)

    # e: an assessment recording neither level is passed over for an earlier one that does.
    e = kid(team)
    e_outcome = disposal(e, COURT_CODE, when, case_manager=worker)
    e_work = e_outcome.interventions.get()
    assess(e, D(2024, 10, 2), "high", "very_high", e_work, author)
    assess(e, D(2024, 12, 2), "", "", e_work, author)

    rows = population()
    levels = {pk: (rows[pk].risk_of_serious_harm, rows[pk].safety_and_wellbeing) for pk in rows}
    assert levels == {
        a_outcome.pk: ("high", "medium"),
        b_outcome.pk: ("medium", "high"),
        c_outcome.pk: ("", ""),
        d_court.pk: ("high", "low"),
        d_ooc.pk: ("low", "medium"),
        e_outcome.pk: ("high", "very_high"),
    }


# --- creating the audit and drawing the sample -----------------------------------------------


def make_population(team, worker, court, out_of_court, female_every=0):
    """``court`` and ``out_of_court`` eligible cases, each a child of its own."""
    for n in range(court + out_of_court):
        sex = Sex.FEMALE if female_every and n % female_every == 0 else Sex.MALE
        code = COURT_CODE if n < court else OUT_OF_COURT_CODE
        disposal(kid(team, sex=sex), code, D(2024, 7, 1) + n * DAY, case_manager=worker)


def create(lead, *, seed=None, others=(), **kwargs):
    return services.create_audit(
        actor=lead,
        name=kwargs.pop("name", "Case audit"),
        framework=FRAMEWORK_ID,
        fieldwork_date=FIELDWORK,
        lead=lead,
        auditors=list(others),
        latest_months=5,
        earliest_months=12,
        seed=seed,
    )


def sampled(audit, case_type=None):
    cases = AuditCase.objects.filter(audit=audit, sampled=True)
    if case_type:
        cases = cases.filter(case_type=case_type)
    return cases


def chosen(audit):
    return set(sampled(audit).values_list("child_id", "case_type"))


def test_create_audit_keeps_the_population_as_it_was(team, worker):
    make_population(team, worker, court=3, out_of_court=2, female_every=2)
    lead = auditor()
    audit = create(lead, seed="abc")

    rows = selectors.eligible_population(FIELDWORK, 5, 12)
    kept = {
        (c.case_type, c.child_id, c.outcome_id, c.sex, c.disposal_type): c
        for c in audit.cases.all()
    }
    assert set(kept) == {
        (r.case_type.value, r.child_id, r.outcome_id, r.sex, r.disposal_type) for r in rows
    }
    assert audit.seed == "abc" and audit.lead == lead and audit.created_by == lead
    assert set(audit.auditors.all()) == {lead}
    assert audit.sample_fixed_at is None


@pytest.mark.parametrize(
    ("court", "out_of_court", "court_sample", "out_of_court_sample"),
    [
        (9, 8, 9, 6),  # nine court cases: all nine; out-of-court: two thirds of nine
        (8, 3, 8, 3),  # Kingston and Richmond's eight; fewer out-of-court cases than 6
        (50, 30, 39, 26),  # Kent's 50: 39, and 26 out-of-court
    ],
)
def test_sample_sizes_follow_the_inspectorate_s_plan(
    team, worker, court, out_of_court, court_sample, out_of_court_sample
):
    plan = plan_samples(court, out_of_court)
    assert (plan.court_sample, plan.out_of_court_sample) == (court_sample, out_of_court_sample)
    make_population(team, worker, court, out_of_court)
    audit = create(auditor(), seed="sizes")

    assert sampled(audit, CaseType.COURT).count() == court_sample
    assert sampled(audit, CaseType.OUT_OF_COURT).count() == out_of_court_sample
    assert audit.cases.count() == court + out_of_court


def test_the_sample_mirrors_the_population_s_make_up(team, worker):
    make_population(team, worker, court=50, out_of_court=0, female_every=5)  # 10 of 50 girls
    audit = create(auditor(), seed="mix")
    sexes = Counter(sampled(audit).values_list("sex", flat=True))
    # 39 of 50, a fifth of them girls: 7.8, so 7 or 8 (a random 39 would often miss).
    assert sum(sexes.values()) == 39
    assert sexes["Female"] in (7, 8)


def test_the_same_seed_draws_the_same_sample_and_another_seed_another(team, worker):
    make_population(team, worker, court=50, out_of_court=30)
    lead = auditor()
    one = create(lead, seed="same")
    two = create(lead, seed="same")
    three = create(lead, seed="different")

    assert chosen(one) == chosen(two)
    assert len(chosen(one)) == 39 + 26
    assert chosen(three) != chosen(one)
    assert len(chosen(three)) == 39 + 26


def test_redraw_gives_a_new_seed_and_sample_until_the_work_starts(team, worker, second):
    make_population(team, worker, court=50, out_of_court=30)
    lead = auditor()
    audit = create(lead, seed="first", others=[second])
    before = chosen(audit)
    one_case = sampled(audit).first()
    services.allocate_cases(
        actor=lead, audit=audit, allocations={one_case.pk: Allocation(second.pk, None)}
    )

    services.redraw_sample(actor=lead, audit=audit)
    audit.refresh_from_db()
    assert audit.seed != "first"
    assert chosen(audit) != before
    assert sampled(audit, CaseType.COURT).count() == 39
    assert sampled(audit, CaseType.OUT_OF_COURT).count() == 26
    # A new sample starts unallocated.
    assert not audit.cases.filter(auditor__isnull=False).exists()

    services.allocate_cases(
        actor=lead,
        audit=audit,
        allocations={c.pk: Allocation(lead.pk, None) for c in sampled(audit)},
    )
    services.fix_sample(actor=lead, audit=audit)
    seed, fixed = audit.seed, chosen(audit)
    with pytest.raises(AuditError, match="sample is fixed and cannot be redrawn"):
        services.redraw_sample(actor=lead, audit=audit)
    audit.refresh_from_db()
    assert (audit.seed, chosen(audit)) == (seed, fixed)


def test_work_cannot_start_while_a_sampled_case_has_no_auditor(team, worker, second):
    make_population(team, worker, court=9, out_of_court=8)
    lead = auditor()
    audit = create(lead, seed="start", others=[second])
    cases = list(sampled(audit).order_by("pk"))
    assert len(cases) == 15

    with pytest.raises(AuditError, match="15 sampled cases have no auditor"):
        services.fix_sample(actor=lead, audit=audit)
    services.allocate_cases(
        actor=lead, audit=audit, allocations={c.pk: Allocation(second.pk, None) for c in cases[1:]}
    )
    with pytest.raises(AuditError, match="1 sampled case has no auditor"):
        services.fix_sample(actor=lead, audit=audit)
    audit.refresh_from_db()
    assert audit.sample_fixed_at is None

    services.allocate_cases(
        actor=lead, audit=audit, allocations={cases[0].pk: Allocation(lead.pk, second.pk)}
    )
    services.fix_sample(actor=lead, audit=audit)
    audit.refresh_from_db()
    assert audit.sample_fixed
    with pytest.raises(AuditError, match="already started"):
        services.fix_sample(actor=lead, audit=audit)


def test_work_cannot_start_on_an_empty_sample():
    lead = auditor()
    audit = create(lead)
    assert audit.cases.count() == 0
    with pytest.raises(AuditError, match="no cases in the sample"):
        services.fix_sample(actor=lead, audit=audit)


def test_only_the_lead_redraws_starts_allocates_settles_and_rates(team, worker, second):
    make_population(team, worker, court=2, out_of_court=1)
    lead = auditor()
    audit = create(lead, seed="lead", others=[second])
    case = sampled(audit).first()
    before = (audit.seed, chosen(audit))

    refusals = [
        lambda: services.redraw_sample(actor=second, audit=audit),
        lambda: services.fix_sample(actor=second, audit=audit),
        lambda: services.allocate_cases(
            actor=second, audit=audit, allocations={case.pk: Allocation(second.pk, None)}
        ),
        lambda: services.share_out_cases(actor=second, audit=audit, moderation_percent=20),
        lambda: services.settle_disagreement(
            actor=second, case=case, standard="2.1", question=1, answer="yes", rationale="Because"
        ),
        lambda: services.rate_standard(
            actor=second, audit=audit, standard="1.1", rating="Good", evidence="Evidence"
        ),
        lambda: services.clear_rating(actor=second, audit=audit, standard="1.1"),
    ]
    for attempt in refusals:
        with pytest.raises(AuditError, match="Only the lead auditor"):
            attempt()

    audit.refresh_from_db()
    assert (audit.seed, chosen(audit)) == before
    assert audit.sample_fixed_at is None
    assert not audit.cases.filter(auditor__isnull=False).exists()
    assert not audit.standard_ratings.exists()


def test_create_audit_refuses_and_creates_nothing(team, worker):
    make_population(team, worker, court=2, out_of_court=0)
    lead = auditor()
    practitioner = practitioner_of(team)
    manager = UserFactory(roles=[(Role.TEAM_MANAGER, team)])
    service_manager = UserFactory(roles=[(Role.SERVICE_MANAGER, None)])

    def attempt(**changes):
        arguments = {
            "actor": lead,
            "name": "Refused",
            "framework": FRAMEWORK_ID,
            "fieldwork_date": FIELDWORK,
            "lead": lead,
            "auditors": [],
            "latest_months": 5,
            "earliest_months": 12,
        } | changes
        return services.create_audit(**arguments)

    with pytest.raises(AuditError, match="Only auditors and service managers"):
        attempt(actor=practitioner)
    with pytest.raises(AuditError, match="not an auditor or service manager"):
        attempt(auditors=[manager])
    with pytest.raises(AuditError, match="not an auditor or service manager"):
        attempt(lead=practitioner)
    with pytest.raises(AuditError, match="Unknown framework"):
        attempt(framework="hmip-youth-1999")
    with pytest.raises(AuditError, match="further back than the latest"):
        attempt(latest_months=6, earliest_months=6)
    assert not Audit.objects.exists() and not AuditCase.objects.exists()

    # A service manager may run one, with an auditor leading.
    made = attempt(actor=service_manager, auditors=[service_manager])
    assert set(made.auditors.all()) == {lead, service_manager}


# --- what the record says about relevance ----------------------------------------------------


def test_case_facts_read_the_record_between_the_disposal_and_fieldwork(team, worker):
    lead = auditor()
    audit = Audit.objects.create(
        name="Facts",
        framework=FRAMEWORK_ID,
        fieldwork_date=FIELDWORK,
        lead=lead,
        seed="x",
        created_by=lead,
    )

    def case_of(child, outcome, rosh="", sw=""):
        return AuditCase.objects.create(
            audit=audit,
            case_type=CaseType.OUT_OF_COURT,
            child=child,
            outcome=outcome,
            sex="Male",
            disposal_type=outcome.outcome_type.name,
            risk_of_serious_harm=rosh,
            safety_and_wellbeing=sw,
            sampled=True,
        )

    start = D(2024, 10, 1)
    ycc = kid(team)
    case = case_of(ycc, disposal(ycc, "youth-conditional-caution", start), "high", "low")
    ReviewFactory(child=ycc, date=start - DAY, desistance_changes="Before the disposal")
    ReviewFactory(child=ycc, date=start, safety_changes="   ", risk_changes="A new threat")
    ReviewFactory(child=ycc, date=FIELDWORK + DAY, desistance_changes="After fieldwork")
    EnforcementActionFactory(contact=ContactFactory(child=ycc, date=FIELDWORK))

    assert selectors.case_facts(case) == CaseFacts(
        risk_of_serious_harm="high",
        safety_and_wellbeing="low",
        desistance_changes=False,
        safety_and_wellbeing_changes=False,
        risk_of_harm_changes=True,
        youth_conditional_caution=True,
        enforcement=True,
    )

    caution = kid(team)
    other = case_of(caution, disposal(caution, OUT_OF_COURT_CODE, start))
    ReviewFactory(child=caution, date=FIELDWORK, desistance_changes="Back at school")
    EnforcementActionFactory(contact=ContactFactory(child=caution, date=start - DAY))
    assert selectors.case_facts(other) == CaseFacts(desistance_changes=True)

    # The case manager's decision against a warning or breach is not enforcement action.
    decided = kid(team)
    third = case_of(decided, disposal(decided, "youth-conditional-caution", start))
    missed = ContactFactory(child=decided, date=start + DAY, outcome="did_not_attend")
    EnforcementActionFactory(contact=missed, kind="no_action", notes="Reason accepted later")
    assert selectors.case_facts(third) == CaseFacts(youth_conditional_caution=True)
