"""Raw WordprocessingML of the GB/T 9704 elements the writer has no builder for.

Paragraphs with full direct formatting, the anchored seal picture, the
document grid and the page-number footers, as XML text. Lengths are twips
(1/20 pt) unless named EMU. Only this module spells these elements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .text import escape_attr, escape_text, fonts_xml

EMU_PER_MM = 36000
TWIPS_PER_MM = 1440 / 25.4
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def tw(mm: float) -> int:
    """Return ``mm`` in twips."""
    return round(mm * TWIPS_PER_MM)


@dataclass
class Para:
    """Direct formatting of one paragraph (twips; sizes in half-points)."""

    style_id: str | None = None
    align: str | None = None
    before: int = 0
    after: int = 0
    line: int | None = None  # exact line height
    left: int = 0
    right: int = 0
    first_line: int = 0
    hanging: int = 0
    borders: dict[str, tuple[int, str, int]] = field(default_factory=dict)  # side → (eighths of pt, colour, space pt)
    tabs: list[tuple[str, int]] = field(default_factory=list)
    page_break_before: bool = False
    keep_next: bool = False
    snap: bool = True  # snap to the line grid; a line taller than the pitch keeps to one line when False
    tight: bool = False  # no automatic space between Chinese and Latin letters or digits (dates)

    def start(self) -> str:
        ppr = []
        if self.style_id:
            ppr.append(f'<w:pStyle w:val="{self.style_id}"/>')
        if self.keep_next:
            ppr.append("<w:keepNext/>")
        if self.page_break_before:
            ppr.append("<w:pageBreakBefore/>")
        if self.borders:
            order = ("top", "left", "bottom", "right")
            sides = "".join(
                f'<w:{side} w:val="single" w:sz="{sz}" w:space="{space}" w:color="{colour}"/>'
                for side, (sz, colour, space) in sorted(self.borders.items(), key=lambda kv: order.index(kv[0]))
            )
            ppr.append(f"<w:pBdr>{sides}</w:pBdr>")
        if self.tabs:
            ppr.append("<w:tabs>" + "".join(f'<w:tab w:val="{k}" w:pos="{p}"/>' for k, p in self.tabs) + "</w:tabs>")
        if self.tight:
            ppr.append('<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>')
        if not self.snap:
            ppr.append('<w:snapToGrid w:val="0"/>')
        spacing = f'<w:spacing w:before="{self.before}" w:after="{self.after}"'
        if self.line:
            spacing += f' w:line="{self.line}" w:lineRule="exact"'
        ppr.append(spacing + "/>")
        ind = f'<w:ind w:left="{self.left}" w:right="{self.right}"'
        if self.hanging:
            ind += f' w:hanging="{self.hanging}"'
        else:
            ind += f' w:firstLine="{self.first_line}"'
        ppr.append(ind + ' w:leftChars="0" w:rightChars="0" w:firstLineChars="0"/>')
        if self.align:
            ppr.append(f'<w:jc w:val="{self.align}"/>')
        return "<w:p><w:pPr>" + "".join(ppr) + "</w:pPr>"


def run(text: str, font: str | None = None, size_pt: float | None = None, colour: str | None = None,
        bold: bool = False, latin: str | None = None, scale: int | None = None) -> str:
    """Return a run of ``text`` with its own fonts, size and colour."""
    rpr = []
    if font:
        rpr.append(fonts_xml(latin or font, font, True))
    if bold:
        rpr.append("<w:b/><w:bCs/>")
    if colour:
        rpr.append(f'<w:color w:val="{colour}"/>')
    if scale:
        rpr.append(f'<w:w w:val="{scale}"/>')
    if size_pt:
        half = round(size_pt * 2)
        rpr.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    props = f"<w:rPr>{''.join(rpr)}</w:rPr>" if rpr else ""
    return f"<w:r>{props}<w:t xml:space=\"preserve\">{escape_text(text)}</w:t></w:r>"


def tab_run() -> str:
    return "<w:r><w:tab/></w:r>"


def page_field_runs(font: str, size_pt: float) -> str:
    """Return "— PAGE —" as runs: the page number is a field."""
    half = round(size_pt * 2)
    rpr = f"<w:rPr>{fonts_xml(font, font, True)}<w:sz w:val=\"{half}\"/><w:szCs w:val=\"{half}\"/></w:rPr>"
    return (
        f'<w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr}<w:t>1</w:t></w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r>'
    )


def footer_xml(paragraph: str) -> str:
    """Return a footer part holding one paragraph."""
    return f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{paragraph}</w:ftr>'


def seal_run(rid: str, shape_id: int, size_mm: float, x_mm: float, y_mm: float, name: str) -> str:
    """Return a run with a picture anchored behind the text: ``x_mm`` from the type area's left, ``y_mm`` under the paragraph's top."""
    size = round(size_mm * EMU_PER_MM)
    x, y = round(x_mm * EMU_PER_MM), round(y_mm * EMU_PER_MM)
    return (
        "<w:r><w:drawing>"
        f'<wp:anchor xmlns:wp="{WP_NS}" distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{251658240 + shape_id}" behindDoc="1" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{size}" cy="{size}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{shape_id}" name="{escape_attr(name)}"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{A_NS}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{PIC_NS}">'
        f'<pic:pic xmlns:pic="{PIC_NS}"><pic:nvPicPr><pic:cNvPr id="{shape_id}" name="{escape_attr(name)}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip xmlns:r="{R_NS}" r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{size}" cy="{size}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )


def masthead_table_xml(names: list[str], suffix: str, cell_runs: Any, width: int, names_width: int) -> str:
    """Return 联合行文's masthead: the names stacked in one cell, 文件 centred beside them in the next."""
    suffix_width = width - names_width
    none = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    names_cell = "".join(cell_runs(name, "center") for name in names)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>{none}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{names_width}"/><w:gridCol w:w="{suffix_width}"/></w:tblGrid><w:tr>'
        f'<w:tc><w:tcPr><w:tcW w:w="{names_width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>{names_cell}</w:tc>'
        f'<w:tc><w:tcPr><w:tcW w:w="{suffix_width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>{cell_runs(suffix, "left")}</w:tc>'
        "</w:tr></w:tbl>"
    )


def rules_table_xml(cells: list[str], width: int, thick: int, thin: int) -> str:
    """Return a one-column table of paragraphs ruled across its whole width: thick above and below, thin between."""
    rule = '<w:{side} w:val="single" w:sz="{sz}" w:space="0" w:color="000000"/>'
    borders = (
        rule.format(side="top", sz=thick) + '<w:left w:val="nil"/>' + rule.format(side="bottom", sz=thick)
        + '<w:right w:val="nil"/>' + rule.format(side="insideH", sz=thin) + '<w:insideV w:val="nil"/>'
    )
    rows = "".join(f'<w:tr><w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{cell}</w:tc></w:tr>' for cell in cells)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>{rows}</w:tbl><w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p>'
    )


WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def text_box_run(paragraphs: str, shape_id: int, width_mm: float, height_mm: float, top_mm: float) -> str:
    """Return a run with a borderless text box ``top_mm`` under the type area's top, as wide as ``width_mm``."""
    cx, cy, y = (round(v * EMU_PER_MM) for v in (width_mm, height_mm, top_mm))
    return (
        "<w:r><w:drawing>"
        f'<wp:anchor xmlns:wp="{WP_NS}" distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{251658240 + shape_id}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="margin"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
        f'<wp:docPr id="{shape_id}" name="colophon"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{WPS_NS}">'
        f'<wps:wsp xmlns:wps="{WPS_NS}"><wps:cNvSpPr txBox="1"/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b"><a:noAutofit/></wps:bodyPr>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )


def inline_picture_run(rid: str, shape_id: int, cx: int, cy: int, name: str) -> str:
    """Return a run with a picture in the line (an attached image), ``cx``×``cy`` EMU."""
    return (
        "<w:r><w:drawing>"
        f'<wp:inline xmlns:wp="{WP_NS}" distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:docPr id="{shape_id}" name="{escape_attr(name)}"/>'
        f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{PIC_NS}">'
        f'<pic:pic xmlns:pic="{PIC_NS}"><pic:nvPicPr><pic:cNvPr id="{shape_id}" name="{escape_attr(name)}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip xmlns:r="{R_NS}" r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def doc_grid_xml(line_pitch: int) -> str:
    """Return the 22-line document grid.

    The 28 characters of a line come from the character spacing of the document
    defaults, not from a character grid: LibreOffice gives a 3号 character two
    cells of a 28-to-the-line grid (it is 0.2 pt wider than a cell), which would
    set 14 characters to a line.
    """
    return f'<w:docGrid xmlns:w="{W_NS}" w:type="lines" w:linePitch="{line_pitch}"/>'
