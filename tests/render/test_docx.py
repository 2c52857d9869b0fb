"""DOCX writer: reopen the bytes with python-docx, LibreOffice and pandoc and check what they see."""

from __future__ import annotations

import copy
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

import policygen
from policygen.renderer.docx import (
    DocxWriter,
    bookmark_name,
    default_reference,
    header_text,
    render_docx,
)
from policygen.renderer.docx.reference import reference_docx
from policygen.renderer.docx.writer import REFERENCE_LANGUAGE, REFERENCE_THEME
from policygen.renderer.theme import theme_for

ROOT = Path(__file__).resolve().parents[2]
POLICIES = sorted((ROOT / "policies").glob("*.yaml"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

BASE = {
    "format": 1,
    "version": "1.1",
    "status": "published",
    "issued": "2024-10-01",
    "effective": "2024-10-15",
    "owner": "客户服务部",
}
REGULATION = {
    **BASE,
    "id": "fixture-regulation",
    "kind": "regulation",
    "title": "客户关系管理规章制度",
    "language": "zh-Hans",
    "doc_number": "客服〔2024〕3号",
    "approved_by": "总经理办公会",
    "status": "draft",
    "preamble": ["为加强管理，制定本制度。"],
    "closing": ["本制度自发布之日起施行。"],
    "changelog": [
        {"version": "1.0", "date": "2024-01-01", "summary": "首次发布"},
        {"version": "1.1", "date": "2024-10-01", "summary": "新增客户信息保密要求"},
    ],
    "roles": [
        {
            "id": "front-desk",
            "name": "前台接待人员",
            "duties": ["负责接待来访客户。", "引导客户办理手续。"],
        }
    ],
    "chapters": [
        {
            "id": "general",
            "title": "总则",
            "show": "roles",
            "text": "本章规定基本原则。",
            "articles": [
                {
                    "id": "purpose",
                    "title": "目的",
                    "text": "为规范公司客户关系管理，特制定本制度。",
                },
                {
                    "id": "complaints",
                    "text": "公司应建立客户投诉处理机制，具体流程如下：",
                    "items": [
                        "接收并记录投诉；",
                        {
                            "text": "分配给相关责任人：",
                            "items": [
                                {"text": "一般投诉由客服代表处理；", "items": ["当日回复；"]},
                                "重大投诉由部门负责人处理。",
                            ],
                        },
                    ],
                    "paragraphs": [
                        "投诉处理结果应存档。",
                        {"text": "存档要求：", "items": ["纸质存档；"]},
                    ],
                },
            ],
        },
        {
            "id": "info",
            "title": "客户信息",
            "sections": [
                {
                    "id": "collect",
                    "title": "信息收集",
                    "articles": [{"text": "依照[[purpose]]收集客户信息。"}],
                },
            ],
            "articles": [{"text": "本章未尽事宜另行规定。"}],
        },
    ],
}
NOTICE = {
    **BASE,
    "id": "fixture-notice",
    "kind": "notice",
    "title": "客户管理制度通知",
    "language": "zh-Hans",
    "version": "1.0",
    "organisation": "某某有限公司",
    "doc_number": "客服〔2023〕1号",
    "recipients": ["全体员工", "各部门"],
    "cc": ["总经理办公室", "人力资源部"],
    "preamble": ["本通知旨在统一客户管理要求。"],
    "roles": [
        {"id": "front-desk", "name": "前台接待人员", "duties": ["负责接待来访客户。"]},
        {"id": "rep", "name": "客服代表", "duties": ["接听客户来电。", "跟进客户需求。"]},
    ],
    "channels": [
        {
            "id": "hotline",
            "type": "phone",
            "name": "电话热线",
            "value": "12345678",
            "hours": "工作日 9:00-18:00",
        },
        {"id": "mail", "type": "email", "name": "电子邮件", "value": "service@company.com"},
    ],
    "chapters": [
        {
            "id": "goals",
            "title": "目标",
            "articles": [{"text": "提升客户满意度。"}, {"text": "提高客户保留率。"}],
        },
        {"id": "duties", "title": "员工职责", "text": "每个员工的角色与责任：", "show": "roles"},
        {
            "id": "feedback",
            "title": "客户反馈机制",
            "text": "反馈渠道：",
            "show": "channels",
            "articles": [
                {
                    "text": "处理流程：",
                    "items": ["记录客户反馈内容。", "分配给相关部门跟进。"],
                    "roles": ["rep"],
                },
            ],
        },
    ],
}
ENGLISH = {
    **BASE,
    "id": "fixture-en",
    "kind": "regulation",
    "title": "Customer Care Policy",
    "language": "en",
    "owner": "Customer Service",
    "version": "2.0",
    "articles": [
        {"id": "scope", "title": "Scope", "text": "This policy applies to all staff."},
        {
            "text": "Complaints are handled as follows:",
            "items": ["record the complaint;", "reply within a day."],
        },
    ],
}


def blocks(data: bytes) -> list[tuple[str, object]]:
    """Return the body as (style name, text) per paragraph and ("table", rows) per table."""
    document = docx.Document(io.BytesIO(data))
    out: list[tuple[str, object]] = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            out.append(("table", [[cell.text for cell in row.cells] for row in block.rows]))
        else:
            out.append((block.style.name, block.text))
    return out


def render(
    source: dict | Path, reference: Path | None = None
) -> tuple[policygen.ResolvedDocument, bytes]:
    doc = policygen.resolve(
        policygen.load_data(copy.deepcopy(source)) if isinstance(source, dict) else policygen.load(source)
    )
    return doc, render_docx(doc, theme_for(doc.theme, doc.language), reference=reference)


def part_xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode("utf-8")


def test_regulation_layout_in_word_styles() -> None:
    _, data = render(REGULATION)
    assert [b for b in blocks(data) if b != ("Normal", "")] == [
        ("Title", "客户关系管理规章制度"),
        ("Meta", "客服〔2024〕3号"),
        ("Meta", "版本号：1.1　　制定部门：客户服务部"),
        ("Meta", "发布日期：2024年10月1日　　生效日期：2024年10月15日"),
        ("Meta", "批准：总经理办公会　　状态：草案"),
        ("Body Text", "为加强管理，制定本制度。"),
        ("Heading 1", "第一章 总则"),
        ("Body Text", "本章规定基本原则。"),
        ("table", [["岗位", "职责"], ["前台接待人员", "负责接待来访客户。\n引导客户办理手续。"]]),
        ("Article", "第一条　目的　为规范公司客户关系管理，特制定本制度。"),
        ("Article", "第二条　公司应建立客户投诉处理机制，具体流程如下："),
        ("Item 1", "（一）接收并记录投诉；"),
        ("Item 1", "（二）分配给相关责任人："),
        ("Item 2", "1.一般投诉由客服代表处理；"),
        ("Item 3", "（1）当日回复；"),
        ("Item 2", "2.重大投诉由部门负责人处理。"),
        ("Body Text", "投诉处理结果应存档。"),
        ("Body Text", "存档要求："),
        ("Item 1", "（一）纸质存档；"),
        ("Heading 1", "第二章 客户信息"),
        ("Heading 2", "第一节 信息收集"),
        ("Article", "第三条　依照第一条收集客户信息。"),
        ("Article", "第四条　本章未尽事宜另行规定。"),
        ("Body Text", "本制度自发布之日起施行。"),
        ("Heading 1", "修订记录"),
        (
            "table",
            [
                ["版本", "日期", "修订内容"],
                ["1.0", "2024年1月1日", "首次发布"],
                ["1.1", "2024年10月1日", "新增客户信息保密要求"],
            ],
        ),
    ]


def test_notice_layout_follows_gbt9704() -> None:
    _, data = render(NOTICE)
    seq = [b for b in blocks(data) if b != ("Normal", "")]
    assert seq == [
        ("Organisation", "某某有限公司"),
        ("Meta", "客服〔2023〕1号"),
        ("Title", "客户管理制度通知"),
        ("Recipients", "全体员工、各部门："),
        ("Body Text", "本通知旨在统一客户管理要求。"),
        ("Heading 1", "一、目标"),
        ("Article", "（一）提升客户满意度。"),
        ("Article", "（二）提高客户保留率。"),
        ("Heading 1", "二、员工职责"),
        ("Body Text", "每个员工的角色与责任："),
        (
            "table",
            [
                ["岗位", "职责"],
                ["前台接待人员", "负责接待来访客户。"],
                ["客服代表", "接听客户来电。\n跟进客户需求。"],
            ],
        ),
        ("Heading 1", "三、客户反馈机制"),
        ("Body Text", "反馈渠道："),
        (
            "table",
            [
                ["类型", "名称", "联系方式", "服务时间"],
                ["电话", "电话热线", "12345678", "工作日 9:00-18:00"],
                ["电子邮件", "电子邮件", "service@company.com", ""],
            ],
        ),
        ("Article", "处理流程："),
        ("Item 1", "1.记录客户反馈内容。"),
        ("Item 1", "2.分配给相关部门跟进。"),
        ("Signature", "某某有限公司客户服务部"),
        ("Signature", "2024年10月1日"),
    ]
    document = docx.Document(io.BytesIO(data))
    signature = next(p for p in document.paragraphs if p.style.name == "Signature")
    assert signature.style.paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    # the 版记 is a text box at the bottom of the last page: a table ruled above, between and below
    box = document.element.body.findall(f".//{W}txbxContent")
    assert len(box) == 1
    imprint = [p for p in box[0].iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None]
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in imprint]
    assert texts[1:] == ["抄送：总经理办公室，人力资源部。", "某某有限公司客户服务部2024年10月1日印发"]
    borders = box[0].find(f".//{W}tblBorders")
    assert [c.tag.removeprefix(W) for c in borders if c.get(f"{W}val") == "single"] == ["top", "bottom", "insideH"]


def test_english_regulation_without_chapters() -> None:
    _, data = render(ENGLISH)
    assert [b for b in blocks(data) if b != ("Normal", "")] == [
        ("Title", "Customer Care Policy"),
        ("Meta", "Version: 2.0   ·   Owner: Customer Service"),
        ("Meta", "Issued: 1 October 2024   ·   Effective: 15 October 2024"),
        ("Article", "Article 1 Scope This policy applies to all staff."),
        ("Article", "Article 2 Complaints are handled as follows:"),
        ("Item 1", "(a) record the complaint;"),
        ("Item 1", "(b) reply within a day."),
    ]
    document = docx.Document(io.BytesIO(data))
    assert "Version 2.0" in document.sections[0].header.paragraphs[0].text
    assert "Page 1 of 1" == document.sections[0].footer.paragraphs[0].text


def test_header_has_number_title_version_and_footer_page_fields() -> None:
    _, data = render(REGULATION)
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert section.header.paragraphs[0].text == "客服〔2024〕3号 客户关系管理规章制度 版本号 1.1"
    footer = section.footer._element
    codes = [t.text.strip() for t in footer.iter(f"{W}instrText")]
    assert codes == ["PAGE", "NUMPAGES"]
    assert (
        section.footer.paragraphs[0].text == "第 1 页 共 1 页"
    )  # field placeholders between the words


def test_page_is_a4_with_gbt9704_margins() -> None:
    _, data = render(NOTICE)
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]


def test_core_properties_carry_title_version_and_issue_date() -> None:
    doc, data = render(REGULATION)
    props = docx.Document(io.BytesIO(data)).core_properties
    assert (props.title, props.author, props.version, props.revision) == (
        doc.title,
        "客户服务部",
        "1.1",
        2,
    )
    assert "版本号 1.1" in props.keywords
    assert props.subject == "客服〔2024〕3号"
    assert props.created.isoformat()[:10] == props.modified.isoformat()[:10] == "2024-10-01"
    assert props.identifier == "fixture-regulation" and props.content_status == "草案"


def test_east_asian_fonts_on_styles_and_runs() -> None:
    _, data = render(REGULATION)
    document = docx.Document(io.BytesIO(data))

    def east_asia(style_name: str) -> str | None:
        rfonts = document.styles[style_name].element.find(f"{W}rPr/{W}rFonts")
        return rfonts.get(qn("w:eastAsia")) if rfonts is not None else None

    assert east_asia("Normal") == east_asia("Body Text") == east_asia("Article") == "仿宋"
    assert east_asia("Title") == "方正小标宋简体"
    assert east_asia("Heading 1") == "黑体"
    assert east_asia("Heading 2") == "楷体"
    assert document.styles["Normal"].font.size.pt == 16
    styles_xml = part_xml(data, "word/styles.xml")
    assert "Theme=" not in styles_xml  # asciiTheme & co. would override the names
    assert 'w:eastAsia="zh-CN"' in styles_xml
    label = next(p for p in document.paragraphs if p.style.name == "Article").runs[0]
    assert label.text == "第一条　目的" and label.bold
    rfonts = label._r.find(f"{W}rPr/{W}rFonts")
    assert rfonts.get(qn("w:eastAsia")) == "黑体" and rfonts.get(qn("w:hint")) == "eastAsia"
    body_first_indent = document.styles["Body Text"].element.find(f"{W}pPr/{W}ind")
    assert body_first_indent.get(qn("w:firstLineChars")) == "200"


def test_traditional_chinese_uses_its_theme_fonts_and_language() -> None:
    _, data = render(ROOT / "policies" / "epidemic-customer-management.yaml")
    styles_xml = part_xml(data, "word/styles.xml")
    assert 'w:eastAsia="zh-TW"' in styles_xml and 'w:eastAsia="標楷體"' in styles_xml
    first_article = next(str(text) for style, text in blocks(data) if style == "Article")
    assert first_article.startswith("第一條　目的　")


def test_references_link_to_bookmarked_articles() -> None:
    doc, data = render(REGULATION)
    xml = part_xml(data, "word/document.xml")
    target = bookmark_name(next(a for a in doc.iter_articles() if a.id == "purpose").anchor)
    assert f'w:anchor="{target}"' in xml and f'w:name="{target}"' in xml


def test_watermark_of_a_draft_is_on_every_page() -> None:
    _, data = render(REGULATION)
    header = part_xml(data, "word/header1.xml")
    assert 'string="草案"' in header
    _, published = render(NOTICE)
    assert "textpath" not in part_xml(published, "word/header1.xml")


def test_same_input_gives_same_bytes() -> None:
    _, first = render(REGULATION)
    _, second = render(REGULATION)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {info.date_time for info in z.infolist()} == {(2024, 10, 1, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"


def test_same_bytes_in_another_process() -> None:
    script = (
        "import sys, policygen\n"
        "from policygen.renderer.docx import render_docx\n"
        "from policygen.renderer.theme import theme_for\n"
        "d = policygen.resolve(policygen.load(sys.argv[1]))\n"
        "sys.stdout.buffer.write(render_docx(d, theme_for(d.theme, d.language)))\n"
    )
    path = ROOT / "policies" / "customer-management-notice.yaml"
    env = dict(os.environ, PYTHONHASHSEED="123")
    other = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, env=env, check=True
    ).stdout
    assert other == render(path)[1]


def test_shipped_reference_is_current_and_deterministic() -> None:
    built = reference_docx(REFERENCE_THEME, REFERENCE_LANGUAGE)
    assert built == reference_docx(REFERENCE_THEME, REFERENCE_LANGUAGE)
    assert default_reference().read_bytes() == built, (
        "run: python -m tools.make_reference templates/reference.docx"
    )
    names = {s.name for s in docx.Document(io.BytesIO(built)).styles}
    assert {
        "Title",
        "Heading 1",
        "Heading 2",
        "Article",
        "Item 1",
        "Item 2",
        "Item 3",
        "Meta",
        "Table Grid",
    } <= names


def test_reference_doc_command_writes_the_reference_of_a_theme(tmp_path: Path) -> None:
    from policygen.cli import main

    out = tmp_path / "ref.docx"
    assert main(["reference-doc", str(out)]) == 0
    assert out.read_bytes() == default_reference().read_bytes()
    assert main(["reference-doc", str(tmp_path / "modern.docx"), "--theme", "modern"]) == 0
    modern = docx.Document(str(tmp_path / "modern.docx"))
    shipped = docx.Document(str(out))
    assert modern.styles["Title"].font.size != shipped.styles["Title"].font.size
    assert main(["reference-doc", str(tmp_path / "x.docx"), "--theme", "nope"]) == 2


def test_user_reference_styles_are_kept_and_missing_ones_created(tmp_path: Path) -> None:
    # A reference from a Chinese Word: heading ids are "1"/"2", no Article style, custom margins.
    reference = docx.Document()
    styles_root = reference.styles.element
    for style in styles_root.iterchildren(qn("w:style")):
        if style.get(qn("w:styleId")) in ("Heading1", "Heading2"):
            style.set(qn("w:styleId"), style.get(qn("w:styleId"))[-1])
    reference.styles["Heading 1"].font.color.rgb = docx.shared.RGBColor(0x12, 0x34, 0x56)
    reference.sections[0].left_margin = Mm(40)
    reference.add_paragraph("sample content that must not survive")
    path = tmp_path / "mine.docx"
    reference.save(str(path))

    _, data = render(REGULATION, reference=path)
    document = docx.Document(io.BytesIO(data))
    heading = next(p for p in document.paragraphs if p.style.name == "Heading 1")
    assert heading._p.pPr.pStyle.val == "1"
    assert str(document.styles["Heading 1"].font.color.rgb) == "123456"
    assert (
        document.styles["Article"].element.find(f"{W}rPr/{W}rFonts").get(qn("w:eastAsia")) == "仿宋"
    )
    assert round(document.sections[0].left_margin.mm) == 40
    assert "sample content" not in "".join(p.text for p in document.paragraphs)


def test_unusable_reference_is_a_render_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip")
    with pytest.raises(policygen.RenderError, match=r"bad\.docx"):
        render(ENGLISH, reference=bad)


def test_writer_puts_each_policy_in_its_own_section() -> None:
    first = policygen.resolve(policygen.load_data(copy.deepcopy(REGULATION)))
    second = policygen.resolve(policygen.load_data(copy.deepcopy(NOTICE)))
    writer = DocxWriter(theme_for("gbt9704", "zh-Hans"))
    writer.start_section()
    writer.add_heading("规章制度汇编", level=0)
    writer.add_toc("目录")
    writer.add_document(first)
    writer.start_section(
        header_text(second), page_label=second.labels["page"], restart_numbering=True
    )
    writer.add_document(second, new_section=False)
    writer.add_heading("附录", level=1)
    writer.add_table(["制度", "版本"], [["客户关系管理规章制度", "1.1"]])
    writer.set_properties(title="汇编", author="办公室", date="2024-12-01")
    data = writer.to_bytes()
    document = docx.Document(io.BytesIO(data))
    headers = [s.header.paragraphs[0].text for s in document.sections]
    assert headers == [
        "",
        "客服〔2024〕3号 客户关系管理规章制度 版本号 1.1",
        "客服〔2023〕1号 客户管理制度通知 版本号 1.0",
    ]
    assert document.paragraphs[0].style.name == "Title"
    assert "updateFields" in part_xml(data, "word/settings.xml")
    assert 'TOC \\o "1-2"' in part_xml(data, "word/document.xml")
    assert writer.to_bytes() == data
    sect_prs = document.element.body.findall(f".//{W}sectPr")
    assert [s.find(f"{W}pgNumType") is not None for s in sect_prs] == [False, False, True]
    codes = [t.text.strip() for t in document.sections[2].footer._element.iter(f"{W}instrText")]
    assert codes == ["PAGE", "SECTIONPAGES"]


# ---------------------------------------------------------------- LibreOffice and pandoc read the files


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.fail(
            f"{name} is not installed — the DOCX tests need it (apt-get install libreoffice pandoc)"
        )
    return path


@pytest.fixture(scope="module")
def converted(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[policygen.ResolvedDocument, str]]:
    """Render every shipped policy and the fixtures, convert all with one LibreOffice run; return texts."""
    soffice = _tool("soffice")
    _tool("pdftotext")
    work = tmp_path_factory.mktemp("lo")
    sources: dict[str, dict | Path] = {p.stem: p for p in POLICIES}
    sources.update(
        {"fixture-regulation": REGULATION, "fixture-notice": NOTICE, "fixture-en": ENGLISH}
    )
    docs = {}
    for name, source in sources.items():
        doc, data = render(source)
        (work / f"{name}.docx").write_bytes(data)
        docs[name] = doc
    env = dict(os.environ)
    try:
        from policygen.renderer.fonts import fonts_conf_text

        (work / "fonts.conf").write_text(fonts_conf_text(), encoding="utf-8")
        env["FONTCONFIG_FILE"] = str(work / "fonts.conf")
    except ImportError:  # pragma: no cover - the fonts module is optional for this check
        pass
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            *sorted(str(p) for p in work.glob("*.docx")),
        ],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    texts = {}
    for name, doc in docs.items():
        pdf = work / f"{name}.pdf"
        assert pdf.is_file(), (
            f"LibreOffice did not convert {name}.docx: {result.stdout}{result.stderr}"
        )
        text = subprocess.run(
            ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        flat = re.sub(r"\s+", "", text)
        # drop the running header and footer, which pdftotext puts between a page's last and next line
        flat = flat.replace(re.sub(r"\s+", "", header_text(doc)), "")
        page = (
            re.escape(re.sub(r"\s+", "", doc.labels["page"]))
            .replace(r"\{page\}", r"\d+")
            .replace(r"\{pages\}", r"\d+")
        )
        texts[name] = (doc, re.sub(page, "", flat))
    return texts


@pytest.mark.parametrize(
    "name", [p.stem for p in POLICIES] + ["fixture-regulation", "fixture-notice", "fixture-en"]
)
def test_libreoffice_converts_and_keeps_every_label(converted: dict, name: str) -> None:
    doc, text = converted[name]
    position = 0
    expected = [c.heading for c in doc.chapters] if doc.chapters else []
    expected += [a.label for a in doc.iter_articles() if a.label and doc.kind == "regulation"]
    for label in expected:
        assert re.sub(r"\s+", "", label) in text, (
            f"{name}: {label!r} missing from LibreOffice's PDF"
        )
    needles = [t.plain for t in doc.preamble]
    for article in doc.iter_articles():  # each label, then its whole text (no glyph lost), in order
        needles.append(article.label)
        for paragraph in article.paragraphs:
            needles.append(paragraph.text.plain)
            needles.extend(_item_texts(paragraph.items))
    for needle in needles:
        needle = re.sub(r"\s+", "", needle)
        found = text.find(needle, position)
        assert found >= 0, f"{name}: {needle!r} not found after position {position}"
        position = found + len(needle)


def _item_texts(items: list) -> list[str]:
    out = []
    for item in items:
        out += [item.label + item.text.plain, *_item_texts(item.items)]
    return out


@pytest.mark.parametrize(
    "name", ["crm-regulations", "new-customer-rules", "customer-management-notice"]
)
def test_pandoc_sees_chapters_as_headings(tmp_path: Path, name: str) -> None:
    pandoc = _tool("pandoc")
    doc, data = render(ROOT / "policies" / f"{name}.yaml")
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    markdown = subprocess.run(
        [pandoc, "-f", "docx", "-t", "markdown", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    for chapter in doc.chapters:
        assert any(line.startswith("# ") and chapter.heading in line for line in headings), (
            chapter.heading
        )
        for section in chapter.sections:
            assert any(line.startswith("## ") and section.title in line for line in headings), (
                section.title
            )
