"""HTML → a PDF with its page numbers: the one way every document becomes a PDF.

Policies, the booklet's parts, the comparison table and role views all go
through :func:`paged_pdf`: the same font check, the same layout, the same
stamped page numbers.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .fonts import needs_cjk, require_cjk_fonts
from .pdf import FontSession, layout, session_for, write_document
from .pdfsave import compressed
from .stamp import PageNumbering, number_pdf, numbering_for
from .theme import Theme


@dataclass(frozen=True)
class PagedPdf:
    """A laid-out document: the PDF without page numbers, the numbered one, its page count."""

    plain: bytes
    numbered: bytes | None
    pages: int
    seconds: float


def check_fonts(theme: Theme, language: str, html: str) -> None:
    """Raise RenderError when ``html`` needs CJK glyphs and ``theme`` has no CJK font installed."""
    if needs_cjk(language, html):
        require_cjk_fonts(theme)


def paged_pdf(
    html: str,
    *,
    theme: Theme,
    language: str,
    page_label: str | None,
    source: str,
    pdf_variant: str | None = None,
    attachments: dict[str, bytes] | None = None,
    created: dt.date | None = None,
    cache: Path | None = None,
    session: FontSession | None = None,
    adjust: Callable[[Any], None] | None = None,
    finish: Callable[[bytes, Any, PageNumbering, Path | None], bytes] | None = None,
) -> PagedPdf:
    """Return ``html`` laid out as PDF, numbered 1…N in the theme's style when ``page_label`` is given.

    ``page_label`` is the language's page pattern (``第 {page} 页``); None leaves
    the pages unnumbered (booklet covers and contents are numbered on assembly).
    ``source`` names the template in problems; ``cache`` is where the glyphs
    of the page numbers may be kept. ``adjust`` may change the laid-out
    WeasyPrint document before it is written; ``finish`` numbers the pages
    instead of the plain 1…N (it gets the PDF, the laid-out document, the
    numbering and the cache). With a ``cache`` folder, the large CJK faces are
    laid out as compact copies kept there (``compact.py``).
    """
    start = time.perf_counter()
    check_fonts(theme, language, html)
    laid_out = layout(html, source=source, session=session or session_for(html, theme.families, cache))
    if adjust is not None:
        adjust(laid_out.document)
    # uncompressed: each stream is compressed once, when saved (the numbered PDF keeps the plain one's streams)
    raw = write_document(laid_out, identifier=html, pdf_variant=pdf_variant, attachments=attachments, created=created,
                         compress=False)
    plain = compressed(raw)
    numbered = None
    if page_label is not None:
        numbering = numbering_for(theme, page_label)
        if finish is not None:
            numbered = finish(plain, laid_out.document, numbering, cache)
        else:
            numbered = number_pdf(plain, numbering, cache)
    return PagedPdf(plain, numbered, laid_out.pages, time.perf_counter() - start)


__all__ = ["PagedPdf", "check_fonts", "paged_pdf"]
