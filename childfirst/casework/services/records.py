"""Writes to the child's record: the child's details and each record kept about them.

Each function follows the service convention (``docs/architecture.md``):
``verb_noun(*, actor, <the record acted on>, data)``, keyword-only, where ``data``
maps model fields to values (a form's ``cleaned_data``). Each is one transaction:
it checks first that ``actor`` may change the child's record
(``permissions.can_edit_child``), the model is validated with ``full_clean()``
before it is saved, many-to-many links are set inside the same transaction, and a
refusal raises :class:`~childfirst.casework.errors.CaseworkError` (its errors keyed
by field, so a form can show them against the right question), leaving nothing
half-saved. The acting person is written to the record's history whether or not
there is a web request.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Length
from django.utils import timezone

from childfirst.accounts.models import Role, User
from childfirst.accounts.permissions import TEAM_BASED
from childfirst.casework.bounds import long_date
from childfirst.casework.errors import CaseworkError, NotAllowed, NotEditable, PossibleDuplicate
from childfirst.casework.models import (
    AccommodationEpisode,
    Address,
    Appointment,
    AppointmentStatus,
    CareEpisode,
    Child,
    Contact,
    ContactOutcome,
    EnforcementAction,
    EteEpisode,
    FamilyMember,
    HealthEpisode,
    Intervention,
    Offence,
    Outcome,
    Professional,
    RestrictionRequest,
    SendRecord,
    Victim,
)
from childfirst.casework.permissions import can_add_child, can_edit_child, can_restrict
from childfirst.casework.references import PATTERN, format_reference, reference_number
from childfirst.casework.selectors.choices import restrictable_staff
from childfirst.casework.selectors.records import possible_duplicates

M = TypeVar("M", bound=models.Model)
Data = Mapping[str, Any]

#: Fields a caller may never set through these functions: which child a record
#: belongs to is fixed when it is made, and so is who made it.
_FIXED = frozenset({"id", "child", "contact", "recorded_by", "created_by", "created_at"})


def _apply(instance: models.Model, data: Mapping[str, Any]) -> dict[str, Iterable[Any]]:
    """Set ``data`` on ``instance``; return the many-to-many values to set after saving."""
    m2m: dict[str, Iterable[Any]] = {}
    for name, value in data.items():
        if name in _FIXED:
            raise TypeError(f"{name} cannot be changed here")
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            raise TypeError(f"{type(instance).__name__} has no field {name}") from None
        if field.many_to_many:
            m2m[name] = list(value or [])
        elif field.concrete and not field.auto_created:
            setattr(instance, name, value)
        else:
            raise TypeError(f"{name} cannot be set")
    return m2m


def _save(instance: M, actor: User, data: Data) -> M:
    """Validate and save ``instance`` with ``data``, and its many-to-many links, at once.

    On an existing record the links are set first without a history row of their
    own, so the one history row of the save holds the whole change; a new record
    needs its row first, so its links follow as a second change."""
    m2m = _apply(instance, data)
    try:
        instance.full_clean()
    except ValidationError as error:
        raise CaseworkError.from_validation_error(error) from None
    instance._history_user = actor  # type: ignore[attr-defined]
    with transaction.atomic():
        if instance.pk is None:
            instance.save()
            for name, values in m2m.items():
                getattr(instance, name).set(values)
        else:
            if m2m:
                instance.skip_history_when_saving = True  # type: ignore[attr-defined]
                try:
                    for name, values in m2m.items():
                        getattr(instance, name).set(values)
                finally:
                    del instance.skip_history_when_saving  # type: ignore[attr-defined]
            instance.save()
    return instance


def _own_offences(child: Child, offences: Iterable[Offence], field: str = "offences") -> None:
    strangers = [o for o in offences if o.child_id != child.pk]
    if strangers:
        raise CaseworkError(fields={field: "Select only this child's offences"})


# --- the child ---------------------------------------------------------------------------------


def _check_editor(actor: User, child: Child) -> None:
    if not can_edit_child(actor, child):
        raise NotAllowed("You cannot change this child's record")


def next_child_reference() -> str:
    """The next free reference: one more than the highest ``CF-`` number in use."""
    last = (
        Child.objects.filter(reference__regex=PATTERN)
        .annotate(length=Length("reference"))
        .order_by("-length", "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    return format_reference(reference_number(last) + 1 if last else 1)


def _check_team(actor: User, team: Any, current: Any = None) -> None:
    if team is None:
        raise CaseworkError(fields={"team": "Select the team"})
    if actor.has_role(Role.SERVICE_MANAGER):
        return
    if team.pk in actor.teams_as(*TEAM_BASED) or (current is not None and team.pk == current.pk):
        return
    raise CaseworkError(fields={"team": "Select one of your own teams"})


_RESTRICTION = frozenset({"restricted", "restricted_to"})


def _no_restriction_in(data: Data) -> None:
    if _RESTRICTION & set(data):
        raise TypeError("A restriction is set with set_restriction, by a manager")


_IDENTITY = ("first_name", "last_name", "date_of_birth", *Child.IDENTIFIERS)


def _identity(values: Data) -> tuple[Any, ...]:
    """What a duplicate is found by, tidied as it is stored (names without case)."""
    found: list[Any] = []
    for name in _IDENTITY:
        value = values.get(name)
        if name in Child.IDENTIFIERS and value:
            with contextlib.suppress(ValueError):  # not an identifier: the form says so
                value = Child.IDENTIFIERS[name](value)
        found.append(value.strip().lower() if isinstance(value, str) else value)
    return tuple(found)


def _check_duplicates(data: Data, child: Child | None, confirmed_different: bool) -> None:
    """Refuse with the records that may be this child, unless ``confirmed_different``.
    A change that leaves the name, date of birth and identifiers as they were is not
    checked again (the record was saved as it is)."""
    if confirmed_different:
        return
    if child is not None:
        stored = {name: getattr(child, name) for name in _IDENTITY}
        data = {name: data.get(name, stored[name]) for name in _IDENTITY}
        if _identity(data) == _identity(stored):
            return
    matches = list(possible_duplicates(data, exclude=child))
    if matches:
        raise PossibleDuplicate(matches)


def create_child(*, actor: User, data: Data, confirmed_different: bool = False) -> Child:
    """Add a child with the next free reference, in one of ``actor``'s teams. Where
    another record has the same name and date of birth, or shares an identifier, the
    child is added only once ``actor`` confirms this is a different child."""
    if "reference" in data:
        raise TypeError("The reference is made here")
    if not can_add_child(actor):
        raise NotAllowed("Your role does not include adding children")
    _no_restriction_in(data)
    _check_team(actor, data.get("team"))
    _check_duplicates(data, None, confirmed_different)
    for attempt in range(5):
        child = Child(reference=next_child_reference())
        try:
            return _save(child, actor, data)
        except IntegrityError:
            # Someone else took the reference between reading and writing: try the next one.
            if attempt == 4 or not Child.objects.filter(reference=child.reference).exists():
                raise
    raise AssertionError("unreachable")


def update_child(
    *, actor: User, child: Child, data: Data, confirmed_different: bool = False
) -> Child:
    """Change the child's own details (never the reference); a change that makes the
    record match another child's needs the same confirmation as adding one."""
    if "reference" in data:
        raise TypeError("The reference never changes")
    _check_editor(actor, child)
    _no_restriction_in(data)
    if "team" in data:
        _check_team(actor, data["team"], current=Child.objects.get(pk=child.pk).team)
    _check_duplicates(data, Child.objects.get(pk=child.pk), confirmed_different)
    return _save(child, actor, data)


# --- restricting a record -----------------------------------------------------------------


@transaction.atomic
def request_restriction(*, actor: User, child: Child, reason: str) -> RestrictionRequest:
    """A practitioner asks the child's managers to restrict the record, saying why."""
    _check_editor(actor, child)
    reason = reason.strip()
    if not reason:
        raise CaseworkError(fields={"reason": "Say why the record should be restricted"})
    if child.restriction_requests.filter(outcome="").exists():
        raise CaseworkError("A request to restrict this record is already waiting for a manager")
    request = RestrictionRequest(child=child, requested_by=actor, reason=reason)
    request._history_user = actor  # type: ignore[attr-defined]
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def set_restriction(
    *, actor: User, child: Child, restricted: bool, named: Iterable[User] = ()
) -> Child:
    """Restrict the record to ``named`` staff (its team managers and the service managers
    keep it too), or lift the restriction. Only the child's team manager or a service
    manager may; any request waiting is answered. The history keeps every change."""
    if not can_restrict(actor, child):
        raise NotAllowed("Only the child's team manager or a service manager can do this")
    people = list(named) if restricted else []
    if restricted and not people:
        raise CaseworkError(fields={"restricted_to": "Select the staff who can open this record"})
    allowed = set(restrictable_staff(child).values_list("pk", flat=True))
    if any(person.pk not in allowed for person in people):
        raise CaseworkError(fields={"restricted_to": "Select the staff from the list"})
    child = _save(child, actor, {"restricted": restricted, "restricted_to": people})
    outcome = RestrictionRequest.Outcome.RESTRICTED if restricted else "not_restricted"
    for waiting in child.restriction_requests.filter(outcome=""):
        waiting.outcome, waiting.decided_by, waiting.decided_at = outcome, actor, timezone.now()
        waiting._history_user = actor  # type: ignore[attr-defined]
        waiting.save()
    return child


# --- records kept about the child ---------------------------------------------------------------
#
# Every record below is written by ``_write``, which first checks that ``actor`` may
# change the child's record.


def _write(child: Child, instance: M, actor: User, data: Data) -> M:
    _check_editor(actor, child)
    return _save(instance, actor, data)


def record_offence(*, actor: User, child: Child, data: Data) -> Offence:
    return _write(child, Offence(child=child), actor, data)


def update_offence(*, actor: User, offence: Offence, data: Data) -> Offence:
    return _write(offence.child, offence, actor, data)


def _check_outcome(child: Child, data: Data, outcome: Outcome | None = None) -> None:
    """The outcome's offences are the child's own, and none came after it."""
    offences = list(data["offences"] or []) if "offences" in data else []
    if outcome is not None and "offences" not in data:
        offences = list(outcome.offences.all())
    _own_offences(child, offences)
    day = data.get("date", outcome.date if outcome is not None else None)
    if day and any(o.date > day for o in offences):
        raise CaseworkError(
            fields={"date": "The date of the outcome must be on or after the date of its offences"}
        )


def record_outcome(*, actor: User, child: Child, data: Data) -> Outcome:
    _check_outcome(child, data)
    return _write(child, Outcome(child=child), actor, data)


def update_outcome(*, actor: User, outcome: Outcome, data: Data) -> Outcome:
    _check_outcome(outcome.child, data, outcome)
    return _write(outcome.child, outcome, actor, data)


def _check_intervention(child: Child, data: Data) -> None:
    outcome = data.get("outcome")
    if outcome is not None and outcome.child_id != child.pk:
        raise CaseworkError(fields={"outcome": "Select one of this child's outcomes"})


def record_intervention(*, actor: User, child: Child, data: Data) -> Intervention:
    _check_intervention(child, data)
    return _write(child, Intervention(child=child), actor, data)


def update_intervention(*, actor: User, intervention: Intervention, data: Data) -> Intervention:
    _check_intervention(intervention.child, data)
    return _write(intervention.child, intervention, actor, data)


def _check_contact(child: Child, data: Data) -> None:
    """The contact's intervention and the people from the network at it are the child's."""
    intervention = data.get("intervention")
    if intervention is not None and intervention.child_id != child.pk:
        raise CaseworkError(fields={"intervention": "Select one of this child's interventions"})
    for name in ("family_present", "professionals_present"):
        if any(person.child_id != child.pk for person in data.get(name) or []):
            raise CaseworkError(fields={name: "Select only people from this child's network"})


def record_contact(*, actor: User, child: Child, data: Data) -> Contact:
    """Log a contact with the child, recorded by ``actor``."""
    _check_contact(child, data)
    return _write(child, Contact(child=child, recorded_by=actor), actor, data)


def update_contact(*, actor: User, contact: Contact, data: Data) -> Contact:
    _check_contact(contact.child, data)
    if (
        data.get("outcome", contact.outcome) != ContactOutcome.DID_NOT_ATTEND
        and contact.enforcement.exists()
    ):
        raise CaseworkError(
            fields={
                "outcome": "This contact has an enforcement decision: it must stay 'did not attend'"
            }
        )
    return _write(contact.child, contact, actor, data)


def record_enforcement(*, actor: User, contact: Contact, data: Data) -> EnforcementAction:
    """The case manager's decision after a contact the child did not attend: a warning, a
    breach, or no warning or breach (saying why)."""
    return _write(contact.child, EnforcementAction(contact=contact), actor, data)


def update_enforcement(*, actor: User, action: EnforcementAction, data: Data) -> EnforcementAction:
    return _write(action.contact.child, action, actor, data)


# --- appointments: contacts planned, then recorded or cancelled ----------------------------------

#: What only the appointment's own services change: ``status`` (recording or cancelling
#: it) and the reason it was cancelled.
_APPOINTMENT_STATE = frozenset({"status", "cancellation_reason"})


def _check_appointment(child: Child, data: Data) -> None:
    if _APPOINTMENT_STATE & set(data):
        raise TypeError("An appointment is recorded or cancelled by its own services")
    intervention = data.get("intervention")
    if intervention is not None and intervention.child_id != child.pk:
        raise CaseworkError(fields={"intervention": "Select one of this child's interventions"})


def _still_planned(appointment: Appointment) -> Appointment:
    """The appointment as stored, locked until the transaction ends, if it is still
    planned: once recorded or cancelled it cannot be changed, recorded or cancelled."""
    stored = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if stored.status == AppointmentStatus.RECORDED:
        raise NotEditable("This appointment has been recorded: change the contact instead")
    if stored.status == AppointmentStatus.CANCELLED:
        raise NotEditable("This appointment was cancelled: make a new one instead")
    return stored


def make_appointment(*, actor: User, child: Child, data: Data) -> Appointment:
    """Plan a contact with the child, for today or later, made by ``actor``."""
    _check_appointment(child, data)
    return _write(child, Appointment(child=child, created_by=actor), actor, data)


def update_appointment(*, actor: User, appointment: Appointment, data: Data) -> Appointment:
    """Change a planned appointment (moving it to another day: today or later)."""
    _check_editor(actor, appointment.child)
    _check_appointment(appointment.child, data)
    with transaction.atomic():
        _still_planned(appointment)
        return _save(appointment, actor, data)


def cancel_appointment(*, actor: User, appointment: Appointment, reason: str) -> Appointment:
    """Cancel a planned appointment, saying why."""
    _check_editor(actor, appointment.child)
    reason = reason.strip()
    if not reason:
        raise CaseworkError(fields={"reason": "Say why the appointment is cancelled"})
    with transaction.atomic():
        stored = _still_planned(appointment)
        return _save(
            stored, actor, {"status": AppointmentStatus.CANCELLED, "cancellation_reason": reason}
        )


def record_appointment_contact(*, actor: User, appointment: Appointment, data: Data) -> Contact:
    """Record what happened at a planned appointment: the contact (``data``, a contact's
    fields: whether the child attended, when, how long, who was there) is made, recorded by
    ``actor``, and the appointment is marked recorded and linked to it, at once."""
    child = appointment.child
    _check_editor(actor, child)
    _check_contact(child, data)
    with transaction.atomic():
        stored = _still_planned(appointment)
        contact = _save(Contact(child=child, recorded_by=actor), actor, data)
        stored.status = AppointmentStatus.RECORDED
        stored.contact = contact
        stored._history_user = actor  # type: ignore[attr-defined]
        stored.save()
    appointment.refresh_from_db()
    return contact


# --- the child's network ---------------------------------------------------------------------


def record_family_member(*, actor: User, child: Child, data: Data) -> FamilyMember:
    return _write(child, FamilyMember(child=child), actor, data)


def update_family_member(*, actor: User, person: FamilyMember, data: Data) -> FamilyMember:
    return _write(person.child, person, actor, data)


def record_professional(*, actor: User, child: Child, data: Data) -> Professional:
    return _write(child, Professional(child=child), actor, data)


def update_professional(*, actor: User, person: Professional, data: Data) -> Professional:
    return _write(person.child, person, actor, data)


def _other_current_address(address: Address, starts: Any, ends: Any) -> Address | None:
    """The child's current address (no date moved out) that ``address`` would overlap, if
    ``address`` is to be current too; refused if it started on or after this one."""
    if ends is not None or starts is None:
        return None
    other = (
        Address.objects.filter(child_id=address.child_id, end__isnull=True)
        .exclude(pk=address.pk)
        .select_for_update()
        .first()
    )
    if other is None:
        return None
    if other.start >= starts:
        raise CaseworkError(
            fields={
                "end": f"The child's current address, {other}, is from "
                f"{long_date(other.start)}: enter the date the child moved out of this one"
            }
        )
    return other


def _save_address(address: Address, actor: User, data: Data) -> Address:
    """One current address at a time: a new current address ends the one before it the
    day before the child moved in, in the same transaction."""
    _check_editor(actor, address.child)
    starts, ends = data.get("start", address.start), data.get("end", address.end)
    with transaction.atomic():
        other = _other_current_address(address, starts, ends)
        if other is not None:
            _save(other, actor, {"end": starts - dt.timedelta(days=1)})
        return _save(address, actor, data)


def record_address(*, actor: User, child: Child, data: Data) -> Address:
    """Add an address the child lives or lived at. If it is current (no date moved out)
    and the child has a current address from before, that one ends the day before."""
    return _save_address(Address(child=child), actor, data)


def update_address(*, actor: User, address: Address, data: Data) -> Address:
    return _save_address(address, actor, data)


def record_victim(*, actor: User, child: Child, data: Data) -> Victim:
    _own_offences(child, data.get("offences") or [])
    return _write(child, Victim(child=child), actor, data)


def update_victim(*, actor: User, victim: Victim, data: Data) -> Victim:
    _own_offences(victim.child, data.get("offences") or [])
    return _write(victim.child, victim, actor, data)


def record_care_episode(*, actor: User, child: Child, data: Data) -> CareEpisode:
    return _write(child, CareEpisode(child=child), actor, data)


def update_care_episode(*, actor: User, episode: CareEpisode, data: Data) -> CareEpisode:
    return _write(episode.child, episode, actor, data)


def record_accommodation(*, actor: User, child: Child, data: Data) -> AccommodationEpisode:
    return _write(child, AccommodationEpisode(child=child), actor, data)


def update_accommodation(
    *, actor: User, episode: AccommodationEpisode, data: Data
) -> AccommodationEpisode:
    return _write(episode.child, episode, actor, data)


def record_ete(*, actor: User, child: Child, data: Data) -> EteEpisode:
    return _write(child, EteEpisode(child=child), actor, data)


def update_ete(*, actor: User, episode: EteEpisode, data: Data) -> EteEpisode:
    return _write(episode.child, episode, actor, data)


def _check_send_year(child: Child, data: Data, pk: int | None = None) -> None:
    year = data.get("academic_year")
    taken = SendRecord.objects.filter(child=child, academic_year=year).exclude(pk=pk)
    if year is not None and taken.exists():
        raise CaseworkError(
            fields={
                "academic_year": f"There is already a record for {year} to {year + 1}: "
                "change that one"
            }
        )


def record_send(*, actor: User, child: Child, data: Data) -> SendRecord:
    _check_send_year(child, data)
    return _write(child, SendRecord(child=child), actor, data)


def update_send(*, actor: User, record: SendRecord, data: Data) -> SendRecord:
    _check_send_year(record.child, data, record.pk)
    return _write(record.child, record, actor, data)


def record_health_episode(*, actor: User, child: Child, data: Data) -> HealthEpisode:
    return _write(child, HealthEpisode(child=child), actor, data)


def update_health_episode(*, actor: User, episode: HealthEpisode, data: Data) -> HealthEpisode:
    return _write(episode.child, episode, actor, data)
