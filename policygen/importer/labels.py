"""Structural labels of Chinese regulations: 第X编/章/节/条, 之一, 9-1, items, （删去）."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..resolver.numerals import from_chinese

# Chinese numerals as written in real files: 〇/零, 两, and spaces between characters (第 一 章).
CN_DIGITS = "〇零一二三四五六七八九十百千两兩"
NUM = rf"[{CN_DIGITS}\d０-９](?:[{CN_DIGITS}\d０-９\s]*[{CN_DIGITS}\d０-９])?"
_SPACE = r"[ \t\u3000]*"

_HEADING = re.compile(
    rf"^第{_SPACE}(?P<num>{NUM}){_SPACE}(?:[-－‐–]{_SPACE}(?P<sub>{NUM}){_SPACE})?"
    rf"(?P<kind>编|編|章|节|節|条|條)"
    rf"(?:{_SPACE}之(?P<zhi>[{CN_DIGITS}]+))?"
    rf"(?P<rest>.*)$",
    re.DOTALL,
)
KINDS = {"编": "part", "編": "part", "章": "chapter", "节": "section", "節": "section", "条": "article", "條": "article"}
_NOT_HEADING = set("、，,；;至及和或与與到的规規所第中")
DELETED = re.compile(r"^[（(]?(删去|删除|刪除|刪去)[）)]?[。.]?$")

# Item labels: （一） 一、 1. 1、 1． （1） (1) ①
_ITEM_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("paren-cn", re.compile(rf"^[（(](?P<n>[{CN_DIGITS}]+)[）)]{_SPACE}")),
    ("cn-comma", re.compile(rf"^(?P<n>[{CN_DIGITS}]+)[、，,]{_SPACE}")),
    ("paren-n", re.compile(r"^[（(](?P<n>\d+)[）)]" + _SPACE)),
    ("n-dot", re.compile(r"^(?P<n>\d{1,3})(?:[.．、](?!\d)|\s)" + _SPACE)),
    ("circled", re.compile(r"^(?P<n>[①-⑳])" + _SPACE)),
)


@dataclass(frozen=True)
class Heading:
    """A 编/章/节/条 label found at the start of a line."""

    kind: str  # part | chapter | section | article
    number: int
    insert: int  # 0 for a regular article; 1 for 之一 / N-1, 2 for 之二 …
    rest: str  # the text after the label
    label: str  # the label as written


@dataclass(frozen=True)
class ItemLabel:
    """An item label (（一）, 一、, 1., （1）, ①) found at the start of a line."""

    style: str
    number: int
    rest: str
    label: str


def to_int(text: str) -> int:
    """Return the integer of a Chinese or Arabic numeral (spaces, 〇, 两 and full-width digits allowed)."""
    clean = re.sub(r"\s", "", text).translate(str.maketrans("０１２３４５６７８９〇两兩", "0123456789零二二"))
    if clean.isdigit():
        return int(clean)
    if re.fullmatch(r"[零一二三四五六七八九]{2,}", clean):  # 一〇五 written digit by digit
        return int("".join(str("零一二三四五六七八九".index(c)) for c in clean))
    return from_chinese(clean)


def parse_heading(line: str) -> Heading | None:
    """Return the 编/章/节/条 label at the start of ``line``, or None."""
    match = _HEADING.match(line.strip())
    if not match:
        return None
    try:
        number = to_int(match["num"])
        insert = to_int(match["sub"]) if match["sub"] else to_int(match["zhi"]) if match["zhi"] else 0
    except ValueError:
        return None
    if number < 1:
        return None
    rest = match["rest"]
    if rest[:1] in _NOT_HEADING:
        return None  # 第十二条、第十三条 … or 第三条至第五条: a reference, not a label
    label = line.strip()[: len(line.strip()) - len(rest)]
    return Heading(KINDS[match["kind"]], number, insert, rest.strip(" \t\u3000"), label.strip())


def parse_item(line: str) -> ItemLabel | None:
    """Return the item label at the start of ``line``, or None."""
    text = line.strip()
    for style, pattern in _ITEM_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        raw = match["n"]
        if style == "circled":
            number = ord(raw) - ord("①") + 1
        else:
            try:
                number = to_int(raw)
            except ValueError:
                continue
        rest = text[match.end():].strip()
        if not rest:
            return None
        return ItemLabel(style, number, rest, text[: match.end()].strip())
    return None


def is_deleted(text: str) -> bool:
    """Return whether an article's text only says it was deleted (（删去）, 刪除)."""
    return bool(DELETED.match(text.strip()))
