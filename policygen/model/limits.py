"""Counts that numbering cannot print: refused at validation, with the place to fix.

Chinese numerals are written up to ``resolver.numerals.MAX_CHINESE``; an article,
chapter, section or item numbered beyond it would fail while rendering. While
that limit exists, the 10,000th entry is a validation error at its own
position. When the numerals have no limit, nothing is refused here.
"""

from __future__ import annotations

from collections.abc import Iterator

from .policy import Item, Policy
from .rules import Finding, KeyPath, iter_article_paths


def max_number() -> int | None:
    """Return the largest number the numbering can print, or None when it has no limit."""
    from ..resolver import numerals  # numbering owns the limit; read it, do not copy it

    limit = getattr(numerals, "MAX_CHINESE", None)
    return limit if isinstance(limit, int) else None


def check_limits(policy: Policy) -> list[Finding]:
    """Return an error for the first entry of each list numbered beyond what numbering can print."""
    limit = max_number()
    if limit is None:
        return []
    out: list[Finding] = []
    for n, (path, _article) in enumerate(iter_article_paths(policy), start=1):
        if n > limit:
            out.append(Finding(path, f"article {n:,}: articles are numbered up to {limit:,} ({_cn(limit)}条) — split the policy into several"))
            break
    if len(policy.chapters) > limit:
        out.append(Finding(("chapters", limit), f"chapters are numbered up to {limit:,} — split the policy into several"))
    for c, chapter in enumerate(policy.chapters):
        if len(chapter.sections) > limit:
            out.append(Finding(("chapters", c, "sections", limit), f"sections are numbered up to {limit:,} — split the chapter"))
    for path, items in _item_lists(policy):
        if len(items) > limit:
            out.append(Finding(path + (limit,), f"item {limit + 1:,}: items are numbered up to {limit:,} — split the list"))
    return out


def _item_lists(policy: Policy) -> Iterator[tuple[KeyPath, list[Item]]]:
    for path, article in iter_article_paths(policy):
        yield from _nested(article.items, path + ("items",))
        for p, paragraph in enumerate(article.paragraphs):
            yield from _nested(paragraph.items, path + ("paragraphs", p, "items"))


def _nested(items: list[Item], path: KeyPath) -> Iterator[tuple[KeyPath, list[Item]]]:
    if items:
        yield path, items
    for i, item in enumerate(items):
        yield from _nested(item.items, path + (i, "items"))


def _cn(n: int) -> str:
    from ..resolver.numerals import to_chinese

    return "第" + to_chinese(n)
