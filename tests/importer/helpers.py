"""DOCX fixtures for import tests, built with python-docx and lxml as Word or LibreOffice write them."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn
from lxml import etree

import policygen
from policygen.importer.carried import read_carried


def policy_docx(path: str) -> bytes:
    """Return the DOCX policygen writes for ``path``; it carries the policy's ids (the DOCX contract)."""
    raw = policygen.render(policygen.load(path), "docx")
    assert read_carried(docx.Document(io.BytesIO(raw))) is not None, "the writer no longer carries ids"
    return raw


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
