"""HTML input through the standard library's parser: block elements are paragraphs, tables are tables."""

from __future__ import annotations

from html.parser import HTMLParser

from .plaintext import decode
from .report import Report
from .tree import Block

_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article",
           "blockquote", "pre", "dt", "dd", "title", "header", "footer", "nav", "table", "ul", "ol"}
_SKIP = {"script", "style", "noscript", "template", "head"}
_FURNITURE = {"nav", "header", "footer", "aside"}


class _Parser(HTMLParser):
    def __init__(self, report: Report) -> None:
        super().__init__(convert_charrefs=True)
        self.report = report
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.start = 1
        self.skip = 0
        self.furniture = 0
        self.bold = 0
        self.lead: list[str] | None = None
        self.lead_done: str | None = None
        self.heading = 0
        self.title_text: list[str] = []
        self.in_title = False
        self.rows: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.table_line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _SKIP:
            self.skip += 1
            return
        if tag in _FURNITURE:
            self._flush()
            self.furniture += 1
        if tag == "table":
            self._flush()
            self.rows, self.table_line = [], self.getpos()[0]
            return
        if self.rows is not None:
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.cell = []
            return
        if tag in _BLOCKS:
            self._flush()
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.heading = int(tag[1])
        if tag in ("b", "strong"):
            self.bold += 1
            if not "".join(self.buf).strip():
                self.lead = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.rows is not None:
            if tag in ("td", "th") and self.cell is not None and self.rows:
                self.rows[-1].append(" ".join("".join(self.cell).split()))
                self.cell = None
            elif tag == "table":
                rows = [r for r in self.rows if any(c for c in r)]
                self.blocks.append(Block("", self.table_line, rows=rows, style="table"))
                self.rows = None
            return
        if tag in ("b", "strong"):
            self.bold = max(0, self.bold - 1)
            if self.lead is not None and self.bold == 0:
                self.lead_done = "".join(self.lead)
                self.lead = None
        if tag in _BLOCKS:
            self._flush()
        if tag in _FURNITURE:
            self.furniture = max(0, self.furniture - 1)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_text.append(data)
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
            return
        if not "".join(self.buf).strip():
            self.start = self.getpos()[0]
        self.buf.append(data)
        if self.lead is not None:
            self.lead.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self.buf).split())
        lead = self.lead_done
        self.buf, self.lead_done = [], None
        if not text:
            self.heading = 0
            return
        if self.furniture:
            self.report.omit(self.start, "page furniture (header, footer or navigation)", text)
        else:
            style = "title" if self.heading == 1 else "heading" if self.heading else ""
            self.blocks.append(Block(text, self.start, lead=lead, style=style, level=self.heading))
        self.heading = 0


def read_html(raw: bytes, source: str, report: Report) -> list[Block]:
    """Return the blocks of an HTML page; navigation, headers and footers go to the report."""
    parser = _Parser(report)
    parser.feed(decode(raw, source))
    parser.close()
    parser._flush()
    blocks = parser.blocks
    if not any(b.style == "title" for b in blocks) and parser.title_text:
        title = " ".join("".join(parser.title_text).split())
        if title:
            blocks.insert(0, Block(title, 1, style="title"))
    return blocks
