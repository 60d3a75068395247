"""Turning case judgements into ratings, as HM Inspectorate of Probation does.

Source: HMIP, "An inspection of youth offending services in Kingston and
Richmond" (January 2021), Annexe 1 "Ratings explained" (seed ``002_…``), and the
scoring table in Kent County Council's report on the June 2021 inspection
(seed ``000_…``, Table 1):

* each key question of a domain 2 or 3 standard is banded on the share of
  relevant sampled cases judged sufficient ('Yes'): below 50% Inadequate,
  50% to below 65% Requires improvement, 65% to below 80% Good, 80% and above
  Outstanding; a question with no relevant case is left out;
* the standard's rating is the band of its lowest key question (the
  "limiting judgement");
* each standard scores 0-3 and the sum (0-36) gives the overall rating;
* the ratings panel considers professional discretion where (a) the lowest
  percentage is within five percentage points of a band boundary, (b) one case
  judged differently would change the rating, or (c) the rating rests on five
  cases or fewer. Any change is the panel's, with its reason, never automatic.

The thresholds themselves come from the framework file (see ``framework.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from childfirst.domain.inspection.framework import (
    Framework,
    KeyQuestion,
    Method,
    RatingLevel,
    Standard,
)


@dataclass(frozen=True)
class KeyQuestionCount:
    """How many sampled cases a key question was relevant to, and how many were 'Yes'."""

    relevant: int
    yes: int

    def __post_init__(self) -> None:
        if self.relevant < 0 or self.yes < 0:
            raise ValueError("counts cannot be negative")
        if self.yes > self.relevant:
            raise ValueError(f"'Yes' ({self.yes}) cannot exceed relevant cases ({self.relevant})")

    @property
    def fraction(self) -> Fraction | None:
        return Fraction(self.yes, self.relevant) if self.relevant else None


@dataclass(frozen=True)
class Override:
    """A ratings panel's decision to depart from the computed rating, with its reason."""

    rating: RatingLevel
    rationale: str

    def __post_init__(self) -> None:
        if not self.rationale.strip():
            raise ValueError("an override needs its rationale")


class Source(StrEnum):
    COMPUTED = "computed"  # from key-question counts
    GIVEN = "given"  # a rating supplied directly (domain 1, judgement standards)
    NOT_RATED = "not rated"


@dataclass(frozen=True)
class KeyQuestionResult:
    question: KeyQuestion
    count: KeyQuestionCount
    rating: RatingLevel | None  # None when no case was relevant

    @property
    def fraction(self) -> Fraction | None:
        return self.count.fraction


@dataclass(frozen=True)
class DiscretionFlag:
    """A reason the ratings panel should consider professional discretion."""

    code: str  # "a", "b" or "c", as lettered in Annexe 1
    reason: str

    def __str__(self) -> str:
        return f"({self.code}) {self.reason}"


@dataclass(frozen=True)
class StandardResult:
    standard: Standard
    source: Source
    computed_rating: RatingLevel | None
    key_questions: tuple[KeyQuestionResult, ...] = ()
    discretion: tuple[DiscretionFlag, ...] = ()
    override: Override | None = None

    @property
    def rating(self) -> RatingLevel | None:
        """The rating that stands: the panel's override where there is one."""
        return self.override.rating if self.override else self.computed_rating

    @property
    def score(self) -> int | None:
        return self.rating.score if self.rating else None

    @property
    def limiting(self) -> KeyQuestionResult | None:
        """The key question with the lowest share of 'Yes' (the first, on a tie)."""
        rated = [kq for kq in self.key_questions if kq.fraction is not None]
        if not rated:
            return None
        return min(rated, key=lambda kq: (kq.fraction, kq.question.number))


@dataclass(frozen=True)
class OverallResult:
    score: int | None  # None while any scored standard is not rated
    max_score: int
    rating: RatingLevel | None
    missing: tuple[str, ...]  # scored standards without a rating


@dataclass(frozen=True)
class InspectionResult:
    framework: Framework
    service: str
    standards: tuple[StandardResult, ...]
    overall: OverallResult = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "overall", overall_rating(self.framework, self.standards))

    def standard(self, number: str) -> StandardResult:
        for result in self.standards:
            if result.standard.number == number:
                return result
        raise KeyError(number)


def format_percentage(fraction: Fraction) -> str:
    """``Fraction(6, 8)`` -> ``'75%'``; ``Fraction(6, 7)`` -> ``'85.7%'`` (display only)."""
    text = f"{float(fraction * 100):.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def limiting_rating(framework: Framework, counts: Iterable[KeyQuestionCount]) -> RatingLevel | None:
    """The band of the lowest key question; None when no question had a relevant case."""
    bands = [framework.band_for_fraction(c.fraction) for c in counts if c.fraction is not None]
    return min(bands, key=lambda level: level.score) if bands else None


def rate_standard(
    framework: Framework,
    standard: Standard,
    counts: Sequence[KeyQuestionCount],
    override: Override | None = None,
) -> StandardResult:
    """Rate a case-based standard from its key-question counts, in the framework's order."""
    if standard.method is not Method.CASE:
        raise ValueError(
            f"standard {standard.number} is a judgement standard, not rated from cases"
        )
    if len(counts) != len(standard.key_questions):
        raise ValueError(
            f"standard {standard.number} has {len(standard.key_questions)} key questions, "
            f"not {len(counts)}"
        )
    results = tuple(
        KeyQuestionResult(
            question=q,
            count=c,
            rating=framework.band_for_fraction(c.fraction) if c.fraction is not None else None,
        )
        for q, c in zip(standard.key_questions, counts, strict=True)
    )
    computed = limiting_rating(framework, counts)
    if computed is None:
        return StandardResult(standard, Source.NOT_RATED, None, results, (), override)
    flags = discretion_flags(framework, counts, computed, results)
    return StandardResult(standard, Source.COMPUTED, computed, results, flags, override)


def given_rating(
    standard: Standard, rating: RatingLevel | None, override: Override | None = None
) -> StandardResult:
    """A standard whose rating is supplied directly (domain 1, or a report's rating)."""
    source = Source.GIVEN if rating is not None else Source.NOT_RATED
    return StandardResult(standard, source, rating, override=override)


def discretion_flags(
    framework: Framework,
    counts: Sequence[KeyQuestionCount],
    computed: RatingLevel,
    results: Sequence[KeyQuestionResult],
) -> tuple[DiscretionFlag, ...]:
    """The three professional-discretion tests of Annexe 1, each with its reason."""
    flags: list[DiscretionFlag] = []
    rated = [r for r in results if r.fraction is not None]
    lowest = min(rated, key=lambda r: (r.fraction, r.question.number))
    assert lowest.fraction is not None
    lowest_pct = lowest.fraction * 100

    # (a) The lowest percentage is within the margin of a band boundary.
    margin = framework.discretion.boundary_margin_points
    boundaries = [
        level.key_question_min_percentage
        for level in framework.ratings
        if level.key_question_min_percentage > 0
    ]
    near = [b for b in boundaries if abs(lowest_pct - b) <= margin]
    if near:
        edges = " and ".join(f"{format_percentage(b / 100)}" for b in near)
        flags.append(
            DiscretionFlag(
                "a",
                f"the lowest key question ({lowest.question.number}) is "
                f"{format_percentage(lowest.fraction)} ({lowest.count.yes} of "
                f"{lowest.count.relevant}), within {format_percentage(margin / 100)[:-1]} "
                f"percentage points of the {edges} boundary",
            )
        )

    # (b) One case judged differently, in any key question, would change the rating.
    changes: list[str] = []
    for index, count in enumerate(counts):
        if not count.relevant:
            continue
        for delta, word in ((1, "more"), (-1, "fewer")):
            yes = count.yes + delta
            if not 0 <= yes <= count.relevant:
                continue
            trial = list(counts)
            trial[index] = KeyQuestionCount(count.relevant, yes)
            new = limiting_rating(framework, trial)
            if new is not None and new != computed:
                changes.append(
                    f"one {word} 'Yes' on key question {index + 1} ({yes} of {count.relevant}) "
                    f"would make it {new.name}"
                )
    if changes:
        flags.append(
            DiscretionFlag(
                "b", "one case judged differently would change the rating: " + "; ".join(changes)
            )
        )

    # (c) The rating rests on a small sample: a limiting key question has few relevant cases.
    small = framework.discretion.small_sample_cases
    thin = [r for r in rated if r.rating == computed and r.count.relevant <= small]
    if thin:
        detail = "; ".join(
            f"key question {r.question.number} has {r.count.relevant} relevant "
            f"case{'s' if r.count.relevant != 1 else ''}"
            for r in thin
        )
        flags.append(
            DiscretionFlag("c", f"the rating rests on {small} or fewer relevant cases: {detail}")
        )
    return tuple(flags)


def overall_rating(framework: Framework, results: Iterable[StandardResult]) -> OverallResult:
    """Sum the scored standards' scores and band the total (seed ``000_…``, Table 1).

    A scored standard without a rating is reported as missing; no score is
    invented for it, so the total and overall rating are then None.
    """
    by_number = {r.standard.number: r for r in results}
    missing: list[str] = []
    total = 0
    for standard in framework.scored_standards:
        result = by_number.get(standard.number)
        if result is None or result.score is None:
            missing.append(standard.number)
        else:
            total += result.score
    if missing:
        return OverallResult(None, framework.max_score, None, tuple(missing))
    return OverallResult(total, framework.max_score, framework.overall_for_score(total), ())


def rate_inspection(
    framework: Framework,
    service: str = "",
    counts: Mapping[str, Sequence[KeyQuestionCount]] | None = None,
    given: Mapping[str, RatingLevel] | None = None,
    overrides: Mapping[str, Override] | None = None,
) -> InspectionResult:
    """Rate every standard of ``framework`` and the whole inspection.

    ``counts`` holds key-question counts for case standards; ``given`` ratings
    supplied directly; ``overrides`` the panel's decisions on computed ratings.
    A standard in neither is "not rated".
    """
    counts = counts or {}
    given = given or {}
    overrides = overrides or {}
    results = []
    for standard in framework.standards:
        override = overrides.get(standard.number)
        if standard.number in counts:
            results.append(rate_standard(framework, standard, counts[standard.number], override))
        else:
            results.append(given_rating(standard, given.get(standard.number), override))
    return InspectionResult(framework, service, tuple(results))
