"""The child's chronology: everything on the record, newest first, as plain data.

Each kind of record has one small entry builder (``offence_entries``,
``outcome_entries``, ...) that reads the child's records of that kind and returns
:class:`ChronologyEntry` values: when, what, the detail, who, and which page opens
it (a URL name, reversed by whoever shows it). Nothing here knows about HTML: the
record page's template lays the entries out, and anything else that must list a
child's history (a subject-access export, say) reuses the same builders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, IntegerField, Q, QuerySet, Value
from django.utils import timezone

from childfirst.accounts.models import User
from childfirst.casework.models import (
    AccommodationEpisode,
    Address,
    AppointmentStatus,
    CareEpisode,
    Child,
    ContactOutcome,
    EnforcementAction,
    EnforcementKind,
    EteEpisode,
    FamilyMember,
    HealthEpisode,
    Offence,
    Outcome,
    Oversight,
    Professional,
    SendRecord,
    Victim,
)
from childfirst.casework.selectors.contacts import local_now
from childfirst.casework.selectors.loaded import related

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
    "appointments": "Appointments cancelled or not recorded",
    "network": "Family, carers and professionals",
    "addresses": "Addresses",
    "victims": "Victims",
    "care": "Care status",
    "accommodation": "Accommodation",
    "ete": "Education, training and employment",
    "send": "Special educational needs",
    "health": "Health",
    "documents": "Documents",
}


#: Kinds only those who may see the child's network see (``permissions.can_see_network``).
NETWORK_KINDS = frozenset({"appointments", "network", "addresses"})


def kinds_for(*, network: bool) -> dict[str, str]:
    """The kinds of record a person may see in the chronology."""
    return {k: v for k, v in CHRONOLOGY_KINDS.items() if network or k not in NETWORK_KINDS}


@dataclass(frozen=True)
class ChronologyEntry:
    """One thing that happened: when, what, who, and where to open it.

    ``url_name`` takes ``(reference, pk)``; it may name a page that does not
    exist (yet), so templates reverse it with ``{% url ... as x %}``. ``order``
    places entries of the same day (an end after its start)."""

    date: dt.date
    kind: str
    what: str
    detail: str = ""
    who: str = ""
    url_name: str = ""
    pk: int | None = None
    order: tuple[Any, ...] = ()
    #: A follow-up the record invites (an enforcement decision after a missed contact).
    action_url_name: str = ""
    action_label: str = ""
    #: The time of day, for what has one (a contact, an appointment).
    time: dt.time | None = None

    @property
    def changes_the_record(self) -> bool:
        """The link opens a form that changes the record (not a page to read it)."""
        return self.url_name.endswith("_edit")


Entries = list[ChronologyEntry]


#: Who created each record of the child, found for every kind at once while
#: :func:`chronology` runs its builders (``{model: {id: (who, when)}}``).
_KNOWN_CREATORS: ContextVar[dict[type[models.Model], dict[int, tuple[Any, Any]]] | None] = (
    ContextVar("known_creators", default=None)
)


def _creators(model: type[models.Model], ids: Iterable[int]) -> dict[int, tuple[Any, Any]]:
    """``{id: (who created it, when)}`` from the model's history."""
    ids = list(ids)
    if not ids:
        return {}
    known = _KNOWN_CREATORS.get()
    if known is not None and model in known:
        return {pk: known[model][pk] for pk in ids if pk in known[model]}
    rows = (
        model.history.model.objects.filter(id__in=ids, history_type="+")  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("history_date")
    )
    found: dict[int, tuple[Any, Any]] = {}
    for row in rows:
        found.setdefault(row.id, (row.history_user, row.history_date))
    return found


def _created_by(model: type[models.Model], records: list[Any]) -> dict[int, str]:
    """``{id: the name of whoever created it}`` for ``records``."""
    return {pk: _name(who) for pk, (who, _) in _creators(model, (r.pk for r in records)).items()}


def _name(user: Any) -> str:
    return str(user) if user is not None else ""


def _when(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _long_date(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


# --- one builder for each kind of record --------------------------------------------------


def offence_entries(child: Child) -> Entries:
    offences = list(child.offences.select_related("offence_type"))
    made = _created_by(child.offences.model, offences)
    return [
        ChronologyEntry(
            o.date,
            "offences",
            f"Offence: {o.offence_type.name}",
            f"Seriousness score {o.offence_type.gravity}. {o.description}".strip(),
            made.get(o.pk, ""),
            "casework:offence_edit",
            o.pk,
        )
        for o in offences
    ]


def outcome_entries(child: Child) -> Entries:
    outcomes = list(related(child, "outcomes"))
    made = _created_by(child.outcomes.model, outcomes)
    entries = []
    for o in outcomes:
        parts = []
        if o.offences.all():
            parts.append("For: " + "; ".join(x.offence_type.name for x in o.offences.all()))
        if o.length_months:
            parts.append(f"{o.length_months} months")
        if o.overturned:
            parts.append("Changed or overturned on appeal")
        entries.append(
            ChronologyEntry(
                o.date,
                "outcomes",
                f"Outcome: {o.outcome_type.name}",
                ". ".join(parts),
                made.get(o.pk, ""),
                "casework:outcome_edit",
                o.pk,
            )
        )
    return entries


def intervention_entries(child: Child) -> Entries:
    """Its start, its end, and the joint decision panel where it was referred."""
    entries = []
    for i in related(child, "interventions"):
        what = i.outcome.outcome_type.name if i.outcome_id else "Intervention"
        manager = f"Case manager: {i.case_manager}"
        link = ("casework:intervention_edit", i.pk)
        entries.append(
            ChronologyEntry(
                i.start,
                "interventions",
                f"Intervention started: {what}",
                f"{i.get_level_display()} level",
                manager,
                *link,
            )
        )
        if i.end:
            entries.append(
                ChronologyEntry(
                    i.end,
                    "interventions",
                    f"Intervention ended: {what}",
                    i.get_status_display(),
                    manager,
                    *link,
                    (1,),
                )
            )
        if i.referred_to_panel and i.panel_date:
            decision = i.get_panel_decision_display() or "awaiting decision"
            score = f"NPCC gravity score {i.panel_gravity_score}. " if i.panel_gravity_score else ""
            members = [i.panel_police_member, i.panel_yjs_member, *i.panel_members.split("\n")]
            entries.append(
                ChronologyEntry(
                    i.panel_date,
                    "interventions",
                    f"Joint decision panel: {decision}",
                    f"{score}{i.panel_rationale}".strip(),
                    ", ".join(m.strip() for m in members if m.strip()),
                    "casework:panel_pack",
                    i.pk,
                )
            )
    return entries


def assessment_entries(child: Child) -> Entries:
    """When it started and, once completed, when, with its ratings."""
    entries = []
    for a in related(child, "assessments"):
        title = a.get_kind_display().removesuffix(" assessment")
        entries.append(
            ChronologyEntry(
                a.started,
                "assessments",
                f"{title} assessment started",
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
            entries.append(
                ChronologyEntry(
                    a.completed,
                    "assessments",
                    f"{title} assessment completed",
                    ("Ratings: " + ", ".join(ratings)) if ratings else "",
                    _name(a.author),
                    "casework:assessment",
                    a.pk,
                    (1,),
                )
            )
    return entries


def plan_entries(child: Child) -> Entries:
    return [
        ChronologyEntry(
            _when(p.created_at),
            "plans",
            "Plan written",
            p.get_status_display()
            + (f". Review due {_long_date(p.review_due)}" if p.review_due else ""),
            _name(p.author),
            "casework:plan",
            p.pk,
            (p.created_at.timestamp(),),
        )
        for p in related(child, "plans")
    ]


def review_entries(child: Child) -> Entries:
    return [
        ChronologyEntry(
            r.date,
            "reviews",
            f"Review: {r.get_trigger_display()}",
            r.get_status_display(),
            _name(r.author),
            "casework:review",
            r.pk,
        )
        for r in related(child, "reviews")
    ]


def oversight_ids(child: Child) -> QuerySet[Any]:
    """The ids of the oversight of the child's assessments, plans and reviews: a union of
    three lookups, each by its own index (an ``OR`` across the three joins used none,
    reading every oversight row of the service to find the child's)."""

    def of(relation: str) -> QuerySet[Any]:
        return Oversight.objects.filter(**{f"{relation}__child": child}).order_by().values("pk")

    return of("assessment").union(of("plan"), of("review"), all=True)


def oversight_entries(child: Child) -> Entries:
    """Each manager's countersignature or return, opening the work it was about."""
    oversight = Oversight.objects.filter(pk__in=oversight_ids(child)).select_related(
        "manager", "assessment", "plan", "review"
    )
    entries = []
    for o in oversight:
        name = "assessment" if o.assessment_id else "plan" if o.plan_id else "review"
        entries.append(
            ChronologyEntry(
                _when(o.decided_at),
                "oversight",
                f"{o.get_decision_display()}: {name}",
                o.comments,
                _name(o.manager),
                f"casework:{name}",
                o.work.pk,
                (o.decided_at.timestamp(),),
            )
        )
    return entries


def _minutes(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} hour{'s' if hours > 1 else ''} {rest} minutes"
    if hours:
        return f"{hours} hour{'s' if hours > 1 else ''}"
    return f"{minutes} minute{'s' if minutes > 1 else ''}"


def contact_detail(contact: Any) -> str:
    """How long, where, who else was there, and the notes, in a line."""
    how = ", ".join(x for x in (_minutes(contact.duration_minutes), contact.location) if x)
    people = [str(p) for p in contact.family_present.all()]
    people += [str(p) for p in contact.professionals_present.all()]
    if contact.attendees.strip():
        people.append(" ".join(contact.attendees.split()))
    parts = [how[:1].upper() + how[1:], f"With: {'; '.join(people)}" if people else ""]
    return ". ".join(x for x in (*parts, contact.notes.strip()) if x)


def contact_entries(child: Child) -> Entries:
    """Contacts (a missed one invites an enforcement decision) and the decisions after them."""
    entries = []
    contacts = (
        child.contacts.select_related("recorded_by")
        .prefetch_related("family_present", "professionals_present")
        .annotate(actions=Count("enforcement"))
    )
    for c in contacts:
        missed = c.outcome == ContactOutcome.DID_NOT_ATTEND and not c.actions
        entries.append(
            ChronologyEntry(
                c.date,
                "contacts",
                f"Contact: {c.get_kind_display()}, {c.get_outcome_display().lower()}",
                contact_detail(c),
                _name(c.recorded_by),
                "casework:contact_edit",
                c.pk,
                (0, c.time.hour * 60 + c.time.minute) if c.time else (),
                action_url_name="casework:enforcement_new" if missed else "",
                action_label="Decide on enforcement" if missed else "",
                time=c.time,
            )
        )
    enforcement = list(
        EnforcementAction.objects.filter(contact__child=child).select_related("contact")
    )
    made = _created_by(EnforcementAction, enforcement)
    for e in enforcement:
        entries.append(
            ChronologyEntry(
                e.date,
                "contacts",
                "Enforcement: no warning or breach"
                if e.kind == EnforcementKind.NO_ACTION
                else f"Enforcement: {e.get_kind_display().lower()}",
                f"After the missed contact on {_long_date(e.contact.date)}. {e.notes}".strip(),
                made.get(e.pk, ""),
                "casework:enforcement_edit",
                e.pk,
                (1,),
            )
        )
    return entries


def appointment_entries(child: Child, now: dt.datetime | None = None) -> Entries:
    """Appointments cancelled, and those whose time has passed with nothing recorded (which
    invite "record what happened"). Appointments still to come are on the record's list of
    appointments, not here; recorded ones are here as their contacts."""
    moment = local_now(now)
    entries = []
    appointments = child.appointments.exclude(status=AppointmentStatus.RECORDED).select_related(
        "created_by"
    )
    for a in appointments:
        where = f" at {a.location}" if a.location else ""
        if a.status == AppointmentStatus.CANCELLED:
            what, detail, link, action = "Appointment cancelled", a.cancellation_reason, "", ""
        elif a.not_recorded_by(moment):
            what = "Appointment not recorded yet"
            detail = ". ".join(x for x in (f"Planned{where}", a.notes.strip()) if x)
            link, action = "casework:appointment_edit", "casework:appointment_record"
        else:
            continue
        entries.append(
            ChronologyEntry(
                a.date,
                "appointments",
                f"{what}: {a.get_kind_display()}",
                detail,
                _name(a.created_by),
                link,
                a.pk,
                (0, a.time.hour * 60 + a.time.minute),
                action_url_name=action,
                action_label="Record what happened" if action else "",
                time=a.time,
            )
        )
    return entries


def _parental_responsibility(person: Any) -> str:
    known = {True: "Holds parental responsibility", False: "No parental responsibility"}
    return known.get(person.parental_responsibility, "Parental responsibility not known")


def network_entries(child: Child) -> Entries:
    """Family, carers and professionals: when they were added (a professional, from when
    they became involved, if known) and when they stopped being involved."""
    entries = []
    for noun, records, link in (
        ("Family member or carer", child.family.all(), "casework:family_edit"),
        ("Professional", child.professionals.all(), "casework:professional_edit"),
    ):
        people = list(records)
        made = _creators(records.model, (p.pk for p in people))
        for p in people:
            who, when = made.get(p.pk, (None, p.created_at))
            added = _when(when)
            if records.model is FamilyMember:
                lives = "Lives with the child" if p.lives_with_child else ""
                facts = [_parental_responsibility(p), lives]
            else:
                facts, added = [p.organisation], p.start or added
            entries.append(
                ChronologyEntry(
                    added,
                    "network",
                    f"{noun} added: {p}",
                    ". ".join(f for f in facts if f),
                    _name(who),
                    link,
                    p.pk,
                )
            )
            if p.end:
                entries.append(
                    ChronologyEntry(
                        p.end, "network", f"No longer involved: {p}", "", "", link, p.pk, (1,)
                    )
                )
    return entries


def address_entries(child: Child) -> Entries:
    """Each address from the day the child moved in: "Until ..." or "Current address"."""
    addresses = list(child.addresses.all())
    made = _created_by(child.addresses.model, addresses)
    return [
        ChronologyEntry(
            a.start,
            "addresses",
            f"Address: {a}",
            f"Until {_long_date(a.end)}" if a.end else "Current address",
            made.get(a.pk, ""),
            "casework:address_edit",
            a.pk,
        )
        for a in addresses
    ]


def victim_entries(child: Child) -> Entries:
    """Dated when recorded (else by their offences, else when the child was added)."""
    victims = list(related(child, "victims"))
    made = _creators(child.victims.model, (v.pk for v in victims))
    entries = []
    for v in victims:
        who, when = made.get(v.pk, (None, None))
        dates = [o.date for o in v.offences.all()]
        day = _when(when) if when else min(dates) if dates else _when(child.created_at)
        consent = {True: "consented to contact", False: "declined contact", None: ""}[
            v.consent_to_contact
        ]
        detail = ", ".join(
            x for x in (consent, f"restorative justice: {v.get_restorative_justice_display()}") if x
        )
        entries.append(
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
    return entries


def _episode_entries(
    kind: str,
    episodes: QuerySet[Any],
    url_name: str,
    title: Callable[[Any], str],
    more: Callable[[Any], str] = lambda e: "",
) -> Entries:
    """A dated episode (care, accommodation, ETE, health): from its start, until its end."""
    found = list(episodes)
    made = _created_by(episodes.model, found)
    return [
        ChronologyEntry(
            e.start,
            kind,
            title(e),
            (f"Until {_long_date(e.end)}" if e.end else "Ongoing") + more(e),
            made.get(e.pk, ""),
            url_name,
            e.pk,
        )
        for e in found
    ]


def care_entries(child: Child) -> Entries:
    return _episode_entries(
        "care",
        child.care_episodes.all(),
        "casework:care_edit",
        lambda e: f"Care status: {e.get_status_display()}",
    )


def accommodation_entries(child: Child) -> Entries:
    return _episode_entries(
        "accommodation",
        related(child, "accommodation"),
        "casework:accommodation_edit",
        lambda e: (
            f"Accommodation: {e.accommodation_type.name} ({e.get_suitability_display().lower()})"
        ),
    )


def ete_entries(child: Child) -> Entries:
    return _episode_entries(
        "ete",
        related(child, "ete"),
        "casework:ete_edit",
        lambda e: (
            f"Education, training or employment: {e.provision_type.name} "
            f"({e.get_suitability_display().lower()})"
        ),
        lambda e: (
            f". {e.hours_attended or 0} of {e.hours_offered} hours a week attended"
            if e.hours_offered is not None
            else ""
        ),
    )


def health_entries(child: Child) -> Entries:
    return _episode_entries(
        "health",
        child.health_episodes.all(),
        "casework:health_edit",
        lambda e: f"Health: {e.get_need_display().lower()}",
        lambda e: ". Need identified" if e.need_identified else ". No need identified",
    )


def send_entries(child: Child) -> Entries:
    """One a school year, dated the first of September."""
    records = list(child.send_records.all())
    made = _created_by(SendRecord, records)
    return [
        ChronologyEntry(
            dt.date(s.academic_year, 9, 1),
            "send",
            f"Special educational needs, {s.academic_year} to {s.academic_year + 1}",
            ("Need identified" if s.need_identified else "No need identified")
            + f". {s.get_formal_plan_display()}",
            made.get(s.pk, ""),
            "casework:send_edit",
            s.pk,
        )
        for s in records
    ]


def document_entries(child: Child) -> Entries:
    """When each document was added and, if it was, removed (and why), opening its page.
    Only for people who may see the child's documents (``can_view_documents``)."""
    entries = []
    documents = related(child, "documents")
    for d in documents:
        entries.append(
            ChronologyEntry(
                _when(d.uploaded_at),
                "documents",
                f"Document added: {d.title}",
                f"{d.get_category_display()}, dated {_long_date(d.date)}. {d.describe()}",
                _name(d.uploaded_by),
                "casework:document",
                d.pk,
                (d.uploaded_at.timestamp(),),
            )
        )
        if d.removed_at:
            entries.append(
                ChronologyEntry(
                    _when(d.removed_at),
                    "documents",
                    f"Document removed: {d.title}",
                    f"Why: {d.removal_reason}",
                    _name(d.removed_by),
                    "casework:document",
                    d.pk,
                    (d.removed_at.timestamp(),),
                )
            )
    return entries


#: Each kind's builder. Entries of the same day and order keep this order, newest first.
BUILDERS: dict[str, Callable[[Child], Entries]] = {
    "offences": offence_entries,
    "outcomes": outcome_entries,
    "interventions": intervention_entries,
    "assessments": assessment_entries,
    "plans": plan_entries,
    "reviews": review_entries,
    "oversight": oversight_entries,
    "contacts": contact_entries,
    "appointments": appointment_entries,
    "network": network_entries,
    "addresses": address_entries,
    "victims": victim_entries,
    "care": care_entries,
    "accommodation": accommodation_entries,
    "ete": ete_entries,
    "health": health_entries,
    "send": send_entries,
    "documents": document_entries,
}


#: The models whose creators each kind's builder names (from their history).
CREATED: dict[str, tuple[type[models.Model], ...]] = {
    "offences": (Offence,),
    "outcomes": (Outcome,),
    "contacts": (EnforcementAction,),
    "network": (FamilyMember, Professional),
    "addresses": (Address,),
    "victims": (Victim,),
    "care": (CareEpisode,),
    "accommodation": (AccommodationEpisode,),
    "ete": (EteEpisode,),
    "health": (HealthEpisode,),
    "send": (SendRecord,),
}


def creators_of(
    child: Child, found: Sequence[type[models.Model]]
) -> dict[type[models.Model], dict[int, tuple[Any, Any]]]:
    """Who created each of the child's records of the models ``found``, and when: one
    query (a union of the history tables' creations) and one for the people, where each
    model alone took one."""
    if not found:
        return {}

    def created(model: type[models.Model]) -> Any:
        mine = Q(contact__child=child) if model is EnforcementAction else Q(child_id=child.pk)
        return (
            model.history.model.objects.filter(mine, history_type="+")  # type: ignore[attr-defined]
            .order_by()
            .annotate(model=Value(found.index(model), output_field=IntegerField()))
            .values_list("model", "id", "history_user_id", "history_date")
        )

    rows = sorted(
        created(found[0]).union(*(created(m) for m in found[1:]), all=True),
        key=lambda row: row[3],
    )
    people = User.objects.in_bulk({row[2] for row in rows if row[2] is not None})
    known: dict[type[models.Model], dict[int, tuple[Any, Any]]] = {m: {} for m in found}
    for model, pk, user_id, when in rows:
        known[found[model]].setdefault(pk, (people.get(user_id), when))
    return known


def chronology(child: Child, kinds: Sequence[str] = (), *, network: bool = True) -> Entries:
    """Everything on the child's record, newest first. ``kinds`` narrows it to some
    of :data:`CHRONOLOGY_KINDS` (all of them when empty); without ``network``, the
    child's network and appointments are left out. Who created each record is found
    for every kind at once (:func:`creators_of`) before the builders run."""
    wanted = (set(kinds) or set(CHRONOLOGY_KINDS)) & set(kinds_for(network=network))
    found = [model for kind in BUILDERS if kind in wanted for model in CREATED.get(kind, ())]
    token = _KNOWN_CREATORS.set(creators_of(child, found))
    try:
        entries = [e for kind, build in BUILDERS.items() if kind in wanted for e in build(child)]
    finally:
        _KNOWN_CREATORS.reset(token)
    entries.sort(key=lambda e: (e.date, e.order, e.pk or 0), reverse=True)
    return entries
