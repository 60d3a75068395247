"""Files for the documents tests, written byte by byte (nothing downloaded, no library):
the smallest PDF, Word documents (.docx built with zipfile, .doc as an OLE2 compound
file), images, and things that must be refused whatever they are called. And
``add_document(...)``: a document put on a child's record through the service.

    add_document(child=child, by=practitioner, content=PDF, name="report.pdf")
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


#: A real 1 by 1 pixel PNG: the signature, IHDR, one row of image data, IEND.
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    + _png_chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
    + _png_chunk(b"IEND", b"")
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"

#: A Windows program (the ``MZ`` header) that someone might name ``report.pdf``.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
HTML = b"<!DOCTYPE html><html><body><script>alert('hello')</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert('hello')</script></svg>"
)


def zip_of(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


_WORD_PARTS = {
    "[Content_Types].xml": (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" '
        b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    ),
    "_rels/.rels": (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    ),
    "word/document.xml": (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>Referral to the youth justice service</w:t></w:r></w:p>"
        b"</w:body></w:document>"
    ),
}
DOCX = zip_of(_WORD_PARTS)
#: A Word document with macros (a .docm), renamed .docx.
DOCM = zip_of({**_WORD_PARTS, "word/vbaProject.bin": b"\xd0\xcf\x11\xe0macros"})
#: A zip that is not a Word document.
ZIP = zip_of({"notes.txt": b"Not a Word document"})

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def _directory_entry(name: str, kind: int, start: int = _END, size: int = 0) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    entry = bytearray(128)
    entry[: len(encoded)] = encoded
    struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1)
    struct.pack_into("<III", entry, 68, _FREE, _FREE, 1 if kind == 5 else _FREE)
    struct.pack_into("<IQ", entry, 116, start, size)
    return bytes(entry)


def compound_file(stream: str) -> bytes:
    """An OLE2 compound file ([MS-CFB], version 3, 512-byte sectors) with a root and
    one stream named ``stream``: sector 0 is the FAT, 1 the directory, 2 the stream."""
    header = bytearray(512)
    header[:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    struct.pack_into("<109I", header, 76, 0, *([_FREE] * 108))
    fat = struct.pack("<128I", _FAT, _END, _END, *([_FREE] * 125))
    directory = (
        _directory_entry("Root Entry", 5)
        + _directory_entry(stream, 2, start=2, size=512)
        + bytes(256)
    )
    data = b"Text of the document".ljust(512, b"\0")
    return bytes(header) + fat + directory + data


#: A Word 97 to 2003 document: a compound file with a ``WordDocument`` stream.
DOC = compound_file("WordDocument")
#: An Excel 97 to 2003 workbook: the same signature, but no ``WordDocument``.
XLS = compound_file("Workbook")


def upload(content: bytes, name: str = "report.pdf", claimed: str = "") -> SimpleUploadedFile:
    """A file as a browser would send it, with the type it claims (anything)."""
    return SimpleUploadedFile(name, content, content_type=claimed or "application/pdf")


def add_document(
    *,
    child: Any,
    by: Any,
    content: bytes = PDF,
    name: str = "report.pdf",
    title: str = "Pre-sentence report",
    category: str = "court_report",
    date: dt.date | None = None,
    **data: Any,
) -> Any:
    """A document on ``child``'s record, added by ``by`` through the service."""
    from childfirst.casework.services.documents import add_document as add

    return add(
        actor=by,
        child=child,
        data={
            "file": upload(content, name),
            "title": title,
            "category": category,
            "date": date or dt.date.today() - dt.timedelta(days=3),
            **data,
        },
    )
