"""The reference document made ready for a theme and language (cached per process), and page geometry.

Preparing means: drop the reference's body and custom XML, create or redefine
policygen's styles, describe the theme's fonts in the font table, set the
settings. The prepared package is kept as bytes; its static parts (styles,
theme, fonts, numbering) are stand-ins replaced by their bytes on writing.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.section import Section
from docx.shared import Mm

from ..theme import GBT9704, Theme
from . import _oxml, _package, embed, styles
from ._oxml import fonts as _fonts

REFERENCE_NAME = "reference.docx"
# The shipped reference is made for this theme and language (see make_reference.py).
REFERENCE_THEME = GBT9704
REFERENCE_LANGUAGE = "zh-Hans"
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


@dataclass(frozen=True)
class _Prepared:
    """A reference made ready for a theme and language, as a package to open for each writer."""

    package: bytes  # stored zip; the static parts are empty stand-ins
    static: dict[str, bytes]  # part name → the static part's bytes, written in their place
    styles: dict[str, str]  # UI name → style id


_PREPARED: dict[tuple[str, float, str, str, bool, bool], _Prepared] = {}


def _prepared(
    path: str, mtime: float, theme: Theme, language: str, own: bool, restyle: bool = False
) -> _Prepared:
    """Return the reference at ``path`` prepared for ``theme`` and ``language`` (cached).

    Preparing means: drop the body, create or redefine policygen's styles, set
    the settings. Parsing the styles and applying them is most of the cost of a
    small file, so it is done once per (reference, theme, language); each
    writer opens the prepared package, whose styles, theme and font parts stay
    as bytes (they never change after preparation).
    """
    key = (path, mtime, repr(theme), language, own, restyle)
    hit = _PREPARED.get(key)
    if hit is not None:
        return hit
    document: Any = docx.Document(io.BytesIO(_read(path, mtime)))
    body = document.element.body
    _oxml.clear_content(body)
    body.get_or_add_sectPr()
    same = own and theme == REFERENCE_THEME and language == REFERENCE_LANGUAGE
    overwrite = restyle or (own and not same)
    ids = styles.apply_styles(document.styles.element, theme, language, overwrite=overwrite)
    settings = document.settings
    settings.odd_and_even_pages_header_footer = False
    lang, east_asia = styles.LANGS.get(language, styles.LANGS["zh-Hans"])
    if own or restyle:
        _oxml.set_theme_font_lang(settings.element, lang, east_asia)
    package = document.part.package
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML:  # the reference's data (a bibliography), not the output's
            del document.part.rels[rid]
    stand_ins = {
        part.partname.membername: (part.partname, part.blob, _oxml.empty_part_xml(part.element))
        for part in package.iter_parts()
        if isinstance(part, XmlPart) and part.content_type in _package.STATIC_TYPES
    }
    entries, _ = _package.package_entries(package)
    entries = [
        (name, stand_ins[name][2] if name in stand_ins else blob) for name, blob in entries
    ]
    static = {partname: blob for partname, blob, _ in stand_ins.values()}
    table = embed.font_table_part(document)
    if table is not None:  # describe the theme's fonts for readers that lack them
        static[table.partname] = _fonts.with_fonts(table.blob, embed.font_infos(theme))
    prepared = _Prepared(
        _package.stored_zip(entries),
        static,
        ids,
    )
    if len(_PREPARED) >= 8:
        _PREPARED.clear()
    _PREPARED[key] = prepared
    return prepared


def apply_geometry(section: Section, theme: Theme) -> None:
    """Give ``section`` the page size and margins of ``theme``."""
    t = theme
    section.page_width, section.page_height = Mm(t.page_width), Mm(t.page_height)
    section.top_margin, section.bottom_margin = Mm(t.margin_top), Mm(t.margin_bottom)
    section.left_margin, section.right_margin = Mm(t.margin_left), Mm(t.margin_right)
    section.header_distance = Mm(min(15.0, t.margin_top / 2))
    section.footer_distance = Mm(max(t.margin_bottom - 14.0, t.margin_bottom / 2))
    section.gutter = 0
