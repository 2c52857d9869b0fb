"""Raw WordprocessingML for what python-docx has no API for — the only module that builds ``w:`` XML.

Fields (PAGE, NUMPAGES, TOC), East Asian fonts and languages, bookmarks,
internal hyperlinks, paragraph borders, tables, style definitions, a VML
watermark and document settings. Everything here stays private to the DOCX
writer. Elements are built with lxml; the body, thousands of paragraphs, is
written as escaped XML text by the ``*_xml`` functions at the end (one string
per paragraph, the same elements and attributes the builders make) and either
parsed in one batch or spliced into the serialized document part in place of
a marker — XML text is only ever assembled from escaped values, never edited.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from lxml import etree

Element = Any  # an lxml element of python-docx's oxml classes; never in a public signature

_THEME_ATTRS = tuple(qn(f"w:{a}") for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Schema order of the children of w:settings that follow w:updateFields (ECMA-376 Part 1, 17.15.1.78).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults footnotePr endnotePr compat docVars rsids mathPr attachedSchema "
    "themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats doNotAutoCompressPictures "
    "forceUpgrade captions readModeInkLockDown smartTagType schemaLibrary shapeDefaults "
    "doNotEmbedSmartTags decimalSymbol listSeparator"
).split()


def _sub(parent: Element, tag: str, **attrs: str) -> Element:
    child = etree.SubElement(parent, qn(tag))
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), value)
    return child


def _el(tag: str, **attrs: str) -> Element:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


# --------------------------------------------------------------------------- runs and fonts


@dataclass(frozen=True)
class RunFormat:
    """Direct run formatting: fonts (Latin, East Asian), bold, size in pt, colour."""

    latin: str | None = None
    east_asia: str | None = None
    bold: bool = False
    size: float | None = None
    color: str | None = None
    hint_east_asia: bool = False


def fonts_element(latin: str | None, east_asia: str | None, hint: bool) -> Element:
    """Return a ``w:rFonts`` naming the Latin and East Asian font explicitly."""
    rfonts = _el("w:rFonts")
    if latin:
        for attr in ("ascii", "hAnsi", "cs"):
            rfonts.set(qn(f"w:{attr}"), latin)
    if east_asia:
        rfonts.set(qn("w:eastAsia"), east_asia)
    if hint:
        rfonts.set(qn("w:hint"), "eastAsia")
    return rfonts


def run_properties(fmt: RunFormat) -> Element | None:
    """Return a ``w:rPr`` for ``fmt`` (a template to copy), or None when it is empty."""
    rpr = _el("w:rPr")
    if fmt.latin or fmt.east_asia or fmt.hint_east_asia:
        rpr.append(fonts_element(fmt.latin, fmt.east_asia, fmt.hint_east_asia))
    if fmt.bold:
        _sub(rpr, "w:b")
        _sub(rpr, "w:bCs")
    if fmt.color:
        _sub(rpr, "w:color", val=fmt.color)
    if fmt.size:
        half_points = str(round(fmt.size * 2))
        _sub(rpr, "w:sz", val=half_points)
        _sub(rpr, "w:szCs", val=half_points)
    return rpr if len(rpr) else None


_R, _T, _BR, _TAB = qn("w:r"), qn("w:t"), qn("w:br"), qn("w:tab")


def add_run(parent: Element, text: str, rpr: Element | None = None) -> Element:
    """Append a ``w:r`` with ``text`` (newlines become breaks, tabs become tabs) to ``parent``."""
    run = etree.SubElement(parent, _R)
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    if "\n" not in text and "\t" not in text:  # the common case, kept fast
        t = etree.SubElement(run, _T)
        t.text = text
        if text[:1].isspace() or text[-1:].isspace():
            t.set(_XML_SPACE, "preserve")
        return run
    first = True
    for line in text.split("\n"):
        if not first:
            etree.SubElement(run, qn("w:br"))
        first = False
        pieces = line.split("\t")
        for i, piece in enumerate(pieces):
            if i:
                etree.SubElement(run, qn("w:tab"))
            if piece:
                t = etree.SubElement(run, qn("w:t"))
                t.text = piece
                if piece[0].isspace() or piece[-1].isspace():
                    t.set(_XML_SPACE, "preserve")
    return run


def strip_theme_fonts(root: Element) -> None:
    """Remove the ``*Theme`` attributes of every ``w:rFonts`` under ``root`` (they override names)."""
    for rfonts in root.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            if attr in rfonts.attrib:
                del rfonts.attrib[attr]


# --------------------------------------------------------------------------- paragraphs


@dataclass(frozen=True)
class Border:
    """One paragraph border line: width in eighths of a point, colour, space in pt."""

    size: int = 6
    color: str = "000000"
    space: int = 1


_PARAGRAPHS: dict[str | None, Element] = {}


def new_paragraph(style_id: str | None) -> Element:
    """Return a detached ``w:p`` whose style id is set directly (no lookup by name)."""
    template = _PARAGRAPHS.get(style_id)
    if template is None:
        template = OxmlElement("w:p")
        if style_id:
            ppr = etree.SubElement(template, qn("w:pPr"))
            etree.SubElement(ppr, qn("w:pStyle")).set(qn("w:val"), style_id)
        if len(_PARAGRAPHS) < 256:
            _PARAGRAPHS[style_id] = template
    return copy.deepcopy(template)


def add_field(p: Element, instruction: str, placeholder: str, rpr: Element | None = None) -> None:
    """Append a complex field (``PAGE``, ``NUMPAGES``, ``TOC …``) with a placeholder result."""
    if isinstance(p, ParagraphXml):  # a paragraph of the writer, still XML text
        p.parts.append(field_xml(instruction, placeholder, rpr if isinstance(rpr, str) else ""))
        return

    def char(kind: str) -> None:
        run = etree.SubElement(p, qn("w:r"))
        if rpr is not None:
            run.append(copy.deepcopy(rpr))
        fld = etree.SubElement(run, qn("w:fldChar"))
        fld.set(qn("w:fldCharType"), kind)
        if kind == "begin" and instruction.lstrip().startswith("TOC"):
            fld.set(qn("w:dirty"), "true")

    char("begin")
    run = etree.SubElement(p, qn("w:r"))
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    instr = etree.SubElement(run, qn("w:instrText"))
    instr.set(_XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    char("separate")
    add_run(p, placeholder, rpr)
    char("end")


_AFTER_PGNUMTYPE = (
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


def set_page_number_restart(sect_pr: Element, restart: bool) -> None:
    """Make the section's page numbers start at 1 (or continue from the previous section)."""
    old = sect_pr.find(qn("w:pgNumType"))
    if old is not None:
        sect_pr.remove(old)
    if restart:
        sect_pr.insert_element_before(_el("w:pgNumType", start="1"), *_AFTER_PGNUMTYPE)


def add_section_break(sentinel: Element) -> None:
    """End the current section: a copy of the sentinel ``w:sectPr`` goes into a new last paragraph.

    As python-docx's ``add_section_break``: the sentinel keeps no header or footer
    reference (the new section inherits them until it gets its own).
    """
    p = _el("w:p")
    sentinel.addprevious(p)  # into the body first, so the copy below declares no namespace
    ppr = _el("w:pPr")
    p.insert(0, ppr)
    clone = copy.deepcopy(sentinel)
    clone.attrib.clear()  # as CT_SectPr.clone: no rsids
    ppr.append(clone)
    for tag in ("w:headerReference", "w:footerReference"):
        for ref in sentinel.findall(qn(tag)):
            sentinel.remove(ref)


def add_page_break(p: Element) -> None:
    """Append a page break run to ``p``."""
    run = etree.SubElement(p, qn("w:r"))
    etree.SubElement(run, qn("w:br")).set(qn("w:type"), "page")


def clear_content(container: Element, keep: Iterable[str] = ("w:sectPr",)) -> None:
    """Remove every child of ``container`` except those tagged ``keep``."""
    kept = {qn(tag) for tag in keep}
    for child in list(container):
        if child.tag not in kept:
            container.remove(child)


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Cell:
    """Paragraphs of one table cell: a list of (style id, text)."""

    paragraphs: tuple[tuple[str | None, str], ...]


def new_table(
    style_id: str | None,
    widths: Sequence[int],
    rows: Sequence[Sequence[Cell]],
    *,
    header_rows: int = 1,
    rpr: Element | None = None,
) -> Element:
    """Return a detached ``w:tbl`` at full text width; ``widths`` in twips per column."""
    tbl = OxmlElement("w:tbl")
    tblpr = _sub(tbl, "w:tblPr")
    if style_id:
        _sub(tblpr, "w:tblStyle", val=style_id)
    _sub(tblpr, "w:tblW", w="5000", type="pct")
    _sub(tblpr, "w:tblLayout", type="fixed")
    _sub(
        tblpr,
        "w:tblLook",
        val="04A0",
        firstRow="1",
        lastRow="0",
        firstColumn="1",
        lastColumn="0",
        noHBand="0",
        noVBand="1",
    )
    grid = _sub(tbl, "w:tblGrid")
    for width in widths:
        _sub(grid, "w:gridCol", w=str(width))
    for r, row in enumerate(rows):
        tr = _sub(tbl, "w:tr")
        trpr = _sub(tr, "w:trPr")
        _sub(trpr, "w:cantSplit")
        if r < header_rows:
            _sub(trpr, "w:tblHeader")
        for width, cell in zip(widths, row, strict=True):
            tc = _sub(tr, "w:tc")
            _sub(_sub(tc, "w:tcPr"), "w:tcW", w=str(width), type="dxa")
            for style_id_, text in cell.paragraphs or ((None, ""),):
                p = new_paragraph(style_id_)
                if text:
                    add_run(p, text, rpr)
                tc.append(p)
    return tbl


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class StyleDef:
    """A paragraph or table style; lengths in twips, sizes in pt."""

    style_id: str
    name: str  # the name stored in styles.xml ("heading 1", "Article")
    type: str = "paragraph"
    based_on: str | None = None
    next_style: str | None = None
    latin: str | None = None
    east_asia: str | None = None
    size: float | None = None
    bold: bool = False
    color: str | None = None
    align: str | None = None
    line: int | None = None  # exact line height
    line_auto: int | None = None  # 240 = single
    space_before: int = 0
    space_after: int = 0
    first_line_chars: int = 0
    first_line: int = 0
    left_chars: int = 0
    left: int = 0
    right_chars: int = 0
    right: int = 0
    keep_next: bool = False
    outline_level: int | None = None
    bottom_border: Border | None = None
    right_tab: int | None = None
    custom: bool = True
    ui_priority: int | None = None
    quick: bool = False
    semi_hidden: bool = False
    is_default: bool = False


def style_element(spec: StyleDef) -> Element:
    """Return a complete ``w:style`` element for ``spec`` with explicit fonts, no theme fonts."""
    style = _el("w:style", type=spec.type, styleId=spec.style_id)
    if spec.is_default:
        style.set(qn("w:default"), "1")
    if spec.custom:
        style.set(qn("w:customStyle"), "1")
    _sub(style, "w:name", val=spec.name)
    if spec.based_on:
        _sub(style, "w:basedOn", val=spec.based_on)
    if spec.next_style:
        _sub(style, "w:next", val=spec.next_style)
    if spec.ui_priority is not None:
        _sub(style, "w:uiPriority", val=str(spec.ui_priority))
    if spec.semi_hidden:
        _sub(style, "w:semiHidden")
        _sub(style, "w:unhideWhenUsed")
    if spec.quick:
        _sub(style, "w:qFormat")
    ppr = _sub(style, "w:pPr")
    if spec.type == "table":
        _sub(ppr, "w:spacing", before="0", after="0", line="240", lineRule="auto")
        tblpr = _sub(style, "w:tblPr")
        _sub(tblpr, "w:tblInd", w="0", type="dxa")
        borders = _sub(tblpr, "w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            _sub(borders, f"w:{side}", val="single", sz="4", space="0", color="auto")
        margins = _sub(tblpr, "w:tblCellMar")
        for side, width in (("top", "40"), ("left", "108"), ("bottom", "40"), ("right", "108")):
            _sub(margins, f"w:{side}", w=width, type="dxa")
        return style
    if spec.keep_next:
        _sub(ppr, "w:keepNext")
        _sub(ppr, "w:keepLines")
    if spec.bottom_border:
        b = spec.bottom_border
        _sub(
            _sub(ppr, "w:pBdr"),
            "w:bottom",
            val="single",
            sz=str(b.size),
            space=str(b.space),
            color=b.color,
        )
    if spec.right_tab is not None:
        _sub(_sub(ppr, "w:tabs"), "w:tab", val="right", leader="dot", pos=str(spec.right_tab))
    spacing = _sub(ppr, "w:spacing", before=str(spec.space_before), after=str(spec.space_after))
    if spec.line:
        spacing.set(qn("w:line"), str(spec.line))
        spacing.set(qn("w:lineRule"), "exact")
    elif spec.line_auto:
        spacing.set(qn("w:line"), str(spec.line_auto))
        spacing.set(qn("w:lineRule"), "auto")
    ind = _sub(ppr, "w:ind")
    for attr, value in (
        ("leftChars", spec.left_chars * 100),
        ("left", spec.left),
        ("rightChars", spec.right_chars * 100),
        ("right", spec.right),
        ("firstLineChars", spec.first_line_chars * 100),
        ("firstLine", spec.first_line),
    ):
        ind.set(qn(f"w:{attr}"), str(value))
    if spec.align:
        _sub(ppr, "w:jc", val=spec.align)
    if spec.outline_level is not None:
        _sub(ppr, "w:outlineLvl", val=str(spec.outline_level))
    rpr = _sub(style, "w:rPr")
    if spec.latin or spec.east_asia:
        rpr.append(fonts_element(spec.latin, spec.east_asia, hint=False))
    for flag in ("b", "bCs"):
        _sub(rpr, f"w:{flag}", val="1" if spec.bold else "0")
    _sub(rpr, "w:color", val=spec.color or "auto")
    if spec.size:
        _sub(rpr, "w:sz", val=str(round(spec.size * 2)))
        _sub(rpr, "w:szCs", val=str(round(spec.size * 2)))
    return style


def put_style(styles_root: Element, spec: StyleDef, existing: Element | None) -> None:
    """Replace ``existing`` (or append) with the style built from ``spec``."""
    new = style_element(spec)
    if existing is not None:
        existing.addprevious(new)
        styles_root.remove(existing)
    else:
        styles_root.append(new)


def iter_style_names(styles_root: Element) -> Iterable[tuple[str, str, str, Element]]:
    """Yield (type, style id, stored name, element) of every style."""
    for style in styles_root.iterchildren(qn("w:style")):
        name = style.find(qn("w:name"))
        yield (
            style.get(qn("w:type"), "paragraph"),
            style.get(qn("w:styleId"), ""),
            name.get(qn("w:val"), "") if name is not None else "",
            style,
        )


def set_doc_defaults(
    styles_root: Element, latin: str, east_asia: str, size: float, lang: str, east_asia_lang: str
) -> None:
    """Set the document default run properties: explicit fonts, size and languages."""
    defaults = styles_root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = _el("w:docDefaults")
        styles_root.insert(0, defaults)
    clear_content(defaults, keep=())
    rpr = _sub(_sub(defaults, "w:rPrDefault"), "w:rPr")
    rpr.append(fonts_element(latin, east_asia, hint=False))
    _sub(rpr, "w:sz", val=str(round(size * 2)))
    _sub(rpr, "w:szCs", val=str(round(size * 2)))
    _sub(rpr, "w:lang", val=lang, eastAsia=east_asia_lang, bidi="ar-SA")
    _sub(
        _sub(_sub(defaults, "w:pPrDefault"), "w:pPr"),
        "w:spacing",
        after="0",
        line="240",
        lineRule="auto",
    )


# --------------------------------------------------------------------------- settings, watermark


def set_update_fields(settings: Element) -> None:
    """Ask Word to update fields (the TOC) when the document is opened."""
    if settings.find(qn("w:updateFields")) is not None:
        return
    element = _el("w:updateFields", val="true")
    for child in settings:
        if etree.QName(child).localname in _AFTER_UPDATE_FIELDS:
            child.addprevious(element)
            return
    settings.append(element)


def set_theme_font_lang(settings: Element, lang: str, east_asia: str) -> None:
    """Set the languages Word uses to pick theme fonts (the template says ja-JP)."""
    element = settings.find(qn("w:themeFontLang"))
    if element is not None:
        element.set(qn("w:val"), lang)
        element.set(qn("w:eastAsia"), east_asia)


def watermark_run(text: str, font: str, shape_id: int) -> Element:
    """Return a run holding a VML text watermark (grey, diagonal, behind the text)."""
    xml = (
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office"><w:rPr><w:noProof/></w:rPr><w:pict>'
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
        'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
        '<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
        '<v:shape type="#_x0000_t136" o:allowincell="f" fillcolor="#d9d9d9" stroked="f"/></w:pict></w:r>'
    )
    run = parse_xml(xml)
    shape = run.find(".//{urn:schemas-microsoft-com:vml}shape")
    shape.set("id", f"PowerPlusWaterMarkObject{shape_id}")
    shape.set("{urn:schemas-microsoft-com:office:office}spid", f"_x0000_s{2048 + shape_id}")
    shape.set(
        "style",
        "position:absolute;margin-left:0;margin-top:0;width:420pt;height:140pt;rotation:315;"
        "z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
        "mso-position-vertical:center;mso-position-vertical-relative:margin",
    )
    fill = etree.SubElement(shape, "{urn:schemas-microsoft-com:vml}fill")
    fill.set("opacity", ".5")
    textpath = etree.SubElement(shape, "{urn:schemas-microsoft-com:vml}textpath")
    textpath.set("style", f'font-family:"{font}";font-size:1pt')
    textpath.set("string", text)
    return run


# --------------------------------------------------------------------------- batched XML text
#
# The body is the bulk of a document: thousands of paragraphs and runs. Creating
# them element by element costs a Python call (and a proxy) per element, so the
# writer builds each paragraph as escaped XML text with the functions below and
# parses a whole batch with one call of lxml's C parser (``parse_fragment``).
# Every value is escaped here; the result is the same tree the element builders
# above make (same elements, attributes in the same order).

_W_URI = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FRAGMENT_OPEN = f'<w:body xmlns:w="{_W_URI}">'
_FRAGMENT_CLOSE = "</w:body>"
_FRAGMENT_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, no_network=True)
_FRAGMENT_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup())


def _from_docx_parser() -> None:
    """Give fragments python-docx's element classes (as OxmlElement and parse_xml do)."""
    from docx.oxml.parser import element_class_lookup

    _FRAGMENT_PARSER.set_element_class_lookup(element_class_lookup)


_from_docx_parser()


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


# Characters lxml refuses in text and attribute values (it raises ValueError on them).
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
    return bool(element.nsmap.get("w") == _W_URI)


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


def empty_part_xml(root: Element) -> bytes:
    """Return an XML part holding only an empty root like ``root`` (a stand-in for a part kept as bytes)."""
    data: bytes = etree.tostring(
        etree.Element(root.tag, nsmap={root.prefix: etree.QName(root).namespace}),
        encoding="UTF-8",
        standalone=True,
    )
    return data


def parse_fragment(xml: str) -> Element:
    """Return a ``w:body`` wrapper holding the elements of ``xml`` (``w:`` elements, no declarations)."""
    return etree.fromstring(_FRAGMENT_OPEN + xml + _FRAGMENT_CLOSE, _FRAGMENT_PARSER)


def fonts_xml(latin: str | None, east_asia: str | None, hint: bool) -> str:
    """Return ``fonts_element`` as XML text."""
    attrs = [(a, latin) for a in ("ascii", "hAnsi", "cs")] if latin else []
    if east_asia:
        attrs.append(("eastAsia", east_asia))
    if hint:
        attrs.append(("hint", "eastAsia"))
    return _empty("rFonts", *attrs)


def run_properties_xml(fmt: RunFormat) -> str:
    """Return ``run_properties(fmt)`` as XML text ("" when it is empty)."""
    inner = []
    if fmt.latin or fmt.east_asia or fmt.hint_east_asia:
        inner.append(fonts_xml(fmt.latin, fmt.east_asia, fmt.hint_east_asia))
    if fmt.bold:
        inner.append("<w:b/><w:bCs/>")
    if fmt.color:
        inner.append(_empty("color", ("val", fmt.color)))
    if fmt.size:
        half_points = str(round(fmt.size * 2))
        inner.append(_empty("sz", ("val", half_points)) + _empty("szCs", ("val", half_points)))
    return f"<w:rPr>{''.join(inner)}</w:rPr>" if inner else ""


def _t(text: str) -> str:
    if text[:1].isspace() or text[-1:].isspace():
        return f'<w:t xml:space="preserve">{escape_text(text)}</w:t>'
    return f"<w:t>{escape_text(text)}</w:t>"


def run_xml(text: str, rpr: str = "") -> str:
    """Return ``add_run``'s ``w:r`` as XML text; ``rpr`` is a ``run_properties_xml`` string."""
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
    """Return ``add_field``'s runs as XML text."""
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


class ParagraphXml:
    """A paragraph being written as XML text: its start (``w:p``, ``w:pPr``, bookmark) and its runs."""

    __slots__ = ("parts",)

    def __init__(self, start: str) -> None:
        self.parts = [start]

    def xml(self) -> str:
        """Return the paragraph as lxml serializes it (an empty one as ``<w:p/>``)."""
        if len(self.parts) == 1 and self.parts[0] == "<w:p>":
            return "<w:p/>"
        return "".join(self.parts) + "</w:p>"


def table_xml(
    style_id: str | None,
    widths: Sequence[int],
    rows: Sequence[Sequence[Cell]],
    *,
    header_rows: int = 1,
    rpr: str = "",
) -> str:
    """Return ``new_table``'s ``w:tbl`` as XML text; ``rpr`` is a ``run_properties_xml`` string."""
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
            for style_id_, text in cell.paragraphs or ((None, ""),):
                start = starts.get(style_id_)
                if start is None:
                    start = starts[style_id_] = paragraph_start_xml(style_id_)
                if text:
                    out.append(f"{start}{run_xml(text, rpr)}</w:p>")
                else:
                    out.append("<w:p/>" if start == "<w:p>" else f"{start}</w:p>")
            out.append("</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)
