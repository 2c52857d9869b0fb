"""Which fonts can draw a text, and the glyph codes to draw it with on a stamped page.

Two jobs. :class:`Coverage` answers "can any installed font draw this
character?" before anything is laid out: first from the cmaps of the fonts a
theme names (fontTools), then from fontconfig for every other installed font
(Pango falls back to those). :class:`GlyphMap` reads, from a PDF page that
WeasyPrint set, which embedded font and glyph code each character was drawn
with, and the glyph widths, so that text can be drawn on copies of a laid-out
page with the very fonts (and subset) the layout embedded.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import RenderError
from ..renderer.pdffont import font_to_unicode, parse_widths

_SKIP = {" ", "\u3000"}


class Coverage:
    """Character coverage of a font stack and of every installed font; caches what it reads."""

    def __init__(self, families: Iterable[str]) -> None:
        self.families = tuple(families)
        self._cmaps: list[set[int]] | None = None
        self._elsewhere: dict[str, bool] = {}

    def _stack(self) -> list[set[int]]:
        if self._cmaps is None:
            from fontTools.ttLib import TTFont, TTLibError

            self._cmaps = []
            for family in self.families:
                found = _font_file(family)
                if found is None:
                    continue
                path, index = found
                try:
                    font = TTFont(path, fontNumber=index, lazy=True)
                except (OSError, TTLibError):  # an unreadable font file: fontconfig answers for it
                    continue
                self._cmaps.append(set(font.getBestCmap() or {}))
                font.close()
        return self._cmaps

    def covers(self, char: str) -> bool:
        """Return True when a font of the stack, or else any installed font, has a glyph for ``char``."""
        if char in _SKIP or not char.isprintable():
            return char in _SKIP
        code = ord(char)
        if any(code in cmap for cmap in self._stack()):
            return True
        if char not in self._elsewhere:
            self._elsewhere[char] = _fontconfig_has(code)
        return self._elsewhere[char]

    def missing(self, text: str) -> list[str]:
        """Return the characters of ``text`` no installed font can draw, in order of appearance."""
        return list(dict.fromkeys(c for c in text if not self.covers(c)))


def _font_file(family: str) -> tuple[str, int] | None:
    if not shutil.which("fc-list"):
        return None
    out = subprocess.run(["fc-list", "--format", "%{file}\t%{index}\t%{style}\n", f":family={family}"],
                         capture_output=True, text=True, check=False).stdout
    lines = sorted(line.split("\t") for line in out.splitlines() if line.count("\t") == 2)
    if not lines:
        return None
    regular = [x for x in lines if "Regular" in x[2]] or lines
    return regular[0][0], int(regular[0][1] or 0)


def _fontconfig_has(code: int) -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", f":charset={code:x}", "family"], capture_output=True, text=True, check=False)
    return bool(out.stdout.strip())


def char_name(char: str) -> str:
    """Return a character with its code point, e.g. '𠮷' (U+20BB7)."""
    return f"'{char}' (U+{ord(char):04X})"


@dataclass
class _Font:
    obj: Any
    resource: str
    to_unicode: dict[int, str]
    widths: dict[int, float]
    default_width: float


@dataclass
class GlyphMap:
    """Each character's (font resource name, glyph code, width in 1/1000 em) as WeasyPrint set it."""

    glyphs: dict[str, tuple[str, int, float]] = field(default_factory=dict)
    fonts: dict[str, Any] = field(default_factory=dict)  # resource name → pikepdf font object

    def read_page(self, page: Any) -> None:
        """Record the characters drawn on ``page`` (a pikepdf.Page) and their fonts."""
        import pikepdf

        resources = page.obj.Resources.get("/Font", pikepdf.Dictionary())
        by_name: dict[str, _Font] = {}
        current: _Font | None = None
        for instruction in pikepdf.parse_content_stream(page, "Tf TJ Tj"):
            if not isinstance(instruction, pikepdf.ContentStreamInstruction):
                continue
            operands, op = instruction.operands, str(instruction.operator)
            if op == "Tf":
                name = str(operands[0])
                if name not in by_name:
                    by_name[name] = self._font(resources[name])
                current = by_name[name]
                continue
            if current is None:
                continue
            strings = operands[0] if op == "TJ" else [operands[0]]
            for item in strings:
                if isinstance(item, pikepdf.String):
                    data = bytes(item)
                    for i in range(0, len(data) - 1, 2):
                        code = data[i] << 8 | data[i + 1]
                        text = current.to_unicode.get(code)
                        if text is not None and len(text) == 1 and code != 0:
                            width = current.widths.get(code, current.default_width)
                            self.glyphs.setdefault(text, (current.resource, code, width))

    def _font(self, obj: Any) -> _Font:
        for name, known in self.fonts.items():
            if known.objgen == obj.objgen:
                return self._parsed[name]
        name = f"/S{len(self.fonts)}"
        self.fonts[name] = obj
        parsed = _Font(obj, name, font_to_unicode(obj), *_widths(obj))
        self._parsed[name] = parsed
        return parsed

    def __post_init__(self) -> None:
        self._parsed: dict[str, _Font] = {}

    def check(self, text: str) -> None:
        """Raise RenderError when a character of ``text`` was not set (the layout lost it)."""
        lost = [c for c in dict.fromkeys(text) if c not in self.glyphs and c not in _SKIP]
        if lost:
            raise RenderError("the layout drew no glyph for " + ", ".join(char_name(c) for c in lost[:10])
                              + " — run `policygen doctor` and install a font that has it")

    def width(self, text: str, size: float) -> float:
        """Return the width of ``text`` at ``size`` pt."""
        space = size / 3
        return sum(self.glyphs[c][2] * size / 1000 if c in self.glyphs else space for c in text)

    def show(self, text: str, x: float, y: float, size: float, scale: float = 100.0) -> bytes:
        """Return content-stream operators drawing ``text`` with its left baseline at (x, y)."""
        out = [b"BT 0 g"]
        if scale != 100.0:
            out.append(b"%.2f Tz" % scale)
        out.append(b"1 0 0 1 %.2f %.2f Tm" % (x, y))
        font: str | None = None
        items: list[bytes] = []

        def flush() -> None:
            if items:
                out.append(b"[" + b"".join(items) + b"] TJ")
                items.clear()

        for char in text:
            glyph = self.glyphs.get(char)
            if glyph is None:  # a space the layout did not draw as a glyph: a third of an em
                if font is not None:
                    items.append(b" -333 ")
                continue
            if glyph[0] != font:
                flush()
                font = glyph[0]
                out.append(font.encode() + b" %.2f Tf" % size)
            if items and items[-1].endswith(b">"):
                items[-1] = items[-1][:-1] + b"%04x>" % glyph[1]
            else:
                items.append(b"<%04x>" % glyph[1])
        flush()
        out.append(b"ET")
        return b" ".join(out) + b"\n"


def _widths(font: Any) -> tuple[dict[int, float], float]:
    desc = font.DescendantFonts[0]
    widths = parse_widths(desc.get("/W", []))
    return widths, float(desc.get("/DW", 1000))
