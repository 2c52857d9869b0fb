"""The 修订对照表 as a Word table, written by the one DOCX writer: insertions underlined, deletions struck through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING
from pathlib import Path

from ..renderer.docx import DocxWriter, RunFormat
from ..renderer.docx.writer import TableRow
from ..renderer.theme import theme_for
from ..resolver.locale import locale_for
from .chardiff import Segment

if TYPE_CHECKING:  # annotations only: comparison.py imports this module to write DOCX
    from .comparison import Cell, Comparison

_WIDTHS = (0.38, 0.38, 0.24)
_FORMATS = {"equal": None, "insert": RunFormat(underline=True), "delete": RunFormat(strike=True)}
Runs = list[tuple[str, RunFormat | None]]


def comparison_docx(
    table: Comparison, *, issued: dt.date, author: str, reference: str | Path | None = None
) -> bytes:
    """Return the DOCX of a comparison table, over the reference document and theme the build uses."""
    theme = theme_for(table.theme, table.language)
    writer = DocxWriter(theme, reference, language=table.language)
    labels = locale_for(table.language).labels
    header = " ".join(x for x in (table.doc_number, table.title) if x)
    writer.start_section(header, page_label=labels["page"], watermark=table.watermark)
    writer.add_paragraph(table.title, "Title")
    writer.add_paragraph(table.subtitle, "Meta")
    font = theme.font("article")
    label = RunFormat(latin=font.latin, east_asia=font.word)
    rows: list[TableRow] = [[*(_cell(c, label) for c in table.cells(row)), row.note] for row in table.rows]
    writer.add_table(list(table.headers), rows, widths=_WIDTHS)
    if table.footnote:
        writer.add_paragraph(table.footnote, "Table Text")
    writer.set_properties(
        title=table.title,
        subject=table.subtitle,
        author=author,
        keywords=table.version,
        version=table.version,
        date=issued.isoformat(),
        language=table.language,
    )
    return writer.to_bytes()


def _segments(segments: tuple[Segment, ...]) -> Runs:
    return [(seg.text, _FORMATS[seg.op]) for seg in segments]


def _cell(content: Cell, label: RunFormat) -> Sequence[Runs]:
    """Return the paragraphs of one side of a row: label and title first, then the text."""
    if content.empty:
        return [[]]
    paragraphs = list(content.paragraphs) or [()]
    first: Runs = []
    if content.label:
        first += [(content.label, label), ("　", label)]
    first += _segments(content.title)
    if content.title:
        first.append(("　", None))
    first += _segments(paragraphs[0])
    return [first, *(_segments(p) for p in paragraphs[1:])]
