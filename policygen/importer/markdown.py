"""Markdown input: headings, paragraphs, lists and pipe tables; markup is not content."""

from __future__ import annotations

import re

from .plaintext import decode
from .report import Report
from .tree import Block

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_QUOTE = re.compile(r"^\s*>\s?")
_BOLD_LEAD = re.compile(r"^(\*\*|__)(.+?)\1")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_INLINE = ((re.compile(r"\*\*(.+?)\*\*|__(.+?)__"), r"\1\2"), (re.compile(r"(?<![\w*])\*(?!\s)(.+?)\*"), r"\1"),
           (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"), (re.compile(r"`([^`]*)`"), r"\1"),
           (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])"), r"\1"))
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def read_markdown(raw: bytes, source: str, report: Report) -> list[Block]:
    """Return the blocks of a Markdown file; HTML comments go to the report."""
    text = decode(raw, source)
    for match in _COMMENT.finditer(text):
        at = text.count("\n", 0, match.start()) + 1
        report.omit(at, "Markdown comment", match.group(0))
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    blocks: list[Block] = []
    table: list[list[str]] = []
    table_line = 0
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith("|"):
            if _TABLE_RULE.match(line):
                continue
            table_line = table_line or n
            table.append([_inline(c.strip()) for c in line.strip().strip("|").split("|")])
            continue
        if table:
            blocks.append(Block("", table_line, rows=table, style="table"))
            table, table_line = [], 0
        if not line.strip() or re.fullmatch(r"\s*([-*_])(\s*\1){2,}\s*", line):
            continue
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            blocks.append(Block(_inline(heading.group(2)), n, style="title" if level == 1 else "heading", level=level))
            continue
        body = _QUOTE.sub("", _BULLET.sub("", line)).strip()
        lead = _BOLD_LEAD.match(body)
        blocks.append(Block(_inline(body), n, lead=_inline(lead.group(2)) if lead else None))
    if table:
        blocks.append(Block("", table_line, rows=table, style="table"))
    return blocks


def _inline(text: str) -> str:
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text.strip()
