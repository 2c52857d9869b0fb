"""Subset a font file to given glyph ids, keeping every glyph at its id.

Made the way WeasyPrint 70 subsets the fonts it embeds (HarfBuzz's subsetter:
retain glyph ids, pass unknown tables through, desubroutinize, no hinting, the
same tables dropped, glyphs after the last one used cut off), so that a merged
subset draws each glyph exactly as the part's own subset did. Without
libharfbuzz-subset there is no subset (fontTools takes seconds per CJK face),
and callers keep the fonts they have.

WeasyPrint subsets in two passes: the glyphs kept at their ids, then every id
up to the last one used again, to cut off what the first pass added after it
and to drop the hinting. The second pass costs most of the time (10–18 ms for
a Noto CJK face whatever the glyphs, against 3–4 ms for the first). For a CFF
font whose first pass adds nothing after the last glyph used, one pass with
every flag gives the same bytes, and :func:`subset_face` makes it that way;
otherwise it makes both passes as WeasyPrint does.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

RETAIN_GIDS = 0x2
NO_HINTING = 0x1
DESUBROUTINIZE = 0x4
PASSTHROUGH_UNRECOGNIZED = 0x20
NOTDEF_OUTLINE = 0x40
SETS_DROP_TABLE_TAG = 3
SETS_NAME_ID = 4
SETS_NAME_LANG_ID = 5
SETS_LAYOUT_FEATURE_TAG = 6
DROP_TABLES = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG ")


@functools.lru_cache(maxsize=1)
def _libs() -> tuple[Any, Any] | None:
    hb_name = ctypes.util.find_library("harfbuzz")
    sub_name = ctypes.util.find_library("harfbuzz-subset")
    if not hb_name or not sub_name:
        return None
    try:
        hb, sub = ctypes.CDLL(hb_name), ctypes.CDLL(sub_name)
    except OSError:
        return None
    p, u = ctypes.c_void_p, ctypes.c_uint
    for lib, fn, args, res in (
        (hb, "hb_blob_create_from_file", [ctypes.c_char_p], p),
        (hb, "hb_blob_destroy", [p], None),
        (hb, "hb_blob_get_data", [p, ctypes.POINTER(u)], ctypes.POINTER(ctypes.c_char)),
        (hb, "hb_face_create", [p, u], p),
        (hb, "hb_face_destroy", [p], None),
        (hb, "hb_face_reference_blob", [p], p),
        (hb, "hb_face_get_glyph_count", [p], u),
        (hb, "hb_face_reference_table", [p, ctypes.c_uint32], p),
        (hb, "hb_blob_get_length", [p], u),
        (hb, "hb_set_clear", [p], None),
        (hb, "hb_set_invert", [p], None),
        (hb, "hb_version_string", [], ctypes.c_char_p),
        (sub, "hb_subset_input_unicode_set", [p], p),
        (hb, "hb_set_add", [p, u], None),
        (hb, "hb_set_add_range", [p, u, u], None),
        (hb, "hb_tag_from_string", [ctypes.c_char_p, ctypes.c_int], ctypes.c_uint32),
        (sub, "hb_subset_input_create_or_fail", [], p),
        (sub, "hb_subset_input_destroy", [p], None),
        (sub, "hb_subset_input_glyph_set", [p], p),
        (sub, "hb_subset_input_set", [p, ctypes.c_int], p),
        (sub, "hb_subset_input_set_flags", [p, u], None),
        (sub, "hb_subset_or_fail", [p, p], p),
    ):
        func = getattr(lib, fn)
        func.argtypes, func.restype = args, res
    return hb, sub


def subset_font(path: str, index: int, gids: list[int]) -> bytes | None:
    """Return the font at ``path`` (face ``index``) cut down to ``gids``, ids kept; None on failure."""
    libs = _libs()
    if libs is None:
        return None
    with _opened(libs[0], path, index) as face:
        return subset_face(face, gids)


def subset_face(face: int, gids: Sequence[int], *, hinting: bool = False, notdef_outline: bool = False) -> bytes | None:
    """Return HarfBuzz face ``face`` (its address) cut down to ``gids`` as WeasyPrint 70 cuts it; None on failure.

    ``gids`` sorted; ``hinting`` keeps the hinting, ``notdef_outline`` keeps
    the outline of glyph 0 (WeasyPrint's flags for a font with characters it
    has no glyph for).
    """
    libs = _libs()
    if libs is None or not gids:
        return None
    hb, sub = libs
    common = PASSTHROUGH_UNRECOGNIZED | DESUBROUTINIZE | (NOTDEF_OUTLINE if notdef_outline else 0)
    finish = 0 if hinting else NO_HINTING
    if _is_cff(hb, face):  # one pass when it gives the same bytes as two
        single = _subset(hb, sub, face, gids, RETAIN_GIDS | common | finish, drop=True)
        if not single:
            return None
        try:
            if hb.hb_face_get_glyph_count(single) == gids[-1] + 1:
                return _face_bytes(hb, single)
        finally:
            hb.hb_face_destroy(single)
    first = _subset(hb, sub, face, gids, RETAIN_GIDS | common, drop=True)
    if not first:
        return None
    try:
        # then cut the glyphs the first pass added after the last one used, as WeasyPrint does
        second = _subset(hb, sub, first, range(gids[-1] + 1), common | finish, drop=True)
    finally:
        hb.hb_face_destroy(first)
    if not second:
        return None
    try:
        return _face_bytes(hb, second)
    finally:
        hb.hb_face_destroy(second)


def _is_cff(hb: Any, face: int) -> bool:
    blob = hb.hb_face_reference_table(face, hb.hb_tag_from_string(b"CFF ", -1))
    try:
        return bool(hb.hb_blob_get_length(blob))
    finally:
        hb.hb_blob_destroy(blob)


def symbol_address(name: str) -> int | None:
    """Return where function ``name`` of the HarfBuzz this module uses is in memory (None without HarfBuzz)."""
    libs = _libs()
    if libs is None:
        return None
    try:
        address: int | None = ctypes.cast(getattr(libs[0], name), ctypes.c_void_p).value
    except AttributeError:
        return None
    return address


def version() -> str | None:
    """Return HarfBuzz's version, or None without its subsetter."""
    libs = _libs()
    if libs is None:
        return None
    raw: bytes = libs[0].hb_version_string()
    return raw.decode("ascii")


def glyph_count(path: str, index: int) -> int:
    """Return how many glyphs face ``index`` of the font at ``path`` has (0 when it can't be read)."""
    libs = _libs()
    if libs is None:
        return 0
    with _opened(libs[0], path, index) as face:
        count: int = libs[0].hb_face_get_glyph_count(face)
    return count


def compact_font(path: str, index: int, codepoints: list[int]) -> bytes | None:
    """Return face ``index`` of the font at ``path`` cut to the glyphs of ``codepoints``, renumbered.

    Unlike :func:`subset_font`, glyph ids are not kept and nothing is dropped:
    every table (layout features of every script, names in every language,
    metrics, hinting) stays, for the glyphs kept. Text set in the result
    shapes and measures as in the original. None on failure.
    """
    libs = _libs()
    if libs is None:
        return None
    hb, sub = libs
    with _plan(sub) as plan:
        if plan is None:
            return None
        unicodes = sub.hb_subset_input_unicode_set(plan)
        for cp in codepoints:
            hb.hb_set_add(unicodes, cp)
        for kind in (SETS_NAME_ID, SETS_NAME_LANG_ID, SETS_LAYOUT_FEATURE_TAG):  # keep them all
            kept = sub.hb_subset_input_set(plan, kind)
            hb.hb_set_clear(kept)
            hb.hb_set_invert(kept)
        sub.hb_subset_input_set_flags(plan, PASSTHROUGH_UNRECOGNIZED)
        with _opened(hb, path, index) as face:
            result = sub.hb_subset_or_fail(face, plan)
    if not result:
        return None
    try:
        return _face_bytes(hb, result)
    finally:
        hb.hb_face_destroy(result)


@contextlib.contextmanager
def _opened(hb: Any, path: str, index: int) -> Iterator[Any]:
    """Yield HarfBuzz's face ``index`` of the font file at ``path``, destroyed afterwards."""
    blob = hb.hb_blob_create_from_file(path.encode())
    face = hb.hb_face_create(blob, index)
    hb.hb_blob_destroy(blob)  # the face holds its own reference
    try:
        yield face
    finally:
        hb.hb_face_destroy(face)


@contextlib.contextmanager
def _plan(sub: Any) -> Iterator[Any]:
    """Yield a new subset input (None when HarfBuzz could not make one), destroyed afterwards."""
    plan = sub.hb_subset_input_create_or_fail()
    try:
        yield plan or None
    finally:
        if plan:
            sub.hb_subset_input_destroy(plan)


def _subset(hb: Any, sub: Any, face: Any, gids: Iterable[int], flags: int, *, drop: bool) -> Any:
    """Return the subset face of ``face`` to ``gids`` (a range is added at once) with ``flags``; ``drop``: WeasyPrint's tables go."""
    with _plan(sub) as plan:
        if plan is None:
            return None
        glyphs = sub.hb_subset_input_glyph_set(plan)
        if isinstance(gids, range):
            hb.hb_set_add_range(glyphs, gids.start, gids.stop - 1)
        else:
            for gid in gids:
                hb.hb_set_add(glyphs, gid)
        sub.hb_subset_input_set_flags(plan, flags)
        if drop:
            tables = sub.hb_subset_input_set(plan, SETS_DROP_TABLE_TAG)
            for tag in DROP_TABLES:
                hb.hb_set_add(tables, hb.hb_tag_from_string(tag, -1))
        return sub.hb_subset_or_fail(face, plan)


def _face_bytes(hb: Any, face: Any) -> bytes | None:
    blob = hb.hb_face_reference_blob(face)
    try:
        length = ctypes.c_uint()
        data = hb.hb_blob_get_data(blob, ctypes.byref(length))
        return ctypes.string_at(data, length.value) if length.value else None
    finally:
        hb.hb_blob_destroy(blob)

