"""签收登记表 per department: a PDF (header repeated, pages numbered) and an XLSX with the same rows.

The register page is laid out once per department with empty rows; each page
is a copy of it with the department, the rows (序号, 工号, 姓名, 岗位) and
"第 X 页 共 Y 页" drawn in. 签字 and 日期 stay empty for the employees.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

from ..errors import PolicygenError
from .labels import labels_for
from .receipt import FIELD_SIZE, _stream, font_stacks, safe_name, theme_of
from .released import Subject
from .roster import Employee, Roster
from .sheet import Sheet, SlotStyle, glyph_section

REGISTER_TEMPLATE = "acknowledge_register.html.j2"
ROW_MM = 9.0
HEADERS = ("no", "id", "name", "role", "sign", "date_col")
STYLES = {
    "no": SlotStyle(FIELD_SIZE - 1, align="center"), "id": SlotStyle(FIELD_SIZE - 1), "name": SlotStyle(FIELD_SIZE - 1),
    "role": SlotStyle(FIELD_SIZE - 2), "department": SlotStyle(FIELD_SIZE), "page": SlotStyle(9.0, align="center"),
}


def rows_per_page(theme: object) -> int:
    """Return how many employees one register page holds for the theme's type area."""
    height = getattr(theme, "page_height", 297.0)
    top = getattr(theme, "margin_top", 37.0)
    bottom = max(getattr(theme, "margin_bottom", 35.0) - 10, 15)
    # title, subject line, department line, table header and the page-number line take about 60 mm
    return max(5, int((height - top - bottom - 62) // ROW_MM))


def register_html(subject: Subject, rows: int, text: str, *, templates_dir: str | None = None) -> str:
    """Return the HTML of one empty register page and the characters its fields will hold."""
    from markupsafe import Markup

    from ..renderer.html import render_template

    theme = theme_of(subject)
    context = {"subject": subject, "rows": rows, "labels": labels_for(subject.language), "stacks": font_stacks(theme),
               "sizes": {"field": FIELD_SIZE - 1, "row": ROW_MM}, "glyphs": Markup(glyph_section(text))}
    return render_template(REGISTER_TEMPLATE, context, language=subject.language, theme=theme,
                           templates_dir=templates_dir)


def register_rows(people: list[Employee]) -> list[tuple[str, str, str, str, str, str]]:
    """Return the rows of a department's register: 序号, 工号, 姓名, 岗位 and empty 签字, 日期."""
    return [(str(n), e.id, e.name, e.role_text, "", "") for n, e in enumerate(people, 1)]


def write_registers(subject: Subject, roster: Roster, folder: Path, *, templates_dir: str | None = None) -> list[Path]:
    """Write ``register-<部门>.pdf`` and ``.xlsx`` per department into ``folder``; return the paths."""
    from ..renderer.html import template_source

    theme = theme_of(subject)
    labels = labels_for(subject.language)
    page_label = labels["page"]
    per_page = rows_per_page(theme)
    paths = []
    stems: dict[str, str] = {}
    for department, _ in roster.departments():
        stem = f"register-{safe_name(department)}"
        if stem in stems:
            raise PolicygenError(f"{roster.source}: departments '{stems[stem]}' and '{department}' give the same file "
                                 f"name {stem}.pdf — rename one of them (file names cannot hold / \\ : * ? \" < > |)")
        stems[stem] = department
    source = template_source(REGISTER_TEMPLATE, templates_dir)
    for department, people in roster.departments():
        rows = register_rows(people)
        text = department + "".join(c for row in rows for c in "".join(row[:4])) + "0123456789" + page_label
        while True:  # the theme's fonts or a template override may need fewer rows for one page
            sheet = Sheet(register_html(subject, per_page, text, templates_dir=templates_dir), ["f0"], STYLES, text,
                          source=source)
            if len(sheet.forms["f0"].pages) == 1 or per_page <= 1:
                break
            per_page -= 1
        pages = max(1, -(-len(rows) // per_page))
        stem = f"register-{safe_name(department)}"

        def page_values(number: int, chunk: list[tuple[str, str, str, str, str, str]], department: str = department,
                        pages: int = pages) -> dict[str, str]:
            values = {"department": department, "page": page_label.format(page=number, pages=pages)}
            for k, row in enumerate(chunk):
                values.update({f"r{k}-no": row[0], f"r{k}-id": row[1], f"r{k}-name": row[2], f"r{k}-role": row[3]})
            return values

        chunks = (("f0", page_values(n + 1, rows[n * per_page:(n + 1) * per_page])) for n in range(pages))
        title = f"{labels['register']} {subject.title} {subject.version} {department}"
        _stream(folder / f"{stem}.pdf", title, sheet, chunks, None)
        xlsx = folder / f"{stem}.xlsx"
        _write_atomic(xlsx, register_xlsx(subject, department, rows))
        paths += [folder / f"{stem}.pdf", xlsx]
    return paths


def register_xlsx(subject: Subject, department: str, rows: list[tuple[str, str, str, str, str, str]]) -> bytes:
    """Return the XLSX register of one department: a heading, the column headers, the rows."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Border, Font, Side  # type: ignore[import-untyped]
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

    from ..renderer.docx._package import (
        deterministic_zip,  # private: the DOCX writer's fixed zip dates
    )

    labels = labels_for(subject.language)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = labels["register"]
    label = f"{labels['version']} " if subject.kind == "policy" else ""
    version = f" {label}{subject.version}" if subject.version else ""
    sheet.append([f"{labels['register']}　《{subject.title}》{version}　{labels['hash']} {subject.hash_prefix}"])
    sheet.append([f"{labels['dept_line']}{department}", "", "", "", subject.organisation])
    sheet.append([labels[h] for h in HEADERS])
    thin = Side(style="thin")
    for row in rows:
        sheet.append([int(row[0]), *row[1:]])
    sheet["A1"].font = Font(bold=True, size=14)
    for cells in sheet.iter_rows(min_row=3, max_row=3 + len(rows)):
        for c in cells:
            c.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            c.alignment = Alignment(vertical="center", horizontal="center" if c.column in (1, 6) else "left")
    for c in sheet[3]:
        c.font = Font(bold=True)
        c.alignment = Alignment(horizontal="center", vertical="center")
    for letter, width in zip("ABCDEF", (7, 14, 14, 18, 20, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    for n in range(4, 4 + len(rows)):
        sheet.row_dimensions[n].height = 26
    sheet.print_title_rows = "3:3"  # the header row repeats on every printed page
    sheet.freeze_panes = "A4"
    stamp = dt.datetime(2000, 1, 1)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "policygen"
    book.properties.title = f"{labels['register']} {subject.title} {department}"
    out = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps the current time as "modified"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return deterministic_zip(out.getvalue())


def _write_atomic(path: Path, data: bytes) -> None:
    from ..renderer.output import write_atomic

    write_atomic(path, data)
    os.chmod(path, 0o644)
