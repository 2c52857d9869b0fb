"""DocxWriter: one .docx holding one or more policies, each in its own Word section.

The writer opens a reference document (the shipped ``templates/reference.docx``
or the user's, pandoc's ``--reference-doc`` convention), keeps its styles and
parts, drops its body, and appends paragraphs with style ids set directly on
the elements (looking styles up by name per paragraph is five times slower).

For speed: the prepared reference (styles applied) is cached per reference,
theme and language; paragraphs are XML text (``_oxml.ParagraphXml``) spliced
into the serialized document part; each part is deflated once, and parts that
recur unchanged (styles, theme, fonts) reuse their deflated bytes. The output
is byte for byte what building every element with lxml gives.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
import functools
import hashlib
import io
import string
import zipfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docx
from docx.enum.section import WD_HEADER_FOOTER, WD_SECTION
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.parser import parse_xml
from docx.opc.part import XmlPart
from docx.parts.hdrftr import FooterPart, HeaderPart
from docx.opc.exceptions import PackageNotFoundError
from docx.section import Section
from docx.shared import Mm

from ...errors import RenderError
from ...resolver.document import RichText
from ..theme import GBT9704, Theme
from . import _oxml, _package, styles
from .layout import header_text, write_document

if TYPE_CHECKING:
    from ...resolver.document import ResolvedDocument

REFERENCE_NAME = "reference.docx"
# The shipped reference is made for this theme and language (see make_reference.py).
REFERENCE_THEME = GBT9704
REFERENCE_LANGUAGE = "zh-Hans"
TableRow = Sequence["str | Sequence[str]"]


def default_reference() -> Path:
    """Return the path of the shipped reference document."""
    try:
        path = Path(str(resources.files("policygen.templates"))) / REFERENCE_NAME
        if path.is_file():
            return path
    except ModuleNotFoundError:  # pragma: no cover - a bare checkout
        pass
    return Path(__file__).resolve().parents[3] / "templates" / REFERENCE_NAME


@functools.lru_cache(maxsize=8)
def _read(path: str, mtime: float) -> bytes:
    return Path(path).read_bytes()


@functools.lru_cache(maxsize=2)
def _default_story_xml(header: bool) -> Any:
    if header:
        return parse_xml(HeaderPart._default_header_xml())  # type: ignore[no-untyped-call]
    return parse_xml(FooterPart._default_footer_xml())  # type: ignore[no-untyped-call]


def _default_story(header: bool) -> Any:
    """Return a new root of python-docx's default header or footer part (w:hdr, w:ftr)."""
    return copy.deepcopy(_default_story_xml(header))


@dataclass(frozen=True)
class _Prepared:
    """A reference made ready for a theme and language, as a package to open for each writer."""

    package: bytes  # stored zip; the static parts are empty stand-ins
    static: dict[str, bytes]  # part name → the static part's bytes, written in their place
    styles: dict[str, str]  # UI name → style id


_PREPARED: dict[tuple[str, float, str, str, bool], _Prepared] = {}


def _prepared(path: str, mtime: float, theme: Theme, language: str, own: bool) -> _Prepared:
    """Return the reference at ``path`` prepared for ``theme`` and ``language`` (cached).

    Preparing means: drop the body, create or redefine policygen's styles, set
    the settings. Parsing the styles and applying them is most of the cost of a
    small file, so it is done once per (reference, theme, language); each
    writer opens the prepared package, whose styles, theme and font parts stay
    as bytes (they never change after preparation).
    """
    key = (path, mtime, repr(theme), language, own)
    hit = _PREPARED.get(key)
    if hit is not None:
        return hit
    document: Any = docx.Document(io.BytesIO(_read(path, mtime)))
    body = document.element.body
    _oxml.clear_content(body)
    body.get_or_add_sectPr()
    same = own and theme == REFERENCE_THEME and language == REFERENCE_LANGUAGE
    ids = styles.apply_styles(document.styles.element, theme, language, overwrite=own and not same)
    settings = document.settings
    settings.odd_and_even_pages_header_footer = False
    lang, east_asia = styles.LANGS.get(language, styles.LANGS["zh-Hans"])
    if own:
        _oxml.set_theme_font_lang(settings.element, lang, east_asia)
    package = document.part.package
    stand_ins = {
        part.partname.membername: (part.partname, part.blob, _oxml.empty_part_xml(part.element))
        for part in package.iter_parts()
        if isinstance(part, XmlPart) and part.content_type in _package.STATIC_TYPES
    }
    entries, _ = _package.package_entries(package)
    entries = [
        (name, stand_ins[name][2] if name in stand_ins else blob) for name, blob in entries
    ]
    prepared = _Prepared(
        _package.stored_zip(entries),
        {partname: blob for partname, blob, _ in stand_ins.values()},
        ids,
    )
    if len(_PREPARED) >= 8:
        _PREPARED.clear()
    _PREPARED[key] = prepared
    return prepared


def bookmark_name(anchor: str) -> str:
    """Return the Word bookmark name of a resolved anchor (≤ 40 chars, hidden in Word's list)."""
    return "_pg" + hashlib.sha1(anchor.encode("utf-8")).hexdigest()[:20]


def _ems(text: str) -> float:
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.6 for ch in text)


def _longest_unbreakable(text: str) -> float:
    """Return the width (em) of the longest piece a line cannot break inside (a Latin word)."""
    longest = run = 0.0
    for ch in text:
        if ch.isspace() or ord(ch) >= 0x2E80:
            longest, run = max(longest, run, 0.0 if ch.isspace() else 1.0), 0.0
        else:
            run += 0.6
    return max(longest, run)


def column_widths(rows: Sequence[TableRow], total: int, em: int) -> list[int]:
    """Return column widths (twips) summing to ``total``, as HTML's automatic table layout.

    Each column gets at least its longest unbreakable word (an e-mail address
    does not wrap), then the rest of the width in proportion to how much more
    its longest line needs.
    """
    columns = len(rows[0])
    low, high = [1.0] * columns, [1.0] * columns
    for row in rows:
        for c, cell in enumerate(row):
            for line in [cell] if isinstance(cell, str) else list(cell):
                low[c] = max(low[c], _longest_unbreakable(line))
                high[c] = max(high[c], _ems(line))
    low = [(x + 1.0) * em for x in low]  # + cell margins
    high = [(x + 1.0) * em for x in high]
    if sum(high) <= total:
        widths = [total * h / sum(high) for h in high]
    elif sum(low) >= total:
        widths = [total * x / sum(low) for x in low]
    else:
        spare = (total - sum(low)) / (sum(high) - sum(low))
        widths = [x + (h - x) * spare for x, h in zip(low, high, strict=True)]
    out = [round(w) for w in widths]
    out[-1] += total - sum(out)
    return out


def apply_geometry(section: Section, theme: Theme) -> None:
    """Give ``section`` the page size and margins of ``theme``."""
    t = theme
    section.page_width, section.page_height = Mm(t.page_width), Mm(t.page_height)
    section.top_margin, section.bottom_margin = Mm(t.margin_top), Mm(t.margin_bottom)
    section.left_margin, section.right_margin = Mm(t.margin_left), Mm(t.margin_right)
    section.header_distance = Mm(min(15.0, t.margin_top / 2))
    section.footer_distance = Mm(max(t.margin_bottom - 14.0, t.margin_bottom / 2))
    section.gutter = 0


class DocxWriter:
    """Build a .docx from resolved documents and a few free paragraphs (cover, TOC, appendix).

    ``reference`` is a .docx whose styles, page set-up and parts are kept; styles
    it lacks are created from ``theme``. Without one, the shipped reference is
    used with the theme's page geometry and fonts.
    """

    def __init__(
        self, theme: Theme, reference: str | Path | None = None, *, language: str = "zh-Hans"
    ) -> None:
        self.theme = theme
        self.language = language
        self._own_reference = reference is None
        path = Path(reference) if reference is not None else default_reference()
        try:
            resolved = str(path.resolve())
            prepared = _prepared(resolved, path.stat().st_mtime, theme, language, self._own_reference)
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
            element.append(_oxml.watermark_run(watermark, font, self._sections))
        root.append(element)

        root = self._story_root(section.footer, header=False)
        _oxml.clear_content(root, keep=())
        p = _oxml.ParagraphXml(self._start("Footer"))
        if page_label:
            for literal, field, _, _ in string.Formatter().parse(page_label):
                if literal:
                    p.parts.append(_oxml.run_xml(literal, self._hint))
                if field == "page":
                    _oxml.add_field(p, "PAGE", "1")
                elif field == "pages":
                    _oxml.add_field(p, "SECTIONPAGES" if restart_numbering else "NUMPAGES", "1")
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
        root = _default_story(header)
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

    def add_document(self, doc: ResolvedDocument, *, new_section: bool = True) -> None:
        """Append a resolved policy (regulation or notice layout); by default in a section of its own."""
        if new_section or not self._sections:
            self.start_section(
                header_text(doc), page_label=doc.labels["page"], watermark=doc.watermark
            )
        write_document(self, doc)

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
            [_oxml.Cell(tuple((td, p) for p in ([c] if isinstance(c, str) else c))) for c in row]
            for row in rows
        ]
        table = _oxml.table_xml(
            self._styles["Table Grid"],
            twips,
            [[_oxml.Cell(((th, h),)) for h in header], *body_rows],
            rpr=self._hint,
        )
        self._append(table)
        # Word needs a paragraph between two tables and after a table closing a section
        self._append(_oxml.ParagraphXml(self._start("Normal")))

    def add_toc(self, title: str | None = None, levels: str = "1-2", placeholder: str = "") -> None:
        """Append a table of contents field (Word fills it on opening; LibreOffice through UNO)."""
        if title:
            p = self.paragraph("TOC Heading")
            self.text(p, title)
        p = self.paragraph("toc 1")
        _oxml.add_field(p, f'TOC \\o "{levels}" \\h \\z \\u', placeholder or " ")
        self._has_toc = True

    def add_page_break(self) -> None:
        """Start a new page within the current section."""
        self._append(_oxml.PAGE_BREAK_XML)

    # ------------------------------------------------------------------ building blocks (used by layout)

    def paragraph(
        self, style: str, *, align: str | None = None, anchor: str | None = None, **fmt: Any
    ) -> Any:
        """Append and return an empty paragraph of ``style`` (UI name); ``fmt`` as _oxml.paragraph_format."""
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
        cp.title, cp.subject, cp.author, cp.keywords = title, subject, author, keywords
        cp.last_modified_by, cp.version, cp.revision = author, version, max(revision, 1)
        cp.language, cp.category, cp.content_status = language, category, status
        cp.identifier, cp.comments = identifier, comments
        if date:
            day = dt.date.fromisoformat(date[:10])
            stamp = dt.datetime(day.year, day.month, day.day)
            cp.created = cp.modified = stamp
            self._zip_date = _package.zip_date(date)

    def to_bytes(self) -> bytes:
        """Return the .docx as bytes; the same input gives the same bytes."""
        self._flush()
        if self._has_toc:
            _oxml.set_update_fields(self._document.settings.element)
        part = self._document.part
        blobs = dict(self._static)
        if self._batches:
            blobs[part.partname] = _oxml.splice_batches(part.blob, self._batches)
        return _package.package_bytes(part.package, self._zip_date, blobs)
