"""Writes of documents on a child's record: adding one, and removing it.

Each follows the service convention (``docs/architecture.md``) and is one transaction,
with the permission check first (``casework.permissions``). Adding checks the file
(``casework.files.check_upload``: not empty, not too big, an accepted type by its
content) and the answers before anything is written, so a refusal leaves no row and no
file. Removing keeps the file and marks the document removed, with who and why; the
history keeps both changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from childfirst.accounts.models import User
from childfirst.casework import files
from childfirst.casework.errors import CaseworkError, NotAllowed
from childfirst.casework.models import Child, Document, max_document_bytes
from childfirst.casework.permissions import (
    can_edit_child,
    can_remove_document,
    can_view_documents,
)

#: What ``add_document``'s ``data`` may hold, besides the ``file``.
_ANSWERS = frozenset({"title", "category", "date", "intervention"})


def add_document(*, actor: User, child: Child, data: Mapping[str, Any]) -> Document:
    """Keep the uploaded ``data["file"]`` on the child's record with its title, kind,
    date and (optionally) intervention: stored under a random name, with the type found
    from its content, its size and its SHA-256."""
    unknown = set(data) - _ANSWERS - {"file"}
    if unknown:
        raise TypeError(f"Document has no field {', '.join(sorted(unknown))}")
    if not (can_edit_child(actor, child) and can_view_documents(actor, child)):
        raise NotAllowed("You cannot add documents to this child's record")
    upload = data.get("file")
    if not upload:
        raise CaseworkError(fields={"file": "Select a file to upload"})
    try:
        checked = files.check_upload(upload, max_document_bytes())
    except files.NotAccepted as refused:
        raise CaseworkError(fields={"file": str(refused)}) from None
    intervention = data.get("intervention")
    if intervention is not None and intervention.child_id != child.pk:
        raise CaseworkError(fields={"intervention": "Select one of this child's interventions"})
    document = Document(
        child=child,
        uploaded_by=actor,
        original_name=checked.name,
        content_type=checked.kind.content_type,
        size=len(checked.data),
        sha256=checked.sha256,
        **{name: data[name] for name in _ANSWERS if name in data},
    )
    try:
        document.full_clean(exclude=["file"])
    except ValidationError as error:
        raise CaseworkError.from_validation_error(error) from None
    document._history_user = actor  # type: ignore[attr-defined]
    document.file.save("", ContentFile(checked.data), save=False)  # named by stored_name
    try:
        with transaction.atomic():
            document.save()
    except BaseException:
        document.file.storage.delete(document.file.name)  # no file without its row
        raise
    return document


@transaction.atomic
def remove_document(*, actor: User, document: Document, reason: str) -> Document:
    """Mark the document removed by ``actor``, saying why. The file is kept: the record's
    chronology and history show the document was there and was removed."""
    document = Document.objects.select_for_update().select_related("child").get(pk=document.pk)
    if not can_edit_child(actor, document.child):
        raise NotAllowed("You cannot change this child's record")
    if document.removed:
        raise CaseworkError("This document has already been removed")
    if not can_remove_document(actor, document):
        raise NotAllowed(
            "Only the person who added this document, the child's team manager or a service "
            "manager can remove it"
        )
    reason = (reason or "").strip()
    if not reason:
        raise CaseworkError(fields={"reason": "Say why the document is being removed"})
    document.removed_at, document.removed_by, document.removal_reason = (
        timezone.now(),
        actor,
        reason,
    )
    document._history_user = actor  # type: ignore[attr-defined]
    document.save()
    return document
