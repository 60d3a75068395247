"""Reads of the child's record: search, the summary, the chronology and the history.

Views call these and render what they return; nothing here writes. Who may see
which child is decided in :mod:`childfirst.casework.permissions`; every function
that lists children starts from :func:`children_visible_to`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from childfirst.accounts.models import Role, Team
from childfirst.casework.models import (
    AccommodationEpisode,
    Assessment,
    CareEpisode,
    Child,
    Contact,
    ContactOutcome,
    EnforcementAction,
    EteEpisode,
    HealthEpisode,
    Intervention,
    InterventionStatus,
    Offence,
    Outcome,
    Oversight,
    PillarAnalysis,
    Plan,
    PlanAction,
    Review,
    SendRecord,
    Victim,
    WorkStatus,
)
from childfirst.casework.permissions import TEAM_BASED, children_visible_to
from childfirst.domain.pillars import Pillar

User = get_user_model()

#: Roles that open children's records at all (board members and administrators do not).
CHILD_ACCESS_ROLES = (
    Role.PRACTITIONER,
    Role.TEAM_MANAGER,
    Role.SERVICE_MANAGER,
    Role.AUDITOR,
    Role.POLICE_PANEL,
)

PAGE_SIZE = 25


# --- search ------------------------------------------------------------------------------


def _open_interventions() -> Prefetch:
    return Prefetch(
        "interventions",
        queryset=Intervention.objects.filter(status=InterventionStatus.OPEN)
        .select_related("outcome__outcome_type", "case_manager")
        .order_by("-start", "-pk"),
        to_attr="open_interventions",
    )


def search_children(user: Any, query: str = "") -> QuerySet[Child]:
    """Children ``user`` may see whose name or reference matches ``query``.

    Each word of the query must start or appear inside the first, last or
    preferred name (any order, any case), or the whole query inside the
    reference ("000123", "cf-000123"). An empty query lists every child the
    person may see, by surname. Each child carries ``open_interventions``.
    """
    children = children_visible_to(user).select_related("team")
    query = " ".join(query.split())
    if query:
        by_name = Q()
        for word in query.split(" "):
            by_name &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(preferred_name__icontains=word)
            )
        by_reference = Q(reference__icontains=query)
        # "cf 123", "CF000123" and "123" all find CF-000123.
        compact = re.sub(r"[^0-9a-z]", "", query.lower()).removeprefix("cf")
        if compact.isdigit():
            by_reference |= Q(reference__icontains=compact)
        children = children.filter(by_name | by_reference)
    return children.prefetch_related(_open_interventions()).order_by(
        "last_name", "first_name", "reference"
    )


# --- the summary ----------------------------------------------------------------------------


@dataclass
class ChildSummary:
    """What the top of the child's record shows."""

    child: Child
    age: int
    current_intervention: Intervention | None
    current_outcome: Outcome | None
    latest_assessment: Assessment | None
    risk_analyses: list[PillarAnalysis]
    latest_plan: Plan | None
    victims: list[Victim]
    care_episodes: list[CareEpisode]
    accommodation: AccommodationEpisode | None
    ete: EteEpisode | None
    send: SendRecord | None
    health: list[HealthEpisode]
    awaiting_oversight: int
    returned: int
    restricted_to: list[Any] = field(default_factory=list)
    open_interventions: list[Intervention] = field(default_factory=list)


def _current(episodes: Iterable[Any], today: dt.date) -> list[Any]:
    return [e for e in episodes if e.start <= today and (e.end is None or e.end >= today)]


def child_summary(child: Child, today: dt.date | None = None) -> ChildSummary:
    """Who the child is, the current outcome and intervention, the latest ratings,
    risks, victims and care status."""
    today = today or timezone.localdate()
    interventions = list(
        child.interventions.select_related("outcome__outcome_type", "case_manager", "team")
    )
    open_interventions = [i for i in interventions if i.status == InterventionStatus.OPEN]
    current = open_interventions[0] if open_interventions else None
    outcomes = list(child.outcomes.select_related("outcome_type").order_by("-date", "-pk")[:1])
    current_outcome = (current.outcome if current and current.outcome_id else None) or (
        outcomes[0] if outcomes else None
    )
    assessment = child.assessments.select_related("author").order_by("-started", "-pk").first()
    risk_analyses: list[PillarAnalysis] = []
    if assessment is not None:
        risk_analyses = sorted(
            (
                p
                for p in assessment.pillars.all()
                if p.pillar in (Pillar.SAFETY_AND_WELLBEING, Pillar.RISK_OF_HARM)
                and p.analysis.strip()
            ),
            key=lambda p: p.pillar,
        )
    plan = child.plans.order_by("-created_at", "-pk").first()
    work_statuses = [
        *child.assessments.values_list("status", flat=True),
        *child.plans.values_list("status", flat=True),
        *child.reviews.values_list("status", flat=True),
    ]
    episodes = list(child.care_episodes.all())
    current_care = _current(episodes, today)
    accommodation = _current(child.accommodation.select_related("accommodation_type"), today)
    ete = _current(child.ete.select_related("provision_type"), today)
    return ChildSummary(
        child=child,
        age=child.age_on(today),
        current_intervention=current,
        current_outcome=current_outcome,
        latest_assessment=assessment,
        risk_analyses=risk_analyses,
        latest_plan=plan,
        victims=list(child.victims.prefetch_related("offences__offence_type").order_by("name")),
        care_episodes=current_care,
        accommodation=accommodation[0] if accommodation else None,
        ete=ete[0] if ete else None,
        send=child.send_records.first(),
        health=_current(child.health_episodes.all(), today),
        awaiting_oversight=work_statuses.count(WorkStatus.SUBMITTED),
        returned=work_statuses.count(WorkStatus.RETURNED),
        restricted_to=list(child.restricted_to.order_by("last_name", "first_name"))
        if child.restricted
        else [],
        open_interventions=open_interventions,
    )


# --- the chronology -------------------------------------------------------------------------

#: What the chronology can be narrowed to, in the order offered.
CHRONOLOGY_KINDS: dict[str, str] = {
    "offences": "Offences",
    "outcomes": "Outcomes",
    "interventions": "Interventions and panel decisions",
    "assessments": "Assessments",
    "plans": "Plans",
    "reviews": "Reviews",
    "oversight": "Management oversight",
    "contacts": "Contacts and enforcement",
    "victims": "Victims",
    "care": "Care status",
    "accommodation": "Accommodation",
    "ete": "Education, training and employment",
    "send": "Special educational needs",
    "health": "Health",
}


@dataclass(frozen=True)
class ChronologyEntry:
    """One thing that happened: when, what, who, and where to open it.

    ``url_name`` takes ``(reference, pk)``; it may name a page that does not
    exist (yet), so templates reverse it with ``{% url ... as x %}``."""

    date: dt.date
    kind: str
    what: str
    detail: str = ""
    who: str = ""
    url_name: str = ""
    pk: int | None = None
    order: tuple[Any, ...] = ()
    #: A follow-up the record invites (a warning or breach after a missed contact).
    action_url_name: str = ""
    action_label: str = ""

    @property
    def kind_label(self) -> str:
        return CHRONOLOGY_KINDS[self.kind]

    @property
    def changes_the_record(self) -> bool:
        """The link opens a form that changes the record (not a page to read it)."""
        return self.url_name.endswith("_edit")


def _creators(model: type[models.Model], ids: Iterable[int]) -> dict[int, tuple[Any, Any]]:
    """``{id: (who created it, when)}`` from the model's history."""
    ids = list(ids)
    if not ids:
        return {}
    rows = (
        model.history.model.objects.filter(id__in=ids, history_type="+")  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("history_date")
    )
    found: dict[int, tuple[Any, Any]] = {}
    for row in rows:
        found.setdefault(row.id, (row.history_user, row.history_date))
    return found


def _name(user: Any) -> str:
    return str(user) if user is not None else ""


def _when(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def chronology(child: Child, kinds: Sequence[str] = ()) -> list[ChronologyEntry]:
    """Everything on the child's record, newest first. ``kinds`` narrows it to some
    of :data:`CHRONOLOGY_KINDS` (all of them when empty)."""
    wanted = set(kinds) or set(CHRONOLOGY_KINDS)
    entries: list[ChronologyEntry] = []
    add = entries.append

    if "offences" in wanted:
        offences = list(child.offences.select_related("offence_type"))
        made = _creators(Offence, (o.pk for o in offences))
        for o in offences:
            add(
                ChronologyEntry(
                    o.date,
                    "offences",
                    f"Offence: {o.offence_type.name}",
                    f"Seriousness score {o.offence_type.gravity}. {o.description}".strip(),
                    _name(made.get(o.pk, (None,))[0]),
                    "casework:offence_edit",
                    o.pk,
                )
            )
    if "outcomes" in wanted:
        outcomes = list(
            child.outcomes.select_related("outcome_type").prefetch_related("offences__offence_type")
        )
        made = _creators(Outcome, (o.pk for o in outcomes))
        for o in outcomes:
            parts = []
            if o.offences.all():
                parts.append("For: " + "; ".join(x.offence_type.name for x in o.offences.all()))
            if o.length_months:
                parts.append(f"{o.length_months} months")
            if o.overturned:
                parts.append("Changed or overturned on appeal")
            add(
                ChronologyEntry(
                    o.date,
                    "outcomes",
                    f"Outcome: {o.outcome_type.name}",
                    ". ".join(parts),
                    _name(made.get(o.pk, (None,))[0]),
                    "casework:outcome_edit",
                    o.pk,
                )
            )
    if "interventions" in wanted:
        for i in child.interventions.select_related("outcome__outcome_type", "case_manager"):
            what = i.outcome.outcome_type.name if i.outcome_id else "Intervention"
            add(
                ChronologyEntry(
                    i.start,
                    "interventions",
                    f"Intervention started: {what}",
                    f"{i.get_level_display()} level",
                    f"Case manager: {i.case_manager}",
                    "casework:intervention_edit",
                    i.pk,
                )
            )
            if i.end:
                add(
                    ChronologyEntry(
                        i.end,
                        "interventions",
                        f"Intervention ended: {what}",
                        i.get_status_display(),
                        f"Case manager: {i.case_manager}",
                        "casework:intervention_edit",
                        i.pk,
                        (1,),
                    )
                )
            if i.referred_to_panel and i.panel_date:
                decision = i.get_panel_decision_display() or "awaiting decision"
                add(
                    ChronologyEntry(
                        i.panel_date,
                        "interventions",
                        f"Joint decision panel: {decision}",
                        i.panel_rationale,
                        ", ".join(i.panel_members.split("\n")).strip(", "),
                        "casework:intervention_edit",
                        i.pk,
                    )
                )
    if "assessments" in wanted:
        for a in child.assessments.select_related("author"):
            add(
                ChronologyEntry(
                    a.started,
                    "assessments",
                    f"{a.get_kind_display()} assessment started",
                    a.get_status_display(),
                    _name(a.author),
                    "casework:assessment",
                    a.pk,
                )
            )
            if a.completed:
                ratings = [
                    f"{label}: {value}"
                    for label, value in (
                        ("likelihood of reoffending", a.get_likelihood_of_reoffending_display()),
                        ("risk of serious harm", a.get_risk_of_serious_harm_display()),
                        ("safety and wellbeing", a.get_safety_and_wellbeing_display()),
                    )
                    if value
                ]
                add(
                    ChronologyEntry(
                        a.completed,
                        "assessments",
                        f"{a.get_kind_display()} assessment completed",
                        ("Ratings: " + ", ".join(ratings)) if ratings else "",
                        _name(a.author),
                        "casework:assessment",
                        a.pk,
                        (1,),
                    )
                )
    if "plans" in wanted:
        for p in child.plans.select_related("author"):
            add(
                ChronologyEntry(
                    _when(p.created_at),
                    "plans",
                    "Plan written",
                    p.get_status_display()
                    + (f". Review due {p.review_due:%-d %B %Y}" if p.review_due else ""),
                    _name(p.author),
                    "casework:plan",
                    p.pk,
                    (p.created_at.timestamp(),),
                )
            )
    if "reviews" in wanted:
        for r in child.reviews.select_related("author"):
            add(
                ChronologyEntry(
                    r.date,
                    "reviews",
                    f"Review: {r.get_trigger_display()}",
                    r.get_status_display(),
                    _name(r.author),
                    "casework:review",
                    r.pk,
                )
            )
    if "oversight" in wanted:
        oversight = Oversight.objects.filter(
            Q(assessment__child=child) | Q(plan__child=child) | Q(review__child=child)
        ).select_related("manager", "assessment", "plan", "review")
        for o in oversight:
            name, url_name = (
                ("assessment", "casework:assessment")
                if o.assessment_id
                else ("plan", "casework:plan")
                if o.plan_id
                else ("review", "casework:review")
            )
            add(
                ChronologyEntry(
                    _when(o.decided_at),
                    "oversight",
                    f"{o.get_decision_display()}: {name}",
                    o.comments,
                    _name(o.manager),
                    url_name,
                    o.work.pk,
                    (o.decided_at.timestamp(),),
                )
            )
    if "contacts" in wanted:
        contacts = child.contacts.select_related("recorded_by").annotate(
            actions=models.Count("enforcement")
        )
        for c in contacts:
            missed = c.outcome == ContactOutcome.DID_NOT_ATTEND and not c.actions
            add(
                ChronologyEntry(
                    c.date,
                    "contacts",
                    f"Contact: {c.get_kind_display()}, {c.get_outcome_display().lower()}",
                    c.notes,
                    _name(c.recorded_by),
                    "casework:contact_edit",
                    c.pk,
                    action_url_name="casework:enforcement_new" if missed else "",
                    action_label="Record a warning or breach" if missed else "",
                )
            )
        enforcement = EnforcementAction.objects.filter(contact__child=child).select_related(
            "contact"
        )
        made = _creators(EnforcementAction, (e.pk for e in enforcement))
        for e in enforcement:
            add(
                ChronologyEntry(
                    e.date,
                    "contacts",
                    f"Enforcement: {e.get_kind_display().lower()}",
                    f"After the missed contact on {e.contact.date:%-d %B %Y}. {e.notes}".strip(),
                    _name(made.get(e.pk, (None,))[0]),
                    "casework:enforcement_edit",
                    e.pk,
                    (1,),
                )
            )
    if "victims" in wanted:
        victims = list(child.victims.prefetch_related("offences"))
        made = _creators(Victim, (v.pk for v in victims))
        for v in victims:
            who, when = made.get(v.pk, (None, None))
            dates = [o.date for o in v.offences.all()]
            day = _when(when) if when else min(dates) if dates else _when(child.created_at)
            consent = {True: "consented to contact", False: "declined contact", None: ""}[
                v.consent_to_contact
            ]
            detail = ", ".join(
                x
                for x in (consent, f"restorative justice: {v.get_restorative_justice_display()}")
                if x
            )
            add(
                ChronologyEntry(
                    day,
                    "victims",
                    f"Victim recorded: {v.name}",
                    detail[:1].upper() + detail[1:],
                    _name(who),
                    "casework:victim_edit",
                    v.pk,
                )
            )
    simple_episodes: list[tuple[str, QuerySet[Any], str, Any]] = [
        (
            "care",
            child.care_episodes.all(),
            "casework:care_edit",
            lambda e: f"Care status: {e.get_status_display()}",
        ),
        (
            "accommodation",
            child.accommodation.select_related("accommodation_type"),
            "casework:accommodation_edit",
            lambda e: (
                f"Accommodation: {e.accommodation_type.name} "
                f"({e.get_suitability_display().lower()})"
            ),
        ),
        (
            "ete",
            child.ete.select_related("provision_type"),
            "casework:ete_edit",
            lambda e: (
                f"Education, training or employment: {e.provision_type.name} "
                f"({e.get_suitability_display().lower()})"
            ),
        ),
        (
            "health",
            child.health_episodes.all(),
            "casework:health_edit",
            lambda e: f"Health: {e.get_need_display().lower()}",
        ),
    ]
    for kind, queryset, url_name, title in simple_episodes:
        if kind not in wanted:
            continue
        episodes = list(queryset)
        made = _creators(queryset.model, (e.pk for e in episodes))
        for e in episodes:
            detail = f"Until {e.end:%-d %B %Y}" if e.end else "Ongoing"
            if kind == "ete" and e.hours_offered is not None:
                detail += f". {e.hours_attended or 0} of {e.hours_offered} hours a week attended"
            if kind == "health":
                detail += ". Need identified" if e.need_identified else ". No need identified"
            add(
                ChronologyEntry(
                    e.start,
                    kind,
                    title(e),
                    detail,
                    _name(made.get(e.pk, (None,))[0]),
                    url_name,
                    e.pk,
                )
            )
    if "send" in wanted:
        records = list(child.send_records.all())
        made = _creators(SendRecord, (s.pk for s in records))
        for s in records:
            add(
                ChronologyEntry(
                    dt.date(s.academic_year, 9, 1),
                    "send",
                    f"Special educational needs, {s.academic_year} to {s.academic_year + 1}",
                    ("Need identified" if s.need_identified else "No need identified")
                    + f". {s.get_formal_plan_display()}",
                    _name(made.get(s.pk, (None,))[0]),
                    "casework:send_edit",
                    s.pk,
                )
            )
    entries.sort(key=lambda e: (e.date, e.order, e.pk or 0), reverse=True)
    return entries


# --- the history ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    """One saved change to one record: who, when, what, and each field before and after."""

    when: dt.datetime
    who: Any
    action: str
    record_label: str
    record: str
    changes: list[FieldChange]


#: The child's own record and everything hanging off it, with how to find their
#: historical rows (the ids of deleted records are in the history tables, so
#: their history stays visible after they are gone).
_BY_CHILD: tuple[type[models.Model], ...] = (
    Offence,
    Outcome,
    Intervention,
    Contact,
    Victim,
    CareEpisode,
    AccommodationEpisode,
    EteEpisode,
    SendRecord,
    HealthEpisode,
    Assessment,
    Plan,
    Review,
)

_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
_RECORD_LABELS = {
    Child: "The child's details",
    CareEpisode: "Care status",
    AccommodationEpisode: "Accommodation",
    EteEpisode: "Education, training or employment",
    SendRecord: "Special educational needs",
    HealthEpisode: "Health",
    EnforcementAction: "Enforcement action",
    PillarAnalysis: "Assessment: pillar analysis",
    PlanAction: "Plan: action",
    Oversight: "Management oversight",
}
_HIDDEN_FIELDS = {"id", "child", "created_at", "updated_at"}


def _historical(model: type[models.Model]) -> Any:
    return model.history.model  # type: ignore[attr-defined]


def _history_rows(child: Child) -> list[tuple[Any, ...]]:
    """``(history_date, history_id, model)`` of every change to the child's records."""
    rows: list[tuple[Any, ...]] = []

    def collect(model: type[models.Model], condition: Q) -> list[int]:
        found = list(
            _historical(model)
            .objects.filter(condition)
            .values_list("history_date", "history_id", "id")
        )
        rows.extend((when, hid, model) for when, hid, _ in found)
        return sorted({record_id for _, _, record_id in found})

    collect(Child, Q(id=child.pk))
    ids = {model: collect(model, Q(child_id=child.pk)) for model in _BY_CHILD}
    collect(EnforcementAction, Q(contact_id__in=ids[Contact]))
    collect(PillarAnalysis, Q(assessment_id__in=ids[Assessment]))
    collect(PlanAction, Q(plan_id__in=ids[Plan]))
    collect(
        Oversight,
        Q(assessment_id__in=ids[Assessment])
        | Q(plan_id__in=ids[Plan])
        | Q(review_id__in=ids[Review]),
    )
    rows.sort(key=lambda r: (r[0], r[1]), reverse=True)
    return rows


class HistoryPage(Sequence[Any]):
    """The child's history as a sequence a paginator can slice, working out the
    before and after of only the changes on the page asked for."""

    def __init__(self, child: Child) -> None:
        self.rows = _history_rows(child)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [_history_entry(model, hid) for _, hid, model in self.rows[index]]
        _, hid, model = self.rows[index]
        return _history_entry(model, hid)


def child_history(child: Child) -> HistoryPage:
    """Every change to the child's record, newest first: pass it to a paginator."""
    return HistoryPage(child)


def _history_entry(model: type[models.Model], history_id: int) -> HistoryEntry:
    record = _historical(model).objects.select_related("history_user").get(history_id=history_id)
    previous = record.prev_record
    changes: list[FieldChange] = []
    if previous is None or record.history_type == "+":
        if record.history_type != "-":
            changes = [
                FieldChange(label, "", after)
                for f in _fields(model)
                for label, after in [
                    (_label(model, f.name), _display(model, f.name, getattr(record, f.attname)))
                ]
                # Leave out what was left empty or unticked: a new record lists what was put in.
                if after and not (after == "No" and f.has_default())
            ]
    elif record.history_type == "~":
        delta = record.diff_against(previous)
        for change in delta.changes:
            if change.field in _HIDDEN_FIELDS:
                continue
            changes.append(
                FieldChange(
                    _label(model, change.field),
                    _display(model, change.field, change.old),
                    _display(model, change.field, change.new),
                )
            )
    return HistoryEntry(
        when=record.history_date,
        who=record.history_user,
        action=_ACTIONS.get(record.history_type, record.history_type),
        record_label=_RECORD_LABELS.get(model, str(model._meta.verbose_name).capitalize()),
        record=_record_name(record),
        changes=changes,
    )


def _record_name(record: Any) -> str:
    try:
        return str(record.instance)
    except Exception:  # a related record since deleted
        return f"{record._meta.verbose_name} {record.id}"


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in _HIDDEN_FIELDS and f.editable and not f.auto_created
    ]


def _label(model: type[models.Model], name: str) -> str:
    field_ = model._meta.get_field(name)
    return str(getattr(field_, "verbose_name", name)).capitalize()


def _display(model: type[models.Model], name: str, value: Any) -> str:
    """A value as a person reads it: choice labels, names of related records, dates."""
    field_ = model._meta.get_field(name)
    if isinstance(field_, models.ManyToManyField):
        target = field_.related_model
        column = field_.m2m_reverse_field_name()
        ids = [row[column] for row in value or []]
        found = target._default_manager.in_bulk(ids)  # type: ignore[attr-defined]
        names = [str(found[i]) if i in found else f"deleted ({i})" for i in ids]
        return "; ".join(names)
    if value is None or value == "":
        return ""
    if isinstance(field_, models.ForeignKey):
        related = field_.related_model._default_manager.filter(pk=value).first()  # type: ignore[union-attr]
        return str(related) if related is not None else f"deleted ({value})"
    if field_.choices:
        return str(dict(field_.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%-d %B %Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


# --- choices for the forms --------------------------------------------------------------------


def staff_of_team(team: Team | None, *, also: Iterable[Any] = ()) -> QuerySet[Any]:
    """Active practitioners and team managers of ``team`` (plus ``also``, such as a
    case manager already named who has since moved team)."""
    condition = Q(
        role_assignments__team=team, role_assignments__role__in=[str(r) for r in TEAM_BASED]
    )
    extra = [u.pk for u in also if u is not None]
    if extra:
        condition |= Q(pk__in=extra)
    ids = User.objects.filter(condition, is_active=True).values("pk")
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")


def restrictable_staff(child: Child) -> QuerySet[Any]:
    """Who a restricted record can be opened by: the child's team, service managers,
    and anyone already named."""
    ids = User.objects.filter(
        Q(role_assignments__team=child.team_id, role_assignments__role__in=list(TEAM_BASED))
        | Q(role_assignments__role=Role.SERVICE_MANAGER)
        | Q(restricted_children=child)
    ).values("pk")
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")


def teams_for(user: Any, *, also: Team | None = None) -> QuerySet[Team]:
    """Teams ``user`` may put a child in: their own (any, for a service manager)."""
    if user.has_role(Role.SERVICE_MANAGER):
        return Team.objects.all()
    ids = set(user.teams_as(*TEAM_BASED))
    if also is not None:
        ids.add(also.pk)
    return Team.objects.filter(pk__in=ids)


def open_intervention(child: Child) -> Intervention | None:
    """The child's current intervention: the open one that started last."""
    return (
        child.interventions.filter(status=InterventionStatus.OPEN).order_by("-start", "-pk").first()
    )
