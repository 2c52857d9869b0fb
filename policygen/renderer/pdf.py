"""HTML → PDF with WeasyPrint: embedded subset CJK fonts, bookmarks, fixed ids and dates."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
import os
import warnings
from typing import Any

from ..errors import RenderError
from .fonts import ensure_fontconfig

PDF_VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/ua-1")


def _weasyprint() -> Any:
    ensure_fontconfig()  # before Pango loads fontconfig
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    import weasyprint

    return weasyprint


_FONT_CONFIG: list[Any] = []


def _font_config() -> Any:
    """Return this process's WeasyPrint font configuration, created on first use.

    Sharing it across documents keeps fonts loaded and caches warm: a worker
    laying out many parts uses about half the memory and less CPU.
    """
    if not _FONT_CONFIG:
        from weasyprint.text.fonts import FontConfiguration

        _FONT_CONFIG.append(FontConfiguration())
    return _FONT_CONFIG[0]


def html_to_document(html: str, *, base_url: str | None = None) -> Any:
    """Return WeasyPrint's laid-out document (pages known) for ``html``."""
    wp = _weasyprint()
    try:
        return wp.HTML(string=html, base_url=base_url or os.getcwd()).render(font_config=_font_config())
    except Exception as exc:  # WeasyPrint raises plain exceptions for layout/CSS failures
        raise RenderError(f"PDF layout failed: {exc}") from exc


def write_document(
    document: Any,
    *,
    identifier: str,
    pdf_variant: str | None = None,
    attachments: dict[str, bytes] | None = None,
    created: dt.date | None = None,
) -> bytes:
    """Return PDF bytes of a laid-out document, byte-identical for identical input."""
    wp = _weasyprint()
    if pdf_variant and pdf_variant not in PDF_VARIANTS:
        raise RenderError(f"unknown PDF variant {pdf_variant!r} — use one of {', '.join(PDF_VARIANTS)}")
    stamp = dt.datetime.combine(created or dt.date(2000, 1, 1), dt.time(), tzinfo=dt.timezone.utc)
    files = [
        wp.Attachment(string=data, name=name, description=name, created=stamp, modified=stamp)
        for name, data in sorted((attachments or {}).items())
    ]
    options: dict[str, Any] = {
        "pdf_identifier": hashlib.sha256(identifier.encode("utf-8")).hexdigest()[:32].encode("ascii"),
        "pdf_variant": pdf_variant,
        "attachments": files or None,
    }
    try:
        with warnings.catch_warnings():
            # WeasyPrint 70 opens its sRGB profile for PDF/A and never closes it
            # (weasyprint/pdf/__init__.py): an "unclosed file" ResourceWarning that
            # is an error under `-W error`. Only that warning category is silenced.
            warnings.simplefilter("ignore", ResourceWarning)
            data = document.write_pdf(**options)
            if pdf_variant:
                gc.collect()  # let the leaked profile file be closed while the warning is silenced
            return data
    except Exception as exc:
        raise RenderError(f"writing the PDF failed: {exc}") from exc


def html_to_pdf(
    html: str,
    *,
    base_url: str | None = None,
    pdf_variant: str | None = None,
    attachments: dict[str, bytes] | None = None,
    created: dt.date | None = None,
) -> bytes:
    """Return PDF bytes of ``html``; the PDF id is derived from the HTML itself."""
    document = html_to_document(html, base_url=base_url)
    return write_document(
        document,
        identifier=html,
        pdf_variant=pdf_variant,
        attachments=attachments,
        created=created,
    )
