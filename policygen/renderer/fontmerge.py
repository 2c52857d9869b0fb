"""One font program per face in a PDF assembled from separately laid-out parts.

WeasyPrint subsets every font it embeds with the original glyph ids kept
(HarfBuzz ``RETAIN_GIDS``), and its fonts are CID fonts with the identity
encoding: the content streams of every part already name glyphs by their id in
the original font file. A booklet of 50 parts therefore holds 50 subsets of the
same faces. ``merge_fonts`` replaces them, face by face, with one subset of the
original font over the union of the glyphs the parts use, one width array and
one ToUnicode map, and points every page's font resources at it. The content
streams are not touched.

A face is merged only when libharfbuzz-subset is present and the face's
original file is found (by PostScript name: a compact face made in this
process or kept in the build's folder, else an installed font through
fontconfig) with the version and units per em of the embedded subsets. Fonts of any other shape
(simple fonts, bitmap fonts, a custom encoding for missing glyphs) are left
as they are.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .compact import source_of
from .fonts import installed_faces
from .hbsubset import subset_font
from .pdffont import parse_to_unicode, parse_widths



@dataclass(frozen=True)
class MergeReport:
    """What ``merge_fonts`` did: font dictionaries and programs before and after."""

    faces: int
    dicts_before: int
    dicts_after: int
    programs_before: int
    programs_after: int


@dataclass
class _FontUse:
    """One embedded CID font dictionary and what it draws."""

    obj: Any
    face: tuple[str, str, int]  # PostScript name, fontRevision, unitsPerEm
    widths: dict[int, float]
    to_unicode: dict[int, str]
    program: Any
    opentype: bool
    slots: list[tuple[Any, str]] = field(default_factory=list)  # (font resource dict, name)


@dataclass
class _Group:
    uses: list[_FontUse]
    widths: dict[int, float]
    to_unicode: dict[int, str]


FaceMemo = MutableMapping[str, "list[Any] | None"]
"""Faces of font programs already read, by a digest of the stored program: see ``merge_fonts``."""

FontFacts = tuple[tuple[str, str, int], dict[int, float], dict[int, str]]
"""What one font dictionary draws: its face (PostScript name, revision, units per em), widths and Unicode map."""

KnownFonts = Mapping[tuple[int, int], FontFacts]
"""Facts of font dictionaries read before the merge, by their object number in the PDF merged: see ``merge_fonts``."""


class SubsetMemo(Protocol):
    """Merged subsets already made, by a digest of the font file and the glyph ids (a dict will do)."""

    def get(self, key: str) -> bytes | None: ...

    def __setitem__(self, key: str, value: bytes) -> None: ...


def merge_fonts(
    pdf: Any, faces: FaceMemo | None = None, subsets: SubsetMemo | None = None, known: KnownFonts | None = None
) -> MergeReport:
    """Give ``pdf`` (a pikepdf.Pdf) one embedded subset per font face; return what changed.

    ``known`` gives the facts of font dictionaries read beforehand (by the
    workers that laid the parts out, see :func:`read_fonts`); the others are
    read here, ``faces`` remembering which face each font program is
    (decompressing and parsing a program is most of that reading).
    ``subsets`` holds the merged subsets made; a builder keeps them and the
    facts between builds, so an assembly that changed one part reads none of
    the others' fonts and, when no glyph was added, subsets nothing.
    """
    if not _repeats_a_name(pdf):  # one dictionary per font name: nothing to merge, no program read
        count = len({f.objgen for page in pdf.pages for f in _page_fonts(page)})
        return MergeReport(0, count, count, count, count)
    uses = _collect(pdf, {} if faces is None else faces, known or {})
    by_face: dict[tuple[str, str, int], list[_FontUse]] = {}
    for use in uses.values():
        by_face.setdefault(use.face, []).append(use)
    programs_before = len({u.program.objgen for u in uses.values()})
    dicts_after = programs_after = 0
    merged_faces = 0
    for face, face_uses in sorted(by_face.items()):
        source = _face_file(face)
        groups = _groups(face_uses)
        gids = sorted({g for u in face_uses for g in (*u.widths, *u.to_unicode)} | {0})
        data = _subset(source, gids, subsets) if source and len(face_uses) > 1 else None
        if data is None:  # left as laid out
            dicts_after += len(face_uses)
            programs_after += len({u.program.objgen for u in face_uses})
            continue
        merged_faces += 1
        programs_after += 1
        dicts_after += len(groups)
        _replace(pdf, face, groups, data)
    return MergeReport(merged_faces, len(uses), dicts_after, programs_before, programs_after)


def _subset(source: tuple[str, int], gids: list[int], memo: SubsetMemo | None) -> bytes | None:
    if memo is None:
        return subset_font(source[0], source[1], gids)
    try:
        stat = os.stat(source[0])
    except OSError:
        return None
    # the file's name, not its folder: a project copied with its cache (compact faces in it) keeps its subsets
    name = (os.path.basename(source[0]), source[1])
    key = hashlib.sha256(repr((name, stat.st_size, stat.st_mtime_ns, gids)).encode()).hexdigest()
    data = memo.get(key)
    if data is None:
        data = subset_font(source[0], source[1], gids)
        if data is not None:
            memo[key] = data
    return data


# ---- reading what the parts embedded ---------------------------------------------


def _page_fonts(page: Any) -> list[Any]:
    fonts = page.obj.get("/Resources", {}).get("/Font")
    return [fonts[name] for name in sorted(fonts.keys()) if fonts[name].is_indirect] if fonts is not None else []


def page_fonts(pdf: Any) -> list[Any]:
    """Return the font dictionaries the pages of ``pdf`` name (not those of forms), each once, by object number."""
    found = {font.objgen: font for page in pdf.pages for font in _page_fonts(page)}
    return [found[number] for number in sorted(found)]


def _repeats_a_name(pdf: Any) -> bool:
    """Return True when two font dictionaries (on pages or in forms) share a font name without its subset tag."""
    seen: dict[str, tuple[int, int]] = {}
    for page in pdf.pages:
        fonts = _page_fonts(page)
        xobjects = page.obj.get("/Resources", {}).get("/XObject")
        if xobjects is not None and len(xobjects.keys()):
            return True  # forms may hold fonts of their own: take the full path
        for font in fonts:
            name = str(font.get("/BaseFont", "")).split("+", 1)[-1]
            if seen.setdefault(name, font.objgen) != font.objgen:
                return True
    return False


def _collect(pdf: Any, faces: FaceMemo, known: KnownFonts) -> dict[tuple[int, int], _FontUse]:
    uses: dict[tuple[int, int], _FontUse] = {}
    seen: set[tuple[int, int]] = set()

    def visit(resources: Any) -> None:
        if resources is None:
            return
        fonts = resources.get("/Font")
        if fonts is not None:
            for name in sorted(fonts.keys()):  # pikepdf gives a set: sorted, the result is the same every run
                font = fonts[name]
                if not font.is_indirect:
                    continue
                use = uses.get(font.objgen)
                if use is None:
                    found = _read_font(font, faces, known.get(font.objgen))
                    if found is None:
                        continue
                    use = uses[font.objgen] = found
                use.slots.append((fonts, name))
        xobjects = resources.get("/XObject")
        if xobjects is not None:
            for name in sorted(xobjects.keys()):
                xobj = xobjects[name]
                if xobj.get("/Subtype") == "/Form" and xobj.objgen not in seen:
                    seen.add(xobj.objgen)
                    visit(xobj.get("/Resources"))

    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        key = resources.objgen if resources is not None and resources.is_indirect else None
        if key is not None and key != (0, 0):
            if key in seen:
                continue
            seen.add(key)
        visit(resources)
    return uses


def _read_font(font: Any, faces: FaceMemo, facts: FontFacts | None = None) -> _FontUse | None:
    """Return what a Type0 font with one identity-mapped CID font draws (``facts`` when read before), or None for any other font."""
    found = _mergeable(font)
    if found is None:
        return None
    cid, program, opentype = found
    if facts is not None:
        return _FontUse(font, facts[0], facts[1], facts[2], program, opentype)
    face = _program_face(program, faces)
    if face is None:
        return None
    widths = parse_widths(cid.get("/W", []))
    to_unicode = parse_to_unicode(font.ToUnicode.read_bytes().decode("latin-1"))
    return _FontUse(font, face, widths, to_unicode, program, opentype)


def _mergeable(font: Any) -> tuple[Any, Any, bool] | None:
    """Return (CID font, font program, is OpenType) of a font the merge can take, or None."""
    if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H" or font.get("/ToUnicode") is None:
        return None
    kids = font.get("/DescendantFonts")
    if kids is None or len(kids) != 1:
        return None
    cid = kids[0]
    if cid.get("/Subtype") not in ("/CIDFontType0", "/CIDFontType2") or cid.get("/CIDToGIDMap", "/Identity") != "/Identity":
        return None
    desc = cid.get("/FontDescriptor")
    if desc is None:
        return None
    program = desc.get("/FontFile3")
    if program is not None:
        return (cid, program, True) if program.get("/Subtype") == "/OpenType" else None
    program = desc.get("/FontFile2")
    return (cid, program, False) if program is not None else None


def _program_face(program: Any, faces: FaceMemo) -> tuple[str, str, int] | None:
    """Return the face of an embedded font program, from ``faces`` or read (and then kept there)."""
    digest = hashlib.sha256(program.read_raw_bytes()).hexdigest()
    if digest in faces:
        known = faces[digest]
        return (str(known[0]), str(known[1]), int(known[2])) if known else None
    face = _face_of(program.read_bytes())
    faces[digest] = list(face) if face else None
    return face


def read_fonts(data: bytes, faces: FaceMemo | None = None) -> dict[tuple[int, int], FontFacts]:
    """Return the facts of each font the pages of the PDF ``data`` use that the merge can take, by object number.

    The face of each font program goes into ``faces`` when given. A build's
    workers call it for the parts they lay out, in parallel, so that the
    booklet's merge reads no font of theirs (see ``merge_fonts``'s ``known``).
    """
    import pikepdf

    memo: FaceMemo = {} if faces is None else faces
    out: dict[tuple[int, int], FontFacts] = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for font in page_fonts(pdf):
            if (use := _read_font(font, memo)) is not None:
                out[font.objgen] = (use.face, use.widths, use.to_unicode)
    return out


def _face_of(data: bytes) -> tuple[str, str, int] | None:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        name = font["name"].getDebugName(6)
        head = font["head"]
        return (name, f"{head.fontRevision:.5f}", int(head.unitsPerEm)) if name else None
    except (TTLibError, KeyError, AssertionError, ValueError, IndexError):
        return None


# ---- finding the original font ----------------------------------------------------


@functools.lru_cache(maxsize=1)
def _postscript_names() -> dict[str, tuple[str, int]]:
    """Return {PostScript name: (file, index in collection)} of the installed fonts."""
    found: dict[str, tuple[str, int]] = {}
    for face in sorted(installed_faces(), key=lambda f: (f.postscript, str(f.index), f.file)):
        if face.postscript:
            found.setdefault(face.postscript, (face.file, face.index))
    return found


def _face_file(face: tuple[str, str, int]) -> tuple[str, int] | None:
    """Return (file, index) of the font a subset was made from (a compact face or an installed one), or None."""
    where = source_of(face[0]) or _postscript_names().get(face[0])
    return _same_face(where, face) if where is not None else None


@functools.lru_cache(maxsize=64)
def _same_face(where: tuple[str, int], face: tuple[str, str, int]) -> tuple[str, int] | None:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(where[0], fontNumber=where[1], lazy=True)
        head = font["head"]
        same = (f"{head.fontRevision:.5f}", int(head.unitsPerEm)) == face[1:]
        font.close()
    except (OSError, TTLibError, KeyError):
        return None
    return where if same else None


# ---- writing the merged fonts -------------------------------------------------------


def _groups(uses: list[_FontUse]) -> list[_Group]:
    """Split a face's dictionaries into groups that agree on every shared glyph's width and text."""
    groups: list[_Group] = []
    for use in uses:
        for group in groups:
            if _agrees(group.widths, use.widths) and _agrees(group.to_unicode, use.to_unicode):
                group.uses.append(use)
                group.widths.update(use.widths)
                group.to_unicode.update(use.to_unicode)
                break
        else:
            groups.append(_Group([use], dict(use.widths), dict(use.to_unicode)))
    return groups


def _agrees(a: dict[int, Any], b: dict[int, Any]) -> bool:
    small, large = (a, b) if len(a) < len(b) else (b, a)
    return all(large.get(k, v) == v for k, v in small.items())


def _tag(*parts: Any) -> str:
    digest = hashlib.sha256(repr(parts).encode()).digest()
    return "".join(chr(65 + b % 26) for b in digest[:6])


def _replace(pdf: Any, face: tuple[str, str, int], groups: list[_Group], data: bytes) -> None:
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    first = groups[0].uses[0]
    program = pikepdf.Stream(pdf, data)
    if first.opentype:
        program.Subtype = Name.OpenType
    else:
        program.Length1 = len(data)
    program_key = "/FontFile3" if first.opentype else "/FontFile2"
    for index, group in enumerate(groups):
        model = group.uses[0].obj
        base = str(model.BaseFont).split("+", 1)[-1]
        name = Name("/" + _tag(face, sorted(group.widths), index) + "+" + base)
        old_cid = model.DescendantFonts[0]
        old_desc = old_cid.FontDescriptor
        desc = Dictionary({k: v for k, v in old_desc.items() if k not in ("/FontFile2", "/FontFile3", "/CIDSet")})
        desc[program_key] = program
        desc.FontName = name
        # FixedPitch (bit 1) holds for the merged widths only when they are all the same
        fixed = len(group.widths) > 1 and len(set(group.widths.values())) == 1
        desc.Flags = (int(old_desc.get("/Flags", 4)) & ~1) | int(fixed)
        max_width = max(group.widths.values(), default=0)
        ascent = max(int(u.obj.DescendantFonts[0].FontDescriptor.get("/Ascent", 0)) for u in group.uses)
        descent = min(int(u.obj.DescendantFonts[0].FontDescriptor.get("/Descent", 0)) for u in group.uses)
        desc.FontBBox = Array([0, descent, _number(max_width), ascent])
        if any("/CIDSet" in u.obj.DescendantFonts[0].FontDescriptor for u in group.uses):
            desc.CIDSet = pikepdf.Stream(pdf, _cid_set(group.widths))
        cid = Dictionary({k: v for k, v in old_cid.items() if k not in ("/W", "/FontDescriptor", "/BaseFont")})
        cid.BaseFont = name
        cid.W = _widths_array(group.widths)
        cid.FontDescriptor = pdf.make_indirect(desc)
        font = Dictionary(
            Type=Name.Font,
            Subtype=Name.Type0,
            BaseFont=name,
            Encoding=Name("/Identity-H"),
            ToUnicode=pikepdf.Stream(pdf, _cmap(group.to_unicode)),
            DescendantFonts=Array([pdf.make_indirect(cid)]),
        )
        ref = pdf.make_indirect(font)
        for use in group.uses:
            for fonts, key in use.slots:
                fonts[key] = ref


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _widths_array(widths: dict[int, float]) -> Any:
    from pikepdf import Array

    out = Array()
    run: list[int | float] = []
    start = previous = -2
    for gid in sorted(widths):
        if gid != previous + 1:
            if run:
                out.append(start)
                out.append(Array(run))
            start, run = gid, []
        run.append(_number(widths[gid]))
        previous = gid
    if run:
        out.append(start)
        out.append(Array(run))
    return out


def _cid_set(widths: dict[int, float]) -> bytes:
    size = max(widths, default=0) // 8 + 1
    bits = bytearray(size)
    for gid in widths:
        bits[gid // 8] |= 0x80 >> (gid % 8)
    return bytes(bits)


def _cmap(to_unicode: dict[int, str]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        "<< /Registry (Adobe)", "/Ordering (UCS)", "/Supplement 0", ">> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <ffff>", "endcodespacerange",
    ]
    items = sorted(to_unicode.items())
    for i in range(0, len(items), 100):
        batch = items[i:i + 100]
        lines.append(f"{len(batch)} beginbfchar")
        lines.extend(f"<{gid:04x}> <{text}>" for gid, text in batch)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")
