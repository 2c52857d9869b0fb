"""Finish an issued document's PDF: append attached PDF files and number the pages.

Pages are numbered "— N —" through the attachments (GB/T 9704 7.5); a page that
holds nothing but the 版记 is not numbered.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..errors import RenderError
from ..resolver.document import ResolvedDocument
from .pdfsave import save
from .stamp import PageNumbering, stamp


def _anchor_pages(document: Any) -> dict[str, int]:
    """Return {element id: index of the page it starts on} of a laid-out WeasyPrint document."""
    out: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            out.setdefault(name, index)
    return out


def colophon_alone(document: Any, doc: ResolvedDocument) -> bool:
    """Return True when the last page holds the 版记 and no text of the body."""
    page = document.pages[-1]
    if f"{doc.id}--colophon" not in page.anchors:
        return False
    root = page._page_box  # WeasyPrint's laid-out page; the 版记 lives in its footnote area
    flow = [child for child in root.children if type(child).__name__ != "FootnoteAreaBox"]
    return not any(_has_text(box) for child in flow for box in child.descendants())


def _has_text(box: Any) -> bool:
    return type(box).__name__ == "TextBox" and bool(box.text.strip())


def prepare_issued(document: Any, doc: ResolvedDocument) -> None:
    """Spread the short justified lines of a gbt9704 document to both edges (see justify.py)."""
    if doc.theme == "gbt9704" and doc.language != "en":
        from .justify import justify_cjk

        justify_cjk(document)


def finish_issued(
    data: bytes, document: Any, doc: ResolvedDocument, numbering: PageNumbering, cache: Path | None = None
) -> bytes:
    """Return the PDF with attached PDF files inserted after their 附件 page, pages numbered."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    anchors = _anchor_pages(document)
    skip: set[int] = set()
    shift = 0
    for att in doc.attachments:
        if att.kind != "file" or not att.file or not att.file.lower().endswith(".pdf"):
            continue
        at = anchors.get(f"{doc.id}--attachment-{att.number}")
        if at is None:
            continue
        try:
            extra = pikepdf.open(att.file)
        except (OSError, pikepdf.PdfError) as exc:
            raise RenderError(f"attachment '{att.title}': {att.file} cannot be read as PDF ({exc}) — give a valid PDF") from None
        insert_at = at + shift + 1
        for k, page in enumerate(extra.pages):
            pdf.pages.insert(insert_at + k, page)
        shift += len(extra.pages)
    if doc.kind == "notice" and colophon_alone(document, doc):
        skip.add(len(pdf.pages) - 1)
    stamp(pdf, numbering, first_number=1, total=len(pdf.pages), skip=skip, cache=cache)
    return save(pdf)
