"""One font program per face: a booklet assembled from parts draws exactly what the parts drew.

Three policies in three different scripts and styles (a regulation, a notice, a
Traditional-Chinese policy) are laid out as separate parts, then assembled
twice: each part keeping its own font subsets, and with one merged subset per
face. Every page is rasterised with poppler at 100 dpi; the pixels, the text
and the page count must be identical, and pdffonts must list one embedded
subset per face.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pikepdf
import pytest

import policygen
from policygen.builder.assemble import Part, assemble
from policygen.renderer import fontmerge
from policygen.renderer.fontmerge import merge_fonts
from policygen.renderer.html import render_document_html
from policygen.renderer.pdf import html_to_pdf
from policygen.renderer.stamp import number_pdf, numbering_for
from policygen.renderer.theme import theme_for

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOURCES = [FIXTURES / "minimal" / "policies" / "minimal.yaml", FIXTURES / "notice" / "notice.yaml", FIXTURES / "zh-hant" / "zh-hant.yaml"]


def _fonts(path: Path) -> list[tuple[str, str]]:
    """Return (face without subset tag, embedded) of every font pdffonts lists."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        cells = line.split()
        rows.append((cells[0].split("+", 1)[-1], cells[-5]))
    return rows


def _raster(path: Path, folder: Path) -> list[bytes]:
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "100", str(path), str(folder / "p")], check=True)
    return [p.read_bytes() for p in sorted(folder.glob("p*.ppm"))]


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def booklets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("fontmerge")
    parts = []
    for source in SOURCES:
        doc = policygen.resolve(policygen.load(source))
        data = html_to_pdf(render_document_html(doc))
        with pikepdf.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
        parts.append(Part(doc.id, doc.title, data, pages))
    numbering = numbering_for(theme_for("gbt9704", "zh-Hans"), "第 {page} 页")
    meta = {"title": "汇编", "author": "示例", "subject": "", "keywords": "", "date": dt.date(2024, 1, 1)}
    before, after = folder / "before.pdf", folder / "after.pdf"
    before.write_bytes(assemble(parts, numbering, one_font_per_face=False, **meta))
    after.write_bytes(assemble(parts, numbering, **meta))
    # what a builder keeps between builds changes nothing: empty memos (a cold build), then filled ones
    faces: dict[str, Any] = {}
    subsets: dict[str, bytes] = {}
    for _ in range(2):
        assert assemble(parts, numbering, faces=faces, subsets=subsets, **meta) == after.read_bytes()
    assert faces and subsets
    # fonts read from the parts beforehand (what a build's workers do as they lay them out):
    # the merge then reads no font of theirs, and makes the same booklet
    ahead = _Watched()
    read = [dataclasses.replace(part, fonts=fontmerge.read_fonts(part.pdf, ahead)) for part in parts]
    assert len(ahead) >= len(parts) and all(part.fonts for part in read)
    ahead.written.clear()
    widths_read: list[object] = []
    parse_widths = fontmerge.parse_widths
    fontmerge.parse_widths = lambda w: widths_read.append(w) or parse_widths(w)  # type: ignore[assignment]
    try:
        assert assemble(read, numbering, faces=ahead, **meta) == after.read_bytes()
    finally:
        fontmerge.parse_widths = parse_widths  # type: ignore[assignment]
    # only the page numbers' font is new to it: assembly stamps it
    assert len(ahead.written) <= 1, f"the merge read {len(ahead.written)} font programs again"
    assert len(widths_read) <= 1, f"the merge read the widths of {len(widths_read)} fonts again"
    return before, after


class _Watched(dict[str, Any]):
    """A faces memo that records what is written to it."""

    def __init__(self) -> None:
        super().__init__()
        self.written: list[str] = []

    def __setitem__(self, key: str, value: Any) -> None:
        self.written.append(key)
        super().__setitem__(key, value)


def test_merged_booklet_draws_every_page_identically(booklets: tuple[Path, Path], tmp_path: Path) -> None:
    before, after = booklets
    pixels_before, pixels_after = _raster(before, tmp_path / "before"), _raster(after, tmp_path / "after")
    assert len(pixels_before) == len(pixels_after) >= 3
    different = [i + 1 for i, (a, b) in enumerate(zip(pixels_before, pixels_after, strict=True)) if a != b]
    assert different == []
    assert _text(before) == _text(after)


def test_merged_booklet_embeds_one_subset_per_face(booklets: tuple[Path, Path]) -> None:
    before, after = booklets
    faces_before, faces_after = _fonts(before), _fonts(after)
    assert all(emb == "yes" for _, emb in faces_after)
    assert len(faces_after) == len({face for face, _ in faces_after}) == len({face for face, _ in faces_before})
    assert len(faces_before) > len(faces_after)  # the parts did repeat faces
    assert after.stat().st_size < before.stat().st_size
    check = subprocess.run(["qpdf", "--check", str(after)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def test_numbered_policy_shares_the_body_font(tmp_path: Path) -> None:
    """The page numbers' font is merged with the body's face in a single policy PDF too."""
    doc = policygen.resolve(policygen.load(SOURCES[0]))
    laid_out = html_to_pdf(render_document_html(doc))
    numbered = tmp_path / "numbered.pdf"
    numbered.write_bytes(number_pdf(laid_out, numbering_for(theme_for(doc.theme, doc.language), doc.labels["page"])))
    faces = [face for face, _ in _fonts(numbered)]
    assert len(faces) == len(set(faces))


def test_merge_leaves_a_pdf_without_repeated_faces_alone() -> None:
    doc = policygen.resolve(policygen.load(SOURCES[1]))
    with pikepdf.open(io.BytesIO(html_to_pdf(render_document_html(doc)))) as pdf:
        report = merge_fonts(pdf)
    assert report.faces == 0 and report.dicts_after == report.dicts_before


MERGE_IN_CHILD = """
import hashlib, io, sys, pikepdf
from policygen.renderer.fontmerge import merge_fonts
from policygen.renderer.pdfsave import save
pdf = pikepdf.open(sys.argv[1])
merge_fonts(pdf)
print(hashlib.sha256(save(pdf)).hexdigest())
"""


def test_merge_gives_the_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    """pikepdf hands dictionary keys over as a set: the merge must not depend on its order."""
    # body text and page numbers in one face: the body's glyphs all one width (fixed pitch), the numbers' not
    numbering = numbering_for(theme_for("gbt9704", "zh-Hans"), "第 {page} 页")
    html = f'<html><body><p style="font-family: \'{numbering.family}\'">制度总则适用范围</p></body></html>'
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(html_to_pdf(html))
    stamped = pikepdf.open(plain)
    from policygen.renderer.pdfsave import save
    from policygen.renderer.stamp import stamp

    stamp(stamped, numbering, first_number=1, total=len(stamped.pages))
    both = tmp_path / "stamped.pdf"
    both.write_bytes(save(stamped))
    digests = set()
    for seed in range(1, 9):
        run = subprocess.run(
            [sys.executable, "-c", MERGE_IN_CHILD, str(both)],
            capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": str(seed)},
        )
        digests.add(run.stdout.strip())
    assert len(digests) == 1


def test_widths_read_as_text_are_the_widths_read_object_by_object(booklets: tuple[Path, Path]) -> None:
    from policygen.renderer.pdffont import parse_widths

    def plain(value: Any) -> Any:
        return [plain(v) for v in value] if isinstance(value, pikepdf.Array) else value

    odd = pikepdf.Array([1, pikepdf.Array([500, 600.5, -20]), 10, 12, 250, 20, pikepdf.Array([]), 30, 31])
    assert parse_widths(odd) == parse_widths(plain(odd)) == {1: 500, 2: 600.5, 3: -20, 10: 250, 11: 250, 12: 250}
    checked = 0
    for path in booklets:
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") in ("/CIDFontType0", "/CIDFontType2"):
                    assert parse_widths(obj.W) == parse_widths(plain(obj.W))
                    checked += 1
    assert checked >= 4
