"""Rosters and signed lists: CSV in UTF-8 (with or without BOM) and GBK, XLSX; every problem at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from policygen.acknowledge.roster import Role, RoleCatalog, read_roster
from policygen.acknowledge.signed import read_signed
from policygen.errors import PathError, ValidationError

CATALOG = RoleCatalog([Role("front-desk", "前台接待人员"), Role("cs-rep", "客户服务代表")], "《客户服务管理规定》")
ROWS = [
    ("工号", "姓名", "部门", "岗位"),
    ("E2", "王堃", "客户服务部", "前台接待人员"),
    ("E10", "李喆", "客户服务部", "cs-rep"),
    ("E2", "赵六", "市场部", ""),
    ("E3", "", "市场部", ""),
    ("E4", "钱七", "", "前台接待"),
    ("", "孙八", "市场部", "保安"),
]


def expected(name: str) -> list[str]:
    return [
        f"{name}:4:1: error: duplicate 工号 'E2' (also on row 2) — give each employee their own 工号, or delete the repeated row",
        f"{name}:5:2: error: 姓名 is empty for 工号 'E3' — fill in the employee's name",
        f"{name}:6:3: error: 部门 is empty for 工号 'E4' — fill in the department (registers are made per department)",
        f"{name}:6:4: error: 岗位 '前台接待' names no role of 《客户服务管理规定》 — did you mean '前台接待人员'?",
        f"{name}:7:1: error: 工号 is empty — fill in the employee's 工号, or delete the row",
        (f"{name}:7:4: error: 岗位 '保安' names no role of 《客户服务管理规定》 — use a role id or name it declares: "
        "front-desk (前台接待人员), cs-rep (客户服务代表)"),
    ]


def write_csv(path: Path, rows: list[tuple[str, ...]], encoding: str) -> Path:
    path.write_bytes("".join(",".join(r) + "\r\n" for r in rows).encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[tuple[str, ...]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append([c or None for c in row])
    book.save(path)
    return path


def problems_of(path: Path, **kwargs: str) -> list[str]:
    with pytest.raises(ValidationError) as info:
        read_roster(path, roles=CATALOG, **kwargs)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_roster_errors_name_row_and_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str) -> None:
    monkeypatch.chdir(tmp_path)
    write_csv(tmp_path / "staff.csv", ROWS, encoding)
    assert problems_of(Path("staff.csv")) == expected("staff.csv")


def test_xlsx_roster_errors_name_row_and_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_xlsx(tmp_path / "staff.xlsx", ROWS)
    assert problems_of(Path("staff.xlsx")) == expected("staff.xlsx")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_good_csv_is_read_in_any_encoding_and_sorted(tmp_path: Path, encoding: str) -> None:
    rows = [("id", "name", "department", "role"), ("E10", "李喆", "客户服务部", "cs-rep"),
            ("E2", "王堃", "客户服务部", "前台接待人员、cs-rep"), ("A1", "吉𠮷" if encoding != "gb18030" else "吉㛃", "市场部", "")]
    roster = read_roster(write_csv(tmp_path / "s.csv", rows, encoding), roles=CATALOG)
    assert [(e.id, e.department) for e in roster.employees] == [("E2", "客户服务部"), ("E10", "客户服务部"), ("A1", "市场部")]
    assert roster.employees[0].roles == ("前台接待人员", "客户服务代表")
    assert roster.employees[0].role_text == "前台接待人员、客户服务代表"
    assert roster.encoding == {"utf-8": "utf-8-sig", "utf-8-sig": "utf-8-sig", "gb18030": "gb18030"}[encoding]


def test_encoding_can_be_given(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", [("工号", "姓名", "部门"), ("E1", "张三", "市场部")], "gbk")
    assert read_roster(path, encoding="gbk").employees[0].name == "张三"
    with pytest.raises(ValidationError, match=r"s\.csv:1:1: error: not valid utf-8 \(byte 0\) — save the file as CSV UTF-8"):
        read_roster(path, encoding="utf-8")


def test_missing_columns_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_csv(tmp_path / "s.csv", [("工号", "名字"), ("E1", "张三")], "utf-8")
    assert problems_of(Path("s.csv")) == [
        "s.csv:1:3: error: no 姓名 column — add a header cell 姓名 (or name) to the first row; found: 工号, 名字",
        "s.csv:1:3: error: no 部门 column — add a header cell 部门 (or department) to the first row; found: 工号, 名字",
    ]


def test_unreadable_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    assert problems_of(Path("bad.xlsx")) == [
        "bad.xlsx:1:1: error: not a readable .xlsx workbook (BadZipFile) — open it in Excel and save it again as .xlsx"]
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert problems_of(Path("old.xls")) == [
        "old.xls:1:1: error: Excel 97–2003 workbooks (.xls) are not read — save it in Excel as .xlsx or as CSV UTF-8"]
    (tmp_path / "bin.csv").write_bytes(bytes(range(128, 256)) * 4)
    assert problems_of(Path("bin.csv")) == [
        "bin.csv:1:1: error: the file is neither UTF-8 nor GBK/GB18030 text — save it as CSV UTF-8 or .xlsx, or give --encoding"]
    (tmp_path / "empty.csv").write_bytes(b"\n\n")
    assert problems_of(Path("empty.csv")) == [
        "empty.csv:1:1: error: the file is empty — put a header row (工号, 姓名, 部门 …) and one row per person"]
    with pytest.raises(PathError, match=r"nope\.csv: no such file"):
        read_roster("nope.csv")


def test_xlsx_numbers_and_blank_rows(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["工号", "姓名", "部门"])
    sheet.append([1001, "张三", "市场部"])
    sheet.append([None, None, None])
    sheet.append([1002.0, "李四", "市场部"])
    book.save(tmp_path / "s.xlsx")
    roster = read_roster(tmp_path / "s.xlsx")
    assert [(e.id, e.row) for e in roster.employees] == [("1001", 2), ("1002", 4)]


def test_signed_list_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "signed.csv", [("工号", "版本号", "签收日期"), ("E1", "1.1", "2024-10-20")], "gbk")
    signed = read_signed(path)
    assert [(s.id, s.version, s.date, s.row) for s in signed.signatures] == [("E1", "1.1", "2024-10-20", 2)]
    bad = write_csv(tmp_path / "bad.csv", [("工号", "日期"), ("E1", "2024-10-20")], "utf-8")
    with pytest.raises(ValidationError, match="no 版本号 column"):
        read_signed(bad)
