"""Measure a PDF against GB/T 9704-2012 with pdfplumber: lines, glyph em boxes and rules, in mm.

Positions are millimetres from the type area's top-left corner (A4, margins
37 mm top, 28 mm left). A glyph's em box is taken from its baseline: the
ideographic em box runs from 0.12 em under the baseline to 0.88 em over it,
whatever the font's own ascent and descent say.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MM = 25.4 / 72
TOP, LEFT = 37.0, 28.0
WIDTH, HEIGHT = 156.0, 225.0
LINE = HEIGHT / 22
PITCH = WIDTH / 28


@dataclass
class Line:
    """A line of text: its characters, left to right."""

    chars: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def size(self) -> float:
        return round(float(self.chars[0]["size"]), 1)

    @property
    def baseline(self) -> float:
        """Return the baseline, mm under the type area's top."""
        c = self.chars[0]
        return (float(c["page_height"]) - float(c["matrix"][5])) * MM - TOP

    @property
    def em_top(self) -> float:
        return self.baseline - 0.88 * self.size * MM

    @property
    def em_bottom(self) -> float:
        return self.baseline + 0.12 * self.size * MM

    @property
    def left(self) -> float:
        return float(self.chars[0]["x0"]) * MM - LEFT

    @property
    def right(self) -> float:
        return float(self.chars[-1]["x1"]) * MM - LEFT

    @property
    def fonts(self) -> set[str]:
        return {c["fontname"].split("+")[-1] for c in self.chars}


@dataclass
class Rule:
    top: float
    bottom: float
    left: float
    right: float
    colour: Any

    @property
    def thickness(self) -> float:
        return self.bottom - self.top


def lines_of(page: Any) -> list[Line]:
    """Return the text lines of a pdfplumber page, top to bottom; characters on one baseline form a line."""
    rows: dict[float, list[dict[str, Any]]] = {}
    for c in page.chars:
        c = dict(c, page_height=float(page.height))
        key = round(float(page.height) - float(c["matrix"][5]), 0)
        rows.setdefault(key, []).append(c)
    merged: list[list[dict[str, Any]]] = []
    for key in sorted(rows):
        if merged and abs(key - (float(page.height) - float(merged[-1][0]["matrix"][5]))) <= 1.5:
            merged[-1].extend(rows[key])
        else:
            merged.append(rows[key])
    return [Line(sorted(cs, key=lambda c: float(c["x0"]))) for cs in merged]


def rules_of(page: Any) -> list[Rule]:
    """Return the horizontal rules wider than 100 mm, top to bottom.

    WeasyPrint draws a border as the area between two rectangles and a filled
    box as one: every pair of horizontal edges less than 1 mm apart is a rule.
    """
    edges: dict[tuple[float, float, Any], set[float]] = {}
    for r in page.rects:
        left, right = float(r["x0"]) * MM - LEFT, float(r["x1"]) * MM - LEFT
        if right - left < 100:
            continue
        colour = tuple(r.get("non_stroking_color") or ())
        key = (round(left, 1), round(right, 1), colour)
        edges.setdefault(key, set()).update({round(float(r["top"]) * MM - TOP, 3), round(float(r["bottom"]) * MM - TOP, 3)})
    out = []
    for (left, right, colour), ys in edges.items():
        ordered = sorted(ys)
        for a, b in itertools.pairwise(ordered):
            if b - a < 1.0:
                out.append(Rule(a, b, left, right, colour))
    return sorted(out, key=lambda r: r.top)


def open_pdf(path: Path) -> Any:
    import pdfplumber

    return pdfplumber.open(str(path))
