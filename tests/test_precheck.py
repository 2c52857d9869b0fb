"""Characters a Chinese input method slips in, and characters no document can hold.

Each is reported by the loader before YAML parsing, at its own line and
column, naming the character and what to type instead.
"""

from __future__ import annotations

import pytest

import policygen
from loadcheck import BASE, only, problems_of


def test_base_fixture_loads() -> None:
    assert policygen.loads(BASE, name="p.yaml").id == "minimal"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "title: 最小制度", "title：最小制度",
            "p.yaml:4:6: error: full-width colon '：' (U+FF1A) after the key 'title' — type the ASCII colon ':'",
        ),
        (
            "    title: 总则", "    title：总则",
            "p.yaml:11:10: error: full-width colon '：' (U+FF1A) after the key 'title' — type the ASCII colon ':'",
        ),
        (
            "      - id: purpose", "      - id：purpose",
            "p.yaml:13:11: error: full-width colon '：' (U+FF1A) after the key 'id' — type the ASCII colon ':'",
        ),
        (
            "    title: 总则", "  \u3000title: 总则",
            "p.yaml:11:3: error: ideographic space '\u3000' (U+3000) in the indentation — indent with ASCII spaces",
        ),
        (
            "    title: 总则", "\u00a0   title: 总则",
            "p.yaml:11:1: error: no-break space '\u00a0' (U+00A0) in the indentation — indent with ASCII spaces",
        ),
        (
            "      - id: purpose", "      － id: purpose",
            ("p.yaml:13:7: error: full-width hyphen '－' (U+FF0D) used as a list marker — "
            "type the ASCII hyphen '-' followed by a space"),
        ),
        (
            "owner: 客户服务部", "owner：客户服务部",
            "p.yaml:8:6: error: full-width colon '：' (U+FF1A) after the key 'owner' — type the ASCII colon ':'",
        ),
        (
            'version: "1.0"', "version: “1.0”",
            ("p.yaml:5:10: error: full-width quotes “…” (U+201C) around the value of 'version' — "
            "type ASCII quotes '\"' around it"),
        ),
        (
            'version: "1.0"', "version: ＂1.0＂",
            ("p.yaml:5:10: error: full-width quotes ＂…＂ (U+FF02) around the value of 'version' — "
            "type ASCII quotes '\"' around it"),
        ),
        (
            "owner:", "\ufeffowner:",
            ("p.yaml:8:1: error: byte-order mark (U+FEFF, invisible) in the middle of the file — delete it "
            "(it comes from pasting another file in)"),
        ),
        (
            "owner:", "own\u200ber:",
            "p.yaml:8:4: error: zero-width space (U+200B) in the key 'owner' — delete it (it is invisible; retype the key)",
        ),
        (
            "owner:", "\u200downer:",
            "p.yaml:8:1: error: zero-width joiner (U+200D) in the key 'owner' — delete it (it is invisible; retype the key)",
        ),
        (
            "      - id: purpose", "      -id: purpose",
            "p.yaml:13:8: error: '-' must be followed by a space — write '- ' before the key",
        ),
    ],
    ids=[
        "colon-top", "colon-nested", "colon-in-item", "ideographic-space", "nbsp", "fullwidth-hyphen",
        "colon-owner", "curly-quotes", "fullwidth-quotes", "bom-mid-file", "zero-width-space", "zero-width-joiner",
        "dash-without-space",
    ],
)
def test_character_mistake(old: str, new: str, expected: str) -> None:
    assert old in BASE
    assert only(BASE.replace(old, new, 1)) == expected


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        (
            "recipients:\n  —全体员工\n",
            "p.yaml:16:3: error: em dash '—' (U+2014) used as a list marker — type the ASCII hyphen '-' followed by a space",
        ),
        (
            "recipients:\n  • 全体员工\n",
            "p.yaml:16:3: error: bullet '•' (U+2022) used as a list marker — type the ASCII hyphen '-' followed by a space",
        ),
        (
            "cc:\n- 总经理\n·董事会\n",
            "p.yaml:17:1: error: middle dot '·' (U+00B7) used as a list marker — type the ASCII hyphen '-' followed by a space",
        ),
        (
            "recipients: [全体员工，各部门]\n",
            "p.yaml:15:18: error: full-width comma '，' (U+FF0C) between list items — type the ASCII comma ',' followed by a space",
        ),
        (
            "cc: [总经理办公室、董事会]\n",
            "p.yaml:15:12: error: ideographic comma '、' (U+3001) between list items — type the ASCII comma ',' followed by a space",
        ),
        (
            "cc:\u3000[总经理办公室]\n",
            "p.yaml:15:4: error: ideographic space '\u3000' (U+3000) after the colon of 'cc' — type an ASCII space",
        ),
    ],
    ids=["em-dash", "bullet", "middle-dot", "fullwidth-comma", "ideographic-comma", "ideographic-space-after-colon"],
)
def test_list_mistake(tail: str, expected: str) -> None:
    assert only(BASE + tail) == expected


def test_every_mistake_is_reported_at_once() -> None:
    text = BASE.replace("title: 最小制度", "title：最小制度").replace("    title: 总则", "  \u3000title: 总则")
    assert [p.split(": error")[0] for p in problems_of(text)] == ["p.yaml:4:6", "p.yaml:11:3"]


def test_fullwidth_quotes_around_free_text_are_a_warning() -> None:
    policy = policygen.loads(BASE.replace("title: 最小制度", "title: “最小制度”"), name="p.yaml")
    assert policy.title == "“最小制度”"
    assert [str(w) for w in policy._warnings] == [
        ("p.yaml:4:8: warning: the value of 'title' is in full-width quotes “…” (U+201C), which will be printed — "
        "if they were meant as YAML quotes, type the ASCII quote '\"'")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "      - id: purpose\n        text: |\n          title：这是正文\n          — 不是列表\n",
        "      - id: purpose\n        text: \"第一行\n          title：第二行\"\n",
        "      - id: purpose\n        text: 客户至上，服务第一、质量为本：这是宗旨。\n",
        "      - id: purpose\n        items: [一般投诉由客服代表处理，重大投诉由部门负责人处理。]\n        text: 见下——\n",
    ],
    ids=["block-scalar", "quoted-multiline", "punctuation-in-text", "sentence-list"],
)
def test_full_width_punctuation_inside_text_is_content(text: str) -> None:
    source = BASE.replace("      - id: purpose\n        text: 为规范管理，特制定本制度。\n", text)
    assert source != BASE
    policygen.loads(source, name="p.yaml")
