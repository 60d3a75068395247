"""Assessment, planning and reviewing for an intervention, and the manager's oversight.

Statuses follow the age of the work: recent work is in draft; older work mostly
countersigned, some awaiting oversight, some returned with comments, some still in
draft well past its start (late), so that the caseload and oversight pages have
something to show. Work on closed interventions is nearly all countersigned.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from datetime import date, datetime, timedelta

from childfirst.accounts.models import User
from childfirst.casework.models import (
    Assessment,
    Child,
    Intervention,
    Oversight,
    PillarAnalysis,
    Plan,
    PlanAction,
    Review,
    Victim,
)
from childfirst.demo import texts
from childfirst.demo.context import (
    COURT_ORDER_CODES,
    CUSTODY_CODES,
    OUT_OF_COURT_CODES,
    Batch,
    Context,
    Episode,
    release_day,
)
from childfirst.demo.facts import Circumstances
from childfirst.demo.texts import Say
from childfirst.domain.periods import add_months
from childfirst.domain.pillars import Pillar

ROSH_WORDS = {"low": "low", "medium": "medium", "high": "high", "very_high": "very high"}
#: The longest work waits for a manager's decision, and returned work for its changes.
QUEUE_DAYS = 42
RETURNED_DAYS = 60


class OverseenWork(Context):
    def make_work(
        self,
        child: Child,
        iv: Intervention,
        ep: Episode,
        victims: list[Victim],
        circ: Circumstances,
        ep_facts: frozenset[str],
        offence_days: list[date],
        changes: list[date],
        rng: random.Random,
        b: Batch,
        fmt: dict[str, str],
        managers: list[User],
        author: User,
    ) -> None:
        """An assessment, then a plan, then reviews every three months (and when
        something significant changes, on moves into or out of custody, at the end).
        Each piece is written to the facts of its day (``texts.py``)."""
        assert ep.start is not None and ep.planned_end is not None
        today = self.today
        closed = ep.status != "open"
        custody = ep.code in CUSTODY_CODES
        started = self.cap(ep.start + timedelta(days=rng.randint(0, 7)))
        facts, filled = self.facts_on(circ, started, ep_facts, fmt)
        assessment = Assessment(
            child=child,
            intervention=iv,
            author_id=author.pk,
            kind="pdat" if ep.code in ("community-resolution", "youth-caution") else "assetplus",
            started=started,
            victims_needs_and_wishes=self.victims_view(victims, fmt),
        )
        status, submitted, returned = self.oversee(
            assessment, started, closed, rng, b, managers, "assessment", author, facts, filled
        )
        if status != "draft" or rng.random() < 0.6:
            self.rate(assessment, ep.code, rng)
        rating = self.rating_facts(assessment)
        if status != "draft":
            assessment.completed = submitted.date() if submitted else None
        b.assessments.append(assessment)
        facts |= rating | returned
        # Parents' views are asked once for the whole assessment.
        if "uasc" not in facts and rng.random() < 0.2:
            facts |= {"parents_unavailable"}
        filled["rosh"] = ROSH_WORDS.get(assessment.risk_of_serious_harm, "")
        for pillar in Pillar:
            b.pillars.append(self.pillar_analysis(assessment, pillar, status, rng, facts, filled))

        plan: Plan | None = None
        plan_day = ep.start
        plan_facts: frozenset[str] = frozenset()
        if status != "draft" and submitted:
            plan_day = self.cap(submitted.date() + timedelta(days=rng.randint(0, 5)))
            facts, filled = self.facts_on(circ, plan_day, ep_facts | rating, fmt)
            plan = Plan(
                child=child,
                intervention=iv,
                author_id=author.pk,
                review_due=add_months(plan_day, 3),
            )
            horizon = (ep.end or ep.planned_end) if closed else ep.planned_end
            for pillar in Pillar:
                extra = 1 if pillar == Pillar.DESISTANCE or rng.random() < 0.3 else 0
                options = texts.PLAN_ACTIONS[pillar.value].fitting(facts)
                for chosen in rng.sample(options, min(1 + extra, len(options))):
                    objective, action, who = chosen.value
                    plan_facts |= chosen.adds
                    b.actions.append(
                        PlanAction(
                            plan=plan,
                            pillar=pillar.value,
                            objective=objective,
                            action=action.format(**filled),
                            who=who.format(**filled),
                            by_when=plan_day
                            + timedelta(days=rng.randint(14, max(15, (horizon - plan_day).days))),
                        )
                    )
            facts |= plan_facts
            plan.child_version = texts.CHILD_VERSION.text(rng, facts, filled)
            plan.contingency_safety = texts.CONTINGENCY_SAFETY.text(rng, facts, filled)
            plan.contingency_risk = texts.CONTINGENCY_RISK.text(rng, facts, filled)
            self.oversee(plan, plan_day, closed, rng, b, managers, "plan", author, facts, filled)
            b.plans.append(plan)

        # Reviewed at least every three months from the plan (ChildFirst's review
        # deadline), a little early; a few open cases have missed their latest review.
        review_days: list[tuple[date, str]] = []
        last = min(ep.end or today, ep.quiet_from or today, today)
        if plan is not None:
            day = plan_day
            while (day := add_months(day, 3) - timedelta(days=rng.randint(0, 14))) <= last:
                review_days.append((day, "scheduled"))
            if review_days and not closed and rng.random() < 0.08:
                review_days.pop()
        release = release_day(ep)
        if custody and release is not None and release <= last:
            review_days.append((release - timedelta(days=rng.randint(7, 21)), "custody_move"))
        for changed in changes:
            when = changed + timedelta(days=rng.randint(3, 10))
            if when <= last:
                review_days.append((when, "significant_change"))
        if ep.status == "completed" and ep.code in COURT_ORDER_CODES and ep.end:
            review_days.append((ep.end - timedelta(days=rng.randint(0, 10)), "end_of_order"))
        first_review = True
        for day, trigger in sorted(review_days):
            day = max(self.cap(day), ep.start)
            planned = plan is not None and day >= plan_day
            known = ep_facts | rating | {trigger} | (plan_facts if planned else {"no_plan"})
            since = (
                "since the last review"
                if not first_review
                else "since the plan was agreed"
                if planned
                else f"since the {fmt['order']} began"
            )
            first_review = False
            if any(
                ep.start <= d <= day for d in offence_days[bisect_left(offence_days, ep.start) :]
            ):
                known |= {"new_offence"}
            if circ.moved_between(ep.start, day):
                known |= {"moved"}
            facts, filled = self.facts_on(circ, day, known, fmt)
            filled["rosh"] = ROSH_WORDS.get(assessment.risk_of_serious_harm, "")
            filled["since"] = since
            changes_ = texts.REVIEW_CHANGES
            review = Review(
                child=child,
                intervention=iv,
                author_id=author.pk,
                date=day,
                trigger=trigger,
                desistance_changes=changes_["desistance"].text(rng, facts, filled),
                safety_changes=changes_["safety"].text(rng, facts, filled),
                risk_changes=changes_["risk"].text(rng, facts, filled),
                plan_changes=changes_["plan"].text(rng, facts, filled),
            )
            self.oversee(review, day, closed, rng, b, managers, "review", author, facts, filled)
            b.reviews.append(review)

    def facts_on(
        self, circ: Circumstances, day: date, known: frozenset[str], fmt: dict[str, str]
    ) -> tuple[frozenset[str], dict[str, str]]:
        """The facts of ``day`` with those already ``known``, and ``fmt`` with the carer."""
        facts, carer = circ.on(day)
        return facts | known, {**fmt, "carer": carer}

    @staticmethod
    def rating_facts(assessment: Assessment) -> frozenset[str]:
        rosh = assessment.risk_of_serious_harm
        facts = {
            "rosh_unrated"
            if not rosh
            else "rosh_raised"
            if rosh in ("high", "very_high")
            else f"rosh_{rosh}"
        }
        if assessment.safety_and_wellbeing == "low":
            facts.add("sw_low")
        return frozenset(facts)

    @staticmethod
    def victims_view(victims: list[Victim], fmt: dict[str, str]) -> str:
        """The assessment's account of the victims' needs and wishes: the first victim's
        own, as far as the service knows them."""
        if not victims:
            return ""
        victim = victims[0]
        if victim.consent_to_contact is None:
            return texts.VICTIM_NOT_ASKED
        if not victim.consent_to_contact:
            return texts.VICTIM_NO_CONTACT
        return victim.notes or texts.VICTIM_NOTHING_MORE

    def oversee(
        self,
        work: Assessment | Plan | Review,
        started: date,
        closed: bool,
        rng: random.Random,
        b: Batch,
        managers: list[User],
        what: str,
        author: User,
        facts: frozenset[str],
        fmt: dict[str, str],
    ) -> tuple[str, datetime | None, frozenset[str]]:
        """Status, submission and the manager's decisions for a piece of overseen work.

        Closed interventions: nearly all countersigned, a few never finished or never
        overseen. Open ones: recent work in draft; older work mostly countersigned,
        some awaiting oversight, some returned with comments, some still draft well
        past its start (late). The manager's comments are about this kind of work and
        fit its facts; while work stays returned, what the return says is missing is
        missing (the facts it adds are returned, for the writing still to come).
        """
        today = self.today
        age = (today - started).days
        r = rng.random()
        if closed:
            status = "countersigned" if r < 0.93 else "draft" if r < 0.96 else "submitted"
        elif age < 7:
            status = "draft"
        elif age < 21:
            status = (
                "draft"
                if r < 0.45
                else "submitted"
                if r < 0.8
                else "returned"
                if r < 0.85
                else "countersigned"
            )
        else:
            status = (
                "countersigned"
                if r < 0.68
                else "submitted"
                if r < 0.81
                else "returned"
                if r < 0.89
                else "draft"
            )
        work.status = status
        created = self.at(started, rng, (8, 11))
        work.created_at = work.updated_at = created
        work._history_date = created
        work._history_user = author
        if status == "draft":
            return status, None, frozenset()
        yesterday = today - timedelta(days=1)
        manager = rng.choice(managers)
        done = min(started + timedelta(days=rng.randint(3, 15)), yesterday)
        done = max(done, started)
        # A manager's queue holds what came in over the last weeks, and a practitioner
        # amends returned work within weeks: older work was decided long ago.
        waited = (today - done).days
        if (status == "submitted" and waited > QUEUE_DAYS) or (
            status == "returned" and waited > RETURNED_DAYS
        ):
            status = work.status = "countersigned"
        submitted = self.at(done, rng, (11, 13))
        work.submitted_at = work.updated_at = submitted
        still_missing: frozenset[str] = frozenset()
        if status == "returned" or (status == "countersigned" and rng.random() < 0.12):
            decided = self.at(
                min(done + timedelta(days=rng.randint(1, 6)), yesterday), rng, (13, 17)
            )
            decided = max(decided, submitted + timedelta(hours=1))
            oversight, comment = self.decision(
                work, what, "returned", manager, decided, rng, facts, fmt
            )
            b.oversight.append(oversight)
            work.updated_at = decided
            if status == "returned" and comment is not None:
                if comment.clears:
                    setattr(work, comment.clears, "")
                still_missing = comment.adds
            if status == "countersigned":
                again = min(decided.date() + timedelta(days=rng.randint(1, 7)), yesterday)
                submitted = max(self.at(again, rng, (11, 13)), decided + timedelta(hours=1))
                work.submitted_at = work.updated_at = submitted
        if status == "countersigned":
            decided = self.at(
                min(submitted.date() + timedelta(days=rng.randint(0, 6)), yesterday), rng, (13, 17)
            )
            decided = max(decided, submitted + timedelta(hours=1))
            oversight, _ = self.decision(
                work, what, "countersigned", manager, decided, rng, facts, fmt
            )
            b.oversight.append(oversight)
            work.updated_at = decided
        return status, submitted, still_missing

    def decision(
        self,
        work: Assessment | Plan | Review,
        what: str,
        decision: str,
        manager: User,
        decided: datetime,
        rng: random.Random,
        facts: frozenset[str],
        fmt: dict[str, str],
    ) -> tuple[Oversight, Say | None]:
        options = (
            texts.OVERSIGHT_RETURNED if decision == "returned" else texts.OVERSIGHT_COUNTERSIGNED
        )[what]
        comment = options.pick(rng, facts)
        oversight = Oversight(
            decision=decision,
            comments=comment.value.format(**fmt) if comment else "",
            manager_id=manager.pk,
            decided_at=decided,
        )
        setattr(oversight, what, work)
        oversight._history_date = decided
        oversight._history_user = manager
        return oversight, comment

    def rate(self, assessment: Assessment, code: str, rng: random.Random) -> None:
        """AssetPlus-style judgements, heavier for heavier outcomes."""
        if code in OUT_OF_COURT_CODES:
            likelihood, rosh = (60, 35, 5), (75, 22, 3, 0)
        elif code == "referral-order":
            likelihood, rosh = (35, 45, 20), (50, 40, 9, 1)
        elif code in ("yro", "yro-iss"):
            likelihood, rosh = (15, 50, 35), (30, 48, 19, 3)
        else:
            likelihood, rosh = (5, 30, 65), (10, 40, 40, 10)
        levels = ("low", "medium", "high", "very_high")
        assessment.likelihood_of_reoffending = rng.choices(levels[:3], likelihood)[0]
        assessment.risk_of_serious_harm = rng.choices(levels, rosh)[0]
        assessment.safety_and_wellbeing = rng.choices(levels, (35, 40, 20, 5))[0]

    def pillar_analysis(
        self,
        assessment: Assessment,
        pillar: Pillar,
        status: str,
        rng: random.Random,
        facts: frozenset[str],
        fmt: dict[str, str],
    ) -> PillarAnalysis:
        full = status != "draft" or rng.random() < 0.3
        analysis = PillarAnalysis(
            assessment=assessment,
            pillar=pillar.value,
            analysis=texts.PILLAR_ANALYSIS[pillar.value].text(rng, facts, fmt)
            if full or rng.random() < 0.5
            else "",
        )
        if full:
            analysis.strengths = texts.STRENGTHS.text(rng, facts, fmt)
            analysis.protective_factors = texts.PROTECTIVE_FACTORS.text(rng, facts, fmt)
            analysis.sources = texts.SOURCES.text(rng, facts, fmt)
            analysis.child_views = texts.CHILD_VIEWS.text(rng, facts, fmt)
            analysis.parent_views = texts.PARENT_VIEWS.text(rng, facts, fmt)
            if pillar == Pillar.DESISTANCE:
                for p, options in texts.FOUR_PS.items():
                    setattr(analysis, p, options.text(rng, facts, fmt))
        return analysis
