"""Each convention's whole ladder, inserted and deleted articles and parts (编), read back from
the HTML, the PDF (pdftotext, outline with pikepdf) and the DOCX (python-docx)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import pikepdf
import pytest
from pdftools import squeeze

import policygen
from policygen.resolver import resolve_policy
from policygen.resolver.document import ResolvedDocument, ResolvedItem

FIXTURES = Path(__file__).parent / "fixtures" / "structures"
CASES = ["tw-amended.yaml", "prc-parts.yaml"]


def expected_lines(doc: ResolvedDocument) -> list[str]:
    """Return every article and item as printed: label then text (the resolved document is the reference)."""
    out: list[str] = []

    def items(list_: list[ResolvedItem]) -> None:
        for item in list_:
            out.append(item.label + item.text.plain)
            items(item.items)

    for article in doc.iter_articles():
        for n, para in enumerate(article.paragraphs):
            out.append((article.label if n == 0 else "") + para.text.plain)
            items(para.items)
    return out


# what each fixture must print, written out by hand: the ladders of both conventions
LADDERS = {
    "tw-amended.yaml": ["第二條之一", "第二條之二", "第三條（刪除）", "一、事假。", "（一）普通傷病假。", "１、一年內", "（１）按日計算。"],
    "prc-parts.yaml": ["第二百零五条", "（一）依法登记；", "1.申请；", "（1）查验原件；", "第二百零七条之一", "第二百零八条（删去）"],
}


@pytest.fixture(scope="module", params=CASES)
def case(request: pytest.FixtureRequest) -> tuple[str, policygen.Policy, ResolvedDocument]:
    policy = policygen.load(FIXTURES / request.param)
    return request.param, policy, resolve_policy(policy)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.depth = 0
        self.classes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag in ("p", "h2", "h3"):
            self.lines.append("")
            self.classes.append(cls)

    def handle_data(self, data: str) -> None:
        if self.lines:
            self.lines[-1] += data


def test_html_prints_every_label_of_the_ladder(case: tuple[str, policygen.Policy, ResolvedDocument]) -> None:
    name, policy, doc = case
    parser = _Text()
    parser.feed(policygen.render(policy, "html").decode("utf-8"))
    body = [squeeze(line) for line, cls in zip(parser.lines, parser.classes, strict=True)
            if cls.startswith(("article-text", "item", "para"))]
    assert body == [squeeze(line) for line in expected_lines(doc)]
    for label in LADDERS[name]:
        assert any(line.startswith(squeeze(label)) for line in body), label


def test_pdf_prints_every_label_and_has_parts_in_the_outline(
    case: tuple[str, policygen.Policy, ResolvedDocument], tmp_path: Path
) -> None:
    _name, policy, doc = case
    data = policygen.render(policy, "pdf")
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    import subprocess

    text = squeeze(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                                  check=True).stdout)
    position = 0
    for line in expected_lines(doc):
        found = text.find(squeeze(line), position)
        assert found >= 0, f"{line!r} not found in order"
        position = found
    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_outline() as outline:
        tree = [(top.title, [(c.title, [g.title for g in c.children]) for c in top.children]) for top in outline.root]
    if doc.parts:
        [(_title, parts)] = tree
        parts = [(p, c) for p, c in parts if p.startswith("第")]  # the revision history follows the body
        assert [squeeze(p) for p, _ in parts] == ["第二编通则", "第三编所有权"]
        assert [[squeeze(c) for c in chapters] for _, chapters in parts] == [
            ["第一章一般规定"], ["第二章所有权的一般规定", "第三章国家所有权"]]


def test_docx_prints_every_label_with_parts_one_heading_level_up(
    case: tuple[str, policygen.Policy, ResolvedDocument]
) -> None:
    name, policy, doc = case
    document = docx.Document(io.BytesIO(policygen.render(policy, "docx")))
    paragraphs = [(p.style.name, re.sub(r"\s+", "", p.text)) for p in document.paragraphs]
    body = [text for style, text in paragraphs if style in ("Article", "Body Text") or style.startswith("Item")]
    expected = [squeeze(line) for line in expected_lines(doc)]
    assert [t for t in body if t in expected] == expected
    headings = [(style, text) for style, text in paragraphs
                if style.startswith("Heading") and text not in ("修訂記錄", "修订记录")]
    if doc.parts:
        assert headings == [
            ("Heading 1", "第二编通则"), ("Heading 2", "第一章一般规定"),
            ("Heading 1", "第三编所有权"), ("Heading 2", "第二章所有权的一般规定"), ("Heading 3", "第一节所有人"),
            ("Heading 2", "第三章国家所有权"),
        ]
    else:
        assert headings == [("Heading 1", "第一章總則")]
    for label in LADDERS[name]:
        assert any(t.startswith(squeeze(label)) for t in body), label
