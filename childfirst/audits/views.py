"""Running an audit: create it, see the sample beside its population, allocate cases,
answer each case standard by standard, moderate, settle, rate, and read the results.

Views stay thin: writes go through ``services`` (one transaction each, with their own
permission checks, refusing with :class:`~childfirst.audits.errors.AuditError`), reads
through ``selectors``; every request is also checked here, on the server, before
anything is read (see ``permissions``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from childfirst.accounts.access import (
    log_request_list,
    log_request_views,
    refuse,
    seen_or_refused,
)
from childfirst.accounts.models import Role
from childfirst.audits import selectors, services
from childfirst.audits.errors import AuditError
from childfirst.audits.forms import (
    AnswerForm,
    AuditForm,
    RatingForm,
    SettleForm,
    ShareOutForm,
)
from childfirst.audits.models import Audit, AuditCase
from childfirst.audits.permissions import Scope, is_lead, part_in_case, results_scope, runs_audits
from childfirst.audits.presentation import summarise
from childfirst.audits.services import Allocation
from childfirst.casework.permissions import can_view_child
from childfirst.domain.inspection.audit import case_standards
from childfirst.domain.inspection.framework import CaseType, Method
from childfirst.domain.inspection.sampling import STRATA, describe_composition
from childfirst.errors import NotFound
from childfirst.ui.forms import submit

PAGE_SIZE = 50
STRATA_TITLES = {
    "sex": "Sex",
    "disposal_type": "Disposal type",
    "risk_of_serious_harm": "Risk of serious harm",
    "safety_and_wellbeing": "Safety and wellbeing",
}


def audit_for(
    request: HttpRequest, pk: int, allowed: Callable[[Audit], bool] = lambda audit: True
) -> Audit:
    """The audit ``pk`` if ``allowed(audit)``, else the one refusal: the same 403 for an
    audit that does not exist (``accounts.access.seen_or_refused``)."""
    return seen_or_refused(request, Audit.objects.select_related("lead"), allowed, pk=pk)


def _case(request: HttpRequest, audit: Audit, case_pk: int, *, sight: bool = False) -> AuditCase:
    """The sampled case ``case_pk`` of ``audit``, else the one refusal (the same for a case
    that does not exist, or belongs to another audit). With ``sight``, the person must
    also be able to open the child's record: a refusal is then logged against the child."""
    return seen_or_refused(
        request,
        AuditCase.objects.select_related(
            "child", "child__team", "outcome", "outcome__outcome_type", "auditor", "moderator"
        ).filter(audit=audit, sampled=True),
        (lambda case: case.child is None or can_view_child(request.user, case.child))
        if sight
        else lambda case: True,
        child_of=lambda case: case.child,
        log=False,
        pk=case_pk,
    )


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    scope = results_scope(request.user)
    if scope is None:
        raise PermissionDenied("Your role does not include case audits")
    page = Paginator(selectors.audits_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "audits/list.html",
        {"page_obj": page, "can_run": scope is Scope.FULL, "scope": scope},
    )


@runs_audits
def audit_new(request: HttpRequest) -> HttpResponse:
    form = AuditForm(request.POST or None, lead=request.user)
    if request.method == "POST":

        def create() -> Audit:
            data = form.cleaned_data
            return services.create_audit(
                actor=request.user,
                name=data["name"],
                framework=data["framework"],
                fieldwork_date=data["fieldwork_date"],
                lead=request.user,
                auditors=list(data["auditors"]),
                latest_months=data["latest_months"],
                earliest_months=data["earliest_months"],
                include_restricted=data["include_restricted"],
            )

        audit = submit(form, create)
        if audit is not None:
            messages.success(request, f"Audit created: {audit.cases.count()} eligible cases")
            return redirect("audits:detail", pk=audit.pk)
    return render(request, "audits/new.html", {"form": form})


def _composition(cases: list[AuditCase]) -> list[dict[str, Any]]:
    """For each case type, the sample beside the population, characteristic by characteristic."""
    out = []
    for case_type in CaseType:
        population = [c for c in cases if c.case_type == case_type]
        if not population:
            continue
        sample = [c for c in population if c.sampled]
        table = describe_composition(
            selectors.as_eligible(sample), selectors.as_eligible(population)
        )
        out.append(
            {
                "case_type": case_type,
                "label": population[0].get_case_type_display(),
                "population": len(population),
                "sample": len(sample),
                "strata": [(STRATA_TITLES[name], table[name]) for name in STRATA],
            }
        )
    return out


@runs_audits
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk)
    framework = selectors.framework_of(audit)
    cases = list(audit.cases.select_related("child", "outcome", "auditor", "moderator"))
    sampled = [c for c in cases if c.sampled]
    done = selectors.progress(sampled, framework)
    rows = [{"case": c, "done": done[c.pk][0], "total": done[c.pk][1]} for c in sampled]
    first, last = selectors.window(
        audit.fieldwork_date, audit.window_latest_months, audit.window_earliest_months
    )
    mine = [
        c
        for c in sampled
        if request.user.pk in (c.auditor_id, c.moderator_id) and audit.sample_fixed
    ]
    log_request_list(request, [c.child_id for c in sampled])
    return render(
        request,
        "audits/detail.html",
        {
            "audit": audit,
            "framework": framework,
            "rows": rows,
            "mine": mine,
            "composition": _composition(cases),
            "population": len(cases),
            "first": first,
            "last": last,
            "is_lead": is_lead(audit, request.user),
            "auditors": audit.auditors.all(),
            "unallocated": sum(1 for c in sampled if c.auditor_id is None),
            "judgements": [s for s in framework.standards if s.method is Method.JUDGEMENT],
        },
    )


@runs_audits
def population(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk)
    cases = audit.cases.select_related("outcome", "child").order_by("case_type", "outcome__date")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    log_request_list(request, [c.child_id for c in page.object_list])
    return render(request, "audits/population.html", {"audit": audit, "page_obj": page})


def _refuse(request: HttpRequest, exc: AuditError) -> None:
    messages.error(request, str(exc))


@require_POST
@runs_audits
def redraw(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk)
    try:
        services.redraw_sample(actor=request.user, audit=audit)
    except AuditError as exc:
        _refuse(request, exc)
    else:
        messages.success(request, "A new sample was drawn from a new seed")
    return redirect("audits:detail", pk=pk)


@require_POST
@runs_audits
def start(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk)
    try:
        services.fix_sample(actor=request.user, audit=audit)
    except AuditError as exc:
        _refuse(request, exc)
    else:
        messages.success(request, "Work has started: the sample is fixed")
    return redirect("audits:detail", pk=pk)


@runs_audits
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk)
    if not is_lead(audit, request.user):
        raise PermissionDenied("Only the lead auditor allocates cases")
    people = list(audit.auditors.order_by("last_name", "first_name"))
    cases = list(selectors.sampled_cases(audit))
    share = ShareOutForm(request.POST if "share_out" in request.POST else None)
    errors: list[str] = []
    if request.method == "POST" and "share_out" in request.POST:
        if share.is_valid():
            try:
                n = services.share_out_cases(
                    actor=request.user,
                    audit=audit,
                    moderation_percent=share.cleaned_data["moderation_percent"],
                )
            except AuditError as exc:
                errors.append(str(exc))
            else:
                messages.success(request, f"Cases shared out ({n} changed)")
                return redirect("audits:allocate", pk=pk)
    elif request.method == "POST":
        ids = {str(p.pk): p.pk for p in people}
        wanted = {}
        for case in cases:
            auditor = ids.get(request.POST.get(f"auditor-{case.pk}", ""))
            moderator = ids.get(request.POST.get(f"moderator-{case.pk}", ""))
            wanted[case.pk] = Allocation(auditor, moderator)
        try:
            n = services.allocate_cases(actor=request.user, audit=audit, allocations=wanted)
        except AuditError as exc:
            errors.append(str(exc))
        else:
            messages.success(request, f"Allocation saved ({n} cases changed)")
            return redirect("audits:detail", pk=pk)
    log_request_list(request, [c.child_id for c in cases])
    return render(
        request,
        "audits/allocate.html",
        {"audit": audit, "people": people, "cases": cases, "share": share, "errors": errors},
    )


def _case_page(
    request: HttpRequest, audit: Audit, case_pk: int, *, allocated: bool = False
) -> tuple[AuditCase, bool | None]:
    """The case and the viewer's part in it (False: its auditor, True: its moderator, None:
    the lead or another auditor looking on; refused with ``allocated`` unless it is
    theirs). Opening it is a view of the child's record, so it needs sight of the record
    and is written to the access log, once every check has passed (a refusal, as one)."""
    item = _case(request, audit, case_pk, sight=True)
    role = part_in_case(item, request.user)
    if allocated and role is None:
        refuse(request, item.child, "This case is allocated to someone else")
    if item.child_id is None:
        # The child's record was erased under the retention rule: the case's answers stay
        # in the results, but there is no record left to read it against.
        raise NotFound("This child's record was erased under the retention rule")
    log_request_views(request, [item.child])
    return item, role


@runs_audits
def case(request: HttpRequest, pk: int, case: int) -> HttpResponse:
    audit = audit_for(request, pk)
    item, role = _case_page(request, audit, case)
    framework = selectors.framework_of(audit)
    standards = []
    answered = selectors.answers_of(item, bool(role)) if role is not None else {}
    for standard in case_standards(framework, CaseType(item.case_type)):
        keys = [(standard.number, q.number, 0) for q in standard.key_questions]
        standards.append(
            {
                "standard": standard,
                "done": sum(1 for k in keys if k in answered),
                "total": len(keys),
            }
        )
    finished = (item.moderated_at if role else item.completed_at) if role is not None else None
    return render(
        request,
        "audits/case.html",
        {
            "audit": audit,
            "case": item,
            "role": role,
            "standards": standards,
            "facts": selectors.case_facts(item),
            "finished": finished,
            "missing": selectors.missing_answers(item, bool(role)) if role is not None else [],
        },
    )


@runs_audits
def answer(request: HttpRequest, pk: int, case: int, standard: str) -> HttpResponse:
    audit = audit_for(request, pk)
    item, role = _case_page(request, audit, case, allocated=True)
    assert role is not None
    framework = selectors.framework_of(audit)
    standards = case_standards(framework, CaseType(item.case_type))
    chosen = next((s for s in standards if s.number == standard), None)
    if chosen is None:
        raise Http404("No such standard for this case")
    saved = {
        (q, p): a for (s, q, p), a in selectors.answers_of(item, role).items() if s == standard
    }
    facts = selectors.case_facts(item)
    form = AnswerForm(
        request.POST or None, framework=framework, standard=chosen, facts=facts, saved=saved
    )
    finished = item.moderated_at if role else item.completed_at
    if request.method == "POST":
        kept = submit(
            form,
            lambda: services.save_answers(
                actor=request.user, case=item, standard=standard, entries=form.entries()
            ),
        )
        if kept is not None:
            messages.success(request, f"Answers to {chosen.number} {chosen.name} saved")
            following = [s for s in standards if s.number > standard]
            if following and "next" in request.POST:
                return redirect("audits:answer", pk=pk, case=case, standard=following[0].number)
            return redirect("audits:case", pk=pk, case=case)
    return render(
        request,
        "audits/answer.html",
        {
            "audit": audit,
            "case": item,
            "role": role,
            "standard": chosen,
            "form": form,
            "finished": finished,
            "is_last": chosen == standards[-1],
        },
    )


@require_POST
@runs_audits
def finish(request: HttpRequest, pk: int, case: int) -> HttpResponse:
    audit = audit_for(request, pk)
    item = _case(request, audit, case)
    try:
        services.finish_case(actor=request.user, case=item)
    except AuditError as exc:
        _refuse(request, exc)
        return redirect("audits:case", pk=pk, case=case)
    messages.success(request, "Case finished: your answers are kept as they are")
    return redirect("audits:detail", pk=pk)


@runs_audits
def moderation(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk)
    found = selectors.moderation(audit)
    log_request_list(request, [d.case.child_id for d in found.disagreements])
    return render(
        request,
        "audits/moderation.html",
        {"audit": audit, "found": found, "is_lead": is_lead(audit, request.user)},
    )


@runs_audits
def settle(request: HttpRequest, pk: int, case: int, standard: str, question: int) -> HttpResponse:
    audit = audit_for(request, pk)
    if not is_lead(audit, request.user):
        raise PermissionDenied("Only the lead auditor settles disagreements")
    item = _case(request, audit, case)
    found = selectors.moderation(audit)
    disagreement = next(
        (
            d
            for d in found.disagreements
            if d.case.pk == item.pk and d.standard == standard and d.question == question
        ),
        None,
    )
    if disagreement is None:
        raise Http404("No such disagreement")
    initial = (
        {"answer": disagreement.settlement.answer, "rationale": disagreement.settlement.rationale}
        if disagreement.settlement
        else None
    )
    form = SettleForm(request.POST or None, initial=initial)
    if request.method == "POST":
        settled = submit(
            form,
            lambda: services.settle_disagreement(
                actor=request.user,
                case=item,
                standard=standard,
                question=question,
                answer=form.cleaned_data["answer"],
                rationale=form.cleaned_data["rationale"],
            ),
        )
        if settled is not None:
            messages.success(request, f"Decision recorded for {standard} question {question}")
            return redirect("audits:moderation", pk=pk)
    notes = dict(
        item.answers.filter(standard=standard, question=question, prompt=0).values_list(
            "moderation", "evidence"
        )
    )
    evidence = {"first": notes.get(False, ""), "second": notes.get(True, "")}
    return render(
        request,
        "audits/settle.html",
        {"audit": audit, "d": disagreement, "form": form, "evidence": evidence},
    )


@runs_audits
def rate(request: HttpRequest, pk: int, standard: str) -> HttpResponse:
    audit = audit_for(request, pk)
    if not is_lead(audit, request.user):
        raise PermissionDenied("Only the lead auditor rates standards")
    framework = selectors.framework_of(audit)
    if not framework.has_standard(standard):
        raise Http404("No such standard")
    chosen = framework.standard(standard)
    judgement = chosen.method is Method.JUDGEMENT
    existing = selectors.standard_ratings(audit).get(standard)
    initial = {"rating": existing.rating, "evidence": existing.evidence} if existing else None
    form = RatingForm(
        request.POST or None, framework=framework, judgement=judgement, initial=initial
    )
    if request.method == "POST" and "clear" in request.POST:
        services.clear_rating(actor=request.user, audit=audit, standard=standard)
        messages.success(request, f"Rating of {standard} removed")
        return redirect("audits:results", pk=pk)
    if request.method == "POST":
        rated = submit(
            form,
            lambda: services.rate_standard(
                actor=request.user,
                audit=audit,
                standard=standard,
                rating=form.cleaned_data["rating"],
                evidence=form.cleaned_data["evidence"],
            ),
        )
        if rated is not None:
            messages.success(request, f"Rating of {standard} {chosen.name} recorded")
            return redirect("audits:results", pk=pk)
    computed = None
    if not judgement:
        found = selectors.audit_result(audit)
        computed = found.result.standard(standard)
    return render(
        request,
        "audits/rate.html",
        {
            "audit": audit,
            "standard": chosen,
            "judgement": judgement,
            "form": form,
            "existing": existing,
            "computed": computed,
        },
    )


def results_audit(request: HttpRequest, pk: int) -> Audit:
    """The audit whose results the person asks for: the one refusal (the same whether
    the audit exists or not) unless their role includes audit results."""
    return audit_for(request, pk, lambda audit: results_scope(request.user) is not None)


def results_context(request: HttpRequest, audit: Audit) -> dict[str, Any]:
    """What the results page, the printable page and the PDF show ``request.user``."""
    scope = results_scope(request.user)
    if scope is None:
        raise PermissionDenied("Your role does not include audit results")
    teams = request.user.teams_as(Role.TEAM_MANAGER) if scope is Scope.TEAMS else None
    found = selectors.audit_result(audit, teams)
    summary = summarise(found, selectors.standard_ratings(audit))
    counts = Counter(selectors.sampled_cases(audit, teams).values_list("case_type", flat=True))
    return {
        "audit": audit,
        "scope": scope,
        "summary": summary,
        "court_cases": counts.get(CaseType.COURT.value, 0),
        "out_of_court_cases": counts.get(CaseType.OUT_OF_COURT.value, 0),
        "is_lead": is_lead(audit, request.user),
        "framework": selectors.framework_of(audit),
    }


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    audit = results_audit(request, pk)
    context = results_context(request, audit)
    context["others"] = Audit.objects.exclude(pk=pk).filter(framework=audit.framework)
    context["compare_url"] = reverse("audits:compare")
    return render(request, "audits/results.html", context)
