"""Metadata lines of a regulation: 发文字号, 版本号, 发布/生效日期, 制定部门, 主送/抄送."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .labels import to_int

_SEP = r"[：:]\s*"
_FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("doc_number", re.compile(rf"^(?:发文字号|發文字號|文号|文號){_SEP}(.+)$")),
    ("version", re.compile(rf"^(?:版本号|版本號|版本){_SEP}[Vv]?(\d+(?:\.\d+){{0,2}})$")),
    ("issued", re.compile(rf"^(?:发布日期|發布日期|印发日期|印發日期|修正日期|修订日期|修訂日期|公布日期){_SEP}(.+)$")),
    ("effective", re.compile(rf"^(?:生效日期|施行日期|实施日期|實施日期){_SEP}(.+)$")),
    ("owner", re.compile(rf"^(?:制定部门|制定部門|发文部门|發文部門|起草部门|起草部門){_SEP}(.+)$")),
    ("approved_by", re.compile(rf"^(?:批准|核定|审批|審批){_SEP}(.+)$")),
    ("recipients", re.compile(rf"^(?:主送|主送机关|主送機關){_SEP}(.+?)[。.]?$")),
    ("cc", re.compile(rf"^(?:抄送|抄送机关|抄送機關){_SEP}(.+?)[。.]?$")),
)
DOC_NUMBER = re.compile(r"^[^\s：:]{1,20}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*[号號]$")
_DATE = re.compile(
    r"^(?P<y>\d{4}|[〇零一二三四五六七八九○]{4})\s*[年\-./]\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*[月\-./]"
    r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日?$"
)


def parse_date(text: str) -> dt.date | None:
    """Return the date written as 2024年10月1日, 2024-10-01, 2024.10.1 or 二〇二四年十月一日, or None."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    try:
        year = int("".join(str("〇一二三四五六七八九".index(c.replace("零", "〇").replace("○", "〇")))
                           for c in match["y"])) if not match["y"].isdigit() else int(match["y"])
        return dt.date(year, to_int(match["m"]), to_int(match["d"]))
    except ValueError:
        return None


def parse_meta_line(text: str) -> dict[str, Any] | None:
    """Return the metadata fields of a line (several may share one line), or None if it holds none.

    A line is metadata only when every piece of it is a known field.
    """
    pieces = [p for p in re.split(r"[\u3000\t]{1,}|\s{2,}", text.strip()) if p]
    found: dict[str, Any] = {}
    for piece in pieces:
        field = _field(piece)
        if field is None:
            return None
        found.update(field)
    return found or None


def _field(piece: str) -> dict[str, Any] | None:
    if DOC_NUMBER.match(piece):
        return {"doc_number": piece}
    for key, pattern in _FIELDS:
        match = pattern.match(piece)
        if not match:
            continue
        value = match.group(1).strip()
        if key in ("issued", "effective"):
            date = parse_date(value)
            return {key: date} if date else None
        if key in ("recipients", "cc"):
            return {key: [v for v in re.split(r"[、，,；;]", value) if v.strip()]}
        return {key: value}
    return None


def is_signature_date(text: str) -> bool:
    """Return whether a line is a bare date, as under a signature."""
    return parse_date(text) is not None
