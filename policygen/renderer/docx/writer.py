"""DocxWriter: one .docx holding one or more policies, each in its own Word section.

The writer opens a reference document (the shipped ``templates/reference.docx``
or the user's, pandoc's ``--reference-doc`` convention) prepared once per
process (``prepare``), and appends paragraphs with style ids set directly on
the elements (looking styles up by name per paragraph is five times slower).

For speed, paragraphs are XML text (``_oxml.ParagraphXml``) spliced into the
serialized document part, each part is deflated once, and parts that recur
unchanged (styles, theme, fonts) reuse their deflated bytes (``_package``).

Building blocks for layouts: :meth:`DocxWriter.start_section` (page, header,
footer, page numbers, watermark), :meth:`~DocxWriter.paragraph` /
:meth:`~DocxWriter.text` / :meth:`~DocxWriter.rich` (a paragraph of a style
with direct formatting and runs), :meth:`~DocxWriter.add_table`,
:meth:`~DocxWriter.add_image`, :meth:`~DocxWriter.add_toc`,
:meth:`~DocxWriter.add_page_break`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import string
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docx
from docx.enum.section import WD_HEADER_FOOTER, WD_SECTION
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.parts.hdrftr import FooterPart, HeaderPart
from docx.section import Section
from docx.shared import Mm

from ...errors import RenderError
from ...resolver.document import RichText
from ..theme import Theme
from . import _oxml, _package, embed, styles
from .ids import bookmark_name, node_bookmark, source_hash
from .issued import is_gbt_notice, setup_section
from .layout import header_text, write_document
from .prepare import (
    REFERENCE_LANGUAGE,
    REFERENCE_THEME,
    _prepared,
    apply_geometry,
    default_reference,
)
from .tables import CellRuns, TableRow, column_widths

if TYPE_CHECKING:
    from ...resolver.document import ResolvedDocument

IDS_PARTNAME = "/customXml/item1.xml"
IDS_PROPS_PARTNAME = "/customXml/itemProps1.xml"
__all__ = [
    "REFERENCE_LANGUAGE",
    "REFERENCE_THEME",
    "CellRuns",
    "DocxWriter",
    "TableRow",
    "bookmark_name",
    "column_widths",
    "default_reference",
    "node_bookmark",
    "source_hash",
]


class DocxWriter:
    """Build a .docx from resolved documents and a few free paragraphs (cover, TOC, appendix).

    ``reference`` is a .docx whose styles, page set-up and parts are kept; styles
    it lacks are created from ``theme``. Without one, the shipped reference is
    used with the theme's page geometry and fonts.
    """

    def __init__(
        self,
        theme: Theme,
        reference: str | Path | None = None,
        *,
        language: str = "zh-Hans",
        restyle: bool = False,
        embed_fonts: bool = False,
    ) -> None:
        """``restyle`` redefines every policygen style of the reference from ``theme`` (as for the shipped one).

        ``embed_fonts`` embeds subsets of the open fonts standing in for the
        theme's Word fonts, for readers that lack them (see ``embed``).
        """
        self.theme = theme
        self.embed_fonts = embed_fonts
        self.language = language
        self._own_reference = reference is None or restyle
        path = Path(reference) if reference is not None else default_reference()
        try:
            resolved = str(path.resolve())
            prepared = _prepared(
                resolved, path.stat().st_mtime, theme, language, reference is None, restyle
            )
            self._document: Any = docx.Document(io.BytesIO(prepared.package))
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, PackageNotFoundError) as exc:
            raise RenderError(f"{path}: cannot be used as a reference .docx ({exc})") from None
        self._static = prepared.static
        self._body = self._document.element.body
        self._sentinel = self._body.get_or_add_sectPr()
        self._styles = dict(prepared.styles)
        self._cjk = language != "en"
        # run properties are XML text (see _oxml.run_properties_xml); "" = none
        self._hint = (
            _oxml.run_properties_xml(_oxml.RunFormat(hint_east_asia=True)) if self._cjk else ""
        )
        self._rpr_cache: dict[_oxml.RunFormat, str] = {}
        self._starts: dict[Any, str] = {}  # paragraph starts (w:p, w:pPr) by style and format
        self._pending: list[_oxml.ParagraphXml | str] = []  # body content not parsed yet
        self._partnames: set[str] | None = None
        # body XML text is spliced into the serialized document part (see _flush)
        self._splice = _oxml.uses_standard_w(self._body)
        self._batches: list[str] = []
        self._sections = 0
        self._bookmarks = 0
        self._text_width = styles.text_width(theme)
        self._zip_date = _package.EPOCH
        self._has_toc = False
        self._images = 0
        self._nodes: list[tuple[str, str, str]] | None = None  # (kind, id, bookmark) while recording
        self._record: tuple[str, str, str] | None = None  # (policy id, version, source hash)
        self._record_nodes: list[tuple[str, str, str]] = []

    # ------------------------------------------------------------------ sections

    def start_section(
        self,
        header: str = "",
        *,
        page_label: str | None = None,
        watermark: str | None = None,
        restart_numbering: bool = False,
    ) -> None:
        """Start a new Word section (on a new page) with its own header and footer.

        ``page_label`` is a pattern such as "第 {page} 页 共 {pages} 页"; its
        ``{page}`` and ``{pages}`` become PAGE and NUMPAGES fields (SECTIONPAGES
        when ``restart_numbering`` starts the section at page 1). ``watermark``
        is drawn across every page of the section.
        """
        self._flush()
        if self._sections:
            _oxml.add_section_break(self._sentinel)
        self._sections += 1
        section = Section(self._sentinel, self._document.part)
        if self._sections > 1:
            section.start_type = WD_SECTION.NEW_PAGE
        if self._own_reference and self._sections == 1:  # later sections copy the geometry
            apply_geometry(section, self.theme)
        section.different_first_page_header_footer = False
        _oxml.set_page_number_restart(self._sentinel, restart_numbering)
        if (
            section.page_width
            and section.left_margin is not None
            and section.right_margin is not None
        ):
            self._text_width = round(
                (section.page_width - section.left_margin - section.right_margin) / 635
            )

        root = self._story_root(section.header, header=True)
        _oxml.clear_content(root, keep=())
        if header:
            p = _oxml.ParagraphXml(self._start("Header"))
            p.parts.append(_oxml.run_xml(header, self._hint))
        else:  # no rule under an empty header
            p = _oxml.ParagraphXml(self._start("Header", bottom=_oxml.Border(size=0)))
        element = _oxml.parse_fragment(p.xml())[0]
        if watermark:
            font = self.theme.font("heading").word
            element.append(_oxml.element(_oxml.watermark_xml(watermark, font, self._sections)))
        root.append(element)

        root = self._story_root(section.footer, header=False)
        _oxml.clear_content(root, keep=())
        p = _oxml.ParagraphXml(self._start("Footer"))
        if page_label:
            for literal, field, _, _ in string.Formatter().parse(page_label):
                if literal:
                    p.parts.append(_oxml.run_xml(literal, self._hint))
                if field == "page":
                    p.parts.append(_oxml.field_xml("PAGE", "1"))
                elif field == "pages":
                    field = "SECTIONPAGES" if restart_numbering else "NUMPAGES"
                    p.parts.append(_oxml.field_xml(field, "1"))
        root.append(_oxml.parse_fragment(p.xml())[0])

    def _story_root(self, story: Any, *, header: bool) -> Any:
        """Return the root (w:hdr, w:ftr) of the section's own header or footer, adding the part if needed.

        Does what python-docx's ``is_linked_to_previous = False`` does, without
        walking every part of the package to name each new one.
        """
        if not story.is_linked_to_previous:  # the reference's first section has its own
            return story.part.element
        package = self._document.part.package
        if self._partnames is None:
            self._partnames = {str(part.partname) for part in package.iter_parts()}
        cls, content_type, reltype, pattern = (
            (HeaderPart, CT.WML_HEADER, RT.HEADER, "/word/header%d.xml")
            if header
            else (FooterPart, CT.WML_FOOTER, RT.FOOTER, "/word/footer%d.xml")
        )
        n = 1
        while pattern % n in self._partnames:
            n += 1
        name = PackURI(pattern % n)
        self._partnames.add(name)
        root = _oxml.part_root(_oxml.story_root_xml(header))
        part = cls(name, content_type, root, package)
        rels = self._document.part.rels  # a new part: relate_to's search for a match is moot
        n = 1
        while f"rId{n}" in rels:
            n += 1
        rid = rels.add_relationship(reltype, part, f"rId{n}").rId
        if header:
            self._sentinel.add_headerReference(WD_HEADER_FOOTER.PRIMARY, rid)
        else:
            self._sentinel.add_footerReference(WD_HEADER_FOOTER.PRIMARY, rid)
        return root

    def _start(self, style_id_or_name: str, *, by_name: bool = True, **fmt: Any) -> str:
        """Return the (cached) start of a paragraph of a style: ``<w:p>`` and its ``w:pPr``."""
        key = (style_id_or_name, by_name, tuple(fmt.items()))
        start = self._starts.get(key)
        if start is None:
            style_id = self._styles[style_id_or_name] if by_name else style_id_or_name
            start = _oxml.paragraph_start_xml(style_id, bool(fmt), **fmt)
            self._starts[key] = start
        return start

    def add_document(
        self, doc: ResolvedDocument, *, new_section: bool = True, source_sha256: str | None = None
    ) -> None:
        """Append a resolved policy (regulation or notice layout); by default in a section of its own.

        With ``source_sha256`` (see :func:`source_hash`) the file records the
        policy's ids: each part, chapter, section and article heading, and each
        preamble and closing paragraph, is enclosed in a bookmark, listed in a
        custom XML part (one policy per file).
        """
        if is_gbt_notice(self, doc) and (new_section or not self._sections):
            self.start_section("", watermark=doc.watermark)  # a 公文 has no running header
            setup_section(self)
        elif new_section or not self._sections:
            self.start_section(
                header_text(doc), page_label=doc.labels["page"], watermark=doc.watermark
            )
        if source_sha256 is not None:
            if self._record is not None:
                raise RenderError("a .docx records the ids of one policy only")
            self._record = (doc.id, doc.version, source_sha256)
            self._nodes = []
        write_document(self, doc)
        self._nodes = None

    # ------------------------------------------------------------------ free content

    def add_heading(self, text: str, level: int = 1, *, anchor: str | None = None) -> None:
        """Append a heading (Heading 1–3; 0 = Title) that shows in the navigation pane and TOC."""
        style = "Title" if level == 0 else f"Heading {min(max(level, 1), 3)}"
        p = self.paragraph(style, anchor=anchor)
        self.text(p, text)

    def add_paragraph(
        self,
        text: str | RichText = "",
        style: str = "Body Text",
        *,
        align: str | None = None,
        anchor: str | None = None,
    ) -> None:
        """Append a paragraph in one of the writer's styles (see ``styles.STYLE_NAMES``).

        ``align`` is left, center, right or both.
        """
        p = self.paragraph(style, align=align, anchor=anchor)
        self.rich(p, text)

    def add_table(
        self, header: Sequence[str], rows: Sequence[TableRow], widths: Sequence[float] | None = None
    ) -> None:
        """Append a full-width table; a cell is a string or a sequence of paragraphs.

        A paragraph is a string or a sequence of (text, RunFormat or None) runs.
        ``widths`` are relative column widths; the header row repeats on each page.
        """
        if widths:
            total = sum(widths)
            twips = [round(self._text_width * w / total) for w in widths]
        else:
            em = round(self.theme.small_size * 20)
            twips = column_widths([header, *rows], self._text_width, em)
        th, td = self._styles["Table Heading"], self._styles["Table Text"]
        body_rows = [
            [_oxml.Cell(tuple((td, self._runs(p)) for p in ([c] if isinstance(c, str) else c))) for c in row]
            for row in rows
        ]
        table = _oxml.table_xml(
            self._styles["Table Grid"],
            twips,
            [[_oxml.Cell(((th, ((h, ""),)),)) for h in header], *body_rows],
            rpr=self._hint,
        )
        self._append(table)
        # Word needs a paragraph between two tables and after a table closing a section
        self._append(_oxml.ParagraphXml(self._start("Normal")))

    def _runs(self, paragraph: str | CellRuns) -> tuple[tuple[str, str], ...]:
        if isinstance(paragraph, str):
            return ((paragraph, ""),)
        return tuple(
            (text, self.run_format(replace(fmt, hint_east_asia=self._cjk)) if fmt else "")
            for text, fmt in paragraph
        )

    def add_toc(
        self,
        title: str | None = None,
        levels: str = "1-2",
        placeholder: str = "",
        *,
        styles: Sequence[tuple[str, int]] = (),
    ) -> None:
        """Append a table of contents field (Word fills it on opening; LibreOffice through UNO).

        The TOC lists outline levels ``levels``, or, given ``styles``, the
        paragraphs of those styles (UI name, TOC level), e.g. (("Title", 1), ("Heading 1", 2)).
        """
        if title:
            p = self.paragraph("TOC Heading")
            self.text(p, title)
        p = self.paragraph("toc 1")
        if styles:
            listed = ",".join(f"{name},{level}" for name, level in styles)
            instruction = f'TOC \\h \\z \\t "{listed}"'
        else:
            instruction = f'TOC \\o "{levels}" \\h \\z \\u'
        p.parts.append(_oxml.field_xml(instruction, placeholder or " "))
        self._has_toc = True

    def add_image(
        self, data: bytes, width_mm: float, *, style: str = "Body Text", align: str | None = "center"
    ) -> None:
        """Append a paragraph holding a picture (PNG, JPEG, GIF …) ``width_mm`` wide, height to scale."""
        p = self.paragraph(style, align=align)
        self.image(p, data, width_mm)

    def image(self, p: Any, data: bytes, width_mm: float) -> None:
        """Append a picture run to paragraph ``p`` (from :meth:`paragraph`), in line with the text."""
        try:
            inline = self._document.part.new_pic_inline(io.BytesIO(data), Mm(width_mm), None)
        except (UnrecognizedImageError, ValueError, OSError) as exc:
            raise RenderError(f"cannot place an image in the .docx ({exc})") from None
        self._images += 1
        p.parts.append(_oxml.drawing_xml(inline, 1000 + self._images))

    def add_page_break(self) -> None:
        """Start a new page within the current section."""
        self._append(_oxml.PAGE_BREAK_XML)

    # ------------------------------------------------------------------ building blocks (used by layout)

    def paragraph(
        self,
        style: str,
        *,
        align: str | None = None,
        anchor: str | None = None,
        node: tuple[str, str] | None = None,
        **fmt: Any,
    ) -> Any:
        """Append and return an empty paragraph of ``style`` (UI name); ``fmt`` as _oxml.paragraph_start_xml.

        ``anchor`` puts a bookmark that internal links point at; ``node`` (kind,
        id) encloses the paragraph in the bookmark of a policy node, recorded
        when the writer records ids (see :meth:`add_document`).
        """
        try:
            style_id = self._styles[style]
        except KeyError:
            raise RenderError(
                f"unknown DOCX style {style!r} — use one of {', '.join(self._styles)}"
            ) from None
        if align or fmt:
            p = _oxml.ParagraphXml(self._start(style_id, by_name=False, align=align, **fmt))
        else:
            p = _oxml.ParagraphXml(self._start(style_id, by_name=False))
        self._append(p)
        if anchor:
            self._bookmarks += 1
            p.parts.append(_oxml.bookmark_xml(self._bookmarks, bookmark_name(anchor)))
        if node is not None and self._nodes is not None:
            kind, ident = node
            name = node_bookmark(kind, ident)
            self._bookmarks += 1
            p.parts.append(_oxml.bookmark_start_xml(self._bookmarks, name))
            p.end.append(_oxml.bookmark_end_xml(self._bookmarks))
            self._nodes.append((kind, ident, name))
            self._record_nodes.append((kind, ident, name))
        return p

    def run_format(self, fmt: _oxml.RunFormat) -> str:
        """Return the (cached) run properties for ``fmt``, to pass to :meth:`text`."""
        rpr = self._rpr_cache.get(fmt)
        if rpr is None:
            rpr = self._rpr_cache[fmt] = _oxml.run_properties_xml(fmt)
        return rpr

    def text(self, p: Any, text: str, rpr: str | None = None) -> None:
        """Append a run of plain text to paragraph ``p`` (from :meth:`paragraph`)."""
        if text:
            p.parts.append(_oxml.run_xml(text, rpr or self._hint))

    def rich(self, p: Any, text: RichText | str, prefix: str = "") -> None:
        """Append ``prefix`` and text whose references become internal hyperlinks to their bookmarks."""
        if isinstance(text, str):
            self.text(p, prefix + text)
            return
        for span in text.spans:
            if span.href:
                self.text(p, prefix)
                p.parts.append(_oxml.hyperlink_xml(bookmark_name(span.href), span.text, self._hint))
            else:
                self.text(p, prefix + span.text)
            prefix = ""
        self.text(p, prefix)

    @property
    def text_width(self) -> int:
        """Return the width of the type area of the current section, in twips."""
        return self._text_width

    def _append(self, content: _oxml.ParagraphXml | str) -> None:
        if not self._sections:
            self.start_section()
        self._pending.append(content)

    def _flush(self) -> None:
        """Put the pending paragraphs and tables (one batch of XML text) before the sentinel.

        The batch is not parsed: a marker takes its place in the tree and
        ``to_bytes`` splices the text into the serialized document part, the
        same bytes as parsing it (which is what happens when the reference
        spells the WordprocessingML namespace differently).
        """
        if not self._pending:
            return
        xml = "".join(x if isinstance(x, str) else x.xml() for x in self._pending)
        self._pending = []
        _oxml.check_chars(xml)
        if self._splice:
            self._sentinel.addprevious(_oxml.body_marker(len(self._batches)))
            self._batches.append(xml)
        else:
            for element in list(_oxml.parse_fragment(xml)):
                self._sentinel.addprevious(element)

    # ------------------------------------------------------------------ output

    def set_properties(
        self,
        *,
        title: str,
        author: str,
        subject: str = "",
        keywords: str = "",
        version: str = "",
        revision: int = 1,
        date: str | None = None,
        language: str = "",
        category: str = "",
        status: str = "",
        identifier: str = "",
        comments: str = "",
    ) -> None:
        """Set the core properties; ``date`` (ISO) is both created and modified — never the clock."""
        cp = self._document.core_properties
        title, subject, author, keywords, version, language, category, status, identifier, comments = (
            _fit_property(v) for v in (title, subject, author, keywords, version, language, category, status, identifier, comments)
        )
        cp.title, cp.subject, cp.author, cp.keywords = title, subject, author, keywords
        cp.last_modified_by, cp.version, cp.revision = author, version, max(revision, 1)
        cp.language, cp.category, cp.content_status = language, category, status
        cp.identifier, cp.comments = identifier, comments
        if date:
            day = dt.date.fromisoformat(date[:10])
            stamp = dt.datetime(day.year, day.month, day.day)
            cp.created = cp.modified = stamp
            self._zip_date = _package.zip_date(date)

    def _add_ids_part(self, policy_id: str, version: str, sha: str) -> None:
        """Relate the custom XML part listing the recorded nodes to the main document part."""
        package = self._document.part.package
        xml = _oxml.policy_ids_xml(policy_id, version, sha, self._record_nodes)
        part = Part(PackURI(IDS_PARTNAME), "application/xml", xml, package)
        self._document.part.relate_to(part, RT.CUSTOM_XML)
        # the data store item's properties: Word and LibreOffice keep a custom XML part that has them
        item_id = "{" + str(uuid.UUID(bytes=hashlib.sha256(xml).digest()[:16])).upper() + "}"
        props = Part(PackURI(IDS_PROPS_PARTNAME), CT.OFC_CUSTOM_XML_PROPERTIES,
                     _oxml.datastore_item_xml(item_id, _oxml.PG_NS), package)
        part.relate_to(props, RT.CUSTOM_XML_PROPS)

    def to_bytes(self) -> bytes:
        """Return the .docx as bytes; the same input gives the same bytes."""
        self._flush()
        if self._has_toc:
            _oxml.set_update_fields(self._document.settings.element)
        part = self._document.part
        if self._record is not None:
            self._add_ids_part(*self._record)
        blobs = dict(self._static)
        if self._batches:
            blobs[part.partname] = _oxml.splice_batches(part.blob, self._batches)
        if self.embed_fonts:
            embed.add_embedded_fonts(self._document, self.theme, blobs)
        return _package.package_bytes(part.package, self._zip_date, blobs)


CORE_PROPERTY_LIMIT = 255  # characters a .docx core property holds (python-docx refuses more)


def _fit_property(value: str) -> str:
    """Return ``value`` shortened with an ellipsis to what a core property holds."""
    return value if len(value) <= CORE_PROPERTY_LIMIT else value[: CORE_PROPERTY_LIMIT - 1] + "…"
