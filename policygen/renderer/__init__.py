"""Render a policy to HTML, PDF or DOCX bytes — no disk needed.

HTML is the single layout source: the Jinja templates produce it, WeasyPrint
turns it into PDF, and the DOCX writer follows the same resolved structure onto
Word styles.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from ..errors import RenderError
from ..model import Policy
from ..resolver import IssueDefaults, resolve_policy
from ..resolver.document import ResolvedDocument
from .theme import theme_for

Format = Literal["pdf", "docx", "html"]
FORMATS: tuple[str, ...] = ("pdf", "docx", "html")


def resolve_for_render(
    policy: Policy | ResolvedDocument,
    organisation: str | None,
    theme: str | None,
    project_theme: str | None = None,
    issue_defaults: IssueDefaults | None = None,
    library: Mapping[str, Policy] | None = None,
) -> ResolvedDocument:
    """Return the resolved document of ``policy``, checking its theme exists."""
    if isinstance(policy, ResolvedDocument):
        doc = policy
    else:
        doc = resolve_policy(
            policy, organisation=organisation, theme=theme, fallback_theme=project_theme,
            issue_defaults=issue_defaults, library=library,
        )
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
    issue_defaults: IssueDefaults | None = None,
    library: Mapping[str, Policy] | None = None,
) -> bytes:
    """Return the bytes of ``policy`` rendered as ``pdf``, ``docx`` or ``html``.

    ``issue_defaults`` are the project's issuers and printing office; ``library``
    holds the policies that ``attachments: - policy:`` may name (by id).
    """
    doc = resolve_for_render(policy, organisation, theme, project_theme, issue_defaults, library)
    theme_obj = theme_for(doc.theme, doc.language)
    if fmt == "html":
        from .html import render_document_html

        return render_document_html(doc, templates_dir=templates_dir).encode("utf-8")
    if fmt == "pdf":
        from .fonts import needs_cjk, require_cjk_fonts
        from .html import render_document_html
        from .pdf import html_to_document, write_document

        if doc.language != "en":  # before anything else: never a PDF with missing glyphs
            require_cjk_fonts(theme_obj)
        html = render_document_html(doc, templates_dir=templates_dir)
        if doc.language == "en" and needs_cjk(doc.language, html):
            require_cjk_fonts(theme_obj)
        created = _date(doc.issued_iso)
        from .stamp import number_pdf, numbering_for

        from .issued import finish_issued

        document = html_to_document(html)
        if doc.theme == "gbt9704" and doc.language != "en":
            from .justify import justify_cjk

            justify_cjk(document)
        part = write_document(document, identifier=html, pdf_variant=pdf_variant, attachments=attachments, created=created)
        return finish_issued(part, document, doc, numbering_for(theme_obj, doc.labels["page"]))
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(doc, theme_obj, reference=reference_docx)
    raise RenderError(f"unknown format {fmt!r} — use pdf, docx or html")


def _date(iso: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(iso)


__all__ = ["FORMATS", "render"]
