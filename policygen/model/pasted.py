"""Warnings for labels pasted into text: ``text: 第一百九十八条 …`` would print 第一条 第一百九十八条 ….

policygen numbers parts, chapters, sections, articles and items itself; a
title or text that starts with what looks like its own label was most likely
pasted from a numbered original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .finding import Finding, KeyPath

if TYPE_CHECKING:
    from .policy import Article, Chapter, Item, Policy

_NUM = r"[零〇一二三四五六七八九十百千万萬0-9０-９]+"
_GAP = r"(?:[\s　]+|$)"
CHAPTER = re.compile(rf"^(第{_NUM}章|Chapter\s+\d+\b\.?){_GAP}", re.IGNORECASE)
SECTION = re.compile(rf"^(第{_NUM}[节節]|Section\s+\d+\b\.?){_GAP}", re.IGNORECASE)
ARTICLE = re.compile(rf"^((?:第{_NUM}[条條](?:之{_NUM})?)|之{_NUM}|Article\s+\d+[A-Z]?\b\.?){_GAP}")
ITEM = re.compile(
    rf"^([（(]{_NUM}[）)]|{_NUM}、|\d+[.．](?!\d)|[１-９][０-９]*、|[（(][a-zA-Z]{{1,4}}[）)]|[①-⑳])"
)


def _finding(path: KeyPath, what: str, text: str, match: re.Match[str]) -> Finding:
    label = match.group(1)
    return Finding(
        path,
        f"{what} starts with '{label}', which looks like a pasted number — policygen numbers it itself; "
        f"delete '{label}' from the start (use first_article / first_chapter for a fragment that starts later)",
        "warning",
    )


def _items(items: list[Item], path: KeyPath) -> Iterator[Finding]:
    for i, item in enumerate(items):
        m = ITEM.match(item.text)
        if m:
            yield _finding(path + (i, "text"), "item text", item.text, m)
        yield from _items(item.items, path + (i, "items"))


def _article(path: KeyPath, article: Article) -> Iterator[Finding]:
    if article.text:
        m = ARTICLE.match(article.text)
        if m:
            yield _finding(path + ("text",), "article text", article.text, m)
    yield from _items(article.items, path + ("items",))
    for p, para in enumerate(article.paragraphs):
        yield from _items(para.items, path + ("paragraphs", p, "items"))


def pasted_label_findings(
    policy: Policy,
    chapters: Iterable[tuple[KeyPath, Chapter]],
    articles: Iterable[tuple[KeyPath, Article]],
) -> list[Finding]:
    """Return a warning for every title or text that starts with what looks like its own label."""
    out: list[Finding] = []
    if policy.kind == "notice":
        return out  # notices number their parts 一、 and points 1.; free text there often starts so
    for path, chapter in chapters:
        m = CHAPTER.match(chapter.title)
        if m:
            out.append(_finding(path + ("title",), "chapter title", chapter.title, m))
        for s, section in enumerate(chapter.sections):
            m = SECTION.match(section.title)
            if m:
                out.append(_finding(path + ("sections", s, "title"), "section title", section.title, m))
    for path, article in articles:
        out.extend(_article(path, article))
    return out
