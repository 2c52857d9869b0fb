"""The new version as a DOCX whose differences from the old one are real Word revisions.

Both versions are written by the one DOCX writer exactly as ``policygen build``
writes them (same reference document, theme and layout: masthead, headers,
tables, 版记), and the two files are merged: accepting every revision gives
the new version's build DOCX, rejecting every revision the old one's. Articles
are matched across versions by the change set's keys (so a renumbered
article is amended, not replaced); an article moved against its neighbours
is deleted at its old place and inserted at the new one. Revisions carry the
new version's owner as author and its issue date.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Policy
from ..renderer.docx import bookmark_name, render_docx
from ..renderer.docx.tracked import tracked_changes
from ..renderer.theme import theme_for
from ..resolver.document import ResolvedDocument
from .changes import ChangeSet
from .diff import diff_policies


def render_tracked_docx(
    old: Policy,
    new: Policy,
    *,
    organisation: str | None = None,
    theme: str | None = None,
    reference: str | Path | None = None,
) -> bytes:
    """Return the DOCX of ``new`` with every difference from ``old`` as a tracked change."""
    changes = diff_policies(old, new, organisation=organisation, theme=theme)
    return tracked_docx(changes, reference=reference)


def tracked_docx(changes: ChangeSet, *, reference: str | Path | None = None) -> bytes:
    """Return the tracked-changes DOCX of a change set (see :func:`render_tracked_docx`).

    ``reference`` is the reference .docx the build uses (``--reference-doc``).
    """
    old_doc, new_doc = changes.old_document, changes.new_document
    old_keys = {a.old.index: a.key for a in changes.articles if a.old is not None}
    new_keys = {a.new.index: a.key for a in changes.articles if a.new is not None}
    old = _render(old_doc, changes.old_policy, reference)
    new = _render(new_doc, changes.new_policy, reference)
    return tracked_changes(
        old,
        new,
        author=new_doc.owner,
        date=changes.new_policy.issued.isoformat(),
        old_keys=unit_keys(old_doc, old_keys, changes.old_unit_keys),
        new_keys=unit_keys(new_doc, new_keys, changes.new_unit_keys),
    )


def _render(doc: ResolvedDocument, policy: Policy, reference: str | Path | None) -> bytes:
    return render_docx(doc, theme_for(doc.theme, doc.language), reference=reference, source=policy)


def unit_keys(
    doc: ResolvedDocument, article_keys: dict[int, str], structure_keys: dict[str, str]
) -> dict[str, str]:
    """Return bookmark name → key of every article, chapter and section of ``doc``.

    Articles are keyed by the change set's article keys (by position in the
    document), chapters and sections by its structure keys.
    """
    out = {}
    for n, article in enumerate(doc.iter_articles()):
        out[bookmark_name(article.anchor)] = f"article:{article_keys.get(n, article.id)}"
    for chapter in doc.chapters:
        out[bookmark_name(chapter.anchor)] = f"chapter:{structure_keys.get(chapter.id, chapter.id)}"
        for section in chapter.sections:
            out[bookmark_name(section.anchor)] = f"section:{structure_keys.get(section.id, section.id)}"
    return out


__all__ = ["render_tracked_docx", "tracked_docx", "unit_keys"]
