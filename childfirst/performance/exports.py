"""The KPI return as JSON, CSV, plain text and an .xlsx workbook laid out like the YJB template.

JSON shape (the interface other tools rely on)::

    {"period": "2023Q1", "period_label": "2023-24 Q1",
     "kpis": {"kpi1": {"title": ..., "headline": {"numerator": 2, "denominator": 6,
                                                  "percentage": 33.3},
                       "breakdown": [{"row": "suitable", "label": ...,
                                      "values": {"oocd:start": {...}, ...}}, ...]}, ...}}
"""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from childfirst.domain.kpi.measures import Figure
from childfirst.domain.kpi.returns import KpiResult, KpiReturn


def kpi_as_dict(kpi: KpiResult) -> dict[str, Any]:
    return {
        "title": kpi.title,
        "headline_label": kpi.headline_label,
        "unit": kpi.unit,
        "headline": kpi.headline.as_dict(),
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
        "period": ret.quarter.code,
        "period_label": str(ret.quarter),
        "kpis": {kpi.code: kpi_as_dict(kpi) for kpi in ret.kpis},
    }


def _fraction(figure: Figure) -> str:
    if figure.denominator is None:
        return f"{figure.numerator}"
    shown = "-" if figure.percentage is None else f"{figure.percentage:.1f}%"
    return f"{figure.numerator} of {figure.denominator} ({shown})"


def return_as_text(ret: KpiReturn) -> str:
    """A readable summary: each headline, then the rows of the total column."""
    lines = [f"YJB key performance indicators, {ret.quarter} ({ret.quarter.code})", ""]
    for kpi in ret.kpis:
        number = kpi.code.removeprefix("kpi")
        lines.append(f"KPI {number}: {kpi.title}")
        lines.append(f"  {kpi.headline_label}: {_fraction(kpi.headline)}")
        if kpi.note:
            lines.append(f"  {kpi.note}")
        totals = [c for c in kpi.columns if c.group == "total"]
        for row in kpi.rows:
            shown = "; ".join(
                f"{c.label.split(': ')[-1]} {row.cells[c.key].numerator}" for c in totals
            )
            lines.append(f"    {row.label}: {shown}")
        lines.append("")
    return "\n".join(lines)


def return_as_csv(ret: KpiReturn) -> str:
    """One line a figure: the headline, then every cell of every table."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
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
                ret.quarter.code,
                kpi.code,
                "headline",
                kpi.headline_label,
                "",
                "",
                h.numerator,
                _blank(h.denominator),
                _blank(h.percentage),
            ]
        )
        labels = {c.key: c.label for c in kpi.columns}
        for row in kpi.rows:
            for key, f in row.cells.items():
                writer.writerow(
                    [
                        ret.quarter.code,
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
        sheet.append([f"{ret.quarter} ({ret.quarter.code})"])
        sheet.append([])
        sheet.append(["Headline", "Numerator", "Denominator", "Percentage"])
        h = kpi.headline
        sheet.append([kpi.headline_label, h.numerator, h.denominator, h.percentage])
        if kpi.note:
            sheet.append([kpi.note])
        sheet.append([])
        header_row = sheet.max_row + 1
        sheet.append(["", *(c.label for c in kpi.columns)])
        for row in kpi.rows:
            sheet.append([row.label, *(row.cells[c.key].numerator for c in kpi.columns)])
        for cell in (*sheet[4], *sheet[header_row]):
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions["A"].width = 60
        for n in range(2, len(kpi.columns) + 2):
            sheet.column_dimensions[get_column_letter(n)].width = 16
        sheet.freeze_panes = sheet.cell(header_row + 1, 2)
        sheet.append([])
        sheet.append([f"Source: {kpi.source}"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
