"""Per-role view: only what binds one role, across policies, with original article numbers."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PolicygenError
from ..model import Policy, Project
from ..renderer.html import render_template, template_source
from ..renderer.paged import paged_pdf
from ..renderer.theme import Theme, theme_for
from ..resolver import resolve_policy
from ..resolver.document import ResolvedArticle, ResolvedDocument, RichText, Span
from ..resolver.locale import locale_for
from .cache import write_if_changed
from .policies import BuildOptions, Output


@dataclass
class RoleSection:
    """One policy's part of a role view: the role's duties and the articles binding it."""

    doc: ResolvedDocument
    role_name: str
    duties: list[RichText]
    articles: list[ResolvedArticle] = field(default_factory=list)


def select_role(docs: list[ResolvedDocument], wanted: str) -> tuple[str, list[RoleSection]]:
    """Return (role name, sections) for the role whose id or name is ``wanted``."""
    key = "".join(wanted.split())
    sections: list[RoleSection] = []
    name = None
    for doc in docs:
        match = [r for r in doc.roles if r.id == wanted or "".join(r.name.split()) == key]
        if not match:
            continue
        role = match[0]
        name = name or role.name
        section = RoleSection(doc, role.name, role.duties)
        section.articles = [a for a in doc.iter_articles() if role.id in a.roles]
        sections.append(section)
    if not sections:
        known = sorted({f"{r.id} ({r.name})" for d in docs for r in d.roles})
        raise PolicygenError(f"role '{wanted}' is not declared in any policy — known roles: {', '.join(known[:20]) or 'none'}")
    return name or wanted, sections


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "role"


def build_role_view(policies: list[Policy], project: Project | None, options: BuildOptions, wanted: str) -> list[Output]:
    """Write ``role-<id>.<ext>`` for the role named ``wanted``; return the outputs."""
    docs = [resolve_policy(p, organisation=options.organisation, theme=options.theme, fallback_theme=options.project_theme) for p in policies]
    name, sections = select_role(docs, wanted)
    language = project.language if project else docs[0].language
    locale = locale_for(language)
    labels = dict(locale.labels)
    theme_name = options.theme or (project.theme if project else None) or locale.default_theme
    theme = theme_for(theme_name, language)
    org = options.organisation or (project.organisation if project else docs[0].organisation)
    title = f"{name}{'　' if language != 'en' else ' — '}{labels['roles']}"
    stem = f"role-{_slug(wanted if re.fullmatch(r'[a-z0-9-]+', wanted) else sections[0].doc.roles[0].id)}"
    for section in sections:
        for role in section.doc.roles:
            if role.name == section.role_name:
                stem = f"role-{role.id}"
                break
        break
    ctx = {"sections": sections, "role_name": name, "doc_title": title, "version": None, "organisation": org, "labels": labels}
    html = render_template("role_view.html.j2", ctx, language=language, theme=theme, templates_dir=options.templates_dir)
    outputs = []
    for fmt in options.formats:
        start = time.perf_counter()
        pages = None
        if fmt == "html":
            data = html.encode("utf-8")
        elif fmt == "pdf":
            source = template_source("role_view.html.j2", options.templates_dir)
            result = paged_pdf(html, theme=theme, language=language, page_label=labels["page"], source=source, cache=options.cache_dir)
            assert result.numbered is not None
            data, pages = result.numbered, result.pages
        else:
            data = _role_docx(sections, title, org, labels, theme, language, options.reference_docx, options.embed_fonts)
        path = Path(options.out) / f"{stem}.{fmt}"
        write_if_changed(path, data)
        outputs.append(Output(path, fmt, len(data), pages, time.perf_counter() - start))
    return outputs


def _role_docx(sections: list[RoleSection], title: str, org: str, labels: dict[str, str], theme: Theme, language: str, reference: str | None, embed_fonts: bool = False) -> bytes:
    from ..renderer.docx import DocxWriter  # python-docx and lxml: only when a DOCX is made

    writer = DocxWriter(theme, reference, language=language, embed_fonts=embed_fonts)
    writer.start_section(title, page_label=labels["page"])
    writer.add_heading(title, 0)
    writer.add_paragraph(org, "Meta", align="center")
    for section in sections:
        writer.add_heading(section.doc.title, 1)
        if section.duties:
            writer.add_paragraph(f"{labels['col_duties']}{labels['colon'].strip()}", "Body Text")
            for duty in section.duties:
                writer.add_paragraph(duty, "Item 1")
        for article in section.articles:
            head = " ".join(p for p in (article.ref_label or article.label, article.title or "") if p)
            writer.add_paragraph(RichText([*_prefix(head), *article.paragraphs[0].text.spans]), "Article")
            for para in article.paragraphs[1:]:
                writer.add_paragraph(para.text, "Body Text")
    writer.set_properties(title=title, author=org, keywords=title)
    return writer.to_bytes()


def _prefix(head: str) -> list[Span]:
    return [Span(head + "　")] if head else []
