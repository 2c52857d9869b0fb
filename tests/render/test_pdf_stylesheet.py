"""The stylesheet a font session keeps: same bytes as parsing it in the document, problems always reported."""

from __future__ import annotations

from pathlib import Path

import pytest

import policygen
from policygen.errors import TemplateError
from policygen.renderer.html import render_document_html
from policygen.renderer.pdf import FontSession, layout, split_stylesheet, write_document
from policygen.resolver import resolve_policy

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "policies/customer-management-notice.yaml"


def _html() -> str:
    return render_document_html(resolve_policy(policygen.load(POLICY)))


def test_split_takes_the_one_plain_style_element_only() -> None:
    html = "<html><head><style>p { color: red }</style></head><body><p>x</p></body></html>"
    assert split_stylesheet(html) == ("<html><head></head><body><p>x</p></body></html>", "p { color: red }")
    # anything whose cascade could change when the sheet moves stays in the document
    assert split_stylesheet(html.replace("</head>", "<style>p { color: blue }</style></head>")) is None
    assert split_stylesheet(html.replace("</head>", '<link rel="stylesheet" href="x.css"></head>')) is None
    assert split_stylesheet(html.replace("red", "red !important")) is None
    assert split_stylesheet(html.replace("p {", "@counter-style c { system: cyclic; symbols: x } p {")) is None
    assert split_stylesheet("<html><body>no style</body></html>") is None


def test_kept_stylesheet_gives_the_bytes_of_the_document_parsing_it() -> None:
    html = _html()
    assert split_stylesheet(html) is not None
    # a second, empty <style> keeps the sheet in the document: WeasyPrint parses it there
    in_document = html.replace("</head>", "<style></style></head>", 1)
    assert split_stylesheet(in_document) is None
    session = FontSession()
    reference = write_document(layout(in_document, session=session), identifier="same")
    first = write_document(layout(html, session=session), identifier="same")
    second = write_document(layout(html, session=session), identifier="same")  # the kept sheet
    assert first == reference
    assert second == reference
    assert len(session._sheets) == 1


def test_a_sheet_with_problems_is_reported_every_time_and_never_kept() -> None:
    html = _html().replace("</style>", ".x { colr: red; }\n</style>", 1)
    session = FontSession()
    for _ in range(2):
        with pytest.raises(TemplateError, match="colr"):
            layout(html, source="style.css.j2", session=session)
    assert session._sheets == {}


def test_the_session_keeps_a_bounded_number_of_sheets() -> None:
    session = FontSession()
    for n in range(FontSession.KEPT_STYLESHEETS + 3):
        layout(f"<html><head><style>p {{ margin: {n}pt }}</style></head><body><p>x</p></body></html>", session=session)
    assert len(session._sheets) == FontSession.KEPT_STYLESHEETS
