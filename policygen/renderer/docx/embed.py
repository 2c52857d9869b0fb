"""Fonts for readers without Word's fonts: font-table descriptions and embedded subsets.

Runs keep the names Word users have (仿宋, 黑体 …). The font table describes
each (other name, PANOSE, character set, family, pitch) so a reader can pick a
substitute; with embedding, the open font that stands in for each name in the
PDF is subset to the characters the file uses, renamed to the Word name,
converted to TrueType outlines and stored as an obfuscated embedded font
(ECMA-376 Part 1, 17.8.1), so LibreOffice shows the same faces as the PDF.
"""

from __future__ import annotations

import functools
import hashlib
import io
import shutil
import subprocess
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from ..theme import Theme
from . import _oxml, _package
from ._oxml import fonts as _fonts
from ._oxml.fonts import FontInfo

OBFUSCATED = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"

# How Word's own font tables describe the fonts the themes name (Windows and Founder fonts).
_KNOWN = {
    "仿宋": FontInfo("仿宋", "FangSong", "02010609060101010101", "86", "modern", "fixed"),
    "黑体": FontInfo("黑体", "SimHei", "02010609060101010101", "86", "modern", "fixed"),
    "楷体": FontInfo("楷体", "KaiTi", "02010609060101010101", "86", "modern", "fixed"),
    "宋体": FontInfo("宋体", "SimSun", "02010600030101010101", "86", "auto", "variable"),
    "方正小标宋简体": FontInfo("方正小标宋简体", "FZXiaoBiaoSong-B05S", "02000000000000000000", "86", "script", "variable"),
    "標楷體": FontInfo("標楷體", "DFKai-SB", "03000509000000000000", "88", "script", "fixed"),
    "新細明體": FontInfo("新細明體", "PMingLiU", "02010601000101010101", "88", "roman", "variable"),
    "微軟正黑體": FontInfo("微軟正黑體", "Microsoft JhengHei", "020B0604030504040204", "88", "swiss", "variable"),
}
# Roles the PDF sets in bold (the title, see templates/style.css.j2)
_BOLD_ROLES = {"title"}


def font_infos(theme: Theme) -> list[FontInfo]:
    """Return the font-table description of every Word font ``theme`` names (CJK names Word knows)."""
    seen: dict[str, FontInfo] = {}
    for role in theme.fonts.values():
        info = _KNOWN.get(role.word)
        if info is not None:
            seen.setdefault(role.word, info)
    return list(seen.values())


@functools.lru_cache(maxsize=32)
def _match(family: str, bold: bool) -> tuple[str, int] | None:
    """Return (file, face index) fontconfig gives for ``family``, if it has that family."""
    if not shutil.which("fc-match"):
        return None
    pattern = f"{family}:weight={'bold' if bold else 'regular'}"
    done = subprocess.run(
        ["fc-match", "-f", "%{family}\t%{file}\t%{index}", pattern],
        capture_output=True, text=True, check=False,
    )
    names, _, rest = done.stdout.partition("\t")
    file, _, index = rest.partition("\t")
    if family not in [n.strip() for n in names.split(",")] or not file:
        return None
    return file, int(index or 0)


def stand_ins(theme: Theme) -> dict[str, tuple[str, int]]:
    """Return Word font name → (file, face index) of the installed open font standing in for it."""
    out: dict[str, tuple[str, int]] = {}
    for role_name, role in theme.fonts.items():
        if role.word in out or role.word not in _KNOWN:
            continue
        for family in role.families:
            found = _match(family, role_name in _BOLD_ROLES)
            if found:
                out[role.word] = found
                break
    return out


def font_key(data: bytes) -> str:
    """Return a GUID (Word's ``{…}`` form) derived from ``data``: the same font gives the same key."""
    return "{" + str(uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """Return ``data`` with its first 32 bytes XORed with the GUID ``key`` (17.8.1; its own inverse)."""
    digits = key.strip("{}").replace("-", "")
    mask = bytes.fromhex(digits)[::-1]
    head = bytes(b ^ mask[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


# quadratic outlines already drawn, by (file, face, glyph): a build embeds the same glyphs many times
_OUTLINES: dict[tuple[str, int, str], tuple[Any, ...]] = {}
_OUTLINES_MAX = 65536


def _quadratic(source: Any, key: tuple[str, int, str]) -> tuple[Any, ...]:
    """Return the pen operations drawing a glyph of ``source`` as quadratic TrueType contours."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.recordingPen import DecomposingRecordingPen, RecordingPen

    known = _OUTLINES.get(key)
    if known is not None:
        return known
    glyph_set = source.getGlyphSet()
    decomposed = DecomposingRecordingPen(glyph_set)
    glyph_set[key[2]].draw(decomposed)
    quadratic = RecordingPen()
    decomposed.replay(Cu2QuPen(quadratic, 1.0, reverse_direction="CFF " in source))
    if len(_OUTLINES) >= _OUTLINES_MAX:
        _OUTLINES.clear()
    _OUTLINES[key] = out = tuple(quadratic.value)
    return out


def subset(file: str, index: int, chars: Iterable[str], name: str, ps_name: str) -> bytes:
    """Return a TrueType font of the glyphs of ``chars`` in ``file``, named ``name``; the same bytes each time.

    The outlines are drawn into quadratic TrueType glyphs (CFF outlines
    converted, composites decomposed); the font has no layout tables, which
    horizontal CJK text in the face's default forms does not need.
    """
    from fontTools.ttLib import TTFont

    with TTFont(file, fontNumber=index, lazy=True) as source:
        return _build(source, file, index, chars, name, ps_name)


def _build(source: Any, file: str, index: int, chars: Iterable[str], name: str, ps_name: str) -> bytes:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.recordingPen import replayRecording
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    cmap = source.getBestCmap()
    mapping = {ord(c): cmap[ord(c)] for c in sorted(set(chars)) if ord(c) in cmap}
    names = [".notdef", *sorted(set(mapping.values()) - {".notdef"}, key=source.getGlyphID)]
    glyphs = {}
    for glyph_name in names:
        pen = TTGlyphPen(None)
        replayRecording(_quadratic(source, (file, index, glyph_name)), pen)
        glyphs[glyph_name] = pen.glyph()
    head, hhea, os2 = source["head"], source["hhea"], source["OS/2"]
    builder = FontBuilder(head.unitsPerEm, isTTF=True)
    builder.font.recalcTimestamp = False
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap(mapping)
    builder.setupGlyf(glyphs)
    glyf = builder.font["glyf"]
    advances = source["hmtx"].metrics
    builder.setupHorizontalMetrics(
        {n: (advances[n][0], getattr(glyf[n], "xMin", 0)) for n in names}
    )
    builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent, lineGap=hhea.lineGap)
    builder.setupNameTable(
        {"familyName": name, "styleName": "Regular", "uniqueFontIdentifier": ps_name,
         "fullName": name, "psName": ps_name},
        windows=True, mac=False,
    )
    builder.setupOS2(
        sTypoAscender=os2.sTypoAscender, sTypoDescender=os2.sTypoDescender, sTypoLineGap=os2.sTypoLineGap,
        usWinAscent=os2.usWinAscent, usWinDescent=os2.usWinDescent, fsType=os2.fsType,
        usWeightClass=os2.usWeightClass, ulCodePageRange1=getattr(os2, "ulCodePageRange1", 0),
        ulUnicodeRange1=os2.ulUnicodeRange1, ulUnicodeRange2=os2.ulUnicodeRange2,
        ulUnicodeRange3=os2.ulUnicodeRange3, ulUnicodeRange4=os2.ulUnicodeRange4,
        panose=os2.panose,
    )
    builder.setupPost(keepGlyphNames=False)
    builder.setupHead(unitsPerEm=head.unitsPerEm, created=head.created, modified=head.modified,
                      fontRevision=head.fontRevision)
    builder.setupMaxp()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def embedded_fonts(theme: Theme, used: Mapping[str, set[str]]) -> list[tuple[str, bytes, str]]:
    """Return (Word name, obfuscated font bytes, key) for every font of ``theme`` that ``used`` maps to characters."""
    out = []
    files = stand_ins(theme)
    for name, chars in sorted(used.items()):
        if name not in files or not chars:
            continue
        file, index = files[name]
        data = subset(file, index, chars, name, _KNOWN[name].alt_name.replace(" ", ""))
        key = font_key(data)
        out.append((name, obfuscate(data, key), key))
    return out


def font_table_part(document: Any) -> Any:
    """Return the font table part of a python-docx document, if it has one."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for rel in document.part.rels.values():
        if rel.reltype == RT.FONT_TABLE and not rel.is_external:
            return rel.target_part
    return None


def add_embedded_fonts(document: Any, theme: Theme, blobs: dict[str, bytes]) -> None:
    """Embed in ``document`` the stand-ins of ``theme``'s fonts, subset to the characters it uses.

    ``blobs`` holds the bytes of parts kept outside the tree (part name → bytes);
    the new font table goes there too.
    """
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.parts.hdrftr import FooterPart, HeaderPart

    table = font_table_part(document)
    if table is None:
        return
    package = document.part.package
    styles_part = document.part.part_related_by(RT.STYLES)
    styles_root = _oxml.part_root(blobs.get(styles_part.partname, styles_part.blob))
    stories = [_oxml.part_root(blobs.get(document.part.partname, document.part.blob))]
    stories += [p.element for p in package.iter_parts() if isinstance(p, (HeaderPart, FooterPart))]
    used = _fonts.used_characters(styles_root, stories)
    embeds = {}
    for n, (name, data, key) in enumerate(embedded_fonts(theme, used), 1):
        font = Part(PackURI(f"/word/fonts/font{n}.odttf"), OBFUSCATED, data, package)
        embeds[name] = ("embedRegular", table.relate_to(font, FONT_RELATIONSHIP), key)
    if embeds:
        blobs[table.partname] = _fonts.with_embedded(blobs.get(table.partname, table.blob), embeds)
        _fonts.set_embed_settings(document.settings.element)


def with_theme_fonts(data: bytes, theme: Theme, *, embed_fonts: bool = False) -> bytes:
    """Return a .docx another program re-saved (LibreOffice filling a TOC) with ``theme``'s font descriptions back.

    With ``embed_fonts`` the stand-in fonts are embedded as :class:`DocxWriter` does.
    """
    import docx

    document: Any = docx.Document(io.BytesIO(data))
    table = font_table_part(document)
    blobs: dict[str, bytes] = {}
    if table is not None:
        blobs[table.partname] = _fonts.with_fonts(table.blob, font_infos(theme))
    if embed_fonts:
        add_embedded_fonts(document, theme, blobs)
    return _package.package_bytes(document.part.package, _package.EPOCH, blobs)
