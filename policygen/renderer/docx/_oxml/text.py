"""WordprocessingML as XML text: runs, paragraphs, fields, bookmarks, links, tables, the ids part.

The one representation of every element policygen writes: XML text assembled
from escaped values (never edited afterwards). The body, thousands of
paragraphs, stays text and is spliced into the serialized document part;
anything that must join a parsed tree (a header, a style, a setting) is
parsed from the same text with :func:`element` or :func:`parse_fragment`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

Element = Any  # an lxml element of python-docx's oxml classes; never in a public signature

W_URI = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FRAGMENT_OPEN = f'<w:body xmlns:w="{W_URI}">'
_FRAGMENT_CLOSE = "</w:body>"
_FRAGMENT_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, no_network=True)


def _from_docx_parser() -> None:
    """Give parsed elements python-docx's element classes (as OxmlElement and parse_xml do)."""
    from docx.oxml.parser import element_class_lookup

    _FRAGMENT_PARSER.set_element_class_lookup(element_class_lookup)


_from_docx_parser()

@dataclass(frozen=True)
class RunFormat:
    """Direct run formatting: fonts (Latin, East Asian), bold, size in pt, colour."""

    latin: str | None = None
    east_asia: str | None = None
    bold: bool = False
    size: float | None = None
    color: str | None = None
    hint_east_asia: bool = False
    strike: bool = False
    underline: bool = False


@dataclass(frozen=True)
class Border:
    """One paragraph border line: width in eighths of a point, colour, space in pt."""

    size: int = 6
    color: str = "000000"
    space: int = 1




@dataclass(frozen=True)
class Cell:
    """Paragraphs of one table cell: (style id, runs), each run (text, run properties XML or "")."""

    paragraphs: tuple[tuple[str | None, tuple[tuple[str, str], ...]], ...]


def escape_text(text: str) -> str:
    """Return ``text`` escaped for element content (as lxml serializes it)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def escape_attr(value: str) -> str:
    """Return ``value`` escaped for a double-quoted attribute (whitespace kept as is)."""
    value = escape_text(value)
    if '"' in value:
        value = value.replace('"', "&quot;")
    if "\n" in value:
        value = value.replace("\n", "&#10;")
    if "\t" in value:
        value = value.replace("\t", "&#9;")
    return value


def _attrs(attrs: Iterable[tuple[str, str]]) -> str:
    return "".join(f' w:{key}="{escape_attr(value)}"' for key, value in attrs)


def _empty(tag: str, *attrs: tuple[str, str]) -> str:
    return f"<w:{tag}{_attrs(attrs)}/>"




_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MARK = "policygen-body"


def check_chars(xml: str) -> None:
    """Raise ValueError, as lxml does, if ``xml`` holds a character XML cannot carry."""
    if _NOT_XML.search(xml):
        raise ValueError(
            "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters"
        )


def uses_standard_w(element: Element) -> bool:
    """Return True if ``w:`` means WordprocessingML where ``element`` is (the XML text assumes it)."""
    return bool(element.nsmap.get("w") == W_URI)


def body_marker(n: int) -> Element:
    """Return the placeholder of batch ``n`` of body XML text (a processing instruction)."""
    return etree.ProcessingInstruction(_MARK, str(n))


def splice_batches(serialized: bytes, batches: Sequence[str]) -> bytes:
    """Return the serialized document part with each ``body_marker(n)`` replaced by ``batches[n]``.

    The batches are XML text exactly as lxml would serialize their elements (see
    ParagraphXml.xml), so the bytes equal those of parsing them into the tree.
    A marker cannot occur elsewhere: text and attribute values are escaped.
    """
    out = []
    rest = serialized
    for n, xml in enumerate(batches):
        before, found, rest = rest.partition(f"<?{_MARK} {n}?>".encode("ascii"))
        if not found:
            raise ValueError(f"body batch {n} has no marker in the document")
        out.append(before)
        out.append(xml.encode("utf-8"))
    out.append(rest)
    return b"".join(out)



def parse_fragment(xml: str) -> Element:
    """Return a ``w:body`` wrapper holding the elements of ``xml`` (``w:`` elements, no declarations)."""
    return etree.fromstring(_FRAGMENT_OPEN + xml + _FRAGMENT_CLOSE, _FRAGMENT_PARSER)



def element(xml: str) -> Element:
    """Return the one element written as ``xml`` (``w:`` prefix, no declarations), parsed."""
    return parse_fragment(xml)[0]


def drawing_xml(inline: Element, shape_id: int) -> str:
    """Return a run holding a ``w:drawing`` with ``inline`` (python-docx's ``wp:inline``), as XML text."""
    inline = copy.deepcopy(inline)
    doc_pr = inline.find("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    if doc_pr is not None:  # unique among the document's drawings
        doc_pr.set("id", str(shape_id))
    return f"<w:r><w:drawing>{etree.tostring(inline, encoding='unicode')}</w:drawing></w:r>"


def part_root(xml: str | bytes) -> Element:
    """Return the root element of a part (its bytes, or XML text declaring its namespaces), parsed."""
    return etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml, _FRAGMENT_PARSER)


def w_element(name: str, attrs: dict[str, str] | None = None) -> Element:
    """Return an empty ``<w:name w:key="value" …/>`` element."""
    return element(_empty(name, *(attrs or {}).items()))


def fonts_xml(latin: str | None, east_asia: str | None, hint: bool) -> str:
    """Return a ``w:rFonts`` naming the Latin and East Asian font explicitly."""
    attrs = [(a, latin) for a in ("ascii", "hAnsi", "cs")] if latin else []
    if east_asia:
        attrs.append(("eastAsia", east_asia))
    if hint:
        attrs.append(("hint", "eastAsia"))
    return _empty("rFonts", *attrs)


def run_properties_xml(fmt: RunFormat) -> str:
    """Return the ``w:rPr`` of ``fmt`` ("" when it is empty)."""
    inner = []
    if fmt.latin or fmt.east_asia or fmt.hint_east_asia:
        inner.append(fonts_xml(fmt.latin, fmt.east_asia, fmt.hint_east_asia))
    if fmt.bold:
        inner.append("<w:b/><w:bCs/>")
    if fmt.strike:
        inner.append("<w:strike/>")
    if fmt.color:
        inner.append(_empty("color", ("val", fmt.color)))
    if fmt.size:
        half_points = str(round(fmt.size * 2))
        inner.append(_empty("sz", ("val", half_points)) + _empty("szCs", ("val", half_points)))
    if fmt.underline:
        inner.append(_empty("u", ("val", "single")))
    return f"<w:rPr>{''.join(inner)}</w:rPr>" if inner else ""


def _t(text: str) -> str:
    if text[:1].isspace() or text[-1:].isspace():
        return f'<w:t xml:space="preserve">{escape_text(text)}</w:t>'
    return f"<w:t>{escape_text(text)}</w:t>"


def run_xml(text: str, rpr: str = "") -> str:
    """Return a ``w:r`` of ``text`` (newlines become breaks, tabs tabs); ``rpr`` is a ``run_properties_xml`` string."""
    if "\n" not in text and "\t" not in text:  # the common case, kept fast
        return f"<w:r>{rpr}{_t(text)}</w:r>"
    out = ["<w:r>", rpr]
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if piece:
                out.append(_t(piece))
    out.append("</w:r>")
    return "".join(out)


def hyperlink_xml(bookmark: str, text: str, rpr: str = "") -> str:
    """Return an internal hyperlink (to a bookmark) as XML text."""
    return (
        f'<w:hyperlink w:anchor="{escape_attr(bookmark)}" w:history="1">'
        f"{run_xml(text, rpr)}</w:hyperlink>"
    )


def field_xml(instruction: str, placeholder: str, rpr: str = "") -> str:
    """Return the runs of a complex field (``PAGE``, ``NUMPAGES``, ``TOC …``) with a placeholder result."""
    dirty = ' w:dirty="true"' if instruction.lstrip().startswith("TOC") else ""
    return (
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"{dirty}/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> {escape_text(instruction)} </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run_xml(placeholder, rpr)}"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
    )


PAGE_BREAK_XML = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def _border_xml(side: str, border: Border) -> str:
    if border.size:
        return _empty(
            side,
            ("val", "single"),
            ("sz", str(border.size)),
            ("space", str(border.space)),
            ("color", border.color),
        )
    return _empty(side, ("val", "nil"))  # size 0: no line, even if the style draws one


def paragraph_start_xml(
    style_id: str | None,
    formatted: bool = False,
    *,
    align: str | None = None,
    first_line_chars: int | None = None,
    first_line: int | None = None,
    top: Border | None = None,
    bottom: Border | None = None,
    right_tab: int | None = None,
    space_before: int | None = None,
    space_after: int | None = None,
    keep_next: bool = False,
    page_break_before: bool = False,
) -> str:
    """Return ``<w:p>`` and its ``w:pPr``: the paragraph style, then, if ``formatted``, direct formatting."""
    ppr = [_empty("pStyle", ("val", style_id))] if style_id else []
    if keep_next:
        ppr.append("<w:keepNext/>")
    if page_break_before:
        ppr.append("<w:pageBreakBefore/>")
    if top or bottom:
        sides = [_border_xml(s, b) for s, b in (("top", top), ("bottom", bottom)) if b]
        ppr.append(f"<w:pBdr>{''.join(sides)}</w:pBdr>")
    if right_tab is not None:
        ppr.append(f'<w:tabs><w:tab w:val="right" w:pos="{right_tab}"/></w:tabs>')
    if space_before is not None or space_after is not None:
        spacing = []
        if space_before is not None:
            spacing.append(("before", str(space_before)))
        if space_after is not None:
            spacing.append(("after", str(space_after)))
        ppr.append(_empty("spacing", *spacing))
    if first_line_chars is not None:
        ppr.append(
            _empty(
                "ind",
                ("firstLineChars", str(first_line_chars * 100)),
                ("firstLine", str(first_line or 0)),
            )
        )
    if align:
        ppr.append(_empty("jc", ("val", align)))
    if ppr:
        return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>"
    return "<w:p><w:pPr/>" if formatted else "<w:p>"


def bookmark_xml(bookmark_id: int, name: str) -> str:
    """Return a point bookmark (links and PAGEREF need no more) as XML text."""
    return (
        f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{escape_attr(name)}"/>'
        f'<w:bookmarkEnd w:id="{bookmark_id}"/>'
    )


def bookmark_start_xml(bookmark_id: int, name: str) -> str:
    """Return the start of a bookmark as XML text (its end is ``bookmark_end_xml``)."""
    return f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{escape_attr(name)}"/>'


def bookmark_end_xml(bookmark_id: int) -> str:
    """Return the end of a bookmark as XML text."""
    return f'<w:bookmarkEnd w:id="{bookmark_id}"/>'


class ParagraphXml:
    """A paragraph being written as XML text: its start (``w:p``, ``w:pPr``, bookmark), runs and end."""

    __slots__ = ("end", "parts")

    def __init__(self, start: str) -> None:
        self.parts = [start]
        self.end: list[str] = []  # closes what the start opened (a bookmark enclosing the runs)

    def xml(self) -> str:
        """Return the paragraph as lxml serializes it (an empty one as ``<w:p/>``)."""
        if len(self.parts) == 1 and self.parts[0] == "<w:p>" and not self.end:
            return "<w:p/>"
        return "".join(self.parts) + "".join(self.end) + "</w:p>"


PG_NS = "urn:policygen:docx:1"


def datastore_item_xml(item_id: str, schema: str) -> bytes:
    """Return the properties part of a custom XML data store item (its GUID and schema)."""
    ds = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='no'?>\n"
        f'<ds:datastoreItem xmlns:ds="{ds}" ds:itemID="{escape_attr(item_id)}">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{escape_attr(schema)}"/></ds:schemaRefs></ds:datastoreItem>'
    ).encode()


def policy_ids_xml(
    policy_id: str, version: str, sha: str, nodes: Sequence[tuple[str, str, str]]
) -> bytes:
    """Return the custom XML part listing a policy's nodes and their bookmarks, in document order."""
    out = [
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n",
        (
            f'<pg:policy xmlns:pg="{PG_NS}" id="{escape_attr(policy_id)}" '
            f'version="{escape_attr(version)}" source-sha256="{escape_attr(sha)}">'
        ),
    ]
    out.extend(
        f'<pg:node kind="{escape_attr(kind)}" id="{escape_attr(ident)}" bookmark="{escape_attr(name)}"/>'
        for kind, ident, name in nodes
    )
    out.append("</pg:policy>")
    return "".join(out).encode("utf-8")


def table_xml(
    style_id: str | None,
    widths: Sequence[int],
    rows: Sequence[Sequence[Cell]],
    *,
    header_rows: int = 1,
    rpr: str = "",
) -> str:
    """Return a full-width ``w:tbl`` with a fixed layout; ``widths`` in twips, ``rpr`` the default run properties."""
    out = ["<w:tbl><w:tblPr>"]
    if style_id:
        out.append(_empty("tblStyle", ("val", style_id)))
    out.append(
        '<w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
    )
    out.extend(f'<w:gridCol w:w="{width}"/>' for width in widths)
    out.append("</w:tblGrid>")
    starts: dict[str | None, str] = {}
    for r, row in enumerate(rows):
        out.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if r < header_rows
                   else "<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for width, cell in zip(widths, row, strict=True):
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>')
            for style_id_, runs in cell.paragraphs or ((None, ()),):
                start = starts.get(style_id_)
                if start is None:
                    start = starts[style_id_] = paragraph_start_xml(style_id_)
                body = "".join(run_xml(text, own or rpr) for text, own in runs if text)
                if body:
                    out.append(f"{start}{body}</w:p>")
                else:
                    out.append("<w:p/>" if start == "<w:p>" else f"{start}</w:p>")
            out.append("</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)

