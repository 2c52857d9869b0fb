"""Labels of Word's automatic numbering (``numbering.xml``): lvlText ``第%1条`` with chineseCounting."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..resolver.numerals import to_chinese, to_circled, to_latin, to_roman

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHINESE = {"chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographLegalTraditional",
            "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting", "koreanCounting"}
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def format_number(fmt: str, n: int) -> str:
    """Return ``n`` in a Word numFmt (decimal, chineseCounting, lowerLetter, …)."""
    if fmt in _CHINESE:
        return to_chinese(n)
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return to_circled(n)
    if fmt in ("lowerLetter", "upperLetter"):
        return to_latin(n, upper=fmt == "upperLetter")
    if fmt in ("lowerRoman", "upperRoman"):
        roman = to_roman(n)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "none":
        return ""
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class Numbering:
    """Counters over the document's lists, advanced paragraph by paragraph in document order."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, document: Any) -> Numbering:
        """Return the numbering definitions of ``document`` (empty when it has none)."""
        out = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return out
        for absn in root.iterchildren(W + "abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in absn.iterchildren(W + "lvl"):
                fmt = _val(lvl.find(W + "numFmt")) or "decimal"
                text = _val(lvl.find(W + "lvlText")) or ""
                start = int(_val(lvl.find(W + "start")) or 1)
                levels[int(lvl.get(W + "ilvl", "0"))] = _Level(fmt, text, start)
            out.abstract[absn.get(W + "abstractNumId", "")] = levels
        for num in root.iterchildren(W + "num"):
            overrides = {}
            for ov in num.iterchildren(W + "lvlOverride"):
                so = ov.find(W + "startOverride")
                if so is not None:
                    overrides[int(ov.get(W + "ilvl", "0"))] = int(_val(so) or 1)
            out.nums[num.get(W + "numId", "")] = (_val(num.find(W + "abstractNumId")) or "", overrides)
        return out

    def label(self, p: Any, document: Any) -> str:
        """Return the label Word shows before paragraph ``p``, advancing the counters ('' when unnumbered)."""
        num_id, ilvl = _num_pr(p, document)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in overrides.items():
                counters[level] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = levels[ilvl].text
        if levels[ilvl].fmt == "bullet":
            return ""
        for level in range(ilvl, -1, -1):
            if level in levels:
                value = counters.get(level, levels[level].start)
                text = text.replace(f"%{level + 1}", format_number(levels[level].fmt, value))
        return text


def _val(el: Any) -> str | None:
    return None if el is None else el.get(W + "val")


def _num_pr(p: Any, document: Any) -> tuple[str | None, int]:
    ppr = p.find(W + "pPr")
    num_pr = ppr.find(W + "numPr") if ppr is not None else None
    style_id = _val(ppr.find(W + "pStyle")) if ppr is not None else None
    seen = 0
    while num_pr is None and style_id and seen < 10:
        seen += 1
        style = document.styles.element.get_by_id(style_id)
        if style is None:
            break
        sppr = style.find(W + "pPr")
        num_pr = sppr.find(W + "numPr") if sppr is not None else None
        based = style.find(W + "basedOn")
        style_id = _val(based)
    if num_pr is None:
        return None, 0
    return _val(num_pr.find(W + "numId")), int(_val(num_pr.find(W + "ilvl")) or 0)
