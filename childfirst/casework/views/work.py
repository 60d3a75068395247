"""Assessments, plans and reviews, one question or section a page.

The same views walk all three (their pages are described in ``views.work_kinds``):
start → each step, saving a draft each time → check your answers (with change
links back) → submit for oversight. Every page starts with ``child_for``, which
refuses people who may not see (or change) the child and writes the access log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from childfirst.accounts.access import refuse
from childfirst.casework.errors import (
    CaseworkError,
    DraftExists,
    Incomplete,
    NotAllowed,
    NotEditable,
    Problem,
)
from childfirst.casework.models import Assessment, Plan, Review, WorkStatus
from childfirst.casework.permissions import can_edit_child, can_oversee
from childfirst.casework.selectors import work as selectors
from childfirst.casework.services import work as services
from childfirst.casework.views.common import child_for
from childfirst.casework.views.work_kinds import Kind, kind_for
from childfirst.ui.forms import show_errors

Work = Assessment | Plan | Review


def load_work(request: HttpRequest, reference: str, pk: int, kind: Kind, **access: bool) -> Any:
    """The child (checked and logged) and its work of ``kind``, or 404."""
    child = child_for(request, reference, **access)
    try:
        return kind.load(pk, child)
    except (Assessment.DoesNotExist, Plan.DoesNotExist, Review.DoesNotExist):
        raise Http404("No such record") from None


def detail_url(work: Any) -> str:
    return selectors.work_url(selectors.work_kind(work), work.child.reference, work.pk)


def check_url(kind: Kind, work: Any) -> str:
    return reverse(f"casework:{kind.name}_check", args=[work.child.reference, work.pk])


def _not_editable(request: HttpRequest, work: Any, kind: Kind) -> HttpResponse:
    messages.info(
        request,
        f"This {kind.name} is {work.get_status_display().lower()}, so it cannot be changed.",
    )
    return redirect(detail_url(work))


def _resume(request: HttpRequest, draft: Any, kind: Kind) -> HttpResponse:
    """One draft of each kind at a time: starting another carries on with it."""
    messages.info(
        request,
        f"There is already a draft {kind.name} for this child, started by {draft.author} on "
        f"{draft.created_at.day} {draft.created_at:%B %Y}. Carry on with it here"
        + (", or discard it first." if draft.author_id == request.user.pk else "."),
    )
    return redirect(detail_url(draft))


def _context(work: Any, kind: Kind, **extra: Any) -> dict[str, Any]:
    return {
        "work": work,
        "child": work.child,
        "kind": kind,
        "detail_url": detail_url(work),
        **extra,
    }


# --- starting ---------------------------------------------------------------------------


@login_required
def work_new(request: HttpRequest, reference: str, kind_name: str) -> HttpResponse:
    kind = kind_for(kind_name)
    child = child_for(request, reference, edit=True)
    draft = selectors.draft_of(child, selectors.WORK_MODELS[kind.name])
    if draft is not None:
        return _resume(request, draft, kind)
    interventions = list(selectors.open_interventions(child))
    first = kind.steps[0]
    assert first.form_class is not None
    form_kwargs = {"interventions": interventions, **kind.new_form_kwargs()}
    if request.method == "POST":
        form = first.form_class(request.POST, **form_kwargs)
        if form.is_valid():
            data = dict(form.cleaned_data)
            intervention = data.pop("intervention", None) or (
                interventions[0] if len(interventions) == 1 else None
            )
            try:
                work = kind.create(child, request.user, intervention, data)
            except DraftExists as exists:  # someone started one a moment ago
                return _resume(request, exists.draft, kind)
            except CaseworkError as error:
                show_errors(form, error)
            else:
                messages.success(request, f"Draft {kind.name} started")
                return redirect(kind.next_url(work, first.slug))
    else:
        form = first.form_class(initial=kind.new_initial(child), **form_kwargs)
    return render(
        request,
        "casework/work/new.html",
        {"child": child, "kind": kind, "form": form, "step": first, "title": kind.new_title},
    )


# --- the steps --------------------------------------------------------------------------


@login_required
def work_step(
    request: HttpRequest, reference: str, pk: int, step: str, kind_name: str
) -> HttpResponse:
    kind = kind_for(kind_name)
    work = load_work(request, reference, pk, kind, edit=True)
    page = kind.step(step)
    assert page.form_class is not None and page.save is not None
    if work.status not in selectors.EDITABLE:
        return _not_editable(request, work, kind)
    back_to_check = request.GET.get("return") == "check"
    if request.method == "POST":
        form = page.form_class(request.POST, **page.form_kwargs(work))
        if form.is_valid():
            try:
                page.save(work, request.user, form.cleaned_data)
            except NotEditable:
                return _not_editable(request, work, kind)
            except CaseworkError as error:
                show_errors(form, error)
            else:
                if "save_and_return" in request.POST:
                    messages.success(
                        request,
                        f"Your draft {kind.name} has been saved. You can come back to it "
                        "from your caseload.",
                    )
                    return redirect(detail_url(work))
                next_url = check_url(kind, work) if back_to_check else kind.next_url(work, step)
                return redirect(next_url)
    else:
        form = page.form_class(initial=page.initial(work), **page.form_kwargs(work))
    number = kind.index(step) + 1
    return render(
        request,
        page.template,
        _context(
            work,
            kind,
            form=form,
            step=page,
            number=number,
            total=len(kind.steps),
            back_url=check_url(kind, work) if back_to_check else kind.previous_url(work, step),
            back_to_check=back_to_check,
        ),
    )


# --- check your answers, and submitting -------------------------------------------------


def _check_page(
    request: HttpRequest, work: Any, kind: Kind, problems: list[Problem] | None = None
) -> HttpResponse:
    errors = [
        {"text": p.message, "href": kind.step_url(work, p.step, back_to_check=True)}
        for p in problems or []
    ]
    return render(
        request,
        "casework/work/check.html",
        _context(
            work,
            kind,
            sections=kind.summary(work, True),
            errors=errors,
            back_url=kind.step_url(work, kind.steps[-1].slug),
            returned=selectors.latest_return(work),
            submit_url=reverse(
                f"casework:{kind.name}_submit", args=[work.child.reference, work.pk]
            ),
        ),
    )


@login_required
def work_check(request: HttpRequest, reference: str, pk: int, kind_name: str) -> HttpResponse:
    kind = kind_for(kind_name)
    work = load_work(request, reference, pk, kind, edit=True)
    if work.status not in selectors.EDITABLE:
        return _not_editable(request, work, kind)
    return _check_page(request, work, kind)


@login_required
@require_POST
def work_submit(request: HttpRequest, reference: str, pk: int, kind_name: str) -> HttpResponse:
    kind = kind_for(kind_name)
    work = load_work(request, reference, pk, kind, edit=True)
    try:
        services.submit_for_oversight(actor=request.user, work=work)
    except NotEditable:
        return _not_editable(request, work, kind)
    except Incomplete as incomplete:
        return _check_page(request, work, kind, incomplete.problems)
    messages.success(
        request,
        f"{kind.name.capitalize()} submitted for management oversight. Your team manager "
        "will countersign it or return it with what must change.",
    )
    return redirect(detail_url(work))


# --- reading it -------------------------------------------------------------------------


@login_required
def work_detail(request: HttpRequest, reference: str, pk: int, kind_name: str) -> HttpResponse:
    kind = kind_for(kind_name)
    work = load_work(request, reference, pk, kind)
    user = request.user
    editable = work.status in selectors.EDITABLE and can_edit_child(user, work.child)
    decidable = (
        work.status == WorkStatus.SUBMITTED
        and work.author_id != user.pk
        and can_oversee(user, work.child)
    )
    return render(
        request,
        "casework/work/detail.html",
        _context(
            work,
            kind,
            sections=kind.summary(work, False),
            history=selectors.oversight_history(work),
            returned=selectors.latest_return(work),
            editable=editable,
            decidable=decidable,
            discardable=editable and work.status == WorkStatus.DRAFT and work.author_id == user.pk,
            discard_url=reverse(
                f"casework:{kind.name}_discard", args=[work.child.reference, work.pk]
            ),
            continue_url=kind.step_url(work, kind.steps[0].slug),
            check_url=check_url(kind, work),
            oversight_url=reverse("casework:oversight", args=[kind.name, work.pk]),
        ),
    )


@login_required
def child_work(request: HttpRequest, reference: str) -> HttpResponse:
    """A child's assessments, plans and reviews: what is awaiting oversight, what was
    returned (with the manager's comments), and how to start new work."""
    child = child_for(request, reference)
    return render(
        request,
        "casework/work/child_work.html",
        {
            "child": child,
            "work": selectors.work_for_child(child),
            "can_edit": can_edit_child(request.user, child),
        },
    )


@login_required
def work_discard(request: HttpRequest, reference: str, pk: int, kind_name: str) -> HttpResponse:
    """Its author discards a draft they no longer want, after saying they are sure."""
    kind = kind_for(kind_name)
    # The child first (the one refusal if it is not theirs to see), then the draft; its
    # view is logged only once the person is known to be its author.
    child = child_for(request, reference, edit=True, log=False)
    found = get_object_or_404(selectors.WORK_MODELS[kind.name], pk=pk, child=child)
    if found.author_id != request.user.pk or found.status != WorkStatus.DRAFT:
        refuse(request, child, f"Only the author of a draft {kind.name} can discard it")
    work = load_work(request, reference, pk, kind, edit=True)
    if request.method == "POST":
        try:
            services.discard_draft(actor=request.user, work=work)
        except NotAllowed as refused:
            raise PermissionDenied(str(refused)) from None
        except CaseworkError as refused:
            messages.info(request, str(refused))
            return redirect(detail_url(work))
        messages.success(request, f"Draft {kind.name} discarded")
        return redirect("casework:child_work", reference)
    return render(request, "casework/work/discard.html", _context(work, kind))
