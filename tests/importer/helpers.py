"""DOCX fixtures for import tests, built with python-docx and lxml as Word or LibreOffice write them."""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

import policygen
from policygen.importer.carried import (
    CUSTOM_XML_RELTYPE,
    NS,
    bookmark_name,
    read_carried,
    source_hash,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def policy_docx(path: str) -> bytes:
    """Return the DOCX policygen writes for ``path``, carrying ids as the DOCX contract says.

    When the writer already carries them, its output is returned as it is;
    otherwise (a writer before the contract) the ids are added here, following
    the contract: a ``<pg:policy>`` custom XML part and a bookmark per node.
    """
    policy = policygen.load(path)
    raw = policygen.render(policy, "docx")
    document = docx.Document(io.BytesIO(raw))
    if read_carried(document) is not None:
        return raw
    resolved = policygen.resolve(policy)
    nodes: list[tuple[str, str]] = []
    for chapter in resolved.chapters:
        nodes.append(("chapter", chapter.id))
        for section in chapter.sections:
            nodes.append(("section", section.id))
            nodes += [("article", a.id) for a in section.articles]
        nodes += [("article", a.id) for a in chapter.articles]
    nodes += [("article", a.id) for a in resolved.articles]
    paragraphs = [p for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2", "Article")]
    heads = iter(p for p in paragraphs)
    used = 1000
    for kind, node_id in nodes:
        want = {"chapter": ("Heading 1",), "section": ("Heading 2",), "article": ("Article",)}[kind]
        para = next(p for p in heads if p.style.name in want)
        used += 1
        _bookmark(para._p, bookmark_name(kind, node_id), used)
    add_policy_part(document, policy.id, policy.version, source_hash(policy), nodes)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _bookmark(p: Any, name: str, ident: int) -> None:
    start = etree.SubElement(p, qn("w:bookmarkStart"))
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    ppr = p.find(qn("w:pPr"))
    p.remove(start)
    p.insert(0 if ppr is None else p.index(ppr) + 1, start)
    end = etree.SubElement(p, qn("w:bookmarkEnd"))
    end.set(qn("w:id"), str(ident))


def add_policy_part(document: Any, policy_id: str, version: str, sha: str, nodes: list[tuple[str, str]]) -> None:
    """Add the ``<pg:policy>`` custom XML part of the DOCX contract to ``document``."""
    root = etree.Element(f"{{{NS}}}policy", nsmap={"pg": NS})
    root.set("id", policy_id)
    root.set("version", version)
    root.set("source-sha256", sha)
    for kind, node_id in nodes:
        node = etree.SubElement(root, f"{{{NS}}}node")
        node.set("kind", kind)
        node.set("id", node_id)
        node.set("bookmark", bookmark_name(kind, node_id))
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = document.part.package
    partname = PackURI("/customXml/item1.xml")
    taken = {str(p.partname) for p in package.iter_parts()}
    n = 1
    while str(partname) in taken:
        n += 1
        partname = PackURI(f"/customXml/item{n}.xml")
    part = Part(partname, "application/xml", blob, package)
    document.part.relate_to(part, CUSTOM_XML_RELTYPE)


__all__ = ["RT", "W_NS", "add_policy_part", "policy_docx"]


def numbered_docx(title: str, chapters: list[tuple[str, list[str]]], *, lvl_text: str = "第%1条",
                  fmt: str = "chineseCounting") -> bytes:
    """Return a DOCX whose 第X条 labels come from Word's automatic numbering, not from the text.

    Each article paragraph refers to one list (``numId``) whose level 0 prints
    ``lvl_text`` with ``fmt`` — as Word writes a list defined as 第一条, 第二条 ….
    """
    document = docx.Document()
    document.add_paragraph(title, style="Title")
    numbering = document.part.numbering_part.element
    absn = etree.SubElement(numbering, qn("w:abstractNum"))
    absn.set(qn("w:abstractNumId"), "90")
    lvl = etree.SubElement(absn, qn("w:lvl"))
    lvl.set(qn("w:ilvl"), "0")
    for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", lvl_text), ("w:suff", "space")):
        etree.SubElement(lvl, qn(tag)).set(qn("w:val"), val)
    nums = numbering.findall(qn("w:num"))
    num = etree.Element(qn("w:num"))
    num.set(qn("w:numId"), "90")
    etree.SubElement(num, qn("w:abstractNumId")).set(qn("w:val"), "90")
    if nums:
        nums[-1].addnext(num)
    else:
        numbering.append(num)
    # abstractNum elements must precede num elements
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(absn)
    for chapter, articles in chapters:
        document.add_paragraph(chapter, style="Heading 1")
        for text in articles:
            first, *more = text.split("\n")  # further paragraphs (款) follow unnumbered
            p = document.add_paragraph(first)
            ppr = p._p.get_or_add_pPr()
            num_pr = etree.SubElement(ppr, qn("w:numPr"))
            etree.SubElement(num_pr, qn("w:ilvl")).set(qn("w:val"), "0")
            etree.SubElement(num_pr, qn("w:numId")).set(qn("w:val"), "90")
            for para in more:
                document.add_paragraph(para)
    section = document.sections[0]
    section.header.paragraphs[0].text = f"{title} 内部资料"
    section.footer.paragraphs[0].text = "第 1 页"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
