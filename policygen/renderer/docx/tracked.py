"""One .docx holding two documents the writer made: the new one, with the old one's differences as revisions.

Both documents come from :class:`DocxWriter` (with the same reference and
theme), so accepting every revision gives the new file's body, headers and
footers and rejecting every revision the old file's.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import docx

from . import _package
from ._oxml import revisions

# end matter that starts a unit of its own (signature, 版记), matched across versions by style
_END_MATTER = ("Signature", "Imprint")


def tracked_changes(
    old: bytes,
    new: bytes,
    *,
    author: str,
    date: str,
    old_keys: Mapping[str, str] | None = None,
    new_keys: Mapping[str, str] | None = None,
) -> bytes:
    """Return ``new`` (.docx bytes) with every difference from ``old`` as a tracked change.

    Revisions carry ``author`` and ``date`` (ISO). ``old_keys``/``new_keys`` map
    bookmark names to keys: a paragraph with such a bookmark starts a unit
    (an article, a chapter heading) matched with the unit of the same key in
    the other version; unmatched units are deleted or inserted whole (so an
    article moved against its neighbours is deleted at its old place and
    inserted at the new one). Bookmarks not mapped key themselves.
    """
    old_doc: Any = docx.Document(io.BytesIO(old))
    new_doc: Any = docx.Document(io.BytesIO(new))
    marks = revisions.Marks(author, date, revisions.max_id(new_doc.element) + 1)
    keys = (_keys(old_doc, old_keys or {}), _keys(new_doc, new_keys or {}))
    starts = {
        _style_id(new_doc, name): f"end:{name}" for name in _END_MATTER if _style_id(new_doc, name)
    }
    body_old, body_new = old_doc.element.body, new_doc.element.body
    merged = revisions.merge_story(
        revisions.blocks(body_old), revisions.blocks(body_new), marks, keys, starts
    )
    revisions.replace_story(body_new, merged)
    for old_section, new_section in zip(old_doc.sections, new_doc.sections, strict=False):
        for attr in ("header", "footer", "even_page_header", "even_page_footer",
                     "first_page_header", "first_page_footer"):
            before, after = getattr(old_section, attr), getattr(new_section, attr)
            if before.is_linked_to_previous or after.is_linked_to_previous:
                continue
            root_old, root_new = before.part.element, after.part.element
            merged = revisions.merge_blocks(revisions.blocks(root_old), revisions.blocks(root_new), marks)
            revisions.replace_story(root_new, merged)
    revisions.track_revisions(new_doc.settings.element)
    return _package.package_bytes(new_doc.part.package, _package.zip_date(date))


def _style_id(document: Any, name: str) -> str:
    for style in document.styles:
        if style.name == name:
            return str(style.style_id)
    return ""


def _keys(document: Any, mapped: Mapping[str, str]) -> dict[str, str]:
    """Return bookmark name → unit key for every bookmark of the body."""
    out: dict[str, str] = {}
    for start in document.element.body.iter(revisions.W + "bookmarkStart"):
        name = start.get(revisions.W + "name", "")
        out.setdefault(name, mapped.get(name, name))
    return out
