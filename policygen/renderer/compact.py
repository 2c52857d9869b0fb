"""Compact faces: the large pan-CJK fonts cut to the characters documents commonly use.

WeasyPrint embeds a document's fonts by subsetting each font *file* with the
glyph ids kept, cutting off only the glyphs after the last one used. Noto CJK
has 65,535 glyphs with the Chinese ones near the top of the id range, so every
PDF carries tables sized for some 60,000 glyphs: 430–870 KB of font program
per face and document, and most of the time a short document takes to write.

A compact face is such a font cut to the characters of GB2312, Big5 level 1,
Latin-1 and the punctuation and symbol blocks, glyphs renumbered, every table
kept (layout features, metrics, names). Text in those characters shapes and
measures exactly as in the installed face, so the pages are the same to the
pixel; its embedded subsets are a fraction of the size and quick to make.
Its PostScript name gets a suffix, so the font merge takes glyphs from the
compact file and never from the installed one.

A document is laid out with compact faces only when every character of its
HTML is in the compact set, and only when there is a folder to keep them in
(made once per folder: about 0.35 s and 5–7 MB per face). Otherwise it is
laid out with the installed faces, as it always was.
"""

from __future__ import annotations

import array
import contextlib
import ctypes
import ctypes.util
import functools
import hashlib
import os
import struct
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import hbsubset
from .cachedir import write_cached
from .fonts import InstalledFace, installed_faces

VERSION = 2
LARGE = 30_000  # glyphs: the pan-CJK collections; smaller fonts gain little
FOLDER = "faces"

_RANGES = (
    (0x20, 0x7E), (0xA0, 0x17F), (0x2000, 0x206F), (0x2100, 0x21FF), (0x2460, 0x24FF), (0x2500, 0x25FF),
    (0x2600, 0x26FF), (0x3000, 0x303F), (0x3200, 0x33FF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
)


@functools.lru_cache(maxsize=1)
def compact_chars() -> frozenset[int]:
    """Return the code points a compact face keeps (where the installed face has them)."""
    chars = {cp for lo, hi in _RANGES for cp in range(lo, hi + 1)}
    for codec, first, last in (("gb2312", 0xA1, 0xF7), ("big5", 0xA1, 0xC6)):
        for hi in range(first, last + 1):
            for lo in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
                try:
                    chars.update(ord(ch) for ch in bytes([hi, lo]).decode(codec))
                except UnicodeDecodeError:
                    continue
    return frozenset(chars)


def covered(text: str) -> bool:
    """Return True when compact faces can set every character of ``text``."""
    keep = compact_chars()
    return all(ch < "\x80" or ord(ch) in keep for ch in set(text))


@functools.lru_cache(maxsize=1)
def signature() -> str:
    """Return what compact faces depend on besides the installed fonts ("" when none can be made)."""
    hb = hbsubset.version()
    return f"compact{VERSION}-hb{hb}" if hb else ""


@dataclass(frozen=True)
class CompactFace:
    """A compact copy of one installed face."""

    source: tuple[str, int]  # installed file and index in it
    path: str  # the compact font file
    postscript: str  # its PostScript name


_KNOWN: dict[str, tuple[str, int]] = {}  # PostScript name → compact file, index 0


def source_of(postscript: str) -> tuple[str, int] | None:
    """Return (file, 0) of the compact face called ``postscript`` made or found in this process, or None."""
    return _KNOWN.get(postscript)


def register_folder(folder: Path | None) -> None:
    """Make the compact faces already kept in ``folder`` known to the font merge."""
    if folder is None or not signature():
        return
    where = faces_folder(folder)
    try:
        names = sorted(os.listdir(where))
    except OSError:
        return
    for name in names:
        if name.endswith(".otf"):
            _KNOWN.setdefault(name[: -len(".otf")], (str(where / name), 0))


def chosen(text: str, families: Iterable[str], folder: Path | None) -> tuple[CompactFace, ...]:
    """Return the compact faces to lay out ``text`` in ``families`` with: none unless ``folder`` and every character allow."""
    return faces_for(families, folder) if folder is not None and covered(text) else ()


def faces_for(families: Iterable[str], folder: Path | None) -> tuple[CompactFace, ...]:
    """Return compact copies of the large installed faces of ``families``, made in ``folder`` when missing.

    Empty without a folder or without HarfBuzz's subsetter. Processes that
    need the same faces at once (the workers of a pool) share the work: each
    makes the faces no other has claimed, then waits for the others'.
    """
    if folder is None or not signature():
        return ()
    found: dict[tuple[str, int], CompactFace | None] = {}
    waiting = []
    for source in _sources(families):
        face = _face(source, folder, wait=False)
        if face is _CLAIMED:
            waiting.append(source)
        else:
            found[(source.file, source.index)] = face
    for source in waiting:
        found[(source.file, source.index)] = _face(source, folder, wait=True)
    return tuple(sorted((f for f in found.values() if isinstance(f, CompactFace)), key=lambda f: f.source))


_CLAIMED = object()  # another process is making the face
CLAIM_TIMEOUT = 120.0  # seconds after which a claim is taken to be a dead process's


def large_faces(families: Iterable[str]) -> list[tuple[str, int]]:
    """Return (file, index) of the installed faces of ``families`` that are laid out as compact copies (none made here)."""
    return [(source.file, source.index) for source in _sources(families)] if signature() else []


def _sources(families: Iterable[str]) -> list[InstalledFace]:
    """Return the installed faces of ``families`` that get compact copies: the large ones."""
    wanted = set(families)
    return [face for face in installed_faces() if wanted & set(face.families) and _compact_name(face) is not None]


def _face(source: InstalledFace, folder: Path, *, wait: bool) -> Any:
    """Return the compact face of ``source`` in ``folder``, None, or (``wait=False``) _CLAIMED."""
    file, index = source.file, source.index
    postscript = _compact_name(source)
    if postscript is None:
        return None
    path = faces_folder(folder) / f"{postscript}.otf"
    claim = path.with_name(f".{path.name}.claim")
    while not path.is_file():  # looked for every time: a cache folder may be emptied between builds
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            os.write(handle, str(os.getpid()).encode())
        except FileExistsError:
            if _abandoned(claim):
                with contextlib.suppress(OSError):
                    claim.unlink()
                continue
            if not wait:
                return _CLAIMED
            time.sleep(0.05)
            continue
        except OSError:
            return None  # the folder can't be written: nothing to lay out with
        try:
            data = hbsubset.compact_font(file, index, sorted(compact_chars()))
            renamed = _renamed(data, postscript) if data is not None else None
            if renamed is None:
                return None
            write_cached(path.parent, path.name, renamed)
            if not path.is_file():
                return None
        finally:
            os.close(handle)
            with contextlib.suppress(OSError):
                claim.unlink()
    _KNOWN[postscript] = (str(path), 0)
    return CompactFace((file, index), str(path), postscript)


def _abandoned(claim: Path) -> bool:
    """Return True when the process that claimed a face is gone (or the claim is too old to trust)."""
    try:
        text = claim.read_text(encoding="ascii").strip()
        age = time.time() - claim.stat().st_mtime
    except (OSError, ValueError):
        return False  # just removed, or being written: look again
    if age > CLAIM_TIMEOUT:
        return True
    if not text.isdigit():
        return age > 1.0  # a claim is written right after it is made
    try:
        os.kill(int(text), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # someone else's process: alive
    return False


def faces_folder(cache: Path) -> Path:
    """Return the folder the compact faces of a cache folder are kept in."""
    return cache / FOLDER / (signature() or "none")


@functools.lru_cache(maxsize=64)
def _compact_name(source: InstalledFace) -> str | None:
    """Return the PostScript name of the compact copy of a large face, None for a face left as installed."""
    try:
        stat = os.stat(source.file)
    except OSError:
        return None
    if not source.postscript or hbsubset.glyph_count(source.file, source.index) < LARGE:
        return None
    digest = hashlib.sha256(
        repr((signature(), source.file, source.index, stat.st_size, stat.st_mtime_ns)).encode()
    ).hexdigest()
    return f"{source.postscript}-C{digest[:8].upper()}"


def _renamed(data: bytes, postscript: str) -> bytes | None:
    """Return the font ``data`` with PostScript name ``postscript``; None when it isn't a plain sfnt.

    The new name table is appended and the table directory pointed at it;
    every other byte stays where it is (the old table is left unused), and the
    whole-font checksum in ``head`` is set again.
    """
    try:
        tables = {}
        count = struct.unpack_from(">H", data, 4)[0]
        for i in range(count):
            tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
            tables[tag] = (i, offset, length)
        slot, offset, length = tables[b"name"]
        head = tables[b"head"][1]
        fmt, records, storage = struct.unpack_from(">HHH", data, offset)
        if fmt != 0:
            return None
        entries, strings = [], bytearray()
        for r in range(records):
            platform, encoding, language, name_id, size, at = struct.unpack_from(">6H", data, offset + 6 + 12 * r)
            text = data[offset + storage + at : offset + storage + at + size]
            if name_id == 6:
                text = postscript.encode("utf-16-be" if platform in (0, 3) else "latin-1")
            entries.append(struct.pack(">6H", platform, encoding, language, name_id, len(text), len(strings)))
            strings += text
    except (KeyError, struct.error):
        return None
    table = struct.pack(">HHH", 0, records, 6 + 12 * records) + b"".join(entries) + bytes(strings)
    out = bytearray(data) + bytes(-len(data) % 4)
    where = len(out)
    out += table + bytes(-len(table) % 4)
    struct.pack_into(">III", out, 12 + 16 * slot + 4, _checksum(table), where, len(table))
    struct.pack_into(">I", out, head + 8, 0)
    struct.pack_into(">I", out, head + 8, (0xB1B0AFBA - _checksum(out)) & 0xFFFFFFFF)
    return bytes(out)


def _checksum(data: bytes | bytearray) -> int:
    words = array.array("I", bytes(data) + bytes(-len(data) % 4))
    if sys.byteorder == "little":
        words.byteswap()
    return sum(words) & 0xFFFFFFFF


# ---- a fontconfig configuration that sees the compact faces instead of the installed ones


@functools.lru_cache(maxsize=1)
def _fontconfig() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("fontconfig")
    if not name:
        return None
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    p = ctypes.c_void_p
    lib.FcConfigCreate.argtypes, lib.FcConfigCreate.restype = [], p
    lib.FcConfigParseAndLoad.argtypes, lib.FcConfigParseAndLoad.restype = [p, p, ctypes.c_int], ctypes.c_int
    lib.FcConfigParseAndLoadFromMemory.argtypes = [p, ctypes.c_char_p, ctypes.c_int]
    lib.FcConfigParseAndLoadFromMemory.restype = ctypes.c_int
    lib.FcConfigBuildFonts.argtypes, lib.FcConfigBuildFonts.restype = [p], ctypes.c_int
    lib.FcConfigAppFontAddFile.argtypes, lib.FcConfigAppFontAddFile.restype = [p, ctypes.c_char_p], ctypes.c_int
    lib.FcConfigDestroy.argtypes, lib.FcConfigDestroy.restype = [p], None
    return lib


def fontconfig_with(faces: tuple[CompactFace, ...], extra_xml: str) -> int | None:
    """Return the address of a new FcConfig: the system's, ``extra_xml`` added, ``faces`` instead of their sources.

    The caller owns one reference (``release`` drops it). None when fontconfig
    can't be loaded this way; the caller then keeps the installed faces.
    """
    lib = _fontconfig()
    if lib is None or not faces:
        return None
    config = lib.FcConfigCreate()
    if not config:
        return None
    rules = "".join(
        '<rejectfont><pattern><patelt name="file"><string>'
        f"{_xml(face.source[0])}</string></patelt>"
        f'<patelt name="index"><int>{face.source[1]}</int></patelt></pattern></rejectfont>'
        for face in faces
    )
    xml = extra_xml.replace("</fontconfig>", f"<selectfont>{rules}</selectfont></fontconfig>")
    ok = (
        lib.FcConfigParseAndLoad(config, None, 1)
        and lib.FcConfigParseAndLoadFromMemory(config, xml.encode("utf-8"), 1)
        and lib.FcConfigBuildFonts(config)
        and all(lib.FcConfigAppFontAddFile(config, face.path.encode()) for face in faces)
    )
    if not ok:
        lib.FcConfigDestroy(config)
        return None
    address: int = config
    return address


def release(address: int) -> None:
    """Drop the reference ``fontconfig_with`` gave."""
    lib = _fontconfig()
    if lib is not None:
        lib.FcConfigDestroy(address)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["CompactFace", "chosen", "compact_chars", "covered", "faces_folder", "faces_for", "fontconfig_with", "large_faces", "register_folder", "release",
           "signature", "source_of"]
