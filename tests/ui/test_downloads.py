"""Downloads of stored files (``ui.downloads.stored_file``): a name every browser reads
the same way (RFC 6266), and headers that keep the file from running, rendering in the
page, being taken for another type or being cached."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest

from childfirst.ui.downloads import content_disposition, stored_file


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("report.pdf", 'attachment; filename="report.pdf"'),
        ("Court report 2024.pdf", 'attachment; filename="Court report 2024.pdf"'),
        (
            'The "final" report.pdf',
            'attachment; filename="The _final_ report.pdf"; '
            "filename*=UTF-8''The%20%22final%22%20report.pdf",
        ),
        (
            "Zoë’s letter.docx",
            'attachment; filename="Zoe_s letter.docx"; '
            "filename*=UTF-8''Zo%C3%AB%E2%80%99s%20letter.docx",
        ),
        (
            "back\\slash;100%.pdf",
            'attachment; filename="back_slash_100_.pdf"; '
            "filename*=UTF-8''back%5Cslash%3B100%25.pdf",
        ),
        ("文件.pdf", "attachment; filename=\"__.pdf\"; filename*=UTF-8''%E6%96%87%E4%BB%B6.pdf"),
        ("", 'attachment; filename="download"'),
    ],
)
def test_the_download_name_is_rfc_6266_safe(name, header):
    assert content_disposition(name) == header


def test_line_breaks_and_control_characters_never_reach_the_header():
    header = content_disposition('evil.pdf"\r\nSet-Cookie: x=1\x00')
    assert "\r" not in header and "\n" not in header and "\x00" not in header
    assert header.startswith('attachment; filename="evil.pdf_Set-Cookie: x=1"')
    assert unquote(header.split("UTF-8''")[1]) == 'evil.pdf"Set-Cookie: x=1'


def test_a_stored_file_is_sent_as_a_download_nothing_runs_sniffs_or_caches():
    response = stored_file(io.BytesIO(b"%PDF-1.4 ..."), "application/pdf", "Zoë.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; ")
    assert "filename*=UTF-8''Zo%C3%AB.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache
    assert b"".join(response.streaming_content) == b"%PDF-1.4 ..."
