"""Subject access and retention in the browser: export everything held about a child,
list the records due under the retention rule, and erase one once a service manager has
checked what will go.

Each page asks the same permission as its service (``can_export_child``,
``can_erase_records``) before anything is read, so a refused request reads and logs
nothing; the services ask again, so the ``export-child`` and ``retention`` commands
get the same answers.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from childfirst.accounts.access import log_request_list
from childfirst.casework.permissions import can_erase_records, can_export_child
from childfirst.casework.selectors import retention as selectors
from childfirst.casework.services.retention import erase_child
from childfirst.casework.services.subject_access import export_child, export_name
from childfirst.casework.views.common import child_for
from childfirst.ui.downloads import attachment
from childfirst.ui.forms import submit

ZIP = "application/zip"


@login_required
def child_export(request: HttpRequest, reference: str) -> HttpResponse:
    """GET: what the export holds, and the button; POST: the zip."""
    # Refused (and the refusal logged) as every record page is; the export logs itself.
    child = child_for(request, reference, check=can_export_child, log=request.method != "POST")
    if request.method == "POST":
        content = export_child(actor=request.user, child=child, path=request.get_full_path())
        return attachment(content, ZIP, export_name(child))
    return render(
        request,
        "casework/record/export.html",
        {"child": child, "back_url": reverse("casework:child", args=[child.reference])},
    )


def _retention_only(request: HttpRequest) -> None:
    if not can_erase_records(request.user):
        raise PermissionDenied("Only a service manager can see and erase records due")


@login_required
def retention(request: HttpRequest) -> HttpResponse:
    """The records due for erasure under the rule, each with the day it became due."""
    _retention_only(request)
    due = selectors.records_due(timezone.localdate())
    log_request_list(request, [d.child for d in due])
    return render(
        request,
        "casework/record/retention.html",
        {"due": due, "rule": selectors.retention_rule().describe()},
    )


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked what will be erased, and this record is to be erased",
        error_messages={"required": "Confirm that you have checked what will be erased"},
    )


@login_required
def erase(request: HttpRequest, reference: str) -> HttpResponse:
    """Check what will be erased, then confirm: for service managers only, and only
    for a record due under the rule (the service says why not, otherwise)."""
    child = child_for(request, reference, check=lambda user, _: can_erase_records(user))
    today = timezone.localdate()
    due = selectors.due_on(child)
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        erased = submit(form, lambda: erase_child(actor=request.user, child=child, today=today))
        if erased is not None:
            messages.success(request, f"{erased.reference} was erased; the deletion log keeps it")
            return redirect("casework:retention")
    return render(
        request,
        "casework/record/erase.html",
        {
            "child": child,
            "form": form,
            "due": due,
            "is_due": due is not None and due <= today,
            "plan": selectors.erasure_plan(child),
            "rule": selectors.retention_rule().describe(),
            "back_url": reverse("casework:retention"),
        },
    )
