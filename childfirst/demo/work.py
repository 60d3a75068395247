"""Assessment, planning and reviewing for an intervention, and the manager's oversight.

Statuses follow the age of the work: recent work is in draft; older work mostly
countersigned, some awaiting oversight, some returned with comments, some still in
draft well past its start (late), so that the caseload and oversight pages have
something to show. Work on closed interventions is nearly all countersigned.
"""

from __future__ import annotations

import random
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
)
from childfirst.demo import texts
from childfirst.demo.context import (
    COURT_ORDER_CODES,
    CUSTODY_CODES,
    OUT_OF_COURT_CODES,
    Batch,
    Context,
    Episode,
)
from childfirst.domain.periods import add_months
from childfirst.domain.pillars import Pillar


class OverseenWork(Context):
    def make_work(
        self,
        child: Child,
        iv: Intervention,
        ep: Episode,
        has_victims: bool,
        changes: list[date],
        rng: random.Random,
        b: Batch,
        fmt: dict[str, str],
        managers: list[User],
        author: User,
    ) -> None:
        """An assessment, then a plan, then reviews every three months (and when
        something significant changes, on moves into or out of custody, at the end)."""
        assert ep.start is not None and ep.planned_end is not None
        today = self.today
        closed = ep.status != "open"
        custody = ep.code in CUSTODY_CODES
        started = self.cap(ep.start + timedelta(days=rng.randint(0, 7)))
        assessment = Assessment(
            child=child,
            intervention=iv,
            author_id=author.pk,
            kind="pdat" if ep.code in ("community-resolution", "youth-caution") else "assetplus",
            started=started,
            victims_needs_and_wishes=rng.choice(texts.VICTIM_NEEDS) if has_victims else "",
        )
        status, submitted = self.oversee(
            assessment, started, closed, rng, b, managers, "assessment", author
        )
        if status != "draft" or rng.random() < 0.6:
            self.rate(assessment, ep.code, rng)
        if status != "draft":
            assessment.completed = submitted.date() if submitted else None
        b.assessments.append(assessment)
        for pillar in Pillar:
            b.pillars.append(self.pillar_analysis(assessment, pillar, status, rng, fmt))

        plan: Plan | None = None
        plan_day = ep.start
        if status != "draft" and submitted:
            plan_day = self.cap(submitted.date() + timedelta(days=rng.randint(0, 5)))
            plan = Plan(
                child=child,
                intervention=iv,
                author_id=author.pk,
                child_version=rng.choice(texts.CHILD_VERSION).format(**fmt),
                contingency_safety=rng.choice(texts.CONTINGENCY_SAFETY).format(**fmt),
                contingency_risk=rng.choice(texts.CONTINGENCY_RISK).format(**fmt),
                review_due=add_months(plan_day, 3),
            )
            self.oversee(plan, plan_day, closed, rng, b, managers, "plan", author)
            b.plans.append(plan)
            horizon = (ep.end or ep.planned_end) if closed else ep.planned_end
            for pillar in Pillar:
                extra = 1 if pillar == Pillar.DESISTANCE or rng.random() < 0.3 else 0
                for objective, action, who in rng.sample(
                    texts.PLAN_ACTIONS[pillar.value], 1 + extra
                ):
                    b.actions.append(
                        PlanAction(
                            plan=plan,
                            pillar=pillar.value,
                            objective=objective,
                            action=action,
                            who=who.format(**fmt),
                            by_when=plan_day
                            + timedelta(days=rng.randint(14, max(15, (horizon - plan_day).days))),
                        )
                    )

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
        if custody and ep.months:
            release = ep.start + timedelta(days=ep.months * 15)
            if release <= last:
                review_days.append((release - timedelta(days=rng.randint(7, 21)), "custody_move"))
        for changed in changes:
            when = changed + timedelta(days=rng.randint(3, 10))
            if when <= last:
                review_days.append((when, "significant_change"))
        if ep.status == "completed" and ep.code in COURT_ORDER_CODES and ep.end:
            review_days.append((ep.end - timedelta(days=rng.randint(0, 10)), "end_of_order"))
        for day, trigger in sorted(review_days):
            day = max(self.cap(day), ep.start)
            review = Review(
                child=child,
                intervention=iv,
                author_id=author.pk,
                date=day,
                trigger=trigger,
                desistance_changes=rng.choice(texts.REVIEW_CHANGES["desistance"]).format(**fmt),
                safety_changes=rng.choice(texts.REVIEW_CHANGES["safety"]).format(**fmt),
                risk_changes=rng.choice(texts.REVIEW_CHANGES["risk"]),
                plan_changes=rng.choice(texts.REVIEW_CHANGES["plan"]),
            )
            self.oversee(review, day, closed, rng, b, managers, "review", author)
            b.reviews.append(review)

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
    ) -> tuple[str, datetime | None]:
        """Status, submission and the manager's decisions for a piece of overseen work.

        Closed interventions: nearly all countersigned, a few never finished or never
        overseen. Open ones: recent work in draft; older work mostly countersigned,
        some awaiting oversight, some returned with comments, some still draft well
        past its start (late).
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
            return status, None
        yesterday = today - timedelta(days=1)
        manager = rng.choice(managers)
        done = min(started + timedelta(days=rng.randint(3, 15)), yesterday)
        done = max(done, started)
        submitted = self.at(done, rng, (11, 13))
        work.submitted_at = work.updated_at = submitted
        if status == "returned" or (status == "countersigned" and rng.random() < 0.12):
            decided = self.at(
                min(done + timedelta(days=rng.randint(1, 6)), yesterday), rng, (13, 17)
            )
            decided = max(decided, submitted + timedelta(hours=1))
            b.oversight.append(self.decision(work, what, "returned", manager, decided, rng))
            work.updated_at = decided
            if status == "countersigned":
                again = min(decided.date() + timedelta(days=rng.randint(1, 7)), yesterday)
                submitted = max(self.at(again, rng, (11, 13)), decided + timedelta(hours=1))
                work.submitted_at = work.updated_at = submitted
        if status == "countersigned":
            decided = self.at(
                min(submitted.date() + timedelta(days=rng.randint(0, 6)), yesterday), rng, (13, 17)
            )
            decided = max(decided, submitted + timedelta(hours=1))
            b.oversight.append(self.decision(work, what, "countersigned", manager, decided, rng))
            work.updated_at = decided
        return status, submitted

    def decision(
        self,
        work: Assessment | Plan | Review,
        what: str,
        decision: str,
        manager: User,
        decided: datetime,
        rng: random.Random,
    ) -> Oversight:
        comments = rng.choice(
            texts.OVERSIGHT_RETURNED if decision == "returned" else texts.OVERSIGHT_COUNTERSIGNED
        )
        oversight = Oversight(
            decision=decision, comments=comments, manager_id=manager.pk, decided_at=decided
        )
        setattr(oversight, what, work)
        oversight._history_date = decided
        oversight._history_user = manager
        return oversight

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
        fmt: dict[str, str],
    ) -> PillarAnalysis:
        full = status != "draft" or rng.random() < 0.3
        analysis = PillarAnalysis(
            assessment=assessment,
            pillar=pillar.value,
            analysis=rng.choice(texts.PILLAR_ANALYSIS[pillar.value]).format(**fmt)
            if full or rng.random() < 0.5
            else "",
        )
        if full:
            analysis.strengths = rng.choice(texts.STRENGTHS)
            analysis.protective_factors = rng.choice(texts.PROTECTIVE_FACTORS)
            analysis.sources = rng.choice(texts.SOURCES)
            analysis.child_views = rng.choice(texts.CHILD_VIEWS)
            analysis.parent_views = rng.choice(texts.PARENT_VIEWS).format(**fmt)
            if pillar == Pillar.DESISTANCE:
                for p, options in texts.FOUR_PS.items():
                    setattr(analysis, p, rng.choice(options))
        return analysis
