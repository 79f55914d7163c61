"""Render a Django template to PDF bytes in a given language (WeasyPrint).

Shared by every PDF the platform writes (region fact sheets, later decision letters): the
language is activated while the template renders, the document gets its ``lang`` and
direction (Arabic right to left, shaped by HarfBuzz inside WeasyPrint), fonts come from the
machine's fontconfig (DejaVu Sans covers Latin and Arabic; see
docs/decisions/0016-fact-sheets.md), and nothing is fetched from the network: only ``data:``
URLs and files under the base directory may be read.

Example:
    >>> pdf = render_pdf("programme/factsheet.html", context, language="ar")  # doctest: +SKIP
    >>> pdf[:5]  # doctest: +SKIP
    b'%PDF-'
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from jiha.lib.errors import AppError

# WeasyPrint logs each rendering step at INFO: noise in a worker rendering dozens of sheets.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

RTL_LANGUAGES = frozenset({"ar"})
# Latin and Arabic in one family (DejaVu Sans has both scripts); the others are fallbacks a
# machine may add. Shaping and bidirectional order come from WeasyPrint (Pango/HarfBuzz).
FONT_STACK = '"DejaVu Sans", "Noto Sans Arabic", "Noto Sans", sans-serif'
BASE_CSS = f"""
@page {{ size: A4; margin: 16mm 14mm 18mm 14mm; }}
html {{ font-family: {FONT_STACK}; font-size: 10pt; line-height: 1.35; }}
"""


class PdfError(AppError):
    status = 500
    code = "pdf_failed"


def direction(language: str) -> str:
    """``rtl`` for Arabic, else ``ltr``.

    >>> direction("ar"), direction("fr")
    ('rtl', 'ltr')
    """
    return "rtl" if language[:2] in RTL_LANGUAGES else "ltr"


def _base_dir() -> Path:
    return Path(settings.BASE_DIR).resolve()


def _local_only(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Let WeasyPrint read ``data:`` URLs and files under the project, nothing else."""
    from weasyprint import default_url_fetcher

    if url.startswith("data:"):
        return dict(default_url_fetcher(url, *args, **kwargs))
    if url.startswith("file://"):
        path = Path(url.removeprefix("file://")).resolve()
        if path.is_relative_to(_base_dir()):
            return dict(default_url_fetcher(url, *args, **kwargs))
    raise ValueError(f"PDF rendering does not fetch {url[:80]}")


def render_html(template: str, context: dict[str, Any], *, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            template,
            {**context, "pdf_language": language, "pdf_direction": direction(language)},
        )


def render_pdf(template: str, context: dict[str, Any], *, language: str) -> bytes:
    """The template rendered in ``language`` as PDF bytes."""
    from weasyprint import CSS, HTML

    html = render_html(template, context, language=language)
    document = HTML(string=html, base_url=str(_base_dir()), url_fetcher=_local_only)
    pdf = document.write_pdf(stylesheets=[CSS(string=BASE_CSS)])
    if not pdf:
        raise PdfError(translation.gettext("The PDF could not be written."))
    return bytes(pdf)
