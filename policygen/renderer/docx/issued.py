"""The GB/T 9704 notice in Word: masthead, red rule, 附件说明, 落款 with anchored seals, 附件 pages,
版记 at the bottom of the last page, "— 1 —" page numbers odd right / even left, a 28 × 22 grid.

Used by the notice layout when the theme is gbt9704. Positions follow
``policygen/renderer/gbt.py``, the same numbers the PDF uses.
"""

from __future__ import annotations

import math
import struct
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm

from ...errors import RenderError
from ...resolver.document import ResolvedAttachment, ResolvedDocument
from ..gbt import (
    MASTHEAD_TOP,
    RED_RULE,
    RULE_GAP,
    SEAL,
    SEAL_GAP,
    grid_of,
    masthead_layout,
    seal_step,
    text_width_mm,
)
from ._oxml import issued as X
from . import _oxml
from .styles import grid_char_spacing

RED = "E60000"
NUMBER_PT = 14.0  # 4号 page numbers
NUMBER_GAP = 7.0  # mm between the type area and the page number (7.5)


def is_gbt_notice(w: Any, doc: ResolvedDocument) -> bool:
    """Return True when ``doc`` is laid out as a GB/T 9704 notice."""
    return doc.kind == "notice" and w.theme.name == "gbt9704"


def setup_section(w: Any) -> None:
    """Give the current section the 28 × 22 grid, no header, and "— N —" footers odd right / even left."""
    theme = w.theme
    grid = grid_of(theme)
    section = Section(w._sentinel, w._document.part)
    sect_pr = w._sentinel
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    line = X.tw(grid.line) - (1 if X.tw(grid.line) * 22 > X.tw(grid.height) else 0)
    grid_el = _oxml.parse_fragment(X.doc_grid_xml(line))[0]
    later = [c for c in sect_pr if c.tag in (qn("w:printerSettings"), qn("w:sectPrChange"))]
    if later:
        later[0].addprevious(grid_el)
    else:
        sect_pr.append(grid_el)
    w._document.settings.odd_and_even_pages_header_footer = True
    size_mm = NUMBER_PT * 25.4 / 72
    section.footer_distance = Mm(theme.margin_bottom - NUMBER_GAP - size_mm)
    song = theme.font("song").word
    one_char = round(NUMBER_PT * 20)
    odd = X.Para(align="right", right=one_char, line=one_char).start() + X.page_field_runs(song, NUMBER_PT) + "</w:p>"
    even = X.Para(align="left", left=one_char, line=one_char).start() + X.page_field_runs(song, NUMBER_PT) + "</w:p>"
    names = w._partnames  # the writer names the parts it adds; tell it about python-docx's
    for story, xml in ((section.footer, odd), (section.even_page_footer, even)):
        story.is_linked_to_previous = False
        if names is not None:
            names.add(str(story.part.partname))
        root = story.part.element
        _oxml.clear_content(root, keep=())
        root.append(_oxml.parse_fragment(X.footer_xml(xml))[0][0])
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        if names is not None:
            names.add(str(header.part.partname))
        root = header.part.element
        _oxml.clear_content(root, keep=())
        root.append(_oxml.parse_fragment(X.footer_xml(X.Para().start() + "</w:p>"))[0][0])


class GbtNotice:
    """Writes the parts of a notice that GB/T 9704 fixes; the body is the layout's own."""

    def __init__(self, layout: Any) -> None:
        self.layout = layout
        self.w, self.doc = layout.w, layout.doc
        theme = self.w.theme
        self.grid = grid_of(theme)
        self.line = X.tw(self.grid.line) - 1  # 579 twips: 22 lines fit 225 mm
        self.line_mm = self.line / X.TWIPS_PER_MM
        self.pitch = self.grid.pitch
        self.body = theme.font("body").word
        self.size = theme.body_size
        self.shapes = 100

    def _p(self, para: X.Para, runs: str, style: str = "Normal") -> None:
        para.style_id = para.style_id or self.w._styles[style]
        self.w._append(para.start() + runs + "</w:p>")

    def _blank(self, lines: int = 1) -> None:
        for _ in range(lines):
            self._p(X.Para(line=self.line), "")

    def width(self, text: str) -> float:
        """Return the width (mm) of ``text`` in the body face: full-width characters a pitch, others their advance."""
        return text_width_mm(text, self.w.theme, spacing_pt=grid_char_spacing(self.w.theme) / 20)

    # ------------------------------------------------------------------ 版头

    def masthead(self) -> None:
        doc, w = self.doc, self.w
        assert doc.masthead is not None
        mh = masthead_layout(doc.masthead, w.theme)
        title = w.theme.font("title")
        size_pt = mh.size_pt
        line = X.tw(mh.size_mm * 1.25) if len(doc.masthead.names) > 1 else X.tw(mh.size_mm)
        # an exact line as tall as the size sets the baseline 0.81 em under its top (LibreOffice, Noto
        # Serif CJK); the em box's top is 0.88 em over the baseline, so the line starts 0.07 em lower
        before = X.tw(MASTHEAD_TOP + mh.size_mm * 0.07) - (line - X.tw(mh.size_mm)) // 2
        names = doc.masthead.names
        if len(names) == 1:
            self._p(X.Para(align="center", before=max(before, 0), line=line, snap=False),
                    X.run(names[0], title.word, size_pt, RED, bold=True, latin=title.latin), "Organisation")
            used = max(before, 0) + line
        else:
            # 联合行文: the names stacked, 文件 centred beside them, the block centred on the type area
            spacer_line = X.tw(MASTHEAD_TOP + mh.size_mm * 0.07) - (line - X.tw(mh.size_mm)) // 2
            self._p(X.Para(line=spacer_line, snap=False), "")

            def cell(text: str, align: str) -> str:
                para = X.Para(style_id=w._styles["Organisation"], align=align, line=line, snap=False)
                return para.start() + X.run(text, title.word, size_pt, RED, bold=True, latin=title.latin) + "</w:p>"

            suffix_w = X.tw((len(doc.masthead.suffix) + 0.5) * mh.size_mm) if doc.masthead.suffix else 0
            names_w = X.tw(mh.names_width_mm) + 40
            self.w._append(X.masthead_table_xml(names, doc.masthead.suffix, cell, names_w + suffix_w, names_w))
            used = spacer_line + line * len(names)
        number_top = (mh.block_lines + 2) * self.line
        glyph_bottom = (self.line_mm + self.size * 25.4 / 72) / 2
        space = max(0, math.ceil((glyph_bottom + RULE_GAP - self.line_mm) * 72 / 25.4) + 1)  # readers draw the rule ~0.5 mm high
        rule = (round(RED_RULE * 72 / 25.4 * 8), RED, space)
        self._p(X.Para(align="center", before=max(0, number_top - used), line=self.line, borders={"bottom": rule}),
                X.run(doc.doc_number or "", self.body, self.size), "Meta")
        after_rule = X.tw((space + rule[0] / 8) * 25.4 / 72)
        title_para = X.Para(style_id=w._styles["Title"], align="center", before=max(0, 2 * self.line - after_rule), line=self.line, after=0, snap=False)
        self._p(title_para, X.run(doc.title, title.word, w.theme.title_size, bold=True, latin=title.latin))
        if doc.recipients:
            self._p(X.Para(before=self.line, line=self.line),
                    X.run("、".join(doc.recipients) + doc.labels["colon"].strip(), self.body, self.size), "Recipients")

    # ------------------------------------------------------------------ after the body

    def attachment_note(self) -> None:
        atts = self.doc.attachments
        if not atts:
            return
        self._blank()
        lead = self.doc.labels["attachment"] + self.doc.labels["colon"]
        two = X.tw(2 * self.pitch)
        if len(atts) == 1:
            self._p(X.Para(left=two + X.tw(self.width(lead)), hanging=X.tw(self.width(lead)), line=self.line, keep_next=True),
                    X.run(lead + atts[0].title, self.body, self.size), "Body Text")
            return
        start = two + X.tw(self.width(lead))
        for n, att in enumerate(atts):
            num = f"{att.number}."
            text = (lead if n == 0 else "") + num + att.title
            hang = X.tw(self.width(num)) + (X.tw(self.width(lead)) if n == 0 else 0)
            self._p(X.Para(left=start + X.tw(self.width(num)), hanging=hang, line=self.line, keep_next=True),
                    X.run(text, self.body, self.size), "Body Text")

    def signature(self) -> None:
        doc, w = self.doc, self.w
        date_w = self.width(doc.signed)
        if doc.sealed:
            for _ in range(2):
                self._p(X.Para(line=self.line, keep_next=True), "")
            centre = self.grid.width - 4 * self.pitch - date_w / 2
            step = seal_step([i.name for i in doc.issuers], w.theme)
            count = len(doc.issuers)
            centres = [centre - (count - 1 - k) * step for k in range(count)]
            runs = ""
            for k, issuer in enumerate(doc.issuers):
                assert issuer.seal
                rid = self._image(issuer.seal)
                self.shapes += 1
                runs += X.seal_run(rid, self.shapes, SEAL, centres[k] - SEAL / 2, -2 * self.line_mm + SEAL_GAP, f"seal {k + 1}")
                runs += X.tab_run() + X.run(issuer.name, self.body, self.size)
            self._p(X.Para(align="left", line=self.line, tabs=[("center", X.tw(c)) for c in centres], tight=True, keep_next=True), runs, "Signature")
            # the date is centred on the seal: name, date and seal share one centre in every reader, whatever
            # space a reader puts between digits and 年月日; its right edge is four characters in (7.3.5.1)
            self._p(X.Para(align="center", left=X.tw(2 * centre - self.grid.width), line=self.line, tight=True),
                    X.run(doc.signed, self.body, self.size), "Signature")
            return
        self._blank()
        name_w = max(self.width(i.name) for i in doc.issuers)
        right = 2 * self.pitch
        name_right = max(right, right + date_w + 2 * self.pitch - name_w)
        date_right = self.grid.width - name_right - name_w + 2 * self.pitch
        date_right = self.grid.width - date_right - date_w
        for issuer in doc.issuers:
            self._p(X.Para(align="right", right=X.tw(name_right + name_w - self.width(issuer.name)), line=self.line, tight=True),
                    X.run(issuer.name, self.body, self.size), "Signature")
        self._p(X.Para(align="right", right=X.tw(date_right), line=self.line, tight=True), X.run(doc.signed, self.body, self.size), "Signature")

    def attachments(self) -> None:
        w = self.w
        title = w.theme.font("title")
        heading = w.theme.font("heading")
        for att in self.doc.attachments:
            self._p(X.Para(page_break_before=True, line=self.line), X.run(att.label, heading.word, self.size, latin=heading.latin))
            self._p(X.Para(before=self.line, after=self.line, align="center", line=self.line, keep_next=True, snap=False),
                    X.run(att.title, title.word, w.theme.title_size, latin=title.latin))
            if att.kind in ("table", "changelog"):
                w.add_table(att.columns, att.rows or [[""] * len(att.columns)])
            elif att.kind == "policy" and att.document is not None:
                sub = type(self.layout)(w, att.document)  # the notice's own layout, for the attached policy
                for text in att.document.preamble:
                    w.add_paragraph(text)
                for article in att.document.articles:
                    sub.article(article)
                for chapter in att.document.chapters:
                    sub.chapter(chapter)
                for text in att.document.closing:
                    w.add_paragraph(text)
            elif att.kind == "file" and att.file:
                self._file(att)

    def _file(self, att: ResolvedAttachment) -> None:
        assert att.file
        path = Path(att.file)
        if path.suffix.lower() in (".png", ".jpg", ".jpeg"):  # an SVG is named, like a PDF
            rid = self._image(str(path))
            px_w, px_h = _image_size(path)
            cx = round(self.grid.width * X.EMU_PER_MM)
            cy = round(cx * px_h / max(px_w, 1))
            self.shapes += 1
            self._p(X.Para(align="center"), X.inline_picture_run(rid, self.shapes, cx, cy, att.title))
        else:  # a PDF (or SVG) cannot be placed in a Word document: name it
            self._p(X.Para(line=self.line, first_line=X.tw(2 * self.pitch)), X.run(f"（{path.name}）", self.body, self.size))

    def colophon(self) -> None:
        """Write the 版记 as a text box whose last rule lies on the type area's bottom edge (7.4.1).

        Blank lines as tall as the box come first and keep together: when the
        last page has no room for the 版记, they take it to a page of its own.
        """
        doc, w = self.doc, self.w
        small = w.theme.small_size
        one = round(small * 20)
        width = w.text_width
        thick, thin = (8, "000000", 0), (6, "000000", 0)
        rows: list[tuple[str, dict[str, Any]]] = []
        other = f"{doc.labels['version']}{doc.labels['colon']}{doc.version}　{doc.labels['effective']}{doc.labels['colon']}{doc.effective}"
        rows.append((X.run(other, self.body, small), {}))
        if doc.cc:
            cc = f"{doc.labels['cc']}{doc.labels['colon']}{'，'.join(doc.cc)}。"
            rows.append((X.run(cc, self.body, small), {"hanging": 3 * one, "left": 4 * one}))
        printed = X.run(doc.printed_by, self.body, small) + X.tab_run() + X.run(f"{doc.printed}{doc.labels['printed']}", self.body, small)
        rows.append((printed, {"tabs": [("right", width - one)]}))  # tab stops count from the cell's edge
        cells = []
        for runs, extra in rows:
            fmt: dict[str, Any] = {"left": one, "right": one, **extra}
            cells.append(X.Para(style_id=w._styles["Imprint"], line=self.line, **fmt).start() + runs + "</w:p>")
        inner = X.rules_table_xml(cells, width, thick[0], thin[0])
        rules_mm = (thick[0] * 2 + thin[0] * (len(rows) - 1)) / 8 * 25.4 / 72
        height = len(rows) * self.line_mm + rules_mm
        for _ in range(len(rows)):
            self._p(X.Para(line=self.line, keep_next=True), "")
        self.shapes += 1
        self._p(X.Para(line=self.line), X.text_box_run(inner, self.shapes, self.grid.width, height, self.grid.height - height))

    def _image(self, path: str) -> str:
        if Path(path).suffix.lower() == ".svg":
            raise RenderError(f"{path}: a Word file cannot hold an SVG picture — give the seal or attachment as a PNG")
        rid, _ = self.w._document.part.get_or_add_image(path)
        return str(rid)


def _image_size(path: Path) -> tuple[int, int]:
    """Return a PNG's or JPEG's pixel size, (1, 1) when unknown."""
    data = path.read_bytes()[:65536]
    if data.startswith(b"\x89PNG"):
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    i = 2
    while i + 9 < len(data) and data[i] == 0xFF:
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(width), int(height)
        i += 2 + length
    return 1, 1
