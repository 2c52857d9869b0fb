"""Chinese numerals and the other counters used in numbering.

Two conventions write Chinese numbers differently between 100 and 9999:
the mainland (``prc``) writes 一百一十 and 一千零一十, Taiwan's statute books
(``tw``) write 一百十 and 一千零十 — 十 never takes a leading 一 there. Both
agree on 十, 十一 … 十九 at the start of a number. Numbers of 10,000 and more
use 万 (萬 in traditional script) and 亿 (億): 一万零一, 十万, 一亿零一千.
"""

from __future__ import annotations

import functools

DIGITS = "零一二三四五六七八九"
UNITS = ["", "十", "百", "千"]
BIG_UNITS = ["", "万", "亿"]
BIG_UNITS_HANT = ["", "萬", "億"]
LARGEST = 10**12 - 1  # 九千九百九十九亿…: far beyond any list a document holds
MAX_CHINESE: int | None = None  # no limit a policy can reach (limits.max_number reads this)


def _group(g: int, tw: bool) -> str:
    """Return 1..9999 in words, with inner zeros as 零; 十 takes 一 unless ``tw``."""
    out: list[str] = []
    digits = f"{g:04d}"
    zero_pending = False
    for i, ch in enumerate(digits):
        d = int(ch)
        unit = UNITS[3 - i]
        if d == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(("" if (tw and d == 1 and unit == "十") else DIGITS[d]) + unit)
    return "".join(out)


@functools.lru_cache(maxsize=4096)  # every label of a booklet asks again for the same few numbers
def to_chinese(n: int, *, tw: bool = False, traditional: bool = False) -> str:
    """Return the Chinese numeral of ``n`` (≥ 1): 10 → 十, 101 → 一百零一, 110 → 一百一十 (``tw``: 一百十)."""
    if not 1 <= n <= LARGEST:
        raise ValueError(f"{n} is outside 1..{LARGEST}")
    big = BIG_UNITS_HANT if traditional else BIG_UNITS
    groups: list[int] = []
    rest = n
    while rest:
        rest, g = divmod(rest, 10000)
        groups.append(g)
    out: list[str] = []
    skipped = False
    for level in range(len(groups) - 1, -1, -1):
        g = groups[level]
        if g == 0:
            skipped = bool(out)
            continue
        if out and (skipped or g < 1000):
            out.append("零")
        out.append(_group(g, tw) + big[level])
        skipped = False
    text = "".join(out)
    if text.startswith("一十"):
        text = text[1:]  # 十, 十一 … 十九, 十万, not 一十一
    return text


_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}


def from_chinese(text: str) -> int:
    """Return the integer of a Chinese numeral in either convention (一百一十 and 一百十 are both 110)."""
    if not text:
        raise ValueError("empty numeral")
    total = 0  # completed 亿/万 groups
    section = 0  # the current group below 万
    digit: int | None = None
    for ch in text:
        if ch == "零":
            digit = None
        elif ch in DIGITS:
            digit = DIGITS.index(ch)
        elif ch in "十百千":
            unit = 10 ** ("十百千".index(ch) + 1)
            section += (1 if digit is None else digit) * unit
            digit = None
        elif ch in _BIG:
            value = section + (digit or 0)
            if value == 0:
                raise ValueError(f"not a Chinese numeral: {text!r}")
            if _BIG[ch] == 10**8:
                total = (total + value) * _BIG[ch]
            else:
                total += value * _BIG[ch]
            section, digit = 0, None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + section + (digit or 0)


FULLWIDTH_DIGITS = "０１２３４５６７８９"


def to_fullwidth(n: int) -> str:
    """Return ``n`` in full-width digits: 12 → １２ (Taiwan's level below 目)."""
    return "".join(FULLWIDTH_DIGITS[int(d)] for d in str(n))


def to_latin(n: int, upper: bool = False) -> str:
    """Return a, b, … z, aa, ab … for 1, 2, …"""
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out.upper() if upper else out


def to_roman(n: int) -> str:
    """Return the lowercase Roman numeral of ``n`` (i, ii, iv …)."""
    table = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
             (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, sym in table:
        while n >= value:
            out += sym
            n -= value
    return out


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def to_circled(n: int) -> str:
    """Return ① … ⑳, then (21) and so on."""
    return CIRCLED[n - 1] if 1 <= n <= len(CIRCLED) else f"({n})"
