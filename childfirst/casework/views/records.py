"""The child's record in the browser: search, the record (summary and chronology),
its history, and a form to add or change each thing recorded about the child.

Views stay thin: every child page starts with :func:`child_for` (403 unless the
person may see, or change, the child; and an access-log row), reads through
:mod:`childfirst.casework.selectors` and writes through
:mod:`childfirst.casework.services.records`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from childfirst.casework import selectors
from childfirst.casework.forms import records as forms
from childfirst.casework.models import (
    AccommodationEpisode,
    CareEpisode,
    Child,
    Contact,
    ContactOutcome,
    EnforcementAction,
    EteEpisode,
    HealthEpisode,
    Intervention,
    Offence,
    Outcome,
    SendRecord,
    Victim,
)
from childfirst.casework.permissions import EDITORS, can_edit_child, can_view_child
from childfirst.casework.services import records as services
from childfirst.casework.views.common import child_for, roles_required

PAGE_SIZE = selectors.PAGE_SIZE


@dataclass(frozen=True)
class RecordKind:
    """One kind of record kept about a child, and how its pages add and change it."""

    slug: str  # in the URL: /children/<reference>/<slug>/new/
    name: str  # URL names <name>_new and <name>_edit
    model: type[models.Model]
    form: type[forms.RecordForm]
    noun: str  # "offence": "Add an offence", "Offence added"
    article: str
    create: Callable[..., Any]
    update: Callable[..., Any]

    @property
    def new_url_name(self) -> str:
        return f"casework:{self.name}_new"


def _kind(
    slug: str,
    name: str,
    model: Any,
    form: Any,
    noun: str,
    article: str,
    create: Callable[..., Any],
    update: Callable[..., Any],
    field: str,
) -> RecordKind:
    return RecordKind(
        slug,
        name,
        model,
        form,
        noun,
        article,
        lambda user, child, data: create(user=user, child=child, data=data),
        lambda user, obj, data: update(user=user, data=data, **{field: obj}),
    )


RECORD_KINDS: dict[str, RecordKind] = {
    k.slug: k
    for k in (
        _kind(
            "offences",
            "offence",
            Offence,
            forms.OffenceForm,
            "offence",
            "an",
            services.record_offence,
            services.update_offence,
            "offence",
        ),
        _kind(
            "outcomes",
            "outcome",
            Outcome,
            forms.OutcomeForm,
            "outcome",
            "an",
            services.record_outcome,
            services.update_outcome,
            "outcome",
        ),
        _kind(
            "interventions",
            "intervention",
            Intervention,
            forms.InterventionForm,
            "intervention",
            "an",
            services.record_intervention,
            services.update_intervention,
            "intervention",
        ),
        _kind(
            "contacts",
            "contact",
            Contact,
            forms.ContactForm,
            "contact",
            "a",
            services.record_contact,
            services.update_contact,
            "contact",
        ),
        _kind(
            "victims",
            "victim",
            Victim,
            forms.VictimForm,
            "victim",
            "a",
            services.record_victim,
            services.update_victim,
            "victim",
        ),
        _kind(
            "care",
            "care",
            CareEpisode,
            forms.CareEpisodeForm,
            "care status",
            "a",
            services.record_care_episode,
            services.update_care_episode,
            "episode",
        ),
        _kind(
            "accommodation",
            "accommodation",
            AccommodationEpisode,
            forms.AccommodationForm,
            "accommodation",
            "",
            services.record_accommodation,
            services.update_accommodation,
            "episode",
        ),
        _kind(
            "ete",
            "ete",
            EteEpisode,
            forms.EteForm,
            "education, training or employment",
            "",
            services.record_ete,
            services.update_ete,
            "episode",
        ),
        _kind(
            "send",
            "send",
            SendRecord,
            forms.SendForm,
            "special educational needs record",
            "a",
            services.record_send,
            services.update_send,
            "record",
        ),
        _kind(
            "health",
            "health",
            HealthEpisode,
            forms.HealthEpisodeForm,
            "health need",
            "a",
            services.record_health_episode,
            services.update_health_episode,
            "episode",
        ),
    )
}


def _save(form: ModelForm, write: Callable[[], Any]) -> Any:
    """Run ``write`` if the form is valid; put a service's validation errors on the
    form (against their fields where the form has them) and return None."""
    if not form.is_valid():
        return None
    try:
        return write()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


# --- search --------------------------------------------------------------------------------------


@roles_required(*selectors.CHILD_ACCESS_ROLES)
def search(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:100]
    page = _page(request, selectors.search_children(request.user, query))
    return render(
        request,
        "casework/record/search.html",
        {"query": query, "page_obj": page, "can_add": request.user.has_role(*EDITORS)},
    )


# --- the record ----------------------------------------------------------------------------------


@login_required
def child_record(request: HttpRequest, reference: str) -> HttpResponse:
    child = child_for(request, reference)
    shown = [k for k in request.GET.getlist("show") if k in selectors.CHRONOLOGY_KINDS]
    return render(
        request,
        "casework/record/child.html",
        {
            "child": child,
            "summary": selectors.child_summary(child),
            "page_obj": _page(request, selectors.chronology(child, shown)),
            "kinds": selectors.CHRONOLOGY_KINDS,
            "shown": shown,
            "can_edit": can_edit_child(request.user, child),
            "record_kinds": RECORD_KINDS.values(),
        },
    )


@login_required
def child_history(request: HttpRequest, reference: str) -> HttpResponse:
    child = child_for(request, reference)
    return render(
        request,
        "casework/record/history.html",
        {"child": child, "page_obj": _page(request, selectors.child_history(child))},
    )


# --- the child's own details ---------------------------------------------------------------------


@roles_required(*EDITORS)
def child_new(request: HttpRequest) -> HttpResponse:
    form = forms.ChildForm(_posted(request), instance=Child(), user=request.user)
    if request.method == "POST":
        child = _save(
            form, lambda: services.create_child(user=request.user, data=form.cleaned_data)
        )
        if child is not None:
            messages.success(request, f"{child.full_name} added with reference {child.reference}")
            return redirect("casework:child", child.reference)
    return render(
        request,
        "casework/record/form.html",
        {"form": form, "title": "Add a child", "back_url": reverse("casework:search")},
    )


@login_required
def child_edit(request: HttpRequest, reference: str) -> HttpResponse:
    child = child_for(request, reference, edit=True)
    form = forms.ChildEditForm(_posted(request), instance=child, user=request.user)
    if request.method == "POST":
        saved = _save(
            form,
            lambda: services.update_child(user=request.user, child=child, data=form.cleaned_data),
        )
        if saved is not None:
            if not can_view_child(request.user, saved):
                messages.success(
                    request, f"{saved.reference} is now restricted: you can no longer open it"
                )
                return redirect("casework:search")
            messages.success(request, "The child's details have been changed")
            return redirect("casework:child", child.reference)
    child = Child.objects.select_related("team").get(pk=child.pk) if form.errors else child
    return render(
        request,
        "casework/record/form.html",
        {
            "form": form,
            "child": child,
            "title": "Change the child's details",
            "back_url": reverse("casework:child", args=[reference]),
        },
    )


# --- records kept about the child ----------------------------------------------------------------


def _record_page(
    request: HttpRequest, child: Child, kind: RecordKind, instance: models.Model
) -> HttpResponse:
    adding = instance.pk is None
    form = kind.form(_posted(request), instance=instance, user=request.user)
    if request.method == "POST":
        saved = _save(
            form,
            lambda: (
                kind.create(request.user, child, form.cleaned_data)
                if adding
                else kind.update(request.user, instance, form.cleaned_data)
            ),
        )
        if saved is not None:
            noun = kind.noun[:1].upper() + kind.noun[1:]
            messages.success(request, f"{noun} {'added' if adding else 'changed'}")
            return redirect("casework:child", child.reference)
    article = f"{kind.article} " if kind.article else ""
    title = (
        f"Add {article}{kind.noun}" if adding else f"Change {'the ' if article else ''}{kind.noun}"
    )
    return render(
        request,
        "casework/record/form.html",
        {
            "form": form,
            "child": child,
            "title": title,
            "back_url": reverse("casework:child", args=[child.reference]),
        },
    )


@login_required
def record_new(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    spec = RECORD_KINDS[kind]
    child = child_for(request, reference, edit=True)
    return _record_page(request, child, spec, spec.model(child=child))


@login_required
def record_edit(request: HttpRequest, reference: str, kind: str, pk: int) -> HttpResponse:
    spec = RECORD_KINDS[kind]
    child = child_for(request, reference, edit=True)
    instance = get_object_or_404(spec.model, pk=pk, child=child)
    return _record_page(request, child, spec, instance)


# --- enforcement after a missed contact ----------------------------------------------------------


def _enforcement_page(
    request: HttpRequest, child: Child, action: EnforcementAction
) -> HttpResponse:
    adding = action.pk is None
    form = forms.EnforcementForm(_posted(request), instance=action, user=request.user)
    if request.method == "POST":
        saved = _save(
            form,
            lambda: (
                services.record_enforcement(
                    user=request.user, contact=action.contact, data=form.cleaned_data
                )
                if adding
                else services.update_enforcement(
                    user=request.user, action=action, data=form.cleaned_data
                )
            ),
        )
        if saved is not None:
            messages.success(
                request, f"{saved.get_kind_display()} {'recorded' if adding else 'changed'}"
            )
            return redirect("casework:child", child.reference)
    return render(
        request,
        "casework/record/form.html",
        {
            "form": form,
            "child": child,
            "title": "Record a warning or breach" if adding else "Change the enforcement action",
            "lede": f"After the {action.contact.get_kind_display().lower()} contact on "
            f"{action.contact.date.day} {action.contact.date:%B %Y} that the child did not attend.",
            "back_url": reverse("casework:child", args=[child.reference]),
        },
    )


@login_required
def enforcement_new(request: HttpRequest, reference: str, contact_pk: int) -> HttpResponse:
    child = child_for(request, reference, edit=True)
    contact = get_object_or_404(
        Contact, pk=contact_pk, child=child, outcome=ContactOutcome.DID_NOT_ATTEND
    )
    return _enforcement_page(request, child, EnforcementAction(contact=contact))


@login_required
def enforcement_edit(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    child = child_for(request, reference, edit=True)
    action = get_object_or_404(
        EnforcementAction.objects.select_related("contact"), pk=pk, contact__child=child
    )
    return _enforcement_page(request, child, action)
