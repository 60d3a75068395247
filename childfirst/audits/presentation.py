"""An audit's results laid out as an inspection report prints them, for the results page,
the printable page (and its PDF) and the workbook: one source, so they always agree."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from childfirst.audits.models import StandardRating
from childfirst.audits.selectors import AuditResult
from childfirst.domain.inspection.framework import Method, Prompt
from childfirst.domain.inspection.ratings import Source, format_percentage


@dataclass(frozen=True)
class PromptRow:
    number: int
    text: str
    relevant: int
    yes: int
    percentage: str


@dataclass(frozen=True)
class QuestionRow:
    number: int
    text: str
    relevant: int
    yes: int
    percentage: str  # "87.5%", or "" when no case was relevant
    rating: str
    prompts: tuple[PromptRow, ...] = ()


@dataclass(frozen=True)
class StandardRows:
    number: str
    name: str
    domain: int
    judgement: bool
    counts_in_score: bool
    rating: str  # "" when not rated
    computed_rating: str
    score: int | None
    questions: tuple[QuestionRow, ...]
    discretion: tuple[str, ...]
    override_reason: str  # the lead auditor's reason for departing from the computed rating
    evidence: str  # judgement standards: the lead auditor's evidence


@dataclass(frozen=True)
class Summary:
    standards: tuple[StandardRows, ...]
    score: int | None
    max_score: int
    overall: str  # "" while any scored standard is not rated
    missing: tuple[str, ...]
    complete: bool
    answered: int
    expected: int
    cases: int
    unrated_judgements: tuple[str, ...]
    unfinished: int = 0
    unsettled: int = 0

    @property
    def case_standards(self) -> tuple[StandardRows, ...]:
        return tuple(s for s in self.standards if not s.judgement)


def _percentage(relevant: int, yes: int) -> str:
    return format_percentage(Fraction(yes, relevant)) if relevant else ""


def _prompts(
    found: AuditResult, standard: str, question: int, prompts: tuple[Prompt, ...]
) -> tuple[PromptRow, ...]:
    rows = []
    for number, prompt in enumerate(prompts, start=1):
        relevant, yes = found.prompt_counts.get((standard, question, number), (0, 0))
        rows.append(PromptRow(number, prompt.text, relevant, yes, _percentage(relevant, yes)))
    return tuple(rows)


def summarise(found: AuditResult, ratings: Mapping[str, StandardRating]) -> Summary:
    rows = []
    for result in found.result.standards:
        standard = result.standard
        judgement = standard.method is Method.JUDGEMENT
        given = ratings.get(standard.number)
        rows.append(
            StandardRows(
                number=standard.number,
                name=standard.name,
                domain=standard.domain_number,
                judgement=judgement,
                counts_in_score=standard.counts_in_score,
                rating=result.rating.name if result.rating else "",
                computed_rating=(
                    result.computed_rating.name
                    if result.computed_rating and result.source is Source.COMPUTED
                    else ""
                ),
                score=result.score,
                questions=tuple(
                    QuestionRow(
                        kq.question.number,
                        kq.question.text,
                        kq.count.relevant,
                        kq.count.yes,
                        format_percentage(kq.fraction) if kq.fraction is not None else "",
                        kq.rating.name if kq.rating else "",
                        _prompts(found, standard.number, kq.question.number, kq.question.prompts),
                    )
                    for kq in result.key_questions
                ),
                discretion=tuple(str(flag) for flag in result.discretion),
                override_reason=result.override.rationale if result.override else "",
                evidence=given.evidence if given and judgement else "",
            )
        )
    overall = found.result.overall
    return Summary(
        standards=tuple(rows),
        score=overall.score,
        max_score=overall.max_score,
        overall=overall.rating.name if overall.rating else "",
        missing=overall.missing,
        complete=found.complete,
        answered=found.answered,
        expected=found.expected,
        cases=found.cases,
        unrated_judgements=tuple(found.unrated_judgements),
        unfinished=found.unfinished,
        unsettled=found.unsettled,
    )
