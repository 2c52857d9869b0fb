"""``--reference-doc`` restyles every Word document: policy, booklet, 修订对照表 and tracked changes."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
from docx.shared import Pt

from policygen.cli import main
from policygen.renderer.docx import default_reference

ROOT = Path(__file__).resolve().parent.parent
V10 = ROOT / "tests/fixtures/versions/crm-regulations-1.0.yaml"
V11 = ROOT / "policies/crm-regulations.yaml"
MARK = "华文楷体"  # a font no theme names


def _reference(tmp_path: Path) -> Path:
    """Write a reference document whose Title and table text use MARK at 30 pt."""
    document = docx.Document(str(default_reference()))
    for name in ("Title", "Table Text", "Article"):
        style = document.styles[name]
        style.font.size = Pt(30)
        style.element.rPr.rFonts.set(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", MARK
        )
    path = tmp_path / "ref.docx"
    document.save(str(path))
    return path


def _styles(path: Path) -> dict[str, tuple[float | None, str | None]]:
    document = docx.Document(str(path))
    out = {}
    for name in ("Title", "Table Text", "Article"):
        style = document.styles[name]
        rfonts = style.element.rPr.rFonts if style.element.rPr is not None else None
        east = rfonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") if rfonts is not None else None
        out[name] = (style.font.size.pt if style.font.size else None, east)
    return out


def test_diff_outputs_follow_the_reference_doc(tmp_path: Path) -> None:
    ref = _reference(tmp_path)
    plain_table, plain_tracked = tmp_path / "t0.docx", tmp_path / "k0.docx"
    table, tracked = tmp_path / "t1.docx", tmp_path / "k1.docx"
    assert main(["diff", str(V10), str(V11), "-f", "docx", "-o", str(plain_table), "--tracked", str(plain_tracked)]) == 0
    assert main(["diff", str(V10), str(V11), "-f", "docx", "-o", str(table), "--tracked", str(tracked),
                 "--reference-doc", str(ref)]) == 0
    for before, after in ((plain_table, table), (plain_tracked, tracked)):
        assert all(value != (30.0, MARK) for value in _styles(before).values())
        assert _styles(after)["Title"] == (30.0, MARK)
    assert _styles(table)["Table Text"] == (30.0, MARK)
    assert _styles(tracked)["Article"] == (30.0, MARK)
    # the tracked document uses the styles by id, as the build does
    body = docx.Document(str(tracked)).paragraphs
    assert body[0].style.name == "Title" and any(p.style.name == "Article" for p in body)


def test_booklet_follows_the_reference_doc(tmp_path: Path) -> None:
    ref = _reference(tmp_path)
    project = tmp_path / "p"
    shutil.copytree(ROOT / "tests/fixtures/minimal", project)
    out = tmp_path / "out"
    assert main(["build", str(project), "--format", "docx", "--docx-toc", "word", "--reference-doc", str(ref),
                 "--out", str(out), "-q"]) == 0
    booklet = out / "booklet.docx"
    assert _styles(booklet)["Title"] == (30.0, MARK) and _styles(booklet)["Table Text"] == (30.0, MARK)
    with zipfile.ZipFile(io.BytesIO(booklet.read_bytes())) as z:
        assert MARK in z.read("word/styles.xml").decode("utf-8")
