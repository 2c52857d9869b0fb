"""Raw WordprocessingML for the versioning outputs — the only module here that builds ``w:`` XML.

Tracked changes (``w:ins``/``w:del`` runs and paragraph marks), East Asian
fonts on styles and runs, table header rows, cell widths, ``w:trackRevisions``
and the fixed-date repacking of the .docx zip. Elements are built with lxml,
never by string surgery on serialised XML. Nothing here is public.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser
from lxml import etree

from ..renderer.docx._oxml import strip_theme_fonts as strip_theme_fonts  # one implementation, used via this module

Element = Any  # an lxml element; never part of a public signature

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


_W_NSMAP = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


@functools.cache
def _clark(tag: str) -> str:
    return qn(tag)


def _el(tag: str, **attrs: str) -> Element:
    """Return a new element of python-docx's element classes (as ``OxmlElement``, without its parsing)."""
    if not tag.startswith("w:"):
        element = OxmlElement(tag)
    else:
        element = oxml_parser.makeelement(_clark(tag), nsmap=_W_NSMAP)
    for key, value in attrs.items():
        element.set(_clark(f"w:{key}"), value)
    return element


def _sub(parent: Element, tag: str, **attrs: str) -> Element:
    child = _el(tag, **attrs)
    parent.append(child)
    return child


# --------------------------------------------------------------------------- fonts


@dataclass(frozen=True)
class RunStyle:
    """Direct run formatting: fonts, bold, size (pt), underline, strike-through."""

    latin: str | None = None
    east_asia: str | None = None
    bold: bool = False
    size: float | None = None
    underline: bool = False
    strike: bool = False


def fonts_element(latin: str | None, east_asia: str | None) -> Element:
    """Return a ``w:rFonts`` naming the Latin and the East Asian font, hinting East Asian."""
    rfonts = _el("w:rFonts")
    if latin:
        for attr in ("ascii", "hAnsi", "cs"):
            rfonts.set(qn(f"w:{attr}"), latin)
    if east_asia:
        rfonts.set(qn("w:eastAsia"), east_asia)
        rfonts.set(qn("w:hint"), "eastAsia")
    return rfonts


def run_properties(style: RunStyle, *, lang: str | None = None) -> Element | None:
    """Return a ``w:rPr`` for ``style`` (children in schema order), or None when empty."""
    rpr = _el("w:rPr")
    if style.latin or style.east_asia:
        rpr.append(fonts_element(style.latin, style.east_asia))
    if style.bold:
        _sub(rpr, "w:b")
        _sub(rpr, "w:bCs")
    if style.strike:
        _sub(rpr, "w:strike")
    if style.size:
        half_points = str(round(style.size * 2))
        _sub(rpr, "w:sz", val=half_points)
        _sub(rpr, "w:szCs", val=half_points)
    if style.underline:
        _sub(rpr, "w:u", val="single")
    if lang:
        _sub(rpr, "w:lang", eastAsia=lang)
    return rpr if len(rpr) else None


def set_style_fonts(style_element: Element, latin: str, east_asia: str, lang: str) -> None:
    """Name the fonts of a ``w:style`` explicitly and drop theme fonts (which would win)."""
    rpr = style_element.get_or_add_rPr()
    old = rpr.find(qn("w:rFonts"))
    new = fonts_element(latin, east_asia)
    if old is not None:
        old.addprevious(new)
        rpr.remove(old)
    else:
        rpr.insert(0, new)
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = _sub(rpr, "w:lang")
    lang_el.set(qn("w:eastAsia"), lang)


# --------------------------------------------------------------------------- paragraphs and runs


def new_paragraph(style_id: str | None = None, *, align: str | None = None) -> Element:
    """Return a detached ``w:p`` with its style id set directly and optional alignment."""
    p = _el("w:p")
    if style_id or align:
        ppr = _sub(p, "w:pPr")
        if style_id:
            _sub(ppr, "w:pStyle", val=style_id)
        if align:
            _sub(ppr, "w:jc", val=align)
    return p


def body_appender(document_element: Element) -> Callable[[Element], None]:
    """Return a function that appends a block (paragraph, table) to the body, before its sectPr."""
    body = document_element.find(qn("w:body"))
    sect = body.find(qn("w:sectPr"))
    if sect is None:
        return body.append  # type: ignore[no-any-return]
    return sect.addprevious  # type: ignore[no-any-return]


def _text_run(text: str, rpr: Element | None, *, deleted: bool = False) -> Element:
    run = _el("w:r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    t = _sub(run, "w:delText" if deleted else "w:t")
    t.text = text
    if text[:1].isspace() or text[-1:].isspace():
        t.set(_XML_SPACE, "preserve")
    return run


def add_text(p: Element, text: str, rpr: Element | None = None) -> None:
    """Append an ordinary run of ``text`` to paragraph ``p``."""
    if text:
        p.append(_text_run(text, rpr))


# --------------------------------------------------------------------------- tracked changes


@dataclass
class Revisions:
    """Author and date of the revisions of one document, and its counter of unique ``w:id``."""

    author: str
    date: dt.date
    next_id: int = field(default=1)

    def _mark(self, tag: str) -> Element:
        element = _el(tag, id=str(self.next_id), author=self.author, date=f"{self.date.isoformat()}T00:00:00Z")
        self.next_id += 1
        return element

    def add_inserted(self, p: Element, text: str, rpr: Element | None = None) -> None:
        """Append ``text`` to ``p`` as an inserted run (``w:ins``)."""
        if text:
            ins = self._mark("w:ins")
            ins.append(_text_run(text, rpr))
            p.append(ins)

    def add_deleted(self, p: Element, text: str, rpr: Element | None = None) -> None:
        """Append ``text`` to ``p`` as a deleted run (``w:del`` with ``w:delText``)."""
        if text:
            dele = self._mark("w:del")
            dele.append(_text_run(text, rpr, deleted=True))
            p.append(dele)

    def mark_paragraph(self, p: Element, change: str) -> None:
        """Mark the paragraph mark of ``p`` as inserted (``ins``) or deleted (``del``)."""
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = _el("w:pPr")
            p.insert(0, ppr)
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = _sub(ppr, "w:rPr")
        rpr.append(self._mark("w:ins" if change == "ins" else "w:del"))


def enable_track_revisions(settings_element: Element) -> None:
    """Turn on 'track changes' so that further edits of the file are tracked too."""
    if settings_element.find(qn("w:trackRevisions")) is not None:
        return
    # w:trackRevisions follows these children of w:settings in schema order
    before = ("writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
              "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
              "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
              "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
              "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
              "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate",
              "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
              "revisionView")
    element = _el("w:trackRevisions")
    anchor = None
    for child in settings_element:
        if etree.QName(child).localname in before:
            anchor = child
    if anchor is None:
        settings_element.insert(0, element)
    else:
        anchor.addnext(element)


# --------------------------------------------------------------------------- tables


def repeat_header_row(tr: Element) -> None:
    """Mark a table row as a header row repeated on every page (and not split)."""
    trpr = tr.get_or_add_trPr()
    _sub(trpr, "w:cantSplit")
    _sub(trpr, "w:tblHeader")


def set_table_layout(tbl: Element, widths_twips: list[int]) -> None:
    """Give the table a fixed layout, full width and the column widths (twips)."""
    tblpr = tbl.tblPr
    for child in list(tblpr):
        if etree.QName(child).localname in ("tblW", "tblLayout"):
            tblpr.remove(child)
    style = tblpr.find(qn("w:tblStyle"))
    width = _el("w:tblW", w=str(sum(widths_twips)), type="dxa")
    layout = _el("w:tblLayout", type="fixed")
    if style is not None:
        style.addnext(width)
    else:
        tblpr.insert(0, width)
    # w:tblLayout comes after tblW, jc, tblCellSpacing, tblInd, tblBorders, shd
    anchor = width
    for child in tblpr:
        if etree.QName(child).localname in ("jc", "tblCellSpacing", "tblInd", "tblBorders", "shd"):
            anchor = child
    anchor.addnext(layout)
