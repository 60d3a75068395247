"""What a document's file is, by its content, never its name; and its name made safe
(``childfirst/casework/files.py``). No database: these are plain functions."""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from childfirst.casework import files
from tests.casework import document_files as samples


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (samples.PDF, files.PDF),
        (samples.DOCX, files.DOCX),
        (samples.DOC, files.DOC),
        (samples.PNG, files.PNG),
        (samples.JPEG, files.JPEG),
        (samples.GIF, files.GIF),
    ],
)
def test_each_accepted_type_is_known_by_its_content(content, kind):
    assert files.detect(content) is kind


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(samples.EXE, id="a Windows program"),
        pytest.param(samples.HTML, id="a web page"),
        pytest.param(samples.SVG, id="an SVG drawing, which can hold script"),
        pytest.param(samples.ZIP, id="a zip that is not a Word document"),
        pytest.param(samples.XLS, id="an Excel 97 workbook (a compound file, no WordDocument)"),
        pytest.param(samples.DOC[:600], id="a compound file cut short"),
        pytest.param(b"PK\x03\x04 not really a zip", id="a broken zip"),
        pytest.param(b"\x89PNG\r\n\x1a\n", id="a PNG signature alone"),
        pytest.param(b"  %PDF-1.4", id="a PDF header not at the start"),
        pytest.param(b"Dear Sir or Madam,\n", id="plain text"),
        pytest.param(b"", id="nothing"),
    ],
)
def test_anything_else_is_refused_naming_the_accepted_types(content):
    with pytest.raises(files.NotAccepted) as refused:
        files.detect(content)
    assert str(refused.value) == (
        "The selected file must be a PDF, a Word document (.docx or .doc), "
        "or a PNG, JPEG or GIF image"
    )


def test_a_spreadsheet_is_not_a_word_document():
    """A real .xlsx, as Excel writes it: a zip of the same family as .docx."""
    buffer = io.BytesIO()
    Workbook().save(buffer)
    with pytest.raises(files.NotAccepted, match="must be a PDF, a Word document"):
        files.detect(buffer.getvalue())


def test_a_word_document_with_macros_is_refused_saying_why():
    with pytest.raises(files.NotAccepted, match="Word document with macros"):
        files.detect(samples.DOCM)


def test_a_compound_file_lists_its_streams():
    assert files.compound_file_streams(samples.DOC) == {"Root Entry", "WordDocument"}
    assert files.compound_file_streams(samples.XLS) == {"Root Entry", "Workbook"}
    assert files.compound_file_streams(samples.DOC[:520]) <= {"Root Entry", "WordDocument"}


@given(st.binary(max_size=2048))
def test_no_bytes_break_the_detector(data):
    """Whatever arrives, the answer is a type or a refusal, never a crash."""
    for content in (data, files.OLE_SIGNATURE + data, b"PK\x03\x04" + data):
        with contextlib.suppress(files.NotAccepted):
            assert files.detect(content) in files.ACCEPTED


class Upload:
    def __init__(self, content: bytes, name: str = "file.pdf", size: int | None = None):
        self.content, self.name = content, name
        self.size = len(content) if size is None else size

    def chunks(self):
        yield self.content


def test_an_upload_is_checked_for_emptiness_size_and_type():
    checked = files.check_upload(Upload(samples.PNG, "C:\\Users\\sam\\photo.png"), 10_000)
    assert checked.kind is files.PNG
    assert checked.name == "photo.png"
    assert checked.data == samples.PNG
    assert len(checked.sha256) == 64
    with pytest.raises(files.NotAccepted, match=r"^The selected file is empty$"):
        files.check_upload(Upload(b""), 10_000)
    with pytest.raises(files.NotAccepted, match=r"^The selected file must be 1 KB or smaller$"):
        files.check_upload(Upload(samples.PDF + b" " * 2000), 1024)
    with pytest.raises(files.NotAccepted, match="must be a PDF"):
        files.check_upload(Upload(samples.HTML, "page.png"), 10_000)


def test_a_file_claiming_to_be_too_big_is_refused_before_it_is_read():
    class Unreadable(Upload):
        def chunks(self):
            raise AssertionError("read, though its size was already too big")

    with pytest.raises(files.NotAccepted, match="10 MB or smaller"):
        files.check_upload(Unreadable(b"", size=11 * 1024 * 1024), 10 * 1024 * 1024)


@pytest.mark.parametrize(
    ("uploaded", "kept"),
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\sam\\Desktop\\letter.docx", "letter.docx"),
        ("line\nbreak\r\n.pdf", "line break .pdf"),
        ("report\u202efdp.exe", "report fdp.exe"),  # a right-to-left override, gone
        ("tab\there\x00.pdf", "tab here .pdf"),
        ('Zoë\'s "court" report.pdf', 'Zoë\'s "court" report.pdf'),
        ("   ..hidden.pdf  ", "hidden.pdf"),
        ("", "document"),
        ("...", "document"),
        ("a" * 300 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_file_names_are_made_safe_to_show(uploaded, kept):
    assert files.clean_filename(uploaded) == kept
    assert len(files.clean_filename(uploaded)) <= files.NAME_LENGTH


def test_a_download_is_named_for_what_it_really_is():
    assert files.download_name("report.pdf", files.PDF) == "report.pdf"
    assert files.download_name("report.PDF", files.PDF) == "report.PDF"
    assert files.download_name("photo.jpeg", files.JPEG) == "photo.jpeg"
    assert files.download_name("report.exe", files.PDF) == "report.exe.pdf"
    assert files.download_name("scan", files.PNG) == "scan.png"


@pytest.mark.parametrize(
    ("size", "words"),
    [
        (1, "1 byte"),
        (812, "812 bytes"),
        (1023, "1,023 bytes"),
        (1024, "1 KB"),
        (14 * 1024 + 100, "14 KB"),
        (int(2.5 * 1024 * 1024), "2.5 MB"),
        (10 * 1024 * 1024, "10 MB"),
    ],
)
def test_sizes_read_as_people_say_them(size, words):
    assert files.format_size(size) == words
