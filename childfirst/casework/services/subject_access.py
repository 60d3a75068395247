"""A subject access export: everything held about one child, as a zip.

``export_child(actor=..., child=..., path=...)`` gives the bytes of a zip holding:

- ``export.json``: every row about the child, found from the model graph
  (:mod:`childfirst.casework.held`): the record, every piece of work, the family and
  network, documents' details, the access log rows about the child and the audit cases
  drawn from the child's outcomes with their answers; then every historical version of
  each (django-simple-history's tables). One structured file: ``records`` and
  ``history`` by model label (``casework.child``), each row as Django's serializer
  writes it (``model``, ``pk``, ``fields``); dates and times in ISO 8601; models in
  label order, rows in id order.
- ``export.pdf``: the same records to read, one section a kind of record, then each
  version in the history (when, who, what kind of change), through
  :func:`childfirst.ui.downloads.render_pdf` (nothing fetched; every value escaped).
- ``documents/``: each document's file as it was uploaded, named by the document's id
  and its download name; ``export.json``'s ``files`` gives each one's path, size and
  SHA-256.

Only service managers may export (``permissions.can_export_child``, checked here, so
the page and the ``export-child`` command share it), and the export is written to the
access log.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst

from childfirst.accounts.access import log_child_views
from childfirst.accounts.models import AccessKind, User
from childfirst.casework import held
from childfirst.casework.errors import NotAllowed
from childfirst.casework.models import Child, Document
from childfirst.casework.permissions import can_export_child
from childfirst.ui.downloads import render_pdf

JSON_NAME = "export.json"
PDF_NAME = "export.pdf"
DOCUMENTS_FOLDER = "documents"


def export_name(child: Child) -> str:
    """The zip's file name: ``subject-access-CF-000123.zip``."""
    return f"subject-access-{child.reference}.zip"


def kinds_exported() -> list[type[models.Model]]:
    """The models an export reads: every live model about the child (the automatic
    many-to-many tables are each their owner's field, so they are left out)."""
    return [m for m in held.models_about_child() if not m._meta.auto_created]


def export_child(*, actor: User, child: Child, path: str) -> bytes:
    """The zip of everything held about ``child`` (the module says what it holds),
    refused with ``NotAllowed`` unless ``actor`` is a service manager who may open the
    record. ``path`` is what the access log says was used: the page's address, or the
    command."""
    if not can_export_child(actor, child):
        raise NotAllowed("Only a service manager can export everything held about a child")
    with transaction.atomic():
        # Logged first, so the export holds its own access-log row.
        log_child_views(actor, [child], path, AccessKind.EXPORT)
        found = held.held_about(child)
        now = timezone.now()
        data = _data(child, found, actor, now)
        files = _files(found)
        data["files"] = [f.describe() for f in files]
        pdf = render_pdf(_html(child, found, actor, now, files))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            JSON_NAME,
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False, sort_keys=True),
        )
        package.writestr(PDF_NAME, pdf)
        for file in files:
            if file.content is not None:
                package.writestr(file.path, file.content)
    return buffer.getvalue()


def _data(child: Child, found: held.Held, actor: User, now: dt.datetime) -> dict[str, Any]:
    records = {
        m._meta.label_lower: serializers.serialize("python", found.live(m))
        for m in kinds_exported()
    }
    history = {}
    for model in held.historical_models():
        rows = serializers.serialize("python", found.history(model))
        if rows:
            history[model._meta.label_lower] = rows
    return {
        "about": (
            "Everything ChildFirst holds about this child: each record, then each "
            "version of each record kept in the history."
        ),
        "child": child.reference,
        "exported_at": now,
        "exported_by": actor.username,
        "records": records,
        "history": history,
    }


@dataclass(frozen=True)
class ExportedFile:
    document_id: int
    path: str
    size: int
    sha256: str
    content: bytes | None  # None when the file is not on disk

    def describe(self) -> dict[str, Any]:
        return {
            "document": self.document_id,
            "path": self.path if self.content is not None else None,
            "size": self.size,
            "sha256": self.sha256,
            "missing": self.content is None,
        }


def _files(found: held.Held) -> list[ExportedFile]:
    files = []
    for document in found.live(Document):
        content: bytes | None
        try:
            with document.file.open("rb") as stored:
                content = stored.read()
        except (FileNotFoundError, ValueError):
            content = None
        files.append(
            ExportedFile(
                document_id=document.pk,
                path=f"{DOCUMENTS_FOLDER}/{document.pk}-{document.download_name}",
                size=document.size,
                sha256=document.sha256,
                content=content,
            )
        )
    return files


# --- the PDF ----------------------------------------------------------------------------------


def _value(obj: models.Model, field: models.Field[Any, Any]) -> str:
    """A field's value to read: choices by their label, people and records by name,
    dates in words."""
    if field.choices and not field.is_relation:
        value: Any = getattr(obj, f"get_{field.name}_display")()
    elif field.is_relation:
        value = getattr(obj, field.name, None) if getattr(obj, field.attname) else None
    else:
        value = getattr(obj, field.attname)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%-d %B %Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%-d %B %Y")
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return str(value)


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[tuple[int, list[tuple[str, str]]]]


def _sections(found: held.Held) -> list[Section]:
    sections = []
    for model in kinds_exported():
        fields = _fields(model)
        rows = [
            (
                obj.pk,
                [(capfirst(str(f.verbose_name)), _value(obj, f)) for f in fields],
            )
            for obj in found.live(model)
        ]
        sections.append(Section(capfirst(str(model._meta.verbose_name_plural)), rows))
    return sections


@dataclass(frozen=True)
class Version:
    kind: str
    record: Any
    when: str
    who: str
    change: str


CHANGES = {"+": "Added", "~": "Changed", "-": "Deleted"}


def _versions(found: held.Held) -> list[Version]:
    versions = []
    for model in held.historical_models():
        if not hasattr(model, "history_type"):
            continue  # a many-to-many table's history: its versions are its owner's
        instance = model.instance_type  # type: ignore[attr-defined]
        for row in found.history(model).select_related("history_user"):
            versions.append(
                Version(
                    kind=capfirst(str(instance._meta.verbose_name)),
                    record=getattr(row, instance._meta.pk.attname),
                    when=timezone.localtime(row.history_date).strftime("%-d %B %Y %H:%M"),
                    who=str(row.history_user or "Not recorded"),
                    change=CHANGES.get(row.history_type, row.history_type),
                )
            )
    return versions


def _html(
    child: Child, found: held.Held, actor: User, now: dt.datetime, files: list[ExportedFile]
) -> str:
    return render_to_string(
        "casework/record/export_pdf.html",
        {
            "child": child,
            "actor": actor,
            "exported_at": timezone.localtime(now),
            "sections": _sections(found),
            "versions": _versions(found),
            "files": files,
        },
    )
