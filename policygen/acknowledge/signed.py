"""The signed list: who acknowledged which version, as exported from DingTalk or WeCom or typed by HR."""

from __future__ import annotations

import os
from dataclasses import dataclass

from .table import cell, read_columns

COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("工号", "id", "工號", "员工编号", "員工編號", "employeeid", "userid"),
    "version": ("版本号", "version", "版本號", "版本", "哈希", "hash", "sha256", "校验码", "校驗碼"),
    "date": ("签收日期", "date", "簽收日期", "日期", "签收时间", "簽收時間", "signed"),
}
REQUIRED = ("id", "version")


@dataclass(frozen=True)
class Signature:
    """One row of the signed list: 工号, 版本号 or release hash, date, and its position."""

    id: str
    version: str
    date: str
    row: int


@dataclass(frozen=True)
class SignedList:
    """The rows of a signed list and where they came from (1-based columns for messages)."""

    source: str
    signatures: list[Signature]
    columns: dict[str, int]


def read_signed(path: str | os.PathLike[str], *, encoding: str | None = None) -> SignedList:
    """Return the signed list in ``path``; raise ValidationError when it cannot be read."""
    table, columns = read_columns(path, COLUMNS, REQUIRED, encoding=encoding)
    rows = [Signature(cell(cells, columns["id"]), cell(cells, columns["version"]), cell(cells, columns.get("date")), row)
            for row, cells in table.rows]
    return SignedList(table.source, rows, {k: v + 1 for k, v in columns.items()})
