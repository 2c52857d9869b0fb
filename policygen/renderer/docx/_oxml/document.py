"""Edits of the parsed document parts: settings, section properties, header and footer roots, watermark."""

from __future__ import annotations

import copy
from collections.abc import Iterable

from lxml import etree

from .order import insert_ordered
from .text import W_URI, Element, element, escape_attr, w_element

W = f"{{{W_URI}}}"
_NAMESPACES = (
    f'xmlns:w="{W_URI}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def story_root_xml(header: bool) -> str:
    """Return the root of a new header (``w:hdr``) or footer (``w:ftr``) part, empty."""
    tag = "hdr" if header else "ftr"
    return f"<w:{tag} {_NAMESPACES}/>"


def set_update_fields(settings: Element) -> None:
    """Ask Word to update fields (the TOC) when the document is opened."""
    insert_ordered(settings, w_element("updateFields", {"val": "true"}), replace=False)


def set_theme_font_lang(settings: Element, lang: str, east_asia: str) -> None:
    """Set the languages Word uses to pick theme fonts (the template says ja-JP)."""
    found = settings.find(f"{W}themeFontLang")
    if found is not None:
        found.set(f"{W}val", lang)
        found.set(f"{W}eastAsia", east_asia)


def set_page_number_restart(sect_pr: Element, restart: bool) -> None:
    """Make the section's page numbers start at 1 (or continue from the previous section)."""
    old = sect_pr.find(f"{W}pgNumType")
    if old is not None:
        sect_pr.remove(old)
    if restart:
        insert_ordered(sect_pr, w_element("pgNumType", {"start": "1"}))


def add_section_break(sentinel: Element) -> None:
    """End the current section: a copy of the sentinel ``w:sectPr`` goes into a new last paragraph.

    As python-docx's ``add_section_break``: the sentinel keeps no header or footer
    reference (the new section inherits them until it gets its own).
    """
    p = element("<w:p><w:pPr/></w:p>")
    sentinel.addprevious(p)
    clone = copy.deepcopy(sentinel)
    clone.attrib.clear()  # as CT_SectPr.clone: no rsids
    p[0].append(clone)
    for tag in ("headerReference", "footerReference"):
        for ref in sentinel.findall(f"{W}{tag}"):
            sentinel.remove(ref)


def clear_content(container: Element, keep: Iterable[str] = ("sectPr",)) -> None:
    """Remove every child of ``container`` except the ``w:`` elements named in ``keep``."""
    kept = {f"{W}{tag}" for tag in keep}
    for child in list(container):
        if child.tag not in kept:
            container.remove(child)


def empty_part_xml(root: Element) -> bytes:
    """Return an XML part holding only an empty root like ``root`` (a stand-in for a part kept as bytes)."""
    qname = etree.QName(root)
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<{root.prefix}:{qname.localname} xmlns:{root.prefix}="{qname.namespace}"/>'
    ).encode()


def watermark_xml(text: str, font: str, shape_id: int) -> str:
    """Return a run holding a VML text watermark (grey, diagonal, behind the text)."""
    style = (
        "position:absolute;margin-left:0;margin-top:0;width:420pt;height:140pt;rotation:315;"
        "z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
        "mso-position-vertical:center;mso-position-vertical-relative:margin"
    )
    return (
        '<w:r xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
        "<w:rPr><w:noProof/></w:rPr><w:pict>"
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
        'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
        '<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
        f'<v:shape type="#_x0000_t136" o:allowincell="f" fillcolor="#d9d9d9" stroked="f" '
        f'id="PowerPlusWaterMarkObject{shape_id}" o:spid="_x0000_s{2048 + shape_id}" style="{style}">'
        '<v:fill opacity=".5"/>'
        f'<v:textpath style="font-family:&quot;{escape_attr(font)}&quot;;font-size:1pt" '
        f'string="{escape_attr(text)}"/></v:shape></w:pict></w:r>'
    )


__all__ = [
    "add_section_break",
    "clear_content",
    "empty_part_xml",
    "set_page_number_restart",
    "set_theme_font_lang",
    "set_update_fields",
    "story_root_xml",
    "watermark_xml",
]
