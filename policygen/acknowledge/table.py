"""Rows of a CSV (UTF-8, UTF-8 with BOM, UTF-16, GB18030/GBK) or XLSX file, with their positions.

Rosters and signed lists are exported from Excel, DingTalk or WeCom, or typed
by HR: Excel in China saves CSV as GBK, so an encoding is detected unless one
is given. XLSX is read with openpyxl in read-only mode. Every row keeps its
1-based row number so that problems can name ``file:row:column``. Runs of white
space inside a cell (line breaks in a quoted cell, doubled spaces) become one space.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import PathError, Problem, ValidationError

DETECTED = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class Table:
    """A header row and the data rows of a file; ``rows`` hold (row number, cells)."""

    source: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str | None = None


def shown(path: str | os.PathLike[str]) -> str:
    """Return ``path`` as printed in messages: relative to the working folder when inside it."""
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def read_table(path: str | os.PathLike[str], *, encoding: str | None = None) -> tuple[Table | None, list[Problem]]:
    """Return the table in ``path`` (or None) and the problems that stopped reading it.

    Raises :class:`PathError` when ``path`` does not exist (a usage mistake).
    """
    file = Path(path)
    name = shown(file)
    if not file.exists():
        raise PathError(f"{name}: no such file — check the path")
    if file.is_dir():
        raise PathError(f"{name}: is a folder — give a .csv or .xlsx file")
    suffix = file.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(file, name)
    if suffix == ".xls":
        return None, [Problem(name, 1, 1, "Excel 97–2003 workbooks (.xls) are not read — "
                                           "save it in Excel as .xlsx or as CSV UTF-8")]
    try:
        raw = file.read_bytes()
    except OSError as exc:
        return None, [Problem(name, 1, 1, f"cannot read the file ({exc.strerror}) — check its permissions")]
    if raw[:4] == b"PK\x03\x04":
        return _read_xlsx(file, name)
    return _read_csv(raw, name, encoding)


def _decode(raw: bytes, name: str, encoding: str | None) -> tuple[str | None, str | None, list[Problem]]:
    if encoding:
        try:
            return raw.decode(encoding), encoding, []
        except LookupError:
            raise PathError(f"--encoding {encoding}: unknown encoding — use utf-8, gbk or gb18030") from None
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            return None, None, [Problem(name, line, 1, f"not valid {encoding} (byte {exc.start}) — "
                                                       "save the file as CSV UTF-8, or give the right --encoding")]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16", []
    for candidate in DETECTED:
        try:
            return raw.decode(candidate), candidate, []
        except UnicodeDecodeError:
            continue
    return None, None, [Problem(name, 1, 1, "the file is neither UTF-8 nor GBK/GB18030 text — "
                                            "save it as CSV UTF-8 or .xlsx, or give --encoding")]


def _read_csv(raw: bytes, name: str, encoding: str | None) -> tuple[Table | None, list[Problem]]:
    text, used, problems = _decode(raw, name, encoding)
    if text is None:
        return None, problems
    if "\x00" in text:
        return None, [Problem(name, 1, 1, "the file holds binary data, not CSV text — export the sheet as CSV or .xlsx")]
    first = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first.count) if any(c in first for c in ",\t;") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    try:
        for record in reader:
            number = reader.line_num - _extra_lines(record)
            cells = [" ".join(c.split()) for c in record]
            if header is None:
                if any(cells):  # blank lines before the header are skipped
                    header = cells
                continue
            if any(cells):
                rows.append((number, cells))
    except csv.Error as exc:
        return None, [Problem(name, reader.line_num, 1, f"broken CSV ({exc}) — check the quotes on this line")]
    if header is None:
        return None, [Problem(name, 1, 1, "the file is empty — put a header row (工号, 姓名, 部门 …) and one row per person")]
    return Table(name, header, rows, used), []


def _extra_lines(record: list[str]) -> int:
    """Return how many line breaks quoted cells of ``record`` hold (so the row number is its first line)."""
    return sum(cell.count("\n") for cell in record)


def _read_xlsx(file: Path, name: str) -> tuple[Table | None, list[Problem]]:
    import zipfile

    from openpyxl import load_workbook  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        return None, [Problem(name, 1, 1, f"not a readable .xlsx workbook ({type(exc).__name__}) — "
                                          "open it in Excel and save it again as .xlsx")]
    try:
        sheet = book.worksheets[0]
        header: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            cells = [_cell(v) for v in values]
            if not any(cells):
                continue
            if header is None:
                header = cells
            else:
                rows.append((number, cells))
    finally:
        book.close()
    if header is None:
        return None, [Problem(name, 1, 1, "the first sheet is empty — put a header row (工号, 姓名, 部门 …) "
                                          "and one row per person on the first sheet")]
    while header and not header[-1]:
        header.pop()
    return Table(name, header, rows), []


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


def find_columns(table: Table, wanted: dict[str, tuple[str, ...]], required: tuple[str, ...]) -> tuple[dict[str, int], list[Problem]]:
    """Return {field: 0-based column} for the header names in ``wanted``, and a problem per missing one."""
    normal = ["".join(h.split()).lower() for h in table.header]
    found: dict[str, int] = {}
    for key, names in wanted.items():
        for index, head in enumerate(normal):
            if head in names:
                found[key] = index
                break
    problems = []
    for key in required:
        if key not in found:
            names = wanted[key]
            problems.append(Problem(table.source, 1, len(table.header) + 1,
                                    f"no {names[0]} column — add a header cell {names[0]} (or {names[1]}) "
                                    f"to the first row; found: {', '.join(h for h in table.header if h) or 'nothing'}"))
    return found, problems


def read_columns(
    path: str | os.PathLike[str], wanted: dict[str, tuple[str, ...]], required: tuple[str, ...], *, encoding: str | None = None
) -> tuple[Table, dict[str, int]]:
    """Return the table in ``path`` and {field: 0-based column}; raise ValidationError when it cannot be read or lacks a column."""
    table, problems = read_table(path, encoding=encoding)
    if table is None:
        raise ValidationError(problems)
    columns, problems = find_columns(table, wanted, required)
    if problems:
        raise ValidationError(problems)
    return table, columns


def cell(cells: list[str], index: int | None) -> str:
    """Return the cell at ``index`` of a row, or '' when the row is shorter or the column absent."""
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def iter_rows(table: Table) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cells) of the data rows."""
    yield from table.rows
