"""The revision comparison table (修订对照表) as HTML, PDF and DOCX.

One row per article changed in substance (added, deleted, amended, moved),
plus rows for chapters and sections added, removed or renamed, in the order
of the new version. The left cell shows the old text with deletions struck
through, the right cell the new text with insertions underlined, both under
their own article numbers; the third cell holds the 修订说明: the article's
``note`` from the new YAML, or a generated description.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from ..errors import RenderError
from ..resolver.locale import locale_for
from .changes import ArticleChange, ChangeSet, StructureChange
from .chardiff import Segment
from .words import words_for
from .chardiff import diff_chars
from ..renderer.html import render_template, template_source
from ..renderer.paged import check_fonts, paged_pdf
from ..renderer.theme import theme_for

FORMATS = ("html", "pdf", "docx")


@dataclass(frozen=True)
class Cell:
    """One side of a row: its label (第五条), title and paragraphs as segments."""

    label: str = ""
    title: tuple[Segment, ...] = ()
    paragraphs: tuple[tuple[Segment, ...], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.label or self.title or self.paragraphs)


@dataclass(frozen=True)
class Row:
    """A row of the comparison table; ``kind`` is added/deleted/amended/moved or chapter/section."""

    kind: str
    before: Cell
    after: Cell
    note: str
    id: str | None = None


@dataclass
class Comparison:
    """The table and its captions, ready for a template or the DOCX writer."""

    title: str
    subtitle: str
    headers: tuple[str, str, str]
    rows: list[Row]
    footnote: str | None
    language: str
    theme: str
    version: str
    doc_number: str | None
    watermark: str | None
    extra: dict[str, Any] = field(default_factory=dict)
    amended_first: bool = False  # Taiwan: 修正條文 | 現行條文 | 說明

    def cells(self, row: Row) -> tuple[Cell, Cell]:
        """Return the row's two text cells in column order (the amended text first when ``amended_first``)."""
        return (row.after, row.before) if self.amended_first else (row.before, row.after)


def _side(segments: tuple[Segment, ...] | list[Segment], keep: str) -> tuple[Segment, ...]:
    return tuple(s for s in segments if s.op in ("equal", keep))


def _whole(text: str | None, op: str) -> tuple[Segment, ...]:
    return (Segment(op, text),) if text else ()  # type: ignore[arg-type]


def _article_row(a: ArticleChange, language: str) -> Row:
    note = a.revision_note(language)
    if a.old is None:
        assert a.new is not None
        after = Cell(a.new.ref_label, _whole(a.new.title, "insert"), tuple(_whole(x, "insert") for x in a.new.lines))
        return Row("added", Cell(), after, note, a.id)
    if a.new is None or a.kind == "deleted":
        before = Cell(a.old.ref_label, _whole(a.old.title, "delete"), tuple(_whole(x, "delete") for x in a.old.lines))
        # marked `deleted` in place: the article keeps its number and the new column shows （删去）
        after = Cell(a.new.ref_label, (), tuple(_whole(x, "insert") for x in a.new.lines)) if a.new else Cell()
        return Row("deleted", before, after, note, a.id)
    if a.amended:
        before_paras = tuple(_side(line.segments, "delete") for line in a.body if line.op != "insert")
        after_paras = tuple(_side(line.segments, "insert") for line in a.body if line.op != "delete")
        before = Cell(a.old.ref_label, _side(a.title, "delete"), before_paras)
        after = Cell(a.new.ref_label, _side(a.title, "insert"), after_paras)
        return Row("amended", before, after, note, a.id)
    before = Cell(a.old.ref_label, _whole(a.old.title, "equal"), tuple(_whole(x, "equal") for x in a.old.lines))
    after = Cell(a.new.ref_label, _whole(a.new.title, "equal"), tuple(_whole(x, "equal") for x in a.new.lines))
    return Row("moved", before, after, note, a.id)


def _structure_row(s: StructureChange, language: str) -> Row:
    w = words_for(language)
    if s.change == "added":
        return Row(s.level, Cell(), Cell(s.new_label or "", _whole(s.new_title, "insert")),
                   w["chapter_added"].format(label=s.new_label))
    if s.change == "removed":
        return Row(s.level, Cell(s.old_label or "", _whole(s.old_title, "delete")), Cell(),
                   w["chapter_removed"].format(label=s.old_label))

    segs = diff_chars(s.old_title or "", s.new_title or "")
    return Row(s.level, Cell(s.old_label or "", _side(segs, "delete")), Cell(s.new_label or "", _side(segs, "insert")),
               w["chapter_renamed"].format(label=s.new_label, old=s.old_title, new=s.new_title))


def build_comparison(changes: ChangeSet) -> Comparison:
    """Return the comparison table of a change set, in the new version's language and theme."""
    doc = changes.new_document
    language = doc.language
    labels, w = doc.labels, words_for(language)
    articles = changes.changed_articles
    positions = {id(a): n for n, a in enumerate(changes.articles)}
    entries: list[tuple[float, int, Row]] = []
    for s in changes.structure:
        if s.change != "renumbered":
            entries.append((s.position, 0, _structure_row(s, language)))
    for a in articles:
        entries.append((positions[id(a)], 1, _article_row(a, language)))
    entries.sort(key=lambda e: (e[0], e[1]))
    joiner = " — " if language == "en" else ""
    amended_first = locale_for(language, doc.convention if doc.convention != "en" else None).convention.amended_first
    footnote = w["renumbered_tail"] if any(a.kind == "renumbered" for a in changes.articles) else None
    if not entries:
        footnote = w["no_changes"]
    return Comparison(
        title=f"{doc.title}{joiner}{labels['comparison']}",
        subtitle=w["versions"].format(old_version=changes.old.version, new_version=changes.new.version),
        headers=(
            (labels["col_after"], labels["col_before"], labels["col_note"]) if amended_first
            else (labels["col_before"], labels["col_after"], labels["col_note"])
        ),
        rows=[e[2] for e in entries],
        footnote=footnote,
        language=language,
        theme=doc.theme,
        version=doc.version,
        doc_number=doc.doc_number,
        watermark=doc.watermark,
        extra={"author": doc.owner, "issued_iso": doc.issued_iso},
        amended_first=amended_first,
    )


def segments_html(segments: tuple[Segment, ...]) -> Markup:
    """Return escaped HTML of segments: insertions in ``<ins>``, deletions in ``<del>``."""
    out = []
    for seg in segments:
        text = escape(seg.text)
        if seg.op == "insert":
            out.append(Markup("<ins>{}</ins>").format(text))
        elif seg.op == "delete":
            out.append(Markup("<del>{}</del>").format(text))
        else:
            out.append(text)
    return Markup("").join(out)


def comparison_html(table: Comparison, *, templates_dir: str | None = None) -> str:
    """Return the comparison table as a complete HTML document (theme stylesheet inlined)."""
    context = {
        "table": table,
        "labels": _labels(table.language),
        "doc_title": table.title,
        "version": table.version,
        "version_label": f"{_labels(table.language)['version']} {table.version}",
        "doc_number": table.doc_number,
        "watermark": table.watermark,
        "segments": segments_html,
    }
    return render_template("comparison.html.j2", context, language=table.language, theme=table.theme,
                           templates_dir=templates_dir)


def _labels(language: str) -> dict[str, str]:
    return dict(locale_for(language).labels)


def render_comparison(
    changes: ChangeSet, fmt: str, *, templates_dir: str | None = None, reference_docx: str | None = None
) -> bytes:
    """Return the 修订对照表 of ``changes`` as ``html``, ``pdf`` or ``docx`` bytes.

    ``templates_dir`` overrides templates of the HTML and PDF; ``reference_docx`` is
    the reference document of the DOCX (``--reference-doc``).
    """
    table = build_comparison(changes)
    if fmt == "html":
        return comparison_html(table, templates_dir=templates_dir).encode("utf-8")
    if fmt == "pdf":
        theme = theme_for(table.theme, table.language)
        check_fonts(theme, table.language, "")  # before anything else: never a PDF with missing glyphs
        html = comparison_html(table, templates_dir=templates_dir)
        result = paged_pdf(html, theme=theme, language=table.language, page_label=_labels(table.language)["page"],
                           source=template_source("comparison.html.j2", templates_dir), created=changes.new_policy.issued)
        assert result.numbered is not None
        return result.numbered
    if fmt == "docx":
        from .comparison_docx import comparison_docx

        return comparison_docx(
            table, issued=changes.new_policy.issued, author=changes.new_policy.owner, reference=reference_docx
        )
    raise RenderError(f"unknown format {fmt!r} for the comparison table — use html, pdf or docx")


__all__ = ["Cell", "Comparison", "Row", "build_comparison", "render_comparison"]
