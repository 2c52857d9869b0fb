"""The resolved document: plain objects with every number and reference filled in.

Renderers (HTML templates, the DOCX writer, diff) read only these objects;
they never compute a number and never see YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A run of text; ``href`` is the anchor of a referenced article, if any."""

    text: str
    href: str | None = None


@dataclass
class RichText:
    """Text whose ``[[id]]`` references were replaced by labels."""

    spans: list[Span]

    @property
    def plain(self) -> str:
        return "".join(s.text for s in self.spans)

    def __str__(self) -> str:
        return self.plain


@dataclass
class ResolvedItem:
    label: str
    text: RichText
    level: int
    items: list[ResolvedItem] = field(default_factory=list)


@dataclass
class ResolvedParagraph:
    text: RichText
    items: list[ResolvedItem] = field(default_factory=list)


@dataclass
class ResolvedArticle:
    id: str
    anchor: str
    number: int
    label: str
    ref_label: str
    title: str | None
    paragraphs: list[ResolvedParagraph]
    roles: list[str]
    role_names: list[str]
    note: str | None
    chapter_id: str | None
    section_id: str | None
    depth: int = 0  # level in a notice's ladder: 2 = （一）, 3 = 1.; 0 in regulations
    sub: int = 0  # 1 for 之一, 2 for 之二 …: an inserted article
    deleted: bool = False  # keeps its number; its only paragraph is the deleted mark

    @property
    def inserted(self) -> bool:
        return self.sub > 0

    @property
    def heading(self) -> str:
        """Return the label with the optional title, e.g. 第一条 目的."""
        return " ".join(p for p in (self.label, self.title or "") if p)


@dataclass
class ResolvedSection:
    id: str
    anchor: str
    number: int
    label: str
    title: str
    articles: list[ResolvedArticle]


@dataclass
class ResolvedPart:
    """A part (编) and its chapters, which are also listed, in order, in ``ResolvedDocument.chapters``."""

    id: str
    anchor: str
    number: int
    label: str
    title: str
    chapters: list[ResolvedChapter] = field(default_factory=list, repr=False, compare=False)  # no cycle via .part

    @property
    def heading(self) -> str:
        return f"{self.label} {self.title}"


@dataclass
class ResolvedChapter:
    id: str
    anchor: str
    number: int
    label: str
    title: str
    text: RichText | None
    show: str | None
    sections: list[ResolvedSection]
    articles: list[ResolvedArticle]
    part: ResolvedPart | None = None  # the part (编) the chapter belongs to
    opens_part: bool = False  # True for the first chapter of its part: the part heading goes before it

    @property
    def heading(self) -> str:
        sep = "" if not self.label or self.label.endswith("、") else " "
        return f"{self.label}{sep}{self.title}"

    def iter_articles(self) -> list[ResolvedArticle]:
        out = [a for s in self.sections for a in s.articles]
        return out + self.articles


@dataclass
class ResolvedRole:
    id: str
    name: str
    duties: list[RichText]


@dataclass
class ResolvedChannel:
    id: str
    type: str
    type_label: str
    name: str
    value: str
    hours: str | None


@dataclass
class ResolvedChange:
    version: str
    date: str
    summary: str


@dataclass
class ResolvedIssuer:
    """An issuer (发文机关): signed name, masthead text, absolute seal path or None."""

    name: str
    masthead: str
    seal: str | None


@dataclass
class ResolvedMasthead:
    """The 发文机关标志: one line, or 联合行文 names stacked with ``suffix`` (文件) beside them."""

    names: list[str]
    suffix: str

    @property
    def longest(self) -> int:
        """Return the length in characters of the widest line, the suffix included."""
        return max(len(n) for n in self.names) + len(self.suffix)


@dataclass
class ResolvedAttachment:
    """An attachment (附件): label (附件1), title and one source."""

    number: int
    label: str
    title: str
    kind: str  # table | policy | file | changelog
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    document: ResolvedDocument | None = None
    file: str | None = None


@dataclass
class ResolvedDocument:
    """A policy ready to render: metadata as printed, numbered body, labels."""

    id: str
    kind: str
    language: str
    html_lang: str
    theme: str
    title: str
    version: str
    status: str
    status_label: str
    watermark: str | None
    issued: str
    effective: str
    review_by: str
    issued_iso: str
    doc_number: str | None
    owner: str
    approved_by: str | None
    organisation: str
    recipients: list[str]
    cc: list[str]
    preamble: list[RichText]
    closing: list[RichText]
    changelog: list[ResolvedChange]
    roles: list[ResolvedRole]
    channels: list[ResolvedChannel]
    chapters: list[ResolvedChapter]
    articles: list[ResolvedArticle]
    labels: dict[str, str]
    issuers: list[ResolvedIssuer] = field(default_factory=list)
    masthead: ResolvedMasthead | None = None
    signed: str = ""
    attachments: list[ResolvedAttachment] = field(default_factory=list)
    printed_by: str = ""
    printed: str = ""

    @property
    def sealed(self) -> bool:
        """Return True when every issuer has a seal (落款 per GB/T 9704 7.3.5.1)."""
        return bool(self.issuers) and all(i.seal for i in self.issuers)
    parts: list[ResolvedPart] = field(default_factory=list)
    convention: str = "prc"  # prc | tw | en: how the document is numbered

    def iter_articles(self) -> list[ResolvedArticle]:
        """Return every article in document order."""
        out = list(self.articles)
        for chapter in self.chapters:
            out.extend(chapter.iter_articles())
        return out

    def external_anchors(self) -> tuple[str, ...]:
        """Return the anchors of other documents that this one links to (references across policies)."""
        texts: list[RichText] = [*self.preamble, *self.closing, *(d for r in self.roles for d in r.duties)]
        texts += [c.text for c in self.chapters if c.text is not None]

        def items(list_: list[ResolvedItem]) -> None:
            for item in list_:
                texts.append(item.text)
                items(item.items)

        for article in self.iter_articles():
            for para in article.paragraphs:
                texts.append(para.text)
                items(para.items)
        own = f"{self.id}--"
        found = {s.href for t in texts for s in t.spans if s.href and s.href != self.id and not s.href.startswith(own)}
        return tuple(sorted(found))
