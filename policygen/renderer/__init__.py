"""Render a policy to HTML, PDF or DOCX bytes — no disk needed.

HTML is the single layout source: the Jinja templates produce it, WeasyPrint
turns it into PDF, and the DOCX writer follows the same resolved structure onto
Word styles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal

from ..errors import RenderError, ValidationError
from ..model import Policy
from ..resolver import IssueDefaults, resolve_policy
from ..resolver.document import ResolvedDocument
from .html import render_document_html, template_source
from .theme import theme_for
from .cachedir import cache_folder
from .paged import check_fonts, paged_pdf

Format = Literal["pdf", "docx", "html"]
FORMATS: tuple[Format, ...] = ("pdf", "docx", "html")


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
    fmt: Format,
    *,
    organisation: str | None = None,
    theme: str | None = None,
    project_theme: str | None = None,
    templates_dir: str | None = None,
    reference_docx: str | None = None,
    pdf_variant: str | None = None,
    attachments: dict[str, bytes] | None = None,
    cache_dir: str | None = None,
    issue_defaults: IssueDefaults | None = None,
    library: Mapping[str, Policy] | None = None,
    embed_fonts: bool = False,
    check_glyphs: bool = True,
) -> bytes:
    """Return the bytes of ``policy`` rendered as ``pdf``, ``docx`` or ``html``.

    ``issue_defaults`` are the project's issuers and printing office; ``library``
    holds the policies that ``attachments: - policy:`` may name (by id).
    ``embed_fonts`` embeds, in a DOCX, subsets of the open fonts that stand in
    for the theme's Word fonts, so readers without those fonts show the PDF's faces.
    ``check_glyphs=False`` skips the located check for characters no font draws
    (a build has checked every policy before rendering any).
    """
    doc = resolve_for_render(policy, organisation, theme, project_theme, issue_defaults, library)
    theme_obj = theme_for(doc.theme, doc.language)
    if fmt == "html":
        return render_document_html(doc, templates_dir=templates_dir).encode("utf-8")
    if fmt == "pdf":
        from .issued import finish_issued, prepare_issued

        if doc.language != "en":  # before anything else: never a PDF with missing glyphs
            check_fonts(theme_obj, doc.language, "")
        if check_glyphs and isinstance(policy, Policy):  # each character no font draws, at its line:col
            from .coverage import policy_glyph_problems

            shown = {policy.id: policy.source_path or f"<{policy.id}>"}
            problems = policy_glyph_problems([policy], {policy.id: theme_obj}, shown)
            if problems:
                raise ValidationError(problems)
        html = render_document_html(doc, templates_dir=templates_dir)
        result = paged_pdf(
            html,
            theme=theme_obj,
            language=doc.language,
            page_label=doc.labels["page"],
            source=template_source(f"{doc.kind}.html.j2", templates_dir),
            pdf_variant=pdf_variant,
            attachments=attachments,
            created=dt.date.fromisoformat(doc.issued_iso),
            cache=cache_folder(cache_dir),
            adjust=lambda document: prepare_issued(document, doc),
            finish=lambda data, document, numbering, cache: finish_issued(data, document, doc, numbering, cache),
        )
        assert result.numbered is not None
        return result.numbered
    if fmt == "docx":
        from .docx import render_docx

        source = policy if isinstance(policy, Policy) else None
        return render_docx(doc, theme_obj, reference=reference_docx, source=source, embed_fonts=embed_fonts)
    raise RenderError(f"unknown format {fmt!r} — use pdf, docx or html")


__all__ = ["FORMATS", "Format", "render", "resolve_for_render"]
