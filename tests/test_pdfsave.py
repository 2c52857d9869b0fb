"""Each stream of a PDF is compressed once, when policygen saves it (``renderer/pdfsave.py``).

WeasyPrint is asked for an uncompressed PDF; what leaves policygen must still
have every stream compressed, dictionaries in object streams where the PDF
version allows (not PDF/A-1), and read the same as before.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

import policygen
from policygen.renderer.html import render_document_html
from policygen.renderer.pdf import layout, write_document
from policygen.renderer.pdfsave import compressed

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT / "policies/customer-management-notice.yaml"


_OPEN: list[pikepdf.Pdf] = []  # the documents whose streams a test is looking at, kept open until it ends


@pytest.fixture(autouse=True)
def _close_opened() -> Iterator[None]:
    yield
    while _OPEN:
        _OPEN.pop().close()


def _streams(data: bytes) -> list[pikepdf.Stream]:
    pdf = pikepdf.open(io.BytesIO(data))
    _OPEN.append(pdf)
    # the file's own structure (cross-reference and object streams) aside: the document's streams
    return [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and obj.get("/Type") not in ("/XRef", "/ObjStm")]


def _uncompressed(data: bytes) -> list[str]:
    """Streams without a filter, XMP metadata aside (left readable, as PDF/A readers expect)."""
    return [f"{s.objgen} {s.get('/Subtype', '')}" for s in _streams(data) if "/Filter" not in s and s.get("/Type") != "/Metadata"]


@pytest.mark.parametrize("variant", [None, "pdf/a-2b", "pdf/a-1b"])
def test_every_stream_of_a_rendered_policy_is_compressed(variant: str | None) -> None:
    data = policygen.render(policygen.load(NOTICE), "pdf", pdf_variant=variant)
    assert not _uncompressed(data)
    fonts = [s for s in _streams(data) if "/Length1" in s or s.get("/Subtype") == "/OpenType"]
    assert fonts, "no embedded font program found"
    # object streams hold the dictionaries where the version allows them; PDF/A-1 (PDF 1.4) forbids them
    with pikepdf.open(io.BytesIO(data)) as pdf:
        version = str(pdf.pdf_version)
    has_object_streams = b"/ObjStm" in data
    assert has_object_streams == (version >= "1.5"), (version, has_object_streams)
    if variant == "pdf/a-1b":
        assert version == "1.4"


def test_write_document_can_leave_streams_for_one_compression_later() -> None:
    doc = policygen.resolve(policygen.load(NOTICE))
    html = render_document_html(doc)
    raw = write_document(layout(html), identifier=html, compress=False)
    assert _uncompressed(raw), "the raw PDF should come as WeasyPrint wrote it, uncompressed"
    packed = compressed(raw)
    assert not _uncompressed(packed)
    assert len(packed) < len(raw) / 2
    # the same content, stream by stream, once decompressed
    assert sorted(s.read_bytes() for s in _streams(raw)) == sorted(s.read_bytes() for s in _streams(packed))
    # and at zlib's default level: a font program no bigger than zlib -6 makes it, give or take the header
    font = next(s for s in _streams(packed) if "/Length1" in s or s.get("/Subtype") == "/OpenType")
    assert len(font.read_raw_bytes()) <= len(zlib.compress(font.read_bytes(), 6)) + 64
