"""Writes to the child's record: the child's details and each record kept about them.

Each function is one transaction: the model is validated with ``full_clean()``
before it is saved, many-to-many links are set inside the same transaction, and
a :class:`~django.core.exceptions.ValidationError` (keyed by field, so a form can
show it against the right question) leaves nothing half-saved. The acting user
is written to the record's history whether or not there is a web request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Length

from childfirst.accounts.models import Role
from childfirst.casework.models import (
    AccommodationEpisode,
    CareEpisode,
    Child,
    Contact,
    ContactOutcome,
    EnforcementAction,
    EteEpisode,
    HealthEpisode,
    Intervention,
    Offence,
    Outcome,
    SendRecord,
    Victim,
)
from childfirst.casework.permissions import TEAM_BASED

M = TypeVar("M", bound=models.Model)

REFERENCE_PREFIX = "CF-"
REFERENCE_DIGITS = 6
#: Fields a caller may never set through these functions: which child a record
#: belongs to is fixed when it is made.
_FIXED = frozenset({"id", "child", "contact", "recorded_by", "created_at"})


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


def _save(instance: M, user: Any, data: Mapping[str, Any]) -> M:
    """Validate and save ``instance`` with ``data``, and its many-to-many links, at once.

    On an existing record the links are set first without a history row of their
    own, so the one history row of the save holds the whole change; a new record
    needs its row first, so its links follow as a second change."""
    m2m = _apply(instance, data)
    instance.full_clean()
    instance._history_user = user  # type: ignore[attr-defined]
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
        raise ValidationError({field: "Select only this child's offences"})


# --- the child ---------------------------------------------------------------------------------


def next_child_reference() -> str:
    """The next free reference: one more than the highest ``CF-`` number in use."""
    pattern = rf"^{REFERENCE_PREFIX}[0-9]+$"
    last = (
        Child.objects.filter(reference__regex=pattern)
        .annotate(length=Length("reference"))
        .order_by("-length", "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(REFERENCE_PREFIX)) + 1 if last else 1
    return f"{REFERENCE_PREFIX}{number:0{REFERENCE_DIGITS}d}"


def _check_team(user: Any, team: Any, current: Any = None) -> None:
    if team is None:
        raise ValidationError({"team": "Select the team"})
    if user.has_role(Role.SERVICE_MANAGER):
        return
    if team.pk in user.teams_as(*TEAM_BASED) or (current is not None and team.pk == current.pk):
        return
    raise ValidationError({"team": "Select one of your own teams"})


def _check_restriction(data: Mapping[str, Any], child: Child | None = None) -> None:
    restricted = data.get("restricted", child.restricted if child else False)
    if "restricted_to" in data:
        named = list(data["restricted_to"] or [])
    else:
        named = list(child.restricted_to.all()) if child else []
    if restricted and not named:
        raise ValidationError({"restricted_to": "Select the staff who can open this record"})


def create_child(*, user: Any, data: Mapping[str, Any]) -> Child:
    """Add a child with the next free reference, in one of ``user``'s teams."""
    if "reference" in data:
        raise TypeError("The reference is made here")
    _check_team(user, data.get("team"))
    _check_restriction(data)
    for attempt in range(5):
        child = Child(reference=next_child_reference())
        try:
            return _save(child, user, data)
        except IntegrityError:
            # Someone else took the reference between reading and writing: try the next one.
            if attempt == 4 or not Child.objects.filter(reference=child.reference).exists():
                raise
    raise AssertionError("unreachable")


def update_child(*, user: Any, child: Child, data: Mapping[str, Any]) -> Child:
    """Change the child's own details (never the reference)."""
    if "reference" in data:
        raise TypeError("The reference never changes")
    if "team" in data:
        _check_team(user, data["team"], current=Child.objects.get(pk=child.pk).team)
    _check_restriction(data, child)
    return _save(child, user, data)


# --- records kept about the child ---------------------------------------------------------------


def record_offence(*, user: Any, child: Child, data: Mapping[str, Any]) -> Offence:
    return _save(Offence(child=child), user, data)


def update_offence(*, user: Any, offence: Offence, data: Mapping[str, Any]) -> Offence:
    return _save(offence, user, data)


def record_outcome(*, user: Any, child: Child, data: Mapping[str, Any]) -> Outcome:
    _own_offences(child, data.get("offences") or [])
    return _save(Outcome(child=child), user, data)


def update_outcome(*, user: Any, outcome: Outcome, data: Mapping[str, Any]) -> Outcome:
    _own_offences(outcome.child, data.get("offences") or [])
    return _save(outcome, user, data)


def _check_intervention(child: Child, data: Mapping[str, Any]) -> None:
    outcome = data.get("outcome")
    if outcome is not None and outcome.child_id != child.pk:
        raise ValidationError({"outcome": "Select one of this child's outcomes"})


def record_intervention(*, user: Any, child: Child, data: Mapping[str, Any]) -> Intervention:
    _check_intervention(child, data)
    return _save(Intervention(child=child), user, data)


def update_intervention(
    *, user: Any, intervention: Intervention, data: Mapping[str, Any]
) -> Intervention:
    _check_intervention(intervention.child, data)
    return _save(intervention, user, data)


def _check_contact(child: Child, data: Mapping[str, Any]) -> None:
    intervention = data.get("intervention")
    if intervention is not None and intervention.child_id != child.pk:
        raise ValidationError({"intervention": "Select one of this child's interventions"})


def record_contact(*, user: Any, child: Child, data: Mapping[str, Any]) -> Contact:
    """Log a contact with the child, recorded by ``user``."""
    _check_contact(child, data)
    return _save(Contact(child=child, recorded_by=user), user, data)


def update_contact(*, user: Any, contact: Contact, data: Mapping[str, Any]) -> Contact:
    _check_contact(contact.child, data)
    if (
        data.get("outcome", contact.outcome) != ContactOutcome.DID_NOT_ATTEND
        and contact.enforcement.exists()
    ):
        raise ValidationError(
            {"outcome": "This contact has an enforcement action: it must stay 'did not attend'"}
        )
    return _save(contact, user, data)


def record_enforcement(
    *, user: Any, contact: Contact, data: Mapping[str, Any]
) -> EnforcementAction:
    """A warning or breach after a contact the child did not attend."""
    return _save(EnforcementAction(contact=contact), user, data)


def update_enforcement(
    *, user: Any, action: EnforcementAction, data: Mapping[str, Any]
) -> EnforcementAction:
    return _save(action, user, data)


def record_victim(*, user: Any, child: Child, data: Mapping[str, Any]) -> Victim:
    _own_offences(child, data.get("offences") or [])
    return _save(Victim(child=child), user, data)


def update_victim(*, user: Any, victim: Victim, data: Mapping[str, Any]) -> Victim:
    _own_offences(victim.child, data.get("offences") or [])
    return _save(victim, user, data)


def record_care_episode(*, user: Any, child: Child, data: Mapping[str, Any]) -> CareEpisode:
    return _save(CareEpisode(child=child), user, data)


def update_care_episode(*, user: Any, episode: CareEpisode, data: Mapping[str, Any]) -> CareEpisode:
    return _save(episode, user, data)


def record_accommodation(
    *, user: Any, child: Child, data: Mapping[str, Any]
) -> AccommodationEpisode:
    return _save(AccommodationEpisode(child=child), user, data)


def update_accommodation(
    *, user: Any, episode: AccommodationEpisode, data: Mapping[str, Any]
) -> AccommodationEpisode:
    return _save(episode, user, data)


def record_ete(*, user: Any, child: Child, data: Mapping[str, Any]) -> EteEpisode:
    return _save(EteEpisode(child=child), user, data)


def update_ete(*, user: Any, episode: EteEpisode, data: Mapping[str, Any]) -> EteEpisode:
    return _save(episode, user, data)


def _check_send_year(child: Child, data: Mapping[str, Any], pk: int | None = None) -> None:
    year = data.get("academic_year")
    taken = SendRecord.objects.filter(child=child, academic_year=year).exclude(pk=pk)
    if year is not None and taken.exists():
        raise ValidationError(
            {
                "academic_year": f"There is already a record for {year} to {year + 1}: "
                "change that one"
            }
        )


def record_send(*, user: Any, child: Child, data: Mapping[str, Any]) -> SendRecord:
    _check_send_year(child, data)
    return _save(SendRecord(child=child), user, data)


def update_send(*, user: Any, record: SendRecord, data: Mapping[str, Any]) -> SendRecord:
    _check_send_year(record.child, data, record.pk)
    return _save(record, user, data)


def record_health_episode(*, user: Any, child: Child, data: Mapping[str, Any]) -> HealthEpisode:
    return _save(HealthEpisode(child=child), user, data)


def update_health_episode(
    *, user: Any, episode: HealthEpisode, data: Mapping[str, Any]
) -> HealthEpisode:
    return _save(episode, user, data)
