"""One-pass font subsetting in policygen's own pool workers: the same bytes as WeasyPrint's two passes.

The same documents are laid out in this process (WeasyPrint as installed) and
in a worker of the pool a build owns (``wpfonts.install``): the PDFs must be
byte-identical, for CFF faces (one pass), TrueType faces (two passes), compact
and installed faces, and a font with a character it has no glyph for.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
import weasyprint
from weasyprint.pdf.fonts import Font

import policygen
from policygen.builder.faults import process_pool
from policygen.builder.jobs import own_worker
from policygen.renderer import hbsubset
from policygen.renderer.html import render_document_html
from policygen.renderer.paged import paged_pdf
from policygen.renderer.theme import theme_for
from policygen.renderer.wpfonts import MIRRORED

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOURCES = [FIXTURES / "minimal" / "policies" / "minimal.yaml", FIXTURES / "notice" / "notice.yaml", FIXTURES / "zh-hant" / "zh-hant.yaml"]
MIRROR = weasyprint.__version__.split(".")[0] in MIRRORED and hbsubset.version() is not None

# a Noto CJK face (CFF) with a private-use character no font has: WeasyPrint keeps glyph 0's outline
MISSING = '<html lang="zh-CN"><body><p style="font-family: \'Noto Sans CJK SC\'">总则\ue000第一条</p></body></html>'


def _pdfs(source: str, cache: str | None) -> tuple[bytes, bytes | None]:
    """Lay out a policy (or HTML) as a build's worker does: its plain and numbered PDFs."""
    theme = theme_for("gbt9704", "zh-Hans")
    if source.startswith("<html"):
        html, language, label = source, "zh-Hans", "— {page} —"
    else:
        doc = policygen.resolve(policygen.load(source))
        theme = theme_for(doc.theme, doc.language)
        html, language, label = render_document_html(doc), doc.language, doc.labels["page"]
    laid = paged_pdf(html, theme=theme, language=language, page_label=label, source=source,
                     cache=Path(cache) if cache else None)
    return laid.plain, laid.numbered


def _one_pass_installed() -> bool:
    return bool(getattr(Font, "_policygen_one_pass", False))


def _used_fonts() -> list[str]:
    """Lay out the documents in a worker and return which fonts were cut and how (CFF or not)."""
    seen: list[str] = []
    original = hbsubset.subset_face

    def recording(face: int, gids: object, **kwargs: bool) -> bytes | None:
        libs = hbsubset._libs()
        assert libs is not None
        seen.append("cff" if hbsubset._is_cff(libs[0], face) else "other")
        return original(face, gids, **kwargs)  # type: ignore[arg-type]

    hbsubset.subset_face = recording  # type: ignore[assignment]  # in the worker only
    for source in (*map(str, SOURCES), MISSING):
        _pdfs(source, None)
    return seen


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPoolExecutor]:
    with process_pool(1, own_worker) as executor:
        yield executor


@pytest.fixture(scope="module")
def faces(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("faces"))


@pytest.mark.skipif(not MIRROR, reason="this WeasyPrint subsets fonts in a way the one-pass subset does not mirror")
def test_the_pools_workers_subset_in_one_pass_and_this_process_does_not(pool: ProcessPoolExecutor) -> None:
    assert pool.submit(_one_pass_installed).result() is True
    assert not _one_pass_installed()
    kinds = pool.submit(_used_fonts).result()
    assert "cff" in kinds and "other" in kinds  # Noto and Fandol (CFF), AR PL KaitiM (TrueType)


@pytest.mark.parametrize("source", [*map(str, SOURCES), MISSING], ids=["regulation", "notice", "zh-hant", "missing-glyph"])
@pytest.mark.parametrize("compact", [False, True], ids=["installed", "compact"])
def test_a_worker_lays_out_the_same_bytes_as_weasyprint_alone(
    source: str, compact: bool, pool: ProcessPoolExecutor, faces: str
) -> None:
    cache = faces if compact else None
    here = _pdfs(source, cache)
    there = pool.submit(_pdfs, source, cache).result()
    assert there[0] == here[0]
    assert there[1] == here[1]
