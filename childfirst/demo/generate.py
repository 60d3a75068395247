"""Generate a realistic synthetic youth justice service: staff, children and their records.

Same seed, same data: every child's content comes from its own ``random.Random``
seeded with the demo seed and the child's number, and every date is a number of days
before the ``today`` given, so the content depends only on the seed and on dates
relative to today (never on the clock). Only the staff a child is allocated to
depends on the number of children, since the size of the service does.

Fast: the records are built in memory a chunk of children at a time and written with
``bulk_create`` in dependency order, many-to-many links through their through models.
``bulk_create`` skips django-simple-history's signals, so the main records (children,
offences, outcomes, interventions, victims, assessments, plans, reviews and oversight)
get their first history row from ``simple_history.utils.bulk_create_with_history``,
dated and attributed to their author as if entered at the time. Contacts, pillar
analyses, plan actions and the KPI episodes get none (``HISTORY_MODELS``): they are the
bulk of the rows, and history for them would roughly double the time for little use.

The shapes (sex, ethnicity, age, offences, out-of-court and court outcomes) are in
``shapes.py`` with their sources; names in ``names.py``; the writing in ``texts.py``,
chosen to fit the facts: a child's circumstances over time (``facts.py``, drawn first
with the KPI episodes), then the episode's and the work's own.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models
from simple_history.utils import bulk_create_with_history

from childfirst.accounts.models import Team, User
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
)
from childfirst.casework.references import format_reference
from childfirst.demo import names, shapes, texts
from childfirst.demo.audit import make_demo_audit
from childfirst.demo.context import (
    COURT_ORDER_CODES,
    CUSTODY_CODES,
    OUT_OF_COURT_CODES,
    Batch,
    Episode,
    release_day,
)
from childfirst.demo.dates import school_leaving_date, years_before
from childfirst.demo.facts import (
    FAMILY_HOME,
    HOME_LANGUAGE,
    MUSLIM_PLAUSIBLE,
    NUMBERS,
    SECURE,
    WITH_PARENT,
    Circumstances,
    Origin,
    birthday,
)
from childfirst.demo.kpi import KpiEpisodes
from childfirst.demo.network import contact_details, make_appointments, make_network
from childfirst.demo.staff import DEMO_PASSWORD, HISTORY_REASON, Staff, create_staff
from childfirst.demo.texts import Say
from childfirst.demo.work import OverseenWork
from childfirst.domain import gravity as gravity_matrix
from childfirst.domain.periods import add_months, age_on
from childfirst.performance.models import PopulationEstimate

#: Children generated and written at a time; bounds memory at any scale.
CHUNK = 500
#: Rows a statement (PostgreSQL; Django works out SQLite's limit itself).
BATCH = 2000

PANEL_DECISION = {
    "community-resolution": "community_resolution",
    "youth-caution": "youth_caution",
    "youth-conditional-caution": "ycc",
}
#: The NPCC Child Gravity Matrix score that normally leads to each decision
#: (``childfirst.domain.gravity``).
NPCC_SCORE = {decision: g.score for g in gravity_matrix.MATRIX.values() for decision in g.outcomes}
#: A child's latest out-of-court outcome in this many days may still be awaiting the
#: panel (with this chance), so the panel has referrals to come.
PENDING_DAYS = 21
PENDING_CHANCE = 0.6
#: Offences with a victim who is usually a person; the rest of ``ORGANISATION_VICTIMS``
#: are organisations; drugs, weapons, motoring and bail offences have none.
PERSON_VICTIM_CHANCE = {
    "common-assault": 1.0,
    "assault-emergency-worker": 1.0,
    "assault-abh": 1.0,
    "wounding-gbh-s20": 1.0,
    "wounding-gbh-s18": 1.0,
    "threats-to-kill": 1.0,
    "robbery": 1.0,
    "sexual-assault": 1.0,
    "racially-aggravated-harassment": 1.0,
    "domestic-burglary": 1.0,
    "public-order-s4": 0.7,
    "public-order-s5": 0.4,
    "criminal-damage": 0.5,
    "theft": 0.6,
    "handling": 0.5,
    "taking-vehicle": 1.0,
    "fraud": 0.5,
    "arson": 0.4,
    "shoplifting": 0.0,
    "non-domestic-burglary": 0.0,
}
#: Chance an offence of the kind has an identified victim at all.
VICTIM_IDENTIFIED = 0.85
#: Offences that injure their victim; violent categories; supplying drugs.
INJURY = frozenset({"assault-abh", "wounding-gbh-s20", "wounding-gbh-s18"})
VIOLENT_CATEGORIES = frozenset({"vatp", "robbery", "sexual"})
DRUG_SUPPLY = frozenset({"supply-class-a", "supply-class-b"})
COMMUNITY_ORDER_CODES = frozenset({"referral-order", "yro", "yro-iss"})

#: Models whose demo rows get an initial history row.
HISTORY_MODELS = frozenset(
    {Child, Offence, Outcome, Intervention, Victim, Assessment, Plan, Review, Oversight}
)


#: How many new objects between the garbage collector's youngest collections while
#: loading (Python's default is 700).
GC_THRESHOLD = 10_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage less often while loading, and restore the thresholds after.

    A chunk's records live until the chunk is written, and Python's cyclic garbage
    collector would otherwise scan them again and again: a quarter of the loading time
    at the default threshold. Reference counting still frees everything as before; only
    the (rare) cycles wait a little longer.
    """
    saved = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *saved[1:])
    try:
        yield
    finally:
        gc.set_threshold(*saved)


@contextmanager
def timestamps_as_given() -> Iterator[None]:
    """Let demo rows keep their backdated ``created_at``, ``updated_at`` and ``decided_at``.

    These fields are ``auto_now``/``auto_now_add``, which ``bulk_create`` would set to
    the moment of writing. Switched off for the duration only (a management command in
    its own process), and restored even on error.
    """
    fields = [
        model._meta.get_field(name)
        for model, name in (
            (Child, "created_at"),
            (Assessment, "created_at"),
            (Assessment, "updated_at"),
            (Plan, "created_at"),
            (Plan, "updated_at"),
            (Review, "created_at"),
            (Review, "updated_at"),
            (Oversight, "decided_at"),
            (FamilyMember, "created_at"),
            (Professional, "created_at"),
            (Appointment, "created_at"),
        )
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class Generator(OverseenWork, KpiEpisodes):
    """Builds and writes the children's records; ``run`` does it all."""

    def __init__(
        self,
        *,
        children: int,
        seed: int,
        years: int,
        today: date,
        history: bool = True,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(today)
        self.n = children
        self.seed = seed
        self.window_days = round(365.25 * years)
        self.history = history
        self.progress = progress or (lambda done: None)
        self.open_caseload: dict[int, int] = {}

    # -- driving --------------------------------------------------------------------

    def run(self, password_hash: str) -> Staff:
        staff = create_staff(self.seed, self.n, password_hash)
        self.staff = staff
        with timestamps_as_given(), fewer_collections():
            batch = Batch()
            for i in range(self.n):
                self.make_child(i, batch)
                if len(batch.children) >= CHUNK:
                    self.write(batch)
                    batch = Batch()
                self.progress(i + 1)
            self.write(batch)
        self.population_estimates()
        make_demo_audit(self.seed, self.today)
        return staff

    def population_estimates(self) -> None:
        """Mid-year estimates of children aged 10 to 17 for the rate denominators: about 260
        for each child the service sees in a year, which puts first time entrants near
        the national rate of around 150 per 100,000; drifting a little year to year."""
        rng = random.Random(f"{self.seed}-population")
        years = max(1, round(self.window_days / 365.25))
        base = max(1000, round(self.n / years * 260, -2))
        first = self.today.year - years - 2
        PopulationEstimate.objects.bulk_create(
            PopulationEstimate(
                year=year,
                children_10_17=round(base * (1 + 0.01 * (year - first)) * rng.uniform(0.99, 1.01)),
                source="ChildFirst demo values (not ONS figures)",
            )
            for year in range(first, self.today.year + 1)
        )

    def insert(self, model: type[models.Model], objs: list[Any]) -> None:
        if not objs:
            return
        if self.history and model in HISTORY_MODELS:
            bulk_create_with_history(
                objs, model, batch_size=BATCH, default_change_reason=HISTORY_REASON
            )
        else:
            model._default_manager.bulk_create(objs, batch_size=BATCH)

    def write(self, b: Batch) -> None:
        """Write a chunk in dependency order; parents get their keys before children."""
        self.insert(Child, b.children)
        for model, objs in (
            (FamilyMember, b.family),
            (Professional, b.professionals),
            (Address, b.addresses),
        ):
            self.insert(model, objs)
        through = Child.restricted_to.through
        through.objects.bulk_create(
            [through(child_id=c.pk, user_id=u.pk) for c, u in b.restricted], batch_size=BATCH
        )
        for model, objs in (
            (CareEpisode, b.care),
            (AccommodationEpisode, b.accommodation),
            (EteEpisode, b.ete),
            (SendRecord, b.send),
            (HealthEpisode, b.health),
            (Offence, b.offences),
            (Outcome, b.outcomes),
        ):
            self.insert(model, objs)
        through = Outcome.offences.through
        through.objects.bulk_create(
            [through(outcome_id=o.pk, offence_id=f.pk) for o, f in b.outcome_offences],
            batch_size=BATCH,
        )
        self.insert(Intervention, b.interventions)
        self.insert(Victim, b.victims)
        through = Victim.offences.through
        through.objects.bulk_create(
            [through(victim_id=v.pk, offence_id=f.pk) for v, f in b.victim_offences],
            batch_size=BATCH,
        )
        for model, objs in (
            (Contact, b.contacts),
            (EnforcementAction, b.enforcement),
            (Assessment, b.assessments),
            (PillarAnalysis, b.pillars),
            (Plan, b.plans),
            (PlanAction, b.actions),
            (Review, b.reviews),
            (Oversight, b.oversight),
            (Appointment, b.appointments),
        ):
            self.insert(model, objs)

    # -- one child ----------------------------------------------------------------------

    def make_child(self, i: int, b: Batch) -> None:
        rng = random.Random(f"{self.seed}:child:{i}")
        today = self.today
        staff = self.staff

        sex = self.pick_sex(rng)
        ethnicity = self.pick_ethnicity(rng)
        minority = ethnicity.split("-")[0] in ("asian", "black", "mixed", "other")
        pools = names.POOLS_FOR_ETHNICITY[ethnicity]
        first_pool = rng.choice(self.name_pools) if rng.random() < 1 / 6 else rng.choice(pools)
        given = {"male": names.BOYS, "female": names.GIRLS}.get(sex) or rng.choice(
            (names.BOYS, names.GIRLS)
        )
        first_name = rng.choice(given[first_pool])
        last_name = rng.choice(names.SURNAMES[rng.choice(pools)])
        preferred = names.PREFERRED.get(first_name, "") if rng.random() < 0.5 else ""
        called = preferred or first_name
        team_ix = rng.randrange(len(staff.teams))
        team = staff.teams[team_ix]
        practitioners = staff.practitioners[team_ix]
        managers = staff.managers[team_ix]

        # The timeline: each episode is an offence (or a few) and what happened.
        day = today - timedelta(days=rng.randrange(1, self.window_days))
        age = self.pick_age["female" if sex == "female" else "male"](rng)
        born = years_before(day, age) - timedelta(days=rng.randrange(0, 365))
        episodes: list[Episode] = []
        court_before = False
        out_of_court_before = False
        pick_offence = self.pick_offence[(sex == "female", minority)]
        while day <= today:
            if episodes and age_on(born, day) >= 18:
                break
            codes = [pick_offence(rng) for _ in range(self.pick_offence_count(rng))]
            gravest = max(self.offence_type[c].gravity for c in codes)
            chance = shapes.OUT_OF_COURT_CHANCE[gravest][1 if episodes else 0]
            if rng.random() < chance:
                code = (self.pick_ooc_later if out_of_court_before else self.pick_ooc_first)(rng)
                lag = rng.randint(7, 60)
            else:
                if gravest >= 6:
                    code = self.pick_court_serious(rng)
                else:
                    code = (self.pick_court_later if court_before else self.pick_court_first)(rng)
                if code in CUSTODY_CODES and age_on(born, day) < 12:
                    code = "yro"
                lag = rng.randint(28, 150)
            offence_day = day - timedelta(days=lag)
            if age_on(born, offence_day) < 10:
                born = years_before(offence_day, 10) - timedelta(days=rng.randint(1, 60))
            offences = [
                (c, offence_day + timedelta(days=rng.randint(0, min(6, lag - 1)) if k else 0))
                for k, c in enumerate(codes)
            ]
            ep = Episode(offences=offences, code=code, date=day)
            remand_chance = 0.5 if code in CUSTODY_CODES else 0.3 if code == "yro-iss" else 0
            if remand_chance and rng.random() < remand_chance:
                remand_code = (
                    "remand-yda"
                    if code in CUSTODY_CODES and rng.random() < 0.6
                    else "bail-supervision-support"
                )
                last_offence = max(d for _, d in offences)
                gap = max(1, (day - last_offence).days // 3)
                ep.remand = (remand_code, last_offence + timedelta(days=rng.randint(1, gap)))
            self.plan_intervention(ep, rng)
            episodes.append(ep)
            court_before |= code not in OUT_OF_COURT_CODES
            out_of_court_before |= code in OUT_OF_COURT_CODES
            k = len(episodes) - 1
            if k >= len(shapes.REPEAT_CHANCE) or rng.random() >= shapes.REPEAT_CHANCE[k]:
                break
            day = day + timedelta(days=rng.randint(45, 400))

        self.close_interventions(episodes, rng)
        case_manager = self.allocate(episodes, rng, practitioners)
        self.mark_pending(episodes[-1], rng)
        first_day = min(d for ep in episodes for _, d in ep.offences)
        with_iv = [ep for ep in episodes if ep.start]
        # When the service first worked with the child: the first outcome, or the
        # referral if the panel has yet to decide the first.
        first_seen = episodes[0].start if episodes[0].pending else episodes[0].date
        assert first_seen is not None

        # An unaccompanied asylum-seeking child: looked after from arrival, named from home.
        origin = self.unaccompanied(ethnicity, sex, age_on(born, first_seen), rng)
        if origin is not None:
            first_name = rng.choice(origin.girls if sex == "female" else origin.boys)
            last_name = rng.choice(origin.surnames)
            preferred = ""
            called = first_name

        child = Child(
            reference=format_reference(i + 1),
            first_name=first_name,
            last_name=last_name,
            preferred_name=preferred,
            date_of_birth=born,
            sex=sex,
            gender_identity=rng.choice(("Non-binary", "Prefers not to say"))
            if sex == "unknown"
            else "",
            ethnicity_id=self.ethnicity_id.get(ethnicity),
            home_local_authority=texts.HOME_AUTHORITY,
            district=rng.choice(staff.districts[team_ix]),
            send_status=self.pick_send(rng),
            team=team,
            created_at=self.at(first_day + timedelta(days=rng.randint(1, 5)), rng),
        )
        child._history_date = child.created_at
        child._history_user = case_manager
        b.children.append(child)
        if rng.random() < 0.02:
            child.restricted = True
            b.restricted.append((child, case_manager))
            b.restricted.append((child, managers[0]))

        # What is true of the child over time comes first; the writing follows it.
        circ = Circumstances(
            name=called,
            born=born,
            leaving=school_leaving_date(born),
            household=self.pick_household(rng),
            uasc=origin,
        )
        if "dad" in circ.household:
            circ.always.add("household_dad")
        if origin is not None:
            circ.always.add("uasc")
            earliest = max(birthday(born, 14), first_day - timedelta(days=700))
            circ.arrival = earliest + timedelta(
                days=rng.randint(0, max(0, (first_day - earliest).days - 30))
            )
        self.make_kpi_episodes(child, circ, episodes, with_iv, rng, b)
        # Another council's child is one it looks after and has placed here.
        if "ever_looked_after" in circ.always and rng.random() < 0.4:
            child.home_local_authority = rng.choice(texts.PLACED_BY_OTHER_AUTHORITIES)
        self.describe(child, circ, ethnicity, first_seen, rng)
        circ.settle()

        offence_days = sorted(d for ep in episodes for _, d in ep.offences)
        for k, ep in enumerate(episodes):
            worker = (ep.case_manager or case_manager).first_name
            fmt = {
                "name": called,
                "worker": worker,
                "order": "order" if ep.code in COURT_ORDER_CODES else "intervention",
            }
            # A new outcome while this intervention runs is a significant change.
            until = ep.end or today
            changes = [x.date for x in episodes if ep.start and ep.start < x.date <= until]
            self.make_episode(
                child,
                ep,
                episodes[:k],
                circ,
                offence_days,
                changes,
                rng,
                b,
                fmt,
                team,
                managers,
                practitioners,
            )

        self.drop_stale_drafts(child, b)
        court = [ep for ep in episodes if ep.code in COURT_ORDER_CODES]
        health = [
            h
            for h in b.health
            if h.child is child and (h.need_identified or h.already_receiving_treatment)
        ]
        family, professionals, addresses = make_network(
            child,
            circ,
            rng.choice(pools),
            min(d for _, d in court[0].offences) if court else None,
            health,
            today,
            rng,
        )
        # Entered when the record was made; a professional once involved.
        for person in family:
            person.created_at = child.created_at
        for worker in professionals:
            since = worker.start and self.at(worker.start, rng)
            worker.created_at = max(child.created_at, since) if since else child.created_at
        b.family.extend(family)
        b.professionals.extend(professionals)
        b.addresses.extend(addresses)

    @staticmethod
    def drop_stale_drafts(child: Child, b: Batch) -> None:
        """A child has at most one draft of each kind, the latest work of that kind
        (ChildFirst resumes a draft rather than start another, issue 11 item 2): an
        older draft was discarded when later work of its kind began, so it is left out."""
        stale: set[int] = set()
        for works in (b.assessments, b.plans, b.reviews):
            mine = [w for w in works if w.child is child]
            if len(mine) < 2:
                continue
            latest = max(mine, key=lambda w: w.created_at)
            stale |= {id(w) for w in mine if w.status == "draft" and w is not latest}
        if not stale:
            return
        b.assessments[:] = [w for w in b.assessments if id(w) not in stale]
        b.plans[:] = [w for w in b.plans if id(w) not in stale]
        b.reviews[:] = [w for w in b.reviews if id(w) not in stale]
        b.pillars[:] = [p for p in b.pillars if id(p.assessment) not in stale]
        b.actions[:] = [a for a in b.actions if id(a.plan) not in stale]

    def unaccompanied(
        self, ethnicity: str, sex: str, age: int, rng: random.Random
    ) -> Origin | None:
        """Where an unaccompanied asylum-seeking child came from, or None: only children of
        15 or over at their first outcome, of an ethnicity of the countries they come from."""
        chance = shapes.UASC_CHANCE.get(ethnicity)
        if not chance or age < 15:
            return None
        if sex == "female":
            chance *= shapes.UASC_GIRLS_FACTOR
        if rng.random() >= chance:
            return None
        origin: Origin = self.pick_origin[ethnicity](rng)
        return origin

    def describe(
        self, child: Child, circ: Circumstances, ethnicity: str, first: date, rng: random.Random
    ) -> None:
        """Identity and communication notes that fit the child's records (``texts.py``);
        the facts they add (a faith, a home language, autism) are kept for the writing."""
        if circ.uasc is not None:
            origin = circ.uasc
            child.identity_notes = texts.UASC_NOTE.format(
                country=origin.country, language=origin.language
            )
            child.communication_needs = texts.UASC_COMMUNICATION.format(language=origin.language)
            child.communication_passport = rng.random() < 0.4
            circ.always.add("home_language")
            return
        home = circ.home_on(first)
        facts = {
            "traveller": ethnicity == "white-gypsy-irish-traveller",
            "white_other": ethnicity == "white-other",
            "racism_plausible": ethnicity not in ("white-british", "white-irish", ""),
            "muslim_plausible": ethnicity in MUSLIM_PLAUSIBLE,
            "home_language": ethnicity in HOME_LANGUAGE,
            "send_need": child.send_status in ("sen_support", "ehcp"),
            "family_home_first": home in FAMILY_HOME,
            "with_parent_first": home in WITH_PARENT,
            "ever_looked_after": "ever_looked_after" in circ.always,
            "age13_first": age_on(circ.born, first) >= 13,
            "gender_unsaid": child.gender_identity == "Prefers not to say",
        }
        known = frozenset(fact for fact, true in facts.items() if true)
        if rng.random() < 0.2 and (note := texts.IDENTITY_NOTES.pick(rng, known)):
            country, language = texts.BORN_ABROAD.get(child.first_name, texts.BORN_IN_POLAND)
            moved = rng.randint(2, max(2, min(9, age_on(circ.born, first) - 2)))
            child.identity_notes = note.value.format(
                country=country, language=language, moved=NUMBERS[moved]
            )
            known |= note.adds
            circ.always |= note.adds
            if "non_binary" in note.adds:
                child.gender_identity = "Non-binary"
        if rng.random() < 0.3 and (need := texts.COMMUNICATION_NEEDS.pick(rng, known)):
            child.communication_needs = need.value
            child.communication_passport = rng.random() < 0.4
            circ.always |= need.adds

    def plan_intervention(self, ep: Episode, rng: random.Random) -> None:
        """The order's or out-of-court intervention's start and planned end."""
        code, day = ep.code, ep.date
        if code in OUT_OF_COURT_CODES:
            start = day + timedelta(days=rng.randint(0, 14))
            low, high = shapes.OUT_OF_COURT_DAYS[code]
            planned_end = start + timedelta(days=rng.randint(low, high))
        elif code in COURT_ORDER_CODES:
            ep.months = self.pick_months[code](rng)
            start = day + timedelta(
                days=rng.randint(7, 28) if code == "referral-order" else rng.randint(0, 3)
            )
            if code in CUSTODY_CODES:
                start = day
            planned_end = add_months(start, ep.months) - timedelta(days=1)
        else:
            return
        ep.start = self.cap(start)
        ep.planned_end = max(planned_end, ep.start)

    def allocate(
        self, episodes: list[Episode], rng: random.Random, practitioners: list[User]
    ) -> User:
        """A case manager for each intervention: the lighter open caseload of two
        practitioners drawn at random (which keeps caseloads even), kept for the
        child's later interventions unless reallocated (staff move on). Returns the
        child's first case manager."""
        load = self.open_caseload

        def lighter() -> User:
            one, other = rng.choice(practitioners), rng.choice(practitioners)
            return one if load.get(one.pk, 0) <= load.get(other.pk, 0) else other

        first = case_manager = lighter()
        for n, ep in enumerate(x for x in episodes if x.start):
            if n and rng.random() < 0.2:
                case_manager = lighter()
            ep.case_manager = case_manager
            if ep.status == "open":
                load[case_manager.pk] = load.get(case_manager.pk, 0) + 1
        return first

    def close_interventions(self, episodes: list[Episode], rng: random.Random) -> None:
        """Statuses and end dates: closed as planned, early or transferred, or open."""
        today = self.today
        for n, ep in enumerate(episodes):
            if not ep.start:
                continue
            assert ep.planned_end is not None
            later = next(
                (x for x in episodes[n + 1 :] if x.start and x.code in COURT_ORDER_CODES), None
            )
            length = (ep.planned_end - ep.start).days
            if later and later.start and later.start <= ep.planned_end:
                ep.status, ep.end = "ended_early", max(ep.start, later.start - timedelta(days=1))
                if ep.end > today:
                    ep.status, ep.end = "open", None
            elif ep.planned_end >= today:
                ep.status = "open"
                if rng.random() < 0.1 and (today - ep.start).days > 60:
                    ep.quiet_from = today - timedelta(days=rng.randint(45, 120))
            else:
                r = rng.random()
                if r < 0.84:
                    ep.status, ep.end = "completed", ep.planned_end
                elif r < 0.93:
                    ep.status = "ended_early"
                    ep.end = ep.start + timedelta(days=int(length * rng.uniform(0.3, 0.9)))
                elif r < 0.96:
                    ep.status = "transferred"
                    ep.end = ep.start + timedelta(days=int(length * rng.uniform(0.2, 0.8)))
                elif (today - ep.planned_end).days < 400:
                    # Never closed on the system: still open, with no contact for months.
                    ep.status, ep.quiet_from = "open", ep.planned_end
                else:
                    ep.status, ep.end = "completed", ep.planned_end

    # -- records of one episode ---------------------------------------------------------

    def make_episode(
        self,
        child: Child,
        ep: Episode,
        earlier: list[Episode],
        circ: Circumstances,
        offence_days: list[date],
        changes: list[date],
        rng: random.Random,
        b: Batch,
        fmt: dict[str, str],
        team: Team,
        managers: list[User],
        practitioners: list[User],
    ) -> None:
        today = self.today
        author = ep.case_manager
        offences = []
        for code, day in ep.offences:
            offence = Offence(child=child, date=day, offence_type_id=self.offence_type[code].pk)
            if ep.code in COURT_ORDER_CODES:
                # KPI 9 takes a sentenced child's age at the first hearing: three weeks
                # after the offence, or the outcome's own day if that came sooner.
                offence.first_hearing = min(day + timedelta(days=21), ep.date, today)
            offence._history_date = self.at(day + timedelta(days=1), rng)
            offences.append(offence)
        b.offences.extend(offences)

        if ep.remand:
            remand_code, remand_day = ep.remand
            remand = Outcome(
                child=child,
                date=remand_day,
                outcome_type_id=self.outcome_type_id[remand_code],
                start=remand_day,
                end=ep.date,
            )
            remand._history_date = self.at(remand_day, rng)
            b.outcomes.append(remand)
            b.outcome_offences.extend((remand, o) for o in offences)
        outcome: Outcome | None = None
        if not ep.pending:  # a pending referral's outcome is the panel's to decide
            outcome = Outcome(
                child=child,
                date=ep.date,
                outcome_type_id=self.outcome_type_id[ep.code],
                length_months=ep.months,
                start=ep.start if ep.months else None,
                end=ep.planned_end if ep.months else None,
            )
            outcome._history_date = self.at(ep.date, rng)
            b.outcomes.append(outcome)
            b.outcome_offences.extend((outcome, o) for o in offences)

        victims, facts = self.make_victims(child, ep, offences, circ, rng, b, fmt)
        facts |= self.episode_facts(ep, earlier, circ)
        if not ep.start:
            return
        assert author is not None and ep.planned_end is not None
        iv = Intervention(
            child=child,
            outcome=outcome,
            start=ep.start,
            end=ep.end,
            case_manager_id=author.pk,
            team=team,
            status=ep.status,
            level=self.level(ep.code, rng),
        )
        release = release_day(ep)
        if release is not None and release <= min(ep.end or today, today):
            iv.release_date = release
        iv._history_date = self.at(ep.start, rng)
        iv._history_user = author
        if ep.pending:
            self.pending_panel(iv, ep, earlier, child, rng, fmt)
        elif ep.code in OUT_OF_COURT_CODES:
            self.panel(iv, ep, earlier, child, victims, facts, rng, managers, author, fmt)
        if iv.referred_to_panel:
            facts.add("panel")
        b.interventions.append(iv)

        stop = ep.end or today
        if ep.quiet_from:
            stop = min(stop, ep.quiet_from)
        ep_facts = frozenset(facts)
        self.make_contacts(child, iv, ep, circ, ep_facts, stop, rng, b, practitioners, fmt)
        if ep.status == "open" and not ep.quiet_from:
            in_custody = circ.home_on(today) in SECURE
            kind = "in_custody" if in_custody else rng.choice(("face_to_face", "home_visit"))
            for appointment in make_appointments(
                child, iv, kind, author.pk, child.district, today, rng
            ):
                made = appointment.date - timedelta(days=rng.randint(3, 10))
                appointment.created_at = self.at(min(today, max(made, ep.start)), rng)
                b.appointments.append(appointment)
        self.make_work(
            child,
            iv,
            ep,
            victims,
            circ,
            ep_facts,
            offence_days,
            changes,
            rng,
            b,
            fmt,
            managers,
            author,
        )

    def episode_facts(self, ep: Episode, earlier: list[Episode], circ: Circumstances) -> set[str]:
        """What the writing about an episode may state of it (``texts.py``)."""
        codes = {code for code, _ in ep.offences}
        before = {code for x in earlier for code, _ in x.offences}
        facts = {
            "out_of_court" if ep.code in OUT_OF_COURT_CODES else "court_order",
            "earlier_outcomes" if earlier else "first_outcome",
        }
        if ep.code in COMMUNITY_ORDER_CODES:
            facts.add("community_order")
        if ep.code in CUSTODY_CODES:
            facts.add("custodial")
        if any(self.offence_type[c].category in VIOLENT_CATEGORIES for c in codes):
            facts.add("violence")
        if any(self.offence_type[c].category in VIOLENT_CATEGORIES for c in before):
            facts.add("violent_before")
        if "possession-bladed-article" in codes:
            facts.add("knife")
        if codes & DRUG_SUPPLY:
            facts.add("drugs_supply")
        if codes & DRUG_SUPPLY or "missing" in circ.always:
            facts.add("exploitation")
        return facts

    def level(self, code: str, rng: random.Random) -> str:
        r = rng.random()
        if code in CUSTODY_CODES or code == "yro-iss":
            return "intensive"
        if code == "yro":
            return "standard" if r < 0.25 else "enhanced" if r < 0.8 else "intensive"
        if code == "referral-order":
            return "standard" if r < 0.55 else "enhanced" if r < 0.93 else "intensive"
        if code == "youth-conditional-caution":
            return "standard" if r < 0.5 else "enhanced"
        return "standard" if r < 0.85 else "enhanced"

    def panel(
        self,
        iv: Intervention,
        ep: Episode,
        earlier: list[Episode],
        child: Child,
        victims: list[Victim],
        facts: set[str],
        rng: random.Random,
        managers: list[User],
        author: User,
        fmt: dict[str, str],
    ) -> None:
        """The joint decision-making panel that decided the out-of-court outcome, with a
        rationale that states only the child's true age, previous outcomes and offence."""
        chance = {"community-resolution": 0.35, "youth-caution": 0.85}.get(ep.code, 1.0)
        if rng.random() >= chance:
            return
        last_offence = max(d for _, d in ep.offences)
        earliest = last_offence + timedelta(days=1)
        iv.referred_to_panel = True
        iv.panel_date = max(earliest, ep.date - timedelta(days=rng.randint(0, 10)))
        police = rng.sample(self.staff.police, 2)
        iv.panel_police_member = (
            f"{police[0].first_name} {police[0].last_name}, {police[0].job_title}"
        )
        iv.panel_yjs_member = f"{managers[0].first_name} {managers[0].last_name}, team manager"
        iv.panel_members = "\n".join(
            [
                f"{police[1].first_name} {police[1].last_name}, {police[1].job_title}",
                f"{author.first_name} {author.last_name}, case manager",
            ]
        )
        decision = PANEL_DECISION[ep.code]
        iv.panel_decision = decision
        # The police score the offence on the NPCC matrix; the panel follows it.
        iv.panel_gravity_score = NPCC_SCORE[decision]
        iv.panel_recommendation = (
            texts.PANEL_RECOMMENDATION_DIFFERENT[decision] if rng.random() < 0.15 else decision
        )
        iv.panel_recommendation_reason = self.recommendation_reason(
            iv.panel_recommendation, child, iv.panel_date, len(earlier), fmt
        )
        gravity = max(self.offence_type[c].gravity for c, _ in ep.offences)
        known = set(facts)
        if gravity <= 3:
            known.add("low_gravity")
        if len(earlier) == 1 and (ep.date - earlier[0].date).days <= 365:
            known.add("second_within_a_year")
        if any(v.consent_to_contact and v.views_before_decision for v in victims):
            known.add("victim_agreed")
        n = len(earlier)
        rationale = texts.PANEL_RATIONALE[decision].text(
            rng,
            frozenset(known),
            {
                **fmt,
                "age": str(age_on(child.date_of_birth, iv.panel_date)),
                "previous": f"{NUMBERS[n] if n < 10 else n} previous outcome{'s' if n > 1 else ''}",
                "gravity": str(gravity),
            },
        )
        if iv.panel_recommendation != decision:
            rationale += texts.PANEL_DIFFERENT.format(
                recommended=texts.PANEL_DECISION_WORDS[iv.panel_recommendation],
                decided=texts.PANEL_DECISION_WORDS[decision],
            )
        iv.panel_rationale = rationale

    def mark_pending(self, ep: Episode, rng: random.Random) -> None:
        """Leave the child's latest out-of-court outcome, if it came in the last
        ``PENDING_DAYS``, still to be decided: a referral the panel has not met on yet,
        or has met on without a decision recorded."""
        recent = ep.start is not None and (self.today - ep.date).days <= PENDING_DAYS
        if ep.code in OUT_OF_COURT_CODES and recent and ep.status == "open":
            ep.pending = rng.random() < PENDING_CHANCE

    def pending_panel(
        self,
        iv: Intervention,
        ep: Episode,
        earlier: list[Episode],
        child: Child,
        rng: random.Random,
        fmt: dict[str, str],
    ) -> None:
        """A referral waiting for the panel: most panels a week or two ahead, some that
        have met without a decision recorded yet; the service's recommendation made."""
        assert ep.start is not None
        iv.referred_to_panel = True
        iv.panel_date = ep.start + timedelta(days=rng.randint(5, 21))
        iv.panel_recommendation = PANEL_DECISION[ep.code]
        iv.panel_recommendation_reason = self.recommendation_reason(
            iv.panel_recommendation, child, iv.panel_date, len(earlier), fmt
        )

    def recommendation_reason(
        self, recommended: str, child: Child, day: date, previous: int, fmt: dict[str, str]
    ) -> str:
        """Why the service recommends ``recommended``, from the child's true age and
        previous outcomes on the day of the panel."""
        n = previous
        return texts.PANEL_RECOMMENDATION_REASON[recommended].format(
            name=fmt["name"],
            age=age_on(child.date_of_birth, day),
            previous=(
                "no previous outcomes"
                if n == 0
                else f"{NUMBERS[n] if n < 10 else n} previous outcome{'s' if n > 1 else ''}"
            ),
        )

    def make_contacts(
        self,
        child: Child,
        iv: Intervention,
        ep: Episode,
        circ: Circumstances,
        facts: frozenset[str],
        stop: date,
        rng: random.Random,
        b: Batch,
        practitioners: list[User],
        fmt: dict[str, str],
    ) -> None:
        """Contacts from the start to ``stop`` at the intervention level's interval (14, 7
        or 3 days; monthly visits while serving a custodial sentence, visits at the
        level's interval to a child in custody on another order); a warning or breach for
        some missed appointments on court orders. Notes fit the kind of contact and the
        child's circumstances on the day."""
        assert ep.start is not None and ep.case_manager is not None
        today = self.today
        interval = {"standard": 14, "enhanced": 7, "intensive": 3}[iv.level]
        statutory = ep.code in COURT_ORDER_CODES
        custodial = ep.code in CUSTODY_CODES
        day = ep.start + timedelta(days=rng.randint(1, min(5, interval)))
        missed = 0
        breached = False
        case_manager = ep.case_manager.pk
        notes: dict[str, tuple[Say, ...]] = {}
        changes: date | None = day
        while day <= stop:
            if changes is not None and day >= changes:
                # The child's circumstances changed: the notes that fit them now.
                on_day, carer = circ.on(day)
                on_day |= facts
                filled = {**fmt, "carer": carer}
                notes = {
                    kind: options.fitting(on_day) for kind, options in texts.CONTACT_NOTES.items()
                }
                in_custody = "custody" in on_day
                changes = circ.until(day)
            # Now and then a colleague sees the child (leave, sickness, duty).
            recorder = case_manager if rng.random() < 0.9 else rng.choice(practitioners).pk
            if in_custody:
                kind = "in_custody"
                gap = 28 if custodial else interval - rng.randint(0, min(2, interval - 1))
            else:
                r = rng.random()
                kind = (
                    "face_to_face"
                    if r < 0.5
                    else "home_visit"
                    if r < 0.71
                    else ("school_visit" if "in_school" in on_day else "home_visit")
                    if r < 0.75
                    else "phone"
                    if r < 0.92
                    else "video"
                    if r < 0.97
                    else "text_or_email"
                )
                # Never longer than the level allows (ChildFirst's contact deadline).
                gap = interval - rng.randint(0, min(2, interval - 1))
            r = rng.random()
            outcome = (
                "attended" if r < 0.86 else "did_not_attend" if r < 0.94 else "acceptable_absence"
            )
            # A call, a message or a visit in custody is not missed.
            always_held = kind in ("in_custody", "phone", "video", "text_or_email")
            if always_held and outcome == "did_not_attend":
                outcome = "attended"
            contact = Contact(
                child=child,
                intervention=iv,
                date=day,
                kind=kind,
                outcome=outcome,
                notes=texts.fill(rng.choice(notes[kind]), filled) if outcome == "attended" else "",
                recorded_by_id=recorder,
            )
            contact_details(contact, circ.home_on(day), "in_school" in on_day, child.district, rng)
            b.contacts.append(contact)
            decided = False
            if outcome == "did_not_attend" and statutory:
                missed += 1
                if missed >= 3 and not breached:
                    kind_ = "breach"
                    breached = True
                else:
                    kind_ = "warning"
                if kind_ == "breach" or rng.random() < 0.8:
                    decided = True
                    b.enforcement.append(
                        EnforcementAction(
                            contact=contact,
                            kind=kind_,
                            date=self.cap(day + timedelta(days=rng.randint(0, 3))),
                            # The first, the second, the breach, and any after it.
                            notes=texts.ENFORCEMENT_NOTES[
                                2 if kind_ == "breach" else missed - 1 if missed < 3 else 3
                            ],
                        )
                    )
            # Every other missed contact has its decision, no warning or breach, but the
            # last fortnight's on open cases, still waiting for the case manager.
            waiting = ep.status == "open" and (today - day).days <= 14
            if outcome == "did_not_attend" and not decided and not waiting:
                b.enforcement.append(
                    EnforcementAction(
                        contact=contact,
                        kind="no_action",
                        date=self.cap(day + timedelta(days=rng.randint(0, 3))),
                        notes=rng.choice(
                            texts.NO_ENFORCEMENT_NOTES["order" if statutory else "voluntary"]
                        ),
                    )
                )
            day += timedelta(days=gap)

    def make_victims(
        self,
        child: Child,
        ep: Episode,
        offences: list[Offence],
        circ: Circumstances,
        rng: random.Random,
        b: Batch,
        fmt: dict[str, str],
    ) -> tuple[list[Victim], set[str]]:
        """The identified victims of an episode's offences and each offence's description,
        which fits its victim (a shop's theft has the shop as victim, a police officer's
        assault a PC); with the facts the writing may state of them."""
        victims: list[Victim] = []
        facts: set[str] = set()
        for (code, day), offence in zip(ep.offences, offences, strict=True):
            deeds = texts.OFFENCE_DESCRIPTIONS.get(code, ())
            if day > circ.leaving:
                deeds = tuple(d for d in deeds if not d.school_age)
            described = bool(deeds) and rng.random() < 0.7
            if code not in PERSON_VICTIM_CHANCE or rng.random() >= VICTIM_IDENTIFIED:
                if described:
                    offence.description = rng.choice(deeds).text
                continue
            person = rng.random() < PERSON_VICTIM_CHANCE[code]
            if person:
                fitting = [d for d in deeds if {"person", "police"} & set(d.victims)]
                deed = rng.choice(fitting) if described and fitting else None
                pool = rng.choice(self.name_pools)
                given = rng.choice((names.BOYS, names.GIRLS))[pool]
                name = f"{rng.choice(given)} {rng.choice(names.SURNAMES[pool])}"
                if code == "assault-emergency-worker" and (
                    deed is None or "police" in deed.victims
                ):
                    name = f"PC {rng.choice(names.SURNAMES[pool])}"
            else:
                name = rng.choice(
                    names.ORGANISATION_VICTIMS.get(code, names.ORGANISATION_VICTIMS["theft"])
                )
                fitting = [d for d in deeds if name in d.victims]
                deed = rng.choice(fitting) if described and fitting else None
            if deed is not None:
                offence.description = deed.text
            facts.add("victim")
            if person:
                facts.add("person_victim")
                if code in INJURY:
                    facts.add("injured_victim")
            same = next((v for v in victims if v.name == name), None)
            if same:
                b.victim_offences.append((same, offence))
                continue
            asked = rng.random() < 0.85
            consent = (rng.random() < 0.6) if asked else None
            victim = Victim(
                child=child,
                name=name,
                is_person=person,
                consent_to_contact=consent,
                views_before_decision=bool(asked)
                and ep.code in OUT_OF_COURT_CODES
                and rng.random() < 0.75,
                views_before_planning=bool(asked)
                and ep.code in COURT_ORDER_CODES
                and rng.random() < 0.7,
            )
            if consent:
                # The YJS's first contact, a fortnight after the offence (KPI 10g).
                victim.contacted_on = min(day + timedelta(days=14), self.today)
                victim.restorative_justice = rng.choices(
                    ("direct", "indirect", "declined", "not_offered"), (15, 35, 30, 20)
                )[0]
                victim.progress_information_requested = rng.random() < 0.5
                victim.progress_information_given = (
                    victim.progress_information_requested and rng.random() < 0.85
                )
                victim.support_requested = rng.random() < 0.25
                victim.support_information_given = victim.support_requested and rng.random() < 0.9
                if rng.random() < 0.4:
                    victim.notes = texts.VICTIM_NEEDS.text(
                        rng, self.victim_facts(victim, code), fmt
                    )
            elif consent is False and rng.random() < 0.3:
                victim.restorative_justice = "declined"
            if victim.views_before_decision:
                facts_of_victim = self.victim_facts(victim, code)
                if consent:
                    facts_of_victim |= {"consented"}
                victim.views = texts.VICTIM_VIEWS.text(rng, facts_of_victim, fmt)
            victim._history_date = self.at(ep.date, rng)
            victims.append(victim)
            b.victims.append(victim)
            b.victim_offences.append((victim, offence))
        return victims, facts

    @staticmethod
    def victim_facts(victim: Victim, code: str) -> frozenset[str]:
        """What a victim's notes may say of them (``texts.VICTIM_NEEDS``)."""
        facts = {"person" if victim.is_person else "organisation"}
        if victim.name in names.ORGANISATION_VICTIMS["shoplifting"]:
            facts.add("shop")
        if code in ("criminal-damage", "arson"):
            facts.add("damage")
        if victim.restorative_justice != "not_offered":
            facts.add(f"rj_{victim.restorative_justice}")
        if victim.progress_information_requested:
            facts.add("progress_requested")
        if victim.support_information_given:
            facts.add("support_given")
        return frozenset(facts)


def load_demo(
    *,
    children: int,
    seed: int,
    years: int,
    today: date,
    history: bool = True,
    progress: Callable[[int], None] | None = None,
    password_hash: str | None = None,
) -> Staff:
    """Create the staff and ``children`` children with their records. Call inside a
    transaction on a database with no children in it.

    ``password_hash`` is the demo password hashed once for every account (hashing is
    slow on purpose); made here if not given.
    """
    password_hash = password_hash or make_password(DEMO_PASSWORD)
    generator = Generator(
        children=children, seed=seed, years=years, today=today, history=history, progress=progress
    )
    return generator.run(password_hash)
