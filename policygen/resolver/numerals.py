"""Chinese numerals (一 … 九千九百九十九) and other counters used in numbering."""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"
UNITS = ["", "十", "百", "千"]
MAX_CHINESE = 9999


def to_chinese(n: int) -> str:
    """Return the Chinese numeral of ``n`` (1–9999): 10 → 十, 101 → 一百零一, 110 → 一百一十."""
    if not 1 <= n <= MAX_CHINESE:
        raise ValueError(f"{n} is outside 1..{MAX_CHINESE}")
    digits = [int(d) for d in str(n)]
    out: list[str] = []
    zero_pending = False
    for i, d in enumerate(digits):
        unit = UNITS[len(digits) - 1 - i]
        if d == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(DIGITS[d] + unit)
    text = "".join(out)
    if 10 <= n <= 19:
        text = text[1:]  # 十, 十一 … 十九, not 一十一
    return text


def from_chinese(text: str) -> int:
    """Return the integer of a Chinese numeral written by :func:`to_chinese`."""
    if not text:
        raise ValueError("empty numeral")
    total = 0
    digit = None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS.index(ch)
        elif ch in "十百千":
            unit = 10 ** ("十百千".index(ch) + 1)
            total += (1 if digit is None else digit) * unit
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + (digit or 0)


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
