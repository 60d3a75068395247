"""Pages of the out-of-court joint decision panel: the referrals, each one's panel pack,
and the form for the joint decision. Police panel members see these and nothing else of
a child (``docs/permissions.md``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from childfirst.accounts.access import log_request_list, seen_or_refused
from childfirst.accounts.permissions import PANEL_ROLES, roles_required
from childfirst.casework.forms.panel import PanelDecisionForm
from childfirst.casework.models import Intervention
from childfirst.casework.permissions import (
    can_record_panel_decision,
    can_view_child,
    can_view_panel_pack,
)
from childfirst.casework.selectors import panel as selectors
from childfirst.casework.services.panel import record_panel_decision
from childfirst.ui.forms import submit


@roles_required(*PANEL_ROLES)
def panel(request: HttpRequest) -> HttpResponse:
    lists = selectors.panel_lists(request.user, timezone.localdate())
    log_request_list(request, lists.children)
    return render(request, "casework/panel/list.html", {"lists": lists})


def _referral_for(
    request: HttpRequest, reference: str, pk: int, *, decide: bool = False
) -> Intervention:
    """The referral if this person may open its pack (and record its decision, with
    ``decide``), else the one refusal, the same for a referral that is not there; the
    view, or the refusal, is logged against the child."""
    user = request.user
    return seen_or_refused(
        request,
        Intervention.objects.select_related(
            "child", "outcome__outcome_type", "case_manager", "team"
        ),
        lambda referral: (
            can_view_panel_pack(user, referral)
            and (not decide or can_record_panel_decision(user, referral))
        ),
        child_of=lambda referral: referral.child,
        pk=pk,
        child__reference=reference,
    )


@login_required
def panel_pack(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    referral = _referral_for(request, reference, pk)
    return render(
        request,
        "casework/panel/pack.html",
        {
            "pack": selectors.panel_pack(referral, timezone.localdate()),
            "can_decide": can_record_panel_decision(request.user, referral),
            "can_open_record": can_view_child(request.user, referral.child),
        },
    )


@login_required
def panel_decision(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    referral = _referral_for(request, reference, pk, decide=True)
    form = PanelDecisionForm(
        request.POST if request.method == "POST" else None, instance=referral, user=request.user
    )
    pack_url = reverse("casework:panel_pack", args=[referral.child.reference, referral.pk])
    if request.method == "POST":
        saved = submit(
            form,
            lambda: record_panel_decision(
                actor=request.user, referral=referral, data=form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(request, "Joint decision recorded")
            return redirect(pack_url)
    return render(
        request,
        "casework/record/form.html",
        {
            "form": form,
            "child": referral.child,
            "title": "Record the joint decision",
            "lede": (
                "The decision the police and the youth justice service make together at "
                "the panel, with the gravity score it rests on."
            ),
            "back_url": pack_url,
        },
    )
