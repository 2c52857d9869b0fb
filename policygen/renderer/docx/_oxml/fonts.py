"""The font table (``word/fontTable.xml``): what readers use to substitute a font, and embedded fonts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lxml import etree

from .order import insert_ordered
from .text import W_URI, Element, _empty, element, escape_attr, part_root, w_element

W = f"{{{W_URI}}}"
R_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass(frozen=True)
class FontInfo:
    """A font as Word's font table describes it (ECMA-376 Part 1, 17.8.3)."""

    name: str  # the name runs use (仿宋)
    alt_name: str  # the other name of the same font (FangSong)
    panose: str  # 20 hex digits
    charset: str  # "86" = GB2312, "88" = Big5, "00" = ANSI
    family: str  # roman | swiss | modern | script | decorative | auto
    pitch: str  # fixed | variable | default


def font_xml(info: FontInfo, embeds: Sequence[tuple[str, str, str]] = ()) -> str:
    """Return a ``w:font``; ``embeds`` are (kind, relationship id, font key): ``embedRegular`` …"""
    out = [
        f'<w:font w:name="{escape_attr(info.name)}">',
        _empty("altName", ("val", info.alt_name)),
        _empty("panose1", ("val", info.panose)),
        _empty("charset", ("val", info.charset)),
        _empty("family", ("val", info.family)),
        _empty("pitch", ("val", info.pitch)),
    ]
    out.extend(
        f'<w:{kind} xmlns:r="{R_URI}" r:id="{escape_attr(rid)}" w:fontKey="{escape_attr(key)}"/>'
        for kind, rid, key in embeds
    )
    out.append("</w:font>")
    return "".join(out)


def _serialize(root: Element) -> bytes:
    return bytes(etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True))


def with_fonts(font_table: bytes, fonts: Sequence[FontInfo]) -> bytes:
    """Return the font table with an entry for each of ``fonts`` (replacing entries of the same name)."""
    root = part_root(font_table)
    names = {info.name for info in fonts}
    for old in root.findall(f"{W}font"):
        if old.get(f"{W}name") in names:
            root.remove(old)
    for info in fonts:
        root.append(element(font_xml(info)))
    return _serialize(root)


def with_embedded(font_table: bytes, embeds: Mapping[str, tuple[str, str, str]]) -> bytes:
    """Return the font table with ``embeds`` (font name → (kind, relationship id, key)) added to its entries."""
    root = part_root(font_table)
    for font in root.findall(f"{W}font"):
        found = embeds.get(font.get(f"{W}name", ""))
        if found is None:
            continue
        kind, rid, key = found
        embed = element(
            f'<w:{kind} xmlns:r="{R_URI}" r:id="{escape_attr(rid)}" w:fontKey="{escape_attr(key)}"/>'
        )
        insert_ordered(font, embed)
    return _serialize(root)


def set_embed_settings(settings: Element) -> None:
    """Tell Word the file embeds TrueType fonts, as subsets."""
    insert_ordered(settings, w_element("embedTrueTypeFonts"), replace=False)
    insert_ordered(settings, w_element("saveSubsetFonts"), replace=False)


def _east_asia(rpr: Element | None) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(f"{W}rFonts")
    return fonts.get(f"{W}eastAsia") if fonts is not None else None


def style_fonts(styles_root: Element) -> tuple[dict[str, str], str]:
    """Return ({paragraph style id: East Asian font}, the default East Asian font), following basedOn."""
    default = _east_asia(styles_root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")) or ""
    own: dict[str, str | None] = {}
    based: dict[str, str] = {}
    for style in styles_root.findall(f"{W}style"):
        sid = style.get(f"{W}styleId", "")
        own[sid] = _east_asia(style.find(f"{W}rPr"))
        parent = style.find(f"{W}basedOn")
        if parent is not None:
            based[sid] = parent.get(f"{W}val", "")
    resolved: dict[str, str] = {}
    for sid in own:
        seen, current = set(), sid
        while current and current not in seen and own.get(current) is None:
            seen.add(current)
            current = based.get(current, "")
        resolved[sid] = own.get(current) or default if current else default
    return resolved, default


def used_characters(styles_root: Element, stories: Sequence[Element]) -> dict[str, set[str]]:
    """Return East Asian font name → characters set in it, over every paragraph of ``stories``."""
    fonts, default = style_fonts(styles_root)
    out: dict[str, set[str]] = {}
    for story in stories:
        for p in story.iter(f"{W}p"):
            style = p.find(f"{W}pPr/{W}pStyle")
            base = fonts.get(style.get(f"{W}val", ""), default) if style is not None else fonts.get("Normal", default)
            for run in p.iter(f"{W}r"):
                font = _east_asia(run.find(f"{W}rPr")) or base
                chars = out.setdefault(font, set())
                for t in run.iter(f"{W}t", f"{W}delText"):
                    chars.update(t.text or "")
    return out
