"""A manager's decision on an assessment, plan or review: countersign it, or return it
with what must change."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from childfirst.accounts.access import refuse
from childfirst.accounts.models import Role
from childfirst.casework.errors import NotAllowed, NotEditable
from childfirst.casework.forms.work import OversightForm
from childfirst.casework.models import OversightDecision, WorkStatus
from childfirst.casework.selectors import work as selectors
from childfirst.casework.services import work as services
from childfirst.casework.views.work import detail_url, load_work
from childfirst.casework.views.work_kinds import kind_for


@login_required
def oversight_decide(request: HttpRequest, kind_name: str, pk: int) -> HttpResponse:
    kind = kind_for(kind_name)
    model = selectors.WORK_MODELS[kind.name]
    found = model.objects.filter(pk=pk).values_list("child__reference", flat=True).first()
    if found is None:
        refuse(request)  # the same answer as for work the person may not oversee
    # Only the child's team manager or a service manager gets past this (the one refusal
    # otherwise, logged).
    work = load_work(request, found, pk, kind, oversee=True)
    own = work.author_id == request.user.pk
    if work.status != WorkStatus.SUBMITTED:
        messages.info(
            request,
            f"This {kind.name} is not awaiting oversight: it is "
            f"{work.get_status_display().lower()}.",
        )
        return redirect(detail_url(work))
    if request.method == "POST":
        if own:
            raise PermissionDenied(f"You wrote this {kind.name}: another manager must decide it")
        form = OversightForm(request.POST)
        if form.is_valid():
            try:
                oversight = services.decide_oversight(
                    actor=request.user,
                    work=work,
                    decision=form.cleaned_data["decision"],
                    comments=form.cleaned_data["comments"],
                )
            except NotAllowed as refused:
                raise PermissionDenied(str(refused)) from None
            except NotEditable as stale:
                messages.info(request, str(stale))
                return redirect(detail_url(work))
            name = work.child.full_name
            if oversight.decision == OversightDecision.COUNTERSIGNED:
                messages.success(request, f"You countersigned the {kind.name} for {name}")
            else:
                messages.success(
                    request,
                    f"You returned the {kind.name} for {name} to {work.author} with what must "
                    "change",
                )
            if request.user.has_role(Role.TEAM_MANAGER):
                return redirect("casework:team")
            return redirect(detail_url(work))
    else:
        form = OversightForm()
    return render(
        request,
        "casework/work/oversight.html",
        {
            "work": work,
            "child": work.child,
            "kind": kind,
            "form": None if own else form,
            "own": own,
            "sections": kind.summary(work, False),
            "history": selectors.oversight_history(work),
            "back_url": detail_url(work),
        },
    )
