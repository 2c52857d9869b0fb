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
