"""Erasing a child's record under the retention rule.

``erase_child(actor=..., child=...)`` is for a service manager
(``permissions.can_erase_records``), and only for a record due under the rule
(``selectors.retention``). In one transaction it deletes the child and everything
erased with them (:func:`childfirst.casework.held.erased_with_child`: the record, every
piece of work, the family and network, documents, the access log rows about the
child), then every version of those in django-simple-history's tables (the versions
the deletion itself has just written among them); it empties the links to the child
and their outcomes that the audit cases drawn from the record keep, in the cases and
in their history, so the audits' results still add up; and it writes a
:class:`~childfirst.casework.models.DeletionLogEntry` (reference, rule, due date, who,
when, how many rows of each kind; nothing about the child). The documents' files are
removed from disk only once that transaction has committed, so a failure part way
leaves every row and every file in place. ``docs/architecture.md``, "Erasure", says why
each relation is as it is.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from childfirst.accounts.models import User
from childfirst.casework import held
from childfirst.casework.errors import CaseworkError, NotAllowed
from childfirst.casework.models import Child, DeletionLogEntry, DocumentStorage
from childfirst.casework.permissions import can_erase_records
from childfirst.casework.selectors.retention import (
    document_files,
    due_on,
    erasure_plan,
    retention_rule,
)

logger = logging.getLogger(__name__)


def erase_child(*, actor: User, child: Child, today: dt.date | None = None) -> DeletionLogEntry:
    """Erase ``child``'s record (the module says what goes and what stays), refused
    unless ``actor`` is a service manager and the record is due on ``today``."""
    if not can_erase_records(actor):
        raise NotAllowed("Only a service manager can erase a child's record")
    today = today or timezone.localdate()
    rule = retention_rule()
    due = due_on(child, rule)
    if due is None:
        raise CaseworkError(
            f"{child.reference} has an intervention still open, so the record is kept"
        )
    if due > today:
        raise CaseworkError(
            f"{child.reference} is not due for erasure until {due:%-d %B %Y}: {rule.describe()}"
        )
    reference = child.reference
    with transaction.atomic():
        found = held.held_about(child)
        plan = erasure_plan(child, found)
        files = document_files(found)
        child.delete()
        _erase_history(found)
        entry = DeletionLogEntry.objects.create(
            reference=reference,
            rule=rule.describe(),
            due_on=due,
            erased_by=actor,
            rows=plan.counts(),
        )
        transaction.on_commit(lambda: _remove_files(files))
    return entry


def _erase_history(found: held.Held) -> None:
    """Delete the versions of every row erased with the child; empty, in the versions
    of the rows that stay (audit cases), every link to a row that went. Many-to-many
    histories first: they point at their owner's versions."""
    gone = held.erased_with_child()
    historical = sorted(held.historical_models(), key=lambda m: hasattr(m, "history_type"))
    for model in historical:
        rows = model._default_manager.filter(found.history_filter(model))
        if held.history_is_erased(model):
            rows.delete()
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in gone:
                ids = found.ids.get(field.related_model)
                if ids:
                    model._default_manager.filter(**{f"{field.attname}__in": ids}).update(
                        **{field.attname: None}
                    )


def _remove_files(names: set[str]) -> None:
    """Remove the files once the rows are gone for good."""
    storage = DocumentStorage()
    for name in sorted(names):
        try:
            storage.delete(name)
        except OSError:  # logged, not raised: the rows are already gone
            logger.exception("Could not remove an erased document's file")
