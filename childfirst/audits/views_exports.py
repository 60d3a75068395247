"""An audit's results to take away: a printable page, the same page as a PDF, an .xlsx
workbook, and two audits compared standard by standard.

Each shows only what the reader's results scope allows (``permissions.results_scope``):
everything for auditors and service managers, the results worked out from their own
teams' cases for team managers, the ratings summary alone for board members, and
nothing (403) for anyone else. The figures come from ``views.results_context``, as the
results page's do, so the page, the PDF and the workbook always agree with it.
"""

from __future__ import annotations

from typing import Any

from csp.constants import NONCE
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from childfirst.accounts.access import log_request_export
from childfirst.accounts.models import Role
from childfirst.audits import selectors
from childfirst.audits.compare import NotComparable, compare_summaries
from childfirst.audits.exports import case_answer_rows, results_workbook, workbook_filename
from childfirst.audits.forms import CompareForm
from childfirst.audits.models import Audit
from childfirst.audits.permissions import Scope, results_scope
from childfirst.audits.views import results_audit, results_context
from childfirst.casework.permissions import children_visible_to
from childfirst.ui.downloads import PDF, XLSX, attachment, render_pdf


def _counted_children(request: HttpRequest, audit: Audit, scope: Scope) -> set[int]:
    """The children whose cases the reader's results are worked out from (none for the
    board's ratings summary, which carries the ratings alone)."""
    if scope is Scope.SUMMARY:
        return set()
    teams = request.user.teams_as(Role.TEAM_MANAGER) if scope is Scope.TEAMS else None
    return set(selectors.sampled_cases(audit, teams).values_list("child_id", flat=True))


def _print_context(request: HttpRequest, audit: Audit, pdf: bool) -> dict[str, Any]:
    """The printed results; printing (or the PDF) is an export of the cases it counts,
    so each of their children is written to the access log as exported."""
    context = results_context(request, audit)
    log_request_export(request, _counted_children(request, audit, context["scope"]))
    # ``printable`` tells the shared results partial to leave out the page's links.
    context.update({"pdf": pdf, "printable": True, "printed_on": timezone.localdate()})
    return context


# The print page's styles are inline (one file, nothing fetched), so this page's policy
# allows the style element that carries the request's nonce.
@login_required
@csp_update({"style-src": [NONCE]})
def results_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The results as one plain page for the browser's print command: no navigation,
    no JavaScript, styles for paper."""
    audit = results_audit(request, pk)
    return render(request, "audits/print.html", _print_context(request, audit, pdf=False))


@login_required
def results_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable page as a PDF, for board papers."""
    audit = results_audit(request, pk)
    html = render_to_string(
        "audits/print.html", _print_context(request, audit, pdf=True), request=request
    )
    return attachment(render_pdf(html), PDF, f"audit-{audit.pk}-results.pdf")


@login_required
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The results workbook (see ``exports``). The Case answers sheet names children,
    so each child it shows is written to the access log, and a child whose record the
    reader may not open is shown without reference or evidence."""
    audit = results_audit(request, pk)
    context = results_context(request, audit)
    scope: Scope = context["scope"]
    rows = []
    if scope is not Scope.SUMMARY:
        teams = request.user.teams_as(Role.TEAM_MANAGER) if scope is Scope.TEAMS else None
        cases = list(selectors.sampled_cases(audit, teams))
        visible = set(
            children_visible_to(request.user)
            .filter(pk__in={c.child_id for c in cases})
            .values_list("pk", flat=True)
        )
        rows = case_answer_rows(cases, context["framework"], visible)
        log_request_export(request, visible)
    content = results_workbook(audit, context["summary"], rows, scope, context["framework"])
    return attachment(content, XLSX, workbook_filename(audit))


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    """Two audits' ratings side by side, each worked out with the reader's own scope."""
    scope = results_scope(request.user)
    if scope is None:
        raise PermissionDenied("Your role does not include audit results")
    audits = selectors.audits_for(request.user)
    # The form sends both fields, chosen or not; a link may preselect one ("Compare with
    # another audit" on the results page sends ``second``), which is not yet an answer.
    asked = "first" in request.GET and "second" in request.GET
    if asked:
        form = CompareForm(request.GET, audits=audits)
    else:
        preselected = {k: request.GET[k] for k in ("first", "second") if request.GET.get(k)}
        form = CompareForm(initial=preselected, audits=audits)
    context: dict[str, Any] = {"form": form, "scope": scope, "comparison": None}
    if asked and form.is_valid():
        first = results_context(request, form.cleaned_data["first"])
        second = results_context(request, form.cleaned_data["second"])
        try:
            comparison = compare_summaries(
                first["summary"], second["summary"], first["framework"], second["framework"]
            )
        except NotComparable as exc:
            form.add_error(None, str(exc))
        else:
            context.update({"comparison": comparison, "first": first, "second": second})
    return render(request, "audits/compare.html", context)
