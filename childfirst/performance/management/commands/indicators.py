"""``childfirst indicators --period 2022-23``: first time entrants, reoffending and custody."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from childfirst.performance.engine import compute_indicators, parse_period
from childfirst.performance.exports import (
    indicators_as_csv,
    indicators_as_dict,
    indicators_as_text,
)
from childfirst.performance.management.commands.kpi import parse_today, write_output


class Command(BaseCommand):
    help = (
        "The national indicators for a financial year or quarter, from the records: first "
        "time entrants, proven reoffending of the period's cohort, use of custody.\n\n"
        "Rates need the 10-17 population for the year (admin: Population estimates). "
        "See docs/kpis/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period", required=True, help="a financial year (2022-23) or a quarter (2023Q1)"
        )
        parser.add_argument(
            "--format", choices=("text", "json", "csv"), default="text", help="default text"
        )
        parser.add_argument("--output", help="write to FILE instead of standard output")
        parser.add_argument("--today", help="count as if on this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = parse_today(options["today"])
        try:
            period = parse_period(options["period"], today)
        except ValueError as exc:
            raise CommandError(f"--period: {exc}") from exc
        found = compute_indicators(period, today)
        fmt = options["format"]
        if fmt == "json":
            content = json.dumps(indicators_as_dict(found), indent=2, ensure_ascii=False) + "\n"
        elif fmt == "csv":
            content = indicators_as_csv(found)
        else:
            content = indicators_as_text(found)
        write_output(self, content, options["output"])
