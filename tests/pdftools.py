"""Read PDFs back with poppler (pdftotext, pdffonts) — helpers shared by the PDF and booklet tests.

Coordinates are PDF points on an A4 page (595 × 842). The GB/T 9704 type area
starts 37 mm from the top and ends 35 mm from the bottom; the running header
sits above it and the page number below it, so cropping separates the three.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4
PAGE_W, PAGE_H = 596, 842
BODY_TOP = round(36 * MM)  # the type area starts at 37 mm
BODY_BOTTOM = round(263 * MM)  # and ends at 297 − 35 = 262 mm
PAGE_NUMBER = re.compile(r"—\s*(\d+)\s*—")


def squeeze(text: str) -> str:
    """Return ``text`` without any whitespace: pdftotext breaks lines and spaces wherever it likes."""
    return re.sub(r"\s+", "", text)


def _pdftotext(path: Path, *args: str) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def pages_text(path: Path, *, first: int | None = None, last: int | None = None, area: str = "page") -> list[str]:
    """Return the text of each page (pdftotext separates pages with form feeds).

    ``area`` is ``page`` (everything), ``header`` (above the type area),
    ``body`` (the type area) or ``footer`` (below it).
    """
    args: list[str] = []
    if first is not None:
        args += ["-f", str(first)]
    if last is not None:
        args += ["-l", str(last)]
    top, bottom = {"page": (0, PAGE_H), "header": (0, BODY_TOP), "body": (BODY_TOP, BODY_BOTTOM), "footer": (BODY_BOTTOM, PAGE_H)}[area]
    if area != "page":
        args += ["-x", "0", "-y", str(top), "-W", str(PAGE_W), "-H", str(bottom - top)]
    pages = _pdftotext(path, *args).split("\f")
    assert pages[-1].strip() == "", "pdftotext ends every page with a form feed"
    return pages[:-1]


def page_text(path: Path, number: int) -> str:
    """Return the text of page ``number`` (1-based), read on its own with ``pdftotext -f N -l N``."""
    (text,) = pages_text(path, first=number, last=number)
    return text


@dataclass(frozen=True)
class FontRow:
    name: str
    type: str
    embedded: bool
    subset: bool
    unicode: bool


def fonts(path: Path) -> list[FontRow]:
    """Return the rows of ``pdffonts`` (name, type, encoding, emb, sub, uni, object number, generation)."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0].split()[:2] == ["name", "type"], out[0]
    rows = []
    for line in out[2:]:
        cells = line.split()  # the type may hold spaces ("CID Type 0C (OT)"); the rest does not
        name, type_, (emb, sub, uni) = cells[0], " ".join(cells[1:-6]), cells[-5:-2]
        rows.append(FontRow(name, type_, emb == "yes", sub == "yes", uni == "yes"))
    return rows
