"""A blank Word document set up for a theme: page, styles with East Asian fonts, properties.

Shared by the tracked-changes DOCX and the comparison table DOCX. Styles are
created once here and paragraphs then name their style id directly (looking a
style up by name on every paragraph is slow in python-docx).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from ..renderer.docx._package import deterministic_zip, zip_date
from ..renderer.theme import Theme
from ..resolver.locale import LANGUAGES, locale_for
from . import _oxml

EAST_ASIAN_LANG = {language: locale_for(language).word_langs[1] for language in LANGUAGES}

# style id → (name, base, font role, size attribute, alignment, first-line indent in characters, bold)
_PARAGRAPH_STYLES: dict[str, tuple[str, str | None, str, str, Any, float, bool]] = {
    "PGBody": ("PG Body", "Normal", "body", "body_size", WD_ALIGN_PARAGRAPH.JUSTIFY, 2, False),
    "PGItem1": ("PG Item 1", "Normal", "body", "body_size", WD_ALIGN_PARAGRAPH.JUSTIFY, 2, False),
    "PGItem2": ("PG Item 2", "Normal", "body", "body_size", WD_ALIGN_PARAGRAPH.JUSTIFY, 3, False),
    "PGItem3": ("PG Item 3", "Normal", "body", "body_size", WD_ALIGN_PARAGRAPH.JUSTIFY, 4, False),
    "PGMeta": ("PG Meta", "Normal", "body", "small_size", WD_ALIGN_PARAGRAPH.CENTER, 0, False),
    "PGSign": ("PG Signature", "Normal", "body", "body_size", WD_ALIGN_PARAGRAPH.RIGHT, 0, False),
    "PGCell": ("PG Table Text", "Normal", "body", "small_size", WD_ALIGN_PARAGRAPH.LEFT, 0, False),
    "PGCellHead": ("PG Table Heading", "Normal", "heading", "small_size", WD_ALIGN_PARAGRAPH.CENTER, 0, False),
}


def new_document(theme: Theme, language: str, *, landscape: bool = False) -> Any:
    """Return a python-docx Document with the theme's page, fonts and paragraph styles."""
    document = docx.Document()
    lang = EAST_ASIAN_LANG.get(language, "zh-CN")
    section = document.sections[0]
    width, height = Mm(theme.page_width), Mm(theme.page_height)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
        section.top_margin, section.bottom_margin = Mm(theme.margin_left), Mm(theme.margin_right)
        section.left_margin, section.right_margin = Mm(theme.margin_top), Mm(theme.margin_bottom)
    else:
        section.page_width, section.page_height = width, height
        section.top_margin, section.bottom_margin = Mm(theme.margin_top), Mm(theme.margin_bottom)
        section.left_margin, section.right_margin = Mm(theme.margin_left), Mm(theme.margin_right)

    styles = document.styles
    _oxml.strip_theme_fonts(styles.element)

    def fonts(style: Any, role: str) -> None:
        spec = theme.font(role)
        _oxml.set_style_fonts(style.element, spec.latin, spec.word, lang)

    normal = styles["Normal"]
    fonts(normal, "body")
    normal.font.size = Pt(theme.body_size)
    for name, role, size in (("Title", "title", theme.title_size), ("Heading 1", "heading", theme.heading_size),
                             ("Heading 2", "subheading", theme.heading_size)):
        style = styles[name]
        fonts(style, role)
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.bold = name == "Title"
        style.font.italic = False
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for style_id, (name, base, role, size_attr, align, indent, bold) in _PARAGRAPH_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = style_id
        style.base_style = styles[base] if base else None
        fonts(style, role)
        size = float(getattr(theme, size_attr))
        if style_id.startswith("PGCell"):
            size = min(size, 12.0)  # 小四 at most: three columns must fit the type area
        style.font.size = Pt(size)
        style.font.bold = bold
        style.paragraph_format.alignment = align
        style.paragraph_format.first_line_indent = Pt(size * indent) if indent else Pt(0)
        style.paragraph_format.space_after = Pt(0)
    return document


def set_properties(document: Any, *, title: str, subject: str, author: str, keywords: str, date: dt.date) -> None:
    """Set the core document properties with a fixed date (no clock)."""
    stamp = dt.datetime.combine(date, dt.time())
    props = document.core_properties
    props.title = title
    props.subject = subject
    props.author = author
    props.last_modified_by = author
    props.keywords = keywords
    props.comments = "policygen"
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1


def to_bytes(document: Any, date: dt.date) -> bytes:
    """Return the .docx bytes, zip entries dated ``date`` so that output is byte-identical."""
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue(), zip_date(date.isoformat()))


def status_header(document: Any, text: str | None) -> None:
    """Print the status (草案, 征求意见稿, 已废止 …) at the top of every page, when there is one."""
    if not text:
        return
    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.style = document.styles["PG Meta"]
    run = paragraph.add_run(text)
    run.bold = True
    run.font.color.rgb = RGBColor(0xC0, 0, 0)
