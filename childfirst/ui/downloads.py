"""Files to take away, for every app: the response that carries them, their content
types, and PDFs rendered from a page's HTML.

- :func:`attachment`: a download that is never cached (it may name children).
- :func:`stored_file`: a file someone uploaded, streamed back as a download that no
  browser runs, renders in the page, sniffs or caches.
- :func:`content_disposition`: the ``Content-Disposition`` of a download, by RFC 6266.
- :func:`render_pdf`: the same HTML as a page, through WeasyPrint, fetching nothing
  from any server or file: a printed page carries its CSS inline.

Spreadsheets are written by each app with openpyxl (the KPI return in
``performance.exports``, the audit workbook in ``audits.exports``), saved through
:mod:`childfirst.ui.spreadsheets` so that people's text is never a formula, and sent
with :data:`XLSX`; CSV, written with its ``csv_writer``, with :data:`CSV`.
"""

from __future__ import annotations

import unicodedata
from typing import IO, Any
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.cache import add_never_cache_headers

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
PDF = "application/pdf"


def attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """``content`` as a download named ``filename``, kept by no cache on the way."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # downloads may name children: keep no copies
    return response


def _plain(ch: str) -> str:
    """One character as the ASCII fallback name has it: accents dropped (after NFKD),
    and quotes, backslashes, percent signs, semicolons and anything not plain printable
    ASCII as ``_``."""
    if unicodedata.category(ch) == "Mn":
        return ""
    return ch if " " <= ch <= "~" and ch not in '"\\%;' else "_"


def content_disposition(filename: str) -> str:
    """``attachment`` with ``filename``, as RFC 6266 asks: a plain ASCII ``filename``
    for old browsers (see :func:`_plain`) and, when that differs, the exact name as
    ``filename*=UTF-8''...`` (RFC 8187), which browsers prefer. Line breaks and control
    characters never reach the header."""
    name = "".join(ch for ch in filename if unicodedata.category(ch)[0] != "C")
    plain = "".join(_plain(ch) for ch in unicodedata.normalize("NFKD", name)).strip()
    header = f'attachment; filename="{plain or "download"}"'
    if plain != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


def stored_file(file: IO[bytes], content_type: str, filename: str) -> FileResponse:
    """``file`` (open to read) streamed as a download named ``filename``, with the
    ``content_type`` it was found to be: never shown in the page
    (``Content-Disposition: attachment``), never taken for another type
    (``X-Content-Type-Options: nosniff``), kept by no cache (it is about a child), and
    sandboxed by its ``Content-Security-Policy`` should a browser open it anyway (no
    script, no plugins, nothing fetched)."""
    response = FileResponse(file, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    add_never_cache_headers(response)
    return response


def _no_fetching() -> Any:
    """A WeasyPrint URL fetcher that fetches nothing but ``data:`` URLs: the printed page
    carries its CSS inline and references no file or server, and a PDF must never reach
    out to the network. (Newer WeasyPrint takes a ``URLFetcher``, older a function.)"""
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):
        return urls.URLFetcher(allowed_protocols=("data",))

    def refuse(url: str, *args: Any, **kwargs: Any) -> Any:
        if url.startswith("data:"):
            return urls.default_url_fetcher(url, *args, **kwargs)
        raise ValueError(f"Not fetched: {url}")

    return refuse


def render_pdf(html: str) -> bytes:
    """``html`` as a PDF, through WeasyPrint (imported here: it loads Pango, which only
    the PDF needs)."""
    import weasyprint

    base = str(settings.PACKAGE_DIR / "static")
    return bytes(
        weasyprint.HTML(string=html, base_url=base, url_fetcher=_no_fetching()).write_pdf()
    )
