"""Themes: page geometry, fonts per role and sizes, shared by HTML/PDF and DOCX.

A theme names fonts by *role* (body, title, heading, subheading, …). Each role
has the font family name Word users know (仿宋, 黑体 …), used in DOCX files,
and the open font that stands in for it when rendering (see ``fonts.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FontRole:
    """A font role: the Word name written into DOCX and its open stand-ins for PDF."""

    word: str
    families: tuple[str, ...]
    latin: str = "Times New Roman"


@dataclass(frozen=True)
class Theme:
    """Page geometry (mm), font roles and sizes (pt) of a document style."""

    name: str
    page_width: float = 210.0
    page_height: float = 297.0
    margin_top: float = 37.0
    margin_bottom: float = 35.0
    margin_left: float = 28.0
    margin_right: float = 26.0
    body_size: float = 16.0  # 3号
    title_size: float = 22.0  # 2号
    heading_size: float = 16.0
    small_size: float = 14.0  # 4号, for tables and 版记
    line_height: float = 28.95  # 22 lines in the 225 mm type area: 579 twips, the DOCX grid pitch (pt)
    first_line_indent_chars: int = 2
    page_number_style: str = "dash-outside"  # "— 1 —" outside, or "page-of"
    fonts: dict[str, FontRole] = field(default_factory=dict)

    def font(self, role: str) -> FontRole:
        return self.fonts.get(role) or self.fonts["body"]

    @property
    def families(self) -> tuple[str, ...]:
        """Every open family the theme's roles name, sorted."""
        return tuple(sorted({family for role in self.fonts.values() for family in role.families}))


# Open stand-ins, most faithful first. Families must resolve through fontconfig
# (see fonts.py); the last entries are the CJK fallbacks that cover every glyph.
_FANG = ("FandolFang", "Noto Serif CJK SC")
_SONG = ("Noto Serif CJK SC", "FandolSong")
_HEI = ("Noto Sans CJK SC", "FandolHei")
_KAI = ("AR PL KaitiM GB", "FandolKai", "Noto Serif CJK SC")
_TITLE = ("Noto Serif CJK SC",)  # 方正小标宋简体 stand-in, set bold

GBT9704 = Theme(
    name="gbt9704",
    fonts={
        "body": FontRole("仿宋", _FANG),
        "title": FontRole("方正小标宋简体", _TITLE),
        "heading": FontRole("黑体", _HEI),  # 一、 and 第一章
        "subheading": FontRole("楷体", _KAI),  # （一） and 第一节
        "article": FontRole("黑体", _HEI),  # 第一条 label
        "song": FontRole("宋体", _SONG),
        "sans": FontRole("黑体", _HEI),
    },
)

MODERN = Theme(
    name="modern",
    margin_top=25.0,
    margin_bottom=25.0,
    margin_left=25.0,
    margin_right=25.0,
    body_size=11.0,
    title_size=20.0,
    heading_size=14.0,
    small_size=9.5,
    line_height=16.5,
    first_line_indent_chars=0,
    page_number_style="page-of",
    fonts={
        "body": FontRole("Noto Serif CJK SC", ("DejaVu Serif", "Noto Serif CJK SC"), "DejaVu Serif"),
        "title": FontRole("Noto Sans CJK SC", ("DejaVu Sans", "Noto Sans CJK SC"), "DejaVu Sans"),
        "heading": FontRole("Noto Sans CJK SC", ("DejaVu Sans", "Noto Sans CJK SC"), "DejaVu Sans"),
        "subheading": FontRole("Noto Sans CJK SC", ("DejaVu Sans", "Noto Sans CJK SC"), "DejaVu Sans"),
        "article": FontRole("Noto Sans CJK SC", ("DejaVu Sans", "Noto Sans CJK SC"), "DejaVu Sans"),
        "song": FontRole("Noto Serif CJK SC", ("Noto Serif CJK SC",), "DejaVu Serif"),
        "sans": FontRole("Noto Sans CJK SC", ("Noto Sans CJK SC",), "DejaVu Sans"),
    },
)

# Traditional Chinese: Fandol and AR PL cover GB2312 only; Noto TC covers Big5.
_TC_SERIF = ("Noto Serif CJK TC",)
_TC_SANS = ("Noto Sans CJK TC",)
GBT9704_HANT = Theme(
    name="gbt9704",
    fonts={
        "body": FontRole("標楷體", ("AR PL KaitiM Big5", "Noto Serif CJK TC")),
        "title": FontRole("新細明體", _TC_SERIF),
        "heading": FontRole("微軟正黑體", _TC_SANS),
        "subheading": FontRole("標楷體", ("AR PL KaitiM Big5", "Noto Serif CJK TC")),
        "article": FontRole("微軟正黑體", _TC_SANS),
        "song": FontRole("新細明體", _TC_SERIF),
        "sans": FontRole("微軟正黑體", _TC_SANS),
    },
)

THEMES = {"gbt9704": GBT9704, "modern": MODERN}


def theme_for(name: str, language: str) -> Theme:
    """Return the theme called ``name`` adapted to ``language``; raise KeyError if unknown."""
    if name not in THEMES:
        raise KeyError(name)
    if name == "gbt9704" and language == "zh-Hant":
        return GBT9704_HANT
    return THEMES[name]
