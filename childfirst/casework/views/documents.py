"""Documents on a child's record in the browser: upload one, list them, open one's page,
download its file, remove it.

Every page checks who is asking before anything is read, and only then writes the
access log (a refusal is logged as one): the child's documents open for those who
may see them (``can_view_documents``: not through the police panel), a removed
document's file only for the child's managers, removal for whoever added it or a
manager. The file is sent by :func:`childfirst.ui.downloads.stored_file`, as a download
and with the type found from its content, and logged as an export of the record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from childfirst.accounts.access import NOT_VISIBLE, log_request_views, refuse
from childfirst.accounts.models import AccessKind
from childfirst.casework.forms.documents import DocumentForm, DocumentRemovalForm
from childfirst.casework.models import Child, Document
from childfirst.casework.permissions import (
    can_download_document,
    can_edit_child,
    can_remove_document,
)
from childfirst.casework.selectors import documents as selectors
from childfirst.casework.services import documents as services
from childfirst.casework.views.common import child_for
from childfirst.ui.downloads import stored_file
from childfirst.ui.forms import submit


def _document_for(
    request: HttpRequest,
    reference: str,
    pk: int,
    allowed: Callable[[Any, Document], bool],
    kind: str = AccessKind.VIEW,
) -> tuple[Child, Document]:
    """The child's document ``pk`` if ``allowed(person, document)``, else 403 (the one
    refusal for a child that is not there or not theirs to see; 404 for no such document
    of a child they may see); logged as ``kind``, or as a refusal."""
    child = child_for(request, reference, documents=True, log=False)
    document = get_object_or_404(selectors.document_of(child), pk=pk)
    if not allowed(request.user, document):
        refuse(
            request,
            child,
            "Only the child's team manager or a service manager can open a removed document"
            if document.removed
            else NOT_VISIBLE,
        )
    log_request_views(request, [child], kind)
    return child, document


def _back(child: Child) -> str:
    return reverse("casework:child", args=[child.reference]) + "#documents"


@login_required
def document_new(request: HttpRequest, reference: str) -> HttpResponse:
    child = child_for(request, reference, edit=True, documents=True)
    posted = request.method == "POST"
    form = DocumentForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=Document(child=child),
        user=request.user,
    )
    if posted:
        saved = submit(
            form,
            lambda: services.add_document(actor=request.user, child=child, data=form.cleaned_data),
        )
        if saved is not None:
            messages.success(request, f"Document added: {saved.title}")
            return redirect(_back(child))
    return render(
        request,
        "casework/record/form.html",
        {"form": form, "child": child, "title": "Add a document", "back_url": _back(child)},
    )


@login_required
def document_list(request: HttpRequest, reference: str) -> HttpResponse:
    child = child_for(request, reference, documents=True)
    return render(
        request,
        "casework/document/list.html",
        {
            "child": child,
            "documents": list(selectors.child_documents(child, removed=True)),
            "can_edit": can_edit_child(request.user, child),
        },
    )


@login_required
def document_page(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    child, document = _document_for(request, reference, pk, lambda u, d: True)
    return render(
        request,
        "casework/document/detail.html",
        {
            "child": child,
            "document": document,
            "can_download": can_download_document(request.user, document),
            "can_remove": can_remove_document(request.user, document),
        },
    )


@login_required
def document_download(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """The file, exactly as it was uploaded, with the type found from its content."""
    _, document = _document_for(request, reference, pk, can_download_document, AccessKind.EXPORT)
    try:
        file = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file for this document cannot be found") from None
    return stored_file(file, document.content_type, document.download_name)


@login_required
def document_remove(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    child, document = _document_for(request, reference, pk, can_remove_document)
    form = DocumentRemovalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        removed = submit(
            form,
            lambda: services.remove_document(
                actor=request.user, document=document, reason=form.cleaned_data["reason"]
            ),
        )
        if removed is not None:
            messages.success(request, f"Document removed: {removed.title}")
            return redirect(_back(child))
    return render(
        request,
        "casework/document/remove.html",
        {
            "child": child,
            "document": document,
            "form": form,
            "back_url": reverse("casework:document", args=[child.reference, document.pk]),
        },
    )
