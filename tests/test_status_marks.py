"""Status on the page: drafts, reviews, superseded and withdrawn policies say so on every page."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

import policygen
from policygen.renderer import render
from policygen.versioning.comparison import render_comparison
from policygen.versioning.diff import diff_policies

ROOT = Path(__file__).resolve().parent.parent
CRM = (ROOT / "policies/crm-regulations.yaml").read_text("utf-8")
V10 = ROOT / "tests/fixtures/versions/crm-regulations-1.0.yaml"
MARKS = [("draft", "草案"), ("review", "征求意见稿"), ("superseded", "已废止"), ("withdrawn", "已撤销")]


def with_status(status: str) -> policygen.Policy:
    return policygen.loads(CRM.replace("status: published", f"status: {status}"), name="crm-regulations.yaml")


@pytest.mark.parametrize(("status", "label"), MARKS)
def test_every_format_carries_the_status_mark(status: str, label: str) -> None:
    policy = with_status(status)
    html = render(policy, "html").decode("utf-8")
    assert f'<div class="watermark" aria-hidden="true">{label}</div>' in html
    pdf = PdfReader(io.BytesIO(render(policy, "pdf")))
    assert len(pdf.pages) > 1
    assert all(label in page.extract_text() for page in pdf.pages)  # the mark repeats on each page
    with zipfile.ZipFile(io.BytesIO(render(policy, "docx"))) as z:
        headers = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/header")]
    assert headers and all(label in h for h in headers)  # a header is on every page of its section


def test_published_policies_carry_no_mark() -> None:
    html = render(with_status("published"), "html").decode("utf-8")
    assert 'class="watermark"' not in html


def test_a_comparison_against_a_draft_is_marked_too() -> None:
    changes = diff_policies(policygen.load(V10), with_status("draft"))
    html = render_comparison(changes, "html").decode("utf-8")
    assert '<div class="watermark" aria-hidden="true">草案</div>' in html
    with zipfile.ZipFile(io.BytesIO(render_comparison(changes, "docx"))) as z:
        assert any("草案" in z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/header"))
