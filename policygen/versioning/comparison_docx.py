"""The 修订对照表 as a Word table: inserted runs underlined, deleted runs struck through."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from docx.shared import Twips

from ..renderer.theme import theme_for
from . import _oxml, _word
from .chardiff import Segment

if TYPE_CHECKING:  # annotations only: comparison.py imports this module to write DOCX
    from .comparison import Cell, Comparison

_WIDTHS = (0.38, 0.38, 0.24)


def comparison_docx(table: Comparison, *, issued: dt.date, author: str) -> bytes:
    """Return the DOCX of a comparison table, in the theme's page and fonts."""
    theme = theme_for(table.theme, table.language)
    document = _word.new_document(theme, table.language)
    append = _oxml.body_appender(document.element)
    _word.status_header(document, table.watermark)
    label_font = theme.font("article")
    label_rpr = _oxml.run_properties(_oxml.RunStyle(latin=label_font.latin, east_asia=label_font.word))
    styles = {
        "equal": None,
        "insert": _oxml.run_properties(_oxml.RunStyle(underline=True)),
        "delete": _oxml.run_properties(_oxml.RunStyle(strike=True)),
    }

    title = _oxml.new_paragraph("Title")
    _oxml.add_text(title, table.title)
    append(title)
    subtitle = _oxml.new_paragraph("PGMeta")
    _oxml.add_text(subtitle, table.subtitle)
    append(subtitle)

    grid = document.add_table(rows=1, cols=3)
    grid.style = document.styles["Table Grid"]
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    twips = [int(width * share / 635) for share in _WIDTHS]  # EMU → twips
    _oxml.set_table_layout(grid._tbl, twips)
    header = grid.rows[0]
    _oxml.repeat_header_row(header._tr)
    for cell, text in zip(header.cells, table.headers, strict=True):
        p = cell.paragraphs[0]._p
        _style(p, "PGCellHead")
        _oxml.add_text(p, text)
    for row in table.rows:
        cells = grid.add_row().cells
        first, second = table.cells(row)
        _fill(cells[0], first, styles, label_rpr)
        _fill(cells[1], second, styles, label_rpr)
        note = cells[2].paragraphs[0]._p
        _style(note, "PGCell")
        _oxml.add_text(note, row.note)
    for column, twip in zip(grid.columns, twips, strict=True):
        column.width = Twips(twip)
        for cell in column.cells:
            cell.width = Twips(twip)
    if table.footnote:
        p = _oxml.new_paragraph("PGCell")
        _oxml.add_text(p, table.footnote)
        append(p)

    _word.set_properties(document, title=table.title, subject=table.subtitle, author=author,
                         keywords=f"{table.version}", date=issued)
    return _word.to_bytes(document, issued)


def _style(p: Any, style_id: str) -> None:
    p.style = style_id  # python-docx's CT_P sets w:pStyle to the id directly


def _segments(p: Any, segments: tuple[Segment, ...], styles: dict[str, Any]) -> None:
    for seg in segments:
        _oxml.add_text(p, seg.text, styles[seg.op])


def _fill(cell: Any, content: Cell, styles: dict[str, Any], label_rpr: Any) -> None:
    first = cell.paragraphs[0]._p
    _style(first, "PGCell")
    if content.empty:
        return
    paragraphs = list(content.paragraphs) or [()]
    _oxml.add_text(first, content.label, label_rpr)
    if content.label:
        _oxml.add_text(first, "　", label_rpr)
    _segments(first, content.title, styles)
    if content.title:
        _oxml.add_text(first, "　")
    _segments(first, paragraphs[0], styles)
    for segments in paragraphs[1:]:
        p = cell.add_paragraph()._p
        _style(p, "PGCell")
        _segments(p, segments, styles)
