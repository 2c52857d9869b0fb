"""签收回执 and 签收登记表 read back: text per page, the QR code, the XLSX rows, rare characters."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ackproject import make_project
from openpyxl import load_workbook
from pypdf import PdfReader

from policygen import cli
from policygen.acknowledge import acknowledge, workspace
from policygen.acknowledge.receipt import layout_receipt
from policygen.errors import ValidationError

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
STAFF = [
    ("工号", "姓名", "部门", "岗位"),
    ("E10", "李喆", "客户服务部", "cs-rep"),
    ("E2", "王堃", "客户服务部", "前台接待人员"),
    ("M1", "吉𠮷", "市场部", ""),
    ("M7", "张㛃", "市场部", "front-desk"),
    ("M3", "欧阳娜娜", "市场部", ""),
]
ORDER = ["E2", "E10", "M1", "M3", "M7"]  # 部门, then 工号 in natural order


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("ack") / "project")
    (root / "staff.csv").write_text("".join(",".join(r) + "\n" for r in STAFF), "utf-8")
    return root


@pytest.fixture(scope="module")
def made(project: Path) -> Any:
    ws = workspace(start=project)
    return acknowledge("service-rules", project / "staff.csv", split=True, ws=ws)


def manifest_sha(project: Path, version: str = "1.1") -> str:
    return hashlib.sha256((project / f"releases/service-rules/{version}/manifest.json").read_bytes()).hexdigest()


def page_texts(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in out.split("\f") if page.strip()]


@needs_poppler
def test_every_receipt_page_names_the_employee_and_the_release(project: Path, made: Any) -> None:
    sha = manifest_sha(project)
    assert made.folder == project / "build/acknowledge/service-rules-v1.1"
    pages = page_texts(made.receipts)
    people = {r[0]: r for r in STAFF[1:]}
    assert len(pages) == made.receipt_pages == 5
    for ident, text in zip(ORDER, pages, strict=True):
        _, name, department, _ = people[ident]
        assert f"工号 {ident} " in text and f"姓名 {name}" in text and f"部门 {department}" in text
        assert "《客户服务管理规定》" in text and "客服〔2024〕3号" in text and "版本号 1.1" in text
        assert "2024年10月1日发布" in text and "2024年10月15日生效" in text
        assert sha[:12] in text and sha in text
        assert "本人已收到并阅读《客户服务管理规定》（版本号1.1），理解其内容，承诺遵守。" in "".join(text.split())
        assert "签名：" in text and "日期：" in text
    assert "岗位 前台接待人员" in pages[0] and "岗位 客户服务代表" in pages[1]


@needs_poppler
@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="needs zbarimg (zbar-tools)")
def test_qr_code_carries_the_full_hash_and_release_path(project: Path, made: Any, tmp_path: Path) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "2", "-l", "2", str(made.receipts), str(tmp_path / "p")], check=True)
    image = next(tmp_path.glob("p*.png"))
    done = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"releases/service-rules/1.1/manifest.json\nsha256:{manifest_sha(project)}"


@needs_poppler
def test_split_receipts_one_file_per_employee(made: Any) -> None:
    folder = made.folder / "receipts"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{i}.pdf" for i in ORDER)
    text = page_texts(folder / "M1.pdf")
    assert len(text) == 1 and "工号 M1" in text[0] and "姓名 吉𠮷" in text[0]


@needs_poppler
def test_registers_per_department_pdf_and_xlsx(project: Path, made: Any) -> None:
    sha = manifest_sha(project)
    pdf = made.folder / "register-市场部.pdf"
    pages = page_texts(pdf)
    assert len(pages) == 1
    text = pages[0]
    assert "签 收 登 记 表" in text and "《客户服务管理规定》" in text and "版本号 1.1" in text and sha[:12] in text
    assert "部门： 市场部" in text
    assert "序号 工号 姓名 岗位 签字 日期" in text
    assert "1 M1 吉𠮷" in text and "2 M3 欧阳娜娜" in text and "3 M7 张㛃 前台接待人员" in text
    assert "李喆" not in text
    assert "第1页共1页" in text.replace(" ", "")
    book = load_workbook(made.folder / "register-市场部.xlsx", read_only=True)
    rows = [tuple("" if c is None else c for c in r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    assert rows[0][0].startswith("签收登记表　《客户服务管理规定》 版本号 1.1") and sha[:12] in rows[0][0]
    assert rows[1][0] == "部门：市场部"
    assert rows[2] == ("序号", "工号", "姓名", "岗位", "签字", "日期")
    assert rows[3:] == [(1, "M1", "吉𠮷", "", "", ""), (2, "M3", "欧阳娜娜", "", "", ""), (3, "M7", "张㛃", "前台接待人员", "", "")]


def test_register_header_repeats_and_pages_are_numbered(project: Path, tmp_path: Path) -> None:
    rows = [("工号", "姓名", "部门")] + [(f"S{n}", f"员工{n}", "销售部") for n in range(1, 46)]
    (tmp_path / "big.csv").write_text("".join(",".join(r) + "\n" for r in rows), "utf-8")
    result = acknowledge("service-rules@1.0", tmp_path / "big.csv", out=tmp_path / "out", ws=workspace(start=project))
    reader = PdfReader(io.BytesIO((result.folder / "register-销售部.pdf").read_bytes()))
    assert len(reader.pages) >= 2
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    for number, text in enumerate(texts, 1):
        assert "序号" in text and "签字" in text and "版本号 1.0" in text
        assert f"第{number}页共{len(texts)}页" in text.replace(" ", "")
    assert "S1 员工1" in texts[0] and "S45 员工45" in texts[-1]
    assert result.folder.name == "service-rules-v1.0"


@needs_poppler
def test_stamped_page_matches_the_page_laid_out_in_full(project: Path, made: Any, tmp_path: Path) -> None:
    ws = workspace(start=project)
    from policygen.acknowledge.released import load_subject

    subject = load_subject(ws, "service-rules")
    employee = made.roster.employees[2]  # M1 吉𠮷
    (tmp_path / "full.pdf").write_bytes(layout_receipt(subject, employee))
    for name, source, page in (("a", made.receipts, "3"), ("b", tmp_path / "full.pdf", "1")):
        subprocess.run(["pdftoppm", "-gray", "-r", "40", "-f", page, "-l", page, str(source), str(tmp_path / name)], check=True)
    a, b = (next(tmp_path.glob(f"{n}*.pgm")).read_bytes() for n in "ab")
    assert len(a) == len(b)
    differing = sum(1 for x, y in zip(a, b, strict=True) if abs(x - y) > 64)
    assert differing < len(a) * 0.002  # the same page, give or take anti-aliasing


# characters few fonts have: a rare CJK Extension B ideograph, then letters of rare scripts
RARE = ["\U0002a6df", "\U0001b170", "\U00018b00", "\U00016a40", "\U00011d00"]


def undrawable() -> str:
    """Return a character no installed font has (asked of fontconfig, as a user would), or skip."""
    if shutil.which("fc-list") is None:
        pytest.skip("needs fc-list (fontconfig)")
    for char in RARE:
        found = subprocess.run(["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True,
                               check=True).stdout
        if not found.strip():
            return char
    pytest.skip("every candidate character has an installed font")


def test_a_character_no_font_has_is_refused_naming_the_employee(project: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    char = undrawable()
    (tmp_path / "s.csv").write_text(f"工号,姓名,部门\nE1,王小明,市场部\nE2,李{char},市场部\n", "utf-8")
    with pytest.raises(ValidationError) as info:
        acknowledge("service-rules", "s.csv", out=tmp_path / "out", ws=workspace(start=project))
    assert [str(p) for p in info.value.problems] == [
        (f"s.csv:3:2: error: 姓名 '李{char}' of 李{char}（工号 E2） has '{char}' (U+{ord(char):04X}), which no installed "
         f"font can draw — install a font that has it (`fc-list ':charset={ord(char):x}'` lists none), or write the "
         "name as on the employee's ID card")]
    assert not (tmp_path / "out").exists()


@needs_poppler
def test_booklet_receipts_list_the_policies_of_each_role(project: Path, tmp_path: Path) -> None:
    result = acknowledge("booklet", project / "staff.csv", out=tmp_path / "out", ws=workspace(start=project))
    listing = result.folder / "booklet-releases.json"
    assert hashlib.sha256(listing.read_bytes()).hexdigest() == result.subject.sha256
    assert [p["policy"] for p in json.loads(listing.read_text("utf-8"))["policies"]] == [
        "service-rules", "conduct-notice", "front-desk-rules"]
    pages = page_texts(result.receipts)
    by_id = {}
    for text in pages:
        for ident in ORDER:
            if f"工号 {ident} " in text:
                by_id[ident] = text
    assert set(by_id) == set(ORDER)
    assert "《前台接待工作细则》" in by_id["E2"] and "《前台接待工作细则》" in by_id["M7"]  # front desk
    assert "《前台接待工作细则》" not in by_id["E10"]  # cs-rep: not bound by the front-desk rules
    assert "《前台接待工作细则》" in by_id["M1"]  # no 岗位: everything
    for text in by_id.values():
        assert "《客户服务管理规定》" in text and "《关于规范员工行为的通知》" in text
        assert result.subject.sha256[:12] in text
    assert "上表所列2件规章制度" in "".join(by_id["E10"].split())
    assert "上表所列3件规章制度" in "".join(by_id["E2"].split())


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_makes_receipts_and_refuses_bad_input(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project)
    code, out, err = run(["acknowledge", "service-rules", "--roster", "staff.csv", "-o", str(tmp_path / "o")], capsys)
    assert code == 0, err
    assert "5 receipts, 2 department register(s)" in out and "receipts.pdf" in out
    code, out, err = run(["acknowledge", "service-rules@1.2", "--roster", "staff.csv"], capsys)
    assert code == 1 and err == ("error: service-rules 1.2 is not released (released: 1.0, 1.1) — run "
                                 "`policygen release policies/service-rules.yaml` once policies/service-rules.yaml "
                                 "is at version 1.2\n")
    code, out, err = run(["acknowledge", "--roster", "staff.csv"], capsys)
    assert code == 2 and "several policies are released (conduct-notice, front-desk-rules, service-rules)" in err
    code, out, err = run(["acknowledge", "service-rules", "--roster", "missing.csv"], capsys)
    assert code == 2 and err == "error: missing.csv: no such file — check the path\n"
    (tmp_path / "bad.csv").write_text("工号,姓名,部门,岗位\nE1,,市场部,保洁\n", "utf-8")
    code, out, err = run(["acknowledge", "service-rules", "--roster", str(tmp_path / "bad.csv")], capsys)
    assert code == 1 and "Traceback" not in err
    assert err.count("\n") == 2 and ":2:2: error: 姓名 is empty for 工号 'E1'" in err and ":2:4: error: 岗位 '保洁'" in err
    code, out, err = run(["acknowledge", "status", "service-rules", "--roster", "staff.csv"], capsys)
    assert code == 2 and "needs --signed FILE" in err


def test_an_invisible_character_is_refused_and_line_breaks_in_cells_are_spaces(project: Path, tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.csv").write_text('工号,姓名,部门\nE1,"John\n  Smith",市场部\nE2,李\u200b四,市场部\n', "utf-8")
    with pytest.raises(ValidationError) as info:
        acknowledge("service-rules", "s.csv", out=tmp_path / "out", ws=workspace(start=project))
    assert [str(p) for p in info.value.problems] == [
        ("s.csv:4:2: error: 姓名 '李\u200b四' of 李\u200b四（工号 E2） has '\u200b' (U+200B), an invisible control or "
        "formatting character — delete it from the cell")]
    from policygen.acknowledge import read_roster

    assert read_roster("s.csv").employees[0].name == "John Smith"


def test_traditional_chinese_policy_gets_traditional_receipts() -> None:
    from policygen.acknowledge.receipt import plan_forms, receipt_html
    from policygen.acknowledge.released import ReleasedPolicy, Subject
    from policygen.acknowledge.roster import Employee

    policy = ReleasedPolicy("zh", "客戶關係管理辦法", "1.0", None, "2024-10-01", "2024-10-15", "示例公司", "gbt9704",
                            "zh-Hant", (), "ab" * 32, "releases/zh/1.0")
    subject = Subject("policy", "zh", policy.title, "1.0", (policy,), "示例公司", "gbt9704", "zh-Hant", "ab" * 32,
                      "releases/zh/1.0")
    forms, _ = plan_forms(subject, [Employee("T1", "陳大文", "總務部")])
    html = receipt_html(subject, forms, fill={"id": "T1", "name": "陳大文", "department": "總務部", "role": ""})
    assert "簽收回執" in html and "版本號" in html and "簽名：" in html
    assert "本人已收到並閱讀《客戶關係管理辦法》（版本號 1.0），理解其內容，承諾遵守。" in html
    assert "2024年10月1日發布" in html and "abababababab" in html


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="needs qpdf")
def test_many_pages_stream_into_a_valid_page_tree(project: Path, tmp_path: Path) -> None:
    from policygen.acknowledge.pagestream import CHUNK
    from policygen.acknowledge.receipt import write_receipts
    from policygen.acknowledge.released import load_subject
    from policygen.acknowledge.roster import read_roster

    count = 2 * CHUNK + 7
    rows = "".join(f"P{n},员工{n},部{n % 3}\n" for n in range(1, count + 1))
    (tmp_path / "many.csv").write_text("工号,姓名,部门\n" + rows, "utf-8")
    subject = load_subject(workspace(start=project), "service-rules")
    target = tmp_path / "many.pdf"
    assert write_receipts(subject, read_roster(tmp_path / "many.csv"), target) == count
    subprocess.run(["qpdf", "--check", str(target)], check=True, capture_output=True)
    reader = PdfReader(target)
    assert len(reader.pages) == count
    assert reader.metadata is not None and reader.metadata.title == "签收回执 客户服务管理规定 1.1"
    last = " ".join(reader.pages[-1].extract_text().split())
    assert "部2" in last and "员工" in last and subject.hash_prefix in last
