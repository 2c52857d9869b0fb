"""The fonts of a WeasyPrint document, cut in one HarfBuzz pass where one pass gives WeasyPrint's bytes.

WeasyPrint 70 cuts every font it embeds in two HarfBuzz passes
(``Font._harfbuzz_subset``); the second costs 10–18 ms per Noto CJK face and
document whatever the glyphs, about a third of writing a 12-page part and of
a warm render. :func:`hbsubset.subset_face` gives the same bytes in one pass
where one pass can (CFF fonts whose first pass adds no glyph after the last
one used) and makes both passes otherwise.

Nothing of WeasyPrint's is changed: a laid-out document gets its own fonts
table (:class:`OnePassFonts`, WeasyPrint's ``Document.fonts``), which gives
each font WeasyPrint adds to it while painting the one-pass cut as its own
attribute. The PDF is byte-identical to WeasyPrint's (``tests/test_wpfonts.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from . import hbsubset

MIRRORED = ("70",)  # WeasyPrint major versions whose subsetting subset_face makes


@functools.lru_cache(maxsize=1)
def mirrored() -> bool:
    """Return True when the installed WeasyPrint subsets fonts the way :func:`hbsubset.subset_face` does.

    Also when both reach the same HarfBuzz in this process: WeasyPrint's faces
    are handed to :mod:`hbsubset` as addresses, which only the library that
    made them may use.
    """
    import weasyprint

    if weasyprint.__version__.split(".")[0] not in MIRRORED or hbsubset.version() is None:
        return False
    from weasyprint.text.ffi import ffi, harfbuzz

    try:
        theirs = int(ffi.cast("uintptr_t", ffi.addressof(harfbuzz, "hb_face_get_index")))
    except (AttributeError, TypeError):
        return False
    return theirs == hbsubset.symbol_address("hb_face_get_index")


class OnePassFonts(dict[str, Any]):
    """A document's fonts table: each font WeasyPrint puts in it is cut in one pass where one pass gives its bytes."""

    def __setitem__(self, key: str, font: Any) -> None:
        font._harfbuzz_subset = functools.partial(_cut, font, font._harfbuzz_subset)
        super().__setitem__(key, font)


def one_pass_fonts(document: Any) -> None:
    """Give a laid-out WeasyPrint ``document``, before it is written, a fonts table that cuts fonts in one pass.

    Nothing changes for a WeasyPrint this does not mirror, or for a document
    that already holds fonts (written before).
    """
    if mirrored() and not document.fonts:
        document.fonts = OnePassFonts()


def _cut(font: Any, two_passes: Callable[[dict[int, str], bool], None], to_unicode: dict[int, str], hinting: bool) -> None:
    from weasyprint.text.ffi import ffi

    face = int(ffi.cast("uintptr_t", font.hb_face))
    data = hbsubset.subset_face(face, sorted(to_unicode), hinting=hinting, notdef_outline=bool(font.missing))
    if data:
        font.file_content = data
    else:  # WeasyPrint's own way, with its warning
        two_passes(to_unicode, hinting)


__all__ = ["MIRRORED", "OnePassFonts", "mirrored", "one_pass_fonts"]
