"""``childfirst ratings FILE``: rate an inspection's standards from its case counts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser

from childfirst.domain.inspection import SubmissionError, parse_submission
from childfirst.domain.inspection.report import result_to_dict, result_to_text
from childfirst.domain.yamlio import load_yaml


class Command(BaseCommand):
    help = (
        "Rate inspection standards from key-question counts, as HM Inspectorate of "
        "Probation does (limiting judgement, 0-36 score, discretion flags).\n\n"
        "FILE is JSON or YAML (use - for standard input): service, framework "
        "(default hmip-youth-2018), domain1 ratings, standards with key_questions "
        "[{relevant, yes}, ...] in the framework's order, ratings given directly, "
        "and panel overrides {rating, rationale}. See docs/ratings.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a JSON or YAML ratings file, or - for standard input")
        parser.add_argument(
            "--format", choices=("text", "json"), default="text", help="output (default text)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = _read(options["file"])
        try:
            submission = parse_submission(data)
        except SubmissionError as exc:
            count = len(exc.errors)
            detail = "\n".join(f"  - {e}" for e in exc.errors)
            raise CommandError(
                f"{options['file']}: {count} problem{'s' if count != 1 else ''}, "
                f"nothing rated:\n{detail}"
            ) from exc
        result = submission.rate()
        if options["format"] == "json":
            self.stdout.write(json.dumps(result_to_dict(result), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(result_to_text(result), ending="")


def _read(name: str) -> Any:
    if name == "-":
        text = sys.stdin.read()
    else:
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"{name}: no such file")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{name}: cannot be read ({exc})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if name.lower().endswith(".json"):
            raise CommandError(f"{name}: not valid JSON ({exc})") from exc
    try:
        return load_yaml(text)
    except yaml.YAMLError as exc:
        raise CommandError(f"{name}: not valid JSON or YAML ({exc})") from exc
