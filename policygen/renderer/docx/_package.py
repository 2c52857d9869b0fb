"""Byte-identical .docx packages: fixed zip timestamps, attributes and entry order."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

EPOCH = (1980, 1, 1, 0, 0, 0)
FIRST = "[Content_Types].xml"


def zip_date(iso_date: str | None) -> tuple[int, int, int, int, int, int]:
    """Return the zip timestamp for an ISO date (the document's issue date), or 1980-01-01."""
    if not iso_date:
        return EPOCH
    day = dt.date.fromisoformat(iso_date[:10])
    return (max(day.year, 1980), day.month, day.day, 0, 0, 0) if day.year >= 1980 else EPOCH


def deterministic_zip(data: bytes, date_time: tuple[int, int, int, int, int, int] = EPOCH) -> bytes:
    """Return ``data`` (a zip) rewritten with one timestamp, fixed attributes and stable order.

    ``[Content_Types].xml`` comes first, then the entries in the order python-docx
    wrote them (which follows the package's relationships, so it is stable).
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
        ordered = ([FIRST] if FIRST in names else []) + [n for n in names if n != FIRST]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for name in ordered:
                info = zipfile.ZipInfo(name, date_time=date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0
                info.external_attr = 0
                target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()


# Deflated forms of parts that come back unchanged in every file made from one
# reference (styles, theme, fonts): {uncompressed: compressed}. zlib at a fixed
# level is a pure function of its input, so reusing them gives the same bytes.
_DEFLATED: dict[bytes, bytes] = {}
_DEFLATED_MAX = 24
LEVEL = 6


class _Recorder:
    """Wraps a zlib compressor and keeps what it returns."""

    def __init__(self, compressor: object) -> None:
        self._compressor = compressor
        self.out: list[bytes] = []

    def compress(self, data: bytes) -> bytes:
        chunk: bytes = self._compressor.compress(data)  # type: ignore[attr-defined]
        self.out.append(chunk)
        return chunk

    def flush(self) -> bytes:
        chunk: bytes = self._compressor.flush()  # type: ignore[attr-defined]
        self.out.append(chunk)
        return chunk


class _Replay:
    """Stands in for a zlib compressor whose output is already known."""

    def __init__(self, deflated: bytes) -> None:
        self._deflated = deflated

    def compress(self, data: bytes) -> bytes:
        out, self._deflated = self._deflated, b""
        return out

    def flush(self) -> bytes:
        out, self._deflated = self._deflated, b""
        return out


def _write(target: zipfile.ZipFile, info: zipfile.ZipInfo, blob: bytes, reuse: bool) -> None:
    """``target.writestr(info, blob, compresslevel=LEVEL)``, reusing a known deflated form if ``reuse``."""
    if not reuse:
        target.writestr(info, blob, compresslevel=LEVEL)
        return
    info._compresslevel = LEVEL  # type: ignore[attr-defined]  # as writestr does
    info.file_size = len(blob)
    known = _DEFLATED.get(blob)
    with target.open(info, mode="w") as dest:
        compressor = getattr(dest, "_compressor", None)
        if compressor is None:  # another zipfile: deflate as usual
            dest.write(blob)
            return
        if known is not None:
            dest._compressor = _Replay(known)  # type: ignore[attr-defined]
            dest.write(blob)  # the CRC and sizes are computed as usual
            return
        recorder = _Recorder(compressor)
        dest._compressor = recorder  # type: ignore[attr-defined]
        dest.write(blob)
    if len(_DEFLATED) >= _DEFLATED_MAX:
        _DEFLATED.clear()
    _DEFLATED[blob] = b"".join(recorder.out)


def write_entries(
    entries: list[tuple[str, bytes]],
    date_time: tuple[int, int, int, int, int, int] = EPOCH,
    reuse: frozenset[str] | set[str] = frozenset(),
) -> bytes:
    """Return a zip of ``entries`` with one timestamp, fixed attributes and stable order.

    The same bytes as :func:`deterministic_zip` of a package holding ``entries``.
    The entries named in ``reuse`` are parts that recur unchanged from file to
    file: their deflated form is kept and reused.
    """
    ordered = [e for e in entries if e[0] == FIRST] + [e for e in entries if e[0] != FIRST]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, blob in ordered:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            _write(target, info, blob, name in reuse)
    return out.getvalue()


def stored_zip(entries: list[tuple[str, bytes]]) -> bytes:
    """Return a zip of ``entries`` without compression (a package kept in memory, never written)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as target:
        for name, blob in entries:
            target.writestr(zipfile.ZipInfo(name, date_time=EPOCH), blob)
    return out.getvalue()


# Parts that a writer never changes after preparing its reference.
STATIC_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
        "application/vnd.ms-word.stylesWithEffects+xml",
        "application/vnd.openxmlformats-officedocument.theme+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.webSettings+xml",
    }
)


def package_bytes(
    package: object,
    date_time: tuple[int, int, int, int, int, int] = EPOCH,
    blobs: dict[str, bytes] | None = None,
) -> bytes:
    """Return a python-docx package as deterministic .docx bytes, deflating every part once.

    Does what ``OpcPackage.save`` does (marshal the parts, then content types,
    package relationships and each part with its relationships, in that order),
    but collects the serialized parts instead of zipping them twice. ``blobs``
    gives the bytes of some parts (by part name) instead of serializing them.
    """
    entries, reuse = package_entries(package, blobs)
    return write_entries(entries, date_time, reuse)


def content_types_xml(parts: list[object]) -> bytes:
    """Return ``[Content_Types].xml`` for ``parts``, as python-docx writes it (defaults by extension, overrides)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.oxml import CT_Types, serialize_part_xml
    from docx.opc.spec import default_content_types

    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides = {}
    for part in parts:
        partname, content_type = part.partname, part.content_type  # type: ignore[attr-defined]
        if (partname.ext.lower(), content_type) in default_content_types:
            defaults[partname.ext] = content_type
        else:
            overrides[partname] = content_type
    types = CT_Types.new()  # type: ignore[no-untyped-call]
    for ext in sorted(defaults):
        types.add_default(ext, defaults[ext])
    for partname in sorted(overrides):
        types.add_override(partname, overrides[partname])
    return bytes(serialize_part_xml(types))


def package_entries(
    package: object, blobs: dict[str, bytes] | None = None
) -> tuple[list[tuple[str, bytes]], set[str]]:
    """Return the (member name, bytes) of a package in save order, and the names of its static parts.

    The order of ``OpcPackage.save``: content types, package relationships,
    then each part and its relationships.
    """
    parts = list(package.parts)  # type: ignore[attr-defined]
    for part in parts:
        part.before_marshal()
    entries = [
        (FIRST, content_types_xml(parts)),
        ("_rels/.rels", package.rels.xml),  # type: ignore[attr-defined]
    ]
    blobs = blobs or {}
    for part in parts:
        blob = blobs.get(part.partname)
        entries.append((part.partname.membername, part.blob if blob is None else blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, part.rels.xml))
    reuse = {part.partname.membername for part in parts if part.content_type in STATIC_TYPES}
    return entries, reuse
