"""The gbt9704 notice in Word: read back with python-docx, then laid out by LibreOffice and measured."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from policygen.builder.policies import (
    BuildOptions,
    build_policies,
    load_checked,
    options_from_project,
)

from .gbt_measure import LINE, PITCH, WIDTH, lines_of, open_pdf

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "gbt"
MM = 25.4 / 72
EMU_MM = 36000
TWIPS_MM = 1440 / 25.4
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("gbt-docx")
    policies, project, project_path = load_checked([str(FIXTURE)])
    assert project is not None and project_path is not None
    options = options_from_project(project, project_path.parent, BuildOptions(formats=("docx",), out=out, jobs=1))
    build_policies(policies, options)
    return {p.id: out / f"{p.id}-v{p.version}.docx" for p in policies}


@pytest.fixture(scope="module")
def sealed(built: dict[str, Path]) -> Any:
    return docx.Document(str(built["sealed-notice"]))


def anchors(document: Any) -> list[Any]:
    return list(document.element.body.iter(f"{WP}anchor"))


def test_grid_and_character_spacing(sealed: Any) -> None:
    sect = sealed.sections[0]._sectPr
    grid = sect.find(qn("w:docGrid"))
    assert grid is not None and grid.get(qn("w:type")) == "lines"
    pitch = int(grid.get(qn("w:linePitch")))
    assert 22 * pitch <= 225 * TWIPS_MM < 23 * pitch  # 22 lines fill the type area
    assert pitch / TWIPS_MM == pytest.approx(LINE, abs=0.05)
    defaults = sealed.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    size = int(defaults.find(qn("w:sz")).get(qn("w:val"))) / 2
    spacing = int(defaults.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert size == 16.0  # 3号
    assert int(WIDTH / MM / (size + spacing)) == 28  # 28 characters to a line


def test_footers_odd_right_even_left_and_no_header(sealed: Any) -> None:
    assert sealed.settings.odd_and_even_pages_header_footer
    section = sealed.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer in (odd, even):
        assert "PAGE" in "".join(t.text or "" for t in footer._p.iter(qn("w:instrText")))
        assert footer.text.replace("1", "N") == "— N —"
        assert footer.runs[0].font.size.pt == 14.0  # 4号
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and odd.paragraph_format.right_indent.pt == 14.0
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT and even.paragraph_format.left_indent.pt == 14.0
    assert not section.header.paragraphs[0].text and not section.even_page_header.paragraphs[0].text
    number_top = 297 - section.footer_distance.mm - 14 * MM
    assert number_top - 262 == pytest.approx(7.0, abs=0.2)


def test_masthead_run(sealed: Any) -> None:
    first = sealed.paragraphs[0]
    assert first.text == "示例科技有限公司文件"
    run = first.runs[0]
    assert str(run.font.color.rgb) == "E60000" and run.font.bold
    assert len(first.text) * run.font.size.pt * MM <= WIDTH  # one line within the type area


def test_seal_anchored_behind_the_signature(sealed: Any, built: dict[str, Path]) -> None:
    seals = [a for a in anchors(sealed) if a.find(f".//{A}blip") is not None]
    assert len(seals) == 1
    seal = seals[0]
    assert seal.get("behindDoc") == "1"
    rid = seal.find(f".//{A}blip").get(f"{R}embed")
    assert sealed.part.related_parts[rid].content_type == "image/png"
    h, v = seal.find(f"{WP}positionH"), seal.find(f"{WP}positionV")
    assert h.get("relativeFrom") == "margin" and v.get("relativeFrom") == "paragraph"
    size = int(seal.find(f"{WP}extent").get("cx")) / EMU_MM
    assert size == pytest.approx(42.0)
    centre = int(h.find(f"{WP}posOffset").text) / EMU_MM + size / 2
    paragraph = next(p for p in sealed.paragraphs if p._p is seal.getparent().getparent().getparent())
    assert "示例科技有限公司" in paragraph.text
    tabs = [t.position.mm for t in paragraph.paragraph_format.tab_stops]
    assert tabs == [pytest.approx(centre, abs=0.1)]  # the name is centred on the seal
    assert -3 * LINE < int(v.find(f"{WP}posOffset").text) / EMU_MM < -LINE  # the seal rises over the blank lines


def test_colophon_box_sits_on_the_type_area_bottom(sealed: Any) -> None:
    boxes = [a for a in anchors(sealed) if a.find(f".//{A}blip") is None]
    assert len(boxes) == 1
    box = boxes[0]
    v = box.find(f"{WP}positionV")
    assert v.get("relativeFrom") == "margin"
    top = int(v.find(f"{WP}posOffset").text) / EMU_MM
    height = int(box.find(f"{WP}extent").get("cy")) / EMU_MM
    assert top + height == pytest.approx(225.0, abs=0.05)
    text = "".join(t.text or "" for t in box.iter(qn("w:t")))
    assert "抄送：总经理办公室，监事会。" in text and text.endswith("2024年10月1日印发")
    body = sealed.element.body
    last_para = [p for p in body.iterchildren(qn("w:p"))][-1]
    assert box in list(last_para.iter(f"{WP}anchor"))  # after the last attachment: on the last page
    attachment_labels = [p.text for p in sealed.paragraphs if p.text in ("附件1", "附件2")]
    assert attachment_labels == ["附件1", "附件2"]


# ---------------------------------------------------------------- laid out by LibreOffice


@pytest.fixture(scope="module")
def laid_out(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("needs LibreOffice")
    from policygen.renderer.fonts import fonts_conf_text

    work = tmp_path_factory.mktemp("gbt-lo")
    (work / "fonts.conf").write_text(fonts_conf_text(), encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(work / "fonts.conf"))
    names = ("sealed-notice", "joint-notice")
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(work), *(str(built[n]) for n in names)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    return {n: work / f"{built[n].stem}.pdf" for n in names}


@pytest.fixture(scope="module")
def lo_sealed(laid_out: dict[str, Path]) -> Iterator[Any]:
    with open_pdf(laid_out["sealed-notice"]) as pdf:
        yield pdf


def test_libreoffice_colophon_ends_the_last_page(lo_sealed: Any) -> None:
    pages = lo_sealed.pages
    assert [i for i, p in enumerate(pages) if "抄送" in "".join(c["text"] for c in p.chars)] == [len(pages) - 1]
    rules = sorted(
        ((float(ln["top"]) * MM - 37, float(ln["linewidth"]) * MM, float(ln["x0"]) * MM - 28, float(ln["x1"]) * MM - 28)
         for ln in pages[-1].lines if (float(ln["x1"]) - float(ln["x0"])) * MM > 100),
    )
    assert len(rules) == 4
    centre, width = rules[-1][:2]
    assert centre + width / 2 == pytest.approx(225.0, abs=0.5)  # the last rule on the type area's bottom edge
    assert [round(r[1], 2) for r in rules] == [pytest.approx(x, abs=0.03) for x in (0.35, 0.25, 0.25, 0.35)]
    assert all(r[2] == pytest.approx(0, abs=0.3) and r[3] == pytest.approx(WIDTH, abs=0.3) for r in rules)
    text_below = [ln for ln in lines_of(pages[-1]) if centre < ln.em_top < 225]
    assert not text_below


def test_libreoffice_page_numbers_masthead_and_lines(lo_sealed: Any) -> None:
    for n, page in enumerate(lo_sealed.pages, 1):
        lines = lines_of(page)
        assert not [ln for ln in lines if ln.em_top < 0], "no running header"
        (number,) = [ln for ln in lines if ln.em_top > 225]
        assert number.text.replace(" ", "") == f"—{n}—"
        assert number.em_top - 225 == pytest.approx(7.0, abs=0.5)
        if n % 2:
            assert WIDTH - number.right == pytest.approx(14 * MM, abs=0.5)
        else:
            assert number.left == pytest.approx(14 * MM, abs=0.5)
    masthead = lines_of(lo_sealed.pages[0])[0]
    assert masthead.text == "示例科技有限公司文件" and masthead.em_top == pytest.approx(35.0, abs=1.0)
    full = [ln for p in lo_sealed.pages for ln in lines_of(p)
            if ln.size == 16.0 and len(ln.chars) == 28 and ln.left == pytest.approx(0, abs=0.3)]
    assert len(full) >= 10
    assert all(ln.right == pytest.approx(WIDTH, abs=0.6) for ln in full if ln.text[-1] not in "，。；、：")
    body = [ln for ln in lines_of(lo_sealed.pages[1]) if ln.size == 16.0 and 0 < ln.em_top < 225]
    steps = [b.baseline - a.baseline for a, b in itertools.pairwise(body)]
    assert min(steps) == pytest.approx(LINE, abs=0.5)  # the 22-line pitch


def test_libreoffice_seal_presses_on_name_and_date(lo_sealed: Any) -> None:
    page = next(p for p in lo_sealed.pages if p.images)
    (seal,) = page.images
    lines = lines_of(page)
    date = next(ln for ln in lines if ln.text.startswith("2024年9月28日"))
    name = next(ln for ln in lines if ln.text.startswith("示例科技有限公司") and ln.size == 16.0)
    centre = (float(seal["x0"]) + float(seal["x1"])) / 2 * MM - 28
    assert (date.left + date.right) / 2 == pytest.approx(centre, abs=0.5)
    assert (name.left + name.right) / 2 == pytest.approx(centre, abs=0.5)
    top, bottom = float(seal["top"]) * MM - 37, float(seal["bottom"]) * MM - 37
    assert top < name.em_top and bottom > date.em_bottom
    assert WIDTH - date.right == pytest.approx(4 * PITCH, abs=3.5)  # 右空四字; LibreOffice spaces 年月日 from digits


def test_libreoffice_joint_seals_apart(laid_out: dict[str, Path]) -> None:
    with open_pdf(laid_out["joint-notice"]) as pdf:
        page = next(p for p in pdf.pages if p.images)
        seals = sorted(page.images, key=lambda im: float(im["x0"]))
        assert len(seals) == 2 and float(seals[0]["x1"]) < float(seals[1]["x0"])
        first = lines_of(pdf.pages[0])
        names = [ln for ln in first if ln.size > 30]
        assert [ln.text for ln in names] == ["示例科技有限公司", "文件", "示例数据服务有限公司"]


def test_regulation_doc_number_in_3hao(built: dict[str, Path]) -> None:
    document = docx.Document(str(built["three-chapters"]))
    number = next(p for p in document.paragraphs if p.text == "示例〔2024〕5号")
    assert number.runs[0].font.size.pt == 16.0  # 3号, GB/T 9704 7.2.4
