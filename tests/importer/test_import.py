"""``policygen import``: structures, numbering sources, references and bad input, on small fixtures."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest

import policygen
from policygen.cli import main
from policygen.importer.api import import_file
from policygen.importer.errors import ImportError_
from policygen.importer.labels import parse_heading, parse_item, to_int

from .helpers import numbered_docx

# ../shared/corpus beside the repository, looked for in every folder above this file
CORPUS = next((p / "shared" / "corpus" for p in Path(__file__).resolve().parents if (p / "shared" / "corpus").is_dir()),
              Path(__file__).resolve().parents[3] / "shared" / "corpus")


def _import(tmp_path: Path, name: str, text: str) -> policygen.Policy:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_file(path).policy


@pytest.mark.parametrize(("label", "kind", "number", "insert"), [
    ("第一条", "article", 1, 0), ("第 1 條", "article", 1, 0), ("第9-1條", "article", 9, 1),
    ("第一百二十条之一", "article", 120, 1), ("第 一 章", "chapter", 1, 0), ("第二節", "section", 2, 0),
    ("第三编", "part", 3, 0), ("第一百零一条", "article", 101, 0), ("第一百一十条", "article", 110, 0),
])
def test_labels(label: str, kind: str, number: int, insert: int) -> None:
    heading = parse_heading(label + " 正文")
    assert heading is not None and (heading.kind, heading.number, heading.insert) == (kind, number, insert)


def test_references_are_not_labels() -> None:
    assert parse_heading("第十二条、第十三条规定的情形") is None
    assert parse_heading("第三条至第五条") is None
    assert to_int("二〇二四") == 2024 and to_int("１２") == 12
    assert parse_item("（一）受僱者").number == 1 and parse_item("一、受僱者").style == "cn-comma"


def test_plain_text_chapters_articles_items_and_paragraphs(tmp_path: Path) -> None:
    policy = _import(tmp_path, "rules.txt", (
        "客户信息管理办法\n\n发文字号：客服〔2024〕3号\n版本号：1.2\n发布日期：2024年10月1日\n制定部门：客户服务部\n\n"
        "第一章 总则\n第一条 【目的】为规范客户信息管理，特制定本办法。\n"
        "第二条 本办法适用于下列人员：\n（一）客服人员；\n（二）销售人员：\n1. 区域经理；\n2. 客户经理。\n"
        "其他人员参照执行。\n第二章 附则\n第三条 本办法自发布之日起施行。\n"
    ))
    assert (policy.title, policy.doc_number, policy.version, policy.owner) == ("客户信息管理办法", "客服〔2024〕3号", "1.2", "客户服务部")
    assert policy.status == "draft" and str(policy.issued) == "2024-10-01"
    first, second, third = policy.iter_articles()
    assert (first.id, first.title, first.text) == ("art-1", "目的", "为规范客户信息管理，特制定本办法。")
    assert [i.text for i in second.items] == ["客服人员；", "销售人员："]
    assert [i.text for i in second.items[1].items] == ["区域经理；", "客户经理。"]
    assert [p.text for p in second.paragraphs] == ["其他人员参照执行。"]
    assert [c.id for c in policy.chapters] == ["ch-1", "ch-2"] and third.text == "本办法自发布之日起施行。"


def test_references_become_ids_and_keep_their_tail(tmp_path: Path) -> None:
    policy = _import(tmp_path, "refs.md", (
        "# 示例制度\n\n## 第一章 总则\n\n第一条 本制度适用于全体员工。\n\n"
        "第二条 依照本制度第一条第二款的规定，参照《劳动合同法》第十条执行。\n\n"
        "## 第二章 处理\n\n第三条 前条所列事项，适用本办法第一章；第九十九条所指情形另行规定。\n"
    ))
    texts = [a.text for a in policy.iter_articles()]
    assert texts[1] == "依照本制度[[art-1]]第二款的规定，参照《劳动合同法》第十条执行。"
    assert texts[2] == "[[art-2]]所列事项，适用本办法[[ch-1]]；第九十九条所指情形另行规定。"
    rendered = policygen.resolve(policy).chapters[0].articles[1].paragraphs[0].text.plain
    assert rendered == "依照本制度第一条第二款的规定，参照《劳动合同法》第十条执行。"


def test_unresolved_reference_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("制度\n第一条 见第九十九条。\n第二条 完。\n", encoding="utf-8")
    result = import_file(path)
    assert any("第九十九条 names no 条" in line for line in result.report.lines())


def test_traditional_script_arabic_labels_and_tw_items(tmp_path: Path) -> None:
    policy = _import(tmp_path, "tw.txt", (
        "性別平等示例法\n\n第 一 章 總則\n\n第 1 條\n為保障工作權之性別平等，特制定本法。\n"
        "第 2 條\n本法用詞，定義如下：\n一、受僱者：指受雇主僱用者。\n二、雇主：指僱用受僱者之人。\n"
    ))
    assert policy.language == "zh-Hant"
    second = policy.iter_articles()[1]
    assert [i.text for i in second.items] == ["受僱者：指受雇主僱用者。", "雇主：指僱用受僱者之人。"]
    if "convention" in policygen.Policy.model_fields:
        assert policy.convention == "tw"  # type: ignore[attr-defined]


def test_docx_automatic_numbering_labels_are_recovered(tmp_path: Path) -> None:
    path = tmp_path / "numbered.docx"
    path.write_bytes(numbered_docx("考勤管理制度", [("第一章 总则", ["为规范考勤，制定本制度。", "本制度适用于全体员工。"]),
                                                    ("第二章 附则", ["依照第一条执行。"])]))
    result = import_file(path)
    articles = result.policy.iter_articles()
    assert [a.id for a in articles] == ["art-1", "art-2", "art-3"]
    assert articles[2].text == "依照[[art-1]]执行。"
    lines = result.report.lines()
    assert any("page header" in line and "考勤管理制度 内部资料" in line for line in lines)
    assert any("page footer" in line for line in lines)


def test_docx_tables_and_bold_titles(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("报销制度", style="Title")
    p = document.add_paragraph()
    p.add_run("第一条 目的").bold = True
    p.add_run(" 为规范报销，制定本制度。")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([["项目", "限额"], ["差旅", "500"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("第二条 本制度自发布之日起施行。")
    buf = io.BytesIO()
    document.save(buf)
    path = tmp_path / "bold.docx"
    path.write_bytes(buf.getvalue())
    result = import_file(path)
    first = result.policy.iter_articles()[0]
    assert (first.title, first.text) == ("目的", "为规范报销，制定本制度。")
    if "attachments" in policygen.Policy.model_fields:
        assert "差旅" in result.yaml_text
    else:
        assert any("差旅\t500" in o.text for o in result.report.omissions)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.txt", b"", "the file is empty"),
    ("blank.md", b"   \n\n", "the file is empty"),
    ("none.txt", "这是一段没有任何结构的文字。\n另一段。\n".encode(), "no recognisable structure"),
    ("corrupt.docx", b"PK\x03\x04not a zip at all", "not a readable .docx"),
    ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
])
def test_bad_input_names_the_file_and_writes_nothing(tmp_path: Path, name: str, content: bytes, message: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("制度\n第一条 内容。\n", encoding="utf-8")
    with pytest.raises(ImportError_, match=message):
        import_file(bad)
    out = tmp_path / "out"
    assert main(["import", str(good), str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: error:" in err and message in err
    assert not out.exists()


def test_cli_writes_yaml_and_report_beside_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "policy.md"
    src.write_text("# 制度\n\n目录\n\n第一章 总则\n\n第一条 内容一。\n\n第 1 页 共 2 页\n\n第二条 内容二。\n", encoding="utf-8")
    assert main(["import", str(src), "-o", str(tmp_path / "out")]) == 0
    yaml_text = (tmp_path / "out" / "policy.yaml").read_text(encoding="utf-8")
    assert yaml_text.startswith("# yaml-language-server: $schema=")
    assert re.search(r"^status: draft +# imported: review the text", yaml_text, re.MULTILINE)
    report = (tmp_path / "out" / "policy.import-report.txt").read_text(encoding="utf-8")
    assert f"{src}:3: left out (table of contents): 目录" in report
    assert f"{src}:9: left out (page furniture): 第 1 页 共 2 页" in report
    assert policygen.load(str(tmp_path / "out" / "policy.yaml")).iter_articles()[1].text == "内容二。"
    assert main(["import", str(src), "-o", str(tmp_path / "out")]) == 2  # exists: needs --force


def test_html_import(tmp_path: Path) -> None:
    policy = _import(tmp_path, "page.html", (
        "<html><head><title>网页</title><style>p{}</style></head><body><nav>首页 | 制度</nav>"
        "<h1>保密制度</h1><p>第一条 <b>【范围】</b>本制度适用于全体员工。</p>"
        "<p>第二条 员工应当：</p><p>（一）保守秘密；</p><p>（二）妥善保管文件。</p><footer>版权所有</footer></body></html>"
    ))
    first, second = policy.iter_articles()
    assert (policy.title, first.title, first.text) == ("保密制度", "范围", "本制度适用于全体员工。")
    assert [i.text for i in second.items] == ["保守秘密；", "妥善保管文件。"]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the statute corpus (../shared/corpus) is not on this machine")
@pytest.mark.parametrize(("name", "articles", "chapters"), [
    ("prc/labor-law-2018.md", 107, 13), ("prc/work-safety-law-2021.md", 119, 7),
    ("prc/electronic-signature-law-2019.md", 36, 5), ("tw/gender-equality-in-employment-act-2023.txt", 50, 7),
])
def test_corpus(name: str, articles: int, chapters: int) -> None:
    result = import_file(CORPUS / name)
    assert len(result.policy.iter_articles()) == articles
    assert len(result.policy.chapters) == chapters


def test_notice_parts_and_points(tmp_path: Path) -> None:
    policy = _import(tmp_path, "notice.txt", (
        "关于客户接待的通知\n\n主送：全体员工\n\n各部门：为提升服务质量，现通知如下。\n\n"
        "一、接待要求\n接待客户应当做到：\n1. 礼貌问候；\n2. 及时登记：\n（1）姓名；\n（2）来访事由。\n"
        "二、投诉处理\n投诉应当当日处理。\n\n客户服务部\n2024年5月6日\n"
    ))
    assert policy.kind == "notice" and policy.recipients == ["全体员工"]
    first, second = policy.chapters
    assert (first.title, first.text) == ("接待要求", "接待客户应当做到：")
    assert [a.text for a in first.articles] == ["礼貌问候；", "及时登记："]
    assert [i.text for i in first.articles[1].items] == ["姓名；", "来访事由。"]
    assert (second.title, second.text) == ("投诉处理", "投诉应当当日处理。")
    assert str(policy.issued) == "2024-05-06"


def test_text_pdf_written_by_policygen_reads_back(tmp_path: Path) -> None:
    source = policygen.load(str(Path(__file__).resolve().parents[2] / "policies" / "crm-regulations.yaml"))
    path = tmp_path / "crm.pdf"
    path.write_bytes(policygen.render(source, "pdf"))
    result = import_file(path)
    got = [(a.title, a.text) for a in result.policy.iter_articles()]
    assert got == [(a.title, a.text) for a in source.iter_articles()]
    assert any("running header" in o.reason for o in result.report.omissions)


def test_pdf_without_text_or_with_a_password_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    blank = PdfWriter()
    blank.add_blank_page(595, 842)
    scanned = tmp_path / "scan.pdf"
    with scanned.open("wb") as handle:
        blank.write(handle)
    with pytest.raises(ImportError_, match="no text layer"):
        import_file(scanned)
    blank.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        blank.write(handle)
    with pytest.raises(ImportError_, match="password-protected"):
        import_file(locked)


INSERTED_TEXT = (
    "示例法\n\n第一編 總則\n\n第 一 章 通則\n\n第 1 條\n為示例，制定本法。\n第 2 條\n（刪除）\n"
    "第 2-1 條\n本條為增訂條文。\n第二条之二 本條亦為增訂條文，依第二條之一辦理。\n"
)


def test_inserted_deleted_and_parts_without_model_support_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "fragment.txt"
    path.write_text(INSERTED_TEXT, encoding="utf-8")
    result = import_file(path)
    articles = result.draft.all_articles()
    assert [(a.number, a.insert, a.deleted) for a in articles] == [(1, 0, False), (2, 0, True), (2, 1, False), (2, 2, False)]
    assert [a.id for a in articles] == ["art-1", "art-2", "art-2-1", "art-2-2"]
    assert "依[[art-2-1]]辦理" in result.yaml_text
    article_fields = policygen.model.Article.model_fields
    if "inserted" not in article_fields:
        assert any("inserted article kept as a regular article" in line for line in result.report.lines())
    if "deleted" not in article_fields:
        assert any("deleted article kept as text" in line for line in result.report.lines())


@pytest.mark.skipif(not {"inserted", "deleted"} <= set(policygen.model.Article.model_fields)
                    or "parts" not in policygen.Policy.model_fields,
                    reason="the policy format has no inserted:/deleted:/parts: yet")
def test_inserted_deleted_and_parts_with_model_support(tmp_path: Path) -> None:
    policy = _import(tmp_path, "fragment.txt", INSERTED_TEXT)
    assert policy.convention == "tw"  # type: ignore[attr-defined]
    part = policy.parts[0]  # type: ignore[attr-defined]
    articles = part.chapters[0].articles
    assert [(a.id, a.inserted, a.deleted) for a in articles] == [  # type: ignore[attr-defined]
        ("art-1", False, False), ("art-2", False, True), ("art-2-1", True, False), ("art-2-2", True, False)]
    doc = policygen.resolve(policy)
    labels = [a.label for c in doc.chapters for a in c.articles]
    assert labels[2:] == ["第二條之一", "第二條之二"]


FRAGMENT_TEXT = "客户管理办法（节选）\n\n第三章 客户信息\n\n第十二条 客户信息应当保密。\n\n第十三条 依照第十二条处理。\n"


def test_a_fragment_that_starts_later_keeps_its_numbers_or_says_so(tmp_path: Path) -> None:
    path = tmp_path / "fragment.txt"
    path.write_text(FRAGMENT_TEXT, encoding="utf-8")
    result = import_file(path)
    assert "依照[[art-12]]处理" in result.yaml_text
    fields = policygen.Policy.model_fields
    if {"first_chapter", "first_article"} <= set(fields):
        assert "first_chapter: 3" in result.yaml_text and "first_article: 12" in result.yaml_text
        doc = policygen.resolve(result.policy)
        assert doc.chapters[0].label == "第三章"
        assert [a.label for a in doc.iter_articles()] == ["第十二条", "第十三条"]
    else:
        notes = [line for line in result.report.lines() if "this policy format numbers from 1" in line]
        assert len(notes) == 2
