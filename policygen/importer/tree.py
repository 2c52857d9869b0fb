"""What an imported document is made of, before it becomes YAML: blocks in, a draft out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .report import Report


@dataclass
class Block:
    """One paragraph of the input, whatever its format.

    ``line`` is where it starts (a line of a text file, a paragraph of a DOCX);
    ``lead`` is a bold lead (a title candidate); ``node`` the (kind, id) a
    policygen DOCX carries; ``style`` a hint: title, heading, meta, item, table.
    """

    text: str
    line: int
    lead: str | None = None
    node: tuple[str, str] | None = None
    style: str = ""
    level: int = 0
    rows: list[list[str]] | None = None


@dataclass
class ItemNode:
    text: str
    items: list[ItemNode] = field(default_factory=list)


@dataclass
class ParaNode:
    text: str
    items: list[ItemNode] = field(default_factory=list)


@dataclass
class ArticleNode:
    number: int
    insert: int
    line: int
    label: str
    id: str = ""
    title: str | None = None
    paras: list[ParaNode] = field(default_factory=list)
    deleted: bool = False
    source_id: str | None = None


@dataclass
class SectionNode:
    number: int
    title: str
    line: int
    id: str = ""
    articles: list[ArticleNode] = field(default_factory=list)
    source_id: str | None = None


@dataclass
class ChapterNode:
    number: int
    title: str
    line: int
    id: str = ""
    text: list[str] = field(default_factory=list)
    show: str | None = None
    sections: list[SectionNode] = field(default_factory=list)
    articles: list[ArticleNode] = field(default_factory=list)
    source_id: str | None = None

    def all_articles(self) -> list[ArticleNode]:
        return [a for s in self.sections for a in s.articles] + self.articles


@dataclass
class PartNode:
    number: int
    title: str
    line: int
    id: str = ""
    chapters: list[ChapterNode] = field(default_factory=list)
    source_id: str | None = None


@dataclass
class Draft:
    """The imported document: metadata, body and what was left out."""

    source: str
    report: Report
    title: str = ""
    kind: str = "regulation"
    language: str = "zh-Hans"
    convention: str = "prc"
    meta: dict[str, Any] = field(default_factory=dict)
    preamble: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    parts: list[PartNode] = field(default_factory=list)
    chapters: list[ChapterNode] = field(default_factory=list)
    articles: list[ArticleNode] = field(default_factory=list)
    tables: list[tuple[str, list[list[str]]]] = field(default_factory=list)
    changelog: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    channels: list[dict[str, Any]] = field(default_factory=list)
    policy_id: str | None = None
    carried: dict[str, str] = field(default_factory=dict)
    references: int = 0
    labels_removed: int = 0

    def all_chapters(self) -> list[ChapterNode]:
        return [c for p in self.parts for c in p.chapters] + self.chapters

    def all_articles(self) -> list[ArticleNode]:
        return [a for c in self.all_chapters() for a in c.all_articles()] + self.articles
