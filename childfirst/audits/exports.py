"""An audit's results as an .xlsx workbook, laid out as an inspection report's tables.

Sheets (the layout is described for users in ``docs/audits/exports.md``):

- **Summary**: every standard with its rating and score, then the score out of the
  maximum and the overall rating, with a "Provisional" note while work is under way;
- one sheet per case standard, named by its number ("2.1"): each key question with its
  relevant cases, number 'Yes', percentage and rating, its prompts indented beneath it,
  then the standard's rating and the professional-discretion flags (HMIP Annexe 1);
- **Case answers**: one row per sampled case and key question or prompt, with the
  answer as it stands (the lead auditor's decision, where a disagreement was settled,
  over the case auditor's answer), the evidence and any relevance reason.

Board members (summary scope) get the Summary sheet only. The figures come from the same
:class:`~childfirst.audits.presentation.Summary` as the results page, so they agree.
The workbook is written whole with openpyxl, as the KPI return is
(``childfirst/performance/exports.py``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from childfirst.audits.models import Answer, Audit, AuditCase, Settlement
from childfirst.audits.permissions import Scope
from childfirst.audits.presentation import StandardRows, Summary
from childfirst.audits.selectors import framework_of
from childfirst.domain.inspection.audit import case_standards
from childfirst.domain.inspection.framework import CaseType, Framework
from childfirst.ui.spreadsheets import workbook_bytes

QUESTION_HEADER = ("Question", "Relevant cases", "Number 'Yes'", "Percentage", "Rating")
CASE_HEADER = (
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
NOT_ANSWERED = "Not answered"
CASE_AUDITOR = "Case auditor"
LEAD_DECISION = "Lead auditor's decision"
RESTRICTED = "Restricted record"
PERCENT_FORMAT = "0.0%"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class CaseAnswerRow:
    """One case's answer to one key question (``prompt`` 0) or prompt, as it stands."""

    case_type: str  # "Court disposal" or "Out-of-court disposal"
    child_reference: str
    auditor: str
    standard: str
    question: int
    prompt: int
    text: str
    answer: str  # "Yes", "No", "Not relevant" or "Not answered"
    source: str  # "Case auditor" or "Lead auditor's decision" ("" when not answered)
    evidence: str
    relevance_reason: str
    rationale: str  # the lead auditor's reason, where the answer is a settlement


def case_answer_rows(
    cases: Sequence[AuditCase], framework: Framework, visible: Collection[int]
) -> list[CaseAnswerRow]:
    """Every key question and prompt of every case's standards, in the framework's
    order, with the answer that stands. The case auditor's answers are read (never the
    moderator's blind second answers); a settlement replaces a key-question answer.
    For a child whose record the reader may not open (``visible`` holds the child ids
    they may), the reference, evidence and reasons are withheld but the answer is kept,
    so the counts can still be traced."""
    ids = [c.pk for c in cases]
    answers = {
        (a.case_id, a.standard, a.question, a.prompt): a
        for a in Answer.objects.filter(case_id__in=ids, moderation=False)
    }
    settled = {
        (s.case_id, s.standard, s.question): s for s in Settlement.objects.filter(case_id__in=ids)
    }
    labels = dict(Answer._meta.get_field("answer").choices or [])
    rows: list[CaseAnswerRow] = []
    for case in cases:
        open_record = case.child_id in visible
        auditor = str(case.auditor) if case.auditor else ""
        for standard in case_standards(framework, CaseType(case.case_type)):
            for kq in standard.key_questions:
                items = [(0, kq.text)] + [(n, p.text) for n, p in enumerate(kq.prompts, 1)]
                for prompt, text in items:
                    given = answers.get((case.pk, standard.number, kq.number, prompt))
                    settlement = (
                        settled.get((case.pk, standard.number, kq.number)) if prompt == 0 else None
                    )
                    if settlement is not None:
                        value, source = settlement.answer, LEAD_DECISION
                    elif given is not None:
                        value, source = given.answer, CASE_AUDITOR
                    else:
                        value, source = "", ""
                    rows.append(
                        CaseAnswerRow(
                            case_type=case.get_case_type_display(),
                            child_reference=case.child.reference if open_record else RESTRICTED,
                            auditor=auditor,
                            standard=standard.number,
                            question=kq.number,
                            prompt=prompt,
                            text=text,
                            answer=str(labels.get(value, NOT_ANSWERED)),
                            source=source,
                            evidence=given.evidence if given and open_record else "",
                            relevance_reason=(
                                given.relevance_reason if given and open_record else ""
                            ),
                            rationale=settlement.rationale if settlement and open_record else "",
                        )
                    )
    return rows


def _fraction(relevant: int, yes: int) -> float | None:
    return yes / relevant if relevant else None


def provisional_note(summary: Summary) -> str:
    """Why the ratings are not yet final ("" once they are)."""
    if summary.complete:
        return ""
    parts = [f"{summary.answered} of {summary.expected} key-question answers are in"]
    if summary.unfinished:
        parts.append(f"{summary.unfinished} case{'s' * (summary.unfinished != 1)} not yet finished")
    if summary.unsettled:
        parts.append(f"{summary.unsettled} disagreement{'s' * (summary.unsettled != 1)} to settle")
    if summary.unrated_judgements:
        parts.append("not yet rated: " + ", ".join(summary.unrated_judgements))
    return "Provisional: work is under way (" + "; ".join(parts) + ")"


def _heading(sheet: Worksheet, audit: Audit, framework: Framework, scope: Scope) -> None:
    sheet.append([audit.name])
    sheet["A1"].font = TITLE
    sheet.append([framework.title])
    day = audit.fieldwork_date
    sheet.append([f"Fieldwork: {day.day} {day:%B %Y}"])
    if scope is Scope.TEAMS:
        sheet.append(["Worked out from the sampled cases of your teams' children only"])


def _summary_sheet(
    book: Workbook, audit: Audit, summary: Summary, framework: Framework, scope: Scope
) -> None:
    sheet = book.create_sheet("Summary")
    _heading(sheet, audit, framework, scope)
    sheet.append([f"Sampled cases: {summary.cases}"])
    note = provisional_note(summary)
    if note:
        sheet.append([note])
        sheet.cell(sheet.max_row, 1).font = BOLD
    sheet.append([])
    sheet.append(["Standard", "Name", "Rating", "Score", "Notes"])
    header = sheet.max_row
    for cell in sheet[header]:
        cell.font = BOLD
    for row in summary.standards:
        notes = []
        if not row.counts_in_score:
            notes.append("Rated separately: not in the score")
        if row.override_reason:
            notes.append(
                f"The lead auditor departed from the rating worked out from the key "
                f"questions: {row.override_reason}"
            )
        if row.evidence:
            notes.append(row.evidence)
        sheet.append([row.number, row.name, row.rating or "Not rated", row.score, "\n".join(notes)])
        sheet.cell(sheet.max_row, 5).alignment = WRAP
    sheet.append([])
    sheet.append(["Score", "", "", summary.score])
    sheet.cell(sheet.max_row, 1).font = BOLD
    sheet.append(["Out of", "", "", summary.max_score])
    overall = summary.overall or "Not rated"
    if summary.missing:
        overall += " (not yet rated: " + ", ".join(summary.missing) + ")"
    sheet.append(["Overall rating", "", overall])
    sheet.cell(sheet.max_row, 1).font = BOLD
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 44
    sheet.column_dimensions["C"].width = 24
    sheet.column_dimensions["D"].width = 8
    sheet.column_dimensions["E"].width = 70
    sheet.freeze_panes = sheet.cell(header + 1, 1)


def _standard_sheet(book: Workbook, row: StandardRows, scope: Scope) -> None:
    sheet = book.create_sheet(row.number)
    sheet.append([f"{row.number} {row.name}"])
    sheet["A1"].font = TITLE
    if scope is Scope.TEAMS:
        sheet.append(["Worked out from the sampled cases of your teams' children only"])
    sheet.append([])
    sheet.append(list(QUESTION_HEADER))
    header = sheet.max_row
    for cell in sheet[header]:
        cell.font = BOLD
        cell.alignment = WRAP
    if not row.questions:
        sheet.append(["Not rated: no sampled case of this type"])
    for question in row.questions:
        sheet.append(
            [
                f"{question.number}. {question.text}",
                question.relevant,
                question.yes,
                _fraction(question.relevant, question.yes),
                question.rating or "No relevant case",
            ]
        )
        sheet.cell(sheet.max_row, 1).font = BOLD
        _format_counts(sheet, indent=0)
        for prompt in question.prompts:
            sheet.append(
                [
                    f"Prompt {prompt.number}: {prompt.text}",
                    prompt.relevant,
                    prompt.yes,
                    _fraction(prompt.relevant, prompt.yes),
                ]
            )
            _format_counts(sheet, indent=2)
    sheet.append([])
    sheet.append(["Rating", row.rating or "Not rated"])
    sheet.cell(sheet.max_row, 1).font = BOLD
    if row.computed_rating and row.computed_rating != row.rating:
        sheet.append(["Rating worked out from the key questions", row.computed_rating])
    if row.override_reason:
        sheet.append(["Lead auditor's reason for departing from it", row.override_reason])
    if row.discretion:
        sheet.append([])
        sheet.append(["Professional discretion to consider (HMIP Annexe 1)"])
        sheet.cell(sheet.max_row, 1).font = BOLD
        for flag in row.discretion:
            sheet.append([flag])
            sheet.cell(sheet.max_row, 1).alignment = WRAP
    sheet.column_dimensions["A"].width = 90
    for letter in "BCD":
        sheet.column_dimensions[letter].width = 14
    sheet.column_dimensions["E"].width = 24
    sheet.freeze_panes = sheet.cell(header + 1, 2)


def _format_counts(sheet: Worksheet, indent: int) -> None:
    """The question text wrapped (prompts indented), the percentage as a percentage."""
    sheet.cell(sheet.max_row, 1).alignment = Alignment(
        wrap_text=True, vertical="top", indent=indent
    )
    sheet.cell(sheet.max_row, 4).number_format = PERCENT_FORMAT


def _case_sheet(book: Workbook, rows: Iterable[CaseAnswerRow]) -> None:
    sheet = book.create_sheet("Case answers")
    sheet.append(list(CASE_HEADER))
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = WRAP
    for r in rows:
        sheet.append(
            [
                r.case_type,
                r.child_reference,
                r.auditor,
                r.standard,
                r.question,
                r.prompt or None,
                r.text,
                r.answer,
                r.source,
                r.evidence,
                r.relevance_reason,
                r.rationale,
            ]
        )
    widths = (22, 16, 22, 10, 12, 8, 70, 14, 22, 60, 40, 40)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def results_workbook(
    audit: Audit,
    summary: Summary,
    case_rows: Iterable[CaseAnswerRow],
    scope: Scope,
    framework: Framework | None = None,
) -> bytes:
    """The workbook as bytes. ``scope`` decides what it holds: the Summary sheet alone
    for board members; with the key-question sheets and case answers for everyone else
    (``summary`` and ``case_rows`` already limited to a team manager's teams)."""
    framework = framework or framework_of(audit)
    book = Workbook()
    book.remove(book.active)
    _summary_sheet(book, audit, summary, framework, scope)
    if scope is not Scope.SUMMARY:
        for row in summary.case_standards:
            _standard_sheet(book, row, scope)
        _case_sheet(book, case_rows)
    book.properties.title = f"{audit.name}: results"
    return workbook_bytes(book)


def workbook_filename(audit: Audit) -> str:
    return f"audit-{audit.pk}-results.xlsx"
