"""Reading a ratings request: what an inspection (or our own audit) found.

The format is the one ``childfirst ratings FILE`` accepts (README, "Ratings"):

    {"service": "Kingston and Richmond", "framework": "hmip-youth-2018",
     "domain1": {"1.1": "Good", ...},
     "standards": {"2.1": {"key_questions": [{"relevant": 8, "yes": 7}, ...]}},
     "ratings": {"2.3": "Good"},
     "overrides": {"2.1": {"rating": "Good", "rationale": "..."}}}

Everything is checked before anything is rated, and every problem is reported
with the field it is in, so a malformed request never yields a half-result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from childfirst.domain.inspection.framework import (
    Framework,
    FrameworkError,
    Method,
    RatingLevel,
    available_frameworks,
    load_framework,
)
from childfirst.domain.inspection.ratings import (
    InspectionResult,
    KeyQuestionCount,
    Override,
    rate_inspection,
)

TOP_LEVEL_KEYS = ("service", "framework", "domain1", "standards", "ratings", "overrides")
DEFAULT_FRAMEWORK = "hmip-youth-2018"


class SubmissionError(ValueError):
    """One or more problems with a ratings request, each naming its field."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class Submission:
    service: str
    framework: Framework
    counts: Mapping[str, tuple[KeyQuestionCount, ...]]
    given: Mapping[str, RatingLevel]
    overrides: Mapping[str, Override]

    def rate(self) -> InspectionResult:
        return rate_inspection(
            self.framework, self.service, self.counts, self.given, self.overrides
        )


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_submission(data: Any) -> Submission:
    """Check a ratings request and return it typed; raise SubmissionError listing every fault."""
    if not isinstance(data, dict):
        raise SubmissionError(["the file must hold an object (a mapping of fields)"])
    errors: list[str] = []
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            errors.append(f"{key}: unknown field (expected one of {', '.join(TOP_LEVEL_KEYS)})")

    service = data.get("service", "")
    if not isinstance(service, str):
        errors.append("service: must be text")
        service = ""

    framework_id = data.get("framework", DEFAULT_FRAMEWORK)
    if framework_id not in available_frameworks():
        known = ", ".join(available_frameworks())
        raise SubmissionError(
            [*errors, f"framework: unknown framework {framework_id!r} (known: {known})"]
        )
    try:
        framework = load_framework(framework_id)
    except FrameworkError as exc:  # a broken shipped file: report it, do not rate
        raise SubmissionError([*errors, f"framework: {exc}"]) from exc

    sections = {}
    for name in ("domain1", "standards", "ratings", "overrides"):
        value = data.get(name, {})
        if value is None:
            value = {}
        if not isinstance(value, dict):
            errors.append(f"{name}: must be an object keyed by standard number")
            value = {}
        sections[name] = {str(k): v for k, v in value.items()}

    def known_standard(section: str, number: str) -> bool:
        if framework.has_standard(number):
            return True
        errors.append(f"{section}.{number}: unknown standard in {framework.id}")
        return False

    def rating(field: str, value: Any) -> RatingLevel | None:
        if isinstance(value, str) and value in framework.rating_names:
            return framework.rating(value)
        names = ", ".join(repr(n) for n in framework.rating_names)
        errors.append(f"{field}: unknown rating {value!r} (expected one of {names})")
        return None

    given: dict[str, RatingLevel] = {}
    for number, value in sections["domain1"].items():
        if not known_standard("domain1", number):
            continue
        if framework.standard(number).domain_number != 1:
            errors.append(
                f"domain1.{number}: not a domain 1 standard (put it under standards or ratings)"
            )
            continue
        level = rating(f"domain1.{number}", value)
        if level is not None:
            given[number] = level

    for number, value in sections["ratings"].items():
        if not known_standard("ratings", number):
            continue
        if framework.standard(number).domain_number == 1:
            errors.append(f"ratings.{number}: domain 1 ratings belong under domain1")
            continue
        if number in sections["standards"]:
            errors.append(
                f"ratings.{number}: given both as a rating and as key-question "
                "counts under standards; give one"
            )
            continue
        level = rating(f"ratings.{number}", value)
        if level is not None:
            given[number] = level

    counts: dict[str, tuple[KeyQuestionCount, ...]] = {}
    for number, value in sections["standards"].items():
        if not known_standard("standards", number):
            continue
        parsed = _parse_counts(framework, number, value, errors)
        if parsed is not None:
            counts[number] = parsed

    overrides: dict[str, Override] = {}
    for number, value in sections["overrides"].items():
        field = f"overrides.{number}"
        if not known_standard("overrides", number):
            continue
        if number not in sections["standards"]:
            errors.append(
                f"{field}: only a rating computed from key-question counts can be "
                f"overridden; standard {number} has no counts under standards"
            )
            continue
        if not isinstance(value, dict):
            errors.append(f"{field}: must be an object with rating and rationale")
            continue
        for key in value:
            if key not in ("rating", "rationale"):
                errors.append(f"{field}.{key}: unknown field (expected rating, rationale)")
        rationale = value.get("rationale")
        if not isinstance(rationale, str) or not rationale.strip():
            errors.append(f"{field}.rationale: the panel's rationale is required")
        level = rating(f"{field}.rating", value.get("rating"))
        if level is not None and isinstance(rationale, str) and rationale.strip():
            overrides[number] = Override(level, rationale.strip())

    if errors:
        raise SubmissionError(errors)
    return Submission(service, framework, counts, given, overrides)


def _parse_counts(
    framework: Framework, number: str, value: Any, errors: list[str]
) -> tuple[KeyQuestionCount, ...] | None:
    standard = framework.standard(number)
    field = f"standards.{number}"
    if standard.method is not Method.CASE:
        errors.append(
            f"{field}: {number} {standard.name} is a judgement standard; give its "
            f"rating under {'domain1' if standard.domain_number == 1 else 'ratings'}"
        )
        return None
    if not isinstance(value, dict) or not isinstance(value.get("key_questions"), list):
        errors.append(f"{field}.key_questions: must be a list of {{relevant, yes}} counts")
        return None
    for key in value:
        if key != "key_questions":
            errors.append(f"{field}.{key}: unknown field (expected key_questions)")
    items = value["key_questions"]
    expected = len(standard.key_questions)
    if len(items) != expected:
        errors.append(
            f"{field}.key_questions: {standard.number} {standard.name} has {expected} "
            f"key questions in {framework.id}; {len(items)} given"
        )
        return None
    result: list[KeyQuestionCount] = []
    ok = True
    for i, item in enumerate(items, start=1):
        path = f"{field}.key_questions[{i}]"
        if not isinstance(item, dict):
            errors.append(f"{path}: must be an object with relevant and yes")
            ok = False
            continue
        problems = [
            f"{path}.{key}: unknown field (expected relevant, yes, text)"
            for key in item
            if key not in ("relevant", "yes", "text")
        ]
        relevant: Any = item.get("relevant")
        yes: Any = item.get("yes")
        for name, count in (("relevant", relevant), ("yes", yes)):
            if count is None:
                problems.append(f"{path}.{name}: missing")
            elif not _is_count(count):
                problems.append(f"{path}.{name}: must be a whole number, not {count!r}")
            elif count < 0:
                problems.append(f"{path}.{name}: cannot be negative ({count})")
        if problems:
            errors.extend(problems)
            ok = False
        elif yes > relevant:
            errors.append(f"{path}.yes: {yes} 'Yes' is more than the {relevant} relevant cases")
            ok = False
        else:
            result.append(KeyQuestionCount(int(relevant), int(yes)))
    return tuple(result) if ok else None
