"""The new version as a DOCX whose differences from the old one are real Word revisions.

Both versions are laid out as the same sequence of keyed units (title,
metadata lines, chapter and section headings, articles, changelog entries,
signature). Units are aligned by key in an order-preserving way; a unit found
in both is compared paragraph by paragraph and character by character, a unit
found in one version only becomes inserted or deleted paragraphs (an article
moved against its neighbours is deleted at its old place and inserted at the
new one). Revisions carry the new version's owner as author and its issue
date, so that *accept all* gives exactly the new text and *reject all*
exactly the old.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Policy
from ..renderer.theme import theme_for
from ..resolver.document import ResolvedArticle, ResolvedDocument, ResolvedItem
from . import _oxml, _word
from .align import align
from .changes import ChangeSet
from .chardiff import diff_lines
from .diff import diff_policies

_STYLE_IDS = {
    "title": "Title", "meta": "PGMeta", "heading1": "Heading1", "heading2": "Heading2", "body": "PGBody",
    "item0": "PGItem1", "item1": "PGItem2", "item2": "PGItem3", "sign": "PGSign",
}


@dataclass(frozen=True)
class Line:
    """One printed paragraph and the kind of paragraph it is (title, heading1, body, item0, …)."""

    text: str
    kind: str


@dataclass(frozen=True)
class Unit:
    """A run of paragraphs that is matched across versions as a whole, by ``key``."""

    key: str
    lines: tuple[Line, ...]


def render_tracked_docx(old: Policy, new: Policy, *, organisation: str | None = None) -> bytes:
    """Return the DOCX of ``new`` with every difference from ``old`` as a tracked change."""
    return tracked_docx(diff_policies(old, new, organisation=organisation))


def tracked_docx(changes: ChangeSet) -> bytes:
    """Return the tracked-changes DOCX of a change set (see :func:`render_tracked_docx`)."""
    old_doc, new_doc = changes.old_document, changes.new_document
    old_keys = {a.old.index: a.key for a in changes.articles if a.old is not None}
    new_keys = {a.new.index: a.key for a in changes.articles if a.new is not None}
    old_units = document_units(old_doc, old_keys, changes.old_unit_keys)
    new_units = document_units(new_doc, new_keys, changes.new_unit_keys)

    theme = theme_for(new_doc.theme, new_doc.language)
    document = _word.new_document(theme, new_doc.language)
    _oxml.enable_track_revisions(document.settings.element)
    _word.status_header(document, new_doc.watermark)
    revisions = _oxml.Revisions(author=new_doc.owner, date=changes.new_policy.issued)
    append = _oxml.body_appender(document.element)

    def paragraph(line: Line) -> Any:
        p = _oxml.new_paragraph(_STYLE_IDS[line.kind])
        append(p)
        return p

    steps = align([u.key for u in old_units], [u.key for u in new_units])
    for i, j in steps:
        old_lines = old_units[i].lines if i is not None else ()
        new_lines = new_units[j].lines if j is not None else ()
        oi = nj = 0
        for line in diff_lines([x.text for x in old_lines], [x.text for x in new_lines]):
            if line.op == "delete":
                p = paragraph(old_lines[oi])
                revisions.add_deleted(p, old_lines[oi].text)
                revisions.mark_paragraph(p, "del")
                oi += 1
                continue
            if line.op == "insert":
                p = paragraph(new_lines[nj])
                revisions.add_inserted(p, new_lines[nj].text)
                revisions.mark_paragraph(p, "ins")
                nj += 1
                continue
            p = paragraph(new_lines[nj])
            for seg in line.segments:
                if seg.op == "equal":
                    _oxml.add_text(p, seg.text)
                elif seg.op == "delete":
                    revisions.add_deleted(p, seg.text)
                else:
                    revisions.add_inserted(p, seg.text)
            oi += 1
            nj += 1

    _word.set_properties(
        document,
        title=new_doc.title,
        subject=f"{new_doc.title} {changes.old.version} → {new_doc.version}",
        author=new_doc.owner,
        keywords=f"{new_doc.id}, {new_doc.labels['version']} {new_doc.version}",
        date=changes.new_policy.issued,
    )
    return _word.to_bytes(document, changes.new_policy.issued)


def document_units(doc: ResolvedDocument, article_keys: dict[int, str], unit_keys: dict[str, str]) -> list[Unit]:
    """Return the document as keyed units of printed lines, in reading order."""
    labels = doc.labels
    colon = labels["colon"]
    gap = "  " if doc.language == "en" else "　"
    units = [Unit("title", (Line(doc.title, "title"),))]
    if doc.doc_number:
        units.append(Unit("meta:number", (Line(doc.doc_number, "meta"),)))
    dates = gap.join(f"{labels[k]}{colon}{v}" for k, v in
                     (("version", doc.version), ("issued", doc.issued), ("effective", doc.effective)))
    units.append(Unit("meta:dates", (Line(dates, "meta"),)))
    owner = [f"{labels['owner']}{colon}{doc.owner}"]
    if doc.approved_by:
        owner.append(f"{labels['approved_by']}{colon}{doc.approved_by}")
    if doc.status not in ("published", "approved"):
        owner.append(f"{labels['status']}{colon}{doc.status_label}")
    units.append(Unit("meta:owner", (Line(gap.join(owner), "meta"),)))
    if doc.preamble:
        units.append(Unit("preamble", tuple(Line(p.plain, "body") for p in doc.preamble)))

    counter = iter(range(len(doc.iter_articles())))

    def articles(entries: list[ResolvedArticle]) -> None:
        for a in entries:
            n = next(counter)
            units.append(Unit(f"article:{article_keys[n]}", tuple(_article_lines(a, gap))))

    articles(doc.articles)
    for c in doc.chapters:
        key = unit_keys.get(c.id, c.id)
        units.append(Unit(key, (Line(c.heading, "heading1"),)))
        if c.text:
            units.append(Unit(f"{key}:text", (Line(c.text.plain, "body"),)))
        if c.show == "roles":
            units.extend(Unit(f"role:{r.id}", (Line(f"{r.name}{colon}{gap.join(d.plain for d in r.duties)}", "body"),))
                         for r in doc.roles)
        elif c.show == "channels":
            units.extend(Unit(f"channel:{ch.id}", (Line(gap.join(x for x in (ch.type_label, ch.name, ch.value,
                                                                               ch.hours or "") if x), "body"),))
                         for ch in doc.channels)
        for s in c.sections:
            units.append(Unit(unit_keys.get(s.id, s.id), (Line(f"{s.label} {s.title}", "heading2"),)))
            articles(s.articles)
        articles(c.articles)
    if doc.closing:
        units.append(Unit("closing", tuple(Line(p.plain, "body") for p in doc.closing)))
    if doc.changelog:
        units.append(Unit("changelog", (Line(labels["changelog"], "heading1"),)))
        units.extend(Unit(f"changelog:{e.version}", (Line(gap.join((e.version, e.date, e.summary)), "body"),))
                     for e in doc.changelog)
    units.append(Unit("signature", (Line(doc.owner, "sign"), Line(doc.issued, "sign"))))
    return units


def _article_lines(article: ResolvedArticle, gap: str) -> list[Line]:
    out: list[Line] = []

    def items(entries: list[ResolvedItem]) -> None:
        for item in entries:
            out.append(Line(f"{item.label}{item.text.plain}", f"item{min(item.level, 2)}"))
            items(item.items)

    head = "".join(f"{x}{gap}" for x in (article.label, article.title) if x)
    for n, para in enumerate(article.paragraphs):
        out.append(Line((head if n == 0 else "") + para.text.plain, "body"))
        items(para.items)
    return out


__all__ = ["document_units", "render_tracked_docx", "tracked_docx"]
