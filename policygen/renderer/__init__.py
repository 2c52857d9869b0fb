"""Render a policy to HTML, PDF or DOCX bytes — no disk needed.

HTML is the single layout source: the Jinja templates produce it, WeasyPrint
turns it into PDF, and the DOCX writer follows the same resolved structure onto
Word styles.
"""

from __future__ import annotations

from typing import Any, Literal

from ..errors import RenderError
from ..model import Policy
from ..resolver import resolve_policy
from ..resolver.document import ResolvedDocument
from .theme import theme_for

Format = Literal["pdf", "docx", "html"]
FORMATS: tuple[str, ...] = ("pdf", "docx", "html")


def resolve_for_render(
    policy: Policy | ResolvedDocument, organisation: str | None, theme: str | None, project_theme: str | None = None
) -> ResolvedDocument:
    """Return the resolved document of ``policy``, checking its theme exists."""
    if isinstance(policy, ResolvedDocument):
        doc = policy
    else:
        doc = resolve_policy(policy, organisation=organisation, theme=theme, fallback_theme=project_theme)
    try:
        theme_for(doc.theme, doc.language)
    except KeyError:
        raise RenderError(f"unknown theme '{doc.theme}' — use gbt9704 or modern") from None
    return doc


def render(
    policy: Policy | ResolvedDocument,
    fmt: str,
    *,
    organisation: str | None = None,
    theme: str | None = None,
    project_theme: str | None = None,
    templates_dir: str | None = None,
    reference_docx: str | None = None,
    pdf_variant: str | None = None,
    attachments: dict[str, bytes] | None = None,
    embed_fonts: bool = False,
) -> bytes:
    """Return the bytes of ``policy`` rendered as ``pdf``, ``docx`` or ``html``.

    ``embed_fonts`` embeds, in a DOCX, subsets of the open fonts that stand in
    for the theme's Word fonts, so readers without those fonts show the PDF's faces.
    """
    doc = resolve_for_render(policy, organisation, theme, project_theme)
    theme_obj = theme_for(doc.theme, doc.language)
    if fmt == "html":
        from .html import render_document_html

        return render_document_html(doc, templates_dir=templates_dir).encode("utf-8")
    if fmt == "pdf":
        from .fonts import needs_cjk, require_cjk_fonts
        from .html import render_document_html
        from .pdf import html_to_pdf

        if doc.language != "en":  # before anything else: never a PDF with missing glyphs
            require_cjk_fonts(theme_obj)
        html = render_document_html(doc, templates_dir=templates_dir)
        if doc.language == "en" and needs_cjk(doc.language, html):
            require_cjk_fonts(theme_obj)
        created = _date(doc.issued_iso)
        from .stamp import number_pdf, numbering_for

        part = html_to_pdf(html, pdf_variant=pdf_variant, attachments=attachments, created=created)
        return number_pdf(part, numbering_for(theme_obj, doc.labels["page"]))
    if fmt == "docx":
        from .docx import render_docx

        source = policy if isinstance(policy, Policy) else None
        return render_docx(doc, theme_obj, reference=reference_docx, source=source, embed_fonts=embed_fonts)
    raise RenderError(f"unknown format {fmt!r} — use pdf, docx or html")


def _date(iso: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(iso)


__all__ = ["FORMATS", "render"]
