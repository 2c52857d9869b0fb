"""DOCX input: paragraphs with labels from Word's automatic numbering, tables, carried ids.

Headers, footers and page-number fields are page furniture, not content. A DOCX
that policygen wrote carries its policy id and the id of every part, chapter,
section and article (see :mod:`policygen.importer.carried`); those ids are kept.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from .carried import Carried, read_carried
from .errors import ImportError_
from .numbering import Numbering
from .report import Report
from .tracked import resolve_tracked
from .tree import Block

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def open_document(raw: bytes, source: str) -> Any:
    """Return the python-docx Document of ``raw``; raise ImportError_ for encrypted, old or corrupt files."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    if not raw:
        raise ImportError_(source, "the file is empty")
    if raw.startswith(_OLE_MAGIC):
        raise ImportError_(source, "the file is password-protected (encrypted) or an old .doc — "
                                   "remove the password or save it as .docx in Word, then import it again")
    try:
        return docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise ImportError_(source, f"the file is not a readable .docx ({exc}) — open and save it again in Word") from None
    except etree.XMLSyntaxError as exc:
        raise ImportError_(source, f"the file is a damaged .docx ({exc}) — open and save it again in Word") from None


def read_docx(raw: bytes, source: str, report: Report, *, reject_tracked: bool = False) -> tuple[list[Block], str | None]:
    """Return the blocks of a DOCX (tracked changes accepted unless ``reject_tracked``) and its carried policy id."""
    document = open_document(raw, source)
    carried = read_carried(document)
    return document_blocks(document, report, carried, reject_tracked=reject_tracked), carried.policy_id if carried else None


def document_blocks(document: Any, report: Report, carried: Carried | None, *, reject_tracked: bool = False) -> list[Block]:
    """Return the body of ``document`` as blocks; report headers and footers as page furniture."""
    body = document.element.body
    resolve_tracked(body, reject=reject_tracked)
    numbering = Numbering.of(document)
    bookmarks = carried.by_bookmark if carried else {}
    blocks: list[Block] = []
    position = 0
    for child in body.iterchildren():
        if child.tag == W + "p":
            position += 1
            block = _paragraph(child, position, numbering, bookmarks, document)
            if block is not None:
                blocks.append(block)
        elif child.tag == W + "tbl":
            position += 1
            rows = _table_rows(child)
            if rows:
                blocks.append(Block("", position, rows=rows, style="table"))
    _furniture(document, report)
    return blocks


def _paragraph(p: Any, position: int, numbering: Numbering, bookmarks: dict[str, tuple[str, str]],
               document: Any) -> Block | None:
    text = paragraph_text(p)
    label = numbering.label(p, document)
    if label:
        text = f"{label}\u3000{text}" if not label.endswith(("、", "．", ".")) else label + text
    node = None
    for mark in p.iter(W + "bookmarkStart"):
        node = bookmarks.get(mark.get(W + "name", "")) or node
    if not text.strip():
        return None
    style = _style_name(p, document)
    lead = _bold_lead(p)
    if label and lead is not None:
        lead = f"{label}\u3000{lead}"
    kind = "title" if style == "Title" else "heading" if style.startswith("Heading") else ""
    level = int(style.split()[-1]) if kind == "heading" and style.split()[-1].isdigit() else 0
    if style.startswith("Item"):
        kind = "item"
    kind = {"Meta": "meta", "Organisation": "org", "Recipients": "recipients", "Signature": "signature",
            "Imprint": "imprint"}.get(style, kind)
    return Block(text.strip(), position, lead=lead, node=node, style=kind, level=level)


def paragraph_text(p: Any) -> str:
    """Return the visible text of a ``w:p``: runs, hyperlinks, tabs and breaks; no field codes, no deleted text."""
    out: list[str] = []
    in_field_code = False
    for el in p.iter(W + "t", W + "tab", W + "br", W + "fldChar", W + "instrText", W + "delText", W + "noBreakHyphen"):
        tag = el.tag[len(W):]
        if tag == "fldChar":
            kind = el.get(W + "fldCharType")
            in_field_code = kind == "begin"
            if kind == "separate":
                in_field_code = False
        elif in_field_code or tag in ("instrText", "delText"):
            continue
        elif tag == "t":
            out.append(el.text or "")
        elif tag == "tab":
            out.append("\t")
        elif tag == "br":
            out.append("\n")
        elif tag == "noBreakHyphen":
            out.append("-")
    return "".join(out)


def _bold_lead(p: Any) -> str:
    """Return the text of the bold runs at the start of the paragraph ('' when it starts plain)."""
    out: list[str] = []
    for r in p.iter(W + "r"):
        rpr = r.find(W + "rPr")
        bold = rpr is not None and rpr.find(W + "b") is not None and rpr.find(W + "b").get(W + "val") not in ("0", "false")
        text = "".join(t.text or "" for t in r.iter(W + "t"))
        if not text:
            continue
        if not bold:
            break
        out.append(text)
    return "".join(out).strip()


def _style_name(p: Any, document: Any) -> str:
    ppr = p.find(W + "pPr")
    sid = ppr.find(W + "pStyle").get(W + "val") if ppr is not None and ppr.find(W + "pStyle") is not None else None
    if not sid:
        return "Normal"
    sid = str(sid)
    style = document.styles.element.get_by_id(sid)
    if style is None:
        return str(sid)
    name = str(style.name_val or sid)
    return {"heading 1": "Heading 1", "heading 2": "Heading 2", "heading 3": "Heading 3", "title": "Title"}.get(name, name)


def _table_rows(tbl: Any) -> list[list[str]]:
    rows: list[list[str]] = []
    for tr in tbl.iterchildren(W + "tr"):
        cells = []
        for tc in tr.iterchildren(W + "tc"):
            cells.append("\n".join(t for t in (paragraph_text(p).strip() for p in tc.iter(W + "p")) if t))
        rows.append(cells)
    return [r for r in rows if any(c for c in r)]


def _furniture(document: Any, report: Report) -> None:
    seen: set[tuple[str, str]] = set()
    for section in document.sections:
        for part_name, part in (("header", section.header), ("footer", section.footer)):
            if part.is_linked_to_previous and seen:
                continue
            for p in part._element.iter(W + "p"):
                text = paragraph_text(p).strip()
                if text and (part_name, text) not in seen:
                    seen.add((part_name, text))
                    report.omit(0, f"page {part_name}", text)
