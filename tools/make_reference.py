"""Build the shipped reference document: ``python -m tools.make_reference OUT.docx``.

Starts from python-docx's default template and defines every style policygen
writes with (see ``styles.py``) for the GB/T 9704 theme: 仿宋 3号 body, 方正小标宋简体
2号 title, 黑体 chapters, 楷体 sections, A4 with 37/35/28/26 mm margins. The body
holds one sample paragraph per style so that a user can restyle them in Word and
pass the file back as their own reference. The output is byte-identical run to run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from policygen.renderer.theme import GBT9704, Theme
from policygen.renderer.docx import _oxml, _package, styles
from policygen.renderer.docx.writer import REFERENCE_LANGUAGE, REFERENCE_THEME, apply_geometry

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


def build_reference(theme: Theme = GBT9704, language: str = "zh-Hans") -> bytes:
    """Return the bytes of a reference .docx carrying policygen's styles for ``theme``."""
    document = docx.Document()
    ids = styles.apply_styles(document.styles.element, theme, language, overwrite=True)
    _oxml.set_theme_font_lang(document.settings.element, *styles.LANGS[language])
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # a picture of python-docx's blank page
            del package.rels[rid]
    apply_geometry(document.sections[0], theme)
    body = document.element.body
    _oxml.clear_content(body)
    sentinel = body.get_or_add_sectPr()
    hint = _oxml.run_properties(_oxml.RunFormat(hint_east_asia=True))
    for style, text in SAMPLES:
        p = _oxml.new_paragraph(ids[style])
        _oxml.add_run(p, text, hint)
        sentinel.addprevious(p)
    header = [("Table Heading", "表头（Table Heading）"), ("Table Heading", "表头")]
    cells = [("Table Text", "表格文字（Table Text）"), ("Table Text", "表格（Table Grid）")]
    width = styles.text_width(theme) // 2
    sentinel.addprevious(
        _oxml.new_table(
            ids["Table Grid"],
            (width, width),
            [[_oxml.Cell(((ids[s], t),)) for s, t in row] for row in (header, cells)],
            rpr=hint,
        )
    )
    sentinel.addprevious(_oxml.new_paragraph(ids["Normal"]))
    cp = document.core_properties
    cp.title, cp.author, cp.last_modified_by = (
        "policygen reference document",
        "policygen",
        "policygen",
    )
    cp.comments, cp.keywords, cp.revision = (
        "Styles for policygen DOCX output (GB/T 9704-2012).",
        "policygen",
        1,
    )
    cp.created = cp.modified = dt.datetime.fromisoformat(DATE)
    buffer = io.BytesIO()
    document.save(buffer)
    return _package.deterministic_zip(buffer.getvalue(), _package.zip_date(DATE))


def main(argv: list[str] | None = None) -> int:
    """Write the reference document to the path given on the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.make_reference", description=__doc__
    )
    parser.add_argument(
        "out", type=Path, help="where to write the .docx (templates/reference.docx)"
    )
    args = parser.parse_args(argv)
    args.out.write_bytes(build_reference(REFERENCE_THEME, REFERENCE_LANGUAGE))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
