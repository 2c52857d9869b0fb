"""Word comments (``w:comment``) of a reviewed DOCX, each with the label of the article it sits in."""

from __future__ import annotations

from typing import Any

from .carried import Carried
from .docx import paragraph_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COMMENTS_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def read_comments(document: Any, carried: Carried | None, labels: dict[str, str]) -> list[str]:
    """Return one line per comment: ``第五条 (article-id): author: text`` (before tracked changes are resolved)."""
    part = next((r.target_part for r in document.part.rels.values()
                 if r.reltype == COMMENTS_RELTYPE and not r.is_external), None)
    if part is None:
        return []
    from lxml import etree

    root = etree.fromstring(part.blob)
    texts: dict[str, tuple[str, str]] = {}
    for comment in root.iter(W + "comment"):
        body = " ".join(paragraph_text(p).strip() for p in comment.iter(W + "p")).strip()
        texts[comment.get(W + "id", "")] = (comment.get(W + "author", "?"), body)
    bookmarks = carried.by_bookmark if carried else {}
    where: dict[str, str] = {}
    current = "before the first article"
    for p in document.element.body.iter(W + "p"):
        for mark in p.iter(W + "bookmarkStart"):  # a paragraph's node counts for all of it
            node = bookmarks.get(mark.get(W + "name", ""))
            if node is not None:
                kind, node_id = node
                current = f"{labels.get(node_id, kind)} ({node_id})" if kind == "article" else f"{kind} {node_id}"
        for el in p.iter(W + "commentRangeStart", W + "commentReference"):
            where.setdefault(el.get(W + "id", ""), current)
    return [f"comment at {where.get(cid, 'an unknown place')}: {author}: {text}" for cid, (author, text) in texts.items()]
