"""Raise a child's figures version whenever a record the figures read changes.

Every save or delete of a model in ``cache.CHILD_MODELS`` (and every change to the
links in ``cache.CHILD_LINKS``) raises the version of the child it belongs to, in the
same transaction, so figures kept under the old version are never used again.
"""

from __future__ import annotations

import threading
from typing import Any

from django.apps import apps
from django.core.signals import request_started
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from childfirst.performance.cache import CHILD_LINKS, CHILD_MODELS

#: The children being deleted in this thread: their records go with them, and so does
#: their version (a new one made now would refer to a child about to be gone).
_deleting = threading.local()


def _being_deleted() -> set[Any]:
    if not hasattr(_deleting, "ids"):
        _deleting.ids = set()
    return _deleting.ids  # type: ignore[no-any-return]


def raise_version(child_id: Any) -> None:
    """One more change to the child's records (none if the child is gone, or going)."""
    from childfirst.casework.models import Child
    from childfirst.performance.models import FiguresVersion

    if child_id is None or child_id in _being_deleted():
        return
    if FiguresVersion.objects.filter(child_id=child_id).update(version=F("version") + 1):
        return
    if not Child.objects.filter(pk=child_id).exists():
        return  # deleted with the child: its version went with it
    try:
        with transaction.atomic():
            FiguresVersion.objects.create(child_id=child_id, version=1)
    except IntegrityError:  # made at the same moment by another request
        FiguresVersion.objects.filter(child_id=child_id).update(version=F("version") + 1)


def _child_of(instance: Model) -> Any:
    from childfirst.casework.models import Child

    if isinstance(instance, Child):
        return instance.pk
    return getattr(instance, "child_id", None)


def _changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    raise_version(_child_of(instance))


def _links_changed(sender: type[Model], instance: Model, action: str, **kwargs: Any) -> None:
    """An outcome's or a victim's offences changed, from either side: both ends of a
    link are records of the same child."""
    if action.startswith("post_"):
        raise_version(_child_of(instance))


def _child_deleting(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    _being_deleted().add(instance.pk)


def _child_deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    _being_deleted().discard(instance.pk)


def _forget_deletions(**kwargs: Any) -> None:
    """A deletion that failed part way leaves nothing behind for the next request."""
    _being_deleted().clear()


def connect() -> None:
    request_started.connect(_forget_deletions, dispatch_uid="figures-request-started")
    child = apps.get_model("casework.Child")
    # Django sends every pre_delete of a deletion before it deletes anything.
    pre_delete.connect(_child_deleting, sender=child, dispatch_uid="figures-child-deleting")
    for label in CHILD_MODELS:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"figures-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"figures-delete-{label}")
    post_delete.connect(_child_deleted, sender=child, dispatch_uid="figures-child-deleted")
    for label, field in CHILD_LINKS:
        through = getattr(apps.get_model(label), field).through
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"figures-{label}")
