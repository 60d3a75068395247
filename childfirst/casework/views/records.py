"""The child's record in the browser: search, the record (summary and chronology),
its history, and a form to add or change each thing recorded about the child.

Views stay thin: every child page starts with :func:`child_for` (403 unless the
person may see, or change, the child; and an access-log row), reads through
:mod:`childfirst.casework.selectors` and writes through
:mod:`childfirst.casework.services.records` (a refusal shown on the form by
``ui.forms.submit``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from childfirst.accounts.access import log_request_list
from childfirst.accounts.permissions import CASEWORK_EDITORS, CHILD_RECORD_ROLES, roles_required
from childfirst.casework.errors import CaseworkError, PossibleDuplicate
from childfirst.casework.forms import records as forms
from childfirst.casework.models import (
    Appointment,
    AppointmentStatus,
    Child,
    Contact,
    ContactOutcome,
    EnforcementAction,
)
from childfirst.casework.permissions import (
    can_restrict,
    can_view_child,
    children_visible_to,
    record_access,
)
from childfirst.casework.selectors import (
    chronology,
    contacts,
    documents,
    history,
    loaded,
    network,
    records,
)
from childfirst.casework.services import records as services
from childfirst.casework.views.common import child_for
from childfirst.ui.forms import show_errors, submit

PAGE_SIZE = records.PAGE_SIZE


@dataclass(frozen=True)
class RecordKind:
    """One kind of record kept about a child, and how its pages add and change it."""

    slug: str  # in the URL: /children/<reference>/<slug>/new/
    name: str  # URL names <name>_new and <name>_edit
    form: type[forms.RecordForm]
    noun: str  # "offence": "Add an offence", "Offence added"
    article: str
    create: Callable[..., Any]  # services.record_<name>(*, actor, child, data)
    update: Callable[..., Any]  # services.update_<name>(*, actor, <field>, data)
    field: str  # the name ``update`` gives the record

    @property
    def model(self) -> type[models.Model]:
        return self.form._meta.model

    @property
    def new_url_name(self) -> str:
        return f"casework:{self.name}_new"

    def add(self, actor: Any, child: Child, data: Any) -> Any:
        return self.create(actor=actor, child=child, data=data)

    def change(self, actor: Any, record: models.Model, data: Any) -> Any:
        return self.update(actor=actor, data=data, **{self.field: record})


RECORD_KINDS: dict[str, RecordKind] = {
    kind.slug: kind
    for kind in (
        RecordKind(
            "offences",
            "offence",
            forms.OffenceForm,
            "offence",
            "an",
            services.record_offence,
            services.update_offence,
            "offence",
        ),
        RecordKind(
            "outcomes",
            "outcome",
            forms.OutcomeForm,
            "outcome",
            "an",
            services.record_outcome,
            services.update_outcome,
            "outcome",
        ),
        RecordKind(
            "interventions",
            "intervention",
            forms.InterventionForm,
            "intervention",
            "an",
            services.record_intervention,
            services.update_intervention,
            "intervention",
        ),
        RecordKind(
            "contacts",
            "contact",
            forms.ContactForm,
            "contact",
            "a",
            services.record_contact,
            services.update_contact,
            "contact",
        ),
        RecordKind(
            "appointments",
            "appointment",
            forms.AppointmentForm,
            "appointment",
            "an",
            services.make_appointment,
            services.update_appointment,
            "appointment",
        ),
        RecordKind(
            "victims",
            "victim",
            forms.VictimForm,
            "victim",
            "a",
            services.record_victim,
            services.update_victim,
            "victim",
        ),
        RecordKind(
            "care",
            "care",
            forms.CareEpisodeForm,
            "care status",
            "a",
            services.record_care_episode,
            services.update_care_episode,
            "episode",
        ),
        RecordKind(
            "accommodation",
            "accommodation",
            forms.AccommodationForm,
            "accommodation",
            "",
            services.record_accommodation,
            services.update_accommodation,
            "episode",
        ),
        RecordKind(
            "ete",
            "ete",
            forms.EteForm,
            "education, training or employment",
            "",
            services.record_ete,
            services.update_ete,
            "episode",
        ),
        RecordKind(
            "send",
            "send",
            forms.SendForm,
            "special educational needs record",
            "a",
            services.record_send,
            services.update_send,
            "record",
        ),
        RecordKind(
            "health",
            "health",
            forms.HealthEpisodeForm,
            "health need",
            "a",
            services.record_health_episode,
            services.update_health_episode,
            "episode",
        ),
        RecordKind(
            "family",
            "family",
            forms.FamilyMemberForm,
            "family member or carer",
            "a",
            services.record_family_member,
            services.update_family_member,
            "person",
        ),
        RecordKind(
            "professionals",
            "professional",
            forms.ProfessionalForm,
            "professional",
            "a",
            services.record_professional,
            services.update_professional,
            "person",
        ),
        RecordKind(
            "addresses",
            "address",
            forms.AddressForm,
            "address",
            "an",
            services.record_address,
            services.update_address,
            "address",
        ),
    )
}


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


# --- search --------------------------------------------------------------------------------------


@roles_required(*CHILD_RECORD_ROLES)
def search(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:100]
    page = _page(request, records.search_children(request.user, query))
    page.object_list = list(page.object_list)
    log_request_list(request, page.object_list)
    return render(
        request,
        "casework/record/search.html",
        {"query": query, "page_obj": page, "can_add": request.user.has_role(*CASEWORK_EDITORS)},
    )


# --- the record ----------------------------------------------------------------------------------


@login_required
def child_record(request: HttpRequest, reference: str) -> HttpResponse:
    child = child_for(request, reference)
    access = record_access(request.user, child, visible=True)  # child_for checked it
    # Documents and the child's network (and their place in the chronology) are only for
    # those who may see them.
    sees_documents, sees_network = access.documents, access.network
    kinds = {
        k: label
        for k, label in chronology.kinds_for(network=sees_network).items()
        if k != "documents" or sees_documents
    }
    shown = [k for k in request.GET.getlist("show") if k in kinds]
    # What the summary, the network and the chronology all show, read once.
    loaded.prefetch_record(child, network=sees_network, documents=sees_documents)
    return render(
        request,
        "casework/record/child.html",
        {
            "child": child,
            "summary": records.child_summary(child),
            "sees_network": sees_network,
            "appointments": contacts.planned_appointments(child) if sees_network else [],
            "missed": contacts.awaiting_enforcement(child) if sees_network else [],
            "network": network.child_network(child) if sees_network else None,
            "page_obj": _page(
                request, chronology.chronology(child, shown or list(kinds), network=sees_network)
            ),
            "kinds": kinds,
            "shown": shown,
            "documents": documents.record_documents(child) if sees_documents else None,
            "can_edit": access.edit,
            "can_restrict": access.restrict,
            "can_export": access.export,
            "can_see_access_log": access.access_log,
            "record_kinds": RECORD_KINDS.values(),
        },
    )


@login_required
def child_history(request: HttpRequest, reference: str) -> HttpResponse:
    child = child_for(request, reference)
    access = record_access(request.user, child, visible=True)  # child_for checked it
    changes = history.child_history(child, documents=access.documents, network=access.network)
    return render(
        request,
        "casework/record/history.html",
        {"child": child, "page_obj": _page(request, changes)},
    )


# --- the child's own details ---------------------------------------------------------------------


def _confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirm_different") == "on"


def _duplicates(request: HttpRequest, matches: list[Child]) -> dict[str, Any]:
    """The records that may be this child, for the page: those the person may open,
    and how many more there are that they may not."""
    visible = set(
        children_visible_to(request.user)
        .filter(pk__in=[c.pk for c in matches])
        .values_list("pk", flat=True)
    )
    return {
        "duplicates": [c for c in matches if c.pk in visible],
        "hidden_duplicates": sum(1 for c in matches if c.pk not in visible),
    }


def _save_child(
    request: HttpRequest, form: forms.ChildForm, write: Callable[[bool], Child]
) -> tuple[Child | None, dict[str, Any]]:
    """Save through ``write(confirmed_different)``; if another record may be this child,
    the form comes back with those records and a box to confirm it is a different one."""
    if not form.is_valid():
        return None, {}
    try:
        return write(_confirmed(request)), {}
    except PossibleDuplicate as found:
        again = type(form)(request.POST, instance=form.instance, user=request.user, duplicates=True)
        again.is_valid()
        again.add_error(None, str(found))
        return None, {"form": again, **_duplicates(request, found.matches)}
    except CaseworkError as refused:
        show_errors(form, refused)
        return None, {}


@roles_required(*CASEWORK_EDITORS)
def child_new(request: HttpRequest) -> HttpResponse:
    form = forms.ChildForm(
        _posted(request), instance=Child(), user=request.user, duplicates=_confirmed(request)
    )
    extra: dict[str, Any] = {}
    if request.method == "POST":
        child, extra = _save_child(
            request,
            form,
            lambda confirmed: services.create_child(
                actor=request.user, data=form.child_data, confirmed_different=confirmed
            ),
        )
        if child is not None:
            messages.success(request, f"{child.full_name} added with reference {child.reference}")
            return redirect("casework:child", child.reference)
    return render(
        request,
        "casework/record/form.html",
        {"form": form, "title": "Add a child", "back_url": reverse("casework:search"), **extra},
    )


@login_required
def child_edit(request: HttpRequest, reference: str) -> HttpResponse:
    child = child_for(request, reference, edit=True)
    form = forms.ChildForm(
        _posted(request), instance=child, user=request.user, duplicates=_confirmed(request)
    )
    extra: dict[str, Any] = {}
    if request.method == "POST":
        saved, extra = _save_child(
            request,
            form,
            lambda confirmed: services.update_child(
                actor=request.user,
                child=child,
                data=form.child_data,
                confirmed_different=confirmed,
            ),
        )
        if saved is not None:
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
            **extra,
        },
    )


# --- restricting the record ---------------------------------------------------------------


@login_required
def restriction(request: HttpRequest, reference: str) -> HttpResponse:
    """The child's team manager or a service manager restricts the record to named staff
    or lifts the restriction; a practitioner asks for a restriction, saying why."""
    child = child_for(request, reference, edit=True)
    waiting = list(child.restriction_requests.filter(outcome="").select_related("requested_by"))
    back = reverse("casework:child", args=[child.reference])
    if can_restrict(request.user, child):
        form: Any = forms.RestrictionForm(_posted(request), child=child)
        if request.method == "POST":
            saved = submit(
                form,
                lambda: services.set_restriction(
                    actor=request.user,
                    child=child,
                    restricted=form.cleaned_data["restricted"],
                    named=form.cleaned_data["restricted_to"],
                ),
            )
            if saved is not None:
                messages.success(
                    request,
                    "The record is now restricted"
                    if saved.restricted
                    else "The record is open to the team",
                )
                if not can_view_child(request.user, saved):
                    return redirect("casework:search")
                return redirect(back)
        title = "Who can open this record"
    else:
        form = forms.RestrictionRequestForm(_posted(request))
        if request.method == "POST":
            made = submit(
                form,
                lambda: services.request_restriction(
                    actor=request.user, child=child, reason=form.cleaned_data["reason"]
                ),
            )
            if made is not None:
                messages.success(
                    request, "Your request has gone to the child's team manager to decide"
                )
                return redirect(back)
        title = "Ask for this record to be restricted"
    return render(
        request,
        "casework/record/restriction.html",
        {
            "child": child,
            "form": form,
            "title": title,
            "waiting": waiting,
            "manages": can_restrict(request.user, child),
            "back_url": back,
        },
    )


# --- records kept about the child ----------------------------------------------------------------


def _record_page(
    request: HttpRequest, child: Child, kind: RecordKind, instance: models.Model
) -> HttpResponse:
    adding = instance.pk is None
    form = kind.form(_posted(request), instance=instance, user=request.user)
    if request.method == "POST":
        saved = submit(
            form,
            lambda: (
                kind.add(request.user, child, form.cleaned_data)
                if adding
                else kind.change(request.user, instance, form.cleaned_data)
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
    # The child is the one just checked, and the record's many-to-many choices (who was at
    # a contact) are read once, for the form's answers and for its lists alike.
    instance.child = child
    prefetch_related_objects([instance], *(f.name for f in spec.model._meta.many_to_many))
    return _record_page(request, child, spec, instance)


# --- enforcement after a missed contact ----------------------------------------------------------


def _enforcement_page(
    request: HttpRequest, child: Child, action: EnforcementAction
) -> HttpResponse:
    adding = action.pk is None
    form = forms.EnforcementForm(_posted(request), instance=action, user=request.user)
    if request.method == "POST":
        saved = submit(
            form,
            lambda: (
                services.record_enforcement(
                    actor=request.user, contact=action.contact, data=form.cleaned_data
                )
                if adding
                else services.update_enforcement(
                    actor=request.user, action=action, data=form.cleaned_data
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
            "title": "Decide on enforcement" if adding else "Change the enforcement decision",
            "lede": f"After the {action.contact.get_kind_display().lower()} contact on "
            f"{action.contact.date.day} {action.contact.date:%B %Y} that the child did not attend: "
            "a warning, a breach, or no warning or breach (saying why).",
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


# --- an appointment: record what happened, or cancel it ------------------------------------------


def _planned_appointment(request: HttpRequest, reference: str, pk: int) -> Appointment:
    child = child_for(request, reference, edit=True)
    appointment = get_object_or_404(
        Appointment.objects.select_related("intervention"),
        pk=pk,
        child=child,
        status=AppointmentStatus.PLANNED,
    )
    appointment.child = child
    return appointment


def _about(appointment: Appointment) -> str:
    """The appointment in a sentence, for the page's introduction."""
    where = f", {appointment.location}" if appointment.location else ""
    return (
        f"{appointment.get_kind_display()} on {appointment.date.day} "
        f"{appointment.date:%B %Y} at {appointment.time:%H:%M}{where}."
    )


@login_required
def appointment_record(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Record what happened at an appointment: a contact, filled in from the appointment."""
    appointment = _planned_appointment(request, reference, pk)
    child = appointment.child
    contact = Contact(
        child=child,
        intervention=appointment.intervention,
        date=appointment.date,
        time=appointment.time,
        duration_minutes=appointment.duration_minutes,
        kind=appointment.kind,
        location=appointment.location,
        attendees=appointment.with_whom,
        recorded_by=request.user,
    )
    form = forms.ContactForm(_posted(request), instance=contact, user=request.user)
    if request.method == "POST":
        saved = submit(
            form,
            lambda: services.record_appointment_contact(
                actor=request.user, appointment=appointment, data=form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(request, f"Contact recorded: {saved.get_outcome_display().lower()}")
            return redirect("casework:child", child.reference)
    return render(
        request,
        "casework/record/form.html",
        {
            "form": form,
            "child": child,
            "title": "Record what happened at the appointment",
            "lede": f"{_about(appointment)} Change anything that was different on the day.",
            "back_url": reverse("casework:child", args=[child.reference]),
        },
    )


@login_required
def appointment_cancel(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    appointment = _planned_appointment(request, reference, pk)
    child = appointment.child
    form = forms.CancelAppointmentForm(_posted(request))
    if request.method == "POST":
        saved = submit(
            form,
            lambda: services.cancel_appointment(
                actor=request.user, appointment=appointment, reason=form.cleaned_data["reason"]
            ),
        )
        if saved is not None:
            messages.success(request, "Appointment cancelled")
            return redirect("casework:child", child.reference)
    return render(
        request,
        "casework/record/form.html",
        {
            "form": form,
            "child": child,
            "title": "Cancel the appointment",
            "lede": _about(appointment),
            "button": "Cancel the appointment",
            "cancel_label": "Keep the appointment",
            "back_url": reverse("casework:child", args=[child.reference]),
        },
    )
