"""WeasyPrint's font subsetting in one HarfBuzz pass, in the worker processes of policygen's own pool.

WeasyPrint 70 cuts every font it embeds in two HarfBuzz passes
(``Font._harfbuzz_subset``); the second costs 10–18 ms per Noto CJK face and
document whatever the glyphs, about a third of writing a 12-page part.
:func:`hbsubset.subset_face` gives the same bytes in one pass where one pass
can (CFF fonts whose first pass adds no glyph after the last one used) and
makes both passes otherwise.

:func:`install` is only ever called in a worker of the process pool a build
starts and ends itself (``builder.jobs.Runner``): the caller's process, a
caller's executor and a Dask cluster keep WeasyPrint as it is. What they make
is byte-identical either way (``tests/test_wpfonts.py``).
"""

from __future__ import annotations

from typing import Any

from . import hbsubset

MIRRORED = ("70",)  # WeasyPrint major versions whose subsetting subset_face makes


def install() -> bool:
    """Make WeasyPrint subset through :func:`hbsubset.subset_face` in this process; return True when it does.

    For a pool worker of policygen's own only. Nothing changes (False) for a
    WeasyPrint version whose subsetting this does not mirror, or without
    HarfBuzz's subsetter.
    """
    import weasyprint
    from weasyprint.pdf.fonts import Font

    if getattr(Font, "_policygen_one_pass", False):
        return True
    if weasyprint.__version__.split(".")[0] not in MIRRORED or hbsubset.version() is None:
        return False
    two_passes = Font._harfbuzz_subset

    def one_pass(self: Any, to_unicode: dict[int, str], hinting: bool) -> None:
        from weasyprint.text.ffi import ffi

        face = int(ffi.cast("uintptr_t", self.hb_face))
        data = hbsubset.subset_face(face, sorted(to_unicode), hinting=hinting, notdef_outline=bool(self.missing))
        if data:
            self.file_content = data
        else:  # WeasyPrint's own way, with its warning
            two_passes(self, to_unicode, hinting)

    Font._harfbuzz_subset = one_pass
    Font._policygen_one_pass = True
    return True


__all__ = ["MIRRORED", "install"]
