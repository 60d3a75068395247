"""Ratings results as data (for JSON) and as a table a person can read."""

from __future__ import annotations

from typing import Any

from childfirst.domain.inspection.ratings import (
    InspectionResult,
    Source,
    StandardResult,
    format_percentage,
)


def _percentage(result: StandardResult) -> float | None:
    limiting = result.limiting
    if limiting is None or limiting.fraction is None:
        return None
    return round(float(limiting.fraction * 100), 1)


def standard_to_dict(result: StandardResult) -> dict[str, Any]:
    limiting = result.limiting
    return {
        "name": result.standard.name,
        "method": result.standard.method.value,
        "source": result.source.value,
        "counts_in_score": result.standard.counts_in_score,
        "rating": result.rating.name if result.rating else None,
        "computed_rating": result.computed_rating.name if result.computed_rating else None,
        "score": result.score,
        "lowest_percentage": _percentage(result),
        "lowest_key_question": (
            {
                "number": limiting.question.number,
                "text": limiting.question.text,
                "relevant": limiting.count.relevant,
                "yes": limiting.count.yes,
            }
            if limiting
            else None
        ),
        "key_questions": [
            {
                "number": kq.question.number,
                "text": kq.question.text,
                "pillar": kq.question.pillar.value if kq.question.pillar else None,
                "relevant": kq.count.relevant,
                "yes": kq.count.yes,
                "percentage": round(float(kq.fraction * 100), 1)
                if kq.fraction is not None
                else None,
                "rating": kq.rating.name if kq.rating else None,
            }
            for kq in result.key_questions
        ],
        "discretion": [str(flag) for flag in result.discretion],
        "override": (
            {"rating": result.override.rating.name, "rationale": result.override.rationale}
            if result.override
            else None
        ),
    }


def result_to_dict(result: InspectionResult) -> dict[str, Any]:
    """The ``--format json`` document of ``childfirst ratings``."""
    overall = result.overall
    return {
        "service": result.service,
        "framework": result.framework.id,
        "standards": {r.standard.number: standard_to_dict(r) for r in result.standards},
        "overall": {
            "score": overall.score,
            "max": overall.max_score,
            "rating": overall.rating.name if overall.rating else None,
            "missing": list(overall.missing),
        },
    }


def result_to_text(result: InspectionResult) -> str:
    """A plain-text table: each standard, its rating, lowest key question, flags; the total."""
    lines: list[str] = []
    title = result.service or "Ratings"
    lines.append(f"{title} ({result.framework.id})")
    lines.append("")
    header = f"{'Standard':<44} {'Rating':<21} {'Lowest key question':<22}"
    lines.append(header)
    lines.append("-" * len(header))
    current_domain = None
    for r in result.standards:
        domain = r.standard.domain_number
        if domain != current_domain:
            name = next(d.name for d in result.framework.domains if d.number == domain)
            lines.append(f"{domain}. {name}")
            current_domain = domain
        label = f"  {r.standard.number} {r.standard.name}"
        rating = r.rating.name if r.rating else "Not rated"
        limiting = r.limiting
        if limiting is not None and limiting.fraction is not None:
            lowest = (
                f"KQ{limiting.question.number} {limiting.count.yes}/{limiting.count.relevant} "
                f"{format_percentage(limiting.fraction)}"
            )
        elif r.source is Source.GIVEN:
            lowest = "(judgement)" if r.standard.method.value == "judgement" else "(given)"
        else:
            lowest = ""
        suffix = "" if r.standard.counts_in_score else "  [not in the score]"
        lines.append(f"{label:<44} {rating:<21} {lowest:<22}{suffix}".rstrip())
        if r.override:
            computed = r.computed_rating.name if r.computed_rating else "Not rated"
            lines.append(
                f"      Panel override: {r.override.rating.name} (computed {computed}). "
                f"Rationale: {r.override.rationale}"
            )
        for flag in r.discretion:
            lines.append(f"      Discretion {flag}")
    lines.append("")
    overall = result.overall
    if overall.missing:
        lines.append(
            f"Score: not given - {len(overall.missing)} standard(s) not rated: "
            f"{', '.join(overall.missing)}"
        )
        lines.append("Overall rating: not rated")
    else:
        assert overall.rating is not None
        lines.append(f"Score: {overall.score}/{overall.max_score}")
        lines.append(f"Overall rating: {overall.rating.name}")
    return "\n".join(lines) + "\n"
