"""Two audits side by side: each standard's rating in the first and the second, how far
it moved, and the change in its score; then the totals.

Ratings are compared by their position on the four-point scale (the inspectorate's
score of 0 to 3 for Inadequate to Outstanding, HMIP Annexe 1 and Kent's Table 1, as
the framework file gives it), so "Good" to "Outstanding" is up one band. Standards are
matched by number. Audits of different framework versions can be compared as long as
both use the same rating scale: a standard one framework lacks is "Not in this
framework", and a number the two frameworks give to different standards (3.4 "Joint
working" in 2018, "Out-of-court disposal policy and provision" in 2021) is shown but not
compared.

Pure Python over :class:`~childfirst.audits.presentation.Summary` and the frameworks:
no database, so the rules are tested by hand-worked cases.
"""

from __future__ import annotations

from dataclasses import dataclass

from childfirst.audits.presentation import StandardRows, Summary
from childfirst.domain.inspection.framework import Framework

NOT_RATED = "Not rated"
NEWLY_RATED = "Newly rated"
NO_CHANGE = "No change"
ABSENT = "Not in this framework"
NOT_COMPARABLE = "Not comparable"
_WORDS = {1: "one", 2: "two", 3: "three"}


class NotComparable(ValueError):
    """The two audits' ratings cannot be set against each other; the message says why."""


def movement(first: int | None, second: int | None) -> str:
    """How a rating moved, given each side's place on the scale (its score; None when
    not rated): "Up one band", "Down two bands", "No change", "Newly rated" or "Not
    rated" (the second audit gives no rating, whatever the first gave)."""
    if second is None:
        return NOT_RATED
    if first is None:
        return NEWLY_RATED
    bands = second - first
    if bands == 0:
        return NO_CHANGE
    size = abs(bands)
    word = _WORDS.get(size, str(size))
    return f"{'Up' if bands > 0 else 'Down'} {word} band{'s' if size != 1 else ''}"


def score_change(first: int | None, second: int | None) -> str:
    """ "+3", "-1" or "0"; "" when either side has no score."""
    if first is None or second is None:
        return ""
    difference = second - first
    return f"{difference:+d}" if difference else "0"


@dataclass(frozen=True)
class StandardComparison:
    number: str
    name: str
    other_name: str  # the first audit's name for this number, where it differs
    first_rating: str  # a rating name, "Not rated" or "Not in this framework"
    second_rating: str
    first_score: int | None
    second_score: int | None
    movement: str
    score_change: str
    counts_in_score: bool


@dataclass(frozen=True)
class TotalComparison:
    first_score: int | None
    second_score: int | None
    first_max: int
    second_max: int
    first_overall: str  # "Not rated" while any scored standard is not rated
    second_overall: str
    movement: str
    score_change: str


@dataclass(frozen=True)
class Comparison:
    standards: tuple[StandardComparison, ...]
    total: TotalComparison


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in number.split("."))


def _level(framework: Framework, rating: str) -> int | None:
    return framework.rating(rating).score if rating else None


def _compare_standard(
    number: str,
    first: StandardRows | None,
    second: StandardRows | None,
    first_framework: Framework,
    second_framework: Framework,
) -> StandardComparison:
    shown = second or first
    assert shown is not None
    first_level = _level(first_framework, first.rating) if first else None
    second_level = _level(second_framework, second.rating) if second else None
    other_name = ""
    if first is None or second is None:
        moved = NOT_COMPARABLE
    elif first.name != second.name:
        moved, other_name = NOT_COMPARABLE, first.name
    else:
        moved = movement(first_level, second_level)
    return StandardComparison(
        number=number,
        name=shown.name,
        other_name=other_name,
        first_rating=(first.rating or NOT_RATED) if first else ABSENT,
        second_rating=(second.rating or NOT_RATED) if second else ABSENT,
        first_score=first.score if first else None,
        second_score=second.score if second else None,
        movement=moved,
        score_change=score_change(first.score, second.score) if moved != NOT_COMPARABLE else "",
        counts_in_score=shown.counts_in_score,
    )


def compare_summaries(
    first: Summary, second: Summary, first_framework: Framework, second_framework: Framework
) -> Comparison:
    """Every standard of either audit, in number order, then the totals."""
    if first_framework.rating_names != second_framework.rating_names:
        raise NotComparable(
            "These audits rate on different scales ("
            + ", ".join(first_framework.rating_names)
            + "; "
            + ", ".join(second_framework.rating_names)
            + "), so their ratings cannot be compared"
        )
    firsts = {s.number: s for s in first.standards}
    seconds = {s.number: s for s in second.standards}
    numbers = sorted(firsts.keys() | seconds.keys(), key=_number_key)
    rows = tuple(
        _compare_standard(n, firsts.get(n), seconds.get(n), first_framework, second_framework)
        for n in numbers
    )
    total = TotalComparison(
        first_score=first.score,
        second_score=second.score,
        first_max=first.max_score,
        second_max=second.max_score,
        first_overall=first.overall or NOT_RATED,
        second_overall=second.overall or NOT_RATED,
        movement=movement(
            _level(first_framework, first.overall), _level(second_framework, second.overall)
        ),
        score_change=score_change(first.score, second.score),
    )
    return Comparison(rows, total)
