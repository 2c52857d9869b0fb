"""Page furniture and tables of contents: text that is not content, left out and reported."""

from __future__ import annotations

import re

from .labels import parse_heading
from .report import Report
from .tree import Block

_PAGE_FURNITURE = re.compile(
    r"^(?:[-—–]\s*\d+\s*[-—–]|\d{1,4}|第\s*\d+\s*[页頁](?:\s*[，,/]?\s*共\s*\d+\s*[页頁])?|"
    r"[Pp]age\s+\d+(?:\s+of\s+\d+)?|\d+\s*/\s*\d+|.{0,40}_第\d+[页頁])$"
)
_TOC = re.compile(r"^(?:目\s*[录錄]|contents)$", re.IGNORECASE)
_TOC_LINE = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|\t)\s*\d+$")


def drop_furniture(blocks: list[Block], report: Report) -> list[Block]:
    """Return ``blocks`` without page numbers, headers, footers and a 目录; report each one left out.

    A 目录 entry is a line with dot leaders and a page number, or a heading that occurs again later.
    """
    out: list[Block] = []
    in_toc = False
    toc_seen: set[str] = set()
    keys = [_TOC_LINE.sub("", b.text.strip()).strip() for b in blocks]
    for index, block in enumerate(blocks):
        text = block.text.strip()
        if block.style in ("header", "footer") or (not block.rows and _PAGE_FURNITURE.match(text)):
            report.omit(block.line, "page furniture", text)
            continue
        if _TOC.match(text.replace(" ", "")):
            in_toc = True
            report.omit(block.line, "table of contents", text)
            continue
        if in_toc:
            key = _TOC_LINE.sub("", text).strip()
            heading = parse_heading(key)
            repeated = heading is not None and key in keys[index + 1:]
            if (repeated or _TOC_LINE.search(text)) and key not in toc_seen:
                toc_seen.add(key)
                report.omit(block.line, "table of contents", text)
                continue
            in_toc = False
        out.append(block)
    return out
