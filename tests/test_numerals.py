"""Chinese numerals and the numbering labels of each document kind and language."""

from __future__ import annotations

import pytest

from policygen.resolver.locale import style_for
from policygen.resolver.numerals import from_chinese, to_chinese, to_circled, to_latin, to_roman

CHINESE = [
    (1, "一"),
    (2, "二"),
    (9, "九"),
    (10, "十"),
    (11, "十一"),
    (19, "十九"),
    (20, "二十"),
    (21, "二十一"),
    (30, "三十"),
    (99, "九十九"),
    (100, "一百"),
    (101, "一百零一"),
    (105, "一百零五"),
    (110, "一百一十"),
    (111, "一百一十一"),
    (119, "一百一十九"),
    (120, "一百二十"),
    (200, "二百"),
    (999, "九百九十九"),
    (1000, "一千"),
    (1001, "一千零一"),
    (1010, "一千零一十"),
    (1011, "一千零一十一"),
    (1100, "一千一百"),
    (1101, "一千一百零一"),
    (1110, "一千一百一十"),
    (2005, "二千零五"),
    (2050, "二千零五十"),
    (9009, "九千零九"),
    (9999, "九千九百九十九"),
]


@pytest.mark.parametrize(("n", "text"), CHINESE)
def test_to_chinese(n: int, text: str) -> None:
    assert to_chinese(n) == text


@pytest.mark.parametrize(("n", "text"), CHINESE)
def test_from_chinese(n: int, text: str) -> None:
    assert from_chinese(text) == n


def test_round_trip_1_to_9999() -> None:
    seen: set[str] = set()
    for n in range(1, 10000):
        text = to_chinese(n)
        assert from_chinese(text) == n, (n, text)
        assert text not in seen, (n, text)
        seen.add(text)
        # exact forms: never 一十 (except inside a larger number), never a doubled or trailing 零
        assert "零零" not in text and not text.endswith("零"), (n, text)
        assert not text.startswith("一十"), (n, text)


@pytest.mark.parametrize("n", [0, -1, 10**12])
def test_to_chinese_out_of_range(n: int) -> None:
    with pytest.raises(ValueError, match=r"outside 1\.\.999999999999"):
        to_chinese(n)


# Taiwan's statute books never write 一十 inside a number: 刑法 第二百十條, 建築技術規則 第一百十條.
TW = [
    (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (101, "一百零一"), (110, "一百十"),
    (111, "一百十一"), (119, "一百十九"), (210, "二百十"), (1010, "一千零十"), (1011, "一千零十一"),
    (1100, "一千一百"), (1110, "一千一百十"), (9999, "九千九百九十九"),
]


@pytest.mark.parametrize(("n", "text"), TW)
def test_taiwan_numerals(n: int, text: str) -> None:
    assert to_chinese(n, tw=True) == text
    assert from_chinese(text) == n


BEYOND = [
    (10000, "一万", "一萬"), (10001, "一万零一", "一萬零一"), (10010, "一万零一十", "一萬零十"),
    (10100, "一万零一百", "一萬零一百"), (10110, "一万零一百一十", "一萬零一百十"), (11000, "一万一千", "一萬一千"),
    (20005, "二万零五", "二萬零五"), (100000, "十万", "十萬"), (110000, "十一万", "十一萬"),
    (1001000, "一百万一千", "一百萬一千"), (100001000, "一亿零一千", "一億零一千"),
]


@pytest.mark.parametrize(("n", "prc", "tw"), BEYOND)
def test_numerals_beyond_9999(n: int, prc: str, tw: str) -> None:
    assert to_chinese(n) == prc
    assert to_chinese(n, tw=True, traditional=True) == tw
    assert from_chinese(prc) == from_chinese(tw) == n


@pytest.mark.parametrize("tw", [False, True])
def test_round_trip_both_conventions_to_30000(tw: bool) -> None:
    seen: set[str] = set()
    for n in range(1, 30001):
        text = to_chinese(n, tw=tw, traditional=tw)
        assert from_chinese(text) == n, (n, text)
        assert text not in seen, (n, text)
        seen.add(text)
        assert "零零" not in text and not text.endswith("零"), (n, text)
        assert not text.startswith("一十"), (n, text)
        if tw:
            assert "一十" not in text, (n, text)


@pytest.mark.parametrize("text", ["", "十x", "abc", "第十"])
def test_from_chinese_rejects_non_numerals(text: str) -> None:
    with pytest.raises(ValueError):
        from_chinese(text)


def test_latin_roman_circled() -> None:
    assert [to_latin(n) for n in (1, 2, 26, 27, 28)] == ["a", "b", "z", "aa", "ab"]
    assert to_latin(3, upper=True) == "C"
    assert [to_roman(n) for n in (1, 2, 4, 9, 14, 40, 90, 400, 1994)] == [
        "i", "ii", "iv", "ix", "xiv", "xl", "xc", "cd", "mcmxciv"
    ]
    assert [to_circled(n) for n in (1, 10, 20, 21)] == ["①", "⑩", "⑳", "(21)"]


# (kind, language, level, n, label)
LABELS = [
    ("regulation", "zh-Hans", "chapter", 1, "第一章"),
    ("regulation", "zh-Hans", "chapter", 10, "第十章"),
    ("regulation", "zh-Hans", "section", 2, "第二节"),
    ("regulation", "zh-Hans", "article", 10, "第十条"),
    ("regulation", "zh-Hans", "article", 11, "第十一条"),
    ("regulation", "zh-Hans", "article", 20, "第二十条"),
    ("regulation", "zh-Hans", "article", 101, "第一百零一条"),
    ("regulation", "zh-Hans", "article", 110, "第一百一十条"),
    ("regulation", "zh-Hans", "article", 1001, "第一千零一条"),
    ("regulation", "zh-Hant", "chapter", 3, "第三章"),
    ("regulation", "zh-Hant", "section", 1, "第一節"),
    ("regulation", "zh-Hant", "article", 10, "第十條"),
    ("regulation", "zh-Hant", "article", 21, "第二十一條"),
    ("regulation", "en", "chapter", 1, "Chapter 1"),
    ("regulation", "en", "section", 2, "Section 2"),
    ("regulation", "en", "article", 10, "Article 10"),
    ("notice", "zh-Hans", "chapter", 1, "一、"),
    ("notice", "zh-Hans", "chapter", 11, "十一、"),
    ("notice", "zh-Hans", "section", 2, "（二）"),
    ("notice", "zh-Hans", "article", 1, "1."),
    ("notice", "zh-Hans", "article", 12, "12."),
    ("notice", "zh-Hant", "chapter", 2, "二、"),
]


@pytest.mark.parametrize(("kind", "language", "level", "n", "label"), LABELS)
def test_level_labels(kind: str, language: str, level: str, n: int, label: str) -> None:
    style = style_for(kind, language)
    assert getattr(style, f"{level}_label")(n) == label


# (kind, language, item level, n, label); level 0 is 项, 1 is 目, 2 below that
ITEM_LABELS = [
    ("regulation", "zh-Hans", 0, 1, "（一）"),
    ("regulation", "zh-Hans", 0, 10, "（十）"),
    ("regulation", "zh-Hans", 0, 12, "（十二）"),
    ("regulation", "zh-Hans", 1, 1, "1."),
    ("regulation", "zh-Hans", 1, 12, "12."),
    ("regulation", "zh-Hans", 2, 1, "（1）"),
    ("regulation", "zh-Hans", 2, 3, "（3）"),
    ("regulation", "zh-Hant", 0, 2, "二、"),
    ("regulation", "zh-Hant", 1, 2, "（二）"),
    ("regulation", "zh-Hant", 2, 2, "２、"),
    ("regulation", "zh-Hant", 2, 12, "１２、"),
    ("regulation", "en", 0, 1, "(a)"),
    ("regulation", "en", 0, 3, "(c)"),
    ("regulation", "en", 1, 1, "(i)"),
    ("regulation", "en", 1, 4, "(iv)"),
    ("regulation", "en", 2, 1, "(A)"),
    ("notice", "zh-Hans", 0, 1, "（1）"),
    ("notice", "zh-Hans", 0, 2, "（2）"),
    ("notice", "zh-Hans", 1, 1, "①"),
]


@pytest.mark.parametrize(("kind", "language", "level", "n", "label"), ITEM_LABELS)
def test_item_labels(kind: str, language: str, level: int, n: int, label: str) -> None:
    assert style_for(kind, language).item_label(level, n) == label


def test_deep_items_reuse_the_last_level() -> None:
    style = style_for("regulation", "zh-Hans")
    assert style.item_label(9, 2) == style.item_label(3, 2) == "②"


def test_regulations_number_articles_continuously_and_notices_do_not() -> None:
    for language in ("zh-Hans", "zh-Hant", "en"):
        assert style_for("regulation", language).continuous_articles
        assert not style_for("notice", language).continuous_articles


# (language, convention, n, article label) — 110, 111, 210, 1010, 1100 in both conventions, and beyond 9999
CONVENTION_ARTICLES = [
    ("zh-Hans", "prc", 110, "第一百一十条"), ("zh-Hans", "prc", 111, "第一百一十一条"),
    ("zh-Hans", "prc", 210, "第二百一十条"), ("zh-Hans", "prc", 1010, "第一千零一十条"),
    ("zh-Hans", "prc", 1100, "第一千一百条"), ("zh-Hans", "prc", 10000, "第一万条"),
    ("zh-Hans", "prc", 10001, "第一万零一条"),
    ("zh-Hant", "tw", 110, "第一百十條"), ("zh-Hant", "tw", 111, "第一百十一條"),
    ("zh-Hant", "tw", 210, "第二百十條"), ("zh-Hant", "tw", 1010, "第一千零十條"),
    ("zh-Hant", "tw", 1100, "第一千一百條"), ("zh-Hant", "tw", 10000, "第一萬條"),
    ("zh-Hant", "tw", 10001, "第一萬零一條"),
    ("zh-Hant", "prc", 110, "第一百一十條"), ("zh-Hans", "tw", 110, "第一百十条"),
]


@pytest.mark.parametrize(("language", "convention", "n", "label"), CONVENTION_ARTICLES)
def test_article_labels_per_convention(language: str, convention: str, n: int, label: str) -> None:
    assert style_for("regulation", language, convention).article_label(n) == label


# the whole ladder of each convention: 条/款/项/目 (prc) and 條/項/款/目 (tw)
LADDERS = [
    ("zh-Hans", "prc", ["（一）", "1.", "（1）", "①"], "第五条之二"),
    ("zh-Hant", "tw", ["一、", "（一）", "１、", "（１）"], "第五條之二"),
    ("en", None, ["(a)", "(i)", "(A)", "1."], "Article 5B"),
]


@pytest.mark.parametrize(("language", "convention", "items", "inserted"), LADDERS)
def test_item_ladder_and_inserted_label(language: str, convention: str | None, items: list[str], inserted: str) -> None:
    style = style_for("regulation", language, convention)
    assert [style.item_label(level, 1) for level in range(4)] == items
    assert style.article_label(5, 2) == inserted


def test_items_beyond_9999_do_not_crash() -> None:
    assert style_for("regulation", "zh-Hans").item_label(0, 10001) == "（一万零一）"
    assert style_for("regulation", "zh-Hant").item_label(0, 10010) == "一萬零十、"
