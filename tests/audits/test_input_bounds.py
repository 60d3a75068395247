"""The audit forms' text has a limit and their dates a plausible range (issue 12, finding 9)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from childfirst.audits.forms import AnswerForm, AuditForm, RatingForm
from childfirst.domain.inspection import load_framework
from childfirst.domain.inspection.relevance import CaseFacts
from tests.audits.conftest import FRAMEWORK_ID

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def answer_form(data):
    framework = load_framework(FRAMEWORK_ID)
    standard = framework.domains[0].standards[0]
    return AnswerForm(data, framework=framework, standard=standard, facts=CaseFacts(), saved={})


def test_the_evidence_for_an_answer_is_limited_and_says_so():
    form = answer_form({"q1_evidence": "e" * 20_001, "q1_reason": "r" * 20_001})
    assert "You can enter up to 20,000 characters." in form.fields["q1_evidence"].help_text
    assert not form.is_valid()
    assert form.errors["q1_evidence"] == ["Evidence must be 20,000 characters or fewer"]
    assert form.errors["q1_reason"] == [
        "The reason your answer differs must be 20,000 characters or fewer"
    ]
    ok = answer_form({"q1_evidence": "e" * 20_000})
    ok.is_valid()
    assert "q1_evidence" not in ok.errors


def test_a_ratings_evidence_is_limited():
    framework = load_framework(FRAMEWORK_ID)
    form = RatingForm(
        {"rating": framework.ratings[0].name, "evidence": "e" * 20_001},
        framework=framework,
        judgement=False,
    )
    assert not form.is_valid()
    assert "must be 20,000 characters or fewer" in form.errors["evidence"][0]


def date_parts(day: dt.date) -> dict[str, str]:
    return {
        "fieldwork_date_0": str(day.day),
        "fieldwork_date_1": str(day.month),
        "fieldwork_date_2": str(day.year),
    }


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(2017, 12, 31), "The fieldwork date must be in 2018 or later"),
        (TODAY + dt.timedelta(days=731), "the furthest a date may be planned ahead"),
        (dt.date(9999, 12, 31), "the furthest a date may be planned ahead"),
    ],
)
def test_the_fieldwork_date_has_a_plausible_range(lead, day, message):
    form = AuditForm({"name": "Audit", **date_parts(day)}, lead=lead)
    assert not form.is_valid()
    assert message in form.errors["fieldwork_date"][0]


def test_a_fieldwork_date_within_the_range_is_taken(lead):
    form = AuditForm({"name": "Audit", **date_parts(TODAY + dt.timedelta(days=730))}, lead=lead)
    form.is_valid()
    assert "fieldwork_date" not in form.errors
