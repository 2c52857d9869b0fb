"""Numbering styles per level, built from a locale's convention and script."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .numerals import to_chinese, to_circled, to_fullwidth, to_latin, to_roman


@dataclass(frozen=True)
class NumberingStyle:
    """Label patterns for each level.

    Counters in a pattern: ``{cn}`` the Chinese numeral of the convention,
    ``{n}`` Arabic, ``{fw}`` full-width Arabic, ``{a}``/``{A}`` Latin letters,
    ``{i}`` Roman, ``{circled}`` ①.
    """

    part: str
    chapter: str
    section: str
    article: str
    items: tuple[str, ...]
    continuous_articles: bool
    numeral: Callable[[int], str] = to_chinese
    inserted: str = "之{cn}"

    def fmt(self, pattern: str, n: int) -> str:
        """Return ``pattern`` with its counters filled in for ``n``."""
        counters: dict[str, Callable[[int], str]] = {
            "n": str, "cn": self.numeral, "fw": to_fullwidth, "a": to_latin,
            "A": lambda k: to_latin(k, upper=True), "i": to_roman, "circled": to_circled,
        }
        return pattern.format(**{k: f(n) for k, f in counters.items() if "{" + k + "}" in pattern})

    def part_label(self, n: int) -> str:
        return self.fmt(self.part, n)

    def chapter_label(self, n: int) -> str:
        return self.fmt(self.chapter, n)

    def section_label(self, n: int) -> str:
        return self.fmt(self.section, n)

    def article_label(self, n: int, sub: int = 0) -> str:
        """Return 第十条, or with ``sub`` an inserted article's 第十条之一 (Article 10A)."""
        label = self.fmt(self.article, n)
        return label + self.fmt(self.inserted, sub) if sub else label

    def item_label(self, level: int, n: int) -> str:
        pattern = self.items[min(level, len(self.items) - 1)]
        return self.fmt(pattern, n)

