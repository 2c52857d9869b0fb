"""Style definitions and document defaults of ``styles.xml``, written as XML text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .text import W_URI, Border, Element, _empty, element, escape_attr, fonts_xml

W = f"{{{W_URI}}}"
_THEME_ATTRS = tuple(f"{W}{a}" for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))


@dataclass(frozen=True)
class StyleDef:
    """A paragraph or table style; lengths in twips, sizes in pt."""

    style_id: str
    name: str  # the name stored in styles.xml ("heading 1", "Article")
    type: str = "paragraph"
    based_on: str | None = None
    next_style: str | None = None
    latin: str | None = None
    east_asia: str | None = None
    size: float | None = None
    bold: bool = False
    color: str | None = None
    align: str | None = None
    line: int | None = None  # exact line height
    line_auto: int | None = None  # 240 = single
    space_before: int = 0
    space_after: int = 0
    first_line_chars: int = 0
    first_line: int = 0
    left_chars: int = 0
    left: int = 0
    right_chars: int = 0
    right: int = 0
    keep_next: bool = False
    outline_level: int | None = None
    bottom_border: Border | None = None
    right_tab: int | None = None
    custom: bool = True
    ui_priority: int | None = None
    quick: bool = False
    semi_hidden: bool = False
    is_default: bool = False


def _table_style_xml() -> str:
    borders = "".join(
        _empty(side, ("val", "single"), ("sz", "4"), ("space", "0"), ("color", "auto"))
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    margins = "".join(
        _empty(side, ("w", width), ("type", "dxa"))
        for side, width in (("top", "40"), ("left", "108"), ("bottom", "40"), ("right", "108"))
    )
    return (
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f'<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
        f"<w:tblCellMar>{margins}</w:tblCellMar></w:tblPr>"
    )


def _paragraph_properties_xml(spec: StyleDef) -> str:
    out = []
    if spec.keep_next:
        out.append("<w:keepNext/><w:keepLines/>")
    if spec.bottom_border:
        b = spec.bottom_border
        out.append(
            "<w:pBdr>"
            + _empty("bottom", ("val", "single"), ("sz", str(b.size)), ("space", str(b.space)), ("color", b.color))
            + "</w:pBdr>"
        )
    if spec.right_tab is not None:
        out.append(f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{spec.right_tab}"/></w:tabs>')
    spacing = [("before", str(spec.space_before)), ("after", str(spec.space_after))]
    if spec.line:
        spacing += [("line", str(spec.line)), ("lineRule", "exact")]
    elif spec.line_auto:
        spacing += [("line", str(spec.line_auto)), ("lineRule", "auto")]
    out.append(_empty("spacing", *spacing))
    out.append(
        _empty(
            "ind",
            ("leftChars", str(spec.left_chars * 100)),
            ("left", str(spec.left)),
            ("rightChars", str(spec.right_chars * 100)),
            ("right", str(spec.right)),
            ("firstLineChars", str(spec.first_line_chars * 100)),
            ("firstLine", str(spec.first_line)),
        )
    )
    if spec.align:
        out.append(_empty("jc", ("val", spec.align)))
    if spec.outline_level is not None:
        out.append(_empty("outlineLvl", ("val", str(spec.outline_level))))
    return f"<w:pPr>{''.join(out)}</w:pPr>"


def _run_properties_xml(spec: StyleDef) -> str:
    out = []
    if spec.latin or spec.east_asia:
        out.append(fonts_xml(spec.latin, spec.east_asia, hint=False))
    bold = "1" if spec.bold else "0"
    out.append(_empty("b", ("val", bold)) + _empty("bCs", ("val", bold)))
    out.append(_empty("color", ("val", spec.color or "auto")))
    if spec.size:
        half_points = str(round(spec.size * 2))
        out.append(_empty("sz", ("val", half_points)) + _empty("szCs", ("val", half_points)))
    return f"<w:rPr>{''.join(out)}</w:rPr>"


def style_xml(spec: StyleDef) -> str:
    """Return a complete ``w:style`` for ``spec`` with explicit fonts, no theme fonts."""
    attrs = [("type", spec.type)]
    if spec.is_default:
        attrs.append(("default", "1"))
    if spec.custom:
        attrs.append(("customStyle", "1"))
    attrs.append(("styleId", spec.style_id))
    head = "".join(f' w:{k}="{escape_attr(v)}"' for k, v in attrs)
    out = [f"<w:style{head}>", _empty("name", ("val", spec.name))]
    if spec.based_on:
        out.append(_empty("basedOn", ("val", spec.based_on)))
    if spec.next_style:
        out.append(_empty("next", ("val", spec.next_style)))
    if spec.ui_priority is not None:
        out.append(_empty("uiPriority", ("val", str(spec.ui_priority))))
    if spec.semi_hidden:
        out.append("<w:semiHidden/><w:unhideWhenUsed/>")
    if spec.quick:
        out.append("<w:qFormat/>")
    if spec.type == "table":
        out.append(_table_style_xml())
    else:
        out.append(_paragraph_properties_xml(spec))
        out.append(_run_properties_xml(spec))
    out.append("</w:style>")
    return "".join(out)


def put_style(styles_root: Element, spec: StyleDef, existing: Element | None) -> None:
    """Replace ``existing`` (or append) with the style built from ``spec``."""
    new = element(style_xml(spec))
    if existing is not None:
        existing.addprevious(new)
        styles_root.remove(existing)
    else:
        styles_root.append(new)


def iter_style_names(styles_root: Element) -> Iterable[tuple[str, str, str, Element]]:
    """Yield (type, style id, stored name, element) of every style."""
    for style in styles_root.iterchildren(f"{W}style"):
        name = style.find(f"{W}name")
        yield (
            style.get(f"{W}type", "paragraph"),
            style.get(f"{W}styleId", ""),
            name.get(f"{W}val", "") if name is not None else "",
            style,
        )


def doc_defaults_xml(
    latin: str, east_asia: str, size: float, lang: str, east_asia_lang: str, char_spacing: int = 0
) -> str:
    """Return ``w:docDefaults``: explicit fonts, character spacing (twips), size and languages; no spacing after paragraphs."""
    half_points = str(round(size * 2))
    return (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        + fonts_xml(latin, east_asia, hint=False)
        + (_empty("spacing", ("val", str(char_spacing))) if char_spacing else "")
        + _empty("sz", ("val", half_points))
        + _empty("szCs", ("val", half_points))
        + _empty("lang", ("val", lang), ("eastAsia", east_asia_lang), ("bidi", "ar-SA"))
        + "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        + '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        + "</w:pPr></w:pPrDefault></w:docDefaults>"
    )


def set_doc_defaults(
    styles_root: Element, latin: str, east_asia: str, size: float, lang: str, east_asia_lang: str,
    char_spacing: int = 0,
) -> None:
    """Set the document default run properties: explicit fonts, character spacing (twips), size and languages."""
    new = element(doc_defaults_xml(latin, east_asia, size, lang, east_asia_lang, char_spacing))
    old = styles_root.find(f"{W}docDefaults")
    if old is not None:
        old.addprevious(new)
        styles_root.remove(old)
    else:
        styles_root.insert(0, new)


def strip_theme_fonts(root: Element) -> None:
    """Remove the ``*Theme`` attributes of every ``w:rFonts`` under ``root`` (they override names)."""
    for rfonts in root.iter(f"{W}rFonts"):
        for attr in _THEME_ATTRS:
            if attr in rfonts.attrib:
                del rfonts.attrib[attr]
