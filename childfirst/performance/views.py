"""The performance dashboard: each KPI for a quarter beside the four before it, a chart
with its table, the full template table, the national indicators, and the children
behind each figure for those allowed to see them (board members see figures only), and
the quarter's return to download, as the ``kpi`` command writes it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from childfirst.accounts.access import log_request_export, log_request_list
from childfirst.accounts.permissions import (
    PERFORMANCE_LISTERS,
    PERFORMANCE_READERS,
    AnyUser,
    has_any_role,
    roles_required,
)
from childfirst.domain.disclosure import hides_rate
from childfirst.domain.kpi.measures import Figure
from childfirst.domain.kpi.population import KPI_START
from childfirst.domain.kpi.quality import CHECKS, KPI_TITLES, checks_by_code
from childfirst.domain.kpi.returns import KpiResult, KpiReturn
from childfirst.domain.periods import FinancialYear, Quarter
from childfirst.errors import NotFound, NotPermitted
from childfirst.performance import quality as data_quality
from childfirst.performance import selectors
from childfirst.performance.cache import (
    Digests,
    cached_chart,
    cached_headlines,
    cached_indicators,
    cached_return,
)
from childfirst.performance.charts import as_data_uri
from childfirst.performance.engine import (
    PeriodOutOfRange,
    parse_period,
    period_range,
)
from childfirst.performance.exports import may_download_return, return_file_for
from childfirst.ui.downloads import attachment

# Who sees the figures (PERFORMANCE_READERS), and who may also open the list of children
# behind them (PERFORMANCE_LISTERS, limited to the records each may open): board members
# see figures, never names.
TREND = 4  # quarters shown before the chosen one
PAGE_SIZE = 50
QUALITY_PAGE_SIZE = 100  # data-quality items a page
BREAKDOWN_TITLES = {
    "tier": "By disposal tier",
    "index_disposal": "By index disposal",
    "sex": "By sex",
    "ethnic_group": "By ethnic group",
    "ethnicity": "White and ethnic minority groups",
    "care": "By care status on the index date",
}


def may_list(user: AnyUser) -> bool:
    return has_any_role(user, PERFORMANCE_LISTERS)


def suppress_below(user: AnyUser) -> int:
    """The small-number threshold for ``user`` (childfirst.domain.disclosure): none for
    staff who may open the children behind a figure; the setting for board members."""
    return 0 if may_list(user) else int(settings.CHILDFIRST_SMALL_NUMBER_THRESHOLD)


def quarter_choices() -> list[Quarter]:
    """Every quarter from the KPIs' start to the current one, newest first."""
    latest = Quarter.containing(timezone.localdate())
    first = Quarter.containing(KPI_START)
    quarters = [latest]
    while quarters[-1] > first:
        quarters.append(quarters[-1].shifted(-1))
    return quarters


def chosen_quarter(request: HttpRequest) -> tuple[Quarter, str]:
    """The quarter asked for, else the last complete one; and an error message if bad."""
    default = Quarter.containing(timezone.localdate()).shifted(-1)
    text = request.GET.get("period", "").strip()
    if not text:
        return default, ""
    try:
        quarter = Quarter.parse(text)
    except ValueError:
        return default, "Choose a quarter from the list"
    if quarter not in quarter_choices():
        return default, "Choose a quarter from April 2023, when the KPIs began, to now"
    return quarter, ""


def _children_url(quarter: Quarter, kpi: str, row: str, column: str = "") -> str:
    url = reverse("performance:children", args=[quarter.code, kpi])
    return f"{url}?{urlencode({'row': row, 'column': column} if column else {'row': row})}"


#: Where the figures go in the dashboard page: the page up to here is sent at once, then
#: a line as each quarter is worked out, then the rest.
FIGURES_MARKER = "<!-- figures -->"


@roles_required(*PERFORMANCE_READERS)
def dashboard(request: HttpRequest) -> StreamingHttpResponse:
    """Streamed: the heading, the quarter picker and a progress line for each quarter as it
    is worked out arrive before the figures, so a large service never shows a blank page."""
    quarter, error = chosen_quarter(request)
    today = timezone.localdate()
    quarters = [*quarter.previous(TREND), quarter]
    context = {
        "quarter": quarter,
        "quarters": quarter_choices(),
        "error": error,
        "can_list": may_list(request.user),
        "can_download": may_download_return(request.user),
        "suppress_below": suppress_below(request.user),
    }
    # The page around the figures is rendered now, while the content security policy's
    # nonce can still be read; only the figures are rendered as the page streams.
    skeleton = render_to_string("performance/dashboard.html", {**context, "kpis": None}, request)
    head, tail = skeleton.split(FIGURES_MARKER)

    def page() -> Iterator[str]:
        yield head
        yield '<div class="cf-progress" role="status"><p class="govuk-body-s">'
        returns = []
        digests = Digests()  # each worked out once for the page
        found = cached_headlines(quarters, today, digests)
        for n, (each, headlines) in enumerate(zip(quarters, found, strict=True), 1):
            returns.append(headlines)
            yield f"Worked out {each} ({n} of {len(quarters)}). "
        yield "</p></div>"
        kpis = _trend(quarters, returns, bool(context["can_list"]), suppress_below(request.user))
        quality = {
            "open": data_quality.open_items(request.user, quarter, today, digests),
            "url": reverse("performance:quality", args=[quarter.code]),
        }
        # Once the figures follow it, the progress line is hidden (childfirst.css).
        yield '<div class="cf-figures">'
        yield render_to_string(
            "performance/_kpis.html", {**context, "kpis": kpis, "quality": quality}
        )
        yield "</div>"
        yield tail

    return StreamingHttpResponse(page(), content_type="text/html; charset=utf-8")


def _trend(
    quarters: list[Quarter], returns: list[KpiReturn], listing: bool, threshold: int
) -> list[Any]:
    kpis = []
    for n, current in enumerate(returns[-1].kpis):
        series = [ret.kpis[n] for ret in returns]
        rated = current.headline.denominator is not None
        percentages = rated and current.headline.per == 100
        values = [
            None if k.missing else (k.headline.percentage if rated else k.headline.numerator)
            for k in series
        ]
        below = 0 if current.unit == "sectors" else threshold  # sectors are not children
        withheld = [hides_rate(below, k.headline.numerator, k.headline.denominator) for k in series]
        # No chart of nothing: KPI 8 before any board meeting is recorded.
        drawn = not all(k.missing for k in series)
        chart = (
            cached_chart([str(q) for q in quarters], values, "%" if percentages else "", withheld)
            if drawn
            else ""
        )
        kpis.append(
            {
                "kpi": current,
                "suppress_below": below,
                "number": current.code.removeprefix("kpi"),
                "chart": as_data_uri(chart) if drawn else "",
                "percentages": percentages,
                "trend": [
                    {
                        "quarter": q,
                        "headline": k.headline,
                        "missing": k.missing,
                        "population": f"{k.headline.denominator:,}"
                        if k.headline.denominator
                        else "",
                        "note": k.note,
                        "url": _children_url(q, k.code, "headline")
                        if listing
                        and k.unit != "sectors"
                        and k.headline.numerator
                        and not k.missing
                        else "",
                        "detail_url": reverse("performance:kpi", args=[q.code, k.code]),
                    }
                    for q, k in zip(quarters, series, strict=True)
                ],
            }
        )
    return kpis


def _period_or_404(code: str) -> Quarter | FinancialYear:
    """The period a web address names, or the 404 page saying why there is none."""
    try:
        return parse_period(code, timezone.localdate())
    except ValueError as exc:
        raise NotFound(f"There are no figures for {code!r}: {exc}.") from exc


def _kpi_or_404(quarter_code: str, code: str) -> tuple[Quarter, KpiResult]:
    quarter = _period_or_404(quarter_code)
    if not isinstance(quarter, Quarter):
        raise NotFound(
            f"There are no figures for {quarter_code!r}: give a quarter, such as 2023Q1."
        )
    try:
        return quarter, cached_return(quarter, timezone.localdate())[code]
    except KeyError as exc:
        raise Http404("No such KPI") from exc


@roles_required(*PERFORMANCE_READERS)
def kpi_detail(request: HttpRequest, quarter: str, code: str) -> HttpResponse:
    """The KPI's full table for the quarter, laid out like the YJB template."""
    period, kpi = _kpi_or_404(quarter, code)
    listing = may_list(request.user) and kpi.unit != "sectors"
    rows = [
        {
            "label": row.label,
            "cells": [
                {
                    "figure": row.cells.get(c.key),  # none: the row does not fill it
                    "url": _children_url(period, kpi.code, row.key, c.key)
                    if listing and c.key in row.cells and row.cells[c.key].numerator
                    else "",
                }
                for c in kpi.columns
            ],
        }
        for row in kpi.rows
    ]
    return render(
        request,
        "performance/kpi.html",
        {
            "quarter": period,
            "kpi": kpi,
            "rows": rows,
            "number": code.removeprefix("kpi"),
            "suppress_below": 0 if kpi.unit == "sectors" else suppress_below(request.user),
            "can_download": may_download_return(request.user),
            "timed": {"start", "end"} <= {c.point for c in kpi.columns},
            "population": f"{kpi.headline.denominator:,}" if kpi.headline.denominator else "",
        },
    )


@roles_required(*PERFORMANCE_READERS)
def return_download(request: HttpRequest, period: str, fmt: str) -> HttpResponse:
    """The return for a quarter (or financial year) as .xlsx or CSV: the same bytes as
    ``childfirst kpi --period ... --format ...`` on the same day. The file is worked out
    from the children it counts, so each of them is logged as exported, at this address
    (which names the period and the format)."""
    try:
        made = return_file_for(request.user, _period_or_404(period), fmt, timezone.localdate())
    except NotPermitted as refused:
        raise PermissionDenied(str(refused)) from refused
    log_request_export(request, made.children)
    return attachment(made.content, made.content_type, made.filename)


@roles_required(*PERFORMANCE_READERS)
def quality(request: HttpRequest, quarter: str) -> HttpResponse:
    """The quarter's data-quality check: the gaps to fix before the return goes in, by
    KPI, with counts by team; each child's gaps only for those who may open the record."""
    error = ""
    if "period" in request.GET:
        chosen, error = chosen_quarter(request)
        if not error:
            return redirect("performance:quality", quarter=chosen.code)
    period = _period_or_404(quarter)
    if not isinstance(period, Quarter):
        raise NotFound(f"There is no check for {quarter!r}: give a quarter, such as 2024Q4.")
    found = data_quality.quality_for(request.user, period, timezone.localdate())
    report = found.report
    page = Paginator(found.shown, QUALITY_PAGE_SIZE).get_page(request.GET.get("page"))
    checks = checks_by_code()
    items = [
        {
            "gap": gap,
            "child": found.listed[gap.child_id],
            "kpi": f"KPI {gap.kpi.removeprefix('kpi')}: {KPI_TITLES[gap.kpi]}",
            "check": checks[gap.check],
        }
        for gap in page.object_list
    ]
    log_request_list(request, {item["child"].pk: item["child"] for item in items}.values())
    by_kpi = report.by_kpi()
    kpis = [kpi for kpi, count in by_kpi.items() if count]
    teams = [
        {"team": team, "counts": [counts[kpi] for kpi in kpis], "total": sum(counts.values())}
        for team, counts in report.by_team().items()
    ]
    return render(
        request,
        "performance/quality.html",
        {
            "quarter": period,
            "quarters": quarter_choices(),
            "error": error,
            "report": report,
            "kpis": [
                {"code": kpi, "number": kpi.removeprefix("kpi"), "title": KPI_TITLES[kpi]}
                for kpi in kpis
            ],
            "kpi_counts": [by_kpi[kpi] for kpi in kpis],
            "teams": teams,
            "items": items,
            "page_obj": page,
            "can_list": may_list(request.user),
            "hidden": found.hidden,
            "checks": [
                {"check": c, "kpi": f"KPI {c.kpi.removeprefix('kpi')}"}
                for c in sorted(CHECKS, key=lambda c: list(KPI_TITLES).index(c.kpi))
            ],
            "suppress_below": suppress_below(request.user),
        },
    )


@roles_required(*PERFORMANCE_LISTERS)
def kpi_children(request: HttpRequest, quarter: str, code: str) -> HttpResponse:
    """The children a figure counts, limited to those whose records the user may open."""
    period, kpi = _kpi_or_404(quarter, code)
    if kpi.unit == "sectors":
        raise Http404("This figure counts board sectors, not children")
    row_key, column = request.GET.get("row", "headline"), request.GET.get("column", "")
    if row_key == "headline":
        figure, label = kpi.headline, kpi.headline_label
    else:
        try:
            row = kpi.row(row_key)
            figure = row.cells[column]
        except KeyError as exc:
            raise Http404("No such figure") from exc
        column_label = next(c.label for c in kpi.columns if c.key == column)
        label = f"{row.label} ({column_label})"
    return _children_page(
        request,
        figure,
        {
            "title": f"KPI {code.removeprefix('kpi')}: {kpi.title}",
            "label": label,
            "period": period,
            "back": reverse("performance:kpi", args=[period.code, kpi.code]),
        },
    )


def _children_page(request: HttpRequest, figure: Figure, context: dict[str, Any]) -> HttpResponse:
    visible = selectors.counted_children(request.user, figure.members)
    page = Paginator(visible, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    log_request_list(request, page.object_list)
    total = len(figure.members)
    return render(
        request,
        "performance/children.html",
        {
            **context,
            "figure": figure,
            "page_obj": page,
            "counted": total,
            "hidden": total - page.paginator.count,
        },
    )


@roles_required(*PERFORMANCE_READERS)
def indicators(request: HttpRequest) -> HttpResponse:
    """First time entrants, use of custody and proven reoffending for a year or quarter."""
    today = timezone.localdate()
    default = FinancialYear.containing(today)
    default = FinancialYear(default.start_year - 1)
    text = request.GET.get("period", "").strip()
    error = ""
    period: Quarter | FinancialYear = default
    if text:
        try:
            period = parse_period(text, today)
        except PeriodOutOfRange:
            first, last = period_range(today)
            error = f"Enter a period from {first} to {last}"
        except ValueError:
            error = "Enter a financial year such as 2022-23, or a quarter such as 2023Q1"
    found = cached_indicators(period, today)
    years = [FinancialYear(default.start_year + 1 - n) for n in range(8)]
    breakdowns = [
        (BREAKDOWN_TITLES.get(name, name), rows)
        for name, rows in found.reoffending.breakdowns.items()
    ]
    return render(
        request,
        "performance/indicators.html",
        {
            "period": period,
            "period_code": period.code if isinstance(period, Quarter) else str(period),
            "years": years,
            "error": error,
            "found": found,
            "breakdowns": breakdowns,
            "can_list": may_list(request.user),
            "suppress_below": suppress_below(request.user),
        },
    )


@roles_required(*PERFORMANCE_LISTERS)
def indicator_children(request: HttpRequest, period: str, measure: str) -> HttpResponse:
    chosen = _period_or_404(period)
    found = cached_indicators(chosen, timezone.localdate())
    figures = {
        "first-time-entrants": ("First time entrants", found.first_time_entrants.count),
        "custody": ("Children given a custodial sentence", found.custody.sentences),
        "cohort": ("Children in the reoffending cohort", found.reoffending.total.cohort),
        "reoffenders": (
            "Children in the cohort who reoffended",
            found.reoffending.total.reoffenders,
        ),
    }
    if measure not in figures:
        raise Http404("No such measure")
    label, figure = figures[measure]
    if found.reoffending.annual_from_quarters and measure in ("cohort", "reoffenders"):
        figure = Figure.of({m[1] if isinstance(m, tuple) else m for m in figure.members})
    return _children_page(
        request,
        figure,
        {
            "title": "National indicators",
            "label": label,
            "period": chosen,
            "back": f"{reverse('performance:indicators')}?{urlencode({'period': period})}",
        },
    )
