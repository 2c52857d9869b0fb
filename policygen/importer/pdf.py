"""Text PDF input (pypdf, layout mode): lines joined into paragraphs by indentation; running headers are furniture.

A PDF has no paragraphs, only lines. A paragraph starts where a line is indented
further than the page's left margin, starts with a label, or follows a blank
line; other lines continue the paragraph before them, across page breaks too.
Lines repeated at the top or bottom of most pages (running headers, footers)
and page numbers are page furniture.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from .errors import ImportError_
from .labels import parse_heading, parse_item
from .metadata import parse_meta_line
from .own import own_heading
from .report import Report
from .tree import Block

_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_GAP = re.compile(r"[ \t]{2,}")
_PAGE_NUMBER = re.compile(r"^[-—–]?\s*\d{1,4}\s*[-—–]?$|^第\s*\d+\s*[页頁].*$")


def read_pdf(raw: bytes, source: str, report: Report) -> list[Block]:
    """Return the paragraphs of a text PDF; raise ImportError_ for encrypted or scanned files."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not raw:
        raise ImportError_(source, "the file is empty")
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportError_(source, "the PDF is password-protected — remove the password, then import it again")
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise ImportError_(source, f"the file is not a readable PDF ({exc})") from None
    if not "".join(pages).strip():
        raise ImportError_(source, "the PDF has no text layer (a scanned image?) — run OCR on it first, or import "
                                   "the original Word file")
    lines = _without_furniture([p.splitlines() for p in pages], report)
    return _before_own_tables(_paragraphs(lines), report)


def _before_own_tables(blocks: list[Block], report: Report) -> list[Block]:
    """Leave out policygen's own revision table: a PDF's table cells come out as loose lines."""
    for index, block in enumerate(blocks):
        if own_heading(block):
            for rest in blocks[index:]:
                report.omit(rest.line, "revision history table (tables are not read from PDF)", rest.text)
            return blocks[:index]
    return blocks


def _without_furniture(pages: list[list[str]], report: Report) -> list[tuple[int, str]]:
    """Return (line number, line) of the body; running headers, footers and page numbers go to the report."""
    edges: Counter[str] = Counter()
    for lines in pages:
        body = [line.strip() for line in lines if line.strip()]
        edges.update({_key(x) for x in body[:2] + body[-2:]})
    repeated = {k for k, n in edges.items() if n >= max(2, len(pages) // 2 + 1)} if len(pages) > 1 else set()
    out: list[tuple[int, str]] = []
    number = 0
    for lines in pages:
        for line in lines:
            number += 1
            text = line.strip()
            if text and (_key(text) in repeated or _PAGE_NUMBER.match(text)):
                report.omit(number, "page furniture (running header, footer or page number)", text)
                continue
            out.append((number, line.rstrip()))
        out.append((number, ""))  # a page break: a paragraph may go on across it
    return out


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _paragraphs(lines: list[tuple[int, str]]) -> list[Block]:
    indents = [len(line) - len(line.lstrip()) for _, line in lines if line.strip()]
    margin = min(indents, default=0)
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    blank = True
    alone = False
    for number, line in lines:
        if not line.strip():
            blank = True
            continue
        indent = len(line) - len(line.lstrip())
        text = line.strip()
        centred = indent > margin + 6 or parse_meta_line(_GAP.sub("\u3000", text)) is not None
        starts = (indent > margin or alone or centred or parse_heading(text) is not None
                  or parse_item(text) is not None)
        if current and (starts or (blank and not _continues(current[-1]))):
            blocks.append(_block(current, start))
            current = []
        if not current:
            start = number
        current.append(text)
        blank, alone = False, centred
    if current:
        blocks.append(_block(current, start))
    return blocks


def _continues(previous: str) -> bool:
    """Return whether a paragraph ending in ``previous`` may go on after a blank line (a page break)."""
    return not previous.endswith(("。", "：", "；", "！", "？", ".", ":", ";"))


def _block(lines: list[str], start: int) -> Block:
    text = lines[0]
    for line in lines[1:]:
        text += line if _CJK.match(line[:1]) and _CJK.match(text[-1:]) else " " + line
    parts = _GAP.split(text)
    lead = None
    if len(parts) >= 3 and parse_heading(parts[0]) is not None and len(parts[1]) <= 15:
        lead = f"{parts[0]}\u3000{parts[1]}"  # 第二条   范围   本制度…: the title stands apart
    elif parse_heading(parts[0]) is not None:
        lead = ""
    return Block(_GAP.sub("\u3000", text), start, lead=lead)
