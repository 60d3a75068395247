"""Everything held about a child, found from the model graph.

A subject-access export and an erasure must reach every row about the child, including
those of models added after this was written. So no list of models is kept here: the
graph is walked from :class:`~childfirst.casework.models.Child` through every model of
every installed app. A model is *about the child* when one of its relations (a foreign
key or one-to-one field, ``related_name="+"`` or not) points to the child or to another
model about the child: the child's offences, their outcomes, the audit cases drawn
from them (audits is never imported here: the graph finds it), the answers to those
cases, the access log rows, and so on.

django-simple-history's tables are found the same way: a historical row belongs to the
child when it is a past version of a row about the child (its ``id`` among the ids
found, deleted rows' included), or when any of its relations points to one.

``erased_with_child``: the models whose rows go when the child is deleted (every link
that brings them in is ``CASCADE`` from a model that goes too). The rest of the graph
(audit cases, whose link to the child and outcome is ``SET_NULL``, and their answers)
stays, without the link.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalChanges

from childfirst.casework.models import Child

Model = type[models.Model]


def is_historical(model: Model) -> bool:
    """A django-simple-history table (a model's past versions, or of its many-to-many)."""
    return issubclass(model, HistoricalChanges)


def _relations(model: Model) -> list[models.ForeignKey]:
    """The forward relations of ``model`` (foreign keys and one-to-one fields)."""
    return [
        f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)
    ]


@functools.cache
def links() -> dict[Model, tuple[models.ForeignKey, ...]]:
    """Every live model about the child (the child included, with no links), with the
    relations through which it is: the graph, in the order it was reached."""
    found: dict[Model, tuple[models.ForeignKey, ...]] = {Child: ()}
    candidates = [
        m
        for m in apps.get_models(include_auto_created=True)
        if not is_historical(m) and m is not Child
    ]
    grew = True
    while grew:
        grew = False
        for model in candidates:
            through = tuple(f for f in _relations(model) if f.related_model in found)
            if through and through != found.get(model):
                found[model] = through
                grew = True
    return found


def models_about_child() -> list[Model]:
    """The live models about the child, by label (stable)."""
    return sorted(links(), key=lambda m: m._meta.label_lower)


@functools.cache
def erased_with_child() -> frozenset[Model]:
    """The models whose rows are deleted with the child: reached by a ``CASCADE``
    relation from the child or from another such model."""
    gone: set[Model] = {Child}
    grew = True
    while grew:
        grew = False
        for model, through in links().items():
            if model in gone:
                continue
            if any(
                f.related_model in gone and f.remote_field.on_delete is models.CASCADE
                for f in through
            ):
                gone.add(model)
                grew = True
    return frozenset(gone)


def historical_models() -> list[Model]:
    """Every django-simple-history table, by label."""
    return sorted(
        (m for m in apps.get_models() if is_historical(m)), key=lambda m: m._meta.label_lower
    )


def _history_of(model: Model) -> Model | None:
    """The plain historical model of ``model`` (its past versions), if it keeps one."""
    manager = getattr(model, "history", None)
    history = getattr(manager, "model", None)
    return history if history is not None and is_historical(history) else None


@dataclass
class Held:
    """The ids of every row about one child: live models' ids (rows still there and
    those only their history remembers), and the historical rows, by model."""

    child_id: int
    ids: dict[Model, set[Any]] = field(default_factory=dict)

    def live(self, model: Model) -> models.QuerySet[Any]:
        """The rows of ``model`` about the child that are still there, in id order."""
        return model._default_manager.filter(pk__in=self.ids.get(model, ())).order_by("pk")

    def history(self, model: Model) -> models.QuerySet[Any]:
        """The rows of the historical ``model`` about the child, oldest first."""
        return model._default_manager.filter(self.history_filter(model)).order_by("pk")

    def history_filter(self, model: Model) -> Q:
        """Which rows of the historical ``model`` are about the child (nothing, if none)."""
        condition = Q(pk__in=[])
        instance = getattr(model, "instance_type", None)
        if instance in self.ids and _history_of(instance) is model:
            condition |= Q(**{f"{instance._meta.pk.attname}__in": self.ids[instance]})
        for f in model._meta.concrete_fields:
            target = f.related_model if f.is_relation else None
            if self.ids.get(target):
                condition |= Q(**{f"{f.attname}__in": self.ids[target]})
        return condition


def held_about(child: Child | int) -> Held:
    """The ids of everything held about ``child``, found through :func:`links`: each
    model's rows whose relation points to a row about the child, now or in any version
    its history keeps (so a contact deleted last year, still in the history, is found
    with its enforcement actions' history)."""
    held = Held(child_id=child if isinstance(child, int) else child.pk)
    graph = links()
    held.ids = {model: set() for model in graph}
    held.ids[Child] = {held.child_id}
    changed = True
    while changed:
        changed = False
        for model, through in graph.items():
            if not through:
                continue
            found = _ids_through(model, through, held.ids)
            history = _history_of(model)
            if history is not None:
                found |= _ids_through(history, through, held.ids, pk=model._meta.pk.attname)
            if not found <= held.ids[model]:
                held.ids[model] |= found
                changed = True
    return held


def _ids_through(
    model: Model,
    through: Iterable[models.ForeignKey],
    ids: dict[Model, set[Any]],
    *,
    pk: str = "pk",
) -> set[Any]:
    condition = Q(pk__in=[])
    for f in through:
        if ids.get(f.related_model):
            condition |= Q(**{f"{f.attname}__in": ids[f.related_model]})
    if condition == Q(pk__in=[]):
        return set()
    return set(model._default_manager.filter(condition).values_list(pk, flat=True))


def history_is_erased(model: Model) -> bool:
    """Whether the historical ``model``'s rows about the child go with the child (the
    past versions of a model erased with it), or stay with their links to it emptied
    (an audit case's past versions)."""
    instance = getattr(model, "instance_type", None)
    return instance in erased_with_child()
