"""Documents kept on a child's record: court reports, referrals, other agencies'
assessments, letters, photos.

The files live outside the static files and outside any URL, in
``CHILDFIRST_DOCUMENT_ROOT``, each under a random name; they reach a browser only
through the permission-checked download page, which writes the access log. A document
is never deleted: removing it marks it removed, with who, when and why, and keeps
the file (``docs/casework.md``, "Documents").
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.deconstruct import deconstructible
from simple_history.models import HistoricalRecords

from childfirst.casework import files
from childfirst.casework.bounds import DateCheck
from childfirst.casework.models.records import Child, Intervention

__all__ = [
    "Document",
    "DocumentCategory",
    "DocumentStorage",
    "document_root",
    "max_document_bytes",
    "stored_name",
]

DEFAULT_DOCUMENT_ROOT = Path(settings.BASE_DIR) / "var" / "documents"
DEFAULT_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


def document_root() -> Path:
    """Where documents' files are kept (``CHILDFIRST_DOCUMENT_ROOT``)."""
    return Path(getattr(settings, "CHILDFIRST_DOCUMENT_ROOT", DEFAULT_DOCUMENT_ROOT))


def max_document_bytes() -> int:
    """The largest file a document may be (``CHILDFIRST_DOCUMENT_MAX_BYTES``)."""
    return int(getattr(settings, "CHILDFIRST_DOCUMENT_MAX_BYTES", DEFAULT_DOCUMENT_MAX_BYTES))


@deconstructible
class DocumentStorage(FileSystemStorage):
    """Documents' files, in :func:`document_root` (read each time, so a test or an
    operator's setting moves it), created when the first file is saved. There is no
    URL: a file is only ever sent by the download page, after its checks."""

    def __init__(self) -> None:
        super().__init__()

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(document_root())

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Documents have no URL: they are sent by the download page only")


def stored_name(instance: Document, filename: str) -> str:
    """A random name, with the extension of the type the file really is: never the
    name, nor any part of a path, that came with the upload."""
    kind = files.BY_CONTENT_TYPE.get(instance.content_type)
    return f"{uuid.uuid4().hex}{kind.extensions[0] if kind else ''}"


class DocumentCategory(models.TextChoices):
    COURT_REPORT = "court_report", "Court report"
    REFERRAL = "referral", "Referral"
    OTHER_AGENCY = "other_agency", "Assessment or report from another agency"
    LETTER = "letter", "Letter"
    IMAGE = "image", "Photo or image"
    OTHER = "other", "Other"


class Document(models.Model):
    """A file kept on the child's record, with what it is, who added it and when."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="documents")
    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.SET_NULL,
        related_name="documents",
        null=True,
        blank=True,
    )
    title = models.CharField(max_length=200)
    category = models.CharField("Kind of document", max_length=20, choices=DocumentCategory.choices)
    date = models.DateField("Date of the document")
    file = models.FileField(
        storage=DocumentStorage(), upload_to=stored_name, max_length=100, editable=False
    )
    original_name = models.CharField(
        "File name", max_length=200, help_text="As uploaded, made safe to show"
    )
    content_type = models.CharField(
        "Type of file",
        max_length=100,
        choices=[(t.content_type, t.label) for t in files.ACCEPTED],
        help_text="Found from the file's content, never its name",
    )
    size = models.PositiveBigIntegerField("Size in bytes")
    sha256 = models.CharField("SHA-256", max_length=64, help_text="A fingerprint of the file")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Added by",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField("Removed on", null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="Removed by",
    )
    removal_reason = models.TextField("Why it was removed", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["child", "-date"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(removed_at__isnull=True, removed_by__isnull=True, removal_reason="")
                    | (
                        models.Q(removed_at__isnull=False, removed_by__isnull=False)
                        & ~models.Q(removal_reason="")
                    )
                ),
                name="document_removed_by_someone_with_a_reason",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        check = DateCheck()
        check.happened("date", "date of the document", self.date)
        child = self.child if self.child_id else None
        check.in_the_childs_life("date", "date of the document", self.date, child)
        check.raise_if_any()

    @property
    def removed(self) -> bool:
        return self.removed_at is not None

    @property
    def kind(self) -> files.FileType:
        return files.BY_CONTENT_TYPE[self.content_type]

    @property
    def size_in_words(self) -> str:
        return files.format_size(self.size)

    @property
    def download_name(self) -> str:
        return files.download_name(self.original_name, self.kind)

    def describe(self) -> str:
        """The type and size, for lists: "PDF, 2.5 MB"."""
        return f"{self.kind.label}, {self.size_in_words}"
