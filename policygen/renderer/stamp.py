"""Page numbers stamped onto finished PDF pages.

Documents are laid out once, without page numbers; the numbers are drawn
afterwards with an embedded, subset font taken from a one-line PDF that
WeasyPrint sets. A policy laid out once can so be numbered 1…N on its own and
continue the booklet's numbering, without a second layout.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from .cachedir import read_cached, write_cached
from .fonts import first_installed, installed_families, needs_cjk
from .compact import chosen
from .pdf import html_to_pdf, session_with
from .pdffont import font_to_unicode, parse_widths
from .pdfsave import save
from .theme import Theme

DIGITS = "0123456789"
FONT_NAME = "/PgNum"
MM = 72 / 25.4


@dataclass(frozen=True)
class PageNumbering:
    """How page numbers look: a pattern with {page} and {pages}, placement and size."""

    pattern: str  # e.g. "— {page} —" or "第 {page} 页 共 {pages} 页"
    placement: str  # "outside" (odd right, even left) or "center"
    size: float
    family: str
    families: tuple[str, ...] = ()  # the families the numbered document was laid out in (see compact.py)


def numbering_for(theme: Theme, page_label: str) -> PageNumbering:
    """Return the page-number style of a theme; ``page_label`` is the language's pattern."""
    if theme.page_number_style == "dash-outside":
        pattern, placement, size = "— {page} —", "outside", 14.0
    else:
        pattern, placement, size = page_label, "center", 9.0
    # one font must carry every character of the pattern: a CJK face for 第…页, else the body face
    role = "song" if placement == "outside" or needs_cjk("en", pattern) else "body"
    family, _ = first_installed(theme.font(role).families)
    return PageNumbering(pattern, placement, size, family or theme.font(role).families[0], theme.families)


_GLYPHS: dict[tuple[str, float, str, str], bytes] = {}


def glyph_pdf(family: str, size: float, chars: str, cache: Path | None = None, families: tuple[str, ...] = ()) -> bytes:
    """Return a one-line PDF set in ``family`` holding ``chars``.

    Set with the faces a document in ``families`` is laid out with (compact
    ones where the document's are), so that the numbers' font merges with the
    document's. Kept in memory for the process and, when ``cache`` is a
    folder, on disk per font file.
    """
    html = (
        "<html><head><style>@page{size:A4;margin:10mm}"
        f"body{{font-family:\"{family}\";font-size:{size}pt}}</style></head>"
        f"<body><p style=\"white-space:pre\">|{chars}|</p></body></html>"
    )
    compact = chosen(html, families or (family,), cache)
    faces = ",".join(face.postscript for face in compact)
    key = (family, size, chars, faces)
    if key in _GLYPHS:
        return _GLYPHS[key]
    font_file = installed_families().get(family, "")
    stamp_id = f"{family}|{size}|{chars}|{font_file}|{faces}|{version('weasyprint')}"
    name = f"glyphs-{hashlib.sha256(stamp_id.encode()).hexdigest()[:16]}.pdf"
    data = read_cached(cache, name)
    if data is None:
        data = html_to_pdf(html, source="page numbers", session=session_with(compact))
        write_cached(cache, name, data)
    _GLYPHS[key] = data
    return data


@dataclass
class _Font:
    obj: Any
    codes: dict[str, int]
    widths: dict[int, float]
    default_width: float

    def encode(self, text: str) -> bytes:
        return b"".join(b"%04x" % self.codes[ch] for ch in text)

    def width(self, text: str, size: float) -> float:
        return sum(self.widths.get(self.codes[ch], self.default_width) for ch in text) * size / 1000


def _parse_font(pdf: Any) -> _Font:
    page = pdf.pages[0]
    fonts = page.Resources.Font
    name = min(fonts.keys())  # the glyph PDF has one font
    font = fonts[name]
    codes: dict[str, int] = {}
    for gid, text in font_to_unicode(font).items():
        codes.setdefault(text, gid)
    desc = font.DescendantFonts[0]
    widths = parse_widths(desc.get("/W", []))
    return _Font(font, codes, widths, float(desc.get("/DW", 1000)))


def stamp(
    pdf: Any, numbering: PageNumbering, *, first_number: int, total: int, skip: set[int] | None = None, cache: Path | None = None
) -> None:
    """Draw page numbers on every page of ``pdf`` (a pikepdf.Pdf), starting at ``first_number``."""
    import pikepdf

    skip = skip or set()
    chars = "".join(sorted(set(numbering.pattern.replace("{page}", "").replace("{pages}", "") + DIGITS)))
    source = pikepdf.open(io.BytesIO(glyph_pdf(numbering.family, numbering.size, chars, cache, numbering.families)))
    font = _parse_font(source)
    font_ref = pdf.copy_foreign(font.obj)
    for index, page in enumerate(pdf.pages):
        if index in skip:
            continue
        number = first_number + index
        text = numbering.pattern.format(page=number, pages=total)
        width_pt = font.width(text, numbering.size)
        box = [float(v) for v in page.mediabox]
        page_w = box[2] - box[0]
        # GB/T 9704 7.5: the number's em box starts 7 mm under the type area (a 35 mm bottom margin)
        y = (35 - 7) * MM - 0.88 * numbering.size
        if numbering.placement == "outside":
            if number % 2:  # odd page: right, one character in from the type area
                x = page_w - 26 * MM - numbering.size - width_pt
            else:
                x = 28 * MM + numbering.size
        else:
            x = (page_w - width_pt) / 2
            y = 14 * MM
        resources = page.obj.get("/Resources")
        if resources is None:
            page.obj.Resources = pikepdf.Dictionary()
            resources = page.obj.Resources
        if "/Font" not in resources:
            resources.Font = pikepdf.Dictionary()
        resources.Font[FONT_NAME] = font_ref
        content = (
            b"q 0 g BT " + FONT_NAME.encode() + b" %.2f Tf 1 0 0 1 %.2f %.2f Tm <" % (numbering.size, x, y)
            + font.encode(text) + b"> Tj ET Q"
        )
        page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, b"\nQ\n" + content + b"\n"), prepend=False)
        # one content stream per page, not three: about 75 bytes less per page once saved
        page.contents_coalesce()


def number_pdf(data: bytes, numbering: PageNumbering, cache: Path | None = None) -> bytes:
    """Return ``data`` with pages numbered 1…N, the numbers' font merged with the body's."""
    import pikepdf

    from .fontmerge import merge_fonts

    pdf = pikepdf.open(io.BytesIO(data))
    stamp(pdf, numbering, first_number=1, total=len(pdf.pages), cache=cache)
    merge_fonts(pdf)
    return save(pdf)
