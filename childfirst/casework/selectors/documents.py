"""Reads of documents on a child's record; nothing here writes
(``casework.services.documents`` does). Who may see them is
``casework.permissions.can_view_documents``: callers check first."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from childfirst.casework.models import Child, Document

#: How many documents the record itself shows; the documents page lists them all.
ON_THE_RECORD = 5


def child_documents(child: Child, *, removed: bool = False) -> QuerySet[Document]:
    """The child's documents, newest first (by their date, then when they were added),
    with those removed too when ``removed``."""
    documents = Document.objects.filter(child=child).select_related(
        "uploaded_by", "removed_by", "intervention__outcome__outcome_type"
    )
    if not removed:
        documents = documents.filter(removed_at__isnull=True)
    return documents.order_by("-date", "-uploaded_at", "-pk")


def document_of(child: Child) -> QuerySet[Document]:
    """Where to look a document up by its id: only among this child's, removed or not, so
    one child's document is never reached through another's record."""
    return child_documents(child, removed=True)


@dataclass(frozen=True)
class RecordDocuments:
    """The newest documents, for the record page, and how many there are in all."""

    newest: list[Document]
    count: int
    removed: int

    @property
    def more(self) -> bool:
        return self.count > len(self.newest) or self.removed > 0


def record_documents(child: Child, limit: int = ON_THE_RECORD) -> RecordDocuments:
    """The newest ``limit`` documents, and how many there are and were removed: from the
    documents read onto the child for the record page (``loaded.prefetch_record``), or
    in two queries."""
    if "documents" in getattr(child, "_prefetched_objects_cache", {}):
        every = list(child.documents.all())
        current = sorted(
            (d for d in every if d.removed_at is None),
            key=lambda d: (d.date, d.uploaded_at, d.pk),
            reverse=True,
        )
        return RecordDocuments(current[:limit], len(current), len(every) - len(current))
    counts = Document.objects.filter(child=child).aggregate(
        count=Count("pk", filter=Q(removed_at__isnull=True)),
        removed=Count("pk", filter=Q(removed_at__isnull=False)),
    )
    return RecordDocuments(
        newest=list(child_documents(child)[:limit]),
        count=counts["count"],
        removed=counts["removed"],
    )
