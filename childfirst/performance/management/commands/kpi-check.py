"""``childfirst kpi-check --period 2024Q4``: the gaps to fix before the KPI return goes in."""

from __future__ import annotations

import io
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from childfirst.domain.kpi.quality import KPI_TITLES, checks_by_code
from childfirst.performance.engine import parse_period
from childfirst.performance.exports import period_code
from childfirst.performance.management.commands.kpi import parse_today, write_output
from childfirst.performance.quality import QualityReport, check_quarter
from childfirst.ui.spreadsheets import csv_writer

FORMATS = ("text", "csv", "json")
CSV_HEADER = ("kpi", "kpi_title", "child_reference", "team", "check", "check_title", "detail")


def _number(kpi: str) -> str:
    return kpi.removeprefix("kpi")


def report_as_dict(report: QualityReport) -> dict[str, Any]:
    checks = checks_by_code()
    return {
        "period": period_code(report.quarter),
        "period_label": str(report.quarter),
        "children_counted": report.population,
        "children_with_gaps": report.children_with_gaps,
        "items": len(report.gaps),
        "kpis": {
            kpi: {
                "title": title,
                "items": [
                    {
                        "child_reference": report.children[gap.child_id].reference,
                        "team": report.team_of(gap),
                        "check": gap.check,
                        "check_title": checks[gap.check].title,
                        "detail": gap.detail,
                    }
                    for gap in report.gaps
                    if gap.kpi == kpi
                ],
            }
            for kpi, title in KPI_TITLES.items()
        },
        "by_team": report.by_team(),
        "by_kpi": report.by_kpi(),
    }


def report_as_csv(report: QualityReport) -> str:
    """One line an item (the counts are in the text and JSON forms)."""
    checks = checks_by_code()
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(CSV_HEADER)
    for gap in report.gaps:
        writer.writerow(
            (
                gap.kpi,
                KPI_TITLES[gap.kpi],
                report.children[gap.child_id].reference,
                report.team_of(gap),
                gap.check,
                checks[gap.check].title,
                gap.detail,
            )
        )
    return out.getvalue()


def report_as_text(report: QualityReport) -> str:
    items = len(report.gaps)
    lines = [
        f"KPI data-quality check, {report.quarter} ({period_code(report.quarter)})",
        f"Children counted: {report.population}; with a gap: {report.children_with_gaps}; "
        f"items: {items}",
        "",
    ]
    if not items:
        lines += [f"No gaps found for {report.quarter}.", ""]
        return "\n".join(lines)
    for kpi, count in report.by_kpi().items():
        if not count:
            continue
        lines.append(f"KPI {_number(kpi)}: {KPI_TITLES[kpi]} ({count} item{'s' * (count != 1)})")
        for gap in report.gaps:
            if gap.kpi == kpi:
                child = report.children[gap.child_id]
                lines.append(f"  {child.reference}  {child.team}  {gap.check}: {gap.detail}")
        lines.append("")
    lines.append("Items by team")
    for team, counts in report.by_team().items():
        shown = ", ".join(f"KPI {_number(k)} {n}" for k, n in counts.items() if n)
        lines.append(f"  {team}: {sum(counts.values())} ({shown})")
    lines += ["", "Items by KPI"]
    for kpi, count in report.by_kpi().items():
        lines.append(f"  KPI {_number(kpi)}: {KPI_TITLES[kpi]}: {count}")
    lines.append("")
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "The gaps to fix in a quarter's KPI return, by KPI, with counts by team.\n\n"
        "Each child the KPIs count with an item a KPI needs that is missing or "
        "contradictory, by reference (no names). The checks are in docs/kpis/quality.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period",
            required=True,
            help="a financial quarter (2024Q4 or '2024-25 Q4') or year (2024-25, each child once)",
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="text",
            help="default text; csv is one line an item, with no counts",
        )
        parser.add_argument("--output", help="write to FILE instead of standard output")
        parser.add_argument("--today", help="check as if on this date (YYYY-MM-DD); default today")

    def handle(self, *args: Any, **options: Any) -> None:
        today = parse_today(options["today"])
        try:
            quarter = parse_period(options["period"], today)
        except ValueError as exc:
            raise CommandError(f"--period: {exc}") from exc
        report = check_quarter(quarter, today)
        fmt = options["format"]
        if fmt == "json":
            content = json.dumps(report_as_dict(report), indent=2, ensure_ascii=False) + "\n"
        elif fmt == "csv":
            content = report_as_csv(report)
        else:
            content = report_as_text(report)
        write_output(self, content, options["output"])
