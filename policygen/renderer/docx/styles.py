"""The Word styles policygen writes with, derived from a theme.

Paragraph styles are found by name (the pandoc ``--reference-doc``
convention): a user's reference document may restyle any of them, and styles
it lacks are created from the theme. Names are the ones stored in
``styles.xml`` — built-in styles use Word's internal lower-case names
("heading 1"), so a Chinese Word that shows 标题 1 still finds them.
"""

from __future__ import annotations

import math
from dataclasses import replace

from ...resolver.locale import LANGUAGES, locale_for
from ..theme import Theme
from . import _oxml

# UI name → (default style id, internal name stored in styles.xml)
STYLE_NAMES: dict[str, tuple[str, str]] = {
    "Normal": ("Normal", "Normal"),
    "Title": ("Title", "Title"),
    "Heading 1": ("Heading1", "heading 1"),
    "Heading 2": ("Heading2", "heading 2"),
    "Heading 3": ("Heading3", "heading 3"),
    "Body Text": ("BodyText", "Body Text"),
    "Article": ("Article", "Article"),
    "Item 1": ("Item1", "Item 1"),
    "Item 2": ("Item2", "Item 2"),
    "Item 3": ("Item3", "Item 3"),
    "Meta": ("Meta", "Meta"),
    "Organisation": ("Organisation", "Organisation"),
    "Recipients": ("Recipients", "Recipients"),
    "Signature": ("Signature", "Signature"),
    "Imprint": ("Imprint", "Imprint"),
    "Table Text": ("TableText", "Table Text"),
    "Table Heading": ("TableHeading", "Table Heading"),
    "Header": ("Header", "header"),
    "Footer": ("Footer", "footer"),
    "TOC Heading": ("TOCHeading", "TOC Heading"),
    "toc 1": ("TOC1", "toc 1"),
    "toc 2": ("TOC2", "toc 2"),
    "Table Grid": ("TableGrid", "Table Grid"),
}
BUILTIN = {
    "Normal",
    "Title",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Body Text",
    "Signature",
    "Header",
    "Footer",
    "TOC Heading",
    "toc 1",
    "toc 2",
    "Table Grid",
}
LANGS = {language: locale_for(language).word_langs for language in LANGUAGES}  # (Latin, East Asian) per language
RED = "C00000"


def _tw(pt: float) -> int:
    return round(pt * 20)


def text_width(theme: Theme) -> int:
    """Return the width of the type area of ``theme`` in twips."""
    return round((theme.page_width - theme.margin_left - theme.margin_right) / 25.4 * 1440)


def grid_char_spacing(theme: Theme) -> int:
    """Return the character spacing (twips, negative) that fits 28 3号 characters to a line of the gbt9704 grid.

    Word would squeeze them into the grid's cells by itself; LibreOffice gives a
    character wider than its cell two cells, so the characters are made a hair
    narrower than the cell.
    """
    if theme.name != "gbt9704":
        return 0
    width_pt = (theme.page_width - theme.margin_left - theme.margin_right) * 72 / 25.4
    return math.floor((width_pt / 28 - theme.body_size) * 20) - 1


def style_defs(theme: Theme) -> list[_oxml.StyleDef]:
    """Return the definition of every policygen style for ``theme`` (ids are the defaults)."""
    f = theme.font
    body, title, heading, sub = f("body"), f("title"), f("heading"), f("subheading")
    song = f("song")
    size, small = theme.body_size, theme.small_size
    line = _tw(theme.line_height)
    indent = theme.first_line_indent_chars
    first = _tw(indent * size)
    char = _tw(size)
    width = text_width(theme)
    para_gap = (
        0 if indent else _tw(size * 0.6)
    )  # modern: space between paragraphs instead of indents
    grid = theme.name == "gbt9704"  # GB/T 9704: every line on the 22-line grid, text justified
    body_align = "both" if grid else "left"
    sid = {name: ids[0] for name, ids in STYLE_NAMES.items()}

    def d(ui: str, **kw: object) -> _oxml.StyleDef:
        style_id, stored = STYLE_NAMES[ui]
        kw.setdefault("custom", ui not in BUILTIN)
        return _oxml.StyleDef(style_id=style_id, name=stored, **kw)  # type: ignore[arg-type]

    items = [
        d(
            f"Item {n}",
            based_on=sid["Body Text"],
            latin=body.latin,
            east_asia=body.word,
            size=size,
            line=line,
            align=body_align,
            space_after=para_gap,
            first_line_chars=indent,
            first_line=first,
            left_chars=(n - 1) * 2 if indent else n * 2,
            left=((n - 1) * 2 if indent else n * 2) * char,
            quick=True,
        )
        for n in (1, 2, 3)
    ]
    return [
        d(
            "Normal",
            latin=body.latin,
            east_asia=body.word,
            size=size,
            line=line,
            align="left",
            quick=True,
            custom=False,
            is_default=True,
        ),
        d(
            "Title",
            based_on=sid["Normal"],
            next_style=sid["Body Text"],
            latin=title.latin,
            east_asia=title.word,
            size=theme.title_size,
            line=line if grid else _tw(theme.title_size * 1.5),
            align="center",
            space_after=line,
            keep_next=True,
            quick=True,
            ui_priority=10,
        ),
        d(
            "Heading 1",
            based_on=sid["Normal"],
            next_style=sid["Body Text"],
            latin=heading.latin,
            east_asia=heading.word,
            size=theme.heading_size,
            line=line,
            align="center",
            space_before=line if grid else line // 2,
            space_after=0 if grid else line // 4,
            keep_next=True,
            outline_level=0,
            quick=True,
            ui_priority=9,
        ),
        d(
            "Heading 2",
            based_on=sid["Normal"],
            next_style=sid["Body Text"],
            latin=sub.latin,
            east_asia=sub.word,
            size=theme.heading_size,
            line=line,
            align="center",
            space_before=0 if grid else line // 4,
            keep_next=True,
            outline_level=1,
            quick=True,
            ui_priority=9,
        ),
        d(
            "Heading 3",
            based_on=sid["Normal"],
            next_style=sid["Body Text"],
            latin=body.latin,
            east_asia=body.word,
            size=size,
            bold=True,
            line=line,
            first_line_chars=indent,
            first_line=first,
            keep_next=True,
            outline_level=2,
            quick=True,
            ui_priority=9,
        ),
        d(
            "Body Text",
            based_on=sid["Normal"],
            latin=body.latin,
            east_asia=body.word,
            size=size,
            line=line,
            align=body_align,
            space_after=para_gap,
            first_line_chars=indent,
            first_line=first,
            quick=True,
        ),
        d(
            "Article",
            based_on=sid["Body Text"],
            next_style=sid["Body Text"],
            latin=body.latin,
            east_asia=body.word,
            size=size,
            line=line,
            align=body_align,
            space_after=para_gap,
            space_before=para_gap,
            first_line_chars=indent,
            first_line=first,
            quick=True,
        ),
        *items,
        d(
            "Meta",
            based_on=sid["Normal"],
            latin=body.latin,
            east_asia=body.word,
            size=small,
            line=line if grid else _tw(small * 1.6),
            align="center",
            quick=True,
        ),
        d(
            "Organisation",
            based_on=sid["Normal"],
            latin=title.latin,
            east_asia=title.word,
            size=theme.title_size * 1.6,
            line=_tw(theme.title_size * 2),
            align="center",
            color=RED,
            bold=True,
        ),
        d(
            "Recipients",
            based_on=sid["Normal"],
            latin=body.latin,
            east_asia=body.word,
            size=size,
            line=line,
            align="left",
        ),
        d(
            "Signature",
            based_on=sid["Normal"],
            latin=body.latin,
            east_asia=body.word,
            size=size,
            line=line,
            align="right",
            right_chars=4 if indent else 0,
            right=4 * char if indent else 0,
        ),
        d(
            "Imprint",
            based_on=sid["Normal"],
            latin=body.latin,
            east_asia=body.word,
            size=small,
            line=_tw(small * 2),
            left_chars=1,
            left=_tw(small),
            right_chars=1,
            right=_tw(small),
        ),
        d(
            "Table Text",
            based_on=sid["Normal"],
            latin=body.latin,
            east_asia=body.word,
            size=small,
            line_auto=240,
            align="left",
        ),
        d(
            "Table Heading",
            based_on=sid["Table Text"],
            latin=heading.latin,
            east_asia=heading.word,
            size=small,
            line_auto=240,
            align="center",
            bold=True,
            keep_next=True,
        ),
        d(
            "Header",
            based_on=sid["Normal"],
            latin=song.latin,
            east_asia=song.word,
            size=10.5,
            line_auto=240,
            align="center",
            bottom_border=_oxml.Border(4, "auto", 1),
            semi_hidden=True,
            ui_priority=99,
        ),
        d(
            "Footer",
            based_on=sid["Normal"],
            latin=song.latin,
            east_asia=song.word,
            size=small,
            line_auto=240,
            align="center",
            semi_hidden=True,
            ui_priority=99,
        ),
        d(
            "TOC Heading",
            based_on=sid["Title"],
            next_style=sid["Normal"],
            latin=title.latin,
            east_asia=title.word,
            size=theme.title_size,
            line=line if grid else _tw(theme.title_size * 1.5),
            align="center",
            space_after=line,
            ui_priority=39,
            quick=True,
        ),
        d(
            "toc 1",
            based_on=sid["Normal"],
            next_style=sid["Normal"],
            latin=body.latin,
            east_asia=body.word,
            size=size,
            line=line,
            right_tab=width,
            ui_priority=39,
            semi_hidden=True,
        ),
        d(
            "toc 2",
            based_on=sid["Normal"],
            next_style=sid["Normal"],
            latin=body.latin,
            east_asia=body.word,
            size=size,
            line=line,
            left_chars=2,
            left=2 * char,
            right_tab=width,
            ui_priority=39,
            semi_hidden=True,
        ),
        d("Table Grid", type="table", based_on=None, ui_priority=59),
    ]


def apply_styles(
    styles_root: object, theme: Theme, language: str, *, overwrite: bool
) -> dict[str, str]:
    """Create (or, with ``overwrite``, redefine) policygen's styles; return {UI name: style id}.

    With ``overwrite`` the document defaults get the theme's explicit fonts and
    language and every ``*Theme`` font attribute is removed; without it, only
    missing styles are added and existing ones stay as the reference made them.
    """
    found: dict[tuple[str, str], tuple[str, object]] = {}
    taken: set[str] = set()
    for type_, style_id, stored, element in _oxml.iter_style_names(styles_root):
        found.setdefault((type_, stored.lower()), (style_id, element))
        taken.add(style_id)
    lang, east_asia_lang = LANGS.get(language, LANGS["zh-Hans"])
    if overwrite:
        body = theme.font("body")
        _oxml.set_doc_defaults(
            styles_root, body.latin, body.word, theme.body_size, lang, east_asia_lang,
            char_spacing=grid_char_spacing(theme),
        )
        _oxml.strip_theme_fonts(styles_root)
    ids: dict[str, str] = {}
    defs = style_defs(theme)
    # map default ids to the ids the document really uses (basedOn/next must point at them)
    for spec in defs:
        hit = found.get((spec.type, spec.name.lower()))
        ids[spec.name] = hit[0] if hit else spec.style_id
    for spec in defs:
        hit = found.get((spec.type, spec.name.lower()))
        if hit and not overwrite:
            continue
        style_id = ids[spec.name]
        if not hit and style_id in taken:  # an unrelated style already uses the id
            style_id = f"{spec.style_id}Pg"
            ids[spec.name] = style_id
        spec = _remap(spec, style_id, ids)
        _oxml.put_style(styles_root, spec, hit[1] if hit else None)
    return {ui: ids[stored] for ui, (_, stored) in STYLE_NAMES.items()}


def _remap(spec: _oxml.StyleDef, style_id: str, ids: dict[str, str]) -> _oxml.StyleDef:
    by_default_id = {STYLE_NAMES[ui][0]: ids[STYLE_NAMES[ui][1]] for ui in STYLE_NAMES}
    return replace(
        spec,
        style_id=style_id,
        based_on=by_default_id.get(spec.based_on, spec.based_on) if spec.based_on else None,
        next_style=by_default_id.get(spec.next_style, spec.next_style) if spec.next_style else None,
    )
