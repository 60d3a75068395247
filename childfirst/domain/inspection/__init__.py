"""HM Inspectorate of Probation's youth inspection rules: frameworks, ratings, sampling."""

from childfirst.domain.inspection.framework import (
    CaseType,
    Framework,
    FrameworkError,
    KeyQuestion,
    Method,
    RatingLevel,
    Standard,
    available_frameworks,
    load_framework,
)
from childfirst.domain.inspection.ratings import (
    DiscretionFlag,
    InspectionResult,
    KeyQuestionCount,
    Override,
    Source,
    StandardResult,
    format_percentage,
    limiting_rating,
    rate_inspection,
    rate_standard,
)
from childfirst.domain.inspection.sampling import (
    EligibleCase,
    court_sample_size,
    out_of_court_sample_size,
    plan_samples,
    stratified_sample,
)
from childfirst.domain.inspection.submission import Submission, SubmissionError, parse_submission

__all__ = [
    "CaseType",
    "DiscretionFlag",
    "EligibleCase",
    "Framework",
    "FrameworkError",
    "InspectionResult",
    "KeyQuestion",
    "KeyQuestionCount",
    "Method",
    "Override",
    "RatingLevel",
    "Source",
    "Standard",
    "StandardResult",
    "Submission",
    "SubmissionError",
    "available_frameworks",
    "court_sample_size",
    "format_percentage",
    "limiting_rating",
    "load_framework",
    "out_of_court_sample_size",
    "parse_submission",
    "plan_samples",
    "rate_inspection",
    "rate_standard",
    "stratified_sample",
]
