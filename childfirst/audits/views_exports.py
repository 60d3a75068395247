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
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from childfirst.accounts.models import AccessLog, Role
from childfirst.audits import selectors
from childfirst.audits.compare import NotComparable, compare_summaries
from childfirst.audits.exports import case_answer_rows, results_workbook, workbook_filename
from childfirst.audits.models import Audit
from childfirst.audits.permissions import Scope, results_scope
from childfirst.audits.views import audit_or_404, results_context
from childfirst.casework.permissions import children_visible_to

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # results may name children: keep no copies
    return response


def _print_context(request: HttpRequest, audit: Audit, pdf: bool) -> dict[str, Any]:
    context = results_context(request, audit)
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
    audit = audit_or_404(pk)
    return render(request, "audits/print.html", _print_context(request, audit, pdf=False))


def _no_fetching() -> Any:
    """A WeasyPrint URL fetcher that fetches nothing but ``data:`` URLs: the printed page
    carries its CSS inline and references no file or server, and a PDF must never reach
    out to the network. (Newer WeasyPrint takes a ``URLFetcher``, older a function.)"""
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):
        return urls.URLFetcher(allowed_protocols=("data",))

    def refuse(url: str, *args: Any, **kwargs: Any) -> Any:
        if url.startswith("data:"):
            return urls.default_url_fetcher(url, *args, **kwargs)
        raise ValueError(f"Not fetched: {url}")

    return refuse


def render_pdf(html: str) -> bytes:
    """``html`` as a PDF, through WeasyPrint (imported here: it loads Pango, which only
    the PDF needs)."""
    import weasyprint

    base = str(settings.PACKAGE_DIR / "static")
    return bytes(
        weasyprint.HTML(string=html, base_url=base, url_fetcher=_no_fetching()).write_pdf()
    )


@login_required
def results_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable page as a PDF, for board papers."""
    audit = audit_or_404(pk)
    html = render_to_string(
        "audits/print.html", _print_context(request, audit, pdf=True), request=request
    )
    return _attachment(render_pdf(html), "application/pdf", f"audit-{audit.pk}-results.pdf")


@login_required
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The results workbook (see ``exports``). The Case answers sheet names children,
    so each child it shows is written to the access log, and a child whose record the
    reader may not open is shown without reference or evidence."""
    audit = audit_or_404(pk)
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
        path = request.get_full_path()[:300]
        AccessLog.objects.bulk_create(
            AccessLog(user=request.user, child_id=child_id, path=path)
            for child_id in sorted(visible)
        )
    content = results_workbook(audit, context["summary"], rows, scope, context["framework"])
    return _attachment(content, XLSX, workbook_filename(audit))


class AuditChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        day = obj.fieldwork_date
        return f"{obj.name} (fieldwork {day.day} {day:%B %Y})"


class CompareForm(forms.Form):
    first = AuditChoiceField(
        queryset=Audit.objects.none(),
        label="First audit",
        help_text="Usually the earlier one",
        empty_label="Choose an audit",
        error_messages={
            "required": "Choose the first audit",
            "invalid_choice": "Choose the first audit from the list",
        },
    )
    second = AuditChoiceField(
        queryset=Audit.objects.none(),
        label="Second audit",
        help_text="Movement is from the first audit to this one",
        empty_label="Choose an audit",
        error_messages={
            "required": "Choose the second audit",
            "invalid_choice": "Choose the second audit from the list",
        },
    )

    def __init__(self, *args: Any, audits: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first"].queryset = audits
        self.fields["second"].queryset = audits

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("first"), data.get("second")
        if first is not None and first == second:
            self.add_error("second", "Choose a different audit from the first")
        return data


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
