"""The regulation and notice layouts, mapped onto Word styles.

Same structure as the HTML templates (``templates/regulation.html.j2`` and
``notice.html.j2``): every number and label comes from the resolved document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...resolver.document import (
    ResolvedArticle,
    ResolvedChapter,
    ResolvedDocument,
    ResolvedItem,
    RichText,
)
from . import _oxml
from .issued import GbtNotice, is_gbt_notice

if TYPE_CHECKING:
    from .writer import DocxWriter

PUBLISHED = ("published", "approved")
THICK = _oxml.Border(size=8, color="000000", space=1)
THIN = _oxml.Border(size=4, color="000000", space=1)
RED_RULE = _oxml.Border(size=12, color="C00000", space=4)


def version_label(doc: ResolvedDocument) -> str:
    """Return e.g. "版本号 1.1" or "Version 1.1"."""
    return f"{doc.labels['version']} {doc.version}"


def header_text(doc: ResolvedDocument) -> str:
    """Return the running header: document number, title and version."""
    return " ".join(part for part in (doc.doc_number, doc.title, version_label(doc)) if part)


def document_properties(doc: ResolvedDocument) -> dict[str, Any]:
    """Return the core properties of a single-policy .docx (keyword arguments of set_properties)."""
    return {
        "title": doc.title,
        "author": doc.owner,
        "subject": doc.doc_number or doc.title,
        "keywords": ", ".join((doc.title, version_label(doc), doc.id)),
        "version": doc.version,
        "revision": max(len(doc.changelog), 1),
        "date": doc.issued_iso,
        "language": doc.html_lang,
        "category": doc.kind,
        "status": doc.status_label,
        "identifier": doc.id,
        "comments": f"{doc.organisation} {doc.title}",
    }


def write_document(w: DocxWriter, doc: ResolvedDocument) -> None:
    """Append ``doc`` to the writer in the layout of its kind."""
    _Layout(w, doc).write()


class _Layout:
    def __init__(self, w: DocxWriter, doc: ResolvedDocument) -> None:
        self.w, self.doc, self.labels = w, doc, doc.labels
        self.notice = doc.kind == "notice"
        cjk = doc.language != "en"
        self.cjk = cjk
        self.colon = doc.labels["colon"]
        self.gap = "　　" if cjk else "   ·   "
        self.sep = "　" if cjk else " "
        self.item_sep = "" if cjk else " "
        art = w.theme.font("article")
        body = w.theme.font("body")
        self.label_rpr = w.run_format(
            _oxml.RunFormat(art.latin, art.word, bold=True, hint_east_asia=cjk)
        )
        self.title_rpr = w.run_format(
            _oxml.RunFormat(body.latin, body.word, bold=True, hint_east_asia=cjk)
        )
        indent = w.theme.first_line_indent_chars
        self.notice_heading: dict[str, Any] = (
            {
                "align": "left",
                "first_line_chars": indent,
                "first_line": round(indent * w.theme.heading_size * 20),
                "space_before": 0,  # on the grid: no blank line before 一、
            }
            if self.notice
            else {}
        )

    # ---------------------------------------------------------------- document

    def write(self) -> None:
        doc = self.doc
        gbt = GbtNotice(self) if is_gbt_notice(self.w, doc) else None
        if gbt:
            gbt.masthead()
        elif self.notice:
            self.masthead()
        else:
            self.title_block()
        self.loose("preamble", doc.preamble)
        for article in doc.articles:
            self.article(article)
        for chapter in doc.chapters:
            self.chapter(chapter)
        self.loose("closing", doc.closing)
        if gbt:  # GB/T 9704: 附件说明, 落款, 附件, then the 版记 (the 修订记录 is an attachment)
            gbt.attachment_note()
            gbt.signature()
            gbt.attachments()
            gbt.colophon()
            return
        if self.notice:
            self.signature()
            self.colophon()
        self.changelog()

    def loose(self, kind: str, texts: list[RichText]) -> None:
        """Add the preamble or closing paragraphs, each marked as node ``kind`` with its 1-based place as id."""
        for n, text in enumerate(texts, 1):
            self.w.rich(self.w.paragraph("Body Text", node=(kind, str(n))), text)

    def meta(self, *pairs: tuple[str, str], last: bool = False) -> None:
        """Add a centred line of "label：value" pairs; ``last`` leaves a blank line after it."""
        after = round(self.w.theme.line_height * 20) if last else None
        p = self.w.paragraph("Meta", space_after=after)
        line = self.gap.join(f"{self.labels[key]}{self.colon}{value}" for key, value in pairs)
        self.w.text(p, line)

    def title_block(self) -> None:
        doc, w = self.doc, self.w
        w.text(w.paragraph("Title", anchor=doc.id), doc.title)
        if doc.doc_number:  # 发文字号 in 3号 (GB/T 9704 7.2.4), bigger than the Meta lines under it
            number = w.run_format(_oxml.RunFormat(size=w.theme.body_size, hint_east_asia=self.cjk))
            w.text(w.paragraph("Meta"), doc.doc_number, number)
        # short lines: one line with every field wraps on a 156 mm type area
        self.meta(("version", doc.version), ("owner", doc.owner))
        extra = [("approved_by", doc.approved_by)] if doc.approved_by else []
        if doc.status not in PUBLISHED:
            extra.append(("status", doc.status_label))
        self.meta(("issued", doc.issued), ("effective", doc.effective), last=not extra)
        if extra:
            self.meta(*extra, last=True)

    def masthead(self) -> None:
        doc, w = self.doc, self.w
        org = w.paragraph("Organisation", bottom=None if doc.doc_number else RED_RULE)
        w.text(org, doc.organisation)
        if doc.doc_number:
            w.text(
                w.paragraph("Meta", bottom=RED_RULE, space_before=round(w.theme.line_height * 10)),
                doc.doc_number,
            )
        w.text(
            w.paragraph("Title", anchor=doc.id, space_before=round(w.theme.line_height * 20)),
            doc.title,
        )
        self.meta(("version", doc.version))  # one line each, as in seed 000
        self.meta(("issued", doc.issued))
        self.meta(("effective", doc.effective), last=True)
        if doc.recipients:
            w.text(w.paragraph("Recipients"), "、".join(doc.recipients) + self.colon.strip())

    # ---------------------------------------------------------------- body

    def chapter(self, chapter: ResolvedChapter) -> None:
        w = self.w
        if chapter.part is not None and chapter.opens_part:
            w.text(w.paragraph("Heading 1", anchor=chapter.part.anchor, node=("part", chapter.part.id)), chapter.part.heading)
        level = 2 if chapter.part is not None else 1  # under a part (编) chapters go one level down
        w.text(
            w.paragraph(
                f"Heading {level}",
                anchor=chapter.anchor,
                node=("chapter", chapter.id),
                **self.notice_heading,
            ), chapter.heading
        )
        if chapter.text:
            w.add_paragraph(chapter.text)
        if chapter.show == "roles":
            self.roles_table()
        elif chapter.show == "channels":
            self.channels_table()
        for section in chapter.sections:
            joiner = "" if self.notice and self.cjk else " "
            p = w.paragraph(
                f"Heading {level + 1}",
                anchor=section.anchor,
                node=("section", section.id),
                **self.notice_heading,
            )
            w.text(p, f"{section.label}{joiner}{section.title}")
            for article in section.articles:
                self.article(article)
        for article in chapter.articles:
            self.article(article)

    def article(self, a: ResolvedArticle) -> None:
        w = self.w
        first, *rest = a.paragraphs
        p = w.paragraph("Article", anchor=a.anchor, node=("article", a.id))
        prefix = ""
        if self.notice and a.depth == 2 and a.label:  # （一） in 楷体, as GB/T 9704 sets the second level
            kai = w.theme.font("subheading")
            w.text(p, a.label + (a.title or ""), w.run_format(_oxml.RunFormat(kai.latin, kai.word, hint_east_asia=self.cjk)))
        elif self.notice:
            prefix = a.label  # 1. in the body face, as GB/T 9704 sets the third level
            if a.title:
                w.text(p, prefix)
                w.text(p, a.title, self.title_rpr)
                prefix = self.sep
        elif a.label or a.title:
            w.text(p, self.sep.join(x for x in (a.label, a.title) if x), self.label_rpr)
            prefix = self.sep
        w.rich(p, first.text, prefix)
        self.items(first.items)
        for para in rest:
            p = w.paragraph("Body Text")
            w.rich(p, para.text)
            self.items(para.items)

    def items(self, items: list[ResolvedItem]) -> None:
        w = self.w
        for item in items:
            p = w.paragraph(f"Item {min(item.level, 2) + 1}")
            w.rich(p, item.text, item.label + self.item_sep)
            if item.items:
                self.items(item.items)

    # ---------------------------------------------------------------- tables

    def roles_table(self) -> None:
        L = self.labels
        rows = [[r.name, [d.plain for d in r.duties] or [""]] for r in self.doc.roles]
        self.w.add_table([L["col_role"], L["col_duties"]], rows)

    def channels_table(self) -> None:
        L = self.labels
        rows = [[c.type_label, c.name, c.value, c.hours or ""] for c in self.doc.channels]
        self.w.add_table([L["col_type"], L["col_name"], L["col_value"], L["col_hours"]], rows)

    def changelog(self) -> None:
        doc, L, w = self.doc, self.labels, self.w
        if not doc.changelog:
            return
        w.text(w.paragraph("Heading 1", anchor=f"{doc.id}--changelog"), L["changelog"])
        rows = [[e.version, e.date, e.summary] for e in doc.changelog]
        w.add_table([L["col_version"], L["col_date"], L["col_summary"]], rows)

    # ---------------------------------------------------------------- notice end matter

    def issuer(self) -> str:
        return self.labels["issuer_line"].format(org=self.doc.organisation, owner=self.doc.owner)

    def signature(self) -> None:
        w = self.w
        line = round(w.theme.line_height * 20)
        w.text(w.paragraph("Signature", space_before=line * 2), self.issuer())
        w.text(w.paragraph("Signature"), self.doc.issued)

    def colophon(self) -> None:
        doc, L, w = self.doc, self.labels, self.w
        gap = round(w.theme.line_height * 20) * 2
        small = round(w.theme.small_size * 20)
        printed: dict[str, Any] = {"bottom": THICK, "right_tab": w.text_width - small}
        if doc.cc:
            end = "。" if self.cjk else ""
            cc = w.paragraph("Imprint", top=THICK, bottom=THIN, space_before=gap)
            w.text(
                cc,
                f"{L['cc']}{self.colon}{'、'.join(doc.cc) if self.cjk else ', '.join(doc.cc)}{end}",
            )
        else:
            printed.update(top=THICK, space_before=gap)
        p = w.paragraph("Imprint", **printed)
        sep = "" if self.cjk else " "
        w.text(p, f"{self.issuer()}\t{doc.issued}{sep}{L['printed']}")
