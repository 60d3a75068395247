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
from django.db.models import F, IntegerField, Q, Value
from django.db.models.functions import JSONObject
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


def _value(field_: Any, raw: Any) -> Any:
    """A column's value as JSON carried it (a date as text, a flag as 0 or 1), as the
    field holds it; a moment is aware (SQLite keeps moments in UTC, without the zone)."""
    if raw is None:
        return None
    value = field_.to_python(raw)
    if isinstance(value, dt.datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


def _rows_of(parts: Sequence[tuple[type[models.Model], Q]]) -> list[Any]:
    """The rows of several tables in one query: each part's rows, each row's columns
    carried as one JSON object (so tables of different columns make one union), built
    back into model instances. A page of history reads a dozen tables: one query each
    would put it far over the page's budget of queries."""
    queries = []
    for index, (model, condition) in enumerate(parts):
        columns = {f.attname: F(f.attname) for f in model._meta.concrete_fields}
        queries.append(
            model._base_manager.filter(condition)  # type: ignore[attr-defined]
            .order_by()
            .annotate(part=Value(index, output_field=IntegerField()), row=JSONObject(**columns))
            .values_list("part", "row")
        )
    if not queries:
        return []
    found = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    built = []
    for index, row in found:
        model = parts[index][0]
        fields = model._meta.concrete_fields
        values = [_value(f, row[f.attname]) for f in fields]
        built.append(model.from_db(None, [f.attname for f in fields], values))
    return built


class _Names:
    """The related records a page of history names, all fetched at once, once every value
    on the page is known: one query for them all, and one more for each level of what
    their own names read (an intervention is named by its outcome's type)."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.found: dict[type[models.Model], dict[Any, Any]] = defaultdict(dict)

    def want(self, model: type[models.Model], name: str, value: Any) -> None:
        field_ = model._meta.get_field(name)
        if isinstance(field_, models.ManyToManyField):
            column = field_.m2m_reverse_field_name()
            self.wanted[field_.related_model].update(row[column] for row in value or [])
        elif isinstance(field_, models.ForeignKey) and value not in (None, ""):
            self.wanted[field_.related_model].add(value)  # type: ignore[index]

    def want_related(self, instance: Any) -> None:
        """What ``instance``'s own name reads."""
        for path in _NAMED_BY.get(type(instance), ()):
            relation = path.split("__")[0]
            self.want(type(instance), relation, getattr(instance, f"{relation}_id"))

    def fetch(self) -> None:
        while True:
            missing = {
                model: ids - set(self.found[model])
                for model, ids in self.wanted.items()
                if ids - set(self.found[model])
            }
            if not missing:
                break
            parts = [(model, Q(pk__in=ids)) for model, ids in missing.items()]
            for model, ids in missing.items():
                for pk in ids:  # a record since deleted stays missing, not asked again
                    self.found[model].setdefault(pk, None)
            for instance in _rows_of(parts):
                self.found[type(instance)][instance.pk] = instance
                self.want_related(instance)
        for instances in self.found.values():
            for instance in instances.values():
                if instance is not None:
                    self.link(instance)

    def link(self, instance: Any) -> None:
        """Give ``instance`` the related records its name reads, from those fetched."""
        for path in _NAMED_BY.get(type(instance), ()):
            relation = path.split("__")[0]
            field_ = instance._meta.get_field(relation)
            related = self.of(field_.related_model, getattr(instance, f"{relation}_id"))
            if related is not None:
                setattr(instance, relation, related)

    def of(self, model: type[models.Model], value: Any) -> Any:
        return self.found.get(model, {}).get(value)


def _history_entries(rows: Sequence[tuple[Any, ...]]) -> list[HistoryEntry]:
    """The entries of ``rows`` (a page of :func:`_history_rows`), in a few queries however
    many rows and kinds of record are on the page: one for every version of the records
    there (each change and the one before it), one for the many-to-many rows of the
    changes, then the related records named (:class:`_Names`)."""
    by_model: dict[type[models.Model], set[int]] = defaultdict(set)
    newest: dict[type[models.Model], Any] = {}
    for when, _, model, record_id in rows:
        by_model[model].add(record_id)
        newest[model] = max(when, newest.get(model, when))
    parts = [
        (_historical(model), Q(id__in=ids, history_date__lte=newest[model]))
        for model, ids in by_model.items()
    ]
    model_of = {_historical(model): model for model in by_model}
    versions: dict[type[models.Model], list[Any]] = defaultdict(list)
    for record in _rows_of(parts):
        versions[model_of[type(record)]].append(record)
    version: dict[tuple[type[models.Model], int], Any] = {}
    previous: dict[tuple[type[models.Model], int], Any] = {}
    for model, found in versions.items():
        before: dict[int, list[Any]] = defaultdict(list)
        for record in sorted(found, key=lambda r: (r.id, r.history_date, r.history_id)):
            earlier = [r for r in before[record.id] if r.history_date < record.history_date]
            version[(model, record.history_id)] = record
            previous[(model, record.history_id)] = earlier[-1] if earlier else None
            before[record.id].append(record)
    m2m = _m2m_rows(rows, version, previous)

    names = _Names()
    pending: list[tuple[Any, type[models.Model], Any, list[tuple[str, Any, Any]]]] = []
    named: dict[tuple[type[models.Model], int], Any] = {}
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
        names.want(type(record), "history_user", record.history_user_id)
        # The record's own name reads related records too (an offence is named by its type).
        if model in _NAMED_BY:
            named[(model, hid)] = record.instance
            names.want_related(named[(model, hid)])
        pending.append((record, model, before_it, raw))
    names.fetch()
    for instance in named.values():
        names.link(instance)
    people = _historical(Child)._meta.get_field("history_user").related_model

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
                who=names.of(people, record.history_user_id),
                action=_ACTIONS.get(record.history_type, record.history_type),
                record_label=_RECORD_LABELS.get(model, str(model._meta.verbose_name).capitalize()),
                record=_record_name(named.get((model, record.history_id), record)),
                changes=changes,
            )
        )
    return entries


def _m2m_rows(
    rows: Sequence[tuple[Any, ...]],
    version: dict[tuple[type[models.Model], int], Any],
    previous: dict[tuple[type[models.Model], int], Any],
) -> dict[tuple[type[models.Model], str, int], list[dict[str, Any]]]:
    """The many-to-many rows (who was at a contact, the offences of an outcome) of each
    change on the page and of the version before it, ``{(model, field, history id):
    [{target column: id}, ...]}`` by target, in one query (a union of the fields' tables)."""
    m2m: dict[tuple[type[models.Model], str, int], list[dict[str, Any]]] = {}
    queries = []
    fields = []
    for model in {m for _, _, m, _ in rows}:
        changed = [
            hid for _, hid, m, _ in rows if m is model and version[(m, hid)].history_type == "~"
        ]
        history_ids = set(changed) | {
            previous[(model, hid)].history_id
            for hid in changed
            if previous[(model, hid)] is not None
        }
        for field_ in _m2m_fields(model) if changed else ():
            for hid in history_ids:
                m2m[(model, field_.name, hid)] = []
            through = HistoricalRecords.m2m_models[field_]
            reverse = field_.m2m_reverse_field_name()
            queries.append(
                through.objects.filter(history_id__in=history_ids)
                .order_by()
                .annotate(part=Value(len(fields), output_field=IntegerField()))
                .values_list("part", "history_id", f"{reverse}_id")
            )
            fields.append((model, field_.name, reverse))
    if not queries:
        return m2m
    found = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    for part, hid, target in sorted(found, key=lambda row: (row[0], row[1], row[2])):
        model, name, reverse = fields[part]
        m2m[(model, name, hid)].append({reverse: target})
    return m2m


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
