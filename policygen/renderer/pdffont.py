"""Reading what a PDF's Type0 font draws: its /W widths and its ToUnicode map.

One reader for the three places that look inside fonts WeasyPrint embedded:
the font merge, the page-number stamp and the receipts' glyph drawing.
"""

from __future__ import annotations

import re
from typing import Any

_BFCHAR = re.compile(r"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(r"beginbfrange(.*?)endbfrange", re.DOTALL)
_PAIR = re.compile(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
_TRIPLE = re.compile(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")


_W_ITEM = re.compile(rb"([-+]?\d+)\s*\[([^\]]*)\]|([-+]?\d+)\s+([-+]?\d+)\s+([-+]?(?:\d+\.?\d*|\.\d+))")


def parse_widths(w: Any) -> dict[int, float]:
    """Return {glyph id: width} of a CID font's /W array (``c [w1 w2 …]`` and ``c_first c_last w`` forms)."""
    if _is_array(w) and not isinstance(w, (list, tuple)):
        return _parse_w_text(w.unparse(resolved=True))  # read as text: one pikepdf object at a time is slow
    items = list(w)
    out: dict[int, float] = {}
    i = 0
    while i + 1 < len(items):
        first, nxt = int(items[i]), items[i + 1]
        if _is_array(nxt):
            for k, width in enumerate(nxt):
                out[first + k] = float(width)
            i += 2
        else:
            if i + 2 >= len(items):
                break  # a truncated range: nothing more to read
            for gid in range(first, int(nxt) + 1):
                out[gid] = float(items[i + 2])
            i += 3
    return out


def _parse_w_text(text: bytes) -> dict[int, float]:
    out: dict[int, float] = {}
    for m in _W_ITEM.finditer(text, text.find(b"[") + 1):
        if m.group(1) is not None:
            first, widths = int(m.group(1)), m.group(2).split()
            out.update(zip(range(first, first + len(widths)), map(float, widths), strict=True))
        else:
            width = float(m.group(5))
            for gid in range(int(m.group(3)), int(m.group(4)) + 1):
                out[gid] = width
    return out


def _is_array(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return True
    try:
        import pikepdf
    except ModuleNotFoundError:  # pragma: no cover - pikepdf is a dependency
        return False
    return isinstance(value, pikepdf.Array)


def parse_to_unicode(cmap: str) -> dict[int, str]:
    """Return {glyph id: UTF-16BE hex (lower case)} of a ToUnicode CMap; the first entry of a glyph wins."""
    out: dict[int, str] = {}
    for block in _BFCHAR.findall(cmap):
        for src, dst in _PAIR.findall(block):
            out.setdefault(int(src, 16), dst.lower())
    for block in _BFRANGE.findall(cmap):
        for lo, hi, dst in _TRIPLE.findall(block):
            base = int(dst, 16)
            for offset in range(int(hi, 16) - int(lo, 16) + 1):
                out.setdefault(int(lo, 16) + offset, f"{base + offset:0{len(dst)}x}")
    return out


def text_of(utf16_hex: str) -> str:
    """Return the text a ToUnicode entry stands for (surrogate pairs included)."""
    return bytes.fromhex(utf16_hex).decode("utf-16-be", "replace")


def font_to_unicode(font: Any) -> dict[int, str]:
    """Return {glyph id: text} of a pikepdf Type0 font (empty without a ToUnicode map)."""
    if "/ToUnicode" not in font:
        return {}
    return {gid: text_of(hex_) for gid, hex_ in parse_to_unicode(font.ToUnicode.read_bytes().decode("latin-1")).items()}


__all__ = ["font_to_unicode", "parse_to_unicode", "parse_widths", "text_of"]
