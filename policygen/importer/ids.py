"""Stable, unique ids for imported parts, chapters, sections and articles.

Ids carried in a policygen DOCX are kept. Otherwise an id follows the number
in the source (``art-12``, ``art-32-1`` for 第三十二条之一, ``ch-3``,
``ch-3-sec-2``, ``part-2``), so importing the same file twice gives the same
ids; a title is used instead only when it is ASCII (English documents), since
Chinese titles have no spelling in slug characters.
"""

from __future__ import annotations

import re
from typing import Any

from .tree import Draft

_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str | None:
    """Return an ASCII slug of ``text``, or None when it has no ASCII letters or is not ASCII."""
    if not text.isascii():
        return None
    slug = _SLUG.sub("-", text.lower()).strip("-")[:60].strip("-")
    return slug if re.search(r"[a-z]", slug) else None


def assign_ids(draft: Draft) -> None:
    """Give every node of ``draft`` a unique id."""
    used: set[str] = set()
    carried = [n.source_id for n in _nodes(draft) if n.source_id]
    used.update(carried)

    def take(node_id: str | None, base: str) -> str:
        if node_id:
            return node_id
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        return candidate

    for p_no, part in enumerate(draft.parts, 1):
        part.id = take(part.source_id, slugify(part.title) or f"part-{part.number or p_no}")
    for c_no, chapter in enumerate(draft.all_chapters(), 1):
        chapter.id = take(chapter.source_id, slugify(chapter.title) or f"ch-{chapter.number or c_no}")
        for s_no, section in enumerate(chapter.sections, 1):
            section.id = take(section.source_id, slugify(section.title) or f"{chapter.id}-sec-{section.number or s_no}")
    for a_no, article in enumerate(draft.all_articles(), 1):
        number = article.number or a_no
        base = f"art-{number}-{article.insert}" if article.insert else f"art-{number}"
        article.id = take(article.source_id, slugify(article.title or "") or base)


def _nodes(draft: Draft) -> list[Any]:
    out: list[Any] = list(draft.parts)
    for chapter in draft.all_chapters():
        out.append(chapter)
        out.extend(chapter.sections)
    out.extend(draft.all_articles())
    return out
