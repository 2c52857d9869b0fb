"""PDF output read back with poppler and pypdf/pikepdf: text, fonts, page numbers, header, metadata, outline.

Every shipped policy is rendered once through ``policygen.render(policy, "pdf")``
(two worker processes, module fixture); the tests only read the results.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import subprocess
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

import policygen
from policygen import RenderError
from policygen.renderer.fonts import INSTALL_HINT, require_cjk_fonts
from policygen.renderer.theme import THEMES, FontRole, Theme
from pdftools import PAGE_NUMBER, fonts, page_text, pages_text, squeeze

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "policies").glob("*.yaml"))
NOTICE = ROOT / "policies/customer-management-notice.yaml"
KNOWN_FAMILIES = ("Noto-Serif-CJK", "Noto-Sans-CJK", "Fandol", "AR-PL-", "DejaVu")


@pytest.fixture(scope="module")
def shipped_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Return {file name: PDF path} of every shipped policy, rendered in two worker processes."""
    out = tmp_path_factory.mktemp("shipped-pdf")
    policies = [policygen.load(path) for path in SHIPPED]
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(functools.partial(policygen.render, fmt="pdf"), policies))
    paths = {}
    for source, data in zip(SHIPPED, results, strict=True):
        paths[source.name] = out / f"{source.stem}.pdf"
        paths[source.name].write_bytes(data)
    return paths


def _doc(path: Path) -> policygen.ResolvedDocument:
    return policygen.resolve(policygen.load(path))


def _outline(items: list[Any], reader: PdfReader) -> list[tuple[str, int, list[Any]]]:
    """Return pypdf's outline as (title, 0-based page, children) tuples."""
    out: list[tuple[str, int, list[Any]]] = []
    for item in items:
        if isinstance(item, list):
            title, page, _ = out[-1]
            out[-1] = (title, page, _outline(item, reader))
        else:
            out.append((item.title, reader.get_destination_page_number(item), []))
    return out


shipped = pytest.mark.parametrize("name", [p.name for p in SHIPPED])


def test_every_shipped_policy_is_rendered(shipped_pdfs: dict[str, Path]) -> None:
    assert len(SHIPPED) >= 20
    for path in shipped_pdfs.values():
        assert path.read_bytes().startswith(b"%PDF-")


@shipped
def test_text_has_every_label_and_article_text(name: str, shipped_pdfs: dict[str, Path]) -> None:
    doc = _doc(ROOT / "policies" / name)
    # the type area only: a running header or page number may split an article across pages
    body = squeeze("".join(pages_text(shipped_pdfs[name], area="body")))
    assert squeeze(doc.title) in body
    for chapter in doc.chapters:
        assert squeeze(chapter.heading) in body, chapter.heading
    articles = doc.iter_articles()
    assert articles
    for article in articles:
        first, *rest = article.paragraphs
        # label, optional heading and first paragraph are set as one run of text
        head = squeeze(article.label + (article.title or "") + first.text.plain)
        assert head in body, f"{article.label or article.id}: {head[:40]}…"
        for paragraph in article.paragraphs:
            for item in _items(paragraph.items):
                assert squeeze(item.label + item.text.plain) in body, item.label
        for paragraph in rest:
            assert squeeze(paragraph.text.plain) in body
    if doc.kind == "regulation":
        labels = [a.label for a in articles]
        assert labels[0] in ("第一条", "第一條") and len(set(labels)) == len(labels)
        # labels in order: each one found after the previous
        position = 0
        for label in labels:
            position = body.index(label, position) + len(label)


def _items(items: list[Any]) -> list[Any]:
    return [x for item in items for x in (item, *_items(item.items))]


@shipped
def test_fonts_are_embedded_subset_cjk_fonts(name: str, shipped_pdfs: dict[str, Path]) -> None:
    rows = fonts(shipped_pdfs[name])
    assert rows, "no fonts at all"
    for row in rows:
        assert row.embedded and row.subset and row.unicode, row
        assert "+" in row.name and row.name.split("+", 1)[1].startswith(KNOWN_FAMILIES), row
    families = {row.name.split("+", 1)[1] for row in rows}
    assert any("CJK" in f or "Fandol" in f or "AR-PL" in f for f in families), families


@shipped
def test_page_numbers_and_running_header(name: str, shipped_pdfs: dict[str, Path]) -> None:
    doc = _doc(ROOT / "policies" / name)
    path = shipped_pdfs[name]
    footers = [squeeze(t) for t in pages_text(path, area="footer")]
    headers = [squeeze(t) for t in pages_text(path, area="header")]
    if doc.kind == "notice" and footers[-1] == "":  # GB/T 9704 7.5: a page holding only the 版记 has no number
        assert doc.labels["printed"] in squeeze(pages_text(path)[-1])
        assert [squeeze(t) for t in pages_text(path, area="body")][-1].count("抄送") <= 1
        footers = footers[:-1]
    assert footers == [f"—{i}—" for i in range(1, len(footers) + 1)]
    assert len(headers) == len(PdfReader(path).pages) >= len(footers)
    if doc.kind == "notice" and doc.theme == "gbt9704":
        assert headers == [""] * len(headers), "a 公文 has no running header (GB/T 9704)"
        return
    for header in headers:
        assert squeeze(f"{doc.labels['version']} {doc.version}") in header
        assert squeeze(doc.title) in header
    assert not any(_watermark(page) for page in pages_text(path)), "a published policy carries no watermark"


def _watermark(text: str) -> bool:
    """Return True when the page carries the 草案 watermark.

    The watermark is set rotated; pdftotext gives its characters on lines of their own.
    """
    lines = {line.strip() for line in text.splitlines()}
    return {"草", "案"} <= lines


@shipped
def test_metadata(name: str, shipped_pdfs: dict[str, Path]) -> None:
    doc = _doc(ROOT / "policies" / name)
    meta = PdfReader(shipped_pdfs[name]).metadata
    assert meta is not None
    assert meta.title is not None and meta.title.startswith(doc.title)
    assert meta.author == doc.owner
    assert doc.title in (meta.subject or "")
    keywords = meta.get("/Keywords", "")
    assert doc.version in keywords and doc.id in keywords
    assert meta.creation_date is not None and meta.creation_date.date() == dt.date.fromisoformat(doc.issued_iso)


@shipped
def test_bookmarks_one_per_chapter(name: str, shipped_pdfs: dict[str, Path]) -> None:
    doc = _doc(ROOT / "policies" / name)
    path = shipped_pdfs[name]
    reader = PdfReader(path)
    outline = _outline(reader.outline, reader)
    assert [title for title, _, _ in outline] == [doc.title]
    _, page, children = outline[0]
    assert page == 0
    if doc.kind == "notice":  # a notice's 修订记录 is an attachment, never after the 版记
        expected = [c.heading for c in doc.chapters] + [a.title for a in doc.attachments]
    else:
        expected = [c.heading for c in doc.chapters] + ([doc.labels["changelog"]] if doc.changelog else [])
    assert [title for title, _, _ in children] == expected
    bodies = [squeeze(t) for t in pages_text(path, area="body")]
    previous = 0
    for (title, page, _), chapter in zip(children, doc.chapters, strict=False):
        assert page >= previous, "bookmarks in document order"
        assert squeeze(chapter.heading) in bodies[page], f"{title} does not point at its page"
        previous = page


def test_rendering_twice_gives_identical_bytes(shipped_pdfs: dict[str, Path]) -> None:
    # the fixture rendered in worker processes; this renders again here
    for name in (NOTICE.name, "crm-management-standard.yaml"):
        again = policygen.render(policygen.load(ROOT / "policies" / name), "pdf")
        assert again == shipped_pdfs[name].read_bytes(), name


def test_page_numbers_sit_outside(shipped_pdfs: dict[str, Path]) -> None:
    """GB/T 9704: odd pages right, even pages left."""
    path = shipped_pdfs["crm-management-standard.yaml"]
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = xml.split("<page ")[1:]
    assert len(pages) >= 3
    for number, page in enumerate(pages, 1):
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page)
        footer = [(float(x0), float(x1)) for x0, y0, x1, text in words if float(y0) > 745]  # under the type area (742.7 pt)
        assert footer, f"page {number} has no footer"
        x0, x1 = min(f[0] for f in footer), max(f[1] for f in footer)
        if number % 2:
            assert x0 > 595 / 2, f"page {number}: number not on the right"
        else:
            assert x1 < 595 / 2, f"page {number}: number not on the left"


def test_pdf_a_3b_passes_qpdf_check(tmp_path: Path) -> None:
    data = policygen.render(policygen.load(NOTICE), "pdf", pdf_variant="pdf/a-3b")
    path = tmp_path / "notice-a3b.pdf"
    path.write_bytes(data)
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors found" in check.stdout
    with pikepdf.open(path) as pdf, pdf.open_metadata() as xmp:
        assert xmp.get("pdfaid:part") == "3" and xmp.get("pdfaid:conformance") == "B"
    assert fonts(path) and all(row.embedded for row in fonts(path))
    assert next(squeeze(t) for t in pages_text(path, area="footer")) == "—1—"


def test_unknown_pdf_variant_is_refused() -> None:
    with pytest.raises(RenderError, match="pdf/a-3b"):
        policygen.render(policygen.load(NOTICE), "pdf", pdf_variant="pdf/x-9")


def _draft(articles: int) -> policygen.Policy:
    text = "客户服务人员应当按照本制度规定的程序和时限处理客户咨询、投诉和建议，做好记录并及时反馈处理结果，确保客户满意。" * 2
    return policygen.load_data(
        {
            "format": 1,
            "id": "draft-demo",
            "kind": "regulation",
            "title": "客户服务测试制度",
            "version": "0.1",
            "issued": "2024-10-01",
            "effective": "2024-10-15",
            "owner": "客户服务部",
            "status": "draft",
            "chapters": [{"id": "general", "title": "总则", "articles": [{"text": text} for _ in range(articles)]}],
        }
    )


def test_draft_shows_watermark_on_every_page(tmp_path: Path) -> None:
    path = tmp_path / "draft.pdf"
    path.write_bytes(policygen.render(_draft(24), "pdf"))
    pages = pages_text(path)
    assert len(pages) >= 3
    for number, text in enumerate(pages, 1):
        assert _watermark(text), f"page {number} has no watermark"
    assert "状态：草案" in squeeze(pages[0])


def test_missing_cjk_font_stops_with_install_hint() -> None:
    broken = Theme(name="broken", fonts={"body": FontRole("仿宋", ("Nonexistent CJK",)), "heading": FontRole("黑体", ("Nonexistent CJK Sans",))})
    with pytest.raises(RenderError) as caught:
        require_cjk_fonts(broken)
    message = str(caught.value)
    assert "body (仿宋)" in message and "heading (黑体)" in message
    assert INSTALL_HINT in message and "apt-get install fonts-noto-cjk" in message


def test_render_with_a_theme_without_fonts_writes_no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = Theme(name="broken", fonts={"body": FontRole("仿宋", ("Nonexistent CJK",))})
    monkeypatch.setitem(THEMES, "broken", broken)
    with pytest.raises(RenderError, match="no CJK font found for body"):
        policygen.render(policygen.load(NOTICE), "pdf", theme="broken")


def test_notice_page_one_is_not_blank(shipped_pdfs: dict[str, Path], tmp_path: Path) -> None:
    """The single pixel-level smoke test: ink on page 1, and the red masthead of a notice."""
    from PIL import Image

    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile", str(shipped_pdfs[NOTICE.name]), str(tmp_path / "p1")],
        check=True,
    )
    with Image.open(tmp_path / "p1.png") as image:
        raw = image.convert("RGB").tobytes()
    pixels = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    dark = sum(1 for r, g, b in pixels if r + g + b < 300)
    red = sum(1 for r, g, b in pixels if r > 150 and g < 80 and b < 80)
    assert dark > 0.005 * len(pixels), "page 1 is (nearly) blank"  # a 公文's first page is mostly 版头
    assert red > 50, "the red masthead is missing"


def test_page_text_reads_one_page(shipped_pdfs: dict[str, Path]) -> None:
    # the helper the booklet tests rely on: `pdftotext -f N -l N`
    path = shipped_pdfs[NOTICE.name]
    numbers = [PAGE_NUMBER.findall(page_text(path, n)) for n in (1, 2)]
    assert numbers == [["1"], ["2"]]
