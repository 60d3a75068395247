"""The history of a child's record: every change to it and to everything kept about the
child, newest first, who made it and when, and each field before and after.

Read from django-simple-history's tables, so a deleted record's history stays visible.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import IntegerField, Q, Value
from django.utils import timezone
from django.utils.text import capfirst
from simple_history.models import HistoricalRecords

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


#: The models whose history the page lists, numbered for the one query that finds them.
_MODELS: tuple[type[models.Model], ...] = (
    Child,
    *_BY_CHILD,
    EnforcementAction,
    PillarAnalysis,
    PlanAction,
    Document,
    Oversight,
)


def _history_rows(
    child: Child, *, documents: bool = True, network: bool = True
) -> list[tuple[Any, ...]]:
    """``(history_date, history_id, model, record id)`` of every change to the child's
    records (its documents' only with ``documents``; its network's and appointments' only
    with ``network``), newest first: found in one query, a union of one indexed lookup
    in each history table."""

    def versions(model: type[models.Model], condition: Q) -> Any:
        return (
            _historical(model)
            .objects.filter(condition)
            .order_by()
            .annotate(model=Value(_MODELS.index(model), output_field=IntegerField()))
            .values_list("history_date", "history_id", "id", "model")
        )

    def ids(model: type[models.Model]) -> Any:
        """The ids of the child's records of ``model``, deleted ones too."""
        return _historical(model).objects.filter(child_id=child.pk).order_by().values("id")

    parts = [versions(Child, Q(id=child.pk))]
    parts += [
        versions(model, Q(child_id=child.pk))
        for model in _BY_CHILD
        if network or model not in NETWORK_MODELS
    ]
    parts += [
        versions(EnforcementAction, Q(contact_id__in=ids(Contact))),
        versions(PillarAnalysis, Q(assessment_id__in=ids(Assessment))),
        versions(PlanAction, Q(plan_id__in=ids(Plan))),
    ]
    if documents:
        parts.append(versions(Document, Q(child_id=child.pk)))
    parts.append(
        versions(
            Oversight,
            Q(assessment_id__in=ids(Assessment))
            | Q(plan_id__in=ids(Plan))
            | Q(review_id__in=ids(Review)),
        )
    )
    found = parts[0].union(*parts[1:], all=True)
    rows = [(when, hid, _MODELS[model], record) for when, hid, record, model in found]
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
            return _history_entries(self.rows[index])
        return _history_entries([self.rows[index]])[0]


def child_history(child: Child, *, documents: bool = True, network: bool = True) -> HistoryPage:
    """Every change to the child's record, newest first: pass it to a paginator. Without
    ``documents``, the changes to its documents are left out (for people who may not see
    them: ``can_view_documents``); without ``network``, those to the child's network and
    appointments (``can_see_network``)."""
    return HistoryPage(child, documents=documents, network=network)


#: The relations a record's name (its ``__str__``) reads, fetched with the records so
#: that naming a page of them asks the database once for each, not once a record.
_NAMED_BY: dict[type[models.Model], tuple[str, ...]] = {
    Offence: ("offence_type",),
    Outcome: ("outcome_type",),
    Intervention: ("outcome__outcome_type",),
    AccommodationEpisode: ("accommodation_type",),
    EteEpisode: ("provision_type",),
    Oversight: ("manager",),
}


def _m2m_fields(model: type[models.Model]) -> list[Any]:
    return list(_historical(model)._history_m2m_fields)


class _Names:
    """The names of related records a page of history shows, each model's fetched in one
    query once every value on the page is known."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.found: dict[type[models.Model], dict[Any, Any]] = {}

    def want(self, model: type[models.Model], name: str, value: Any) -> None:
        field_ = model._meta.get_field(name)
        if isinstance(field_, models.ManyToManyField):
            column = field_.m2m_reverse_field_name()
            self.wanted[field_.related_model].update(row[column] for row in value or [])
        elif isinstance(field_, models.ForeignKey) and value not in (None, ""):
            self.wanted[field_.related_model].add(value)  # type: ignore[index]

    def fetch(self) -> None:
        for model, ids in self.wanted.items():
            self.found[model] = (
                model._default_manager.select_related(*_NAMED_BY.get(model, ()))  # type: ignore[attr-defined]
                .order_by()
                .in_bulk(ids)
            )

    def of(self, model: type[models.Model], value: Any) -> Any:
        return self.found.get(model, {}).get(value)


def _history_entries(rows: Sequence[tuple[Any, ...]]) -> list[HistoryEntry]:
    """The entries of ``rows`` (a page of :func:`_history_rows`): for each model on the
    page, one query for every version of its records there (each change and the one
    before it), one for each many-to-many field's rows, then one for each kind of
    related record named: never a query a row."""
    by_model: dict[type[models.Model], set[int]] = defaultdict(set)
    for _, _, model, record_id in rows:
        by_model[model].add(record_id)
    version: dict[tuple[type[models.Model], int], Any] = {}
    previous: dict[tuple[type[models.Model], int], Any] = {}
    for model, record_ids in by_model.items():
        newest = max(when for when, _, m, _ in rows if m is model)
        found = (
            _historical(model)
            .objects.filter(id__in=record_ids, history_date__lte=newest)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        before: dict[int, list[Any]] = defaultdict(list)
        for record in found:
            earlier = [r for r in before[record.id] if r.history_date < record.history_date]
            version[(model, record.history_id)] = record
            previous[(model, record.history_id)] = earlier[-1] if earlier else None
            before[record.id].append(record)
    # The many-to-many rows of each change and of the version before it.
    m2m: dict[tuple[type[models.Model], str, int], list[dict[str, Any]]] = {}
    for model in by_model:
        changed = [
            hid for _, hid, m, _ in rows if m is model and version[(m, hid)].history_type == "~"
        ]
        for field_ in _m2m_fields(model) if changed else ():
            history_ids = set(changed) | {
                previous[(model, hid)].history_id
                for hid in changed
                if previous[(model, hid)] is not None
            }
            through = HistoricalRecords.m2m_models[field_]
            names = [
                f.name
                for f in through._meta.fields
                if f.editable and f.name not in ("id", "m2m_history_id", "history")
            ]
            reverse = field_.m2m_reverse_field_name()
            for hid in history_ids:
                m2m[(model, field_.name, hid)] = []
            for row in (
                through.objects.filter(history_id__in=history_ids)
                .order_by(reverse)
                .values("history_id", *names)
            ):
                hid = row.pop("history_id")
                m2m[(model, field_.name, hid)].append(row)

    names = _Names()
    pending: list[tuple[Any, type[models.Model], Any, list[tuple[str, Any, Any]]]] = []
    for _, hid, model, _ in rows:
        record, before_it = version[(model, hid)], previous[(model, hid)]
        raw: list[tuple[str, Any, Any]] = []
        if before_it is None or record.history_type == "+":
            if record.history_type != "-":
                raw = [(f.name, None, getattr(record, f.attname)) for f in _fields(model)]
        elif record.history_type == "~":
            raw = _changes(model, record, before_it, m2m)
        for name, old, new in raw:
            names.want(model, name, old)
            names.want(model, name, new)
        pending.append((record, model, before_it, raw))
    # The records' own names read related records too (an offence is named by its type):
    # those are fetched with the rest.
    named: dict[tuple[type[models.Model], int], Any] = {}
    for _, hid, model, _ in rows:
        if model in _NAMED_BY:
            instance = named[(model, hid)] = version[(model, hid)].instance
            for path in _NAMED_BY[model]:
                relation = path.split("__")[0]
                names.want(model, relation, getattr(instance, f"{relation}_id"))
    names.fetch()
    for (model, _), instance in named.items():
        for path in _NAMED_BY[model]:
            relation = path.split("__")[0]
            field_ = instance._meta.get_field(relation)
            related = names.of(field_.related_model, getattr(instance, f"{relation}_id"))
            if related is not None:
                setattr(instance, relation, related)

    entries = []
    for record, model, before_it, raw in pending:
        if before_it is None or record.history_type == "+":
            changes = [
                FieldChange(_label(model, name), "", after)
                for name, _, new in raw
                for after in [_display(model, name, new, names)]
                # Leave out what was left empty or unticked: a new record lists what was put in.
                if after and not (after == "No" and model._meta.get_field(name).has_default())
            ]
        else:
            changes = [
                FieldChange(
                    _label(model, name),
                    _display(model, name, old, names),
                    _display(model, name, new, names),
                )
                for name, old, new in raw
            ]
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                action=_ACTIONS.get(record.history_type, record.history_type),
                record_label=_RECORD_LABELS.get(model, str(model._meta.verbose_name).capitalize()),
                record=_record_name(named.get((model, record.history_id), record)),
                changes=changes,
            )
        )
    return entries


def _changes(
    model: type[models.Model],
    record: Any,
    before: Any,
    m2m: dict[tuple[type[models.Model], str, int], list[dict[str, Any]]],
) -> list[tuple[str, Any, Any]]:
    """``(field, before, after)`` of each field a change changed, by field name, as
    django-simple-history's ``diff_against`` finds them (many-to-many rows from ``m2m``)."""
    m2m_names = {f.name for f in _m2m_fields(model)}
    found = []
    for f in before.tracked_fields:
        if not f.editable or f.name in m2m_names or f.name in _HIDDEN_FIELDS:
            continue
        old, new = getattr(before, f.attname), getattr(record, f.attname)
        if old != new:
            found.append((f.name, old, new))
    for name in m2m_names - _HIDDEN_FIELDS:
        old_rows = m2m.get((model, name, before.history_id), [])
        new_rows = m2m.get((model, name, record.history_id), [])
        if old_rows != new_rows:
            found.append((name, old_rows, new_rows))
    found.sort(key=lambda change: change[0])
    return found


def _record_name(record: Any) -> str:
    """The record's name as of this version (``record`` is the version, or the record
    built from it with what its name reads already fetched)."""
    try:
        return str(record if isinstance(record, _NAMED_INSTANCES) else record.instance)
    except Exception:  # a related record since deleted
        return f"{record._meta.verbose_name} {record.id}"


_NAMED_INSTANCES = tuple(_NAMED_BY)


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in _HIDDEN_FIELDS and f.editable and not f.auto_created
    ]


def _label(model: type[models.Model], name: str) -> str:
    field_ = model._meta.get_field(name)
    return capfirst(str(getattr(field_, "verbose_name", name)))  # "PNC ID", not "Pnc id"


def _display(model: type[models.Model], name: str, value: Any, names: _Names) -> str:
    """A value as a person reads it: choice labels, names of related records (found in
    ``names``), dates."""
    field_ = model._meta.get_field(name)
    if isinstance(field_, models.ManyToManyField):
        target = field_.related_model
        column = field_.m2m_reverse_field_name()
        ids = [row[column] for row in value or []]
        found = [names.of(target, i) for i in ids]  # type: ignore[arg-type]
        return "; ".join(
            str(x) if x is not None else f"deleted ({i})" for i, x in zip(ids, found, strict=True)
        )
    if value is None or value == "":
        return ""
    if isinstance(field_, models.ForeignKey):
        related = names.of(field_.related_model, value)  # type: ignore[arg-type]
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
