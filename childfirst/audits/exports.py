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
The workbook is written with openpyxl in write-only mode, each row as it is made, through
``childfirst.ui.spreadsheets`` (which keeps people's text as text).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from childfirst.audits.models import Answer, Audit, AuditCase, Settlement
from childfirst.audits.permissions import Scope
from childfirst.audits.presentation import StandardRows, Summary
from childfirst.audits.selectors import framework_of
from childfirst.domain.inspection.audit import case_standards
from childfirst.domain.inspection.framework import CaseType, Framework
from childfirst.ui.spreadsheets import styled, workbook_bytes, write_only_sheet

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
#: A key question's text wrapped, a prompt's wrapped and indented beneath it.
INDENT = {n: Alignment(wrap_text=True, vertical="top", indent=n) for n in (0, 2)}


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
    # Plain values, not model instances: a demo audit has some 14,000 answers.
    answers = {
        (case_id, standard, question, prompt): (value, evidence, reason)
        for case_id, standard, question, prompt, value, evidence, reason in Answer.objects.filter(
            case_id__in=ids, moderation=False
        ).values_list(
            "case_id", "standard", "question", "prompt", "answer", "evidence", "relevance_reason"
        )
    }
    settled = {
        (case_id, standard, question): (value, rationale)
        for case_id, standard, question, value, rationale in Settlement.objects.filter(
            case_id__in=ids
        ).values_list("case_id", "standard", "question", "answer", "rationale")
    }
    labels = {k: str(v) for k, v in (Answer._meta.get_field("answer").choices or [])}
    # Each case type's questions and prompts, in order, worked out once.
    items: dict[str, list[tuple[str, int, int, str]]] = {}
    for case_type in CaseType:
        items[case_type.value] = [
            (standard.number, kq.number, prompt, text)
            for standard in case_standards(framework, case_type)
            for kq in standard.key_questions
            for prompt, text in [(0, kq.text)] + [(n, p.text) for n, p in enumerate(kq.prompts, 1)]
        ]
    no_answer = ("", "", "")
    rows: list[CaseAnswerRow] = []
    for case in cases:
        open_record = case.child_id in visible
        auditor = str(case.auditor) if case.auditor else ""
        case_type = case.get_case_type_display()
        reference = case.child.reference if open_record else RESTRICTED
        for standard, question, prompt, text in items[case.case_type]:
            given = answers.get((case.pk, standard, question, prompt))
            settlement = settled.get((case.pk, standard, question)) if prompt == 0 else None
            if settlement is not None:
                value, source = settlement[0], LEAD_DECISION
            elif given is not None:
                value, source = given[0], CASE_AUDITOR
            else:
                value, source = "", ""
            _, evidence, reason = given if given is not None and open_record else no_answer
            rows.append(
                CaseAnswerRow(
                    case_type=case_type,
                    child_reference=reference,
                    auditor=auditor,
                    standard=standard,
                    question=question,
                    prompt=prompt,
                    text=text,
                    answer=labels.get(value, NOT_ANSWERED),
                    source=source,
                    evidence=evidence,
                    relevance_reason=reason,
                    rationale=settlement[1] if settlement and open_record else "",
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


Row = list[Any]


def _heading(
    sheet: WriteOnlyWorksheet, audit: Audit, framework: Framework, scope: Scope
) -> list[Row]:
    day = audit.fieldwork_date
    rows: list[Row] = [
        [styled(sheet, audit.name, font=TITLE)],
        [framework.title],
        [f"Fieldwork: {day.day} {day:%B %Y}"],
    ]
    if scope is Scope.TEAMS:
        rows.append(["Worked out from the sampled cases of your teams' children only"])
    return rows


def _bold(sheet: WriteOnlyWorksheet, values: Sequence[Any], wrap: bool = False) -> Row:
    """A header row: each value bold (and wrapped, with ``wrap``)."""
    alignment = WRAP if wrap else None
    return [styled(sheet, value, font=BOLD, alignment=alignment) for value in values]


def _write(sheet: WriteOnlyWorksheet, rows: Iterable[Row]) -> None:
    for row in rows:
        sheet.append(row)


def _summary_sheet(
    book: Workbook, audit: Audit, summary: Summary, framework: Framework, scope: Scope
) -> None:
    sheet = write_only_sheet(book, "Summary")
    rows = _heading(sheet, audit, framework, scope)
    rows.append([f"Sampled cases: {summary.cases}"])
    note = provisional_note(summary)
    if note:
        rows.append([styled(sheet, note, font=BOLD)])
    rows.append([])
    rows.append(_bold(sheet, ["Standard", "Name", "Rating", "Score", "Notes"]))
    header = len(rows)
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
        rows.append(
            [
                row.number,
                row.name,
                row.rating or "Not rated",
                row.score,
                styled(sheet, "\n".join(notes), alignment=WRAP),
            ]
        )
    rows.append([])
    rows.append([styled(sheet, "Score", font=BOLD), "", "", summary.score])
    rows.append(["Out of", "", "", summary.max_score])
    overall = summary.overall or "Not rated"
    if summary.missing:
        overall += " (not yet rated: " + ", ".join(summary.missing) + ")"
    rows.append([styled(sheet, "Overall rating", font=BOLD), "", overall])
    for letter, width in zip("ABCDE", (16, 44, 24, 8, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{header + 1}"
    _write(sheet, rows)


def _standard_sheet(book: Workbook, row: StandardRows, scope: Scope) -> None:
    sheet = write_only_sheet(book, row.number)
    rows: list[Row] = [[styled(sheet, f"{row.number} {row.name}", font=TITLE)]]
    if scope is Scope.TEAMS:
        rows.append(["Worked out from the sampled cases of your teams' children only"])
    rows.append([])
    rows.append(_bold(sheet, QUESTION_HEADER, wrap=True))
    header = len(rows)
    if not row.questions:
        rows.append(["Not rated: no sampled case of this type"])
    for question in row.questions:
        rows.append(
            [
                styled(
                    sheet, f"{question.number}. {question.text}", font=BOLD, alignment=INDENT[0]
                ),
                question.relevant,
                question.yes,
                _percent(sheet, question.relevant, question.yes),
                question.rating or "No relevant case",
            ]
        )
        for prompt in question.prompts:
            rows.append(
                [
                    styled(sheet, f"Prompt {prompt.number}: {prompt.text}", alignment=INDENT[2]),
                    prompt.relevant,
                    prompt.yes,
                    _percent(sheet, prompt.relevant, prompt.yes),
                ]
            )
    rows.append([])
    rows.append([styled(sheet, "Rating", font=BOLD), row.rating or "Not rated"])
    if row.computed_rating and row.computed_rating != row.rating:
        rows.append(["Rating worked out from the key questions", row.computed_rating])
    if row.override_reason:
        rows.append(["Lead auditor's reason for departing from it", row.override_reason])
    if row.discretion:
        rows.append([])
        rows.append(
            [styled(sheet, "Professional discretion to consider (HMIP Annexe 1)", font=BOLD)]
        )
        rows.extend([styled(sheet, flag, alignment=WRAP)] for flag in row.discretion)
    sheet.column_dimensions["A"].width = 90
    for letter in "BCD":
        sheet.column_dimensions[letter].width = 14
    sheet.column_dimensions["E"].width = 24
    sheet.freeze_panes = f"B{header + 1}"
    _write(sheet, rows)


def _percent(sheet: WriteOnlyWorksheet, relevant: int, yes: int) -> Any:
    """The percentage 'Yes' as a percentage (the cell formatted even when empty)."""
    return styled(sheet, _fraction(relevant, yes), number_format=PERCENT_FORMAT)


def _case_sheet(book: Workbook, rows: Iterable[CaseAnswerRow]) -> None:
    sheet = write_only_sheet(book, "Case answers")
    widths = (22, 16, 22, 10, 12, 8, 70, 14, 22, 60, 40, 40)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(_bold(sheet, CASE_HEADER, wrap=True))
    count = 0
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
        count += 1
    # The filter's range is written after the rows, so it can be set once they are in.
    last = chr(ord("A") + len(CASE_HEADER) - 1)
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"


def results_workbook(
    audit: Audit,
    summary: Summary,
    case_rows: Iterable[CaseAnswerRow],
    scope: Scope,
    framework: Framework | None = None,
) -> bytes:
    """The workbook as bytes. ``scope`` decides what it holds: the Summary sheet alone
    for board members; with the key-question sheets and case answers for everyone else
    (``summary`` and ``case_rows`` already limited to a team manager's teams). Written
    in openpyxl's write-only mode: each row goes straight to the file, styled as it
    goes (a demo audit's Case answers sheet has some 160,000 cells)."""
    framework = framework or framework_of(audit)
    book = Workbook(write_only=True)
    _summary_sheet(book, audit, summary, framework, scope)
    if scope is not Scope.SUMMARY:
        for row in summary.case_standards:
            _standard_sheet(book, row, scope)
        _case_sheet(book, case_rows)
    book.properties.title = f"{audit.name}: results"
    return workbook_bytes(book)


def workbook_filename(audit: Audit) -> str:
    return f"audit-{audit.pk}-results.xlsx"
