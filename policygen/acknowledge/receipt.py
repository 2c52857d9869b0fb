"""签收回执: one page per employee, laid out once and filled in per employee.

The receipt of a subject (a released policy, or the booklet) is laid out by
WeasyPrint once per distinct list of policies (one list for a policy; one per
role view for the booklet) with the employee's fields left empty. Each
employee's 工号, 姓名, 部门 and 岗位 are then drawn onto copies of that page and
streamed to the PDF (:mod:`.pagestream`), so 100,000 receipts take the memory
of one. :func:`layout_receipt` lays out a single employee's receipt in full:
the reference the stamped pages must match, and the baseline of the benchmark.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PolicygenError, Problem, ValidationError
from .glyphs import Coverage, char_name
from .labels import labels_for
from .pagestream import PageStream
from .released import ReleasedPolicy, Subject
from .roster import Employee, Roster
from .sheet import Sheet, SlotStyle, glyph_section

RECEIPT_TEMPLATE = "acknowledge_receipt.html.j2"
FIELD_SIZE = 13.0
FIELDS = ("id", "name", "department", "role")
LABELS_HANS = labels_for("zh-Hans")  # column names in messages about the roster
STYLES = {name: SlotStyle(FIELD_SIZE) for name in FIELDS}


@dataclass(frozen=True)
class ReceiptForm:
    """One layout of the receipt: its id, the policies it lists and its statement."""

    id: str
    policies: tuple[ReleasedPolicy, ...]
    statement: str


def statement(subject: Subject, policies: tuple[ReleasedPolicy, ...]) -> str:
    """Return the sentence the employee signs under."""
    labels = labels_for(subject.language)
    if subject.kind == "policy":
        return labels["statement"].format(title=policies[0].title, version=policies[0].version)
    return labels["statement_booklet"].format(title=subject.title, n=len(policies))


def plan_forms(subject: Subject, employees: list[Employee]) -> tuple[list[ReceiptForm], dict[str, str]]:
    """Return the layouts needed and the layout id of each employee (by 工号)."""
    forms: dict[tuple[str, ...], ReceiptForm] = {}
    of: dict[str, str] = {}
    for employee in employees:
        policies = subject.policies_for(employee.role_keys)
        key = tuple(p.id for p in policies)
        if key not in forms:
            forms[key] = ReceiptForm(f"f{len(forms)}", policies, statement(subject, policies))
        of[employee.id] = forms[key].id
    return list(forms.values()), of


def fields(employee: Employee) -> dict[str, str]:
    """Return the values drawn into an employee's receipt."""
    return {"id": employee.id, "name": employee.name, "department": employee.department, "role": employee.role_text}


def font_stacks(theme: Any) -> dict[str, str]:
    """Return the CSS font-family list of each theme role (installed fonts only), marked safe for the HTML templates."""
    from markupsafe import Markup

    from ..renderer.html import _font_stacks  # private: the stacks every policygen document uses

    # the quotes around family names must reach the <style> block as they are, not as &#34;
    return {role: Markup(stack) for role, stack in _font_stacks(theme).items()}


def value_families(theme: Any) -> list[str]:
    """Return the font families the filled-in fields are set in, most preferred first."""
    return re.findall(r'"([^"]+)"', font_stacks(theme)["song"])


def theme_of(subject: Subject) -> Any:
    from ..renderer.theme import theme_for

    return theme_for(subject.theme, subject.language)


def check_glyphs(roster: Roster, theme: Any, values: Callable[[Employee], dict[str, str]] = fields) -> None:
    """Raise ValidationError naming each employee whose fields hold a character no installed font has."""
    coverage = Coverage(value_families(theme))
    problems = []
    seen: dict[str, bool] = {}
    for employee in roster.employees:
        for key, value in values(employee).items():
            for char in value:
                if char not in seen:
                    seen[char] = coverage.covers(char)
                if not seen[char]:
                    who = f"{employee.name}（工号 {employee.id}）"
                    if char.isprintable():
                        what = (f"which no installed font can draw — install a font that has it "
                                f"(`fc-list ':charset={ord(char):x}'` lists none), or write the name as on the "
                                "employee's ID card")
                    else:
                        what = "an invisible control or formatting character — delete it from the cell"
                    problems.append(Problem(roster.source, employee.row, roster.columns.get(key, 1),
                                            f"{LABELS_HANS[key]} '{value}' of {who} has {char_name(char)}, {what}"))
                    break
    if problems:
        raise ValidationError(problems)


def receipt_html(subject: Subject, forms: list[ReceiptForm], *, text: str = "", fill: dict[str, str] | None = None,
                 templates_dir: str | None = None) -> str:
    """Return the HTML of the receipt forms (fields empty unless ``fill`` is given)."""
    import segno
    from markupsafe import Markup

    from ..renderer.html import render_template

    theme = theme_of(subject)
    payload = f"{subject.path}/manifest.json\nsha256:{subject.sha256}" if subject.kind == "policy" else \
        f"{subject.path} booklet\nsha256:{subject.sha256}"
    qr = segno.make(payload, error="m", micro=False).svg_data_uri(scale=4, border=4, light="white")  # opaque: no table border runs through it
    context = {
        "subject": subject, "forms": forms, "labels": labels_for(subject.language), "qr": qr, "stacks": font_stacks(theme),
        "sizes": {"field": FIELD_SIZE}, "fill": fill or dict.fromkeys(FIELDS, ""),
        "glyphs": Markup(glyph_section(text)) if fill is None else Markup(""),
    }
    return render_template(RECEIPT_TEMPLATE, context, language=subject.language, theme=theme,
                           templates_dir=templates_dir)


def _all_text(employees: list[Employee]) -> str:
    return "".join(sorted({c for e in employees for v in fields(e).values() for c in v}))


def _sheet(subject: Subject, employees: list[Employee], templates_dir: str | None) -> tuple[Sheet, dict[str, str]]:
    forms, of = plan_forms(subject, employees)
    text = _all_text(employees)
    from ..renderer.html import template_source

    html = receipt_html(subject, forms, text=text, templates_dir=templates_dir)
    return Sheet(html, [f.id for f in forms], STYLES, text, source=template_source(RECEIPT_TEMPLATE, templates_dir)), of


def write_receipts(subject: Subject, roster: Roster, path: Path, *, templates_dir: str | None = None,
                   progress: Callable[[int], None] | None = None) -> int:
    """Write every employee's receipt into one PDF at ``path``; return the page count."""
    sheet, of = _sheet(subject, roster.employees, templates_dir)
    return _stream(path, f"{labels_for(subject.language)['receipt']} {subject.title} {subject.version}", sheet,
                   ((of[e.id], fields(e)) for e in roster.employees), progress)


def write_split(subject: Subject, roster: Roster, folder: Path, *, templates_dir: str | None = None,
                progress: Callable[[int], None] | None = None) -> list[Path]:
    """Write one receipt PDF per employee, named by 工号, into ``folder``; return the paths.

    Each department is laid out once, with only its employees' characters in the fonts.
    """
    names: dict[str, str] = {}
    for employee in roster.employees:
        name = safe_name(employee.id)
        if name in names:
            raise PolicygenError(f"{roster.source}:{employee.row}: 工号 '{employee.id}' and '{names[name]}' give the "
                                 f"same file name {name}.pdf — use --no-split, or 工号 without / \\ : * ? \" < > |")
        names[name] = employee.id
    paths = []
    for _, people in roster.departments():
        sheet, of = _sheet(subject, people, templates_dir)
        for employee in people:
            target = folder / f"{safe_name(employee.id)}.pdf"
            _stream(target, f"{labels_for(subject.language)['receipt']} {subject.title} {employee.id}", sheet,
                    [(of[employee.id], fields(employee))], None)
            paths.append(target)
            if progress:
                progress(1)
    return paths


def _stream(path: Path, title: str, sheet: Sheet, pages: Any, progress: Callable[[int], None] | None) -> int:
    from .._version import __version__

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    count = 0
    try:
        with open(tmp, "wb") as handle:
            stream = PageStream(handle, title=title, producer=f"policygen {__version__}")
            sheet.write_forms(stream)
            for form_id, values in pages:
                sheet.add_pages(stream, form_id, values)
                count += 1
                if progress and count % 500 == 0:
                    progress(500)
            stream.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if progress and count % 500:
        progress(count % 500)
    return count


def layout_receipt(subject: Subject, employee: Employee, *, templates_dir: str | None = None) -> bytes:
    """Return one employee's receipt laid out in full by WeasyPrint (no stamping)."""
    from ..renderer.html import template_source
    from ..renderer.paged import paged_pdf

    forms, _ = plan_forms(subject, [employee])
    html = receipt_html(subject, forms, fill=fields(employee), templates_dir=templates_dir)
    return paged_pdf(html, theme=theme_of(subject), language=subject.language, page_label=None,
                     source=template_source(RECEIPT_TEMPLATE, templates_dir)).plain


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_name(text: str) -> str:
    """Return ``text`` usable as a file name."""
    name = _UNSAFE.sub("_", text).strip(" .")
    return name or "_"
