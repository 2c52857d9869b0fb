"""The booklet of a project whose policies refer to each other and one of which has parts (编);
an English booklet's appendices."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pikepdf
import pytest
from docx.oxml.ns import qn
from pdftools import squeeze

FIXTURES = Path(__file__).parent / "fixtures" / "structures"


def build(root: Path, *args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "policygen", "build", *args], cwd=root, capture_output=True,
                            text=True, encoding="utf-8", timeout=600, check=False)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


@pytest.fixture(scope="module")
def booklet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("structures") / "project"
    shutil.copytree(FIXTURES / "project", root)
    build(root, "-q")
    return root / "build"


def test_booklet_html_links_references_across_policies(booklet: Path) -> None:
    html = (booklet / "booklet.html").read_text(encoding="utf-8")
    assert '<a class="ref" href="#conduct--penalties">《员工行为规范》第四条</a>' in html
    assert '<a class="ref" href="#conduct">《员工行为规范》</a>' in html
    assert '<a class="ref" href="#leave--purpose">《员工请假管理办法》第一条</a>' in html
    for target in ("conduct--penalties", "conduct", "leave--purpose"):
        assert f'id="{target}"' in html
    # each policy's own document prints the reference but links nowhere
    own = next(booklet.glob("leave*.html")).read_text(encoding="utf-8")
    assert "依照《员工行为规范》第四条处理" in own and 'href="#conduct--penalties"' not in own


def test_booklet_docx_links_references_across_policies_to_bookmarks(booklet: Path) -> None:
    document = docx.Document(str(booklet / "booklet.docx"))
    body = document.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    links = {(h.get(qn("w:anchor")), "".join(t.text or "" for t in h.iter(qn("w:t")))) for h in body.iter(qn("w:hyperlink"))}
    wanted = {("《员工行为规范》第四条", "conduct--penalties"), ("《员工行为规范》", "conduct")}
    found = {(text, anchor) for anchor, text in links if text in {w[0] for w in wanted}}
    assert len(found) == 2, links
    for _, anchor in found:
        assert anchor in bookmarks


def test_booklet_contents_and_outline_include_parts(booklet: Path) -> None:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(booklet / "booklet.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")
    contents = next(p for p in pages if "目录" in p)
    entries = re.findall(r"(第[二三]编\s*\S+?)[\s.]*(\d+)\s*$", contents, re.MULTILINE)
    assert [squeeze(e[0]) for e in entries] == ["第二编通则", "第三编所有权"]
    for title, page in entries:  # each printed page number is the page the part heading is on
        printed = [i for i, p in enumerate(pages) if squeeze(title) in squeeze(p) and p is not contents]
        assert printed, title
        assert re.search(rf"—\s*{page}\s*—", pages[printed[0]]), (title, page)
    with pikepdf.open(booklet / "booklet.pdf") as pdf, pdf.open_outline() as outline:
        titles = []

        def walk(items: list[object], depth: int) -> None:
            for item in items:
                titles.append((depth, squeeze(item.title)))  # type: ignore[attr-defined]
                walk(item.children, depth + 1)  # type: ignore[attr-defined]

        walk(list(outline.root), 0)
    parts = [(d, t) for d, t in titles if t.startswith(("第二编", "第三编"))]
    chapters = [(d, t) for d, t in titles if t == "第二章所有权的一般规定"]
    assert [t for _, t in parts] == ["第二编通则", "第三编所有权"]
    assert chapters and chapters[0][0] == parts[0][0] + 1  # chapters sit under their part


def test_english_booklet_numbers_appendices_1_2_3(tmp_path: Path) -> None:
    root = tmp_path / "en"
    (root / "policies").mkdir(parents=True)
    (root / "policygen.yaml").write_text("format: 1\norganisation: Example Ltd\ntitle: Policies\nlanguage: en\n",
                                         encoding="utf-8")
    (root / "policies" / "conduct.yaml").write_text(
        "format: 1\nid: conduct\nkind: regulation\ntitle: Code of Conduct\nlanguage: en\nversion: \"1.0\"\n"
        "status: published\nissued: 2024-10-01\neffective: 2024-10-15\nowner: HR\n"
        "roles: [{id: staff, name: Staff}]\narticles:\n  - text: Staff shall behave.\n    roles: [staff]\n"
        "changelog:\n  - {version: \"1.0\", date: 2024-10-01, summary: First issue}\n",
        encoding="utf-8")
    build(root, "-q", "--format", "html,docx")
    html = (root / "build" / "booklet.html").read_text(encoding="utf-8")
    for n, title in ((1, "Role index"), (2, "Channel directory"), (3, "Revision history")):
        assert f">Appendix {n}. {title}</h2>" in html
    assert "Appendix一" not in html
    document = docx.Document(str(root / "build" / "booklet.docx"))
    headings = [p.text for p in document.paragraphs if p.text.startswith("Appendix")]
    assert headings == ["Appendix 1. Role index", "Appendix 2. Channel directory", "Appendix 3. Revision history"]


def test_booklet_pdf_links_references_across_policies_to_the_right_page(booklet: Path) -> None:
    path = booklet / "booklet.pdf"
    pages = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    with pikepdf.open(path) as pdf:
        index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        names = list(pdf.Root.Names.Dests.Names)
        dests = {str(names[i]): index[names[i + 1][0].objgen] for i in range(0, len(names), 2)}
        links = []
        for i, page in enumerate(pdf.pages):
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                    links.append((i, str(annot.Dest)))
    target = dests["conduct--penalties"]
    assert "员工违反本规范的" in squeeze(pages[target])
    source = next(i for i, p in enumerate(pages) if "依照《员工行为规范》第四条处理" in squeeze(p))
    assert (source, "conduct--penalties") in links
    assert "员工行为规范" in squeeze(pages[dests["conduct"]])
    # and the other way round: conduct (later in the booklet) links back to leave
    assert "为规范员工请假" in squeeze(pages[dests["leave--purpose"]])
