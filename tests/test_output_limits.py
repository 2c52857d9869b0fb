"""What outputs cannot hold is refused at validation or fitted, never a crash while rendering."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

import policygen
from policygen.builder.policies import output_name
from policygen.model.limits import max_number

BASE = (Path(__file__).parent / "fixtures" / "minimal" / "policies" / "minimal.yaml").read_text(encoding="utf-8")


def problems_of(text: str) -> list[str]:
    with pytest.raises(policygen.ValidationError) as info:
        policygen.loads(text, name="p.yaml")
    return [str(p) for p in info.value.problems]


def test_long_title_and_owner_are_shortened_in_docx_properties_only() -> None:
    title, owner = "客户关系管理" * 50, "客户服务部" * 60
    policy = policygen.loads(BASE.replace("title: 最小制度", f"title: {title}").replace("owner: 客户服务部", f"owner: {owner}"), name="p.yaml")
    document = docx.Document(io.BytesIO(policygen.render(policy, "docx")))
    props = document.core_properties
    assert props.title == title[:254] + "…"
    assert props.author == owner[:254] + "…"
    assert any(title in p.text for p in document.paragraphs)


def test_a_version_too_long_for_a_file_name_is_refused() -> None:
    version = "1." + "0" * 248
    assert problems_of(BASE.replace('version: "1.0"', f'version: "{version}"')) == [
        "p.yaml:5:10: error: version: too long — string should have at most 32 characters"
    ]


def test_file_names_stay_short() -> None:
    longest = policygen.loads(BASE.replace("id: minimal", "id: " + "a" * 80).replace('version: "1.0"', 'version: "' + "9" * 10 + "." + "9" * 10 + "." + "9" * 10 + '"'), name="p.yaml")
    assert len(output_name(longest, "docx").encode()) < 128


def test_ten_thousand_items_are_refused_at_the_ten_thousandth() -> None:
    text = BASE.replace("text: 为规范管理，特制定本制度。", "text: 为规范管理。\n        items: [" + ", ".join(["项"] * 10_001) + "]")
    if max_number() is None:  # numbering prints any number: then it must render
        assert "（一万）" in policygen.render(policygen.loads(text, name="p.yaml"), "html").decode()
        return
    assert problems_of(text) == ["p.yaml:15:30014: error: item 10,000: items are numbered up to 9,999 — split the list"]


def test_ten_thousand_articles_are_refused_at_the_ten_thousandth() -> None:
    articles = "".join(f"      - id: a{i}\n        text: 文\n" for i in range(10_000))
    text = BASE + "  - id: more\n    title: 更多\n    articles:\n" + articles
    if max_number() is None:  # numbering prints any number: then it must render
        assert "第一万条" in policygen.render(policygen.loads(text, name="p.yaml"), "html").decode()
        return
    assert problems_of(text) == [
        "p.yaml:20014:9: error: article 10,000: articles are numbered up to 9,999 (第九千九百九十九条) — split the policy into several"
    ]


def test_nine_thousand_nine_hundred_and_ninety_nine_items_render() -> None:
    text = BASE.replace("text: 为规范管理，特制定本制度。", "text: 为规范管理。\n        items: [" + ", ".join(["项"] * 9_999) + "]")
    html = policygen.render(policygen.loads(text, name="p.yaml"), "html").decode()
    assert "（九千九百九十九）" in html


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('version: "1.0"', 'version: "1.0"\nchangelog:\n  - version: "1.0"\n    date: 2024-10-01\n    summary: ' + "改" * 2001,
         "p.yaml:9:14: error: summary: too long — string should have at most 2000 characters"),
        ("owner: 客户服务部", "owner: 客户服务部\nchannels:\n  - {id: hotline, type: phone, name: 热线, value: '12345678', hours: " + "日" * 201 + "}",
         "p.yaml:10:68: error: hours: too long — string should have at most 200 characters"),
    ],
    ids=["changelog-summary", "channel-hours"],
)
def test_table_cells_have_a_length_limit(old: str, new: str, expected: str) -> None:
    assert expected in problems_of(BASE.replace(old, new))
