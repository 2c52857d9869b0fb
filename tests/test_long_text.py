"""Very long texts and many references: what keeps their cost linear (timings live in bench/long_text.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import policygen
from policygen.model import refs

BASE = (Path(__file__).parent / "fixtures" / "minimal" / "policies" / "minimal.yaml").read_text(encoding="utf-8")


def test_running_header_holds_a_shortened_title() -> None:
    title = "客户关系管理" * 50
    html = policygen.render(policygen.loads(BASE.replace("title: 最小制度", f"title: {title}"), name="p.yaml"), "html").decode()
    run_title = re.search(r'data-run-title="([^"]*)"', html)
    assert run_title is not None
    assert run_title.group(1) == title[:47] + "…"
    assert title in html  # the title itself is whole


def test_short_running_title_is_unchanged() -> None:
    html = policygen.render(policygen.loads(BASE, name="p.yaml"), "html").decode()
    assert 'data-run-title="最小制度"' in html


@pytest.mark.parametrize(
    "text",
    ["a[[x]]b[[ y ]] \\[[z]]", "[[a[[b]]", "[[a\n]]", "xx[[a]]\n[[b]]\n[[c", "[" * 500 + "]]" + "[" * 500, "no refs", "]] [["],
)
def test_reference_matching_is_the_same_as_the_pattern(text: str) -> None:
    assert [m.span() for m in refs.iter_matches(text)] == [m.span() for m in refs.REF.finditer(text)]


def test_many_unknown_references_are_all_reported_and_only_the_first_get_suggestions() -> None:
    articles = "".join(f"      - id: a{i}\n        text: 见[[a{i}x]]。\n" for i in range(30))
    text = BASE + "  - id: more\n    title: 更多\n    articles:\n" + articles
    with pytest.raises(policygen.ValidationError) as info:
        policygen.loads(text, name="p.yaml")
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 30
    assert sum("did you mean" in m for m in messages) == 20
    assert messages[-1] == "reference [[a29x]] names no article, chapter, role or channel — declare it, or check its spelling"
