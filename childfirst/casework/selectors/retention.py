"""Which children's records are due for erasure under the retention rule, and what
erasing one would take away.

The rule itself is :class:`childfirst.domain.retention.RetentionRule`, set by
``CHILDFIRST_RETENTION_AGE`` and ``CHILDFIRST_RETENTION_YEARS_AFTER_LAST_INTERVENTION``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.text import capfirst

from childfirst.casework import held
from childfirst.casework.models import Child, Document, Intervention
from childfirst.domain.retention import RetentionRule


def retention_rule() -> RetentionRule:
    """The service's rule, from its settings."""
    return RetentionRule(
        age=int(settings.CHILDFIRST_RETENTION_AGE),
        years_after_last_intervention=int(
            settings.CHILDFIRST_RETENTION_YEARS_AFTER_LAST_INTERVENTION
        ),
    )


def due_on(child: Child, rule: RetentionRule | None = None) -> dt.date | None:
    """The day ``child``'s record became (or becomes) due, or None while an intervention
    is open."""
    ends = child.interventions.values_list("end", flat=True)
    return (rule or retention_rule()).due_on(
        date_of_birth=child.date_of_birth, intervention_ends=list(ends)
    )


@dataclass(frozen=True)
class DueRecord:
    child: Child
    due_on: dt.date
    last_intervention_ended: dt.date | None


def records_due(today: dt.date | None = None, rule: RetentionRule | None = None) -> list[DueRecord]:
    """Every child's record due for erasure on ``today``, longest due first (then by
    reference). Two queries, whatever the number of children."""
    today = today or timezone.localdate()
    rule = rule or retention_rule()
    ends: dict[int, list[dt.date | None]] = defaultdict(list)
    for child_id, end in Intervention.objects.values_list("child_id", "end"):
        ends[child_id].append(end)
    due = []
    for child in Child.objects.only("pk", "reference", "first_name", "last_name", "date_of_birth"):
        day = rule.due_on(date_of_birth=child.date_of_birth, intervention_ends=ends[child.pk])
        if day is not None and day <= today:
            finished = [e for e in ends[child.pk] if e is not None]
            due.append(DueRecord(child, day, max(finished) if finished else None))
    return sorted(due, key=lambda d: (d.due_on, d.child.reference))


@dataclass(frozen=True)
class Kind:
    label: str
    count: int


@dataclass(frozen=True)
class ErasurePlan:
    """What erasing a child's record takes away (``erased``: kinds of record with how
    many rows, the history's versions and the documents' files) and what it keeps
    without the link to the child (``unlinked``: audit cases and their answers)."""

    erased: list[Kind]
    history_rows: int
    files: int
    unlinked: list[Kind]

    def counts(self) -> dict[str, Any]:
        """The counts for the deletion log: kinds and numbers, nothing about the child."""
        return {
            "records": {k.label: k.count for k in self.erased},
            "history_rows": self.history_rows,
            "files": self.files,
            "kept_without_the_child": {k.label: k.count for k in self.unlinked},
        }


def erasure_plan(child: Child, found: held.Held | None = None) -> ErasurePlan:
    """What erasing ``child`` would take away, for the page that asks to confirm and
    for the deletion log."""
    found = found or held.held_about(child)
    gone = held.erased_with_child()
    erased, unlinked = [], []
    for model in held.models_about_child():
        if model._meta.auto_created:
            continue
        count = found.live(model).count()
        if not count:
            continue
        kind = Kind(capfirst(str(model._meta.verbose_name_plural)), count)
        (erased if model in gone else unlinked).append(kind)
    history_rows = sum(
        found.history(model).count()
        for model in held.historical_models()
        if held.history_is_erased(model)
    )
    return ErasurePlan(
        erased=erased,
        history_rows=history_rows,
        files=len(document_files(found)),
        unlinked=unlinked,
    )


def document_files(found: held.Held) -> set[str]:
    """The stored names of every file of the child's documents, from the documents and
    from every version of them in the history."""
    names = set(found.live(Document).values_list("file", flat=True))
    history = Document.history.model  # type: ignore[attr-defined]
    names |= set(found.history(history).values_list("file", flat=True))
    return {name for name in names if name}
