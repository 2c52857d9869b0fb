"""`policygen acknowledge status`: current, older and missing signers per department, and the exit code."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from ackproject import make_project
from openpyxl import Workbook

from policygen import cli
from policygen.acknowledge import acknowledge_status, workspace

STAFF = "工号,姓名,部门\nE1,王堃,客户服务部\nE2,李喆,客户服务部\nE3,吉𠮷,市场部\nE4,张㛃,市场部\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("status") / "project", booklet=False)
    (root / "staff.csv").write_text(STAFF, "utf-8")
    return root


def sha(project: Path, version: str) -> str:
    return hashlib.sha256((project / f"releases/service-rules/{version}/manifest.json").read_bytes()).hexdigest()


def signed_xlsx(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["工号", "版本号", "签收日期"])
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_status_sorts_people_into_current_older_and_missing(project: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    signed = signed_xlsx(tmp_path / "signed.xlsx", [
        ("E1", "1.1", "2024-10-20"),
        ("E2", "1.0", "2024-03-20"),
        ("E3", sha(project, "1.0")[:12], "2024-03-21"),  # a hash prefix names a version too
        ("E3", "v1.1", "2024-10-22"),                    # … and the later signature wins
        ("E9", "1.1", "2024-10-21"),                     # not in the roster
        ("E4", "2.0", "2024-10-23"),                     # no such release
    ])
    report = acknowledge_status(None, "staff.csv", signed, ws=workspace(start=project))
    states = {p.employee.id: (p.state, p.version) for d in report.departments for p in d.people}
    assert states == {"E1": ("current", "1.1"), "E2": ("older", "1.0"), "E3": ("current", "1.1"),
                      "E4": ("not signed", None)}
    assert [(d.name, d.count("current"), d.count("older"), d.count("not signed")) for d in report.departments] == [
        ("客户服务部", 1, 1, 0), ("市场部", 1, 0, 1)]
    assert not report.complete
    shown = str(signed)
    assert [str(p) for p in report.problems] == [
        f"{shown}:6:1: warning: 工号 'E9' is not in the roster staff.csv — check the 工号, or add the employee to the roster",
        (f"{shown}:7:2: warning: '2.0' (工号 E4) is not a released version or hash of service-rules (released: 1.0, 1.1)"
        " — this signature is not counted"),
    ]
    text = report.to_text()
    assert "客户服务部: 1 current, 1 older, 0 not signed" in text
    assert "older       E2 李喆 — signed 1.0 on 2024-03-20" in text
    assert "not signed  E4 张㛃" in text
    assert "total: 2 of 4 signed the current version, 1 only an older one, 1 not signed" in text


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_status_exit_codes_and_json(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project)
    partial = tmp_path / "partial.csv"
    partial.write_bytes("工号,版本号,签收日期\nE1,1.1,2024-10-20\nE2,1.0,2024-03-20\n".encode("gbk"))
    code, out, err = run(["acknowledge", "status", "--roster", "staff.csv", "--signed", str(partial), "--json"], capsys)
    assert code == 1 and err == ""
    data = json.loads(out)
    assert data["current_version"] == "1.1" and data["current_sha256"] == sha(project, "1.1")
    assert data["totals"] == {"employees": 4, "current": 1, "older": 1, "not_signed": 2}
    assert data["departments"][0]["employees"][1] == {"id": "E2", "name": "李喆", "status": "older",
                                                      "version": "1.0", "date": "2024-03-20"}
    assert data["complete"] is False

    everyone = tmp_path / "everyone.csv"
    everyone.write_text("id,version,date\n" + "".join(f"E{n},{sha(project, '1.1')},2024-10-2{n}\n" for n in range(1, 5)),
                        "utf-8")
    code, out, err = run(["acknowledge", "status", "service-rules", "--roster", "staff.csv", "--signed", str(everyone)],
                         capsys)
    assert code == 0, out + err
    assert "total: 4 of 4 signed the current version, 0 only an older one, 0 not signed" in out

    code, out, err = run(["acknowledge", "status", "a", "b", "--roster", "staff.csv", "--signed", str(everyone)], capsys)
    assert code == 2 and "give one POLICY[@VERSION]" in err
    code, out, err = run(["acknowledge", "status", "--roster", "staff.csv", "--signed", "nope.csv"], capsys)
    assert code == 2 and err == "error: nope.csv: no such file — check the path\n"
