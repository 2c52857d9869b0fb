"""References in imported text: 本制度第十二条, 第十二條, 第三十二條之一, 前条, 本办法第三章 → [[id]]."""

from __future__ import annotations

import re
from collections.abc import Callable

from .labels import CN_DIGITS, to_int
from .tree import ArticleNode, Draft, ItemNode, ParaNode

_REF = re.compile(
    rf"(?P<ext>《[^》]{{1,40}}》\s*)?第(?P<num>[{CN_DIGITS}\d]+)(?P<kind>条|條|章)"
    rf"(?:之(?P<zhi>[{CN_DIGITS}]+))?|(?P<prev>前[条條])"
)


Convert = Callable[[ArticleNode, str], str]


def reference_converter(draft: Draft) -> Convert:
    """Return a function converting the references in one text of one article of ``draft``."""
    articles: dict[tuple[int, int], str] = {(a.number, a.insert): a.id for a in draft.all_articles()}
    chapters: dict[int, list[str]] = {}
    for chapter in draft.all_chapters():
        chapters.setdefault(chapter.number, []).append(chapter.id)
    order = draft.all_articles()
    previous = {a.id: (order[i - 1].id if i else None) for i, a in enumerate(order)}

    def convert(article: ArticleNode, text: str) -> str:
        return _Converter(draft, article, articles, chapters, previous.get(article.id))(text)

    return convert


def convert_references(draft: Draft) -> None:
    """Replace every reference to an article or chapter of this document by ``[[id]]``.

    A reference to another document (after 《…》) is left alone; one that names an
    article this document does not have stays text and is noted in the report.
    """
    articles: dict[tuple[int, int], str] = {(a.number, a.insert): a.id for a in draft.all_articles()}
    chapters: dict[int, list[str]] = {}
    for chapter in draft.all_chapters():
        chapters.setdefault(chapter.number, []).append(chapter.id)
    order = draft.all_articles()
    for index, article in enumerate(order):
        previous = order[index - 1].id if index else None
        converter = _Converter(draft, article, articles, chapters, previous)
        if article.title:
            article.title = _escape(article.title)
        for para in article.paras:
            _convert_para(para, converter)


class _Converter:
    def __init__(self, draft: Draft, article: ArticleNode, articles: dict[tuple[int, int], str],
                 chapters: dict[int, list[str]], previous: str | None) -> None:
        self.draft, self.article, self.articles = draft, article, articles
        self.chapters, self.previous = chapters, previous

    def __call__(self, text: str) -> str:
        return _REF.sub(self._replace, _escape(text))

    def _replace(self, match: re.Match[str]) -> str:
        whole = match.group(0)
        if match["prev"]:
            if self.previous is None:
                return whole
            self.draft.references += 1
            return f"[[{self.previous}]]"
        if match["ext"]:
            return whole  # another document's article: 《劳动合同法》第十二条
        try:
            number = to_int(match["num"])
            insert = to_int(match["zhi"]) if match["zhi"] else 0
        except ValueError:
            return whole
        if match["kind"] == "章":
            ids = self.chapters.get(number, [])
            target = ids[0] if len(ids) == 1 else None
        else:
            target = self.articles.get((number, insert))
        if target is None or target == self.article.id:
            if target is None:
                self.draft.report.note(self.article.line, f"reference {whole} names no {match['kind']} of this document; kept as text")
            return whole
        self.draft.references += 1
        return f"[[{target}]]"


def _convert_para(para: ParaNode | ItemNode, convert: _Converter) -> None:
    para.text = convert(para.text)
    for item in para.items:
        _convert_para(item, convert)


def _escape(text: str) -> str:
    return text.replace("[[", "\\[[")
