"""GB/T 9704-2012 geometry of the gbt9704 theme, in millimetres, for the stylesheet and the DOCX writer.

The type area is 156 mm × 225 mm, set as 22 lines of 28 characters (5.2.2):
the line pitch is 225/22 mm and the character pitch 156/28 mm. Every vertical
position of the 版头 is a whole number of lines from the top of the type area,
except the masthead (35 mm, 7.2.3) and the red rule (4 mm under 发文字号, 7.2.5),
which are placed absolutely so that the flow stays on the grid.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from ..resolver.document import ResolvedMasthead
from .theme import Theme

PT = 25.4 / 72  # mm per point
MASTHEAD_TOP = 35.0  # mm from the type area's top edge to the masthead's top edge (7.2.3)
MASTHEAD_MAX = 15.0  # mm: the tallest masthead character
RULE_GAP = 4.0  # mm from the 发文字号 to the red rule (7.2.5)
RED_RULE = 0.5  # mm; the standard gives no thickness
SEAL = 42.0  # mm: seal diameter drawn (a company seal is 42 mm across)
SEAL_GAP = 2.0  # mm from the last body line to the seal's top (within one line, 7.3.5.1)
SEAL_SPACING = 4.0  # mm between joint issuers' seals, which never touch
RULES = (0.35, 0.25, 0.35)  # mm: 版记 first rule, rules between, last rule (7.4.1)


@dataclass(frozen=True)
class Grid:
    """The 22 × 28 grid of a theme's type area."""

    width: float
    height: float
    lines: int = 22
    chars: int = 28
    body_pt: float = 16.0

    @property
    def line(self) -> float:
        """Return the line pitch in mm."""
        return self.height / self.lines

    @property
    def pitch(self) -> float:
        """Return the character pitch in mm."""
        return self.width / self.chars

    @property
    def letter_spacing_pt(self) -> float:
        """Return the letter spacing (pt, negative) that sets 3号 characters on the pitch, a hair under."""
        return round(self.pitch / PT - self.body_pt - 0.01, 3)

    @property
    def body_mm(self) -> float:
        return self.body_pt * PT


def grid_of(theme: Theme) -> Grid:
    """Return the grid of ``theme``'s type area."""
    width = theme.page_width - theme.margin_left - theme.margin_right
    height = theme.page_height - theme.margin_top - theme.margin_bottom
    return Grid(width, height, body_pt=theme.body_size)


@dataclass(frozen=True)
class Masthead:
    """Where and how big the 发文机关标志 is set, and the lines the 版头 takes."""

    size_mm: float
    line_mm: float  # line height of each name line
    top_mm: float  # top of the first line box inside the masthead block
    block_lines: int  # whole lines of the grid the masthead block takes
    names_width_mm: float  # width of the names column (joint issuers)

    @property
    def size_pt(self) -> float:
        return round(self.size_mm / PT, 2)


@functools.lru_cache(maxsize=16)
def em_top_ratio(families: tuple[str, ...]) -> float:
    """Return where the ideographic em box's top sits under a line box as tall as the font size, in ems.

    Pango centres the font's ascent + descent (hhea) in the line box; the em box
    top is 0.88 em over the baseline. 0 when the font cannot be read.
    """
    from .fonts import first_installed

    _, file = first_installed(families)
    if not file:
        return 0.0
    try:
        from fontTools.ttLib import TTFont

        with TTFont(file, fontNumber=0, lazy=True) as font:
            units = font["head"].unitsPerEm
            ascent, descent = font["hhea"].ascent / units, -font["hhea"].descent / units
    except (OSError, KeyError, ValueError, AssertionError):  # an unreadable font only costs the sub-millimetre correction
        return 0.0
    return float((1 - ascent - descent) / 2 + ascent - 0.88)


def masthead_layout(masthead: ResolvedMasthead, theme: Theme) -> Masthead:
    """Return the masthead's size: as large as ``MASTHEAD_MAX`` allows, smaller when the name is long.

    The masthead never wraps: its widest line, 文件 included, fits the type area (7.2.3).
    """
    grid = grid_of(theme)
    gap = 0.5 if masthead.suffix else 0.0  # between the stacked names and 文件
    size = min(MASTHEAD_MAX, grid.width / (max(masthead.longest, 1) + gap))
    size = math.floor(size * 100) / 100
    joint = len(masthead.names) > 1
    line = size * 1.25 if joint else size
    top = MASTHEAD_TOP - (line - size) / 2 - em_top_ratio(theme.font("title").families) * size
    bottom = top + line * len(masthead.names)
    names_width = max(len(n) for n in masthead.names) * size
    return Masthead(size, round(line, 3), round(top, 3), math.ceil(bottom / grid.line), round(names_width, 3))


def seal_step(names: list[str], theme: Theme) -> float:
    """Return the distance (mm) between the centres of joint issuers' seals: they never touch, nor do the names."""
    grid = grid_of(theme)
    longest = max((len(n) for n in names), default=0)
    return round(max(SEAL + SEAL_SPACING, (longest + 1) * grid.pitch), 3)


@dataclass(frozen=True)
class Header:
    """Offsets used by the stylesheet, in mm."""

    rule_top: float  # from the top of the 发文字号 line box to the red rule's top edge
    seal_top: float  # from the top of the 成文日期 line box to the top of the seal (negative: above)


def header_layout(theme: Theme) -> Header:
    """Return the red rule's and the seal's offsets."""
    grid = grid_of(theme)
    glyph_bottom = (grid.line + grid.body_mm) / 2
    # the signature name sits one line over the date, after two blank lines under the body
    seal_top = -3 * grid.line + SEAL_GAP
    return Header(round(glyph_bottom + RULE_GAP, 3), round(seal_top, 3))


def grid_values(theme: Theme) -> dict[str, float]:
    """Return the numbers the stylesheet and templates use (mm, and pt where named so)."""
    grid = grid_of(theme)
    header = header_layout(theme)
    return {
        "line": math.floor(grid.line * 10000) / 10000,  # never round up: 22 lines must fit
        "pitch": round(grid.pitch, 4),
        "letter_spacing_pt": grid.letter_spacing_pt,
        "rule_top": header.rule_top,
        "red_rule": RED_RULE,
        "seal": SEAL,
        "seal_top": header.seal_top,
        "seal_step": SEAL + SEAL_SPACING,
        "rule_first": RULES[0],
        "rule_middle": RULES[1],
        "rule_last": RULES[2],
    }


@functools.lru_cache(maxsize=8)
def _advances(families: tuple[str, ...]) -> tuple[dict[int, int], int]:
    """Return ({code point: advance}, units per em) of the first installed font of ``families``."""
    from .fonts import first_installed

    _, file = first_installed(families)
    if not file:
        return {}, 1000
    try:
        from fontTools.ttLib import TTFont

        with TTFont(file, fontNumber=0, lazy=True) as font:
            cmap = font.getBestCmap() or {}
            metrics = font["hmtx"].metrics
            units = int(font["head"].unitsPerEm)
            return {cp: int(metrics[name][0]) for cp, name in cmap.items() if cp < 0x2E80 and name in metrics}, units
    except (OSError, KeyError, ValueError, AssertionError):
        return {}, 1000


def text_width_mm(text: str, theme: Theme, role: str = "body", size_pt: float | None = None, spacing_pt: float = 0.0) -> float:
    """Return the width (mm) of ``text`` set in ``role``: a full-width character takes a pitch, others their advance."""
    size = size_pt or theme.body_size
    pitch = grid_of(theme).pitch
    advances, units = _advances(theme.font(role).families)
    width = 0.0
    for ch in text:
        if ord(ch) >= 0x2E80:
            width += pitch
        else:
            width += (advances.get(ord(ch), units // 2) / units * size + spacing_pt) * PT
    return width
