"""Numbering styles per level, chosen by document kind and language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .numerals import to_chinese, to_circled, to_latin, to_roman


_COUNTERS: dict[str, Callable[[int], str]] = {
    "n": str,
    "cn": to_chinese,
    "a": to_latin,
    "A": lambda n: to_latin(n, upper=True),
    "i": to_roman,
    "circled": to_circled,
}


def _fmt(pattern: str, n: int) -> str:
    """Return ``pattern`` with its counters ({n}, {cn}, {a}, {A}, {i}, {circled}) filled in."""
    return pattern.format(**{k: f(n) for k, f in _COUNTERS.items() if "{" + k + "}" in pattern})


@dataclass(frozen=True)
class NumberingStyle:
    """Label patterns for each level; ``{cn}`` is a Chinese numeral, ``{n}`` Arabic."""

    chapter: str
    section: str
    article: str
    items: tuple[str, ...]
    continuous_articles: bool

    def chapter_label(self, n: int) -> str:
        return _fmt(self.chapter, n)

    def section_label(self, n: int) -> str:
        return _fmt(self.section, n)

    def article_label(self, n: int) -> str:
        return _fmt(self.article, n)

    def item_label(self, level: int, n: int) -> str:
        pattern = self.items[min(level, len(self.items) - 1)]
        return _fmt(pattern, n)


STYLES: dict[str, NumberingStyle] = {
    "regulation-zh-Hans": NumberingStyle("第{cn}章", "第{cn}节", "第{cn}条", ("（{cn}）", "{n}.", "（{n}）", "{circled}"), True),
    "regulation-zh-Hant": NumberingStyle("第{cn}章", "第{cn}節", "第{cn}條", ("（{cn}）", "{n}.", "（{n}）", "{circled}"), True),
    "regulation-en": NumberingStyle("Chapter {n}", "Section {n}", "Article {n}", ("({a})", "({i})", "({A})", "{n}."), True),
    "notice-zh-Hans": NumberingStyle("{cn}、", "（{cn}）", "{n}.", ("（{n}）", "{circled}", "{a}."), False),
    "notice-zh-Hant": NumberingStyle("{cn}、", "（{cn}）", "{n}.", ("（{n}）", "{circled}", "{a}."), False),
    "notice-en": NumberingStyle("{n}.", "({a})", "{n}.", ("({a})", "({i})", "({A})"), False),
}


def style_for(kind: str, language: str) -> NumberingStyle:
    """Return the numbering style of a document kind in a language."""
    return STYLES[f"{kind}-{language}"]
