"""Structure of a regulation from its paragraphs, whatever the input format.

Every reader (text, Markdown, HTML, DOCX) turns its input into :class:`Block`
paragraphs; :func:`build_draft` finds title, metadata, 编/章/节/条, 款 and
items, and reports what it leaves out.
"""

from __future__ import annotations

import re

from .errors import ImportError_
from .furniture import drop_furniture
from .labels import Heading, ItemLabel, is_deleted, parse_heading, parse_item, to_int
from .metadata import is_signature_date, parse_meta_line
from .own import own_heading, own_table, take_own_table
from .report import Report
from .tree import ArticleNode, Block, ChapterNode, Draft, ItemNode, ParaNode, PartNode, SectionNode

_TITLE_BRACKETS = re.compile(r"^[【\[［]([^】\]］]{1,30})[】\]］][ \t\u3000]*(.*)$", re.DOTALL)
_SHORT_TITLE = re.compile(r"^[^。；;，,：:！？!?]{1,20}$")
_TRAD = set("條於與為這個們來說會對時過還經當國發學產們體讓關開實現點頁書從區將處稅務則條辦員應錄確權護")
_SIMP = set("条于与为这个们来说会对时过还经当国发学产们体让关开实现点页书从区将处税务则条办员应录确权护")
_NOTICE_PART = re.compile(r"^([一二三四五六七八九十]+)、\s*(.+)$")
_NOTICE_POINT = re.compile(r"^(\d{1,2})[.．、]\s*(.*)$")
_SHORT_HEADING = re.compile(r"^[^。；;！!]{1,40}$")
ITEM_LEVELS = {
    "prc": {"paren-cn": 0, "n-dot": 1, "paren-n": 2, "circled": 3, "cn-comma": 0},
    "tw": {"cn-comma": 0, "paren-cn": 1, "n-dot": 2, "paren-n": 3, "circled": 4},
}


def build_draft(blocks: list[Block], source: str) -> Draft:
    """Return the draft policy found in ``blocks``; raise ImportError_ when there is no structure."""
    report = Report(source)
    draft = Draft(source=source, report=report)
    blocks = drop_furniture([b for b in blocks if b.text.strip() or b.rows], report)
    blocks = [b for i, b in enumerate(blocks)
              if not (b.style == "heading" and own_heading(b) and i + 1 < len(blocks) and own_table(blocks[i + 1].rows or []))]
    if not blocks:
        raise ImportError_(source, "the file holds no text — is it empty, or a scanned image without a text layer?")
    draft.language = _language("".join(b.text for b in blocks))
    first = next((i for i, b in enumerate(blocks) if _structural(b)), None)
    notice = first is None or any(_NOTICE_PART.match(b.text) for b in blocks if b.node and b.node[0] == "chapter")
    if first is None:
        first = _notice_start(blocks)
    if first is None:
        raise ImportError_(source, "no recognisable structure: no 第X章/第X条 labels and no 一、 headings were found")
    _front_matter(draft, blocks[:first])
    if notice:
        draft.kind = "notice"
    _Body(draft, notice=notice).run(blocks[first:])
    if not draft.all_articles() and not draft.all_chapters():
        raise ImportError_(source, "no recognisable structure: no articles were found")
    return draft


def _notice_start(blocks: list[Block]) -> int | None:
    """Return where a notice's first 一、 part starts, when at least two parts 一、 二、 … follow in order."""
    expected, first = 1, None
    for i, block in enumerate(blocks):
        match = _NOTICE_PART.match(block.text.strip())
        if match and to_int(match.group(1)) == expected and _SHORT_HEADING.match(match.group(2)):
            first = i if expected == 1 else first
            expected += 1
    return first if expected > 2 else None


def _structural(block: Block) -> bool:
    if block.node is not None and block.node[0] in ("part", "chapter", "section", "article"):
        return True
    heading = parse_heading(block.text)
    return heading is not None and (heading.number == 1 or heading.kind != "article")


def _language(text: str) -> str:
    trad = sum(1 for c in text if c in _TRAD)
    simp = sum(1 for c in text if c in _SIMP)
    if trad + simp == 0 and re.search(r"[A-Za-z]{3,}", text) and not re.search(r"[\u4e00-\u9fff]", text):
        return "en"
    return "zh-Hant" if trad > simp else "zh-Hans"


def _front_matter(draft: Draft, blocks: list[Block]) -> None:
    """Title, metadata and preamble: whatever stands before the first 章/条."""
    rest = list(blocks)
    titled = next((b for b in rest if b.style == "title"), None)
    if titled is None:
        titled = next((b for b in rest if not parse_meta_line(b.text) and not b.rows), None)
    if titled is not None:
        draft.title = " ".join(titled.text.split())
        rest.remove(titled)
    for block in rest:
        text = block.text.strip()
        if block.node is not None and block.node[0] == "preamble":
            draft.preamble.append(text)  # marked as such in a policygen DOCX
            continue
        if block.rows:
            kind = own_table(block.rows)
            if kind:
                take_own_table(draft, kind, block.rows, draft.language)
            else:
                draft.tables.append((text or "表", block.rows))
            continue
        if block.style == "org":
            draft.meta["org_line"] = text
            draft.report.omit(block.line, "organisation name; policygen prints the project's", text)
            continue
        if block.style == "recipients":
            names = [n for n in re.split(r"[、，,；;]", text.rstrip("：:")) if n.strip()]
            draft.meta.setdefault("recipients", names)
            continue
        if draft.title and text == draft.title:
            draft.report.omit(block.line, "title repeated", text)
            continue
        meta = parse_meta_line(text)
        if meta:
            for key, value in meta.items():
                draft.meta.setdefault(key, value)
            continue
        draft.preamble.append(text)


class _Body:
    """The state machine over the body: 编 > 章 > 节 > 条 > 款 > items."""

    def __init__(self, draft: Draft, *, notice: bool = False) -> None:
        self.draft = draft
        self.notice = notice
        self.points = 0
        self.part: PartNode | None = None
        self.chapter: ChapterNode | None = None
        self.section: SectionNode | None = None
        self.article: ArticleNode | None = None
        self.last_number = 0
        self.item_stack: list[tuple[int, ItemNode]] = []
        self.tail: list[Block] = []
        self.restarts = 0
        self.ended = False

    def run(self, blocks: list[Block]) -> None:
        self.draft.convention = _convention(blocks, self.draft.language)
        for block in blocks:
            if block.rows is not None:
                self._table(block)
                continue
            if block.node is not None and block.node[0] in ("preamble", "closing"):
                self._flush_tail()  # a marked preamble or closing paragraph ends the body
                (self.draft.closing if block.node[0] == "closing" else self.draft.preamble).append(block.text.strip())
                self.ended = block.node[0] == "closing"
                continue
            if self.ended:
                self.tail.append(block)  # after a marked closing: signature and 版记, never article text
                continue
            heading = parse_heading(block.text)
            if heading is None and (self.notice or block.node):
                heading = self._notice_heading(block)
            if heading is not None and self._accept(heading, block):
                self._flush_tail()
                self._open(heading, block)
                continue
            if self.article is None and self.chapter is None:
                self.draft.preamble.append(block.text.strip())
                continue
            self.tail.append(block)
            if not self._looks_closing(block):
                self._flush_tail()
        self._closing()

    # -- headings ---------------------------------------------------------------------------------

    def _notice_heading(self, block: Block) -> Heading | None:
        """Return a notice's part (一、) or point (1.) as a chapter or article heading, or None."""
        text = block.text.strip()
        kind = block.node[0] if block.node else None
        if block.style == "item":
            return None  # a paragraph in an item style (1. under a point of a GB/T notice) is an item
        part = _NOTICE_PART.match(text)
        chapters = len(self.draft.all_chapters())
        if part and (kind == "chapter" or (kind is None and to_int(part.group(1)) == chapters + 1
                                           and _SHORT_HEADING.match(part.group(2)))):
            return Heading("chapter", to_int(part.group(1)), 0, part.group(2).strip(), part.group(1) + "、")
        point = _NOTICE_POINT.match(text)
        if point and self.chapter is not None and (kind == "article" or (kind is None and self.notice and
                                                   int(point.group(1)) == self.points + 1)):
            return Heading("article", int(point.group(1)), 0, point.group(2).strip(), point.group(1) + ".")
        if kind in ("chapter", "section", "article"):
            return Heading(kind, 0, 0, text, "")
        return None

    def _accept(self, heading: Heading, block: Block) -> bool:
        if block.node is not None or (self.notice and heading.label.endswith(("、", "."))):
            return True
        if heading.kind != "article":
            return True
        if heading.insert:
            return heading.number == self.last_number
        if heading.number == 1 and self.last_number > 1:
            self.draft.report.note(block.line, f"{heading.label}: article numbering starts again — the file seems to "
                                               "hold several documents; they were imported as one, numbered on")
            self.restarts += 1
            return True
        if heading.number <= self.last_number:
            return False
        if heading.number != self.last_number + 1:
            self.draft.report.note(block.line, f"{heading.label} follows article {self.last_number}: numbering gap")
        return True

    def _open(self, heading: Heading, block: Block) -> None:
        self.draft.labels_removed += 1
        if heading.kind != "article":
            heading, block = self._split_run_in_article(heading, block)
        carried = block.node[1] if block.node else None
        self.item_stack = []
        if heading.kind == "part":
            self.part = PartNode(heading.number, _title_text(heading.rest), block.line, source_id=carried)
            self.draft.parts.append(self.part)
            self.chapter = self.section = None
            self.article = None
        elif heading.kind == "chapter":
            self.points = 0
            self.chapter = ChapterNode(heading.number, _title_text(heading.rest), block.line, source_id=carried)
            (self.part.chapters if self.part else self.draft.chapters).append(self.chapter)
            self.section = None
            self.article = None
        elif heading.kind == "section":
            if self.chapter is None:
                self.chapter = ChapterNode(0, "", block.line)
                self.draft.chapters.append(self.chapter)
            self.section = SectionNode(heading.number, _title_text(heading.rest), block.line, source_id=carried)
            self.chapter.sections.append(self.section)
            self.article = None
        else:
            self._open_article(heading, block, carried)

    def _split_run_in_article(self, heading: Heading, block: Block) -> tuple[Heading, Block]:
        """Open a chapter whose line runs on into its first article (第三章 总则第四条 …) and return the article part."""
        for match in re.finditer(r"第", heading.rest):
            inner = parse_heading(heading.rest[match.start():])
            if inner is not None and inner.kind == "article" and inner.number in (self.last_number + 1, 1):
                title = heading.rest[: match.start()].strip()
                self._open(Heading(heading.kind, heading.number, 0, title, heading.label), Block(title, block.line))
                return inner, Block(heading.rest[match.start():], block.line)
        return heading, block

    def _open_article(self, heading: Heading, block: Block, carried: str | None) -> None:
        if self.notice:
            self.points = heading.number
            heading = Heading(heading.kind, 0, 0, heading.rest, heading.label)
        elif not heading.insert:
            self.last_number = heading.number
        article = ArticleNode(heading.number, heading.insert, block.line, heading.label, source_id=carried)
        rest = heading.rest
        lead = (block.lead or "").strip()
        if lead:
            lead_head = parse_heading(lead)
            title = lead_head.rest if lead_head else lead
            if title and rest.startswith(title):
                article.title = title
                rest = rest[len(title):].strip(" \t\u3000")
        if article.title is None:
            match = _TITLE_BRACKETS.match(rest)
            if match:
                article.title, rest = match.group(1).strip(), match.group(2).strip()
        if article.title is None and rest and _SHORT_TITLE.match(rest) and block.lead is None:
            article.title, rest = rest, ""  # 第一条 目的, its text on the next lines
        if rest:
            if is_deleted(rest):
                article.deleted = True
            else:
                article.paras.append(ParaNode(rest))
        if self.section is not None:
            self.section.articles.append(article)
        elif self.chapter is not None:
            self.chapter.articles.append(article)
        else:
            self.draft.articles.append(article)
        self.article = article

    # -- paragraphs and items -----------------------------------------------------------------------

    def _flush_tail(self) -> None:
        for block in self.tail:
            self._paragraph(block)
        self.tail = []

    def _paragraph(self, block: Block) -> None:
        text = block.text.strip()
        if self.article is None:
            assert self.chapter is not None
            self.chapter.text.append(text)
            return
        if not self.article.paras and is_deleted(text):
            self.article.deleted = True
            return
        item = parse_item(text)
        levels = ITEM_LEVELS[self.draft.convention]
        if item is not None and self.article.paras and item.style in levels:
            self._item(item, levels[item.style])
            return
        self.article.paras.append(ParaNode(text))
        self.item_stack = []

    def _item(self, item: ItemLabel, level: int) -> None:
        assert self.article is not None
        self.draft.labels_removed += 1
        node = ItemNode(item.rest)
        while self.item_stack and self.item_stack[-1][0] >= level:
            self.item_stack.pop()
        if self.item_stack:
            self.item_stack[-1][1].items.append(node)
        else:
            self.article.paras[-1].items.append(node)
        self.item_stack.append((level, node))

    def _table(self, block: Block) -> None:
        kind = own_table(block.rows or [])
        if kind:
            take_own_table(self.draft, kind, block.rows or [], self.draft.language)
            if kind != "changelog" and self.chapter is not None and self.article is None:
                self.chapter.show = kind
            return
        name = block.text.strip() or "表"
        self.draft.tables.append((name, block.rows or []))
        self.draft.report.note(block.line, f"table of {len(block.rows or [])} row(s) kept as an attachment table")

    # -- the end ------------------------------------------------------------------------------------

    def _looks_closing(self, block: Block) -> bool:
        if block.style in ("signature", "imprint"):
            return True
        text = block.text.strip()
        return bool(is_signature_date(text) or parse_meta_line(text) or (len(text) <= 30 and _org_like(text)))

    def _closing(self) -> None:
        """Trailing signature lines (issuer, date, 抄送) become metadata; the rest stays body text."""
        for block in self.tail:
            text = block.text.strip()
            meta = parse_meta_line(text)
            if meta:
                for key, value in meta.items():
                    self.draft.meta.setdefault(key, value)
                continue
            if is_signature_date(text):
                from .metadata import parse_date

                self.draft.meta.setdefault("signed_date", parse_date(text))
                self.draft.report.omit(block.line, "signature date; policygen prints the issue date", text)
                continue
            if block.style == "imprint":
                self.draft.report.omit(block.line, "imprint (版记); policygen prints it", text)
                continue
            cc = re.search(r"抄送[：:]\s*([^。\t]+)", text)  # a 版记 line: 抄送：… then the printer and date
            if cc:
                for key, value in (parse_meta_line("抄送：" + cc.group(1)) or {}).items():
                    self.draft.meta.setdefault(key, value)
            self.draft.meta.setdefault("signature", text)
            org = self.draft.meta.get("org_line")
            if org and text.startswith(org) and len(text) > len(org):
                self.draft.meta.setdefault("owner", text[len(org):].strip())
            self.draft.report.omit(block.line, "signature line; policygen prints the issuer", text)


def _org_like(text: str) -> bool:
    return bool(re.search(r"(公司|部|办公室|辦公室|委员会|委員會|中心|集团|集團)$", text)) and not re.search(r"[。；：]", text)


def _title_text(rest: str) -> str:
    return " ".join(rest.split()).strip()


def _convention(blocks: list[Block], language: str) -> str:
    """Return tw or prc: by the items inside articles (一、 is tw, （一） prc), else by the labels and script.

    Without items to tell, Arabic or 9-1 article labels (第 9-1 條) or traditional script mean tw.
    """
    in_article = False
    cn_comma = paren_cn = 0
    arabic_labels = 0
    for block in blocks:
        heading = parse_heading(block.text)
        if heading is not None:
            in_article = heading.kind == "article"
            arabic_labels += heading.kind == "article" and bool(re.search(r"\d", heading.label))
            continue
        item = parse_item(block.text) if in_article else None
        if item is not None:
            cn_comma += item.style == "cn-comma"
            paren_cn += item.style == "paren-cn"
    if cn_comma != paren_cn:
        return "tw" if cn_comma > paren_cn else "prc"
    return "tw" if arabic_labels or language == "zh-Hant" else "prc"
