"""Import one file: read its blocks, find the structure, convert references, write YAML text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..loader import check_text
from ..model import Policy
from .errors import ImportError_
from .ids import assign_ids
from .references import convert_references
from .report import Report
from .text import build_draft
from .tree import Block, Draft
from .writer import DEFAULT_SCHEMA, draft_to_yaml, policy_id_for

SUFFIXES = (".docx", ".txt", ".md", ".markdown", ".html", ".htm", ".pdf")


@dataclass
class Imported:
    """The result of importing one file: the YAML text, the draft it came from and the report."""

    source: Path
    yaml_text: str
    draft: Draft
    report: Report
    policy: Policy

    def summary(self) -> str:
        d = self.draft
        return (f"{len(d.all_articles())} article(s) in {len(d.all_chapters())} chapter(s), "
                f"{d.references} reference(s) converted, {d.labels_removed} label(s) left to policygen's numbering, "
                f"{self.report.omitted_chars} character(s) left out")


def read_blocks(path: Path, source: str, report: Report) -> tuple[list[Block], str | None]:
    """Return the blocks of ``path`` by its suffix, and the policy id a policygen DOCX carries."""
    suffix = path.suffix.lower()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportError_(source, f"cannot read the file ({exc.strerror})") from None
    if suffix == ".docx":
        from .docx import read_docx

        return read_docx(raw, source, report)
    if suffix in (".md", ".markdown"):
        from .markdown import read_markdown

        return read_markdown(raw, source, report), None
    if suffix in (".html", ".htm"):
        from .html import read_html

        return read_html(raw, source, report), None
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf(raw, source, report), None
    if suffix == ".txt":
        from .plaintext import read_text

        return read_text(raw, source), None
    raise ImportError_(source, f"cannot import {suffix or 'files without a suffix'} — give .docx, .txt, .md, .html or a text .pdf")


def import_file(path: Path, *, source: str | None = None, policy_id: str | None = None,
                schema: str = DEFAULT_SCHEMA, today: dt.date | None = None) -> Imported:
    """Return the policy YAML imported from ``path``; raise ImportError_ for input it cannot read."""
    shown = source or str(path)
    report = Report(shown)
    blocks, carried_id = read_blocks(path, shown, report)
    draft = build_draft(blocks, shown)
    draft.report.omissions[:0] = report.omissions
    draft.report.notes[:0] = report.notes
    draft.policy_id = carried_id
    assign_ids(draft)
    convert_references(draft)
    yaml_text = draft_to_yaml(draft, policy_id=policy_id or policy_id_for(path), schema=schema, today=today)
    policy, problems = check_text(yaml_text, shown, Policy)
    if policy is None:
        details = "; ".join(str(p) for p in problems[:3])
        raise ImportError_(shown, f"the imported policy does not validate ({details})")
    return Imported(path, yaml_text, draft, draft.report, policy)
