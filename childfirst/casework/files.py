"""Documents on a child's record: what a file is, judged by its content; its name made
safe to show and to send back; its size in words.

**The type comes from the bytes, never from the name or what the browser said.** An
``.exe`` renamed ``.pdf``, a web page renamed ``.png``, a zip that is not a Word
document or an SVG drawing (which can carry script) is refused, whatever it is called.
The accepted types and their signatures, from each format's own specification:

- PDF: the header ``%PDF-`` (ISO 32000-1, 7.5.2), at the very start of the file;
- Word (.docx): a zip (``PK\\x03\\x04``) holding ``[Content_Types].xml`` and
  ``word/document.xml`` (ECMA-376 Part 2, Open Packaging Conventions; Part 1, 11.3.10);
  a document with macros (``word/vbaProject.bin``, a .docm renamed) is refused;
- Word (.doc): an OLE2 compound file (``D0 CF 11 E0 A1 B1 1A E1``, [MS-CFB] 2.2) with
  a ``WordDocument`` stream ([MS-DOC] 2.1.1); Excel and Outlook files share the
  compound file's signature, so the directory is read to find the stream;
- PNG: the 8-byte signature and an ``IHDR`` chunk first (RFC 2083, 3.1 and 4.1.1);
- JPEG: ``FF D8 FF``, the start-of-image marker and the next marker (ITU T.81, B.1.1.3);
- GIF: ``GIF87a`` or ``GIF89a``.

Why no library: python-magic needs the C library libmagic on every server, and its
answers change with the libmagic installed; filetype and puremagic guess from the
first bytes alone, which cannot tell a Word document from any other zip or compound
file. The set accepted is small and each signature is published, so it is checked
here, with the standard library's :mod:`zipfile` and :mod:`struct`.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Protocol


@dataclass(frozen=True)
class FileType:
    """A kind of file a document may be: the content type it is stored and served with,
    its name for people, and the extensions a file of its kind is named with."""

    content_type: str
    label: str
    extensions: tuple[str, ...]


PDF = FileType("application/pdf", "PDF", (".pdf",))
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word document",
    (".docx",),
)
DOC = FileType("application/msword", "Word document (Word 97 to 2003)", (".doc",))
PNG = FileType("image/png", "PNG image", (".png",))
JPEG = FileType("image/jpeg", "JPEG image", (".jpg", ".jpeg"))
GIF = FileType("image/gif", "GIF image", (".gif",))

#: Every type a document may be, in the order they are offered.
ACCEPTED: tuple[FileType, ...] = (PDF, DOCX, DOC, PNG, JPEG, GIF)
BY_CONTENT_TYPE: dict[str, FileType] = {t.content_type: t for t in ACCEPTED}
#: For the file picker (a hint to the browser, never a check).
ACCEPT_ATTRIBUTE = ",".join(ext for t in ACCEPTED for ext in t.extensions)
#: The accepted types, as the messages say them.
ACCEPTED_IN_WORDS = "a PDF, a Word document (.docx or .doc), or a PNG, JPEG or GIF image"


class NotAccepted(ValueError):
    """The file cannot be kept as a document (empty, too big, or not an accepted type);
    the message says why, for the person."""


NOT_ACCEPTED = f"The selected file must be {ACCEPTED_IN_WORDS}"
WITH_MACROS = (
    "The selected file is a Word document with macros, which is not accepted: "
    "save it as a Word document (.docx) or a PDF and upload that"
)


def detect(data: bytes) -> FileType:
    """The type of the file whose content is ``data``, or :class:`NotAccepted`."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if data.startswith(b"PK\x03\x04"):
        return _word_package(data)
    if data.startswith(OLE_SIGNATURE):
        if "WordDocument" in compound_file_streams(data):
            return DOC
        raise NotAccepted(NOT_ACCEPTED)
    raise NotAccepted(NOT_ACCEPTED)


def _word_package(data: bytes) -> FileType:
    """A zip is a Word document if it holds the parts every .docx has."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise NotAccepted(NOT_ACCEPTED) from None
    if not {"[Content_Types].xml", "word/document.xml"} <= names:
        raise NotAccepted(NOT_ACCEPTED)
    if "word/vbaProject.bin" in names:
        raise NotAccepted(WITH_MACROS)
    return DOCX


# --- OLE2 compound files ([MS-CFB]) --------------------------------------------------------

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_MAX_REGULAR_SECTOR = 0xFFFFFFFA
_END_OF_CHAIN = 0xFFFFFFFE
_HEADER_DIFAT = 109  # sector numbers of the FAT held in the header itself
_DIRECTORY_ENTRY = 128


def compound_file_streams(data: bytes) -> set[str]:
    """The names of the storages and streams in an OLE2 compound file ([MS-CFB] 2.2 to
    2.6): the header gives the sector size and where the FAT and the directory start;
    the FAT chains the directory's sectors; each 128-byte directory entry holds a name.
    Anything malformed gives what was read so far (so a broken file is refused)."""
    names: set[str] = set()
    try:
        shift = struct.unpack_from("<H", data, 30)[0]
        if shift not in (9, 12):  # 512-byte sectors (version 3) or 4096 (version 4)
            return names
        size = 1 << shift
        sectors = max(0, len(data) // size - 1)
        fat_count, first_directory = struct.unpack_from("<II", data, 44)
        first_difat, difat_count = struct.unpack_from("<II", data, 68)
        difat = list(struct.unpack_from(f"<{_HEADER_DIFAT}I", data, 76))
        sector = first_difat
        for _ in range(min(difat_count, sectors)):
            if sector > _MAX_REGULAR_SECTOR:
                break
            entries = struct.unpack_from(f"<{size // 4}I", data, (sector + 1) * size)
            difat.extend(entries[:-1])
            sector = entries[-1]
        fat: list[int] = []
        for fat_sector in difat[: min(fat_count, sectors)]:
            if fat_sector > _MAX_REGULAR_SECTOR:
                break
            fat.extend(struct.unpack_from(f"<{size // 4}I", data, (fat_sector + 1) * size))
        sector, seen = first_directory, 0
        while sector <= _MAX_REGULAR_SECTOR and seen <= sectors:
            start = (sector + 1) * size
            for offset in range(start, start + size, _DIRECTORY_ENTRY):
                length = struct.unpack_from("<H", data, offset + 64)[0]
                kind = data[offset + 66]
                if kind in (1, 2, 5) and 2 <= length <= 64:  # storage, stream, root
                    names.add(data[offset : offset + length - 2].decode("utf-16-le", "replace"))
            sector = fat[sector] if sector < len(fat) else _END_OF_CHAIN
            seen += 1
    except (struct.error, IndexError):
        pass
    return names


# --- an uploaded file -----------------------------------------------------------------------


class Upload(Protocol):
    """What is needed of an uploaded file (Django's ``UploadedFile`` has it)."""

    name: str | None
    size: int | None

    def chunks(self) -> Iterable[bytes]: ...


@dataclass(frozen=True)
class CheckedFile:
    """An uploaded file fit to keep: its content, its type by content, its name cleaned."""

    data: bytes
    kind: FileType
    name: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def check_upload(upload: Upload, max_bytes: int) -> CheckedFile:
    """``upload`` read and checked: not empty, at most ``max_bytes``, of an accepted
    type by its content. The size is checked before anything is read."""
    if upload.size is not None and upload.size > max_bytes:
        raise NotAccepted(too_big(max_bytes))
    data = b"".join(upload.chunks())
    if not data:
        raise NotAccepted(EMPTY)
    if len(data) > max_bytes:
        raise NotAccepted(too_big(max_bytes))
    return CheckedFile(data, detect(data), clean_filename(upload.name or ""))


EMPTY = "The selected file is empty"


def too_big(max_bytes: int) -> str:
    return f"The selected file must be {format_size(max_bytes)} or smaller"


# --- names and sizes ------------------------------------------------------------------------

NAME_LENGTH = 150
_PATH_PARTS = re.compile(r"[\\/]")


def clean_filename(name: str) -> str:
    """A file name as someone uploaded it, made safe to show and to send back: the last
    part of any path only, no control or invisible formatting characters (a
    right-to-left override can make ``report‮fdp.exe`` read as ``reportexe.pdf``),
    spaces collapsed, no leading dots, at most :data:`NAME_LENGTH` characters with
    its extension kept; "document" if nothing is left."""
    name = unicodedata.normalize("NFC", name or "")
    name = _PATH_PARTS.split(name)[-1]
    name = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in name)
    name = " ".join(name.split()).strip(" .")
    if len(name) > NAME_LENGTH:
        suffix = PurePosixPath(name).suffix
        suffix = suffix if len(suffix) <= 10 else ""
        name = name[: NAME_LENGTH - len(suffix)].rstrip(" .") + suffix
    return name or "document"


def download_name(name: str, kind: FileType) -> str:
    """The name to download a document by: its own, ending with an extension of the type
    it really is (``report.exe`` holding a PDF downloads as ``report.exe.pdf``, so the
    computer it lands on opens it as what it is)."""
    if PurePosixPath(name).suffix.lower() in kind.extensions:
        return name
    return f"{name}{kind.extensions[0]}"


def format_size(size: int) -> str:
    """A size as people read it: 1 byte, 812 bytes, 14 KB, 2.5 MB, 10 MB."""
    if size < 1024:
        return f"{size:,} byte{'' if size == 1 else 's'}"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024)):,} KB"
    megabytes = round(size / (1024 * 1024), 1)
    return f"{megabytes:g} MB"
