"""The KPI return as JSON, CSV, plain text and an .xlsx workbook laid out like the YJB template.

JSON shape (the interface other tools rely on)::

    {"period": "2023Q1", "period_label": "2023-24 Q1",
     "kpis": {"kpi1": {"title": ..., "headline": {"numerator": 2, "denominator": 6,
                                                  "percentage": 33.3},
                       "breakdown": [{"row": "suitable", "label": ...,
                                      "values": {"oocd:start": {...}, ...}}, ...]}, ...}}
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from childfirst.accounts.permissions import (
    PERFORMANCE_LISTERS,
    PERFORMANCE_READERS,
    AnyUser,
    has_any_role,
)
from childfirst.domain.kpi.indicators import ReoffendingRow
from childfirst.domain.kpi.measures import Figure
from childfirst.domain.kpi.returns import KpiResult, KpiReturn
from childfirst.domain.periods import FinancialYear, Quarter
from childfirst.errors import NotPermitted
from childfirst.performance.cache import cached_return
from childfirst.performance.engine import Indicators, Period, compute_return
from childfirst.ui.downloads import CSV, XLSX
from childfirst.ui.spreadsheets import csv_writer, workbook_bytes


def kpi_as_dict(kpi: KpiResult) -> dict[str, Any]:
    return {
        "title": kpi.title,
        "headline_label": kpi.headline_label,
        "unit": kpi.unit,
        "headline": None if kpi.missing else kpi.headline.as_dict(),
        "missing": kpi.missing or None,
        "note": kpi.note,
        "source": kpi.source,
        "columns": [{"key": c.key, "label": c.label} for c in kpi.columns],
        "breakdown": [
            {
                "row": row.key,
                "label": row.label,
                "values": {key: figure.as_dict() for key, figure in row.cells.items()},
            }
            for row in kpi.rows
        ],
    }


def return_as_dict(ret: KpiReturn) -> dict[str, Any]:
    return {
        "period": period_code(ret.quarter),
        "period_label": str(ret.quarter),
        "kpis": {kpi.code: kpi_as_dict(kpi) for kpi in ret.kpis},
    }


def _fraction(figure: Figure) -> str:
    if figure.denominator is None:
        return f"{figure.numerator}"
    if figure.per != 100:
        shown = "no rate" if figure.percentage is None else f"{figure.percentage}{figure.suffix}"
        return f"{figure.numerator} of {figure.denominator:,} ({shown})"
    shown = "-" if figure.percentage is None else f"{figure.percentage:.1f}%"
    return f"{figure.numerator} of {figure.denominator} ({shown})"


def return_as_text(ret: KpiReturn) -> str:
    """A readable summary: each headline, then the rows of the total column."""
    lines = [f"YJB key performance indicators, {ret.quarter} ({period_code(ret.quarter)})", ""]
    for kpi in ret.kpis:
        number = kpi.code.removeprefix("kpi")
        lines.append(f"KPI {number}: {kpi.title}")
        shown = f"no figure ({kpi.missing})" if kpi.missing else _fraction(kpi.headline)
        lines.append(f"  {kpi.headline_label}: {shown}")
        if kpi.note:
            lines.append(f"  {kpi.note}")
        totals = [c for c in kpi.columns if c.group == "total"]
        for row in kpi.rows:
            # a row may fill only some columns (KPI 1's release rows): then those
            filled = [c for c in totals if c.key in row.cells] or [
                c for c in kpi.columns if c.key in row.cells
            ]
            shown = "; ".join(
                f"{c.label.split(': ')[-1]} {row.cells[c.key].numerator}" for c in filled
            )
            lines.append(f"    {row.label}: {shown}")
        lines.append("")
    return "\n".join(lines)


def return_as_csv(ret: KpiReturn) -> str:
    """One line a figure: the headline, then every cell of every table."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(
        [
            "period",
            "kpi",
            "row",
            "row_label",
            "column",
            "column_label",
            "numerator",
            "denominator",
            "percentage",
        ]
    )
    for kpi in ret.kpis:
        h = kpi.headline
        writer.writerow(
            [
                period_code(ret.quarter),
                kpi.code,
                "headline",
                kpi.headline_label,
                "",
                "",
                "" if kpi.missing else h.numerator,
                _blank(h.denominator),
                _blank(h.percentage),
            ]
        )
        labels = {c.key: c.label for c in kpi.columns}
        for row in kpi.rows:
            for key, f in row.cells.items():
                writer.writerow(
                    [
                        period_code(ret.quarter),
                        kpi.code,
                        row.key,
                        row.label,
                        key,
                        labels[key],
                        f.numerator,
                        _blank(f.denominator),
                        _blank(f.percentage),
                    ]
                )
    return out.getvalue()


def _blank(value: object) -> object:
    return "" if value is None else value


def _numerator(figure: Figure | None) -> int | None:
    """A cell's count; none (an empty cell) where the row does not fill the column."""
    return None if figure is None else figure.numerator


def return_as_xlsx(ret: KpiReturn) -> bytes:
    """One sheet a KPI: the headline, then the template's table of counts
    (rows as its descriptions, columns the type-of-order groups at start, end, release)."""
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for kpi in ret.kpis:
        sheet = book.create_sheet(f"KPI {kpi.code.removeprefix('kpi')}")
        sheet.append([f"KPI {kpi.code.removeprefix('kpi')}: {kpi.title}"])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append([f"{ret.quarter} ({period_code(ret.quarter)})"])
        sheet.append([])
        sheet.append(["Headline", "Numerator", "Denominator", "Percentage"])
        h = kpi.headline
        if kpi.missing:
            sheet.append([kpi.headline_label, None, None, None])
            sheet.append([f"No figure: {kpi.missing}"])
        else:
            sheet.append([kpi.headline_label, h.numerator, h.denominator, h.percentage])
        if kpi.note:
            sheet.append([kpi.note])
        sheet.append([])
        header_row = sheet.max_row + 1
        sheet.append(["", *(c.label for c in kpi.columns)])
        for row in kpi.rows:
            sheet.append([row.label, *(_numerator(row.cells.get(c.key)) for c in kpi.columns)])
        for cell in (*sheet[4], *sheet[header_row]):
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions["A"].width = 60
        for n in range(2, len(kpi.columns) + 2):
            sheet.column_dimensions[get_column_letter(n)].width = 16
        sheet.freeze_panes = sheet.cell(header_row + 1, 2)
        sheet.append([])
        sheet.append([f"Source: {kpi.source}"])
    return workbook_bytes(book, saved_at=saved_at(ret.quarter))


#: The earliest time a zip file (and so an .xlsx) can hold.
EARLIEST_ZIP_TIME = dt.datetime(1980, 1, 1)


def saved_at(period: Period) -> dt.datetime:
    """The time a return's workbook is stamped with: midnight at the start of the
    period's last day. Not the moment it was written, so that the same figures always
    give the same file (the command's and the web's, today's and tomorrow's). A zip file
    holds no time before 1980, so a period before then is stamped 1 January 1980."""
    return max(dt.datetime.combine(period.end, dt.time()), EARLIEST_ZIP_TIME)


#: The return's downloadable formats (each one's file name extension) and content types.
RETURN_FILES = {"xlsx": XLSX, "csv": CSV}


@dataclass(frozen=True)
class ReturnFile:
    """The quarter's (or year's) return as a file: the same bytes from the ``kpi`` command
    and from the KPI pages' downloads."""

    content: bytes
    content_type: str
    filename: str
    #: The children the figures count (ids), each logged when the file is downloaded.
    children: frozenset[int]


def counted_children(ret: KpiReturn) -> frozenset[int]:
    """Every child a figure of ``ret`` counts: the members of every KPI but KPI 8 (whose
    members are board sectors). KPI 9's and KPI 10's figures count offences and victims,
    but their members are the children behind them, so a child counted only by KPI 9 (an
    outcome in the quarter, no order ending) is among them too."""
    ids: set[int] = set()
    for kpi in ret.kpis:
        if kpi.unit == "sectors":
            continue
        ids.update(kpi.headline.members)
        for row in kpi.rows:
            for figure in row.cells.values():
                ids.update(figure.members)
    return frozenset(ids)


def return_file(
    period: Period, fmt: str, today: dt.date | None = None, fresh: bool = False
) -> ReturnFile:
    """The return for ``period`` counted on ``today`` as ``fmt`` (``xlsx`` or ``csv``, UTF-8),
    named like ``kpi-return-2024Q4.xlsx``: the kept return (``performance/cache.py``), or
    worked out afresh if ``fresh`` (the ``kpi`` command). The bytes are the same."""
    if fmt not in RETURN_FILES:
        raise ValueError(f"{fmt!r} is not a return file format: {', '.join(RETURN_FILES)}")
    ret = compute_return(period, today) if fresh else cached_return(period, today)
    content = return_as_xlsx(ret) if fmt == "xlsx" else return_as_csv(ret).encode("utf-8")
    return ReturnFile(
        content,
        RETURN_FILES[fmt],
        f"kpi-return-{period_code(period)}.{fmt}",
        counted_children(ret),
    )


def may_download_return(user: AnyUser) -> bool:
    """Whether ``user`` may download the return. The file is the return as the service
    submits it, every figure exact, so only those who see exact figures on the pages
    (no small-number threshold for them: those who may list the children behind a
    figure, or everyone if the threshold is 0) may take it away; a board member who sees
    small numbers withheld may not (docs/kpis/README.md, "The return to download")."""
    if not has_any_role(user, PERFORMANCE_READERS):
        return False
    return has_any_role(user, PERFORMANCE_LISTERS) or not settings.CHILDFIRST_SMALL_NUMBER_THRESHOLD


#: The refusal for a reader whose figures are withheld below the threshold.
RETURN_REFUSED = (
    "The return shows every figure exactly, including small numbers your role sees "
    "withheld, so your role cannot download it"
)


def return_file_for(
    user: AnyUser, period: Period, fmt: str, today: dt.date | None = None
) -> ReturnFile:
    """:func:`return_file` for ``user``, refused (:class:`NotPermitted`) unless they may
    download it: the check pages and any other caller share."""
    if not may_download_return(user):
        raise NotPermitted(RETURN_REFUSED)
    return return_file(period, fmt, today)


# ----------------------------------------------------------------------------- indicators


def _rate_row(row: ReoffendingRow) -> dict[str, Any]:
    return {
        "label": row.label,
        "cohort": row.cohort.numerator,
        "reoffenders": row.reoffenders.numerator,
        "reoffences": row.reoffences,
        "binary_rate": row.binary_rate,
        "frequency_rate": row.frequency_rate,
        "reoffences_per_reoffender": row.reoffences_per_reoffender,
        "looked_after_cohort": row.looked_after_cohort,
        "looked_after_reoffenders": row.looked_after_reoffenders,
        "looked_after_rate": row.looked_after_rate,
    }


def indicators_as_dict(found: Indicators) -> dict[str, Any]:
    fte, custody, reoffending = found.first_time_entrants, found.custody, found.reoffending
    return {
        "period": period_code(found.period),
        "period_label": str(found.period),
        "population_10_17": found.population.children_10_17 if found.population else None,
        "population_year": found.population.year if found.population else None,
        "first_time_entrants": {
            "count": fte.count.numerator,
            "rate_per_100000": fte.rate_per_100k,
            "by_sex": {k: f.numerator for k, f in fte.by_sex.items()},
            "by_ethnic_group": {k: f.numerator for k, f in fte.by_ethnic_group.items()},
            "by_disposal": {k: f.numerator for k, f in fte.by_disposal.items()},
            "by_age": {k: f.numerator for k, f in fte.by_age.items()},
        },
        "custody": {
            "sentences": custody.sentences.numerator,
            "children": len(custody.sentences.members),
            "rate_per_1000": custody.rate_per_1000,
        },
        "reoffending": {
            "complete": reoffending.complete,
            "results_available_from": reoffending.results_available_from.isoformat(),
            "follow_up_months": reoffending.follow_up_months,
            "waiting_months": reoffending.waiting_months,
            "exclude_breaches": reoffending.exclude_breaches,
            "annual_from_quarters": reoffending.annual_from_quarters,
            "total": _rate_row(reoffending.total),
            "breakdowns": {
                name: [_rate_row(row) for row in rows]
                for name, rows in reoffending.breakdowns.items()
            },
        },
    }


def period_code(period: Quarter | FinancialYear) -> str:
    return period.code if isinstance(period, Quarter) else str(period)


def _shown(value: float | None, suffix: str = "") -> str:
    return "no figure" if value is None else f"{value:g}{suffix}"


def indicators_as_text(found: Indicators) -> str:
    data = indicators_as_dict(found)
    fte, custody, re = data["first_time_entrants"], data["custody"], data["reoffending"]
    population = (
        f"{data['population_10_17']:,} children aged 10 to 17 (mid-{data['population_year']})"
        if data["population_10_17"]
        else "no population estimate recorded for this year: rates are not shown"
    )
    lines = [
        f"National indicators, {data['period_label']}",
        f"Population: {population}",
        "",
        f"First time entrants: {fte['count']} "
        f"({_shown(fte['rate_per_100000'])} per 100,000 children aged 10 to 17)",
        "  by sex: " + ", ".join(f"{k} {v}" for k, v in fte["by_sex"].items()),
        "  by disposal: " + ", ".join(f"{k} {v}" for k, v in fte["by_disposal"].items()),
        "",
        f"Use of custody: {custody['sentences']} custodial sentences "
        f"({_shown(custody['rate_per_1000'])} per 1,000 children aged 10 to 17)",
        "",
        f"Proven reoffending, cohort {data['period_label']}"
        + ("" if re["complete"] else f" (provisional until {re['results_available_from']})"),
    ]
    total = re["total"]
    lines.append(
        f"  {total['cohort']} children, {total['reoffenders']} reoffended "
        f"({_shown(total['binary_rate'], '%')}); {total['reoffences']} reoffences, "
        f"{_shown(total['frequency_rate'])} per child, "
        f"{_shown(total['reoffences_per_reoffender'])} per child who reoffended"
    )
    for name, rows in re["breakdowns"].items():
        lines.append(f"  by {name.replace('_', ' ')}:")
        for row in rows:
            lines.append(
                f"    {row['label']}: {row['reoffenders']} of {row['cohort']} "
                f"({_shown(row['binary_rate'], '%')})"
            )
    return "\n".join(lines) + "\n"


def indicators_as_csv(found: Indicators) -> str:
    """One line a figure: indicator, breakdown, row, then the counts and rates."""
    data = indicators_as_dict(found)
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["period", "indicator", "breakdown", "row", "measure", "value"])
    period = data["period"]
    fte = data["first_time_entrants"]
    writer.writerow([period, "first_time_entrants", "", "total", "count", fte["count"]])
    writer.writerow(
        [
            period,
            "first_time_entrants",
            "",
            "total",
            "rate_per_100000",
            _blank(fte["rate_per_100000"]),
        ]
    )
    for breakdown in ("by_sex", "by_ethnic_group", "by_disposal", "by_age"):
        for key, value in fte[breakdown].items():
            writer.writerow([period, "first_time_entrants", breakdown, key, "count", value])
    for measure, value in data["custody"].items():
        writer.writerow([period, "custody", "", "total", measure, _blank(value)])
    re = data["reoffending"]
    rows = [("", re["total"])] + [
        (name, row) for name, table in re["breakdowns"].items() for row in table
    ]
    for breakdown, row in rows:
        for measure, value in row.items():
            if measure != "label":
                writer.writerow(
                    [period, "reoffending", breakdown, row["label"], measure, _blank(value)]
                )
    return out.getvalue()
