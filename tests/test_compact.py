"""Compact faces: the large CJK faces cut to the common characters draw every page as the installed ones.

Each document is laid out twice through the one HTML → PDF path: without a
cache folder (the installed faces) and with one (compact copies made there).
Every page is rasterised with poppler at 100 dpi; pixels, text and the faces
pdffonts lists must be the same, and the compact PDF must carry subsets of the
compact faces (their PostScript name ends in ``-C`` and a digest) and be smaller.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont

import policygen
from policygen.builder.assemble import Part, assemble
from policygen.renderer.compact import LARGE, chosen, compact_chars, covered, faces_for
from policygen.renderer.html import render_document_html
from policygen.renderer.paged import PagedPdf, paged_pdf
from policygen.renderer.stamp import numbering_for
from policygen.renderer.theme import theme_for

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOURCES = [FIXTURES / "minimal" / "policies" / "minimal.yaml", FIXTURES / "notice" / "notice.yaml", FIXTURES / "zh-hant" / "zh-hant.yaml"]


def _laid_out(source: Path, cache: Path | None, numbered: bool = True) -> PagedPdf:
    doc = policygen.resolve(policygen.load(source))
    theme = theme_for(doc.theme, doc.language)
    return paged_pdf(render_document_html(doc), theme=theme, language=doc.language,
                     page_label=doc.labels["page"] if numbered else None, source=str(source), cache=cache)


def _raster(data: bytes, folder: Path) -> list[bytes]:
    folder.mkdir(parents=True)
    (folder / "doc.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "100", str(folder / "doc.pdf"), str(folder / "p")], check=True)
    return [p.read_bytes() for p in sorted(folder.glob("p*.ppm"))]


def _text(data: bytes, folder: Path) -> str:
    path = folder / "text.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _embedded(data: bytes) -> dict[str, str]:
    """Return {font name without subset tag: PostScript name of the embedded program}."""
    out = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for _, font in page.Resources.Font.items():
                desc = font.DescendantFonts[0].FontDescriptor
                program = desc.get("/FontFile3") or desc.get("/FontFile2")
                with TTFont(io.BytesIO(program.read_bytes()), lazy=True) as tt:
                    out[str(font.BaseFont).split("+", 1)[-1]] = str(tt["name"].getDebugName(6))
    return out


@pytest.fixture(scope="module")
def faces_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("faces")


@pytest.mark.parametrize("source", SOURCES, ids=["regulation", "notice", "zh-hant"])
def test_compact_faces_draw_every_page_as_the_installed_faces(source: Path, faces_folder: Path, tmp_path: Path) -> None:
    installed = _laid_out(source, None)
    compact = _laid_out(source, faces_folder)
    assert installed.numbered is not None and compact.numbered is not None
    before, after = _raster(installed.numbered, tmp_path / "installed"), _raster(compact.numbered, tmp_path / "compact")
    assert len(before) == len(after) == installed.pages
    assert [i + 1 for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == []
    assert _text(installed.numbered, tmp_path) == _text(compact.numbered, tmp_path)
    names_before, names_after = _embedded(installed.numbered), _embedded(compact.numbered)
    assert names_before.keys() == names_after.keys()  # the same faces, one font each (page numbers merged in)
    swapped = [name for name in names_after if names_after[name] != names_before[name]]
    assert swapped, "no face was laid out compact"
    assert all(names_after[name].startswith(names_before[name] + "-C") for name in swapped)
    assert len(compact.numbered) < len(installed.numbered)


def test_a_compact_face_is_the_same_file_in_every_folder(tmp_path: Path) -> None:
    theme = theme_for("gbt9704", "zh-Hans")
    first, second = faces_for(theme.families, tmp_path / "a"), faces_for(theme.families, tmp_path / "b")
    assert first and [f.postscript for f in first] == [f.postscript for f in second]
    for a, b in zip(first, second, strict=True):
        assert Path(a.path).read_bytes() == Path(b.path).read_bytes()
        with TTFont(a.path, lazy=True) as small, TTFont(a.source[0], fontNumber=a.source[1], lazy=True) as big:
            assert big["maxp"].numGlyphs >= LARGE > small["maxp"].numGlyphs
            assert small["head"].modified == big["head"].modified  # nothing in it says when it was made
            assert small["name"].getDebugName(1) == big["name"].getDebugName(1)  # the family fontconfig matches
            assert small["name"].getDebugName(6) == a.postscript
        with TTFont(a.path, checkChecksums=2) as checked:  # the renamed table and head's checksum are right
            assert checked["name"] and checked["head"] and checked["maxp"]


def test_text_outside_the_compact_set_is_laid_out_with_the_installed_faces(tmp_path: Path) -> None:
    rare = "䶮"  # CJK Extension A: in Noto CJK, not in GB2312 or Big5
    assert ord(rare) not in compact_chars() and not covered(f"<p>{rare}</p>")
    theme = theme_for("gbt9704", "zh-Hans")
    assert chosen(f"<p>{rare}</p>", theme.families, tmp_path) == ()
    assert chosen("<p>总则</p>", theme.families, tmp_path) != ()
    assert chosen("<p>总则</p>", theme.families, None) == ()  # no folder, nothing made or used
    html = f'<html><body><p style="font-family: \'Noto Serif CJK SC\'">总则{rare}</p></body></html>'
    laid = paged_pdf(html, theme=theme, language="zh-Hans", page_label=None, source="<test>", cache=tmp_path)
    assert not any("-C" in name for name in _embedded(laid.plain).values())


def test_booklet_of_compact_parts_merges_to_one_subset_per_face(faces_folder: Path, tmp_path: Path) -> None:
    parts = []
    for source in SOURCES:
        laid = _laid_out(source, faces_folder, numbered=False)
        parts.append(Part(source.stem, source.stem, laid.plain, laid.pages))
    numbering = numbering_for(theme_for("gbt9704", "zh-Hans"), "第 {page} 页")
    meta = {"title": "汇编", "author": "示例", "subject": "", "keywords": "", "date": dt.date(2024, 1, 1), "cache": faces_folder}
    kept = assemble(parts, numbering, one_font_per_face=False, **meta)  # type: ignore[arg-type]
    merged = assemble(parts, numbering, **meta)  # type: ignore[arg-type]
    assert _raster(kept, tmp_path / "kept") == _raster(merged, tmp_path / "merged")
    with pikepdf.open(io.BytesIO(merged)) as pdf:
        descriptors = [font.DescendantFonts[0].FontDescriptor for page in pdf.pages for _, font in page.Resources.Font.items()]
        programs = {(d.get("/FontFile3") or d.get("/FontFile2")).objgen for d in descriptors}
    assert len(programs) == len(set(_embedded(merged))) < len({(p.key, n) for p in parts for n in _embedded(p.pdf)})


def test_compact_faces_are_made_again_when_their_folder_was_emptied(tmp_path: Path) -> None:
    """A process that made the faces once (or a worker forked from it) must not trust a folder emptied since."""
    import shutil

    families = theme_for("gbt9704", "zh-Hans").families
    first = faces_for(families, tmp_path / "cache")
    shutil.rmtree(tmp_path / "cache")
    again = faces_for(families, tmp_path / "cache")
    assert again == first and all(Path(face.path).is_file() for face in again)


def test_a_face_claimed_by_a_dead_process_is_made_anyway(tmp_path: Path) -> None:
    """A worker killed while making a face leaves its claim; the next build must not wait for it."""
    import time

    from policygen.renderer.compact import _compact_name, faces_folder
    from policygen.renderer.fonts import installed_faces

    families = theme_for("gbt9704", "zh-Hans").families
    face = next(f for f in installed_faces() if set(f.families) & set(families) and _compact_name(f))
    name = _compact_name(face)
    folder = faces_folder(tmp_path)
    folder.mkdir(parents=True)
    (folder / f".{name}.otf.claim").write_text("999999999", encoding="ascii")
    start = time.monotonic()
    made = faces_for(families, tmp_path)
    assert any(face.postscript == name for face in made) and (folder / f"{name}.otf").is_file()
    assert not (folder / f".{name}.otf.claim").exists()
    assert time.monotonic() - start < 60
