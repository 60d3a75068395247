"""``childfirst kpi --period 2023Q1``: the quarter's YJB KPI return, computed from the record."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from childfirst.performance.engine import compute_return, parse_period
from childfirst.performance.exports import (
    RETURN_FILES,
    return_as_dict,
    return_as_text,
    return_file,
)

FORMATS = ("text", "json", "csv", "xlsx")


def parse_today(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today {value!r}: give a date as YYYY-MM-DD") from exc


def write_output(command: BaseCommand, content: str | bytes, output: str | None) -> None:
    """To ``output`` (written whole, or not at all) or standard output."""
    if output is None:
        if isinstance(content, bytes):
            raise CommandError("xlsx is a binary format: give --output FILE")
        command.stdout.write(content, ending="" if content.endswith("\n") else "\n")
        return
    path = Path(output)
    if not path.parent.is_dir():
        raise CommandError(f"--output {output}: the folder {path.parent} does not exist")
    partial = path.with_name(f".{path.name}.partial")
    if isinstance(content, bytes):
        partial.write_bytes(content)
    else:
        partial.write_text(content, encoding="utf-8")
    partial.replace(path)
    command.stderr.write(f"Wrote {path}")


class Command(BaseCommand):
    help = (
        "The YJB key performance indicators (KPIs 1-10) for a quarter, from the records.\n\n"
        "The population: children aged 10-17 at the start whose intervention ended in the "
        "quarter, once each, by type of order. See docs/kpis/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period",
            required=True,
            help="a financial quarter (2023Q1 or '2023-24 Q1') or year (2023-24, each child once)",
        )
        parser.add_argument("--format", choices=FORMATS, default="text", help="default text")
        parser.add_argument("--output", help="write to FILE instead of standard output")
        parser.add_argument("--today", help="count as if on this date (YYYY-MM-DD); default today")

    def handle(self, *args: Any, **options: Any) -> None:
        today = parse_today(options["today"])
        try:
            quarter = parse_period(options["period"], today)
        except ValueError as exc:
            raise CommandError(f"--period: {exc}") from exc
        fmt, output = options["format"], options["output"]
        content: str | bytes
        if fmt in RETURN_FILES:
            # The same file the KPI pages offer for download (exports.return_file).
            content = return_file(quarter, fmt, today, fresh=True).content
            if fmt == "csv" and output is None:
                content = content.decode("utf-8")
        elif fmt == "json":
            ret = compute_return(quarter, today)
            content = json.dumps(return_as_dict(ret), indent=2, ensure_ascii=False) + "\n"
        else:
            content = return_as_text(compute_return(quarter, today))
        write_output(self, content, output)
