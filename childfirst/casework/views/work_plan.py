"""A plan's objectives and actions: listed by pillar, added, changed and removed
(the GOV.UK "add another thing" pattern, one action a page)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from childfirst.casework.forms.work import PlanActionForm
from childfirst.casework.models import PlanAction
from childfirst.casework.services import work as services
from childfirst.casework.views.work import _not_editable, check_url, load_work
from childfirst.casework.views.work_kinds import PLAN
from childfirst.domain.pillars import Pillar


def _actions_url(plan: Any, back_to_check: bool) -> str:
    url = reverse("casework:plan_actions", args=[plan.child.reference, plan.pk])
    return f"{url}?return=check" if back_to_check else url


def _editable_plan(request: HttpRequest, reference: str, pk: int) -> Any:
    return load_work(request, reference, pk, PLAN, edit=True)


def _action(plan: Any, action_pk: int) -> PlanAction:
    for action in plan.actions.all():
        if action.pk == action_pk:
            return action
    raise Http404("No such action")


@login_required
def plan_actions(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    plan = _editable_plan(request, reference, pk)
    if plan.status not in services.EDITABLE:
        return _not_editable(request, plan, PLAN)
    back_to_check = request.GET.get("return") == "check"
    actions = list(plan.actions.all())
    by_pillar = [(p, [a for a in actions if a.pillar == p.value]) for p in Pillar]
    return render(
        request,
        "casework/work/plan_actions.html",
        {
            "work": plan,
            "child": plan.child,
            "kind": PLAN,
            "by_pillar": by_pillar,
            "count": len(actions),
            "back_to_check": back_to_check,
            "add_url": reverse("casework:plan_action_add", args=[reference, plan.pk])
            + ("?return=check" if back_to_check else ""),
            "continue_url": check_url(PLAN, plan)
            if back_to_check
            else PLAN.next_url(plan, "actions"),
            "back_url": check_url(PLAN, plan)
            if back_to_check
            else PLAN.previous_url(plan, "actions"),
            "number": PLAN.index("actions") + 1,
            "total": len(PLAN.steps),
        },
    )


def _action_form_page(request: HttpRequest, plan: Any, action: PlanAction | None) -> HttpResponse:
    back_to_check = request.GET.get("return") == "check"
    if request.method == "POST":
        form = PlanActionForm(request.POST)
        if form.is_valid():
            try:
                if action is None:
                    services.add_plan_action(plan, actor=request.user, **form.cleaned_data)
                    messages.success(request, "Action added")
                else:
                    services.update_plan_action(action, actor=request.user, **form.cleaned_data)
                    messages.success(request, "Action changed")
            except services.NotEditable:
                return _not_editable(request, plan, PLAN)
            return redirect(_actions_url(plan, back_to_check))
    else:
        initial: dict[str, Any] = {"pillar": request.GET.get("pillar", "")}
        if action is not None:
            initial = {name: getattr(action, name) for name in services.ACTION_FIELDS}
        form = PlanActionForm(initial=initial)
    return render(
        request,
        "casework/work/plan_action.html",
        {
            "work": plan,
            "child": plan.child,
            "kind": PLAN,
            "form": form,
            "action": action,
            "back_url": _actions_url(plan, back_to_check),
        },
    )


@login_required
def plan_action_add(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    plan = _editable_plan(request, reference, pk)
    if plan.status not in services.EDITABLE:
        return _not_editable(request, plan, PLAN)
    return _action_form_page(request, plan, None)


@login_required
def plan_action_change(
    request: HttpRequest, reference: str, pk: int, action_pk: int
) -> HttpResponse:
    plan = _editable_plan(request, reference, pk)
    if plan.status not in services.EDITABLE:
        return _not_editable(request, plan, PLAN)
    return _action_form_page(request, plan, _action(plan, action_pk))


@login_required
def plan_action_remove(
    request: HttpRequest, reference: str, pk: int, action_pk: int
) -> HttpResponse:
    plan = _editable_plan(request, reference, pk)
    if plan.status not in services.EDITABLE:
        return _not_editable(request, plan, PLAN)
    action = _action(plan, action_pk)
    back_to_check = request.GET.get("return") == "check"
    if request.method == "POST":
        try:
            services.remove_plan_action(action, actor=request.user)
        except services.NotEditable:
            return _not_editable(request, plan, PLAN)
        messages.success(request, "Action removed")
        return redirect(_actions_url(plan, back_to_check))
    return render(
        request,
        "casework/work/plan_action_remove.html",
        {
            "work": plan,
            "child": plan.child,
            "kind": PLAN,
            "action": action,
            "back_url": _actions_url(plan, back_to_check),
        },
    )
