"""The gbt9704 PDF measured against GB/T 9704-2012 from character and rule positions (pdfplumber).

A sealed notice with two attachments and a three-chapter regulation; every
number the standard gives is asserted, to ±0.5 mm unless the standard allows more.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policygen.builder.policies import (
    BuildOptions,
    build_policies,
    load_checked,
    options_from_project,
)

from .gbt_measure import LINE, PITCH, WIDTH, Line, lines_of, open_pdf, rules_of

pytest.importorskip("pdfplumber")

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "gbt"
BODY_PT = 16.0
MM = 25.4 / 72
BASELINE = (LINE - BODY_PT * MM) / 2 + 0.88 * BODY_PT * MM  # a 3号 line's baseline under its line box top
TOL = 0.5


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("gbt")
    policies, project, project_path = load_checked([str(FIXTURE)])
    assert project is not None and project_path is not None
    options = options_from_project(project, project_path.parent, BuildOptions(formats=("pdf",), out=out, jobs=1))
    build_policies(policies, options)
    return {p.id: out / f"{p.id}-v{p.version}.pdf" for p in policies}


@pytest.fixture(scope="module")
def notice(built: dict[str, Path]) -> Iterator[Any]:
    with open_pdf(built["sealed-notice"]) as pdf:
        yield pdf


@pytest.fixture(scope="module")
def regulation(built: dict[str, Path]) -> Iterator[Any]:
    with open_pdf(built["three-chapters"]) as pdf:
        yield pdf


def body_lines(page: Any) -> list[Line]:
    return [ln for ln in lines_of(page) if 0 <= ln.em_top < 225]


def find(lines: list[Line], start: str) -> Line:
    return next(ln for ln in lines if ln.text.startswith(start))


def slot(line: Line) -> float:
    """Return the line's place on the 22-line grid (0 = first line), from its baseline."""
    return (line.baseline - BASELINE) / LINE


def test_masthead_doc_number_red_rule_and_title(notice: Any) -> None:
    lines = body_lines(notice.pages[0])
    masthead = lines[0]
    assert masthead.text == "示例科技有限公司文件"
    assert masthead.em_top == pytest.approx(35.0, abs=TOL)  # 7.2.3: 35 mm under the type area's top edge
    assert masthead.left + masthead.right == pytest.approx(WIDTH, abs=TOL)  # centred
    assert masthead.right - masthead.left <= WIDTH + 0.1  # one line, within the type area
    number = find(lines, "示例〔2024〕3号")
    assert number.size == BODY_PT and number.left + number.right == pytest.approx(WIDTH, abs=TOL)
    # 7.2.4: two blank lines between the masthead and the 发文字号
    blank = (number.baseline - BASELINE) - masthead.em_bottom
    assert 2 * LINE - TOL <= blank < 3 * LINE
    red = [r for r in rules_of(notice.pages[0]) if r.colour and r.colour[0] > 0.8 and r.colour[1] < 0.2]
    assert len(red) == 1
    assert red[0].top - number.em_bottom == pytest.approx(4.0, abs=TOL)  # 7.2.5: 4 mm under the 发文字号
    assert (red[0].left, red[0].right) == (pytest.approx(0, abs=0.2), pytest.approx(WIDTH, abs=0.2))
    title = find(lines, "关于加强")
    assert title.size == 22.0  # 2号
    assert title.em_top - red[0].bottom == pytest.approx(2 * LINE, abs=1.0)  # 7.3.1: 空二行
    recipients = find(lines, "公司各部门")
    assert recipients.text.endswith("：") and recipients.left == pytest.approx(0, abs=0.1)
    assert slot(recipients) == pytest.approx(round(slot(recipients)), abs=0.05)
    assert round(slot(recipients)) - round(slot(find(lines, "通知"))) == 2  # 7.3.2: 标题下空一行


def test_no_running_header_and_every_line_on_the_grid(notice: Any) -> None:
    for page in notice.pages:
        assert not [ln for ln in lines_of(page) if ln.em_top < 0], "a 公文 has no running header"
    for page in notice.pages[1:3]:
        for line in body_lines(page):
            if line.size == BODY_PT:
                assert slot(line) == pytest.approx(round(slot(line)), abs=TOL / LINE), line.text
                assert 0 <= round(slot(line)) < 22


def test_28_characters_per_line_filling_the_type_area(notice: Any, regulation: Any) -> None:
    """Full lines hold 28 characters edge to edge; a line broken early (避头尾) is spread to both edges."""
    natural = spread = 0
    for pdf in (notice, regulation):
        for page in pdf.pages:
            lines = [ln for ln in body_lines(page) if ln.size == BODY_PT]
            for line, after in itertools.pairwise(lines):
                if not (round(slot(after) - slot(line)) == 1 and after.left == pytest.approx(0, abs=0.1)):
                    continue  # a paragraph's last line (the next starts indented, or is no body text) stays left
                assert line.right == pytest.approx(WIDTH, abs=0.3), line.text  # both edges on the type area
                assert line.left == pytest.approx(round(line.left / PITCH) * PITCH, abs=0.1), line.text
                fang = [c for c in line.chars if "Fang" in c["fontname"] and ord(c["text"]) > 0x2000]
                steps = [(float(b["x0"]) - float(a["x0"])) * MM for a, b in itertools.pairwise(fang)]
                if round((line.right - line.left) / PITCH) + round(line.left / PITCH) == 28 and all(
                    s == pytest.approx(PITCH, abs=0.05) for s in steps
                ):
                    natural += 1  # 28 characters on the 28 columns
                else:
                    spread += 1
                    assert max(steps) - min(steps) < 0.3, line.text  # spread evenly
    assert natural >= 20 and natural >= 3 * spread


def test_heading_ladder_fonts(notice: Any) -> None:
    lines = [ln for page in notice.pages[:3] for ln in body_lines(page)]
    assert any("Sans" in f for f in find(lines, "一、").fonts)  # 黑体
    assert any("Kai" in f for f in find(lines, "（一）").fonts)  # 楷体
    assert any("Fang" in f for f in find(lines, "1.").fonts)  # 仿宋
    assert any("Fang" in f for f in find(lines, "（1）").fonts)


def test_attachment_note_signature_and_seal(notice: Any) -> None:
    page = next(p for p in notice.pages if any(ln.text.startswith("附件：") for ln in lines_of(p)))
    lines = body_lines(page)
    note = find(lines, "附件：1.")
    assert note.left == pytest.approx(2 * PITCH, abs=0.1)
    second = find(lines, "2.客户信息保密承诺书")
    one = next(c for c in note.chars if c["text"] == "1")
    assert second.left == pytest.approx(float(one["x0"]) * MM - 28.0, abs=0.1)
    before = lines[lines.index(note) - 1]
    assert slot(note) - slot(before) == pytest.approx(2, abs=0.05)  # 7.3.4: 正文下空一行
    date = find(lines, "2024年9月28日")
    assert WIDTH - date.right == pytest.approx(4 * PITCH, abs=TOL)  # 7.3.5.1: 右空四字
    name = find(lines, "示例科技有限公司")
    centre = (date.left + date.right) / 2
    assert (name.left + name.right) / 2 == pytest.approx(centre, abs=TOL)
    assert slot(date) - slot(name) == pytest.approx(1, abs=0.05)
    (seal,) = page.images
    left, right = float(seal["x0"]) * MM - 28.0, float(seal["x1"]) * MM - 28.0
    top, bottom = float(seal["top"]) * MM - 37.0, float(seal["bottom"]) * MM - 37.0
    assert (left + right) / 2 == pytest.approx(centre, abs=TOL)
    assert top < name.em_top and bottom > date.em_bottom  # presses on both
    assert (top + bottom) / 2 < (name.em_top + name.em_bottom) / 2  # name and date sit under the centre
    last_body_bottom = (round(slot(second)) + 1) * LINE
    assert 0 <= top - last_body_bottom <= LINE  # top within one line of the body


def test_attachment_pages(notice: Any) -> None:
    starts = [i for i, p in enumerate(notice.pages) if lines_of(p) and body_lines(p)[0].text.startswith("附件")]
    assert len(starts) == 2
    for n, index in enumerate(starts, 1):
        lines = body_lines(notice.pages[index])
        label, title = lines[0], lines[1]
        assert label.text == f"附件{n}" and label.left == pytest.approx(0, abs=0.1)
        assert label.size == BODY_PT and any("Sans" in f for f in label.fonts)  # 3号黑体
        assert round(slot(label)) == 0
        assert title.size == 22.0 and title.left + title.right == pytest.approx(WIDTH, abs=TOL)
        assert (title.baseline - 0.88 * 22 * MM) == pytest.approx(2 * LINE + (LINE - 22 * MM) / 2, abs=TOL)  # third line


def test_page_numbers(notice: Any, regulation: Any) -> None:
    for pdf in (notice, regulation):
        for n, page in enumerate(pdf.pages, 1):
            (number,) = [ln for ln in lines_of(page) if ln.em_top > 225]
            assert number.text.replace(" ", "") == f"—{n}—"
            assert number.size == 14.0  # 4号
            assert number.em_top - 225 == pytest.approx(7.0, abs=TOL)
            if n % 2:
                assert WIDTH - number.right == pytest.approx(14 * MM, abs=TOL)  # 单页码居右空一字
            else:
                assert number.left == pytest.approx(14 * MM, abs=TOL)  # 双页码居左空一字


def test_colophon_at_the_bottom_of_the_last_page(notice: Any) -> None:
    for page in notice.pages[:-1]:
        assert not any(ln.text.startswith("抄送") for ln in lines_of(page))
    last = notice.pages[-1]
    rules = [r for r in rules_of(last) if not (r.colour and r.colour[0] > 0.8 and r.colour[1] < 0.2)]
    rules = [r for r in rules if r.right - r.left == pytest.approx(WIDTH, abs=0.2)]
    assert len(rules) >= 3
    assert rules[0].thickness == pytest.approx(0.35, abs=0.03)
    assert rules[-1].thickness == pytest.approx(0.35, abs=0.03)
    assert all(r.thickness == pytest.approx(0.25, abs=0.03) for r in rules[1:-1])
    assert rules[-1].bottom == pytest.approx(225.0, abs=0.2)  # 7.4.1: on the type area's bottom edge
    lines = body_lines(last)
    cc = find(lines, "抄送：")
    printed = find(lines, "示例科技有限公司办公室")
    assert cc.text == "抄送：总经理办公室，监事会。" and cc.size == 14.0
    assert cc.left == pytest.approx(14 * MM, abs=0.2)  # 左空一字
    assert printed.left == pytest.approx(14 * MM, abs=0.2)
    assert WIDTH - printed.right == pytest.approx(14 * MM, abs=0.2)  # 印发日期右空一字
    assert printed.text.replace(" ", "").endswith("2024年10月1日印发")
    assert rules[0].top < min(ln.em_top for ln in (cc, printed))
    assert not [ln for ln in lines if ln.em_top > rules[-1].bottom]  # nothing after the 版记


def test_regulation_grid(regulation: Any) -> None:
    first = body_lines(regulation.pages[0])
    number = find(first, "示例〔2024〕5号")
    assert number.size == BODY_PT  # 发文字号 3号
    chapters = 0
    filled = 0
    for page in regulation.pages:
        lines = [ln for ln in body_lines(page) if ln.size == BODY_PT]
        slots = set()
        for line in lines:
            assert slot(line) == pytest.approx(round(slot(line)), abs=TOL / LINE), line.text
            slots.add(round(slot(line)))
            chapters += line.text.startswith("第") and "章" in line.text[:4]
        assert max(slots) < 22
        filled += max(slots) == 21
    assert chapters == 3
    assert filled >= 1  # a full page holds 22 lines


@pytest.fixture(scope="module")
def joint(built: dict[str, Path]) -> Iterator[Any]:
    with open_pdf(built["joint-notice"]) as pdf:
        yield pdf


def test_joint_issuers_masthead_and_seals(joint: Any) -> None:
    lines = lines_of(joint.pages[0])
    first, suffix, second = find(lines, "示例科技有限公司"), find(lines, "文件"), find(lines, "示例数据服务有限公司")
    assert first.em_top == pytest.approx(35.0, abs=TOL)
    assert first.size == second.size == suffix.size
    assert (first.baseline + second.baseline) / 2 == pytest.approx(suffix.baseline, abs=TOL)  # 文件 centred on the names
    assert min(first.left, second.left) >= -0.1 and suffix.right <= WIDTH + 0.1  # one block within the type area
    assert (min(first.left, second.left) + suffix.right) == pytest.approx(WIDTH, abs=TOL)  # centred
    page = next(p for p in joint.pages if p.images)
    seals = sorted(page.images, key=lambda im: float(im["x0"]))
    assert len(seals) == 2
    assert float(seals[0]["x1"]) < float(seals[1]["x0"])  # seals neither cross nor touch
    assert float(seals[0]["top"]) == pytest.approx(float(seals[1]["top"]), abs=0.1)  # aligned
    date = find(lines_of(page), "2024年11月5日")
    centre = (float(seals[1]["x0"]) + float(seals[1]["x1"])) / 2 * MM - 28.0
    assert centre == pytest.approx((date.left + date.right) / 2, abs=TOL)  # the last seal presses on the date


def test_attached_pdf_and_a_colophon_alone_on_its_page(joint: Any) -> None:
    texts = ["".join(c["text"] for c in p.chars) for p in joint.pages]
    at = next(i for i, t in enumerate(texts) if t.startswith("附件服务网点一览"))  # the attachment page, not the 附件说明
    assert "Serviceoutlets" in texts[at + 1].replace(" ", "")  # the file's pages follow its 附件 page
    numbers = [[ln.text.replace(" ", "") for ln in lines_of(p) if ln.em_top > 225] for p in joint.pages]
    assert numbers[: at + 2] == [[f"—{n}—"] for n in range(1, at + 3)]  # numbered on through the attachment
    assert "抄送" in texts[-1] and numbers[-1] == []  # 7.5: a page holding only the 版记 carries no number
