"""Files to take away, for every app: the response that carries them, their content
types, and PDFs rendered from a page's HTML.

- :func:`attachment`: a download that is never cached (it may name children).
- :func:`render_pdf`: the same HTML as a page, through WeasyPrint, fetching nothing
  from any server or file: a printed page carries its CSS inline.

Spreadsheets are written by each app with openpyxl (the KPI return in
``performance.exports``, the audit workbook in ``audits.exports``) and sent with
:data:`XLSX`; CSV with :data:`CSV`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
PDF = "application/pdf"


def attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """``content`` as a download named ``filename``, kept by no cache on the way."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # downloads may name children: keep no copies
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
