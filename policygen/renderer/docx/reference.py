"""The reference document: the writer's own output with one sample paragraph per style.

``templates/reference.docx`` is this document for the GB/T 9704 theme; ``policygen
reference-doc`` writes it for any theme, for a user to restyle in Word and pass
back with ``--reference-doc``.
"""

from __future__ import annotations

from ..theme import Theme
from .writer import DocxWriter

DATE = "2024-01-01"
SAMPLES = (
    ("Organisation", "发文机关（Organisation）"),
    ("Title", "标题（Title）"),
    ("Meta", "版本号：1.0　　发布日期：2024年1月1日　　生效日期：2024年1月1日（Meta）"),
    ("Recipients", "主送机关（Recipients）："),
    ("Heading 1", "第一章 总则（Heading 1）"),
    ("Heading 2", "第一节 一般规定（Heading 2）"),
    ("Heading 3", "小标题（Heading 3）"),
    ("Article", "第一条　条文（Article）：为规范公司客户关系管理，提高客户满意度，特制定本制度。"),
    ("Body Text", "正文（Body Text）：本制度适用于公司全体员工。"),
    ("Item 1", "（一）项（Item 1）"),
    ("Item 2", "1.目（Item 2）"),
    ("Item 3", "（1）第三级（Item 3）"),
    ("Signature", "落款（Signature）"),
    ("Imprint", "抄送：版记（Imprint）。"),
    ("TOC Heading", "目录（TOC Heading）"),
    ("toc 1", "目录一级（toc 1）\t1"),
    ("toc 2", "目录二级（toc 2）\t1"),
)


def reference_docx(theme: Theme, language: str = "zh-Hans") -> bytes:
    """Return a reference .docx carrying every policygen style defined for ``theme``.

    The body shows one sample paragraph per style and a table, so that each
    style can be restyled in Word; the output is the same bytes every time.
    """
    writer = DocxWriter(theme, language=language, restyle=True)
    writer.start_section("")
    for style, text in SAMPLES:
        writer.add_paragraph(text, style)
    writer.add_table(["表头（Table Heading）", "表头"], [["表格文字（Table Text）", "表格（Table Grid）"]], widths=[1, 1])
    writer.set_properties(
        title="policygen reference document",
        author="policygen",
        keywords="policygen",
        comments=f"Styles for policygen DOCX output ({theme.name}).",
        date=DATE,
    )
    return writer.to_bytes()
