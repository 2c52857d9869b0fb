"""Fonts cut in one HarfBuzz pass (``wpfonts``): the same bytes as WeasyPrint's two passes, nothing of WeasyPrint changed.

The same documents are written with policygen's fonts table and with
WeasyPrint's own (``one_pass_fonts`` turned off): the PDFs must be
byte-identical, for CFF faces (one pass), TrueType faces (two passes),
compact and installed faces, and a font with a character it has no glyph for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import weasyprint
from weasyprint.pdf.fonts import Font

import policygen
from policygen.renderer import hbsubset, pdf, wpfonts
from policygen.renderer.html import render_document_html
from policygen.renderer.paged import paged_pdf
from policygen.renderer.pdf import layout, write_document
from policygen.renderer.theme import theme_for

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOURCES = [FIXTURES / "minimal" / "policies" / "minimal.yaml", FIXTURES / "notice" / "notice.yaml", FIXTURES / "zh-hant" / "zh-hant.yaml"]

# a Noto CJK face (CFF) with a private-use character no font has: WeasyPrint keeps glyph 0's outline
MISSING = '<html lang="zh-CN"><body><p style="font-family: \'Noto Sans CJK SC\'">总则\ue000第一条</p></body></html>'

MIRRORED = weasyprint.__version__.split(".")[0] in wpfonts.MIRRORED and hbsubset.version() is not None
needs_mirror = pytest.mark.skipif(not MIRRORED, reason="this WeasyPrint subsets fonts in a way the one-pass cut does not mirror")


def test_the_one_pass_cut_is_used_where_weasyprint_is_the_one_it_mirrors() -> None:
    """WeasyPrint 70 and this module reach the same HarfBuzz here: the cut must not be silently off."""
    assert wpfonts.mirrored() is MIRRORED
    assert hbsubset.symbol_address("hb_no_such_function") is None


def _pdfs(source: str, cache: Path | None) -> tuple[bytes, bytes | None]:
    """Lay out a policy (or HTML) as a build does: its plain and numbered PDFs."""
    theme = theme_for("gbt9704", "zh-Hans")
    if source.startswith("<html"):
        html, language, label = source, "zh-Hans", "— {page} —"
    else:
        doc = policygen.resolve(policygen.load(source))
        theme = theme_for(doc.theme, doc.language)
        html, language, label = render_document_html(doc), doc.language, doc.labels["page"]
    laid = paged_pdf(html, theme=theme, language=language, page_label=label, source=source, cache=cache)
    return laid.plain, laid.numbered


@pytest.fixture(scope="module")
def faces(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("faces")


@needs_mirror
@pytest.mark.parametrize("source", [*map(str, SOURCES), MISSING], ids=["regulation", "notice", "zh-hant", "missing-glyph"])
@pytest.mark.parametrize("compact", [False, True], ids=["installed", "compact"])
def test_one_pass_fonts_give_weasyprints_bytes(source: str, compact: bool, faces: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = faces if compact else None
    ours = _pdfs(source, cache)
    monkeypatch.setattr(pdf, "one_pass_fonts", lambda document: None)  # WeasyPrint's own fonts table
    theirs = _pdfs(source, cache)
    assert ours[0] == theirs[0]
    assert ours[1] == theirs[1]


@needs_mirror
def test_cff_faces_take_one_pass_truetype_faces_two(monkeypatch: pytest.MonkeyPatch) -> None:
    passes: list[tuple[str, int]] = []
    real_subset, real_face = hbsubset._subset, hbsubset.subset_face
    count = [0]

    def counting_subset(*args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return real_subset(*args, **kwargs)

    def recording_face(face: int, gids: Any, **kwargs: bool) -> bytes | None:
        libs = hbsubset._libs()
        assert libs is not None
        count[0] = 0
        data = real_face(face, gids, **kwargs)
        passes.append(("cff" if hbsubset._is_cff(libs[0], face) else "truetype", count[0]))
        return data

    monkeypatch.setattr(hbsubset, "_subset", counting_subset)
    monkeypatch.setattr(hbsubset, "subset_face", recording_face)
    for source in SOURCES:
        _pdfs(str(source), None)
    assert ("cff", 1) in passes  # Noto CJK and Fandol
    assert {n for kind, n in passes if kind == "truetype"} == {2}  # AR PL KaitiM, as WeasyPrint cuts it


@needs_mirror
def test_weasyprint_itself_is_left_as_it_was() -> None:
    before = dict(vars(Font))
    laid = layout('<html lang="zh-CN"><body><p style="font-family: \'Noto Sans CJK SC\'">总则</p></body></html>')
    write_document(laid, identifier="x")
    assert dict(vars(Font)) == before
    assert isinstance(laid.document.fonts, wpfonts.OnePassFonts) and laid.document.fonts
    fresh = layout("<html><body><p>x</p></body></html>")
    assert type(fresh.document.fonts) is dict  # only a document policygen writes gets its table, when written
