"""The booklet as one .docx: cover, preface, TOC field, every policy in its own section, appendices."""

from __future__ import annotations

from typing import Any

from ..renderer.docx import DocxWriter
from ..renderer.theme import Theme
from ..resolver.document import ResolvedDocument
from ..resolver.locale import locale_for
from .appendix import Appendix


def render_booklet_docx(
    docs: list[ResolvedDocument],
    info: Any,
    appendix: Appendix,
    labels: dict[str, str],
    theme: Theme,
    *,
    reference: str | None = None,
    language: str = "zh-Hans",
    embed_fonts: bool = False,
) -> bytes:
    """Return the booklet .docx; its TOC field is refreshed by Word on opening."""
    locale = locale_for(language)
    writer = DocxWriter(theme, reference, language=language, embed_fonts=embed_fonts)
    writer.start_section("")
    for _ in range(4):
        writer.add_paragraph("", "Body Text")
    writer.add_paragraph(info.organisation, "Organisation", align="center")
    writer.add_paragraph(info.title, "Organisation", align="center")
    if info.edition:
        writer.add_paragraph(info.edition, "Meta", align="center")
    writer.add_paragraph(info.date, "Meta", align="center")
    writer.start_section(info.title, page_label=labels["page"])
    if info.preface:
        writer.add_paragraph(labels["preface"], "TOC Heading")
        for text in info.preface:
            writer.add_paragraph(text, "Body Text")
        writer.add_page_break()
    # policy titles (Title) and their chapters (Heading 1)
    writer.add_toc(labels["contents"], styles=(("Title", 1), ("Heading 1", 2)))
    for doc in docs:
        writer.add_document(doc)
    writer.start_section(f"{info.title}　{labels['appendix']}", page_label=labels["page"])
    writer.add_heading(locale.appendix_heading(1, labels["role_index"]), 1, anchor="appendix-roles")
    for role in appendix.roles:
        writer.add_heading(role.name, 2)
        writer.add_table(
            [labels["col_policy"], labels["col_article"], labels["col_duties"]],
            [[r.policy_title, r.label, r.text] for r in role.rows],
            widths=[2.6, 1.4, 6],
        )
    writer.add_heading(locale.appendix_heading(2, labels["channel_directory"]), 1, anchor="appendix-channels")
    writer.add_table(
        [labels["col_type"], labels["col_name"], labels["col_value"], labels["col_hours"], labels["cited_by"]],
        [[c.type_label, locale.join(c.names), c.value, "；".join(c.hours), locale.join(c.policies)] for c in appendix.channels],
        widths=[1.2, 1.6, 2.4, 1.6, 3.2],
    )
    writer.add_heading(locale.appendix_heading(3, labels["revision_history"]), 1, anchor="appendix-revisions")
    writer.add_table(
        [labels["col_policy"], labels["col_version"], labels["issued"], labels["effective"], labels["col_status"], labels["changelog"]],
        [
            [r.title, r.version, r.issued, r.effective, r.status, [f"{e.version}（{e.date}）{e.summary}" for e in r.changelog] or [""]]
            for r in appendix.revisions
        ],
        widths=[2.6, 1, 1.8, 1.8, 1.2, 3.6],
    )
    writer.set_properties(
        title=info.title,
        author=info.organisation,
        subject=f"{info.organisation} {info.title}",
        keywords=", ".join(filter(None, [info.title, info.edition or ""])),
        version=info.edition or "",
        date=None,
    )
    return writer.to_bytes()
