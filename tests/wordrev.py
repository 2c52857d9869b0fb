"""Accept or reject every tracked change of a .docx, as Word does, and read back (style, text)."""

from __future__ import annotations

import copy
import io
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

W_URI = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_URI}}}"


def _unwrap(element: Any) -> None:
    parent = element.getparent()
    index = parent.index(element)
    for child in list(element):
        parent.insert(index, child)
        index += 1
    parent.remove(element)


def _resolve(root: Any, accept: bool) -> None:
    keep, drop = (("ins", "moveTo"), ("del", "moveFrom")) if accept else (("del", "moveFrom"), ("ins", "moveTo"))
    # rows
    for tr in list(root.iter(f"{W}tr")):
        marks = {etree.QName(m).localname for m in tr.findall(f"{W}trPr/*")}
        if set(drop) & marks:
            tr.getparent().remove(tr)
        else:
            for m in tr.findall(f"{W}trPr/*"):
                if etree.QName(m).localname in keep:
                    m.getparent().remove(m)
    # runs
    for name in drop:
        for element in list(root.iter(f"{W}{name}")):
            if element.getparent() is not None and etree.QName(element.getparent()).localname != "rPr":
                element.getparent().remove(element)
    for name in keep:
        for element in list(root.iter(f"{W}{name}")):
            if etree.QName(element.getparent()).localname != "rPr":
                _unwrap(element)
    for t in list(root.iter(f"{W}delText")):
        t.tag = f"{W}t"
    for t in list(root.iter(f"{W}delInstrText")):
        t.tag = f"{W}instrText"
    # paragraph property changes
    for change in list(root.iter(f"{W}pPrChange")):
        ppr = change.getparent()
        if accept:
            ppr.remove(change)
        else:
            old = change.find(f"{W}pPr")
            kept = [c for c in ppr if etree.QName(c).localname in ("rPr", "sectPr")]
            for child in list(ppr):
                ppr.remove(child)
            for child in list(old) if old is not None else []:
                ppr.append(child)
            for child in kept:
                ppr.append(child)
    # paragraph marks: a removed mark joins the paragraph to the next one
    for p in list(root.iter(f"{W}p")):
        rpr = p.find(f"{W}pPr/{W}rPr")
        if rpr is None:
            continue
        names = {etree.QName(m).localname for m in rpr}
        for m in list(rpr):
            if etree.QName(m).localname in keep:
                rpr.remove(m)
        if not set(drop) & names:
            continue
        content = [c for c in p if etree.QName(c).localname != "pPr"]
        following = p.getnext()
        if content and following is not None and etree.QName(following).localname == "p":
            ppr = following.find(f"{W}pPr")
            at = following.index(ppr) + 1 if ppr is not None else 0
            for child in content:
                following.insert(at, child)
                at += 1
        p.getparent().remove(p)


def resolved(data: bytes, accept: bool) -> Any:
    """Return the document with every revision accepted (or rejected)."""
    document = docx.Document(io.BytesIO(data))
    _resolve(document.element.body, accept)
    for section in document.sections:
        for story in (section.header, section.footer):
            if not story.is_linked_to_previous:
                _resolve(story.part.element, accept)
    return document


def _blocks(container: Any, parent: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for child in container.iterchildren(f"{W}p", f"{W}tbl"):
        if child.tag == f"{W}p":
            p = Paragraph(child, parent)
            out.append((p.style.name if p.style is not None else "", p.text))
            for box in child.iter(f"{W}txbxContent"):  # a text box (the 版记 of a notice) is read too
                out.extend((f"box:{style}", text) for style, text in _blocks(box, parent))
        else:
            for row in Table(child, parent).rows:
                for cell in row.cells:
                    for p in cell.paragraphs:
                        out.append(("cell:" + (p.style.name if p.style is not None else ""), p.text))
    return out


def seen(document: Any) -> dict[str, Any]:
    """Return what a reader compares: (style, text) of every paragraph and cell; headers; footers; sections."""
    body = document.element.body
    stories = []
    for section in document.sections:
        for story in (section.header, section.footer):
            stories.append(_blocks(story.part.element, story) if not story.is_linked_to_previous else None)
    sections = [
        (s.page_width, s.page_height, s.left_margin, s.right_margin, s.top_margin, s.bottom_margin, s.start_type)
        for s in document.sections
    ]
    return {"body": _blocks(body, document.part), "stories": stories, "sections": sections}


def revision_marks(data: bytes) -> list[Any]:
    """Return every revision mark element of the body."""
    document = docx.Document(io.BytesIO(data))
    names = ("ins", "del", "moveFrom", "moveTo", "pPrChange")
    return [e for e in document.element.body.iter(*[f"{W}{n}" for n in names])]


__all__ = ["resolved", "revision_marks", "seen"]
_ = copy
