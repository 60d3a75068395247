"""A practitioner's caseload and a team manager's view of the team: what is due, overdue,
returned or in draft for each open intervention.

The caseload is worked out in bulk: one query each for the interventions, the
assessments, plans, reviews, last contacts, planned appointments, missed contacts
waiting for an enforcement decision and managers' returns of every child on it, then
the rules in :mod:`childfirst.casework.deadlines` in Python, so a caseload (or a whole
team's) costs the same handful of queries at any size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone

from childfirst.accounts.models import Team, User
from childfirst.casework import deadlines
from childfirst.casework.deadlines import Policy, Urgency
from childfirst.casework.models import (
    Appointment,
    Child,
    Contact,
    ContactOutcome,
    Intervention,
    InterventionLevel,
    InterventionStatus,
    Oversight,
    WorkStatus,
)
from childfirst.casework.permissions import children_visible_to
from childfirst.casework.selectors.contacts import (
    Planned,
    awaiting_enforcement_by_child,
    local_now,
    next_appointment,
    planned_by_child,
)
from childfirst.casework.selectors.work import (
    WorkRow,
    latest_returns,
    overseen,
    overseen_teams,
    work_rows,
)

CASELOAD_PAGE_SIZE = 25
LEVEL_ORDER = [InterventionLevel.STANDARD, InterventionLevel.ENHANCED, InterventionLevel.INTENSIVE]


class ItemKind:
    ASSESSMENT = "assessment"
    PLAN = "plan"
    REVIEW = "review"
    CONTACT = "contact"
    RETURNED = "returned"
    DRAFT = "draft"
    AWAITING = "awaiting"
    APPOINTMENT = "appointment"  # planned, its time past, not recorded yet
    ENFORCEMENT = "enforcement"  # a missed contact waiting for an enforcement decision


@dataclass(frozen=True)
class DueItem:
    """One thing on a child's line of the caseload."""

    kind: str
    label: str
    urgency: Urgency | None = None
    due: dt.date | None = None
    url: str = ""
    comments: str = ""
    by: str = ""

    @property
    def overdue(self) -> bool:
        return self.urgency == Urgency.OVERDUE

    @property
    def due_soon(self) -> bool:
        return self.urgency == Urgency.DUE_SOON


@dataclass
class CaseloadRow:
    intervention: Intervention
    items: list[DueItem] = field(default_factory=list)
    #: The child's soonest appointment that has not yet ended (for any intervention).
    next_appointment: Appointment | None = None

    @property
    def child(self) -> Child:
        return self.intervention.child

    @property
    def overdue(self) -> list[DueItem]:
        return [i for i in self.items if i.overdue]

    @property
    def has_overdue(self) -> bool:
        return any(i.overdue for i in self.items)

    @property
    def returned(self) -> list[DueItem]:
        return [i for i in self.items if i.kind == ItemKind.RETURNED]

    @property
    def needs_attention(self) -> bool:
        return any(
            i.overdue or i.due_soon or i.kind in (ItemKind.RETURNED, ItemKind.ENFORCEMENT)
            for i in self.items
        )


def _relevant(work: WorkRow, intervention: Intervention) -> bool:
    """Work for this intervention, or for the child and done since it started."""
    if work.intervention_id is not None:
        return work.intervention_id == intervention.pk
    return work.on >= intervention.start


def _last_contacts(child_ids: list[int], today: dt.date) -> dict[int, dt.date]:
    rows = (
        Contact.objects.filter(
            child_id__in=child_ids, outcome=ContactOutcome.ATTENDED, date__lte=today
        )
        .values("child_id")
        .annotate(last=Max("date"))
    )
    return {row["child_id"]: row["last"] for row in rows}


def _for_this(record: Appointment | Contact, intervention: Intervention) -> bool:
    """An appointment or contact for this intervention, or for none and dated since it
    started (so a child with two interventions on the caseload has it once)."""
    if record.intervention_id is not None:
        return record.intervention_id == intervention.pk
    return record.date >= intervention.start


def _no_link(name: str, *args: Any) -> str:
    """For items only counted (the team page's overdue children), never shown."""
    return ""


def _link(name: str, *args: Any) -> str:
    return reverse(f"casework:{name}", args=args)


def _contact_items(
    intervention: Intervention,
    planned: list[Planned],
    missed: list[Contact],
    link: Callable[..., str] = _link,
) -> list[DueItem]:
    """Appointments not recorded yet, and missed contacts waiting for a decision (each
    with its page, by ``link``)."""
    reference = intervention.child.reference
    items = []
    for p in planned:
        a = p.appointment
        if p.not_recorded and _for_this(a, intervention):
            items.append(
                DueItem(
                    ItemKind.APPOINTMENT,
                    f"{a.get_kind_display()} appointment on {a.date.day} {a.date:%B %Y} "
                    f"at {a.time:%H:%M} not recorded yet",
                    Urgency.OVERDUE,
                    url=link("appointment_record", reference, a.pk),
                )
            )
    for c in missed:
        if _for_this(c, intervention):
            items.append(
                DueItem(
                    ItemKind.ENFORCEMENT,
                    f"Missed contact on {c.date.day} {c.date:%B %Y}: decide on enforcement",
                    url=link("enforcement_new", reference, c.pk),
                )
            )
    return items


def _items_for(
    intervention: Intervention,
    works: list[WorkRow],
    last_contact: dt.date | None,
    returns: dict[tuple[str, int], Oversight],
    today: dt.date,
    policy: Policy,
    link: Callable[..., str] = _link,
) -> list[DueItem]:
    reference = intervention.child.reference
    holidays = policy.holidays
    soon = policy.due_soon_days
    items: list[DueItem] = []
    mine = [w for w in works if _relevant(w, intervention)]

    def latest(kind: str, *, drafts: bool = True) -> WorkRow | None:
        candidates = [
            w for w in mine if w.kind == kind and (drafts or w.status != WorkStatus.DRAFT)
        ]
        return max(candidates, key=lambda w: (w.on, w.pk), default=None)

    # Returned by a manager, awaiting oversight, or still a draft.
    for work in sorted(mine, key=lambda w: (w.on, w.pk)):
        url = link(work.kind, reference, work.pk)
        name = work.kind.capitalize()
        if work.status == WorkStatus.RETURNED:
            oversight = returns.get((work.kind, work.pk))
            items.append(
                DueItem(
                    ItemKind.RETURNED,
                    f"{name} returned for changes",
                    url=url,
                    comments=oversight.comments if oversight else "",
                    by=str(oversight.manager) if oversight else "",
                )
            )
        elif work.status == WorkStatus.SUBMITTED:
            items.append(DueItem(ItemKind.AWAITING, f"{name} awaiting oversight", url=url))
        elif work.status == WorkStatus.DRAFT:
            items.append(DueItem(ItemKind.DRAFT, f"Draft {work.kind}", url=url))

    # The assessment: completed within N working days of starting it.
    assessment = latest("assessment")
    if assessment is None:
        due = deadlines.assessment_due(intervention.start, policy.assessment_working_days, holidays)
        label = "Assessment not started"
        url = ""
    elif assessment.completed is None:
        due = deadlines.assessment_due(assessment.on, policy.assessment_working_days, holidays)
        label = "Assessment not completed"
        url = link("assessment", reference, assessment.pk)
    else:
        due = None
    if due is not None:
        level = deadlines.urgency(due, today, soon)
        if level != Urgency.NOT_YET_DUE:
            items.append(DueItem(ItemKind.ASSESSMENT, label, level, due, url))

    # The plan, then its reviews.
    plan = latest("plan", drafts=False)
    if plan is None:
        due = deadlines.plan_due(intervention.start, policy.plan_working_days, holidays)
        level = deadlines.urgency(due, today, soon)
        if level != Urgency.NOT_YET_DUE:
            items.append(DueItem(ItemKind.PLAN, "Plan not in place", level, due))
    else:
        review = latest("review", drafts=False)
        due = deadlines.review_due(
            plan.on,
            policy.review_months,
            last_review=review.on if review else None,
            plan_review_date=plan.review_due,
        )
        level = deadlines.urgency(due, today, soon)
        if level != Urgency.NOT_YET_DUE:
            items.append(DueItem(ItemKind.REVIEW, "Review of the plan", level, due))

    # Contact at the level's interval.
    interval = deadlines.contact_interval(intervention.level, policy.contact_interval_days)
    due = deadlines.contact_due(last_contact, intervention.start, interval)
    if today > due:
        since = (
            f"No contact since {last_contact.day} {last_contact:%B %Y}"
            if last_contact and last_contact >= intervention.start
            else "No contact since the intervention started"
        )
        items.append(
            DueItem(
                ItemKind.CONTACT,
                f"{since} ({intervention.get_level_display().lower()}: "
                f"at least every {interval} days)",
                Urgency.OVERDUE,
                due,
            )
        )
    return items


def caseload_rows(
    interventions: QuerySet[Intervention],
    today: dt.date | None = None,
    policy: Policy | None = None,
    now: dt.datetime | None = None,
) -> list[CaseloadRow]:
    """What is due, overdue, returned or in draft for each of ``interventions``, and each
    child's next appointment, those needing attention first (overdue, then due soon,
    returned or waiting for an enforcement decision), then by child's name. ``now`` decides
    which appointments have passed (the clock, if not given)."""
    today = today or timezone.localdate()
    policy = policy or Policy.from_settings()
    interventions_list = list(
        interventions.select_related("child", "case_manager", "outcome__outcome_type")
    )
    child_ids = sorted({i.child_id for i in interventions_list})
    works = work_rows(child_ids)
    returns = latest_returns([w for ws in works.values() for w in ws])
    contacts = _last_contacts(child_ids, today)
    planned = planned_by_child(child_ids, local_now(now))
    missed = awaiting_enforcement_by_child(child_ids)
    rows = [
        CaseloadRow(
            intervention,
            _items_for(
                intervention,
                works.get(intervention.child_id, []),
                contacts.get(intervention.child_id),
                returns,
                today,
                policy,
            )
            + _contact_items(
                intervention,
                planned.get(intervention.child_id, []),
                missed.get(intervention.child_id, []),
            ),
            next_appointment(planned.get(intervention.child_id, [])),
        )
        for intervention in interventions_list
    ]

    def order(row: CaseloadRow) -> tuple[int, str, str, int]:
        rank = 0 if row.has_overdue else 1 if row.needs_attention else 2
        return (
            rank,
            row.child.last_name.lower(),
            row.child.first_name.lower(),
            row.intervention.pk,
        )

    return sorted(rows, key=order)


def open_caseload(user: User) -> QuerySet[Intervention]:
    """The open interventions ``user`` manages, for children whose records they may open."""
    return Intervention.objects.filter(
        case_manager=user,
        status=InterventionStatus.OPEN,
        child__in=children_visible_to(user),
    )


def caseload_for(
    user: User, today: dt.date | None = None, now: dt.datetime | None = None
) -> list[CaseloadRow]:
    return caseload_rows(open_caseload(user), today, now=now)


def caseload_page(
    user: User, page_number: Any, today: dt.date | None = None, now: dt.datetime | None = None
) -> Page:
    return Paginator(caseload_for(user, today, now), CASELOAD_PAGE_SIZE).get_page(page_number)


@dataclass(frozen=True)
class CaseloadSummary:
    interventions: int
    children: int
    overdue: int
    returned: int
    drafts: int


def caseload_summary(user: User, today: dt.date | None = None) -> CaseloadSummary:
    rows = caseload_for(user, today)
    return CaseloadSummary(
        interventions=len(rows),
        children=len({r.child.pk for r in rows}),
        overdue=sum(1 for r in rows if r.has_overdue),
        returned=sum(len(r.returned) for r in rows),
        drafts=sum(1 for r in rows for i in r.items if i.kind == ItemKind.DRAFT),
    )


# --- the team ---------------------------------------------------------------------------


@dataclass
class PractitionerLoad:
    case_manager: User
    by_level: dict[str, int]
    children_overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_level.values())

    @property
    def counts(self) -> list[int]:
        return [self.by_level.get(level, 0) for level in LEVEL_ORDER]

    @property
    def cells(self) -> list[tuple[str, int]]:
        """``(level, count)`` in the table's column order."""
        return list(zip(LEVEL_ORDER, self.counts, strict=True))


@dataclass
class TeamLoad:
    team: Team
    practitioners: list[PractitionerLoad]

    @property
    def totals(self) -> list[int]:
        return [sum(p.counts[i] for p in self.practitioners) for i in range(len(LEVEL_ORDER))]

    @property
    def total_cells(self) -> list[tuple[str, int]]:
        return list(zip(LEVEL_ORDER, self.totals, strict=True))

    @property
    def total(self) -> int:
        return sum(p.total for p in self.practitioners)

    @property
    def children_overdue(self) -> int:
        return sum(p.children_overdue for p in self.practitioners)


def team_interventions(
    user: User,
    *,
    team: int | None = None,
    case_manager: int | None = None,
    level: str | None = None,
) -> QuerySet[Intervention]:
    """The open interventions of the teams ``user`` oversees (every team for a service
    manager), narrowed to one team, case manager or level, for children ``user`` may open."""
    found = Intervention.objects.filter(
        overseen(user, "team_id", team),
        status=InterventionStatus.OPEN,
        child__in=children_visible_to(user).values("pk"),
    )
    if case_manager is not None:
        found = found.filter(case_manager_id=case_manager)
    if level is not None:
        found = found.filter(level=level)
    return found


def team_children_page(
    user: User,
    page_number: Any,
    today: dt.date | None = None,
    *,
    overdue: bool = False,
    **narrowed: Any,
) -> Page:
    """The caseload rows behind a count on the team page (``narrowed`` as
    :func:`team_interventions`; only those with something overdue, with ``overdue``)."""
    rows = caseload_rows(team_interventions(user, **narrowed), today)
    if overdue:
        rows = [row for row in rows if row.has_overdue]
    return Paginator(rows, CASELOAD_PAGE_SIZE).get_page(page_number)


def _with_overdue_work(
    interventions: list[Intervention], today: dt.date, now: dt.datetime | None = None
) -> set[int]:
    """The ids of ``interventions`` with something overdue, by the caseload's own rules
    (:func:`_items_for`, :func:`_contact_items`), reading only what decides it: the
    children's work, last contacts and planned appointments. Managers' returns and missed
    contacts waiting for a decision are never overdue, so they are not read."""
    policy = Policy.from_settings()
    child_ids = sorted({i.child_id for i in interventions})
    works = work_rows(child_ids)
    contacts = _last_contacts(child_ids, today)
    planned = planned_by_child(child_ids, local_now(now), passed_only=True)
    overdue = set()
    for intervention in interventions:
        items = _items_for(
            intervention,
            works.get(intervention.child_id, []),
            contacts.get(intervention.child_id),
            {},
            today,
            policy,
            _no_link,
        ) + _contact_items(intervention, planned.get(intervention.child_id, []), [], _no_link)
        if any(item.overdue for item in items):
            overdue.add(intervention.pk)
    return overdue


def team_caseloads(
    user: User,
    today: dt.date | None = None,
    team: int | None = None,
    teams: list[Team] | None = None,
) -> list[TeamLoad]:
    """For each team ``user`` oversees (or ``team``): each case manager's open
    interventions by level, and how many of their children have something overdue.
    ``teams``, if given, are those teams (read already by the page).

    The open interventions are read once, with only the columns the counts and the
    overdue rules need, and counted by level from that one read."""
    today = today or timezone.localdate()
    if teams is None:
        teams = [t for t in overseen_teams(user) if team is None or t.pk == team]
    interventions = list(
        team_interventions(user, team=team)
        .select_related("child", "case_manager")
        .only(
            "pk",
            "child_id",
            "team_id",
            "case_manager_id",
            "level",
            "start",
            "child__reference",
            *(f"case_manager__{name}" for name in ("first_name", "last_name", "username")),
        )
    )
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for i in interventions:
        counts[(i.team_id, i.case_manager_id)][i.level] += 1
    with_overdue = _with_overdue_work(interventions, today)
    overdue: dict[tuple[int, int], set[int]] = defaultdict(set)
    for i in interventions:
        if i.pk in with_overdue:
            overdue[(i.team_id, i.case_manager_id)].add(i.child_id)
    people = {i.case_manager_id: i.case_manager for i in interventions}
    loads = []
    for each in teams:
        practitioners = [
            PractitionerLoad(people[cm], dict(by_level), len(overdue.get((each.pk, cm), ())))
            for (team_id, cm), by_level in counts.items()
            if team_id == each.pk
        ]
        practitioners.sort(
            key=lambda p: (p.case_manager.last_name.lower(), p.case_manager.first_name.lower())
        )
        loads.append(TeamLoad(each, practitioners))
    return loads
