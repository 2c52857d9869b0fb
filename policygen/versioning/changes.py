"""The change set between two versions of a policy: what changed, and how to report it.

Plain data built by :func:`policygen.versioning.diff.diff_policies`; the text
summary, JSON, comparison table and tracked-changes DOCX all read it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from ..model import Policy
from ..resolver import ResolvedDocument
from .chardiff import LineDiff, Segment, inline
from .summary import render_summary
from .words import words_for

ArticleKind = Literal["added", "deleted", "amended", "moved", "renumbered", "unchanged"]


@dataclass(frozen=True)
class ArticleInfo:
    """One side of a compared article: where it stands and what it says, as printed."""

    id: str | None  # the id written in the YAML, if any
    index: int  # position in document order, from 0
    label: str  # printed label: 第五条, or 1. in a notice
    ref_label: str  # unambiguous label: 第五条, or 第二部分第1项 in a notice
    title: str | None
    lines: tuple[str, ...]  # the article's paragraphs and items as printed, labels of items included
    chapter: str | None  # matching key of its chapter
    chapter_heading: str | None  # 第二章 客户信息管理
    section: str | None
    note: str | None
    deleted: bool = False  # kept with its number but marked deleted (（删去）)


@dataclass(frozen=True)
class ArticleChange:
    """An article of either version and how it changed; ``old``/``new`` is None if absent."""

    key: str
    old: ArticleInfo | None
    new: ArticleInfo | None
    amended: bool = False
    moved: bool = False
    title: tuple[Segment, ...] = ()
    body: tuple[LineDiff, ...] = ()

    @property
    def renumbered(self) -> bool:
        """Return True when both versions have the article under different labels."""
        return self.old is not None and self.new is not None and self.old.ref_label != self.new.ref_label

    @property
    def kind(self) -> ArticleKind:
        """Return the most significant kind of change (added > deleted > amended > moved > renumbered)."""
        if self.old is None:
            return "added"
        if self.new is None or (self.new.deleted and not self.old.deleted):
            return "deleted"  # removed, or marked `deleted` in place: nothing renumbers
        if self.amended:
            return "amended"
        if self.moved:
            return "moved"
        return "renumbered" if self.renumbered else "unchanged"

    @property
    def id(self) -> str | None:
        side = self.new or self.old
        return side.id if side else None

    @property
    def changed(self) -> bool:
        """Return True for a change of substance (not a mere renumbering)."""
        return self.kind not in ("renumbered", "unchanged")

    def revision_note(self, language: str) -> str:
        """Return the 修订说明: the new article's ``note``, or a generated description."""
        if self.new is not None and self.new.note:
            return self.new.note
        w = words_for(language)
        if self.old is None:
            return w["added"]
        if self.new is None or (self.new.deleted and not self.old.deleted):
            return w["deleted"]
        parts = []
        if self.moved:
            if self.old.chapter != self.new.chapter and self.new.chapter_heading:
                parts.append(w["moved_chapter"].format(chapter=self.new.chapter_heading))
            else:
                parts.append(w["moved"].format(old=self.old.ref_label, new=self.new.ref_label))
        if any(s.op != "equal" for s in self.title):
            parts.append(w["title_changed"])
        if any(line.op != "equal" for line in self.body):
            parts.append(w["amended"])
        return w["sep"].join(parts)


@dataclass(frozen=True)
class StructureChange:
    """A chapter or section added, removed, renamed or renumbered."""

    level: Literal["chapter", "section"]
    change: Literal["added", "removed", "renamed", "renumbered"]
    key: str
    old_label: str | None = None
    old_title: str | None = None
    new_label: str | None = None
    new_title: str | None = None
    position: float = 0.0  # where it belongs among the articles of the comparison


@dataclass(frozen=True)
class MetaChange:
    """A metadata field, role or channel that differs; ``key`` names the role or channel."""

    field: str
    old: str | None
    new: str | None
    change: Literal["changed", "added", "removed"] = "changed"
    key: str | None = None


@dataclass(frozen=True)
class VersionInfo:
    """What identifies one compared version."""

    id: str
    title: str
    version: str
    language: str
    status: str
    issued: str


@dataclass
class ChangeSet:
    """Every difference between two versions of a policy, articles in merged order."""

    old: VersionInfo
    new: VersionInfo
    metadata: list[MetaChange]
    structure: list[StructureChange]
    articles: list[ArticleChange]
    old_document: ResolvedDocument = field(repr=False, compare=False)
    new_document: ResolvedDocument = field(repr=False, compare=False)
    old_policy: Policy = field(repr=False, compare=False)
    new_policy: Policy = field(repr=False, compare=False)
    #: matching key of every chapter and section, by resolved id, on each side
    old_unit_keys: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    new_unit_keys: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def _of(self, kind: str) -> list[ArticleChange]:
        if kind == "moved":
            return [a for a in self.articles if a.moved and a.old and a.new]
        if kind == "amended":
            return [a for a in self.articles if a.amended and a.kind != "deleted"]
        if kind == "renumbered":
            return [a for a in self.articles if a.renumbered]
        return [a for a in self.articles if a.kind == kind]

    @property
    def added(self) -> list[ArticleChange]:
        return self._of("added")

    @property
    def deleted(self) -> list[ArticleChange]:
        return self._of("deleted")

    @property
    def amended(self) -> list[ArticleChange]:
        return self._of("amended")

    @property
    def moved(self) -> list[ArticleChange]:
        return self._of("moved")

    @property
    def renumbered(self) -> list[ArticleChange]:
        return self._of("renumbered")

    @property
    def changed_articles(self) -> list[ArticleChange]:
        """Return the articles changed in substance (the rows of the comparison table)."""
        return [a for a in self.articles if a.changed]

    @property
    def is_empty(self) -> bool:
        """Return True when nothing but numbering differs."""
        return not (self.metadata or self.changed_articles or [s for s in self.structure if s.change != "renumbered"])

    def summary(self) -> str:
        """Return a plain-text report for the console."""
        return render_summary(self)

    def to_dict(self) -> dict[str, Any]:
        """Return the change set as plain JSON-ready data."""

        def side(info: ArticleInfo | None) -> dict[str, Any] | None:
            if info is None:
                return None
            return {"label": info.ref_label, "title": info.title, "chapter": info.chapter_heading,
                    "text": "\n".join(info.lines)}

        def article(a: ArticleChange) -> dict[str, Any]:
            out: dict[str, Any] = {"id": a.id, "kind": a.kind, "old": side(a.old), "new": side(a.new),
                                   "amended": a.amended, "moved": a.moved, "renumbered": a.renumbered,
                                   "note": a.revision_note(self.new.language)}
            if a.amended:
                out["diff"] = {
                    "title": [{"op": s.op, "text": s.text} for s in a.title],
                    "paragraphs": [{"op": line.op, "segments": [{"op": s.op, "text": s.text} for s in line.segments]}
                                   for line in a.body],
                    "inline": "\n".join(inline(list(line.segments)) for line in a.body),
                }
            return out

        def brief(a: ArticleChange) -> dict[str, Any]:
            return {"id": a.id, "old_label": a.old.ref_label if a.old else None,
                    "new_label": a.new.ref_label if a.new else None}

        return {
            "old": vars(self.old).copy(),
            "new": vars(self.new).copy(),
            "metadata": [vars(m).copy() for m in self.metadata],
            "structure": [{k: v for k, v in vars(s).items() if k != "position"} for s in self.structure],
            "articles": [article(a) for a in self.changed_articles],
            "renumbered": [brief(a) for a in self.renumbered],
            "counts": {k: len(self._of(k)) for k in ("added", "deleted", "amended", "moved", "renumbered")},
        }

    def to_json(self) -> str:
        """Return the change set as JSON (UTF-8 text, sorted keys) for tools."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


__all__ = [
    "ArticleChange",
    "ArticleInfo",
    "ChangeSet",
    "MetaChange",
    "StructureChange",
    "VersionInfo",
]
