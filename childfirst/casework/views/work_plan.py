"""A plan's objectives and actions: listed by pillar, added, changed and removed
(the GOV.UK "add another thing" pattern, one action a page)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from childfirst.casework.errors import CaseworkError, NotEditable
from childfirst.casework.forms.work import PlanActionForm
from childfirst.casework.models import PlanAction
from childfirst.casework.selectors.work import EDITABLE
from childfirst.casework.services import work as services
from childfirst.casework.views.work import _not_editable, check_url, detail_url, load_work
from childfirst.casework.views.work_kinds import PLAN
from childfirst.domain.pillars import Pillar
from childfirst.ui.forms import show_errors


def _actions_url(plan: Any, back_to_check: bool) -> str:
    url = reverse("casework:plan_actions", args=[plan.child.reference, plan.pk])
    return f"{url}?return=check" if back_to_check else url


def editable_plan(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page of a plan's actions: signed in, allowed to change the child's record (and
    logged), for a plan still a draft or returned; the view gets the plan, not its key."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, reference: str, pk: int, **kwargs: Any) -> HttpResponse:
        plan = load_work(request, reference, pk, PLAN, edit=True)
        if plan.status not in EDITABLE:
            return _not_editable(request, plan, PLAN)
        return view(request, plan, **kwargs)

    return wrapped


def _action(plan: Any, action_pk: int) -> PlanAction:
    for action in plan.actions.all():
        if action.pk == action_pk:
            return action
    raise Http404("No such action")


@editable_plan
def plan_actions(request: HttpRequest, plan: Any) -> HttpResponse:
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
            "add_url": reverse("casework:plan_action_add", args=[plan.child.reference, plan.pk])
            + ("?return=check" if back_to_check else ""),
            "continue_url": check_url(PLAN, plan)
            if back_to_check
            else PLAN.next_url(plan, "actions"),
            "back_url": check_url(PLAN, plan)
            if back_to_check
            else PLAN.previous_url(plan, "actions"),
            "number": PLAN.index("actions") + 1,
            "total": len(PLAN.steps),
            "detail_url": detail_url(plan),
        },
    )


def _action_form_page(request: HttpRequest, plan: Any, action: PlanAction | None) -> HttpResponse:
    back_to_check = request.GET.get("return") == "check"
    if request.method == "POST":
        form = PlanActionForm(request.POST)
        if form.is_valid():
            try:
                if action is None:
                    services.add_plan_action(actor=request.user, plan=plan, data=form.cleaned_data)
                else:
                    services.update_plan_action(
                        actor=request.user, action=action, data=form.cleaned_data
                    )
            except NotEditable:
                return _not_editable(request, plan, PLAN)
            except CaseworkError as error:
                show_errors(form, error)
            else:
                messages.success(request, "Action added" if action is None else "Action changed")
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


@editable_plan
def plan_action_add(request: HttpRequest, plan: Any) -> HttpResponse:
    return _action_form_page(request, plan, None)


@editable_plan
def plan_action_change(request: HttpRequest, plan: Any, action_pk: int) -> HttpResponse:
    return _action_form_page(request, plan, _action(plan, action_pk))


@editable_plan
def plan_action_remove(request: HttpRequest, plan: Any, action_pk: int) -> HttpResponse:
    action = _action(plan, action_pk)
    back_to_check = request.GET.get("return") == "check"
    if request.method == "POST":
        try:
            services.remove_plan_action(actor=request.user, action=action)
        except NotEditable:
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
