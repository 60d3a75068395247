"""The history of a child's record: every change to it and to everything kept about the
child, newest first, who made it and when, and each field before and after.

Read from django-simple-history's tables, so a deleted record's history stays visible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst

from childfirst.casework.models import (
    AccommodationEpisode,
    Address,
    Appointment,
    Assessment,
    CareEpisode,
    Child,
    Contact,
    Document,
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
    Appointment,
    Victim,
    FamilyMember,
    Professional,
    Address,
    CareEpisode,
    AccommodationEpisode,
    EteEpisode,
    SendRecord,
    HealthEpisode,
    Assessment,
    Plan,
    Review,
)

#: What only those who may see the child's network see (``permissions.can_see_network``).
NETWORK_MODELS: tuple[type[models.Model], ...] = (Appointment, FamilyMember, Professional, Address)

_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
_RECORD_LABELS = {
    Child: "The child's details",
    CareEpisode: "Care status",
    AccommodationEpisode: "Accommodation",
    EteEpisode: "Education, training or employment",
    SendRecord: "Special educational needs",
    HealthEpisode: "Health",
    EnforcementAction: "Enforcement decision",
    FamilyMember: "Family member or carer",
    PillarAnalysis: "Assessment: pillar analysis",
    PlanAction: "Plan: action",
    Oversight: "Management oversight",
    Document: "Document",
}
_HIDDEN_FIELDS = {"id", "child", "created_at", "updated_at"}


def _historical(model: type[models.Model]) -> Any:
    return model.history.model  # type: ignore[attr-defined]


def _history_rows(
    child: Child, *, documents: bool = True, network: bool = True
) -> list[tuple[Any, ...]]:
    """``(history_date, history_id, model)`` of every change to the child's records (its
    documents' only with ``documents``; its network's and appointments' only with
    ``network``)."""
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
    ids = {
        model: collect(model, Q(child_id=child.pk))
        for model in _BY_CHILD
        if network or model not in NETWORK_MODELS
    }
    collect(EnforcementAction, Q(contact_id__in=ids[Contact]))
    collect(PillarAnalysis, Q(assessment_id__in=ids[Assessment]))
    collect(PlanAction, Q(plan_id__in=ids[Plan]))
    if documents:
        collect(Document, Q(child_id=child.pk))
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

    def __init__(self, child: Child, *, documents: bool = True, network: bool = True) -> None:
        self.rows = _history_rows(child, documents=documents, network=network)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [_history_entry(model, hid) for _, hid, model in self.rows[index]]
        _, hid, model = self.rows[index]
        return _history_entry(model, hid)


def child_history(child: Child, *, documents: bool = True, network: bool = True) -> HistoryPage:
    """Every change to the child's record, newest first: pass it to a paginator. Without
    ``documents``, the changes to its documents are left out (for people who may not see
    them: ``can_view_documents``); without ``network``, those to the child's network and
    appointments (``can_see_network``)."""
    return HistoryPage(child, documents=documents, network=network)


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
    return capfirst(str(getattr(field_, "verbose_name", name)))  # "PNC ID", not "Pnc id"


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
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    return str(value)
